#ifndef LEDGER_STATE_DISTRIBUTION_STATE_H_
#define LEDGER_STATE_DISTRIBUTION_STATE_H_

// The distribution part of a LedgerState (docs/FORMATS.md §9.8): every distribution plan with
// its review, filing, payments and result, every announcement, and what each owner has
// committed of the income booked to it (R19).
//
// Auditors' findings that are not rejections read it too (income_findings.h): R22 (flat equal
// cash) from each plan's payment lines, R25 (idle income) from an owner's booked income
// (IncomeState) against what its plans paid.
//
// Read-only to everyone but StateMutator (handlers.h).

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/v1/income.pb.h"

namespace ledger::state {

// Where a plan stands.
enum class PlanStage {
  kAdopted,   // recorded with an adopting resolution; waiting for the township review
  kReviewed,  // the township approved it (or a county owner needs none); waiting for the filing
  kFiled,     // filed by the county: payments allowed once its announcement has ended
  kResulted,  // terminal: the result is recorded, no further payment
  kClosed,    // terminal: the township review refused it
};
std::string_view PlanStageName(PlanStage stage);

struct PlanRecord {
  v1::DistributionPlan plan;
  std::string owner_key;  // PartyKey(plan.owner())
  uint64_t adopted_at = 0;
  PlanStage stage = PlanStage::kAdopted;
  bool needs_township_review = true;  // false for a county owner
  std::optional<v1::DistributionReview> review;
  std::optional<v1::DistributionFiling> filing;
  std::vector<std::string> payment_ids;  // in log order
  int64_t paid_fen = 0;
  std::map<std::string, int64_t, std::less<>> paid_by_category;
  // category -> beneficiary refs paid (R24).
  std::map<std::string, std::set<std::string, std::less<>>, std::less<>> paid_beneficiaries;
  std::optional<v1::DistributionResult> result;
  std::vector<std::string> announcement_ids;  // of the plan and of its result, in log order
  std::vector<uint64_t> indexes;              // every entry of the chain, in order

  // Not refused and no result yet: its total stays reserved and its incomes stay listed.
  bool open() const { return stage != PlanStage::kResulted && stage != PlanStage::kClosed; }
  // What the plan takes from its owner's balance: its total while open, what it paid once
  // closed.
  int64_t committed_fen() const { return open() ? plan.total_fen() : paid_fen; }
  // The amount allocated to `category` (0 if the plan has no such allocation).
  int64_t AllocationOf(std::string_view category) const;
};

struct DistributionPaymentRecord {
  v1::DistributionPayment payment;
  uint64_t index = 0;
};

struct AnnouncementRecord {
  v1::Announcement announcement;
  uint64_t index = 0;
};

class DistributionState {
 public:
  const std::map<std::string, PlanRecord, std::less<>>& plans() const { return plans_; }
  const std::map<std::string, DistributionPaymentRecord, std::less<>>& payments() const {
    return payments_;
  }
  const std::map<std::string, AnnouncementRecord, std::less<>>& announcements() const {
    return announcements_;
  }

  const PlanRecord* FindPlan(std::string_view plan_id) const;
  const DistributionPaymentRecord* FindPayment(std::string_view payment_id) const;
  const AnnouncementRecord* FindAnnouncement(std::string_view announcement_id) const;
  // The plan ids of the owner with PartyKey `owner_key`, in log order (empty if none).
  const std::vector<std::string>& PlansOf(std::string_view owner_key) const;
  // The announcement ids about (`kind`, `subject_id`), in log order (empty if none).
  const std::vector<std::string>& AnnouncementsOf(v1::AnnouncementSubject kind,
                                                  std::string_view subject_id) const;
  // The open plan listing income `income_id`, or null.
  const PlanRecord* OpenPlanOfIncome(std::string_view income_id) const;
  // Σ committed_fen() over the owner's plans (R19): booked income minus this is what the owner
  // may still plan. (R25 counts what was paid, not committed: income_findings.h.)
  int64_t CommittedBy(std::string_view owner_key) const;

  // Everything, as text (for tests and debugging).
  std::string DebugString() const;

 private:
  friend class StateMutator;

  std::map<std::string, PlanRecord, std::less<>> plans_;
  std::map<std::string, DistributionPaymentRecord, std::less<>> payments_;
  std::map<std::string, AnnouncementRecord, std::less<>> announcements_;
  std::map<std::string, std::vector<std::string>, std::less<>> by_owner_;
  // "<subject kind number>/<subject_id>" -> announcement ids.
  std::map<std::string, std::vector<std::string>, std::less<>> by_subject_;
};

}  // namespace ledger::state

#endif  // LEDGER_STATE_DISTRIBUTION_STATE_H_
