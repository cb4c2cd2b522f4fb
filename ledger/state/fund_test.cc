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

using testing::DumpState;
using testing::FundFixture;
using ::testing::HasSubstr;
using testing::kFinanceId;
using testing::kProjectManagerId;
using testing::MakeAcceptance;
using testing::MakeApproval;
using testing::MakeContract;
using testing::MakeDisbursement;
using testing::MakeProject;
using testing::MakeReceipt;
using testing::MakeStep;
using testing::TestKey;
using testing::TestLog;
using Code = absl::StatusCode;

constexpr v1::FundSource kCentral = v1::FUND_SOURCE_CENTRAL_LINKAGE;
constexpr v1::FundSource kProvincial = v1::FUND_SOURCE_PROVINCIAL_LINKAGE;
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// One line of a scenario: an entry and the expected decision (code kOk: accepted).
struct Line {
  Line(std::string name, std::function<absl::Status(TestLog&)> submit)
      : name(std::move(name)), submit(std::move(submit)) {}
  Line(std::string name, std::function<absl::Status(TestLog&)> submit, Code code, std::string rule,
       std::string message)
      : name(std::move(name)),
        submit(std::move(submit)),
        code(code),
        rule(std::move(rule)),
        message(std::move(message)) {}

  std::string name;
  std::function<absl::Status(TestLog&)> submit;
  Code code = Code::kOk;
  std::string rule;
  std::string message;
};

template <typename Body>
std::function<absl::Status(TestLog&)> AsFinance(Body body, std::string_view date = "2026-11-22") {
  return [body, date = std::string(date)](TestLog& log) mutable {
    return log.Submit(body, kFinanceId, TestKey(2), testing::kNoonUs, date);
  };
}

template <typename Body>
std::function<absl::Status(TestLog&)> AsProjectManager(Body body,
                                                       std::string_view date = "2026-11-22") {
  return [body, date = std::string(date)](TestLog& log) mutable {
    return log.Submit(body, kProjectManagerId, TestKey(4), testing::kNoonUs, date);
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

void ExpectInvariants(const LedgerState& state) {
  const FundState& funds = state.funds();
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
  ExpectInvariants(log.state());
  for (const Line& line : lines) {
    SCOPED_TRACE(line.name);
    const std::string before = DumpState(log.state());
    const absl::Status s = line.submit(log);
    if (line.code == Code::kOk) {
      EXPECT_TRUE(s.ok()) << s;
    } else {
      EXPECT_EQ(s.code(), line.code) << s;
      EXPECT_EQ(RuleOf(s), line.rule) << s;
      EXPECT_THAT(std::string(s.message()), HasSubstr(line.message));
      EXPECT_EQ(DumpState(log.state()), before);  // atomic: a rejection leaves no trace
    }
    ExpectInvariants(log.state());
  }
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
      {"provincial", AsFinance(MakeReceipt("R1", kProvincial, kMax - 10))},
      {"overflow", AsFinance(MakeReceipt("R2", kProvincial, 11)), Code::kInvalidArgument, "L-FIELD",
       "account received/FUND_SOURCE_PROVINCIAL_LINKAGE overflows"},
      {"fills exactly", AsFinance(MakeReceipt("R2", kProvincial, 10))},
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
      {"raise to all", AsProjectManager(MakeApproval("P1", kCentral, 100'000, true))},
      {"pay 300", AsFinance(Payment("D1", v1::DISBURSEMENT_STAGE_PROGRESS, 30'000))},
      {"reduce below paid", AsProjectManager(MakeApproval("P1", kCentral, 29'999, true)),
       Code::kFailedPrecondition, "R3",
       "R3: reducing the FUND_SOURCE_CENTRAL_LINKAGE approved for project P1 to 299.99 yuan leaves "
       "less than the 300.00 yuan already paid"},
      {"reduce to paid", AsProjectManager(MakeApproval("P1", kCentral, 30'000, true))},
      {"pay beyond approved", AsFinance(Payment("D2", v1::DISBURSEMENT_STAGE_PROGRESS, 1)),
       Code::kFailedPrecondition, "R3",
       "R3: paying 0.01 yuan of FUND_SOURCE_CENTRAL_LINKAGE for project P1 exceeds the 0.00 yuan "
       "approved and not yet paid"},
      {"negative line", AsProjectManager(MakeApproval("P1", kCentral, -1, true)),
       Code::kInvalidArgument, "L-FIELD", "lines[0].amount_fen is -1 fen, must be 0 or more"},
      {"unknown project", AsProjectManager(MakeApproval("P9", kCentral, 1)), Code::kNotFound,
       "L-FUND", "project \"P9\""},
  });
}

TEST(FundScenarioTest, Disbursements) {
  auto negative_list = Payment("D1", v1::DISBURSEMENT_STAGE_PROGRESS, 100,
                               [](auto& b) { b.set_spending_category("buildings"); });
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
      {"contract for P2", AsProjectManager(MakeContract("C2", "P2", 10'000))},
      {"R4", AsFinance(negative_list), Code::kFailedPrecondition, "R4",
       "R4: spending category buildings is on the policy's negative list"},
      {"R5 sign-off before application", AsFinance(inverted), Code::kFailedPrecondition, "R5",
       "R5: township_signoff_date 2026-06-30 precedes application_date 2026-07-01"},
      {"R5 payment before approval", AsFinance(late_finance), Code::kFailedPrecondition, "R5",
       "R5: payment_date 2026-07-02 precedes finance_approval_date 2026-07-03"},
      {"R1 before plan", AsFinance(before_plan), Code::kFailedPrecondition, "R1",
       "R1: payment date 2026-02-28 precedes the annual plan approval of project P1 on "
       "2026-03-01"},
      {"R1 not planned", AsFinance(unplanned), Code::kFailedPrecondition, "R1",
       "R1: project P2 is not in an approved annual plan"},
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
      {"retention", AsFinance(retention_ok)},
      // R3: the contract is fully paid (100 + 20 + 110 + 130 + 40 = 400.00 yuan).
      {"over the contract", AsFinance(over_contract), Code::kFailedPrecondition, "R3",
       "R3: payments of 400.01 yuan on contract C1 exceed its amount of 400.00 yuan"},
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
