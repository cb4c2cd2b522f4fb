// ledgerctl init, key gen|show|register|revoke, principal add|list|show, policy show.

#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "clients/entries/entry_builder.h"
#include "clients/ledgerctl/commands.h"
#include "google/protobuf/util/json_util.h"
#include "ledger/crypto/key_file.h"
#include "ledger/crypto/sha256.h"
#include "ledger/state/entry.h"

namespace ledger::ledgerctl {
namespace {

void PrintKeyJson(const crypto::Ed25519PublicKey& key, const std::string& file) {
  std::cout << "{\"file\":\"" << file << "\",\"key_id\":\"" << state::KeyIdOf(key)
            << "\",\"public_key\":\"" << crypto::ToHex(key.bytes()) << "\"}\n";
}

void PrintPrincipal(const v1::PrincipalInfo& p) {
  const v1::Principal& pr = p.principal();
  std::vector<std::string> roles;
  for (int r : pr.roles()) {
    roles.push_back(EnumWord(v1::Role_Name(static_cast<v1::Role>(r)), "ROLE_"));
  }
  std::cout << pr.principal_id() << "  " << pr.name() << "\n"
            << "  kind:   " << EnumWord(v1::PrincipalKind_Name(pr.kind()), "PRINCIPAL_KIND_")
            << "\n"
            << "  scope:  " << pr.scope() << "\n"
            << "  roles:  " << absl::StrJoin(roles, ", ") << "\n"
            << "  registered at index " << p.registered_at() << "\n";
  for (const v1::KeyInfo& k : p.keys()) {
    std::cout << "  key " << k.key_id() << " from index " << k.registered_at();
    if (k.revoked()) std::cout << ", revoked at index " << k.revoked_at();
    std::cout << "\n";
  }
}

struct InitFlags {
  std::string name;
  std::string admin_id = "admin";
};

int Init(CliContext& ctx, const InitFlags& f) {
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, "init");
  if (ctx.flags().key_path.empty()) return LocalError(ctx.SigningKey().status(), "init");
  if (f.name.empty()) return LocalError(absl::InvalidArgumentError("--name is empty"), "init");
  // Load an existing key first (so a bad key file fails before anything happens); create a new
  // one only once the log exists.
  const bool key_exists = std::filesystem::exists(ctx.flags().key_path);
  std::optional<crypto::Ed25519PrivateKey> key;
  if (key_exists) {
    absl::StatusOr<crypto::Ed25519PrivateKey> loaded =
        crypto::ReadPrivateKeyFile(ctx.flags().key_path);
    if (!loaded.ok()) return LocalError(loaded.status(), "init: --key");
    key = *std::move(loaded);
  }

  v1::CreateLogRequest request;
  request.set_origin(ctx.flags().origin);
  v1::CreateLogResponse response;
  auto call = ctx.Client().NewContext();
  grpc::Status s = ctx.Client().ledger().CreateLog(call.get(), request, &response);
  std::string verifier_key;
  if (s.ok()) {
    verifier_key = response.log().verifier_key();
    std::cout << "created log " << response.log().origin() << "\n";
  } else if (s.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
    // A log without its Genesis (an earlier init failed half-way) can still be finished.
    absl::StatusOr<v1::LogInfo> info = ctx.Client().GetLogInfo();
    if (!info.ok()) return ReportError(ctx, info.status(), "init");
    if (info->tree_size() > 0) {
      return ReportError(
          ctx,
          absl::AlreadyExistsError(absl::StrCat("log ", info->origin(), " is already initialised (",
                                                info->tree_size(), " entries); nothing to do")),
          "init");
    }
    verifier_key = info->verifier_key();
    std::cout << "log " << info->origin() << " exists without a Genesis entry; finishing it\n";
  } else {
    return ReportError(ctx, client::FromGrpc(s), "init: create log");
  }
  std::cout << "checkpoint verifier key: " << verifier_key << "\n";
  if (!key.has_value()) {
    crypto::Ed25519PrivateKey fresh = crypto::Ed25519PrivateKey::Generate();
    if (absl::Status w = crypto::WritePrivateKeyFile(ctx.flags().key_path, fresh); !w.ok()) {
      return LocalError(w, "init: administrator key");
    }
    std::cout << "created administrator key " << ctx.flags().key_path << " (mode 0600)\n";
    key = std::move(fresh);
  }

