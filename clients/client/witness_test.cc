#include "clients/client/witness.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/crypto/ed25519.h"
#include "ledger/merkle/hash.h"
#include "ledger/merkle/merkle_testing.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/note.h"

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

class WitnessTest : public ::testing::Test {
 protected:
  WitnessTest()
      : log_(note::NoteSigner::Create(kOrigin, crypto::Ed25519PrivateKey::Generate()).value()),
        leaves_(merkle::testonly::TestLeafHashes(32)),
        forked_(leaves_) {
    char tmpl[] = "/tmp/witness_test.XXXXXX";
    root_ = ::mkdtemp(tmpl);
    for (size_t i = 5; i < forked_.size(); ++i) forked_[i] = merkle::LeafHash(absl::StrCat("f", i));
  }
  ~WitnessTest() override { std::filesystem::remove_all(root_); }

  // The log's signed checkpoint of `size` over `leaves`.
  std::string Checkpoint(const std::vector<Hash>& leaves, uint64_t size) {
    const Hash root = merkle::RootFromLeafHashes(std::span<const Hash>(leaves).first(size));
    return note::SignCheckpoint({.origin = kOrigin, .size = size, .root = root, .extensions = {}},
                                log_)
        .value();
  }
  ConsistencyProofFetcher Fetch(const std::vector<Hash>& leaves) {
    return [&leaves](uint64_t from, uint64_t to) -> absl::StatusOr<std::vector<Hash>> {
      return merkle::testonly::ReferenceConsistencyProof(std::span<const Hash>(leaves).first(to),
                                                         from);
    };
  }
  RoundResult Round(WitnessDir& dir, const note::CosignatureSigner& me, const std::string& note,
                    const std::vector<Hash>& leaves, uint64_t now_s) {
    absl::StatusOr<RoundResult> r =
        CosignRound(dir.logs(), log_.Verifier(), me, note, Fetch(leaves), now_s);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *std::move(r) : RoundResult{};
  }

  note::NoteSigner log_;
  std::vector<Hash> leaves_, forked_;
  std::string root_;
};

