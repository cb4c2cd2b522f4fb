#ifndef LEDGER_STATE_ASSET_STATE_H_
#define LEDGER_STATE_ASSET_STATE_H_

// The asset part of a LedgerState (docs/FORMATS.md §9.7): every asset with its registration,
// status, ownership and rights history, handover, operation contracts, maintenance records and
// disposals, and how much of each (project, source) payment has become assets (R13).
//
// Nothing is overwritten: a new ownership confirmation or rights assignment ends the previous
// binding of its kind (valid_to) and adds a new one, so the history of every right stays.
//
// Read-only to everyone but StateMutator (handlers.h), which commits accepted asset entries.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/v1/assets.pb.h"

namespace ledger::state {

// One binding of a right to parties, in force from valid_from until valid_to (inclusive; empty:
// still in force). Ownership bindings come from OwnershipConfirmation, operation bindings from
// OperationContract, the others from RightsAssignment.
struct RightBinding {
  v1::RightKind kind = v1::RIGHT_KIND_UNSPECIFIED;
  std::vector<v1::PartyShare> holders;
  std::string valid_from;
  std::string valid_to;
  std::string basis;
  uint64_t index = 0;  // the entry that made it
};

struct MaintenanceEntry {
  v1::MaintenanceRecord record;
  uint64_t index = 0;
};

struct OperationContractRecord {
  v1::OperationContract contract;
  uint64_t index = 0;
};

// Where a disposal stands.
enum class DisposalStage {
  kApplied,    // waiting for the owners' decisions
  kDecided,    // every owner unit adopted it; waiting for the township review
  kReviewed,   // waiting for the county approvals (both)
  kApproved,   // both approvals granted; waiting for the notice
  kNoticed,    // notice published; completion after its end date
  kCompleted,  // terminal
  kClosed,     // terminal: a decision, review or approval refused it
};
std::string_view DisposalStageName(DisposalStage stage);

struct DisposalRecord {
  v1::DisposalApplication application;
  uint64_t applied_at = 0;
  DisposalStage stage = DisposalStage::kApplied;
  // The owner units whose decision is needed (fixed at application), and the decisions made.
  std::vector<std::string> owner_units;
  std::map<std::string, v1::DisposalDecision, std::less<>> decisions;
  bool needs_township_review = true;
  std::optional<v1::DisposalReview> review;
  std::optional<v1::DisposalApproval> department_approval;
  std::optional<v1::DisposalApproval> finance_approval;
  std::optional<v1::DisposalNotice> notice;
  std::optional<v1::DisposalCompletion> completion;
  std::string closed_reason;      // kClosed: which step refused it
  std::vector<uint64_t> indexes;  // every entry of the chain, in order
};

struct AssetRecord {
  v1::AssetRegistration registration;
  uint64_t registered_at = 0;
  v1::AssetStatus status = v1::ASSET_STATUS_REGISTERED;
  // The status to return to when an open disposal is closed or changes the asset's use.
  v1::AssetStatus status_before_disposal = v1::ASSET_STATUS_UNSPECIFIED;
  std::vector<v1::OwnershipConfirmation> confirmations;  // in log order
  std::optional<v1::Handover> handover;
  uint64_t handed_over_at = 0;
  std::vector<RightBinding> bindings;     // every kind, in log order
  std::vector<std::string> contract_ids;  // operation contracts, in log order
  std::vector<MaintenanceEntry> maintenance;
  std::vector<std::string> disposal_ids;  // in log order
  std::string open_disposal;              // the disposal in progress, if any
  // Disposal proceeds booked to this asset's owners, and how much of them later assets took
  // (LineageLine) as their funding.
  int64_t proceeds_fen = 0;
  int64_t proceeds_reinvested_fen = 0;

  // The binding of `kind` in force on `date` ("YYYY-MM-DD"), if any.
  const RightBinding* BindingOn(v1::RightKind kind, std::string_view date) const;
  // The latest binding of `kind` (in force or not), if any.
  const RightBinding* LatestBinding(v1::RightKind kind) const;
  // The current owners (the latest ownership binding's holders; empty before confirmation).
  const std::vector<v1::PartyShare>& owners() const;
};

// "ASSET_STATUS_CONFIRMED" etc.
std::string AssetStatusName(v1::AssetStatus status);

class AssetState {
 public:
  const std::map<std::string, AssetRecord, std::less<>>& assets() const { return assets_; }
  const std::map<std::string, OperationContractRecord, std::less<>>& contracts() const {
    return contracts_;
  }
  const std::map<std::string, DisposalRecord, std::less<>>& disposals() const { return disposals_; }

  const AssetRecord* FindAsset(std::string_view asset_code) const;
  const DisposalRecord* FindDisposal(std::string_view disposal_id) const;

  // Σ funding lines of registered assets drawn from (project, source) (R13).
  int64_t RegisteredFrom(std::string_view project_id, v1::FundSource source) const;
  // The same over every source of the project.
  int64_t RegisteredFromProject(std::string_view project_id) const;

  // Everything, as text (for tests and debugging).
  std::string DebugString() const;

 private:
  friend class StateMutator;

  std::map<std::string, AssetRecord, std::less<>> assets_;
  std::map<std::string, OperationContractRecord, std::less<>> contracts_;
  std::map<std::string, DisposalRecord, std::less<>> disposals_;
  // "<project_id>/<source number>" -> fen.
  std::map<std::string, int64_t, std::less<>> registered_from_;
};

}  // namespace ledger::state

#endif  // LEDGER_STATE_ASSET_STATE_H_
