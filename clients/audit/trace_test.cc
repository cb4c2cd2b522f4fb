#include "clients/audit/trace.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "ledger/state/state_testing.h"
#include "ledger/v1/assets.pb.h"
#include "ledger/v1/income.pb.h"

namespace ledger::audit {
namespace {

using state::testing::TestKey;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

// The index is fed decoded entries; whether the state machine would accept them is not its
// business (VerifyLog has replayed them), so bodies are added as they are, one index each.
class TraceTest : public ::testing::Test {
 protected:
  template <typename Body>
  uint64_t Add(Body body) {
    state::testing::SetHeader(body, state::testing::MakeHeader("fin-341721", next_));
    index_.Add(next_, state::testing::MakeEntry(body, TestKey(2)));
    return next_++;
  }

  static std::vector<uint64_t> Indexes(const std::vector<TraceStep>& steps) {
    std::vector<uint64_t> out;
    for (const TraceStep& s : steps) out.push_back(s.index);
    return out;
  }

  // A county year with two chains that share nothing but the log:
  //   central 2026: receipt → P1 → contract, payments (one reversed, one with a roster) → asset
  //   A1 → income → plan → payment → result; A1 disposed, proceeds reinvested in P3; A2
  //   descends from A1.
  //   provincial: receipt → P2 → payment; asset B (from P2) with its own income and plan.
  void SetUp() override {
    using namespace state::testing;  // NOLINT: the Make* builders
    constexpr auto kCentral = v1::FUND_SOURCE_CENTRAL_LINKAGE;
    constexpr auto kProvincial = v1::FUND_SOURCE_PROVINCIAL_LINKAGE;
    Add(MakeGenesis());  // 0: not part of any chain
    v1::FundReceipt r_2026 = MakeReceipt("R-C-2026", kCentral, 100'000'00);
    r_2026.set_year(2026);
    central_.push_back(Add(r_2026));  // 1
    v1::FundReceipt r_2025 = MakeReceipt("R-C-2025", kCentral, 50'000'00);
    r_2025.set_year(2025);
    receipt_2025_ = Add(r_2025);  // 2
    v1::FundReceipt r_prov = MakeReceipt("R-P", kProvincial, 80'000'00);
    r_prov.set_year(2026);
    provincial_.push_back(Add(r_prov));  // 3
    central_.push_back(Add(MakeProject("P1")));
    central_.push_back(Add(MakeStep("P1", v1::PROJECT_STEP_COUNTY_APPROVAL, "2026-02-15")));
    v1::PlanApproval approval = MakeApproval("P1", kCentral, 60'000'00);
    approval.set_year(2026);
    central_.push_back(Add(approval));
    central_.push_back(
        Add(MakeAnnouncement("N-P1", v1::ANNOUNCEMENT_SUBJECT_PROJECT_BEFORE, "P1")));
    central_.push_back(Add(MakeContract("C1", "P1", 50'000'00)));
    provincial_.push_back(Add(MakeProject("P2")));
    v1::PlanApproval approval_2 = MakeApproval("P2", kProvincial, 30'000'00);
    approval_2.set_year(2026);
    provincial_.push_back(Add(approval_2));
    central_.push_back(Add(
        MakeDisbursement("D1", "P1", "C1", kCentral, v1::DISBURSEMENT_STAGE_ADVANCE, 10'000'00)));
    central_.push_back(Add(
        MakeDisbursement("D2", "P1", "C1", kCentral, v1::DISBURSEMENT_STAGE_PROGRESS, 20'000'00)));
    v1::Reversal reversal;
    reversal.set_reversed_entry_kind(v1::REVERSED_ENTRY_KIND_DISBURSEMENT);
    reversal.set_target_id("D2");
    reversal.set_reason("duplicate");
    central_.push_back(Add(reversal));
    central_.push_back(Add(MakeRoster("RO1", "D1", {CashLine("hh-1", 10'000'00)})));
    provincial_.push_back(Add(
        MakeDisbursement("D3", "P2", "C2", kProvincial, v1::DISBURSEMENT_STAGE_ADVANCE, 5'000'00)));
    central_.push_back(Add(MakeAcceptance("ACC1", "P1")));

    asset_start_ = central_.size();
    v1::AssetRegistration a1 = MakeAsset("A1", v1::ASSET_CLASS_OPERATIONAL, 30'000'00, "P1");
    central_.push_back(Add(a1));
    v1::AssetRegistration b = MakeAsset("B", v1::ASSET_CLASS_OPERATIONAL, 25'000'00, "P2");
    b.mutable_funding(0)->set_source(kProvincial);
    provincial_.push_back(Add(b));
    central_.push_back(Add(MakeConfirmation("A1", {Share(VillageParty(), 10'000)})));
    central_.push_back(Add(MakeOperationContract("OC1", "A1", 1'000'00)));
    central_.push_back(Add(MakeIncome("I1", "A1")));
    provincial_.push_back(Add(MakeIncome("I2", "B")));
    central_.push_back(Add(MakeDistributionPlan("PL1", {"I1"}, StandardAllocations())));
    provincial_.push_back(Add(MakeDistributionPlan("PL2", {"I2"}, StandardAllocations())));
    central_.push_back(Add(MakeDistributionReview("PL1")));
    central_.push_back(Add(MakeFiling("PL1")));
    central_.push_back(
        Add(MakeAnnouncement("N-PL1", v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_PLAN, "PL1")));
    central_.push_back(Add(MakeDistributionPayment(
        "DP1", "PL1", {PaymentLine("hh-1", "public_welfare_post_wages", 60'00)})));
    central_.push_back(Add(MakeDistributionResult("PL1")));
    central_.push_back(Add(MakeDisposal("DS1", "A1", v1::DISPOSAL_METHOD_AUCTION)));
    central_.push_back(Add(MakeDecision("DS1")));
    central_.push_back(Add(MakeReview("DS1")));
    central_.push_back(Add(MakeDisposalApproval("DS1", v1::APPROVAL_AUTHORITY_FINANCE)));
    central_.push_back(Add(MakeNotice("DS1")));
    v1::DisposalCompletion completion = MakeCompletion("DS1", 12'000'00, 12'000'00);
    completion.set_reinvestment_project_id("P3");
    central_.push_back(Add(completion));
    reinvestment_.push_back(Add(MakeProject("P3")));
    reinvestment_.push_back(Add(MakeContract("C3", "P3", 12'000'00)));
    v1::AssetRegistration a2 = MakeAsset("A2", v1::ASSET_CLASS_OPERATIONAL, 5'000'00, "");
    a2.clear_funding();
    v1::LineageLine* lineage = a2.add_lineage();
    lineage->set_source_asset_code("A1");
    lineage->set_amount_fen(5'000'00);
    successor_ = Add(a2);
  }

  TraceIndex index_;
  uint64_t next_ = 0;
  std::vector<uint64_t> central_;     // the central chain up to the disposal, in index order
  std::vector<uint64_t> provincial_;  // the provincial chain
  std::vector<uint64_t> reinvestment_;
  uint64_t receipt_2025_ = 0;
  uint64_t successor_ = 0;
  size_t asset_start_ = 0;  // central_[asset_start_] is A1's registration
};

TEST_F(TraceTest, AnAssetsChainRunsFromTheReceiptsToTheReinvestmentAndNothingElse) {
  absl::StatusOr<std::vector<TraceStep>> steps = index_.Asset("A1");
  ASSERT_TRUE(steps.ok()) << steps.status();
  std::vector<uint64_t> expected = central_;
  expected.insert(expected.end(), reinvestment_.begin(), reinvestment_.end());
  expected.push_back(successor_);
  EXPECT_THAT(Indexes(*steps), ElementsAreArray(expected));

  const TraceStep& receipt = steps->front();
  EXPECT_EQ(receipt.part, TracePart::kFunds);
  EXPECT_EQ(receipt.what, "fund receipt");
  EXPECT_EQ(receipt.what_zh, "资金下达");
  EXPECT_EQ(receipt.subject, "R-C-2026");
  EXPECT_EQ(receipt.amount_fen, 100'000'00);
  const TraceStep& asset = (*steps)[asset_start_];
  EXPECT_EQ(asset.part, TracePart::kAsset);
  EXPECT_EQ(asset.subject, "A1");
  EXPECT_EQ(asset.amount_fen, 30'000'00);
  for (const TraceStep& s : *steps) {
    const std::map<std::string, TracePart> parts = {
        {"I1", TracePart::kIncome},        {"PL1", TracePart::kDistribution},
        {"DP1", TracePart::kDistribution}, {"DS1", TracePart::kDisposal},
        {"P3", TracePart::kReinvestment},  {"C3", TracePart::kReinvestment},
        {"A2", TracePart::kLineage}};
    if (auto it = parts.find(s.subject); it != parts.end()) {
      EXPECT_EQ(s.part, it->second) << s.what << " " << s.subject;
    }
    if (s.subject == "D1") {
      EXPECT_EQ(s.amount_fen, 10'000'00);
      EXPECT_THAT(s.detail, HasSubstr("DISBURSEMENT_STAGE_ADVANCE from FUND_SOURCE_CENTRAL"));
    }
  }
}

TEST_F(TraceTest, ADescendantShowsTheAssetItCameFrom) {
  absl::StatusOr<std::vector<TraceStep>> steps = index_.Asset("A2");
  ASSERT_TRUE(steps.ok()) << steps.status();
  // A1's registration and its disposal's completion, then A2 itself.
  EXPECT_THAT(Indexes(*steps),
              ElementsAre(central_[asset_start_], central_[asset_start_ + 15], successor_));
  EXPECT_EQ((*steps)[0].part, TracePart::kLineage);
  EXPECT_EQ((*steps)[1].what, "disposal completion");
  EXPECT_EQ((*steps)[2].part, TracePart::kAsset);
}

TEST_F(TraceTest, AFundSourcesChainKeepsToItsYearAndItsMoney) {
  absl::StatusOr<std::vector<TraceStep>> year = index_.Fund(v1::FUND_SOURCE_CENTRAL_LINKAGE, 2026);
  ASSERT_TRUE(year.ok()) << year.status();
  std::vector<uint64_t> expected = central_;
  expected.insert(expected.end(), reinvestment_.begin(), reinvestment_.end());
  expected.push_back(successor_);
  EXPECT_THAT(Indexes(*year), ElementsAreArray(expected));

  absl::StatusOr<std::vector<TraceStep>> all = index_.Fund(v1::FUND_SOURCE_CENTRAL_LINKAGE, 0);
  ASSERT_TRUE(all.ok()) << all.status();
  expected.insert(expected.begin() + 1, receipt_2025_);
  EXPECT_THAT(Indexes(*all), ElementsAreArray(expected));

  absl::StatusOr<std::vector<TraceStep>> provincial =
      index_.Fund(v1::FUND_SOURCE_PROVINCIAL_LINKAGE, 0);
  ASSERT_TRUE(provincial.ok()) << provincial.status();
  EXPECT_THAT(Indexes(*provincial), ElementsAreArray(provincial_));
}

TEST_F(TraceTest, NothingToTraceIsAnError) {
  EXPECT_EQ(index_.Asset("NOPE").status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(index_.Asset("NOPE").status().message()), HasSubstr("NOPE"));
  EXPECT_EQ(index_.Fund(v1::FUND_SOURCE_LOAN, 0).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(index_.Fund(v1::FUND_SOURCE_CENTRAL_LINKAGE, 2024).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(index_.Fund(v1::FUND_SOURCE_UNSPECIFIED, 0).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ledger::audit
