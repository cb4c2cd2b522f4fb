// PgLedgerStore against a real PostgreSQL (the test run's shared cluster), each test in its own
// database with the production migrations applied.

#include "ledger/storage/pg/pg_ledger_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <latch>
#include <map>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/crypto/sha256.h"
#include "ledger/merkle/frontier.h"
#include "ledger/merkle/hash.h"
#include "ledger/merkle/merkle_testing.h"
#include "ledger/merkle/proof.h"
#include "ledger/merkle/verify.h"
#include "ledger/storage/pg/admin.h"
#include "ledger/storage/pg/migrations.h"
#include "tests/support/test_database.h"

// libpqxx 6.4 leaks the PGresult of a query that meets a broken connection: make_result() asks
// the dead connection for its encoding (and throws) before the result object owns the PGresult.
// About 2 KiB per lost connection, inside the library; the connection-loss tests would otherwise
// fail under LeakSanitizer. Only allocations of PGresults are exempt.
extern "C" const char* __lsan_default_suppressions() { return "leak:PQmakeEmptyPGresult\n"; }

namespace ledger::storage::pg {
namespace {

using ::ledger::testing::TestDatabase;
using ::testing::HasSubstr;

constexpr char kOrigin[] = "ledger.example.org/341721";
constexpr char kVerifierKey[] = "ledger.example.org/341721+00000000+AAAA";
constexpr char kLogTables[][16] = {"logs", "entries", "merkle_nodes", "checkpoints", "rejections"};

// A column of each table that an UPDATE may name (logs.log_id is an identity column, which
// PostgreSQL refuses to update before any trigger runs).
std::string UpdateSql(const std::string& table) {
  static const std::map<std::string, std::string> kColumn = {{"logs", "origin"},
                                                             {"entries", "leaf"},
                                                             {"merkle_nodes", "hash"},
                                                             {"checkpoints", "note"},
                                                             {"rejections", "message"}};
  const std::string& column = kColumn.at(table);
  return absl::StrCat("UPDATE ", table, " SET ", column, " = ", column);
}

// The leaf stored at `index`: text with the characters that quoting gets wrong, and raw bytes.
std::string Leaf(char tag, uint64_t index) {
  return absl::StrCat("leaf ", std::string(1, tag), " ", index, " \\x00\"'{},",
                      std::string("\0\x01\xff", 3));
}

// A 16-byte entry id: the tag byte, then `n` big-endian.
std::string EntryId(char tag, uint64_t n) {
  std::string id(16, '\0');
  id[0] = tag;
  for (int i = 0; i < 8; ++i) id[15 - i] = static_cast<char>((n >> (8 * i)) & 0xff);
  return id;
}

StoredCheckpoint EmptyCheckpoint() {
  return StoredCheckpoint{0, merkle::EmptyRoot(), "empty checkpoint note\n"};
}

// The writer side of one log as a test sees it: a Frontier over everything appended so far, and
// the root of every committed size. NextBatch builds what a sequencer would store.
class TestLog {
 public:
  explicit TestLog(int64_t log_id) : log_id_(log_id) { roots_[0] = merkle::EmptyRoot(); }

  int64_t id() const { return log_id_; }
  uint64_t size() const { return frontier_.size(); }
  const std::map<uint64_t, merkle::Hash>& roots() const { return roots_; }
  const std::vector<merkle::Hash>& leaf_hashes() const { return leaf_hashes_; }

  // `count` new entries whose ids and leaves carry `tag`; nothing changes until Commit.
  AppendBatch NextBatch(size_t count, char tag = 'a') {
    pending_ = frontier_;
    AppendBatch batch;
    batch.previous_size = frontier_.size();
    for (size_t i = 0; i < count; ++i) {
      const uint64_t index = pending_.size();
      StoredEntry e;
      e.index = index;
      e.entry_id = EntryId(tag, index);
      e.leaf = Leaf(tag, index);
      e.leaf_hash = merkle::LeafHash(e.leaf);
      for (const merkle::Node& n : pending_.Append(e.leaf_hash)) {
        if (n.id.level >= 1) batch.nodes.push_back(n);
      }
      batch.entries.push_back(std::move(e));
    }
    batch.checkpoint.tree_size = pending_.size();
    batch.checkpoint.root = pending_.Root();
    batch.checkpoint.note = absl::StrCat("checkpoint ", pending_.size(), "\n");
    return batch;
  }

  // Records that the last NextBatch was stored.
  void Commit(const AppendBatch& batch) {
    frontier_ = pending_;
    for (const StoredEntry& e : batch.entries) leaf_hashes_.push_back(e.leaf_hash);
    roots_[frontier_.size()] = frontier_.Root();
  }

