#include "clients/client/verified_submit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/crypto/ed25519.h"
#include "ledger/crypto/sha256.h"
#include "ledger/envelope/leaf.h"
#include "ledger/merkle/hash.h"
#include "ledger/merkle/merkle_testing.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/keys.h"

namespace ledger::client {
namespace {

using merkle::Hash;
using ::testing::HasSubstr;

constexpr char kOrigin[] = "ledger.example.org/341721";

// A log held in memory with real leaves (FORMATS §6: version, recorded time, envelope bytes),
// RFC 9162 hashes and proofs from the reference definitions, and checkpoints signed with a real
// Ed25519 key. A log made with another `tag` holds other envelopes (a fork of the first).
class TestLog {
 public:
  TestLog(const note::NoteSigner& signer, uint64_t size, const std::string& tag = "")
      : signer_(signer) {
    for (uint64_t i = 0; i < size; ++i) {
      envelopes_.push_back(absl::StrCat("envelope ", tag, i));
      leaves_.push_back(*envelope::EncodeLeaf(1'704'067'200'000'000 + i, envelopes_.back()));
      hashes_.push_back(merkle::LeafHash(leaves_.back()));
    }
  }

  const std::string& Envelope(uint64_t index) const { return envelopes_[index]; }
  std::string Checkpoint(uint64_t size) const {
    return *note::SignCheckpoint({.origin = kOrigin,
                                  .size = size,
                                  .root = merkle::RootFromLeafHashes(Hashes(size)),
                                  .extensions = {}},
                                 signer_);
  }

  // The answer of an honest log to the submit of the entries at `indices` (created), with
  // proofs in the checkpoint of `size`.
  v1::SubmitResponse Answer(const std::vector<uint64_t>& indices, uint64_t size) const {
    v1::SubmitResponse response;
    response.set_checkpoint(Checkpoint(size));
    response.set_checkpoint_size(size);
    for (uint64_t index : indices) {
      v1::SubmitResult* r = response.add_results();
      r->set_outcome(v1::SubmitResult::OUTCOME_CREATED);
      r->set_index(index);
      r->set_leaf_hash(std::string(crypto::AsStringView(hashes_[index])));
      for (const Hash& h : merkle::testonly::ReferenceInclusionProof(Hashes(size), index)) {
        r->add_inclusion_proof(std::string(crypto::AsStringView(h)));
      }
    }
    return response;
  }
  std::vector<std::string> Envelopes(const std::vector<uint64_t>& indices) const {
    std::vector<std::string> out;
    for (uint64_t i : indices) out.push_back(envelopes_[i]);
    return out;
  }

  LeafFetcher Leaves() {
    return [this](uint64_t start, uint64_t end) -> absl::StatusOr<std::vector<std::string>> {
      fetched_.emplace_back(start, end);
      return std::vector<std::string>(leaves_.begin() + start, leaves_.begin() + end);
    };
  }
  ConsistencyProofFetcher Proofs() {
    return [this](uint64_t from, uint64_t to) -> absl::StatusOr<std::vector<Hash>> {
      ++consistency_fetches_;
      return merkle::testonly::ReferenceConsistencyProof(Hashes(to), from);
    };
  }
  // Makes the leaf at `index` hold another envelope (a log that serves a leaf it did not prove).
  void ReplaceLeaf(uint64_t index, const std::string& envelope) {
    leaves_[index] = *envelope::EncodeLeaf(1, envelope);
  }

  const std::vector<std::pair<uint64_t, uint64_t>>& fetched() const { return fetched_; }
  int consistency_fetches() const { return consistency_fetches_; }

 private:
  std::span<const Hash> Hashes(uint64_t size) const {
    return std::span<const Hash>(hashes_).first(size);
  }

  const note::NoteSigner& signer_;
  std::vector<std::string> envelopes_;
  std::vector<std::string> leaves_;
  std::vector<Hash> hashes_;
  std::vector<std::pair<uint64_t, uint64_t>> fetched_;
  int consistency_fetches_ = 0;
};

class VerifiedSubmitTest : public ::testing::Test {
 protected:
  VerifiedSubmitTest()
      : signer_(*note::NoteSigner::Create(kOrigin, crypto::Ed25519PrivateKey::Generate())),
        log_(signer_, 20) {
    char tmpl[] = "/tmp/verified_submit_test.XXXXXX";
    dir_ = ::mkdtemp(tmpl);
  }
  ~VerifiedSubmitTest() override { std::filesystem::remove_all(dir_); }

  // The client trusts the log's checkpoint of `size` (a key pinned before).
  TrustedStateStore Trusting(const std::string& note) {
    TrustedStateStore store(dir_ + "/state");
    EXPECT_TRUE(store.Save(signer_.VerifierKey(), note).ok());
    return store;
  }
  uint64_t TrustedSize(const TrustedStateStore& store) {
    return (*store.Load(kOrigin))->checkpoint.size;
  }

  // Verifies `response` with leaves and proofs from `server` (the honest log unless given).
  absl::StatusOr<VerifiedSubmit> Verify(TrustedStateStore& store,
                                        const std::vector<std::string>& envelopes,
                                        v1::SubmitResponse response, TestLog* server = nullptr) {
    TestLog& from = server != nullptr ? *server : log_;
    return VerifySubmitResponse(store, signer_.Verifier(), envelopes, std::move(response),
                                from.Leaves(), from.Proofs());
  }

  note::NoteSigner signer_;
  TestLog log_;
  std::string dir_;
};

TEST_F(VerifiedSubmitTest, AGoodAnswerIsVerifiedAndAdvancesTheTrustedState) {
  TrustedStateStore store = Trusting(log_.Checkpoint(10));
  const std::vector<uint64_t> appended = {10, 11, 12};
  absl::StatusOr<VerifiedSubmit> r =
      Verify(store, log_.Envelopes(appended), log_.Answer(appended, 13));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->failure.has_value()) << FormatSubmitIntegrityFailure(*r->failure);
  EXPECT_EQ(r->trust_outcome, Outcome::kAdvanced);
  EXPECT_EQ(r->checkpoint.size, 13u);
  EXPECT_EQ(r->response.results_size(), 3);
  EXPECT_EQ(TrustedSize(store), 13u);
  // One call for the three consecutive leaves, one consistency proof from 10 to 13.
  EXPECT_EQ(log_.fetched(), (std::vector<std::pair<uint64_t, uint64_t>>{{10, 13}}));
  EXPECT_EQ(log_.consistency_fetches(), 1);
}

TEST_F(VerifiedSubmitTest, ExistingAndRejectedEntriesAndTheSameCheckpointAgain) {
  TrustedStateStore store = Trusting(log_.Checkpoint(13));
  v1::SubmitResponse answer = log_.Answer({3, 12}, 13);
  answer.mutable_results(0)->set_outcome(v1::SubmitResult::OUTCOME_EXISTS);
  v1::SubmitResult* rejected = answer.add_results();
  rejected->set_outcome(v1::SubmitResult::OUTCOME_REJECTED);
  rejected->set_rule("R3");
  std::vector<std::string> envelopes = log_.Envelopes({3, 12});
  envelopes.push_back("a rejected envelope");
  absl::StatusOr<VerifiedSubmit> r = Verify(store, envelopes, answer);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->failure.has_value()) << FormatSubmitIntegrityFailure(*r->failure);
  EXPECT_EQ(r->trust_outcome, Outcome::kUnchanged);
  EXPECT_EQ(log_.fetched(), (std::vector<std::pair<uint64_t, uint64_t>>{{3, 4}, {12, 13}}));
  EXPECT_EQ(log_.consistency_fetches(), 0);
}

TEST_F(VerifiedSubmitTest, AWrongLeafHashIsAnIntegrityFailureAndTheStateStays) {
  TrustedStateStore store = Trusting(log_.Checkpoint(10));
  v1::SubmitResponse answer = log_.Answer({10, 11}, 12);
  // The log claims the hash of another leaf (a valid hash with a valid proof: still refused,
  // because the client hashes the leaf that holds its envelope itself).
  answer.mutable_results(1)->set_leaf_hash(answer.results(0).leaf_hash());
  absl::StatusOr<VerifiedSubmit> r = Verify(store, log_.Envelopes({10, 11}), answer);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(r->failure.has_value());
  EXPECT_EQ(r->failure->kind, SubmitIntegrity::kWrongLeafHash);
  EXPECT_EQ(r->failure->entry, 1);
  EXPECT_THAT(r->failure->reason, HasSubstr("index 11"));
  EXPECT_THAT(FormatSubmitIntegrityFailure(*r->failure), HasSubstr("SECURITY ERROR"));
  EXPECT_EQ(TrustedSize(store), 10u);
}

TEST_F(VerifiedSubmitTest, ALeafThatDoesNotHoldTheEnvelopeIsAnIntegrityFailure) {
  TrustedStateStore store = Trusting(log_.Checkpoint(10));
  // The log proves its own leaf at index 10 but says our envelope is there.
  std::vector<std::string> envelopes = {"an envelope the log never appended"};
  absl::StatusOr<VerifiedSubmit> r = Verify(store, envelopes, log_.Answer({10}, 12));
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(r->failure.has_value());
  EXPECT_EQ(r->failure->kind, SubmitIntegrity::kWrongLeaf);

  // Or it serves a leaf with our envelope that is not the one in the tree.
  log_.ReplaceLeaf(10, log_.Envelope(10));
  r = Verify(store, log_.Envelopes({10}), log_.Answer({10}, 12));
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(r->failure.has_value());
  EXPECT_EQ(r->failure->kind, SubmitIntegrity::kWrongLeafHash);
  EXPECT_EQ(TrustedSize(store), 10u);
}

TEST_F(VerifiedSubmitTest, AWrongInclusionProofIsAnIntegrityFailure) {
  TrustedStateStore store = Trusting(log_.Checkpoint(10));
  v1::SubmitResponse answer = log_.Answer({10, 11}, 16);
  std::string* hash = answer.mutable_results(0)->mutable_inclusion_proof(1);
  (*hash)[0] = static_cast<char>((*hash)[0] ^ 1);
  absl::StatusOr<VerifiedSubmit> r = Verify(store, log_.Envelopes({10, 11}), answer);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(r->failure.has_value());
  EXPECT_EQ(r->failure->kind, SubmitIntegrity::kBadInclusionProof);
  EXPECT_EQ(r->failure->entry, 0);

  // A proof of the wrong length, and an index outside the checkpoint.
  answer = log_.Answer({10}, 16);
  answer.mutable_results(0)->mutable_inclusion_proof()->RemoveLast();
  r = Verify(store, log_.Envelopes({10}), answer);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->failure->kind, SubmitIntegrity::kBadInclusionProof);
  answer = log_.Answer({10}, 16);
  answer.mutable_results(0)->set_index(17);
  r = Verify(store, log_.Envelopes({10}), answer);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->failure->kind, SubmitIntegrity::kMissingProof);
  EXPECT_EQ(TrustedSize(store), 10u);
}

