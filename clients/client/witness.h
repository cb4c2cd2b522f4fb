#ifndef CLIENTS_CLIENT_WITNESS_H_
#define CLIENTS_CLIENT_WITNESS_H_

// A witness (docs/FORMATS.md §20): it keeps, per log it watches, the last checkpoint it verified,
// cosigns a newer checkpoint only when a consistency proof shows that it extends that one
// (C2SP tlog-cosignature: "the largest consistent tree head it has seen"), and refuses a fork or a
// rollback with the evidence. The state per log is the client's trusted state
// (trusted_state.h), kept in the witness's own directory, so that one acceptance rule serves
// clients and witnesses alike.
//
//   WitnessDir dir(path);
//   LEDGER_ASSIGN_OR_RETURN(note::CosignatureSigner me, dir.LoadKey());
//   LEDGER_ASSIGN_OR_RETURN(WitnessDir::Lock lock, dir.LockRounds());
//   LEDGER_ASSIGN_OR_RETURN(RoundResult r, CosignRound(dir.logs(), log_key, me, note, fetch, now));
//   if (r.outcome == RoundOutcome::kCosigned) { submit r.cosigned_note; RecordCosigned(...); }
//
// No gRPC here: the caller fetches checkpoints and proofs and submits the cosignature.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "clients/client/trusted_state.h"
#include "ledger/note/cosignature.h"
#include "ledger/note/keys.h"

namespace ledger::client {

// The witness's directory:
//   witness.key   its signing key, the skey form with type 0x04 (FORMATS §20.1), mode 0600
//   witness.lock  held (flock) during a round, so two rounds never interleave
//   logs/         per log, the pinned log key and the last checkpoint verified (TrustedStateStore)
class WitnessDir {
 public:
  explicit WitnessDir(std::string dir);

  const std::string& dir() const { return dir_; }
  std::string KeyPath() const;
  TrustedStateStore& logs() { return logs_; }

  // Creates a fresh witness key named `name` (a valid note key name) in a new key file, mode
  // 0600 (the directory 0700). kAlreadyExists when the key file exists (it is never
  // overwritten); kInvalidArgument for a bad name.
  absl::StatusOr<note::CosignatureSigner> Init(std::string_view name) const;
  // kNotFound (with the command that creates it) when there is no key file; the key file's
  // errors (crypto/key_file.h: a mode readable by others is refused) and kInvalidArgument when
  // it holds no witness key.
  absl::StatusOr<note::CosignatureSigner> LoadKey() const;

  // An exclusive lock on the directory's rounds, released when destroyed. Waits while another
  // process holds it: the check and the update of a log's state must not interleave with
  // another round's, or the state could move back (C2SP tlog-witness warns of exactly this).
  class Lock {
   public:
    explicit Lock(int fd) : fd_(fd) {}
    Lock(Lock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    Lock& operator=(Lock&&) = delete;
    ~Lock();

   private:
    int fd_;
  };
  absl::StatusOr<Lock> LockRounds() const;

 private:
  std::string dir_;
  TrustedStateStore logs_;
};

enum class RoundOutcome {
  kCosigned,         // cosigned now: submit `cosigned_note`, then RecordCosigned
  kAlreadyCosigned,  // this exact checkpoint already carries this witness's valid cosignature
  kSecurityError,    // a fork, rollback or failed proof: nothing cosigned, see accepted.evidence
};

struct RoundResult {
  RoundOutcome outcome = RoundOutcome::kSecurityError;
  AcceptResult accepted;      // the checkpoint, the one trusted before, the evidence
  std::string cosigned_note;  // kCosigned: the log's signature line(s) and this witness's line
  uint64_t timestamp_s = 0;   // kCosigned: the cosignature's time
};

// One round for one log, up to the submission. Verifies `fresh_note` with `log_key` and against
// the witness's state for the log (AcceptCheckpoint: pinned on first sight; a larger checkpoint
// needs a verified consistency proof and becomes the state; the same size must have the same
// root; a smaller one is a rollback). On a security error nothing is cosigned and the state is
// unchanged. Otherwise, unless `fresh_note` or the state already carries this witness's valid
// cosignature of this exact checkpoint, cosigns it at `now_s`. Errors are AcceptCheckpoint's.
absl::StatusOr<RoundResult> CosignRound(TrustedStateStore& logs, const note::NoteVerifier& log_key,
                                        const note::CosignatureSigner& witness,
                                        std::string_view fresh_note,
                                        const ConsistencyProofFetcher& fetch, uint64_t now_s);

// Records a delivered cosignature: `cosigned_note` (from CosignRound, or as the server returned
// it) becomes the witness's state for its log, so the state shows what the witness signed. It
// must be of the checkpoint the state holds (same size and root): kFailedPrecondition otherwise.
absl::Status RecordCosigned(TrustedStateStore& logs, const note::NoteVerifier& log_key,
                            std::string_view cosigned_note);

}  // namespace ledger::client

#endif  // CLIENTS_CLIENT_WITNESS_H_
