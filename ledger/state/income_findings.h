#ifndef LEDGER_STATE_INCOME_FINDINGS_H_
#define LEDGER_STATE_INCOME_FINDINGS_H_

// Audit findings (审计发现) on income and its distribution: R22 flat equal cash and R25 idle
// income (DOMAIN.md §5; docs/FORMATS.md §11.2). They are judgements an auditor reports, not
// rejections: the state machine accepted every entry they look at. This module only reads a
// LedgerState, as of a date, and never changes it.
//
//   absl::StatusOr<Findings> findings = EvaluateIncomeFindings(state, "2026-11-22");
//   if (!findings.ok()) return findings.status();  // a malformed date
//   for (const auto& [key, f] : *findings) std::cout << f.rule << " " << f.message << "\n";
//
// Both are evaluated as of a date D over the entries in the state, by the dates the entries
// carry (payment_date, received_date), so the answer for a past D is what those entries showed
// then; the idle period is the log's current policy.
//
// R22 flat equal cash (严禁将收益简单平均分配; 三资 category 违反相关规定, because the rule is
// an explicit prohibition). A distribution plan is flagged when the lines of its payments dated
// ≤ D, summed per beneficiary, show:
//   - at least kFlatEqualCashBeneficiariesMin (2) beneficiaries: "the same to everyone" means
//     nothing for one;
//   - only unconditioned lines: basis DISTRIBUTION_BASIS_SHARE. POST (months on a public-welfare
//     post) and LABOUR_DAYS (days worked) pay for work done, which is the differentiated,
//     conditional distribution the rule asks for;
//   - the same number of shares (Σ quantity) for every beneficiary, typically 1 each: differing
//     shares make the distribution differentiated;
//   - the same amount (Σ amount_fen) for every beneficiary.
// A single line tied to a post or to labour days, or two beneficiaries with different shares or
// amounts, and the plan is not flagged. Evidence: the plan's entry and its payments' entries.
//
// R25 idle income (严禁资金滞留; 三资 category 长期挂账未处理: undistributed income carried on
// the owner's books past the period). Per public owner (county, township or village collective:
// the parties that make plans; a household's own income is not the collective's to distribute),
// the net income booked to it with received_date ≤ D is consumed first in, first out (by
// received_date, then log index) by what its plans paid with payment_date ≤ D. Paid, not
// committed: money a plan reserves but has not paid still lies in the owner's account. What
// remains of an income record received more than the policy's idle_income_months N before D
// (D > received_date + N calendar months, the day clamped to the month's end) is idle; younger
// remainders are not. Evidence: the entries of the income records with an idle remainder.
//
// Pure and deterministic: no clock, no I/O; the same state and date give the same findings.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "ledger/state/state.h"
#include "ledger/v1/assets.pb.h"

namespace ledger::state {

inline constexpr std::string_view kFlatEqualCashRule = "R22";
inline constexpr std::string_view kIdleIncomeRule = "R25";
// The 三资 special-audit categories (DOMAIN.md §5) the two findings are reported under.
inline constexpr std::string_view kCategoryViolation = "违反相关规定";
inline constexpr std::string_view kCategoryLongOutstanding = "长期挂账未处理";
// R22 needs at least this many beneficiaries paid under the plan.
inline constexpr uint32_t kFlatEqualCashBeneficiariesMin = 2;

// R22 evidence: a plan whose beneficiaries all got the same unconditioned cash.
struct FlatEqualCash {
  std::string plan_id;
  uint32_t beneficiaries = 0;
  uint64_t shares_each = 0;     // Σ quantity of each beneficiary's lines
  int64_t amount_each_fen = 0;  // Σ amount_fen of each beneficiary's lines
  int64_t total_fen = 0;        // beneficiaries × amount_each_fen
};

// R25 evidence: what an owner has left undistributed for too long.
struct IdleIncome {
  int64_t idle_fen = 0;                 // Σ idle remainders
  int64_t booked_fen = 0;               // net income received by D
  int64_t paid_fen = 0;                 // paid by the owner's plans by D
  std::string oldest_income_id;         // the oldest income record with an idle remainder
  std::string oldest_received_date;     // its received_date
  uint32_t months_idle = 0;             // whole calendar months from that date to D (> N)
  std::vector<std::string> income_ids;  // the records with an idle remainder, oldest first
};

struct Finding {
  std::string rule;      // kFlatEqualCashRule or kIdleIncomeRule
  std::string category;  // the 三资 category
  // R22: the plan id; R25: the owner's PartyKey.
  std::string subject;
  v1::Party owner;  // the plan's owner (R22) or the owner (R25)
  // The money found: R22 the total paid in equal shares; R25 the idle amount.
  int64_t amount_fen = 0;
  std::string message;                           // one sentence with the numbers, in English
  std::vector<uint64_t> indexes;                 // the evidence entries, ascending
  std::optional<FlatEqualCash> flat_equal_cash;  // set for R22
  std::optional<IdleIncome> idle_income;         // set for R25
};

// Findings keyed by FindingKey, which is also their order: by rule, then subject.
using Findings = std::map<std::string, Finding, std::less<>>;

// "<rule>/<subject>", e.g. "R22/DP-1", "R25/3/341721001001/大山村股份经济合作社".
std::string FindingKey(const Finding& finding);

// R22 and R25 over `state` as of `date` ("YYYY-MM-DD"). kInvalidArgument for a malformed date.
absl::StatusOr<Findings> EvaluateIncomeFindings(const LedgerState& state, std::string_view date);

}  // namespace ledger::state

#endif  // LEDGER_STATE_INCOME_FINDINGS_H_
