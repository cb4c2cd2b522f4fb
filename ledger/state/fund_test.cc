// Fund entries: receipts, the project library, plans, contracts, acceptances, disbursements and
// the double-entry accounts. Scenarios are tables of lines applied in order; after every line the
// accounts conserve money and every balance equals the sum of its movements, and a rejected line
// leaves the state exactly as it was.

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/state/fund_state.h"
#include "ledger/state/state.h"
#include "ledger/state/state_testing.h"
#include "ledger/util/rule_error.h"

namespace ledger::state {
namespace {

using testing::CashLine;
using testing::DumpState;
using testing::FundFixture;
using ::testing::HasSubstr;
using testing::InKindLine;
using testing::kFinanceId;
using testing::kProjectManagerId;
using testing::Line;
using testing::MakeAcceptance;
using testing::MakeApproval;
using testing::MakeContract;
using testing::MakeDisbursement;
using testing::MakeProject;
using testing::MakeReceipt;
using testing::MakeReversal;
using testing::MakeRoster;
using testing::MakeStep;
using testing::TestKey;
using testing::TestLog;
using Code = absl::StatusCode;

constexpr v1::FundSource kCentral = v1::FUND_SOURCE_CENTRAL_LINKAGE;
constexpr v1::FundSource kProvincial = v1::FUND_SOURCE_PROVINCIAL_LINKAGE;
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

template <typename Body>
std::function<absl::Status(TestLog&)> AsFinance(Body body, std::string_view date = "2026-11-22") {
  return [body, date = std::string(date)](TestLog& log) mutable {
    return log.Submit(body, kFinanceId, TestKey(2), testing::NoonUs(date), date);
  };
}

template <typename Body>
std::function<absl::Status(TestLog&)> AsProjectManager(Body body,
                                                       std::string_view date = "2026-11-22") {
  return [body, date = std::string(date)](TestLog& log) mutable {
    return log.Submit(body, kProjectManagerId, TestKey(4), testing::NoonUs(date), date);
  };
}

template <typename Edit>
v1::Disbursement Payment(std::string_view id, v1::DisbursementStage stage, int64_t fen, Edit edit) {
  v1::Disbursement body = MakeDisbursement(id, "P1", "C1", kCentral, stage, fen);
  edit(body);
  return body;
}

v1::Disbursement Payment(std::string_view id, v1::DisbursementStage stage, int64_t fen) {
  return Payment(id, stage, fen, [](v1::Disbursement&) {});
}

v1::PlanApproval Reapproved(v1::PlanApproval body) {
  body.set_reapproval_document("县乡村振兴领导小组〔2026〕9号");
  return body;
}

// A Reversal of `target` built against the log's state when submitted (header.corrects: the
// target's entry_id), edited by `edit`, submitted by the fund manager.
std::function<absl::Status(TestLog&)> Reverse(
    v1::ReversedEntryKind kind, std::string target,
    std::function<void(const LedgerState&, v1::Reversal&)> edit = nullptr,
    std::string_view principal = kFinanceId, uint8_t key = 2) {
  return [=, principal = std::string(principal)](TestLog& log) {
    v1::Reversal body = MakeReversal(log.state(), kind, target);
    if (edit) edit(log.state(), body);
    return log.Submit(body, principal, TestKey(key));
  };
}

std::function<absl::Status(TestLog&)> ReversePayment(
    std::string target, std::function<void(const LedgerState&, v1::Reversal&)> edit = nullptr) {
  return Reverse(v1::REVERSED_ENTRY_KIND_DISBURSEMENT, std::move(target), std::move(edit));
}

// A line that checks the state (and changes nothing).
std::function<absl::Status(TestLog&)> Expect(std::function<void(const FundState&)> check) {
  return [check = std::move(check)](TestLog& log) {
    check(log.state().funds());
    return absl::OkStatus();
  };
}

void ExpectInvariants(const LedgerState& state) {
  const FundState& funds = state.funds();
  ASSERT_TRUE(funds.keeps_journal());
  EXPECT_TRUE(funds.ConservationHolds()) << funds.DebugString();
  std::map<std::string, __int128> sums;
  for (const Transfer& t : funds.journal()) {
    EXPECT_GT(t.amount_fen, 0);
    sums[t.from] -= t.amount_fen;
    sums[t.to] += t.amount_fen;
  }
  EXPECT_EQ(sums.size(), funds.balances().size());
  for (const auto& [account, balance] : funds.balances()) {
    EXPECT_TRUE(sums[account] == balance) << account;
    EXPECT_EQ(funds.BalanceOf(account), balance) << account;
  }
}

// Runs `lines` on a Standard() log with the fund fixture.
void RunScenario(const std::vector<Line>& lines) {
  TestLog log;
  log.Standard();
  FundFixture(log);
  testing::RunLines(log, lines, ExpectInvariants);
}

std::string Central(std::string_view kind, std::string_view project = "") {
  return AccountName(kind == "external"   ? AccountKind::kExternal
                     : kind == "received" ? AccountKind::kReceived
                     : kind == "approved" ? AccountKind::kApproved
                                          : AccountKind::kPaid,
                     kCentral, project);
}

TEST(FundStateTest, FormatsYuanAndAccountNames) {
  EXPECT_EQ(FormatYuan(120'000), "1,200.00 yuan");
  EXPECT_EQ(FormatYuan(5), "0.05 yuan");
  EXPECT_EQ(FormatYuan(-123'456'789), "-1,234,567.89 yuan");
  EXPECT_EQ(FormatYuan(std::numeric_limits<int64_t>::min()), "-92,233,720,368,547,758.08 yuan");
  EXPECT_EQ(Central("external"), "external/FUND_SOURCE_CENTRAL_LINKAGE");
  EXPECT_EQ(Central("approved", "P1"), "approved/FUND_SOURCE_CENTRAL_LINKAGE/P1");
}

TEST(FundStateTest, FixtureBalances) {
  TestLog log;
  log.Standard();
  FundFixture(log);
  const FundState& funds = log.state().funds();
  EXPECT_EQ(funds.BalanceOf(Central("external")), -100'000);
  EXPECT_EQ(funds.BalanceOf(Central("received")), 50'000);
  EXPECT_EQ(funds.BalanceOf(Central("approved", "P1")), 50'000);
  EXPECT_EQ(funds.BalanceOf(Central("paid", "P1")), 0);
  EXPECT_EQ(funds.FindProject("P1")->last_step, v1::PROJECT_STEP_COUNTY_APPROVAL);
  EXPECT_EQ(funds.FindProject("P1")->first_approval_date, "2026-03-01");
  ExpectInvariants(log.state());
}

TEST(FundScenarioTest, ReceiptsAndAmounts) {
  auto zero = MakeReceipt("R1", kCentral, 0);
  auto negative = MakeReceipt("R1", kCentral, -5);
  auto unknown_source = MakeReceipt("R1", static_cast<v1::FundSource>(42), 100);
  auto unspecified = MakeReceipt("R1", v1::FUND_SOURCE_UNSPECIFIED, 100);
  auto bad_year = MakeReceipt("R1", kCentral, 100);
  bad_year.set_year(1999);
  RunScenario({
      {"zero", AsFinance(zero), Code::kInvalidArgument, "L-FIELD",
       "amount_fen is 0 fen, must be more than 0"},
      {"negative", AsFinance(negative), Code::kInvalidArgument, "L-FIELD", "amount_fen is -5 fen"},
      {"unknown source", AsFinance(unknown_source), Code::kInvalidArgument, "L-FIELD",
       "source 42 is not a value of FundSource"},
      {"unspecified source", AsFinance(unspecified), Code::kInvalidArgument, "L-FIELD",
       "source is unspecified"},
      {"year", AsFinance(bad_year), Code::kInvalidArgument, "L-FIELD", "year is 1999"},
      // The fixture received 1,000.00 yuan of central funds: the provincial receipt fills the
      // total of all sources up to 10 fen below the int64 limit.
      {"provincial", AsFinance(MakeReceipt("R1", kProvincial, kMax - 100'000 - 10))},
      {"overflow", AsFinance(MakeReceipt("R2", kProvincial, kMax)), Code::kInvalidArgument,
       "L-FIELD", "account received/FUND_SOURCE_PROVINCIAL_LINKAGE overflows"},
      {"total overflow", AsFinance(MakeReceipt("R2", kCentral, 11)), Code::kInvalidArgument,
       "L-FIELD", "the total received from all fund sources overflows the 64-bit fen range"},
      {"fills exactly", AsFinance(MakeReceipt("R2", kCentral, 10))},
      {"duplicate", AsFinance(MakeReceipt("R0", kCentral, 100)), Code::kAlreadyExists, "L-FUND",
       "receipt R0 is already recorded"},
      {"by project manager", AsProjectManager(MakeReceipt("R3", kCentral, 100)),
       Code::kPermissionDenied, "L-AUTH", "requires FUND_MANAGER"},
  });
}

TEST(FundScenarioTest, ProjectLibrary) {
  auto other_county = MakeProject("P3", "341722001001");
  auto bad_location = MakeProject("P3", "34172100");
  auto dup_line = MakeProject("P3");
  *dup_line.add_planned() = dup_line.planned(0);
  auto no_line = MakeProject("P3");
  no_line.clear_planned();
  RunScenario({
      {"other county", AsProjectManager(other_county), Code::kInvalidArgument, "L-FUND",
       "location 341722001001 is outside the log's jurisdiction 341721"},
      {"malformed location", AsProjectManager(bad_location), Code::kInvalidArgument, "L-FIELD",
       "location"},
      {"duplicate source", AsProjectManager(dup_line), Code::kInvalidArgument, "L-FIELD",
       "planned[1].source FUND_SOURCE_CENTRAL_LINKAGE appears in an earlier line"},
      {"no planned funds", AsProjectManager(no_line), Code::kInvalidArgument, "L-FIELD",
       "planned has no line"},
      {"duplicate project", AsProjectManager(MakeProject("P1")), Code::kAlreadyExists, "L-FUND",
       "project P1 is already recorded"},
      {"township project", AsProjectManager(MakeProject("P3", "341721002"))},
      // R2: steps once each, in order, dates non-decreasing.
      {"unknown project",
       AsProjectManager(MakeStep("P9", v1::PROJECT_STEP_VILLAGE_APPLICATION, "2026-04-01")),
       Code::kNotFound, "L-FUND", "project \"P9\" is not registered"},
      {"skips a step",
       AsProjectManager(MakeStep("P2", v1::PROJECT_STEP_VILLAGE_NOTICE, "2026-04-01")),
       Code::kFailedPrecondition, "R2",
       "R2: step PROJECT_STEP_VILLAGE_NOTICE of project P2 requires step "
       "PROJECT_STEP_VILLAGE_APPLICATION first"},
      {"application",
       AsProjectManager(MakeStep("P2", v1::PROJECT_STEP_VILLAGE_APPLICATION, "2026-04-01"))},
      {"again",
       AsProjectManager(MakeStep("P2", v1::PROJECT_STEP_VILLAGE_APPLICATION, "2026-04-02")),
       Code::kFailedPrecondition, "R2", "is already recorded (on 2026-04-01)"},
      {"notice dated before",
       AsProjectManager(MakeStep("P2", v1::PROJECT_STEP_VILLAGE_NOTICE, "2026-03-31")),
       Code::kFailedPrecondition, "R2",
       "on 2026-03-31 precedes step PROJECT_STEP_VILLAGE_APPLICATION on 2026-04-01"},
      {"notice recorded before it happens",
       AsProjectManager(MakeStep("P2", v1::PROJECT_STEP_VILLAGE_NOTICE, "2026-04-02"),
                        "2026-04-01"),
       Code::kFailedPrecondition, "R5",
       "R5: date 2026-04-02 is after the entry's business date 2026-04-01"},
      {"notice same day",
       AsProjectManager(MakeStep("P2", v1::PROJECT_STEP_VILLAGE_NOTICE, "2026-04-01"))},
      {"bad date", AsProjectManager(MakeStep("P2", v1::PROJECT_STEP_TOWNSHIP_REVIEW, "2026-4-5")),
       Code::kInvalidArgument, "L-FIELD", "date \"2026-4-5\" is not a date"},
      // R1: only projects through county approval enter the plan.
      {"plan before county approval", AsProjectManager(MakeApproval("P2", kCentral, 100)),
       Code::kFailedPrecondition, "R1",
       "R1: project P2 has no PROJECT_STEP_COUNTY_APPROVAL in the project library (last step: "
       "PROJECT_STEP_VILLAGE_NOTICE)"},
      {"review", AsProjectManager(MakeStep("P2", v1::PROJECT_STEP_TOWNSHIP_REVIEW, "2026-04-05"))},
      {"county", AsProjectManager(MakeStep("P2", v1::PROJECT_STEP_COUNTY_APPROVAL, "2026-04-09"))},
      {"plan before the county's date",
       AsProjectManager(MakeApproval("P2", kCentral, 100), "2026-04-08"), Code::kFailedPrecondition,
       "R2",
       "plan approval of project P2 on 2026-04-08 precedes its PROJECT_STEP_COUNTY_APPROVAL on "
       "2026-04-09"},
      {"first as adjustment", AsProjectManager(MakeApproval("P2", kCentral, 100, true)),
       Code::kFailedPrecondition, "L-FUND", "the first cannot be an adjustment"},
      {"plan P2", AsProjectManager(MakeApproval("P2", kCentral, 100))},
  });
}

TEST(FundScenarioTest, PlanApprovalsAgainstReceivedFunds) {
  auto two_lines = MakeApproval("P1", kCentral, 50'000, true);
  auto* line = two_lines.add_lines();
  line->set_source(kProvincial);
  line->set_amount_fen(1);
  RunScenario({
      // 1,000.00 yuan received, 500.00 approved for P1: 500.00 left.
      {"second without adjustment", AsProjectManager(MakeApproval("P1", kCentral, 60'000)),
       Code::kFailedPrecondition, "L-FUND", "a later approval must be an adjustment"},
      {"R9 over", AsProjectManager(MakeApproval("P1", kCentral, 170'000, true)),
       Code::kFailedPrecondition, "R9",
       "R9: approving 1,200.00 yuan of FUND_SOURCE_CENTRAL_LINKAGE for project P1 exceeds the "
       "500.00 yuan received and not yet approved"},
      {"R9 no provincial money", AsProjectManager(two_lines), Code::kFailedPrecondition, "R9",
       "approving 0.01 yuan of FUND_SOURCE_PROVINCIAL_LINKAGE"},
      {"raise to all", AsProjectManager(Reapproved(MakeApproval("P1", kCentral, 100'000, true)))},
      {"pay 300", AsFinance(Payment("D1", v1::DISBURSEMENT_STAGE_PROGRESS, 30'000))},
      {"reduce below paid", AsProjectManager(MakeApproval("P1", kCentral, 29'999, true)),
       Code::kFailedPrecondition, "R3",
       "R3: reducing the FUND_SOURCE_CENTRAL_LINKAGE approved for project P1 to 299.99 yuan leaves "
       "less than the 300.00 yuan already paid"},
      {"reduce below the contracts", AsProjectManager(MakeApproval("P1", kCentral, 30'000, true)),
       Code::kFailedPrecondition, "R3",
       "R3: the approved total of project P1 would be 300.00 yuan, less than its contracts of "
       "400.00 yuan"},
      {"reduce to the contracts", AsProjectManager(MakeApproval("P1", kCentral, 40'000, true))},
      {"contract beyond approved", AsProjectManager(MakeContract("C3", "P1", 1)),
       Code::kFailedPrecondition, "R3",
       "R3: contracts of project P1 would total 400.01 yuan (400.00 yuan before), more than the "
       "400.00 yuan approved for it"},
      {"pay the contract", AsFinance(Payment("D2", v1::DISBURSEMENT_STAGE_PROGRESS, 10'000))},
      {"pay beyond", AsFinance(Payment("D3", v1::DISBURSEMENT_STAGE_PROGRESS, 1)),
       Code::kFailedPrecondition, "R3",
       "R3: payments of 400.01 yuan on contract C1 exceed its amount of 400.00 yuan"},
      {"negative line", AsProjectManager(MakeApproval("P1", kCentral, -1, true)),
       Code::kInvalidArgument, "L-FIELD", "lines[0].amount_fen is -1 fen, must be 0 or more"},
      {"unknown project", AsProjectManager(MakeApproval("P9", kCentral, 1)), Code::kNotFound,
       "L-FUND", "project \"P9\""},
  });
}

TEST(FundScenarioTest, Disbursements) {
  auto negative_list = Payment("D1", v1::DISBURSEMENT_STAGE_PROGRESS, 100,
                               [](auto& b) { b.set_spending_category("buildings"); });
  auto unknown_category = Payment("D1", v1::DISBURSEMENT_STAGE_PROGRESS, 100,
                                  [](auto& b) { b.set_spending_category("gifts"); });
  auto inverted = Payment("D1", v1::DISBURSEMENT_STAGE_PROGRESS, 100,
                          [](auto& b) { b.set_township_signoff_date("2026-06-30"); });
  auto late_finance = Payment("D1", v1::DISBURSEMENT_STAGE_PROGRESS, 100,
                              [](auto& b) { b.set_payment_date("2026-07-02"); });
  auto before_plan = Payment("D1", v1::DISBURSEMENT_STAGE_PROGRESS, 100, [](auto& b) {
    b.set_application_date("2026-02-01");
    b.set_township_signoff_date("2026-02-02");
    b.set_finance_approval_date("2026-02-03");
    b.set_payment_date("2026-02-28");
  });
  auto unplanned =
      MakeDisbursement("D1", "P2", "C2", kCentral, v1::DISBURSEMENT_STAGE_PROGRESS, 100);
  auto wrong_project =
      MakeDisbursement("D1", "P2", "C1", kCentral, v1::DISBURSEMENT_STAGE_PROGRESS, 100);
  auto no_contract =
      Payment("D1", v1::DISBURSEMENT_STAGE_PROGRESS, 100, [](auto& b) { b.set_contract_id("C9"); });
  auto final_without = Payment("DX", v1::DISBURSEMENT_STAGE_FINAL, 100);
  auto final_early = Payment("DX", v1::DISBURSEMENT_STAGE_FINAL, 100, [](auto& b) {
    b.set_acceptance_id("A1");
    b.set_application_date("2026-06-29");
  });
  auto final_ok = Payment("D4", v1::DISBURSEMENT_STAGE_FINAL, 13'000,
                          [](auto& b) { b.set_acceptance_id("A1"); });
  auto retention_early = Payment("D5", v1::DISBURSEMENT_STAGE_RETENTION_RELEASE, 4'000,
                                 [](auto& b) { b.set_acceptance_id("A1"); });
  auto retention_ok = Payment("D5", v1::DISBURSEMENT_STAGE_RETENTION_RELEASE, 4'000, [](auto& b) {
    b.set_acceptance_id("A1");
    b.set_payment_date("2027-06-30");
  });
  auto over_contract = Payment("D6", v1::DISBURSEMENT_STAGE_PROGRESS, 1,
                               [](auto& b) { b.set_payment_date("2027-07-01"); });
  auto bad_hash = Payment("D1", v1::DISBURSEMENT_STAGE_PROGRESS, 100,
                          [](auto& b) { b.set_voucher_hash("short"); });
  RunScenario({
      {"no contract before the plan", AsProjectManager(MakeContract("C2", "P2", 10'000)),
       Code::kFailedPrecondition, "R3",
       "R3: contracts of project P2 would total 100.00 yuan (0.00 yuan before), more than the "
       "0.00 yuan approved for it"},
      {"R4", AsFinance(negative_list), Code::kFailedPrecondition, "R4",
       "R4: spending category buildings is on the policy's negative list"},
      {"R5 sign-off before application", AsFinance(inverted), Code::kFailedPrecondition, "R5",
       "R5: township_signoff_date 2026-06-30 precedes application_date 2026-07-01"},
      {"R5 payment before approval", AsFinance(late_finance), Code::kFailedPrecondition, "R5",
       "R5: payment_date 2026-07-02 precedes finance_approval_date 2026-07-03"},
      {"R5 paid after it is recorded",
       AsFinance(Payment("D1", v1::DISBURSEMENT_STAGE_ADVANCE, 100), "2026-07-04"),
       Code::kFailedPrecondition, "R5",
       "R5: payment_date 2026-07-05 is after the entry's business date 2026-07-04"},
      {"unknown category", AsFinance(unknown_category), Code::kNotFound, "L-FUND",
       "spending category \"gifts\" is not in the policy's spending_categories (industry, "},
      {"R1 before plan", AsFinance(before_plan), Code::kFailedPrecondition, "R1",
       "R1: payment date 2026-02-28 precedes the annual plan approval of project P1 on "
       "2026-03-01"},
      {"so no payment without a plan", AsFinance(unplanned), Code::kNotFound, "L-FUND",
       "contract \"C2\" is not recorded"},
      {"contract of another project", AsFinance(wrong_project), Code::kFailedPrecondition, "L-FUND",
       "contract C1 is of project P1, not P2"},
      {"unknown contract", AsFinance(no_contract), Code::kNotFound, "L-FUND",
       "contract \"C9\" is not recorded"},
      {"hash", AsFinance(bad_hash), Code::kInvalidArgument, "L-FIELD",
       "voucher_hash is 5 bytes, must be 32"},
      // R6: advances up to 30% of the 400.00 yuan contract.
      {"advance", AsFinance(Payment("D1", v1::DISBURSEMENT_STAGE_ADVANCE, 10'000))},
      {"advance over", AsFinance(Payment("D2", v1::DISBURSEMENT_STAGE_ADVANCE, 2'001)),
       Code::kFailedPrecondition, "R6",
       "R6: advances of 120.01 yuan on contract C1 exceed the ceiling of 120.00 yuan (3000 bp of "
       "400.00 yuan)"},
      {"advance to ceiling", AsFinance(Payment("D2", v1::DISBURSEMENT_STAGE_ADVANCE, 2'000))},
      {"duplicate payment", AsFinance(Payment("D2", v1::DISBURSEMENT_STAGE_PROGRESS, 1)),
       Code::kAlreadyExists, "L-FUND", "payment D2 is already recorded"},
      {"progress", AsFinance(Payment("D3", v1::DISBURSEMENT_STAGE_PROGRESS, 11'000))},
      // R5: the final payment needs the acceptance, applied for on or after it.
      {"final without acceptance", AsFinance(final_without), Code::kFailedPrecondition, "R5",
       "R5: a DISBURSEMENT_STAGE_FINAL payment needs the project's acceptance"},
      {"final before acceptance", AsFinance(final_early), Code::kFailedPrecondition, "R5",
       "R5: application_date 2026-06-29 of a final payment precedes the acceptance on "
       "2026-06-30"},
      {"final", AsFinance(final_ok)},
      // R6: retention released no earlier than acceptance + 12 months.
      {"retention early", AsFinance(retention_early), Code::kFailedPrecondition, "R6",
       "R6: retention released on 2026-07-05, before 2027-06-30 (acceptance on 2026-06-30 + 12 "
       "months)"},
      {"retention", AsFinance(retention_ok, "2027-06-30")},
      // R3: the contract is fully paid (100 + 20 + 110 + 130 + 40 = 400.00 yuan).
      {"over the contract", AsFinance(over_contract, "2027-07-01"), Code::kFailedPrecondition, "R3",
       "R3: payments of 400.01 yuan on contract C1 exceed its amount of 400.00 yuan"},
  });
}

// R11: a project is paid only after its before-notice (事前公示) has ended: an announcement of the
// project with subject PROJECT_BEFORE whose end_date precedes the payment date. P2 is put in the
// plan and contracted here; P1's notice (the fixture's N-P1) does not count for it.
TEST(FundScenarioTest, PaymentsWaitForTheBeforeNotice) {
  auto p2 = [](std::string_view id, std::string_view date, int64_t fen = 5'000) {
    v1::Disbursement body =
        MakeDisbursement(id, "P2", "C2", kCentral, v1::DISBURSEMENT_STAGE_PROGRESS, fen);
    body.set_payment_date(std::string(date));
    return body;
  };
  auto notice = [](std::string_view id, v1::AnnouncementSubject kind, std::string_view start,
                   std::string_view end) {
    return testing::MakeAnnouncement(id, kind, "P2", start, end);
  };
  constexpr v1::AnnouncementSubject kBefore = v1::ANNOUNCEMENT_SUBJECT_PROJECT_BEFORE;
  const std::string p2_paid = Central("paid", "P2");
  RunScenario({
      {"village application",
       AsProjectManager(MakeStep("P2", v1::PROJECT_STEP_VILLAGE_APPLICATION, "2026-04-01"))},
      {"village notice",
       AsProjectManager(MakeStep("P2", v1::PROJECT_STEP_VILLAGE_NOTICE, "2026-04-02"))},
      {"township review",
       AsProjectManager(MakeStep("P2", v1::PROJECT_STEP_TOWNSHIP_REVIEW, "2026-04-05"))},
      {"county approval",
       AsProjectManager(MakeStep("P2", v1::PROJECT_STEP_COUNTY_APPROVAL, "2026-04-09"))},
      {"plan P2", AsProjectManager(MakeApproval("P2", kCentral, 20'000), "2026-04-10")},
      {"contract C2", AsProjectManager(MakeContract("C2", "P2", 20'000))},
      {"an after-notice is not a before-notice",
       AsProjectManager(notice("N-P2-after", v1::ANNOUNCEMENT_SUBJECT_PROJECT_AFTER, "2026-04-10",
                               "2026-04-19"))},
      {"no before-notice", AsFinance(p2("D1", "2026-07-05")), Code::kFailedPrecondition, "R11",
       "R11: no before-notice (事前公示) of project P2 is recorded; payment D1 on 2026-07-05 "
       "waits for an announcement of subject ANNOUNCEMENT_SUBJECT_PROJECT_BEFORE of the project "
       "that has ended"},
      {"the rejection wrote nothing", Expect([p2_paid](const FundState& funds) {
         EXPECT_FALSE(funds.all_payments().contains("D1"));
         EXPECT_EQ(funds.BalanceOf(p2_paid), 0);
         EXPECT_EQ(funds.BalanceOf(Central("approved", "P2")), 20'000);
       })},
      {"before-notice", AsProjectManager(notice("N-P2", kBefore, "2026-06-26", "2026-07-05"))},
      {"paid on the notice's last day", AsFinance(p2("D1", "2026-07-05")),
       Code::kFailedPrecondition, "R11",
       "R11: the before-notice (事前公示) of project P2, 2026-06-26..2026-07-05 (announcement "
       "N-P2), has not ended before the payment date 2026-07-05 of payment D1"},
      {"a second notice", AsProjectManager(notice("N-P2-2", kBefore, "2026-06-27", "2026-07-06"))},
      {"neither has ended", AsFinance(p2("D1", "2026-07-04")), Code::kFailedPrecondition, "R11",
       "R11: the before-notices (事前公示) of project P2, 2026-06-26..2026-07-05 (announcement "
       "N-P2); 2026-06-27..2026-07-06 (announcement N-P2-2), have not ended before the payment "
       "date 2026-07-04 of payment D1"},
      {"paid the day after the notice ended", AsFinance(p2("D1", "2026-07-06"))},
      {"a second payment needs nothing more", AsFinance(p2("D2", "2026-08-01"))},
      {"but none dated inside the notice", AsFinance(p2("D3", "2026-07-05")),
       Code::kFailedPrecondition, "R11",
       "have not ended before the payment date 2026-07-05 of payment D3"},
      {"paid", Expect([p2_paid](const FundState& funds) {
         EXPECT_EQ(funds.BalanceOf(p2_paid), 10'000);
         EXPECT_FALSE(funds.all_payments().contains("D3"));
       })},
  });
}

TEST(FundScenarioTest, ContractsAndAcceptances) {
  auto signed_late = MakeContract("C2", "P1", 100);
  signed_late.set_signed_date("2026-03-11");
  auto retention = MakeContract("C2", "P1", 100);
  retention.set_retention_bp(1001);
  auto ends_early = MakeContract("C2", "P1", 100);
  ends_early.set_end_date("2026-03-09");
  auto short_hash = MakeAcceptance("A2", "P1");
  short_hash.set_report_hash("x");
  RunScenario({
      {"R5 signed after start", AsProjectManager(signed_late), Code::kFailedPrecondition, "R5",
       "R5: contract C2 signed on 2026-03-11 is after the works start on 2026-03-10"},
      {"R6 retention", AsProjectManager(retention), Code::kFailedPrecondition, "R6",
       "retention of 1001 bp exceeds the policy's retention ceiling of 1000 bp"},
      {"R5 signed after it is recorded",
       AsProjectManager(MakeContract("C2", "P1", 100), "2026-02-28"), Code::kFailedPrecondition,
       "R5", "R5: signed_date 2026-03-01 is after the entry's business date 2026-02-28"},
      {"R5 accepted before the works started",
       AsProjectManager(MakeAcceptance("A2", "P1", "2026-03-09")), Code::kFailedPrecondition, "R5",
       "R5: acceptance on 2026-03-09 precedes the works start of contract C1 on 2026-03-10"},
      {"R5 accepted after it is recorded",
       AsProjectManager(MakeAcceptance("A2", "P1", "2026-11-23")), Code::kFailedPrecondition, "R5",
       "R5: date 2026-11-23 is after the entry's business date 2026-11-22"},
      {"ends before start", AsProjectManager(ends_early), Code::kInvalidArgument, "L-FIELD",
       "end_date 2026-03-09 precedes start_date 2026-03-10"},
      {"zero amount", AsProjectManager(MakeContract("C2", "P1", 0)), Code::kInvalidArgument,
       "L-FIELD", "amount_fen is 0 fen"},
      {"unknown project", AsProjectManager(MakeContract("C2", "P9", 100)), Code::kNotFound,
       "L-FUND", "project \"P9\""},
      {"duplicate", AsProjectManager(MakeContract("C1", "P1", 100)), Code::kAlreadyExists, "L-FUND",
       "contract C1 is already recorded"},
      {"contract", AsProjectManager(MakeContract("C2", "P1", 100))},
      {"acceptance hash", AsProjectManager(short_hash), Code::kInvalidArgument, "L-FIELD",
       "report_hash is 1 bytes"},
      {"duplicate acceptance", AsProjectManager(MakeAcceptance("A1", "P1")), Code::kAlreadyExists,
       "L-FUND", "acceptance A1 is already recorded"},
      {"acceptance", AsProjectManager(MakeAcceptance("A2", "P2"))},
  });
}

TEST(FundScenarioTest, ReversalsOfPayments) {
  RunScenario({
      {"pay D1", AsFinance(Payment("D1", v1::DISBURSEMENT_STAGE_PROGRESS, 10'000))},
      {"unknown payment",
       Reverse(v1::REVERSED_ENTRY_KIND_DISBURSEMENT, "D9",
               [](const LedgerState&, v1::Reversal& b) {
                 b.mutable_header()->set_corrects(testing::EntryId(999));
               }),
       Code::kNotFound, "L-FUND", "payment \"D9\" is not recorded in this log"},
      {"no corrects",
       ReversePayment(
           "D1", [](const LedgerState&, v1::Reversal& b) { b.mutable_header()->clear_corrects(); }),
       Code::kInvalidArgument, "L-FIELD", "header.corrects is empty"},
      {"corrects another entry",
       ReversePayment("D1",
                      [](const LedgerState& state, v1::Reversal& b) {
                        b.mutable_header()->set_corrects(
                            state.funds().receipts().at("R0").header().entry_id());
                      }),
       Code::kFailedPrecondition, "L-FUND", "is not payment D1's entry_id"},
      {"unspecified kind",
       Reverse(v1::REVERSED_ENTRY_KIND_UNSPECIFIED, "D1",
               [](const LedgerState& state, v1::Reversal& b) {
                 b.mutable_header()->set_corrects(
                     state.funds().all_payments().at("D1").body.header().entry_id());
               }),
       Code::kInvalidArgument, "L-FIELD", "reversed_entry_kind is unspecified"},
      {"no reason",
       ReversePayment("D1", [](const LedgerState&, v1::Reversal& b) { b.clear_reason(); }),
       Code::kInvalidArgument, "L-FIELD", "reason"},
      {"by project manager",
       Reverse(v1::REVERSED_ENTRY_KIND_DISBURSEMENT, "D1", nullptr, kProjectManagerId, 4),
       Code::kPermissionDenied, "L-AUTH", "ledger.v1.Reversal: requires FUND_MANAGER"},
      {"reverse D1", ReversePayment("D1")},
      {"money is back", Expect([](const FundState& funds) {
         EXPECT_EQ(funds.BalanceOf(Central("paid", "P1")), 0);
         EXPECT_EQ(funds.BalanceOf(Central("approved", "P1")), 50'000);
         EXPECT_EQ(funds.FindContract("C1")->paid_fen, 0);
         EXPECT_EQ(funds.reversed_payments().at("D1").index, 19u);
       })},
      {"again", ReversePayment("D1"), Code::kAlreadyExists, "L-FUND",
       "payment D1 is already reversed at index 19"},
      {"the reversal itself",
       ReversePayment(
           "D1",
           [](const LedgerState& state, v1::Reversal& b) {
             b.mutable_header()->set_corrects(
                 state.funds().reversed_payments().at("D1").reversal.header().entry_id());
           }),
       Code::kFailedPrecondition, "L-FUND",
       "is the reversal at index 19; a reversal cannot be reversed"},
      {"roster of a reversed payment",
       AsFinance(MakeRoster("RS1", "D1", {CashLine("hh-1", 10'000)})), Code::kFailedPrecondition,
       "L-FUND", "payment D1 is reversed at index 19; it takes no roster"},
      // R6: a reversed advance no longer counts toward the advance ceiling (120.00 yuan).
      {"advance", AsFinance(Payment("D2", v1::DISBURSEMENT_STAGE_ADVANCE, 12'000))},
      {"advance over", AsFinance(Payment("D3", v1::DISBURSEMENT_STAGE_ADVANCE, 1)),
       Code::kFailedPrecondition, "R6", "R6: advances of 120.01 yuan on contract C1"},
      {"reverse the advance", ReversePayment("D2")},
      {"advance again", AsFinance(Payment("D3", v1::DISBURSEMENT_STAGE_ADVANCE, 12'000))},
      // R3: nor toward the contract's amount (400.00 yuan).
      {"rest of the contract", AsFinance(Payment("D4", v1::DISBURSEMENT_STAGE_PROGRESS, 28'000))},
      {"over the contract", AsFinance(Payment("D5", v1::DISBURSEMENT_STAGE_PROGRESS, 1)),
       Code::kFailedPrecondition, "R3", "R3: payments of 400.01 yuan on contract C1"},
      {"contract sums", Expect([](const FundState& funds) {
         EXPECT_EQ(funds.FindContract("C1")->paid_fen, 40'000);
         EXPECT_EQ(funds.FindContract("C1")->advance_paid_fen, 12'000);
         EXPECT_EQ(funds.BalanceOf(Central("paid", "P1")), 40'000);
       })},
  });
}

TEST(FundScenarioTest, ReversalsOfReceipts) {
  RunScenario({
      {"provincial", AsFinance(MakeReceipt("R1", kProvincial, 5'000))},
      {"reverse R1", Reverse(v1::REVERSED_ENTRY_KIND_FUND_RECEIPT, "R1")},
      {"money is back", Expect([](const FundState& funds) {
         EXPECT_EQ(funds.BalanceOf("received/FUND_SOURCE_PROVINCIAL_LINKAGE"), 0);
         EXPECT_EQ(funds.BalanceOf("external/FUND_SOURCE_PROVINCIAL_LINKAGE"), 0);
       })},
      {"again", Reverse(v1::REVERSED_ENTRY_KIND_FUND_RECEIPT, "R1"), Code::kAlreadyExists, "L-FUND",
       "receipt R1 is already reversed at index 19"},
      // R9: 1,000.00 yuan received, 500.00 approved for P1: only 500.00 can go back.
      {"R9 approved money", Reverse(v1::REVERSED_ENTRY_KIND_FUND_RECEIPT, "R0"),
       Code::kFailedPrecondition, "R9",
       "R9: reversing receipt R0 of 1,000.00 yuan exceeds the 500.00 yuan of "
       "FUND_SOURCE_CENTRAL_LINKAGE received and not yet approved; "
       "received/FUND_SOURCE_CENTRAL_LINKAGE would be -500.00 yuan"},
      {"unknown receipt",
       Reverse(v1::REVERSED_ENTRY_KIND_FUND_RECEIPT, "R9",
               [](const LedgerState&, v1::Reversal& b) {
                 b.mutable_header()->set_corrects(testing::EntryId(999));
               }),
       Code::kNotFound, "L-FUND", "receipt \"R9\" is not recorded"},
      {"payment kind for a receipt",
       Reverse(v1::REVERSED_ENTRY_KIND_DISBURSEMENT, "R0",
               [](const LedgerState& state, v1::Reversal& b) {
                 b.mutable_header()->set_corrects(
                     state.funds().receipts().at("R0").header().entry_id());
               }),
       Code::kNotFound, "L-FUND", "payment \"R0\" is not recorded"},
      {"P1 may not drop below its contract",
       AsProjectManager(MakeApproval("P1", kCentral, 0, true)), Code::kFailedPrecondition, "R3",
       "less than its contracts of 400.00 yuan"},
      {"reduce P1 to its contract", AsProjectManager(MakeApproval("P1", kCentral, 40'000, true))},
      {"a second receipt", AsFinance(MakeReceipt("R2", kCentral, 20'000))},
      {"R0 still cannot go back", Reverse(v1::REVERSED_ENTRY_KIND_FUND_RECEIPT, "R0"),
       Code::kFailedPrecondition, "R9", "exceeds the 800.00 yuan"},
      {"reverse R2", Reverse(v1::REVERSED_ENTRY_KIND_FUND_RECEIPT, "R2")},
      {"what is approved stays received", Expect([](const FundState& funds) {
         EXPECT_EQ(funds.BalanceOf(Central("external")), -100'000);
         EXPECT_EQ(funds.BalanceOf(Central("received")), 60'000);
       })},
  });
}

// 更正金额: a payment of 100.00 yuan should have been 90.00 yuan: the reversal and the new
// payment are two entries (a service may submit them in one batch).
TEST(FundScenarioTest, CorrectAnAmount) {
  RunScenario({
      {"pay 100", AsFinance(Payment("D1", v1::DISBURSEMENT_STAGE_PROGRESS, 10'000))},
      {"reverse", ReversePayment("D1")},
      {"pay 90", AsFinance(Payment("D1-c1", v1::DISBURSEMENT_STAGE_PROGRESS, 9'000))},
      {"corrected", Expect([](const FundState& funds) {
         EXPECT_EQ(funds.BalanceOf(Central("paid", "P1")), 9'000);
         EXPECT_EQ(funds.BalanceOf(Central("approved", "P1")), 41'000);
         EXPECT_EQ(funds.FindContract("C1")->paid_fen, 9'000);
         EXPECT_EQ(funds.all_payments().size(), 2u);  // D1 stays in the log, reversed
         EXPECT_TRUE(funds.reversed_payments().contains("D1"));
       })},
      {"the id is not reusable", AsFinance(Payment("D1", v1::DISBURSEMENT_STAGE_PROGRESS, 9'000)),
       Code::kAlreadyExists, "L-FUND", "payment D1 is already recorded"},
  });
}

// The spending-category catalogue comes from the policy: an administrator can extend it, and an
// empty catalogue accepts every well-formed code (the negative list still applies).
TEST(FundScenarioTest, SpendingCategoryCatalogue) {
  auto policy_with = [](std::vector<std::string> codes) {
    return [codes](TestLog& log) {
      v1::Policy policy;
      v1::CategoryList* list = policy.mutable_spending_categories();  // present, maybe empty
      for (const std::string& code : codes) list->add_codes(code);
      v1::SetPolicy body = TestLog::SetPolicy(policy);
      return log.Submit(body, testing::kAdminId, TestKey(1));
    };
  };
  auto pay = [](std::string_view id, std::string_view category) {
    return AsFinance(Payment(id, v1::DISBURSEMENT_STAGE_PROGRESS, 100, [category](auto& b) {
      b.set_spending_category(std::string(category));
    }));
  };
  RunScenario({
      {"unknown", pay("D1", "seed_subsidy"), Code::kNotFound, "L-FUND",
       "spending category \"seed_subsidy\" is not in the policy's spending_categories"},
      {"catalogue with it", policy_with({"seed_subsidy", "construction"})},
      {"known now", pay("D1", "seed_subsidy")},
      {"default code dropped", pay("D2", "industry"), Code::kNotFound, "L-FUND",
       "(seed_subsidy, construction)"},
      {"no catalogue", policy_with({})},
      {"any code", pay("D2", "anything.goes")},
      {"negative list still", pay("D3", "debt_repayment"), Code::kFailedPrecondition, "R4",
       "R4: spending category debt_repayment is on the policy's negative list"},
  });
}

// 16 reversals of the same payment, applied in sequence: exactly one is accepted.
TEST(FundScenarioTest, ReversalRace) {
  TestLog log;
  log.Standard();
  FundFixture(log);
  auto payment = Payment("D1", v1::DISBURSEMENT_STAGE_PROGRESS, 10'000);
  ASSERT_TRUE(log.Submit(payment, kFinanceId, TestKey(2)).ok());
  std::vector<v1::Reversal> reversals(
      16, MakeReversal(log.state(), v1::REVERSED_ENTRY_KIND_DISBURSEMENT, "D1"));
  int accepted = 0;
  int already = 0;
  for (v1::Reversal& reversal : reversals) {
    const std::string before = DumpState(log.state());
    const absl::Status s = log.Submit(reversal, kFinanceId, TestKey(2));
    if (s.ok()) {
      ++accepted;
    } else {
      EXPECT_EQ(s.code(), Code::kAlreadyExists) << s;
      EXPECT_EQ(RuleOf(s), "L-FUND") << s;
      EXPECT_THAT(std::string(s.message()), HasSubstr("payment D1 is already reversed at index"));
      EXPECT_EQ(DumpState(log.state()), before);
      ++already;
    }
    ExpectInvariants(log.state());
  }
  EXPECT_EQ(accepted, 1);
  EXPECT_EQ(already, 15);
  EXPECT_EQ(log.state().funds().BalanceOf(Central("paid", "P1")), 0);
  EXPECT_EQ(log.state().funds().reversal_entry_ids().size(), 1u);
}

TEST(FundScenarioTest, HouseholdRosters) {
  auto roster = [](std::vector<v1::RosterLine> lines, std::string_view id = "RS1",
                   std::string_view payment = "D1") { return MakeRoster(id, payment, lines); };
  auto negative_cash = CashLine("hh-1", -1);
  auto no_bank = CashLine("hh-1", 10'000);
  no_bank.clear_bank_reference();
  auto nothing = CashLine("hh-1", 0);
  nothing.clear_bank_reference();
  auto incomplete = InKindLine("hh-1", "鸡苗", 0, 100);
  RunScenario({
      {"pay D1", AsFinance(Payment("D1", v1::DISBURSEMENT_STAGE_PROGRESS, 10'000))},
      {"no lines", AsFinance(roster({})), Code::kInvalidArgument, "L-FIELD", "lines has no line"},
      {"duplicate household", AsFinance(roster({CashLine("hh-1", 5'000), CashLine("hh-1", 5'000)})),
       Code::kInvalidArgument, "L-FIELD", "lines[1].household_ref hh-1 appears in an earlier line"},
      {"a name", AsFinance(roster({CashLine("张三", 10'000)})), Code::kInvalidArgument, "L-FIELD",
       "lines[0].household_ref"},
      {"an identity number", AsFinance(roster({CashLine("34172119800101123X", 10'000)})),
       Code::kInvalidArgument, "L-FIELD",
       "lines[0].household_ref has the shape of an identity number"},
      {"negative cash", AsFinance(roster({negative_cash})), Code::kInvalidArgument, "L-FIELD",
       "lines[0].cash_fen is -1 fen, must be 0 or more"},
      {"cash without bank", AsFinance(roster({no_bank})), Code::kInvalidArgument, "L-FIELD",
       "lines[0] pays cash without a bank_reference"},
      {"pays nothing", AsFinance(roster({nothing})), Code::kInvalidArgument, "L-FIELD",
       "lines[0] pays nothing"},
      {"incomplete in kind", AsFinance(roster({incomplete})), Code::kInvalidArgument, "L-FIELD",
       "lines[0] has an incomplete in-kind part"},
      {"value overflows", AsFinance(roster({InKindLine("hh-1", "羊", 4'000'000'000u, kMax / 2)})),
       Code::kInvalidArgument, "L-FIELD", "lines[0] quantity × unit_price_fen overflows"},
      {"sum overflows",
       AsFinance(roster({InKindLine("hh-1", "羊", 2, kMax / 2), CashLine("hh-2", 10)})),
       Code::kInvalidArgument, "L-FIELD", "overflows"},
      {"unknown payment", AsFinance(roster({CashLine("hh-1", 10'000)}, "RS1", "D9")),
       Code::kNotFound, "L-FUND", "payment \"D9\" is not recorded"},
      {"R7 short",
       AsFinance(roster({CashLine("hh-1", 5'999), InKindLine("hh-2", "鸡苗", 40, 100)})),
       Code::kFailedPrecondition, "R7",
       "R7: roster RS1 lines sum to 99.99 yuan (cash 59.99 yuan + in kind 40.00 yuan), but "
       "payment D1 is 100.00 yuan"},
      {"R7 over", AsFinance(roster({CashLine("hh-1", 6'000), InKindLine("hh-2", "鸡苗", 41, 100)})),
       Code::kFailedPrecondition, "R7", "lines sum to 101.00 yuan"},
      {"by township reviewer",
       [&](TestLog& log) {
         auto body = roster({CashLine("hh-1", 10'000)});
         return log.Submit(body, "town-341721001", TestKey(3));
       },
       Code::kPermissionDenied, "L-AUTH", "requires FUND_MANAGER or PROJECT_MANAGER"},
      {"roster", AsFinance(roster({CashLine("hh-1", 6'000), InKindLine("hh-2", "鸡苗", 40, 100)}))},
      {"duplicate roster id", AsFinance(roster({CashLine("hh-1", 10'000)})), Code::kAlreadyExists,
       "L-FUND", "roster RS1 is already recorded"},
      {"second roster", AsFinance(roster({CashLine("hh-1", 10'000)}, "RS2")), Code::kAlreadyExists,
       "L-FUND", "payment D1 already has roster RS1"},
      {"pay D2", AsFinance(Payment("D2", v1::DISBURSEMENT_STAGE_PROGRESS, 5'000))},
      {"by project manager",
       AsProjectManager(roster({CashLine("hh-1", 2'500), CashLine("hh-2", 2'500)}, "RS2", "D2"))},
      {"recorded", Expect([](const FundState& funds) {
         EXPECT_EQ(funds.rosters().size(), 2u);
         EXPECT_EQ(funds.roster_of_payment().at("D2"), "RS2");
       })},
  });
}

// R3 (批小建大): the first approval of P1 is 500.00 yuan; the policy's plan_overrun_bp is 1000.
TEST(FundScenarioTest, PlanOverrun) {
  auto long_document = Reapproved(MakeApproval("P1", kCentral, 80'000, true));
  long_document.set_reapproval_document(std::string(101, 'x'));
  auto provincial = MakeApproval("P1", kCentral, 50'000, true);
  auto* line = provincial.add_lines();
  line->set_source(kProvincial);
  line->set_amount_fen(5'000);
  auto provincial_over = provincial;
  provincial_over.mutable_lines(1)->set_amount_fen(5'001);
  RunScenario({
      {"exactly 10% over", AsProjectManager(MakeApproval("P1", kCentral, 55'000, true))},
      {"0.01 more", AsProjectManager(MakeApproval("P1", kCentral, 55'001, true)),
       Code::kFailedPrecondition, "R3",
       "R3: adjustment raises the approved total of project P1 from 500.00 yuan (first approval) "
       "to 550.01 yuan, 10.00% over, more than the policy's 10.00% (1000 bp); it needs a "
       "reapproval_document"},
      {"60% over", AsProjectManager(MakeApproval("P1", kCentral, 80'000, true)),
       Code::kFailedPrecondition, "R3", "to 800.00 yuan, 60.00% over"},
      {"document too long", AsProjectManager(long_document), Code::kInvalidArgument, "L-FIELD",
       "reapproval_document"},
      {"re-approved", AsProjectManager(Reapproved(MakeApproval("P1", kCentral, 80'000, true)))},
      {"back down needs nothing", AsProjectManager(MakeApproval("P1", kCentral, 50'000, true))},
      // All sources count: 500.00 central + 50.00 provincial is 10%; 50.01 is more.
      {"provincial money", AsFinance(MakeReceipt("R1", kProvincial, 10'000))},
      {"two sources at 10%", AsProjectManager(provincial)},
      {"two sources over", AsProjectManager(provincial_over), Code::kFailedPrecondition, "R3",
       "to 550.01 yuan"},
      {"two sources re-approved", AsProjectManager(Reapproved(provincial_over))},
  });
}

// R6: retention releases on C1 (1000 bp of 400.00 yuan) total at most 40.00 yuan.
TEST(FundScenarioTest, RetentionCap) {
  auto release = [](std::string_view id, int64_t fen) {
    return Payment(id, v1::DISBURSEMENT_STAGE_RETENTION_RELEASE, fen, [](auto& b) {
      b.set_acceptance_id("A1");
      b.set_payment_date("2027-06-30");
    });
  };
  RunScenario({
      {"over at once", AsFinance(release("D1", 4'001), "2027-06-30"), Code::kFailedPrecondition,
       "R6",
       "R6: retention releases of 40.01 yuan on contract C1 exceed its retention of 40.00 yuan "
       "(1000 bp of 400.00 yuan)"},
      {"part", AsFinance(release("D1", 3'000), "2027-06-30")},
      {"rest plus 0.01", AsFinance(release("D2", 1'001), "2027-06-30"), Code::kFailedPrecondition,
       "R6", "retention releases of 40.01 yuan"},
      {"rest", AsFinance(release("D2", 1'000), "2027-06-30")},
      {"reverse part", ReversePayment("D1")},
      {"again after the reversal", AsFinance(release("D3", 3'000), "2027-06-30")},
      {"sums", Expect([](const FundState& funds) {
         EXPECT_EQ(funds.FindContract("C1")->retention_released_fen, 4'000);
       })},
  });
}

// A township reviewer records steps of projects in its township only.
TEST(FundScenarioTest, StepsWithinScope) {
  RunScenario({
      {"register township",
       [](TestLog& log) {
         auto p = TestLog::RegisterPrincipal(
             testing::MakePrincipal("town-341721002", v1::PRINCIPAL_KIND_TOWNSHIP, "341721002",
                                    {v1::ROLE_TOWNSHIP_REVIEWER}));
         absl::Status s = log.Submit(p, testing::kAdminId, TestKey(1));
         if (!s.ok()) return s;
         auto key = TestLog::RegisterKey("town-341721002", 5);
         return log.Submit(key, testing::kAdminId, TestKey(1));
       }},
      {"other township",
       [](TestLog& log) {
         auto step = MakeStep("P2", v1::PROJECT_STEP_VILLAGE_APPLICATION, "2026-04-01");
         return log.Submit(step, "town-341721002", TestKey(5));
       },
       Code::kPermissionDenied, "L-AUTH",
       "may not submit ledger.v1.ProjectStepRecord for scope 341721001001"},
      {"own township",
       [](TestLog& log) {
         auto step = MakeStep("P2", v1::PROJECT_STEP_VILLAGE_APPLICATION, "2026-04-01");
         return log.Submit(step, "town-341721001", TestKey(3));
       }},
  });
}

}  // namespace
}  // namespace ledger::state

namespace ledger::state {
namespace {

// The server's state keeps no per-movement journal (it would grow with the log); tests and
// auditors ask for one.
TEST(FundJournal, IsKeptOnlyWhenAskedFor) {
  LedgerState state("ledger.example.org/341721");
  EXPECT_FALSE(state.funds().keeps_journal());
  state.KeepFundJournal();
  EXPECT_TRUE(state.funds().keeps_journal());
}

}  // namespace
}  // namespace ledger::state
