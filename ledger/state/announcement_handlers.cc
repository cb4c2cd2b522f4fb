// Announcements (公告公示, DOMAIN.md §3.6, §7): a notice about a project, an asset ledger, a
// distribution plan or result, or a disposal, published for at least the policy's notice period.
// A distribution's payments wait for its plan's announcement to end (R20,
// distribution_handlers.cc).

#include <string>

#include "absl/strings/str_cat.h"
#include "ledger/state/asset_rules.h"
#include "ledger/state/body_fields.h"
#include "ledger/state/civil_date.h"
#include "ledger/state/distribution_rules.h"
#include "ledger/state/fund_state.h"
#include "ledger/state/handlers.h"
#include "ledger/state/rules.h"
#include "ledger/state/state.h"
#include "ledger/util/status_macros.h"

namespace ledger::state {
namespace {

using v1::AnnouncementSubject;

// The rule that sets the notice period of a subject: R11 for projects, R20 for distributions,
// R26 for disposals; an asset ledger's period has no rule of its own (L-INCOME).
std::string_view PeriodRule(AnnouncementSubject kind) {
  switch (kind) {
    case v1::ANNOUNCEMENT_SUBJECT_PROJECT_BEFORE:
    case v1::ANNOUNCEMENT_SUBJECT_PROJECT_AFTER:
      return "R11";
    case v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_PLAN:
    case v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_RESULT:
      return "R20";
    case v1::ANNOUNCEMENT_SUBJECT_DISPOSAL_DECISION:
    case v1::ANNOUNCEMENT_SUBJECT_DISPOSAL_RESULT:
      return "R26";
    default:
      return rules::kIncome;
  }
}

// "R11: " for a field rule; nothing for the log's own L-INCOME, whose messages carry no prefix.
std::string RulePrefix(std::string_view rule) {
  return rule.starts_with("R") ? absl::StrCat(Sv(rule), ": ") : std::string();
}

absl::Status UnknownSubject(std::string_view what, std::string_view id) {
  return IncomeError(absl::StatusCode::kNotFound, absl::StrCat(Sv(what), " ", QuoteForError(id),
                                                               " is not recorded in this log"));
}

// The location or owner division of the subject; L-INCOME kNotFound if it does not exist.
absl::StatusOr<std::string> SubjectLocation(const LedgerState& state,
                                            const v1::Announcement& body) {
  LEDGER_RETURN_IF_ERROR(
      CheckEnum(v1::AnnouncementSubject_descriptor(), body.subject_kind(), "subject_kind"));
  LEDGER_RETURN_IF_ERROR(CheckId(body.subject_id(), "subject_id"));
  const std::string& id = body.subject_id();
  switch (body.subject_kind()) {
    case v1::ANNOUNCEMENT_SUBJECT_PROJECT_BEFORE:
    case v1::ANNOUNCEMENT_SUBJECT_PROJECT_AFTER: {
      const ProjectRecord* project = state.funds().FindProject(id);
      if (project == nullptr) return UnknownSubject("project", id);
      return project->registration.location();
    }
    case v1::ANNOUNCEMENT_SUBJECT_ASSET_LEDGER: {
      const AssetRecord* asset = state.assets().FindAsset(id);
      if (asset == nullptr) return UnknownSubject("asset", id);
      return asset->registration.location();
    }
    case v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_PLAN:
    case v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_RESULT: {
      const PlanRecord* plan = state.distributions().FindPlan(id);
      if (plan == nullptr) return UnknownSubject("distribution plan", id);
      return plan->plan.owner().division();
    }
    default: {  // the disposals
      const DisposalRecord* disposal = state.assets().FindDisposal(id);
      if (disposal == nullptr) return UnknownSubject("disposal", id);
      const AssetRecord* asset = state.assets().FindAsset(disposal->application.asset_code());
      if (asset == nullptr) return UnknownSubject("asset", disposal->application.asset_code());
      return asset->registration.location();
    }
  }
}

// What the subject must have reached to be announced, and the earliest start date (empty: none).
absl::StatusOr<std::string> CheckSubjectStage(const LedgerState& state,
                                              const v1::Announcement& body) {
  const std::string& id = body.subject_id();
  switch (body.subject_kind()) {
    case v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_PLAN: {
      const PlanRecord& plan = *state.distributions().FindPlan(id);
      if (plan.stage == PlanStage::kClosed) {
        return IncomeError(absl::StatusCode::kFailedPrecondition,
                           absl::StrCat("distribution plan ", id,
                                        " was refused by the township review; it is not "
                                        "announced"));
      }
      return plan.plan.resolution().meeting_date();
    }
    case v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_RESULT: {
      const PlanRecord& plan = *state.distributions().FindPlan(id);
      if (!plan.result.has_value()) {
        return RuleViolation("R20", absl::StrCat("R20: the result of distribution plan ", id,
                                                 " is announced after it is recorded; it is not"));
      }
      return plan.result->date();
    }
    case v1::ANNOUNCEMENT_SUBJECT_DISPOSAL_RESULT: {
      const DisposalRecord& disposal = *state.assets().FindDisposal(id);
      if (!disposal.completion.has_value()) {
        return RuleViolation(
            "R26", absl::StrCat("R26: disposal ", id, " is ", Sv(DisposalStageName(disposal.stage)),
                                "; its result is announced after completion"));
      }
      return disposal.completion->completion_date();
    }
    default:
      return std::string();
  }
}

}  // namespace

absl::StatusOr<std::string> AnnouncementScope(const LedgerState& state, const Entry& entry) {
  return SubjectLocation(state, entry.As<v1::Announcement>());
}

absl::Status CheckAnnouncement(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::Announcement>();
  LEDGER_RETURN_IF_ERROR(CheckId(body.announcement_id(), "announcement_id"));
  LEDGER_RETURN_IF_ERROR(SubjectLocation(state, body).status());
  LEDGER_RETURN_IF_ERROR(
      CheckEnum(v1::AnnouncementChannel_descriptor(), body.channel(), "channel"));
  LEDGER_RETURN_IF_ERROR(CheckHash(body.notice_hash(), "notice_hash"));
  LEDGER_ASSIGN_OR_RETURN(CivilDate start, CheckDate(body.start_date(), "start_date"));
  LEDGER_ASSIGN_OR_RETURN(CivilDate end, CheckDate(body.end_date(), "end_date"));
  if (body.end_date() < body.start_date()) {
    return FieldError(
        absl::StrCat("end_date ", body.end_date(), " precedes start_date ", body.start_date()));
  }
  if (state.distributions().FindAnnouncement(body.announcement_id()) != nullptr) {
    return IncomeError(
        absl::StatusCode::kAlreadyExists,
        absl::StrCat("announcement ", body.announcement_id(), " is already recorded"));
  }
  LEDGER_ASSIGN_OR_RETURN(const std::string earliest, CheckSubjectStage(state, body));
  if (body.start_date() < earliest) {
    const std::string_view rule = PeriodRule(body.subject_kind());
    return RuleViolation(
        rule, absl::StrCat(RulePrefix(rule), "the announcement starts on ", body.start_date(),
                           ", before its subject's date ", earliest));
  }
  const int64_t days = DaysFromCivil(end) - DaysFromCivil(start) + 1;
  const uint32_t period = state.policy().notice_period_days();
  if (days < period) {
    const std::string_view rule = PeriodRule(body.subject_kind());
    return RuleViolation(
        rule, absl::StrCat(RulePrefix(rule), "the announcement runs ", days, " days (",
                           body.start_date(), " to ", body.end_date(),
                           "), less than the policy's notice period of ", period, " days"));
  }
  return CheckNotAfterRecord(entry, body.start_date(), "start_date", rules::kDate);
}

void CommitAnnouncement(StateMutator& state, const Entry& entry, uint64_t index) {
  state.AddAnnouncement(entry.As<v1::Announcement>(), index);
}

}  // namespace ledger::state
