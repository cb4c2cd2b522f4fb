#ifndef CLIENTS_AUDIT_COMPARE_PROJECTIONS_H_
#define CLIENTS_AUDIT_COMPARE_PROJECTIONS_H_

// Check 5 of the audit (verify_log.h): the server's reported figures against the same figures
// computed from the auditor's replayed state with the server's own code (ledger/views).
//
//   LEDGER_ASSIGN_OR_RETURN(std::vector<std::string> mismatches,
//                           CompareProjections(replayed_state, server_projections));
//
// Compared: the fund summary, every fund account's balance (an account on one side only is a
// mismatch), the asset totals of the log's division, and the balance of every owner that income
// was booked to or that owns a plan in the replayed state. Errors: the source's read errors.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/audit/sources.h"
#include "ledger/state/state.h"

namespace ledger::audit {

// One line per difference, naming the projection and the field, with both values:
// "fund balance paid/CENTRAL_LINKAGE/P1: server 30000 fen, replay 20000 fen".
absl::StatusOr<std::vector<std::string>> CompareProjections(const state::LedgerState& replayed,
                                                            ProjectionSource& server);

}  // namespace ledger::audit

#endif  // CLIENTS_AUDIT_COMPARE_PROJECTIONS_H_
