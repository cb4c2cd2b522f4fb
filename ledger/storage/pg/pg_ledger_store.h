#ifndef LEDGER_STORAGE_PG_PG_LEDGER_STORE_H_
#define LEDGER_STORAGE_PG_PG_LEDGER_STORE_H_

// The PostgreSQL implementation of storage::LedgerStore, on the schema of
// migrations/V0002__log_core.sql (which must have been applied: see migrations.h).
//
//   LEDGER_ASSIGN_OR_RETURN(std::unique_ptr<PgLedgerStore> store,
//                           PgLedgerStore::Open(conninfo, /*pool_size=*/8));
//   LEDGER_ASSIGN_OR_RETURN(LogRecord log, store->FindLog("ledger.example.org/341721"));
//
// Thread-safe. Calls share a pool of at most `pool_size` connections; a call waits while all of
// them are busy. ReadNodes answers the upper levels of each log's tree from a bounded in-memory
// cache (merkle/node_cache.h, `node_cache_bytes` per log, filled by ReadNodes and by Append once
// committed) and reads only the rest, so a proof may need no round trip at all; the cache never
// goes stale because stored nodes never change (docs/ARCHITECTURE.md). Every connection runs `SET
// ROLE ledger_service` right after connecting, so the store can only SELECT and INSERT, never
// change history (see docs/ARCHITECTURE.md).
//
// Errors, beyond those of the LedgerStore contract:
//   kUnavailable  the server cannot be reached or the connection broke. An idle connection that
//                 the server has closed is noticed (without a round trip) and replaced before
//                 use; one that breaks during a call is discarded with all idle ones, which a
//                 server restart broke too. Read calls then retry once on a fresh connection;
//                 Append never retries by itself.
//   kUnknown      the connection broke while an Append was committing: it may have happened.
//   kInvalidArgument  a batch that does not hold together (indexes, sizes, id lengths, nodes it
//                 does not complete), or more than kAppendEntriesMax entries or kAppendBytesMax
//                 leaf bytes. An entry id twice in one batch is kAlreadyExists.
//   kFailedPrecondition  Append extending a checkpoint that does not exist; Open when the schema
//                 or the role ledger_service is missing (migrations not applied).
//   kInternal     any other database error, with the SQL state and the server's message.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/merkle/node_cache.h"
#include "ledger/storage/ledger_store.h"

namespace ledger::storage::pg {

class ConnectionPool;  // pg_pool.h

class PgLedgerStore final : public LedgerStore {
 public:
  // Limits on one Append, so that its parameters stay far below PostgreSQL's 1 GiB per value.
  static constexpr size_t kAppendEntriesMax = 100'000;
  static constexpr size_t kAppendBytesMax = size_t{64} << 20;  // leaf bytes

  // Connects once (to report a bad conninfo, an unreachable server or unapplied migrations at
  // start-up rather than at the first request). `pool_size` in [1, 64] (pg_pool.h).
  // `node_cache_bytes` bounds each log's node cache; 0 turns the cache off (every node is read).
  static absl::StatusOr<std::unique_ptr<PgLedgerStore>> Open(
      std::string conninfo, int pool_size,
      size_t node_cache_bytes = merkle::NodeCache::kBytesDefault);

  ~PgLedgerStore() override;
  PgLedgerStore(const PgLedgerStore&) = delete;
  PgLedgerStore& operator=(const PgLedgerStore&) = delete;

  absl::StatusOr<LogRecord> CreateLog(std::string_view origin, std::string_view verifier_key,
                                      const StoredCheckpoint& empty_checkpoint) override;
  absl::StatusOr<LogRecord> FindLog(std::string_view origin) override;
  absl::StatusOr<std::vector<LogRecord>> ListLogs() override;

  absl::StatusOr<StoredCheckpoint> LatestCheckpoint(int64_t log_id) override;
  absl::StatusOr<StoredCheckpoint> CheckpointAt(int64_t log_id, uint64_t tree_size) override;

  absl::Status Append(int64_t log_id, const AppendBatch& batch) override;

  absl::StatusOr<std::vector<StoredEntry>> ReadEntries(int64_t log_id, uint64_t begin,
                                                       uint64_t end) override;
  absl::StatusOr<std::vector<StoredEntry>> FindEntriesById(
      int64_t log_id, std::span<const std::string> entry_ids) override;
  absl::StatusOr<std::optional<uint64_t>> FindIndexByLeafHash(
      int64_t log_id, const merkle::Hash& leaf_hash) override;
  absl::StatusOr<std::vector<RejectionRecord>> FindRejections(
      int64_t log_id, std::span<const std::string> entry_ids) override;

  absl::StatusOr<std::vector<StoredPayment>> FindPayments(int64_t log_id,
                                                          std::span<const std::string> payment_ids,
                                                          bool with_leaves) override;
  absl::StatusOr<std::vector<StoredPayment>> PaymentsOfProject(
      int64_t log_id, std::string_view project_id) override;
  absl::Status IndexPayments(int64_t log_id, std::span<const PaymentRow> rows) override;

  absl::StatusOr<std::vector<merkle::Hash>> ReadNodes(int64_t log_id,
                                                      std::span<const merkle::NodeId> ids) override;

 private:
  PgLedgerStore(std::unique_ptr<ConnectionPool> pool, size_t node_cache_bytes);

  // The log's node cache; nullptr if it has none yet (and `create` is false) or caching is off.
  merkle::NodeCache* NodeCacheOf(int64_t log_id, bool create);

  std::unique_ptr<ConnectionPool> pool_;
  const size_t node_cache_bytes_;
  // std::shared_mutex, not absl::Mutex, for ThreadSanitizer (merkle/node_cache.h). Guards
  // node_caches_: one per log that has had a node read or appended; never removed (logs are
  // never deleted).
  std::shared_mutex node_caches_mu_;
  absl::flat_hash_map<int64_t, std::unique_ptr<merkle::NodeCache>> node_caches_;
};

}  // namespace ledger::storage::pg

#endif  // LEDGER_STORAGE_PG_PG_LEDGER_STORE_H_
