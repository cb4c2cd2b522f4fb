// Schema migrations against a real PostgreSQL (the test run's shared cluster).

#include "ledger/storage/pg/migrations.h"

#include <gtest/gtest.h>

#include <thread>

#include "ledger/storage/pg/admin.h"
#include "tests/support/test_database.h"

namespace ledger::storage::pg {
namespace {

using ::ledger::testing::TestDatabase;

std::vector<Migration> Sample() {
  auto m = ParseMigrations({
      {"V0002__second.sql", "CREATE TABLE b (x int);"},
      {"V0001__first.sql", "CREATE TABLE a (x int);"},
  });
  EXPECT_TRUE(m.ok()) << m.status();
  return *m;
}

TEST(Migrations, ParseOrdersAndValidatesNames) {
  auto m = Sample();
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].version, 1);
  EXPECT_EQ(m[1].file_name, "V0002__second.sql");
  EXPECT_EQ(m[0].checksum_hex.size(), 64u);
  EXPECT_FALSE(ParseMigrations({{"0001_x.sql", ""}}).ok());
  EXPECT_FALSE(ParseMigrations({{"V1__a.sql", ""}, {"V0001__b.sql", ""}}).ok());
  EXPECT_FALSE(ParseMigrations({{"V0000__zero.sql", ""}}).ok());
}

TEST(Migrations, ProductionMigrationsAreWellFormed) {
  auto m = ProductionMigrations();
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m.front().version, 1);
  for (size_t i = 1; i < m.size(); ++i) EXPECT_EQ(m[i].version, m[i - 1].version + 1);
}

TEST(Migrations, ApplyOnceThenNoOp) {
  auto db = TestDatabase::Create(/*migrate=*/false);
  ASSERT_TRUE(db.ok()) << db.status();
  auto first = ApplyMigrations((*db)->conninfo(), Sample());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->applied, (std::vector<std::string>{"V0001__first.sql", "V0002__second.sql"}));
  EXPECT_EQ(first->schema_version, 2);
  auto second = ApplyMigrations((*db)->conninfo(), Sample());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->applied.empty());
  EXPECT_EQ(*QueryText((*db)->conninfo(), "SELECT count(*) FROM schema_migrations"), "2");
}

TEST(Migrations, NewMigrationIsAppliedOnTopOfOldOnes) {
  auto db = TestDatabase::Create(false);
  ASSERT_TRUE(db.ok()) << db.status();
  auto one = *ParseMigrations({{"V0001__first.sql", "CREATE TABLE a (x int);"}});
  ASSERT_TRUE(ApplyMigrations((*db)->conninfo(), one).ok());
  auto both = ApplyMigrations((*db)->conninfo(), Sample());
  ASSERT_TRUE(both.ok()) << both.status();
  EXPECT_EQ(both->applied, std::vector<std::string>{"V0002__second.sql"});
}

TEST(Migrations, ModifiedMigrationIsRefused) {
  auto db = TestDatabase::Create(false);
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_TRUE(ApplyMigrations((*db)->conninfo(), Sample()).ok());
  auto edited = *ParseMigrations({
      {"V0001__first.sql", "CREATE TABLE a (x bigint);"},
      {"V0002__second.sql", "CREATE TABLE b (x int);"},
  });
  auto r = ApplyMigrations((*db)->conninfo(), edited);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("V0001__first.sql was changed after it was applied"),
            std::string::npos)
      << r.status();
}

TEST(Migrations, UnknownAppliedMigrationIsRefused) {
  auto db = TestDatabase::Create(false);
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_TRUE(ApplyMigrations((*db)->conninfo(), Sample()).ok());
  auto older = *ParseMigrations({{"V0001__first.sql", "CREATE TABLE a (x int);"}});
  auto r = ApplyMigrations((*db)->conninfo(), older);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("newer than this binary"), std::string::npos);
}

TEST(Migrations, FailingMigrationRollsBackAndStops) {
  auto db = TestDatabase::Create(false);
  ASSERT_TRUE(db.ok()) << db.status();
  auto bad = *ParseMigrations({
      {"V0001__first.sql", "CREATE TABLE a (x int);"},
      {"V0002__broken.sql", "CREATE TABLE c (x int); SELECT no_such_function();"},
      {"V0003__third.sql", "CREATE TABLE d (x int);"},
  });
  auto r = ApplyMigrations((*db)->conninfo(), bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("V0002__broken.sql"), std::string::npos) << r.status();
  EXPECT_EQ(*QueryText((*db)->conninfo(), "SELECT count(*) FROM schema_migrations"), "1");
  EXPECT_EQ(*QueryText((*db)->conninfo(), "SELECT to_regclass('c') IS NULL"), "t");
  EXPECT_EQ(*QueryText((*db)->conninfo(), "SELECT to_regclass('d') IS NULL"), "t");
}

TEST(Migrations, ConcurrentStartersApplyEachMigrationOnce) {
  auto db = TestDatabase::Create(false);
  ASSERT_TRUE(db.ok()) << db.status();
  std::vector<std::thread> threads;
  std::vector<absl::StatusOr<MigrationReport>> results(4, absl::UnknownError("not run"));
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] { results[i] = ApplyMigrations((*db)->conninfo(), Sample()); });
  }
  for (auto& t : threads) t.join();
  size_t applied = 0;
  for (auto& r : results) {
    ASSERT_TRUE(r.ok()) << r.status();
    applied += r->applied.size();
  }
  EXPECT_EQ(applied, 2u);
}

TEST(Migrations, UnreachableDatabaseIsUnavailable) {
  auto r = ApplyMigrations("host=/nonexistent-dir port=5 dbname=x connect_timeout=2", Sample());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable) << r.status();
}

}  // namespace
}  // namespace ledger::storage::pg
