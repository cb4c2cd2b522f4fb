// The distribution chain (收益分配, DOMAIN.md §2.7, §6; rules R19–R21, R23, R24): a plan adopted
// by the village resolution → the township review → the county filing → an announcement of the
// plan for the policy's period (announcement_handlers.cc) → payments → the result. Each step is
// its own signed entry, accepted only in order and by the right principal; a refused review closes
// the plan. R22 (flat equal cash) and R25 (idle income) are audit findings, never rejections.

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ledger/state/asset_rules.h"
#include "ledger/state/body_fields.h"
#include "ledger/state/distribution_rules.h"
#include "ledger/state/fund_state.h"
#include "ledger/state/handlers.h"
#include "ledger/state/income_state.h"
#include "ledger/state/policy_rules.h"
#include "ledger/state/rules.h"
#include "ledger/state/state.h"
#include "ledger/util/rule_error.h"
#include "ledger/util/status_macros.h"

namespace ledger::state {
namespace {

inline constexpr size_t kTownshipDigits = 9;
inline constexpr int kPlanIncomesMax = 1'000;
inline constexpr int kAllocationsMax = 32;
inline constexpr int kPaymentLinesMax = 10'000;
// The allocations R23 counts towards the photovoltaic public-welfare share.
inline constexpr std::string_view kPostWages = "public_welfare_post_wages";
inline constexpr std::string_view kLabour = "public_welfare_labour";

// R20, by the wrong principal: kPermissionDenied.
absl::Status WrongSigner(std::string_view message) {
  return RuleError(absl::StatusCode::kPermissionDenied, "R20", message);
}

std::string ScopeOf(const v1::Principal* signer) {
  return signer == nullptr ? "none" : signer->scope();
}

// A plan at `expected`, or why not: a closed plan or one past the step is L-INCOME, a step
// before its turn is R20 naming what it waits for.
absl::Status CheckStage(const PlanRecord& plan, PlanStage expected, std::string_view step) {
  if (plan.stage == expected) return absl::OkStatus();
  const std::string& id = plan.plan.plan_id();
  if (plan.stage == PlanStage::kClosed) {
    return IncomeError(
        absl::StatusCode::kFailedPrecondition,
        absl::StrCat("distribution plan ", id, " was refused by the township review"));
  }
  if (plan.stage == PlanStage::kResulted) {
    return IncomeError(absl::StatusCode::kFailedPrecondition,
                       absl::StrCat("distribution plan ", id, " is closed by its result of ",
                                    plan.result->date()));
  }
  if (plan.stage > expected) {
    return IncomeError(absl::StatusCode::kFailedPrecondition,
                       absl::StrCat("distribution plan ", id, " is past this step (it is ",
                                    Sv(PlanStageName(plan.stage)), ")"));
  }
  const std::string_view waiting =
      plan.stage == PlanStage::kAdopted ? "the township review" : "the county filing";
  return RuleViolation("R20", absl::StrCat("R20: ", Sv(step), " of distribution plan ", id,
                                           " needs ", Sv(waiting), " first"));
}

// The latest date among the plan's steps so far (meeting, review, filing, payments, result).
std::string LatestStepDate(const DistributionState& distributions, const PlanRecord& plan) {
  std::string latest = plan.plan.resolution().meeting_date();
  if (plan.review.has_value()) latest = std::max(latest, plan.review->date());
  if (plan.filing.has_value()) latest = std::max(latest, plan.filing->date());
  for (const std::string& id : plan.payment_ids) {
    latest = std::max(latest, distributions.FindPayment(id)->payment.payment_date());
  }
  return latest;
}

absl::Status CheckStepDate(const LedgerState& state, const Entry& entry, const PlanRecord& plan,
                           const std::string& date, std::string_view field) {
  const std::string previous = LatestStepDate(state.distributions(), plan);
  if (date < previous) {
    return RuleViolation("R20", absl::StrCat("R20: ", Sv(field), " ", date,
                                             " precedes the previous step of distribution plan ",
                                             plan.plan.plan_id(), " on ", previous));
  }
  return CheckNotAfterRecord(entry, date, field, rules::kDate);
}

// COUNTY, TOWNSHIP or VILLAGE_COLLECTIVE, a valid party; returns its division.
absl::StatusOr<std::string> CheckOwner(const LedgerState& state, const v1::Party& owner) {
  LEDGER_RETURN_IF_ERROR(CheckParty(state, owner, "owner"));
  if (owner.kind() != v1::PARTY_KIND_COUNTY && owner.kind() != v1::PARTY_KIND_TOWNSHIP &&
      owner.kind() != v1::PARTY_KIND_VILLAGE_COLLECTIVE) {
    return FieldError(absl::StrCat("owner.kind is ", v1::PartyKind_Name(owner.kind()),
                                   "; a distribution plan is made by a public owner (county, "
                                   "township or village collective)"));
  }
  return owner.division();
}

absl::Status CheckPlanFields(const LedgerState& state, const v1::DistributionPlan& body,
                             int64_t& allocated) {
  LEDGER_RETURN_IF_ERROR(CheckId(body.plan_id(), "plan_id"));
  LEDGER_RETURN_IF_ERROR(CheckOwner(state, body.owner()).status());
  LEDGER_RETURN_IF_ERROR(CheckDate(body.period_start(), "period_start").status());
  LEDGER_RETURN_IF_ERROR(CheckDate(body.period_end(), "period_end").status());
  if (body.period_end() < body.period_start()) {
    return FieldError(absl::StrCat("period_end ", body.period_end(), " precedes period_start ",
                                   body.period_start()));
  }
  if (body.income_ids().empty() || body.income_ids().size() > kPlanIncomesMax) {
    return FieldError(absl::StrCat("income_ids has ", body.income_ids().size(),
                                   " entries, must be 1 to ", kPlanIncomesMax));
  }
  std::set<std::string_view> incomes;
  for (int i = 0; i < body.income_ids().size(); ++i) {
    const std::string field = absl::StrCat("income_ids[", i, "]");
    LEDGER_RETURN_IF_ERROR(CheckId(body.income_ids(i), field));
    if (!incomes.insert(body.income_ids(i)).second) {
      return FieldError(absl::StrCat(field, " ", body.income_ids(i), " is listed twice"));
    }
  }
  LEDGER_RETURN_IF_ERROR(CheckAmount(body.total_fen(), "total_fen"));
  if (body.allocations().empty() || body.allocations().size() > kAllocationsMax) {
    return FieldError(absl::StrCat("allocations has ", body.allocations().size(),
                                   " lines, must be 1 to ", kAllocationsMax));
  }
  std::set<std::string_view> categories;
  allocated = 0;
  for (int i = 0; i < body.allocations().size(); ++i) {
    const v1::DistributionAllocation& line = body.allocations(i);
    const std::string item = absl::StrCat("allocations[", i, "]");
    LEDGER_RETURN_IF_ERROR(CheckCode(line.category(), absl::StrCat(item, ".category"),
                                     kCategoryCodeSizeMax, rules::kField));
    LEDGER_RETURN_IF_ERROR(CheckAmount(line.amount_fen(), absl::StrCat(item, ".amount_fen")));
    if (!categories.insert(line.category()).second) {
      return FieldError(
          absl::StrCat(item, ".category ", line.category(), " appears in an earlier line"));
    }
    LEDGER_ASSIGN_OR_RETURN(allocated, CheckedAdd(allocated, line.amount_fen(), "the allocations"));
  }
  LEDGER_RETURN_IF_ERROR(
      CheckName(body.eligibility_criteria(), "eligibility_criteria", kContentRunesMax));
  LEDGER_RETURN_IF_ERROR(CheckNoPersonalData(body.eligibility_criteria(), "eligibility_criteria"));
  if (!body.has_resolution()) return FieldError("resolution is missing");
  const v1::VillageResolution& resolution = body.resolution();
  LEDGER_RETURN_IF_ERROR(
      CheckName(resolution.reference(), "resolution.reference", kDocumentRunesMax));
  LEDGER_RETURN_IF_ERROR(CheckDate(resolution.meeting_date(), "resolution.meeting_date").status());
  if (resolution.attendance() == 0) {
    return FieldError("resolution.attendance is 0, must be more than 0");
  }
  if (uint64_t{resolution.votes_for()} + resolution.votes_against() > resolution.attendance()) {
    return FieldError(absl::StrCat("resolution.votes_for ", resolution.votes_for(),
                                   " + votes_against ", resolution.votes_against(),
                                   " exceed the attendance of ", resolution.attendance()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> DistributionPlanScope(const LedgerState& state, const Entry& entry) {
  return CheckOwner(state, entry.As<v1::DistributionPlan>().owner());
}

absl::StatusOr<std::string> PlanScope(const LedgerState& state, const Entry& entry) {
  LEDGER_ASSIGN_OR_RETURN(const PlanRecord* plan, FindPlan(state, PlanIdOf(entry)));
  return plan->plan.owner().division();
}

// ---- DistributionPlan (分配方案) ----

absl::Status CheckDistributionPlan(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::DistributionPlan>();
  int64_t allocated = 0;
  LEDGER_RETURN_IF_ERROR(CheckPlanFields(state, body, allocated));

  // References: the plan id, the incomes.
  const DistributionState& distributions = state.distributions();
  if (distributions.FindPlan(body.plan_id()) != nullptr) {
    return IncomeError(absl::StatusCode::kAlreadyExists,
                       absl::StrCat("distribution plan ", body.plan_id(), " is already recorded"));
  }
  const std::string owner_key = PartyKey(body.owner());
  int64_t pv_net = 0;
  std::vector<std::string> pv_incomes;
  for (const std::string& id : body.income_ids()) {
    const IncomeEntry* income = state.incomes().FindIncome(id);
    if (income == nullptr) {
      return IncomeError(absl::StatusCode::kNotFound, absl::StrCat("income ", QuoteForError(id),
                                                                   " is not recorded in this log"));
    }
    const v1::IncomeRecord& record = income->record;
    if (PartyKey(record.received_by()) != owner_key) {
      return IncomeError(
          absl::StatusCode::kFailedPrecondition,
          absl::StrCat("income ", id, " was received by ", PartyKey(record.received_by()),
                       ", not by the plan's owner ", owner_key));
    }
    if (record.period_start() < body.period_start() || body.period_end() < record.period_end()) {
      return IncomeError(absl::StatusCode::kFailedPrecondition,
                         absl::StrCat("income ", id, " covers ", record.period_start(), " to ",
                                      record.period_end(), ", outside the plan's period ",
                                      body.period_start(), " to ", body.period_end()));
    }
    if (const PlanRecord* other = distributions.OpenPlanOfIncome(id); other != nullptr) {
      return IncomeError(absl::StatusCode::kFailedPrecondition,
                         absl::StrCat("income ", id, " is already distributed by open plan ",
                                      other->plan.plan_id()));
    }
    const AssetRecord* asset = state.assets().FindAsset(record.asset_code());
    if (asset != nullptr && IsPhotovoltaic(asset->registration.category())) {
      LEDGER_ASSIGN_OR_RETURN(
          pv_net, CheckedAdd(pv_net, record.net_income_fen(), "the photovoltaic net income"));
      pv_incomes.push_back(id);
    }
  }

  // R20: drafted by the owner unit itself and adopted by its resolution.
  const v1::Principal* signer = Signer(state, entry);
  if (signer == nullptr || signer->scope() != body.owner().division()) {
    return WrongSigner(absl::StrCat("R20: the plan of owner ", owner_key,
                                    " is submitted by that unit's own principal (scope ",
                                    body.owner().division(), "); ", entry.header().principal_id(),
                                    " has scope ", ScopeOf(signer)));
  }
  const v1::VillageResolution& resolution = body.resolution();
  if (uint64_t{resolution.votes_for()} * 2 <= resolution.attendance()) {
    return RuleViolation(
        "R20",
        absl::StrCat("R20: resolution ", resolution.reference(), " has ", resolution.votes_for(),
                     " votes for out of an attendance of ", resolution.attendance(),
                     ", not a majority; a plan is recorded only once adopted"));
  }

  // R21: no prohibited use.
  const auto& banned = state.policy().prohibited_distribution_categories().codes();
  for (const v1::DistributionAllocation& line : body.allocations()) {
    if (std::find(banned.begin(), banned.end(), line.category()) != banned.end()) {
      return RuleViolation("R21", absl::StrCat("R21: allocation ", line.category(), " of ",
                                               FormatYuan(line.amount_fen()),
                                               " is a prohibited distribution category (",
                                               absl::StrJoin(banned, ", "), ")"));
    }
  }

  // R19: the total, and what the owner has to distribute.
  if (allocated != body.total_fen()) {
    return RuleViolation("R19",
                         absl::StrCat("R19: total_fen is ", FormatYuan(body.total_fen()),
                                      ", but the allocations sum to ", FormatYuan(allocated)));
  }
  const int64_t booked = state.incomes().BookedTo(owner_key);
  const int64_t committed = distributions.CommittedBy(owner_key);
  if (body.total_fen() > booked - committed) {
    return RuleViolation(
        "R19",
        absl::StrCat("R19: plan ", body.plan_id(), " distributes ", FormatYuan(body.total_fen()),
                     ", more than the ", FormatYuan(booked - committed), " available to owner ",
                     owner_key, " (net income booked ", FormatYuan(booked),
                     " − committed by its plans ", FormatYuan(committed), ")"));
  }

  // R23: photovoltaic income goes mostly to public-welfare posts and labour.
  if (!pv_incomes.empty()) {
    const uint32_t share_bp = state.policy().pv_public_welfare_share_bp();
    const int64_t required = ShareOf(pv_net, share_bp);
    const int64_t welfare = [&] {
      int64_t sum = 0;
      for (const v1::DistributionAllocation& line : body.allocations()) {
        if (line.category() == kPostWages || line.category() == kLabour) sum += line.amount_fen();
      }
      return sum;
    }();
    if (welfare < required) {
      return RuleViolation(
          "R23",
          absl::StrCat("R23: ", Sv(kPostWages), " + ", Sv(kLabour), " allocate ",
                       FormatYuan(welfare), ", less than ", FormatPercent(share_bp),
                       " of the net photovoltaic income ", FormatYuan(pv_net), " (incomes ",
                       absl::StrJoin(pv_incomes, ", "), "): at least ", FormatYuan(required)));
    }
  }
  return CheckNotAfterRecord(entry, resolution.meeting_date(), "resolution.meeting_date",
                             rules::kDate);
}

void CommitDistributionPlan(StateMutator& state, const Entry& entry, uint64_t index) {
  state.AdoptDistributionPlan(entry.As<v1::DistributionPlan>(), index);
}

// ---- DistributionReview (乡镇审核) ----

absl::Status CheckDistributionReview(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::DistributionReview>();
  LEDGER_ASSIGN_OR_RETURN(const PlanRecord* plan, FindPlan(state, body.plan_id()));
  LEDGER_RETURN_IF_ERROR(CheckName(body.opinion(), "opinion", kReasonRunesMax));
  LEDGER_RETURN_IF_ERROR(CheckNoPersonalData(body.opinion(), "opinion"));
  LEDGER_RETURN_IF_ERROR(CheckDate(body.date(), "date").status());
  if (!plan->needs_township_review) {
    return IncomeError(absl::StatusCode::kFailedPrecondition,
                       absl::StrCat("distribution plan ", body.plan_id(),
                                    " is the county's; it has no township review"));
  }
  LEDGER_RETURN_IF_ERROR(CheckStage(*plan, PlanStage::kAdopted, "the township review"));
  const std::string& division = plan->plan.owner().division();
  const std::string township = division.substr(0, kTownshipDigits);
  const v1::Principal* signer = Signer(state, entry);
  if (signer == nullptr || signer->scope() != township) {
    return WrongSigner(absl::StrCat("R20: the review of a plan of ", division, " is by township ",
                                    township, "; ", entry.header().principal_id(), " has scope ",
                                    ScopeOf(signer)));
  }
  return CheckStepDate(state, entry, *plan, body.date(), "date");
}

void CommitDistributionReview(StateMutator& state, const Entry& entry, uint64_t index) {
  state.ReviewDistribution(entry.As<v1::DistributionReview>(), index);
}

// ---- DistributionFiling (县级备案) ----

absl::Status CheckDistributionFiling(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::DistributionFiling>();
  LEDGER_ASSIGN_OR_RETURN(const PlanRecord* plan, FindPlan(state, body.plan_id()));
  LEDGER_RETURN_IF_ERROR(CheckName(body.filing_reference(), "filing_reference", kDocumentRunesMax));
  LEDGER_RETURN_IF_ERROR(CheckDate(body.date(), "date").status());
  LEDGER_RETURN_IF_ERROR(CheckStage(*plan, PlanStage::kReviewed, "the county filing"));
  const v1::Principal* signer = Signer(state, entry);
  if (signer == nullptr || signer->scope() != state.division_code()) {
    return WrongSigner(absl::StrCat("R20: the filing is by a county principal (scope ",
                                    state.division_code(), "); ", entry.header().principal_id(),
                                    " has scope ", ScopeOf(signer)));
  }
  return CheckStepDate(state, entry, *plan, body.date(), "date");
}

void CommitDistributionFiling(StateMutator& state, const Entry& entry, uint64_t index) {
  state.FileDistribution(entry.As<v1::DistributionFiling>(), index);
}

// ---- DistributionPayment (分配发放) ----

namespace {

absl::Status CheckPaymentFields(const v1::DistributionPayment& body) {
  LEDGER_RETURN_IF_ERROR(CheckId(body.payment_id(), "payment_id"));
  if (body.lines().empty() || body.lines().size() > kPaymentLinesMax) {
    return FieldError(
        absl::StrCat("lines has ", body.lines().size(), " lines, must be 1 to ", kPaymentLinesMax));
  }
  for (int i = 0; i < body.lines().size(); ++i) {
    const v1::DistributionPaymentLine& line = body.lines(i);
    const std::string item = absl::StrCat("lines[", i, "]");
    LEDGER_RETURN_IF_ERROR(
        CheckHouseholdRef(line.beneficiary_ref(), absl::StrCat(item, ".beneficiary_ref")));
    LEDGER_RETURN_IF_ERROR(
        CheckEnum(v1::DistributionBasis_descriptor(), line.basis(), absl::StrCat(item, ".basis")));
    if (line.quantity() == 0) {
      return FieldError(absl::StrCat(item, ".quantity is 0, must be more than 0"));
    }
    LEDGER_RETURN_IF_ERROR(CheckCode(line.category(), absl::StrCat(item, ".category"),
                                     kCategoryCodeSizeMax, rules::kField));
    LEDGER_RETURN_IF_ERROR(CheckAmount(line.amount_fen(), absl::StrCat(item, ".amount_fen")));
    LEDGER_RETURN_IF_ERROR(
        CheckName(line.bank_reference(), absl::StrCat(item, ".bank_reference"), kDocumentRunesMax));
    LEDGER_RETURN_IF_ERROR(
        CheckNoPersonalData(line.bank_reference(), absl::StrCat(item, ".bank_reference")));
  }
  return CheckDate(body.payment_date(), "payment_date").status();
}

// R20: filed, and an announcement of the plan ended before `date`; else what is missing.
absl::Status CheckReadyToPay(const LedgerState& state, const PlanRecord& plan,
                             const std::string& date) {
  std::vector<std::string> missing;
  if (plan.needs_township_review && !plan.review.has_value()) {
    missing.push_back("the township review");
  }
  if (!plan.filing.has_value()) missing.push_back("the county filing");
  const DistributionState& distributions = state.distributions();
  const std::vector<std::string>& notices = distributions.AnnouncementsOf(
      v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_PLAN, plan.plan.plan_id());
  bool ended = false;
  std::vector<std::string> running;
  for (const std::string& id : notices) {
    const v1::Announcement& a = distributions.FindAnnouncement(id)->announcement;
    if (a.end_date() < date) {
      ended = true;
    } else {
      running.push_back(absl::StrCat(id, " runs ", a.start_date(), " to ", a.end_date()));
    }
  }
  if (!ended) {
    missing.push_back(notices.empty()
                          ? std::string("an announcement of the plan (none recorded)")
                          : absl::StrCat("an announcement of the plan ended before ", date, " (",
                                         absl::StrJoin(running, "; "), ")"));
  }
  if (missing.empty()) return absl::OkStatus();
  return RuleViolation(
      "R20", absl::StrCat("R20: payment on ", date, " under distribution plan ",
                          plan.plan.plan_id(), " needs ", absl::StrJoin(missing, ", "), " first"));
}

bool Overlap(const v1::DistributionPlan& a, const v1::DistributionPlan& b) {
  return a.period_start() <= b.period_end() && b.period_start() <= a.period_end();
}

}  // namespace

absl::Status CheckDistributionPayment(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::DistributionPayment>();
  LEDGER_ASSIGN_OR_RETURN(const PlanRecord* plan, FindPlan(state, body.plan_id()));
  LEDGER_RETURN_IF_ERROR(CheckPaymentFields(body));
  const DistributionState& distributions = state.distributions();
  if (distributions.FindPayment(body.payment_id()) != nullptr) {
    return IncomeError(
        absl::StatusCode::kAlreadyExists,
        absl::StrCat("distribution payment ", body.payment_id(), " is already recorded"));
  }
  if (plan->stage == PlanStage::kClosed || plan->stage == PlanStage::kResulted) {
    LEDGER_RETURN_IF_ERROR(CheckStage(*plan, PlanStage::kFiled, "a payment"));
  }
  LEDGER_RETURN_IF_ERROR(CheckReadyToPay(state, *plan, body.payment_date()));

  // R19 per category and plan; R24 per beneficiary.
  std::map<std::string, int64_t, std::less<>> paying;
  std::set<std::pair<std::string_view, std::string_view>> seen;  // (category, beneficiary)
  int64_t total = 0;
  for (int i = 0; i < body.lines().size(); ++i) {
    const v1::DistributionPaymentLine& line = body.lines(i);
    const std::string& category = line.category();
    const std::string& who = line.beneficiary_ref();
    const int64_t allocation = plan->AllocationOf(category);
    if (allocation == 0) {
      std::vector<std::string> categories;
      for (const auto& a : plan->plan.allocations()) categories.push_back(a.category());
      return RuleViolation(
          "R19", absl::StrCat("R19: lines[", i, "].category ", category,
                              " has no allocation in distribution plan ", plan->plan.plan_id(),
                              " (allocations: ", absl::StrJoin(categories, ", "), ")"));
    }
    auto paid = plan->paid_beneficiaries.find(category);
    if (!seen.emplace(category, who).second ||
        (paid != plan->paid_beneficiaries.end() && paid->second.contains(who))) {
      return RuleViolation("R24",
                           absl::StrCat("R24: beneficiary ", who, " is paid twice for ", category,
                                        " under distribution plan ", plan->plan.plan_id()));
    }
    for (const std::string& other_id : distributions.PlansOf(plan->owner_key)) {
      const PlanRecord& other = distributions.plans().at(other_id);
      if (other_id == plan->plan.plan_id() || !Overlap(other.plan, plan->plan)) continue;
      auto other_paid = other.paid_beneficiaries.find(category);
      if (other_paid != other.paid_beneficiaries.end() && other_paid->second.contains(who)) {
        return RuleViolation(
            "R24", absl::StrCat("R24: beneficiary ", who, " was already paid for ", category,
                                " under plan ", other_id, " (", other.plan.period_start(), " to ",
                                other.plan.period_end(), "), whose period overlaps plan ",
                                plan->plan.plan_id(), " (", plan->plan.period_start(), " to ",
                                plan->plan.period_end(), ")"));
      }
    }
    // R24: nobody is paid after the month they were removed or died, in any village of the
    // plan's owner.
    const EligibilityEntry* in_force =
        state.incomes().EligibilityInForce(plan->plan.owner().division(), who, body.payment_date());
    if (in_force != nullptr && in_force->status != v1::ELIGIBILITY_STATUS_ELIGIBLE &&
        body.payment_date().substr(0, 7) > in_force->effective_date.substr(0, 7)) {
      return RuleViolation(
          "R24", absl::StrCat("R24: beneficiary ", who, " is ",
                              v1::EligibilityStatus_Name(in_force->status), " since ",
                              in_force->effective_date, " in village ", in_force->village,
                              " (index ", in_force->index, "); nothing is paid after ",
                              in_force->effective_date.substr(0, 7), ", and this payment is dated ",
                              body.payment_date()));
    }
    LEDGER_ASSIGN_OR_RETURN(paying[category],
                            CheckedAdd(paying[category], line.amount_fen(), "the payment"));
    LEDGER_ASSIGN_OR_RETURN(total, CheckedAdd(total, line.amount_fen(), "the payment"));
  }
  for (const auto& [category, fen] : paying) {
    auto before = plan->paid_by_category.find(category);
    const int64_t already = before == plan->paid_by_category.end() ? 0 : before->second;
    const int64_t allocation = plan->AllocationOf(category);
    if (fen > allocation - already) {
      return RuleViolation(
          "R19", absl::StrCat("R19: payment ", body.payment_id(), " pays ", FormatYuan(fen),
                              " for ", category, "; distribution plan ", plan->plan.plan_id(),
                              " allocates ", FormatYuan(allocation), " to it, of which ",
                              FormatYuan(already), " is already paid"));
    }
  }
  if (total > plan->plan.total_fen() - plan->paid_fen) {
    return RuleViolation(
        "R19", absl::StrCat("R19: payment ", body.payment_id(), " of ", FormatYuan(total),
                            " exceeds what distribution plan ", plan->plan.plan_id(),
                            " has left: ", FormatYuan(plan->plan.total_fen() - plan->paid_fen)));
  }
  return CheckStepDate(state, entry, *plan, body.payment_date(), "payment_date");
}

void CommitDistributionPayment(StateMutator& state, const Entry& entry, uint64_t index) {
  state.PayDistribution(entry.As<v1::DistributionPayment>(), index);
}

// ---- DistributionResult (分配结果) ----

absl::Status CheckDistributionResult(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::DistributionResult>();
  LEDGER_ASSIGN_OR_RETURN(const PlanRecord* plan, FindPlan(state, body.plan_id()));
  LEDGER_RETURN_IF_ERROR(CheckHash(body.result_hash(), "result_hash"));
  LEDGER_RETURN_IF_ERROR(CheckName(body.summary(), "summary", kContentRunesMax));
  LEDGER_RETURN_IF_ERROR(CheckNoPersonalData(body.summary(), "summary"));
  LEDGER_RETURN_IF_ERROR(CheckDate(body.date(), "date").status());
  if (plan->stage == PlanStage::kResulted) {
    return IncomeError(absl::StatusCode::kAlreadyExists,
                       absl::StrCat("distribution plan ", body.plan_id(),
                                    " already has its result of ", plan->result->date()));
  }
  LEDGER_RETURN_IF_ERROR(CheckStage(*plan, PlanStage::kFiled, "the result"));
  if (plan->payment_ids.empty()) {
    return RuleViolation("R20",
                         absl::StrCat("R20: the result of distribution plan ", body.plan_id(),
                                      " follows its payments; none is recorded"));
  }
  return CheckStepDate(state, entry, *plan, body.date(), "date");
}

void CommitDistributionResult(StateMutator& state, const Entry& entry, uint64_t index) {
  state.RecordDistributionResult(entry.As<v1::DistributionResult>(), index);
}

}  // namespace ledger::state
