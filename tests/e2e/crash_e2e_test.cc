// Crash and restart tests with the real binaries (issue 10): ledgerd killed with SIGKILL, and its
// PostgreSQL stopped in immediate mode or killed, while 16 concurrent clients submit signed
// entries through gRPC. Every client records what it was told (entry id -> index and leaf hash)
// and every checkpoint it saw; after recovery the tests check, against the service and against
// the database itself:
//   - every acknowledged entry is stored at the index it was acknowledged with (same leaf hash);
//   - the log has no gap: the latest stored checkpoint's size is the number of stored entries,
//     it verifies with the log key and its root is the root of the stored leaves;
//   - every checkpoint any client saw verifies and is consistent with the new head (consistency
//     proof from the service, verified here with ledger/merkle/verify.h);
//   - resubmitting every envelope sent, acknowledged or not, with the same bytes answers
//     `exists` (same index) or `created`, exactly once: the tree grows by the created ones only.
//
// Why there is no "crash between commit and signature" window to inject a fault into: the
// sequencer (ledger/sequencer/sequencer.h, step 3 and 4) signs the checkpoint before the
// commit and PgLedgerStore::Append writes entries, Merkle nodes and that checkpoint in one
// transaction. A crash before the commit leaves the previous signed head and none of the batch;
// a crash after it leaves the batch with its signed head. So RepeatedKillsAtRandomMoments kills
// ledgerd at random moments under load, several times, and checks the invariant that must hold
// whatever the moment: the latest stored checkpoint verifies with the log key, covers exactly
// the stored entries, and ledgerd starts (its replay re-checks roots, sequencer/replay.h).

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/client/ledger_client.h"
#include "clients/entries/entry_builder.h"
#include "ledger/crypto/ed25519.h"
#include "ledger/crypto/key_file.h"
#include "ledger/merkle/frontier.h"
#include "ledger/merkle/hash.h"
#include "ledger/merkle/verify.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/keys.h"
#include "ledger/storage/pg/admin.h"
#include "ledger/storage/pg/embedded/embedded_postgres.h"
#include "ledger/v1/entry.pb.h"
#include "ledger/v1/ledger_service.grpc.pb.h"
#include "tests/support/ledgerd_process.h"
#include "tests/support/subprocess.h"

namespace ledger::testing {
namespace {

using namespace std::chrono_literals;

constexpr char kOrigin[] = "ledger.example.org/341721";
// Concurrent clients, each with its own channel and its own entry ids.
constexpr int kClients = 16;
// Envelopes per Submit call.
constexpr int kBatch = 4;
// Bounds every wait for something the load or a restart has to bring about.
constexpr auto kWaitMax = 180s;

std::optional<merkle::Hash> ToHash(const std::string& bytes) {
  absl::StatusOr<merkle::Hash> h = merkle::HashFromBytes(bytes);
  if (!h.ok()) return std::nullopt;
  return *h;
}

std::vector<merkle::Hash> ToHashes(const google::protobuf::RepeatedPtrField<std::string>& in) {
  std::vector<merkle::Hash> out;
  for (const std::string& h : in) out.push_back(ToHash(h).value_or(merkle::Hash{}));
  return out;
}

// An envelope as a client sent it: the exact bytes it will retry with.
struct Sent {
  std::string entry_id;
  std::string bytes;
};

struct Ack {
  uint64_t index = 0;
  merkle::Hash leaf_hash{};
};

// What the clients saw during a load. Thread-safe.
class Observed {
 public:
  void AddSent(const std::vector<Sent>& batch) {
    std::lock_guard lock(mu_);
    sent_.insert(sent_.end(), batch.begin(), batch.end());
  }

