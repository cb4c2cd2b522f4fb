// Audit findings on income (income_findings.h): R22 flat equal cash and R25 idle income, as of a
// date, on the distribution fixture (state_testing.h: income I1 of 85.00 yuan received by
// kVillage's collective on 2026-09-05). Each case builds its own log, then compares the findings
// with the expected ones field by field.

#include "ledger/state/income_findings.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/state/distribution_state.h"
#include "ledger/state/field_rules.h"
#include "ledger/state/income_state.h"
#include "ledger/state/state.h"
#include "ledger/state/state_testing.h"

namespace ledger::state {
namespace {

using testing::AdvancePlan;
using testing::kAdminId;
using testing::kVillageAccountantId;
using testing::MakeDistributionPayment;
using testing::MakeDistributionPlan;
using testing::MakeIncome;
using testing::PaymentLine;
using testing::PlanStep;
using testing::StandardAllocations;
using testing::TestKey;
using testing::TestLog;
using Lines = std::vector<v1::DistributionPaymentLine>;

constexpr std::string_view kPosts = "public_welfare_post_wages";
constexpr std::string_view kLabour = "public_welfare_labour";
constexpr std::string_view kWorks = "small_public_works";
// PartyKey(VillageParty()).
constexpr std::string_view kVillageKey = "3/341721001001/村股份经济合作社";

// A line on basis SHARE (unconditioned) for `shares` shares.
v1::DistributionPaymentLine ShareLine(std::string_view beneficiary, std::string_view category,
                                      int64_t fen, uint32_t shares = 1) {
  v1::DistributionPaymentLine line = PaymentLine(beneficiary, category, fen);
  line.set_basis(v1::DISTRIBUTION_BASIS_SHARE);
  line.set_quantity(shares);
  return line;
}

v1::DistributionPaymentLine LabourLine(std::string_view beneficiary, std::string_view category,
                                       int64_t fen) {
  v1::DistributionPaymentLine line = PaymentLine(beneficiary, category, fen);
  line.set_basis(v1::DISTRIBUTION_BASIS_LABOUR_DAYS);
  line.set_quantity(10);
  return line;
}

// The distribution fixture, optionally with plan DP1 (StandardAllocations: 60.00 posts, 10.00
// labour, 15.00 works, listing I1) adopted and taken up to `through`.
void Fixture(TestLog& log, std::optional<PlanStep> through = std::nullopt) {
  log.Standard();
  testing::FundFixture(log);
  testing::AssetFixture(log);
  testing::DistributionFixture(log);
  if (!through.has_value()) return;
  auto plan = MakeDistributionPlan("DP1", {"I1"}, StandardAllocations());
  absl::Status s = log.Submit(plan, kVillageAccountantId, TestKey(9));
  ASSERT_TRUE(s.ok()) << s;
  AdvancePlan(log, "DP1", PlanStep::kAdopted, *through);
}

void Pay(TestLog& log, std::string_view id, const Lines& lines,
         std::string_view date = "2026-10-08") {
  auto payment = MakeDistributionPayment(id, "DP1", lines, date);
  absl::Status s = log.Submit(payment, kVillageAccountantId, TestKey(9));
  ASSERT_TRUE(s.ok()) << id << ": " << s;
}

Findings Evaluate(const LedgerState& state, std::string_view date) {
  absl::StatusOr<Findings> findings = EvaluateIncomeFindings(state, date);
  EXPECT_TRUE(findings.ok()) << findings.status();
  return findings.ok() ? *std::move(findings) : Findings();
}

// ---- R22 flat equal cash ----

struct FlatCase {
  std::string name;
  std::vector<Lines> payments;  // PAY1, PAY2, ... under DP1, dated 2026-10-08
  std::string date;
  bool flagged = false;  // then with the numbers below
  uint32_t beneficiaries = 0;
  uint64_t shares_each = 0;
  int64_t amount_each_fen = 0;
};

TEST(IncomeFindingsTest, FlatEqualCash) {
  const std::vector<FlatCase> cases = {
      {"flat equal cash",
       {{ShareLine("hh-1", kWorks, 500), ShareLine("hh-2", kWorks, 500),
         ShareLine("hh-3", kWorks, 500)}},
       "2026-11-22",
       true,
       3,
       1,
       500},
      {"equal amounts on a post basis",
       {{PaymentLine("hh-1", kPosts, 2'000), PaymentLine("hh-2", kPosts, 2'000),
         PaymentLine("hh-3", kPosts, 2'000)}},
       "2026-11-22"},
      {"equal amounts for labour days",
       {{LabourLine("hh-1", kLabour, 500), LabourLine("hh-2", kLabour, 500)}},
       "2026-11-22"},
      {"differing amounts",
       {{ShareLine("hh-1", kWorks, 500), ShareLine("hh-2", kWorks, 500),
         ShareLine("hh-3", kWorks, 400)}},
       "2026-11-22"},
      {"differing shares",
       {{ShareLine("hh-1", kWorks, 500, 1), ShareLine("hh-2", kWorks, 500, 2)}},
       "2026-11-22"},
      {"single beneficiary", {{ShareLine("hh-1", kWorks, 1'500)}}, "2026-11-22"},
      {"one line for a post among flat shares",
       {{ShareLine("hh-1", kWorks, 500), ShareLine("hh-2", kWorks, 500),
         PaymentLine("hh-3", kPosts, 500)}},
       "2026-11-22"},
      {"equal shares of two each",
       {{ShareLine("hh-1", kWorks, 700, 2), ShareLine("hh-2", kWorks, 700, 2)}},
       "2026-11-22",
       true,
       2,
       2,
       700},
      {"equal per beneficiary over two payments and two categories",
       {{ShareLine("hh-1", kWorks, 700, 2), ShareLine("hh-2", kWorks, 400)},
        {ShareLine("hh-2", kLabour, 300)}},
       "2026-11-22",
       true,
       2,
       2,
       700},
      {"unequal once both payments count",
       {{ShareLine("hh-1", kWorks, 500), ShareLine("hh-2", kWorks, 500)},
        {ShareLine("hh-3", kLabour, 300)}},
       "2026-11-22"},
      {"before the payment date",
       {{ShareLine("hh-1", kWorks, 500), ShareLine("hh-2", kWorks, 500)}},
       "2026-10-07"},
  };
  for (const FlatCase& c : cases) {
    SCOPED_TRACE(c.name);
    TestLog log;
    ASSERT_NO_FATAL_FAILURE(Fixture(log, PlanStep::kAnnounced));
    for (size_t i = 0; i < c.payments.size(); ++i) {
      ASSERT_NO_FATAL_FAILURE(Pay(log, absl::StrCat("PAY", i + 1), c.payments[i]));
    }
    const Findings findings = Evaluate(log.state(), c.date);
    if (!c.flagged) {
      EXPECT_TRUE(findings.empty()) << findings.begin()->second.message;
      continue;
    }
    ASSERT_EQ(findings.size(), 1u);
    const auto& [key, f] = *findings.begin();
    EXPECT_EQ(key, "R22/DP1");
    EXPECT_EQ(f.rule, "R22");
    EXPECT_EQ(f.category, "违反相关规定");
    EXPECT_EQ(f.subject, "DP1");
    EXPECT_EQ(PartyKey(f.owner), kVillageKey);
    EXPECT_EQ(f.amount_fen, c.amount_each_fen * c.beneficiaries);
    ASSERT_TRUE(f.flat_equal_cash.has_value());
    EXPECT_FALSE(f.idle_income.has_value());
    EXPECT_EQ(f.flat_equal_cash->plan_id, "DP1");
    EXPECT_EQ(f.flat_equal_cash->beneficiaries, c.beneficiaries);
    EXPECT_EQ(f.flat_equal_cash->shares_each, c.shares_each);
    EXPECT_EQ(f.flat_equal_cash->amount_each_fen, c.amount_each_fen);
    EXPECT_EQ(f.flat_equal_cash->total_fen, c.amount_each_fen * c.beneficiaries);
    // Evidence: the plan's entry, then its payments'.
    const DistributionState& d = log.state().distributions();
    std::vector<uint64_t> indexes = {d.FindPlan("DP1")->adopted_at};
    for (size_t i = 0; i < c.payments.size(); ++i) {
      indexes.push_back(d.FindPayment(absl::StrCat("PAY", i + 1))->index);
    }
    EXPECT_EQ(f.indexes, indexes);
  }
}

TEST(IncomeFindingsTest, FlatEqualCashMessage) {
  TestLog log;
  ASSERT_NO_FATAL_FAILURE(Fixture(log, PlanStep::kAnnounced));
  ASSERT_NO_FATAL_FAILURE(Pay(log, "PAY1",
                              {ShareLine("hh-1", kWorks, 500), ShareLine("hh-2", kWorks, 500),
                               ShareLine("hh-3", kWorks, 500)}));
  const Findings findings = Evaluate(log.state(), "2026-11-22");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings.begin()->second.message,
            "R22: by 2026-11-22 distribution plan DP1 of 村股份经济合作社 (341721001001) paid "
            "each of its 3 beneficiaries the same 5.00 yuan for 1 share, 15.00 yuan in all, with "
            "no line tied to a post or to labour days (简单平均分配)");
}

// ---- R25 idle income ----

struct IdleCase {
  std::string name;
  std::function<void(TestLog&)> setup;  // on the distribution fixture
  std::string date;
  int64_t idle_fen = 0;  // 0: no finding
  std::vector<std::string> income_ids = {};
  uint32_t months_idle = 0;
  int64_t booked_fen = 0;
  int64_t paid_fen = 0;
};

void Nothing(TestLog& /*log*/) {}

// Plan DP1 paid 60.00 yuan to hh-001 on 2026-10-08 (AdvancePlan's payment).
void PartlyPaid(TestLog& log) {
  auto plan = MakeDistributionPlan("DP1", {"I1"}, StandardAllocations());
  ASSERT_TRUE(log.Submit(plan, kVillageAccountantId, TestKey(9)).ok());
  AdvancePlan(log, "DP1", PlanStep::kAdopted, PlanStep::kPaid);
}

void IdleMonths(TestLog& log, uint32_t months) {
  v1::Policy policy;
  policy.set_idle_income_months(months);
  auto body = TestLog::SetPolicy(policy);
  absl::Status s = log.Submit(body, kAdminId, TestKey(1));
  ASSERT_TRUE(s.ok()) << s;
}

// Income I2 of AS1 for September 2026 (net 85.00 yuan), received on `received`.
void SecondIncome(TestLog& log, std::string_view received = "2026-10-05") {
  auto income = MakeIncome("I2", "AS1", 10'000, "2026-09-01", "2026-09-30");
  income.set_received_date(std::string(received));
  absl::Status s = log.Submit(income, kVillageAccountantId, TestKey(9));
  ASSERT_TRUE(s.ok()) << s;
}

TEST(IncomeFindingsTest, IdleIncome) {
  const std::vector<IdleCase> cases = {
      {"undistributed for more than 12 months", Nothing, "2027-09-06", 8'500, {"I1"}, 12, 8'500},
      {"undistributed for exactly 12 months", Nothing, "2027-09-05"},
      {"undistributed for 14 months", Nothing, "2027-11-22", 8'500, {"I1"}, 14, 8'500},
      {"committed by an open plan but not paid",
       [](TestLog& log) {
         auto plan = MakeDistributionPlan("DP1", {"I1"}, StandardAllocations());
         ASSERT_TRUE(log.Submit(plan, kVillageAccountantId, TestKey(9)).ok());
         AdvancePlan(log, "DP1", PlanStep::kAdopted, PlanStep::kAnnounced);
       },
       "2027-09-06",
       8'500,
       {"I1"},
       12,
       8'500},
      {"partly distributed", PartlyPaid, "2027-09-06", 2'500, {"I1"}, 12, 8'500, 6'000},
      {"distributed in time",
       [](TestLog& log) {
         auto plan = MakeDistributionPlan("DP1", {"I1"}, StandardAllocations());
         ASSERT_TRUE(log.Submit(plan, kVillageAccountantId, TestKey(9)).ok());
         AdvancePlan(log, "DP1", PlanStep::kAdopted, PlanStep::kAnnounced);
         Pay(log, "PAY1",
             {PaymentLine("hh-1", kPosts, 6'000), LabourLine("hh-2", kLabour, 1'000),
              LabourLine("hh-3", kWorks, 1'500)});
       },
       "2027-09-06"},
      {"policy of 3 months",
       [](TestLog& log) { IdleMonths(log, 3); },
       "2026-12-06",
       8'500,
       {"I1"},
       3,
       8'500},
      {"policy of 3 months, not yet", [](TestLog& log) { IdleMonths(log, 3); }, "2026-12-05"},
      {"payment after the date does not count",
       [](TestLog& log) {
         IdleMonths(log, 1);
         PartlyPaid(log);
       },
       "2026-10-07",
       8'500,
       {"I1"},
       1,
       8'500,
       0},
      {"payment on the date counts",
       [](TestLog& log) {
         IdleMonths(log, 1);
         PartlyPaid(log);
       },
       "2026-10-08",
       2'500,
       {"I1"},
       1,
       8'500,
       6'000},
      {"first in, first out: the older remainder is idle, the younger not yet",
       [](TestLog& log) {
         SecondIncome(log);
         PartlyPaid(log);
       },
       "2027-09-20",
       2'500,
       {"I1"},
       12,
       17'000,
       6'000},
      {"first in, first out: both idle",
       [](TestLog& log) {
         SecondIncome(log);
         PartlyPaid(log);
       },
       "2027-10-06",
       11'000,
       {"I1", "I2"},
       13,
       17'000,
       6'000},
      {"income received after the date is not booked yet",
       [](TestLog& log) {
         IdleMonths(log, 1);
         SecondIncome(log, "2026-11-20");
       },
       "2026-10-06",
       8'500,
       {"I1"},
       1,
       8'500},
  };
  for (const IdleCase& c : cases) {
    SCOPED_TRACE(c.name);
    TestLog log;
    ASSERT_NO_FATAL_FAILURE(Fixture(log));
    ASSERT_NO_FATAL_FAILURE(c.setup(log));
    const Findings findings = Evaluate(log.state(), c.date);
    if (c.idle_fen == 0) {
      EXPECT_TRUE(findings.empty()) << findings.begin()->second.message;
      continue;
    }
    ASSERT_EQ(findings.size(), 1u);
    const auto& [key, f] = *findings.begin();
    EXPECT_EQ(key, absl::StrCat("R25/", Sv(kVillageKey)));
    EXPECT_EQ(f.rule, "R25");
    EXPECT_EQ(f.category, "长期挂账未处理");
    EXPECT_EQ(f.subject, kVillageKey);
    EXPECT_EQ(PartyKey(f.owner), kVillageKey);
    EXPECT_EQ(f.amount_fen, c.idle_fen);
    ASSERT_TRUE(f.idle_income.has_value());
    EXPECT_FALSE(f.flat_equal_cash.has_value());
    EXPECT_EQ(f.idle_income->idle_fen, c.idle_fen);
    EXPECT_EQ(f.idle_income->income_ids, c.income_ids);
    EXPECT_EQ(f.idle_income->oldest_income_id, c.income_ids.front());
    EXPECT_EQ(f.idle_income->oldest_received_date,
              log.state().incomes().FindIncome(c.income_ids.front())->record.received_date());
    EXPECT_EQ(f.idle_income->months_idle, c.months_idle);
    EXPECT_EQ(f.idle_income->booked_fen, c.booked_fen);
    EXPECT_EQ(f.idle_income->paid_fen, c.paid_fen);
    std::vector<uint64_t> indexes;
    for (const std::string& id : c.income_ids) {
      indexes.push_back(log.state().incomes().FindIncome(id)->index);
    }
    EXPECT_EQ(f.indexes, indexes);
  }
}

TEST(IncomeFindingsTest, IdleIncomeMessage) {
  TestLog log;
  ASSERT_NO_FATAL_FAILURE(Fixture(log));
  ASSERT_NO_FATAL_FAILURE(PartlyPaid(log));
  const Findings findings = Evaluate(log.state(), "2027-11-22");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings.begin()->second.message,
            "R25: 村股份经济合作社 (341721001001) has left 25.00 yuan of income undistributed for "
            "more than 12 months: 85.00 yuan booked and 60.00 yuan paid by 2027-11-22; the "
            "oldest, income I1 received on 2026-09-05, for 14 months (资金滞留)");

  ASSERT_NO_FATAL_FAILURE(IdleMonths(log, 1));
  const Findings early = Evaluate(log.state(), "2026-10-06");
  ASSERT_EQ(early.size(), 1u);
  EXPECT_EQ(early.begin()->second.message,
            "R25: 村股份经济合作社 (341721001001) has left 85.00 yuan of income undistributed for "
            "more than 1 month: 85.00 yuan booked and 0.00 yuan paid by 2026-10-06; the oldest, "
            "income I1 received on 2026-09-05, for 1 month (资金滞留)");
}

TEST(IncomeFindingsTest, BothRulesInKeyOrder) {
  TestLog log;
  ASSERT_NO_FATAL_FAILURE(Fixture(log, PlanStep::kAnnounced));
  ASSERT_NO_FATAL_FAILURE(
      Pay(log, "PAY1", {ShareLine("hh-1", kWorks, 500), ShareLine("hh-2", kWorks, 500)}));
  const Findings findings = Evaluate(log.state(), "2027-09-06");
  std::vector<std::string> keys;
  for (const auto& [key, f] : findings) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"R22/DP1", absl::StrCat("R25/", Sv(kVillageKey))}));
  EXPECT_EQ(findings.at(absl::StrCat("R25/", Sv(kVillageKey))).amount_fen, 7'500);
}

TEST(IncomeFindingsTest, RefusesAMalformedDate) {
  TestLog log;
  ASSERT_NO_FATAL_FAILURE(Fixture(log));
  for (std::string_view date : {"", "2026-02-29", "2026-1-05", "today"}) {
    absl::StatusOr<Findings> findings = EvaluateIncomeFindings(log.state(), date);
    EXPECT_EQ(findings.status().code(), absl::StatusCode::kInvalidArgument) << date;
  }
  EXPECT_EQ(EvaluateIncomeFindings(log.state(), "2026-02-29").status().message(),
            "date \"2026-02-29\" is not a valid YYYY-MM-DD date");
}

}  // namespace
}  // namespace ledger::state
