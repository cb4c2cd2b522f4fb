// The authorization table: its contents, every role x body type cell, and scopes.

#include "ledger/state/authorization.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/state/identity_rules.h"
#include "ledger/state/state.h"
#include "ledger/state/state_testing.h"
#include "ledger/util/rule_error.h"

namespace ledger::state {
namespace {

using testing::DumpState;
using testing::ExpectRejected;
using ::testing::HasSubstr;
using testing::kAdminId;
using testing::MakePrincipal;
using testing::TestKey;
using testing::TestKeyId;
using testing::TestLog;
using Code = absl::StatusCode;

std::vector<v1::Role> AllRoles() {
  std::vector<v1::Role> roles;
  for (int r = v1::Role_MIN; r <= v1::Role_MAX; ++r) {
    if (r != v1::ROLE_UNSPECIFIED && v1::Role_IsValid(r)) roles.push_back(static_cast<v1::Role>(r));
  }
  return roles;
}

// The table as it should be; changing who may submit what is a deliberate edit here too.
TEST(AuthorizationTableTest, ListsEveryBodyTypeWithItsRoles) {
  const std::map<std::string, std::vector<v1::Role>> expected = {
      {"ledger.v1.Genesis", {}},
      {"ledger.v1.RegisterPrincipal", {v1::ROLE_ADMINISTRATOR}},
      {"ledger.v1.RegisterKey", {v1::ROLE_ADMINISTRATOR}},
      {"ledger.v1.RevokeKey", {v1::ROLE_ADMINISTRATOR}},
      {"ledger.v1.SetPolicy", {v1::ROLE_ADMINISTRATOR}},
      {"ledger.v1.FundReceipt", {v1::ROLE_FUND_MANAGER}},
      {"ledger.v1.ProjectRegistration", {v1::ROLE_PROJECT_MANAGER}},
      {"ledger.v1.ProjectStepRecord",
       {v1::ROLE_PROJECT_MANAGER, v1::ROLE_TOWNSHIP_REVIEWER, v1::ROLE_VILLAGE_ACCOUNTANT}},
      {"ledger.v1.PlanApproval", {v1::ROLE_PROJECT_MANAGER}},
      {"ledger.v1.Contract", {v1::ROLE_PROJECT_MANAGER}},
      {"ledger.v1.Acceptance", {v1::ROLE_PROJECT_MANAGER}},
      {"ledger.v1.Disbursement", {v1::ROLE_FUND_MANAGER}},
      {"ledger.v1.Reversal", {v1::ROLE_FUND_MANAGER}},
      {"ledger.v1.HouseholdRoster", {v1::ROLE_FUND_MANAGER, v1::ROLE_PROJECT_MANAGER}},
      {"ledger.v1.AssetRegistration", {v1::ROLE_PROJECT_MANAGER, v1::ROLE_VILLAGE_ACCOUNTANT}},
      {"ledger.v1.OwnershipConfirmation", {v1::ROLE_PROJECT_MANAGER}},
      {"ledger.v1.Handover", {v1::ROLE_PROJECT_MANAGER, v1::ROLE_VILLAGE_ACCOUNTANT}},
      {"ledger.v1.RightsAssignment", {v1::ROLE_PROJECT_MANAGER, v1::ROLE_VILLAGE_ACCOUNTANT}},
      {"ledger.v1.OperationContract", {v1::ROLE_PROJECT_MANAGER, v1::ROLE_VILLAGE_ACCOUNTANT}},
      {"ledger.v1.MaintenanceRecord",
       {v1::ROLE_PROJECT_MANAGER, v1::ROLE_VILLAGE_ACCOUNTANT, v1::ROLE_OPERATOR}},
      {"ledger.v1.DisposalApplication", {v1::ROLE_PROJECT_MANAGER, v1::ROLE_VILLAGE_ACCOUNTANT}},
      {"ledger.v1.DisposalDecision", {v1::ROLE_PROJECT_MANAGER, v1::ROLE_VILLAGE_ACCOUNTANT}},
      {"ledger.v1.DisposalReview", {v1::ROLE_TOWNSHIP_REVIEWER}},
      {"ledger.v1.DisposalApproval", {v1::ROLE_PROJECT_MANAGER, v1::ROLE_FUND_MANAGER}},
      {"ledger.v1.DisposalNotice", {v1::ROLE_PROJECT_MANAGER, v1::ROLE_VILLAGE_ACCOUNTANT}},
      {"ledger.v1.DisposalCompletion", {v1::ROLE_PROJECT_MANAGER, v1::ROLE_VILLAGE_ACCOUNTANT}},
      {"ledger.v1.IncomeRecord", {v1::ROLE_PROJECT_MANAGER, v1::ROLE_VILLAGE_ACCOUNTANT}},
      {"ledger.v1.EligibilityChange", {v1::ROLE_VILLAGE_ACCOUNTANT, v1::ROLE_TOWNSHIP_REVIEWER}},
      {"ledger.v1.DistributionPlan", {v1::ROLE_PROJECT_MANAGER, v1::ROLE_VILLAGE_ACCOUNTANT}},
      {"ledger.v1.DistributionReview", {v1::ROLE_TOWNSHIP_REVIEWER}},
      {"ledger.v1.DistributionFiling", {v1::ROLE_PROJECT_MANAGER}},
      {"ledger.v1.Announcement", {v1::ROLE_PROJECT_MANAGER, v1::ROLE_VILLAGE_ACCOUNTANT}},
      {"ledger.v1.DistributionPayment", {v1::ROLE_PROJECT_MANAGER, v1::ROLE_VILLAGE_ACCOUNTANT}},
      {"ledger.v1.DistributionResult", {v1::ROLE_PROJECT_MANAGER, v1::ROLE_VILLAGE_ACCOUNTANT}},
  };
  std::map<std::string, std::vector<v1::Role>> actual;
  for (const AuthorizationRow& row : AuthorizationTable()) {
    EXPECT_FALSE(row.subject.empty()) << row.payload_type;
    actual[row.payload_type] = row.roles;
  }
  EXPECT_EQ(actual, expected);
  EXPECT_EQ(AuthorizationTable().front().payload_type, "ledger.v1.Genesis");
  EXPECT_FALSE(RoleMaySubmit(v1::ROLE_ADMINISTRATOR, "ledger.v1.Nope"));
}

// A valid body of each type for the standard log with the fund and asset fixtures
// (testing::TestLog::Standard, testing::FundFixture, testing::AssetFixture, plus payment "D8" of
// 100.00 yuan for Reversal and HouseholdRoster, and disposal "X8" of AS1 at the step before for
// the disposal chain), as a principal holding `role` would submit it.
std::unique_ptr<google::protobuf::Message> SampleBody(const std::string& payload_type,
                                                      const LedgerState& state, v1::Role role) {
  if (payload_type == "ledger.v1.Genesis")
    return std::make_unique<v1::Genesis>(testing::MakeGenesis());
  if (payload_type == "ledger.v1.RegisterPrincipal") {
    return std::make_unique<v1::RegisterPrincipal>(TestLog::RegisterPrincipal(
        MakePrincipal("village-341721001009", v1::PRINCIPAL_KIND_VILLAGE_COMMITTEE, "341721001009",
                      {v1::ROLE_VILLAGE_ACCOUNTANT})));
  }
  if (payload_type == "ledger.v1.RegisterKey") {
    return std::make_unique<v1::RegisterKey>(TestLog::RegisterKey("fin-341721", 8));
  }
  if (payload_type == "ledger.v1.RevokeKey") {
    return std::make_unique<v1::RevokeKey>(TestLog::RevokeKey(TestKeyId(2)));
  }
  if (payload_type == "ledger.v1.SetPolicy") {
    v1::Policy policy;
    policy.set_notice_period_days(20);
    return std::make_unique<v1::SetPolicy>(TestLog::SetPolicy(policy));
  }
  if (payload_type == "ledger.v1.FundReceipt") {
    return std::make_unique<v1::FundReceipt>(
        testing::MakeReceipt("R9", v1::FUND_SOURCE_CENTRAL_LINKAGE, 10'000));
  }
  if (payload_type == "ledger.v1.ProjectRegistration") {
    return std::make_unique<v1::ProjectRegistration>(testing::MakeProject("P9"));
  }
  if (payload_type == "ledger.v1.ProjectStepRecord") {
    return std::make_unique<v1::ProjectStepRecord>(
        testing::MakeStep("P2", v1::PROJECT_STEP_VILLAGE_APPLICATION, "2026-04-01"));
  }
  if (payload_type == "ledger.v1.PlanApproval") {
    return std::make_unique<v1::PlanApproval>([] {
      auto body = testing::MakeApproval("P1", v1::FUND_SOURCE_CENTRAL_LINKAGE, 60'000, true);
      body.set_reapproval_document("县乡村振兴领导小组〔2026〕9号");
      return body;
    }());
  }
  if (payload_type == "ledger.v1.Contract") {
    return std::make_unique<v1::Contract>(testing::MakeContract("C9", "P1", 10'000));
  }
  if (payload_type == "ledger.v1.Acceptance") {
    return std::make_unique<v1::Acceptance>(testing::MakeAcceptance("A9", "P1"));
  }
  if (payload_type == "ledger.v1.Disbursement") {
    return std::make_unique<v1::Disbursement>(
        testing::MakeDisbursement("D9", "P1", "C1", v1::FUND_SOURCE_CENTRAL_LINKAGE,
                                  v1::DISBURSEMENT_STAGE_PROGRESS, 10'000));
  }
  if (payload_type == "ledger.v1.Reversal") {
    return std::make_unique<v1::Reversal>(
        testing::MakeReversal(state, v1::REVERSED_ENTRY_KIND_DISBURSEMENT, "D8"));
  }
  if (payload_type == "ledger.v1.HouseholdRoster") {
    return std::make_unique<v1::HouseholdRoster>(testing::MakeRoster(
        "RS9", "D8", {testing::CashLine("hh-1", 6'000), testing::CashLine("hh-2", 4'000)}));
  }
  using testing::Share;
  if (payload_type == "ledger.v1.AssetRegistration") {
    return std::make_unique<v1::AssetRegistration>(
        testing::MakeAsset("AS9", v1::ASSET_CLASS_OPERATIONAL, 100, ""));
  }
  if (payload_type == "ledger.v1.OwnershipConfirmation") {
    return std::make_unique<v1::OwnershipConfirmation>(
        testing::MakeConfirmation("AS1", {Share(testing::VillageParty(), 10'000)}, "2026-08-01"));
  }
  if (payload_type == "ledger.v1.Handover") {
    return std::make_unique<v1::Handover>(testing::MakeHandover("AS2"));
  }
  if (payload_type == "ledger.v1.RightsAssignment") {
    return std::make_unique<v1::RightsAssignment>(testing::MakeRights(
        "AS1", v1::RIGHT_KIND_SUPERVISION, {Share(testing::Organisation("村务监督委员会"))}));
  }
  if (payload_type == "ledger.v1.OperationContract") {
    return std::make_unique<v1::OperationContract>(
        testing::MakeOperationContract("OC9", "AS1", 1'200));
  }
  if (payload_type == "ledger.v1.MaintenanceRecord") {
    return std::make_unique<v1::MaintenanceRecord>(
        testing::MakeMaintenance("AS1", "2026-08-10", v1::ASSET_CONDITION_GOOD));
  }
  if (payload_type == "ledger.v1.DisposalApplication") {
    return std::make_unique<v1::DisposalApplication>(
        testing::MakeDisposal("X9", "AS1", v1::DISPOSAL_METHOD_SCRAPPING));
  }
  if (payload_type == "ledger.v1.DisposalDecision") {
    return std::make_unique<v1::DisposalDecision>(testing::MakeDecision("X8"));
  }
  if (payload_type == "ledger.v1.DisposalReview") {
    return std::make_unique<v1::DisposalReview>(testing::MakeReview("X8"));
  }
  if (payload_type == "ledger.v1.DisposalApproval") {
    return std::make_unique<v1::DisposalApproval>(testing::MakeDisposalApproval(
        "X8", role == v1::ROLE_FUND_MANAGER ? v1::APPROVAL_AUTHORITY_FINANCE
                                            : v1::APPROVAL_AUTHORITY_DEPARTMENT));
  }
  if (payload_type == "ledger.v1.DisposalNotice") {
    return std::make_unique<v1::DisposalNotice>(testing::MakeNotice("X8"));
  }
  if (payload_type == "ledger.v1.DisposalCompletion") {
    return std::make_unique<v1::DisposalCompletion>(testing::MakeCompletion("X8", 5'000, 5'000));
  }
  if (payload_type == "ledger.v1.EligibilityChange") {
    v1::EligibilityChange body;
    body.set_village(std::string(testing::kVillage));
    body.set_beneficiary_ref("hh-001");
    body.set_status(v1::ELIGIBILITY_STATUS_REMOVED);
    body.set_effective_date("2026-10-01");
    body.set_basis("动态调整〔2026〕2号");
    return std::make_unique<v1::EligibilityChange>(body);
  }
  if (payload_type == "ledger.v1.IncomeRecord") {
    return std::make_unique<v1::IncomeRecord>(testing::MakeIncome("I9", "AS1"));
  }
  if (payload_type == "ledger.v1.DistributionPlan") {
    return std::make_unique<v1::DistributionPlan>(
        testing::MakeDistributionPlan("DP9", {"I1"}, testing::StandardAllocations()));
  }
  if (payload_type == "ledger.v1.DistributionReview") {
    return std::make_unique<v1::DistributionReview>(testing::MakeDistributionReview("DP8"));
  }
  if (payload_type == "ledger.v1.DistributionFiling") {
    return std::make_unique<v1::DistributionFiling>(testing::MakeFiling("DP8"));
  }
  if (payload_type == "ledger.v1.Announcement") {
    return std::make_unique<v1::Announcement>(
        testing::MakeAnnouncement("AN9", v1::ANNOUNCEMENT_SUBJECT_ASSET_LEDGER, "AS1"));
  }
  if (payload_type == "ledger.v1.DistributionPayment") {
    return std::make_unique<v1::DistributionPayment>(testing::MakeDistributionPayment(
        "PAY9", "DP8", {testing::PaymentLine("hh-009", "public_welfare_labour", 1'000)}));
  }
  if (payload_type == "ledger.v1.DistributionResult") {
    return std::make_unique<v1::DistributionResult>(testing::MakeDistributionResult("DP8"));
  }
  return nullptr;
}

// Every role x every body type: a principal holding exactly that role, with the county's scope,
// submits a valid entry of the type.
TEST(AuthorizationTableTest, EveryCellAllowsOrDenies) {
  int allowed = 0;
  int denied = 0;
  for (const AuthorizationRow& row : AuthorizationTable()) {
    for (v1::Role role : AllRoles()) {
      SCOPED_TRACE(absl::StrCat(row.payload_type, " by ", RoleName(role)));
      TestLog log;
      log.Standard();
      testing::FundFixture(log);
      testing::AssetFixture(log);
      const std::string id = absl::StrCat("p-", RoleName(role));
      const v1::PrincipalKind kind = role == v1::ROLE_ADMINISTRATOR
                                         ? v1::PRINCIPAL_KIND_ADMINISTRATOR
                                         : v1::PRINCIPAL_KIND_INDUSTRY_DEPARTMENT;
      // A disposal decision and a distribution plan are signed by the owner unit itself, a
      // review by the asset's or owner's township; everything else by a county principal.
      const std::string scope = row.payload_type == "ledger.v1.DisposalDecision" ||
                                        row.payload_type == "ledger.v1.DistributionPlan"
                                    ? std::string(testing::kVillage)
                                : row.payload_type == "ledger.v1.DisposalReview" ||
                                        row.payload_type == "ledger.v1.DistributionReview"
                                    ? "341721001"
                                    : "341721";
      auto principal = TestLog::RegisterPrincipal(MakePrincipal(id, kind, scope, {role}));
      ASSERT_TRUE(log.Submit(principal, kAdminId, TestKey(1)).ok());
      auto key = TestLog::RegisterKey(id, 7);
      ASSERT_TRUE(log.Submit(key, kAdminId, TestKey(1)).ok());

      if (row.payload_type == "ledger.v1.Reversal" ||
          row.payload_type == "ledger.v1.HouseholdRoster") {
        auto payment = testing::MakeDisbursement("D8", "P1", "C1", v1::FUND_SOURCE_CENTRAL_LINKAGE,
                                                 v1::DISBURSEMENT_STAGE_PROGRESS, 10'000);
        ASSERT_TRUE(log.Submit(payment, testing::kFinanceId, TestKey(2)).ok());
      }
      if (row.payload_type == "ledger.v1.IncomeRecord") {
        auto lease = testing::MakeOperationContract("OC8", "AS1", 1'200);
        ASSERT_TRUE(log.Submit(lease, testing::kVillageAccountantId, TestKey(9)).ok());
      }
      const std::pair<std::string_view, DisposalStage> disposal_steps[] = {
          {"ledger.v1.DisposalDecision", DisposalStage::kApplied},
          {"ledger.v1.DisposalReview", DisposalStage::kDecided},
          {"ledger.v1.DisposalApproval", DisposalStage::kReviewed},
          {"ledger.v1.DisposalNotice", DisposalStage::kApproved},
          {"ledger.v1.DisposalCompletion", DisposalStage::kNoticed}};
      for (const auto& [type, stage] : disposal_steps) {
        if (row.payload_type != type) continue;
        auto application = testing::MakeDisposal("X8", "AS1", v1::DISPOSAL_METHOD_SCRAPPING);
        ASSERT_TRUE(log.Submit(application, testing::kVillageAccountantId, TestKey(9)).ok());
        ASSERT_NO_FATAL_FAILURE(
            testing::AdvanceDisposal(log, "X8", DisposalStage::kApplied, stage));
      }
      const std::pair<std::string_view, testing::PlanStep> plan_steps[] = {
          {"ledger.v1.DistributionPlan", testing::PlanStep::kAdopted},
          {"ledger.v1.DistributionReview", testing::PlanStep::kAdopted},
          {"ledger.v1.DistributionFiling", testing::PlanStep::kReviewed},
          {"ledger.v1.DistributionPayment", testing::PlanStep::kAnnounced},
          {"ledger.v1.DistributionResult", testing::PlanStep::kPaid}};
      for (const auto& [type, step] : plan_steps) {
        if (row.payload_type != type) continue;
        ASSERT_NO_FATAL_FAILURE(testing::DistributionFixture(log));
        if (type == "ledger.v1.DistributionPlan") continue;  // the sample is the plan itself
        auto plan = testing::MakeDistributionPlan("DP8", {"I1"}, testing::StandardAllocations());
        ASSERT_TRUE(log.Submit(plan, testing::kVillageAccountantId, TestKey(9)).ok());
        ASSERT_NO_FATAL_FAILURE(
            testing::AdvancePlan(log, "DP8", testing::PlanStep::kAdopted, step));
      }
      std::unique_ptr<google::protobuf::Message> body =
          SampleBody(row.payload_type, log.state(), role);
      ASSERT_NE(body, nullptr) << "no sample body for " << row.payload_type << ": add one";
      const std::string before = DumpState(log.state());
      absl::Status s = log.Submit(*body, id, TestKey(7));
      if (row.payload_type == "ledger.v1.Genesis") {
        // Nobody submits a Genesis to a started log, whatever its roles.
        EXPECT_FALSE(RoleMaySubmit(role, row.payload_type));
        ExpectRejected(s, Code::kFailedPrecondition, "L-GENESIS", "accepted only as entry 0");
        ++denied;
      } else if (RoleMaySubmit(role, row.payload_type)) {
        EXPECT_TRUE(s.ok()) << s;
        ++allowed;
      } else {
        std::string required;
        for (v1::Role r : row.roles)
          absl::StrAppend(&required, required.empty() ? "" : " or ", RoleName(r));
        ExpectRejected(
            s, Code::kPermissionDenied, "L-AUTH",
            absl::StrCat("principal ", id, " (roles ", RoleName(role), ", scope ", scope,
                         ") may not submit ", row.payload_type, ": requires ", required));
        ++denied;
      }
      if (!s.ok()) {
        EXPECT_EQ(DumpState(log.state()), before);
      }
    }
  }
  const int cells = static_cast<int>(AuthorizationTable().size() * AllRoles().size());
  EXPECT_EQ(allowed + denied, cells);
  // The administrator for the four identity and policy types; one role each for seven fund types,
  // two for HouseholdRoster, three for ProjectStepRecord; for the twelve asset types one
  // (OwnershipConfirmation, DisposalReview), three (MaintenanceRecord) or two (the others); two
  // for IncomeRecord; for the six distribution types one (DistributionReview, DistributionFiling)
  // or two (the others); two for EligibilityChange.
  EXPECT_EQ(allowed, 4 + 7 + 2 + 3 + 1 + 1 + 3 + 9 * 2 + 2 + 1 + 1 + 4 * 2 + 2);
}

TEST(AuthorizationTest, DenialNamesPrincipalRolesScopeTypeAndRequirement) {
  TestLog log;
  log.Standard();
  auto body = TestLog::RegisterKey("fin-341721", 8);
  ExpectRejected(log.Submit(body, "fin-341721", TestKey(2)), Code::kPermissionDenied, "L-AUTH",
                 "principal fin-341721 (roles FUND_MANAGER, scope 341721) may not submit "
                 "ledger.v1.RegisterKey: requires ADMINISTRATOR");
}

TEST(AuthorizationTest, ListsAllRolesOfTheDeniedPrincipal) {
  TestLog log;
  log.Standard();
  auto multi = TestLog::RegisterPrincipal(MakePrincipal(
      "multi", v1::PRINCIPAL_KIND_AUDITOR, "341721001", {v1::ROLE_AUDITOR, v1::ROLE_OPERATOR}));
  ASSERT_TRUE(log.Submit(multi, kAdminId, TestKey(1)).ok());
  auto key = TestLog::RegisterKey("multi", 7);
  ASSERT_TRUE(log.Submit(key, kAdminId, TestKey(1)).ok());
  v1::Policy policy;
  policy.set_notice_period_days(20);
  auto body = TestLog::SetPolicy(policy);
  ExpectRejected(log.Submit(body, "multi", TestKey(7)), Code::kPermissionDenied, "L-AUTH",
                 "principal multi (roles AUDITOR, OPERATOR, scope 341721001) may not submit "
                 "ledger.v1.SetPolicy: requires ADMINISTRATOR");
}

// A township administrator acts for its township and villages only.
class TownshipAdministratorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_.Standard();
    auto admin = TestLog::RegisterPrincipal(MakePrincipal(
        "town-admin", v1::PRINCIPAL_KIND_ADMINISTRATOR, "341721001", {v1::ROLE_ADMINISTRATOR}));
    ASSERT_TRUE(log_.Submit(admin, kAdminId, TestKey(1)).ok());
    auto key = TestLog::RegisterKey("town-admin", 6);
    ASSERT_TRUE(log_.Submit(key, kAdminId, TestKey(1)).ok());
  }
  absl::Status Submit(google::protobuf::Message& body) {
    return log_.Submit(body, "town-admin", TestKey(6));
  }
  void ExpectOutOfScope(google::protobuf::Message& body, const std::string& subject) {
    const std::string before = DumpState(log_.state());
    ExpectRejected(Submit(body), Code::kPermissionDenied, "L-AUTH",
                   absl::StrCat("principal town-admin (roles ADMINISTRATOR, scope 341721001) may "
                                "not submit ",
                                body.GetDescriptor()->full_name(), " for scope ", subject,
                                ": requires a principal whose scope contains it"));
    EXPECT_EQ(DumpState(log_.state()), before);
  }
  TestLog log_;
};

TEST_F(TownshipAdministratorTest, RegistersPrincipalsOnlyWithinItsTownship) {
  auto own = TestLog::RegisterPrincipal(MakePrincipal(
      "v1", v1::PRINCIPAL_KIND_VILLAGE_COMMITTEE, "341721001001", {v1::ROLE_VILLAGE_ACCOUNTANT}));
  EXPECT_TRUE(Submit(own).ok());
  auto itself = TestLog::RegisterPrincipal(
      MakePrincipal("t1", v1::PRINCIPAL_KIND_TOWNSHIP, "341721001", {v1::ROLE_TOWNSHIP_REVIEWER}));
  EXPECT_TRUE(Submit(itself).ok());
  auto other = TestLog::RegisterPrincipal(MakePrincipal(
      "v2", v1::PRINCIPAL_KIND_VILLAGE_COMMITTEE, "341721002001", {v1::ROLE_VILLAGE_ACCOUNTANT}));
  ExpectOutOfScope(other, "341721002001");
  auto county = TestLog::RegisterPrincipal(
      MakePrincipal("c1", v1::PRINCIPAL_KIND_FINANCE_BUREAU, "341721", {v1::ROLE_FUND_MANAGER}));
  ExpectOutOfScope(county, "341721");
  // A prefix of the digits is not enough: 3417210010 is not a division code at all.
  auto malformed = TestLog::RegisterPrincipal(MakePrincipal(
      "x1", v1::PRINCIPAL_KIND_VILLAGE_COMMITTEE, "3417210010", {v1::ROLE_VILLAGE_ACCOUNTANT}));
  ExpectRejected(Submit(malformed), Code::kInvalidArgument, "L-FIELD",
                 "principal.scope \"3417210010\" is not an administrative division code");
}

TEST_F(TownshipAdministratorTest, ManagesKeysOnlyWithinItsTownship) {
  auto own = TestLog::RegisterKey("town-341721001", 8);
  EXPECT_TRUE(Submit(own).ok());
  auto county = TestLog::RegisterKey("fin-341721", 9);
  ExpectOutOfScope(county, "341721");
  auto revoke_county = TestLog::RevokeKey(TestKeyId(2));
  ExpectOutOfScope(revoke_county, "341721");
  auto revoke_own = TestLog::RevokeKey(TestKeyId(3));
  EXPECT_TRUE(Submit(revoke_own).ok());
}

TEST_F(TownshipAdministratorTest, CannotSetTheCountysPolicy) {
  v1::Policy policy;
  policy.set_notice_period_days(20);
  auto body = TestLog::SetPolicy(policy);
  ExpectOutOfScope(body, "341721");
}

TEST_F(TownshipAdministratorTest, UnknownSubjectsAreNotFoundBeforeScopeIsJudged) {
  auto key = TestLog::RegisterKey("nobody", 9);
  ExpectRejected(Submit(key), Code::kNotFound, "L-IDENTITY",
                 "principal \"nobody\" is not registered in this log");
  auto revoke = TestLog::RevokeKey("0123");
  ExpectRejected(Submit(revoke), Code::kNotFound, "L-IDENTITY",
                 "key \"0123\" is not registered in this log");
}

}  // namespace
}  // namespace ledger::state
