// Distribution entries: the plan (R19, R20, R21, R23), township review and county filing (R20),
// announcements (R11, R20, R26), payments (R19, R20, R24) and the result (R20). Scenarios are
// tables of lines applied in order on the distribution fixture (state_testing.h); a rejected line
// leaves the state exactly as it was, and after every line no owner has committed more than was
// booked to it and no plan has paid more than it allocates.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/state/distribution_state.h"
#include "ledger/state/income_state.h"
#include "ledger/state/state.h"
#include "ledger/state/state_testing.h"
#include "ledger/util/status_macros.h"

namespace ledger::state {
namespace {

using testing::AdvancePlan;
using testing::Allocation;
using testing::AsPm;
using testing::AsTownship;
using testing::AsVillage;
using testing::By;
using testing::kAdminId;
using testing::kProjectManagerId;
using testing::kTownshipId;
using testing::kVillageAccountantId;
using testing::Line;
using testing::MakeAnnouncement;
using testing::MakeDistributionPayment;
using testing::MakeDistributionPlan;
using testing::MakeDistributionResult;
using testing::MakeDistributionReview;
using testing::MakeFiling;
using testing::MakeIncome;
using testing::MakePrincipal;
using testing::PaymentLine;
using testing::PlanStep;
using testing::StandardAllocations;
using testing::TestKey;
using testing::TestLog;
using testing::VillageParty;
using Code = absl::StatusCode;

constexpr std::string_view kPosts = "public_welfare_post_wages";
constexpr std::string_view kLabour = "public_welfare_labour";
constexpr std::string_view kWorks = "small_public_works";
// PartyKey(VillageParty()).
constexpr std::string_view kVillageKey = "3/341721001001/村股份经济合作社";

std::function<absl::Status(TestLog&)> Do(std::function<void(TestLog&)> step) {
  return [step = std::move(step)](TestLog& log) {
    step(log);
    return absl::OkStatus();
  };
}

// Registers principal `id` of `kind` with `role` and `scope`, with key `key`.
std::function<absl::Status(TestLog&)> AddPrincipal(std::string_view id, v1::PrincipalKind kind,
                                                   v1::Role role, std::string_view scope,
                                                   uint8_t key) {
  return [=, id = std::string(id), scope = std::string(scope)](TestLog& log) {
    auto principal = TestLog::RegisterPrincipal(MakePrincipal(id, kind, scope, {role}));
    LEDGER_RETURN_IF_ERROR(log.Submit(principal, kAdminId, TestKey(1)));
    auto registration = TestLog::RegisterKey(id, key);
    return log.Submit(registration, kAdminId, TestKey(1));
  };
}

void ExpectInvariants(const LedgerState& state) {
  const DistributionState& distributions = state.distributions();
  for (const auto& [id, plan] : distributions.plans()) {
    EXPECT_LE(distributions.CommittedBy(plan.owner_key), state.incomes().BookedTo(plan.owner_key))
        << id;
    EXPECT_LE(plan.paid_fen, plan.plan.total_fen()) << id;
    int64_t paid = 0;
    for (const auto& [category, fen] : plan.paid_by_category) {
      EXPECT_LE(fen, plan.AllocationOf(category)) << id << " " << category;
      paid += fen;
    }
    EXPECT_EQ(paid, plan.paid_fen) << id;
    int64_t lines = 0;
    for (const std::string& payment : plan.payment_ids) {
      for (const auto& line : distributions.FindPayment(payment)->payment.lines()) {
        lines += line.amount_fen();
      }
    }
    EXPECT_EQ(lines, plan.paid_fen) << id;
  }
}

void RunScenario(const std::vector<Line>& lines) {
  TestLog log;
  log.Standard();
  testing::FundFixture(log);
  testing::AssetFixture(log);
  testing::DistributionFixture(log);
  testing::RunLines(log, lines, ExpectInvariants);
}

v1::DistributionPlan StandardPlan(std::string_view id) {
  return MakeDistributionPlan(id, {"I1"}, StandardAllocations());
}

TEST(DistributionScenarioTest, TheChainInOrder) {
  auto county_plan = StandardPlan("DP1");
  county_plan.mutable_owner()->set_kind(v1::PARTY_KIND_COUNTY);
  auto early_review = MakeDistributionReview("DP1", true, "2026-09-05");
  auto short_notice = MakeAnnouncement("AN1", v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_PLAN, "DP1",
                                       "2026-09-21", "2026-09-29");
  auto notice_before_meeting = MakeAnnouncement("AN1", v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_PLAN,
                                                "DP1", "2026-09-01", "2026-09-20");
  auto notice = MakeAnnouncement("AN1", v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_PLAN, "DP1");
  auto result_notice = MakeAnnouncement("AN2", v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_RESULT, "DP1",
                                        "2026-10-21", "2026-10-30");
  auto pay = [](std::string_view id, std::vector<v1::DistributionPaymentLine> lines,
                std::string_view date = "2026-10-08") {
    return MakeDistributionPayment(id, "DP1", lines, date);
  };
  RunScenario({
      {"not adopted", AsVillage(MakeDistributionPlan("DP1", {"I1"}, StandardAllocations(), 20)),
       Code::kFailedPrecondition, "R20",
       "R20: resolution 村民代表大会决议〔2026〕8号 has 20 votes for out of an attendance of 40, "
       "not a majority; a plan is recorded only once adopted"},
      {"drafted by the county", AsPm(StandardPlan("DP1")), Code::kPermissionDenied, "R20",
       "R20: the plan of owner 3/341721001001/村股份经济合作社 is submitted by that unit's own "
       "principal (scope 341721001001); pm-341721 has scope 341721"},
      {"unknown plan", AsTownship(MakeDistributionReview("DP1")), Code::kNotFound, "L-INCOME",
       "distribution plan \"DP1\" is not recorded in this log"},
      {"adopted", AsVillage(StandardPlan("DP1"))},
      {"duplicate plan", AsVillage(StandardPlan("DP1")), Code::kAlreadyExists, "L-INCOME",
       "distribution plan DP1 is already recorded"},
      {"filing before the review", AsPm(MakeFiling("DP1")), Code::kFailedPrecondition, "R20",
       "R20: the county filing of distribution plan DP1 needs the township review first"},
      {"payment before everything", AsVillage(pay("PAY1", {PaymentLine("hh-001", kPosts, 6'000)})),
       Code::kFailedPrecondition, "R20",
       "R20: payment on 2026-10-08 under distribution plan DP1 needs the township review, the "
       "county filing, an announcement of the plan (none recorded) first"},
      {"another township", AddPrincipal("town-341721002", v1::PRINCIPAL_KIND_TOWNSHIP,
                                        v1::ROLE_TOWNSHIP_REVIEWER, "341721002", 5)},
      {"reviewed by another township", By("town-341721002", 5, MakeDistributionReview("DP1")),
       Code::kPermissionDenied, "L-AUTH", "for scope 341721001001"},
      {"a county reviewer", AddPrincipal("reviewer-341721", v1::PRINCIPAL_KIND_INDUSTRY_DEPARTMENT,
                                         v1::ROLE_TOWNSHIP_REVIEWER, "341721", 6)},
      {"reviewed by the county", By("reviewer-341721", 6, MakeDistributionReview("DP1")),
       Code::kPermissionDenied, "R20",
       "R20: the review of a plan of 341721001001 is by township 341721001; reviewer-341721 has "
       "scope 341721"},
      {"review before the meeting", AsTownship(early_review), Code::kFailedPrecondition, "R20",
       "R20: date 2026-09-05 precedes the previous step of distribution plan DP1 on 2026-09-10"},
      {"reviewed", AsTownship(MakeDistributionReview("DP1"))},
      {"reviewed again", AsTownship(MakeDistributionReview("DP1")), Code::kFailedPrecondition,
       "L-INCOME", "distribution plan DP1 is past this step (it is reviewed)"},
      {"a township project manager", AddPrincipal("pm-341721001", v1::PRINCIPAL_KIND_TOWNSHIP,
                                                  v1::ROLE_PROJECT_MANAGER, "341721001", 7)},
      {"filed by the township", By("pm-341721001", 7, MakeFiling("DP1")), Code::kPermissionDenied,
       "R20", "R20: the filing is by a county principal (scope 341721); pm-341721001 has scope"},
      {"filed", AsPm(MakeFiling("DP1"))},
      {"notice too short", AsVillage(short_notice), Code::kFailedPrecondition, "R20",
       "R20: the announcement runs 9 days (2026-09-21 to 2026-09-29), less than the policy's "
       "notice period of 10 days"},
      {"notice before the meeting", AsVillage(notice_before_meeting), Code::kFailedPrecondition,
       "R20", "R20: the announcement starts on 2026-09-01, before its subject's date 2026-09-10"},
      {"announced", AsVillage(notice)},
      {"duplicate announcement", AsVillage(notice), Code::kAlreadyExists, "L-INCOME",
       "announcement AN1 is already recorded"},
      {"payment before the notice ends",
       AsVillage(pay("PAY1", {PaymentLine("hh-001", kPosts, 6'000)}, "2026-09-30")),
       Code::kFailedPrecondition, "R20",
       "R20: payment on 2026-09-30 under distribution plan DP1 needs an announcement of the plan "
       "ended before 2026-09-30 (AN1 runs 2026-09-21 to 2026-09-30) first"},
      {"result before payment", AsVillage(MakeDistributionResult("DP1")), Code::kFailedPrecondition,
       "R20", "R20: the result of distribution plan DP1 follows its payments; none is recorded"},
      {"result notice before the result", AsVillage(result_notice), Code::kFailedPrecondition,
       "R20", "R20: the result of distribution plan DP1 is announced after it is recorded"},
      {"paid", AsVillage(pay("PAY1", {PaymentLine("hh-001", kPosts, 6'000)}))},
      {"duplicate payment", AsVillage(pay("PAY1", {PaymentLine("hh-002", kLabour, 100)})),
       Code::kAlreadyExists, "L-INCOME", "distribution payment PAY1 is already recorded"},
      {"unknown plan paid",
       AsVillage(MakeDistributionPayment("PAY2", "DP9", {PaymentLine("hh-002", kLabour, 100)})),
       Code::kNotFound, "L-INCOME", "distribution plan \"DP9\" is not recorded in this log"},
      {"R19 over the allocation", AsVillage(pay("PAY2", {PaymentLine("hh-002", kLabour, 1'001)})),
       Code::kFailedPrecondition, "R19",
       "R19: payment PAY2 pays 10.01 yuan for public_welfare_labour; distribution plan DP1 "
       "allocates 10.00 yuan to it, of which 0.00 yuan is already paid"},
      {"R19 over the allocation in two lines",
       AsVillage(
           pay("PAY2", {PaymentLine("hh-002", kWorks, 1'000), PaymentLine("hh-003", kWorks, 501)})),
       Code::kFailedPrecondition, "R19", "pays 15.01 yuan for small_public_works"},
      {"R19 no such allocation", AsVillage(pay("PAY2", {PaymentLine("hh-002", "relief", 100)})),
       Code::kFailedPrecondition, "R19",
       "R19: lines[0].category relief has no allocation in distribution plan DP1 (allocations: "
       "public_welfare_post_wages, public_welfare_labour, small_public_works)"},
      {"R24 paid twice under the plan", AsVillage(pay("PAY2", {PaymentLine("hh-001", kPosts, 1)})),
       Code::kFailedPrecondition, "R24",
       "R24: beneficiary hh-001 is paid twice for public_welfare_post_wages under distribution "
       "plan DP1"},
      {"R24 twice in one payment",
       AsVillage(
           pay("PAY2", {PaymentLine("hh-002", kLabour, 100), PaymentLine("hh-002", kLabour, 100)})),
       Code::kFailedPrecondition, "R24", "R24: beneficiary hh-002 is paid twice"},
      {"an identity number as beneficiary",
       AsVillage(pay("PAY2", {PaymentLine("34172119800101001X", kLabour, 100)})),
       Code::kInvalidArgument, "L-FIELD", "lines[0].beneficiary_ref"},
      {"payment before the previous one",
       AsVillage(pay("PAY2", {PaymentLine("hh-002", kLabour, 100)}, "2026-10-07")),
       Code::kFailedPrecondition, "R20",
       "R20: payment_date 2026-10-07 precedes the previous step of distribution plan DP1 on "
       "2026-10-08"},
      {"payment after the business date",
       AsVillage(pay("PAY2", {PaymentLine("hh-002", kLabour, 100)}, "2026-11-23")),
       Code::kFailedPrecondition, "L-DATE", "payment_date"},
      {"second payment", AsVillage(pay("PAY2", {PaymentLine("hh-001", kLabour, 1'000)}))},
      {"result", AsVillage(MakeDistributionResult("DP1"))},
      {"payment after the result", AsVillage(pay("PAY3", {PaymentLine("hh-002", kWorks, 100)})),
       Code::kFailedPrecondition, "L-INCOME",
       "distribution plan DP1 is closed by its result of "
       "2026-10-20"},
      {"result again", AsVillage(MakeDistributionResult("DP1")), Code::kAlreadyExists, "L-INCOME",
       "distribution plan DP1 already has its result of 2026-10-20"},
      {"result announced", AsVillage(result_notice)},
      {"the state", Do([](TestLog& log) {
         const PlanRecord* plan = log.state().distributions().FindPlan("DP1");
         ASSERT_NE(plan, nullptr);
         EXPECT_EQ(plan->stage, PlanStage::kResulted);
         EXPECT_EQ(plan->paid_fen, 7'000);
         EXPECT_EQ(plan->payment_ids, (std::vector<std::string>{"PAY1", "PAY2"}));
         EXPECT_EQ(plan->announcement_ids, (std::vector<std::string>{"AN1", "AN2"}));
         // Closed: only what it paid stays committed; the rest is the owner's to plan again.
         EXPECT_EQ(log.state().distributions().CommittedBy(kVillageKey), 7'000);
         EXPECT_EQ(log.state().incomes().BookedTo(kVillageKey), 8'500);
       })},
      {"a county-owned plan of village income", AsPm(county_plan), Code::kInvalidArgument,
       "L-FIELD", "owner.division \"341721001001\" is not a division code of 6 digits"},
  });
}

TEST(DistributionScenarioTest, OverDistributionAndIncomes) {
  auto september = MakeIncome("I2", "AS1", 20'000, "2026-09-01", "2026-09-30");
  auto both = MakeDistributionPlan(
      "DP2", {"I1", "I2"},
      {Allocation(kPosts, 20'000), Allocation(kLabour, 1'600), Allocation(kWorks, 5'400)}, 30,
      "2026-08-01", "2026-09-30");
  auto too_much =
      MakeDistributionPlan("DP2", {"I2"}, {Allocation(kPosts, 15'000), Allocation(kWorks, 3'600)},
                           30, "2026-09-01", "2026-09-30");
  auto wrong_total = MakeDistributionPlan("DP2", {"I2"}, {Allocation(kPosts, 15'000)}, 30,
                                          "2026-09-01", "2026-09-30");
  wrong_total.set_total_fen(15'100);
  auto prohibited = MakeDistributionPlan(
      "DP2", {"I2"}, {Allocation(kPosts, 15'000), Allocation("debt_repayment", 1'000)}, 30,
      "2026-09-01", "2026-09-30");
  auto organisation = StandardPlan("DP2");
  *organisation.mutable_owner() = testing::Organisation("某合作社");
  auto county = StandardPlan("DP2");
  *county.mutable_owner() = testing::CountyParty();
  auto twice = MakeDistributionPlan("DP2", {"I1", "I1"}, StandardAllocations());
  auto repeated_category =
      MakeDistributionPlan("DP2", {"I1"}, {Allocation(kPosts, 6'000), Allocation(kPosts, 2'500)});
  RunScenario({
      {"September", AsVillage(september)},
      {"August planned", AsVillage(StandardPlan("DP1"))},
      {"an income in another open plan", AsVillage(both), Code::kFailedPrecondition, "L-INCOME",
       "income I1 is already distributed by open plan DP1"},
      {"an income outside the period",
       AsVillage(MakeDistributionPlan("DP2", {"I2"}, StandardAllocations())),
       Code::kFailedPrecondition, "L-INCOME",
       "income I2 covers 2026-09-01 to 2026-09-30, outside the plan's period 2026-08-01 to "
       "2026-08-31"},
      {"an unknown income", AsVillage(MakeDistributionPlan("DP2", {"I9"}, StandardAllocations())),
       Code::kNotFound, "L-INCOME", "income \"I9\" is not recorded in this log"},
      {"an income listed twice", AsVillage(twice), Code::kInvalidArgument, "L-FIELD",
       "income_ids[1] I1 is listed twice"},
      {"a category twice", AsVillage(repeated_category), Code::kInvalidArgument, "L-FIELD",
       "allocations[1].category public_welfare_post_wages appears in an earlier line"},
      {"R19 over the available balance", AsVillage(too_much), Code::kFailedPrecondition, "R19",
       "R19: plan DP2 distributes 186.00 yuan, more than the 185.00 yuan available to owner "
       "3/341721001001/村股份经济合作社 (net income booked 270.00 yuan − committed by its plans "
       "85.00 yuan)"},
      {"R19 total is not the allocations", AsVillage(wrong_total), Code::kFailedPrecondition, "R19",
       "R19: total_fen is 151.00 yuan, but the allocations sum to 150.00 yuan"},
      {"R21 prohibited category", AsVillage(prohibited), Code::kFailedPrecondition, "R21",
       "R21: allocation debt_repayment of 10.00 yuan is a prohibited distribution category "
       "(village_committee_basic, welfare_subsidies, debt_repayment)"},
      {"an organisation's plan", AsVillage(organisation), Code::kInvalidArgument, "L-FIELD",
       "owner.kind is PARTY_KIND_ORGANISATION; a distribution plan is made by a public owner"},
      {"the county plans village income", AsPm(county), Code::kFailedPrecondition, "L-INCOME",
       "income I1 was received by 3/341721001001/村股份经济合作社, not by the plan's owner "
       "1/341721/县乡村振兴局"},
      {"August refused", AsTownship(MakeDistributionReview("DP1", false))},
      {"refused plans are not announced",
       AsVillage(MakeAnnouncement("AN1", v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_PLAN, "DP1")),
       Code::kFailedPrecondition, "L-INCOME", "distribution plan DP1 was refused"},
      {"refused plans are not filed", AsPm(MakeFiling("DP1")), Code::kFailedPrecondition,
       "L-INCOME", "distribution plan DP1 was refused by the township review"},
      {"both months, all of it", AsVillage(both)},
      {"nothing left", Do([](TestLog& log) {
         EXPECT_EQ(log.state().distributions().CommittedBy(kVillageKey), 27'000);
         EXPECT_EQ(log.state().incomes().BookedTo(kVillageKey), 27'000);
       })},
  });
}

TEST(DistributionScenarioTest, PhotovoltaicPublicWelfareShare) {
  auto short_of_posts = MakeDistributionPlan(
      "DP1", {"I1"},
      {Allocation(kPosts, 5'000), Allocation(kLabour, 1'000), Allocation(kWorks, 2'500)});
  v1::Policy lower;
  lower.set_pv_public_welfare_share_bp(7'000);
  auto road_income = MakeIncome("I2", "AS2");
  road_income.set_generation_kwh(0);
  auto road_plan = MakeDistributionPlan("DP2", {"I2"}, {Allocation(kWorks, 8'500)});
  RunScenario({
      {"R23 too little for posts and labour", AsVillage(short_of_posts), Code::kFailedPrecondition,
       "R23",
       "R23: public_welfare_post_wages + public_welfare_labour allocate 60.00 yuan, less than "
       "80.00% of the net photovoltaic income 85.00 yuan (incomes I1): at least 68.00 yuan"},
      {"exactly the share",
       AsVillage(MakeDistributionPlan(
           "DP9", {"I1"},
           {Allocation(kPosts, 6'000), Allocation(kLabour, 800), Allocation(kWorks, 1'700)}))},
      {"refuse it", AsTownship(MakeDistributionReview("DP9", false))},
      {"a lower share", By(kAdminId, 1, TestLog::SetPolicy(lower))},
      {"now enough", AsVillage(short_of_posts)},
      // Income of a road, not photovoltaic: no share applies.
      {"road handed over", AsPm(testing::MakeHandover("AS2"))},
      {"road income", AsVillage(road_income)},
      {"road plan", AsVillage(road_plan)},
  });
}

TEST(DistributionScenarioTest, NoBeneficiaryTwiceForOverlappingPeriods) {
  auto september = MakeIncome("I2", "AS1", 20'000, "2026-09-01", "2026-09-30");
  auto october = MakeIncome("I3", "AS1", 20'000, "2026-10-01", "2026-10-31");
  const std::vector<v1::DistributionAllocation> allocations = {Allocation(kPosts, 15'000),
                                                               Allocation(kLabour, 3'500)};
  // DP2 covers mid-August to September: it overlaps DP1 (August).
  auto overlapping =
      MakeDistributionPlan("DP2", {"I2"}, allocations, 30, "2026-08-15", "2026-09-30");
  auto later = MakeDistributionPlan("DP3", {"I3"}, allocations, 30, "2026-10-01", "2026-10-31");
  auto pay = [](std::string_view id, std::string_view plan, std::string_view category) {
    return MakeDistributionPayment(id, plan, {PaymentLine("hh-001", category, 1'000)});
  };
  RunScenario({
      {"August plan", AsVillage(StandardPlan("DP1"))},
      {"August paid",
       Do([](TestLog& log) { AdvancePlan(log, "DP1", PlanStep::kAdopted, PlanStep::kPaid); })},
      {"September", AsVillage(september)},
      {"October", AsVillage(october)},
      {"overlapping plan", AsVillage(overlapping)},
      {"later plan", AsVillage(later)},
      {"both announced", Do([](TestLog& log) {
         AdvancePlan(log, "DP2", PlanStep::kAdopted, PlanStep::kAnnounced);
         AdvancePlan(log, "DP3", PlanStep::kAdopted, PlanStep::kAnnounced);
       })},
      {"R24 same category, overlapping period", AsVillage(pay("PAY2", "DP2", kPosts)),
       Code::kFailedPrecondition, "R24",
       "R24: beneficiary hh-001 was already paid for public_welfare_post_wages under plan DP1 "
       "(2026-08-01 to 2026-08-31), whose period overlaps plan DP2 (2026-08-15 to 2026-09-30)"},
      {"another category", AsVillage(pay("PAY2", "DP2", kLabour))},
      {"a period that does not overlap", AsVillage(pay("PAY3", "DP3", kPosts))},
      {"the payment lines an auditor reads", Do([](TestLog& log) {
         const DistributionState& d = log.state().distributions();
         const PlanRecord* plan = d.FindPlan("DP2");
         ASSERT_NE(plan, nullptr);
         ASSERT_EQ(plan->payment_ids.size(), 1u);
         const auto& line = d.FindPayment(plan->payment_ids[0])->payment.lines(0);
         EXPECT_EQ(line.beneficiary_ref(), "hh-001");
         EXPECT_EQ(line.basis(), v1::DISTRIBUTION_BASIS_POST);
         EXPECT_EQ(d.PlansOf(kVillageKey), (std::vector<std::string>{"DP1", "DP2", "DP3"}));
       })},
  });
}

// R24: a beneficiary removed (or deceased) in a month is paid nothing dated after that month;
// made eligible again, it may be paid again.
TEST(DistributionScenarioTest, NobodyPaidAfterTheMonthOfRemoval) {
  auto change = [](std::string_view who, v1::EligibilityStatus status, std::string_view date) {
    v1::EligibilityChange body;
    body.set_village(std::string(testing::kVillage));
    body.set_beneficiary_ref(std::string(who));
    body.set_status(status);
    body.set_effective_date(std::string(date));
    body.set_basis("村民代表会议动态调整");
    return body;
  };
  auto pay = [](std::string_view id, std::string_view who, std::string_view date,
                std::string_view category = kPosts) {
    return MakeDistributionPayment(id, "DP1", {PaymentLine(who, category, 1'000)}, date);
  };
  RunScenario({
      {"plan", AsVillage(StandardPlan("DP1"))},
      {"announced",
       Do([](TestLog& log) { AdvancePlan(log, "DP1", PlanStep::kAdopted, PlanStep::kAnnounced); })},
      {"hh-002 removed in October",
       AsVillage(change("hh-002", v1::ELIGIBILITY_STATUS_REMOVED, "2026-10-15"))},
      {"hh-003 died in September",
       AsVillage(change("hh-003", v1::ELIGIBILITY_STATUS_DECEASED, "2026-09-20"))},
      {"changes in date order",
       AsVillage(change("hh-003", v1::ELIGIBILITY_STATUS_ELIGIBLE, "2026-09-19")),
       Code::kFailedPrecondition, "L-INCOME",
       "effective_date 2026-09-19 of hh-003 precedes its last change on 2026-09-20"},
      {"not an identity number",
       AsVillage(change("34172119800101123X", v1::ELIGIBILITY_STATUS_REMOVED, "2026-09-01")),
       Code::kInvalidArgument, "L-FIELD", "has the shape of an identity number"},
      {"the township may record it too",
       By(kTownshipId, 3, change("hh-004", v1::ELIGIBILITY_STATUS_REMOVED, "2026-09-01"))},
      {"in the month of removal", AsVillage(pay("PAY1", "hh-002", "2026-10-31"))},
      {"R24 after the month of death", AsVillage(pay("PAY2", "hh-003", "2026-10-08")),
       Code::kFailedPrecondition, "R24",
       "R24: beneficiary hh-003 is ELIGIBILITY_STATUS_DECEASED since 2026-09-20"},
      {"R24 after the month of removal", AsVillage(pay("PAY3", "hh-002", "2026-11-01", kLabour)),
       Code::kFailedPrecondition, "R24",
       "nothing is paid after 2026-10, and this payment is dated "
       "2026-11-01"},
      {"eligible again",
       AsVillage(change("hh-002", v1::ELIGIBILITY_STATUS_ELIGIBLE, "2026-11-01"))},
      {"paid again", AsVillage(pay("PAY3", "hh-002", "2026-11-02", kLabour))},
  });
}

// SPEC §4 Privacy: the log's free-text fields refuse identity numbers, mobile numbers and bank
// card numbers (L-PRIVACY); document and transaction numbers pass.
TEST(DistributionScenarioTest, FreeTextFieldsRefusePersonalData) {
  auto change = [](std::string_view basis) {
    v1::EligibilityChange body;
    body.set_village(std::string(testing::kVillage));
    body.set_beneficiary_ref("hh-002");
    body.set_status(v1::ELIGIBILITY_STATUS_REMOVED);
    body.set_effective_date("2026-10-15");
    body.set_basis(std::string(basis));
    return body;
  };
  auto pay = [](std::string_view id, std::string_view bank_reference) {
    v1::DistributionPaymentLine line = PaymentLine("hh-001", kPosts, 1'000);
    line.set_bank_reference(std::string(bank_reference));
    return MakeDistributionPayment(id, "DP1", {line}, "2026-10-31");
  };
  RunScenario({
      {"plan", AsVillage(StandardPlan("DP1"))},
      {"announced",
       Do([](TestLog& log) { AdvancePlan(log, "DP1", PlanStep::kAdopted, PlanStep::kAnnounced); })},
      {"an identity number in a basis", AsVillage(change("欧阳娜娜 身份证11010519491231002X 复核")),
       Code::kInvalidArgument, "L-PRIVACY",
       "basis holds what looks like a resident identity number; personal data stays in the "
       "privacy registry"},
      {"a mobile number in a basis", AsVillage(change("电话13900001111 复核")),
       Code::kInvalidArgument, "L-PRIVACY", "basis holds what looks like a mobile phone number"},
      {"a bank card as a transaction reference", AsVillage(pay("PAY1", "6228480012345678903")),
       Code::kInvalidArgument, "L-PRIVACY",
       "lines[0].bank_reference holds what looks like a bank card number"},
      {"an identity number as a transaction reference",
       AsVillage(pay("PAY1", "341721197512310020")), Code::kInvalidArgument, "L-PRIVACY",
       "lines[0].bank_reference holds what looks like a resident identity number"},
      {"a document number passes", AsVillage(change("动态调整〔2026〕3号 2026101500123"))},
      {"a transaction number passes", AsVillage(pay("PAY1", "BK-20261031-000123"))},
  });
}

// R24 for a plan owned above the village: the township 341721001 pays from its own station, and
// the eligibility changes recorded by any of its villages (codes starting 341721001) count; the
// latest by effective date decides (on the same date, the later in the log). The same
// pseudonymous reference in a village of another township is someone else.
TEST(DistributionScenarioTest, TownshipPlansSeeTheirVillagesEligibility) {
  constexpr std::string_view kTownship = "341721001";
  constexpr std::string_view kOtherVillage = "341721001002";  // the same township
  constexpr std::string_view kOutside = "341721002001";       // township 341721002
  v1::Party township;
  township.set_kind(v1::PARTY_KIND_TOWNSHIP);
  township.set_division(std::string(kTownship));
  township.set_name("尧渡镇人民政府");
  auto station = testing::MakeAsset("TW1", v1::ASSET_CLASS_PUBLIC_BENEFIT, 1'000, "");
  station.set_location(std::string(kTownship));
  auto income = MakeIncome("IT1", "TW1");
  *income.mutable_received_by() = township;
  auto plan = MakeDistributionPlan("DPT", {"IT1"}, StandardAllocations());
  *plan.mutable_owner() = township;
  auto change = [](std::string_view village, std::string_view who, v1::EligibilityStatus status,
                   std::string_view date) {
    v1::EligibilityChange body;
    body.set_village(std::string(village));
    body.set_beneficiary_ref(std::string(who));
    body.set_status(status);
    body.set_effective_date(std::string(date));
    body.set_basis("村民代表会议动态调整");
    return body;
  };
  auto pay = [](std::string_view id, std::string_view who) {
    return By("pm-341721001", 7,
              MakeDistributionPayment(id, "DPT", {PaymentLine(who, kPosts, 1'000)}));
  };
  constexpr auto kRemoved = v1::ELIGIBILITY_STATUS_REMOVED;
  constexpr auto kEligible = v1::ELIGIBILITY_STATUS_ELIGIBLE;
  RunScenario({
      {"a township project manager", AddPrincipal("pm-341721001", v1::PRINCIPAL_KIND_TOWNSHIP,
                                                  v1::ROLE_PROJECT_MANAGER, kTownship, 7)},
      {"another township", AddPrincipal("town-341721002", v1::PRINCIPAL_KIND_TOWNSHIP,
                                        v1::ROLE_TOWNSHIP_REVIEWER, "341721002", 5)},
      {"the township's station", AsPm(station)},
      {"owned by the township",
       AsPm(testing::MakeConfirmation("TW1", {testing::Share(township, 10'000)}))},
      {"handed over", AsPm(testing::MakeHandover("TW1"))},
      {"its income", By("pm-341721001", 7, income)},
      {"the township's plan", By("pm-341721001", 7, plan)},
      {"reviewed", AsTownship(MakeDistributionReview("DPT"))},
      {"filed", AsPm(MakeFiling("DPT"))},
      {"announced",
       AsPm(MakeAnnouncement("AN-DPT", v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_PLAN, "DPT"))},
      {"hh-101 removed in kVillage",
       AsVillage(change(testing::kVillage, "hh-101", kRemoved, "2026-09-10"))},
      {"hh-102 removed in another township's village",
       By("town-341721002", 5, change(kOutside, "hh-102", kRemoved, "2026-09-10"))},
      {"hh-103 eligible in one village, then a change dated earlier in another",
       AsVillage(change(testing::kVillage, "hh-103", kEligible, "2026-09-20"))},
      {"hh-103 removed earlier",
       AsTownship(change(kOtherVillage, "hh-103", kRemoved, "2026-09-05"))},
      {"hh-104 removed, then eligible the same day elsewhere",
       AsVillage(change(testing::kVillage, "hh-104", kRemoved, "2026-09-12"))},
      {"hh-104 eligible", AsTownship(change(kOtherVillage, "hh-104", kEligible, "2026-09-12"))},
      {"hh-105 eligible, then removed the same day elsewhere",
       AsTownship(change(kOtherVillage, "hh-105", kEligible, "2026-09-12"))},
      {"hh-105 removed", AsVillage(change(testing::kVillage, "hh-105", kRemoved, "2026-09-12"))},
      {"R24 removed in a village of the owner", pay("PAY1", "hh-101"), Code::kFailedPrecondition,
       "R24",
       "R24: beneficiary hh-101 is ELIGIBILITY_STATUS_REMOVED since 2026-09-10 in village "
       "341721001001 (index "},
      {"R24 with the dates", pay("PAY1", "hh-101"), Code::kFailedPrecondition, "R24",
       "nothing is paid after 2026-09, and this payment is dated 2026-10-08"},
      {"removed outside the owner's division: another person", pay("PAY1", "hh-102")},
      {"the latest effective date decides, not the log order", pay("PAY2", "hh-103")},
      {"on the same date the later entry decides: eligible", pay("PAY3", "hh-104")},
      {"on the same date the later entry decides: removed", pay("PAY4", "hh-105"),
       Code::kFailedPrecondition, "R24",
       "R24: beneficiary hh-105 is ELIGIBILITY_STATUS_REMOVED since 2026-09-12 in village "
       "341721001001"},
      {"hh-101 eligible again",
       AsVillage(change(testing::kVillage, "hh-101", kEligible, "2026-10-01"))},
      {"hh-101 paid", pay("PAY4", "hh-101")},
  });
}

// A county plan sees every village of the county.
TEST(IncomeStateTest, EligibilityInForceLooksInTheOwnersVillages) {
  TestLog log;
  log.Standard();
  testing::FundFixture(log);
  testing::AssetFixture(log);
  v1::EligibilityChange removed;
  removed.set_village(std::string(testing::kVillage));
  removed.set_beneficiary_ref("hh-201");
  removed.set_status(v1::ELIGIBILITY_STATUS_DECEASED);
  removed.set_effective_date("2026-09-01");
  removed.set_basis("死亡");
  ASSERT_TRUE(log.Submit(removed, kVillageAccountantId, TestKey(9)).ok());
  const IncomeState& incomes = log.state().incomes();
  for (std::string_view owner : {"341721", "341721001", "341721001001"}) {
    const EligibilityEntry* in_force = incomes.EligibilityInForce(owner, "hh-201", "2026-10-01");
    ASSERT_NE(in_force, nullptr) << owner;
    EXPECT_EQ(in_force->status, v1::ELIGIBILITY_STATUS_DECEASED);
    EXPECT_EQ(in_force->village, testing::kVillage);
  }
  EXPECT_EQ(incomes.EligibilityInForce("341721002", "hh-201", "2026-10-01"), nullptr);
  EXPECT_EQ(incomes.EligibilityInForce("341721001002", "hh-201", "2026-10-01"), nullptr);
  EXPECT_EQ(incomes.EligibilityInForce("341721", "hh-201", "2026-08-31"), nullptr);
  EXPECT_EQ(incomes.EligibilityInForce("341721", "hh-202", "2026-10-01"), nullptr);
}

TEST(DistributionScenarioTest, AnnouncementsOfOtherSubjects) {
  auto hash31 = MakeAnnouncement("AN1", v1::ANNOUNCEMENT_SUBJECT_ASSET_LEDGER, "AS1");
  hash31.set_notice_hash(std::string(31, 'x'));
  auto no_channel = MakeAnnouncement("AN1", v1::ANNOUNCEMENT_SUBJECT_ASSET_LEDGER, "AS1");
  no_channel.set_channel(v1::ANNOUNCEMENT_CHANNEL_UNSPECIFIED);
  RunScenario({
      {"project before", AsPm(MakeAnnouncement("AN1", v1::ANNOUNCEMENT_SUBJECT_PROJECT_BEFORE, "P1",
                                               "2026-01-01", "2026-01-10"))},
      {"unknown project",
       AsPm(MakeAnnouncement("AN2", v1::ANNOUNCEMENT_SUBJECT_PROJECT_AFTER, "P9")), Code::kNotFound,
       "L-INCOME", "project \"P9\" is not recorded in this log"},
      {"R11 project notice too short",
       AsPm(MakeAnnouncement("AN2", v1::ANNOUNCEMENT_SUBJECT_PROJECT_AFTER, "P1", "2026-07-01",
                             "2026-07-09")),
       Code::kFailedPrecondition, "R11", "R11: the announcement runs 9 days"},
      {"asset ledger too short",
       AsVillage(MakeAnnouncement("AN2", v1::ANNOUNCEMENT_SUBJECT_ASSET_LEDGER, "AS1", "2026-09-01",
                                  "2026-09-05")),
       Code::kFailedPrecondition, "L-INCOME", "the announcement runs 5 days"},
      {"malformed hash", AsVillage(hash31), Code::kInvalidArgument, "L-FIELD", "notice_hash"},
      {"no channel", AsVillage(no_channel), Code::kInvalidArgument, "L-FIELD", "channel"},
      {"starts after the business date",
       AsVillage(MakeAnnouncement("AN2", v1::ANNOUNCEMENT_SUBJECT_ASSET_LEDGER, "AS1", "2026-11-23",
                                  "2026-12-10")),
       Code::kFailedPrecondition, "L-DATE", "start_date"},
      {"asset ledger",
       AsVillage(MakeAnnouncement("AN2", v1::ANNOUNCEMENT_SUBJECT_ASSET_LEDGER, "AS1"))},
      {"disposal applied",
       AsVillage(testing::MakeDisposal("X1", "AS1", v1::DISPOSAL_METHOD_SCRAPPING))},
      {"R26 result of an open disposal",
       AsVillage(MakeAnnouncement("AN3", v1::ANNOUNCEMENT_SUBJECT_DISPOSAL_RESULT, "X1")),
       Code::kFailedPrecondition, "R26",
       "R26: disposal X1 is applied; its result is announced after completion"},
      {"disposal decision",
       AsVillage(MakeAnnouncement("AN3", v1::ANNOUNCEMENT_SUBJECT_DISPOSAL_DECISION, "X1"))},
      {"unknown disposal",
       AsVillage(MakeAnnouncement("AN4", v1::ANNOUNCEMENT_SUBJECT_DISPOSAL_DECISION, "X9")),
       Code::kNotFound, "L-INCOME", "disposal \"X9\" is not recorded in this log"},
      {"indexed by subject", Do([](TestLog& log) {
         const DistributionState& d = log.state().distributions();
         EXPECT_EQ(d.AnnouncementsOf(v1::ANNOUNCEMENT_SUBJECT_ASSET_LEDGER, "AS1"),
                   (std::vector<std::string>{"AN2"}));
         EXPECT_TRUE(d.AnnouncementsOf(v1::ANNOUNCEMENT_SUBJECT_PROJECT_AFTER, "P1").empty());
       })},
  });
}

}  // namespace
}  // namespace ledger::state