  void RecordSubmit(const std::vector<Sent>& batch, const grpc::Status& status,
                    const v1::SubmitResponse& response, const note::NoteVerifier& verifier) {
    std::lock_guard lock(mu_);
    if (!status.ok()) {
      ++rpc_errors_[status.error_code()];
      return;
    }
    if (response.results_size() != static_cast<int>(batch.size())) {
      unexpected_.push_back(
          absl::StrCat(response.results_size(), " results for ", batch.size(), " envelopes"));
      return;
    }
    std::optional<note::Checkpoint> cp;
    if (!response.checkpoint().empty()) {
      checkpoints_.push_back(response.checkpoint());
      absl::StatusOr<note::Checkpoint> opened =
          note::OpenCheckpoint(response.checkpoint(), verifier);
      if (opened.ok()) {
        cp = *opened;
      } else {
        unexpected_.push_back(
            absl::StrCat("a Submit checkpoint does not verify: ", opened.status().ToString()));
      }
    }
    for (int i = 0; i < response.results_size(); ++i) {
      const v1::SubmitResult& r = response.results(i);
      if (r.outcome() == v1::SubmitResult::OUTCOME_CREATED ||
          r.outcome() == v1::SubmitResult::OUTCOME_EXISTS) {
        std::optional<merkle::Hash> leaf_hash = ToHash(r.leaf_hash());
        if (!leaf_hash.has_value()) {
          unexpected_.push_back("an acknowledgement without a leaf hash");
          continue;
        }
        Ack ack{.index = r.index(), .leaf_hash = *leaf_hash};
        auto [it, inserted] = acked_.emplace(batch[i].entry_id, ack);
        if (!inserted && (it->second.index != ack.index || it->second.leaf_hash != ack.leaf_hash)) {
          unexpected_.push_back(absl::StrCat("entry acknowledged at ", it->second.index,
                                             " and again at ", ack.index));
        }
        if (cp.has_value() && r.inclusion_proof_size() > 0 &&
            !merkle::VerifyInclusion(r.index(), cp->size, *leaf_hash, ToHashes(r.inclusion_proof()),
                                     cp->root)
                 .ok()) {
          unexpected_.push_back(absl::StrCat("inclusion proof of ", r.index(), " fails"));
        }
      } else if (r.outcome() == v1::SubmitResult::OUTCOME_REJECTED) {
        ++entry_errors_[r.code()];
        // Only UNAVAILABLE ("not appended" or "perhaps appended": retry with the same bytes) may
        // come of a crash.
        if (r.code() != static_cast<int32_t>(grpc::StatusCode::UNAVAILABLE)) {
          unexpected_.push_back(
              absl::StrCat("rejected with code ", r.code(), ": ", r.rule(), " ", r.message()));
        }
      } else {
        unexpected_.push_back(absl::StrCat("outcome ", r.outcome(), ": ", r.message()));
      }
    }
  }

  void RecordCheckpoint(const std::string& note) {
    std::lock_guard lock(mu_);
    checkpoints_.push_back(note);
  }
  void RecordReadError(grpc::StatusCode code) {
    std::lock_guard lock(mu_);
    ++read_errors_[code];
  }

  size_t acked_count() const {
    std::lock_guard lock(mu_);
    return acked_.size();
  }
  // Submits answered UNAVAILABLE, as a whole or per entry.
  int unavailable_count() const {
    std::lock_guard lock(mu_);
    auto rpc = rpc_errors_.find(grpc::StatusCode::UNAVAILABLE);
    auto entry = entry_errors_.find(static_cast<int32_t>(grpc::StatusCode::UNAVAILABLE));
    return (rpc == rpc_errors_.end() ? 0 : rpc->second) +
           (entry == entry_errors_.end() ? 0 : entry->second);
  }

