#include "tests/support/test_database.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "ledger/storage/pg/admin.h"
#include "ledger/storage/pg/migrations.h"

namespace ledger::testing {

absl::StatusOr<std::unique_ptr<TestDatabase>> TestDatabase::Prepare() {
  const char* dir = std::getenv("LEDGER_TEST_PG_DIR");
  if (dir == nullptr || *dir == '\0') {
    return absl::FailedPreconditionError(
        "LEDGER_TEST_PG_DIR is not set: run PostgreSQL tests through ctest, which starts the "
        "shared test cluster (fixture pg_cluster)");
  }
  std::ifstream in(std::string(dir) + "/conninfo");
  if (!in) {
    return absl::FailedPreconditionError(
        absl::StrCat("no test cluster at ", dir, " (missing conninfo): run through ctest"));
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto db = std::unique_ptr<TestDatabase>(new TestDatabase());
  db->admin_conninfo_ = std::string(absl::StripAsciiWhitespace(ss.str()));
  static std::atomic<int> counter{0};
  std::random_device rd;
  db->name_ = absl::StrCat("t_", ::getpid(), "_", counter++, "_", rd() % 100000);
  return db;
}

absl::StatusOr<std::unique_ptr<TestDatabase>> TestDatabase::Create(bool migrate) {
  absl::StatusOr<std::unique_ptr<TestDatabase>> prepared = Prepare();
  if (!prepared.ok()) return prepared.status();
  std::unique_ptr<TestDatabase> db = *std::move(prepared);
  if (absl::Status s = storage::pg::CreateDatabase(db->admin_conninfo_, db->name_); !s.ok()) {
    return s;
  }
  db->conninfo_ = storage::pg::WithDatabase(db->admin_conninfo_, db->name_);
  if (migrate) {
    auto r = storage::pg::ApplyMigrations(db->conninfo_, storage::pg::ProductionMigrations());
    if (!r.ok()) return r.status();
  }
  return db;
}

absl::StatusOr<std::unique_ptr<TestDatabase>> TestDatabase::CreateCopyOf(
    const TestDatabase& source) {
  absl::StatusOr<std::unique_ptr<TestDatabase>> prepared = Prepare();
  if (!prepared.ok()) return prepared.status();
  std::unique_ptr<TestDatabase> db = *std::move(prepared);
  if (absl::Status s = storage::pg::CopyDatabase(db->admin_conninfo_, source.name_, db->name_);
      !s.ok()) {
    return s;
  }
  db->conninfo_ = storage::pg::WithDatabase(db->admin_conninfo_, db->name_);
  return db;
}

TestDatabase::~TestDatabase() { (void)storage::pg::DropDatabase(admin_conninfo_, name_); }

}  // namespace ledger::testing
