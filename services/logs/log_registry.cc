#include "services/logs/log_registry.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ledger/crypto/key_file.h"
#include "ledger/merkle/hash.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/keys.h"
#include "ledger/util/log.h"
#include "ledger/util/status_macros.h"

namespace ledger::logs {
namespace {

constexpr size_t kOriginPrefixSizeMax = 200;
constexpr size_t kDivisionCodeSize = 6;

}  // namespace

absl::Status ValidateOrigin(std::string_view origin) {
  const size_t slash = origin.rfind('/');
  if (slash == std::string_view::npos || slash == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("origin \"", std::string(origin),
                     "\" must be <prefix>/<6-digit county code>, e.g. ledger.example.org/341721"));
  }
  const std::string_view prefix = origin.substr(0, slash);
  const std::string_view code = origin.substr(slash + 1);
  if (prefix.size() > kOriginPrefixSizeMax) {
    return absl::InvalidArgumentError(absl::StrCat(
        "origin prefix is ", prefix.size(), " bytes; the maximum is ", kOriginPrefixSizeMax));
  }
  for (unsigned char c : prefix) {
    if (absl::ascii_isupper(c)) {
      // Host names are case-insensitive; one spelling per log keeps one origin per jurisdiction.
      return absl::InvalidArgumentError(
          absl::StrCat("origin \"", std::string(origin), "\" must be lower-case"));
    }
    if (c <= 0x20 || c == 0x7f || c == '+') {
      return absl::InvalidArgumentError(absl::StrCat(
          "origin \"", std::string(origin), "\" contains a space, '+' or control character"));
    }
  }
  if (code.size() != kDivisionCodeSize ||
      !std::all_of(code.begin(), code.end(), [](char c) { return absl::ascii_isdigit(c); })) {
    return absl::InvalidArgumentError(
        absl::StrCat("origin \"", std::string(origin), "\" must end in a 6-digit county code (",
                     "administrative division code), not \"", std::string(code), "\""));
  }
  return absl::OkStatus();
}

std::string DivisionCodeOf(std::string_view origin) {
  return std::string(origin.substr(origin.rfind('/') + 1));
}

std::string LogRegistry::KeyFilePath(std::string_view origin) const {
  std::string name;
  for (char c : origin) {
    name.push_back(absl::ascii_isalnum(c) || c == '.' || c == '-' ? c : '_');
  }
  return (std::filesystem::path(options_.key_dir) / absl::StrCat(name, ".log.key")).string();
}

absl::StatusOr<std::unique_ptr<LogRegistry>> LogRegistry::Open(storage::LedgerStore& store,
                                                               sequencer::WorkerPool& pool,
                                                               sequencer::Clock& clock,
                                                               LogRegistryOptions options) {
  std::unique_ptr<LogRegistry> registry(new LogRegistry(store, pool, clock, std::move(options)));
  LEDGER_ASSIGN_OR_RETURN(std::vector<storage::LogRecord> logs, store.ListLogs());
  for (const storage::LogRecord& log : logs) {
    LEDGER_RETURN_IF_ERROR(registry->OpenLog(log));
  }
  return registry;
}

absl::Status LogRegistry::OpenLog(const storage::LogRecord& log) {
  const std::string path = KeyFilePath(log.origin);
  absl::StatusOr<crypto::Ed25519PrivateKey> key = crypto::ReadPrivateKeyFile(path);
  if (!key.ok()) {
    return absl::FailedPreconditionError(absl::StrCat("cannot load the checkpoint key of log ",
                                                      log.origin, " from ", path, ": ",
                                                      key.status().message()));
  }
  LEDGER_ASSIGN_OR_RETURN(note::NoteSigner signer,
                          note::NoteSigner::Create(log.origin, *std::move(key)));
  absl::StatusOr<std::unique_ptr<sequencer::LogSequencer>> seq = sequencer::LogSequencer::Open(
      store_, log, std::move(signer), pool_, clock_, options_.sequencer);
  if (!seq.ok()) {
    return absl::Status(seq.status().code(),
                        absl::StrCat("cannot open log ", log.origin, ": ", seq.status().message()));
  }
  const uint64_t size = (*seq)->LatestCheckpoint().tree_size;
  {
    std::lock_guard lock(mu_);
    logs_.emplace(log.origin, *std::move(seq));
  }
  log::Info(absl::StrCat("log ", log.origin, " open at size ", size));
  return absl::OkStatus();
}

absl::StatusOr<sequencer::LogSequencer*> LogRegistry::Find(std::string_view origin) const {
  std::lock_guard lock(mu_);
  auto it = logs_.find(origin);
  if (it != logs_.end()) return it->second.get();
  std::vector<std::string> names;
  for (const auto& [name, seq] : logs_) names.push_back(name);
  return absl::NotFoundError(absl::StrCat(
      "no log \"", std::string(origin), "\" on this server",
      names.empty() ? std::string(" (it hosts none yet; create one with `ledgerctl init`)")
                    : absl::StrCat("; it hosts: ", absl::StrJoin(names, ", "))));
}

absl::StatusOr<sequencer::LogSequencer*> LogRegistry::Create(std::string_view origin) {
  LEDGER_RETURN_IF_ERROR(ValidateOrigin(origin));
  if (Find(origin).ok()) {
    return absl::AlreadyExistsError(absl::StrCat("log ", std::string(origin), " already exists"));
  }
  std::error_code ec;
  std::filesystem::create_directories(options_.key_dir, ec);
  if (ec) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create the key directory ", options_.key_dir, ": ", ec.message()));
  }
  std::filesystem::permissions(options_.key_dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  const std::string path = KeyFilePath(origin);
  crypto::Ed25519PrivateKey key = crypto::Ed25519PrivateKey::Generate();
  LEDGER_ASSIGN_OR_RETURN(note::NoteSigner signer,
                          note::NoteSigner::Create(std::string(origin), key));
  const note::Checkpoint empty{
      .origin = std::string(origin), .size = 0, .root = merkle::EmptyRoot(), .extensions = {}};
  LEDGER_ASSIGN_OR_RETURN(std::string empty_note, note::SignCheckpoint(empty, signer));
  LEDGER_RETURN_IF_ERROR(crypto::WritePrivateKeyFile(path, key));
  absl::StatusOr<storage::LogRecord> created = store_.CreateLog(
      origin, signer.VerifierKey(),
      storage::StoredCheckpoint{.tree_size = 0, .root = empty.root, .note = empty_note});
  if (!created.ok()) {
    // The key file is ours and unused: remove it so a retry can create the log.
    std::filesystem::remove(path, ec);
    return created.status();
  }
  log::Info(absl::StrCat("created log ", created->origin, " (checkpoint key ", path,
                         ", verifier key ", created->verifier_key, ")"));
  LEDGER_RETURN_IF_ERROR(OpenLog(*created));
  return Find(origin);
}

std::vector<std::string> LogRegistry::Origins() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const auto& [name, seq] : logs_) out.push_back(name);
  return out;
}

}  // namespace ledger::logs
