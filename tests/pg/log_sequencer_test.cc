// The sequencer and the log registry against a real PostgreSQL: submit, idempotency, conflicts,
// remembered rejections, revocation by index, restart recovery with self-check, tamper detection
// at start-up, overload and batch limits, fork prevention between two writers, many submitters
// and readers at once through a storage outage, and SubmitAsync: where its callback runs, what
// it may call, errors answered at once, lost commit answers, shutdown, and many asynchronous
// submitters chaining their next submit from the callback (all also run under ThreadSanitizer by
// scripts/tsan.sh).

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <thread>

#include "absl/strings/str_cat.h"
#include "clients/entries/entry_builder.h"
#include "ledger/crypto/ed25519.h"
#include "ledger/envelope/envelope.h"
#include "ledger/merkle/proof.h"
#include "ledger/merkle/verify.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/keys.h"
#include "ledger/sequencer/clock.h"
#include "ledger/sequencer/log_replayer.h"
#include "ledger/sequencer/worker_pool.h"
#include "ledger/state/entry.h"
#include "ledger/state/state_testing.h"
#include "ledger/storage/ledger_store.h"
#include "ledger/storage/pg/admin.h"
#include "ledger/storage/pg/pg_ledger_store.h"
#include "ledger/util/rule_error.h"
#include "services/logs/log_registry.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_database.h"

// libpqxx 6.4 leaks the PGresult of a query that meets a broken connection: make_result() asks
// the dead connection for its encoding (and throws) before the result object owns the PGresult.
// About 2 KiB per lost connection, inside the library; the connection-loss tests would otherwise
// fail under LeakSanitizer. Only allocations of PGresults are exempt.
extern "C" const char* __lsan_default_suppressions() { return "leak:PQmakeEmptyPGresult\n"; }

namespace ledger::testing {
namespace {

using sequencer::LogSequencer;
using sequencer::SubmitOutcome;
using Kind = SubmitOutcome::Kind;

constexpr char kOrigin[] = "ledger.example.org/341721";

class FixedClock : public sequencer::Clock {
 public:
  // 2026-11-22T02:00:00Z = 10:00 in Shanghai.
  int64_t NowMicros() override { return int64_t{1795312800} * 1000000; }
};

crypto::Ed25519PrivateKey KeyFromByte(char b) {
  return *crypto::Ed25519PrivateKey::FromSeed(std::string(32, b));
}

std::string Sign(google::protobuf::Message& body, const crypto::Ed25519PrivateKey& key) {
  auto env = entries::SignEntry(body, key);
  EXPECT_TRUE(env.ok()) << env.status();
  return env.ok() ? *env : std::string();
}

v1::EntryHeader Header(const std::string& principal) {
  return entries::MakeHeader(kOrigin, principal, "2026-11-22");
}

// Delegates to a real store, except that the next Append it is told to lose commits and then
// reports kUnknown, as PgLedgerStore does when the connection breaks after COMMIT was sent
// (pqxx::in_doubt_error): a crash between the database commit and the answer to the clients.
class CommitAnswerLostStore : public storage::LedgerStore {
 public:
  explicit CommitAnswerLostStore(storage::LedgerStore& real) : real_(real) {}
  void LoseNextCommitAnswer() { lose_next_ = true; }

  absl::Status Append(int64_t log_id, const storage::AppendBatch& batch) override {
    absl::Status s = real_.Append(log_id, batch);
    if (s.ok() && lose_next_.exchange(false)) {
      return absl::UnknownError("appending: commit outcome unknown: connection lost in COMMIT");
    }
    return s;
  }
  absl::StatusOr<storage::LogRecord> CreateLog(
      std::string_view origin, std::string_view verifier_key,
      const storage::StoredCheckpoint& empty_checkpoint) override {
    return real_.CreateLog(origin, verifier_key, empty_checkpoint);
  }
  absl::StatusOr<storage::LogRecord> FindLog(std::string_view origin) override {
    return real_.FindLog(origin);
  }
  absl::StatusOr<std::vector<storage::LogRecord>> ListLogs() override { return real_.ListLogs(); }
  absl::StatusOr<storage::StoredCheckpoint> LatestCheckpoint(int64_t log_id) override {
    return real_.LatestCheckpoint(log_id);
  }
  absl::StatusOr<storage::StoredCheckpoint> CheckpointAt(int64_t log_id,
                                                         uint64_t tree_size) override {
    return real_.CheckpointAt(log_id, tree_size);
  }
  absl::StatusOr<std::vector<storage::StoredEntry>> ReadEntries(int64_t log_id, uint64_t begin,
                                                                uint64_t end) override {
    return real_.ReadEntries(log_id, begin, end);
  }
  absl::StatusOr<std::vector<storage::StoredEntry>> FindEntriesById(
      int64_t log_id, std::span<const std::string> entry_ids) override {
    return real_.FindEntriesById(log_id, entry_ids);
  }
  absl::StatusOr<std::optional<uint64_t>> FindIndexByLeafHash(
      int64_t log_id, const merkle::Hash& leaf_hash) override {
    return real_.FindIndexByLeafHash(log_id, leaf_hash);
  }
  absl::StatusOr<std::vector<storage::RejectionRecord>> FindRejections(
      int64_t log_id, std::span<const std::string> entry_ids) override {
    return real_.FindRejections(log_id, entry_ids);
  }
  absl::StatusOr<std::vector<storage::StoredPayment>> FindPayments(
      int64_t log_id, std::span<const std::string> payment_ids, bool with_leaves) override {
    return real_.FindPayments(log_id, payment_ids, with_leaves);
  }
  absl::StatusOr<std::vector<storage::StoredPayment>> PaymentsOfProject(
      int64_t log_id, std::string_view project_id) override {
    return real_.PaymentsOfProject(log_id, project_id);
  }
  absl::Status IndexPayments(int64_t log_id, std::span<const storage::PaymentRow> rows) override {
    return real_.IndexPayments(log_id, rows);
  }
  absl::StatusOr<std::vector<merkle::Hash>> ReadNodes(
      int64_t log_id, std::span<const merkle::NodeId> ids) override {
    return real_.ReadNodes(log_id, ids);
  }

 private:
  storage::LedgerStore& real_;
  std::atomic<bool> lose_next_{false};
};

class LogSequencerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = TestDatabase::Create();
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    auto store = storage::pg::PgLedgerStore::Open(db_->conninfo(), 4);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    OpenRegistry();
    auto log = registry_->Create(kOrigin);
    ASSERT_TRUE(log.ok()) << log.status();
    ASSERT_EQ(Submit({GenesisEnvelope()})[0].kind, Kind::kCreated);
  }

