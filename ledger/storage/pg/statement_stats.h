#ifndef LEDGER_STORAGE_PG_STATEMENT_STATS_H_
#define LEDGER_STORAGE_PG_STATEMENT_STATS_H_

// Where PostgreSQL's time goes, per statement, from the pg_stat_statements extension (the server
// must preload it: shared_preload_libraries=pg_stat_statements). For ledger-bench's profiles.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ledger::storage::pg {

struct StatementStats {
  std::string query;  // whitespace collapsed, at most 120 characters
  int64_t calls = 0;
  int64_t rows = 0;
  double total_ms = 0;
  double mean_ms = 0;
};

// Creates the extension in `conninfo`'s database (as a superuser) and resets its counters.
absl::Status ResetStatementStats(const std::string& conninfo);

// The `limit` statements with the most total execution time since the last reset.
absl::StatusOr<std::vector<StatementStats>> TopStatements(const std::string& conninfo, int limit);

}  // namespace ledger::storage::pg

#endif  // LEDGER_STORAGE_PG_STATEMENT_STATS_H_
