#include "clients/audit/trace.h"

#include <algorithm>
#include <functional>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.h"
#include "ledger/util/money.h"
#include "ledger/v1/assets.pb.h"
#include "ledger/v1/income.pb.h"

namespace ledger::audit {
namespace {

using StringSet = std::set<std::string, std::less<>>;

template <typename Line>
int64_t SumAmounts(const google::protobuf::RepeatedPtrField<Line>& lines) {
  int64_t sum = 0;
  for (const Line& line : lines) sum += line.amount_fen();
  return sum;
}

std::string PartyText(const v1::Party& p) {
  if (!p.name().empty()) return p.name();
  return p.household_ref().empty() ? p.division()
                                   : absl::StrCat(p.division(), "/", p.household_ref());
}

// The words, subject, amount and detail of one kept body.
struct Description {
  std::string what;
  std::string what_zh;
  std::string subject;
  std::optional<int64_t> amount_fen;
  std::string detail;
};

Description Describe(std::string_view type, const google::protobuf::Message& body) {
  auto is = [&](const google::protobuf::Descriptor* d) { return type == d->full_name(); };
  if (is(v1::FundReceipt::descriptor())) {
    const auto& b = static_cast<const v1::FundReceipt&>(body);
    return {
        "fund receipt", "资金下达", b.receipt_id(), b.amount_fen(),
        absl::StrCat(v1::FundSource_Name(b.source()), " ", b.year(), ", ", b.document_number())};
  }
  if (is(v1::ProjectRegistration::descriptor())) {
    const auto& b = static_cast<const v1::ProjectRegistration&>(body);
    return {"project", "项目入库", b.project_id(), SumAmounts(b.planned()),
            absl::StrCat(b.name(), " (", b.location(), ")")};
  }
  if (is(v1::ProjectStepRecord::descriptor())) {
    const auto& b = static_cast<const v1::ProjectStepRecord&>(body);
    return {"project step", "项目程序", b.project_id(), std::nullopt,
            absl::StrCat(v1::ProjectStep_Name(b.step()), " ", b.date())};
  }
  if (is(v1::PlanApproval::descriptor())) {
    const auto& b = static_cast<const v1::PlanApproval&>(body);
    std::vector<std::string> lines;
    for (const v1::ApprovedLine& l : b.lines()) {
      lines.push_back(
          absl::StrCat(v1::FundSource_Name(l.source()), " ", FormatYuanGrouped(l.amount_fen())));
    }
    return {b.adjustment() ? "approval adjustment" : "approval",
            b.adjustment() ? "计划调整" : "计划批复", b.project_id(), SumAmounts(b.lines()),
            absl::StrCat(b.year(), " by ", b.approving_body(), ": ", absl::StrJoin(lines, ", "))};
  }
  if (is(v1::Contract::descriptor())) {
    const auto& b = static_cast<const v1::Contract&>(body);
    return {"contract", "合同", b.contract_id(), b.amount_fen(),
            absl::StrCat("project ", b.project_id(), " with ", b.payee())};
  }
  if (is(v1::Acceptance::descriptor())) {
    const auto& b = static_cast<const v1::Acceptance&>(body);
    return {"acceptance", "验收", b.acceptance_id(), std::nullopt,
            absl::StrCat("project ", b.project_id(), ": ", b.result())};
  }
  if (is(v1::Disbursement::descriptor())) {
    const auto& b = static_cast<const v1::Disbursement&>(body);
    return {"disbursement", "拨付", b.payment_id(), b.amount_fen(),
            absl::StrCat("project ", b.project_id(), ", ", v1::DisbursementStage_Name(b.stage()),
                         " from ", v1::FundSource_Name(b.source()), " to ", b.payee(), " on ",
                         b.payment_date())};
  }
  if (is(v1::Reversal::descriptor())) {
    const auto& b = static_cast<const v1::Reversal&>(body);
    return {"reversal", "冲销", b.target_id(), std::nullopt,
            absl::StrCat(v1::ReversedEntryKind_Name(b.reversed_entry_kind()), ": ", b.reason())};
  }
  if (is(v1::HouseholdRoster::descriptor())) {
    const auto& b = static_cast<const v1::HouseholdRoster&>(body);
    int64_t cash = 0;
    for (const v1::RosterLine& l : b.lines()) cash += l.cash_fen();
    return {"household roster", "花名册", b.roster_id(), cash,
            absl::StrCat("payment ", b.payment_id(), ", ", b.lines_size(), " household(s)")};
  }
  if (is(v1::AssetRegistration::descriptor())) {
    const auto& b = static_cast<const v1::AssetRegistration&>(body);
    return {"asset registration", "资产登记", b.asset_code(), b.original_value_fen(),
            absl::StrCat(b.name(), ", ", v1::AssetClass_Name(b.asset_class()), ", formed ",
                         b.date_formed())};
  }
  if (is(v1::OwnershipConfirmation::descriptor())) {
    const auto& b = static_cast<const v1::OwnershipConfirmation&>(body);
    std::vector<std::string> owners;
    for (const v1::PartyShare& s : b.owners()) {
      owners.push_back(absl::StrCat(PartyText(s.party()), " ", s.share_bp() / 100, "%"));
    }
    return {"ownership", "确权", b.asset_code(), std::nullopt, absl::StrJoin(owners, ", ")};
  }
  if (is(v1::Handover::descriptor())) {
    const auto& b = static_cast<const v1::Handover&>(body);
    return {"handover", "移交", b.asset_code(), std::nullopt,
            absl::StrCat("from ", b.from_party(), " on ", b.date())};
  }
  if (is(v1::RightsAssignment::descriptor())) {
    const auto& b = static_cast<const v1::RightsAssignment&>(body);
    std::vector<std::string> holders;
    for (const v1::PartyShare& s : b.holders()) holders.push_back(PartyText(s.party()));
    return {"rights", "权属", b.asset_code(), std::nullopt,
            absl::StrCat(v1::RightKind_Name(b.kind()), ": ", absl::StrJoin(holders, ", "))};
  }
  if (is(v1::OperationContract::descriptor())) {
    const auto& b = static_cast<const v1::OperationContract&>(body);
    return {"operation contract", "运营合同", b.contract_id(), b.annual_rent_fen(),
            absl::StrCat(v1::OperationMode_Name(b.mode()), " to ", PartyText(b.operator_()), ", ",
                         b.start_date(), " to ", b.end_date())};
  }
  if (is(v1::MaintenanceRecord::descriptor())) {
    const auto& b = static_cast<const v1::MaintenanceRecord&>(body);
    return {"maintenance", "管护", b.asset_code(),
            b.repair_cost_fen() > 0 ? std::optional<int64_t>(b.repair_cost_fen()) : std::nullopt,
            absl::StrCat(v1::AssetCondition_Name(b.condition()), " on ", b.inspection_date(),
                         " by ", b.custodian())};
  }
  if (is(v1::IncomeRecord::descriptor())) {
    const auto& b = static_cast<const v1::IncomeRecord&>(body);
    return {"income", "收益", b.income_id(), b.net_income_fen(),
            absl::StrCat(b.period_start(), " to ", b.period_end(), ", gross ",
                         FormatYuanGrouped(b.gross_income_fen()), ", received by ",
                         PartyText(b.received_by()))};
  }
  if (is(v1::DistributionPlan::descriptor())) {
    const auto& b = static_cast<const v1::DistributionPlan&>(body);
    return {"distribution plan", "分配方案", b.plan_id(), b.total_fen(),
            absl::StrCat("income ", absl::StrJoin(b.income_ids(), ", "), "; resolution ",
                         b.resolution().reference())};
  }
  if (is(v1::DistributionReview::descriptor())) {
    const auto& b = static_cast<const v1::DistributionReview&>(body);
    return {"plan review", "方案审核", b.plan_id(), std::nullopt,
            absl::StrCat(b.approved() ? "approved" : "refused", ": ", b.opinion())};
  }
  if (is(v1::DistributionFiling::descriptor())) {
    const auto& b = static_cast<const v1::DistributionFiling&>(body);
    return {"plan filing", "方案备案", b.plan_id(), std::nullopt,
            absl::StrCat("filed as ", b.filing_reference())};
  }
  if (is(v1::DistributionPayment::descriptor())) {
    const auto& b = static_cast<const v1::DistributionPayment&>(body);
    return {
        "distribution payment", "分配支付", b.payment_id(), SumAmounts(b.lines()),
        absl::StrCat("plan ", b.plan_id(), ", ", b.lines_size(), " line(s) on ", b.payment_date())};
  }
  if (is(v1::DistributionResult::descriptor())) {
    const auto& b = static_cast<const v1::DistributionResult&>(body);
    return {"distribution result", "分配结果", b.plan_id(), std::nullopt, b.summary()};
  }
  if (is(v1::DisposalApplication::descriptor())) {
    const auto& b = static_cast<const v1::DisposalApplication&>(body);
    return {"disposal application", "处置申请", b.disposal_id(), b.appraised_value_fen(),
            absl::StrCat(v1::DisposalMethod_Name(b.method()), " of ", b.asset_code(), ", ",
                         v1::DisposalTrigger_Name(b.trigger()))};
  }
  if (is(v1::DisposalDecision::descriptor())) {
    const auto& b = static_cast<const v1::DisposalDecision&>(body);
    return {"disposal decision", "处置决议", b.disposal_id(), std::nullopt,
            absl::StrCat(b.resolution_reference(), ": ", b.votes_for(), " for, ", b.votes_against(),
                         " against of ", b.attendance())};
  }
  if (is(v1::DisposalReview::descriptor())) {
    const auto& b = static_cast<const v1::DisposalReview&>(body);
    return {"disposal review", "处置审核", b.disposal_id(), std::nullopt,
            absl::StrCat(b.approved() ? "approved" : "refused", ": ", b.opinion())};
  }
  if (is(v1::DisposalApproval::descriptor())) {
    const auto& b = static_cast<const v1::DisposalApproval&>(body);
    return {"disposal approval", "处置审批", b.disposal_id(), std::nullopt,
            absl::StrCat(b.approved() ? "approved" : "refused", " by ",
                         v1::ApprovalAuthority_Name(b.authority()), ", ", b.document())};
  }
  if (is(v1::DisposalNotice::descriptor())) {
    const auto& b = static_cast<const v1::DisposalNotice&>(body);
    return {"disposal notice", "处置公示", b.disposal_id(), std::nullopt,
            absl::StrCat(b.channel(), ", ", b.start_date(), " to ", b.end_date())};
  }
  if (is(v1::DisposalCompletion::descriptor())) {
    const auto& b = static_cast<const v1::DisposalCompletion&>(body);
    std::string detail = absl::StrCat("price ", FormatYuanGrouped(b.price_fen()));
    if (!b.counterparty().empty()) absl::StrAppend(&detail, " from ", b.counterparty());
    if (!b.reinvestment_project_id().empty()) {
      absl::StrAppend(&detail, "; reinvested in project ", b.reinvestment_project_id());
    }
    return {"disposal completion", "处置完成", b.disposal_id(), b.proceeds_fen(), detail};
  }
  if (is(v1::Announcement::descriptor())) {
    const auto& b = static_cast<const v1::Announcement&>(body);
    return {"announcement", "公示", b.announcement_id(), std::nullopt,
            absl::StrCat(v1::AnnouncementSubject_Name(b.subject_kind()), " ", b.subject_id(), ", ",
                         b.start_date(), " to ", b.end_date())};
  }
  return {std::string(type.substr(type.rfind('.') + 1)), "", "", std::nullopt, ""};
}

// The body types a chain is made of: every fund, asset and income body.
const std::set<std::string, std::less<>>& ChainTypes() {
  static const auto* types = [] {
    auto* set = new std::set<std::string, std::less<>>;
    for (const google::protobuf::FileDescriptor* file :
         {v1::FundReceipt::descriptor()->file(), v1::AssetRegistration::descriptor()->file(),
          v1::IncomeRecord::descriptor()->file()}) {
      for (int i = 0; i < file->message_type_count(); ++i) {
        const google::protobuf::Descriptor* d = file->message_type(i);
        if (d->field_count() > 0 && d->field(0)->name() == "header") set->insert(d->full_name());
      }
    }
    return set;
  }();
  return *types;
}

}  // namespace

std::string_view TracePartName(TracePart part) {
  switch (part) {
    case TracePart::kFunds:
      return "funds";
    case TracePart::kLineage:
      return "lineage";
    case TracePart::kAsset:
      return "asset";
    case TracePart::kIncome:
      return "income";
    case TracePart::kDistribution:
      return "distribution";
    case TracePart::kDisposal:
      return "disposal";
    case TracePart::kReinvestment:
      return "reinvestment";
  }
  return "?";
}

void TraceIndex::Add(uint64_t index, const state::Entry& entry) {
  if (!ChainTypes().contains(entry.payload_type())) return;
  by_type_[entry.payload_type()].push_back(kept_.size());
  kept_.push_back(Kept{.index = index, .payload_type = entry.payload_type(), .body = entry.body});
}

// Collects the steps of one chain, each entry once (the first part that claims it).
class TraceIndex::Collector {
 public:
  explicit Collector(const TraceIndex& index) : index_(index) {}