  // Copies, for checking once the load has stopped.
  std::map<std::string, Ack> acked() const {
    std::lock_guard lock(mu_);
    return acked_;
  }
  std::vector<Sent> sent() const {
    std::lock_guard lock(mu_);
    return sent_;
  }
  std::vector<std::string> checkpoints() const {
    std::lock_guard lock(mu_);
    return checkpoints_;
  }
  std::map<grpc::StatusCode, int> rpc_errors() const {
    std::lock_guard lock(mu_);
    return rpc_errors_;
  }
  std::map<grpc::StatusCode, int> read_errors() const {
    std::lock_guard lock(mu_);
    return read_errors_;
  }
  std::vector<std::string> unexpected() const {
    std::lock_guard lock(mu_);
    return unexpected_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<Sent> sent_;
  std::map<std::string, Ack> acked_;  // by entry id
  std::vector<std::string> checkpoints_;
  std::map<grpc::StatusCode, int> rpc_errors_;
  std::map<int32_t, int> entry_errors_;
  std::map<grpc::StatusCode, int> read_errors_;
  std::vector<std::string> unexpected_;
};

// kClients threads submitting fresh signed RegisterPrincipal entries in batches of kBatch (every
// third call asking for proofs, so that clients also see checkpoints), plus one thread reading the
// latest checkpoint, until Stop(). Each Submit is one attempt: what the server answered is what
// is recorded, and the retries come later (RetryAll).
class Load {
 public:
  Load(std::string server, const crypto::Ed25519PrivateKey& key, const note::NoteVerifier& verifier,
       std::string tag, Observed& observed)
      : server_(std::move(server)),
        key_(key),
        verifier_(verifier),
        tag_(std::move(tag)),
        observed_(observed) {
    for (int c = 0; c < kClients; ++c) threads_.emplace_back([this, c] { Client(c); });
    threads_.emplace_back([this] { Reader(); });
  }
  ~Load() { Stop(); }

  void Stop() {
    stop_ = true;
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
  }

 private:
  Sent MakeEnvelope(int client, int n) {
    v1::RegisterPrincipal body;
    *body.mutable_header() = entries::MakeHeader(kOrigin, "ops", entries::TodayInShanghai());
    v1::Principal* p = body.mutable_principal();
    p->set_principal_id(absl::StrCat(tag_, "-", client, "-", n));
    p->set_name(absl::StrCat("第", client, "-", n, "村村委会"));
    p->set_kind(v1::PRINCIPAL_KIND_VILLAGE_COMMITTEE);
    p->set_scope(absl::StrCat("341721", 100 + client, 200 + n % 100));
    p->add_roles(v1::ROLE_VILLAGE_ACCOUNTANT);
    absl::StatusOr<std::string> env = entries::SignEntry(body, key_);
    return Sent{.entry_id = body.header().entry_id(), .bytes = env.ok() ? *env : ""};
  }

  void Client(int c) {
    auto stub = v1::LedgerService::NewStub(
        grpc::CreateChannel(server_, grpc::InsecureChannelCredentials()));
    for (int call = 0; !stop_; ++call) {
      std::vector<Sent> batch;
      for (int k = 0; k < kBatch; ++k) batch.push_back(MakeEnvelope(c, call * kBatch + k));
      observed_.AddSent(batch);
      v1::SubmitRequest request;
      request.set_origin(kOrigin);
      request.set_return_proofs(call % 3 == 0);
      for (const Sent& s : batch) request.add_envelopes(s.bytes);
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + 60s);
      v1::SubmitResponse response;
      const grpc::Status status = stub->Submit(&context, request, &response);
      observed_.RecordSubmit(batch, status, response, verifier_);
      // While the server or its database is down, no hot loop (but no wait for readiness
      // either: a client that is told UNAVAILABLE is what we want to see).
      bool unavailable = !status.ok();
      for (const v1::SubmitResult& r : response.results()) {
        if (r.code() == static_cast<int32_t>(grpc::StatusCode::UNAVAILABLE)) unavailable = true;
      }
      if (unavailable) std::this_thread::sleep_for(50ms);
    }
  }

