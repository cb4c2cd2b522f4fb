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

std::string BeneficiaryKey(std::string_view village, std::string_view beneficiary_ref) {
  return absl::StrCat(std::string(village), "/", std::string(beneficiary_ref));
}

const std::vector<EligibilityEntry>& IncomeState::EligibilityOf(
    std::string_view beneficiary_key) const {
  static const std::vector<EligibilityEntry>* const none = new std::vector<EligibilityEntry>();
  auto it = eligibility_.find(beneficiary_key);
  return it == eligibility_.end() ? *none : it->second;
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
  for (const auto& [key, changes] : eligibility_) {
    for (const EligibilityEntry& e : changes) {
      absl::StrAppend(&out, "eligibility ", key, " ", static_cast<int>(e.status), " from ",
                      e.effective_date, " at ", e.index, "\n");
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

void StateMutator::AddEligibilityChange(const v1::EligibilityChange& change, uint64_t index) {
  state_.incomes_.eligibility_[BeneficiaryKey(change.village(), change.beneficiary_ref())]
      .push_back(EligibilityEntry{change.status(), change.effective_date(), index});
}

}  // namespace ledger::state
