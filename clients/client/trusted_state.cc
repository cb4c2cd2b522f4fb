#include "clients/client/trusted_state.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/crypto/sha256.h"
#include "ledger/merkle/verify.h"
#include "ledger/note/text.h"
#include "ledger/util/status_macros.h"

namespace ledger::client {
namespace {

using note::Sv;

// The first line of a state file; a later format changes it.
constexpr std::string_view kHeader = "ledgerctl trusted checkpoint v1";
// A state file is a key line and one checkpoint note (at most 1 MiB, FORMATS §1.1).
constexpr std::uintmax_t kStateFileBytesMax = 2 * 1024 * 1024;

absl::Status OsError(std::string_view what, const std::string& path, int err) {
  std::string msg = absl::StrCat(Sv(what), " ", path, ": ", std::strerror(err));
  if (err == EACCES || err == EPERM) return absl::PermissionDeniedError(msg);
  return absl::InternalError(msg);
}

std::string Describe(const note::Checkpoint& cp) {
  return absl::StrCat("size ", cp.size, ", root ", crypto::ToHex(cp.root));
}

// Writes `contents` to `path` so that readers see the old file or the new one: a temporary file
// in the same directory, fsync, rename over `path`, fsync of the directory.
absl::Status WriteAtomically(const std::string& dir, const std::string& path,
                             std::string_view contents) {
  const std::string tmp = absl::StrCat(path, ".tmp.", ::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return OsError("cannot create", tmp, errno);
  // O_CREAT's mode is only used for a new file; a leftover temp file keeps its own.
  if (::fchmod(fd, 0600) != 0) {
    int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return OsError("cannot chmod", tmp, err);
  }
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return OsError("cannot write", tmp, err);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return OsError("cannot fsync", tmp, err);
  }
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return OsError("cannot close", tmp, err);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return OsError("cannot rename the new state onto", path, err);
  }
  // The rename is durable only once the directory is.
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return OsError("cannot open", dir, errno);
  int rc = ::fsync(dir_fd);
  int err = errno;
  ::close(dir_fd);
  if (rc != 0) return OsError("cannot fsync", dir, err);
  return absl::OkStatus();
}

SecurityEvidence Evidence(Misbehaviour kind, const TrustedStateStore& store,
                          const TrustedCheckpoint& trusted, std::string_view fresh_note,
                          std::string reason) {
  SecurityEvidence e;
  e.kind = kind;
  e.origin = trusted.checkpoint.origin;
  e.state_file = store.PathFor(trusted.checkpoint.origin);
  e.reason = std::move(reason);
  e.trusted_note = trusted.note;
  e.fresh_note = std::string(fresh_note);
  return e;
}

// Verifies the proof that the tree (older_size, older_root) is a prefix of (newer_size,
// newer_root); the evidence when it is not.
absl::StatusOr<std::optional<SecurityEvidence>> CheckConsistency(
    const TrustedStateStore& store, const TrustedCheckpoint& trusted, std::string_view fresh_note,
    const note::Checkpoint& older, const note::Checkpoint& newer,
    const ConsistencyProofFetcher& fetch) {
  std::vector<merkle::Hash> proof;
  // Every tree extends the empty one (the proof is empty; VerifyConsistency checks the root).
  if (older.size > 0) {
    LEDGER_ASSIGN_OR_RETURN(proof, fetch(older.size, newer.size));
  }
  absl::Status consistent =
      merkle::VerifyConsistency(older.size, newer.size, older.root, newer.root, proof);
  if (consistent.ok()) return std::nullopt;
  SecurityEvidence e = Evidence(
      Misbehaviour::kInconsistent, store, trusted, fresh_note,
      absl::StrCat("the log's consistency proof from size ", older.size, " to size ", newer.size,
                   " does not verify (", std::string(consistent.message()), "), so the tree of ",
                   "size ", newer.size, " does not extend the tree of size ", older.size));
  e.proof_from = older.size;
  e.proof_to = newer.size;
  e.proof = std::move(proof);
  return e;
}

}  // namespace

absl::StatusOr<std::string> DefaultStateDir() {
  const char* xdg = std::getenv("XDG_STATE_HOME");
  if (xdg != nullptr && xdg[0] != '\0') {
    return (std::filesystem::path(xdg) / "ledgerctl").string();
  }
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] != '\0') {
    return (std::filesystem::path(home) / ".local" / "state" / "ledgerctl").string();
  }
  return absl::FailedPreconditionError(
      "neither XDG_STATE_HOME nor HOME is set; give the trusted state directory with --state-dir "
      "or LEDGER_STATE_DIR");
}

