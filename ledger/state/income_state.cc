#include "ledger/state/income_state.h"

#include "absl/strings/str_cat.h"
#include "ledger/state/handlers.h"
#include "ledger/state/state.h"
#include "ledger/util/check.h"

namespace ledger::state {

std::string PartyKey(const v1::Party& party) {
  return absl::StrCat(
      static_cast<int>(party.kind()), "/", party.division(), "/",
      party.kind() == v1::PARTY_KIND_HOUSEHOLD ? party.household_ref() : party.name());
}

const EligibilityEntry* IncomeState::LastEligibilityChange(std::string_view village,
                                                           std::string_view beneficiary_ref) const {
  auto it = eligibility_.find(beneficiary_ref);
  if (it == eligibility_.end()) return nullptr;
  for (auto change = it->second.rbegin(); change != it->second.rend(); ++change) {
    if (change->village == village) return &*change;
  }
  return nullptr;
}

const EligibilityEntry* IncomeState::EligibilityInForce(std::string_view division,
                                                        std::string_view beneficiary_ref,
                                                        std::string_view date) const {
  auto it = eligibility_.find(beneficiary_ref);
  if (it == eligibility_.end()) return nullptr;
  const EligibilityEntry* in_force = nullptr;
  for (const EligibilityEntry& change : it->second) {  // log order: a later one wins a tie
    if (!change.village.starts_with(division) || change.effective_date > date) continue;
    if (in_force == nullptr || change.effective_date >= in_force->effective_date) {
      in_force = &change;
    }
  }
  return in_force;
}

const IncomeEntry* IncomeState::FindIncome(std::string_view income_id) const {
  auto it = incomes_.find(income_id);
  return it == incomes_.end() ? nullptr : &it->second;
}

const std::vector<std::string>& IncomeState::IncomesOf(std::string_view asset_code) const {
  static const std::vector<std::string>* const none = new std::vector<std::string>();
  auto it = by_asset_.find(asset_code);
  return it == by_asset_.end() ? *none : it->second;
}

int64_t IncomeState::BookedTo(std::string_view owner_key) const {
  auto it = booked_.find(owner_key);
  return it == booked_.end() ? 0 : it->second;
}

std::string IncomeState::DebugString() const {
  std::string out;
  for (const auto& [id, income] : incomes_) {
    absl::StrAppend(&out, "income ", id, " at ", income.index, " ",
                    income.record.ShortDebugString(), "\n");
  }
  for (const auto& [key, fen] : booked_) absl::StrAppend(&out, "booked ", key, " ", fen, "\n");
  for (const auto& [ref, changes] : eligibility_) {
    for (const EligibilityEntry& e : changes) {
      absl::StrAppend(&out, "eligibility ", e.village, "/", ref, " ", static_cast<int>(e.status),
                      " from ", e.effective_date, " at ", e.index, "\n");
    }
  }
  return out;
}

void StateMutator::AddIncome(const v1::IncomeRecord& record, uint64_t index) {
  IncomeState& incomes = state_.incomes_;
  const bool inserted =
      incomes.incomes_.emplace(record.income_id(), IncomeEntry{record, index}).second;
  LEDGER_CHECK(inserted);
  incomes.by_asset_[record.asset_code()].push_back(record.income_id());
  incomes.booked_[PartyKey(record.received_by())] += record.net_income_fen();
}

const std::vector<EligibilityEntry>& IncomeState::EligibilityChangesOf(
    std::string_view beneficiary_ref) const {
  static const std::vector<EligibilityEntry> kNone;
  auto it = eligibility_.find(beneficiary_ref);
  return it == eligibility_.end() ? kNone : it->second;
}

void StateMutator::AddEligibilityChange(const v1::EligibilityChange& change, uint64_t index) {
  state_.incomes_.eligibility_[change.beneficiary_ref()].push_back(
      EligibilityEntry{change.village(), change.status(), change.effective_date(), index, change});
}

}  // namespace ledger::state
