// The audit report's rule evaluation (rule_report.h) on logs built by the state machine's own test
// fixtures (state_testing.h): FundFixture and AssetFixture give project P1 (approved 500.00 yuan
// on 2026-03-01), contract C1 (400.00, works end 2026-06-20) and its payment DA (200.00, paid
// 2026-07-05, voucher and invoice hashes "v…" and "i…"), and assets AS1 and AS2.

#include "clients/audit/rule_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ledger/state/state_testing.h"
#include "ledger/views/projections.h"

namespace ledger::audit {
namespace {

using state::testing::kFinanceId;
using state::testing::MakeDisbursement;
using state::testing::TestKey;
using state::testing::TestLog;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The replay an auditor would get of `log`: its state and the facts of its entries.
Replay ReplayOf(TestLog& log) {
  Replay replay(log.state());
  for (const state::Entry& e : log.accepted()) {
    replay.entries.push_back({.payload_type = e.payload_type(),
                              .business_date = e.header().business_date(),
                              .entry_id = e.header().entry_id()});
  }
  return replay;
}

class RuleReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_.Standard();
    ASSERT_NO_FATAL_FAILURE(state::testing::FundFixture(log_));
    ASSERT_NO_FATAL_FAILURE(state::testing::AssetFixture(log_));
  }

  RuleReport Report(const std::string& date = "2026-11-22", uint32_t window_days = 7) {
    absl::StatusOr<RuleReport> report =
        EvaluateRules(ReplayOf(log_),
                      {.date = date, .duplicate_window_days = window_days, .outstanding_years = 3});
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : RuleReport{};
  }

  // A payment of P1 under C1 by the finance bureau; returns its index.
  uint64_t Pay(const std::string& id, int64_t fen, char voucher, char invoice,
               const std::string& paid = "2026-07-05") {
    auto payment = MakeDisbursement(id, "P1", "C1", v1::FUND_SOURCE_CENTRAL_LINKAGE,
                                    v1::DISBURSEMENT_STAGE_PROGRESS, fen);
    payment.set_voucher_hash(std::string(32, voucher));
    payment.set_invoice_hash(std::string(32, invoice));
    payment.set_payment_date(paid);
    const uint64_t index = log_.state().size();
    absl::Status s = log_.Submit(payment, kFinanceId, TestKey(2));
    EXPECT_TRUE(s.ok()) << id << ": " << s;
    return index;
  }

  uint64_t IndexOf(const std::string& payload_type, int nth = 0) {
    for (uint64_t i = 0; i < log_.accepted().size(); ++i) {
      if (log_.accepted()[i].payload_type() == payload_type && nth-- == 0) return i;
    }
    ADD_FAILURE() << "no " << payload_type;
    return 0;
  }

  static const RuleStatus* Rule(const RuleReport& report, const std::string& rule, RuleKind kind) {
    for (const RuleStatus& r : report.rules) {
      if (r.rule == rule && r.kind == kind) return &r;
    }
    return nullptr;
  }

  TestLog log_;
};

TEST_F(RuleReportTest, CleanLogCountsTheEnforcedRulesAndHasNoFindings) {
  const RuleReport report = Report();
  EXPECT_TRUE(report.findings.empty()) << report.findings.front().message;
  EXPECT_EQ(report.entries, log_.state().size());
  EXPECT_EQ(report.date, "2026-11-22");

  const RuleStatus* signers = Rule(report, "L-KEY/L-SIGNATURE/L-AUTH", RuleKind::kEnforced);
  ASSERT_NE(signers, nullptr);
  EXPECT_EQ(signers->examined, log_.state().size());
  // R3 is checked on the plan approval, the contract and the payment DA.
  const RuleStatus* r3 = Rule(report, "R3", RuleKind::kEnforced);
  ASSERT_NE(r3, nullptr);
  EXPECT_EQ(r3->examined, 3u);
  EXPECT_EQ(r3->basis, "PlanApproval, Contract, Disbursement");
  EXPECT_EQ(r3->category, "违反相关规定");
  // R7: no roster yet.
  EXPECT_EQ(Rule(report, "R7", RuleKind::kEnforced)->examined, 0u);
  // Evaluated rules say what they examined; R29 the county, its township and village.
  const RuleStatus* r29 = Rule(report, "R29", RuleKind::kEvaluated);
  ASSERT_NE(r29, nullptr);
  EXPECT_EQ(r29->examined, 3u);
  EXPECT_EQ(Rule(report, "R32", RuleKind::kEvaluated)->examined, 1u);  // DA
  // Rules the fields cannot decide are listed with the reason.
  const RuleStatus* r10 = Rule(report, "R10", RuleKind::kNotEvaluated);
  ASSERT_NE(r10, nullptr);
  EXPECT_THAT(r10->basis, HasSubstr("industry-share floor"));
  EXPECT_NE(Rule(report, "R32", RuleKind::kNotEvaluated), nullptr);  // related parties
  // Ordered by rule number, the signer checks first.
  EXPECT_EQ(report.rules.front().rule, "L-KEY/L-SIGNATURE/L-AUTH");
  EXPECT_EQ(report.rules[1].rule, "R1");
  EXPECT_EQ(report.rules.back().rule, "R32");
}

