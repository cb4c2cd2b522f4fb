#include "ledger/state/policy_rules.h"

#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "ledger/state/field_rules.h"
#include "ledger/state/rules.h"
#include "ledger/util/rule_error.h"
#include "ledger/util/status_macros.h"

namespace ledger::state {
namespace {

using google::protobuf::FieldDescriptor;

struct Range {
  std::string_view field;
  int64_t min;
  int64_t max;
};

// The numeric parameters and their ranges, as entry.proto documents them.
constexpr int64_t kBasisPointsMax = 10'000;
constexpr Range kRanges[] = {
    {"notice_period_days", 1, 365},
    {"pv_public_welfare_share_bp", 0, kBasisPointsMax},
    {"advance_ceiling_bp", 0, kBasisPointsMax},
    {"retention_ceiling_bp", 0, kBasisPointsMax},
    {"retention_months", 0, 120},
    {"plan_overrun_bp", 0, kBasisPointsMax},
    {"idle_income_months", 1, 120},
    {"min_guaranteed_return_bp", 0, kBasisPointsMax},
    {"disposal_valuation_threshold_fen", 0, std::numeric_limits<int64_t>::max()},
};

absl::Status PolicyError(std::string_view message) {
  return RuleError(absl::StatusCode::kInvalidArgument, rules::kPolicy, message);
}

absl::Status CheckRange(const v1::Policy& patch, const FieldDescriptor& field, const Range& range) {
  const auto* reflection = patch.GetReflection();
  int64_t value = 0;
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_UINT32:
      value = reflection->GetUInt32(patch, &field);
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      value = reflection->GetInt64(patch, &field);
      break;
    default:
      return absl::InternalError(absl::StrCat("policy field ", field.name(), " is not numeric"));
  }
  if (value >= range.min && value <= range.max) return absl::OkStatus();
  if (range.max == std::numeric_limits<int64_t>::max()) {
    return PolicyError(
        absl::StrCat("policy.", field.name(), " is ", value, ", must be at least ", range.min));
  }
  return PolicyError(absl::StrCat("policy.", field.name(), " is ", value, ", must be ", range.min,
                                  " to ", range.max));
}

absl::Status CheckCategories(const v1::CategoryList& list, std::string_view name) {
  if (static_cast<size_t>(list.codes_size()) > kCategoriesMax) {
    return PolicyError(absl::StrCat("policy.", Sv(name), ".codes has ", list.codes_size(),
                                    " codes, the maximum is ", kCategoriesMax));
  }
  std::set<std::string_view> seen;
  for (int i = 0; i < list.codes_size(); ++i) {
    const std::string& code = list.codes(i);
    LEDGER_RETURN_IF_ERROR(CheckCode(code, absl::StrCat("policy.", Sv(name), ".codes[", i, "]"),
                                     kCategoryCodeSizeMax, rules::kPolicy));
    if (!seen.insert(code).second) {
      return PolicyError(absl::StrCat("policy.", Sv(name), ".codes has \"", code, "\" twice"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckProgressTargets(const v1::ProgressTargets& targets) {
  for (int i = 0; i < targets.targets_size(); ++i) {
    const v1::ProgressTarget& t = targets.targets(i);
    const std::string field = absl::StrCat("policy.progress_targets.targets[", i, "]");
    if (t.month() < 1 || t.month() > 12) {
      return PolicyError(absl::StrCat(field, ".month is ", t.month(), ", must be 1 to 12"));
    }
    if (t.target_bp() > kBasisPointsMax) {
      return PolicyError(
          absl::StrCat(field, ".target_bp is ", t.target_bp(), ", must be 0 to ", kBasisPointsMax));
    }
    if (i == 0) continue;
    const v1::ProgressTarget& previous = targets.targets(i - 1);
    if (t.month() <= previous.month()) {
      return PolicyError(absl::StrCat(field, ".month ", t.month(),
                                      " is not after the previous target's month ",
                                      previous.month()));
    }
    if (t.target_bp() < previous.target_bp()) {
      return PolicyError(absl::StrCat(field, ".target_bp ", t.target_bp(),
                                      " is below the previous target's ", previous.target_bp()));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckField(const v1::Policy& patch, const FieldDescriptor& field) {
  for (const Range& range : kRanges) {
    if (field.name() == range.field) return CheckRange(patch, field, range);
  }
  if (field.message_type() == v1::CategoryList::descriptor()) {
    return CheckCategories(
        static_cast<const v1::CategoryList&>(patch.GetReflection()->GetMessage(patch, &field)),
        field.name());
  }
  if (field.message_type() == v1::ProgressTargets::descriptor()) {
    return CheckProgressTargets(
        static_cast<const v1::ProgressTargets&>(patch.GetReflection()->GetMessage(patch, &field)));
  }
  return absl::InternalError(absl::StrCat("policy field ", field.name(), " has no rule"));
}

}  // namespace

absl::Status ValidatePolicy(const v1::Policy& patch) {
  std::vector<const FieldDescriptor*> present;
  patch.GetReflection()->ListFields(patch, &present);
  for (const FieldDescriptor* field : present) LEDGER_RETURN_IF_ERROR(CheckField(patch, *field));
  return absl::OkStatus();
}

}  // namespace ledger::state
