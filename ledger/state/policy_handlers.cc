// SetPolicy (设定政策): changes the rule parameters of the log.

#include "absl/strings/str_cat.h"
#include "ledger/state/handlers.h"
#include "ledger/state/policy_rules.h"
#include "ledger/state/rules.h"
#include "ledger/state/state.h"
#include "ledger/util/rule_error.h"

namespace ledger::state {

absl::Status CheckSetPolicy(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::SetPolicy>();
  // A SetPolicy that changes nothing would only leave auditors wondering what it was for.
  if (body.policy().ByteSizeLong() == 0) {
    return RuleError(absl::StatusCode::kInvalidArgument, rules::kPolicy,
                     "policy sets no parameter");
  }
  return ValidatePolicy(body.policy());
}

void CommitSetPolicy(StateMutator& state, const Entry& entry, uint64_t index) {
  state.MergePolicy(entry.As<v1::SetPolicy>().policy());
}

}  // namespace ledger::state