TEST_F(WitnessTest, InitWritesAPrivateKeyFileOnceAndLoadKeyReadsIt) {
  WitnessDir dir(root_ + "/w");
  EXPECT_EQ(dir.LoadKey().status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(dir.LoadKey().status().message()), HasSubstr("witness init --name"));
  absl::StatusOr<note::CosignatureSigner> me = dir.Init("witness.example.org/w1");
  ASSERT_TRUE(me.ok()) << me.status();
  struct stat st {};
  ASSERT_EQ(::stat(dir.KeyPath().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(ReadFile(dir.KeyPath()), me->SignerKey() + "\n");
  EXPECT_EQ(dir.LoadKey().value().VerifierKey(), me->VerifierKey());
  EXPECT_EQ(dir.Init("witness.example.org/w2").status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(dir.LoadKey().value().VerifierKey(), me->VerifierKey()) << "never overwritten";
  EXPECT_EQ(WitnessDir(root_ + "/x").Init("bad name").status().code(),
            absl::StatusCode::kInvalidArgument);

  ASSERT_EQ(::chmod(dir.KeyPath().c_str(), 0644), 0);
  EXPECT_EQ(dir.LoadKey().status().code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(WitnessTest, CosignsConsistentCheckpointsAndRefusesForksAndRollbacks) {
  WitnessDir dir(root_ + "/w");
  const note::CosignatureSigner me = dir.Init("witness.example.org/w1").value();
  const std::string state_file = dir.logs().PathFor(kOrigin);

  // First sight: pinned and cosigned; the cosigned note verifies with both keys.
  const std::string cp5 = Checkpoint(leaves_, 5);
  RoundResult first = Round(dir, me, cp5, leaves_, 1000);
  ASSERT_EQ(first.outcome, RoundOutcome::kCosigned);
  EXPECT_EQ(first.accepted.outcome, Outcome::kPinned);
  EXPECT_EQ(first.timestamp_s, 1000u);
  ASSERT_TRUE(note::OpenCheckpoint(first.cosigned_note, log_.Verifier()).ok());
  note::Note parsed = note::ParseNote(first.cosigned_note).value();
  ASSERT_EQ(parsed.signatures.size(), 2u);
  EXPECT_EQ(me.Verifier().Verify(parsed.text, parsed.signatures[1]).value(), 1000u);
  ASSERT_TRUE(RecordCosigned(dir.logs(), log_.Verifier(), first.cosigned_note).ok());
  EXPECT_NE(ReadFile(state_file).find(first.cosigned_note), std::string::npos);

  // The same checkpoint again: nothing to do.
  EXPECT_EQ(Round(dir, me, cp5, leaves_, 2000).outcome, RoundOutcome::kAlreadyCosigned);

  // A larger consistent one: cosigned. Other witnesses' lines in the served note are left out.
  const note::CosignatureSigner other =
      note::CosignatureSigner::Create("other.example/w", crypto::Ed25519PrivateKey::Generate())
          .value();
  const std::string cp9 = Checkpoint(leaves_, 9);
  const std::vector<note::NoteSignature> other_line = {
      note::CosignCheckpoint(note::ParseNote(cp9).value().text, other, 5).value()};
  RoundResult second =
      Round(dir, me, note::AppendSignatures(cp9, other_line).value(), leaves_, 3000);
  ASSERT_EQ(second.outcome, RoundOutcome::kCosigned);
  EXPECT_EQ(second.accepted.outcome, Outcome::kAdvanced);
  EXPECT_EQ(note::ParseNote(second.cosigned_note).value().signatures.size(), 2u);
  ASSERT_TRUE(RecordCosigned(dir.logs(), log_.Verifier(), second.cosigned_note).ok());
  const std::string state = ReadFile(state_file);

  // Another checkpoint of size 9 (a split view): refused with both notes, state unchanged.
  RoundResult fork = Round(dir, me, Checkpoint(forked_, 9), forked_, 4000);
  EXPECT_EQ(fork.outcome, RoundOutcome::kSecurityError);
  ASSERT_TRUE(fork.accepted.evidence.has_value());
  EXPECT_EQ(fork.accepted.evidence->kind, Misbehaviour::kFork);
  EXPECT_EQ(fork.accepted.evidence->trusted_note, second.cosigned_note);
  EXPECT_TRUE(fork.cosigned_note.empty());
  // The fork grown: its consistency proof from 9 cannot verify.
  RoundResult grown = Round(dir, me, Checkpoint(forked_, 12), forked_, 4000);
  EXPECT_EQ(grown.outcome, RoundOutcome::kSecurityError);
  EXPECT_EQ(grown.accepted.evidence->kind, Misbehaviour::kInconsistent);
  // A smaller one: a rollback.
  RoundResult rollback = Round(dir, me, Checkpoint(leaves_, 7), leaves_, 4000);
  EXPECT_EQ(rollback.outcome, RoundOutcome::kSecurityError);
  EXPECT_EQ(rollback.accepted.evidence->kind, Misbehaviour::kRollback);
  EXPECT_EQ(ReadFile(state_file), state);

  // A cosigned note of another checkpoint is not recorded.
  EXPECT_EQ(RecordCosigned(dir.logs(), log_.Verifier(), first.cosigned_note).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReadFile(state_file), state);
}

TEST_F(WitnessTest, AServedNoteWithItsOwnCosignatureIsRecordedNotCosignedAgain) {
  WitnessDir dir(root_ + "/w");
  const note::CosignatureSigner me = dir.Init("witness.example.org/w1").value();
  const std::string cp5 = Checkpoint(leaves_, 5);
  const std::vector<note::NoteSignature> mine = {
      note::CosignCheckpoint(note::ParseNote(cp5).value().text, me, 77).value()};
  const std::string served = note::AppendSignatures(cp5, mine).value();
  RoundResult r = Round(dir, me, served, leaves_, 1000);
  EXPECT_EQ(r.outcome, RoundOutcome::kAlreadyCosigned);
  EXPECT_NE(ReadFile(dir.logs().PathFor(kOrigin)).find(served), std::string::npos);
}

TEST_F(WitnessTest, RoundsAreSerialized) {
  WitnessDir dir(root_ + "/w");
  absl::StatusOr<WitnessDir::Lock> lock = dir.LockRounds();
  ASSERT_TRUE(lock.ok()) << lock.status();
  // Another descriptor (as another process would have) cannot take it meanwhile.
  const std::string path = dir.dir() + "/witness.lock";
  int fd = ::open(path.c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  EXPECT_NE(::flock(fd, LOCK_EX | LOCK_NB), 0);
  { WitnessDir::Lock released = *std::move(lock); }
  EXPECT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  ::close(fd);
}

}  // namespace
}  // namespace ledger::client
