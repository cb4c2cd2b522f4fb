#ifndef LEDGER_STATE_FUND_RULES_H_
#define LEDGER_STATE_FUND_RULES_H_

// Checks of fund bodies that need no state, shared by the state machine and by clients that
// check a spreadsheet before signing it (ledgerctl import rosters), so that both refuse a line
// for the same reason in the same words.

#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"
#include "ledger/v1/funds.pb.h"

namespace ledger::state {

inline constexpr size_t kItemRunesMax = 100;  // an in-kind item's name (实物名称)

// What one line of a household roster (发放花名册) pays.
struct RosterLineValue {
  int64_t cash_fen = 0;
  int64_t in_kind_fen = 0;  // quantity × unit_price_fen
};

// One roster line's fields (L-FIELD kInvalidArgument naming `field`, e.g. "lines[3]", or just
// the line's fields when `field` is empty): a
// pseudonymous household_ref, amounts >= 0, an in-kind part complete or absent, something paid,
// a bank_reference (without personal data) for cash; and its value.
absl::StatusOr<RosterLineValue> CheckRosterLine(const v1::RosterLine& line, std::string_view field);

}  // namespace ledger::state

#endif  // LEDGER_STATE_FUND_RULES_H_
