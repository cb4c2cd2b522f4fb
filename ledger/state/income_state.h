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

// One eligibility change of a beneficiary, as recorded by its village.
struct EligibilityEntry {
  std::string village;
  v1::EligibilityStatus status = v1::ELIGIBILITY_STATUS_UNSPECIFIED;
  std::string effective_date;
  uint64_t index = 0;
  v1::EligibilityChange change;  // the body as appended (header included)
};

class IncomeState {
 public:
  // The last change of `beneficiary_ref` recorded by `village` (one village's changes are in date
  // order, L-INCOME), or null if it has none.
  const EligibilityEntry* LastEligibilityChange(std::string_view village,
                                                std::string_view beneficiary_ref) const;
  // The change that decides whether `beneficiary_ref` may be paid on `date` by a plan owned by
  // `division` (R24): among the changes recorded by villages whose code starts with `division`
  // (the village itself for a village owner, each of its villages for a township or the county),
  // the latest effective on or before `date`, by effective date and, on the same date, by log
  // order. Null if there is none. The same pseudonymous reference in a village outside
  // `division` is another person and does not count.
  const EligibilityEntry* EligibilityInForce(std::string_view division,
                                             std::string_view beneficiary_ref,
                                             std::string_view date) const;
  // Every change of `beneficiary_ref` in every village, in log order (a beneficiary's history).
  const std::vector<EligibilityEntry>& EligibilityChangesOf(std::string_view beneficiary_ref) const;
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
  // beneficiary_ref -> its changes in every village, in log order. Keyed by the reference alone
  // so that an owner above the village finds the changes of all its villages in one lookup; a
  // reference has few changes, so scanning them is cheap.
  std::map<std::string, std::vector<EligibilityEntry>, std::less<>> eligibility_;
};

}  // namespace ledger::state

#endif  // LEDGER_STATE_INCOME_STATE_H_
