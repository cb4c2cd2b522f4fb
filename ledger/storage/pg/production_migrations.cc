#include "ledger/storage/pg/migrations.h"
#include "ledger/util/check.h"

namespace ledger::storage::pg {
namespace internal {
std::vector<EmbeddedFile> ProductionMigrationFiles();  // generated from migrations/*.sql
}  // namespace internal

std::vector<Migration> ProductionMigrations() {
  auto parsed = ParseMigrations(internal::ProductionMigrationFiles());
  // The file names are checked here at every start; a bad name is a build defect.
  LEDGER_CHECK(parsed.ok());
  return *std::move(parsed);
}

}  // namespace ledger::storage::pg
