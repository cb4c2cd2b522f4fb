// The cosignature store against a real database (the test run's cluster): the first cosignature
// of a checkpoint per witness is kept, a checkpoint that does not exist is refused, reads keep
// arrival order and filter by witness, and the table is append-only like the log's.

#include "ledger/storage/pg/pg_cosignature_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/storage/pg/admin.h"
#include "ledger/storage/pg/pg_ledger_store.h"
#include "tests/support/test_database.h"

namespace ledger::storage::pg {
namespace {

using ::ledger::testing::TestDatabase;
using ::testing::HasSubstr;

constexpr char kOrigin[] = "ledger.example.org/341721";

// A cosignature by `name` at `timestamp_s`: the timestamp's 8 bytes, then 64 bytes of `fill`.
StoredCosignature Cosignature(const std::string& name, uint64_t timestamp_s, char fill) {
  StoredCosignature c;
  c.witness_name = name;
  c.key_id = 0xfedcba98u;
  c.witness_key = absl::StrCat(name, "+fedcba98+BAAA");
  for (int shift = 56; shift >= 0; shift -= 8) {
    c.signature.push_back(static_cast<char>((timestamp_s >> shift) & 0xff));
  }
  c.signature += std::string(64, fill);
  c.timestamp_s = timestamp_s;
  return c;
}

class PgCosignatureStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = TestDatabase::Create(/*migrate=*/true);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    auto logs = PgLedgerStore::Open(db_->conninfo(), 1);
    ASSERT_TRUE(logs.ok()) << logs.status();
    StoredCheckpoint empty;
    empty.note = "empty\n";
    auto log = (*logs)->CreateLog(kOrigin, "verifier", empty);
    ASSERT_TRUE(log.ok()) << log.status();
    log_id_ = log->log_id;
    auto store = PgCosignatureStore::Open(db_->conninfo(), 2);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  std::string Count() {
    auto n = QueryText(db_->conninfo(), "SELECT count(*) FROM cosignatures");
    EXPECT_TRUE(n.ok()) << n.status();
    return n.ok() ? *n : "error";
  }

  std::unique_ptr<TestDatabase> db_;
  int64_t log_id_ = 0;
  std::unique_ptr<PgCosignatureStore> store_;
};

TEST_F(PgCosignatureStoreTest, KeepsTheFirstCosignaturePerWitnessInArrivalOrder) {
  const StoredCosignature w1 = Cosignature("w1.example/a", 1'700'000'000, 'a');
  const StoredCosignature w2 = Cosignature("w2.example/b", 1'700'000'001, 'b');
  ASSERT_EQ(store_->AddCosignature(log_id_, 0, w2).value(), true);
  ASSERT_EQ(store_->AddCosignature(log_id_, 0, w1).value(), true);
  // The same witness again, later and with other bytes: not stored, the first one is kept.
  EXPECT_EQ(
      store_->AddCosignature(log_id_, 0, Cosignature("w2.example/b", 1'800'000'000, 'c')).value(),
      false);
  EXPECT_EQ(Count(), "2");

  std::vector<StoredCosignature> all = store_->Cosignatures(log_id_, 0, {}, 10).value();
  ASSERT_EQ(all.size(), 2u);
  // Stored in separate transactions, so w2 (first) comes before w1.
  EXPECT_EQ(all[0], w2);
  EXPECT_EQ(all[1], w1);
  EXPECT_EQ(store_->Cosignatures(log_id_, 0, {}, 1).value().size(), 1u);
  const std::vector<std::string> only_w1 = {w1.witness_key, "unknown+00000000+BAAA"};
  std::vector<StoredCosignature> filtered = store_->Cosignatures(log_id_, 0, only_w1, 10).value();
  ASSERT_EQ(filtered.size(), 1u);
  EXPECT_EQ(filtered[0], w1);
  // Quotes and backslashes in a filter key travel as data.
  const std::vector<std::string> odd = {"a\"b\\c"};
  EXPECT_TRUE(store_->Cosignatures(log_id_, 0, odd, 10).value().empty());
  EXPECT_TRUE(store_->Cosignatures(log_id_, 7, {}, 10).value().empty());
}

TEST_F(PgCosignatureStoreTest, RefusesMissingCheckpointsAndMalformedCosignatures) {
  absl::StatusOr<bool> missing = store_->AddCosignature(log_id_, 5, Cosignature("w", 1, 'a'));
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("no checkpoint of size 5"));
  EXPECT_EQ(store_->AddCosignature(log_id_ + 1, 0, Cosignature("w", 1, 'a')).status().code(),
            absl::StatusCode::kFailedPrecondition);

  StoredCosignature short_sig = Cosignature("w", 1, 'a');
  short_sig.signature.pop_back();
  EXPECT_THAT(std::string(store_->AddCosignature(log_id_, 0, short_sig).status().message()),
              HasSubstr("72 bytes"));
  StoredCosignature other_time = Cosignature("w", 1, 'a');
  other_time.timestamp_s = 2;
  EXPECT_EQ(store_->AddCosignature(log_id_, 0, other_time).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Count(), "0");
}

TEST_F(PgCosignatureStoreTest, TheTableIsAppendOnly) {
  ASSERT_TRUE(store_->AddCosignature(log_id_, 0, Cosignature("w", 1, 'a')).ok());
  // The test connects as the cluster's superuser: the trigger refuses even that.
  for (const std::string sql : {"UPDATE cosignatures SET timestamp_s = timestamp_s",
                                "DELETE FROM cosignatures", "TRUNCATE cosignatures"}) {
    absl::Status s = ExecuteSql(db_->conninfo(), sql);
    EXPECT_THAT(std::string(s.message()), HasSubstr("ledger tables are append-only")) << sql;
    s = ExecuteSql(db_->conninfo(), "SET ROLE ledger_service; " + sql);
    EXPECT_THAT(std::string(s.message()), HasSubstr("permission denied")) << sql;
  }
  // The timestamp column must be the one in the signature bytes, whoever inserts.
  absl::Status forged = ExecuteSql(
      db_->conninfo(),
      absl::StrCat("INSERT INTO cosignatures (log_id, tree_size, witness_name, witness_key_id, "
                   "witness_key, signature, timestamp_s) VALUES (",
                   log_id_, ", 0, 'x', 1, 'k', decode(repeat('00', 72), 'hex'), 5)"));
  EXPECT_THAT(std::string(forged.message()), HasSubstr("cosignatures_timestamp"));
  EXPECT_EQ(Count(), "1");
}

}  // namespace
}  // namespace ledger::storage::pg
