#ifndef LEDGER_STORAGE_PG_MIGRATIONS_H_
#define LEDGER_STORAGE_PG_MIGRATIONS_H_

// Flyway-style schema migrations. Files `migrations/V<NNNN>__<name>.sql` are compiled into the
// binary; ApplyMigrations() applies the missing ones in version order, each in its own
// transaction, under a PostgreSQL advisory lock so that concurrent starters serialize, and records
// each in `schema_migrations` with the SHA-256 of its exact bytes. A migration whose recorded
// checksum differs from the file, or a recorded version this binary does not know, stops with
// kFailedPrecondition: released migrations are never edited.
//
//   LEDGER_ASSIGN_OR_RETURN(MigrationReport r, ApplyMigrations(conninfo, ProductionMigrations()));

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ledger/util/embedded_file.h"

namespace ledger::storage::pg {

struct Migration {
  int version = 0;
  std::string file_name;     // e.g. "V0001__logs.sql"
  std::string sql;           // exact file bytes
  std::string checksum_hex;  // SHA-256 of `sql`
};

// Parses embedded files named V<digits>__<name>.sql; versions must be unique and positive.
absl::StatusOr<std::vector<Migration>> ParseMigrations(const std::vector<EmbeddedFile>& files);

// The migrations shipped in this binary (ledger/storage/pg/migrations/).
std::vector<Migration> ProductionMigrations();

struct MigrationReport {
  std::vector<std::string> applied;  // file names applied by this call, in order
  int schema_version = 0;            // highest version recorded afterwards
};

// Connects with `conninfo` and applies what is missing. Errors: kUnavailable when the database
// cannot be reached; kFailedPrecondition for a modified or unknown applied migration; kInternal
// when a migration's SQL fails (its transaction is rolled back, later ones are not attempted).
absl::StatusOr<MigrationReport> ApplyMigrations(const std::string& conninfo,
                                                const std::vector<Migration>& migrations);

}  // namespace ledger::storage::pg

#endif  // LEDGER_STORAGE_PG_MIGRATIONS_H_
