#include "ledger/state/body_types.h"

#include "ledger/util/check.h"

namespace ledger::state {
namespace {

using v1::ROLE_ADMINISTRATOR;
using v1::ROLE_FUND_MANAGER;
using v1::ROLE_OPERATOR;
using v1::ROLE_PROJECT_MANAGER;
using v1::ROLE_TOWNSHIP_REVIEWER;
using v1::ROLE_VILLAGE_ACCOUNTANT;

// Checks what the rest of the code relies on: the payload type is "ledger.v1.<Message>" and
// field 1 is the common header.
bool IsWellFormed(const BodyType& type) {
  const google::protobuf::Descriptor* descriptor = type.prototype->GetDescriptor();
  const google::protobuf::FieldDescriptor* header = descriptor->FindFieldByNumber(1);
  return type.payload_type().starts_with(kPayloadTypePrefix) && header != nullptr &&
         header->message_type() == v1::EntryHeader::descriptor() && !header->is_repeated() &&
         type.authorization.roles.empty() == (type.authorization.subject_scope == nullptr);
}

std::vector<BodyType> MakeBodyTypes() {
  // clang-format off
  std::vector<BodyType> types = {
    {&v1::Genesis::default_instance(), {&CheckGenesis, &CommitGenesis},
     {{}, nullptr, "none: the log's first entry creates its first principal"}},
    {&v1::RegisterPrincipal::default_instance(), {&CheckRegisterPrincipal, &CommitRegisterPrincipal},
     {{ROLE_ADMINISTRATOR}, &RegisterPrincipalScope, "the scope of the principal registered"}},
    {&v1::RegisterKey::default_instance(), {&CheckRegisterKey, &CommitRegisterKey},
     {{ROLE_ADMINISTRATOR}, &RegisterKeyScope, "the scope of the key's principal"}},
    {&v1::RevokeKey::default_instance(), {&CheckRevokeKey, &CommitRevokeKey},
     {{ROLE_ADMINISTRATOR}, &RevokeKeyScope, "the scope of the key's principal"}},
    {&v1::SetPolicy::default_instance(), {&CheckSetPolicy, &CommitSetPolicy},
     {{ROLE_ADMINISTRATOR}, &JurisdictionScope, "the log's jurisdiction"}},
    {&v1::FundReceipt::default_instance(), {&CheckFundReceipt, &CommitFundReceipt},
     {{ROLE_FUND_MANAGER}, &JurisdictionScope, "the log's jurisdiction"}},
    {&v1::ProjectRegistration::default_instance(),
     {&CheckProjectRegistration, &CommitProjectRegistration},
     {{ROLE_PROJECT_MANAGER}, &ProjectRegistrationScope, "the project's location"}},
    {&v1::ProjectStepRecord::default_instance(), {&CheckProjectStepRecord, &CommitProjectStepRecord},
     {{ROLE_PROJECT_MANAGER, ROLE_TOWNSHIP_REVIEWER, ROLE_VILLAGE_ACCOUNTANT}, &ProjectStepScope,
      "the project's location"}},
    {&v1::PlanApproval::default_instance(), {&CheckPlanApproval, &CommitPlanApproval},
     {{ROLE_PROJECT_MANAGER}, &JurisdictionScope, "the log's jurisdiction"}},
    {&v1::Contract::default_instance(), {&CheckContract, &CommitContract},
     {{ROLE_PROJECT_MANAGER}, &ContractScope, "the project's location"}},
    {&v1::Acceptance::default_instance(), {&CheckAcceptance, &CommitAcceptance},
     {{ROLE_PROJECT_MANAGER}, &AcceptanceScope, "the project's location"}},
    {&v1::Disbursement::default_instance(), {&CheckDisbursement, &CommitDisbursement},
     {{ROLE_FUND_MANAGER}, &JurisdictionScope, "the log's jurisdiction"}},
    {&v1::Reversal::default_instance(), {&CheckReversal, &CommitReversal},
     {{ROLE_FUND_MANAGER}, &JurisdictionScope, "the log's jurisdiction"}},
    {&v1::HouseholdRoster::default_instance(), {&CheckHouseholdRoster, &CommitHouseholdRoster},
     {{ROLE_FUND_MANAGER, ROLE_PROJECT_MANAGER}, &JurisdictionScope, "the log's jurisdiction"}},
    {&v1::AssetRegistration::default_instance(), {&CheckAssetRegistration, &CommitAssetRegistration},
     {{ROLE_PROJECT_MANAGER, ROLE_VILLAGE_ACCOUNTANT}, &AssetRegistrationScope, "the asset's location"}},
    {&v1::OwnershipConfirmation::default_instance(),
     {&CheckOwnershipConfirmation, &CommitOwnershipConfirmation},
     {{ROLE_PROJECT_MANAGER}, &AssetScope, "the asset's location"}},
    {&v1::Handover::default_instance(), {&CheckHandover, &CommitHandover},
     {{ROLE_PROJECT_MANAGER, ROLE_VILLAGE_ACCOUNTANT}, &AssetScope, "the asset's location"}},
    {&v1::RightsAssignment::default_instance(), {&CheckRightsAssignment, &CommitRightsAssignment},
     {{ROLE_PROJECT_MANAGER, ROLE_VILLAGE_ACCOUNTANT}, &AssetScope, "the asset's location"}},
    {&v1::OperationContract::default_instance(), {&CheckOperationContract, &CommitOperationContract},
     {{ROLE_PROJECT_MANAGER, ROLE_VILLAGE_ACCOUNTANT}, &AssetScope, "the asset's location"}},
    {&v1::MaintenanceRecord::default_instance(), {&CheckMaintenanceRecord, &CommitMaintenanceRecord},
     {{ROLE_PROJECT_MANAGER, ROLE_VILLAGE_ACCOUNTANT, ROLE_OPERATOR}, &AssetScope,
      "the asset's location"}},
    {&v1::DisposalApplication::default_instance(),
     {&CheckDisposalApplication, &CommitDisposalApplication},
     {{ROLE_PROJECT_MANAGER, ROLE_VILLAGE_ACCOUNTANT}, &AssetScope, "the asset's location"}},
    {&v1::DisposalDecision::default_instance(), {&CheckDisposalDecision, &CommitDisposalDecision},
     {{ROLE_PROJECT_MANAGER, ROLE_VILLAGE_ACCOUNTANT}, &DisposalDecisionScope,
      "the owner unit deciding (its principal's scope must equal it)"}},
    {&v1::DisposalReview::default_instance(), {&CheckDisposalReview, &CommitDisposalReview},
     {{ROLE_TOWNSHIP_REVIEWER}, &DisposalScope,
      "the asset's location (its principal's scope must be the asset's township)"}},
    {&v1::DisposalApproval::default_instance(), {&CheckDisposalApproval, &CommitDisposalApproval},
     {{ROLE_PROJECT_MANAGER, ROLE_FUND_MANAGER}, &DisposalScope,
      "the asset's location (its principal's scope must be the county)"}},
    {&v1::DisposalNotice::default_instance(), {&CheckDisposalNotice, &CommitDisposalNotice},
     {{ROLE_PROJECT_MANAGER, ROLE_VILLAGE_ACCOUNTANT}, &DisposalScope, "the asset's location"}},
    {&v1::DisposalCompletion::default_instance(),
     {&CheckDisposalCompletion, &CommitDisposalCompletion},
     {{ROLE_PROJECT_MANAGER, ROLE_VILLAGE_ACCOUNTANT}, &DisposalScope, "the asset's location"}},
    {&v1::IncomeRecord::default_instance(), {&CheckIncomeRecord, &CommitIncomeRecord},
     {{ROLE_PROJECT_MANAGER, ROLE_VILLAGE_ACCOUNTANT}, &AssetScope, "the asset's location"}},
    {&v1::DistributionPlan::default_instance(), {&CheckDistributionPlan, &CommitDistributionPlan},
     {{ROLE_PROJECT_MANAGER, ROLE_VILLAGE_ACCOUNTANT}, &DistributionPlanScope,
      "the owner's division (its principal's scope must equal it)"}},
    {&v1::DistributionReview::default_instance(),
     {&CheckDistributionReview, &CommitDistributionReview},
     {{ROLE_TOWNSHIP_REVIEWER}, &PlanScope,
      "the plan owner's division (its principal's scope must be the owner's township)"}},
    {&v1::DistributionFiling::default_instance(),
     {&CheckDistributionFiling, &CommitDistributionFiling},
     {{ROLE_PROJECT_MANAGER}, &PlanScope,
      "the plan owner's division (its principal's scope must be the county)"}},
    {&v1::Announcement::default_instance(), {&CheckAnnouncement, &CommitAnnouncement},
     {{ROLE_PROJECT_MANAGER, ROLE_VILLAGE_ACCOUNTANT}, &AnnouncementScope,
      "the subject's location (project, asset, disposal) or the plan owner's division"}},
    {&v1::DistributionPayment::default_instance(),
     {&CheckDistributionPayment, &CommitDistributionPayment},
     {{ROLE_PROJECT_MANAGER, ROLE_VILLAGE_ACCOUNTANT}, &PlanScope, "the plan owner's division"}},
    {&v1::DistributionResult::default_instance(),
     {&CheckDistributionResult, &CommitDistributionResult},
     {{ROLE_PROJECT_MANAGER, ROLE_VILLAGE_ACCOUNTANT}, &PlanScope, "the plan owner's division"}},
    {&v1::EligibilityChange::default_instance(), {&CheckEligibilityChange, &CommitEligibilityChange},
     {{ROLE_VILLAGE_ACCOUNTANT, ROLE_TOWNSHIP_REVIEWER}, &EligibilityScope, "its village"}},
  };
  // clang-format on
  for (const BodyType& type : types) LEDGER_CHECK(IsWellFormed(type));
  return types;
}

}  // namespace

const std::vector<BodyType>& BodyTypes() {
  static const std::vector<BodyType>* const types = new std::vector<BodyType>(MakeBodyTypes());
  return *types;
}

const BodyType* FindBodyType(std::string_view payload_type) {
  for (const BodyType& type : BodyTypes()) {
    if (type.payload_type() == payload_type) return &type;
  }
  return nullptr;
}

}  // namespace ledger::state
