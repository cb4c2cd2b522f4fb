#ifndef LEDGER_STATE_INCOME_STATE_H_
#define LEDGER_STATE_INCOME_STATE_H_

// The income part of a LedgerState (docs/FORMATS.md §9.8): every income record, the records of
// each asset, and the net income booked to each owner's account (R19: what a distribution may
// later draw on).
//
// Read-only to everyone but StateMutator (handlers.h).

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/v1/income.pb.h"

namespace ledger::state {

// The key of a party's account: "<kind number>/<division>/<household_ref or name>".
std::string PartyKey(const v1::Party& party);

struct IncomeEntry {
  v1::IncomeRecord record;
  uint64_t index = 0;
};

// One eligibility change of a beneficiary.
struct EligibilityEntry {
  v1::EligibilityStatus status = v1::ELIGIBILITY_STATUS_UNSPECIFIED;
  std::string effective_date;
  uint64_t index = 0;
};

// The key of a beneficiary: "<village>/<beneficiary_ref>".
std::string BeneficiaryKey(std::string_view village, std::string_view beneficiary_ref);

class IncomeState {
 public:
  // The eligibility changes of a beneficiary (BeneficiaryKey), in date order; empty if none.
  const std::vector<EligibilityEntry>& EligibilityOf(std::string_view beneficiary_key) const;
  const std::map<std::string, IncomeEntry, std::less<>>& incomes() const { return incomes_; }
  const IncomeEntry* FindIncome(std::string_view income_id) const;
  // The income ids of an asset, in log order (empty if none).
  const std::vector<std::string>& IncomesOf(std::string_view asset_code) const;
  // Net income booked to the party with PartyKey `owner_key` (0 if none).
  int64_t BookedTo(std::string_view owner_key) const;
  const std::map<std::string, int64_t, std::less<>>& booked() const { return booked_; }

  // Everything, as text (for tests and debugging).
  std::string DebugString() const;

 private:
  friend class StateMutator;

  std::map<std::string, IncomeEntry, std::less<>> incomes_;
  std::map<std::string, std::vector<std::string>, std::less<>> by_asset_;
  std::map<std::string, int64_t, std::less<>> booked_;
  std::map<std::string, std::vector<EligibilityEntry>, std::less<>> eligibility_;
};

}  // namespace ledger::state

#endif  // LEDGER_STATE_INCOME_STATE_H_
