#include "ledger/util/rule_error.h"

#include <string>

#include "absl/strings/cord.h"
#include "absl/types/optional.h"

namespace ledger {

absl::Status RuleError(absl::StatusCode code, std::string_view rule, std::string_view message) {
  absl::Status status(code, absl::string_view(message.data(), message.size()));
  status.SetPayload(absl::string_view(kRulePayloadUrl.data(), kRulePayloadUrl.size()),
                    absl::Cord(absl::string_view(rule.data(), rule.size())));
  return status;
}

std::string RuleOf(const absl::Status& status) {
  // Debian's Abseil has its own absl::optional, distinct from std::optional.
  absl::optional<absl::Cord> rule =
      status.GetPayload(absl::string_view(kRulePayloadUrl.data(), kRulePayloadUrl.size()));
  return rule.has_value() ? std::string(*rule) : std::string();
}

absl::Status WithRule(absl::Status status, std::string_view rule) {
  if (status.ok() || !RuleOf(status).empty()) return status;
  status.SetPayload(absl::string_view(kRulePayloadUrl.data(), kRulePayloadUrl.size()),
                    absl::Cord(absl::string_view(rule.data(), rule.size())));
  return status;
}

}  // namespace ledger
