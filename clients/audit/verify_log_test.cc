#include "clients/audit/verify_log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/audit/bundle.h"
#include "ledger/envelope/leaf.h"
#include "ledger/merkle/hash.h"
#include "ledger/merkle/merkle_testing.h"
#include "ledger/note/checkpoint.h"
#include "ledger/state/canonical_payload.h"
#include "ledger/state/state_testing.h"
#include "ledger/views/projections.h"

namespace ledger::audit {
namespace {

using state::testing::kAdminId;
using state::testing::kFinanceId;
using state::testing::kNoonUs;
using state::testing::kOrigin;
using state::testing::TestKey;
using state::testing::TestKeyId;
using state::testing::TestLog;
using ::testing::HasSubstr;

constexpr uint8_t kLogKey = 100;

note::NoteSigner Signer(uint8_t key) {
  return *note::NoteSigner::Create(std::string(kOrigin), TestKey(key));
}

// A log held in memory: real signed entries (each checked by the state machine when built,
// unless appended raw), checkpoints signed with a test key, proofs from the reference PATH.
class MemoryLog : public LogSource {
 public:
  // Appends `body` stamped with a fresh header by `principal`, signed with TestKey(key); the
  // entry must be accepted by the builder's own state.
  void Add(google::protobuf::Message& body, std::string_view principal, uint8_t key) {
    v1::EntryHeader header = state::testing::MakeHeader(principal, next_id_++);
    state::testing::SetHeader(body, header);
    const std::string bytes = state::testing::SignedBytes(body, TestKey(key));
    ASSERT_TRUE(state::Apply(state_, state::testing::MakeEntry(body, TestKey(key)),
                             {.recorded_time_us = kNoonUs})
                    .ok());
    AddRaw(bytes);
  }
  // Appends envelope bytes as they are, without asking the state machine.
  void AddRaw(const std::string& envelope_bytes) {
    leaves_.push_back(*envelope::EncodeLeaf(kNoonUs, envelope_bytes));
  }
  std::string AddStamped(google::protobuf::Message& body, std::string_view principal, uint8_t key) {
    state::testing::SetHeader(body, state::testing::MakeHeader(principal, next_id_++));
    return state::testing::SignedBytes(body, TestKey(key));
  }

  // Signs the checkpoint of the current leaves (or of `root`) with TestKey(key).
  void Sign(uint8_t key = kLogKey, std::optional<merkle::Hash> root = std::nullopt) {
    signed_hashes_ = Hashes();
    checkpoint_ =
        *note::SignCheckpoint({.origin = std::string(kOrigin),
                               .size = leaves_.size(),
                               .root = root.value_or(merkle::RootFromLeafHashes(signed_hashes_)),
                               .extensions = {}},
                              Signer(key));
  }

  std::vector<merkle::Hash> Hashes() const {
    std::vector<merkle::Hash> out;
    for (const std::string& leaf : leaves_) out.push_back(merkle::LeafHash(leaf));
    return out;
  }

  absl::StatusOr<std::string> LatestCheckpoint() override { return checkpoint_; }
  absl::StatusOr<std::vector<std::string>> Entries(uint64_t begin, uint64_t end) override {
    std::vector<std::string> out;
    for (uint64_t i = begin; i < end && i < leaves_.size() && i < served_max_; ++i) {
      out.push_back(leaves_[i]);
    }
    return out;
  }
  // Proofs as the server computes them: from the tree it signed.
  absl::StatusOr<std::vector<merkle::Hash>> InclusionProof(uint64_t index,
                                                           uint64_t tree_size) override {
    if (!serve_proofs_) return LogSource::InclusionProof(index, tree_size);
    EXPECT_EQ(tree_size, signed_hashes_.size());
    return merkle::testonly::ReferenceInclusionProof(signed_hashes_, index);
  }

  std::vector<std::string>& leaves() { return leaves_; }
  state::LedgerState& state() { return state_; }
  bool serve_proofs_ = true;
  uint64_t served_max_ = UINT64_MAX;