  // The registry over `store` (the test's own store unless given, e.g. a fault-injecting wrapper
  // of it).
  void OpenRegistry(sequencer::SequencerOptions options = {},
                    storage::LedgerStore* store = nullptr) {
    registry_.reset();
    auto registry =
        logs::LogRegistry::Open(store != nullptr ? *store : *store_, pool_, clock_,
                                {.key_dir = keys_.path() + "/keys", .sequencer = options});
    ASSERT_TRUE(registry.ok()) << registry.status();
    registry_ = *std::move(registry);
  }

  LogSequencer& Log() { return **registry_->Find(kOrigin); }

  std::string GenesisEnvelope() {
    v1::Genesis g;
    *g.mutable_header() = Header("admin");
    g.set_division_code("341721");
    g.set_division_name("东至县");
    v1::Principal* p = g.mutable_administrator();
    p->set_principal_id("admin");
    p->set_name("管理员");
    p->set_kind(v1::PRINCIPAL_KIND_ADMINISTRATOR);
    p->set_scope("341721");
    p->add_roles(v1::ROLE_ADMINISTRATOR);
    g.set_administrator_public_key(admin_.public_key().bytes());
    g.set_checkpoint_verifier_key(Log().log().verifier_key);
    return Sign(g, admin_);
  }

  std::string PrincipalEnvelope(const std::string& id, const std::string& scope,
                                const std::string& signer = "admin",
                                const crypto::Ed25519PrivateKey* key = nullptr,
                                v1::Role role = v1::ROLE_TOWNSHIP_REVIEWER) {
    v1::RegisterPrincipal body;
    *body.mutable_header() = Header(signer);
    v1::Principal* p = body.mutable_principal();
    p->set_principal_id(id);
    p->set_name("某乡");
    p->set_kind(role == v1::ROLE_ADMINISTRATOR ? v1::PRINCIPAL_KIND_ADMINISTRATOR
                                               : v1::PRINCIPAL_KIND_TOWNSHIP);
    p->set_scope(scope);
    p->add_roles(role);
    return Sign(body, key ? *key : admin_);
  }

  std::string KeyEnvelope(const std::string& principal, const crypto::Ed25519PrivateKey& key) {
    v1::RegisterKey body;
    *body.mutable_header() = Header("admin");
    body.set_principal_id(principal);
    body.set_public_key(key.public_key().bytes());
    return Sign(body, admin_);
  }

  std::vector<SubmitOutcome> Submit(std::vector<std::string> envelopes) {
    auto out = Log().Submit(envelopes);
    EXPECT_TRUE(out.ok()) << out.status();
    return out.ok() ? *out : std::vector<SubmitOutcome>();
  }

  uint64_t Size() { return Log().LatestCheckpoint().tree_size; }

  // What a SubmitAsync callback saw.
  struct AsyncAnswer {
    std::mutex mu;
    std::condition_variable cv;
    int calls = 0;  // how many times the callback ran (must be 1)
    std::thread::id thread;
    std::optional<absl::StatusOr<std::vector<SubmitOutcome>>> result;
    uint64_t head_size_seen = 0;  // LatestCheckpoint() from inside the callback

    void Wait() {
      std::unique_lock lock(mu);
      cv.wait(lock, [this] { return result.has_value(); });
    }
  };

  // SubmitAsync with a callback that records into `answer`, reading the sequencer's head and
  // state from inside the callback: that deadlocks if the callback ran under one of its locks.
  void SubmitAsyncInto(std::vector<std::string> envelopes, AsyncAnswer& answer) {
    Log().SubmitAsync(std::move(envelopes),
                      [this, &answer](absl::StatusOr<std::vector<SubmitOutcome>> result) {
                        const uint64_t head = Log().LatestCheckpoint().tree_size;
                        Log().ReadState([](const state::LedgerState& s) { (void)s.size(); });
                        std::lock_guard lock(answer.mu);
                        ++answer.calls;
                        answer.thread = std::this_thread::get_id();
                        answer.head_size_seen = head;
                        answer.result = std::move(result);
                        answer.cv.notify_all();
                      });
  }

  crypto::Ed25519PrivateKey admin_ = KeyFromByte('a');
  TempDir keys_;
  FixedClock clock_;
  sequencer::WorkerPool pool_{2};
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<storage::pg::PgLedgerStore> store_;
  std::unique_ptr<logs::LogRegistry> registry_;
};

TEST_F(LogSequencerTest, AppendsAndSignsACheckpointThatCoversTheEntries) {
  auto out = Submit({PrincipalEnvelope("t1", "341721100"), PrincipalEnvelope("t2", "341721101")});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].kind, Kind::kCreated);
  EXPECT_EQ(out[0].index, 1u);
  EXPECT_EQ(out[1].index, 2u);
  storage::StoredCheckpoint head = Log().LatestCheckpoint();
  EXPECT_EQ(head.tree_size, 3u);
  auto verifier = note::NoteVerifier::Parse(Log().log().verifier_key);
  ASSERT_TRUE(verifier.ok());
  auto cp = note::OpenCheckpoint(head.note, *verifier);
  ASSERT_TRUE(cp.ok()) << cp.status();
  EXPECT_EQ(cp->size, 3u);
  storage::LogNodeReader reader(*store_, Log().log().log_id);
  auto proof = merkle::InclusionProof(reader, 2, 3);
  ASSERT_TRUE(proof.ok());
  EXPECT_TRUE(merkle::VerifyInclusion(2, 3, out[1].leaf_hash, *proof, cp->root).ok());
  Log().ReadState([](const state::LedgerState& s) {
    EXPECT_NE(s.FindPrincipal("t1"), nullptr);
    EXPECT_EQ(s.size(), 3u);
  });
}

