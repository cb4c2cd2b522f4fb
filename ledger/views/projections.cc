#include "ledger/views/projections.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "ledger/state/fund_state.h"
#include "ledger/state/income_state.h"

namespace ledger::views {
namespace {

void Finish(v1::SourceSummary& s) { s.set_progress_bp(ProgressBp(s.paid_fen(), s.received_fen())); }

// Sums the balances of every account starting with `prefix`.
int64_t SumWithPrefix(const state::FundState& funds, const std::string& prefix) {
  int64_t sum = 0;
  for (auto it = funds.balances().lower_bound(prefix);
       it != funds.balances().end() && absl::StartsWith(it->first, prefix); ++it) {
    sum += it->second;
  }
  return sum;
}

// --- asset totals (R29) ---------------------------------------------------------------------

constexpr v1::AssetClass kClasses[] = {v1::ASSET_CLASS_OPERATIONAL, v1::ASSET_CLASS_PUBLIC_BENEFIT,
                                       v1::ASSET_CLASS_HOUSEHOLD};

void InitClassTotals(v1::ClassTotals* t) {
  for (v1::AssetClass c : kClasses) t->add_classes()->set_asset_class(c);
  t->mutable_total()->set_asset_class(v1::ASSET_CLASS_UNSPECIFIED);
}

// Adds one asset to `line`; false on overflow of the value (then nothing is added).
bool AddTo(v1::ClassTotal* line, int64_t value_fen) {
  int64_t sum = 0;
  if (__builtin_add_overflow(line->original_value_fen(), value_fen, &sum)) return false;
  line->set_original_value_fen(sum);
  line->set_count(line->count() + 1);
  return true;
}

bool AddAsset(v1::ClassTotals* t, v1::AssetClass asset_class, int64_t value_fen) {
  for (v1::ClassTotal& line : *t->mutable_classes()) {
    if (line.asset_class() == asset_class) {
      if (!AddTo(&line, value_fen)) return false;
      break;
    }
  }
  return AddTo(t->mutable_total(), value_fen);
}

v1::DivisionTotals EmptyTotals(const std::string& division) {
  v1::DivisionTotals t;
  t.set_division(division);
  InitClassTotals(t.mutable_in_service());
  InitClassTotals(t.mutable_disposed());
  InitClassTotals(t.mutable_in_service_here());
  InitClassTotals(t.mutable_disposed_here());
  return t;
}

// Counts asset `a` in the totals of `division` (a prefix of its location).
bool Count(v1::DivisionTotals& t, const state::AssetRecord& a) {
  const v1::AssetRegistration& r = a.registration;
  const bool disposed = a.status == v1::ASSET_STATUS_DISPOSED;
  const bool here = r.location() == t.division();
  const int64_t value = r.original_value_fen();
  if (!AddAsset(disposed ? t.mutable_disposed() : t.mutable_in_service(), r.asset_class(), value)) {
    return false;
  }
  if (!here) return true;
  return AddAsset(disposed ? t.mutable_disposed_here() : t.mutable_in_service_here(),
                  r.asset_class(), value);
}

}  // namespace

uint32_t ProgressBp(int64_t paid, int64_t base) {
  if (base <= 0 || paid <= 0) return 0;
  return static_cast<uint32_t>(static_cast<__int128>(paid) * 10000 / base);
}

v1::FundSummary FundSummary(const state::LedgerState& state) {
  v1::FundSummary response;
  const state::FundState& funds = state.funds();
  v1::SourceSummary* total = response.mutable_total();
  const google::protobuf::EnumDescriptor* sources = v1::FundSource_descriptor();
  for (int i = 0; i < sources->value_count(); ++i) {
    const auto source = static_cast<v1::FundSource>(sources->value(i)->number());
    if (source == v1::FUND_SOURCE_UNSPECIFIED) continue;
    const int64_t received =
        -funds.BalanceOf(state::AccountName(state::AccountKind::kExternal, source));
    if (received == 0) continue;
    const int64_t paid =
        SumWithPrefix(funds, state::AccountName(state::AccountKind::kPaid, source, ""));
    const int64_t approved_unpaid =
        SumWithPrefix(funds, state::AccountName(state::AccountKind::kApproved, source, ""));
    v1::SourceSummary* s = response.add_sources();
    s->set_source(source);
    s->set_received_fen(received);
    s->set_approved_fen(approved_unpaid + paid);
    s->set_paid_fen(paid);
    Finish(*s);
    total->set_received_fen(total->received_fen() + received);
    total->set_approved_fen(total->approved_fen() + s->approved_fen());
    total->set_paid_fen(total->paid_fen() + paid);
  }
  Finish(*total);
  return response;
}

v1::AccountBalance AccountBalance(const std::string& account, int64_t balance_fen) {
  v1::AccountBalance out;
  out.set_account(account);
  out.set_balance_fen(balance_fen);
  // "<kind>/<source>[/<project>]": project ids never contain '/' (FORMATS.md §9.6).
  std::vector<std::string> parts = absl::StrSplit(account, absl::MaxSplits('/', 2));
  static const std::map<std::string, v1::AccountStage, std::less<>> kStages = {
      {"external", v1::ACCOUNT_STAGE_EXTERNAL},
      {"received", v1::ACCOUNT_STAGE_RECEIVED},
      {"approved", v1::ACCOUNT_STAGE_APPROVED},
      {"paid", v1::ACCOUNT_STAGE_PAID}};
  if (auto it = kStages.find(parts[0]); it != kStages.end()) out.set_stage(it->second);
  v1::FundSource source = v1::FUND_SOURCE_UNSPECIFIED;
  if (parts.size() > 1 && v1::FundSource_Parse(parts[1], &source)) out.set_source(source);
  if (parts.size() > 2) out.set_project_id(parts[2]);
  return out;
}

std::vector<v1::AccountBalance> Balances(const state::LedgerState& state) {
  std::vector<v1::AccountBalance> out;
  out.reserve(state.funds().balances().size());
  for (const auto& [account, balance_fen] : state.funds().balances()) {
    out.push_back(AccountBalance(account, balance_fen));
  }
  return out;
}

bool IsDivisionCode(std::string_view code) {
  if (code.size() != 6 && code.size() != 9 && code.size() != 12) return false;
  for (char c : code) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::StatusOr<v1::AssetTotals> AssetTotals(const state::LedgerState& state,
                                            std::string_view division_prefix) {
  const std::string prefix =
      division_prefix.empty() ? state.division_code() : std::string(division_prefix);
  if (!IsDivisionCode(prefix) || !absl::StartsWith(prefix, state.division_code())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "division_prefix \"", std::string(division_prefix),
        "\" is not a division code of 6, 9 or 12 digits under ", state.division_code()));
  }
  v1::DivisionTotals total = EmptyTotals(prefix);
  std::map<std::string, v1::DivisionTotals> townships;
  std::map<std::string, v1::DivisionTotals> villages;
  auto in = [](std::map<std::string, v1::DivisionTotals>& level,
               const std::string& division) -> v1::DivisionTotals& {
    auto it = level.find(division);
    if (it == level.end()) it = level.emplace(division, EmptyTotals(division)).first;
    return it->second;
  };
  for (const auto& [code, a] : state.assets().assets()) {
    const std::string& location = a.registration.location();
    if (!absl::StartsWith(location, prefix)) continue;
    bool ok = Count(total, a);
    if (prefix.size() < 9 && location.size() >= 9) {
      ok = ok && Count(in(townships, location.substr(0, 9)), a);
    }
    if (prefix.size() < 12 && location.size() >= 12) {
      ok = ok && Count(in(villages, location.substr(0, 12)), a);
    }
    if (!ok) {
      return absl::OutOfRangeError(
          absl::StrCat("the original values under ", prefix, " overflow a 64-bit sum of fen"));
    }
  }
  v1::AssetTotals response;
  *response.mutable_total() = std::move(total);
  for (auto& [division, t] : townships) *response.add_townships() = std::move(t);
  for (auto& [division, t] : villages) *response.add_villages() = std::move(t);
  return response;
}