  // Calls f(kept, body) for every kept body of type T, in index order.
  template <typename T, typename F>
  void Each(F f) const {
    auto it = index_.by_type_.find(T::descriptor()->full_name());
    if (it == index_.by_type_.end()) return;
    for (size_t pos : it->second) {
      const Kept& kept = index_.kept_[pos];
      f(kept, static_cast<const T&>(*kept.body));
    }
  }

  void Take(const Kept& kept, TracePart part) {
    if (steps_.contains(kept.index)) return;
    Description d = Describe(kept.payload_type, *kept.body);
    const auto& header = static_cast<const v1::EntryHeader&>(
        kept.body->GetReflection()->GetMessage(*kept.body, kept.body->GetDescriptor()->field(0)));
    steps_.emplace(kept.index, TraceStep{.index = kept.index,
                                         .part = part,
                                         .payload_type = kept.payload_type,
                                         .what = std::move(d.what),
                                         .what_zh = std::move(d.what_zh),
                                         .subject = std::move(d.subject),
                                         .business_date = header.business_date(),
                                         .amount_fen = d.amount_fen,
                                         .detail = std::move(d.detail)});
  }

  // Announcements of `kinds` about one of `subjects`.
  void Announcements(std::initializer_list<v1::AnnouncementSubject> kinds,
                     const StringSet& subjects, TracePart part) {
    Each<v1::Announcement>([&](const Kept& k, const v1::Announcement& a) {
      if (std::find(kinds.begin(), kinds.end(), a.subject_kind()) != kinds.end() &&
          subjects.contains(a.subject_id())) {
        Take(k, part);
      }
    });
  }