TEST_F(LogSequencerTest, SameBytesExistSameIdDifferentBytesConflict) {
  const std::string env = PrincipalEnvelope("t1", "341721100");
  auto first = Submit({env});
  ASSERT_EQ(first[0].kind, Kind::kCreated);
  auto again = Submit({env});
  EXPECT_EQ(again[0].kind, Kind::kExists);
  EXPECT_EQ(again[0].index, first[0].index);
  EXPECT_EQ(again[0].leaf_hash, first[0].leaf_hash);
  // Same entry id, different body.
  auto decoded = state::DecodeEntry(env);
  ASSERT_TRUE(decoded.ok());
  v1::RegisterPrincipal body = decoded->As<v1::RegisterPrincipal>();
  body.mutable_principal()->set_name("另一个乡");
  auto conflict = Submit({Sign(body, admin_)});
  EXPECT_EQ(conflict[0].kind, Kind::kConflict);
  EXPECT_EQ(conflict[0].index, first[0].index);
  EXPECT_EQ(RuleOf(conflict[0].status), "L-CONFLICT");
  // Within one batch too: the duplicate gets `exists`.
  const std::string env2 = PrincipalEnvelope("t2", "341721101");
  auto both = Submit({env2, env2});
  EXPECT_EQ(both[0].kind, Kind::kCreated);
  EXPECT_EQ(both[1].kind, Kind::kExists);
  EXPECT_EQ(both[1].index, both[0].index);
  EXPECT_EQ(Size(), 3u);
}

TEST_F(LogSequencerTest, RejectionIsRememberedAndDoesNotStopTheBatch) {
  const std::string bad = PrincipalEnvelope("x", "341722100");  // another county
  auto out = Submit({bad, PrincipalEnvelope("t1", "341721100")});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].kind, Kind::kRejected);
  const std::string rule = RuleOf(out[0].status);
  EXPECT_FALSE(rule.empty()) << out[0].status;
  EXPECT_NE(out[0].status.message().find("341722100"), std::string::npos) << out[0].status;
  EXPECT_EQ(out[1].kind, Kind::kCreated);
  EXPECT_EQ(out[1].index, 1u);
  // The retry gets the stored answer (even after a restart), and nothing is appended.
  OpenRegistry();
  auto retry = Submit({bad});
  EXPECT_EQ(retry[0].kind, Kind::kRejected);
  EXPECT_EQ(RuleOf(retry[0].status), rule);
  EXPECT_EQ(retry[0].status.message(), out[0].status.message());
  auto stored = store_->FindRejections(Log().log().log_id, {&out[0].entry_id, 1});
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->size(), 1u);
  EXPECT_EQ(Size(), 2u);
}

TEST_F(LogSequencerTest, StorageOutageAnswersUnavailableThenRecovers) {
  ASSERT_EQ(Submit({PrincipalEnvelope("t1", "341721100")})[0].kind, Kind::kCreated);
  // The database refuses every connection, and the store's connections are cut.
  auto sql = [&](const std::string& statement) {
    absl::Status s = storage::pg::ExecuteSql(db_->admin_conninfo(), statement);
    ASSERT_TRUE(s.ok()) << s;
  };
  sql(absl::StrCat("ALTER DATABASE \"", db_->name(), "\" ALLOW_CONNECTIONS false"));
  sql(absl::StrCat("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '",
                   db_->name(), "' AND pid <> pg_backend_pid()"));
  const std::string during = PrincipalEnvelope("t2", "341721101");
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto out = Log().Submit(std::span<const std::string>(&during, 1));
    ASSERT_TRUE(out.ok()) << out.status();
    EXPECT_EQ((*out)[0].kind, Kind::kRejected);
    EXPECT_EQ((*out)[0].status.code(), absl::StatusCode::kUnavailable) << (*out)[0].status;
  }
  EXPECT_TRUE(Log().health().ok()) << Log().health();  // transient: not stopped for good
  sql(absl::StrCat("ALTER DATABASE \"", db_->name(), "\" ALLOW_CONNECTIONS true"));
  // The same bytes again: appended once, right after the entry before the outage.
  auto after = Submit({during});
  ASSERT_EQ(after[0].kind, Kind::kCreated) << after[0].status;
  EXPECT_EQ(after[0].index, 2u);
  EXPECT_EQ(Submit({during})[0].kind, Kind::kExists);
  EXPECT_EQ(Size(), 3u);
}