std::string TrustedStateStore::PathFor(std::string_view origin) const {
  std::string name(origin);
  for (char& c : name) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '-';
    if (!safe) c = '_';
  }
  return (std::filesystem::path(dir_) / absl::StrCat(name, ".checkpoint")).string();
}

absl::StatusOr<std::optional<TrustedCheckpoint>> TrustedStateStore::Load(
    std::string_view origin) const {
  const std::string path = PathFor(origin);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    if (ec) return absl::InternalError(absl::StrCat("cannot stat ", path, ": ", ec.message()));
    return std::nullopt;
  }
  const std::uintmax_t bytes = std::filesystem::file_size(path, ec);
  if (ec) return absl::InternalError(absl::StrCat("cannot stat ", path, ": ", ec.message()));
  if (bytes > kStateFileBytesMax) {
    return absl::DataLossError(absl::StrCat("the trusted state file ", path, " is ", bytes,
                                            " bytes, more than any state file can be"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return OsError("cannot read", path, errno);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  auto corrupt = [&path](std::string_view why) {
    return absl::DataLossError(absl::StrCat(
        "the trusted state file ", path, " is damaged (", Sv(why),
        "); restore it from a backup, or remove it to trust the log's next checkpoint anew"));
  };
  // header "\n" vkey "\n" "\n" note
  const size_t header_end = text.find('\n');
  if (header_end == std::string::npos || std::string_view(text).substr(0, header_end) != kHeader) {
    return corrupt(absl::StrCat("its first line is not \"", Sv(kHeader), "\""));
  }
  const size_t key_end = text.find('\n', header_end + 1);
  if (key_end == std::string::npos || key_end + 1 >= text.size() || text[key_end + 1] != '\n') {
    return corrupt("no verifier key line followed by a blank line");
  }
  TrustedCheckpoint trusted;
  trusted.verifier_key = text.substr(header_end + 1, key_end - header_end - 1);
  trusted.note = text.substr(key_end + 2);
  absl::StatusOr<note::NoteVerifier> key = note::NoteVerifier::Parse(trusted.verifier_key);
  if (!key.ok())
    return corrupt(absl::StrCat("verifier key: ", std::string(key.status().message())));
  absl::StatusOr<note::Checkpoint> cp = note::OpenCheckpoint(trusted.note, *key);
  if (!cp.ok()) {
    return corrupt(absl::StrCat("its checkpoint does not verify with its key: ",
                                std::string(cp.status().message())));
  }
  if (cp->origin != origin) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the trusted state file ", path, " holds the log ", cp->origin, ", not ", Sv(origin),
        " (their origins map to the same file name); use another "
        "--state-dir for one of them"));
  }
  trusted.checkpoint = *std::move(cp);
  return trusted;
}

absl::Status TrustedStateStore::Save(std::string_view verifier_key, std::string_view note) {
  LEDGER_ASSIGN_OR_RETURN(note::NoteVerifier key, note::NoteVerifier::Parse(verifier_key));
  absl::StatusOr<note::Checkpoint> cp = note::OpenCheckpoint(note, key);
  if (!cp.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("refusing to store a checkpoint that does not "
                     "verify with its key: ",
                     std::string(cp.status().message())));
  }
  std::error_code ec;
  if (!std::filesystem::exists(dir_, ec)) {
    std::filesystem::create_directories(dir_, ec);
    if (ec) {
      return absl::InternalError(
          absl::StrCat("cannot create the state directory ", dir_, ": ", ec.message()));
    }
    std::filesystem::permissions(dir_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
    if (ec) return absl::InternalError(absl::StrCat("cannot chmod ", dir_, ": ", ec.message()));
  }
  return WriteAtomically(dir_, PathFor(cp->origin),
                         absl::StrCat(Sv(kHeader), "\n", Sv(verifier_key), "\n\n", Sv(note)));
}

absl::StatusOr<ChosenKey> ChooseVerifierKey(
    const std::optional<TrustedCheckpoint>& trusted, std::string_view origin,
    std::string_view given, const std::function<absl::StatusOr<std::string>()>& server_key) {
  std::string text;
  KeySource source;
  if (trusted) {
    if (!given.empty() && given != trusted->verifier_key) {
      return absl::FailedPreconditionError(
          absl::StrCat("the verifier key given, ", Sv(given), ", is not the key pinned for ",
                       Sv(origin), ", ", trusted->verifier_key,
                       "; a log's key does not change. If it really did (check out of "
                       "band), remove the trusted state file to pin the new key"));
    }
    text = trusted->verifier_key;
    source = KeySource::kPinned;
  } else if (!given.empty()) {
    text = std::string(given);
    source = KeySource::kGiven;
  } else {
    LEDGER_ASSIGN_OR_RETURN(text, server_key());
    source = KeySource::kServerFirstUse;
  }
  LEDGER_ASSIGN_OR_RETURN(note::NoteVerifier verifier, note::NoteVerifier::Parse(text));
  if (verifier.name() != origin) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the verifier key ", text, " is named ", verifier.name(), ", not the origin ", Sv(origin)));
  }
  return ChosenKey{.verifier = std::move(verifier), .source = source};
}

