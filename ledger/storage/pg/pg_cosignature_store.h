#ifndef LEDGER_STORAGE_PG_PG_COSIGNATURE_STORE_H_
#define LEDGER_STORAGE_PG_PG_COSIGNATURE_STORE_H_

// The PostgreSQL implementation of storage::CosignatureStore, on the table cosignatures of
// migrations/V0004__cosignatures.sql (which must have been applied: see migrations.h). It has its
// own small pool of connections (pg_pool.h), so that witnesses and checkpoint reads never wait
// behind appends.
//
//   LEDGER_ASSIGN_OR_RETURN(std::unique_ptr<PgCosignatureStore> cosignatures,
//                           PgCosignatureStore::Open(conninfo, /*pool_size=*/2));
//
// Thread-safe. Errors as PgLedgerStore's: kUnavailable when the server cannot be reached,
// kFailedPrecondition when the schema is missing, kInternal for other database errors.

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ledger/storage/cosignature_store.h"

namespace ledger::storage::pg {

class ConnectionPool;  // pg_pool.h

class PgCosignatureStore final : public CosignatureStore {
 public:
  static absl::StatusOr<std::unique_ptr<PgCosignatureStore>> Open(std::string conninfo,
                                                                  int pool_size);
  ~PgCosignatureStore() override;
  PgCosignatureStore(const PgCosignatureStore&) = delete;
  PgCosignatureStore& operator=(const PgCosignatureStore&) = delete;

  absl::StatusOr<bool> AddCosignature(int64_t log_id, uint64_t tree_size,
                                      const StoredCosignature& cosignature) override;
  absl::StatusOr<std::vector<StoredCosignature>> Cosignatures(
      int64_t log_id, uint64_t tree_size, std::span<const std::string> witness_keys,
      size_t limit) override;

 private:
  explicit PgCosignatureStore(std::unique_ptr<ConnectionPool> pool);
  std::unique_ptr<ConnectionPool> pool_;
};

}  // namespace ledger::storage::pg

#endif  // LEDGER_STORAGE_PG_PG_COSIGNATURE_STORE_H_