  const std::string code = ctx.flags().origin.substr(ctx.flags().origin.rfind('/') + 1);
  v1::Genesis genesis;
  genesis.set_division_code(code);
  genesis.set_division_name(f.name);
  v1::Principal* admin = genesis.mutable_administrator();
  admin->set_principal_id(f.admin_id);
  admin->set_name(absl::StrCat(f.name, "账本管理员"));
  admin->set_kind(v1::PRINCIPAL_KIND_ADMINISTRATOR);
  admin->set_scope(code);
  admin->add_roles(v1::ROLE_ADMINISTRATOR);
  genesis.set_administrator_public_key(key->public_key().bytes());
  genesis.set_checkpoint_verifier_key(verifier_key);
  *genesis.mutable_header() =
      entries::MakeHeader(ctx.flags().origin, f.admin_id, entries::TodayInShanghai());
  absl::StatusOr<std::string> envelope = entries::SignEntry(genesis, *key);
  if (!envelope.ok()) return LocalError(envelope.status(), "init: genesis");
  return SubmitAndReport(ctx, *envelope, "genesis");
}

int KeyGen(CliContext& ctx, const std::string& out) {
  const std::filesystem::path parent = std::filesystem::path(out).parent_path();
  if (!parent.empty() && !std::filesystem::is_directory(parent)) {
    return LocalError(absl::NotFoundError("directory " + parent.string() + " does not exist"),
                      "key gen");
  }
  crypto::Ed25519PrivateKey key = crypto::Ed25519PrivateKey::Generate();
  if (absl::Status s = crypto::WritePrivateKeyFile(out, key); !s.ok()) {
    return LocalError(s, "key gen");
  }
  if (ctx.flags().json) {
    PrintKeyJson(key.public_key(), out);
    return kExitOk;
  }
  std::cout << "wrote " << out << " (mode 0600)\n"
            << "key id:     " << state::KeyIdOf(key.public_key()) << "\n"
            << "public key: " << crypto::ToHex(key.public_key().bytes()) << "\n";
  return kExitOk;
}

int KeyShow(CliContext& ctx) {
  absl::StatusOr<crypto::Ed25519PrivateKey> key = ctx.SigningKey();
  if (!key.ok()) return LocalError(key.status(), "key show");
  if (ctx.flags().json) {
    PrintKeyJson(key->public_key(), ctx.flags().key_path);
    return kExitOk;
  }
  std::cout << "key id:     " << state::KeyIdOf(key->public_key()) << "\n"
            << "public key: " << crypto::ToHex(key->public_key().bytes()) << "\n";
  return kExitOk;
}

struct KeyRegisterFlags {
  std::string for_principal;
  std::string public_key_hex;
  std::string key_file;
};

int KeyRegister(CliContext& ctx, const KeyRegisterFlags& f) {
  std::string raw;
  if (!f.key_file.empty()) {
    absl::StatusOr<crypto::Ed25519PrivateKey> k = crypto::ReadPrivateKeyFile(f.key_file);
    if (!k.ok()) return LocalError(k.status(), "key register: --key-file");
    raw = k->public_key().bytes();
  } else {
    if (!crypto::FromHex(f.public_key_hex, &raw)) {
      return LocalError(absl::InvalidArgumentError("not hexadecimal"),
                        "key register: --public-key");
    }
  }
  v1::RegisterKey body;
  body.set_principal_id(f.for_principal);
  body.set_public_key(raw);
  return SignAndSubmit(ctx, body, body.mutable_header(), "key register");
}

int KeyRevoke(CliContext& ctx, const std::string& key_id, const std::string& reason) {
  v1::RevokeKey body;
  body.set_key_id(key_id);
  body.set_reason(reason);
  return SignAndSubmit(ctx, body, body.mutable_header(), "key revoke");
}

struct PrincipalAddFlags {
  std::string id;
  std::string name;
  std::string kind;
  std::string scope;
  std::vector<std::string> roles;
};

int PrincipalAdd(CliContext& ctx, const PrincipalAddFlags& f) {
  v1::RegisterPrincipal body;
  v1::Principal* p = body.mutable_principal();
  p->set_principal_id(f.id);
  p->set_name(f.name);
  p->set_scope(f.scope);
  absl::StatusOr<v1::PrincipalKind> kind =
      ParseEnumWord<v1::PrincipalKind>(v1::PrincipalKind_descriptor(), "PRINCIPAL_KIND_", f.kind);
  if (!kind.ok()) return LocalError(kind.status(), "principal add: --kind");
  p->set_kind(*kind);
  for (const std::string& r : f.roles) {
    absl::StatusOr<v1::Role> role = ParseEnumWord<v1::Role>(v1::Role_descriptor(), "ROLE_", r);
    if (!role.ok()) return LocalError(role.status(), "principal add: --role");
    p->add_roles(*role);
  }
  return SignAndSubmit(ctx, body, body.mutable_header(), "principal add");
}

int PrincipalList(CliContext& ctx, const std::string& scope) {
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, "principal list");
  std::string token;
  v1::ListPrincipalsResponse all;
  do {
    v1::ListPrincipalsRequest request;
    request.set_origin(ctx.flags().origin);
    request.set_scope_prefix(scope);
    request.set_page_token(token);
    v1::ListPrincipalsResponse response;
    auto call = ctx.Client().NewContext();
    grpc::Status s = ctx.Client().identity().ListPrincipals(call.get(), request, &response);
    if (!s.ok()) return ReportError(ctx, client::FromGrpc(s), "principal list");
    for (const v1::PrincipalInfo& p : response.principals()) {
      if (ctx.flags().json) {
        *all.add_principals() = p;
      } else {
        PrintPrincipal(p);
      }
    }
    token = response.next_page_token();
  } while (!token.empty());
  if (ctx.flags().json) PrintJson(all);  // one object: {"principals": [...]}
  return kExitOk;
}