 private:
  int64_t log_id_;
  merkle::Frontier frontier_;
  merkle::Frontier pending_;
  std::vector<merkle::Hash> leaf_hashes_;
  std::map<uint64_t, merkle::Hash> roots_;
};

class PgLedgerStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = TestDatabase::Create(/*migrate=*/true);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    auto store = PgLedgerStore::Open(db_->conninfo(), /*pool_size=*/4);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  TestLog CreateTestLog(const std::string& origin = kOrigin) {
    auto log = store_->CreateLog(origin, kVerifierKey, EmptyCheckpoint());
    EXPECT_TRUE(log.ok()) << log.status();
    return TestLog(log.ok() ? log->log_id : 0);
  }

  void AppendOk(TestLog& log, size_t count, char tag = 'a') {
    AppendBatch batch = log.NextBatch(count, tag);
    absl::Status s = store_->Append(log.id(), batch);
    ASSERT_TRUE(s.ok()) << s;
    log.Commit(batch);
  }

  std::string Count(const std::string& table) {
    auto n = QueryText(db_->conninfo(), absl::StrCat("SELECT count(*) FROM ", table));
    EXPECT_TRUE(n.ok()) << n.status();
    return n.ok() ? *n : "error";
  }

  // Ends every session on this test's database, waiting until they are gone.
  void TerminateSessions() {
    ASSERT_TRUE(
        ExecuteSql(db_->admin_conninfo(), absl::StrCat("SELECT pg_terminate_backend(pid, 10000) "
                                                       "FROM pg_stat_activity WHERE datname = '",
                                                       db_->name(), "'"))
            .ok());
  }

  // Polls `count_sql` (as the superuser) until it returns a non-zero count; false after 60 s.
  bool WaitFor(const std::string& count_sql) {
    for (int i = 0; i < 6000; ++i) {
      auto n = QueryText(db_->conninfo(), count_sql);
      if (n.ok() && *n != "0") return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<PgLedgerStore> store_;
};

TEST_F(PgLedgerStoreTest, CreateFindAndListLogs) {
  auto created = store_->CreateLog(kOrigin, kVerifierKey, EmptyCheckpoint());
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->origin, kOrigin);
  EXPECT_EQ(created->verifier_key, kVerifierKey);
  auto other = store_->CreateLog("ledger.example.org/110000", "other-key", EmptyCheckpoint());
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_NE(other->log_id, created->log_id);

  auto found = store_->FindLog(kOrigin);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->log_id, created->log_id);
  EXPECT_EQ(found->verifier_key, kVerifierKey);

  auto all = store_->ListLogs();
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].origin, kOrigin);
  EXPECT_EQ((*all)[1].origin, "ledger.example.org/110000");

  // A new log holds its checkpoint of size 0 and nothing else.
  auto head = store_->LatestCheckpoint(created->log_id);
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->tree_size, 0u);
  EXPECT_EQ(head->root, merkle::EmptyRoot());
  EXPECT_EQ(head->note, EmptyCheckpoint().note);

  auto duplicate = store_->CreateLog(kOrigin, "another key", EmptyCheckpoint());
  EXPECT_EQ(duplicate.status().code(), absl::StatusCode::kAlreadyExists) << duplicate.status();
  EXPECT_THAT(std::string(duplicate.status().message()), HasSubstr(kOrigin));

  EXPECT_EQ(store_->FindLog("nobody.example.org/1").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->CreateLog("has space", "k", EmptyCheckpoint()).status().code(),
            absl::StatusCode::kInvalidArgument);
  StoredCheckpoint not_empty = EmptyCheckpoint();
  not_empty.tree_size = 3;
  EXPECT_EQ(store_->CreateLog("x.example.org/1", "k", not_empty).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->LatestCheckpoint(created->log_id + 100).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(Count("logs"), "2");
}