  // A project's chain. With `only_source`, only its approvals with a line of that source (of
  // `year`, unless 0) and its disbursements from that source. Returns the (source, year) of
  // every approval line taken.
  std::set<std::pair<v1::FundSource, uint32_t>> Project(
      const std::string& project_id, TracePart part,
      std::optional<v1::FundSource> only_source = std::nullopt, uint32_t year = 0) {
    std::set<std::pair<v1::FundSource, uint32_t>> source_years;
    auto of_project = [&](const std::string& id) { return id == project_id; };
    Each<v1::ProjectRegistration>([&](const Kept& k, const v1::ProjectRegistration& b) {
      if (of_project(b.project_id())) Take(k, part);
    });
    Each<v1::ProjectStepRecord>([&](const Kept& k, const v1::ProjectStepRecord& b) {
      if (of_project(b.project_id())) Take(k, part);
    });
    Each<v1::PlanApproval>([&](const Kept& k, const v1::PlanApproval& b) {
      if (!of_project(b.project_id()) || (year != 0 && b.year() != year)) return;
      bool taken = false;
      for (const v1::ApprovedLine& l : b.lines()) {
        if (only_source && l.source() != *only_source) continue;
        source_years.emplace(l.source(), b.year());
        taken = true;
      }
      if (taken) Take(k, part);
    });
    Each<v1::Contract>([&](const Kept& k, const v1::Contract& b) {
      if (of_project(b.project_id())) Take(k, part);
    });
    Each<v1::Acceptance>([&](const Kept& k, const v1::Acceptance& b) {
      if (of_project(b.project_id())) Take(k, part);
    });
    StringSet payments;
    Each<v1::Disbursement>([&](const Kept& k, const v1::Disbursement& b) {
      if (!of_project(b.project_id()) || (only_source && b.source() != *only_source)) return;
      payments.insert(b.payment_id());
      Take(k, part);
    });
    Each<v1::Reversal>([&](const Kept& k, const v1::Reversal& b) {
      if (b.reversed_entry_kind() == v1::REVERSED_ENTRY_KIND_DISBURSEMENT &&
          payments.contains(b.target_id())) {
        Take(k, part);
      }
    });
    Each<v1::HouseholdRoster>([&](const Kept& k, const v1::HouseholdRoster& b) {
      if (payments.contains(b.payment_id())) Take(k, part);
    });
    Announcements({v1::ANNOUNCEMENT_SUBJECT_PROJECT_BEFORE, v1::ANNOUNCEMENT_SUBJECT_PROJECT_AFTER},
                  {project_id}, part);
    return source_years;
  }

