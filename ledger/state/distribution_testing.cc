// Distribution and announcement bodies and the distribution fixture for the state tests
// (state_testing.h).

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/crypto/sha256.h"
#include "ledger/state/state_testing.h"

namespace ledger::state::testing {
namespace {

std::string Hash(std::string_view text) {
  const crypto::Sha256Digest digest = crypto::Sha256(text);
  return std::string(reinterpret_cast<const char*>(digest.data()), digest.size());
}

}  // namespace

v1::DistributionAllocation Allocation(std::string_view category, int64_t fen) {
  v1::DistributionAllocation line;
  line.set_category(std::string(category));
  line.set_amount_fen(fen);
  return line;
}

std::vector<v1::DistributionAllocation> StandardAllocations() {
  return {Allocation("public_welfare_post_wages", 6'000),
          Allocation("public_welfare_labour", 1'000), Allocation("small_public_works", 1'500)};
}

v1::DistributionPlan MakeDistributionPlan(
    std::string_view id, const std::vector<std::string>& incomes,
    const std::vector<v1::DistributionAllocation>& allocations, uint32_t votes_for,
    std::string_view start, std::string_view end) {
  v1::DistributionPlan body;
  body.set_plan_id(std::string(id));
  *body.mutable_owner() = VillageParty();
  body.set_period_start(std::string(start));
  body.set_period_end(std::string(end));
  for (const std::string& income : incomes) body.add_income_ids(income);
  int64_t total = 0;
  for (const v1::DistributionAllocation& line : allocations) {
    *body.add_allocations() = line;
    total += line.amount_fen();
  }
  body.set_total_fen(total);
  body.set_eligibility_criteria("脱贫户和监测户中无劳动能力者及公益岗位人员");
  v1::VillageResolution* resolution = body.mutable_resolution();
  resolution->set_reference("村民代表大会决议〔2026〕8号");
  resolution->set_meeting_date("2026-09-10");
  resolution->set_attendance(40);
  resolution->set_votes_for(votes_for);
  resolution->set_votes_against(40 - votes_for);
  return body;
}

v1::DistributionReview MakeDistributionReview(std::string_view plan, bool approved,
                                              std::string_view date) {
  v1::DistributionReview body;
  body.set_plan_id(std::string(plan));
  body.set_approved(approved);
  body.set_opinion(approved ? "同意" : "不同意：分配对象不精准");
  body.set_date(std::string(date));
  return body;
}

v1::DistributionFiling MakeFiling(std::string_view plan, std::string_view date) {
  v1::DistributionFiling body;
  body.set_plan_id(std::string(plan));
  body.set_filing_reference("县乡村振兴局备〔2026〕12号");
  body.set_date(std::string(date));
  return body;
}

v1::Announcement MakeAnnouncement(std::string_view id, v1::AnnouncementSubject kind,
                                  std::string_view subject, std::string_view start,
                                  std::string_view end) {
  v1::Announcement body;
  body.set_announcement_id(std::string(id));
  body.set_subject_kind(kind);
  body.set_subject_id(std::string(subject));
  body.set_channel(v1::ANNOUNCEMENT_CHANNEL_VILLAGE_BOARD);
  body.set_notice_hash(Hash(absl::StrCat("公示 ", std::string(id))));
  body.set_start_date(std::string(start));
  body.set_end_date(std::string(end));
  return body;
}

v1::DistributionPaymentLine PaymentLine(std::string_view beneficiary, std::string_view category,
                                        int64_t fen) {
  v1::DistributionPaymentLine line;
  line.set_beneficiary_ref(std::string(beneficiary));
  line.set_basis(v1::DISTRIBUTION_BASIS_POST);
  line.set_quantity(1);
  line.set_category(std::string(category));
  line.set_amount_fen(fen);
  line.set_bank_reference(absl::StrCat("BANK-", std::string(beneficiary)));
  return line;
}

v1::DistributionPayment MakeDistributionPayment(
    std::string_view id, std::string_view plan,
    const std::vector<v1::DistributionPaymentLine>& lines, std::string_view date) {
  v1::DistributionPayment body;
  body.set_payment_id(std::string(id));
  body.set_plan_id(std::string(plan));
  for (const v1::DistributionPaymentLine& line : lines) *body.add_lines() = line;
  body.set_payment_date(std::string(date));
  return body;
}

v1::DistributionResult MakeDistributionResult(std::string_view plan, std::string_view date) {
  v1::DistributionResult body;
  body.set_plan_id(std::string(plan));
  body.set_result_hash(Hash(absl::StrCat("分配结果 ", std::string(plan))));
  body.set_summary("公益岗位工资已发放");
  body.set_date(std::string(date));
  return body;
}

void DistributionFixture(TestLog& log) {
  auto lease = MakeOperationContract("OC1", "AS1", 1'200);
  ASSERT_TRUE(log.Submit(lease, kVillageAccountantId, TestKey(9)).ok());
  auto income = MakeIncome("I1", "AS1");
  absl::Status s = log.Submit(income, kVillageAccountantId, TestKey(9));
  ASSERT_TRUE(s.ok()) << s;
}

void AdvancePlan(TestLog& log, std::string_view id, PlanStep from, PlanStep through) {
  for (int step = static_cast<int>(from) + 1; step <= static_cast<int>(through); ++step) {
    absl::Status s;
    switch (static_cast<PlanStep>(step)) {
      case PlanStep::kReviewed: {
        auto review = MakeDistributionReview(id);
        s = log.Submit(review, kTownshipId, TestKey(3));
        break;
      }
      case PlanStep::kFiled: {
        auto filing = MakeFiling(id);
        s = log.Submit(filing, kProjectManagerId, TestKey(4));
        break;
      }
      case PlanStep::kAnnounced: {
        auto notice = MakeAnnouncement(absl::StrCat("AN-", std::string(id)),
                                       v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_PLAN, id);
        s = log.Submit(notice, kVillageAccountantId, TestKey(9));
        break;
      }
      case PlanStep::kPaid: {
        auto payment =
            MakeDistributionPayment(absl::StrCat("PAY-", std::string(id)), id,
                                    {PaymentLine("hh-001", "public_welfare_post_wages", 6'000)});
        s = log.Submit(payment, kVillageAccountantId, TestKey(9));
        break;
      }
      case PlanStep::kResulted: {
        auto result = MakeDistributionResult(id);
        s = log.Submit(result, kVillageAccountantId, TestKey(9));
        break;
      }
      default:
        FAIL() << "no step leads to plan step " << step;
    }
    ASSERT_TRUE(s.ok()) << "plan step " << step << ": " << s;
  }
}

}  // namespace ledger::state::testing