  void Reader() {
    auto stub = v1::LedgerService::NewStub(
        grpc::CreateChannel(server_, grpc::InsecureChannelCredentials()));
    while (!stop_) {
      v1::GetCheckpointRequest request;
      request.set_origin(kOrigin);
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + 60s);
      v1::GetCheckpointResponse response;
      const grpc::Status status = stub->GetCheckpoint(&context, request, &response);
      if (status.ok()) {
        observed_.RecordCheckpoint(response.checkpoint());
      } else {
        observed_.RecordReadError(status.error_code());
      }
      std::this_thread::sleep_for(20ms);
    }
  }

  const std::string server_;
  const crypto::Ed25519PrivateKey& key_;
  const note::NoteVerifier& verifier_;
  const std::string tag_;
  Observed& observed_;
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
};

// Waits up to kWaitMax for `done`, polling.
bool WaitFor(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + kWaitMax;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

std::unique_ptr<client::LedgerClient> NewClient(const std::string& server) {
  return std::make_unique<client::LedgerClient>(
      grpc::CreateChannel(server, grpc::InsecureChannelCredentials()),
      client::ClientOptions{
          .origin = kOrigin, .timeout_ms = 60000, .attempts_max = 10, .backoff_initial_ms = 100});
}

class CrashE2E : public ::testing::Test {
 protected:
  // Creates the log with ledgerctl (genesis, principal `ops`, its key) on `ledgerd`.
  void SetUpLog(LedgerdProcess& ledgerd) {
    const std::string admin_key = ledgerd.dir() + "/admin.key";
    const std::string ops_key = ledgerd.dir() + "/ops.key";
    RunResult init = ledgerd.Ctl({"--key", admin_key, "init", "--name", "东至县"});
    ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
    ASSERT_EQ(ledgerd.Ctl({"key", "gen", "--out", ops_key}).exit_code, 0);
    RunResult add = ledgerd.Ctl({"--key", admin_key, "--principal", "admin", "principal", "add",
                                 "--id", "ops", "--name", "东至县数据管理员", "--kind",
                                 "administrator", "--scope", "341721", "--role", "administrator"});
    ASSERT_EQ(add.exit_code, 0) << add.out << add.err;
    RunResult reg = ledgerd.Ctl({"--key", admin_key, "--principal", "admin", "key", "register",
                                 "--for", "ops", "--key-file", ops_key});
    ASSERT_EQ(reg.exit_code, 0) << reg.out << reg.err;
    absl::StatusOr<crypto::Ed25519PrivateKey> key = crypto::ReadPrivateKeyFile(ops_key);
    ASSERT_TRUE(key.ok()) << key.status();
    ops_key_ = *std::move(key);
    absl::StatusOr<v1::LogInfo> info = NewClient(ledgerd.server())->GetLogInfo();
    ASSERT_TRUE(info.ok()) << info.status();
    absl::StatusOr<note::NoteVerifier> verifier = note::NoteVerifier::Parse(info->verifier_key());
    ASSERT_TRUE(verifier.ok()) << verifier.status();
    verifier_ = *std::move(verifier);
  }

  // Runs kClients clients against `ledgerd` until `acked_min` entries have been acknowledged in
  // all (bounded), then calls `crash` while they are still submitting, and stops them.
  void LoadAndCrash(LedgerdProcess& ledgerd, const std::string& tag, size_t acked_min,
                    Observed& observed, const std::function<void()>& crash) {
    Load load(ledgerd.server(), *ops_key_, *verifier_, tag, observed);
    ASSERT_TRUE(WaitFor([&] { return observed.acked_count() >= acked_min; }))
        << "only " << observed.acked_count() << " acknowledged:\n"
        << ledgerd.Stderr();
    crash();
    load.Stop();
  }

  // The checks that must hold after any crash (see the top of the file); returns the tree size.
  uint64_t ExpectRecovered(LedgerdProcess& ledgerd, const Observed& observed) {
    EXPECT_TRUE(observed.unexpected().empty())
        << observed.unexpected().size()
        << " unexpected answers, the first: " << observed.unexpected().front();
    auto probe = NewClient(ledgerd.server());
    absl::StatusOr<v1::GetCheckpointResponse> latest = probe->GetCheckpoint(0, 0);
    EXPECT_TRUE(latest.ok()) << latest.status();
    if (!latest.ok()) return 0;
    absl::StatusOr<note::Checkpoint> head = note::OpenCheckpoint(latest->checkpoint(), *verifier_);
    EXPECT_TRUE(head.ok()) << head.status();
    if (!head.ok()) return 0;

    // The database itself: the latest stored checkpoint is the one served, it verifies with the
    // log key, and it covers exactly the stored entries (no gap, nothing beyond it).
    const std::string& db = ledgerd.db_conninfo();
    absl::StatusOr<std::string> stored_note =
        storage::pg::QueryText(db, "SELECT note FROM checkpoints ORDER BY tree_size DESC LIMIT 1");
    EXPECT_TRUE(stored_note.ok()) << stored_note.status();
    if (stored_note.ok()) {
      absl::StatusOr<note::Checkpoint> stored = note::OpenCheckpoint(*stored_note, *verifier_);
      EXPECT_TRUE(stored.ok()) << stored.status();
      if (stored.ok()) {
        EXPECT_EQ(stored->size, head->size);
        EXPECT_EQ(stored->root, head->root);
      }
    }
    EXPECT_EQ(storage::pg::QueryText(db, "SELECT count(*) FROM entries").value_or("?"),
              absl::StrCat(head->size));
    EXPECT_EQ(
        storage::pg::QueryText(db, "SELECT coalesce(max(idx) + 1, 0) FROM entries").value_or("?"),
        absl::StrCat(head->size));

    // The root of the stored leaves is the head's root.
    std::vector<std::string> leaves;
    absl::Status read = probe->GetLeaves(0, head->size, &leaves);
    EXPECT_TRUE(read.ok()) << read;
    EXPECT_EQ(leaves.size(), head->size);
    merkle::Frontier frontier;
    std::vector<merkle::Hash> leaf_hashes;
    for (const std::string& leaf : leaves) {
      leaf_hashes.push_back(merkle::LeafHash(leaf));
      frontier.Append(leaf_hashes.back());
    }
    EXPECT_EQ(frontier.Root(), head->root);

    // Every acknowledged entry where it was acknowledged.
    const std::map<std::string, Ack> acked = observed.acked();
    int misplaced = 0;
    for (const auto& [id, ack] : acked) {
      if (ack.index >= leaf_hashes.size() || leaf_hashes[ack.index] != ack.leaf_hash) {
        ++misplaced;
      }
    }
    EXPECT_EQ(misplaced, 0) << "of " << acked.size() << " acknowledged entries";

    // Every checkpoint seen is consistent with the head (and two of one size have one root).
    std::map<uint64_t, merkle::Hash> seen;
    for (const std::string& text : observed.checkpoints()) {
      absl::StatusOr<note::Checkpoint> cp = note::OpenCheckpoint(text, *verifier_);
      EXPECT_TRUE(cp.ok()) << cp.status();
      if (!cp.ok()) continue;
      auto [it, inserted] = seen.emplace(cp->size, cp->root);
      EXPECT_EQ(it->second, cp->root) << "two checkpoints of size " << cp->size;
    }
    EXPECT_FALSE(seen.empty());
    for (const auto& [size, root] : seen) {
      EXPECT_LE(size, head->size);
      if (size == 0 || size > head->size) continue;
      if (size == head->size) {
        EXPECT_EQ(root, head->root);
        continue;
      }
      absl::StatusOr<v1::GetCheckpointResponse> proof = probe->GetCheckpoint(head->size, size);
      EXPECT_TRUE(proof.ok()) << proof.status();
      if (!proof.ok()) continue;
      EXPECT_TRUE(merkle::VerifyConsistency(size, head->size, root, head->root,
                                            ToHashes(proof->consistency_proof()))
                      .ok())
          << size << " -> " << head->size;
    }
    return head->size;
  }

  // Resubmits every envelope sent, with the same bytes, in batches, twice: acknowledged ones
  // must be `exists` at their index; the others are `created` or `exists` (committed but not
  // acknowledged before the crash) the first time, `exists` at the same index the second. The
  // tree grows by the created ones exactly.
  void ExpectRetriesAppendOnce(LedgerdProcess& ledgerd, const Observed& observed,
                               uint64_t size_before, uint64_t* size_after = nullptr) {
    auto client = NewClient(ledgerd.server());
    const std::vector<Sent> sent = observed.sent();
    const std::map<std::string, Ack> acked = observed.acked();
    std::map<std::string, uint64_t> index_of;  // entry id -> index after the first retry
    std::set<uint64_t> indexes;
    uint64_t created = 0;
    uint64_t found_unacknowledged = 0;
    for (int pass = 0; pass < 2; ++pass) {
      for (size_t begin = 0; begin < sent.size(); begin += 100) {
        std::vector<std::string> envelopes;
        for (size_t i = begin; i < std::min(sent.size(), begin + 100); ++i) {
          envelopes.push_back(sent[i].bytes);
        }
        absl::StatusOr<v1::SubmitResponse> response = client->Submit(envelopes);
        ASSERT_TRUE(response.ok()) << response.status();
        ASSERT_EQ(response->results_size(), static_cast<int>(envelopes.size()));
        for (size_t k = 0; k < envelopes.size(); ++k) {
          const Sent& s = sent[begin + k];
          const v1::SubmitResult& r = response->results(static_cast<int>(k));
          auto ack = acked.find(s.entry_id);
          if (pass == 0 && ack == acked.end()) {
            ASSERT_TRUE(r.outcome() == v1::SubmitResult::OUTCOME_CREATED ||
                        r.outcome() == v1::SubmitResult::OUTCOME_EXISTS)
                << r.outcome() << " " << r.rule() << " " << r.message();
            if (r.outcome() == v1::SubmitResult::OUTCOME_CREATED) ++created;
            if (r.outcome() == v1::SubmitResult::OUTCOME_EXISTS) ++found_unacknowledged;
          } else {
            ASSERT_EQ(r.outcome(), v1::SubmitResult::OUTCOME_EXISTS)
                << r.rule() << " " << r.message();
          }
          if (ack != acked.end()) {
            EXPECT_EQ(r.index(), ack->second.index);
            EXPECT_EQ(ToHash(r.leaf_hash()), ack->second.leaf_hash);
          }
          if (pass == 0) {
            EXPECT_TRUE(indexes.insert(r.index()).second) << "index " << r.index() << " twice";
            index_of[s.entry_id] = r.index();
          } else {
            EXPECT_EQ(r.index(), index_of[s.entry_id]);
          }
        }
      }
    }
    absl::StatusOr<v1::LogInfo> info = client->GetLogInfo();
    ASSERT_TRUE(info.ok()) << info.status();
    EXPECT_EQ(info->tree_size(), size_before + created);
    if (size_after != nullptr) *size_after = info->tree_size();
    std::cerr << sent.size() << " envelopes sent, " << acked.size() << " acknowledged, "
              << found_unacknowledged << " stored but not acknowledged before the crash, "
              << created << " created by the retries\n";
  }

  std::optional<crypto::Ed25519PrivateKey> ops_key_;
  std::optional<note::NoteVerifier> verifier_;
};

TEST_F(CrashE2E, KillNineUnderLoadLosesNothingAcknowledged) {
  auto ledgerd = LedgerdProcess::Start(LEDGERD_PATH, LEDGERCTL_PATH, kOrigin);
  ASSERT_TRUE(ledgerd.ok()) << ledgerd.status();
  ASSERT_NO_FATAL_FAILURE(SetUpLog(**ledgerd));

  Observed observed;
  std::optional<int> killed;
  ASSERT_NO_FATAL_FAILURE(LoadAndCrash(**ledgerd, "k", 300, observed, [&] {
    killed = (*ledgerd)->Kill();
    // The clients go on against the dead server for a moment: they must be told UNAVAILABLE.
    const int before = observed.unavailable_count();
    EXPECT_TRUE(WaitFor([&] { return observed.unavailable_count() >= before + kClients; }));
  }));
  EXPECT_EQ(killed, std::optional<int>(128 + SIGKILL));
  for (const auto& [code, count] : observed.rpc_errors()) {
    EXPECT_EQ(code, grpc::StatusCode::UNAVAILABLE) << count << " Submit calls failed so";
  }

  ASSERT_TRUE((*ledgerd)->StartAgain().ok()) << (*ledgerd)->Stderr();
  const uint64_t size = ExpectRecovered(**ledgerd, observed);
  ASSERT_GT(size, 300u);
  ExpectRetriesAppendOnce(**ledgerd, observed, size);
  EXPECT_EQ((*ledgerd)->Stop(), std::optional<int>(0)) << (*ledgerd)->Stderr();
}

TEST_F(CrashE2E, RepeatedKillsAtRandomMomentsAlwaysLeaveAVerifiedHeadOverAllStoredEntries) {
  auto ledgerd = LedgerdProcess::Start(LEDGERD_PATH, LEDGERCTL_PATH, kOrigin);
  ASSERT_TRUE(ledgerd.ok()) << ledgerd.status();
  ASSERT_NO_FATAL_FAILURE(SetUpLog(**ledgerd));

  const unsigned seed = std::random_device{}();
  std::cerr << "seed " << seed << "\n";
  std::mt19937 random(seed);
  Observed observed;  // across all rounds: nothing acknowledged in any round may be lost
  constexpr int kRounds = 8;
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round, " of seed ", seed));
    // A random moment: after a random number of acknowledgements, then a random delay.
    const size_t acked_min = observed.acked_count() + 20 + random() % 200;
    const auto delay = std::chrono::microseconds(random() % 300000);
    ASSERT_NO_FATAL_FAILURE(
        LoadAndCrash(**ledgerd, absl::StrCat("r", round), acked_min, observed, [&] {
          std::this_thread::sleep_for(delay);
          EXPECT_EQ((*ledgerd)->Kill(), std::optional<int>(128 + SIGKILL));
        }));
    // ledgerd starts: its replay checks the head's signature and the roots of the stored
    // leaves and nodes (sequencer/replay.h), and refuses to serve otherwise.
    ASSERT_TRUE((*ledgerd)->StartAgain().ok()) << (*ledgerd)->Stderr();
    ExpectRecovered(**ledgerd, observed);
    if (HasFatalFailure()) return;
  }
  const uint64_t size = ExpectRecovered(**ledgerd, observed);
  ExpectRetriesAppendOnce(**ledgerd, observed, size);
  EXPECT_EQ((*ledgerd)->Stop(), std::optional<int>(0)) << (*ledgerd)->Stderr();
}

