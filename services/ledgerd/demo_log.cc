#include "services/ledgerd/demo_log.h"

#include <filesystem>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/entries/entry_builder.h"
#include "ledger/crypto/key_file.h"
#include "ledger/util/rule_error.h"
#include "ledger/util/status_macros.h"

namespace ledger::ledgerd {
namespace {

constexpr char kAdminPrincipalId[] = "admin";

absl::StatusOr<crypto::Ed25519PrivateKey> LoadOrCreateKey(const std::string& path) {
  if (std::filesystem::exists(path)) return crypto::ReadPrivateKeyFile(path);
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  if (ec) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create ", dir.string(), ": ", ec.message()));
  }
  crypto::Ed25519PrivateKey key = crypto::Ed25519PrivateKey::Generate();
  LEDGER_RETURN_IF_ERROR(crypto::WritePrivateKeyFile(path, key));
  return key;
}

}  // namespace

absl::StatusOr<DemoLog> EnsureDemoLog(logs::LogRegistry& logs, const std::string& origin,
                                      const std::string& division_name,
                                      const std::string& admin_key_path) {
  DemoLog demo{
      .origin = origin, .admin_principal_id = kAdminPrincipalId, .admin_key_path = admin_key_path};
  absl::StatusOr<sequencer::LogSequencer*> log = logs.Find(origin);
  if (!log.ok()) log = logs.Create(origin);
  if (!log.ok()) return log.status();
  demo.tree_size = (*log)->LatestCheckpoint().tree_size;
  if (demo.tree_size > 0) return demo;

  LEDGER_ASSIGN_OR_RETURN(crypto::Ed25519PrivateKey key, LoadOrCreateKey(admin_key_path));
  const std::string code = logs::DivisionCodeOf(origin);
  v1::Genesis genesis;
  *genesis.mutable_header() =
      entries::MakeHeader(origin, kAdminPrincipalId, entries::TodayInShanghai());
  genesis.set_division_code(code);
  genesis.set_division_name(division_name);
  v1::Principal* admin = genesis.mutable_administrator();
  admin->set_principal_id(kAdminPrincipalId);
  admin->set_name(absl::StrCat(division_name, "账本管理员"));
  admin->set_kind(v1::PRINCIPAL_KIND_ADMINISTRATOR);
  admin->set_scope(code);
  admin->add_roles(v1::ROLE_ADMINISTRATOR);
  genesis.set_administrator_public_key(key.public_key().bytes());
  genesis.set_checkpoint_verifier_key((*log)->log().verifier_key);
  LEDGER_ASSIGN_OR_RETURN(std::string envelope, entries::SignEntry(genesis, key));

  std::vector<std::string> batch = {std::move(envelope)};
  LEDGER_ASSIGN_OR_RETURN(std::vector<sequencer::SubmitOutcome> outcomes, (*log)->Submit(batch));
  const sequencer::SubmitOutcome& outcome = outcomes.at(0);
  if (outcome.kind != sequencer::SubmitOutcome::Kind::kCreated) {
    return absl::Status(outcome.status.code(),
                        absl::StrCat("the demo Genesis entry was not appended (",
                                     RuleOf(outcome.status), "): ", outcome.status.message()));
  }
  demo.tree_size = (*log)->LatestCheckpoint().tree_size;
  demo.created = true;
  return demo;
}

}  // namespace ledger::ledgerd
