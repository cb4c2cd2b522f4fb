#include "ledger/state/distribution_rules.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "ledger/state/field_rules.h"
#include "ledger/state/rules.h"
#include "ledger/state/state.h"
#include "ledger/util/rule_error.h"

namespace ledger::state {

absl::Status IncomeError(absl::StatusCode code, std::string_view message) {
  return RuleError(code, rules::kIncome, message);
}

absl::StatusOr<const PlanRecord*> FindPlan(const LedgerState& state, std::string_view plan_id) {
  const PlanRecord* plan = state.distributions().FindPlan(plan_id);
  if (plan == nullptr) {
    return IncomeError(
        absl::StatusCode::kNotFound,
        absl::StrCat("distribution plan ", QuoteForError(plan_id), " is not recorded in this log"));
  }
  return plan;
}

std::string PlanIdOf(const Entry& entry) {
  const google::protobuf::Message& body = *entry.body;
  const google::protobuf::FieldDescriptor* field = body.GetDescriptor()->FindFieldByName("plan_id");
  if (field == nullptr || field->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
      field->is_repeated()) {
    return "";
  }
  return body.GetReflection()->GetString(body, field);
}

const v1::Principal* Signer(const LedgerState& state, const Entry& entry) {
  const PrincipalRecord* record = state.FindPrincipal(entry.header().principal_id());
  return record == nullptr ? nullptr : &record->principal;
}

bool IsPhotovoltaic(v1::AssetCategory category) {
  return category == v1::ASSET_CATEGORY_PHOTOVOLTAIC_STATION ||
         category == v1::ASSET_CATEGORY_HOUSEHOLD_PHOTOVOLTAIC;
}

}  // namespace ledger::state
