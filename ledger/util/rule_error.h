#ifndef LEDGER_UTIL_RULE_ERROR_H_
#define LEDGER_UTIL_RULE_ERROR_H_

// Errors that name the rule they enforce.
//
// A rejected entry carries a canonical status code, a rule id and a message with the numbers
// involved. The rule id is "R1".."R32" for the field's rules (DOMAIN.md §5) or "L-..." for the
// log's own rules (docs/FORMATS.md §10, e.g. "L-SIGNATURE"). It travels as a payload of
// absl::Status, so one error type flows from the state machine to the gRPC edge:
//
//   return RuleError(absl::StatusCode::kFailedPrecondition, "R3",
//                    "disbursement of 1200 fen exceeds the 1000 fen approved");
//   ...
//   std::string rule = RuleOf(status);   // "R3", or "" for an error without a rule

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace ledger {

// The payload URL under which the rule id is stored.
inline constexpr std::string_view kRulePayloadUrl = "type.ledger/rule";

// A status with `code` (not kOk), `message` and the rule id `rule` (non-empty).
absl::Status RuleError(absl::StatusCode code, std::string_view rule, std::string_view message);

// The rule id of `status`, or "" if it has none.
std::string RuleOf(const absl::Status& status);

// `status` with `rule` attached if it has none yet (ok statuses are returned unchanged).
absl::Status WithRule(absl::Status status, std::string_view rule);

}  // namespace ledger

#endif  // LEDGER_UTIL_RULE_ERROR_H_