TEST_F(VerifiedSubmitTest, ACheckpointNotSignedByThePinnedKeyIsAnIntegrityFailure) {
  TrustedStateStore store = Trusting(log_.Checkpoint(10));
  note::NoteSigner impostor =
      *note::NoteSigner::Create(kOrigin, crypto::Ed25519PrivateKey::Generate());
  TestLog forged(impostor, 20);
  absl::StatusOr<VerifiedSubmit> r = Verify(store, log_.Envelopes({10}), forged.Answer({10}, 12));
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(r->failure.has_value());
  EXPECT_EQ(r->failure->kind, SubmitIntegrity::kBadCheckpoint);
  EXPECT_EQ(r->failure->entry, -1);
  EXPECT_THAT(FormatSubmitIntegrityFailure(*r->failure), HasSubstr(forged.Checkpoint(12)));

  // A checkpoint size that is not the signed one.
  v1::SubmitResponse answer = log_.Answer({10}, 12);
  answer.set_checkpoint_size(11);
  r = Verify(store, log_.Envelopes({10}), answer);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->failure->kind, SubmitIntegrity::kBadCheckpoint);
  EXPECT_EQ(TrustedSize(store), 10u);
}

TEST_F(VerifiedSubmitTest, ACheckpointInconsistentWithTheTrustedOneIsASecurityError) {
  // The client trusted a checkpoint of size 10 of another history (a fork shown to it before);
  // the honest log's proofs are all good, but its tree does not extend the trusted one.
  TestLog fork(signer_, 20, "fork ");
  TrustedStateStore store = Trusting(fork.Checkpoint(10));
  absl::StatusOr<VerifiedSubmit> r =
      Verify(store, log_.Envelopes({10, 11}), log_.Answer({10, 11}, 12));
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(r->failure.has_value());
  EXPECT_EQ(r->failure->kind, SubmitIntegrity::kUntrustedCheckpoint);
  ASSERT_TRUE(r->failure->evidence.has_value());
  EXPECT_EQ(r->failure->evidence->kind, Misbehaviour::kInconsistent);
  const std::string text = FormatSubmitIntegrityFailure(*r->failure);
  EXPECT_THAT(text, HasSubstr("SECURITY ERROR"));
  EXPECT_THAT(text, HasSubstr(fork.Checkpoint(10)));
  EXPECT_THAT(text, HasSubstr(log_.Checkpoint(12)));
  EXPECT_EQ((*store.Load(kOrigin))->note, fork.Checkpoint(10));

  // A smaller checkpoint of the fork, with its own good proofs, is not a prefix of the trusted
  // one.
  TrustedStateStore later = Trusting(log_.Checkpoint(16));
  r = Verify(later, fork.Envelopes({10}), fork.Answer({10}, 12), &fork);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(r->failure.has_value());
  EXPECT_EQ(r->failure->kind, SubmitIntegrity::kUntrustedCheckpoint);
  EXPECT_EQ(r->failure->evidence->kind, Misbehaviour::kInconsistent);
  EXPECT_EQ(TrustedSize(later), 16u);
}

TEST_F(VerifiedSubmitTest, ACheckpointOlderThanTheTrustedOneVerifiesWhenTheTrustedOneExtendsIt) {
  // Another ledgerctl sharing the state directory trusted the checkpoint of size 16 while this
  // submit was answered in the one of size 12.
  TrustedStateStore store = Trusting(log_.Checkpoint(16));
  absl::StatusOr<VerifiedSubmit> r = Verify(store, log_.Envelopes({10}), log_.Answer({10}, 12));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->failure.has_value()) << FormatSubmitIntegrityFailure(*r->failure);
  EXPECT_EQ(r->trust_outcome, Outcome::kOlderConsistent);
  EXPECT_EQ(r->checkpoint.size, 12u);
  EXPECT_EQ(TrustedSize(store), 16u);
}

TEST_F(VerifiedSubmitTest, AnAnswerWithTheWrongNumberOfResultsIsNotVerified) {
  TrustedStateStore store = Trusting(log_.Checkpoint(10));
  absl::StatusOr<VerifiedSubmit> r = Verify(store, log_.Envelopes({10}), log_.Answer({10, 11}, 12));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace ledger::client
