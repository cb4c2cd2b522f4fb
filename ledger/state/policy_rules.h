#ifndef LEDGER_STATE_POLICY_RULES_H_
#define LEDGER_STATE_POLICY_RULES_H_

// The ranges of the policy parameters (proto/ledger/v1/entry.proto, message Policy).

#include <cstddef>

#include "absl/status/status.h"
#include "ledger/v1/entry.pb.h"

namespace ledger::state {

inline constexpr size_t kCategoryCodeSizeMax = 32;
inline constexpr size_t kCategoriesMax = 100;  // per list

// Checks every parameter present in `patch` (absent ones are not looked at). Errors:
// kInvalidArgument, rule L-POLICY, naming the field and its value ("policy.notice_period_days
// is 0, must be 1 to 365"). kInternal if a Policy field has no rule here (a programming error
// the tests catch).
absl::Status ValidatePolicy(const v1::Policy& patch);

}  // namespace ledger::state

#endif  // LEDGER_STATE_POLICY_RULES_H_
