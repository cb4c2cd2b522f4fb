#ifndef CLIENTS_CLIENT_TRUSTED_STATE_H_
#define CLIENTS_CLIENT_TRUSTED_STATE_H_

// The client's trusted state: per log origin, the pinned checkpoint verifier key and the last
// checkpoint this client verified (docs/FORMATS.md §14). A newer checkpoint is accepted only with
// a consistency proof from the trusted one, verified here; the same size must have the same
// root; a smaller size is a rollback. Any inconsistency is a security error that carries both
// signed checkpoints and the proof as evidence, and leaves the stored state unchanged.
//
//   TrustedStateStore store(dir);
//   LEDGER_ASSIGN_OR_RETURN(std::optional<TrustedCheckpoint> trusted, store.Load(origin));
//   LEDGER_ASSIGN_OR_RETURN(ChosenKey key, ChooseVerifierKey(trusted, origin, flag_key,
//                                                            server_key));
//   LEDGER_ASSIGN_OR_RETURN(AcceptResult r, AcceptCheckpoint(store, key.verifier, note, fetch));
//   if (r.outcome == Outcome::kSecurityError) std::cerr << FormatSecurityError(*r.evidence);
//
// No gRPC here: the caller supplies the proof fetcher. A store is one directory with one file per
// origin; files are replaced atomically (temp file, fsync, rename), so a reader sees the old or
// the new state, never a torn one. Two clients updating the same origin at once may race: the
// last writer wins, and both checkpoints were verified against the state each read.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/merkle/hash.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/keys.h"

namespace ledger::client {

// The default state directory: $XDG_STATE_HOME/ledgerctl, else $HOME/.local/state/ledgerctl.
// kFailedPrecondition when neither variable is set.
absl::StatusOr<std::string> DefaultStateDir();

// One origin's trusted state.
struct TrustedCheckpoint {
  std::string verifier_key;     // the pinned vkey (FORMATS §1.2)
  std::string note;             // the signed checkpoint note, verbatim (§2)
  note::Checkpoint checkpoint;  // `note` opened with `verifier_key`
};

class TrustedStateStore {
 public:
  explicit TrustedStateStore(std::string dir) : dir_(std::move(dir)) {}

  const std::string& dir() const { return dir_; }
  // The file of `origin`: every character outside [A-Za-z0-9.-] replaced by '_' (as the server's
  // key files), then ".checkpoint". Two origins may share a file name; Load tells them apart.
  std::string PathFor(std::string_view origin) const;

  // nullopt when nothing is stored for `origin`. kDataLoss when the file is not a trusted state
  // (bad header, bad key, or a checkpoint that does not verify with the stored key);
  // kFailedPrecondition when it holds another origin's state; OS errors with the path.
  absl::StatusOr<std::optional<TrustedCheckpoint>> Load(std::string_view origin) const;

  // Replaces the state of the checkpoint's origin with (verifier_key, note), atomically, mode
  // 0600 (the directory is created with 0700 when missing). kInvalidArgument unless `note` opens
  // with `verifier_key`. Does not compare with the stored state: that is AcceptCheckpoint's job.
  absl::Status Save(std::string_view verifier_key, std::string_view note);

 private:
  std::string dir_;
};

// Where the verifier key came from.
enum class KeySource {
  kPinned,          // the trusted state's key
  kGiven,           // --verifier-key, no state yet: pinned on acceptance
  kServerFirstUse,  // the server's own report, no state yet: trust on first use
};

struct ChosenKey {
  note::NoteVerifier verifier;
  KeySource source;
};

// The key that verifies `origin`'s checkpoints: the pinned one when there is a trusted state (a
// `given` key that differs is refused: kFailedPrecondition naming both keys and the state file);
// else `given` when not empty; else the key `server_key()` reports. kInvalidArgument when the
// key does not parse or its name is not `origin`. `server_key` is called only when needed.
absl::StatusOr<ChosenKey> ChooseVerifierKey(
    const std::optional<TrustedCheckpoint>& trusted, std::string_view origin,
    std::string_view given, const std::function<absl::StatusOr<std::string>()>& server_key);

// Fetches the RFC 9162 consistency proof between two published tree sizes,
// 0 < from_size < to_size, from the log.
using ConsistencyProofFetcher =
    std::function<absl::StatusOr<std::vector<merkle::Hash>>(uint64_t from_size, uint64_t to_size)>;

enum class Misbehaviour {
  kRollback,      // the latest checkpoint is smaller than the trusted one
  kFork,          // the same size with another root
  kInconsistent,  // the consistency proof does not verify
};

// Everything needed to show a third party that the log misbehaved, without asking it again.
struct SecurityEvidence {
  Misbehaviour kind = Misbehaviour::kInconsistent;
  std::string origin;
  std::string state_file;  // holds `trusted_note`, unchanged
  std::string reason;      // one sentence, with the sizes
  std::string trusted_note;
  std::string fresh_note;
  // The proof checked (kInconsistent), from proof_from to proof_to; empty otherwise.
  uint64_t proof_from = 0;
  uint64_t proof_to = 0;
  std::vector<merkle::Hash> proof;
};

// "SECURITY ERROR\n", the reason, both signed checkpoints verbatim with their sizes and roots
// (hex), and the proof's hashes (hex), one per line.
std::string FormatSecurityError(const SecurityEvidence& evidence);

enum class Outcome {
  kPinned,           // first use: the key and the checkpoint are now the trusted state
  kUnchanged,        // the trusted checkpoint's size and root again; state not rewritten
  kAdvanced,         // a larger, consistent checkpoint; now the trusted one
  kOlderConsistent,  // (allow_older) a smaller checkpoint that the trusted one extends
  kSecurityError,    // see evidence; the stored state is unchanged
};

struct AcceptResult {
  Outcome outcome = Outcome::kSecurityError;
  note::Checkpoint checkpoint;              // the fresh one, opened
  std::optional<note::Checkpoint> trusted;  // the trusted one before this call
  std::optional<SecurityEvidence> evidence;
};

struct AcceptOptions {
  // A smaller checkpoint was asked for explicitly (ledgerctl checkpoint --size): check that the
  // trusted one extends it instead of calling it a rollback; the state stays as it is.
  bool allow_older = false;
};

// Verifies `fresh_note` with `key` and against `origin`'s trusted state in `store`, and stores it
// when it is newer (or the first). The one acceptance rule for every command that reads a log.
// Errors (no verdict, state unchanged): the note does not verify with `key` (OpenCheckpoint's
// kInvalidArgument / kUnauthenticated); the trusted state is pinned to another key
// (kFailedPrecondition); Load, Save and `fetch` errors, unchanged. A proof that does not verify
// is not an error but Outcome::kSecurityError.
absl::StatusOr<AcceptResult> AcceptCheckpoint(TrustedStateStore& store,
                                              const note::NoteVerifier& key,
                                              std::string_view fresh_note,
                                              const ConsistencyProofFetcher& fetch,
                                              const AcceptOptions& options = {});

}  // namespace ledger::client

#endif  // CLIENTS_CLIENT_TRUSTED_STATE_H_