v1::OwnerBalance OwnerBalance(const state::LedgerState& state, const v1::Party& owner) {
  const std::string key = state::PartyKey(owner);
  const state::DistributionState& d = state.distributions();
  v1::OwnerBalance response;
  *response.mutable_owner() = owner;
  const int64_t booked = state.incomes().BookedTo(key);
  int64_t open = 0, paid = 0, paid_closed = 0;
  for (const std::string& id : d.PlansOf(key)) {
    const state::PlanRecord* p = d.FindPlan(id);
    if (p == nullptr) continue;
    paid += p->paid_fen;
    if (p->open()) {
      open += p->plan.total_fen();
      response.add_open_plans(id);
    } else {
      paid_closed += p->paid_fen;
    }
  }
  response.set_booked_fen(booked);
  response.set_committed_open_fen(open);
  response.set_paid_fen(paid);
  response.set_paid_closed_fen(paid_closed);
  response.set_available_fen(booked - d.CommittedBy(key));
  return response;
}

std::vector<v1::Party> Owners(const state::LedgerState& state) {
  std::map<std::string, v1::Party> by_key;
  for (const auto& [id, income] : state.incomes().incomes()) {
    by_key.emplace(state::PartyKey(income.record.received_by()), income.record.received_by());
  }
  for (const auto& [id, plan] : state.distributions().plans()) {
    by_key.emplace(plan.owner_key, plan.plan.owner());
  }
  std::vector<v1::Party> out;
  out.reserve(by_key.size());
  for (auto& [key, party] : by_key) out.push_back(std::move(party));
  return out;
}

v1::Progress SpendingProgress(const state::LedgerState& state, uint32_t year,
                              v1::FundSource source) {
  const bool all_sources = source == v1::FUND_SOURCE_UNSPECIFIED;
  const state::FundState& funds = state.funds();
  v1::Progress progress;
  progress.set_year(year);
  progress.set_source(source);
  int64_t received = 0;
  for (const auto& [id, r] : funds.receipts()) {
    if (r.year() != year || funds.reversed_receipts().contains(id)) continue;
    if (all_sources || r.source() == source) received += r.amount_fen();
  }
  progress.set_received_fen(received);
  int64_t paid_by_month[13] = {};
  for (const auto& [month, fen] : funds.paid_by_month()) {
    if (month.year != year || (!all_sources && month.source != source)) continue;
    paid_by_month[month.month] += fen;
  }
  std::map<uint32_t, uint32_t> targets;
  for (const v1::ProgressTarget& t : state.policy().progress_targets().targets()) {
    targets[t.month()] = t.target_bp();
  }
  int64_t cumulative = 0;
  for (uint32_t month = 1; month <= 12; ++month) {
    cumulative += paid_by_month[month];
    v1::MonthProgress* m = progress.add_months();
    m->set_month(month);
    m->set_paid_fen(cumulative);
    m->set_progress_bp(ProgressBp(cumulative, received));
    if (auto it = targets.find(month); it != targets.end()) {
      m->set_has_target(true);
      m->set_target_bp(it->second);
      m->set_behind(m->progress_bp() < it->second);
    }
  }
  return progress;
}

}  // namespace ledger::views
