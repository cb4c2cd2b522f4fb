#include "clients/client/witness.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/crypto/key_file.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/note.h"
#include "ledger/util/status_macros.h"

namespace ledger::client {
namespace {

constexpr char kKeyFile[] = "witness.key";
constexpr char kLockFile[] = "witness.lock";
constexpr char kLogsDir[] = "logs";
constexpr std::string_view kWhat = "witness key file";

std::string Join(const std::string& dir, const char* name) {
  return (std::filesystem::path(dir) / name).string();
}

// True iff `note` carries a line by `witness` that verifies for its text.
bool HasValidCosignature(const note::Note& note, const note::CosignatureVerifier& witness) {
  for (const note::NoteSignature& sig : note.signatures) {
    if (sig.key_name == witness.name() && sig.key_id == witness.key_id()) {
      return witness.Verify(note.text, sig).ok();
    }
  }
  return false;
}

}  // namespace

WitnessDir::WitnessDir(std::string dir) : dir_(std::move(dir)), logs_(Join(dir_, kLogsDir)) {}

std::string WitnessDir::KeyPath() const { return Join(dir_, kKeyFile); }

WitnessDir::Lock::~Lock() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the flock
}

absl::StatusOr<note::CosignatureSigner> WitnessDir::Init(std::string_view name) const {
  LEDGER_ASSIGN_OR_RETURN(
      note::CosignatureSigner signer,
      note::CosignatureSigner::Create(std::string(name), crypto::Ed25519PrivateKey::Generate()));
  LEDGER_RETURN_IF_ERROR(
      crypto::WriteSecretFile(KeyPath(), absl::StrCat(signer.SignerKey(), "\n"), kWhat));
  return signer;
}

absl::StatusOr<note::CosignatureSigner> WitnessDir::LoadKey() const {
  const std::string path = KeyPath();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return absl::NotFoundError(absl::StrCat("no witness key ", path,
                                            "; create one with `ledgerctl witness init --name "
                                            "<witness name>`"));
  }
  LEDGER_ASSIGN_OR_RETURN(std::string text, crypto::ReadSecretFile(path, kWhat));
  if (!text.empty() && text.back() == '\n') text.pop_back();  // the one line Init writes
  absl::StatusOr<note::CosignatureSigner> signer = note::CosignatureSigner::Parse(text);
  if (!signer.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("witness key file ", path, ": ", std::string(signer.status().message())));
  }
  return signer;
}

absl::StatusOr<WitnessDir::Lock> WitnessDir::LockRounds() const {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) {
    return absl::InternalError(
        absl::StrCat("cannot create the witness directory ", dir_, ": ", ec.message()));
  }
  const std::string path = Join(dir_, kLockFile);
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::InternalError(absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    const int err = errno;
    ::close(fd);
    return absl::InternalError(absl::StrCat("cannot lock ", path, ": ", std::strerror(err)));
  }
  return Lock(fd);
}

absl::StatusOr<RoundResult> CosignRound(TrustedStateStore& logs, const note::NoteVerifier& log_key,
                                        const note::CosignatureSigner& witness,
                                        std::string_view fresh_note,
                                        const ConsistencyProofFetcher& fetch, uint64_t now_s) {
  RoundResult result;
  LEDGER_ASSIGN_OR_RETURN(result.accepted, AcceptCheckpoint(logs, log_key, fresh_note, fetch));
  if (result.accepted.outcome == Outcome::kSecurityError) {
    result.outcome = RoundOutcome::kSecurityError;
    return result;
  }
  const note::CosignatureVerifier me = witness.Verifier();
  LEDGER_ASSIGN_OR_RETURN(note::Note fresh, note::ParseNote(fresh_note));
  if (HasValidCosignature(fresh, me)) {
    // Delivered in an earlier round whose record was lost: record it now.
    LEDGER_RETURN_IF_ERROR(RecordCosigned(logs, log_key, fresh_note));
    result.outcome = RoundOutcome::kAlreadyCosigned;
    return result;
  }
  if (result.accepted.outcome == Outcome::kUnchanged) {
    LEDGER_ASSIGN_OR_RETURN(std::optional<TrustedCheckpoint> state,
                            logs.Load(result.accepted.checkpoint.origin));
    if (state) {
      LEDGER_ASSIGN_OR_RETURN(note::Note recorded, note::ParseNote(state->note));
      if (HasValidCosignature(recorded, me)) {
        result.outcome = RoundOutcome::kAlreadyCosigned;
        return result;
      }
    }
  }
  // The note to submit: the log's own signature line(s), then this witness's line. Lines by
  // other keys in the served note are left out: they are not this witness's to vouch for.
  note::Note cosigned;
  cosigned.text = fresh.text;
  for (note::NoteSignature& sig : fresh.signatures) {
    if (sig.key_name == log_key.name() && sig.key_id == log_key.key_id()) {
      cosigned.signatures.push_back(std::move(sig));
    }
  }
  LEDGER_ASSIGN_OR_RETURN(note::NoteSignature line,
                          note::CosignCheckpoint(fresh.text, witness, now_s));
  cosigned.signatures.push_back(std::move(line));
  LEDGER_ASSIGN_OR_RETURN(result.cosigned_note, note::FormatNote(cosigned));
  result.timestamp_s = now_s;
  result.outcome = RoundOutcome::kCosigned;
  return result;
}

absl::Status RecordCosigned(TrustedStateStore& logs, const note::NoteVerifier& log_key,
                            std::string_view cosigned_note) {
  LEDGER_ASSIGN_OR_RETURN(note::Checkpoint cosigned, note::OpenCheckpoint(cosigned_note, log_key));
  LEDGER_ASSIGN_OR_RETURN(std::optional<TrustedCheckpoint> state, logs.Load(cosigned.origin));
  if (!state || state->verifier_key != log_key.VerifierKey() ||
      state->checkpoint.size != cosigned.size || state->checkpoint.root != cosigned.root) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the witness's state for ", cosigned.origin, " in ", logs.PathFor(cosigned.origin),
        " is not the cosigned checkpoint of size ", cosigned.size, "; not recorded"));
  }
  return logs.Save(log_key.VerifierKey(), cosigned_note);
}

}  // namespace ledger::client