int PrincipalShow(CliContext& ctx, const std::string& id) {
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, "principal show");
  v1::GetPrincipalRequest request;
  request.set_origin(ctx.flags().origin);
  request.set_principal_id(id);
  v1::PrincipalInfo response;
  auto call = ctx.Client().NewContext();
  grpc::Status s = ctx.Client().identity().GetPrincipal(call.get(), request, &response);
  if (!s.ok()) return ReportError(ctx, client::FromGrpc(s), "principal show");
  if (ctx.flags().json) {
    PrintJson(response);
  } else {
    PrintPrincipal(response);
  }
  return kExitOk;
}

int PolicyShow(CliContext& ctx) {
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, "policy show");
  v1::GetPolicyRequest request;
  request.set_origin(ctx.flags().origin);
  v1::Policy response;
  auto call = ctx.Client().NewContext();
  grpc::Status s = ctx.Client().identity().GetPolicy(call.get(), request, &response);
  if (!s.ok()) return ReportError(ctx, client::FromGrpc(s), "policy show");
  PrintJson(response);
  return kExitOk;
}

// Parses "name=value" settings into a Policy: scalar fields take a number, the category lists a
// comma-separated list (empty for none), progress_targets "month:bp,month:bp".
absl::StatusOr<v1::Policy> ParsePolicySettings(const std::vector<std::string>& settings) {
  v1::Policy policy;
  const google::protobuf::Descriptor* d = v1::Policy::descriptor();
  const google::protobuf::Reflection* r = v1::Policy::GetReflection();
  for (const std::string& setting : settings) {
    const size_t eq = setting.find('=');
    if (eq == std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat("\"", setting, "\" is not name=value"));
    }
    const std::string name = setting.substr(0, eq);
    const std::string value = setting.substr(eq + 1);
    const google::protobuf::FieldDescriptor* field = d->FindFieldByName(name);
    if (field == nullptr) {
      std::vector<std::string> names;
      for (int i = 0; i < d->field_count(); ++i) names.push_back(d->field(i)->name());
      return absl::InvalidArgumentError(absl::StrCat("unknown policy parameter \"", name,
                                                     "\"; known: ", absl::StrJoin(names, ", ")));
    }
    if (field->message_type() == v1::CategoryList::descriptor()) {
      auto* list = static_cast<v1::CategoryList*>(r->MutableMessage(&policy, field));
      for (absl::string_view code : absl::StrSplit(value, ',', absl::SkipEmpty())) {
        list->add_codes(std::string(code));
      }
    } else if (field->message_type() == v1::ProgressTargets::descriptor()) {
      auto* targets = static_cast<v1::ProgressTargets*>(r->MutableMessage(&policy, field));
      for (absl::string_view item : absl::StrSplit(value, ',', absl::SkipEmpty())) {
        std::vector<std::string> parts = absl::StrSplit(item, ':');
        uint32_t month = 0;
        uint32_t bp = 0;
        if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &month) ||
            !absl::SimpleAtoi(parts[1], &bp)) {
          return absl::InvalidArgumentError(absl::StrCat(
              "progress_targets wants month:bp pairs, e.g. 6:4000,9:7000; got \"", value, "\""));
        }
        v1::ProgressTarget* t = targets->add_targets();
        t->set_month(month);
        t->set_target_bp(bp);
      }
    } else if (field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_UINT32) {
      uint32_t v = 0;
      if (!absl::SimpleAtoi(value, &v)) {
        return absl::InvalidArgumentError(
            absl::StrCat(name, " wants a whole number, not \"", value, "\""));
      }
      r->SetUInt32(&policy, field, v);
    } else if (field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_INT64) {
      int64_t v = 0;
      if (!absl::SimpleAtoi(value, &v)) {
        return absl::InvalidArgumentError(
            absl::StrCat(name, " wants a whole number, not \"", value, "\""));
      }
      r->SetInt64(&policy, field, v);
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot set ", name, " from the command line"));
    }
  }
  return policy;
}