TEST_F(PgLedgerStoreTest, AppendedEntriesAndCheckpointsReadBack) {
  TestLog log = CreateTestLog();
  AppendOk(log, 3);
  AppendOk(log, 1);
  AppendOk(log, 6);
  ASSERT_EQ(log.size(), 10u);

  auto head = store_->LatestCheckpoint(log.id());
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->tree_size, 10u);
  EXPECT_EQ(head->root, log.roots().at(10));
  EXPECT_EQ(head->note, "checkpoint 10\n");
  for (const auto& [size, root] : log.roots()) {
    auto c = store_->CheckpointAt(log.id(), size);
    ASSERT_TRUE(c.ok()) << c.status();
    EXPECT_EQ(c->tree_size, size);
    EXPECT_EQ(c->root, root);
  }
  EXPECT_EQ(store_->CheckpointAt(log.id(), 5).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->CheckpointAt(log.id(), ~uint64_t{0}).status().code(),
            absl::StatusCode::kNotFound);

  auto entries = store_->ReadEntries(log.id(), 2, 7);
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_EQ(entries->size(), 5u);
  for (size_t i = 0; i < entries->size(); ++i) {
    const StoredEntry& e = (*entries)[i];
    EXPECT_EQ(e.index, 2 + i);
    EXPECT_EQ(e.entry_id, EntryId('a', 2 + i));
    EXPECT_EQ(e.leaf, Leaf('a', 2 + i));
    EXPECT_EQ(e.leaf_hash, merkle::LeafHash(e.leaf));
  }
  auto tail = store_->ReadEntries(log.id(), 8, 1000);
  ASSERT_TRUE(tail.ok()) << tail.status();
  EXPECT_EQ(tail->size(), 2u);
  EXPECT_TRUE(store_->ReadEntries(log.id(), 7, 7)->empty());
  EXPECT_TRUE(store_->ReadEntries(log.id(), 20, 30)->empty());

  std::vector<std::string> ids = {EntryId('a', 9), EntryId('z', 1), EntryId('a', 0)};
  auto by_id = store_->FindEntriesById(log.id(), ids);
  ASSERT_TRUE(by_id.ok()) << by_id.status();
  ASSERT_EQ(by_id->size(), 2u);
  std::vector<uint64_t> found;
  for (const StoredEntry& e : *by_id) found.push_back(e.index);
  EXPECT_THAT(found, ::testing::UnorderedElementsAre(0u, 9u));
  // A batch may carry the same envelope twice: each stored entry is answered once.
  ids.push_back(EntryId('a', 9));
  auto repeated = store_->FindEntriesById(log.id(), ids);
  ASSERT_TRUE(repeated.ok()) << repeated.status();
  EXPECT_EQ(repeated->size(), 2u);

  auto index = store_->FindIndexByLeafHash(log.id(), log.leaf_hashes()[4]);
  ASSERT_TRUE(index.ok()) << index.status();
  EXPECT_EQ(*index, std::optional<uint64_t>(4));
  auto none = store_->FindIndexByLeafHash(log.id(), merkle::LeafHash("never appended"));
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_FALSE(none->has_value());
}

TEST_F(PgLedgerStoreTest, LogsAreKeptApart) {
  TestLog a = CreateTestLog("a.example.org/1");
  TestLog b = CreateTestLog("b.example.org/1");
  AppendOk(a, 4);
  AppendOk(b, 2, 'b');
  EXPECT_EQ(store_->LatestCheckpoint(a.id())->tree_size, 4u);
  EXPECT_EQ(store_->LatestCheckpoint(b.id())->tree_size, 2u);
  EXPECT_EQ(store_->ReadEntries(b.id(), 0, 10)->size(), 2u);
  // The same entry id may appear in two logs.
  AppendBatch same_ids = b.NextBatch(1, 'a');
  same_ids.entries[0].entry_id = EntryId('a', 0);
  EXPECT_TRUE(store_->Append(b.id(), same_ids).ok());
  auto missing = store_->ReadNodes(b.id(), std::vector<merkle::NodeId>{{2, 0}});
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound) << missing.status();
}

// ReadNodes against the nodes Frontier produced, checked through the proof builders of
// merkle/proof.h and the verifiers of merkle/verify.h at every committed size.
TEST_F(PgLedgerStoreTest, ProofsFromStoredNodesVerify) {
  TestLog log = CreateTestLog();
  size_t batch = 1;
  while (log.size() < 300) {
    AppendOk(log, batch);
    batch = batch % 17 + 1;
  }
  LogNodeReader reader(*store_, log.id());

  // Every stored perfect subtree equals the one computed independently of Frontier.
  merkle::testonly::MemoryNodeStore reference(log.leaf_hashes());
  std::vector<merkle::NodeId> all_ids;
  std::vector<merkle::Hash> all_hashes;
  for (const merkle::Node& n : reference.AllNodes()) {
    all_ids.push_back(n.id);
    all_hashes.push_back(n.hash);
  }
  // Asked in reverse order, answered in the order asked.
  std::reverse(all_ids.begin(), all_ids.end());
  std::reverse(all_hashes.begin(), all_hashes.end());
  auto read = store_->ReadNodes(log.id(), all_ids);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, all_hashes);

  std::vector<uint64_t> sizes;
  for (const auto& [size, root] : log.roots()) sizes.push_back(size);
  for (size_t s = 0; s < sizes.size(); ++s) {
    const uint64_t size = sizes[s];
    const merkle::Hash& root = log.roots().at(size);
    auto computed = merkle::RootAt(reader, size);
    ASSERT_TRUE(computed.ok()) << computed.status();
    EXPECT_EQ(*computed, root) << "size " << size;
    for (uint64_t index : {uint64_t{0}, size / 2, size - 1}) {
      if (size == 0) break;
      auto proof = merkle::InclusionProof(reader, index, size);
      ASSERT_TRUE(proof.ok()) << proof.status();
      EXPECT_TRUE(merkle::VerifyInclusion(index, size, log.leaf_hashes()[index], *proof, root).ok())
          << "index " << index << " size " << size;
    }
    for (size_t earlier = 0; earlier <= s; earlier += 3) {
      const uint64_t size1 = sizes[earlier];
      auto proof = merkle::ConsistencyProof(reader, size1, size);
      ASSERT_TRUE(proof.ok()) << proof.status();
      EXPECT_TRUE(merkle::VerifyConsistency(size1, size, log.roots().at(size1), root, *proof).ok())
          << size1 << " -> " << size;
    }
  }

  // A node beyond the tree is kNotFound, named; so is a leaf.
  const uint64_t size = log.size();
  ASSERT_LT(size, 512u);
  auto beyond = store_->ReadNodes(log.id(), std::vector<merkle::NodeId>{{0, 1}, {9, 0}, {0, size}});
  ASSERT_EQ(beyond.status().code(), absl::StatusCode::kNotFound) << beyond.status();
  EXPECT_THAT(std::string(beyond.status().message()),
              HasSubstr(merkle::NodeId{9, 0}.DebugString()));
  auto leaf = store_->ReadNodes(log.id(), std::vector<merkle::NodeId>{{1, 0}, {0, size}});
  EXPECT_EQ(leaf.status().code(), absl::StatusCode::kNotFound) << leaf.status();
  auto empty = store_->ReadNodes(log.id(), {});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