TEST_F(RuleReportTest, OneVoucherOnTwoPaymentsIsADuplicate) {
  const uint64_t db = Pay("DB", 5'000, 'v', 'j');  // DA's voucher, another invoice
  const RuleReport report = Report();
  ASSERT_EQ(report.findings.size(), 1u);
  const RuleFinding& f = report.findings[0];
  EXPECT_EQ(f.rule, "R32");
  EXPECT_EQ(f.category, "业务高度重合");
  EXPECT_EQ(f.title, "重复支付或交叉支付");
  EXPECT_EQ(f.subject, "voucher 7676767676767676");
  EXPECT_EQ(f.amount_fen, 5'000);  // what DB paid again
  EXPECT_THAT(f.indexes, ElementsAre(IndexOf("ledger.v1.Disbursement"), db));
  EXPECT_THAT(f.message, HasSubstr("payment DA"));
  EXPECT_THAT(f.message, HasSubstr("payment DB"));
  EXPECT_THAT(f.message, HasSubstr("carry the same voucher document"));
  EXPECT_EQ(Rule(report, "R32", RuleKind::kEvaluated)->findings, 1u);
}

TEST_F(RuleReportTest, SamePayeeProjectAndAmountWithinTheWindowIsADuplicate) {
  const uint64_t db = Pay("DB", 5'000, 'b', 'B', "2026-07-05");
  const uint64_t dc = Pay("DC", 5'000, 'c', 'C', "2026-07-09");
  RuleReport report = Report("2026-11-22", 7);
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].subject, "payee 某建设公司 project P1");
  EXPECT_EQ(report.findings[0].amount_fen, 5'000);
  EXPECT_THAT(report.findings[0].indexes, ElementsAre(db, dc));
  EXPECT_THAT(report.findings[0].message, HasSubstr("within 7 days"));

  // Four days apart is outside a 3-day window.
  EXPECT_TRUE(Report("2026-11-22", 3).findings.empty());

  // A reversed payment is no longer paid: nothing left to flag.
  auto reversal =
      state::testing::MakeReversal(log_.state(), v1::REVERSED_ENTRY_KIND_DISBURSEMENT, "DC");
  ASSERT_TRUE(log_.Submit(reversal, kFinanceId, TestKey(2)).ok());
  EXPECT_TRUE(Report().findings.empty());
}

TEST_F(RuleReportTest, OneBankTransactionOnTwoRosterLinesIsADuplicate) {
  const uint64_t db = Pay("DB", 5'000, 'b', 'B');
  v1::RosterLine first = state::testing::CashLine("H-0001", 2'500);
  v1::RosterLine second = state::testing::CashLine("H-0002", 2'500);
  first.set_bank_reference("BK-7");
  second.set_bank_reference("BK-7");
  auto roster = state::testing::MakeRoster("RS-1", "DB", {first, second});
  const uint64_t at = log_.state().size();
  ASSERT_TRUE(log_.Submit(roster, kFinanceId, TestKey(2)).ok());
  ASSERT_GT(at, db);

  const RuleReport report = Report();
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].subject, "bank reference BK-7");
  EXPECT_EQ(report.findings[0].amount_fen, 2'500);
  EXPECT_THAT(report.findings[0].indexes, ElementsAre(at));
  EXPECT_THAT(report.findings[0].message, HasSubstr("name the same bank transaction BK-7"));
  EXPECT_EQ(Rule(report, "R7", RuleKind::kEnforced)->examined, 1u);
}

TEST_F(RuleReportTest, UnpaidContractAndApprovedMoneyAreLongOutstandingAfterThreeYears) {
  // C1 ended 2026-06-20 with 200.00 of its 400.00 unpaid; P1 was approved on 2026-03-01 and
  // 300.00 of its 500.00 is unpaid.
  EXPECT_TRUE(Report("2029-02-28").findings.empty());
  const RuleReport project_only = Report("2029-03-01");
  ASSERT_EQ(project_only.findings.size(), 1u);
  EXPECT_EQ(project_only.findings[0].subject, "project P1");

  EXPECT_EQ(Report("2029-06-19").findings.size(), 1u);
  const RuleReport both = Report("2029-06-20");
  ASSERT_EQ(both.findings.size(), 2u);
  const RuleFinding& contract = both.findings[0];
  EXPECT_EQ(contract.rule, "R31");
  EXPECT_EQ(contract.category, "长期挂账未处理");
  EXPECT_EQ(contract.subject, "contract C1");
  EXPECT_EQ(contract.amount_fen, 20'000);
  EXPECT_THAT(contract.indexes,
              ElementsAre(IndexOf("ledger.v1.Contract"), IndexOf("ledger.v1.Disbursement")));
  EXPECT_THAT(contract.message, HasSubstr("ended on 2026-06-20; 200.00 yuan of it"));
  const RuleFinding& project = both.findings[1];
  EXPECT_EQ(project.subject, "project P1");
  EXPECT_EQ(project.amount_fen, 30'000);
  EXPECT_THAT(project.indexes, ElementsAre(IndexOf("ledger.v1.PlanApproval")));
  EXPECT_EQ(Rule(both, "R31", RuleKind::kEvaluated)->findings, 2u);
}

TEST_F(RuleReportTest, IdleIncomeComesFromTheIncomeFindings) {
  ASSERT_NO_FATAL_FAILURE(state::testing::DistributionFixture(log_));
  // I1 (net 85.00) received 2026-09-05 and never distributed: idle after 12 months.
  EXPECT_TRUE(Report("2027-09-05").findings.empty());
  const RuleReport report = Report("2027-09-06");
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].rule, "R25");
  EXPECT_EQ(report.findings[0].title, "收益滞留未分配");
  EXPECT_EQ(report.findings[0].amount_fen, 8'500);
  EXPECT_THAT(report.findings[0].indexes, ElementsAre(IndexOf("ledger.v1.IncomeRecord")));
}

TEST_F(RuleReportTest, AssetTotalsThatDoNotAddUpAreAFinding) {
  absl::StatusOr<v1::AssetTotals> totals = views::AssetTotals(log_.state(), "");
  ASSERT_TRUE(totals.ok());
  EXPECT_TRUE(CheckAssetTotals(*totals, log_.state().assets()).empty());

  // A county total that claims one operational asset more than its parts hold.
  for (v1::ClassTotal& c : *totals->mutable_total()->mutable_in_service()->mutable_classes()) {
    if (c.asset_class() == v1::ASSET_CLASS_OPERATIONAL) c.set_count(c.count() + 1);
  }
  const std::vector<RuleFinding> findings = CheckAssetTotals(*totals, log_.state().assets());
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "R29");
  EXPECT_EQ(findings[0].category, "内容一致性问题");
  EXPECT_EQ(findings[0].subject, "341721");
  EXPECT_EQ(findings[0].amount_fen, 25'000);  // AS1 and AS2
  EXPECT_THAT(findings[0].indexes, ElementsAre(IndexOf("ledger.v1.AssetRegistration", 0),
                                               IndexOf("ledger.v1.AssetRegistration", 1)));
  EXPECT_THAT(findings[0].message,
              HasSubstr("in service ASSET_CLASS_OPERATIONAL: 2 assets of 200.00 yuan, but its "
                        "parts add up to 1 of 200.00 yuan"));
}

TEST_F(RuleReportTest, MalformedDateIsRefused) {
  absl::StatusOr<RuleReport> report = EvaluateRules(ReplayOf(log_), {.date = "2026-02-30"});
  EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ledger::audit