TEST_F(LogSequencerTest, CreateLogValidatesTheOrigin) {
  for (const char* bad : {"341721", "ledger.example.org/34172", "LEDGER.example.org/341702",
                          "ledger example.org/341702", "ledger+x.org/341702"}) {
    auto created = registry_->Create(bad);
    EXPECT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_EQ(registry_->Create(kOrigin).status().code(), absl::StatusCode::kAlreadyExists);
  auto other = registry_->Create("ledger.example.org/341702");
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(registry_->Origins().size(), 2u);
}

TEST_F(LogSequencerTest, RejectionsOfUnauthenticatedEntriesAreNotStored) {
  crypto::Ed25519PrivateKey stranger = KeyFromByte('z');
  const std::string env = PrincipalEnvelope("t1", "341721100", "admin", &stranger);
  auto out = Submit({env});
  EXPECT_EQ(out[0].kind, Kind::kRejected);
  EXPECT_EQ(RuleOf(out[0].status), "L-KEY");
  auto stored = store_->FindRejections(Log().log().log_id, {&out[0].entry_id, 1});
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(stored->empty());
  EXPECT_EQ(Size(), 1u);
}

TEST_F(LogSequencerTest, MalformedAndForeignEnvelopesAreRejectedWithTheirRule) {
  v1::RegisterPrincipal body;
  *body.mutable_header() = entries::MakeHeader("ledger.example.org/341722", "admin", "2026-11-22");
  body.mutable_principal()->set_principal_id("t");
  auto out = Submit({"not an envelope", Sign(body, admin_)});
  EXPECT_EQ(RuleOf(out[0].status), "L-ENVELOPE");
  EXPECT_EQ(out[0].status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RuleOf(out[1].status), "L-ORIGIN");
  EXPECT_EQ(Size(), 1u);
}

TEST_F(LogSequencerTest, KeyIsValidFromRegistrationUntilRevocationByIndex) {
  crypto::Ed25519PrivateKey second = KeyFromByte('b');
  ASSERT_EQ(
      Submit({PrincipalEnvelope("admin2", "341721", "admin", nullptr, v1::ROLE_ADMINISTRATOR)})[0]
          .kind,
      Kind::kCreated);
  // Registering the key and using it in the same batch: valid from the next index.
  auto out = Submit(
      {KeyEnvelope("admin2", second), PrincipalEnvelope("t1", "341721100", "admin2", &second)});
  ASSERT_EQ(out[0].kind, Kind::kCreated) << out[0].status;
  ASSERT_EQ(out[1].kind, Kind::kCreated) << out[1].status;
  v1::RevokeKey revoke;
  *revoke.mutable_header() = Header("admin");
  revoke.set_key_id(state::KeyIdOf(second.public_key()));
  revoke.set_reason("lost");
  auto revoked = Submit({Sign(revoke, admin_)});
  ASSERT_EQ(revoked[0].kind, Kind::kCreated) << revoked[0].status;
  auto after = Submit({PrincipalEnvelope("t2", "341721101", "admin2", &second)});
  EXPECT_EQ(after[0].kind, Kind::kRejected);
  EXPECT_EQ(RuleOf(after[0].status), "L-KEY");
  EXPECT_EQ(after[0].status.code(), absl::StatusCode::kUnauthenticated);
  // The entry signed before the revocation replays fine after a restart.
  OpenRegistry();
  EXPECT_EQ(Size(), 5u);
  Log().ReadState([](const state::LedgerState& s) { EXPECT_NE(s.FindPrincipal("t1"), nullptr); });
}

TEST_F(LogSequencerTest, RestartRebuildsStateAndContinuesTheChain) {
  ASSERT_EQ(Submit({PrincipalEnvelope("t1", "341721100")})[0].kind, Kind::kCreated);
  storage::StoredCheckpoint before = Log().LatestCheckpoint();
  OpenRegistry();
  EXPECT_EQ(Log().LatestCheckpoint().tree_size, before.tree_size);
  EXPECT_EQ(Log().LatestCheckpoint().root, before.root);
  auto out = Submit({PrincipalEnvelope("t2", "341721101")});
  ASSERT_EQ(out[0].kind, Kind::kCreated);
  EXPECT_EQ(out[0].index, 2u);
  storage::LogNodeReader reader(*store_, Log().log().log_id);
  auto proof = merkle::ConsistencyProof(reader, before.tree_size, 3);
  ASSERT_TRUE(proof.ok());
  EXPECT_TRUE(merkle::VerifyConsistency(before.tree_size, 3, before.root,
                                        Log().LatestCheckpoint().root, *proof)
                  .ok());
}

TEST_F(LogSequencerTest, StartUpRefusesALogWhoseStoredLeafWasRewritten) {
  ASSERT_EQ(Submit({PrincipalEnvelope("t1", "341721100")})[0].kind, Kind::kCreated);
  registry_.reset();
  // A superuser bypasses the append-only triggers and rewrites a leaf.
  absl::Status tampered =
      storage::pg::ExecuteSql(db_->conninfo(),
                              "ALTER TABLE entries DISABLE TRIGGER USER;"
                              "UPDATE entries SET leaf = leaf || '\\x00'::bytea WHERE idx = 1;"
                              "ALTER TABLE entries ENABLE TRIGGER USER;");
  ASSERT_TRUE(tampered.ok()) << tampered;
  auto registry = logs::LogRegistry::Open(*store_, pool_, clock_,
                                          {.key_dir = keys_.path() + "/keys", .sequencer = {}});
  ASSERT_FALSE(registry.ok());
  EXPECT_EQ(registry.status().code(), absl::StatusCode::kDataLoss) << registry.status();
  EXPECT_NE(registry.status().message().find("entry 1"), std::string::npos) << registry.status();
}

TEST_F(LogSequencerTest, OverloadAndOversizeBatchesAreRefusedWhole) {
  OpenRegistry(
      {.batch_max_entries = 10, .batch_wait_us = 0, .queue_capacity = 3, .submit_max_entries = 5});
  std::vector<std::string> four;
  for (int i = 0; i < 4; ++i) four.push_back(PrincipalEnvelope(absl::StrCat("t", i), "341721100"));
  auto overload = Log().Submit(std::span<const std::string>(four));
  ASSERT_FALSE(overload.ok());
  EXPECT_EQ(overload.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(RuleOf(overload.status()), "L-OVERLOAD");
  const std::vector<std::string> six(6, four[0]);
  auto oversize = Log().Submit(six);
  ASSERT_FALSE(oversize.ok());
  EXPECT_EQ(RuleOf(oversize.status()), "L-BATCH");
  EXPECT_NE(oversize.status().message().find("6"), std::string::npos);
  EXPECT_EQ(Size(), 1u);
}

TEST_F(LogSequencerTest, TwoWritersOnOneDatabaseNeverFork) {
  // A second server process on the same database and key directory.
  auto other_store = storage::pg::PgLedgerStore::Open(db_->conninfo(), 2);
  ASSERT_TRUE(other_store.ok());
  auto other = logs::LogRegistry::Open(**other_store, pool_, clock_,
                                       {.key_dir = keys_.path() + "/keys", .sequencer = {}});
  ASSERT_TRUE(other.ok()) << other.status();
  LogSequencer& second = **(*other)->Find(kOrigin);
  // Both believe the head is size 1. The first appends; the second's append must fail and it
  // must stop sequencing instead of signing a checkpoint that does not extend the stored one.
  ASSERT_EQ(Submit({PrincipalEnvelope("t1", "341721100")})[0].kind, Kind::kCreated);
  const std::vector<std::string> t2 = {PrincipalEnvelope("t2", "341721101")};
  auto lost = second.Submit(t2);
  ASSERT_TRUE(lost.ok());
  EXPECT_EQ((*lost)[0].kind, Kind::kRejected);
  EXPECT_EQ((*lost)[0].status.code(), absl::StatusCode::kUnavailable) << (*lost)[0].status;
  EXPECT_EQ(second.health().code(), absl::StatusCode::kAborted);
  EXPECT_NE(second.health().message().find("never fork"), std::string::npos) << second.health();
  const std::vector<std::string> t3 = {PrincipalEnvelope("t3", "341721102")};
  auto refused = second.Submit(t3);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable);
  // The stored chain is the first writer's, and it continues.
  auto latest = store_->LatestCheckpoint(Log().log().log_id);
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->tree_size, 2u);
  EXPECT_EQ(Submit({PrincipalEnvelope("t4", "341721103")})[0].index, 2u);
}

