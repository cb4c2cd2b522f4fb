#include "ledger/state/distribution_state.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ledger/state/field_rules.h"
#include "ledger/state/handlers.h"
#include "ledger/state/income_state.h"
#include "ledger/state/state.h"
#include "ledger/util/check.h"

namespace ledger::state {
namespace {

std::string SubjectKey(v1::AnnouncementSubject kind, std::string_view subject_id) {
  return absl::StrCat(static_cast<int>(kind), "/", std::string(subject_id));
}

PlanRecord& MutablePlan(std::map<std::string, PlanRecord, std::less<>>& plans,
                        std::string_view plan_id) {
  auto it = plans.find(plan_id);
  LEDGER_CHECK(it != plans.end());
  return it->second;
}

const std::vector<std::string>& None() {
  static const std::vector<std::string>* const none = new std::vector<std::string>();
  return *none;
}

}  // namespace

std::string_view PlanStageName(PlanStage stage) {
  switch (stage) {
    case PlanStage::kAdopted:
      return "adopted";
    case PlanStage::kReviewed:
      return "reviewed";
    case PlanStage::kFiled:
      return "filed";
    case PlanStage::kResulted:
      return "resulted";
    case PlanStage::kClosed:
      return "closed";
  }
  return "unknown";
}

int64_t PlanRecord::AllocationOf(std::string_view category) const {
  for (const v1::DistributionAllocation& allocation : plan.allocations()) {
    if (allocation.category() == category) return allocation.amount_fen();
  }
  return 0;
}

const PlanRecord* DistributionState::FindPlan(std::string_view plan_id) const {
  auto it = plans_.find(plan_id);
  return it == plans_.end() ? nullptr : &it->second;
}

const DistributionPaymentRecord* DistributionState::FindPayment(std::string_view payment_id) const {
  auto it = payments_.find(payment_id);
  return it == payments_.end() ? nullptr : &it->second;
}

const AnnouncementRecord* DistributionState::FindAnnouncement(
    std::string_view announcement_id) const {
  auto it = announcements_.find(announcement_id);
  return it == announcements_.end() ? nullptr : &it->second;
}

const std::vector<std::string>& DistributionState::PlansOf(std::string_view owner_key) const {
  auto it = by_owner_.find(owner_key);
  return it == by_owner_.end() ? None() : it->second;
}

const std::vector<std::string>& DistributionState::AnnouncementsOf(
    v1::AnnouncementSubject kind, std::string_view subject_id) const {
  auto it = by_subject_.find(SubjectKey(kind, subject_id));
  return it == by_subject_.end() ? None() : it->second;
}

const PlanRecord* DistributionState::OpenPlanOfIncome(std::string_view income_id) const {
  // Plans per log are few (one or a few per owner and year); a scan keeps the state small.
  for (const auto& [id, plan] : plans_) {
    if (!plan.open()) continue;
    for (const std::string& listed : plan.plan.income_ids()) {
      if (listed == income_id) return &plan;
    }
  }
  return nullptr;
}

int64_t DistributionState::CommittedBy(std::string_view owner_key) const {
  int64_t committed = 0;
  for (const std::string& id : PlansOf(owner_key)) committed += plans_.at(id).committed_fen();
  return committed;
}

std::string DistributionState::DebugString() const {
  std::string out;
  for (const auto& [id, p] : plans_) {
    absl::StrAppend(&out, "plan ", id, " at ", p.adopted_at, " ", Sv(PlanStageName(p.stage)),
                    " owner ", p.owner_key, " paid ", p.paid_fen, " ", p.plan.ShortDebugString(),
                    "\n");
    if (p.review.has_value())
      absl::StrAppend(&out, "  review ", p.review->ShortDebugString(), "\n");
    if (p.filing.has_value())
      absl::StrAppend(&out, "  filing ", p.filing->ShortDebugString(), "\n");
    for (const auto& [category, fen] : p.paid_by_category) {
      absl::StrAppend(&out, "  paid ", category, " ", fen, " to ",
                      absl::StrJoin(p.paid_beneficiaries.at(category), ","), "\n");
    }
    if (p.result.has_value())
      absl::StrAppend(&out, "  result ", p.result->ShortDebugString(), "\n");
    absl::StrAppend(&out, "  payments ", absl::StrJoin(p.payment_ids, ","), " announcements ",
                    absl::StrJoin(p.announcement_ids, ","), " entries ",
                    absl::StrJoin(p.indexes, ","), "\n");
  }
  for (const auto& [id, payment] : payments_) {
    absl::StrAppend(&out, "distribution payment ", id, " at ", payment.index, " ",
                    payment.payment.ShortDebugString(), "\n");
  }
  for (const auto& [id, a] : announcements_) {
    absl::StrAppend(&out, "announcement ", id, " at ", a.index, " ",
                    a.announcement.ShortDebugString(), "\n");
  }
  for (const auto& [key, ids] : by_owner_) {
    absl::StrAppend(&out, "plans of ", key, " ", absl::StrJoin(ids, ","), "\n");
  }
  for (const auto& [key, ids] : by_subject_) {
    absl::StrAppend(&out, "announcements of ", key, " ", absl::StrJoin(ids, ","), "\n");
  }
  return out;
}

void StateMutator::AdoptDistributionPlan(const v1::DistributionPlan& plan, uint64_t index) {
  DistributionState& distributions = state_.distributions_;
  PlanRecord record;
  record.plan = plan;
  record.owner_key = PartyKey(plan.owner());
  record.adopted_at = index;
  record.needs_township_review = plan.owner().kind() != v1::PARTY_KIND_COUNTY;
  record.stage = record.needs_township_review ? PlanStage::kAdopted : PlanStage::kReviewed;
  record.indexes.push_back(index);
  distributions.by_owner_[record.owner_key].push_back(plan.plan_id());
  const bool inserted = distributions.plans_.emplace(plan.plan_id(), std::move(record)).second;
  LEDGER_CHECK(inserted);
}

void StateMutator::ReviewDistribution(const v1::DistributionReview& review, uint64_t index) {
  PlanRecord& plan = MutablePlan(state_.distributions_.plans_, review.plan_id());
  LEDGER_CHECK(plan.stage == PlanStage::kAdopted);
  plan.review = review;
  plan.indexes.push_back(index);
  plan.stage = review.approved() ? PlanStage::kReviewed : PlanStage::kClosed;
}

void StateMutator::FileDistribution(const v1::DistributionFiling& filing, uint64_t index) {
  PlanRecord& plan = MutablePlan(state_.distributions_.plans_, filing.plan_id());
  LEDGER_CHECK(plan.stage == PlanStage::kReviewed);
  plan.filing = filing;
  plan.indexes.push_back(index);
  plan.stage = PlanStage::kFiled;
}

void StateMutator::AddAnnouncement(const v1::Announcement& announcement, uint64_t index) {
  DistributionState& distributions = state_.distributions_;
  const bool inserted =
      distributions.announcements_
          .emplace(announcement.announcement_id(), AnnouncementRecord{announcement, index})
          .second;
  LEDGER_CHECK(inserted);
  distributions.by_subject_[SubjectKey(announcement.subject_kind(), announcement.subject_id())]
      .push_back(announcement.announcement_id());
  if (announcement.subject_kind() == v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_PLAN ||
      announcement.subject_kind() == v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_RESULT) {
    PlanRecord& plan = MutablePlan(distributions.plans_, announcement.subject_id());
    plan.announcement_ids.push_back(announcement.announcement_id());
    plan.indexes.push_back(index);
  }
}

void StateMutator::PayDistribution(const v1::DistributionPayment& payment, uint64_t index) {
  DistributionState& distributions = state_.distributions_;
  PlanRecord& plan = MutablePlan(distributions.plans_, payment.plan_id());
  LEDGER_CHECK(plan.stage == PlanStage::kFiled);
  const bool inserted =
      distributions.payments_
          .emplace(payment.payment_id(), DistributionPaymentRecord{payment, index})
          .second;
  LEDGER_CHECK(inserted);
  plan.payment_ids.push_back(payment.payment_id());
  plan.indexes.push_back(index);
  for (const v1::DistributionPaymentLine& line : payment.lines()) {
    plan.paid_fen += line.amount_fen();
    plan.paid_by_category[line.category()] += line.amount_fen();
    const bool first =
        plan.paid_beneficiaries[line.category()].insert(line.beneficiary_ref()).second;
    LEDGER_CHECK(first);
  }
  LEDGER_CHECK(plan.paid_fen <= plan.plan.total_fen());
}

void StateMutator::RecordDistributionResult(const v1::DistributionResult& result, uint64_t index) {
  PlanRecord& plan = MutablePlan(state_.distributions_.plans_, result.plan_id());
  LEDGER_CHECK(plan.stage == PlanStage::kFiled && !plan.payment_ids.empty());
  plan.result = result;
  plan.indexes.push_back(index);
  plan.stage = PlanStage::kResulted;
}

}  // namespace ledger::state
