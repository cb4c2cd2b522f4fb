#include "clients/client/trusted_state.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/crypto/ed25519.h"
#include "ledger/crypto/sha256.h"
#include "ledger/merkle/hash.h"
#include "ledger/merkle/merkle_testing.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/keys.h"

namespace ledger::client {
namespace {

using merkle::Hash;
using ::testing::HasSubstr;

constexpr char kOrigin[] = "ledger.example.org/341721";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A log held in memory: real leaf hashes, roots and RFC 9162 proofs from the reference
// definitions, checkpoints signed with a real Ed25519 key. `fork_at` makes a log that agrees
// with the honest one on the first fork_at leaves and differs after them.
class TestLog {
 public:
  explicit TestLog(const note::NoteSigner& signer, uint64_t leaves = 64,
                   uint64_t fork_at = UINT64_MAX)
      : signer_(signer), leaves_(merkle::testonly::TestLeafHashes(leaves)) {
    for (uint64_t i = fork_at; i < leaves; ++i) leaves_[i] = merkle::LeafHash(absl::StrCat("f", i));
  }

  std::string Checkpoint(uint64_t size) const {
    return *note::SignCheckpoint(
        {.origin = kOrigin, .size = size, .root = Root(size), .extensions = {}}, signer_);
  }
  Hash Root(uint64_t size) const {
    return merkle::RootFromLeafHashes(std::span<const Hash>(leaves_).first(size));
  }
  // The fetcher AcceptCheckpoint calls; counts the calls.
  ConsistencyProofFetcher Fetcher() {
    return [this](uint64_t from, uint64_t to) -> absl::StatusOr<std::vector<Hash>> {
      ++fetches_;
      return merkle::testonly::ReferenceConsistencyProof(std::span<const Hash>(leaves_).first(to),
                                                         from);
    };
  }
  int fetches() const { return fetches_; }

 private:
  const note::NoteSigner& signer_;
  std::vector<Hash> leaves_;
  int fetches_ = 0;
};

class TrustedStateTest : public ::testing::Test {
 protected:
  TrustedStateTest()
      : signer_(*note::NoteSigner::Create(kOrigin, crypto::Ed25519PrivateKey::Generate())),
        log_(signer_) {
    char tmpl[] = "/tmp/trusted_state_test.XXXXXX";
    root_dir_ = ::mkdtemp(tmpl);
    dir_ = root_dir_ + "/state";  // created by the first Save
  }
  ~TrustedStateTest() override { std::filesystem::remove_all(root_dir_); }

  absl::StatusOr<AcceptResult> Accept(TrustedStateStore& store, std::string_view note,
                                      AcceptOptions options = {}) {
    return AcceptCheckpoint(store, signer_.Verifier(), note, log_.Fetcher(), options);
  }

  note::NoteSigner signer_;
  TestLog log_;
  std::string root_dir_;
  std::string dir_;
};

TEST_F(TrustedStateTest, FirstUsePinsTheKeyAndTheCheckpointInAPrivateFile) {
  TrustedStateStore store(dir_);
  EXPECT_EQ(*store.Load(kOrigin), std::nullopt);
  const std::string note = log_.Checkpoint(10);
  absl::StatusOr<AcceptResult> r = Accept(store, note);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->outcome, Outcome::kPinned);
  EXPECT_EQ(r->checkpoint.size, 10u);
  EXPECT_EQ(log_.fetches(), 0);

  const std::string path = store.PathFor(kOrigin);
  EXPECT_EQ(path, dir_ + "/ledger.example.org_341721.checkpoint");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(dir_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);

  absl::StatusOr<std::optional<TrustedCheckpoint>> loaded = store.Load(kOrigin);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ((*loaded)->verifier_key, signer_.VerifierKey());
  EXPECT_EQ((*loaded)->note, note);
  EXPECT_EQ((*loaded)->checkpoint.size, 10u);
  EXPECT_EQ((*loaded)->checkpoint.root, log_.Root(10));
}

TEST_F(TrustedStateTest, AConsistentLargerCheckpointIsAcceptedAndStored) {
  TrustedStateStore store(dir_);
  ASSERT_TRUE(Accept(store, log_.Checkpoint(10)).ok());
  const std::string newer = log_.Checkpoint(37);
  absl::StatusOr<AcceptResult> r = Accept(store, newer);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->outcome, Outcome::kAdvanced);
  EXPECT_EQ(r->trusted->size, 10u);
  EXPECT_EQ(log_.fetches(), 1);
  EXPECT_EQ((*store.Load(kOrigin))->note, newer);

