// Fund entries (资金): FundReceipt, ProjectRegistration, ProjectStepRecord, PlanApproval,
// Contract, Acceptance, Disbursement, Reversal and HouseholdRoster (docs/FORMATS.md §9.6;
// DOMAIN.md §5 R1–R7, R9, and R11 for payments: the project's before-notice has ended).
//
// Each check validates fields first (L-FIELD), then references (L-FUND: unknown ids kNotFound,
// duplicate ids kAlreadyExists, mismatched references kFailedPrecondition), then the business
// rules (R1..R9, kFailedPrecondition, with the numbers). Sums of fen use checked arithmetic: an
// entry whose amounts would overflow int64 is L-FIELD kInvalidArgument.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.h"
#include "ledger/crypto/sha256.h"
#include "ledger/state/body_fields.h"
#include "ledger/state/civil_date.h"
#include "ledger/state/distribution_state.h"
#include "ledger/state/field_rules.h"
#include "ledger/state/fund_rules.h"
#include "ledger/state/fund_state.h"
#include "ledger/state/handlers.h"
#include "ledger/state/identity_rules.h"
#include "ledger/state/rules.h"
#include "ledger/state/state.h"
#include "ledger/util/rule_error.h"
#include "ledger/util/status_macros.h"

namespace ledger::state {
namespace {

inline constexpr size_t kCategorySizeMax = 32;
inline constexpr size_t kResultRunesMax = 500;
inline constexpr uint32_t kYearMin = 2000;
inline constexpr uint32_t kYearMax = 2099;

absl::Status FundError(absl::StatusCode code, std::string_view message) {
  return RuleError(code, rules::kFund, message);
}

absl::Status CheckYear(uint32_t year, std::string_view field) {
  if (year >= kYearMin && year <= kYearMax) return absl::OkStatus();
  return FieldError(
      absl::StrCat(Sv(field), " is ", year, ", must be ", kYearMin, " to ", kYearMax));
}

// The total of the project's contracts (合同金额, the committed stage).
int64_t CommittedFen(const FundState& funds, std::string_view project_id) {
  int64_t sum = 0;
  for (const auto& [id, c] : funds.contracts()) {
    if (c.contract.project_id() == project_id) sum += c.contract.amount_fen();
  }
  return sum;
}

std::string StepName(int step) {
  const auto* value = v1::ProjectStep_descriptor()->FindValueByNumber(step);
  return value == nullptr ? absl::StrCat("step ", step) : value->name();
}

absl::StatusOr<const ProjectRecord*> FindProject(const LedgerState& state,
                                                 std::string_view project_id) {
  const ProjectRecord* project = state.funds().FindProject(project_id);
  if (project == nullptr) {
    return FundError(
        absl::StatusCode::kNotFound,
        absl::StrCat("project ", QuoteForError(project_id), " is not registered in this log"));
  }
  return project;
}

absl::StatusOr<const ContractRecord*> FindContract(const LedgerState& state,
                                                   std::string_view contract_id) {
  const ContractRecord* contract = state.funds().FindContract(contract_id);
  if (contract == nullptr) {
    return FundError(
        absl::StatusCode::kNotFound,
        absl::StrCat("contract ", QuoteForError(contract_id), " is not recorded in this log"));
  }
  return contract;
}

absl::StatusOr<const v1::Acceptance*> FindAcceptance(const LedgerState& state,
                                                     std::string_view acceptance_id) {
  const v1::Acceptance* acceptance = state.funds().FindAcceptance(acceptance_id);
  if (acceptance == nullptr) {
    return FundError(
        absl::StatusCode::kNotFound,
        absl::StrCat("acceptance ", QuoteForError(acceptance_id), " is not recorded in this log"));
  }
  return acceptance;
}

absl::Status Duplicate(std::string_view kind, std::string_view id) {
  return FundError(absl::StatusCode::kAlreadyExists,
                   absl::StrCat(Sv(kind), " ", Sv(id), " is already recorded in this log"));
}

std::string ProjectStatusName(const ProjectRecord& project) {
  return project.last_step == v1::PROJECT_STEP_UNSPECIFIED ? "none" : StepName(project.last_step);
}

// R11: a payment waits for the project's before-notice (事前公示) to end: some announcement of
// the project with subject PROJECT_BEFORE ends before the payment date. Every payment is checked,
// not only the project's first: a later payment dated inside the notice period breaks the rule
// just as much, and a reversed first payment leaves nothing to decide "first" by.
absl::Status CheckBeforeNoticeEnded(const LedgerState& state, const v1::Disbursement& body) {
  const DistributionState& announcements = state.distributions();
  const std::vector<std::string>& ids =
      announcements.AnnouncementsOf(v1::ANNOUNCEMENT_SUBJECT_PROJECT_BEFORE, body.project_id());
  std::vector<std::string> running;
  for (const std::string& id : ids) {
    const v1::Announcement& notice = announcements.FindAnnouncement(id)->announcement;
    if (notice.end_date() < body.payment_date()) return absl::OkStatus();
    running.push_back(
        absl::StrCat(notice.start_date(), "..", notice.end_date(), " (announcement ", id, ")"));
  }
  if (running.empty()) {
    return RuleViolation(
        "R11",
        absl::StrCat("R11: no before-notice (事前公示) of project ", body.project_id(),
                     " is recorded; payment ", body.payment_id(), " on ", body.payment_date(),
                     " waits for an announcement of subject "
                     "ANNOUNCEMENT_SUBJECT_PROJECT_BEFORE of the project that has ended"));
  }
  const bool one = running.size() == 1;
  return RuleViolation(
      "R11", absl::StrCat("R11: the before-notice", one ? "" : "s", " (事前公示) of project ",
                          body.project_id(), ", ", absl::StrJoin(running, "; "),
                          one ? ", has" : ", have", " not ended before the payment date ",
                          body.payment_date(), " of payment ", body.payment_id()));
}

}  // namespace

// ---- FundReceipt (资金到账) ----

absl::Status CheckFundReceipt(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::FundReceipt>();
  LEDGER_RETURN_IF_ERROR(CheckId(body.receipt_id(), "receipt_id"));
  LEDGER_RETURN_IF_ERROR(CheckEnum(v1::FundSource_descriptor(), body.source(), "source"));
  LEDGER_RETURN_IF_ERROR(CheckYear(body.year(), "year"));
  LEDGER_RETURN_IF_ERROR(CheckName(body.document_number(), "document_number", kDocumentRunesMax));
  LEDGER_RETURN_IF_ERROR(CheckAmount(body.amount_fen(), "amount_fen"));
  if (state.funds().receipts().contains(body.receipt_id())) {
    return Duplicate("receipt", body.receipt_id());
  }
  const FundState& funds = state.funds();
  const std::string received = AccountName(AccountKind::kReceived, body.source());
  LEDGER_RETURN_IF_ERROR(
      CheckedAdd(funds.BalanceOf(received), body.amount_fen(), absl::StrCat("account ", received))
          .status());
  const std::string external = AccountName(AccountKind::kExternal, body.source());
  int64_t unused = 0;
  if (__builtin_sub_overflow(funds.BalanceOf(external), body.amount_fen(), &unused)) {
    return Overflow(absl::StrCat("account ", external));
  }
  // What the county has received from every source together must stay an int64 too: the fund
  // summary adds the sources up (GetFundSummary's total), and the totals of approved and paid
  // money are bounded by it, since money only moves between the stages of one source.
  __int128 received_total = body.amount_fen();
  const google::protobuf::EnumDescriptor* sources = v1::FundSource_descriptor();
  for (int i = 0; i < sources->value_count(); ++i) {
    const auto source = static_cast<v1::FundSource>(sources->value(i)->number());
    received_total -= funds.BalanceOf(AccountName(AccountKind::kExternal, source));
  }
  if (received_total > std::numeric_limits<int64_t>::max()) {
    return Overflow("the total received from all fund sources");
  }
  return absl::OkStatus();
}

void CommitFundReceipt(StateMutator& state, const Entry& entry, uint64_t index) {
  state.AddFundReceipt(entry.As<v1::FundReceipt>(), index);
}

// ---- ProjectRegistration (项目入库) ----

absl::StatusOr<std::string> ProjectRegistrationScope(const LedgerState& state, const Entry& entry) {
  const std::string& location = entry.As<v1::ProjectRegistration>().location();
  LEDGER_RETURN_IF_ERROR(CheckScopeFormat(location, "location"));
  if (!location.starts_with(state.division_code())) {
    return FundError(absl::StatusCode::kInvalidArgument,
                     absl::StrCat("location ", location, " is outside the log's jurisdiction ",
                                  state.division_code()));
  }
  return location;
}

absl::Status CheckProjectRegistration(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::ProjectRegistration>();
  LEDGER_RETURN_IF_ERROR(CheckId(body.project_id(), "project_id"));
  LEDGER_RETURN_IF_ERROR(CheckName(body.name(), "name", kNameRunesMax));
  LEDGER_RETURN_IF_ERROR(CheckEnum(v1::ProjectType_descriptor(), body.type(), "type"));
  LEDGER_RETURN_IF_ERROR(ProjectRegistrationScope(state, entry).status());
  LEDGER_RETURN_IF_ERROR(CheckName(body.content(), "content", kContentRunesMax));
  if (body.planned_size() == 0) return FieldError("planned has no line");
  std::set<int> sources;
  int64_t total = 0;
  for (int i = 0; i < body.planned_size(); ++i) {
    const v1::PlannedFunds& line = body.planned(i);
    const std::string field = absl::StrCat("planned[", i, "]");
    LEDGER_RETURN_IF_ERROR(
        CheckEnum(v1::FundSource_descriptor(), line.source(), absl::StrCat(field, ".source")));
    LEDGER_RETURN_IF_ERROR(CheckAmount(line.amount_fen(), absl::StrCat(field, ".amount_fen")));
    if (!sources.insert(line.source()).second) {
      return FieldError(absl::StrCat(field, ".source ", FundSourceName(line.source()),
                                     " appears in an earlier line"));
    }
    LEDGER_ASSIGN_OR_RETURN(total, CheckedAdd(total, line.amount_fen(), "the planned total"));
  }
  LEDGER_RETURN_IF_ERROR(CheckName(body.implementer(), "implementer", kNameRunesMax));
  LEDGER_RETURN_IF_ERROR(CheckName(body.responsible_person(), "responsible_person", kNameRunesMax));
  if (state.funds().FindProject(body.project_id()) != nullptr) {
    return Duplicate("project", body.project_id());
  }
  return absl::OkStatus();
}

void CommitProjectRegistration(StateMutator& state, const Entry& entry, uint64_t index) {
  state.AddProject(entry.As<v1::ProjectRegistration>(), index);
}

// ---- ProjectStepRecord (入库步骤) ----

absl::StatusOr<std::string> ProjectStepScope(const LedgerState& state, const Entry& entry) {
  LEDGER_ASSIGN_OR_RETURN(const ProjectRecord* project,
                          FindProject(state, entry.As<v1::ProjectStepRecord>().project_id()));
  return project->registration.location();
}

absl::Status CheckProjectStepRecord(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::ProjectStepRecord>();
  LEDGER_ASSIGN_OR_RETURN(const ProjectRecord* project, FindProject(state, body.project_id()));
  LEDGER_RETURN_IF_ERROR(CheckEnum(v1::ProjectStep_descriptor(), body.step(), "step"));
  LEDGER_RETURN_IF_ERROR(CheckDate(body.date(), "date").status());
  const std::string step = StepName(body.step());
  if (body.step() <= project->last_step) {
    return RuleViolation(
        "R2", absl::StrCat("R2: step ", step, " of project ", body.project_id(),
                           " is already recorded (on ", project->step_dates.at(body.step()), ")"));
  }
  if (body.step() != project->last_step + 1) {
    return RuleViolation(
        "R2", absl::StrCat("R2: step ", step, " of project ", body.project_id(), " requires step ",
                           StepName(project->last_step + 1),
                           " first (last step: ", ProjectStatusName(*project), ")"));
  }
  // Valid "YYYY-MM-DD" dates order as strings.
  if (body.date() < project->last_step_date) {
    return RuleViolation(
        "R2", absl::StrCat("R2: step ", step, " of project ", body.project_id(), " on ",
                           body.date(), " precedes step ", StepName(project->last_step), " on ",
                           project->last_step_date));
  }
  return CheckNotAfterRecord(entry, body.date(), "date");
}

void CommitProjectStepRecord(StateMutator& state, const Entry& entry, uint64_t index) {
  state.AddProjectStep(entry.As<v1::ProjectStepRecord>());
}

// ---- PlanApproval (年度计划批复) ----

absl::Status CheckPlanApproval(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::PlanApproval>();
  LEDGER_ASSIGN_OR_RETURN(const ProjectRecord* project, FindProject(state, body.project_id()));
  LEDGER_RETURN_IF_ERROR(CheckYear(body.year(), "year"));
  LEDGER_RETURN_IF_ERROR(CheckName(body.approving_body(), "approving_body", kNameRunesMax));
  if (!body.reapproval_document().empty()) {
    LEDGER_RETURN_IF_ERROR(
        CheckName(body.reapproval_document(), "reapproval_document", kDocumentRunesMax));
  }
  if (body.lines_size() == 0) return FieldError("lines has no line");
  std::set<int> sources;
  for (int i = 0; i < body.lines_size(); ++i) {
    const v1::ApprovedLine& line = body.lines(i);
    const std::string field = absl::StrCat("lines[", i, "]");
    LEDGER_RETURN_IF_ERROR(
        CheckEnum(v1::FundSource_descriptor(), line.source(), absl::StrCat(field, ".source")));
    // An adjustment may reduce a source to 0; a first approval approves something.
    if (body.adjustment() ? line.amount_fen() < 0 : line.amount_fen() <= 0) {
      return FieldError(absl::StrCat(field, ".amount_fen is ", line.amount_fen(), " fen, must be ",
                                     body.adjustment() ? "0 or more" : "more than 0"));
    }
    if (!sources.insert(line.source()).second) {
      return FieldError(absl::StrCat(field, ".source ", FundSourceName(line.source()),
                                     " appears in an earlier line"));
    }
  }

  // R1 / R2: only projects through the library's county approval enter the annual plan, after it.
  if (project->last_step != v1::PROJECT_STEP_COUNTY_APPROVAL) {
    return RuleViolation(
        "R1", absl::StrCat("R1: project ", body.project_id(),
                           " has no PROJECT_STEP_COUNTY_APPROVAL in the project library (last "
                           "step: ",
                           ProjectStatusName(*project), "); it cannot enter the annual plan"));
  }
  const std::string& date = entry.header().business_date();
  if (date < project->last_step_date) {
    return RuleViolation(
        "R2",
        absl::StrCat("R2: plan approval of project ", body.project_id(), " on ", date,
                     " precedes its PROJECT_STEP_COUNTY_APPROVAL on ", project->last_step_date));
  }
  const bool first = !project->first_approved_at.has_value();
  if (first && body.adjustment()) {
    return FundError(absl::StatusCode::kFailedPrecondition,
                     absl::StrCat("project ", body.project_id(),
                                  " has no plan approval yet; the first cannot be an adjustment"));
  }
  if (!first && !body.adjustment()) {
    return FundError(
        absl::StatusCode::kFailedPrecondition,
        absl::StrCat("project ", body.project_id(), " was approved at index ",
                     *project->first_approved_at, "; a later approval must be an adjustment"));
  }

  const FundState& funds = state.funds();
  int64_t project_total = project->approved_total_fen;
  for (const v1::ApprovedLine& line : body.lines()) {
    auto it = project->approved_fen.find(line.source());
    const int64_t old_total = it == project->approved_fen.end() ? 0 : it->second;
    const int64_t delta = line.amount_fen() - old_total;  // both >= 0: cannot overflow
    const std::string source = FundSourceName(line.source());
    LEDGER_ASSIGN_OR_RETURN(project_total, CheckedAdd(project_total, delta,
                                                      absl::StrCat("the approved total of project ",
                                                                   body.project_id())));
    if (delta > 0) {
      const int64_t available = funds.BalanceOf(AccountName(AccountKind::kReceived, line.source()));
      if (delta > available) {
        return RuleViolation(
            "R9", absl::StrCat("R9: approving ", FormatYuan(delta), " of ", source, " for project ",
                               body.project_id(), " exceeds the ", FormatYuan(available),
                               " received and not yet approved"));
      }
    } else if (delta < 0) {
      const int64_t unpaid =
          funds.BalanceOf(AccountName(AccountKind::kApproved, line.source(), body.project_id()));
      if (-delta > unpaid) {
        const int64_t paid =
            funds.BalanceOf(AccountName(AccountKind::kPaid, line.source(), body.project_id()));
        return RuleViolation(
            "R3", absl::StrCat("R3: reducing the ", source, " approved for project ",
                               body.project_id(), " to ", FormatYuan(line.amount_fen()),
                               " leaves less than the ", FormatYuan(paid), " already paid"));
      }
    }
  }

  // R3: the approved total still covers the project's contracts.
  if (const int64_t committed = CommittedFen(funds, body.project_id()); project_total < committed) {
    return RuleViolation(
        "R3", absl::StrCat("R3: the approved total of project ", body.project_id(), " would be ",
                           FormatYuan(project_total), ", less than its contracts of ",
                           FormatYuan(committed)));
  }

  // R3 (批小建大): raising the total more than plan_overrun_bp above the first approval needs a
  // re-approval document.
  const int64_t first_total = project->first_approved_total_fen;
  if (!first && project_total > first_total && body.reapproval_document().empty()) {
    const uint32_t limit_bp = state.policy().plan_overrun_bp();
    // Both totals are in [0, INT64_MAX]: the products fit 128 bits.
    const __int128 over = static_cast<__int128>(project_total - first_total) * kBasisPoints;
    if (over > static_cast<__int128>(first_total) * limit_bp) {
      // first_total > 0: a first approval approves something. Clamped for the message only.
      const __int128 over_bp = std::min<__int128>(over / std::max<int64_t>(first_total, 1),
                                                  std::numeric_limits<int64_t>::max());
      return RuleViolation(
          "R3", absl::StrCat("R3: adjustment raises the approved total of project ",
                             body.project_id(), " from ", FormatYuan(first_total),
                             " (first approval) to ", FormatYuan(project_total), ", ",
                             FormatPercent(static_cast<int64_t>(over_bp)),
                             " over, more than the policy's ", FormatPercent(limit_bp), " (",
                             limit_bp, " bp); it needs a reapproval_document"));
    }
  }
  return absl::OkStatus();
}

void CommitPlanApproval(StateMutator& state, const Entry& entry, uint64_t index) {
  state.ApprovePlan(entry.As<v1::PlanApproval>(), entry.header().business_date(), index);
}

// ---- Contract (合同) ----

absl::StatusOr<std::string> ContractScope(const LedgerState& state, const Entry& entry) {
  LEDGER_ASSIGN_OR_RETURN(const ProjectRecord* project,
                          FindProject(state, entry.As<v1::Contract>().project_id()));
  return project->registration.location();
}

absl::Status CheckContract(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::Contract>();
  LEDGER_RETURN_IF_ERROR(CheckId(body.contract_id(), "contract_id"));
  LEDGER_RETURN_IF_ERROR(FindProject(state, body.project_id()).status());
  LEDGER_RETURN_IF_ERROR(CheckName(body.payee(), "payee", kNameRunesMax));
  LEDGER_RETURN_IF_ERROR(CheckAmount(body.amount_fen(), "amount_fen"));
  LEDGER_RETURN_IF_ERROR(CheckName(body.tender_method(), "tender_method", kDocumentRunesMax));
  LEDGER_RETURN_IF_ERROR(CheckDate(body.signed_date(), "signed_date").status());
  LEDGER_RETURN_IF_ERROR(CheckDate(body.start_date(), "start_date").status());
  LEDGER_RETURN_IF_ERROR(CheckDate(body.end_date(), "end_date").status());
  if (body.end_date() < body.start_date()) {
    return FieldError(
        absl::StrCat("end_date ", body.end_date(), " precedes start_date ", body.start_date()));
  }
  if (body.advance_ceiling_bp() > kBasisPoints) {
    return FieldError(absl::StrCat("advance_ceiling_bp is ", body.advance_ceiling_bp(),
                                   ", must be 0 to ", kBasisPoints));
  }
  if (body.retention_bp() > kBasisPoints) {
    return FieldError(
        absl::StrCat("retention_bp is ", body.retention_bp(), ", must be 0 to ", kBasisPoints));
  }
  if (state.funds().FindContract(body.contract_id()) != nullptr) {
    return Duplicate("contract", body.contract_id());
  }
  if (body.signed_date() > body.start_date()) {
    return RuleViolation(
        "R5", absl::StrCat("R5: contract ", body.contract_id(), " signed on ", body.signed_date(),
                           " is after the works start on ", body.start_date()));
  }
  LEDGER_RETURN_IF_ERROR(CheckNotAfterRecord(entry, body.signed_date(), "signed_date"));
  if (body.retention_bp() > state.policy().retention_ceiling_bp()) {
    return RuleViolation(
        "R6", absl::StrCat("R6: contract ", body.contract_id(), " retention of ",
                           body.retention_bp(), " bp exceeds the policy's retention ceiling of ",
                           state.policy().retention_ceiling_bp(), " bp"));
  }
  // R3: no more is committed by contracts than is approved for the project.
  const ProjectRecord& project = *state.funds().FindProject(body.project_id());
  const int64_t committed = CommittedFen(state.funds(), body.project_id());
  LEDGER_ASSIGN_OR_RETURN(int64_t after,
                          CheckedAdd(committed, body.amount_fen(), "the project's contracts"));
  if (after > project.approved_total_fen) {
    return RuleViolation(
        "R3",
        absl::StrCat("R3: contracts of project ", body.project_id(), " would total ",
                     FormatYuan(after), " (", FormatYuan(committed), " before), more than the ",
                     FormatYuan(project.approved_total_fen), " approved for it"));
  }
  return absl::OkStatus();
}

void CommitContract(StateMutator& state, const Entry& entry, uint64_t index) {
  state.AddContract(entry.As<v1::Contract>(), index);
}

// ---- Acceptance (验收) ----

absl::StatusOr<std::string> AcceptanceScope(const LedgerState& state, const Entry& entry) {
  LEDGER_ASSIGN_OR_RETURN(const ProjectRecord* project,
                          FindProject(state, entry.As<v1::Acceptance>().project_id()));
  return project->registration.location();
}

absl::Status CheckAcceptance(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::Acceptance>();
  LEDGER_RETURN_IF_ERROR(CheckId(body.acceptance_id(), "acceptance_id"));
  LEDGER_RETURN_IF_ERROR(FindProject(state, body.project_id()).status());
  LEDGER_RETURN_IF_ERROR(CheckDate(body.date(), "date").status());
  LEDGER_RETURN_IF_ERROR(CheckName(body.result(), "result", kResultRunesMax));
  LEDGER_RETURN_IF_ERROR(CheckHash(body.report_hash(), "report_hash"));
  if (state.funds().FindAcceptance(body.acceptance_id()) != nullptr) {
    return Duplicate("acceptance", body.acceptance_id());
  }
  // R5: works are accepted after they started.
  for (const auto& [id, c] : state.funds().contracts()) {
    if (c.contract.project_id() == body.project_id() && body.date() < c.contract.start_date()) {
      return RuleViolation("R5", absl::StrCat("R5: acceptance on ", body.date(),
                                              " precedes the works start of contract ", id, " on ",
                                              c.contract.start_date()));
    }
  }
  return CheckNotAfterRecord(entry, body.date(), "date");
}

void CommitAcceptance(StateMutator& state, const Entry& entry, uint64_t index) {
  state.AddAcceptance(entry.As<v1::Acceptance>());
}

// ---- Disbursement (拨付/报账) ----

absl::Status CheckDisbursement(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::Disbursement>();
  LEDGER_RETURN_IF_ERROR(CheckId(body.payment_id(), "payment_id"));
  LEDGER_RETURN_IF_ERROR(CheckId(body.project_id(), "project_id"));
  LEDGER_RETURN_IF_ERROR(CheckId(body.contract_id(), "contract_id"));
  LEDGER_RETURN_IF_ERROR(CheckEnum(v1::FundSource_descriptor(), body.source(), "source"));
  LEDGER_RETURN_IF_ERROR(CheckEnum(v1::DisbursementStage_descriptor(), body.stage(), "stage"));
  LEDGER_RETURN_IF_ERROR(CheckAmount(body.amount_fen(), "amount_fen"));
  LEDGER_RETURN_IF_ERROR(CheckName(body.payee(), "payee", kNameRunesMax));
  LEDGER_RETURN_IF_ERROR(
      CheckCode(body.spending_category(), "spending_category", kCategorySizeMax, rules::kField));
  LEDGER_RETURN_IF_ERROR(CheckHash(body.voucher_hash(), "voucher_hash"));
  LEDGER_RETURN_IF_ERROR(CheckHash(body.invoice_hash(), "invoice_hash"));
  if (!body.acceptance_id().empty()) {
    LEDGER_RETURN_IF_ERROR(CheckId(body.acceptance_id(), "acceptance_id"));
  }
  LEDGER_RETURN_IF_ERROR(CheckDate(body.application_date(), "application_date").status());
  LEDGER_RETURN_IF_ERROR(CheckDate(body.township_signoff_date(), "township_signoff_date").status());
  LEDGER_RETURN_IF_ERROR(CheckDate(body.finance_approval_date(), "finance_approval_date").status());
  LEDGER_ASSIGN_OR_RETURN(CivilDate payment_date, CheckDate(body.payment_date(), "payment_date"));

  // References.
  const FundState& funds = state.funds();
  LEDGER_ASSIGN_OR_RETURN(const PaymentRecord* same_id, state.FindPayment(body.payment_id()));
  if (same_id != nullptr) return Duplicate("payment", body.payment_id());
  LEDGER_ASSIGN_OR_RETURN(const ProjectRecord* project, FindProject(state, body.project_id()));
  LEDGER_ASSIGN_OR_RETURN(const ContractRecord* contract, FindContract(state, body.contract_id()));
  if (contract->contract.project_id() != body.project_id()) {
    return FundError(absl::StatusCode::kFailedPrecondition,
                     absl::StrCat("contract ", body.contract_id(), " is of project ",
                                  contract->contract.project_id(), ", not ", body.project_id()));
  }
  const v1::Acceptance* acceptance = nullptr;
  if (!body.acceptance_id().empty()) {
    LEDGER_ASSIGN_OR_RETURN(acceptance, FindAcceptance(state, body.acceptance_id()));
    if (acceptance->project_id() != body.project_id()) {
      return FundError(absl::StatusCode::kFailedPrecondition,
                       absl::StrCat("acceptance ", body.acceptance_id(), " is of project ",
                                    acceptance->project_id(), ", not ", body.project_id()));
    }
  }

  // R4: the negative list.
  const auto& banned = state.policy().negative_list_categories().codes();
  if (std::find(banned.begin(), banned.end(), body.spending_category()) != banned.end()) {
    return RuleViolation("R4", absl::StrCat("R4: spending category ", body.spending_category(),
                                            " is on the policy's negative list"));
  }
  const auto& known = state.policy().spending_categories().codes();
  if (!known.empty() &&
      std::find(known.begin(), known.end(), body.spending_category()) == known.end()) {
    return FundError(absl::StatusCode::kNotFound,
                     absl::StrCat("spending category \"", body.spending_category(),
                                  "\" is not in the policy's spending_categories (",
                                  absl::StrJoin(known, ", "), ")"));
  }

  // R5: the order of the reimbursement steps (valid dates order as strings).
  const std::pair<const std::string*, const char*> steps[] = {
      {&body.application_date(), "application_date"},
      {&body.township_signoff_date(), "township_signoff_date"},
      {&body.finance_approval_date(), "finance_approval_date"},
      {&body.payment_date(), "payment_date"}};
  for (size_t i = 1; i < std::size(steps); ++i) {
    if (*steps[i].first < *steps[i - 1].first) {
      return RuleViolation("R5",
                           absl::StrCat("R5: ", steps[i].second, " ", *steps[i].first, " precedes ",
                                        steps[i - 1].second, " ", *steps[i - 1].first));
    }
  }

  LEDGER_RETURN_IF_ERROR(CheckNotAfterRecord(entry, body.payment_date(), "payment_date"));

  // R1: the project is in the annual plan before the payment.
  if (!project->first_approved_at.has_value()) {
    return RuleViolation("R1", absl::StrCat("R1: project ", body.project_id(),
                                            " is not in an approved annual plan"));
  }
  if (body.payment_date() < project->first_approval_date) {
    return RuleViolation(
        "R1", absl::StrCat("R1: payment date ", body.payment_date(),
                           " precedes the annual plan approval of project ", body.project_id(),
                           " on ", project->first_approval_date));
  }
  LEDGER_RETURN_IF_ERROR(CheckBeforeNoticeEnded(state, body));

  // R5 / R6: stages.
  const std::string stage = v1::DisbursementStage_Name(body.stage());
  const bool after_acceptance = body.stage() == v1::DISBURSEMENT_STAGE_FINAL ||
                                body.stage() == v1::DISBURSEMENT_STAGE_RETENTION_RELEASE;
  const std::string_view acceptance_rule =
      body.stage() == v1::DISBURSEMENT_STAGE_FINAL ? "R5" : "R6";
  if (after_acceptance && acceptance == nullptr) {
    return RuleViolation(acceptance_rule,
                         absl::StrCat(Sv(acceptance_rule), ": a ", stage,
                                      " payment needs the project's acceptance (acceptance_id)"));
  }
  if (body.stage() == v1::DISBURSEMENT_STAGE_FINAL &&
      acceptance->date() > body.application_date()) {
    return RuleViolation(
        "R5", absl::StrCat("R5: application_date ", body.application_date(),
                           " of a final payment precedes the acceptance on ", acceptance->date()));
  }
  if (body.stage() == v1::DISBURSEMENT_STAGE_RETENTION_RELEASE) {
    const uint32_t months = state.policy().retention_months();
    const CivilDate earliest =
        AddMonths(*ParseCivilDate(acceptance->date()), static_cast<int>(months));
    if (DaysFromCivil(payment_date) < DaysFromCivil(earliest)) {
      return RuleViolation(
          "R6", absl::StrCat("R6: retention released on ", body.payment_date(), ", before ",
                             FormatCivilDate(earliest), " (acceptance on ", acceptance->date(),
                             " + ", months, " months)"));
    }
  }
  const int64_t contract_amount = contract->contract.amount_fen();
  if (body.stage() == v1::DISBURSEMENT_STAGE_ADVANCE) {
    const uint32_t bp =
        std::min(contract->contract.advance_ceiling_bp(), state.policy().advance_ceiling_bp());
    const int64_t ceiling = ShareOf(contract_amount, bp);
    LEDGER_ASSIGN_OR_RETURN(int64_t advanced, CheckedAdd(contract->advance_paid_fen,
                                                         body.amount_fen(), "the advance total"));
    if (advanced > ceiling) {
      return RuleViolation(
          "R6", absl::StrCat("R6: advances of ", FormatYuan(advanced), " on contract ",
                             body.contract_id(), " exceed the ceiling of ", FormatYuan(ceiling),
                             " (", bp, " bp of ", FormatYuan(contract_amount), ")"));
    }
  }

  if (body.stage() == v1::DISBURSEMENT_STAGE_RETENTION_RELEASE) {
    const uint32_t bp = contract->contract.retention_bp();
    const int64_t cap = ShareOf(contract_amount, bp);
    LEDGER_ASSIGN_OR_RETURN(int64_t released, CheckedAdd(contract->retention_released_fen,
                                                         body.amount_fen(), "the retention total"));
    if (released > cap) {
      return RuleViolation(
          "R6", absl::StrCat("R6: retention releases of ", FormatYuan(released), " on contract ",
                             body.contract_id(), " exceed its retention of ", FormatYuan(cap), " (",
                             bp, " bp of ", FormatYuan(contract_amount), ")"));
    }
  }

  // R3: within the contract and within what is approved and not yet paid.
  LEDGER_ASSIGN_OR_RETURN(int64_t contract_paid,
                          CheckedAdd(contract->paid_fen, body.amount_fen(), "the contract total"));
  if (contract_paid > contract_amount) {
    return RuleViolation("R3", absl::StrCat("R3: payments of ", FormatYuan(contract_paid),
                                            " on contract ", body.contract_id(),
                                            " exceed its amount of ", FormatYuan(contract_amount)));
  }
  const int64_t unpaid =
      funds.BalanceOf(AccountName(AccountKind::kApproved, body.source(), body.project_id()));
  if (body.amount_fen() > unpaid) {
    return RuleViolation(
        "R3", absl::StrCat("R3: paying ", FormatYuan(body.amount_fen()), " of ",
                           FundSourceName(body.source()), " for project ", body.project_id(),
                           " exceeds the ", FormatYuan(unpaid), " approved and not yet paid"));
  }
  return absl::OkStatus();
}

void CommitDisbursement(StateMutator& state, const Entry& entry, uint64_t index) {
  state.AddDisbursement(entry.As<v1::Disbursement>(), index);
}

// ---- Reversal (冲销/更正) ----

absl::Status CheckReversal(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::Reversal>();
  const v1::ReversedEntryKind kind = body.reversed_entry_kind();
  LEDGER_RETURN_IF_ERROR(
      CheckEnum(v1::ReversedEntryKind_descriptor(), kind, "reversed_entry_kind"));
  LEDGER_RETURN_IF_ERROR(CheckId(body.target_id(), "target_id"));
  LEDGER_RETURN_IF_ERROR(CheckName(body.reason(), "reason", kResultRunesMax));
  const std::string& corrects = entry.header().corrects();
  if (corrects.empty()) {
    return FieldError("header.corrects is empty; a reversal names the entry_id it corrects");
  }

  const FundState& funds = state.funds();
  const std::string& own_id = entry.header().entry_id();
  if (auto it = funds.reversal_entry_ids().find(own_id); it != funds.reversal_entry_ids().end()) {
    return FundError(absl::StatusCode::kAlreadyExists,
                     absl::StrCat("entry_id ", crypto::ToHex(own_id),
                                  " is already that of the reversal at index ", it->second));
  }
  if (auto it = funds.reversal_entry_ids().find(corrects); it != funds.reversal_entry_ids().end()) {
    return FundError(
        absl::StatusCode::kFailedPrecondition,
        absl::StrCat("header.corrects ", crypto::ToHex(corrects), " is the reversal at index ",
                     it->second, "; a reversal cannot be reversed"));
  }
  const bool payment = kind == v1::REVERSED_ENTRY_KIND_DISBURSEMENT;
  const std::string noun = payment ? "payment" : "receipt";
  const auto& reversed = payment ? funds.reversed_payments() : funds.reversed_receipts();
  const v1::EntryHeader* target_header = nullptr;
  const PaymentRecord* target_payment = nullptr;
  if (payment) {
    LEDGER_ASSIGN_OR_RETURN(target_payment, state.FindPayment(body.target_id()));
    if (target_payment != nullptr) target_header = &target_payment->body.header();
  } else {
    auto it = funds.receipts().find(body.target_id());
    if (it != funds.receipts().end()) target_header = &it->second.header();
  }
  if (target_header == nullptr) {
    return FundError(
        absl::StatusCode::kNotFound,
        absl::StrCat(noun, " ", QuoteForError(body.target_id()), " is not recorded in this log"));
  }
  if (auto it = reversed.find(body.target_id()); it != reversed.end()) {
    return FundError(absl::StatusCode::kAlreadyExists,
                     absl::StrCat(noun, " ", body.target_id(), " is already reversed at index ",
                                  it->second.index));
  }
  if (corrects != target_header->entry_id()) {
    return FundError(
        absl::StatusCode::kFailedPrecondition,
        absl::StrCat("header.corrects ", crypto::ToHex(corrects), " is not ", noun, " ",
                     body.target_id(), "'s entry_id ", crypto::ToHex(target_header->entry_id())));
  }

  if (payment) {
    const v1::Disbursement& target = target_payment->body;
    const std::string approved =
        AccountName(AccountKind::kApproved, target.source(), target.project_id());
    LEDGER_RETURN_IF_ERROR(CheckedAdd(funds.BalanceOf(approved), target.amount_fen(),
                                      absl::StrCat("account ", approved))
                               .status());
    // R13: the project's payments still cover the assets registered from them.
    const int64_t paid_after =
        funds.BalanceOf(AccountName(AccountKind::kPaid, target.source(), target.project_id())) -
        target.amount_fen();
    const int64_t registered = state.assets().RegisteredFrom(target.project_id(), target.source());
    if (paid_after < registered) {
      return RuleViolation(
          "R13", absl::StrCat("R13: reversing payment ", body.target_id(), " leaves project ",
                              target.project_id(), " (", FundSourceName(target.source()), ") ",
                              FormatYuan(paid_after), " paid, less than the ",
                              FormatYuan(registered), " of assets registered from it"));
    }
    return absl::OkStatus();
  }
  // R9: the receipt's money must still be received and not yet approved.
  const v1::FundReceipt& target = funds.receipts().find(body.target_id())->second;
  const std::string received = AccountName(AccountKind::kReceived, target.source());
  const int64_t available = funds.BalanceOf(received);
  if (target.amount_fen() > available) {
    return RuleViolation(
        "R9",
        absl::StrCat("R9: reversing receipt ", body.target_id(), " of ",
                     FormatYuan(target.amount_fen()), " exceeds the ", FormatYuan(available),
                     " of ", FundSourceName(target.source()), " received and not yet approved; ",
                     received, " would be ", FormatYuan(available - target.amount_fen())));
  }
  const std::string external = AccountName(AccountKind::kExternal, target.source());
  LEDGER_RETURN_IF_ERROR(
      CheckedAdd(funds.BalanceOf(external), target.amount_fen(), absl::StrCat("account ", external))
          .status());
  return absl::OkStatus();
}

void CommitReversal(StateMutator& state, const Entry& entry, uint64_t index) {
  state.AddReversal(entry.As<v1::Reversal>(), index);
}

// ---- HouseholdRoster (发放花名册) ----

absl::Status CheckHouseholdRoster(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::HouseholdRoster>();
  LEDGER_RETURN_IF_ERROR(CheckId(body.roster_id(), "roster_id"));
  LEDGER_RETURN_IF_ERROR(CheckId(body.payment_id(), "payment_id"));
  if (body.lines_size() == 0) return FieldError("lines has no line");
  std::set<std::string_view> households;
  int64_t cash_total = 0;
  int64_t in_kind_total = 0;
  for (int i = 0; i < body.lines_size(); ++i) {
    const v1::RosterLine& line = body.lines(i);
    const std::string field = absl::StrCat("lines[", i, "]");
    LEDGER_ASSIGN_OR_RETURN(const RosterLineValue value, CheckRosterLine(line, field));
    if (!households.insert(line.household_ref()).second) {
      return FieldError(absl::StrCat(field, ".household_ref ", line.household_ref(),
                                     " appears in an earlier line"));
    }
    LEDGER_ASSIGN_OR_RETURN(cash_total,
                            CheckedAdd(cash_total, value.cash_fen, "the roster's cash total"));
    LEDGER_ASSIGN_OR_RETURN(
        in_kind_total, CheckedAdd(in_kind_total, value.in_kind_fen, "the roster's in-kind total"));
  }
  LEDGER_ASSIGN_OR_RETURN(int64_t total,
                          CheckedAdd(cash_total, in_kind_total, "the roster's total"));

  const FundState& funds = state.funds();
  if (funds.rosters().contains(body.roster_id())) return Duplicate("roster", body.roster_id());
  LEDGER_ASSIGN_OR_RETURN(const PaymentRecord* payment, state.FindPayment(body.payment_id()));
  if (payment == nullptr) {
    return FundError(
        absl::StatusCode::kNotFound,
        absl::StrCat("payment ", QuoteForError(body.payment_id()), " is not recorded in this log"));
  }
  if (auto it = funds.reversed_payments().find(body.payment_id());
      it != funds.reversed_payments().end()) {
    return FundError(absl::StatusCode::kFailedPrecondition,
                     absl::StrCat("payment ", body.payment_id(), " is reversed at index ",
                                  it->second.index, "; it takes no roster"));
  }
  if (auto it = funds.roster_of_payment().find(body.payment_id());
      it != funds.roster_of_payment().end()) {
    return FundError(
        absl::StatusCode::kAlreadyExists,
        absl::StrCat("payment ", body.payment_id(), " already has roster ", it->second));
  }
  const int64_t amount = payment->body.amount_fen();
  if (total != amount) {
    return RuleViolation(
        "R7",
        absl::StrCat("R7: roster ", body.roster_id(), " lines sum to ", FormatYuan(total),
                     " (cash ", FormatYuan(cash_total), " + in kind ", FormatYuan(in_kind_total),
                     "), but payment ", body.payment_id(), " is ", FormatYuan(amount)));
  }
  return absl::OkStatus();
}

void CommitHouseholdRoster(StateMutator& state, const Entry& entry, uint64_t index) {
  state.AddRoster(entry.As<v1::HouseholdRoster>());
}

}  // namespace ledger::state