// What ledgerd's gRPC threads do: 16 submitters at once on a 2-thread worker pool, readers of
// the head and the state meanwhile, and a storage outage in the middle (connections refused and
// cut). Every entry is appended exactly once, at distinct indexes with no gap, retrying the
// same bytes after kUnavailable, and the stored log replays.
TEST_F(LogSequencerTest, ConcurrentSubmittersAndReadersThroughAnOutageAppendEachEntryOnce) {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 24;
  constexpr size_t kBatch = 3;
  std::vector<std::vector<std::string>> envelopes(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      envelopes[t].push_back(
          PrincipalEnvelope(absl::StrCat("p", t, "-", i), absl::StrCat("341721", 100 + t)));
    }
  }
  std::mutex mu;
  std::vector<uint64_t> indexes;
  std::atomic<int> unavailable{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (size_t begin = 0; begin < envelopes[t].size();) {
        const size_t n = std::min(kBatch, envelopes[t].size() - begin);
        auto out = Log().Submit(std::span<const std::string>(&envelopes[t][begin], n));
        ASSERT_TRUE(out.ok()) << out.status();
        bool retry = false;
        for (const SubmitOutcome& o : *out) {
          if (o.kind == Kind::kRejected && o.status.code() == absl::StatusCode::kUnavailable) {
            retry = true;
          } else {
            ASSERT_TRUE(o.kind == Kind::kCreated || o.kind == Kind::kExists) << o.status;
          }
        }
        if (retry) {  // the whole batch again, same bytes: appended ones answer kExists
          ++unavailable;
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
          continue;
        }
        std::lock_guard lock(mu);
        for (const SubmitOutcome& o : *out) indexes.push_back(o.index);
        begin += n;
      }
    });
  }
  std::thread reader([&] {
    uint64_t last = 0;
    while (!stop) {
      const uint64_t size = Log().LatestCheckpoint().tree_size;
      EXPECT_GE(size, last);  // the head never goes back
      last = size;
      Log().ReadState([](const state::LedgerState& s) { (void)s.principals().size(); });
      (void)Log().health();
      std::this_thread::yield();
    }
  });
  auto sql = [&](const std::string& statement) {
    absl::Status s = storage::pg::ExecuteSql(db_->admin_conninfo(), statement);
    EXPECT_TRUE(s.ok()) << s;
  };
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  sql(absl::StrCat("ALTER DATABASE \"", db_->name(), "\" ALLOW_CONNECTIONS false"));
  sql(absl::StrCat("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '",
                   db_->name(), "' AND pid <> pg_backend_pid()"));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  sql(absl::StrCat("ALTER DATABASE \"", db_->name(), "\" ALLOW_CONNECTIONS true"));
  for (std::thread& t : threads) t.join();
  stop = true;
  reader.join();

  EXPECT_TRUE(Log().health().ok()) << Log().health();
  const uint64_t total = 1 + kThreads * kPerThread;  // with the genesis
  std::set<uint64_t> distinct(indexes.begin(), indexes.end());
  EXPECT_EQ(distinct.size(), indexes.size()) << "an entry was acknowledged at a taken index";
  ASSERT_EQ(indexes.size(), total - 1);
  EXPECT_EQ(*distinct.begin(), 1u);
  EXPECT_EQ(*distinct.rbegin(), total - 1);
  EXPECT_EQ(Size(), total);
  // The stored log replays (self-check of leaves, nodes and the signed head).
  OpenRegistry();
  EXPECT_EQ(Size(), total);
  std::cerr << unavailable.load() << " batches answered kUnavailable and retried\n";
}

// The batch committed but the writer was told the outcome is unknown (the crash between commit
// and answer, without killing anything): the clients are told to retry, not that nothing was
// written; the writer reloads what was stored, so the head covers the batch, the retry answers
// `exists` at the same index, the next entry follows it, and the log replays.
TEST_F(LogSequencerTest, ACommitWhoseAnswerWasLostIsFoundByTheRetryNotAppendedTwice) {
  CommitAnswerLostStore store(*store_);
  ASSERT_NO_FATAL_FAILURE(OpenRegistry({}, &store));

  const std::string t1 = PrincipalEnvelope("t1", "341721100");
  store.LoseNextCommitAnswer();
  auto lost = Submit({t1});
  ASSERT_EQ(lost.size(), 1u);
  EXPECT_EQ(lost[0].kind, Kind::kRejected);
  EXPECT_EQ(lost[0].status.code(), absl::StatusCode::kUnavailable) << lost[0].status;
  EXPECT_EQ(lost[0].status.message().find("not appended"), std::string::npos) << lost[0].status;
  EXPECT_NE(lost[0].status.message().find("retry with the same bytes"), std::string::npos)
      << lost[0].status;
  EXPECT_TRUE(Log().health().ok()) << Log().health();
  EXPECT_EQ(Size(), 2u);  // reloaded: the head is the committed one

  auto again = Submit({t1});
  EXPECT_EQ(again[0].kind, Kind::kExists) << again[0].status;
  EXPECT_EQ(again[0].index, 1u);
  auto next = Submit({PrincipalEnvelope("t2", "341721101")});
  EXPECT_EQ(next[0].kind, Kind::kCreated) << next[0].status;
  EXPECT_EQ(next[0].index, 2u);

  registry_.reset();  // before `store`
  OpenRegistry();
  EXPECT_EQ(Size(), 3u);
}

// The non-blocking path ledgerd's gRPC Submit uses: the call returns before the commit, the
// callback runs once on another thread (the writer) after the commit, with no lock held, and
// sees a head that covers its entries.
TEST_F(LogSequencerTest, SubmitAsyncAnswersFromTheWriterAfterTheCommit) {
  const std::string t1 = PrincipalEnvelope("t1", "341721100");
  AsyncAnswer answer;
  SubmitAsyncInto({t1, PrincipalEnvelope("t2", "341721101")}, answer);
  answer.Wait();
  std::lock_guard lock(answer.mu);
  EXPECT_EQ(answer.calls, 1);
  EXPECT_NE(answer.thread, std::this_thread::get_id());
  ASSERT_TRUE(answer.result->ok()) << answer.result->status();
  const std::vector<SubmitOutcome>& out = **answer.result;
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].kind, Kind::kCreated) << out[0].status;
  EXPECT_EQ(out[0].index, 1u);
  EXPECT_EQ(out[1].index, 2u);
  EXPECT_EQ(answer.head_size_seen, 3u);  // committed and published before the answer
  EXPECT_EQ(Size(), 3u);
  // The same bytes again, through the blocking wrapper: idempotent across both paths.
  auto again = Submit({t1});
  EXPECT_EQ(again[0].kind, Kind::kExists) << again[0].status;
  EXPECT_EQ(again[0].index, 1u);
}