// The node cache (merkle/node_cache.h) changes no byte of any proof or root: a store with the
// default cache (filled while appending), one with a small cache (so that only the upper levels
// are cached), one opened afterwards (cold, filled by reading) and one without a cache give the
// same answers, equal to RFC 9162's definitions, for every committed size and many indexes.
TEST_F(PgLedgerStoreTest, CachedProofsEqualUncachedOnes) {
  TestLog log = CreateTestLog();
  std::mt19937_64 rng(9162);
  while (log.size() < 2500) AppendOk(log, 1 + rng() % 60);

  constexpr size_t kSmallBytes = 64 * sizeof(merkle::Hash);  // levels >= 8 at 2500 leaves
  auto uncached = PgLedgerStore::Open(db_->conninfo(), 2, /*node_cache_bytes=*/0);
  auto small = PgLedgerStore::Open(db_->conninfo(), 2, kSmallBytes);
  auto cold = PgLedgerStore::Open(db_->conninfo(), 2);
  ASSERT_TRUE(uncached.ok() && small.ok() && cold.ok());
  LogNodeReader plain(**uncached, log.id());
  std::vector<std::pair<std::string, std::unique_ptr<LogNodeReader>>> cached;
  cached.emplace_back("warm", std::make_unique<LogNodeReader>(*store_, log.id()));
  cached.emplace_back("small", std::make_unique<LogNodeReader>(**small, log.id()));
  cached.emplace_back("cold", std::make_unique<LogNodeReader>(**cold, log.id()));

  std::vector<uint64_t> sizes;
  for (const auto& [size, root] : log.roots()) sizes.push_back(size);
  int proofs = 0;
  for (size_t s = 1; s < sizes.size(); ++s) {
    const uint64_t size = sizes[s];
    const std::span<const merkle::Hash> leaves(log.leaf_hashes().data(), size);
    std::vector<uint64_t> indexes = {0, size / 2, size - 1};
    for (int k = 0; k < 5; ++k) indexes.push_back(rng() % size);
    for (uint64_t index : indexes) {
      auto want = merkle::InclusionProof(plain, index, size);
      ASSERT_TRUE(want.ok()) << want.status();
      ASSERT_EQ(*want, merkle::testonly::ReferenceInclusionProof(leaves, index));
      for (auto& [name, reader] : cached) {
        auto got = merkle::InclusionProof(*reader, index, size);
        ASSERT_TRUE(got.ok()) << name << ": " << got.status();
        ASSERT_EQ(*got, *want) << name << ": index " << index << " size " << size;
        ++proofs;
      }
    }
    const uint64_t size1 = sizes[rng() % (s + 1)];
    auto want = merkle::ConsistencyProof(plain, size1, size);
    ASSERT_TRUE(want.ok()) << want.status();
    ASSERT_EQ(*want, merkle::testonly::ReferenceConsistencyProof(leaves, size1));
    for (auto& [name, reader] : cached) {
      auto got = merkle::ConsistencyProof(*reader, size1, size);
      ASSERT_TRUE(got.ok()) << name << ": " << got.status();
      ASSERT_EQ(*got, *want) << name << ": " << size1 << " -> " << size;
      auto root = merkle::RootAt(*reader, size);
      ASSERT_TRUE(root.ok()) << name << ": " << root.status();
      ASSERT_EQ(*root, log.roots().at(size)) << name << ": size " << size;
    }
  }
  EXPECT_GT(proofs, 1000);

  // A node past the tree is still kNotFound, named, through every cache.
  const std::vector<merkle::NodeId> beyond = {{7, 0}, {9, 5}, {0, 1}};
  for (auto& [name, reader] : cached) {
    auto read = reader->ReadNodes(beyond);
    ASSERT_EQ(read.status().code(), absl::StatusCode::kNotFound) << name << ": " << read.status();
    EXPECT_THAT(std::string(read.status().message()),
                HasSubstr(merkle::NodeId{9, 5}.DebugString()));
  }
}