  // The same checkpoint again: nothing to prove, nothing rewritten.
  absl::StatusOr<AcceptResult> again = Accept(store, newer);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->outcome, Outcome::kUnchanged);
  EXPECT_EQ(log_.fetches(), 1);
}

TEST_F(TrustedStateTest, TheSameSizeWithAnotherRootIsASecurityErrorWithBothCheckpoints) {
  TrustedStateStore store(dir_);
  const std::string trusted = log_.Checkpoint(20);
  ASSERT_TRUE(Accept(store, trusted).ok());
  TestLog forked(signer_, 64, /*fork_at=*/12);
  const std::string other = forked.Checkpoint(20);

  absl::StatusOr<AcceptResult> r = Accept(store, other);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->outcome, Outcome::kSecurityError);
  ASSERT_TRUE(r->evidence.has_value());
  EXPECT_EQ(r->evidence->kind, Misbehaviour::kFork);
  EXPECT_EQ(r->evidence->trusted_note, trusted);
  EXPECT_EQ(r->evidence->fresh_note, other);
  const std::string text = FormatSecurityError(*r->evidence);
  EXPECT_EQ(text.rfind("SECURITY ERROR\n", 0), 0u) << text;
  EXPECT_THAT(text, HasSubstr(trusted));
  EXPECT_THAT(text, HasSubstr(other));
  EXPECT_THAT(text, HasSubstr(crypto::ToHex(log_.Root(20))));
  EXPECT_THAT(text, HasSubstr(crypto::ToHex(forked.Root(20))));
  EXPECT_THAT(text, HasSubstr("two checkpoints of size 20 with different roots"));
  EXPECT_EQ((*store.Load(kOrigin))->note, trusted);
}

TEST_F(TrustedStateTest, ALargerCheckpointOfAForkedLogIsASecurityErrorWithTheProof) {
  TrustedStateStore store(dir_);
  const std::string trusted = log_.Checkpoint(20);
  ASSERT_TRUE(Accept(store, trusted).ok());
  TestLog forked(signer_, 64, /*fork_at=*/12);
  const std::string other = forked.Checkpoint(30);
  // The forked log serves its own (honestly computed) proof: it cannot lead to the trusted root.
  absl::StatusOr<AcceptResult> r =
      AcceptCheckpoint(store, signer_.Verifier(), other, forked.Fetcher());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->outcome, Outcome::kSecurityError);
  ASSERT_TRUE(r->evidence.has_value());
  EXPECT_EQ(r->evidence->kind, Misbehaviour::kInconsistent);
  EXPECT_EQ(r->evidence->proof_from, 20u);
  EXPECT_EQ(r->evidence->proof_to, 30u);
  const std::vector<Hash> proof = *forked.Fetcher()(20, 30);  // what the forked log served
  EXPECT_EQ(r->evidence->proof, proof);
  const std::string text = FormatSecurityError(*r->evidence);
  EXPECT_THAT(text, HasSubstr(trusted));
  EXPECT_THAT(text, HasSubstr(other));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("consistency proof from size 20 to size 30 (",
                                           proof.size(), " hashes)")));
  for (const Hash& h : proof) EXPECT_THAT(text, HasSubstr("  " + crypto::ToHex(h) + "\n"));
  EXPECT_EQ((*store.Load(kOrigin))->note, trusted);
}