// Nothing to queue: the callback runs on the caller before SubmitAsync returns, and nothing is
// written (an oversize or empty call, an overloaded queue, every envelope rejected up front).
TEST_F(LogSequencerTest, SubmitAsyncAnswersErrorsOnTheCallerAndWritesNothing) {
  OpenRegistry(
      {.batch_max_entries = 10, .batch_wait_us = 0, .queue_capacity = 3, .submit_max_entries = 5});
  std::vector<std::string> four;
  for (int i = 0; i < 4; ++i) four.push_back(PrincipalEnvelope(absl::StrCat("t", i), "341721100"));
  struct Case {
    const char* what;
    std::vector<std::string> envelopes;
    std::string rule;  // of the whole call's error; empty: per-entry rejections
  };
  const std::vector<Case> cases = {
      {"empty", {}, "L-BATCH"},
      {"oversize", std::vector<std::string>(6, four[0]), "L-BATCH"},
      {"overload", four, "L-OVERLOAD"},
      {"all malformed", {"not an envelope", "nor this"}, ""},
  };
  for (const Case& c : cases) {
    AsyncAnswer answer;
    SubmitAsyncInto(c.envelopes, answer);
    std::lock_guard lock(answer.mu);  // answered already: no wait
    ASSERT_TRUE(answer.result.has_value()) << c.what;
    EXPECT_EQ(answer.calls, 1) << c.what;
    EXPECT_EQ(answer.thread, std::this_thread::get_id()) << c.what;
    if (c.rule.empty()) {
      ASSERT_TRUE(answer.result->ok()) << c.what << ": " << answer.result->status();
      for (const SubmitOutcome& o : **answer.result) {
        EXPECT_EQ(o.kind, Kind::kRejected) << c.what;
        EXPECT_EQ(RuleOf(o.status), "L-ENVELOPE") << c.what;
      }
    } else {
      ASSERT_FALSE(answer.result->ok()) << c.what;
      EXPECT_EQ(RuleOf(answer.result->status()), c.rule) << c.what;
    }
  }
  EXPECT_EQ(Size(), 1u);
}

// A commit whose outcome is unknown reaches the asynchronous caller as "perhaps appended" too,
// and the retry finds the entry instead of appending it twice.
TEST_F(LogSequencerTest, SubmitAsyncTellsPerhapsAppendedWhenTheCommitAnswerWasLost) {
  CommitAnswerLostStore store(*store_);
  ASSERT_NO_FATAL_FAILURE(OpenRegistry({}, &store));
  const std::string t1 = PrincipalEnvelope("t1", "341721100");
  store.LoseNextCommitAnswer();
  AsyncAnswer lost;
  SubmitAsyncInto({t1}, lost);
  lost.Wait();
  {
    std::lock_guard lock(lost.mu);
    ASSERT_TRUE(lost.result->ok()) << lost.result->status();
    const SubmitOutcome& o = (**lost.result)[0];
    EXPECT_EQ(o.kind, Kind::kRejected);
    EXPECT_EQ(o.status.code(), absl::StatusCode::kUnavailable) << o.status;
    EXPECT_NE(o.status.message().find("perhaps appended"), std::string::npos) << o.status;
  }
  AsyncAnswer again;
  SubmitAsyncInto({t1}, again);
  again.Wait();
  std::lock_guard lock(again.mu);
  ASSERT_TRUE(again.result->ok()) << again.result->status();
  EXPECT_EQ((**again.result)[0].kind, Kind::kExists) << (**again.result)[0].status;
  EXPECT_EQ((**again.result)[0].index, 1u);
  registry_.reset();  // before `store`
}

// Shutting down with calls still queued: every callback has run once the sequencer is gone
// (ledgerd's server waits for its unfinished reactors, which these callbacks finish).
TEST_F(LogSequencerTest, DestroyingTheSequencerAnswersEveryQueuedCallFirst) {
  OpenRegistry({.batch_max_entries = 2,
                .batch_wait_us = 20000,
                .queue_capacity = 20000,
                .submit_max_entries = 1000});
  constexpr int kCalls = 20;
  std::atomic<int> answered{0};
  for (int i = 0; i < kCalls; ++i) {
    // Not SubmitAsyncInto: its callback finds the log through the registry being destroyed.
    Log().SubmitAsync({PrincipalEnvelope(absl::StrCat("t", i), "341721100")},
                      [&answered](absl::StatusOr<std::vector<SubmitOutcome>>) { ++answered; });
  }
  registry_.reset();  // joins the writer, which drains the queue first
  EXPECT_EQ(answered.load(), kCalls);
}

// What ledgerd's callback server does under load: 16 "clients" that each submit their next entry
// from the previous one's callback (so most SubmitAsync calls come from the writer thread), while
// 4 threads use the blocking Submit and a reader reads the head and the state. Every entry is
// appended exactly once at distinct indexes with no gap, and every callback runs once.
TEST_F(LogSequencerTest, ManyAsynchronousSubmittersChainingFromTheCallbackAppendEachEntryOnce) {
  constexpr int kAsyncClients = 16;
  constexpr int kBlockingClients = 4;
  constexpr int kPerClient = 20;
  constexpr int kClients = kAsyncClients + kBlockingClients;
  std::vector<std::vector<std::string>> envelopes(kClients);
  for (int c = 0; c < kClients; ++c) {
    for (int i = 0; i < kPerClient; ++i) {
      envelopes[c].push_back(
          PrincipalEnvelope(absl::StrCat("p", c, "-", i), absl::StrCat("341721", 100 + c)));
    }
  }
  LogSequencer& log = Log();
  std::mutex mu;
  std::condition_variable all_done;
  std::vector<uint64_t> indexes;
  int async_clients_left = kAsyncClients;
  std::atomic<int> failures{0};
  // next(c, i) submits client c's entry i and, from its callback, entry i + 1.
  std::function<void(int, int)> next = [&](int c, int i) {
    log.SubmitAsync({envelopes[c][i]}, [&, c, i](absl::StatusOr<std::vector<SubmitOutcome>> out) {
      if (!out.ok() || (*out)[0].kind != Kind::kCreated) {
        ++failures;
      } else {
        std::lock_guard lock(mu);
        indexes.push_back((*out)[0].index);
      }
      if (i + 1 < kPerClient) return next(c, i + 1);
      std::lock_guard lock(mu);
      if (--async_clients_left == 0) all_done.notify_all();
    });
  };
  std::atomic<bool> stop{false};
  std::thread reader([&] {
    uint64_t last = 0;
    while (!stop) {
      const uint64_t size = log.LatestCheckpoint().tree_size;
      EXPECT_GE(size, last);
      last = size;
      log.ReadState([](const state::LedgerState& s) { (void)s.principals().size(); });
      std::this_thread::yield();
    }
  });
  for (int c = 0; c < kAsyncClients; ++c) next(c, 0);
  std::vector<std::thread> blocking;
  for (int c = kAsyncClients; c < kClients; ++c) {
    blocking.emplace_back([&, c] {
      for (int i = 0; i < kPerClient; ++i) {
        auto out = log.Submit(std::span<const std::string>(&envelopes[c][i], 1));
        if (!out.ok() || (*out)[0].kind != Kind::kCreated) {
          ++failures;
          continue;
        }
        std::lock_guard lock(mu);
        indexes.push_back((*out)[0].index);
      }
    });
  }
  for (std::thread& t : blocking) t.join();
  {
    std::unique_lock lock(mu);
    all_done.wait(lock, [&] { return async_clients_left == 0; });
  }
  stop = true;
  reader.join();

  EXPECT_EQ(failures.load(), 0);
  const uint64_t total = 1 + kClients * kPerClient;
  std::lock_guard lock(mu);
  std::set<uint64_t> distinct(indexes.begin(), indexes.end());
  EXPECT_EQ(distinct.size(), indexes.size()) << "an entry was acknowledged at a taken index";
  ASSERT_EQ(indexes.size(), total - 1);
  EXPECT_EQ(*distinct.begin(), 1u);
  EXPECT_EQ(*distinct.rbegin(), total - 1);
  EXPECT_EQ(Size(), total);
}