  // The receipts of `source` in `years` (every year when `years` holds 0), with their reversals.
  // Returns how many receipts were taken.
  size_t Receipts(v1::FundSource source, const std::set<uint32_t>& years) {
    StringSet receipts;
    Each<v1::FundReceipt>([&](const Kept& k, const v1::FundReceipt& b) {
      if (b.source() != source || !(years.contains(0) || years.contains(b.year()))) return;
      receipts.insert(b.receipt_id());
      Take(k, TracePart::kFunds);
    });
    Each<v1::Reversal>([&](const Kept& k, const v1::Reversal& b) {
      if (b.reversed_entry_kind() == v1::REVERSED_ENTRY_KIND_FUND_RECEIPT &&
          receipts.contains(b.target_id())) {
        Take(k, TracePart::kFunds);
      }
    });
    return receipts.size();
  }

  // Everything after an asset's registration: management, income, distribution, disposal,
  // reinvestment and descendants.
  void Downstream(const std::string& code) {
    auto of_asset = [&](const std::string& c) { return c == code; };
    Each<v1::OwnershipConfirmation>([&](const Kept& k, const v1::OwnershipConfirmation& b) {
      if (of_asset(b.asset_code())) Take(k, TracePart::kAsset);
    });
    Each<v1::Handover>([&](const Kept& k, const v1::Handover& b) {
      if (of_asset(b.asset_code())) Take(k, TracePart::kAsset);
    });
    Each<v1::RightsAssignment>([&](const Kept& k, const v1::RightsAssignment& b) {
      if (of_asset(b.asset_code())) Take(k, TracePart::kAsset);
    });
    Each<v1::OperationContract>([&](const Kept& k, const v1::OperationContract& b) {
      if (of_asset(b.asset_code())) Take(k, TracePart::kAsset);
    });
    Each<v1::MaintenanceRecord>([&](const Kept& k, const v1::MaintenanceRecord& b) {
      if (of_asset(b.asset_code())) Take(k, TracePart::kAsset);
    });
    Announcements({v1::ANNOUNCEMENT_SUBJECT_ASSET_LEDGER}, {code}, TracePart::kAsset);

    StringSet incomes;
    Each<v1::IncomeRecord>([&](const Kept& k, const v1::IncomeRecord& b) {
      if (!of_asset(b.asset_code())) return;
      incomes.insert(b.income_id());
      Take(k, TracePart::kIncome);
    });
    StringSet plans;
    Each<v1::DistributionPlan>([&](const Kept& k, const v1::DistributionPlan& b) {
      if (std::none_of(b.income_ids().begin(), b.income_ids().end(),
                       [&](const std::string& id) { return incomes.contains(id); })) {
        return;
      }
      plans.insert(b.plan_id());
      Take(k, TracePart::kDistribution);
    });
    auto of_plan = [&](const Kept& k, const std::string& plan_id) {
      if (plans.contains(plan_id)) Take(k, TracePart::kDistribution);
    };
    Each<v1::DistributionReview>(
        [&](const Kept& k, const v1::DistributionReview& b) { of_plan(k, b.plan_id()); });
    Each<v1::DistributionFiling>(
        [&](const Kept& k, const v1::DistributionFiling& b) { of_plan(k, b.plan_id()); });
    Each<v1::DistributionPayment>(
        [&](const Kept& k, const v1::DistributionPayment& b) { of_plan(k, b.plan_id()); });
    Each<v1::DistributionResult>(
        [&](const Kept& k, const v1::DistributionResult& b) { of_plan(k, b.plan_id()); });
    Announcements(
        {v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_PLAN, v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_RESULT},
        plans, TracePart::kDistribution);

    StringSet disposals;
    Each<v1::DisposalApplication>([&](const Kept& k, const v1::DisposalApplication& b) {
      if (!of_asset(b.asset_code())) return;
      disposals.insert(b.disposal_id());
      Take(k, TracePart::kDisposal);
    });
    auto of_disposal = [&](const Kept& k, const std::string& id) {
      if (disposals.contains(id)) Take(k, TracePart::kDisposal);
    };
    Each<v1::DisposalDecision>(
        [&](const Kept& k, const v1::DisposalDecision& b) { of_disposal(k, b.disposal_id()); });
    Each<v1::DisposalReview>(
        [&](const Kept& k, const v1::DisposalReview& b) { of_disposal(k, b.disposal_id()); });
    Each<v1::DisposalApproval>(
        [&](const Kept& k, const v1::DisposalApproval& b) { of_disposal(k, b.disposal_id()); });
    Each<v1::DisposalNotice>(
        [&](const Kept& k, const v1::DisposalNotice& b) { of_disposal(k, b.disposal_id()); });
    StringSet reinvestments;
    Each<v1::DisposalCompletion>([&](const Kept& k, const v1::DisposalCompletion& b) {
      if (!disposals.contains(b.disposal_id())) return;
      Take(k, TracePart::kDisposal);
      if (!b.reinvestment_project_id().empty()) reinvestments.insert(b.reinvestment_project_id());
    });
    Announcements(
        {v1::ANNOUNCEMENT_SUBJECT_DISPOSAL_DECISION, v1::ANNOUNCEMENT_SUBJECT_DISPOSAL_RESULT},
        disposals, TracePart::kDisposal);
    for (const std::string& project : reinvestments) Project(project, TracePart::kReinvestment);

    // Assets registered as descending from this one.
    Each<v1::AssetRegistration>([&](const Kept& k, const v1::AssetRegistration& b) {
      for (const v1::LineageLine& l : b.lineage()) {
        if (of_asset(l.source_asset_code())) Take(k, TracePart::kLineage);
      }
    });
  }

