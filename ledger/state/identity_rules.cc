#include "ledger/state/identity_rules.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "ledger/state/field_rules.h"
#include "ledger/state/rules.h"
#include "ledger/util/rule_error.h"
#include "ledger/util/status_macros.h"

namespace ledger::state {
namespace {

absl::Status FieldError(std::string_view message) {
  return RuleError(absl::StatusCode::kInvalidArgument, rules::kField, message);
}

std::string WithoutPrefix(const std::string& name, std::string_view prefix) {
  return name.starts_with(prefix) ? name.substr(prefix.size()) : name;
}

absl::Status CheckRoles(const v1::Principal& principal, std::string_view field) {
  if (principal.roles().empty()) return FieldError(absl::StrCat(Sv(field), ".roles is empty"));
  std::set<int> seen;
  for (int i = 0; i < principal.roles_size(); ++i) {
    const int role = principal.roles(i);
    if (role == v1::ROLE_UNSPECIFIED || !v1::Role_IsValid(role)) {
      return FieldError(absl::StrCat(Sv(field), ".roles[", i, "] is ", role,
                                     ", not a known role other than ROLE_UNSPECIFIED"));
    }
    if (!seen.insert(role).second) {
      return FieldError(absl::StrCat(Sv(field), ".roles has ", RoleName(role), " twice"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string RoleName(int role) {
  if (!v1::Role_IsValid(role)) return absl::StrCat("role ", role);
  return WithoutPrefix(v1::Role_Name(static_cast<v1::Role>(role)), "ROLE_");
}

std::string RoleNames(const v1::Principal& principal) {
  std::string names;
  for (int role : principal.roles()) {
    absl::StrAppend(&names, names.empty() ? "" : ", ", RoleName(role));
  }
  return names;
}

std::string KindName(int kind) {
  if (!v1::PrincipalKind_IsValid(kind)) return absl::StrCat("kind ", kind);
  return WithoutPrefix(v1::PrincipalKind_Name(static_cast<v1::PrincipalKind>(kind)),
                       "PRINCIPAL_KIND_");
}

absl::Status CheckScopeFormat(std::string_view scope, std::string_view field) {
  if (IsDigits(scope) && (scope.size() == 6 || scope.size() == 9 || scope.size() == 12)) {
    return absl::OkStatus();
  }
  return FieldError(absl::StrCat(Sv(field), " ", QuoteForError(scope),
                                 " is not an administrative division code of 6, 9 or 12 digits"));
}

absl::Status ValidatePrincipal(const v1::Principal& principal, std::string_view division_code,
                               std::string_view field) {
  LEDGER_RETURN_IF_ERROR(CheckCode(principal.principal_id(),
                                   absl::StrCat(Sv(field), ".principal_id"), kPrincipalIdSizeMax,
                                   rules::kField));
  LEDGER_RETURN_IF_ERROR(CheckText(principal.name(), absl::StrCat(Sv(field), ".name"),
                                   kPrincipalNameRunesMax, rules::kField));
  if (principal.kind() == v1::PRINCIPAL_KIND_UNSPECIFIED ||
      !v1::PrincipalKind_IsValid(principal.kind())) {
    return FieldError(absl::StrCat(Sv(field), ".kind is ", principal.kind(),
                                   ", not a known kind other than PRINCIPAL_KIND_UNSPECIFIED"));
  }
  LEDGER_RETURN_IF_ERROR(CheckScopeFormat(principal.scope(), absl::StrCat(Sv(field), ".scope")));
  if (!principal.scope().starts_with(division_code)) {
    return RuleError(absl::StatusCode::kInvalidArgument, rules::kIdentity,
                     absl::StrCat(Sv(field), ".scope ", principal.scope(),
                                  " lies outside the log's jurisdiction ", Sv(division_code)));
  }
  LEDGER_RETURN_IF_ERROR(CheckRoles(principal, field));
  for (int role : principal.roles()) {
    if (role == v1::ROLE_ADMINISTRATOR && principal.kind() != v1::PRINCIPAL_KIND_ADMINISTRATOR) {
      return RuleError(absl::StatusCode::kInvalidArgument, rules::kIdentity,
                       absl::StrCat(Sv(field), " ", principal.principal_id(), " of kind ",
                                    KindName(principal.kind()),
                                    " may not hold role ADMINISTRATOR: only principals of kind "
                                    "ADMINISTRATOR may"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<crypto::Ed25519PublicKey> ParsePublicKey(std::string_view bytes,
                                                        std::string_view field,
                                                        std::string_view rule) {
  if (bytes.size() != crypto::kEd25519PublicKeySize) {
    return RuleError(absl::StatusCode::kInvalidArgument, rule,
                     absl::StrCat(Sv(field), " is ", bytes.size(), " bytes, must be ",
                                  crypto::kEd25519PublicKeySize));
  }
  absl::StatusOr<crypto::Ed25519PublicKey> key = crypto::Ed25519PublicKey::FromBytes(bytes);
  if (!key.ok()) {
    return RuleError(absl::StatusCode::kInvalidArgument, rule,
                     absl::StrCat(Sv(field), " is not a valid Ed25519 public key"));
  }
  return key;
}

}  // namespace ledger::state
