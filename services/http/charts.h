#ifndef SERVICES_HTTP_CHARTS_H_
#define SERVICES_HTTP_CHARTS_H_

// The county page's charts, from the same projections FundService.GetProgress and
// AssetService.GetAssetTotals answer with (ledger/views/projections.h): 支出进度 of `year` by
// month against the policy's monthly targets and by fund source, and the original value of the
// assets in service by class and by township; each chart followed by its figures as a table.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "ledger/state/state.h"

namespace ledger::http {

// The year whose progress the county page shows by default: the latest year of a fund receipt,
// or `fallback` when there is none.
uint32_t LatestReceiptYear(const state::LedgerState& state, uint32_t fallback);

// <section>s with the SVG charts and tables. Errors of views::AssetTotals (kOutOfRange on an
// overflowing sum).
absl::StatusOr<std::string> CountyCharts(const state::LedgerState& state, uint32_t year);

}  // namespace ledger::http

#endif  // SERVICES_HTTP_CHARTS_H_
