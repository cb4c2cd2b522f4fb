#include "ledger/storage/pg/statement_stats.h"

#include <pqxx/pqxx>

#include "ledger/storage/pg/pq_errors.h"

namespace ledger::storage::pg {

absl::Status ResetStatementStats(const std::string& conninfo) {
  return Guard("resetting pg_stat_statements", [&] {
    pqxx::connection conn(conninfo);
    pqxx::nontransaction tx(conn);
    tx.exec("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    tx.exec("SELECT pg_stat_statements_reset()");
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<StatementStats>> TopStatements(const std::string& conninfo, int limit) {
  std::vector<StatementStats> out;
  absl::Status s = Guard("reading pg_stat_statements", [&] {
    pqxx::connection conn(conninfo);
    pqxx::nontransaction tx(conn);
    pqxx::result r = tx.exec_params(
        "SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 120), calls, rows, "
        "total_exec_time, mean_exec_time FROM pg_stat_statements "
        "WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC LIMIT $1",
        limit);
    for (const pqxx::row& row : r) {
      out.push_back({.query = row[0].as<std::string>(),
                     .calls = row[1].as<int64_t>(),
                     .rows = row[2].as<int64_t>(),
                     .total_ms = row[3].as<double>(),
                     .mean_ms = row[4].as<double>()});
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace ledger::storage::pg