  // The assets this one descends from: their registrations and disposal completions.
  void Ancestors(const v1::AssetRegistration& asset) {
    for (const v1::LineageLine& l : asset.lineage()) {
      StringSet disposals;
      Each<v1::AssetRegistration>([&](const Kept& k, const v1::AssetRegistration& b) {
        if (b.asset_code() == l.source_asset_code()) Take(k, TracePart::kLineage);
      });
      Each<v1::DisposalApplication>([&](const Kept&, const v1::DisposalApplication& b) {
        if (b.asset_code() == l.source_asset_code()) disposals.insert(b.disposal_id());
      });
      Each<v1::DisposalCompletion>([&](const Kept& k, const v1::DisposalCompletion& b) {
        if (disposals.contains(b.disposal_id())) Take(k, TracePart::kLineage);
      });
    }
  }

  std::vector<TraceStep> Steps() && {
    std::vector<TraceStep> out;
    out.reserve(steps_.size());
    for (auto& [index, step] : steps_) out.push_back(std::move(step));
    return out;
  }

 private:
  const TraceIndex& index_;
  std::map<uint64_t, TraceStep> steps_;
};

absl::StatusOr<std::vector<TraceStep>> TraceIndex::Asset(std::string_view asset_code) const {
  Collector c(*this);
  const v1::AssetRegistration* asset = nullptr;
  c.Each<v1::AssetRegistration>([&](const Kept& k, const v1::AssetRegistration& b) {
    if (asset == nullptr && b.asset_code() == asset_code) {
      asset = &b;
      c.Take(k, TracePart::kAsset);
    }
  });
  if (asset == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("no asset ", std::string(asset_code), " is registered in the log"));
  }
  // Upstream: the projects that paid for it, and the receipts of each line's source.
  for (const v1::FundingLine& line : asset->funding()) {
    if (line.project_id().empty()) continue;
    std::set<uint32_t> years;
    for (const auto& [source, year] : c.Project(line.project_id(), TracePart::kFunds)) {
      if (source == line.source()) years.insert(year);
    }
    if (!years.empty()) c.Receipts(line.source(), years);
  }
  c.Ancestors(*asset);
  c.Downstream(asset->asset_code());
  return std::move(c).Steps();
}

