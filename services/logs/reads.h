#ifndef SERVICES_LOGS_READS_H_
#define SERVICES_LOGS_READS_H_

// What the read adapters (the gRPC services in services/grpc/ and the HTTP notice board in
// services/http/) share: the published checkpoint a proof is for, one stored leaf, and the
// board's date. No gRPC and no HTTP here; errors are absl::Status with the canonical codes, and
// each adapter maps them once.
//
//   LEDGER_ASSIGN_OR_RETURN(Published at, FindPublished(logs, store, origin, tree_size));
//   LEDGER_RETURN_IF_ERROR(ValidateProofRange(index, at.checkpoint.tree_size));
//
// Thread-safe as LogRegistry and LedgerStore are.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/sequencer/sequencer.h"
#include "ledger/storage/ledger_store.h"
#include "services/logs/log_registry.h"

namespace ledger::logs {

// The checkpoint a read is for: the latest when `tree_size` is 0 or the latest size, else the
// signed checkpoint of exactly `tree_size`. kOutOfRange beyond the latest size; kNotFound when no
// checkpoint has that size (proofs are served only for published checkpoint sizes).
absl::StatusOr<storage::StoredCheckpoint> PublishedCheckpoint(storage::LedgerStore& store,
                                                              const sequencer::LogSequencer& log,
                                                              uint64_t tree_size);

// A log and one of its published checkpoints, as every proof request needs them.
struct Published {
  sequencer::LogSequencer* log = nullptr;
  storage::StoredCheckpoint checkpoint;
};

// The log of `origin` (kNotFound naming the logs that exist) and PublishedCheckpoint.
absl::StatusOr<Published> FindPublished(LogRegistry& logs, storage::LedgerStore& store,
                                        std::string_view origin, uint64_t tree_size);

// kOutOfRange unless index < size.
absl::Status ValidateProofRange(uint64_t index, uint64_t size);

// The exact leaf bytes of entry `index` of `log_id`; kDataLoss when it is not stored.
absl::StatusOr<std::string> ReadLeaf(storage::LedgerStore& store, int64_t log_id, uint64_t index);

// Today's civil date in Asia/Shanghai ("YYYY-MM-DD"): the default date of notice boards and
// findings. Reads the system clock.
std::string TodayInShanghai();

}  // namespace ledger::logs

#endif  // SERVICES_LOGS_READS_H_
