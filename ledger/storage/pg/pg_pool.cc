#include "ledger/storage/pg/pg_pool.h"

#include <poll.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/storage/pg/pq_errors.h"
#include "ledger/util/check.h"
#include "ledger/util/status_macros.h"

namespace ledger::storage::pg {
namespace {

// The role every connection switches to (V0002__log_core.sql and later migrations grant it what
// each table allows).
constexpr char kSetRole[] = "SET ROLE ledger_service";

absl::Status WithContext(std::string_view context, const absl::Status& status) {
  return absl::Status(status.code(), absl::StrCat(std::string(context), ": ", status.message()));
}

// libpqxx 6 reconnects a broken connection by itself when it is next used, which would silently
// drop the session's `SET ROLE`. The pool discards broken connections instead.
void InhibitReactivation(pqxx::connection& conn) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  conn.inhibit_reactivation(true);
#pragma GCC diagnostic pop
}

// Whether an idle connection still looks usable, without a round trip. Between calls the server
// has nothing to say on a healthy connection; a terminated backend (server restart,
// pg_terminate_backend) leaves its last error and the end of the stream in the socket. Such a
// connection is discarded before use: running a query on it would fail anyway, and libpqxx 6.4
// leaks the error result of a query that meets a dead connection.
bool LooksAlive(pqxx::connection& conn) {
  if (!conn.is_open()) return false;
  pollfd pfd{conn.sock(), POLLIN | POLLRDHUP, 0};
  const int ready = ::poll(&pfd, 1, /*timeout=*/0);
  return ready == 0;
}

}  // namespace

struct ConnectionPool::Connection {
  std::unique_ptr<pqxx::connection> conn;
  uint64_t generation = 0;
};

ConnectionPool::ConnectionPool(std::string conninfo, int pool_size,
                               std::span<const Statement> statements)
    : conninfo_(std::move(conninfo)), pool_size_(pool_size), statements_(statements) {}

ConnectionPool::~ConnectionPool() {
  std::lock_guard<std::mutex> lock(mu_);
  // Every call has returned its connection: destroying the pool under a running call is a
  // defect of the owner.
  LEDGER_CHECK(open_count_ == static_cast<int>(idle_.size()));
}

absl::StatusOr<std::unique_ptr<ConnectionPool>> ConnectionPool::Open(
    std::string conninfo, int pool_size, std::span<const Statement> statements) {
  if (pool_size < 1 || pool_size > kPoolSizeMax) {
    return absl::InvalidArgumentError(
        absl::StrCat("pool size ", pool_size, " is not in [1, ", kPoolSizeMax, "]"));
  }
  std::unique_ptr<ConnectionPool> pool(
      new ConnectionPool(std::move(conninfo), pool_size, statements));
  bool reused = false;
  LEDGER_ASSIGN_OR_RETURN(std::unique_ptr<Connection> first, pool->Acquire(&reused));
  pool->Release(std::move(first), /*broken=*/false);
  return pool;
}

absl::StatusOr<std::unique_ptr<ConnectionPool::Connection>> ConnectionPool::Connect() {
  auto c = std::make_unique<Connection>();
  absl::Status s = Guard("connecting to the ledger database", [&]() -> absl::Status {
    c->conn = std::make_unique<pqxx::connection>(conninfo_);
    InhibitReactivation(*c->conn);
    try {
      pqxx::nontransaction tx(*c->conn);
      tx.exec0(kSetRole);
    } catch (const pqxx::sql_error& e) {
      // 42704 undefined_object: no such role; 42501 insufficient_privilege: not a member.
      if (e.sqlstate() != "42704" && e.sqlstate() != "42501") throw;
      return absl::FailedPreconditionError(absl::StrCat(
          kSetRole, " failed (", e.what(),
          "): apply the schema migrations as the user ledgerd connects as (they create the role "
          "and grant it to that user)"));
    }
    // Prepared now rather than at first use (libpqxx's default), so that a database without the
    // schema is reported by Open, and a statement never meets a broken connection half-prepared.
    try {
      for (const Statement& st : statements_) {
        c->conn->prepare(st.name, st.sql);
        c->conn->prepare_now(st.name);
      }
    } catch (const pqxx::sql_error& e) {
      // 42P01 undefined_table, 42703 undefined_column: an older schema.
      if (e.sqlstate() != "42P01" && e.sqlstate() != "42703") throw;
      return absl::FailedPreconditionError(
          absl::StrCat("the ledger schema is missing or out of date (", e.what(),
                       "): apply the schema migrations (migrations.h) before opening the store"));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return c;
}

absl::StatusOr<std::unique_ptr<ConnectionPool::Connection>> ConnectionPool::Acquire(bool* reused) {
  std::unique_lock<std::mutex> lock(mu_);
  released_.wait(lock, [&] { return !idle_.empty() || open_count_ < pool_size_; });
  bool discarded = false;
  while (!idle_.empty()) {
    std::unique_ptr<Connection> c = std::move(idle_.back());
    idle_.pop_back();
    if (LooksAlive(*c->conn)) {
      *reused = true;
      if (discarded) released_.notify_all();
      return c;
    }
    --open_count_;  // closed by the destructor of `c`
    discarded = true;
  }
  if (discarded) released_.notify_all();  // slots freed beyond the one taken below
  ++open_count_;
  const uint64_t generation = generation_;
  lock.unlock();
  // Connecting takes a round trip or more: not under the lock.
  absl::StatusOr<std::unique_ptr<Connection>> c = Connect();
  if (!c.ok()) {
    lock.lock();
    --open_count_;
    released_.notify_one();
    return c.status();
  }
  (*c)->generation = generation;
  *reused = false;
  return c;
}

void ConnectionPool::Release(std::unique_ptr<Connection> conn, bool broken) {
  std::vector<std::unique_ptr<Connection>> to_close;  // closed after unlocking
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (broken) {
      // A broken connection usually means the server restarted or ended our sessions: the idle
      // ones are most likely dead as well, and connections in use are dropped when returned.
      ++generation_;
      open_count_ -= static_cast<int>(idle_.size());
      to_close = std::move(idle_);
      idle_.clear();
    }
    if (broken || conn->generation != generation_) {
      --open_count_;
      to_close.push_back(std::move(conn));
    } else {
      idle_.push_back(std::move(conn));
    }
    LEDGER_CHECK(open_count_ >= static_cast<int>(idle_.size()));
  }
  released_.notify_all();
}

absl::Status ConnectionPool::Run(std::string_view context, bool idempotent, const Work& work) {
  for (int attempt = 0;; ++attempt) {
    bool reused = false;
    absl::StatusOr<std::unique_ptr<Connection>> conn = Acquire(&reused);
    if (!conn.ok()) return WithContext(context, conn.status());
    absl::Status s = Guard(context, [&] { return work(*(*conn)->conn); });
    const bool broken = s.code() == absl::StatusCode::kUnavailable ||
                        s.code() == absl::StatusCode::kUnknown || !(*conn)->conn->is_open();
    Release(*std::move(conn), broken);
    // A pooled connection may have died while idle (server restart, terminated backend); a read
    // can safely be tried again on a new one. A write reports it: the caller decides.
    if (broken && idempotent && reused && attempt == 0) continue;
    return s;
  }
}

}  // namespace ledger::storage::pg