std::string FormatSecurityError(const SecurityEvidence& e) {
  std::string out = absl::StrCat("SECURITY ERROR\nthe log ", e.origin, " misbehaved: ", e.reason,
                                 ".\nThe trusted state in ", e.state_file,
                                 " was not changed. Keep this output: it is the evidence.\n");
  auto describe = [](std::string_view note) -> std::string {
    absl::StatusOr<note::Checkpoint> cp = note::ParseCheckpointBody(note.substr(
        0, note.rfind("\n\n") == std::string_view::npos ? note.size() : note.rfind("\n\n") + 1));
    return cp.ok() ? Describe(*cp) : "unparsable";
  };
  absl::StrAppend(&out, "\ntrusted checkpoint (", describe(e.trusted_note), "):\n", e.trusted_note);
  absl::StrAppend(&out, "\ncheckpoint served now (", describe(e.fresh_note), "):\n", e.fresh_note);
  if (e.kind == Misbehaviour::kInconsistent) {
    absl::StrAppend(&out, "\nconsistency proof from size ", e.proof_from, " to size ", e.proof_to,
                    " (", e.proof.size(), e.proof.size() == 1 ? " hash" : " hashes", "):\n");
    for (const merkle::Hash& h : e.proof) absl::StrAppend(&out, "  ", crypto::ToHex(h), "\n");
  }
  return out;
}

absl::StatusOr<AcceptResult> AcceptCheckpoint(TrustedStateStore& store,
                                              const note::NoteVerifier& key,
                                              std::string_view fresh_note,
                                              const ConsistencyProofFetcher& fetch,
                                              const AcceptOptions& options) {
  LEDGER_ASSIGN_OR_RETURN(note::Checkpoint fresh, note::OpenCheckpoint(fresh_note, key));
  LEDGER_ASSIGN_OR_RETURN(std::optional<TrustedCheckpoint> trusted, store.Load(fresh.origin));
  AcceptResult result;
  result.checkpoint = fresh;
  if (!trusted) {
    LEDGER_RETURN_IF_ERROR(store.Save(key.VerifierKey(), fresh_note));
    result.outcome = Outcome::kPinned;
    return result;
  }
  if (trusted->verifier_key != key.VerifierKey()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the checkpoint was verified with ", key.VerifierKey(), ", but the key pinned for ",
        fresh.origin, " in ", store.PathFor(fresh.origin), " is ", trusted->verifier_key));
  }
  const note::Checkpoint& old = trusted->checkpoint;
  result.trusted = old;

  if (fresh.size == old.size) {
    if (fresh.root == old.root) {
      result.outcome = Outcome::kUnchanged;
      return result;
    }
    result.outcome = Outcome::kSecurityError;
    result.evidence =
        Evidence(Misbehaviour::kFork, store, *trusted, fresh_note,
                 absl::StrCat("it signed two checkpoints of size ", old.size,
                              " with different roots (a forked log or a split view)"));
    return result;
  }
  if (fresh.size < old.size) {
    if (!options.allow_older) {
      result.outcome = Outcome::kSecurityError;
      result.evidence = Evidence(
          Misbehaviour::kRollback, store, *trusted, fresh_note,
          absl::StrCat("its latest checkpoint has size ", fresh.size, ", smaller than the size ",
                       old.size,
                       " it signed before (a rolled-back log, or a view that hides entries)"));
      return result;
    }
    LEDGER_ASSIGN_OR_RETURN(std::optional<SecurityEvidence> evidence,
                            CheckConsistency(store, *trusted, fresh_note, fresh, old, fetch));
    result.outcome = evidence ? Outcome::kSecurityError : Outcome::kOlderConsistent;
    result.evidence = std::move(evidence);
    return result;
  }
  LEDGER_ASSIGN_OR_RETURN(std::optional<SecurityEvidence> evidence,
                          CheckConsistency(store, *trusted, fresh_note, old, fresh, fetch));
  if (evidence) {
    result.outcome = Outcome::kSecurityError;
    result.evidence = std::move(evidence);
    return result;
  }
  LEDGER_RETURN_IF_ERROR(store.Save(key.VerifierKey(), fresh_note));
  result.outcome = Outcome::kAdvanced;
  return result;
}

}  // namespace ledger::client
