// The disposal chain (资产处置, DOMAIN.md §2.8, §6.5; rule R26): application → a decision by
// each owner unit → township review → county approvals by the competent department and by the
// finance bureau → notice for the policy's period → completion. Each step is its own signed
// entry, accepted only in order, by the right principal; a refusal closes the disposal.

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ledger/state/asset_rules.h"
#include "ledger/state/body_fields.h"
#include "ledger/state/civil_date.h"
#include "ledger/state/fund_state.h"
#include "ledger/state/handlers.h"
#include "ledger/state/identity_rules.h"
#include "ledger/state/rules.h"
#include "ledger/state/state.h"
#include "ledger/util/rule_error.h"
#include "ledger/util/status_macros.h"

namespace ledger::state {
namespace {

inline constexpr size_t kTownshipDigits = 9;

// R26, by the wrong principal: kPermissionDenied.
absl::Status WrongSigner(std::string_view message) {
  return RuleError(absl::StatusCode::kPermissionDenied, "R26", message);
}

// A disposal at `expected`, or why not.
absl::Status CheckStage(const DisposalRecord& disposal, DisposalStage expected,
                        std::string_view step) {
  if (disposal.stage == expected) return absl::OkStatus();
  const std::string& id = disposal.application.disposal_id();
  if (disposal.stage == DisposalStage::kClosed) {
    return AssetError(absl::StatusCode::kFailedPrecondition,
                      absl::StrCat("disposal ", id, " is closed: ", disposal.closed_reason));
  }
  if (disposal.stage == DisposalStage::kCompleted) {
    return AssetError(absl::StatusCode::kFailedPrecondition,
                      absl::StrCat("disposal ", id, " is completed"));
  }
  if (disposal.stage > expected) {
    return AssetError(absl::StatusCode::kFailedPrecondition,
                      absl::StrCat("disposal ", id, " is past this step (it is ",
                                   Sv(DisposalStageName(disposal.stage)), ")"));
  }
  std::string waiting;
  switch (disposal.stage) {
    case DisposalStage::kApplied: {
      std::vector<std::string> missing;
      for (const std::string& unit : disposal.owner_units) {
        if (!disposal.decisions.contains(unit)) missing.push_back(unit);
      }
      waiting = absl::StrCat("the decisions of owner units ", absl::StrJoin(missing, ", "));
      break;
    }
    case DisposalStage::kDecided:
      waiting = "the township review";
      break;
    case DisposalStage::kReviewed:
      waiting = absl::StrCat(
          "the county approvals (department: ",
          disposal.department_approval.has_value() ? "granted" : "missing",
          ", finance: ", disposal.finance_approval.has_value() ? "granted" : "missing", ")");
      break;
    case DisposalStage::kApproved:
      waiting = "the notice";
      break;
    default:
      break;
  }
  return RuleViolation(
      "R26", absl::StrCat("R26: ", Sv(step), " of disposal ", id, " needs ", waiting, " first"));
}

// The latest date among the disposal's steps so far (application, decisions, review, approvals).
std::string LatestStepDate(const DisposalRecord& disposal) {
  std::string latest = disposal.application.application_date();
  for (const auto& [unit, decision] : disposal.decisions) {
    latest = std::max(latest, decision.meeting_date());
  }
  if (disposal.review.has_value()) latest = std::max(latest, disposal.review->date());
  if (disposal.department_approval.has_value()) {
    latest = std::max(latest, disposal.department_approval->date());
  }
  if (disposal.finance_approval.has_value()) {
    latest = std::max(latest, disposal.finance_approval->date());
  }
  return latest;
}

absl::Status CheckStepDate(const Entry& entry, const DisposalRecord& disposal,
                           const std::string& date, std::string_view field) {
  LEDGER_RETURN_IF_ERROR(CheckDate(date, field).status());
  const std::string previous = LatestStepDate(disposal);
  if (date < previous) {
    return RuleViolation("R26",
                         absl::StrCat("R26: ", Sv(field), " ", date,
                                      " precedes the disposal's previous step on ", previous));
  }
  return CheckNotAfterRecord(entry, date, field, rules::kDate);
}

const v1::Principal* Signer(const LedgerState& state, const Entry& entry) {
  const PrincipalRecord* record = state.FindPrincipal(entry.header().principal_id());
  return record == nullptr ? nullptr : &record->principal;
}

bool HasRole(const v1::Principal& principal, v1::Role role) {
  return std::find(principal.roles().begin(), principal.roles().end(), role) !=
         principal.roles().end();
}

bool IsFinal(v1::DisposalMethod method) {
  return method != v1::DISPOSAL_METHOD_CHANGE_OF_USE && method != v1::DISPOSAL_METHOD_SUSPENSION;
}

}  // namespace

absl::StatusOr<std::string> DisposalScope(const LedgerState& state, const Entry& entry) {
  LEDGER_ASSIGN_OR_RETURN(const DisposalRecord* disposal, FindDisposal(state, DisposalIdOf(entry)));
  LEDGER_ASSIGN_OR_RETURN(const AssetRecord* asset,
                          FindAsset(state, disposal->application.asset_code()));
  return asset->registration.location();
}

absl::StatusOr<std::string> DisposalDecisionScope(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::DisposalDecision>();
  LEDGER_RETURN_IF_ERROR(FindDisposal(state, body.disposal_id()).status());
  return CheckLocation(state, body.owner_division(), "owner_division");
}

// ---- DisposalApplication (处置申请) ----

absl::Status CheckDisposalApplication(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::DisposalApplication>();
  LEDGER_RETURN_IF_ERROR(CheckId(body.disposal_id(), "disposal_id"));
  LEDGER_ASSIGN_OR_RETURN(const AssetRecord* asset, FindAsset(state, body.asset_code()));
  LEDGER_RETURN_IF_ERROR(CheckEnum(v1::DisposalTrigger_descriptor(), body.trigger(), "trigger"));
  LEDGER_RETURN_IF_ERROR(CheckEnum(v1::DisposalMethod_descriptor(), body.method(), "method"));
  if (body.trigger() == v1::DISPOSAL_TRIGGER_OTHER) {
    LEDGER_RETURN_IF_ERROR(CheckName(body.explanation(), "explanation", kReasonRunesMax));
  } else {
    LEDGER_RETURN_IF_ERROR(CheckOptionalName(body.explanation(), "explanation", kReasonRunesMax));
  }
  LEDGER_RETURN_IF_ERROR(
      CheckOptionalName(body.valuation_reference(), "valuation_reference", kDocumentRunesMax));
  LEDGER_RETURN_IF_ERROR(CheckNonNegative(body.appraised_value_fen(), "appraised_value_fen"));
  LEDGER_RETURN_IF_ERROR(CheckDate(body.application_date(), "application_date").status());

  if (state.assets().FindDisposal(body.disposal_id()) != nullptr) {
    return AssetError(absl::StatusCode::kAlreadyExists,
                      absl::StrCat("disposal ", body.disposal_id(), " is already recorded"));
  }
  LEDGER_RETURN_IF_ERROR(CheckNotDisposed(*asset));
  LEDGER_RETURN_IF_ERROR(CheckNoOpenDisposal(*asset));
  if (asset->owners().empty()) {
    return AssetError(absl::StatusCode::kFailedPrecondition,
                      absl::StrCat("asset ", body.asset_code(),
                                   " has no confirmed owners; its owners decide a disposal"));
  }
  // R26: the application comes after everything already recorded about the asset.
  std::string last = asset->registration.date_formed();
  std::string what = "its formation";
  auto later = [&](const std::string& date, std::string_view name) {
    if (date > last) {
      last = date;
      what = std::string(name);
    }
  };
  for (const v1::OwnershipConfirmation& c : asset->confirmations) later(c.date(), "confirmation");
  if (asset->handover.has_value()) later(asset->handover->date(), "handover");
  for (const MaintenanceEntry& m : asset->maintenance) {
    later(m.record.inspection_date(), "maintenance record");
  }
  for (const std::string& id : asset->contract_ids) {
    later(state.assets().contracts().at(id).contract.signed_date(), "operation contract");
  }
  if (body.application_date() < last) {
    return RuleViolation("R26", absl::StrCat("R26: application_date ", body.application_date(),
                                             " precedes the asset's ", what, " on ", last));
  }
  const int64_t threshold = state.policy().disposal_valuation_threshold_fen();
  if (asset->registration.original_value_fen() >= threshold && body.valuation_reference().empty()) {
    return RuleViolation(
        "R26",
        absl::StrCat("R26: asset ", body.asset_code(), " has an original value of ",
                     FormatYuan(asset->registration.original_value_fen()),
                     ", at least the policy's valuation threshold of ", FormatYuan(threshold),
                     "; the application needs a valuation_reference"));
  }
  return CheckNotAfterRecord(entry, body.application_date(), "application_date", rules::kDate);
}

void CommitDisposalApplication(StateMutator& state, const Entry& entry, uint64_t index) {
  state.ApplyForDisposal(entry.As<v1::DisposalApplication>(), index);
}

// ---- DisposalDecision (处置决议) ----

absl::Status CheckDisposalDecision(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::DisposalDecision>();
  LEDGER_ASSIGN_OR_RETURN(const DisposalRecord* disposal, FindDisposal(state, body.disposal_id()));
  LEDGER_RETURN_IF_ERROR(
      CheckName(body.resolution_reference(), "resolution_reference", kDocumentRunesMax));
  if (body.attendance() == 0) return FieldError("attendance is 0, must be more than 0");
  if (uint64_t{body.votes_for()} + body.votes_against() > body.attendance()) {
    return FieldError(absl::StrCat("votes_for ", body.votes_for(), " + votes_against ",
                                   body.votes_against(), " exceed the attendance of ",
                                   body.attendance()));
  }
  LEDGER_RETURN_IF_ERROR(CheckStage(*disposal, DisposalStage::kApplied, "a decision"));
  const std::vector<std::string>& units = disposal->owner_units;
  if (std::find(units.begin(), units.end(), body.owner_division()) == units.end()) {
    return AssetError(absl::StatusCode::kFailedPrecondition,
                      absl::StrCat(body.owner_division(), " is not an owner unit of asset ",
                                   disposal->application.asset_code(),
                                   " (owner units: ", absl::StrJoin(units, ", "), ")"));
  }
  if (disposal->decisions.contains(body.owner_division())) {
    return AssetError(absl::StatusCode::kAlreadyExists,
                      absl::StrCat("owner unit ", body.owner_division(),
                                   " has already decided on disposal ", body.disposal_id()));
  }
  const v1::Principal* signer = Signer(state, entry);
  if (signer == nullptr || signer->scope() != body.owner_division()) {
    return WrongSigner(absl::StrCat("R26: the decision of owner unit ", body.owner_division(),
                                    " is signed by that unit's own principal; ",
                                    entry.header().principal_id(), " has scope ",
                                    signer == nullptr ? "none" : signer->scope()));
  }
  return CheckStepDate(entry, *disposal, body.meeting_date(), "meeting_date");
}

void CommitDisposalDecision(StateMutator& state, const Entry& entry, uint64_t index) {
  state.DecideDisposal(entry.As<v1::DisposalDecision>(), index);
}

// ---- DisposalReview (乡镇审核) ----

absl::Status CheckDisposalReview(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::DisposalReview>();
  LEDGER_ASSIGN_OR_RETURN(const DisposalRecord* disposal, FindDisposal(state, body.disposal_id()));
  LEDGER_RETURN_IF_ERROR(CheckName(body.opinion(), "opinion", kReasonRunesMax));
  if (!disposal->needs_township_review) {
    return AssetError(absl::StatusCode::kFailedPrecondition,
                      absl::StrCat("disposal ", body.disposal_id(),
                                   " is of an asset at county level; it has no township review"));
  }
  LEDGER_RETURN_IF_ERROR(CheckStage(*disposal, DisposalStage::kDecided, "the township review"));
  LEDGER_ASSIGN_OR_RETURN(const AssetRecord* asset,
                          FindAsset(state, disposal->application.asset_code()));
  const std::string township = asset->registration.location().substr(0, kTownshipDigits);
  const v1::Principal* signer = Signer(state, entry);
  if (signer == nullptr || signer->scope() != township) {
    return WrongSigner(absl::StrCat("R26: the review of an asset in ",
                                    asset->registration.location(), " is by township ", township,
                                    "; ", entry.header().principal_id(), " has scope ",
                                    signer == nullptr ? "none" : signer->scope()));
  }
  return CheckStepDate(entry, *disposal, body.date(), "date");
}

void CommitDisposalReview(StateMutator& state, const Entry& entry, uint64_t index) {
  state.ReviewDisposal(entry.As<v1::DisposalReview>(), index);
}

// ---- DisposalApproval (县级审批) ----

absl::Status CheckDisposalApproval(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::DisposalApproval>();
  LEDGER_ASSIGN_OR_RETURN(const DisposalRecord* disposal, FindDisposal(state, body.disposal_id()));
  LEDGER_RETURN_IF_ERROR(
      CheckEnum(v1::ApprovalAuthority_descriptor(), body.authority(), "authority"));
  LEDGER_RETURN_IF_ERROR(CheckName(body.document(), "document", kDocumentRunesMax));
  LEDGER_RETURN_IF_ERROR(CheckStage(*disposal, DisposalStage::kReviewed, "a county approval"));
  const bool finance = body.authority() == v1::APPROVAL_AUTHORITY_FINANCE;
  if ((finance ? disposal->finance_approval : disposal->department_approval).has_value()) {
    return AssetError(absl::StatusCode::kAlreadyExists,
                      absl::StrCat("disposal ", body.disposal_id(), " already has the ",
                                   v1::ApprovalAuthority_Name(body.authority()), " approval"));
  }
  const v1::Role role = finance ? v1::ROLE_FUND_MANAGER : v1::ROLE_PROJECT_MANAGER;
  const v1::Principal* signer = Signer(state, entry);
  if (signer == nullptr || signer->scope() != state.division_code() || !HasRole(*signer, role)) {
    return WrongSigner(absl::StrCat("R26: the ", v1::ApprovalAuthority_Name(body.authority()),
                                    " approval is signed by a county principal (scope ",
                                    state.division_code(), ") with ", RoleName(role), "; ",
                                    entry.header().principal_id(), " has scope ",
                                    signer == nullptr ? "none" : signer->scope(), " and roles ",
                                    signer == nullptr ? "none" : RoleNames(*signer)));
  }
  return CheckStepDate(entry, *disposal, body.date(), "date");
}

void CommitDisposalApproval(StateMutator& state, const Entry& entry, uint64_t index) {
  state.ApproveDisposal(entry.As<v1::DisposalApproval>(), index);
}

// ---- DisposalNotice (处置公示) ----

absl::Status CheckDisposalNotice(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::DisposalNotice>();
  LEDGER_ASSIGN_OR_RETURN(const DisposalRecord* disposal, FindDisposal(state, body.disposal_id()));
  LEDGER_RETURN_IF_ERROR(CheckName(body.channel(), "channel", kDocumentRunesMax));
  LEDGER_RETURN_IF_ERROR(CheckHash(body.notice_hash(), "notice_hash"));
  LEDGER_ASSIGN_OR_RETURN(CivilDate start, CheckDate(body.start_date(), "start_date"));
  LEDGER_ASSIGN_OR_RETURN(CivilDate end, CheckDate(body.end_date(), "end_date"));
  if (body.end_date() < body.start_date()) {
    return FieldError(
        absl::StrCat("end_date ", body.end_date(), " precedes start_date ", body.start_date()));
  }
  LEDGER_RETURN_IF_ERROR(CheckStage(*disposal, DisposalStage::kApproved, "the notice"));
  LEDGER_RETURN_IF_ERROR(CheckStepDate(entry, *disposal, body.start_date(), "start_date"));
  const int64_t days = DaysFromCivil(end) - DaysFromCivil(start) + 1;
  const uint32_t period = state.policy().notice_period_days();
  if (days < period) {
    return RuleViolation(
        "R26", absl::StrCat("R26: the notice runs ", days, " days (", body.start_date(), " to ",
                            body.end_date(), "), less than the policy's notice period of ", period,
                            " days"));
  }
  return absl::OkStatus();
}

void CommitDisposalNotice(StateMutator& state, const Entry& entry, uint64_t index) {
  state.NoticeDisposal(entry.As<v1::DisposalNotice>(), index);
}

// ---- DisposalCompletion (处置完成) ----

absl::Status CheckDisposalCompletion(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::DisposalCompletion>();
  LEDGER_ASSIGN_OR_RETURN(const DisposalRecord* disposal, FindDisposal(state, body.disposal_id()));
  const v1::DisposalMethod method = disposal->application.method();
  if (method == v1::DISPOSAL_METHOD_AUCTION || method == v1::DISPOSAL_METHOD_TRANSFER) {
    LEDGER_RETURN_IF_ERROR(CheckName(body.counterparty(), "counterparty", kNameRunesMax));
  } else {
    LEDGER_RETURN_IF_ERROR(CheckOptionalName(body.counterparty(), "counterparty", kNameRunesMax));
  }
  LEDGER_RETURN_IF_ERROR(CheckOptionalName(body.venue(), "venue", kDocumentRunesMax));
  LEDGER_RETURN_IF_ERROR(CheckNonNegative(body.price_fen(), "price_fen"));
  LEDGER_RETURN_IF_ERROR(CheckNonNegative(body.proceeds_fen(), "proceeds_fen"));
  LEDGER_RETURN_IF_ERROR(
      CheckOptionalName(body.price_justification(), "price_justification", kReasonRunesMax));
  if (!body.reinvestment_project_id().empty()) {
    LEDGER_RETURN_IF_ERROR(CheckId(body.reinvestment_project_id(), "reinvestment_project_id"));
  }
  LEDGER_RETURN_IF_ERROR(CheckDate(body.completion_date(), "completion_date").status());
  LEDGER_RETURN_IF_ERROR(CheckStage(*disposal, DisposalStage::kNoticed, "the completion"));
  if (!body.reinvestment_project_id().empty() &&
      state.funds().FindProject(body.reinvestment_project_id()) == nullptr) {
    return AssetError(
        absl::StatusCode::kNotFound,
        absl::StrCat("reinvestment project ", QuoteForError(body.reinvestment_project_id()),
                     " is not in this log's project library"));
  }
  const v1::DisposalNotice& notice = *disposal->notice;
  if (body.completion_date() <= notice.end_date()) {
    return RuleViolation(
        "R26", absl::StrCat("R26: completion on ", body.completion_date(),
                            " is within the notice period, which ends on ", notice.end_date()));
  }
  const int64_t appraised = disposal->application.appraised_value_fen();
  if (IsFinal(method) && body.price_fen() < appraised && body.price_justification().empty()) {
    return RuleViolation("R26",
                         absl::StrCat("R26: the price of ", FormatYuan(body.price_fen()),
                                      " is below the appraised value of ", FormatYuan(appraised),
                                      "; record a price_justification"));
  }
  return CheckNotAfterRecord(entry, body.completion_date(), "completion_date", rules::kDate);
}

void CommitDisposalCompletion(StateMutator& state, const Entry& entry, uint64_t index) {
  state.CompleteDisposal(entry.As<v1::DisposalCompletion>(), index);
}

}  // namespace ledger::state
