#ifndef LEDGER_TESTS_SUPPORT_TEST_DATABASE_H_
#define LEDGER_TESTS_SUPPORT_TEST_DATABASE_H_

// A fresh database on the test run's shared PostgreSQL cluster (started by the CTest fixture,
// see tests/CMakeLists.txt), optionally with the production migrations applied; dropped by the
// destructor.
//
//   auto db = TestDatabase::Create();         // migrations applied
//   PgLedgerStore store(db->conninfo());

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace ledger::testing {

class TestDatabase {
 public:
  static absl::StatusOr<std::unique_ptr<TestDatabase>> Create(bool migrate = true);
  // A fresh database that starts as a copy of `source` (CREATE DATABASE ... TEMPLATE): nobody
  // may be connected to `source` meanwhile.
  static absl::StatusOr<std::unique_ptr<TestDatabase>> CreateCopyOf(const TestDatabase& source);
  ~TestDatabase();

  const std::string& conninfo() const { return conninfo_; }
  const std::string& name() const { return name_; }
  // The cluster's `postgres` database, for administrative statements.
  const std::string& admin_conninfo() const { return admin_conninfo_; }

 private:
  // Reads the cluster's connection string and picks a fresh name; creates nothing.
  static absl::StatusOr<std::unique_ptr<TestDatabase>> Prepare();

  std::string admin_conninfo_;
  std::string conninfo_;
  std::string name_;
};

}  // namespace ledger::testing

#endif  // LEDGER_TESTS_SUPPORT_TEST_DATABASE_H_
