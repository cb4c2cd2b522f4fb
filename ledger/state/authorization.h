#ifndef LEDGER_STATE_AUTHORIZATION_H_
#define LEDGER_STATE_AUTHORIZATION_H_

// Who may submit what (state.h, step 5): for each body type, the roles that may submit it and
// how to find the administrative scope the entry is about (its subject). A principal may submit
// an entry iff it holds one of the roles and its scope is a prefix of the subject's scope (a
// county principal "341721" acts for its townships "341721001" and their villages; a township
// principal does not act for the county or for another township).
//
// The cells live in the one table of body types (body_types.cc), one line per type, beside the
// type's handler; AuthorizationTable() lists them for documentation and tests.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/state/entry.h"
#include "ledger/v1/entry.pb.h"

namespace ledger::state {

class LedgerState;

// The administrative division code the entry is about, or the error that makes the entry
// unacceptable before authorization can even be decided (e.g. L-IDENTITY kNotFound for a key
// registration naming an unknown principal).
using SubjectScopeFn = absl::StatusOr<std::string> (*)(const LedgerState& state,
                                                       const Entry& entry);

struct Authorization {
  // Any one of these roles suffices. Empty for Genesis, which no registered principal submits:
  // it creates the first one (its own checks are L-GENESIS).
  std::vector<v1::Role> roles;
  // Null exactly when `roles` is empty.
  SubjectScopeFn subject_scope = nullptr;
  // What the subject is, in words, for the documentation ("the log's jurisdiction").
  std::string_view subject;
};

// The subject of entries about the whole log (policy): the log's division code.
absl::StatusOr<std::string> JurisdictionScope(const LedgerState& state, const Entry& entry);

// Decides step 5 for `entry`, submitted by header().principal_id (which must be registered), with
// the rules of its body type. Error: kPermissionDenied, rule L-AUTH, naming the principal, its
// roles and scope, the body type and what is required; or the subject function's error.
absl::Status Authorize(const LedgerState& state, const Entry& entry,
                       const Authorization& authorization);

// The division `entry` is about, as its row of the table says, for deciding who may read it
// (services/grpc/read_access.h): the subject of its authorization, evaluated against `state`
// (which may be later than the entry: subjects are fixed when their record is created). The
// log's own division for Genesis, for an unknown payload type and when the subject cannot be
// found, so that only readers of the whole log see such an entry.
std::string SubjectOf(const LedgerState& state, const Entry& entry);

// One row per body type, in the table's order.
struct AuthorizationRow {
  std::string payload_type;
  std::vector<v1::Role> roles;
  std::string_view subject;
};
std::vector<AuthorizationRow> AuthorizationTable();

// Whether `role` may submit `payload_type` (scope aside). False for unknown payload types.
bool RoleMaySubmit(v1::Role role, std::string_view payload_type);

}  // namespace ledger::state

#endif  // LEDGER_STATE_AUTHORIZATION_H_
