#ifndef LEDGER_STATE_HANDLERS_H_
#define LEDGER_STATE_HANDLERS_H_

// The per-body-type part of Apply (state.h, step 6), and the only way to change a LedgerState.
//
// A handler has two halves so that Apply is atomic: `check` reads the state and decides
// (returning every rejection), then `commit` writes an accepted entry and cannot fail. So a
// rejected entry leaves no trace, without copying the state.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/crypto/ed25519.h"
#include "ledger/state/entry.h"
#include "ledger/v1/assets.pb.h"
#include "ledger/v1/entry.pb.h"
#include "ledger/v1/funds.pb.h"
#include "ledger/v1/income.pb.h"

namespace ledger::state {

class LedgerState;

// Write access to a LedgerState for commit functions and Apply. Each method keeps the state's
// invariants given arguments that the check half has validated (it asserts the ones that would
// corrupt the registry: no duplicate principal or key, no key for an unknown principal).
class StateMutator {
 public:
  explicit StateMutator(LedgerState& state) : state_(state) {}

  void SetJurisdiction(std::string division_code, std::string division_name,
                       std::string checkpoint_verifier_key);
  void AddPrincipal(const v1::Principal& principal, uint64_t index);
  void AddKey(const std::string& principal_id, const crypto::Ed25519PublicKey& key, uint64_t index);
  void RevokeKey(std::string_view key_id, uint64_t index);
  // Replaces each parameter present in `patch` (a list as a whole).
  void MergePolicy(const v1::Policy& patch);
  // Funds (fund_state.cc): each records the entry and makes its transfers.
  void AddFundReceipt(const v1::FundReceipt& receipt, uint64_t index);
  void AddProject(const v1::ProjectRegistration& registration, uint64_t index);
  void AddProjectStep(const v1::ProjectStepRecord& step);
  void ApprovePlan(const v1::PlanApproval& approval, std::string_view business_date,
                   uint64_t index);
  void AddContract(const v1::Contract& contract, uint64_t index);
  void AddAcceptance(const v1::Acceptance& acceptance);
  void AddDisbursement(const v1::Disbursement& payment, uint64_t index);
  void AddReversal(const v1::Reversal& reversal, uint64_t index);
  void AddRoster(const v1::HouseholdRoster& roster);
  // Assets (asset_state.cc): each records the entry and moves the asset's status.
  void AddAsset(const v1::AssetRegistration& registration, uint64_t index);
  void ConfirmOwnership(const v1::OwnershipConfirmation& confirmation, uint64_t index);
  void HandOver(const v1::Handover& handover, uint64_t index);
  void AssignRights(const v1::RightsAssignment& assignment, uint64_t index);
  void AddOperationContract(const v1::OperationContract& contract, uint64_t index);
  void AddMaintenance(const v1::MaintenanceRecord& record, uint64_t index);
  // The disposal needs a decision of each owner's unit (its division: the village of a village
  // collective or household), and a township review unless the asset is at county level.
  void ApplyForDisposal(const v1::DisposalApplication& application, uint64_t index);
  void DecideDisposal(const v1::DisposalDecision& decision, uint64_t index);
  void ReviewDisposal(const v1::DisposalReview& review, uint64_t index);
  void ApproveDisposal(const v1::DisposalApproval& approval, uint64_t index);
  void NoticeDisposal(const v1::DisposalNotice& notice, uint64_t index);
  void CompleteDisposal(const v1::DisposalCompletion& completion, uint64_t index);
  // Income (income_state.cc): books the net income to the receiving owner.
  void AddIncome(const v1::IncomeRecord& record, uint64_t index);
  void AddEligibilityChange(const v1::EligibilityChange& change, uint64_t index);
  // Distribution (distribution_state.cc): each records the step and moves the plan's stage; a
  // refused review or a result closes the plan (its unpaid total returns to the owner's balance).
  void AdoptDistributionPlan(const v1::DistributionPlan& plan, uint64_t index);
  void ReviewDistribution(const v1::DistributionReview& review, uint64_t index);
  void FileDistribution(const v1::DistributionFiling& filing, uint64_t index);
  void AddAnnouncement(const v1::Announcement& announcement, uint64_t index);
  void PayDistribution(const v1::DistributionPayment& payment, uint64_t index);
  void RecordDistributionResult(const v1::DistributionResult& result, uint64_t index);
  // Counts the entry just applied: size() grows by one.
  void Advance();

