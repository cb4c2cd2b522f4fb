#ifndef SERVICES_HTTP_BOARD_SOURCES_H_
#define SERVICES_HTTP_BOARD_SOURCES_H_

// Where the notice board reads from: the same in-process objects the gRPC services read (the
// sequencers' committed state, the ledger store, the witnesses' cosignatures and the privacy
// registry's names), never the gRPC services themselves. All must outlive the HTTP server.

#include "ledger/registry/registry_store.h"
#include "ledger/storage/ledger_store.h"
#include "services/logs/cosignatures.h"
#include "services/logs/log_registry.h"

namespace ledger::http {

struct BoardSources {
  logs::LogRegistry& logs;
  storage::LedgerStore& store;
  logs::Cosignatures& cosignatures;
  // The masked names of payment lines; null: no names (lines show 未登记).
  registry::RegistryStore* names = nullptr;
  // Under --read-access=scoped the public reads the board, checkpoints and proofs, not the log:
  // /api/v1/leaf then serves only the entries the board shows (board_entries.h).
  bool leaves_of_board_only = true;
};

}  // namespace ledger::http

#endif  // SERVICES_HTTP_BOARD_SOURCES_H_