// ---- The payment index: disbursements kept in PostgreSQL, not in memory ----

// A fund log played twice: by the state machine with its payments in memory (state::testing's
// TestLog, as an auditor keeps them), and through the sequencer, whose state keeps them in the
// payment index (sequencer/stored_payment_book.h). Every entry must get the same decision.
class PaymentIndexTest : public LogSequencerTest {
 protected:
  struct Played {
    std::string name;
    std::string bytes;
    absl::Status decision;  // the in-memory state's
  };

  // The log's Genesis (SetUp's), then state_testing.h's administrator, the finance bureau and
  // the fund fixture, applied in memory; returns the envelopes after the Genesis, in order.
  std::vector<std::string> Fixture() {
    auto stored = store_->ReadEntries(Log().log().log_id, 0, 1);
    EXPECT_TRUE(stored.ok() && stored->size() == 1);
    auto genesis = sequencer::DecodeLogLeaf(0, (*stored)[0].leaf);
    EXPECT_TRUE(genesis.ok()) << genesis.status();
    EXPECT_TRUE(memory_.ApplyEntry(genesis->entry, genesis->recorded_time_us).ok());
    auto admin = state::testing::TestLog::RegisterPrincipal(
        state::testing::MakePrincipal(state::testing::kAdminId, v1::PRINCIPAL_KIND_ADMINISTRATOR,
                                      "341721", {v1::ROLE_ADMINISTRATOR}));
    EXPECT_TRUE(memory_.Submit(admin, "admin", admin_).ok());
    auto admin_key = state::testing::TestLog::RegisterKey(state::testing::kAdminId, 1);
    EXPECT_TRUE(memory_.Submit(admin_key, "admin", admin_).ok());
    auto fin = state::testing::TestLog::RegisterPrincipal(state::testing::MakePrincipal(
        "fin-341721", v1::PRINCIPAL_KIND_FINANCE_BUREAU, "341721", {v1::ROLE_FUND_MANAGER}));
    EXPECT_TRUE(memory_.Submit(fin, state::testing::kAdminId, state::testing::TestKey(1)).ok());
    auto fin_key = state::testing::TestLog::RegisterKey("fin-341721", 2);
    EXPECT_TRUE(memory_.Submit(fin_key, state::testing::kAdminId, state::testing::TestKey(1)).ok());
    state::testing::FundFixture(memory_);
    std::vector<std::string> out;
    for (const state::Entry& e : std::span(memory_.accepted()).subspan(1)) {
      absl::StatusOr<std::string> bytes = envelope::EncodeEnvelope(e.envelope);
      EXPECT_TRUE(bytes.ok()) << bytes.status();
      out.push_back(bytes.ok() ? *bytes : std::string());
    }
    return out;
  }

  void SubmitFixture() {
    for (const std::string& bytes : Fixture()) {
      const SubmitOutcome out = Submit({bytes})[0];
      ASSERT_EQ(out.kind, Kind::kCreated) << out.status;
    }
  }

  // Stamps `body` as the finance bureau's, applies it in memory and keeps its bytes.
  template <typename Body>
  Played Play(std::string name, Body body) {
    v1::EntryHeader header = state::testing::MakeHeader("fin-341721", next_id_++);
    header.set_corrects(body.header().corrects());
    *body.mutable_header() = header;
    const crypto::Ed25519PrivateKey& key = state::testing::TestKey(2);
    Played played{.name = std::move(name),
                  .bytes = state::testing::SignedBytes(body, key),
                  .decision = memory_.ApplyEntry(state::testing::MakeEntry(body, key),
                                                 state::testing::kNoonUs)};
    return played;
  }

  static v1::Disbursement Payment(std::string_view id, int64_t fen) {
    return state::testing::MakeDisbursement(id, "P1", "C1", v1::FUND_SOURCE_CENTRAL_LINKAGE,
                                            v1::DISBURSEMENT_STAGE_PROGRESS, fen);
  }
  v1::Reversal ReversalOf(std::string_view payment) {
    return state::testing::MakeReversal(memory_.state(), v1::REVERSED_ENTRY_KIND_DISBURSEMENT,
                                        payment);
  }

  // Submits `played` in one call and expects each outcome to be the in-memory decision.
  void ExpectSameDecisions(const std::vector<Played>& played) {
    std::vector<std::string> bytes;
    for (const Played& p : played) bytes.push_back(p.bytes);
    std::vector<SubmitOutcome> out = Submit(bytes);
    ASSERT_EQ(out.size(), played.size());
    for (size_t i = 0; i < played.size(); ++i) {
      SCOPED_TRACE(played[i].name);
      if (played[i].decision.ok()) {
        EXPECT_EQ(out[i].kind, Kind::kCreated) << out[i].status;
      } else {
        EXPECT_EQ(out[i].kind, Kind::kRejected);
        EXPECT_EQ(out[i].status.code(), played[i].decision.code()) << out[i].status;
        EXPECT_EQ(out[i].status.message(), played[i].decision.message());
        EXPECT_EQ(RuleOf(out[i].status), RuleOf(played[i].decision));
      }
    }
  }

