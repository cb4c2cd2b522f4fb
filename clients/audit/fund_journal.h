#ifndef CLIENTS_AUDIT_FUND_JOURNAL_H_
#define CLIENTS_AUDIT_FUND_JOURNAL_H_

// `ledgerctl export journal`: the fund movements of a verified replay (replay.h) as a plain-text
// double-entry journal that both `ledger` (ledger-cli.org, 3.x) and `hledger` (1.x) read, so an
// independent accounting program reproduces every balance (docs/FORMATS.md §18.1).
//
//   std::string text = FundJournal(*replay, "verified checkpoint ... size 57");
//
// One transaction per movement (state::Transfer), in log order, dated with the business date of
// the entry that made it, the entry's index as the transaction code and its id as a tag:
//
//   2026-03-01 (5) 资金到账 FundReceipt
//       ; entry_id: 0190c1d2e3f4a5b6c7d8e9f0a1b2c3d4
//       received:central-linkage                     1000000.00 CNY
//       external:central-linkage                    -1000000.00 CNY
//
// Amounts are yuan with exactly two decimals, written from integer fen (no floating point).
// Pure: no I/O.

#include <cstdint>
#include <string>
#include <string_view>

#include "clients/audit/replay.h"

namespace ledger::audit {

// The commodity every amount carries.
inline constexpr std::string_view kJournalCommodity = "CNY";

// The journal name of a state account (state::AccountName): stages and the project are kept,
// the source becomes its command-line word, '/' becomes the account separator ':':
//   "paid/FUND_SOURCE_CENTRAL_LINKAGE/P1" -> "paid:central-linkage:P1"
// Project ids are [A-Za-z0-9._-] (FORMATS §9.6), so every name is valid in both tools.
std::string JournalAccount(std::string_view state_account);

// "1234.56", "-0.05": fen as yuan, two decimals, no separators.
std::string JournalAmount(int64_t fen);

// The whole journal: a comment block (`; ` lines of `header`, which may span lines), then one
// transaction per movement of replay.state.funds().journal(). Requires a replay that kept the
// journal (VerifyLog does).
std::string FundJournal(const Replay& replay, std::string_view header);

}  // namespace ledger::audit

#endif  // CLIENTS_AUDIT_FUND_JOURNAL_H_
