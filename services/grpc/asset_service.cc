#include "services/grpc/asset_service.h"

#include <map>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ledger/state/asset_state.h"
#include "ledger/state/state.h"
#include "ledger/views/projections.h"
#include "services/grpc/grpc_status.h"
#include "services/grpc/pagination.h"

namespace ledger::grpc_services {
namespace {

v1::DisposalStage ToProtoStage(state::DisposalStage stage) {
  switch (stage) {
    case state::DisposalStage::kApplied:
      return v1::DISPOSAL_STAGE_APPLIED;
    case state::DisposalStage::kDecided:
      return v1::DISPOSAL_STAGE_DECIDED;
    case state::DisposalStage::kReviewed:
      return v1::DISPOSAL_STAGE_REVIEWED;
    case state::DisposalStage::kApproved:
      return v1::DISPOSAL_STAGE_APPROVED;
    case state::DisposalStage::kNoticed:
      return v1::DISPOSAL_STAGE_NOTICED;
    case state::DisposalStage::kCompleted:
      return v1::DISPOSAL_STAGE_COMPLETED;
    case state::DisposalStage::kClosed:
      return v1::DISPOSAL_STAGE_CLOSED;
  }
  return v1::DISPOSAL_STAGE_UNSPECIFIED;
}

void FillDisposal(const state::DisposalRecord& d, v1::DisposalDetail* out) {
  *out->mutable_application() = d.application;
  out->set_applied_at(d.applied_at);
  out->set_stage(ToProtoStage(d.stage));
  for (const std::string& unit : d.owner_units) out->add_owner_units(unit);
  for (const auto& [unit, decision] : d.decisions) *out->add_decisions() = decision;
  out->set_needs_township_review(d.needs_township_review);
  if (d.review) *out->mutable_review() = *d.review;
  if (d.department_approval) *out->mutable_department_approval() = *d.department_approval;
  if (d.finance_approval) *out->mutable_finance_approval() = *d.finance_approval;
  if (d.notice) *out->mutable_notice() = *d.notice;
  if (d.completion) *out->mutable_completion() = *d.completion;
  out->set_closed_reason(d.closed_reason);
  for (uint64_t index : d.indexes) out->add_indexes(index);
}

void FillAsset(const state::AssetState& assets, const state::AssetRecord& a, v1::AssetDetail* out) {
  *out->mutable_registration() = a.registration;
  out->set_registered_at(a.registered_at);
  out->set_status(a.status);
  for (const v1::PartyShare& owner : a.owners()) *out->add_owners() = owner;
  for (const state::RightBinding& b : a.bindings) {
    v1::RightBindingRecord* r = out->add_bindings();
    r->set_kind(b.kind);
    for (const v1::PartyShare& holder : b.holders) *r->add_holders() = holder;
    r->set_valid_from(b.valid_from);
    r->set_valid_to(b.valid_to);
    r->set_basis(b.basis);
    r->set_index(b.index);
  }
  for (const v1::OwnershipConfirmation& c : a.confirmations) *out->add_confirmations() = c;
  if (a.handover) {
    *out->mutable_handover() = *a.handover;
    out->set_handed_over_at(a.handed_over_at);
  }
  for (const std::string& id : a.contract_ids) {
    auto it = assets.contracts().find(id);
    if (it == assets.contracts().end()) continue;  // the state keeps both in step
    v1::OperationContractEntry* c = out->add_contracts();
    *c->mutable_contract() = it->second.contract;
    c->set_index(it->second.index);
  }
  for (const state::MaintenanceEntry& m : a.maintenance) {
    v1::MaintenanceRecordEntry* r = out->add_maintenance();
    *r->mutable_record() = m.record;
    r->set_index(m.index);
  }
  for (const std::string& id : a.disposal_ids) {
    if (const state::DisposalRecord* d = assets.FindDisposal(id); d != nullptr) {
      FillDisposal(*d, out->add_disposals());
    }
  }
  out->set_open_disposal(a.open_disposal);
  out->set_proceeds_fen(a.proceeds_fen);
  out->set_proceeds_reinvested_fen(a.proceeds_reinvested_fen);
}

bool MatchesDivision(const state::AssetRecord& a, const v1::ListAssetsRequest& request) {
  const std::string& prefix = request.division_prefix();
  if (absl::StartsWith(a.registration.location(), prefix)) return true;
  if (!request.match_owners()) return false;
  for (const v1::PartyShare& owner : a.owners()) {
    if (!owner.party().division().empty() && absl::StartsWith(owner.party().division(), prefix)) {
      return true;
    }
  }
  return false;
}

bool Matches(const state::AssetRecord& a, const v1::ListAssetsRequest& request) {
  const v1::AssetRegistration& r = a.registration;
  if (request.asset_class() != v1::ASSET_CLASS_UNSPECIFIED &&
      r.asset_class() != request.asset_class()) {
    return false;
  }
  if (request.category() != v1::ASSET_CATEGORY_UNSPECIFIED && r.category() != request.category()) {
    return false;
  }
  if (request.status() != v1::ASSET_STATUS_UNSPECIFIED && a.status != request.status()) {
    return false;
  }
  return MatchesDivision(a, request);
}

// An asset's records are about its location and about each current owner's division (a
// village's share of a multi-village station).
bool ReadsAsset(const Reader& reader, const state::AssetRecord& a) {
  if (reader.Reads(a.registration.location())) return true;
  for (const v1::PartyShare& owner : a.owners()) {
    if (!owner.party().division().empty() && reader.Reads(owner.party().division())) return true;
  }
  return false;
}

absl::Status CheckReadsAsset(const Reader& reader, const state::AssetRecord& a,
                             std::string_view what) {
  if (ReadsAsset(reader, a)) return absl::OkStatus();
  return reader.CheckReads(a.registration.location(), what);
}

grpc::Status NotFound(const std::string& what) {
  return grpc::Status(grpc::StatusCode::NOT_FOUND, BoundedStatusMessage(what));
}

}  // namespace

grpc::Status AssetServiceImpl::GetAsset(grpc::ServerContext* context,
                                        const v1::GetAssetRequest* request,
                                        v1::AssetDetail* response) {
  absl::StatusOr<sequencer::LogSequencer*> log = logs_.Find(request->origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  bool found = false;
  absl::Status status;
  (*log)->ReadState([&](const state::LedgerState& state) {
    const state::AssetState& assets = state.assets();
    const state::AssetRecord* a = assets.FindAsset(request->asset_code());
    if (a == nullptr) return;
    found = true;
    status = CheckReadsAsset(access_.ReaderOf(*context, state), *a,
                             absl::StrCat("asset ", request->asset_code()));
    if (status.ok()) FillAsset(assets, *a, response);
  });
  if (!found) {
    return NotFound(
        absl::StrCat("no asset \"", request->asset_code(), "\" in log ", request->origin()));
  }
  return ToGrpcStatus(status);
}

grpc::Status AssetServiceImpl::ListAssets(grpc::ServerContext* context,
                                          const v1::ListAssetsRequest* request,
                                          v1::ListAssetsResponse* response) {
  absl::StatusOr<sequencer::LogSequencer*> log = logs_.Find(request->origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  absl::StatusOr<uint32_t> page_size = PageSize(request->page_size());
  if (!page_size.ok()) return ToGrpcStatus(page_size.status());
  (*log)->ReadState([&](const state::LedgerState& state) {
    const state::AssetState& assets = state.assets();
    const Reader reader = access_.ReaderOf(*context, state);
    response->set_next_page_token(Paginate(
        assets.assets(), request->page_token(), *page_size,
        [&](const state::AssetRecord& a) { return Matches(a, *request) && ReadsAsset(reader, a); },
        [&](const state::AssetRecord& a) { FillAsset(assets, a, response->add_assets()); }));
  });
  return grpc::Status::OK;
}

grpc::Status AssetServiceImpl::GetDisposal(grpc::ServerContext* context,
                                           const v1::GetDisposalRequest* request,
                                           v1::DisposalDetail* response) {
  absl::StatusOr<sequencer::LogSequencer*> log = logs_.Find(request->origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  bool found = false;
  absl::Status status;
  (*log)->ReadState([&](const state::LedgerState& state) {
    const state::DisposalRecord* d = state.assets().FindDisposal(request->disposal_id());
    if (d == nullptr) return;
    found = true;
    const state::AssetRecord* a = state.assets().FindAsset(d->application.asset_code());
    const std::string what = absl::StrCat("disposal ", request->disposal_id());
    const Reader reader = access_.ReaderOf(*context, state);
    // A disposal's asset is in the state whenever the disposal is (it was checked on entry).
    status = a != nullptr ? CheckReadsAsset(reader, *a, what) : reader.CheckReadsEverything(what);
    if (status.ok()) FillDisposal(*d, response);
  });
  if (!found) {
    return NotFound(
        absl::StrCat("no disposal \"", request->disposal_id(), "\" in log ", request->origin()));
  }
  return ToGrpcStatus(status);
}

grpc::Status AssetServiceImpl::GetAssetTotals(grpc::ServerContext* context,
                                              const v1::GetAssetTotalsRequest* request,
                                              v1::AssetTotals* response) {
  absl::StatusOr<sequencer::LogSequencer*> log = logs_.Find(request->origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  absl::StatusOr<v1::AssetTotals> totals = absl::InternalError("the log has no state");
  (*log)->ReadState([&](const state::LedgerState& state) {
    const std::string& prefix = request->division_prefix();
    absl::Status allowed =
        access_.ReaderOf(*context, state)
            .CheckReads(prefix.empty() ? state.division_code() : prefix,
                        absl::StrCat("the asset totals of ",
                                     prefix.empty() ? state.division_code() : prefix));
    totals = allowed.ok() ? views::AssetTotals(state, prefix) : allowed;
  });
  if (!totals.ok()) return ToGrpcStatus(totals.status());
  *response = *std::move(totals);
  return grpc::Status::OK;
}

}  // namespace ledger::grpc_services
