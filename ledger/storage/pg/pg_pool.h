#ifndef LEDGER_STORAGE_PG_PG_POOL_H_
#define LEDGER_STORAGE_PG_PG_POOL_H_

// A pool of PostgreSQL connections shared by the stores of this folder (pg_ledger_store.h,
// pg_registry_store.h). Every connection switches to the role `ledger_service` right after
// connecting and prepares the store's named statements, so that a missing schema or role is
// reported when the pool opens rather than at the first request.
//
//   LEDGER_ASSIGN_OR_RETURN(std::unique_ptr<ConnectionPool> pool,
//                           ConnectionPool::Open(conninfo, 4, kStatements));
//   LEDGER_RETURN_IF_ERROR(pool->Run("finding log", /*idempotent=*/true,
//                                    [&](pqxx::connection& conn) { ...; return absl::OkStatus();
//                                    }));
//
// Thread-safe. A call waits while all `pool_size` connections are busy. An idle connection that
// the server has closed is noticed (without a round trip) and replaced before use; one that breaks
// during a call is discarded with all idle ones, which a server restart broke too. Idempotent work
// is then retried once on a fresh connection; other work reports kUnavailable (or kUnknown when
// the break came during a commit) and the caller decides.
//
// Only code under ledger/storage/pg/ includes this header (it includes libpqxx).

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ledger::storage::pg {

// A named statement, prepared on every connection of a pool.
struct Statement {
  const char* name;
  const char* sql;
};

class ConnectionPool {
 public:
  static constexpr int kPoolSizeMax = 64;

  // Does the work on one connection; may throw pqxx exceptions (mapped by pq_errors.h).
  using Work = std::function<absl::Status(pqxx::connection&)>;

  // Connects once. `pool_size` in [1, kPoolSizeMax]; `statements` must outlive the pool.
  // Errors: kInvalidArgument (pool size), kUnavailable (server unreachable), kFailedPrecondition
  // (the role ledger_service or the schema the statements need is missing: migrations not
  // applied).
  static absl::StatusOr<std::unique_ptr<ConnectionPool>> Open(
      std::string conninfo, int pool_size, std::span<const Statement> statements);

  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Runs `work` on a pooled connection and maps exceptions to a Status prefixed with `context`.
  absl::Status Run(std::string_view context, bool idempotent, const Work& work);

 private:
  struct Connection;

  ConnectionPool(std::string conninfo, int pool_size, std::span<const Statement> statements);
  // Opens a connection, sets its role and prepares the statements.
  absl::StatusOr<std::unique_ptr<Connection>> Connect();
  // Takes an idle connection or opens one (waiting while pool_size are in use). `*reused` tells
  // whether it came from the idle list.
  absl::StatusOr<std::unique_ptr<Connection>> Acquire(bool* reused);
  // Returns a connection to the pool, or closes it if `broken`.
  void Release(std::unique_ptr<Connection> conn, bool broken);

  const std::string conninfo_;
  const int pool_size_;
  const std::span<const Statement> statements_;

  std::mutex mu_;
  std::condition_variable released_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
  int open_count_ = 0;                             // idle + in use; guarded by mu_
  // Bumped when a connection is found broken: connections opened before are not reused.
  uint64_t generation_ = 0;  // guarded by mu_
};

}  // namespace ledger::storage::pg

#endif  // LEDGER_STORAGE_PG_PG_POOL_H_
