// RegisterPrincipal, RegisterKey and RevokeKey: the principal and key registry.

#include "absl/strings/str_cat.h"
#include "ledger/state/field_rules.h"
#include "ledger/state/handlers.h"
#include "ledger/state/identity_rules.h"
#include "ledger/state/rules.h"
#include "ledger/state/state.h"
#include "ledger/util/rule_error.h"
#include "ledger/util/status_macros.h"

namespace ledger::state {
namespace {

inline constexpr size_t kRevocationReasonRunesMax = 500;

absl::Status IdentityError(absl::StatusCode code, std::string_view message) {
  return RuleError(code, rules::kIdentity, message);
}

absl::StatusOr<const PrincipalRecord*> FindRegisteredPrincipal(const LedgerState& state,
                                                               std::string_view principal_id) {
  const PrincipalRecord* record = state.FindPrincipal(principal_id);
  if (record == nullptr) {
    return IdentityError(
        absl::StatusCode::kNotFound,
        absl::StrCat("principal ", QuoteForError(principal_id), " is not registered in this log"));
  }
  return record;
}

absl::StatusOr<const KeyRecord*> FindRegisteredKey(const LedgerState& state,
                                                   std::string_view key_id) {
  const KeyRecord* key = state.FindKey(key_id);
  if (key == nullptr) {
    return IdentityError(
        absl::StatusCode::kNotFound,
        absl::StrCat("key ", QuoteForError(key_id), " is not registered in this log"));
  }
  return key;
}

// A principal that can still administer the whole log: role ADMINISTRATOR, scope the
// jurisdiction, and an unrevoked key other than `revoked_key_id`.
bool HasOtherRootAdministratorKey(const LedgerState& state, std::string_view revoked_key_id) {
  for (const auto& [id, record] : state.principals()) {
    if (record.principal.scope() != state.division_code()) continue;
    bool is_administrator = false;
    for (int role : record.principal.roles()) is_administrator |= role == v1::ROLE_ADMINISTRATOR;
    if (!is_administrator) continue;
    for (const std::string& key_id : record.key_ids) {
      if (key_id != revoked_key_id && !state.FindKey(key_id)->revoked_at.has_value()) return true;
    }
  }
  return false;
}

absl::Status PrincipalMissing() {
  return RuleError(absl::StatusCode::kInvalidArgument, rules::kField, "principal is missing");
}

}  // namespace

absl::StatusOr<std::string> RegisterPrincipalScope(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::RegisterPrincipal>();
  if (!body.has_principal()) return PrincipalMissing();
  const std::string& scope = body.principal().scope();
  LEDGER_RETURN_IF_ERROR(CheckScopeFormat(scope, "principal.scope"));
  return scope;
}

absl::StatusOr<std::string> RegisterKeyScope(const LedgerState& state, const Entry& entry) {
  LEDGER_ASSIGN_OR_RETURN(
      const PrincipalRecord* record,
      FindRegisteredPrincipal(state, entry.As<v1::RegisterKey>().principal_id()));
  return record->principal.scope();
}

absl::StatusOr<std::string> RevokeKeyScope(const LedgerState& state, const Entry& entry) {
  LEDGER_ASSIGN_OR_RETURN(const KeyRecord* key,
                          FindRegisteredKey(state, entry.As<v1::RevokeKey>().key_id()));
  return state.FindPrincipal(key->principal_id)->principal.scope();
}

absl::Status CheckRegisterPrincipal(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::RegisterPrincipal>();
  if (!body.has_principal()) return PrincipalMissing();
  LEDGER_RETURN_IF_ERROR(ValidatePrincipal(body.principal(), state.division_code(), "principal"));
  const PrincipalRecord* existing = state.FindPrincipal(body.principal().principal_id());
  if (existing != nullptr) {
    return IdentityError(
        absl::StatusCode::kAlreadyExists,
        absl::StrCat("principal ", body.principal().principal_id(),
                     " is already registered (at index ", existing->registered_at, ")"));
  }
  return absl::OkStatus();
}

void CommitRegisterPrincipal(StateMutator& state, const Entry& entry, uint64_t index) {
  state.AddPrincipal(entry.As<v1::RegisterPrincipal>().principal(), index);
}

absl::Status CheckRegisterKey(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::RegisterKey>();
  LEDGER_RETURN_IF_ERROR(FindRegisteredPrincipal(state, body.principal_id()).status());
  LEDGER_ASSIGN_OR_RETURN(crypto::Ed25519PublicKey key,
                          ParsePublicKey(body.public_key(), "public_key", rules::kField));
  const KeyRecord* existing = state.FindKey(KeyIdOf(key));
  if (existing != nullptr) {
    return IdentityError(
        absl::StatusCode::kAlreadyExists,
        absl::StrCat("key ", existing->key_id, " is already registered to ", "principal ",
                     existing->principal_id, " (at index ", existing->registered_at, ")"));
  }
  return absl::OkStatus();
}

void CommitRegisterKey(StateMutator& state, const Entry& entry, uint64_t index) {
  const auto& body = entry.As<v1::RegisterKey>();
  state.AddKey(body.principal_id(),
               ParsePublicKey(body.public_key(), "public_key", rules::kField).value(), index);
}

absl::Status CheckRevokeKey(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::RevokeKey>();
  LEDGER_ASSIGN_OR_RETURN(const KeyRecord* key, FindRegisteredKey(state, body.key_id()));
  if (key->revoked_at.has_value()) {
    return IdentityError(absl::StatusCode::kFailedPrecondition,
                         absl::StrCat("key ", key->key_id, " of principal ", key->principal_id,
                                      " was already revoked at index ", *key->revoked_at));
  }
  LEDGER_RETURN_IF_ERROR(
      CheckText(body.reason(), "reason", kRevocationReasonRunesMax, rules::kField));
  if (!HasOtherRootAdministratorKey(state, key->key_id)) {
    return IdentityError(
        absl::StatusCode::kFailedPrecondition,
        absl::StrCat("revoking key ", key->key_id, " of principal ", key->principal_id,
                     " would leave the log without an administrator key (an unrevoked key of a "
                     "principal with role ADMINISTRATOR and scope ",
                     state.division_code(), ")"));
  }
  return absl::OkStatus();
}

void CommitRevokeKey(StateMutator& state, const Entry& entry, uint64_t index) {
  state.RevokeKey(entry.As<v1::RevokeKey>().key_id(), index);
}

}  // namespace ledger::state