// The cache is used: a node rewritten in the database behind the store's back (as a superuser
// would, past the append-only triggers) is still answered with the hash the store wrote or read
// before, while a store without a cache reads the rewritten row. Nodes below the cached levels
// are read every time.
TEST_F(PgLedgerStoreTest, CachedNodesAreNotReadAgain) {
  TestLog log = CreateTestLog();
  for (int i = 0; i < 8; ++i) AppendOk(log, 256);  // 2048 leaves
  constexpr size_t kSmallBytes = 64 * sizeof(merkle::Hash);
  auto small = PgLedgerStore::Open(db_->conninfo(), 1, kSmallBytes);
  auto uncached = PgLedgerStore::Open(db_->conninfo(), 1, /*node_cache_bytes=*/0);
  ASSERT_TRUE(small.ok() && uncached.ok());
  const merkle::NodeId upper{9, 3};  // leaves [1536, 2048)
  const merkle::NodeId lower{1, 5};
  auto genuine = (*small)->ReadNodes(log.id(), std::vector<merkle::NodeId>{upper, lower});
  ASSERT_TRUE(genuine.ok()) << genuine.status();
  auto warm = store_->ReadNodes(log.id(), std::vector<merkle::NodeId>{upper, {0, 7}});
  ASSERT_TRUE(warm.ok()) << warm.status();

  ASSERT_TRUE(ExecuteSql(db_->conninfo(),
                         absl::StrCat("SET LOCAL session_replication_role = replica;\n"
                                      "UPDATE merkle_nodes SET hash = sha256(hash) WHERE log_id = ",
                                      log.id(), " AND (level, idx) IN ((9, 3), (1, 5));\n",
                                      "UPDATE entries SET leaf_hash = sha256(leaf_hash) WHERE "
                                      "log_id = ",
                                      log.id(), " AND idx = 7"))
                  .ok());
  auto changed = (*uncached)->ReadNodes(log.id(), std::vector<merkle::NodeId>{upper, lower});
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_NE((*changed)[0], (*genuine)[0]);
  EXPECT_NE((*changed)[1], (*genuine)[1]);

  auto again = (*small)->ReadNodes(log.id(), std::vector<merkle::NodeId>{upper, lower});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ((*again)[0], (*genuine)[0]);  // cached: level 9 >= level_min
  EXPECT_EQ((*again)[1], (*changed)[1]);  // level 1 is below level_min: read again
  // The store that appended the 2048 leaves caches them all (they fit in the default bound).
  auto warm_again = store_->ReadNodes(log.id(), std::vector<merkle::NodeId>{upper, {0, 7}});
  ASSERT_TRUE(warm_again.ok()) << warm_again.status();
  EXPECT_EQ(*warm_again, *warm);
}