int PolicySet(CliContext& ctx, const std::vector<std::string>& settings) {
  absl::StatusOr<v1::Policy> policy = ParsePolicySettings(settings);
  if (!policy.ok()) return LocalError(policy.status(), "policy set");
  v1::SetPolicy body;
  *body.mutable_policy() = *policy;
  return SignAndSubmit(ctx, body, body.mutable_header(), "policy set");
}

}  // namespace

void AddIdentityCommands(CLI::App& app, Action* action) {
  auto init = std::make_shared<InitFlags>();
  CLI::App* init_cmd = app.add_subcommand(
      "init",
      "create a log and its root administrator: creates the --key file if missing, asks the "
      "server (on this machine) to create the log, and appends the Genesis entry\n"
      "  example: ledgerctl --origin ledger.example.org/341721 --key admin.key init --name 东至县");
  init_cmd->add_option("--name", init->name, "the county's name, e.g. 东至县")->required();
  init_cmd->add_option("--admin-id", init->admin_id, "the administrator's principal id")
      ->capture_default_str();
  init_cmd->callback(
      [action, init] { *action = [init](CliContext& ctx) { return Init(ctx, *init); }; });

  CLI::App* key = app.add_subcommand("key", "signing keys");
  key->require_subcommand(0, 1);
  auto out = std::make_shared<std::string>();
  CLI::App* gen = key->add_subcommand("gen",
                                      "create an Ed25519 key file (mode 0600, never overwrites)\n"
                                      "  example: ledgerctl key gen --out fin.key");
  gen->add_option("--out", *out, "the key file to create")->required();
  gen->callback([action, out] { *action = [out](CliContext& ctx) { return KeyGen(ctx, *out); }; });
  CLI::App* show = key->add_subcommand(
      "show",
      "print the key id and public key of --key\n  example: ledgerctl --key fin.key key show");
  show->callback([action] { *action = [](CliContext& ctx) { return KeyShow(ctx); }; });
  auto reg = std::make_shared<KeyRegisterFlags>();
  CLI::App* reg_cmd = key->add_subcommand(
      "register",
      "register a public key for a principal (administrators)\n"
      "  example: ledgerctl --key admin.key --principal admin key register --for fin-341721 "
      "--key-file fin.key");
  reg_cmd->add_option("--for", reg->for_principal, "the principal the key belongs to")->required();
  auto* src = reg_cmd->add_option_group("key source", "the key: --public-key or --key-file");
  src->add_option("--public-key", reg->public_key_hex, "the 32-byte public key in hex");
  src->add_option("--key-file", reg->key_file, "take the public key from this key file");
  src->require_option(1);
  reg_cmd->callback(
      [action, reg] { *action = [reg](CliContext& ctx) { return KeyRegister(ctx, *reg); }; });
  auto revoke_id = std::make_shared<std::string>();
  auto revoke_reason = std::make_shared<std::string>();
  CLI::App* revoke = key->add_subcommand(
      "revoke",
      "revoke a key: later entries signed with it are rejected (administrators)\n"
      "  example: ledgerctl --key admin.key --principal admin key revoke --key-id "
      "3f2a... --reason \"laptop lost\"");
  revoke->add_option("--key-id", *revoke_id, "the key id (ledgerctl key show)")->required();
  revoke->add_option("--reason", *revoke_reason, "why")->required();
  revoke->callback([action, revoke_id, revoke_reason] {
    *action = [revoke_id, revoke_reason](CliContext& ctx) {
      return KeyRevoke(ctx, *revoke_id, *revoke_reason);
    };
  });

  CLI::App* principal = app.add_subcommand("principal", "organisations that write to the log");
  principal->require_subcommand(0, 1);
  auto add = std::make_shared<PrincipalAddFlags>();
  CLI::App* add_cmd = principal->add_subcommand(
      "add",
      "register a principal (administrators)\n"
      "  example: ledgerctl --key admin.key --principal admin principal add --id fin-341721 "
      "--name 东至县财政局 --kind finance-bureau --scope 341721 --role fund-manager");
  add_cmd->add_option("--id", add->id, "principal id, [A-Za-z0-9._-]{1,64}")->required();
  add_cmd->add_option("--name", add->name, "display name")->required();
  add_cmd
      ->add_option("--kind", add->kind,
                   "finance-bureau, rural-revitalization-bureau, industry-department, "
                   "township, village-committee, village-collective, operator, auditor, "
                   "administrator")
      ->required();
  add_cmd->add_option("--scope", add->scope, "administrative division code (6, 9 or 12 digits)")
      ->required();
  add_cmd
      ->add_option("--role", add->roles,
                   "administrator, fund-manager, project-manager, township-reviewer, "
                   "village-accountant, operator, auditor (repeatable)")
      ->required();
  add_cmd->callback(
      [action, add] { *action = [add](CliContext& ctx) { return PrincipalAdd(ctx, *add); }; });
  auto scope = std::make_shared<std::string>();
  CLI::App* list = principal->add_subcommand(
      "list",
      "list principals\n  example: ledgerctl --origin ledger.example.org/341721 "
      "principal list --scope 341721100");
  list->add_option("--scope", *scope, "only principals whose scope starts with this");
  list->callback([action, scope] {
    *action = [scope](CliContext& ctx) { return PrincipalList(ctx, *scope); };
  });
  auto show_id = std::make_shared<std::string>();
  CLI::App* pshow = principal->add_subcommand(
      "show", "one principal and its keys\n  example: ledgerctl principal show admin");
  pshow->add_option("id", *show_id, "principal id")->required();
  pshow->callback([action, show_id] {
    *action = [show_id](CliContext& ctx) { return PrincipalShow(ctx, *show_id); };
  });

  CLI::App* policy = app.add_subcommand("policy", "the log's rule parameters");
  policy->require_subcommand(0, 1);
  CLI::App* pol_show = policy->add_subcommand(
      "show", "print the effective policy as JSON\n  example: ledgerctl policy show");
  pol_show->callback([action] { *action = [](CliContext& ctx) { return PolicyShow(ctx); }; });
  auto settings = std::make_shared<std::vector<std::string>>();
  CLI::App* pol_set = policy->add_subcommand(
      "set",
      "change rule parameters with a signed SetPolicy entry (administrators); unnamed parameters "
      "keep their values\n"
      "  example: ledgerctl --key admin.key --principal admin policy set "
      "notice_period_days=15 advance_ceiling_bp=4000 progress_targets=6:4000,9:7000,12:10000");
  pol_set
      ->add_option("settings", *settings,
                   "name=value; names as in `policy show`; lists comma-separated")
      ->required();
  pol_set->callback([action, settings] {
    *action = [settings](CliContext& ctx) { return PolicySet(ctx, *settings); };
  });
}

}  // namespace ledger::ledgerctl