  // The sequencer's fund state agrees with the in-memory one, and its payment reads with the
  // in-memory book.
  void ExpectSameFunds() {
    const state::FundState& expected = memory_.state().funds();
    Log().ReadState([&](const state::LedgerState& s) {
      EXPECT_EQ(s.size(), memory_.state().size());
      EXPECT_EQ(s.funds().balances(), expected.balances());
      EXPECT_EQ(s.funds().paid_by_month(), expected.paid_by_month());
      EXPECT_EQ(s.funds().roster_of_payment(), expected.roster_of_payment());
      EXPECT_EQ(s.funds().reversed_payments().size(), expected.reversed_payments().size());
      EXPECT_EQ(s.funds().payments().InMemory(), nullptr);  // nothing per payment in memory
    });
    absl::StatusOr<std::vector<state::PaymentRecord>> of_p1 = Log().PaymentsOfProject("P1");
    ASSERT_TRUE(of_p1.ok()) << of_p1.status();
    std::vector<std::string> want;
    for (const auto& [id, record] : expected.all_payments()) {
      if (record.body.project_id() != "P1") continue;
      want.push_back(absl::StrCat(id, "@", record.index));
      absl::StatusOr<std::optional<state::PaymentRecord>> found = Log().FindPayment(id);
      ASSERT_TRUE(found.ok()) << found.status();
      ASSERT_TRUE(found->has_value()) << id;
      EXPECT_EQ((*found)->index, record.index);
      EXPECT_EQ((*found)->body.SerializeAsString(), record.body.SerializeAsString());
    }
    std::vector<std::string> got;
    for (const state::PaymentRecord& r : *of_p1) {
      got.push_back(absl::StrCat(r.body.payment_id(), "@", r.index));
    }
    EXPECT_EQ(got, want);
    absl::StatusOr<std::optional<state::PaymentRecord>> none = Log().FindPayment("no-such");
    ASSERT_TRUE(none.ok()) << none.status();
    EXPECT_FALSE(none->has_value());
  }

  state::testing::TestLog memory_;
  uint64_t next_id_ = 1000;
};

TEST_F(PaymentIndexTest, StoredPaymentsDecideLikeTheInMemoryBookAcrossBatchesAndRestarts) {
  SubmitFixture();
  // One call is one batch: payments added in it are seen by the entries after them.
  std::vector<Played> first;
  first.push_back(Play("D1", Payment("D1", 1'000)));
  first.push_back(Play("D2", Payment("D2", 2'000)));
  first.push_back(Play("D1 again, in the same batch", Payment("D1", 5)));
  first.push_back(Play("D3", Payment("D3", 3'000)));
  first.push_back(Play("reverse D2 in its own batch", ReversalOf("D2")));
  first.push_back(Play("reverse an unknown payment", ReversalOf("D9")));
  first.push_back(
      Play("roster of D3",
           state::testing::MakeRoster("RS1", "D3", {state::testing::CashLine("hh-1", 3'000)})));
  first.push_back(
      Play("roster of reversed D2",
           state::testing::MakeRoster("RS2", "D2", {state::testing::CashLine("hh-1", 2'000)})));
  ASSERT_TRUE(first[0].decision.ok());
  ASSERT_FALSE(first[2].decision.ok());
  ASSERT_TRUE(first[4].decision.ok());
  ExpectSameDecisions(first);
  ExpectSameFunds();

  // A later batch looks them up in PostgreSQL (prefetched: the batch's lookups).
  std::vector<Played> second;
  second.push_back(Play("D1 again, later", Payment("D1", 7)));
  second.push_back(Play("D4", Payment("D4", 4'000)));
  second.push_back(Play("reverse D2 twice", ReversalOf("D2")));
  second.push_back(Play("reverse D1", ReversalOf("D1")));
  ExpectSameDecisions(second);
  ExpectSameFunds();

  // After a restart the state is replayed with the stored index.
  OpenRegistry();
  std::vector<Played> third;
  third.push_back(Play("D3 again, after a restart", Payment("D3", 9)));
  third.push_back(Play("reverse D4 after a restart", ReversalOf("D4")));
  third.push_back(
      Play("second roster of D3",
           state::testing::MakeRoster("RS3", "D3", {state::testing::CashLine("hh-2", 3'000)})));
  third.push_back(Play("D5", Payment("D5", 500)));
  ExpectSameDecisions(third);
  ExpectSameFunds();

  // Lookups that were not prefetched (one query each) answer the same: a small batch limit
  // splits the calls, and single-entry batches run with nothing cached.
  OpenRegistry({.batch_max_entries = 1, .batch_wait_us = 0});
  std::vector<Played> fourth;
  fourth.push_back(Play("D5 again", Payment("D5", 1)));
  fourth.push_back(Play("reverse D5", ReversalOf("D5")));
  fourth.push_back(Play("D6", Payment("D6", 600)));
  ExpectSameDecisions(fourth);
  ExpectSameFunds();
}

TEST_F(PaymentIndexTest, StartUpRebuildsAMissingIndexAndRefusesOneThatDisagreesWithTheLog) {
  SubmitFixture();
  std::vector<Played> payments;
  payments.push_back(Play("D1", Payment("D1", 1'000)));
  payments.push_back(Play("D2", Payment("D2", 2'000)));
  ExpectSameDecisions(payments);
  registry_.reset();

  // A log written before the index existed: its rows are rebuilt at start-up.
  ASSERT_TRUE(storage::pg::ExecuteSql(db_->conninfo(),
                                      "ALTER TABLE payments DISABLE TRIGGER USER;"
                                      "DELETE FROM payments;"
                                      "ALTER TABLE payments ENABLE TRIGGER USER;")
                  .ok());
  OpenRegistry();
  std::vector<Played> again;
  again.push_back(Play("D1 again", Payment("D1", 3)));
  again.push_back(Play("reverse D2", ReversalOf("D2")));
  ExpectSameDecisions(again);
  ExpectSameFunds();
  registry_.reset();

  // A row moved to another entry is a disagreement with the log: the log is not sequenced.
  ASSERT_TRUE(storage::pg::ExecuteSql(
                  db_->conninfo(),
                  "ALTER TABLE payments DISABLE TRIGGER USER;"
                  "UPDATE payments SET idx = (SELECT idx FROM payments WHERE payment_id = 'D1') "
                  "WHERE payment_id = 'D2';"
                  "ALTER TABLE payments ENABLE TRIGGER USER;")
                  .ok());
  auto registry = logs::LogRegistry::Open(*store_, pool_, clock_,
                                          {.key_dir = keys_.path() + "/keys", .sequencer = {}});
  ASSERT_FALSE(registry.ok());
  EXPECT_EQ(registry.status().code(), absl::StatusCode::kDataLoss) << registry.status();
  EXPECT_NE(registry.status().message().find("payment index"), std::string::npos)
      << registry.status();
}

}  // namespace
}  // namespace ledger::testing
