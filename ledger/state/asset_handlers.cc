// Asset entries (资产): AssetRegistration, OwnershipConfirmation, Handover, RightsAssignment,
// OperationContract and MaintenanceRecord (docs/FORMATS.md §9.7; DOMAIN.md §5 R13–R18, R27).
// The disposal chain is in disposal_handlers.cc.
//
// Each check validates fields first (L-FIELD), then references (L-ASSET: unknown ids kNotFound,
// duplicates kAlreadyExists, a step the asset's status does not allow kFailedPrecondition), then
// the business rules (kFailedPrecondition with the rule id and the numbers).

#include <set>
#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ledger/state/asset_rules.h"
#include "ledger/state/body_fields.h"
#include "ledger/state/fund_state.h"
#include "ledger/state/handlers.h"
#include "ledger/state/identity_rules.h"
#include "ledger/state/rules.h"
#include "ledger/state/state.h"
#include "ledger/util/rule_error.h"
#include "ledger/util/status_macros.h"

namespace ledger::state {
namespace {

inline constexpr size_t kUnitRunesMax = 20;
inline constexpr uint32_t kServiceLifeMax = 100;

// "lat,lon" in decimal degrees, |lat| <= 90, |lon| <= 180.
absl::Status CheckCoordinates(std::string_view text) {
  if (text.empty()) return absl::OkStatus();
  const size_t comma = text.find(',');
  auto parse = [](std::string_view part, double limit) {
    if (part.empty() || part.size() > 20) return false;
    size_t digits = 0;
    bool dot = false;
    for (size_t i = 0; i < part.size(); ++i) {
      const char c = part[i];
      if (c == '-' && i == 0) continue;
      if (c == '.' && !dot) {
        dot = true;
        continue;
      }
      if (c < '0' || c > '9') return false;
      ++digits;
    }
    if (digits == 0) return false;
    const double value = std::stod(std::string(part));
    return value >= -limit && value <= limit;
  };
  if (comma == std::string_view::npos || !parse(text.substr(0, comma), 90) ||
      !parse(text.substr(comma + 1), 180)) {
    return FieldError(absl::StrCat("coordinates ", QuoteForError(text),
                                   " is not \"lat,lon\" in decimal degrees"));
  }
  return absl::OkStatus();
}

}  // namespace

// ---- AssetRegistration (资产登记) ----

absl::StatusOr<std::string> AssetRegistrationScope(const LedgerState& state, const Entry& entry) {
  return CheckLocation(state, entry.As<v1::AssetRegistration>().location(), "location");
}

absl::StatusOr<std::string> AssetScope(const LedgerState& state, const Entry& entry) {
  LEDGER_ASSIGN_OR_RETURN(const AssetRecord* asset, FindAsset(state, AssetCodeOf(entry)));
  return asset->registration.location();
}

absl::Status CheckAssetRegistration(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::AssetRegistration>();
  LEDGER_RETURN_IF_ERROR(CheckId(body.asset_code(), "asset_code"));
  LEDGER_RETURN_IF_ERROR(CheckName(body.name(), "name", kNameRunesMax));
  LEDGER_RETURN_IF_ERROR(CheckEnum(v1::AssetClass_descriptor(), body.asset_class(), "asset_class"));
  LEDGER_RETURN_IF_ERROR(CheckEnum(v1::AssetCategory_descriptor(), body.category(), "category"));
  LEDGER_RETURN_IF_ERROR(
      CheckEnum(v1::AccountingForm_descriptor(), body.accounting_form(), "accounting_form"));
  LEDGER_RETURN_IF_ERROR(CheckAmount(body.original_value_fen(), "original_value_fen"));
  LEDGER_RETURN_IF_ERROR(CheckDate(body.date_formed(), "date_formed").status());
  LEDGER_RETURN_IF_ERROR(AssetRegistrationScope(state, entry).status());
  LEDGER_RETURN_IF_ERROR(CheckCoordinates(body.coordinates()));
  if (body.quantity() == 0) return FieldError("quantity is 0, must be more than 0");
  LEDGER_RETURN_IF_ERROR(CheckName(body.unit(), "unit", kUnitRunesMax));
  if (body.service_life_years() > kServiceLifeMax) {
    return FieldError(absl::StrCat("service_life_years is ", body.service_life_years(),
                                   ", must be 0 to ", kServiceLifeMax));
  }
  if (body.funding_size() + body.lineage_size() == 0) {
    return FieldError("funding and lineage have no line; an asset names where its money came from");
  }
  int64_t total = 0;
  std::set<std::pair<int, std::string>> lines;
  for (int i = 0; i < body.funding_size(); ++i) {
    const v1::FundingLine& line = body.funding(i);
    const std::string field = absl::StrCat("funding[", i, "]");
    LEDGER_RETURN_IF_ERROR(
        CheckEnum(v1::FundSource_descriptor(), line.source(), absl::StrCat(field, ".source")));
    LEDGER_RETURN_IF_ERROR(CheckAmount(line.amount_fen(), absl::StrCat(field, ".amount_fen")));
    if (line.project_id().empty()) {
      LEDGER_RETURN_IF_ERROR(
          CheckName(line.document(), absl::StrCat(field, ".document"), kDocumentRunesMax));
    } else {
      LEDGER_RETURN_IF_ERROR(CheckId(line.project_id(), absl::StrCat(field, ".project_id")));
      LEDGER_RETURN_IF_ERROR(
          CheckOptionalName(line.document(), absl::StrCat(field, ".document"), kDocumentRunesMax));
    }
    if (!lines.emplace(line.source(), line.project_id()).second) {
      return FieldError(absl::StrCat(field, " repeats source ", FundSourceName(line.source()),
                                     " of project ", QuoteForError(line.project_id())));
    }
    LEDGER_ASSIGN_OR_RETURN(total, CheckedAdd(total, line.amount_fen(), "the funding total"));
  }
  std::set<std::string_view> sources;
  for (int i = 0; i < body.lineage_size(); ++i) {
    const v1::LineageLine& line = body.lineage(i);
    const std::string field = absl::StrCat("lineage[", i, "]");
    LEDGER_RETURN_IF_ERROR(
        CheckId(line.source_asset_code(), absl::StrCat(field, ".source_asset_code")));
    LEDGER_RETURN_IF_ERROR(CheckAmount(line.amount_fen(), absl::StrCat(field, ".amount_fen")));
    if (!sources.insert(line.source_asset_code()).second) {
      return FieldError(absl::StrCat(field, " repeats asset ", line.source_asset_code()));
    }
    LEDGER_ASSIGN_OR_RETURN(total, CheckedAdd(total, line.amount_fen(), "the funding total"));
  }

  // References.
  const AssetState& assets = state.assets();
  if (assets.FindAsset(body.asset_code()) != nullptr) {
    return AssetError(absl::StatusCode::kAlreadyExists,
                      absl::StrCat("asset ", body.asset_code(), " is already registered"));
  }
  const FundState& funds = state.funds();
  for (const v1::FundingLine& line : body.funding()) {
    if (line.project_id().empty()) continue;
    if (funds.FindProject(line.project_id()) == nullptr) {
      return AssetError(absl::StatusCode::kNotFound,
                        absl::StrCat("project ", QuoteForError(line.project_id()),
                                     " is not in this log's project library"));
    }
  }
  for (const v1::LineageLine& line : body.lineage()) {
    LEDGER_RETURN_IF_ERROR(FindAsset(state, line.source_asset_code()).status());
  }

  // R13: the value is the sum of where the money came from, and no more of a project's payments
  // become assets than the project paid.
  if (total != body.original_value_fen()) {
    return RuleViolation(
        "R13", absl::StrCat("R13: funding and lineage lines sum to ", FormatYuan(total),
                            ", but the original value is ", FormatYuan(body.original_value_fen())));
  }
  for (const v1::FundingLine& line : body.funding()) {
    if (line.project_id().empty()) continue;
    bool accepted = false;
    for (const auto& [id, acceptance] : funds.acceptances()) {
      if (acceptance.project_id() == line.project_id()) accepted = true;
    }
    if (!accepted) {
      return RuleViolation("R13", absl::StrCat("R13: project ", line.project_id(),
                                               " has no acceptance (验收); assets are registered "
                                               "from accepted projects"));
    }
    const int64_t paid =
        funds.BalanceOf(AccountName(AccountKind::kPaid, line.source(), line.project_id()));
    const int64_t before = assets.RegisteredFrom(line.project_id(), line.source());
    LEDGER_ASSIGN_OR_RETURN(
        int64_t after, CheckedAdd(before, line.amount_fen(), "the project's registered assets"));
    if (after > paid) {
      return RuleViolation(
          "R13", absl::StrCat("R13: assets from project ", line.project_id(), " (",
                              FundSourceName(line.source()), ") would total ", FormatYuan(after),
                              " (", FormatYuan(before), " registered before), more than the ",
                              FormatYuan(paid), " it paid"));
    }
  }
  for (const v1::LineageLine& line : body.lineage()) {
    const AssetRecord& source = *assets.FindAsset(line.source_asset_code());
    const int64_t available = source.proceeds_fen - source.proceeds_reinvested_fen;
    if (line.amount_fen() > available) {
      return RuleViolation(
          "R13",
          absl::StrCat("R13: asset ", line.source_asset_code(), " has ", FormatYuan(available),
                       " of disposal proceeds not yet reinvested; the lineage line takes ",
                       FormatYuan(line.amount_fen())));
    }
  }
  return CheckNotAfterRecord(entry, body.date_formed(), "date_formed", rules::kDate);
}

void CommitAssetRegistration(StateMutator& state, const Entry& entry, uint64_t index) {
  state.AddAsset(entry.As<v1::AssetRegistration>(), index);
}

// ---- OwnershipConfirmation (确权) ----

absl::Status CheckOwnershipConfirmation(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::OwnershipConfirmation>();
  LEDGER_ASSIGN_OR_RETURN(const AssetRecord* asset, FindAsset(state, body.asset_code()));
  LEDGER_RETURN_IF_ERROR(CheckName(body.basis(), "basis", kReasonRunesMax));
  LEDGER_RETURN_IF_ERROR(
      CheckOptionalName(body.certificate_number(), "certificate_number", kDocumentRunesMax));
  LEDGER_RETURN_IF_ERROR(CheckDate(body.date(), "date").status());
  LEDGER_RETURN_IF_ERROR(
      CheckOptionalName(body.higher_level_reason(), "higher_level_reason", kReasonRunesMax));
  if (body.owners_size() == 0) return FieldError("owners has no owner");
  LEDGER_RETURN_IF_ERROR(CheckParties(state, body.owners(), "owners", /*with_shares=*/true));

  LEDGER_RETURN_IF_ERROR(CheckNotDisposed(*asset));
  LEDGER_RETURN_IF_ERROR(CheckNoOpenDisposal(*asset));
  const std::string& previous = asset->confirmations.empty() ? asset->registration.date_formed()
                                                             : asset->confirmations.back().date();
  if (body.date() < previous) {
    return AssetError(
        absl::StatusCode::kFailedPrecondition,
        absl::StrCat("date ", body.date(), " precedes ",
                     asset->confirmations.empty() ? "the asset's date_formed "
                                                  : "the previous confirmation's date ",
                     previous));
  }

  // R15: owners and shares.
  uint64_t shares = 0;
  bool household_owner = false;
  bool higher_level_owner = false;
  for (int i = 0; i < body.owners_size(); ++i) {
    const v1::Party& party = body.owners(i).party();
    shares += body.owners(i).share_bp();
    switch (party.kind()) {
      case v1::PARTY_KIND_HOUSEHOLD:
        household_owner = true;
        break;
      case v1::PARTY_KIND_COUNTY:
      case v1::PARTY_KIND_TOWNSHIP:
        higher_level_owner = true;
        break;
      case v1::PARTY_KIND_VILLAGE_COLLECTIVE:
        break;
      default:
        return RuleViolation(
            "R15", absl::StrCat("R15: owners[", i, "] is ", v1::PartyKind_Name(party.kind()),
                                "; an owner is a county, township, village collective or "
                                "household"));
    }
  }
  if (shares != kBasisPoints) {
    return RuleViolation(
        "R15", absl::StrCat("R15: owner shares sum to ", shares, " bp, must be 10000 (100%)"));
  }
  const v1::AssetClass asset_class = asset->registration.asset_class();
  if (asset_class == v1::ASSET_CLASS_HOUSEHOLD) {
    for (int i = 0; i < body.owners_size(); ++i) {
      if (body.owners(i).party().kind() != v1::PARTY_KIND_HOUSEHOLD) {
        return RuleViolation(
            "R15", absl::StrCat("R15: asset ", body.asset_code(),
                                " is ASSET_CLASS_HOUSEHOLD; owners[", i, "] is not a household"));
      }
    }
  }
  if (asset_class == v1::ASSET_CLASS_OPERATIONAL && !household_owner && higher_level_owner &&
      body.higher_level_reason().empty()) {
    return RuleViolation("R15", absl::StrCat("R15: operational asset ", body.asset_code(),
                                             " without household owners belongs to village "
                                             "collectives; a county or township owner needs a "
                                             "higher_level_reason"));
  }
  return CheckNotAfterRecord(entry, body.date(), "date", rules::kDate);
}

void CommitOwnershipConfirmation(StateMutator& state, const Entry& entry, uint64_t index) {
  state.ConfirmOwnership(entry.As<v1::OwnershipConfirmation>(), index);
}

// ---- Handover (移交) ----

absl::Status CheckHandover(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::Handover>();
  LEDGER_ASSIGN_OR_RETURN(const AssetRecord* asset, FindAsset(state, body.asset_code()));
  LEDGER_RETURN_IF_ERROR(CheckName(body.from_party(), "from_party", kNameRunesMax));
  LEDGER_RETURN_IF_ERROR(CheckDate(body.date(), "date").status());
  LEDGER_RETURN_IF_ERROR(CheckHash(body.list_hash(), "list_hash"));
  LEDGER_RETURN_IF_ERROR(CheckNotDisposed(*asset));
  if (asset->handover.has_value()) {
    return AssetError(absl::StatusCode::kAlreadyExists,
                      absl::StrCat("asset ", body.asset_code(), " was handed over at index ",
                                   asset->handed_over_at));
  }
  if (asset->status != v1::ASSET_STATUS_CONFIRMED) {
    return AssetError(
        absl::StatusCode::kFailedPrecondition,
        absl::StrCat("asset ", body.asset_code(), " is ", AssetStatusName(asset->status),
                     "; a handover needs its ownership confirmed (确权) first"));
  }
  if (body.date() < asset->confirmations.back().date()) {
    return AssetError(absl::StatusCode::kFailedPrecondition,
                      absl::StrCat("handover date ", body.date(), " precedes the confirmation on ",
                                   asset->confirmations.back().date()));
  }
  return CheckNotAfterRecord(entry, body.date(), "date", rules::kDate);
}

void CommitHandover(StateMutator& state, const Entry& entry, uint64_t index) {
  state.HandOver(entry.As<v1::Handover>(), index);
}

// ---- RightsAssignment (权利设定) ----

absl::Status CheckRightsAssignment(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::RightsAssignment>();
  LEDGER_ASSIGN_OR_RETURN(const AssetRecord* asset, FindAsset(state, body.asset_code()));
  LEDGER_RETURN_IF_ERROR(CheckEnum(v1::RightKind_descriptor(), body.kind(), "kind"));
  if (body.kind() == v1::RIGHT_KIND_OWNERSHIP) {
    return FieldError("kind RIGHT_KIND_OWNERSHIP is bound by an OwnershipConfirmation (确权)");
  }
  if (body.kind() == v1::RIGHT_KIND_OPERATION) {
    return FieldError("kind RIGHT_KIND_OPERATION is bound by an OperationContract");
  }
  LEDGER_RETURN_IF_ERROR(CheckDate(body.valid_from(), "valid_from").status());
  LEDGER_RETURN_IF_ERROR(CheckOptionalName(body.basis(), "basis", kReasonRunesMax));
  if (body.holders_size() == 0) return FieldError("holders has no holder");
  const bool income = body.kind() == v1::RIGHT_KIND_INCOME;
  LEDGER_RETURN_IF_ERROR(CheckParties(state, body.holders(), "holders", /*with_shares=*/income));
  const bool single =
      body.kind() == v1::RIGHT_KIND_DISPOSAL || body.kind() == v1::RIGHT_KIND_CUSTODY;
  if (single && body.holders_size() != 1) {
    return FieldError(absl::StrCat("holders has ", body.holders_size(), " parties; ",
                                   v1::RightKind_Name(body.kind()), " binds exactly one"));
  }
  if (income) {
    uint64_t shares = 0;
    for (const v1::PartyShare& holder : body.holders()) shares += holder.share_bp();
    if (shares != kBasisPoints) {
      return FieldError(
          absl::StrCat("holders' shares sum to ", shares, " bp, must be 10000 (100%)"));
    }
  }

  LEDGER_RETURN_IF_ERROR(CheckNotDisposed(*asset));
  if (asset->status == v1::ASSET_STATUS_REGISTERED) {
    return AssetError(absl::StatusCode::kFailedPrecondition,
                      absl::StrCat("asset ", body.asset_code(),
                                   " is ASSET_STATUS_REGISTERED; rights are bound after its "
                                   "ownership is confirmed (确权)"));
  }
  if (body.valid_from() < asset->registration.date_formed()) {
    return AssetError(
        absl::StatusCode::kFailedPrecondition,
        absl::StrCat("valid_from ", body.valid_from(), " precedes the asset's formation on ",
                     asset->registration.date_formed()));
  }
  if (const RightBinding* latest = asset->LatestBinding(body.kind());
      latest != nullptr && body.valid_from() <= latest->valid_from) {
    return AssetError(absl::StatusCode::kFailedPrecondition,
                      absl::StrCat("valid_from ", body.valid_from(), " is not after the ",
                                   v1::RightKind_Name(body.kind()), " binding in force from ",
                                   latest->valid_from, " (index ", latest->index, ")"));
  }
  return absl::OkStatus();
}

void CommitRightsAssignment(StateMutator& state, const Entry& entry, uint64_t index) {
  state.AssignRights(entry.As<v1::RightsAssignment>(), index);
}

// ---- OperationContract (运营合同) ----

absl::Status CheckOperationContract(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::OperationContract>();
  LEDGER_RETURN_IF_ERROR(CheckId(body.contract_id(), "contract_id"));
  LEDGER_ASSIGN_OR_RETURN(const AssetRecord* asset, FindAsset(state, body.asset_code()));
  LEDGER_RETURN_IF_ERROR(CheckParty(state, body.operator_(), "operator"));
  LEDGER_RETURN_IF_ERROR(CheckEnum(v1::OperationMode_descriptor(), body.mode(), "mode"));
  LEDGER_RETURN_IF_ERROR(CheckDate(body.start_date(), "start_date").status());
  LEDGER_RETURN_IF_ERROR(CheckDate(body.end_date(), "end_date").status());
  LEDGER_RETURN_IF_ERROR(CheckDate(body.signed_date(), "signed_date").status());
  if (body.end_date() < body.start_date()) {
    return FieldError(
        absl::StrCat("end_date ", body.end_date(), " precedes start_date ", body.start_date()));
  }
  if (body.signed_date() > body.start_date()) {
    return FieldError(absl::StrCat("signed_date ", body.signed_date(), " is after start_date ",
                                   body.start_date()));
  }
  LEDGER_RETURN_IF_ERROR(CheckNonNegative(body.annual_rent_fen(), "annual_rent_fen"));
  LEDGER_RETURN_IF_ERROR(CheckNonNegative(body.deposit_fen(), "deposit_fen"));
  if (body.guaranteed_return_bp() > kBasisPoints) {
    return FieldError(absl::StrCat("guaranteed_return_bp is ", body.guaranteed_return_bp(),
                                   ", must be 0 to ", kBasisPoints));
  }
  if (body.selection() != v1::SELECTION_METHOD_UNSPECIFIED) {
    LEDGER_RETURN_IF_ERROR(
        CheckEnum(v1::SelectionMethod_descriptor(), body.selection(), "selection"));
  }

  const AssetState& assets = state.assets();
  if (assets.contracts().contains(body.contract_id())) {
    return AssetError(
        absl::StatusCode::kAlreadyExists,
        absl::StrCat("operation contract ", body.contract_id(), " is already recorded"));
  }
  LEDGER_RETURN_IF_ERROR(CheckNotDisposed(*asset));
  if (asset->status == v1::ASSET_STATUS_SUSPENDED) {
    return AssetError(absl::StatusCode::kFailedPrecondition,
                      absl::StrCat("asset ", body.asset_code(),
                                   " is suspended (报停); it takes no operation contract"));
  }
  if (!asset->handover.has_value()) {
    return RuleViolation("R16", absl::StrCat("R16: asset ", body.asset_code(), " is ",
                                             AssetStatusName(asset->status),
                                             "; operation needs the handover (移交) first"));
  }
  if (body.start_date() < asset->handover->date()) {
    return RuleViolation("R16", absl::StrCat("R16: operation starts on ", body.start_date(),
                                             ", before the handover on ", asset->handover->date()));
  }
  for (const std::string& id : asset->contract_ids) {
    const v1::OperationContract& other = assets.contracts().at(id).contract;
    if (other.start_date() <= body.end_date() && body.start_date() <= other.end_date()) {
      return AssetError(absl::StatusCode::kFailedPrecondition,
                        absl::StrCat("operation contract ", id, " of asset ", body.asset_code(),
                                     " runs ", other.start_date(), " to ", other.end_date(),
                                     ", overlapping ", body.start_date(), " to ", body.end_date()));
    }
  }

  // R18: open selection at no less than the policy's minimum return.
  if (body.mode() != v1::OPERATION_MODE_SELF_OPERATED) {
    if (body.selection() == v1::SELECTION_METHOD_UNSPECIFIED) {
      return RuleViolation(
          "R18", absl::StrCat("R18: a ", v1::OperationMode_Name(body.mode()),
                              " contract needs an open selection method (tender, open bidding "
                              "or open negotiation)"));
    }
    const int64_t value = asset->registration.original_value_fen();
    const uint32_t minimum_bp = state.policy().min_guaranteed_return_bp();
    const int64_t minimum = ShareOf(value, minimum_bp);
    const int64_t guaranteed = ShareOf(value, body.guaranteed_return_bp());
    const int64_t yearly = std::max(body.annual_rent_fen(), guaranteed);
    if (yearly < minimum) {
      return RuleViolation(
          "R18", absl::StrCat("R18: the yearly return of ", FormatYuan(yearly), " (rent ",
                              FormatYuan(body.annual_rent_fen()), ", guaranteed ",
                              body.guaranteed_return_bp(), " bp of the original value ",
                              FormatYuan(value), ") is below the policy's minimum of ", minimum_bp,
                              " bp = ", FormatYuan(minimum)));
    }
  }
  return CheckNotAfterRecord(entry, body.signed_date(), "signed_date", rules::kDate);
}

void CommitOperationContract(StateMutator& state, const Entry& entry, uint64_t index) {
  state.AddOperationContract(entry.As<v1::OperationContract>(), index);
}

// ---- MaintenanceRecord (管护记录) ----

absl::Status CheckMaintenanceRecord(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::MaintenanceRecord>();
  LEDGER_ASSIGN_OR_RETURN(const AssetRecord* asset, FindAsset(state, body.asset_code()));
  LEDGER_RETURN_IF_ERROR(CheckName(body.custodian(), "custodian", kNameRunesMax));
  LEDGER_RETURN_IF_ERROR(CheckDate(body.inspection_date(), "inspection_date").status());
  LEDGER_RETURN_IF_ERROR(CheckEnum(v1::AssetCondition_descriptor(), body.condition(), "condition"));
  LEDGER_RETURN_IF_ERROR(CheckNonNegative(body.repair_cost_fen(), "repair_cost_fen"));
  LEDGER_RETURN_IF_ERROR(CheckEnum(v1::MaintenanceFunding_descriptor(), body.funding(), "funding"));
  if ((body.funding() == v1::MAINTENANCE_FUNDING_NONE) != (body.repair_cost_fen() == 0)) {
    return FieldError(absl::StrCat("funding ", v1::MaintenanceFunding_Name(body.funding()),
                                   " with a repair cost of ", FormatYuan(body.repair_cost_fen()),
                                   ": MAINTENANCE_FUNDING_NONE exactly when there is no cost"));
  }
  if (!body.public_welfare_post().empty()) {
    LEDGER_RETURN_IF_ERROR(CheckId(body.public_welfare_post(), "public_welfare_post"));
  }
  LEDGER_RETURN_IF_ERROR(CheckOptionalName(body.notes(), "notes", kReasonRunesMax));

  LEDGER_RETURN_IF_ERROR(CheckNotDisposed(*asset));
  if (!asset->handover.has_value()) {
    return AssetError(
        absl::StatusCode::kFailedPrecondition,
        absl::StrCat("asset ", body.asset_code(), " is ", AssetStatusName(asset->status),
                     "; maintenance is recorded after the handover (移交)"));
  }
  if (asset->registration.asset_class() == v1::ASSET_CLASS_PUBLIC_BENEFIT &&
      asset->BindingOn(v1::RIGHT_KIND_CUSTODY, body.inspection_date()) == nullptr) {
    return RuleViolation(
        "R17", absl::StrCat("R17: public-benefit asset ", body.asset_code(),
                            " has no custodian (管护责任人) bound on ", body.inspection_date(),
                            "; bind one with a RIGHT_KIND_CUSTODY assignment"));
  }
  return CheckNotAfterRecord(entry, body.inspection_date(), "inspection_date", rules::kDate);
}

void CommitMaintenanceRecord(StateMutator& state, const Entry& entry, uint64_t index) {
  state.AddMaintenance(entry.As<v1::MaintenanceRecord>(), index);
}

}  // namespace ledger::state