// Many threads proving through one store share its cache (run under ThreadSanitizer too): every
// proof equals the one read without a cache.
TEST_F(PgLedgerStoreTest, ConcurrentCachedProofsAreCorrect) {
  TestLog log = CreateTestLog();
  for (int i = 0; i < 6; ++i) AppendOk(log, 500);
  const uint64_t size = log.size();
  auto shared = PgLedgerStore::Open(db_->conninfo(), 4, 64 * sizeof(merkle::Hash));
  ASSERT_TRUE(shared.ok());
  const std::span<const merkle::Hash> leaves(log.leaf_hashes());
  constexpr int kThreads = 4;
  std::atomic<int> wrong{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937_64 rng(static_cast<uint64_t>(t) + 1);
      LogNodeReader reader(**shared, log.id());
      for (int k = 0; k < 150; ++k) {
        const uint64_t index = rng() % size;
        auto proof = merkle::InclusionProof(reader, index, size);
        if (!proof.ok()) {
          failed.fetch_add(1);
        } else if (*proof != merkle::testonly::ReferenceInclusionProof(leaves, index)) {
          wrong.fetch_add(1);
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(wrong.load(), 0);
}

TEST_F(PgLedgerStoreTest, ConcurrentAppendersNeverForkTheLog) {
  TestLog log = CreateTestLog();
  AppendOk(log, 10);
  auto second = PgLedgerStore::Open(db_->conninfo(), 1);
  ASSERT_TRUE(second.ok()) << second.status();
  PgLedgerStore* stores[2] = {store_.get(), second->get()};

  for (int round = 0; round < 10; ++round) {
    const uint64_t before = log.size();
    AppendBatch batches[2] = {log.NextBatch(50, 'a'), log.NextBatch(50, 'b')};
    absl::Status results[2];
    std::latch start(2);
    std::vector<std::thread> writers;
    for (int w = 0; w < 2; ++w) {
      writers.emplace_back([&, w] {
        start.arrive_and_wait();
        results[w] = stores[w]->Append(log.id(), batches[w]);
      });
    }
    for (std::thread& t : writers) t.join();

    ASSERT_NE(results[0].ok(), results[1].ok()) << results[0] << " / " << results[1];
    const int winner = results[0].ok() ? 0 : 1;
    const absl::Status& lost = results[1 - winner];
    EXPECT_EQ(lost.code(), absl::StatusCode::kAborted) << lost;
    EXPECT_THAT(std::string(lost.message()),
                HasSubstr(absl::StrCat("a checkpoint extending size ", before, " already exists")));

    // Only the winner's batch is in the log.
    auto head = store_->LatestCheckpoint(log.id());
    ASSERT_TRUE(head.ok()) << head.status();
    EXPECT_EQ(head->tree_size, before + 50);
    EXPECT_EQ(head->root, batches[winner].checkpoint.root);
    auto entries = store_->ReadEntries(log.id(), before, before + 100);
    ASSERT_TRUE(entries.ok()) << entries.status();
    ASSERT_EQ(entries->size(), 50u);
    EXPECT_EQ((*entries)[0].entry_id, batches[winner].entries[0].entry_id);
    auto loser_ids = std::vector<std::string>{batches[1 - winner].entries[0].entry_id,
                                              batches[1 - winner].entries[49].entry_id};
    EXPECT_TRUE(store_->FindEntriesById(log.id(), loser_ids)->empty());
    log.NextBatch(50, winner == 0 ? 'a' : 'b');  // the winner's frontier, for Commit
    log.Commit(batches[winner]);
  }
  EXPECT_EQ(Count("entries"), absl::StrCat(10 + 10 * 50));
  EXPECT_EQ(Count("checkpoints"), "12");
}

TEST_F(PgLedgerStoreTest, StaleOrImpossiblePredecessorIsRefused) {
  TestLog log = CreateTestLog();
  AppendBatch first = log.NextBatch(4);
  ASSERT_TRUE(store_->Append(log.id(), first).ok());
  log.Commit(first);

  // A writer that still believes the log is empty.
  TestLog stale(log.id());
  absl::Status s = store_->Append(log.id(), stale.NextBatch(2, 'c'));
  EXPECT_EQ(s.code(), absl::StatusCode::kAborted) << s;
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("log head moved: a checkpoint extending size 0 already exists"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("the log is now at size 4"));

  // Extending a size the log never had.
  AppendBatch ahead = log.NextBatch(1);
  ahead.previous_size = 7;
  ahead.entries[0].index = 7;
  ahead.checkpoint.tree_size = 8;
  ahead.nodes.clear();
  s = store_->Append(log.id(), ahead);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_EQ(store_->LatestCheckpoint(log.id())->tree_size, 4u);
  EXPECT_EQ(Count("entries"), "4");
}

TEST_F(PgLedgerStoreTest, DuplicateEntryIdIsAlreadyExistsAndWritesNothing) {
  TestLog log = CreateTestLog();
  AppendOk(log, 5);
  const std::string nodes_before = Count("merkle_nodes");

  AppendBatch batch = log.NextBatch(3);
  batch.entries[1].entry_id = EntryId('a', 2);  // already at index 2
  absl::Status s = store_->Append(log.id(), batch);
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr(crypto::ToHex(EntryId('a', 2))));
  EXPECT_THAT(std::string(s.message()), HasSubstr("index 2"));

  AppendBatch twice = log.NextBatch(3);
  twice.entries[2].entry_id = twice.entries[0].entry_id;
  s = store_->Append(log.id(), twice);
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr(crypto::ToHex(twice.entries[0].entry_id)));

  EXPECT_EQ(store_->LatestCheckpoint(log.id())->tree_size, 5u);
  EXPECT_EQ(Count("entries"), "5");
  EXPECT_EQ(Count("checkpoints"), "2");
  EXPECT_EQ(Count("merkle_nodes"), nodes_before);
  // The log is still writable at the same size.
  AppendOk(log, 3);
  EXPECT_EQ(store_->LatestCheckpoint(log.id())->tree_size, 8u);
}

TEST_F(PgLedgerStoreTest, MalformedBatchesAreInvalidArgument) {
  TestLog log = CreateTestLog();
  AppendBatch wrong_size = log.NextBatch(2);
  wrong_size.checkpoint.tree_size = 3;
  AppendBatch wrong_index = log.NextBatch(2);
  wrong_index.entries[1].index = 5;
  AppendBatch short_id = log.NextBatch(2);
  short_id.entries[0].entry_id = "short";
  AppendBatch foreign_node = log.NextBatch(2);
  foreign_node.nodes.push_back(merkle::Node{{3, 0}, merkle::EmptyRoot()});
  AppendBatch nodes_without_entries;
  nodes_without_entries.nodes.push_back(merkle::Node{{1, 0}, merkle::EmptyRoot()});
  for (const AppendBatch* b :
       {&wrong_size, &wrong_index, &short_id, &foreign_node, &nodes_without_entries}) {
    absl::Status s = store_->Append(log.id(), *b);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  }
  EXPECT_EQ(Count("entries"), "0");
  EXPECT_EQ(Count("checkpoints"), "1");
}

TEST_F(PgLedgerStoreTest, RejectionsAreRememberedAndFound) {
  TestLog log = CreateTestLog();
  RejectionRecord r1{EntryId('r', 1),
                     crypto::Sha256("envelope 1"),
                     9,
                     "R3",
                     "disbursement of 80,000.00 exceeds \"50,000.00\" \\ {remaining} 拨付",
                     1234};
  RejectionRecord r2{EntryId('r', 2), crypto::Sha256("envelope 2"), 3, "", "bad, body", 5678};
  AppendBatch only_rejections;
  only_rejections.previous_size = 0;
  only_rejections.rejections = {r1, r2};
  ASSERT_TRUE(store_->Append(log.id(), only_rejections).ok());
  // Remembering the same rejection again is harmless.
  ASSERT_TRUE(store_->Append(log.id(), only_rejections).ok());
  EXPECT_EQ(store_->LatestCheckpoint(log.id())->tree_size, 0u);

  // With entries, in the same transaction.
  AppendBatch batch = log.NextBatch(2);
  RejectionRecord r3{EntryId('r', 3), crypto::Sha256("envelope 3"), 9, "R1", "no", 9};
  batch.rejections = {r3};
  ASSERT_TRUE(store_->Append(log.id(), batch).ok());

  std::vector<std::string> ids = {r1.entry_id, r3.entry_id, EntryId('r', 99)};
  auto found = store_->FindRejections(log.id(), ids);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_EQ(found->size(), 2u);
  std::map<std::string, RejectionRecord> by_id;
  for (const RejectionRecord& r : *found) by_id[r.entry_id] = r;
  ASSERT_EQ(by_id.count(r1.entry_id), 1u);
  const RejectionRecord& got = by_id[r1.entry_id];
  EXPECT_EQ(got.envelope_hash, r1.envelope_hash);
  EXPECT_EQ(got.code, 9);
  EXPECT_EQ(got.rule, "R3");
  EXPECT_EQ(got.message, r1.message);
  EXPECT_EQ(got.recorded_time_us, 1234);
  EXPECT_EQ(by_id[r3.entry_id].message, "no");
  EXPECT_EQ(Count("rejections"), "3");
  EXPECT_TRUE(store_->FindRejections(log.id(), {})->empty());
}

TEST_F(PgLedgerStoreTest, LedgerTablesRefuseUpdateDeleteTruncateEvenForTheOwner) {
  TestLog log = CreateTestLog();
  AppendBatch batch = log.NextBatch(4);
  batch.rejections = {RejectionRecord{EntryId('r', 1), crypto::Sha256("e"), 9, "R1", "m", 1}};
  ASSERT_TRUE(store_->Append(log.id(), batch).ok());
  std::map<std::string, std::string> counts;
  for (const char* table : kLogTables) counts[table] = Count(table);

  // The test connects as the cluster's superuser, who bypasses every privilege.
  for (const char* table : kLogTables) {
    for (const std::string& sql : {UpdateSql(table), absl::StrCat("DELETE FROM ", table),
                                   absl::StrCat("DELETE FROM ", table, " WHERE false"),
                                   absl::StrCat("TRUNCATE ", table, " CASCADE")}) {
      absl::Status s = ExecuteSql(db_->conninfo(), sql);
      EXPECT_FALSE(s.ok()) << sql;
      EXPECT_THAT(std::string(s.message()), HasSubstr("ledger tables are append-only")) << sql;
      EXPECT_THAT(std::string(s.message()), HasSubstr(table)) << sql;
    }
  }
  for (const char* table : kLogTables) EXPECT_EQ(Count(table), counts[table]) << table;
  EXPECT_NE(counts["merkle_nodes"], "0");
}

TEST_F(PgLedgerStoreTest, ServiceRoleMayOnlySelectAndInsert) {
  TestLog log = CreateTestLog();
  AppendOk(log, 2);
  for (const char* table : kLogTables) {
    EXPECT_TRUE(ExecuteSql(db_->conninfo(),
                           absl::StrCat("SET ROLE ledger_service; SELECT count(*) FROM ", table))
                    .ok());
    for (const std::string& sql : {UpdateSql(table), absl::StrCat("DELETE FROM ", table),
                                   absl::StrCat("TRUNCATE ", table, " CASCADE")}) {
      absl::Status s = ExecuteSql(db_->conninfo(), absl::StrCat("SET ROLE ledger_service; ", sql));
      EXPECT_THAT(std::string(s.message()), HasSubstr("permission denied")) << sql << ": " << s;
    }
  }
}

TEST_F(PgLedgerStoreTest, StoreRunsAsTheServiceRole) {
  // Revoking a privilege from ledger_service (not from the user the store logs in as) must stop
  // the store: so it really runs as ledger_service.
  TestLog log = CreateTestLog();
  ASSERT_TRUE(ExecuteSql(db_->conninfo(), "REVOKE INSERT ON entries FROM ledger_service").ok());
  AppendBatch batch = log.NextBatch(1);
  absl::Status s = store_->Append(log.id(), batch);
  EXPECT_EQ(s.code(), absl::StatusCode::kInternal) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("permission denied"));
  EXPECT_EQ(store_->LatestCheckpoint(log.id())->tree_size, 0u);
}