absl::StatusOr<std::vector<TraceStep>> TraceIndex::Fund(v1::FundSource source,
                                                        uint32_t year) const {
  if (source == v1::FUND_SOURCE_UNSPECIFIED) {
    return absl::InvalidArgumentError("a fund trace needs a fund source");
  }
  Collector c(*this);
  if (c.Receipts(source, {year}) == 0) {
    return absl::NotFoundError(absl::StrCat("nothing was received from ",
                                            v1::FundSource_Name(source),
                                            year == 0 ? "" : absl::StrCat(" for ", year)));
  }
  StringSet projects;
  c.Each<v1::PlanApproval>([&](const Kept&, const v1::PlanApproval& b) {
    if (year != 0 && b.year() != year) return;
    for (const v1::ApprovedLine& l : b.lines()) {
      if (l.source() == source) projects.insert(b.project_id());
    }
  });
  for (const std::string& project : projects) {
    c.Project(project, TracePart::kFunds, source, year);
  }
  // The assets those projects' money of this source formed.
  std::vector<std::string> assets;
  c.Each<v1::AssetRegistration>([&](const Kept& k, const v1::AssetRegistration& b) {
    for (const v1::FundingLine& l : b.funding()) {
      if (l.source() == source && projects.contains(l.project_id())) {
        c.Take(k, TracePart::kAsset);
        assets.push_back(b.asset_code());
        return;
      }
    }
  });
  for (const std::string& code : assets) c.Downstream(code);
  return std::move(c).Steps();
}

}  // namespace ledger::audit