 private:
  state::LedgerState state_{std::string(kOrigin)};
  std::vector<std::string> leaves_;
  std::vector<merkle::Hash> signed_hashes_;
  std::string checkpoint_;
  uint64_t next_id_ = 1000;
};

// A server's projections computed from a state of its own (the honest server), which a test may
// then falsify.
class FakeProjections : public ProjectionSource {
 public:
  explicit FakeProjections(const state::LedgerState& state) : state_(state) {}
  absl::StatusOr<uint64_t> TreeSize() override { return state_.size() + grown_by_; }
  absl::StatusOr<v1::FundSummary> FundSummary() override { return views::FundSummary(state_); }
  absl::StatusOr<std::vector<v1::AccountBalance>> Balances() override {
    std::vector<v1::AccountBalance> out = views::Balances(state_);
    for (v1::AccountBalance& b : out) {
      if (b.account() == falsified_account_) b.set_balance_fen(b.balance_fen() + 100);
    }
    return out;
  }
  absl::StatusOr<v1::AssetTotals> AssetTotals() override { return views::AssetTotals(state_, ""); }
  absl::StatusOr<v1::OwnerBalance> OwnerBalance(const v1::Party& owner) override {
    return views::OwnerBalance(state_, owner);
  }
  std::string falsified_account_;
  uint64_t grown_by_ = 0;

 private:
  const state::LedgerState& state_;
};

class VerifyLogTest : public ::testing::Test {
 protected:
  // Genesis, the fund manager with key 2, two fund receipts: indexes 0..4.
  void SetUp() override {
    v1::Genesis genesis = state::testing::MakeGenesis();
    log_.AddRaw(state::testing::SignedBytes(genesis, TestKey(1)));
    ASSERT_TRUE(state::Apply(log_.state(), state::testing::MakeEntry(genesis, TestKey(1)),
                             {.recorded_time_us = kNoonUs})
                    .ok());
    auto fin = TestLog::RegisterPrincipal(state::testing::MakePrincipal(
        kFinanceId, v1::PRINCIPAL_KIND_FINANCE_BUREAU, "341721", {v1::ROLE_FUND_MANAGER}));
    log_.Add(fin, kAdminId, 1);
    auto fin_key = TestLog::RegisterKey(kFinanceId, 2);
    log_.Add(fin_key, kAdminId, 1);
    auto r0 = state::testing::MakeReceipt("R0", v1::FUND_SOURCE_CENTRAL_LINKAGE, 100000);
    log_.Add(r0, kFinanceId, 2);
    auto r1 = state::testing::MakeReceipt("R1", v1::FUND_SOURCE_PROVINCIAL_LINKAGE, 50000);
    log_.Add(r1, kFinanceId, 2);
  }

  AuditReport Verify(uint8_t pinned = kLogKey, size_t page_size = 2) {
    FakeProjections projections(log_.state());
    projections.falsified_account_ = falsified_account_;
    absl::StatusOr<AuditReport> report = VerifyLog(log_, &projections, Signer(pinned).Verifier(),
                                                   {.page_size = page_size,
                                                    .threads = 2,
                                                    .findings_date = "2026-11-22",
                                                    .progress = {},
                                                    .on_entry = {}});
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : AuditReport{};
  }

  static void ExpectFailure(const AuditReport& report, FailureKind kind,
                            std::optional<uint64_t> index, std::string_view message) {
    ASSERT_TRUE(report.failure.has_value()) << "expected a " << FailureKindName(kind) << " failure";
    EXPECT_EQ(FailureKindName(report.failure->kind), FailureKindName(kind))
        << report.failure->message;
    EXPECT_EQ(report.failure->index, index) << report.failure->message;
    EXPECT_THAT(report.failure->message, HasSubstr(message));
    EXPECT_EQ(ExitStatus(report), kAuditIntegrityFailure);
  }

