#include "ledger/storage/pg/raw_rates.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/storage/pg/pq_errors.h"

namespace ledger::storage::pg {
namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

constexpr const char* kCreate =
    "DROP TABLE IF EXISTS bench_raw; "
    "CREATE TABLE bench_raw (id bigserial PRIMARY KEY, payload bytea NOT NULL)";
constexpr const char* kDrop = "DROP TABLE IF EXISTS bench_raw";

void Exec(const std::string& conninfo, const char* sql) {
  pqxx::connection conn(conninfo);
  pqxx::nontransaction tx(conn);
  tx.exec(sql);
}

}  // namespace

absl::StatusOr<double> SingleRowCommitsPerSecond(const std::string& conninfo, int clients,
                                                 int row_bytes, double seconds) {
  try {
    Exec(conninfo, kCreate);
    std::atomic<long> commits{0};
    std::atomic<bool> failed{false};
    std::string error;
    std::mutex error_mu;
    std::vector<std::thread> threads;
    const auto start = Clock::now();
    for (int c = 0; c < clients; ++c) {
      threads.emplace_back([&] {
        try {
          pqxx::connection conn(conninfo);
          conn.prepare("insert_one", "INSERT INTO bench_raw (payload) VALUES ($1)");
          const pqxx::binarystring payload(std::string(static_cast<size_t>(row_bytes), 'p'));
          while (Since(start) < seconds) {
            pqxx::work tx(conn);
            tx.exec_prepared0("insert_one", payload);
            tx.commit();
            ++commits;
          }
        } catch (const std::exception& e) {
          std::lock_guard lock(error_mu);
          error = e.what();
          failed = true;
        }
      });
    }
    for (auto& t : threads) t.join();
    const double elapsed = Since(start);
    Exec(conninfo, kDrop);
    if (failed) return absl::UnavailableError(absl::StrCat("single-row commits: ", error));
    return static_cast<double>(commits.load()) / elapsed;
  } catch (...) {
    return StatusFromCurrentException("measuring single-row commits");
  }
}

absl::StatusOr<double> BatchedInsertRowsPerSecond(const std::string& conninfo, int rows_per_commit,
                                                  int row_bytes, double seconds) {
  try {
    Exec(conninfo, kCreate);
    pqxx::connection conn(conninfo);
    conn.prepare("insert_many",
                 "INSERT INTO bench_raw (payload) "
                 "SELECT overlay($2::bytea PLACING int8send(g) FROM 1) "
                 "FROM generate_series(1, $1::integer) AS g");
    const pqxx::binarystring payload(std::string(static_cast<size_t>(row_bytes), 'p'));
    long rows = 0;
    const auto start = Clock::now();
    while (Since(start) < seconds) {
      pqxx::work tx(conn);
      tx.exec_prepared0("insert_many", rows_per_commit, payload);
      tx.commit();
      rows += rows_per_commit;
    }
    const double elapsed = Since(start);
    Exec(conninfo, kDrop);
    return static_cast<double>(rows) / elapsed;
  } catch (...) {
    return StatusFromCurrentException("measuring batched inserts");
  }
}

}  // namespace ledger::storage::pg