TEST_F(PgLedgerStoreTest, RecoversFromLostConnections) {
  TestLog log = CreateTestLog();
  AppendOk(log, 3);
  // Open a few pooled connections at once.
  {
    std::vector<std::thread> readers;
    for (int i = 0; i < 4; ++i) {
      readers.emplace_back([&] { EXPECT_TRUE(store_->ReadEntries(log.id(), 0, 3).ok()); });
    }
    for (std::thread& t : readers) t.join();
  }

  // Reads: the first call may fail with kUnavailable, the next one works.
  TerminateSessions();
  auto first = store_->LatestCheckpoint(log.id());
  EXPECT_TRUE(first.ok() || first.status().code() == absl::StatusCode::kUnavailable)
      << first.status();
  auto second = store_->LatestCheckpoint(log.id());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->tree_size, 3u);

  // Append: kUnavailable writes nothing, and the log accepts the batch again afterwards.
  TerminateSessions();
  AppendBatch batch = log.NextBatch(2);
  absl::Status s = store_->Append(log.id(), batch);
  if (!s.ok()) {
    EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
    EXPECT_EQ(store_->LatestCheckpoint(log.id())->tree_size, 3u);
    s = store_->Append(log.id(), batch);
  }
  ASSERT_TRUE(s.ok()) << s;
  log.Commit(batch);
  EXPECT_EQ(store_->LatestCheckpoint(log.id())->tree_size, 5u);

  // The reconnected store still runs as ledger_service (a reconnect that lost SET ROLE could
  // not be refused here otherwise).
  ASSERT_TRUE(ExecuteSql(db_->conninfo(), "REVOKE SELECT ON logs FROM ledger_service").ok());
  EXPECT_EQ(store_->ListLogs().status().code(), absl::StatusCode::kInternal);
}

