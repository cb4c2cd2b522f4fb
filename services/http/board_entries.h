#ifndef SERVICES_HTTP_BOARD_ENTRIES_H_
#define SERVICES_HTTP_BOARD_ENTRIES_H_

// The log entries the notice board publishes: those its pages show as records (notice_html.h,
// pages.cc), so the only leaves /api/v1/leaf serves to the public under --read-access=scoped
// (services/grpc/read_access.h: the public reads the board, checkpoints and proofs).
//
// Every announcement; its subject's entry (the project registration, asset registration,
// distribution plan or disposal application); for a distribution result, the plan's payments;
// and for every asset, its registration, its latest ownership confirmation, its latest operation
// contract and its income records. Pure function of the state.

#include <cstdint>
#include <set>

#include "ledger/state/state.h"

namespace ledger::http {

std::set<uint64_t> BoardEntryIndexes(const state::LedgerState& state);

}  // namespace ledger::http

#endif  // SERVICES_HTTP_BOARD_ENTRIES_H_
