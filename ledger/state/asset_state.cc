#include "ledger/state/asset_state.h"

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ledger/state/civil_date.h"
#include "ledger/state/field_rules.h"
#include "ledger/state/handlers.h"
#include "ledger/state/state.h"
#include "ledger/util/check.h"

namespace ledger::state {
namespace {

inline constexpr size_t kTownshipDigits = 9;

std::string RegisteredKey(std::string_view project_id, int source) {
  return absl::StrCat(std::string(project_id), "/", source);
}

const std::vector<v1::PartyShare>& NoParties() {
  static const std::vector<v1::PartyShare>* const none = new std::vector<v1::PartyShare>();
  return *none;
}

// The day before `date` ("YYYY-MM-DD", valid).
std::string DayBefore(const std::string& date) {
  const std::optional<CivilDate> day = ParseCivilDate(date);
  LEDGER_CHECK(day.has_value());
  return FormatCivilDate(CivilFromDays(DaysFromCivil(*day) - 1));
}

// Ends the binding of `kind` in force (if any) the day before `from`, and adds the new one.
void Rebind(AssetRecord& asset, RightBinding binding) {
  for (RightBinding& b : asset.bindings) {
    if (b.kind == binding.kind && b.valid_to.empty()) {
      b.valid_to = binding.valid_from > b.valid_from ? DayBefore(binding.valid_from) : b.valid_from;
    }
  }
  asset.bindings.push_back(std::move(binding));
}

}  // namespace

std::string_view DisposalStageName(DisposalStage stage) {
  switch (stage) {
    case DisposalStage::kApplied:
      return "applied";
    case DisposalStage::kDecided:
      return "decided";
    case DisposalStage::kReviewed:
      return "reviewed";
    case DisposalStage::kApproved:
      return "approved";
    case DisposalStage::kNoticed:
      return "noticed";
    case DisposalStage::kCompleted:
      return "completed";
    case DisposalStage::kClosed:
      return "closed";
  }
  return "unknown";
}

std::string AssetStatusName(v1::AssetStatus status) {
  if (!v1::AssetStatus_IsValid(status)) return absl::StrCat("status ", static_cast<int>(status));
  return v1::AssetStatus_Name(status);
}

const RightBinding* AssetRecord::BindingOn(v1::RightKind kind, std::string_view date) const {
  for (auto it = bindings.rbegin(); it != bindings.rend(); ++it) {
    if (it->kind != kind || it->valid_from > date) continue;
    if (it->valid_to.empty() || it->valid_to >= date) return &*it;
  }
  return nullptr;
}

const RightBinding* AssetRecord::LatestBinding(v1::RightKind kind) const {
  for (auto it = bindings.rbegin(); it != bindings.rend(); ++it) {
    if (it->kind == kind) return &*it;
  }
  return nullptr;
}

const std::vector<v1::PartyShare>& AssetRecord::owners() const {
  const RightBinding* ownership = LatestBinding(v1::RIGHT_KIND_OWNERSHIP);
  return ownership == nullptr ? NoParties() : ownership->holders;
}

const AssetRecord* AssetState::FindAsset(std::string_view asset_code) const {
  auto it = assets_.find(asset_code);
  return it == assets_.end() ? nullptr : &it->second;
}

const DisposalRecord* AssetState::FindDisposal(std::string_view disposal_id) const {
  auto it = disposals_.find(disposal_id);
  return it == disposals_.end() ? nullptr : &it->second;
}

int64_t AssetState::RegisteredFrom(std::string_view project_id, v1::FundSource source) const {
  auto it = registered_from_.find(RegisteredKey(project_id, source));
  return it == registered_from_.end() ? 0 : it->second;
}

int64_t AssetState::RegisteredFromProject(std::string_view project_id) const {
  int64_t sum = 0;
  const std::string prefix = absl::StrCat(std::string(project_id), "/");
  for (auto it = registered_from_.lower_bound(prefix);
       it != registered_from_.end() && it->first.starts_with(prefix); ++it) {
    sum += it->second;
  }
  return sum;
}

std::string AssetState::DebugString() const {
  std::string out;
  for (const auto& [code, a] : assets_) {
    absl::StrAppend(&out, "asset ", code, " at ", a.registered_at, " ", AssetStatusName(a.status),
                    " before-disposal ", AssetStatusName(a.status_before_disposal), " open ",
                    a.open_disposal, " proceeds ", a.proceeds_fen, "/", a.proceeds_reinvested_fen,
                    " handover ", a.handover.has_value() ? a.handover->ShortDebugString() : "-",
                    " at ", a.handed_over_at, "\n  ", a.registration.ShortDebugString(), "\n");
    for (const auto& c : a.confirmations)
      absl::StrAppend(&out, "  confirm ", c.ShortDebugString(), "\n");
    for (const RightBinding& b : a.bindings) {
      absl::StrAppend(&out, "  right ", v1::RightKind_Name(b.kind), " ", b.valid_from, "..",
                      b.valid_to, " at ", b.index, " ", b.basis);
      for (const auto& h : b.holders) absl::StrAppend(&out, " [", h.ShortDebugString(), "]");
      absl::StrAppend(&out, "\n");
    }
    for (const std::string& id : a.contract_ids) absl::StrAppend(&out, "  contract ", id, "\n");
    for (const MaintenanceEntry& m : a.maintenance) {
      absl::StrAppend(&out, "  maintenance at ", m.index, " ", m.record.ShortDebugString(), "\n");
    }
    for (const std::string& id : a.disposal_ids) absl::StrAppend(&out, "  disposal ", id, "\n");
  }
  for (const auto& [id, c] : contracts_) {
    absl::StrAppend(&out, "contract ", id, " at ", c.index, " ", c.contract.ShortDebugString(),
                    "\n");
  }
  for (const auto& [id, d] : disposals_) {
    absl::StrAppend(&out, "disposal ", id, " at ", d.applied_at, " ",
                    Sv(DisposalStageName(d.stage)), " ", d.closed_reason, " units ",
                    absl::StrJoin(d.owner_units, ","), " review? ", d.needs_township_review,
                    " steps ", absl::StrJoin(d.indexes, ","), "\n");
  }
  for (const auto& [key, fen] : registered_from_) {
    absl::StrAppend(&out, "registered ", key, " ", fen, "\n");
  }
  return out;
}

// ---- StateMutator: assets ----

void StateMutator::AddAsset(const v1::AssetRegistration& registration, uint64_t index) {
  AssetState& assets = state_.assets_;
  AssetRecord record;
  record.registration = registration;
  record.registered_at = index;
  for (const v1::FundingLine& line : registration.funding()) {
    if (line.project_id().empty()) continue;
    assets.registered_from_[RegisteredKey(line.project_id(), line.source())] += line.amount_fen();
  }
  for (const v1::LineageLine& line : registration.lineage()) {
    auto source = assets.assets_.find(line.source_asset_code());
    LEDGER_CHECK(source != assets.assets_.end());
    source->second.proceeds_reinvested_fen += line.amount_fen();
  }
  const bool inserted = assets.assets_.emplace(registration.asset_code(), record).second;
  LEDGER_CHECK(inserted);
}

namespace {

AssetRecord& MutableAsset(std::map<std::string, AssetRecord, std::less<>>& assets,
                          std::string_view code) {
  auto it = assets.find(code);
  LEDGER_CHECK(it != assets.end());
  return it->second;
}

}  // namespace

void StateMutator::ConfirmOwnership(const v1::OwnershipConfirmation& confirmation, uint64_t index) {
  AssetRecord& asset = MutableAsset(state_.assets_.assets_, confirmation.asset_code());
  asset.confirmations.push_back(confirmation);
  Rebind(asset,
         RightBinding{.kind = v1::RIGHT_KIND_OWNERSHIP,
                      .holders = {confirmation.owners().begin(), confirmation.owners().end()},
                      .valid_from = confirmation.date(),
                      .valid_to = "",
                      .basis = confirmation.basis(),
                      .index = index});
  if (asset.status == v1::ASSET_STATUS_REGISTERED) asset.status = v1::ASSET_STATUS_CONFIRMED;
}

void StateMutator::HandOver(const v1::Handover& handover, uint64_t index) {
  AssetRecord& asset = MutableAsset(state_.assets_.assets_, handover.asset_code());
  LEDGER_CHECK(asset.status == v1::ASSET_STATUS_CONFIRMED);
  asset.handover = handover;
  asset.handed_over_at = index;
  asset.status = v1::ASSET_STATUS_HANDED_OVER;
}

void StateMutator::AssignRights(const v1::RightsAssignment& assignment, uint64_t index) {
  AssetRecord& asset = MutableAsset(state_.assets_.assets_, assignment.asset_code());
  Rebind(asset, RightBinding{.kind = assignment.kind(),
                             .holders = {assignment.holders().begin(), assignment.holders().end()},
                             .valid_from = assignment.valid_from(),
                             .valid_to = "",
                             .basis = assignment.basis(),
                             .index = index});
}

void StateMutator::AddOperationContract(const v1::OperationContract& contract, uint64_t index) {
  AssetState& assets = state_.assets_;
  AssetRecord& asset = MutableAsset(assets.assets_, contract.asset_code());
  v1::PartyShare operator_share;
  *operator_share.mutable_party() = contract.operator_();
  asset.bindings.push_back(RightBinding{.kind = v1::RIGHT_KIND_OPERATION,
                                        .holders = {operator_share},
                                        .valid_from = contract.start_date(),
                                        .valid_to = contract.end_date(),
                                        .basis = contract.contract_id(),
                                        .index = index});
  asset.contract_ids.push_back(contract.contract_id());
  if (asset.status == v1::ASSET_STATUS_HANDED_OVER) asset.status = v1::ASSET_STATUS_IN_OPERATION;
  if (asset.status == v1::ASSET_STATUS_DISPOSAL_PENDING &&
      asset.status_before_disposal == v1::ASSET_STATUS_HANDED_OVER) {
    asset.status_before_disposal = v1::ASSET_STATUS_IN_OPERATION;
  }
  const bool inserted =
      assets.contracts_.emplace(contract.contract_id(), OperationContractRecord{contract, index})
          .second;
  LEDGER_CHECK(inserted);
}

void StateMutator::AddMaintenance(const v1::MaintenanceRecord& record, uint64_t index) {
  AssetRecord& asset = MutableAsset(state_.assets_.assets_, record.asset_code());
  asset.maintenance.push_back(MaintenanceEntry{record, index});
}

void StateMutator::ApplyForDisposal(const v1::DisposalApplication& application, uint64_t index) {
  AssetState& assets = state_.assets_;
  AssetRecord& asset = MutableAsset(assets.assets_, application.asset_code());
  LEDGER_CHECK(asset.open_disposal.empty());
  DisposalRecord record;
  record.application = application;
  record.applied_at = index;
  std::set<std::string> units;
  for (const v1::PartyShare& owner : asset.owners()) units.insert(owner.party().division());
  record.owner_units.assign(units.begin(), units.end());
  record.needs_township_review = asset.registration.location().size() >= kTownshipDigits;
  record.indexes.push_back(index);
  asset.disposal_ids.push_back(application.disposal_id());
  asset.open_disposal = application.disposal_id();
  asset.status_before_disposal = asset.status;
  asset.status = v1::ASSET_STATUS_DISPOSAL_PENDING;
  const bool inserted =
      assets.disposals_.emplace(application.disposal_id(), std::move(record)).second;
  LEDGER_CHECK(inserted);
}

namespace {

DisposalRecord& MutableDisposal(std::map<std::string, DisposalRecord, std::less<>>& disposals,
                                std::string_view id) {
  auto it = disposals.find(id);
  LEDGER_CHECK(it != disposals.end());
  return it->second;
}

// Ends an open disposal: the asset returns to `status`.
void EndDisposal(AssetRecord& asset, v1::AssetStatus status) {
  asset.open_disposal.clear();
  asset.status = status;
  asset.status_before_disposal = v1::ASSET_STATUS_UNSPECIFIED;
}

}  // namespace

void StateMutator::DecideDisposal(const v1::DisposalDecision& decision, uint64_t index) {
  AssetState& assets = state_.assets_;
  DisposalRecord& disposal = MutableDisposal(assets.disposals_, decision.disposal_id());
  LEDGER_CHECK(disposal.stage == DisposalStage::kApplied);
  disposal.decisions.emplace(decision.owner_division(), decision);
  disposal.indexes.push_back(index);
  AssetRecord& asset = MutableAsset(assets.assets_, disposal.application.asset_code());
  if (uint64_t{decision.votes_for()} * 2 <= decision.attendance()) {
    disposal.stage = DisposalStage::kClosed;
    disposal.closed_reason =
        absl::StrCat("decision of ", decision.owner_division(), " not adopted (",
                     decision.votes_for(), " of ", decision.attendance(), " for)");
    EndDisposal(asset, asset.status_before_disposal);
    return;
  }
  if (disposal.decisions.size() == disposal.owner_units.size()) {
    disposal.stage =
        disposal.needs_township_review ? DisposalStage::kDecided : DisposalStage::kReviewed;
  }
}

void StateMutator::ReviewDisposal(const v1::DisposalReview& review, uint64_t index) {
  AssetState& assets = state_.assets_;
  DisposalRecord& disposal = MutableDisposal(assets.disposals_, review.disposal_id());
  LEDGER_CHECK(disposal.stage == DisposalStage::kDecided);
  disposal.review = review;
  disposal.indexes.push_back(index);
  if (!review.approved()) {
    disposal.stage = DisposalStage::kClosed;
    disposal.closed_reason = "township review refused";
    AssetRecord& asset = MutableAsset(assets.assets_, disposal.application.asset_code());
    EndDisposal(asset, asset.status_before_disposal);
    return;
  }
  disposal.stage = DisposalStage::kReviewed;
}

void StateMutator::ApproveDisposal(const v1::DisposalApproval& approval, uint64_t index) {
  AssetState& assets = state_.assets_;
  DisposalRecord& disposal = MutableDisposal(assets.disposals_, approval.disposal_id());
  LEDGER_CHECK(disposal.stage == DisposalStage::kReviewed);
  (approval.authority() == v1::APPROVAL_AUTHORITY_FINANCE ? disposal.finance_approval
                                                          : disposal.department_approval) =
      approval;
  disposal.indexes.push_back(index);
  if (!approval.approved()) {
    disposal.stage = DisposalStage::kClosed;
    disposal.closed_reason = approval.authority() == v1::APPROVAL_AUTHORITY_FINANCE
                                 ? "county finance approval refused"
                                 : "county department approval refused";
    AssetRecord& asset = MutableAsset(assets.assets_, disposal.application.asset_code());
    EndDisposal(asset, asset.status_before_disposal);
    return;
  }
  if (disposal.finance_approval.has_value() && disposal.department_approval.has_value()) {
    disposal.stage = DisposalStage::kApproved;
  }
}

void StateMutator::NoticeDisposal(const v1::DisposalNotice& notice, uint64_t index) {
  DisposalRecord& disposal = MutableDisposal(state_.assets_.disposals_, notice.disposal_id());
  LEDGER_CHECK(disposal.stage == DisposalStage::kApproved);
  disposal.notice = notice;
  disposal.indexes.push_back(index);
  disposal.stage = DisposalStage::kNoticed;
}

void StateMutator::CompleteDisposal(const v1::DisposalCompletion& completion, uint64_t index) {
  AssetState& assets = state_.assets_;
  DisposalRecord& disposal = MutableDisposal(assets.disposals_, completion.disposal_id());
  LEDGER_CHECK(disposal.stage == DisposalStage::kNoticed);
  disposal.completion = completion;
  disposal.indexes.push_back(index);
  disposal.stage = DisposalStage::kCompleted;
  AssetRecord& asset = MutableAsset(assets.assets_, disposal.application.asset_code());
  asset.proceeds_fen += completion.proceeds_fen();
  switch (disposal.application.method()) {
    case v1::DISPOSAL_METHOD_CHANGE_OF_USE:
      EndDisposal(asset, asset.status_before_disposal);
      break;
    case v1::DISPOSAL_METHOD_SUSPENSION:
      EndDisposal(asset, v1::ASSET_STATUS_SUSPENDED);
      break;
    default:
      EndDisposal(asset, v1::ASSET_STATUS_DISPOSED);
      // A final disposal ends every binding still in force (an operation contract's term too).
      for (RightBinding& b : asset.bindings) {
        if (b.valid_to.empty() || b.valid_to > completion.completion_date()) {
          b.valid_to = std::max(completion.completion_date(), b.valid_from);
        }
      }
      break;
  }
}

}  // namespace ledger::state
