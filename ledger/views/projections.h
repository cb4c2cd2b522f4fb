#ifndef LEDGER_VIEWS_PROJECTIONS_H_
#define LEDGER_VIEWS_PROJECTIONS_H_

// The figures the server reports about a log's state (its projections), computed from a
// state::LedgerState. The gRPC services answer with these, and `ledgerctl audit verify` computes
// the same figures from its own replay and compares: one implementation, so a mismatch can only
// mean the two states differ, never that two copies of the arithmetic drifted apart.
//
//   v1::FundSummary summary = views::FundSummary(state);
//   LEDGER_ASSIGN_OR_RETURN(v1::AssetTotals totals, views::AssetTotals(state, ""));
//
// Pure functions of the state; thread-safe for a state nobody mutates meanwhile.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "ledger/state/state.h"
#include "ledger/v1/asset_service.pb.h"
#include "ledger/v1/fund_service.pb.h"
#include "ledger/v1/income_service.pb.h"

namespace ledger::views {

// paid / base in basis points, without overflow (both are at most int64 max fen); 0 when either
// is not positive.
uint32_t ProgressBp(int64_t paid, int64_t base);

// Received, approved and paid per fund source (sources with nothing received are left out) and
// in total, with progress (FundService.GetFundSummary).
v1::FundSummary FundSummary(const state::LedgerState& state);

// 支出进度 of `year` (2000..2099, checked by the caller) by month: cumulative paid (reversed
// payments excluded) over received (reversed receipts excluded) for one fund source or, with
// FUND_SOURCE_UNSPECIFIED, all of them, against the policy's monthly targets
// (FundService.GetProgress).
v1::Progress SpendingProgress(const state::LedgerState& state, uint32_t year,
                              v1::FundSource source);

// One double-entry account split into stage, source and project (state::AccountName). Names the
// state machine did not make (an unknown kind) come back with stage UNSPECIFIED.
v1::AccountBalance AccountBalance(const std::string& account, int64_t balance_fen);

// Every account ever moved, by account name (FundService.ListBalances without filters).
std::vector<v1::AccountBalance> Balances(const state::LedgerState& state);

// True for a division code of 6, 9 or 12 ASCII digits.
bool IsDivisionCode(std::string_view code);

// Asset counts and original values by class under `division_prefix` ("" = the log's division),
// in service and disposed, with the townships and villages below it (AssetService.GetAssetTotals).
// kInvalidArgument for a prefix that is not a division code under the log's division;
// kOutOfRange when the values overflow a 64-bit sum of fen.
absl::StatusOr<v1::AssetTotals> AssetTotals(const state::LedgerState& state,
                                            std::string_view division_prefix);

// The income booked to `owner`, what its plans commit and paid, and what is still available
// (IncomeService.GetOwnerBalance). An owner with nothing booked gets zeros.
v1::OwnerBalance OwnerBalance(const state::LedgerState& state, const v1::Party& owner);

// Every party that income was booked to or that owns a distribution plan, ordered by
// state::PartyKey, each once.
std::vector<v1::Party> Owners(const state::LedgerState& state);

}  // namespace ledger::views

#endif  // LEDGER_VIEWS_PROJECTIONS_H_