  MemoryLog log_;
  std::string falsified_account_;
};

TEST_F(VerifyLogTest, CleanLogPasses) {
  log_.Sign();
  const AuditReport report = Verify();
  EXPECT_FALSE(report.failure.has_value()) << report.failure->message;
  EXPECT_EQ(report.origin, kOrigin);
  EXPECT_EQ(report.tree_size, 5u);
  EXPECT_EQ(report.entries_checked, 5u);
  EXPECT_EQ(report.signatures_verified, 5u);
  EXPECT_TRUE(report.projections_compared);
  EXPECT_TRUE(report.projection_mismatches.empty());
  EXPECT_EQ(report.findings, 0u);
  EXPECT_EQ(ExitStatus(report), kAuditClean);
}

TEST_F(VerifyLogTest, EmptyPagesAndOnePageGiveTheSameResult) {
  log_.Sign();
  EXPECT_FALSE(Verify(kLogKey, 1).failure.has_value());
  EXPECT_FALSE(Verify(kLogKey, 1000).failure.has_value());
}

TEST_F(VerifyLogTest, CheckpointSignedByAnotherKeyFails) {
  log_.Sign(/*key=*/101);
  const AuditReport report = Verify();
  ExpectFailure(report, FailureKind::kCheckpoint, std::nullopt,
                "does not verify with the pinned key");
  EXPECT_EQ(report.entries_checked, 0u);
}

TEST_F(VerifyLogTest, ChangedLeafByteIsNamed) {
  log_.Sign();
  log_.leaves()[3][20] ^= 0x01;  // inside the envelope of the receipt R0
  ExpectFailure(Verify(), FailureKind::kLeaf, 3,
                "log entry 3 is not the leaf the checkpoint signed");
}

TEST_F(VerifyLogTest, ChangedFirstLeafIsNamedNotTheRoot) {
  log_.Sign();
  log_.leaves()[0][12] ^= 0x01;
  ExpectFailure(Verify(), FailureKind::kLeaf, 0, "log entry 0 is not the leaf");
}

TEST_F(VerifyLogTest, WrongRootFails) {
  merkle::Hash wrong = merkle::LeafHash("not the root");
  log_.Sign(kLogKey, wrong);
  ExpectFailure(Verify(), FailureKind::kRoot, std::nullopt, "the checkpoint signed");
}

TEST_F(VerifyLogTest, WrongRootWithoutProofsFailsAsRoot) {
  log_.Sign();
  log_.leaves()[2][15] ^= 0x01;
  log_.serve_proofs_ = false;
  ExpectFailure(Verify(), FailureKind::kRoot, std::nullopt, "the root of the 5 leaves is");
}

TEST_F(VerifyLogTest, MissingEntriesAreNamed) {
  log_.Sign();
  log_.served_max_ = 3;
  ExpectFailure(Verify(), FailureKind::kLeaf, 3, "log entry 3 is missing");
}

TEST_F(VerifyLogTest, EntrySignedByRevokedKeyFails) {
  auto revoke = TestLog::RevokeKey(TestKeyId(2));
  log_.Add(revoke, kAdminId, 1);  // index 5
  auto late = state::testing::MakeReceipt("R2", v1::FUND_SOURCE_CENTRAL_LINKAGE, 1000);
  log_.AddRaw(log_.AddStamped(late, kFinanceId, 2));  // index 6, by the revoked key
  log_.Sign();
  ExpectFailure(Verify(), FailureKind::kSignature, 6, "log entry 6");
}

TEST_F(VerifyLogTest, SignatureThatDoesNotVerifyFails) {
  auto r2 = state::testing::MakeReceipt("R2", v1::FUND_SOURCE_CENTRAL_LINKAGE, 1000);
  state::testing::SetHeader(r2, state::testing::MakeHeader(kFinanceId, 5000));
  // Key 3's signature under key 2's key id.
  log_.AddRaw(state::testing::SignedBytes(absl::StrCat("ledger.v1.", r2.GetDescriptor()->name()),
                                          state::SerializeCanonical(r2), {&TestKey(3)},
                                          {TestKeyId(2)}));
  log_.Sign();
  ExpectFailure(Verify(), FailureKind::kSignature, 5, "log entry 5");
}

TEST_F(VerifyLogTest, EntryTheStateMachineRejectsFails) {
  // A second receipt R0: a duplicate id the server would never have appended.
  auto again = state::testing::MakeReceipt("R0", v1::FUND_SOURCE_CENTRAL_LINKAGE, 100000);
  log_.AddRaw(log_.AddStamped(again, kFinanceId, 2));
  auto after = state::testing::MakeReceipt("R3", v1::FUND_SOURCE_CENTRAL_LINKAGE, 100);
  log_.AddRaw(log_.AddStamped(after, kFinanceId, 2));
  log_.Sign();
  const AuditReport report = Verify();
  ExpectFailure(report, FailureKind::kReplay, 5, "log entry 5 is rejected on replay");
  EXPECT_EQ(report.entries_checked, 5u);
}

TEST_F(VerifyLogTest, ProjectionMismatchIsListed) {
  log_.Sign();
  falsified_account_ = "received/FUND_SOURCE_PROVINCIAL_LINKAGE";
  const AuditReport report = Verify();
  ExpectFailure(report, FailureKind::kProjection, std::nullopt, "differ from the replay");
  ASSERT_EQ(report.projection_mismatches.size(), 1u);
  EXPECT_EQ(
      report.projection_mismatches[0],
      "fund balance received/FUND_SOURCE_PROVINCIAL_LINKAGE: server 50100 fen, replay 50000 fen");
}

TEST_F(VerifyLogTest, ProjectionsOfAGrownLogAreNotCompared) {
  log_.Sign();
  FakeProjections projections(log_.state());
  projections.grown_by_ = 1;
  absl::StatusOr<AuditReport> report = VerifyLog(log_, &projections, Signer(kLogKey).Verifier(),
                                                 {.page_size = 1000,
                                                  .threads = 0,
                                                  .findings_date = "2026-11-22",
                                                  .progress = {},
                                                  .on_entry = {}});
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->failure.has_value());
  EXPECT_FALSE(report->projections_compared);
  EXPECT_THAT(report->projections_note, HasSubstr("the log grew"));
}

TEST_F(VerifyLogTest, VerifiedLogHandsBackItsReplay) {
  log_.Sign();
  FakeProjections projections(log_.state());
  std::unique_ptr<Replay> replay;
  absl::StatusOr<AuditReport> report = VerifyLog(
      log_, &projections, Signer(kLogKey).Verifier(),
      {.page_size = 2, .threads = 2, .findings_date = "2026-11-22", .progress = {}, .on_entry = {}},
      &replay);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_FALSE(report->failure.has_value()) << report->failure->message;
  ASSERT_NE(replay, nullptr);
  EXPECT_EQ(replay->state.size(), 5u);
  ASSERT_EQ(replay->entries.size(), 5u);
  EXPECT_EQ(replay->entries[0].payload_type, "ledger.v1.Genesis");
  EXPECT_EQ(replay->entries[3].payload_type, "ledger.v1.FundReceipt");
  EXPECT_EQ(replay->entries[3].business_date, "2026-11-22");
  EXPECT_EQ(replay->entries[3].entry_id, state::testing::EntryId(1002));
  // The journal was kept: the two receipts, external -> received.
  ASSERT_EQ(replay->state.funds().journal().size(), 2u);
  EXPECT_EQ(replay->state.funds().journal()[0].index, 3u);
  EXPECT_EQ(replay->state.funds().journal()[1].amount_fen, 50000);
}

TEST_F(VerifyLogTest, FailedLogHandsBackNoReplay) {
  log_.Sign();
  falsified_account_ = "received/FUND_SOURCE_CENTRAL_LINKAGE";
  FakeProjections projections(log_.state());
  projections.falsified_account_ = falsified_account_;
  std::unique_ptr<Replay> replay = std::make_unique<Replay>(state::LedgerState("stale"));
  absl::StatusOr<AuditReport> report = VerifyLog(
      log_, &projections, Signer(kLogKey).Verifier(),
      {.page_size = 2, .threads = 0, .findings_date = "2026-11-22", .progress = {}, .on_entry = {}},
      &replay);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_TRUE(report->failure.has_value());
  EXPECT_EQ(replay, nullptr);
}

// The same log through an export bundle: verifies offline; a leaf changed inside the bundle is
// a root failure (a bundle has no independent node hashes to locate it); a bundle cut short
// names the first missing index; a bundle whose checkpoint another key signed fails there.
TEST_F(VerifyLogTest, ExportBundleVerifiesOfflineAndItsTamperingIsFound) {
  log_.Sign();
  const std::string path =
      absl::StrCat(::testing::TempDir(), "/verify_log_test.", ::getpid(), ".bundle");
  ASSERT_TRUE(WriteBundle(log_, "informative", path, 2).ok());
  auto verify_bundle = [&](uint8_t pinned = kLogKey) {
    absl::StatusOr<std::unique_ptr<BundleSource>> bundle = BundleSource::Open(path);
    EXPECT_TRUE(bundle.ok()) << bundle.status();
    absl::StatusOr<AuditReport> report = VerifyLog(**bundle, nullptr, Signer(pinned).Verifier(),
                                                   {.page_size = 2,
                                                    .threads = 2,
                                                    .findings_date = "2026-11-22",
                                                    .progress = {},
                                                    .on_entry = {}});
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : AuditReport{};
  };
  const AuditReport clean = verify_bundle();
  EXPECT_FALSE(clean.failure.has_value()) << clean.failure->message;
  EXPECT_EQ(clean.entries_checked, 5u);
  EXPECT_EQ(clean.signatures_verified, 5u);
  EXPECT_FALSE(clean.projections_compared);

  ExpectFailure(verify_bundle(/*pinned=*/101), FailureKind::kCheckpoint, std::nullopt,
                "does not verify with the pinned key");

  log_.leaves()[3][20] ^= 0x01;
  ASSERT_TRUE(WriteBundle(log_, "informative", path, 2).ok());
  ExpectFailure(verify_bundle(), FailureKind::kRoot, std::nullopt, "the checkpoint signed");
  log_.leaves()[3][20] ^= 0x01;

  log_.served_max_ = 3;
  ASSERT_TRUE(WriteBundle(log_, "informative", path, 2).ok());
  ExpectFailure(verify_bundle(), FailureKind::kLeaf, 3,
                "log entry 3 is missing: the checkpoint has 5 entries, the source served 3");
  std::remove(path.c_str());
}

}  // namespace
}  // namespace ledger::audit
