#ifndef LEDGER_UTIL_MONEY_H_
#define LEDGER_UTIL_MONEY_H_

// Money typed by people: yuan (元) text to integer fen (分), exactly, without floating point.
//
//   ParseYuan("1,234.56") == 123456    ParseYuan("1234") == 123400    ParseYuan("0.5") == 50
//
// Accepted: digits, optionally grouped by commas in threes ("1,000,000"; all groups or none),
// optionally followed by "." and one or two digits. Rejected: empty text, signs, spaces, more
// than two decimals, misplaced commas, a bare "." or "5.", and amounts beyond int64 fen.
// Zero is accepted; whether it is allowed is the caller's (and the ledger's) rule.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace ledger {

absl::StatusOr<int64_t> ParseYuan(std::string_view text);

// The inverse for display: fen as yuan with thousands separators and two decimals, no unit:
// 123456 -> "1,234.56", -5 -> "-0.05" (INT64_MIN included).
std::string FormatYuanGrouped(int64_t fen);

}  // namespace ledger

#endif  // LEDGER_UTIL_MONEY_H_