TEST_F(TrustedStateTest, AWrongProofIsASecurityErrorAndTheStateStays) {
  TrustedStateStore store(dir_);
  const std::string trusted = log_.Checkpoint(21);
  ASSERT_TRUE(Accept(store, trusted).ok());
  ConsistencyProofFetcher tampered = [this](uint64_t from,
                                            uint64_t to) -> absl::StatusOr<std::vector<Hash>> {
    std::vector<Hash> proof = *log_.Fetcher()(from, to);
    proof[1][0] ^= 1;
    return proof;
  };
  const std::string newer = log_.Checkpoint(40);
  absl::StatusOr<AcceptResult> r = AcceptCheckpoint(store, signer_.Verifier(), newer, tampered);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->outcome, Outcome::kSecurityError);
  EXPECT_EQ(r->evidence->kind, Misbehaviour::kInconsistent);
  EXPECT_THAT(r->evidence->reason, HasSubstr("from size 21 to size 40 does not verify"));
  EXPECT_EQ((*store.Load(kOrigin))->note, trusted);

  // A proof of the wrong length, likewise.
  ConsistencyProofFetcher short_proof = [this](uint64_t from,
                                               uint64_t to) -> absl::StatusOr<std::vector<Hash>> {
    std::vector<Hash> proof = *log_.Fetcher()(from, to);
    proof.pop_back();
    return proof;
  };
  r = AcceptCheckpoint(store, signer_.Verifier(), newer, short_proof);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->outcome, Outcome::kSecurityError);
  EXPECT_EQ((*store.Load(kOrigin))->note, trusted);

  // The log's own proof is accepted.
  r = Accept(store, newer);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->outcome, Outcome::kAdvanced);
}

TEST_F(TrustedStateTest, ASmallerCheckpointIsARollbackUnlessAskedForExplicitly) {
  TrustedStateStore store(dir_);
  const std::string trusted = log_.Checkpoint(30);
  ASSERT_TRUE(Accept(store, trusted).ok());
  const std::string older = log_.Checkpoint(17);

  absl::StatusOr<AcceptResult> r = Accept(store, older);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->outcome, Outcome::kSecurityError);
  EXPECT_EQ(r->evidence->kind, Misbehaviour::kRollback);
  EXPECT_THAT(r->evidence->reason, HasSubstr("size 17, smaller than the size 30"));
  EXPECT_EQ((*store.Load(kOrigin))->note, trusted);

  // Asked for by size: the trusted tree must extend it; the state stays at 30.
  r = Accept(store, older, {.allow_older = true});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->outcome, Outcome::kOlderConsistent);
  EXPECT_EQ((*store.Load(kOrigin))->note, trusted);

  TestLog forked(signer_, 64, /*fork_at=*/5);
  r = AcceptCheckpoint(store, signer_.Verifier(), forked.Checkpoint(17), forked.Fetcher(),
                       {.allow_older = true});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->outcome, Outcome::kSecurityError);
  EXPECT_EQ(r->evidence->kind, Misbehaviour::kInconsistent);
}

