// SetPolicy and the default policy.

#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "ledger/state/canonical_payload.h"
#include "ledger/state/policy_rules.h"
#include "ledger/state/state.h"
#include "ledger/state/state_testing.h"
#include "ledger/util/rule_error.h"

namespace ledger::state {
namespace {

using testing::DumpState;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::kAdminId;
using testing::TestKey;
using testing::TestLog;

std::vector<std::string> Codes(const v1::CategoryList& list) {
  return {list.codes().begin(), list.codes().end()};
}

TEST(DefaultPolicyTest, HasTheSpecifiedDefaults) {
  const v1::Policy p = DefaultPolicy();
  EXPECT_EQ(p.notice_period_days(), 10u);
  EXPECT_EQ(p.pv_public_welfare_share_bp(), 8000u);
  EXPECT_EQ(p.advance_ceiling_bp(), 3000u);
  EXPECT_EQ(p.retention_ceiling_bp(), 1000u);
  EXPECT_EQ(p.retention_months(), 12u);
  EXPECT_EQ(p.plan_overrun_bp(), 1000u);
  EXPECT_EQ(p.idle_income_months(), 12u);
  EXPECT_EQ(p.min_guaranteed_return_bp(), 600u);
  EXPECT_EQ(p.disposal_valuation_threshold_fen(), 5'000'000);
  EXPECT_THAT(Codes(p.negative_list_categories()),
              ElementsAre("basic_expenditure", "vehicles_and_communication", "buildings",
                          "bonuses_and_allowances", "debt_repayment"));
  EXPECT_THAT(Codes(p.prohibited_distribution_categories()),
              ElementsAre("village_committee_basic", "welfare_subsidies", "debt_repayment"));
  EXPECT_TRUE(p.has_progress_targets());
  EXPECT_EQ(p.progress_targets().targets_size(), 0);
}

TEST(DefaultPolicyTest, EveryFieldIsPresentAndValid) {
  // A new Policy field must get a default and a rule (ValidatePolicy returns kInternal for a
  // field without one).
  const v1::Policy p = DefaultPolicy();
  std::vector<const google::protobuf::FieldDescriptor*> present;
  p.GetReflection()->ListFields(p, &present);
  EXPECT_EQ(static_cast<int>(present.size()), v1::Policy::descriptor()->field_count());
  EXPECT_TRUE(ValidatePolicy(p).ok()) << ValidatePolicy(p);
  LedgerState state{std::string(testing::kOrigin)};
  EXPECT_EQ(SerializeCanonical(state.policy()), SerializeCanonical(p));
}

TEST(SetPolicyTest, ChangesOnlyThePresentParameters) {
  TestLog log;
  log.Standard();
  v1::Policy patch;
  patch.set_notice_period_days(15);
  patch.set_advance_ceiling_bp(0);  // present with value 0: set to 0, not "unchanged"
  auto first = TestLog::SetPolicy(patch);
  ASSERT_TRUE(log.Submit(first, kAdminId, TestKey(1)).ok());
  v1::Policy expected = DefaultPolicy();
  expected.set_notice_period_days(15);
  expected.set_advance_ceiling_bp(0);
  EXPECT_EQ(SerializeCanonical(log.state().policy()), SerializeCanonical(expected));

  // Lists are replaced as a whole, not appended to; an empty list is a value.
  v1::Policy lists;
  lists.mutable_negative_list_categories()->add_codes("buildings");
  lists.mutable_prohibited_distribution_categories();
  auto* target = lists.mutable_progress_targets()->add_targets();
  target->set_month(6);
  target->set_target_bp(5000);
  auto second = TestLog::SetPolicy(lists);
  ASSERT_TRUE(log.Submit(second, kAdminId, TestKey(1)).ok());
  const v1::Policy& p = log.state().policy();
  EXPECT_THAT(Codes(p.negative_list_categories()), ElementsAre("buildings"));
  EXPECT_TRUE(p.has_prohibited_distribution_categories());
  EXPECT_EQ(p.prohibited_distribution_categories().codes_size(), 0);
  ASSERT_EQ(p.progress_targets().targets_size(), 1);
  EXPECT_EQ(p.progress_targets().targets(0).month(), 6u);
  EXPECT_EQ(p.notice_period_days(), 15u);  // earlier changes stay
  EXPECT_EQ(p.pv_public_welfare_share_bp(), 8000u);
}

struct PolicyCase {
  const char* name;
  std::function<void(v1::Policy&)> edit;
  const char* message;  // empty: accepted
};

class PolicyRuleTest : public ::testing::TestWithParam<PolicyCase> {};

TEST_P(PolicyRuleTest, Decides) {
  const PolicyCase& c = GetParam();
  TestLog log;
  log.Standard();
  v1::Policy patch;
  c.edit(patch);
  auto body = TestLog::SetPolicy(patch);
  const std::string before = DumpState(log.state());
  absl::Status s = log.Submit(body, kAdminId, TestKey(1));
  if (std::string_view(c.message).empty()) {
    EXPECT_TRUE(s.ok()) << s;
  } else {
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
    EXPECT_EQ(RuleOf(s), "L-POLICY") << s;
    EXPECT_THAT(std::string(s.message()), HasSubstr(c.message));
    EXPECT_EQ(DumpState(log.state()), before);
  }
}

v1::ProgressTarget Target(uint32_t month, uint32_t bp) {
  v1::ProgressTarget t;
  t.set_month(month);
  t.set_target_bp(bp);
  return t;
}

void SetTargets(v1::Policy& p, const std::vector<v1::ProgressTarget>& targets) {
  for (const auto& t : targets) *p.mutable_progress_targets()->add_targets() = t;
}

std::vector<PolicyCase> PolicyCases() {
  return {
      {"Empty", [](auto& p) {}, "policy sets no parameter"},
      {"NoticeMin", [](auto& p) { p.set_notice_period_days(1); }, ""},
      {"NoticeZero", [](auto& p) { p.set_notice_period_days(0); },
       "policy.notice_period_days is 0, must be 1 to 365"},
      {"NoticeMax", [](auto& p) { p.set_notice_period_days(365); }, ""},
      {"NoticeTooLong", [](auto& p) { p.set_notice_period_days(366); },
       "policy.notice_period_days is 366, must be 1 to 365"},
      {"PvShareMax", [](auto& p) { p.set_pv_public_welfare_share_bp(10000); }, ""},
      {"PvShareOver", [](auto& p) { p.set_pv_public_welfare_share_bp(10001); },
       "policy.pv_public_welfare_share_bp is 10001, must be 0 to 10000"},
      {"AdvanceOver", [](auto& p) { p.set_advance_ceiling_bp(10001); },
       "policy.advance_ceiling_bp is 10001"},
      {"RetentionOver", [](auto& p) { p.set_retention_ceiling_bp(20000); },
       "policy.retention_ceiling_bp is 20000"},
      {"RetentionMonthsZero", [](auto& p) { p.set_retention_months(0); }, ""},
      {"RetentionMonthsOver", [](auto& p) { p.set_retention_months(121); },
       "policy.retention_months is 121, must be 0 to 120"},
      {"PlanOverrunOver", [](auto& p) { p.set_plan_overrun_bp(4294967295u); },
       "policy.plan_overrun_bp is 4294967295, must be 0 to 10000"},
      {"IdleZero", [](auto& p) { p.set_idle_income_months(0); },
       "policy.idle_income_months is 0, must be 1 to 120"},
      {"IdleMax", [](auto& p) { p.set_idle_income_months(120); }, ""},
      {"MinReturnOver", [](auto& p) { p.set_min_guaranteed_return_bp(10001); },
       "policy.min_guaranteed_return_bp is 10001"},
      {"ThresholdZero", [](auto& p) { p.set_disposal_valuation_threshold_fen(0); }, ""},
      {"ThresholdNegative", [](auto& p) { p.set_disposal_valuation_threshold_fen(-1); },
       "policy.disposal_valuation_threshold_fen is -1, must be at least 0"},
      {"ThresholdHuge", [](auto& p) { p.set_disposal_valuation_threshold_fen(INT64_MAX); }, ""},
      {"CategoriesEmptyList", [](auto& p) { p.mutable_negative_list_categories(); }, ""},
      {"CategoryEmpty",
       [](auto& p) {
         p.mutable_negative_list_categories()->add_codes("buildings");
         p.mutable_negative_list_categories()->add_codes("");
       },
       "policy.negative_list_categories.codes[1] is empty"},
      {"CategoryWithSpace",
       [](auto& p) { p.mutable_prohibited_distribution_categories()->add_codes("debt repayment"); },
       "policy.prohibited_distribution_categories.codes[0] \"debt repayment\" has a character "
       "outside [A-Za-z0-9._-]"},
      {"CategoryOf32",
       [](auto& p) { p.mutable_negative_list_categories()->add_codes(std::string(32, 'c')); }, ""},
      {"CategoryOf33",
       [](auto& p) { p.mutable_negative_list_categories()->add_codes(std::string(33, 'c')); },
       "policy.negative_list_categories.codes[0] is 33 characters, the maximum is 32"},
      {"CategoryTwice",
       [](auto& p) {
         p.mutable_negative_list_categories()->add_codes("buildings");
         p.mutable_negative_list_categories()->add_codes("vehicles");
         p.mutable_negative_list_categories()->add_codes("buildings");
       },
       "policy.negative_list_categories.codes has \"buildings\" twice"},
      {"CategoriesAtTheCap",
       [](auto& p) {
         for (int i = 0; i < 100; ++i)
           p.mutable_negative_list_categories()->add_codes(absl::StrCat("c", i));
       },
       ""},
      {"TooManyCategories",
       [](auto& p) {
         for (int i = 0; i < 101; ++i)
           p.mutable_negative_list_categories()->add_codes(absl::StrCat("c", i));
       },
       "policy.negative_list_categories.codes has 101 codes, the maximum is 100"},
      {"TargetsEmptyList", [](auto& p) { p.mutable_progress_targets(); }, ""},
      {"TargetsValid",
       [](auto& p) {
         SetTargets(p, {Target(3, 2000), Target(6, 5000), Target(9, 5000), Target(12, 10000)});
       },
       ""},
      {"TargetMonthZero", [](auto& p) { SetTargets(p, {Target(0, 100)}); },
       "policy.progress_targets.targets[0].month is 0, must be 1 to 12"},
      {"TargetMonth13",
       [](auto& p) {
         SetTargets(p, {Target(6, 100), Target(13, 200)});
       },
       "policy.progress_targets.targets[1].month is 13, must be 1 to 12"},
      {"TargetOver", [](auto& p) { SetTargets(p, {Target(12, 10001)}); },
       "policy.progress_targets.targets[0].target_bp is 10001, must be 0 to 10000"},
      {"TargetMonthRepeated",
       [](auto& p) {
         SetTargets(p, {Target(3, 1000), Target(3, 2000)});
       },
       "policy.progress_targets.targets[1].month 3 is not after the previous target's month 3"},
      {"TargetMonthsDecreasing",
       [](auto& p) {
         SetTargets(p, {Target(6, 1000), Target(3, 2000)});
       },
       "targets[1].month 3 is not after the previous target's month 6"},
      {"TargetDecreasing",
       [](auto& p) {
         SetTargets(p, {Target(6, 5000), Target(9, 4000)});
       },
       "policy.progress_targets.targets[1].target_bp 4000 is below the previous target's 5000"},
  };
}

INSTANTIATE_TEST_SUITE_P(Policy, PolicyRuleTest, ::testing::ValuesIn(PolicyCases()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(SetPolicyTest, RejectsAMissingPolicy) {
  TestLog log;
  log.Standard();
  v1::SetPolicy body;
  absl::Status s = log.Submit(body, kAdminId, TestKey(1));
  EXPECT_EQ(RuleOf(s), "L-POLICY") << s;
  EXPECT_EQ(s.message(), "policy sets no parameter");
}

}  // namespace
}  // namespace ledger::state
