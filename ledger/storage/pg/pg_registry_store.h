#ifndef LEDGER_STORAGE_PG_PG_REGISTRY_STORE_H_
#define LEDGER_STORAGE_PG_PG_REGISTRY_STORE_H_

// The PostgreSQL implementation of registry::RegistryStore, on the table registry_people of
// migrations/V0003__registry.sql (which must have been applied: see migrations.h). It has its own
// small pool of connections (pg_pool.h), separate from the log's, so that registry reads never
// wait behind appends.
//
//   LEDGER_ASSIGN_OR_RETURN(std::unique_ptr<PgRegistryStore> registry,
//                           PgRegistryStore::Open(conninfo, /*pool_size=*/2));
//
// Thread-safe. Errors as PgLedgerStore's: kUnavailable when the server cannot be reached,
// kFailedPrecondition when the schema is missing, kNotFound for an unknown log origin,
// kInternal for other database errors.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "ledger/registry/registry_store.h"

namespace ledger::storage::pg {

class ConnectionPool;  // pg_pool.h

class PgRegistryStore final : public registry::RegistryStore {
 public:
  static absl::StatusOr<std::unique_ptr<PgRegistryStore>> Open(std::string conninfo, int pool_size);
  ~PgRegistryStore() override;

  absl::StatusOr<registry::StoredPerson> Register(std::string_view origin,
                                                  const registry::StoredPerson& person,
                                                  bool* created) override;
  absl::StatusOr<std::optional<registry::StoredPerson>> Find(std::string_view origin,
                                                             std::string_view ref) override;
  absl::StatusOr<std::vector<registry::StoredPerson>> List(std::string_view origin,
                                                           std::string_view village_prefix,
                                                           std::string_view after_village,
                                                           std::string_view after_ref,
                                                           size_t limit) override;
  absl::StatusOr<registry::StoredPerson> Erase(std::string_view origin, std::string_view ref,
                                               std::string_view erased_by,
                                               int64_t erased_at_us) override;
  absl::StatusOr<std::map<std::string, std::string>> Names(
      std::string_view origin, std::span<const std::string> refs) override;

 private:
  explicit PgRegistryStore(std::unique_ptr<ConnectionPool> pool);
  std::unique_ptr<ConnectionPool> pool_;
};

}  // namespace ledger::storage::pg

#endif  // LEDGER_STORAGE_PG_PG_REGISTRY_STORE_H_