// ledgerd on a PostgreSQL cluster of this test's own (the shared cluster of the test run must
// keep running), stopped in immediate mode (SIGQUIT to the postmaster: what `pg_ctl stop -m
// immediate` sends) and, in a second outage, killed (SIGKILL), each time under load. ledgerd is
// not restarted: it must answer UNAVAILABLE during the outage and reconnect by itself.
TEST_F(CrashE2E, PostgresStoppedImmediatelyUnderLoadLedgerdAnswersUnavailableAndReconnects) {
  TempDir pg_dir;
  storage::pg::EmbeddedPostgresOptions pg_options;
  pg_options.dir = pg_dir.path() + "/pg";
  auto pg = storage::pg::EmbeddedPostgres::Start(pg_options);
  ASSERT_TRUE(pg.ok()) << pg.status();
  auto ledgerd = LedgerdProcess::StartOnDatabase(LEDGERD_PATH, LEDGERCTL_PATH, kOrigin,
                                                 (*pg)->ConnectionString("ledger"));
  ASSERT_TRUE(ledgerd.ok()) << ledgerd.status();
  ASSERT_NO_FATAL_FAILURE(SetUpLog(**ledgerd));
  const pid_t ledgerd_pid = (*ledgerd)->pid();

  Observed observed;
  for (int signal : {SIGQUIT, SIGKILL}) {
    SCOPED_TRACE(signal == SIGQUIT ? "immediate shutdown" : "postmaster killed");
    ASSERT_NO_FATAL_FAILURE(LoadAndCrash(
        **ledgerd, absl::StrCat("pg", signal), observed.acked_count() + 200, observed, [&] {
          ASSERT_EQ(::kill((*pg)->postmaster_pid(), signal), 0);
          ASSERT_TRUE(WaitFor([&] { return !(*pg)->IsRunning(); }));
          // Reaps the server and releases its directory (OK when it is already gone).
          ASSERT_TRUE((*pg)->Stop().ok());

          // During the outage the clients are told UNAVAILABLE (the Submit call, or each entry
          // of it: retry with the same bytes) and nothing else.
          const int before = observed.unavailable_count();
          ASSERT_TRUE(WaitFor([&] { return observed.unavailable_count() >= before + kClients; }));
          const size_t acked_during = observed.acked_count();
          std::this_thread::sleep_for(500ms);
          EXPECT_EQ(observed.acked_count(), acked_during) << "acknowledged without a database";
          // A read of the head needs the database too.
          absl::StatusOr<v1::GetCheckpointResponse> read =
              NewClient((*ledgerd)->server())->GetCheckpoint(0, 0);
          EXPECT_EQ(read.status().code(), absl::StatusCode::kUnavailable) << read.status();

          // PostgreSQL back (crash recovery from its WAL); ledgerd reconnects by itself while
          // the clients go on: new entries are acknowledged again.
          pg->reset();
          pg = storage::pg::EmbeddedPostgres::Start(pg_options);
          ASSERT_TRUE(pg.ok()) << pg.status();
          const size_t acked_after = observed.acked_count();
          ASSERT_TRUE(WaitFor([&] { return observed.acked_count() >= acked_after + 100; }))
              << (*ledgerd)->Stderr();
        }));
    EXPECT_EQ((*ledgerd)->pid(), ledgerd_pid);
    for (const auto& [code, count] : observed.rpc_errors()) {
      EXPECT_EQ(code, grpc::StatusCode::UNAVAILABLE) << count << " Submit calls failed so";
    }
    for (const auto& [code, count] : observed.read_errors()) {
      EXPECT_EQ(code, grpc::StatusCode::UNAVAILABLE) << count << " GetCheckpoint calls failed so";
    }
    ExpectRecovered(**ledgerd, observed);
    if (HasFatalFailure()) return;
  }
  uint64_t size = ExpectRecovered(**ledgerd, observed);
  ASSERT_NO_FATAL_FAILURE(ExpectRetriesAppendOnce(**ledgerd, observed, size, &size));
  // And a restarted ledgerd replays the log that went through both outages.
  ASSERT_TRUE((*ledgerd)->Restart().ok()) << (*ledgerd)->Stderr();
  EXPECT_EQ(ExpectRecovered(**ledgerd, observed), size);
  EXPECT_EQ((*ledgerd)->Stop(), std::optional<int>(0)) << (*ledgerd)->Stderr();
  ledgerd->reset();  // before its database goes
}

}  // namespace
}  // namespace ledger::testing
