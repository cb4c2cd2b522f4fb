#include "ledger/state/authorization.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "ledger/state/body_types.h"
#include "ledger/state/identity_rules.h"
#include "ledger/state/rules.h"
#include "ledger/state/state.h"
#include "ledger/util/check.h"
#include "ledger/util/rule_error.h"
#include "ledger/util/status_macros.h"

namespace ledger::state {
namespace {

std::string Describe(const PrincipalRecord& record) {
  return absl::StrCat("principal ", record.principal.principal_id(), " (roles ",
                      RoleNames(record.principal), ", scope ", record.principal.scope(), ")");
}

std::string Required(const std::vector<v1::Role>& roles) {
  if (roles.empty()) return "it is only the log's first entry";
  std::string names;
  for (v1::Role role : roles) absl::StrAppend(&names, names.empty() ? "" : " or ", RoleName(role));
  return absl::StrCat("requires ", names);
}

bool HoldsOneOf(const v1::Principal& principal, const std::vector<v1::Role>& roles) {
  return std::any_of(principal.roles().begin(), principal.roles().end(), [&](int held) {
    return std::find(roles.begin(), roles.end(), held) != roles.end();
  });
}

}  // namespace

absl::StatusOr<std::string> JurisdictionScope(const LedgerState& state, const Entry& entry) {
  return state.division_code();
}

absl::Status Authorize(const LedgerState& state, const Entry& entry,
                       const Authorization& authorization) {
  const PrincipalRecord* record = state.FindPrincipal(entry.header().principal_id());
  // Step 4 found the principal's key, and keys belong to registered principals.
  LEDGER_CHECK(record != nullptr);
  if (!HoldsOneOf(record->principal, authorization.roles)) {
    return RuleError(absl::StatusCode::kPermissionDenied, rules::kAuth,
                     absl::StrCat(Describe(*record), " may not submit ", entry.payload_type(), ": ",
                                  Required(authorization.roles)));
  }
  LEDGER_ASSIGN_OR_RETURN(std::string subject, authorization.subject_scope(state, entry));
  if (!subject.starts_with(record->principal.scope())) {
    return RuleError(
        absl::StatusCode::kPermissionDenied, rules::kAuth,
        absl::StrCat(Describe(*record), " may not submit ", entry.payload_type(), " for scope ",
                     subject, ": requires a principal whose scope ", "contains it"));
  }
  return absl::OkStatus();
}

std::string SubjectOf(const LedgerState& state, const Entry& entry) {
  const BodyType* type = FindBodyType(entry.payload_type());
  if (type == nullptr || type->authorization.subject_scope == nullptr) {
    return state.division_code();
  }
  absl::StatusOr<std::string> subject = type->authorization.subject_scope(state, entry);
  return subject.ok() ? *std::move(subject) : state.division_code();
}

std::vector<AuthorizationRow> AuthorizationTable() {
  std::vector<AuthorizationRow> rows;
  for (const BodyType& type : BodyTypes()) {
    rows.push_back(AuthorizationRow{type.payload_type(), type.authorization.roles,
                                    type.authorization.subject});
  }
  return rows;
}

bool RoleMaySubmit(v1::Role role, std::string_view payload_type) {
  const BodyType* type = FindBodyType(payload_type);
  if (type == nullptr) return false;
  const std::vector<v1::Role>& roles = type->authorization.roles;
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

}  // namespace ledger::state