TEST_F(TrustedStateTest, ADifferentVerifierKeyIsRefused) {
  TrustedStateStore store(dir_);
  ASSERT_TRUE(Accept(store, log_.Checkpoint(10)).ok());
  std::optional<TrustedCheckpoint> trusted = *store.Load(kOrigin);
  note::NoteSigner other =
      *note::NoteSigner::Create(kOrigin, crypto::Ed25519PrivateKey::Generate());
  auto no_server = []() -> absl::StatusOr<std::string> {
    return absl::InternalError("the server must not be asked");
  };

  // The pinned key wins; the same key given again is fine; another one is refused.
  absl::StatusOr<ChosenKey> key = ChooseVerifierKey(trusted, kOrigin, "", no_server);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->source, KeySource::kPinned);
  EXPECT_EQ(key->verifier.VerifierKey(), signer_.VerifierKey());
  EXPECT_TRUE(ChooseVerifierKey(trusted, kOrigin, signer_.VerifierKey(), no_server).ok());
  key = ChooseVerifierKey(trusted, kOrigin, other.VerifierKey(), no_server);
  EXPECT_EQ(key.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(key.status().message(), HasSubstr("is not the key pinned for"));

  // A checkpoint signed by another key of the same name, verified with that key, is refused and
  // changes nothing.
  TestLog other_log(other);
  absl::StatusOr<AcceptResult> r =
      AcceptCheckpoint(store, other.Verifier(), other_log.Checkpoint(12), other_log.Fetcher());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ((*store.Load(kOrigin))->checkpoint.size, 10u);
  // And verified with the pinned key, it does not verify.
  r = Accept(store, other_log.Checkpoint(12));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnauthenticated) << r.status();

  // Without state: the given key, else the server's (trust on first use); named as the origin.
  key = ChooseVerifierKey(std::nullopt, kOrigin, other.VerifierKey(), no_server);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->source, KeySource::kGiven);
  key = ChooseVerifierKey(std::nullopt, kOrigin, "", [this]() -> absl::StatusOr<std::string> {
    return signer_.VerifierKey();
  });
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->source, KeySource::kServerFirstUse);
  key = ChooseVerifierKey(std::nullopt, "ledger.example.org/341722", signer_.VerifierKey(),
                          no_server);
  EXPECT_EQ(key.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(TrustedStateTest, ReplacementIsAtomicAndLeavesNoTemporaryFile) {
  TrustedStateStore store(dir_);
  const std::string first = log_.Checkpoint(10);
  ASSERT_TRUE(Accept(store, first).ok());
  const std::string path = store.PathFor(kOrigin);
  // A hard link keeps the old file: a rename replaces the directory entry, while rewriting the
  // file in place would change what the link sees too.
  const std::string link = root_dir_ + "/old";
  ASSERT_EQ(::link(path.c_str(), link.c_str()), 0);
  ASSERT_TRUE(Accept(store, log_.Checkpoint(50)).ok());
  EXPECT_THAT(ReadFile(link), HasSubstr(first));
  EXPECT_THAT(ReadFile(path), HasSubstr(log_.Checkpoint(50)));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir_)) {
    names.push_back(e.path().filename().string());
  }
  EXPECT_THAT(names, ::testing::ElementsAre("ledger.example.org_341721.checkpoint"));
}

TEST_F(TrustedStateTest, ADamagedOrForeignStateFileIsNotTrusted) {
  TrustedStateStore store(dir_);
  ASSERT_TRUE(Accept(store, log_.Checkpoint(10)).ok());
  const std::string path = store.PathFor(kOrigin);
  std::string text = ReadFile(path);
  // Another root under the same signature.
  const std::string root_b64 = text.substr(text.find("\n10\n") + 4, 44);
  std::string damaged = text;
  damaged.replace(damaged.find(root_b64), 1, root_b64[0] == 'A' ? "B" : "A");
  std::ofstream(path, std::ios::binary | std::ios::trunc) << damaged;
  absl::StatusOr<std::optional<TrustedCheckpoint>> loaded = store.Load(kOrigin);
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kDataLoss) << loaded.status();
  // The damaged state is never silently replaced.
  EXPECT_EQ(Accept(store, log_.Checkpoint(12)).status().code(), absl::StatusCode::kDataLoss);

  // An origin whose file name collides ('/' and '_' both map to '_').
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  loaded = store.Load("ledger.example.org_341721");
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kFailedPrecondition) << loaded.status();
}

TEST(DefaultStateDirTest, FollowsXdgStateHomeThenHome) {
  const char* xdg = std::getenv("XDG_STATE_HOME");
  const char* home = std::getenv("HOME");
  const std::string saved_xdg = xdg ? xdg : "";
  const std::string saved_home = home ? home : "";
  ::setenv("XDG_STATE_HOME", "/x/state", 1);
  ::setenv("HOME", "/home/u", 1);
  EXPECT_EQ(*DefaultStateDir(), "/x/state/ledgerctl");
  ::unsetenv("XDG_STATE_HOME");
  EXPECT_EQ(*DefaultStateDir(), "/home/u/.local/state/ledgerctl");
  ::unsetenv("HOME");
  EXPECT_EQ(DefaultStateDir().status().code(), absl::StatusCode::kFailedPrecondition);
  if (xdg) ::setenv("XDG_STATE_HOME", saved_xdg.c_str(), 1);
  if (home) ::setenv("HOME", saved_home.c_str(), 1);
}

}  // namespace
}  // namespace ledger::client
