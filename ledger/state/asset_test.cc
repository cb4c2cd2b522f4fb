// Asset entries: registration (R13, R14), ownership (R15), handover and operation (R16), custody
// (R17), operation contracts (R18), the disposal chain (R26) and nothing after a final disposal
// (R27). Scenarios are tables of lines applied in order on the asset fixture (state_testing.h);
// a rejected line leaves the state exactly as it was, and after every line money is conserved and
// no project has more assets registered from it than it paid.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/state/asset_state.h"
#include "ledger/state/fund_state.h"
#include "ledger/state/income_state.h"
#include "ledger/state/state.h"
#include "ledger/state/state_testing.h"
#include "ledger/util/status_macros.h"

namespace ledger::state {
namespace {

using testing::AdvanceDisposal;
using testing::AsPm;
using testing::AssetFixture;
using testing::AsTownship;
using testing::AsVillage;
using testing::By;
using testing::CountyParty;
using testing::HouseholdParty;
using testing::kAdminId;
using testing::kFinanceId;
using testing::kProjectManagerId;
using testing::kTownshipId;
using testing::kVillage;
using testing::kVillageAccountantId;
using testing::Line;
using testing::MakeAsset;
using testing::MakeCompletion;
using testing::MakeConfirmation;
using testing::MakeDecision;
using testing::MakeDisposal;
using testing::MakeDisposalApproval;
using testing::MakeHandover;
using testing::MakeIncome;
using testing::MakeMaintenance;
using testing::MakeNotice;
using testing::MakeOperationContract;
using testing::MakePrincipal;
using testing::MakeReview;
using testing::MakeRights;
using testing::Organisation;
using testing::Share;
using testing::TestKey;
using testing::TestLog;
using testing::VillageParty;
using Code = absl::StatusCode;

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr std::string_view kVillage2 = "341721001002";
constexpr std::string_view kVillage3 = "341721002001";

template <typename Body>
std::function<absl::Status(TestLog&)> AsFinance(Body body) {
  return By(kFinanceId, 2, std::move(body));
}

std::function<absl::Status(TestLog&)> Check(std::function<void(const AssetState&)> check) {
  return [check = std::move(check)](TestLog& log) {
    check(log.state().assets());
    return absl::OkStatus();
  };
}

// Registers the village accountant of `village` with `key` (for multi-village decisions).
std::function<absl::Status(TestLog&)> AddVillageAccountant(std::string_view village, uint8_t key) {
  return [village = std::string(village), key](TestLog& log) {
    const std::string id = absl::StrCat("village-", village);
    auto principal = TestLog::RegisterPrincipal(MakePrincipal(
        id, v1::PRINCIPAL_KIND_VILLAGE_COMMITTEE, village, {v1::ROLE_VILLAGE_ACCOUNTANT}));
    LEDGER_RETURN_IF_ERROR(log.Submit(principal, kAdminId, TestKey(1)));
    auto registration = TestLog::RegisterKey(id, key);
    return log.Submit(registration, kAdminId, TestKey(1));
  };
}

void ExpectInvariants(const LedgerState& state) {
  EXPECT_TRUE(state.funds().ConservationHolds());
  for (const auto& [code, asset] : state.assets().assets()) {
    for (const v1::FundingLine& line : asset.registration.funding()) {
      if (line.project_id().empty()) continue;
      EXPECT_LE(state.assets().RegisteredFrom(line.project_id(), line.source()),
                state.funds().BalanceOf(
                    AccountName(AccountKind::kPaid, line.source(), line.project_id())))
          << code;
    }
    EXPECT_LE(asset.proceeds_reinvested_fen, asset.proceeds_fen) << code;
    EXPECT_EQ(asset.open_disposal.empty(), asset.status != v1::ASSET_STATUS_DISPOSAL_PENDING)
        << code;
  }
}

void RunScenario(const std::vector<Line>& lines) {
  TestLog log;
  log.Standard();
  testing::FundFixture(log);
  AssetFixture(log);
  testing::RunLines(log, lines, ExpectInvariants);
}

TEST(AssetScenarioTest, RegistrationFromPaidProjects) {
  auto two_lines = MakeAsset("AS3", v1::ASSET_CLASS_OPERATIONAL, 100, "");
  *two_lines.add_funding() = two_lines.funding(0);
  auto mismatched = MakeAsset("AS3", v1::ASSET_CLASS_OPERATIONAL, 100, "");
  mismatched.set_original_value_fen(101);
  auto overflow = MakeAsset("AS3", v1::ASSET_CLASS_OPERATIONAL, kMax, "");
  overflow.mutable_funding(0)->set_project_id("P1");
  overflow.add_funding()->CopyFrom(MakeAsset("x", v1::ASSET_CLASS_OPERATIONAL, 1, "").funding(0));
  auto no_class = MakeAsset("AS3", v1::ASSET_CLASS_UNSPECIFIED, 100, "");
  auto outside = MakeAsset("AS3", v1::ASSET_CLASS_OPERATIONAL, 100, "");
  outside.set_location("341722001001");
  auto future = MakeAsset("AS3", v1::ASSET_CLASS_OPERATIONAL, 100, "");
  future.set_date_formed("2026-11-23");
  auto bad_place = MakeAsset("AS3", v1::ASSET_CLASS_OPERATIONAL, 100, "");
  bad_place.set_coordinates("91.0,117.5");
  auto placed = MakeAsset("AS3", v1::ASSET_CLASS_OPERATIONAL, 100, "");
  placed.set_coordinates("30.1,117.5");
  RunScenario({
      {"one more fen from P1", AsPm(MakeAsset("AS3", v1::ASSET_CLASS_OPERATIONAL, 1)),
       Code::kFailedPrecondition, "R13",
       "R13: assets from project P1 (FUND_SOURCE_CENTRAL_LINKAGE) would total 200.01 yuan (200.00 "
       "yuan registered before), more than the 200.00 yuan it paid"},
      {"duplicate code", AsPm(MakeAsset("AS1", v1::ASSET_CLASS_OPERATIONAL, 100, "")),
       Code::kAlreadyExists, "L-ASSET", "asset AS1 is already registered"},
      {"unknown project", AsPm(MakeAsset("AS3", v1::ASSET_CLASS_OPERATIONAL, 100, "P9")),
       Code::kNotFound, "L-ASSET", "project \"P9\" is not in this log's project library"},
      {"project not accepted", AsPm(MakeAsset("AS3", v1::ASSET_CLASS_OPERATIONAL, 100, "P2")),
       Code::kFailedPrecondition, "R13", "R13: project P2 has no acceptance"},
      {"lines repeat", AsPm(two_lines), Code::kInvalidArgument, "L-FIELD", "funding[1] repeats"},
      {"lines do not sum", AsPm(mismatched), Code::kFailedPrecondition, "R13",
       "R13: funding and lineage lines sum to 1.00 yuan, but the original value is 1.01 yuan"},
      {"overflow", AsPm(overflow), Code::kInvalidArgument, "L-FIELD",
       "the funding total overflows"},
      {"zero value", AsPm(MakeAsset("AS3", v1::ASSET_CLASS_OPERATIONAL, 0, "")),
       Code::kInvalidArgument, "L-FIELD", "original_value_fen is 0 fen"},
      {"R14 no class", AsPm(no_class), Code::kInvalidArgument, "L-FIELD",
       "asset_class is unspecified"},
      {"outside the county", AsPm(outside), Code::kInvalidArgument, "L-ASSET",
       "location 341722001001 is outside the log's jurisdiction 341721"},
      {"formed after it is recorded", AsPm(future), Code::kFailedPrecondition, "L-DATE",
       "date_formed 2026-11-23 is after the entry's business date 2026-11-22"},
      {"bad coordinates", AsPm(bad_place), Code::kInvalidArgument, "L-FIELD",
       "coordinates \"91.0,117.5\""},
      {"village registers its own", AsVillage(placed)},
      {"village registers elsewhere", AsVillage([] {
         auto body = MakeAsset("AS4", v1::ASSET_CLASS_OPERATIONAL, 100, "");
         body.set_location(std::string(kVillage2));
         return body;
       }()),
       Code::kPermissionDenied, "L-AUTH", "may not submit ledger.v1.AssetRegistration"},
      {"the payment behind AS1 cannot be reversed",
       [](TestLog& log) {
         v1::Reversal body =
             testing::MakeReversal(log.state(), v1::REVERSED_ENTRY_KIND_DISBURSEMENT, "DA");
         return log.Submit(body, kFinanceId, TestKey(2));
       },
       Code::kFailedPrecondition, "R13",
       "R13: reversing payment DA leaves project P1 (FUND_SOURCE_CENTRAL_LINKAGE) 0.00 yuan paid, "
       "less than the 200.00 yuan of assets registered from it"},
      {"registered", Check([](const AssetState& assets) {
         EXPECT_EQ(assets.RegisteredFrom("P1", v1::FUND_SOURCE_CENTRAL_LINKAGE), 20'000);
         EXPECT_EQ(assets.RegisteredFromProject("P1"), 20'000);
         EXPECT_EQ(assets.FindAsset("AS3")->status, v1::ASSET_STATUS_REGISTERED);
         EXPECT_EQ(assets.FindAsset("AS1")->status, v1::ASSET_STATUS_HANDED_OVER);
       })},
  });
}

TEST(AssetScenarioTest, OwnershipShares) {
  auto household_asset = MakeAsset("AS3", v1::ASSET_CLASS_HOUSEHOLD, 100, "");
  auto with_reason = MakeConfirmation("AS1", {Share(CountyParty(), 10'000)}, "2026-08-01");
  with_reason.set_higher_level_reason("跨村联建，由县统一管理");
  auto named_household =
      MakeConfirmation("AS3", {Share(HouseholdParty("H-0012"), 10'000)}, "2026-08-01");
  named_household.mutable_owners(0)->mutable_party()->set_name("张三");
  RunScenario({
      {"R15 shares short", AsPm(MakeConfirmation("AS1", {Share(VillageParty(), 9'000)})),
       Code::kFailedPrecondition, "R15", "R15: owner shares sum to 9000 bp, must be 10000"},
      {"R15 organisation owner",
       AsPm(MakeConfirmation("AS1", {Share(Organisation("某公司"), 10'000)})),
       Code::kFailedPrecondition, "R15", "R15: owners[0] is PARTY_KIND_ORGANISATION"},
      {"unknown owner",
       AsPm(MakeConfirmation("AS1", {Share(VillageParty("341722001001"), 10'000)})),
       Code::kNotFound, "L-ASSET",
       "owners[0].party.division 341722001001 is not in the log's jurisdiction 341721"},
      {"twice the same owner",
       AsPm(MakeConfirmation("AS1", {Share(VillageParty(), 5'000), Share(VillageParty(), 5'000)})),
       Code::kInvalidArgument, "L-FIELD", "owners[1].party appears in an earlier line"},
      {"R15 county owner without reason",
       AsPm(MakeConfirmation("AS1", {Share(CountyParty(), 10'000)}, "2026-08-01")),
       Code::kFailedPrecondition, "R15", "needs a higher_level_reason"},
      {"county owner with reason", AsPm(with_reason)},
      {"confirmed before the previous",
       AsPm(MakeConfirmation("AS1", {Share(VillageParty(), 10'000)}, "2026-07-31")),
       Code::kFailedPrecondition, "L-ASSET",
       "date 2026-07-31 precedes the previous confirmation's date 2026-08-01"},
      {"only a project manager confirms",
       AsVillage(MakeConfirmation("AS1", {Share(VillageParty(), 10'000)}, "2026-08-02")),
       Code::kPermissionDenied, "L-AUTH", "requires PROJECT_MANAGER"},
      {"household asset", AsPm(household_asset)},
      {"R15 household asset to a village",
       AsPm(MakeConfirmation("AS3", {Share(VillageParty(), 10'000)}, "2026-08-01")),
       Code::kFailedPrecondition, "R15", "is ASSET_CLASS_HOUSEHOLD; owners[0] is not a household"},
      {"household by name", AsPm(named_household), Code::kInvalidArgument, "L-FIELD",
       "owners[0].party.name must be empty for a household"},
      {"household by identity number",
       AsPm(MakeConfirmation("AS3", {Share(HouseholdParty("34172119800101123X"), 10'000)},
                             "2026-08-01")),
       Code::kInvalidArgument, "L-FIELD", "has the shape of an identity number"},
      {"household owners",
       AsPm(MakeConfirmation(
           "AS3", {Share(HouseholdParty("H-0012"), 6'000), Share(HouseholdParty("H-0013"), 4'000)},
           "2026-08-01"))},
      {"history kept", Check([](const AssetState& assets) {
         const AssetRecord& as1 = *assets.FindAsset("AS1");
         ASSERT_EQ(as1.confirmations.size(), 2u);
         const RightBinding* first = as1.BindingOn(v1::RIGHT_KIND_OWNERSHIP, "2026-07-20");
         ASSERT_NE(first, nullptr);
         EXPECT_EQ(first->holders[0].party().kind(), v1::PARTY_KIND_VILLAGE_COLLECTIVE);
         EXPECT_EQ(first->valid_to, "2026-07-31");
         EXPECT_EQ(as1.owners()[0].party().kind(), v1::PARTY_KIND_COUNTY);
         EXPECT_EQ(assets.FindAsset("AS3")->status, v1::ASSET_STATUS_CONFIRMED);
       })},
  });
}

// A station shared by three villages (联村光伏): 50 %, 30 % and 20 %; its disposal needs a
// decision of each village, signed by that village's own principal.
TEST(AssetScenarioTest, MultiVillageAssetSplitByPercentage) {
  auto shared = MakeAsset("LC1", v1::ASSET_CLASS_OPERATIONAL, 3'000, "");
  shared.set_location("341721001");  // the township: the station serves three villages
  const std::vector<v1::PartyShare> owners = {Share(VillageParty(), 5'000),
                                              Share(VillageParty(kVillage2), 3'000),
                                              Share(VillageParty(kVillage3), 2'000)};
  auto uneven = owners;
  uneven[2].set_share_bp(1'999);
  RunScenario({
      {"register", AsPm(shared)},
      {"R15 shares 9999", AsPm(MakeConfirmation("LC1", uneven)), Code::kFailedPrecondition, "R15",
       "R15: owner shares sum to 9999 bp, must be 10000"},
      {"confirm", AsPm(MakeConfirmation("LC1", owners))},
      {"hand over", AsPm(MakeHandover("LC1"))},
      {"apply", AsPm(MakeDisposal("X1", "LC1", v1::DISPOSAL_METHOD_SCRAPPING))},
      {"owner units", Check([](const AssetState& assets) {
         EXPECT_THAT(assets.FindDisposal("X1")->owner_units,
                     ::testing::ElementsAre(std::string(kVillage), std::string(kVillage2),
                                            std::string(kVillage3)));
       })},
      {"a village may not decide for another", AsVillage(MakeDecision("X1", kVillage2)),
       Code::kPermissionDenied, "L-AUTH", "may not submit ledger.v1.DisposalDecision"},
      {"the county may not decide for a village", AsPm(MakeDecision("X1", kVillage2)),
       Code::kPermissionDenied, "R26",
       "R26: the decision of owner unit 341721001002 is signed by that unit's own principal; "
       "pm-341721 has scope 341721"},
      {"village 1", AsVillage(MakeDecision("X1"))},
      {"review too early", AsTownship(MakeReview("X1")), Code::kFailedPrecondition, "R26",
       "R26: the township review of disposal X1 needs the decisions of owner units 341721001002, "
       "341721002001 first"},
      {"village 2 accountant", AddVillageAccountant(kVillage2, 10)},
      {"village 3 accountant", AddVillageAccountant(kVillage3, 11)},
      {"village 2", By("village-341721001002", 10, MakeDecision("X1", kVillage2))},
      {"village 2 again", By("village-341721001002", 10, MakeDecision("X1", kVillage2)),
       Code::kAlreadyExists, "L-ASSET", "has already decided"},
      {"village 3", By("village-341721002001", 11, MakeDecision("X1", kVillage3))},
      {"decided", Check([](const AssetState& assets) {
         EXPECT_EQ(assets.FindDisposal("X1")->stage, DisposalStage::kDecided);
       })},
      {"township review", AsTownship(MakeReview("X1"))},
  });
}

TEST(AssetScenarioTest, HandoverRightsAndCustody) {
  auto income = MakeRights("AS1", v1::RIGHT_KIND_INCOME,
                           {Share(VillageParty(), 8'000), Share(HouseholdParty("H-0012"), 2'000)});
  auto income_short = income;
  income_short.mutable_holders(1)->set_share_bp(1'000);
  auto custody =
      MakeRights("AS2", v1::RIGHT_KIND_CUSTODY, {Share(Organisation("村管护队"))}, "2026-08-01");
  auto custody_later =
      MakeRights("AS2", v1::RIGHT_KIND_CUSTODY, {Share(Organisation("乡管护站"))}, "2027-01-01");
  RunScenario({
      {"handover twice", AsPm(MakeHandover("AS1")), Code::kAlreadyExists, "L-ASSET",
       "asset AS1 was handed over at index"},
      {"handover before confirmation", AsPm(MakeHandover("AS2", "2026-07-09")),
       Code::kFailedPrecondition, "L-ASSET",
       "handover date 2026-07-09 precedes the confirmation on 2026-07-10"},
      {"unknown asset", AsPm(MakeHandover("AS9")), Code::kNotFound, "L-ASSET",
       "asset \"AS9\" is not registered"},
      {"R16 contract before handover", AsPm(MakeOperationContract("OC1", "AS2", 1'000)),
       Code::kFailedPrecondition, "R16",
       "R16: asset AS2 is ASSET_STATUS_CONFIRMED; operation needs the handover (移交) first"},
      {"maintenance before handover",
       AsPm(MakeMaintenance("AS2", "2026-08-10", v1::ASSET_CONDITION_GOOD)),
       Code::kFailedPrecondition, "L-ASSET", "maintenance is recorded after the handover"},
      {"hand over the road", AsVillage(MakeHandover("AS2", "2026-07-20"))},
      {"R17 no custodian",
       AsVillage(MakeMaintenance("AS2", "2026-08-10", v1::ASSET_CONDITION_GOOD)),
       Code::kFailedPrecondition, "R17",
       "R17: public-benefit asset AS2 has no custodian (管护责任人) bound on 2026-08-10"},
      {"custody by two",
       AsVillage(MakeRights("AS2", v1::RIGHT_KIND_CUSTODY,
                            {Share(Organisation("甲")), Share(Organisation("乙"))})),
       Code::kInvalidArgument, "L-FIELD", "RIGHT_KIND_CUSTODY binds exactly one"},
      {"ownership is confirmed, not assigned",
       AsVillage(MakeRights("AS2", v1::RIGHT_KIND_OWNERSHIP, {Share(VillageParty())})),
       Code::kInvalidArgument, "L-FIELD", "bound by an OwnershipConfirmation"},
      {"custodian", AsVillage(custody)},
      {"maintained", AsVillage(MakeMaintenance("AS2", "2026-08-10", v1::ASSET_CONDITION_GOOD))},
      {"custodian before it was bound",
       AsVillage(MakeMaintenance("AS2", "2026-07-31", v1::ASSET_CONDITION_GOOD)),
       Code::kFailedPrecondition, "R17", "bound on 2026-07-31"},
      {"cost without funding", AsVillage([] {
         auto body = MakeMaintenance("AS2", "2026-08-11", v1::ASSET_CONDITION_DAMAGED, 500);
         body.set_funding(v1::MAINTENANCE_FUNDING_NONE);
         return body;
       }()),
       Code::kInvalidArgument, "L-FIELD", "MAINTENANCE_FUNDING_NONE exactly when there is no cost"},
      {"a new custodian from 2027", AsVillage(custody_later)},
      {"not before the last", AsVillage(custody), Code::kFailedPrecondition, "L-ASSET",
       "valid_from 2026-08-01 is not after the RIGHT_KIND_CUSTODY binding in force from "
       "2027-01-01"},
      {"income shares short", AsVillage(income_short), Code::kInvalidArgument, "L-FIELD",
       "holders' shares sum to 9000 bp"},
      {"income", AsVillage(income)},
      {"bindings", Check([](const AssetState& assets) {
         const AssetRecord& road = *assets.FindAsset("AS2");
         const RightBinding* now = road.BindingOn(v1::RIGHT_KIND_CUSTODY, "2026-12-31");
         ASSERT_NE(now, nullptr);
         EXPECT_EQ(now->holders[0].party().name(), "村管护队");
         EXPECT_EQ(now->valid_to, "2026-12-31");
         EXPECT_EQ(road.BindingOn(v1::RIGHT_KIND_CUSTODY, "2027-01-01")->holders[0].party().name(),
                   "乡管护站");
         EXPECT_EQ(road.maintenance.size(), 1u);
         EXPECT_EQ(assets.FindAsset("AS1")->LatestBinding(v1::RIGHT_KIND_INCOME)->holders.size(),
                   2u);
       })},
  });
}

// R18 on AS1 (original value 200.00 yuan; the policy's minimum is 600 bp = 12.00 yuan a year).
TEST(AssetScenarioTest, OperationContracts) {
  auto unselected = MakeOperationContract("OC1", "AS1", 1'200);
  unselected.set_selection(v1::SELECTION_METHOD_UNSPECIFIED);
  auto guaranteed = MakeOperationContract("OC1", "AS1", 0);
  guaranteed.set_guaranteed_return_bp(600);
  auto overlapping = MakeOperationContract("OC2", "AS1", 1'200);
  overlapping.set_start_date("2036-07-31");
  overlapping.set_end_date("2040-07-31");
  overlapping.set_signed_date("2026-11-01");
  auto self = MakeOperationContract("OC3", "AS1", 0);
  self.set_mode(v1::OPERATION_MODE_SELF_OPERATED);
  self.set_selection(v1::SELECTION_METHOD_UNSPECIFIED);
  self.set_start_date("2036-08-01");
  self.set_end_date("2037-07-31");
  auto early = MakeOperationContract("OC4", "AS1", 1'200);
  early.set_start_date("2026-07-14");
  early.set_end_date("2026-07-14");
  early.set_signed_date("2026-07-14");
  RunScenario({
      {"R18 no open selection", AsVillage(unselected), Code::kFailedPrecondition, "R18",
       "R18: a OPERATION_MODE_LEASE contract needs an open selection method"},
      {"R18 rent too low", AsVillage(MakeOperationContract("OC1", "AS1", 1'199)),
       Code::kFailedPrecondition, "R18",
       "R18: the yearly return of 11.99 yuan (rent 11.99 yuan, guaranteed 0 bp of the original "
       "value 200.00 yuan) is below the policy's minimum of 600 bp = 12.00 yuan"},
      {"R16 before the handover", AsVillage(early), Code::kFailedPrecondition, "R16",
       "R16: operation starts on 2026-07-14, before the handover on 2026-07-15"},
      {"guaranteed return", AsVillage(guaranteed)},
      {"in operation", Check([](const AssetState& assets) {
         const AssetRecord& as1 = *assets.FindAsset("AS1");
         EXPECT_EQ(as1.status, v1::ASSET_STATUS_IN_OPERATION);
         const RightBinding* op = as1.BindingOn(v1::RIGHT_KIND_OPERATION, "2030-01-01");
         ASSERT_NE(op, nullptr);
         EXPECT_EQ(op->holders[0].party().name(), "某光伏运维公司");
         EXPECT_EQ(as1.BindingOn(v1::RIGHT_KIND_OPERATION, "2036-08-01"), nullptr);
       })},
      {"duplicate id", AsVillage(MakeOperationContract("OC1", "AS1", 1'200)), Code::kAlreadyExists,
       "L-ASSET", "operation contract OC1 is already recorded"},
      {"overlapping", AsVillage(overlapping), Code::kFailedPrecondition, "L-ASSET",
       "operation contract OC1 of asset AS1 runs 2026-08-01 to 2036-07-31, overlapping"},
      {"self-operated after it", AsVillage(self)},
  });
}

// The whole chain on AS1: a flood, a loss write-off, the proceeds reinvested in a new asset.
TEST(AssetScenarioTest, DisposalChainInOrderByTheRightPrincipals) {
  auto no_valuation = MakeDisposal("X1", "AS1", v1::DISPOSAL_METHOD_LOSS_WRITE_OFF);
  no_valuation.set_valuation_reference("");
  auto short_notice = MakeNotice("X1", "2026-09-20", "2026-09-28");
  auto cheap = MakeCompletion("X1", 4'999, 4'999);
  auto justified = cheap;
  justified.set_price_justification("洪灾损毁，残值按回收价");
  auto reinvested = MakeAsset("AS5", v1::ASSET_CLASS_OPERATIONAL, 3'000, "");
  reinvested.clear_funding();
  reinvested.add_lineage()->set_source_asset_code("AS1");
  reinvested.mutable_lineage(0)->set_amount_fen(3'000);
  reinvested.set_date_formed("2026-11-01");
  auto too_much = reinvested;
  too_much.set_asset_code("AS6");
  too_much.mutable_lineage(0)->set_amount_fen(2'000);
  too_much.set_original_value_fen(2'000);
  RunScenario({
      {"lower the valuation threshold",
       [](TestLog& log) {
         v1::Policy policy;
         policy.set_disposal_valuation_threshold_fen(10'000);
         auto body = TestLog::SetPolicy(policy);
         return log.Submit(body, kAdminId, TestKey(1));
       }},
      {"flood damage",
       AsVillage(MakeMaintenance("AS1", "2026-08-20", v1::ASSET_CONDITION_DAMAGED))},
      {"R26 valuation required", AsVillage(no_valuation), Code::kFailedPrecondition, "R26",
       "R26: asset AS1 has an original value of 200.00 yuan, at least the policy's valuation "
       "threshold of 100.00 yuan; the application needs a valuation_reference"},
      {"apply", AsVillage(MakeDisposal("X1", "AS1", v1::DISPOSAL_METHOD_LOSS_WRITE_OFF))},
      {"one open disposal", AsVillage(MakeDisposal("X2", "AS1", v1::DISPOSAL_METHOD_SCRAPPING)),
       Code::kFailedPrecondition, "L-ASSET", "asset AS1 has disposal X1 in progress"},
      {"pending", Check([](const AssetState& assets) {
         EXPECT_EQ(assets.FindAsset("AS1")->status, v1::ASSET_STATUS_DISPOSAL_PENDING);
       })},
      {"R26 approval before the decision",
       AsPm(MakeDisposalApproval("X1", v1::APPROVAL_AUTHORITY_DEPARTMENT)),
       Code::kFailedPrecondition, "R26",
       "R26: a county approval of disposal X1 needs the decisions of owner units 341721001001 "
       "first"},
      {"decision", AsVillage(MakeDecision("X1"))},
      {"decision dated before the application", AsVillage([] {
         auto body = MakeDecision("X1");
         body.set_meeting_date("2026-08-31");
         return body;
       }()),
       Code::kFailedPrecondition, "L-ASSET", "is past this step"},
      {"township review by the village", AsVillage(MakeReview("X1")), Code::kPermissionDenied,
       "L-AUTH", "requires TOWNSHIP_REVIEWER"},
      {"review", AsTownship(MakeReview("X1"))},
      {"R26 department approval by finance",
       AsFinance(MakeDisposalApproval("X1", v1::APPROVAL_AUTHORITY_DEPARTMENT)),
       Code::kPermissionDenied, "R26",
       "R26: the APPROVAL_AUTHORITY_DEPARTMENT approval is signed by a county principal (scope "
       "341721) with PROJECT_MANAGER"},
      {"department", AsPm(MakeDisposalApproval("X1", v1::APPROVAL_AUTHORITY_DEPARTMENT))},
      {"R26 notice before both approvals", AsVillage(MakeNotice("X1")), Code::kFailedPrecondition,
       "R26", "needs the county approvals (department: granted, finance: missing) first"},
      {"finance", AsFinance(MakeDisposalApproval("X1", v1::APPROVAL_AUTHORITY_FINANCE))},
      {"R26 notice too short", AsVillage(short_notice), Code::kFailedPrecondition, "R26",
       "R26: the notice runs 9 days (2026-09-20 to 2026-09-28), less than the policy's notice "
       "period of 10 days"},
      {"notice", AsVillage(MakeNotice("X1"))},
      {"R26 completed within the notice",
       AsVillage(MakeCompletion("X1", 5'000, 5'000, "2026-09-30")), Code::kFailedPrecondition,
       "R26",
       "R26: completion on 2026-09-30 is within the notice period, which ends on 2026-09-30"},
      {"R26 below the appraisal", AsVillage(cheap), Code::kFailedPrecondition, "R26",
       "R26: the price of 49.99 yuan is below the appraised value of 50.00 yuan; record a "
       "price_justification"},
      {"completed with a justification", AsVillage(justified)},
      {"disposed", Check([](const AssetState& assets) {
         const AssetRecord& as1 = *assets.FindAsset("AS1");
         EXPECT_EQ(as1.status, v1::ASSET_STATUS_DISPOSED);
         EXPECT_EQ(as1.proceeds_fen, 4'999);
         EXPECT_EQ(assets.FindDisposal("X1")->stage, DisposalStage::kCompleted);
         EXPECT_EQ(assets.FindDisposal("X1")->indexes.size(), 7u);
       })},
      // R27: nothing after a final disposal.
      {"R27 maintenance", AsVillage(MakeMaintenance("AS1", "2026-10-20", v1::ASSET_CONDITION_GOOD)),
       Code::kFailedPrecondition, "R27",
       "R27: asset AS1 was disposed by disposal X1; nothing is recorded for it after a final "
       "disposal"},
      {"R27 contract", AsVillage(MakeOperationContract("OC9", "AS1", 1'200)),
       Code::kFailedPrecondition, "R27", "R27: asset AS1 was disposed"},
      {"R27 rights",
       AsVillage(
           MakeRights("AS1", v1::RIGHT_KIND_SUPERVISION, {Share(Organisation("村务监督委员会"))})),
       Code::kFailedPrecondition, "R27", "R27: asset AS1 was disposed"},
      {"R27 disposal", AsVillage(MakeDisposal("X3", "AS1", v1::DISPOSAL_METHOD_SCRAPPING)),
       Code::kFailedPrecondition, "R27", "R27: asset AS1 was disposed"},
      {"R27 confirmation",
       AsPm(MakeConfirmation("AS1", {Share(VillageParty(), 10'000)}, "2026-10-20")),
       Code::kFailedPrecondition, "R27", "R27: asset AS1 was disposed"},
      // The proceeds fund a new asset (转投形成的资产).
      {"reinvested", AsVillage(reinvested)},
      {"R13 more than is left", AsVillage(too_much), Code::kFailedPrecondition, "R13",
       "R13: asset AS1 has 19.99 yuan of disposal proceeds not yet reinvested; the lineage line "
       "takes 20.00 yuan"},
      {"lineage", Check([](const AssetState& assets) {
         EXPECT_EQ(assets.FindAsset("AS1")->proceeds_reinvested_fen, 3'000);
       })},
  });
}

TEST(AssetScenarioTest, RefusalsCloseTheDisposalAndReturnTheAsset) {
  RunScenario({
      {"apply", AsVillage(MakeDisposal("X1", "AS1", v1::DISPOSAL_METHOD_AUCTION))},
      {"votes exceed attendance", AsVillage(MakeDecision("X1", kVillage, 30, 20)),
       Code::kInvalidArgument, "L-FIELD", "exceed the attendance of 20"},
      {"not adopted", AsVillage(MakeDecision("X1", kVillage, 20, 40))},
      {"closed", Check([](const AssetState& assets) {
         EXPECT_EQ(assets.FindDisposal("X1")->stage, DisposalStage::kClosed);
         EXPECT_EQ(assets.FindAsset("AS1")->status, v1::ASSET_STATUS_HANDED_OVER);
       })},
      {"review of a closed disposal", AsTownship(MakeReview("X1")), Code::kFailedPrecondition,
       "L-ASSET", "disposal X1 is closed: decision of 341721001001 not adopted (20 of 40 for)"},
      {"apply again", AsVillage(MakeDisposal("X2", "AS1", v1::DISPOSAL_METHOD_AUCTION))},
      {"decide", AsVillage(MakeDecision("X2"))},
      {"township refuses", AsTownship(MakeReview("X2", false))},
      {"returned", Check([](const AssetState& assets) {
         EXPECT_EQ(assets.FindDisposal("X2")->closed_reason, "township review refused");
         EXPECT_EQ(assets.FindAsset("AS1")->status, v1::ASSET_STATUS_HANDED_OVER);
         EXPECT_TRUE(assets.FindAsset("AS1")->open_disposal.empty());
       })},
      {"apply a third time", AsVillage(MakeDisposal("X3", "AS1", v1::DISPOSAL_METHOD_AUCTION))},
      {"through the notice",
       [](TestLog& log) {
         AdvanceDisposal(log, "X3", DisposalStage::kApplied, DisposalStage::kNoticed);
         return absl::OkStatus();
       }},
      {"auction needs a buyer", AsVillage(MakeCompletion("X3", 5'000, 5'000)),
       Code::kInvalidArgument, "L-FIELD", "counterparty"},
      {"unknown reinvestment project", AsVillage([] {
         auto body = MakeCompletion("X3", 5'000, 5'000);
         body.set_counterparty("某农业公司");
         body.set_reinvestment_project_id("P9");
         return body;
       }()),
       Code::kNotFound, "L-ASSET", "reinvestment project \"P9\""},
  });
}

// A disposal comes after everything recorded about the asset, and a final disposal ends the
// rights still in force, an operation contract's term included.
TEST(AssetScenarioTest, DisposalDatesAndTheEndOfBindings) {
  RunScenario({
      {"rights before the asset existed",
       AsVillage(MakeRights("AS1", v1::RIGHT_KIND_SUPERVISION,
                            {Share(Organisation("村务监督委员会"))}, "2026-06-30")),
       Code::kFailedPrecondition, "L-ASSET",
       "valid_from 2026-06-30 precedes the asset's formation on 2026-07-01"},
      {"lease", AsVillage(MakeOperationContract("OC1", "AS1", 1'200))},
      {"inspected", AsVillage(MakeMaintenance("AS1", "2026-08-20", v1::ASSET_CONDITION_DAMAGED))},
      {"applied before the inspection", AsVillage([] {
         auto body = MakeDisposal("X1", "AS1", v1::DISPOSAL_METHOD_SCRAPPING);
         body.set_application_date("2026-08-19");
         return body;
       }()),
       Code::kFailedPrecondition, "R26",
       "R26: application_date 2026-08-19 precedes the asset's maintenance record on 2026-08-20"},
      {"apply", AsVillage(MakeDisposal("X1", "AS1", v1::DISPOSAL_METHOD_SCRAPPING))},
      {"scrapped",
       [](TestLog& log) {
         AdvanceDisposal(log, "X1", DisposalStage::kApplied, DisposalStage::kCompleted);
         return absl::OkStatus();
       }},
      {"bindings end", Check([](const AssetState& assets) {
         const AssetRecord& as1 = *assets.FindAsset("AS1");
         const RightBinding* op = as1.LatestBinding(v1::RIGHT_KIND_OPERATION);
         ASSERT_NE(op, nullptr);
         EXPECT_EQ(op->valid_to, "2026-10-08");
         EXPECT_EQ(as1.LatestBinding(v1::RIGHT_KIND_OWNERSHIP)->valid_to, "2026-10-08");
         EXPECT_EQ(as1.BindingOn(v1::RIGHT_KIND_OPERATION, "2027-01-01"), nullptr);
       })},
  });
}

// Change of use (转产) returns the asset to service; suspension (报停) stops new operation.
TEST(AssetScenarioTest, ChangeOfUseAndSuspension) {
  RunScenario({
      {"change of use", AsVillage(MakeDisposal("X1", "AS1", v1::DISPOSAL_METHOD_CHANGE_OF_USE))},
      {"completed",
       [](TestLog& log) {
         AdvanceDisposal(log, "X1", DisposalStage::kApplied, DisposalStage::kCompleted);
         return absl::OkStatus();
       }},
      {"back in service", Check([](const AssetState& assets) {
         EXPECT_EQ(assets.FindAsset("AS1")->status, v1::ASSET_STATUS_HANDED_OVER);
       })},
      {"suspension", AsVillage(MakeDisposal("X2", "AS1", v1::DISPOSAL_METHOD_SUSPENSION))},
      {"suspended",
       [](TestLog& log) {
         AdvanceDisposal(log, "X2", DisposalStage::kApplied, DisposalStage::kCompleted);
         return absl::OkStatus();
       }},
      {"no contract while suspended", AsVillage(MakeOperationContract("OC1", "AS1", 1'200)),
       Code::kFailedPrecondition, "L-ASSET", "asset AS1 is suspended (报停)"},
      {"maintenance still",
       AsVillage(MakeMaintenance("AS1", "2026-10-20", v1::ASSET_CONDITION_FAIR))},
  });
}

// An asset at county level, owned by the county: the county decides; there is no township review.
TEST(AssetScenarioTest, CountyAssetHasNoTownshipReview) {
  auto county_asset = MakeAsset("CT1", v1::ASSET_CLASS_PUBLIC_BENEFIT, 1'000, "");
  county_asset.set_location("341721");
  RunScenario({
      {"register", AsPm(county_asset)},
      {"confirm", AsPm(MakeConfirmation("CT1", {Share(CountyParty(), 10'000)}))},
      {"apply", AsPm(MakeDisposal("X1", "CT1", v1::DISPOSAL_METHOD_SCRAPPING))},
      {"the county decides", AsPm(MakeDecision("X1", "341721"))},
      {"no township review", AsTownship(MakeReview("X1")), Code::kPermissionDenied, "L-AUTH",
       "may not submit ledger.v1.DisposalReview"},
      {"approved without it", AsPm(MakeDisposalApproval("X1", v1::APPROVAL_AUTHORITY_DEPARTMENT))},
  });
}

// Income (收益) needs the handover (R16) and, for an operational asset, an operation contract in
// force during the period (R17); it is booked to an owner's account, net of its costs (R19).
TEST(AssetScenarioTest, IncomeNeedsHandoverOperatorAndOwner) {
  auto road_income = MakeIncome("I0", "AS2");
  road_income.set_generation_kwh(0);
  auto wrong_net = MakeIncome("I1", "AS1");
  wrong_net.set_net_income_fen(9'000);
  auto to_operator = MakeIncome("I1", "AS1");
  *to_operator.mutable_received_by() = Organisation("某光伏运维公司");
  auto no_kwh = MakeIncome("I1", "AS1");
  no_kwh.set_generation_kwh(0);
  auto costs_exceed = MakeIncome("I1", "AS1", 1'000);
  RunScenario({
      {"R16 before the handover", AsVillage(road_income), Code::kFailedPrecondition, "R16",
       "R16: asset AS2 is ASSET_STATUS_CONFIRMED; income is recorded after the handover"},
      {"R17 no operator", AsVillage(MakeIncome("I1", "AS1")), Code::kFailedPrecondition, "R17",
       "R17: operational asset AS1 has no operation contract in force between 2026-08-01 and "
       "2026-08-31"},
      {"lease", AsVillage(MakeOperationContract("OC1", "AS1", 1'200))},
      {"R19 net is not gross minus costs", AsVillage(wrong_net), Code::kFailedPrecondition, "R19",
       "R19: net_income_fen is 90.00 yuan, but gross 100.00 yuan − costs 15.00 yuan is 85.00 yuan"},
      {"R19 costs exceed the income", AsVillage(costs_exceed), Code::kFailedPrecondition, "R19",
       "− costs 15.00 yuan is -5.00 yuan"},
      {"R19 booked to the operator", AsVillage(to_operator), Code::kFailedPrecondition, "R19",
       "is not an owner of asset AS1; income is booked to its owner's account"},
      {"photovoltaic without generation", AsVillage(no_kwh), Code::kInvalidArgument, "L-FIELD",
       "generation_kwh is 0"},
      {"August", AsVillage(MakeIncome("I1", "AS1"))},
      {"duplicate id", AsVillage(MakeIncome("I1", "AS1", 10'000, "2026-09-01", "2026-09-30")),
       Code::kAlreadyExists, "L-INCOME", "income I1 is already recorded"},
      {"August again", AsVillage(MakeIncome("I2", "AS1", 10'000, "2026-08-15", "2026-09-14")),
       Code::kFailedPrecondition, "L-INCOME",
       "income I1 of asset AS1 already covers 2026-08-01 to 2026-08-31, overlapping"},
      {"September", AsVillage(MakeIncome("I2", "AS1", 20'000, "2026-09-01", "2026-09-30"))},
      {"booked",
       [](TestLog& log) {
         const IncomeState& incomes = log.state().incomes();
         EXPECT_EQ(incomes.BookedTo(PartyKey(VillageParty())), 8'500 + 18'500);
         EXPECT_EQ(incomes.IncomesOf("AS1").size(), 2u);
         return absl::OkStatus();
       }},
      {"the township may not record it",
       AsTownship(MakeIncome("I3", "AS1", 10'000, "2026-10-01", "2026-10-31")),
       Code::kPermissionDenied, "L-AUTH", "requires PROJECT_MANAGER or VILLAGE_ACCOUNTANT"},
      {"dispose", AsVillage(MakeDisposal("X1", "AS1", v1::DISPOSAL_METHOD_SCRAPPING))},
      {"disposed",
       [](TestLog& log) {
         AdvanceDisposal(log, "X1", DisposalStage::kApplied, DisposalStage::kCompleted);
         return absl::OkStatus();
       }},
      {"R27 income after disposal",
       AsVillage(MakeIncome("I3", "AS1", 10'000, "2026-10-01", "2026-10-31")),
       Code::kFailedPrecondition, "R27", "R27: asset AS1 was disposed"},
  });
}

}  // namespace
}  // namespace ledger::state
