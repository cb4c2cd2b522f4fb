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
// them are busy. Every connection runs `SET ROLE ledger_service` right after connecting, so the
// store can only SELECT and INSERT, never change history (see docs/ARCHITECTURE.md).
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

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/storage/ledger_store.h"

namespace ledger::storage::pg {

class PgLedgerStore final : public LedgerStore {
 public:
  // Limits on one Append, so that its parameters stay far below PostgreSQL's 1 GiB per value.
  static constexpr size_t kAppendEntriesMax = 100'000;
  static constexpr size_t kAppendBytesMax = size_t{64} << 20;  // leaf bytes
  static constexpr int kPoolSizeMax = 64;

  // Connects once (to report a bad conninfo, an unreachable server or unapplied migrations at
  // start-up rather than at the first request). `pool_size` in [1, kPoolSizeMax].
  static absl::StatusOr<std::unique_ptr<PgLedgerStore>> Open(std::string conninfo, int pool_size);

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

  absl::StatusOr<std::vector<merkle::Hash>> ReadNodes(int64_t log_id,
                                                      std::span<const merkle::NodeId> ids) override;

 private:
  // One pooled connection (wraps pqxx, which this header keeps out of its includers).
  struct Connection;
  // Passed to Run: does the work on one connection; may throw pqxx exceptions.
  using Work = std::function<absl::Status(Connection&)>;

  PgLedgerStore(std::string conninfo, int pool_size);

  // Opens a connection, sets its role and prepares the statements.
  absl::StatusOr<std::unique_ptr<Connection>> Connect();
  // Takes an idle connection or opens one (waiting while pool_size are in use). `*reused` tells
  // whether it came from the idle list.
  absl::StatusOr<std::unique_ptr<Connection>> Acquire(bool* reused);
  // Returns a connection to the pool, or closes it if `broken`.
  void Release(std::unique_ptr<Connection> conn, bool broken);
  // Runs `work` on a pooled connection and maps exceptions to a Status prefixed with `context`.
  // `idempotent` work is retried once on a fresh connection if a reused one was dead.
  absl::Status Run(std::string_view context, bool idempotent, const Work& work);

  const std::string conninfo_;
  const int pool_size_;

  std::mutex mu_;
  std::condition_variable released_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
  int open_count_ = 0;                             // idle + in use; guarded by mu_
  // Bumped when a connection is found broken: connections opened before are not reused.
  uint64_t generation_ = 0;  // guarded by mu_
};

}  // namespace ledger::storage::pg

#endif  // LEDGER_STORAGE_PG_PG_LEDGER_STORE_H_