TEST_F(PgLedgerStoreTest, ConnectionLostDuringAppendWritesNothing) {
  TestLog log = CreateTestLog();
  AppendOk(log, 3);
  const std::string in_db = absl::StrCat(" FROM pg_stat_activity WHERE datname = '", db_->name(),
                                         "' AND pid <> pg_backend_pid()");
  // Another session holds a lock that Append's first insert must wait for.
  std::thread blocker([&] {
    (void)ExecuteSql(db_->conninfo(),
                     "LOCK TABLE checkpoints IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(600)");
  });
  ASSERT_TRUE(WaitFor(absl::StrCat("SELECT count(*)", in_db, " AND query LIKE '%pg_sleep(600)%'")));
  AppendBatch batch = log.NextBatch(2);
  absl::Status appended = absl::UnknownError("not run");
  std::thread writer([&] { appended = store_->Append(log.id(), batch); });
  // End the writer's session while it waits inside its transaction, then the blocker's.
  ASSERT_TRUE(WaitFor(absl::StrCat("SELECT count(*)", in_db, " AND wait_event_type = 'Lock'")));
  ASSERT_TRUE(ExecuteSql(db_->conninfo(), absl::StrCat("SELECT pg_terminate_backend(pid, 10000)",
                                                       in_db, " AND wait_event_type = 'Lock'"))
                  .ok());
  writer.join();
  ASSERT_TRUE(ExecuteSql(db_->conninfo(), absl::StrCat("SELECT pg_terminate_backend(pid, 10000)",
                                                       in_db, " AND query LIKE '%pg_sleep(600)%'"))
                  .ok());
  blocker.join();

  EXPECT_EQ(appended.code(), absl::StatusCode::kUnavailable) << appended;
  EXPECT_EQ(store_->LatestCheckpoint(log.id())->tree_size, 3u);
  EXPECT_EQ(Count("entries"), "3");
  absl::Status again = store_->Append(log.id(), batch);
  ASSERT_TRUE(again.ok()) << again;
  EXPECT_EQ(store_->LatestCheckpoint(log.id())->tree_size, 5u);
}

TEST_F(PgLedgerStoreTest, UnreachableServerIsUnavailable) {
  auto store = PgLedgerStore::Open("host=/nonexistent-dir port=5 dbname=x connect_timeout=2", 1);
  EXPECT_EQ(store.status().code(), absl::StatusCode::kUnavailable) << store.status();
  EXPECT_EQ(PgLedgerStore::Open(db_->conninfo(), 0).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(PgLedgerStoreTest, OpenRefusesADatabaseWithoutTheSchema) {
  auto bare = TestDatabase::Create(/*migrate=*/false);
  ASSERT_TRUE(bare.ok()) << bare.status();
  auto store = PgLedgerStore::Open((*bare)->conninfo(), 1);
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition) << store.status();
  EXPECT_THAT(std::string(store.status().message()), HasSubstr("migrations"));
}

TEST_F(PgLedgerStoreTest, MigrationsStayIdempotent) {
  auto again = ApplyMigrations(db_->conninfo(), ProductionMigrations());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->applied.empty());
  EXPECT_EQ(again->schema_version, ProductionMigrations().back().version);
  EXPECT_GE(again->schema_version, 2);
}

}  // namespace
}  // namespace ledger::storage::pg