 private:
  LedgerState& state_;
};

struct Handler {
  // Reads only; returns the rejection, if any.
  absl::Status (*check)(const LedgerState& state, const Entry& entry);
  // Applies an entry that `check` accepted as index `index`.
  void (*commit)(StateMutator& state, const Entry& entry, uint64_t index);
};

// Identity (identity_handlers.cc, genesis_handler.cc).
absl::Status CheckGenesis(const LedgerState& state, const Entry& entry);
void CommitGenesis(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckRegisterPrincipal(const LedgerState& state, const Entry& entry);
void CommitRegisterPrincipal(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckRegisterKey(const LedgerState& state, const Entry& entry);
void CommitRegisterKey(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckRevokeKey(const LedgerState& state, const Entry& entry);
void CommitRevokeKey(StateMutator& state, const Entry& entry, uint64_t index);

// The administrator key a Genesis registers (and is signed with). L-GENESIS kInvalidArgument
// unless it is 32 bytes forming a valid Ed25519 public key.
absl::StatusOr<crypto::Ed25519PublicKey> GenesisAdministratorKey(const v1::Genesis& genesis);

// Subjects of identity entries (authorization.h): the scope of the principal registered, of the
// principal a key is registered for, of the principal whose key is revoked.
absl::StatusOr<std::string> RegisterPrincipalScope(const LedgerState& state, const Entry& entry);
absl::StatusOr<std::string> RegisterKeyScope(const LedgerState& state, const Entry& entry);
absl::StatusOr<std::string> RevokeKeyScope(const LedgerState& state, const Entry& entry);

// Policy (policy_handlers.cc).
absl::Status CheckSetPolicy(const LedgerState& state, const Entry& entry);
void CommitSetPolicy(StateMutator& state, const Entry& entry, uint64_t index);

// Funds (fund_handlers.cc): rules L-FUND (unknown ids kNotFound, duplicates kAlreadyExists,
// mismatched references kFailedPrecondition), L-FIELD, R1..R7, R9, and R11 for a payment (the
// project's before-notice, an Announcement, has ended).
absl::Status CheckFundReceipt(const LedgerState& state, const Entry& entry);
void CommitFundReceipt(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckProjectRegistration(const LedgerState& state, const Entry& entry);
void CommitProjectRegistration(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckProjectStepRecord(const LedgerState& state, const Entry& entry);
void CommitProjectStepRecord(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckPlanApproval(const LedgerState& state, const Entry& entry);
void CommitPlanApproval(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckContract(const LedgerState& state, const Entry& entry);
void CommitContract(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckAcceptance(const LedgerState& state, const Entry& entry);
void CommitAcceptance(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckDisbursement(const LedgerState& state, const Entry& entry);
void CommitDisbursement(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckReversal(const LedgerState& state, const Entry& entry);
void CommitReversal(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckHouseholdRoster(const LedgerState& state, const Entry& entry);
void CommitHouseholdRoster(StateMutator& state, const Entry& entry, uint64_t index);

// Subjects of fund entries: a new project's `location` (L-FIELD if malformed, L-FUND
// kInvalidArgument if outside the jurisdiction); the location of the project a step, contract or
// acceptance names (L-FUND kNotFound for an unknown project).
absl::StatusOr<std::string> ProjectRegistrationScope(const LedgerState& state, const Entry& entry);
absl::StatusOr<std::string> ProjectStepScope(const LedgerState& state, const Entry& entry);
absl::StatusOr<std::string> ContractScope(const LedgerState& state, const Entry& entry);
absl::StatusOr<std::string> AcceptanceScope(const LedgerState& state, const Entry& entry);

// Assets (asset_handlers.cc, disposal_handlers.cc): rules L-ASSET (unknown ids kNotFound,
// duplicates kAlreadyExists, a step the asset's status does not allow kFailedPrecondition),
// L-FIELD, R13–R18, R26, R27.
absl::Status CheckAssetRegistration(const LedgerState& state, const Entry& entry);
void CommitAssetRegistration(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckOwnershipConfirmation(const LedgerState& state, const Entry& entry);
void CommitOwnershipConfirmation(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckHandover(const LedgerState& state, const Entry& entry);
void CommitHandover(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckRightsAssignment(const LedgerState& state, const Entry& entry);
void CommitRightsAssignment(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckOperationContract(const LedgerState& state, const Entry& entry);
void CommitOperationContract(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckMaintenanceRecord(const LedgerState& state, const Entry& entry);
void CommitMaintenanceRecord(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckDisposalApplication(const LedgerState& state, const Entry& entry);
void CommitDisposalApplication(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckDisposalDecision(const LedgerState& state, const Entry& entry);
void CommitDisposalDecision(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckDisposalReview(const LedgerState& state, const Entry& entry);
void CommitDisposalReview(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckDisposalApproval(const LedgerState& state, const Entry& entry);
void CommitDisposalApproval(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckDisposalNotice(const LedgerState& state, const Entry& entry);
void CommitDisposalNotice(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckDisposalCompletion(const LedgerState& state, const Entry& entry);
void CommitDisposalCompletion(StateMutator& state, const Entry& entry, uint64_t index);

// Income (income_handlers.cc): rules L-INCOME (unknown or duplicate ids, overlapping periods),
// L-FIELD, R16, R17, R19, R27.
absl::Status CheckIncomeRecord(const LedgerState& state, const Entry& entry);
void CommitIncomeRecord(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckEligibilityChange(const LedgerState& state, const Entry& entry);
void CommitEligibilityChange(StateMutator& state, const Entry& entry, uint64_t index);
// The subject of an EligibilityChange: its village.
absl::StatusOr<std::string> EligibilityScope(const LedgerState& state, const Entry& entry);

// Distribution (distribution_handlers.cc) and announcements (announcement_handlers.cc): rules
// L-INCOME (unknown ids kNotFound, duplicates kAlreadyExists, a step the plan's stage does not
// allow kFailedPrecondition), L-FIELD, L-DATE, R11, R19–R21, R23, R24, R26.
absl::Status CheckDistributionPlan(const LedgerState& state, const Entry& entry);
void CommitDistributionPlan(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckDistributionReview(const LedgerState& state, const Entry& entry);
void CommitDistributionReview(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckDistributionFiling(const LedgerState& state, const Entry& entry);
void CommitDistributionFiling(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckDistributionPayment(const LedgerState& state, const Entry& entry);
void CommitDistributionPayment(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckDistributionResult(const LedgerState& state, const Entry& entry);
void CommitDistributionResult(StateMutator& state, const Entry& entry, uint64_t index);
absl::Status CheckAnnouncement(const LedgerState& state, const Entry& entry);
void CommitAnnouncement(StateMutator& state, const Entry& entry, uint64_t index);

// Subjects of distribution entries: a new plan's owner division (a public owner: L-FIELD
// otherwise); the owner division of the plan an entry names (L-INCOME kNotFound if unknown); an
// announcement's subject (the project's or asset's location, the plan owner's division).
absl::StatusOr<std::string> DistributionPlanScope(const LedgerState& state, const Entry& entry);
absl::StatusOr<std::string> PlanScope(const LedgerState& state, const Entry& entry);
absl::StatusOr<std::string> AnnouncementScope(const LedgerState& state, const Entry& entry);

// Subjects of asset entries: a new asset's `location`; the location of the asset an entry names
// (through its disposal for the disposal chain); a disposal decision's owner_division.
absl::StatusOr<std::string> AssetRegistrationScope(const LedgerState& state, const Entry& entry);
absl::StatusOr<std::string> AssetScope(const LedgerState& state, const Entry& entry);
absl::StatusOr<std::string> DisposalScope(const LedgerState& state, const Entry& entry);
absl::StatusOr<std::string> DisposalDecisionScope(const LedgerState& state, const Entry& entry);

}  // namespace ledger::state

#endif  // LEDGER_STATE_HANDLERS_H_
