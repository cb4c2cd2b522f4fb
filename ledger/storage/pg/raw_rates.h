#ifndef LEDGER_STORAGE_PG_RAW_RATES_H_
#define LEDGER_STORAGE_PG_RAW_RATES_H_

// What PostgreSQL itself can do on this machine, without the ledger: the ceilings ledger-bench
// prints beside the ledger's own figures (docs/PERFORMANCE.md). Each measurement creates its own
// scratch table in `conninfo`'s database and drops it afterwards.

#include <string>

#include "absl/status/statusor.h"

namespace ledger::storage::pg {

// Durable single-row commits per second: `clients` connections each inserting one row of
// `row_bytes` bytes per transaction (autocommit, the server's synchronous_commit) for `seconds`.
absl::StatusOr<double> SingleRowCommitsPerSecond(const std::string& conninfo, int clients,
                                                 int row_bytes, double seconds);

// Rows per second written by one connection in transactions of `rows_per_commit` rows of
// `row_bytes` bytes each (one INSERT ... SELECT per transaction, the row built on the server, so
// this is an upper bound that leaves out the network) for `seconds`.
absl::StatusOr<double> BatchedInsertRowsPerSecond(const std::string& conninfo, int rows_per_commit,
                                                  int row_bytes, double seconds);

}  // namespace ledger::storage::pg

#endif  // LEDGER_STORAGE_PG_RAW_RATES_H_
