#include "ledger/state/income_findings.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ledger/state/civil_date.h"
#include "ledger/state/distribution_state.h"
#include "ledger/state/field_rules.h"
#include "ledger/state/fund_state.h"
#include "ledger/state/income_state.h"
#include "ledger/util/check.h"

namespace ledger::state {
namespace {

// "大山村股份经济合作社 (341721001001)".
std::string OwnerName(const v1::Party& owner) {
  return absl::StrCat(owner.name(), " (", owner.division(), ")");
}

// The payments of `plan` dated on or before `date`, in log order.
std::vector<const DistributionPaymentRecord*> PaymentsBy(const DistributionState& d,
                                                         const PlanRecord& plan,
                                                         std::string_view date) {
  std::vector<const DistributionPaymentRecord*> out;
  for (const std::string& id : plan.payment_ids) {
    const DistributionPaymentRecord* r = d.FindPayment(id);
    LEDGER_CHECK(r != nullptr);  // StateMutator records a payment before naming it in its plan
    // "YYYY-MM-DD" strings order as the dates do.
    if (r->payment.payment_date() <= date) out.push_back(r);
  }
  return out;
}

// R22 for one plan (docs in the header); nullopt when it is not flat equal cash.
std::optional<Finding> FlatEqualCashOf(const DistributionState& d, const PlanRecord& plan,
                                       std::string_view date) {
  struct Received {
    uint64_t shares = 0;
    int64_t fen = 0;
  };
  std::map<std::string, Received, std::less<>> by_beneficiary;
  std::vector<uint64_t> indexes = {plan.adopted_at};
  int64_t total_fen = 0;
  for (const DistributionPaymentRecord* r : PaymentsBy(d, plan, date)) {
    indexes.push_back(r->index);
    for (const v1::DistributionPaymentLine& line : r->payment.lines()) {
      if (line.basis() != v1::DISTRIBUTION_BASIS_SHARE) return std::nullopt;  // conditioned
      Received& received = by_beneficiary[line.beneficiary_ref()];
      received.shares += line.quantity();
      received.fen += line.amount_fen();
      total_fen += line.amount_fen();
    }
  }
  if (by_beneficiary.size() < kFlatEqualCashBeneficiariesMin) return std::nullopt;
  const Received& first = by_beneficiary.begin()->second;
  for (const auto& [ref, received] : by_beneficiary) {
    if (received.shares != first.shares || received.fen != first.fen) return std::nullopt;
  }

  FlatEqualCash evidence;
  evidence.plan_id = plan.plan.plan_id();
  evidence.beneficiaries = static_cast<uint32_t>(by_beneficiary.size());
  evidence.shares_each = first.shares;
  evidence.amount_each_fen = first.fen;
  evidence.total_fen = total_fen;
  LEDGER_CHECK(total_fen == first.fen * static_cast<int64_t>(by_beneficiary.size()));

  Finding f;
  f.rule = std::string(kFlatEqualCashRule);
  f.category = std::string(kCategoryViolation);
  f.subject = plan.plan.plan_id();
  f.owner = plan.plan.owner();
  f.amount_fen = total_fen;
  f.message =
      absl::StrCat("R22: by ", Sv(date), " distribution plan ", plan.plan.plan_id(), " of ",
                   OwnerName(plan.plan.owner()), " paid each of its ", evidence.beneficiaries,
                   " beneficiaries the same ", FormatYuan(first.fen), " for ", first.shares,
                   first.shares == 1 ? " share" : " shares", ", ", FormatYuan(total_fen),
                   " in all, with no line tied to a post or to labour days (简单平均分配)");
  f.indexes = std::move(indexes);
  std::sort(f.indexes.begin(), f.indexes.end());
  f.flat_equal_cash = std::move(evidence);
  return f;
}

bool MakesPlans(v1::PartyKind kind) {
  return kind == v1::PARTY_KIND_COUNTY || kind == v1::PARTY_KIND_TOWNSHIP ||
         kind == v1::PARTY_KIND_VILLAGE_COLLECTIVE;
}

// "1 month", "13 months".
std::string Months(uint32_t n) { return absl::StrCat(n, n == 1 ? " month" : " months"); }

// Whole calendar months from `from` to `to` (from ≤ to): the largest m with from + m months ≤ to.
uint32_t MonthsBetween(const CivilDate& from, const CivilDate& to) {
  int months = (to.year - from.year) * 12 + (to.month - from.month);
  if (months > 0 && DaysFromCivil(AddMonths(from, months)) > DaysFromCivil(to)) --months;
  return static_cast<uint32_t>(std::max(months, 0));
}

// R25 for one owner (docs in the header): `incomes` are its records received by `date`, oldest
// first; nullopt when nothing is idle.
std::optional<Finding> IdleIncomeOf(const LedgerState& state, std::string_view owner_key,
                                    const std::vector<const IncomeEntry*>& incomes,
                                    const CivilDate& as_of, std::string_view date) {
  const DistributionState& d = state.distributions();
  int64_t paid = 0;
  for (const std::string& id : d.PlansOf(owner_key)) {
    const PlanRecord* plan = d.FindPlan(id);
    LEDGER_CHECK(plan != nullptr);  // StateMutator indexes only plans it recorded
    for (const DistributionPaymentRecord* r : PaymentsBy(d, *plan, date)) {
      for (const v1::DistributionPaymentLine& line : r->payment.lines()) paid += line.amount_fen();
    }
  }

  const uint32_t months = state.policy().idle_income_months();
  const int64_t as_of_day = DaysFromCivil(as_of);
  IdleIncome evidence;
  evidence.paid_fen = paid;
  std::vector<uint64_t> indexes;
  int64_t unspent_paid = paid;  // what the payments have not yet consumed
  for (const IncomeEntry* income : incomes) {
    const int64_t net = income->record.net_income_fen();
    evidence.booked_fen += net;
    const int64_t consumed = std::min(net, unspent_paid);
    unspent_paid -= consumed;
    const int64_t remainder = net - consumed;
    if (remainder == 0) continue;
    const std::optional<CivilDate> received = ParseCivilDate(income->record.received_date());
    LEDGER_CHECK(received.has_value());  // the income handler accepts only valid dates
    if (DaysFromCivil(AddMonths(*received, static_cast<int>(months))) >= as_of_day) continue;
    if (evidence.income_ids.empty()) {
      evidence.oldest_income_id = income->record.income_id();
      evidence.oldest_received_date = income->record.received_date();
      evidence.months_idle = MonthsBetween(*received, as_of);
    }
    evidence.idle_fen += remainder;
    evidence.income_ids.push_back(income->record.income_id());
    indexes.push_back(income->index);
  }
  if (evidence.idle_fen == 0) return std::nullopt;

  Finding f;
  f.rule = std::string(kIdleIncomeRule);
  f.category = std::string(kCategoryLongOutstanding);
  f.subject = std::string(owner_key);
  f.owner = incomes.front()->record.received_by();
  f.amount_fen = evidence.idle_fen;
  f.message = absl::StrCat(
      "R25: ", OwnerName(f.owner), " has left ", FormatYuan(evidence.idle_fen),
      " of income undistributed for more than ", Months(months), ": ",
      FormatYuan(evidence.booked_fen), " booked and ", FormatYuan(paid), " paid by ", Sv(date),
      "; the oldest, income ", evidence.oldest_income_id, " received on ",
      evidence.oldest_received_date, ", for ", Months(evidence.months_idle), " (资金滞留)");
  std::sort(indexes.begin(), indexes.end());
  f.indexes = std::move(indexes);
  f.idle_income = std::move(evidence);
  return f;
}

}  // namespace

std::string FindingKey(const Finding& finding) {
  return absl::StrCat(finding.rule, "/", finding.subject);
}

absl::StatusOr<Findings> EvaluateIncomeFindings(const LedgerState& state, std::string_view date) {
  const std::optional<CivilDate> as_of = ParseCivilDate(date);
  if (!as_of.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("date ", QuoteForError(date), " is not a valid YYYY-MM-DD date"));
  }
  Findings out;
  auto add = [&out](std::optional<Finding> f) {
    if (!f.has_value()) return;
    std::string key = FindingKey(*f);
    const bool inserted = out.emplace(std::move(key), *std::move(f)).second;
    LEDGER_CHECK(inserted);  // plan ids and owner keys are unique
  };

  const DistributionState& d = state.distributions();
  for (const auto& [id, plan] : d.plans()) add(FlatEqualCashOf(d, plan, date));

  // Owner key -> its income records received by the date, oldest first.
  std::map<std::string, std::vector<const IncomeEntry*>, std::less<>> by_owner;
  for (const auto& [id, income] : state.incomes().incomes()) {
    const v1::IncomeRecord& r = income.record;
    if (!MakesPlans(r.received_by().kind())) continue;
    if (r.received_date() > date || r.net_income_fen() == 0) continue;
    by_owner[PartyKey(r.received_by())].push_back(&income);
  }
  for (auto& [owner_key, incomes] : by_owner) {
    std::sort(incomes.begin(), incomes.end(), [](const IncomeEntry* x, const IncomeEntry* y) {
      if (x->record.received_date() != y->record.received_date()) {
        return x->record.received_date() < y->record.received_date();
      }
      return x->index < y->index;
    });
    add(IdleIncomeOf(state, owner_key, incomes, *as_of, date));
  }
  return out;
}

}  // namespace ledger::state
