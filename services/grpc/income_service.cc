#include "services/grpc/income_service.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ledger/registry/person.h"
#include "ledger/state/asset_state.h"
#include "ledger/state/civil_date.h"
#include "ledger/state/distribution_state.h"
#include "ledger/state/fund_state.h"
#include "ledger/state/income_findings.h"
#include "ledger/state/income_state.h"
#include "ledger/state/state.h"
#include "ledger/util/status_macros.h"
#include "ledger/views/projections.h"
#include "services/grpc/grpc_status.h"
#include "services/grpc/pagination.h"

namespace ledger::grpc_services {
namespace {

v1::PlanStage ToProtoStage(state::PlanStage stage) {
  switch (stage) {
    case state::PlanStage::kAdopted:
      return v1::PLAN_STAGE_ADOPTED;
    case state::PlanStage::kReviewed:
      return v1::PLAN_STAGE_REVIEWED;
    case state::PlanStage::kFiled:
      return v1::PLAN_STAGE_FILED;
    case state::PlanStage::kResulted:
      return v1::PLAN_STAGE_RESULTED;
    case state::PlanStage::kClosed:
      return v1::PLAN_STAGE_CLOSED;
  }
  return v1::PLAN_STAGE_UNSPECIFIED;
}

void FillPlan(const state::DistributionState& d, const state::PlanRecord& p, v1::PlanDetail* out) {
  *out->mutable_plan() = p.plan;
  out->set_adopted_at(p.adopted_at);
  out->set_stage(ToProtoStage(p.stage));
  out->set_needs_township_review(p.needs_township_review);
  if (p.review) *out->mutable_review() = *p.review;
  if (p.filing) *out->mutable_filing() = *p.filing;
  for (const std::string& id : p.announcement_ids) {
    if (const state::AnnouncementRecord* a = d.FindAnnouncement(id); a != nullptr) {
      v1::AnnouncementEntry* e = out->add_announcements();
      *e->mutable_announcement() = a->announcement;
      e->set_index(a->index);
    }
  }
  for (const std::string& id : p.payment_ids) {
    if (const state::DistributionPaymentRecord* r = d.FindPayment(id); r != nullptr) {
      v1::DistributionPaymentEntry* e = out->add_payments();
      *e->mutable_payment() = r->payment;
      e->set_index(r->index);
    }
  }
  if (p.result) *out->mutable_result() = *p.result;
  out->set_paid_fen(p.paid_fen);
  for (const v1::DistributionAllocation& a : p.plan.allocations()) {
    v1::CategoryPaid* c = out->add_categories();
    c->set_category(a.category());
    c->set_allocated_fen(a.amount_fen());
    auto it = p.paid_by_category.find(a.category());
    c->set_paid_fen(it == p.paid_by_category.end() ? 0 : it->second);
  }
  out->set_committed_fen(p.committed_fen());
  for (uint64_t index : p.indexes) out->add_indexes(index);
}

std::string TodayInShanghai() {
  const int64_t now_us = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  return state::FormatCivilDate(state::CivilFromDays(state::ShanghaiDayOfRecordedTime(now_us)));
}

// The subject's location (or owner division) and its figure; nullopt if the subject is unknown
// (the state never holds such an announcement).
struct SubjectFacts {
  std::string location;
  int64_t amount_fen = 0;
};

std::optional<SubjectFacts> Subject(const state::LedgerState& s, const v1::Announcement& a) {
  const std::string& id = a.subject_id();
  switch (a.subject_kind()) {
    case v1::ANNOUNCEMENT_SUBJECT_PROJECT_BEFORE:
    case v1::ANNOUNCEMENT_SUBJECT_PROJECT_AFTER: {
      const state::ProjectRecord* p = s.funds().FindProject(id);
      if (p == nullptr) return std::nullopt;
      int64_t planned = 0;
      for (const v1::PlannedFunds& f : p->registration.planned()) planned += f.amount_fen();
      return SubjectFacts{p->registration.location(), planned};
    }
    case v1::ANNOUNCEMENT_SUBJECT_ASSET_LEDGER: {
      const state::AssetRecord* asset = s.assets().FindAsset(id);
      if (asset == nullptr) return std::nullopt;
      return SubjectFacts{asset->registration.location(), asset->registration.original_value_fen()};
    }
    case v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_PLAN:
    case v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_RESULT: {
      const state::PlanRecord* p = s.distributions().FindPlan(id);
      if (p == nullptr) return std::nullopt;
      return SubjectFacts{p->plan.owner().division(),
                          a.subject_kind() == v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_PLAN
                              ? p->plan.total_fen()
                              : p->paid_fen};
    }
    case v1::ANNOUNCEMENT_SUBJECT_DISPOSAL_DECISION:
    case v1::ANNOUNCEMENT_SUBJECT_DISPOSAL_RESULT: {
      const state::DisposalRecord* d = s.assets().FindDisposal(id);
      if (d == nullptr) return std::nullopt;
      const state::AssetRecord* asset = s.assets().FindAsset(d->application.asset_code());
      if (asset == nullptr) return std::nullopt;
      return SubjectFacts{asset->registration.location(), d->application.appraised_value_fen()};
    }
    default:
      return std::nullopt;
  }
}

int64_t Days(const std::string& date) {
  std::optional<state::CivilDate> d = state::ParseCivilDate(date);
  return d ? state::DaysFromCivil(*d) : 0;
}

void FillFinding(const state::Finding& f, v1::Finding* out) {
  out->set_rule(f.rule);
  out->set_category(f.category);
  out->set_subject(f.subject);
  *out->mutable_owner() = f.owner;
  out->set_amount_fen(f.amount_fen);
  out->set_message(f.message);
  for (uint64_t index : f.indexes) out->add_indexes(index);
  if (f.flat_equal_cash) {
    v1::FlatEqualCash* e = out->mutable_flat_equal_cash();
    e->set_plan_id(f.flat_equal_cash->plan_id);
    e->set_beneficiaries(f.flat_equal_cash->beneficiaries);
    e->set_shares_each(f.flat_equal_cash->shares_each);
    e->set_amount_each_fen(f.flat_equal_cash->amount_each_fen);
    e->set_total_fen(f.flat_equal_cash->total_fen);
  }
  if (f.idle_income) {
    v1::IdleIncome* e = out->mutable_idle_income();
    e->set_idle_fen(f.idle_income->idle_fen);
    e->set_booked_fen(f.idle_income->booked_fen);
    e->set_paid_fen(f.idle_income->paid_fen);
    e->set_oldest_income_id(f.idle_income->oldest_income_id);
    e->set_oldest_received_date(f.idle_income->oldest_received_date);
    e->set_months_idle(f.idle_income->months_idle);
    for (const std::string& id : f.idle_income->income_ids) e->add_income_ids(id);
  }
}

grpc::Status NotFound(const std::string& what) {
  return grpc::Status(grpc::StatusCode::NOT_FOUND, BoundedStatusMessage(what));
}

// The payment lines of a plan, in log order, without names yet (MaskNames adds them).
void AddResultLines(const state::DistributionState& d, const std::string& plan_id,
                    v1::Notice* notice) {
  const state::PlanRecord* plan = d.FindPlan(plan_id);
  if (plan == nullptr) return;
  for (const std::string& id : plan->payment_ids) {
    const state::DistributionPaymentRecord* r = d.FindPayment(id);
    if (r == nullptr) continue;
    for (const v1::DistributionPaymentLine& line : r->payment.lines()) {
      v1::NoticeLine* out = notice->add_lines();
      out->set_beneficiary_ref(line.beneficiary_ref());
      out->set_basis(line.basis());
      out->set_quantity(line.quantity());
      out->set_category(line.category());
      out->set_amount_fen(line.amount_fen());
      out->set_payment_date(r->payment.payment_date());
      out->set_index(r->index);
    }
  }
}

std::vector<v1::NoticeLine*> LinesOf(v1::NoticeBoard* board) {
  std::vector<v1::NoticeLine*> lines;
  for (auto* notices : {board->mutable_in_force(), board->mutable_past()}) {
    for (v1::Notice& n : *notices) {
      for (v1::NoticeLine& line : *n.mutable_lines()) lines.push_back(&line);
    }
  }
  return lines;
}

// A division prefix filter: "" or up to 12 digits.
absl::Status CheckDivisionPrefix(const std::string& prefix) {
  if (prefix.size() <= 12 &&
      std::all_of(prefix.begin(), prefix.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat("owner_division_prefix \"", prefix,
                                                 "\" is not a division code (up to 12 digits)"));
}

// A period filter [from, to] of a list request ("" : unbounded).
struct PeriodFilter {
  std::string from, to;

  // Whether [start, end] overlaps the filter.
  bool Overlaps(const std::string& start, const std::string& end) const {
    return (from.empty() || end >= from) && (to.empty() || start <= to);
  }
};

absl::StatusOr<PeriodFilter> ParsePeriodFilter(const std::string& from, const std::string& to) {
  for (const auto& [name, value] : {std::pair{"period_from", &from}, {"period_to", &to}}) {
    if (!value->empty() && !state::ParseCivilDate(*value).has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, " \"", *value, "\" is not a valid YYYY-MM-DD date"));
    }
  }
  if (!from.empty() && !to.empty() && to < from) {
    return absl::InvalidArgumentError(
        absl::StrCat("period_to ", to, " is before period_from ", from));
  }
  return PeriodFilter{from, to};
}

}  // namespace

absl::Status IncomeServiceImpl::MaskNames(const std::string& origin, v1::NoticeBoard* board) {
  const std::vector<v1::NoticeLine*> lines = LinesOf(board);
  if (names_ == nullptr || lines.empty()) return absl::OkStatus();
  std::vector<std::string> refs;
  for (const v1::NoticeLine* line : lines) refs.push_back(line->beneficiary_ref());
  std::sort(refs.begin(), refs.end());
  refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
  LEDGER_ASSIGN_OR_RETURN(const auto names, names_->Names(origin, refs));
  for (v1::NoticeLine* line : lines) {
    auto it = names.find(line->beneficiary_ref());
    if (it == names.end()) continue;
    line->set_masked_name(registry::MaskName(it->second));
    line->set_erased(it->second.empty());
  }
  return absl::OkStatus();
}

grpc::Status IncomeServiceImpl::GetIncomeLedger(grpc::ServerContext* context,
                                                const v1::GetIncomeLedgerRequest* request,
                                                v1::GetIncomeLedgerResponse* response) {
  absl::StatusOr<sequencer::LogSequencer*> log = logs_.Find(request->origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  absl::StatusOr<uint32_t> page_size = PageSize(request->page_size());
  if (!page_size.ok()) return ToGrpcStatus(page_size.status());
  absl::StatusOr<PeriodFilter> period =
      ParsePeriodFilter(request->period_from(), request->period_to());
  if (!period.ok()) return ToGrpcStatus(period.status());
  if (absl::Status s = CheckDivisionPrefix(request->owner_division_prefix()); !s.ok()) {
    return ToGrpcStatus(s);
  }
  (*log)->ReadState([&](const state::LedgerState& state) {
    const Reader reader = access_.ReaderOf(*context, state);
    response->set_next_page_token(Paginate(
        state.incomes().incomes(), request->page_token(), *page_size,
        [&](const state::IncomeEntry& e) {
          if (!reader.Reads(e.record.received_by().division())) return false;
          if (!request->asset_code().empty() && e.record.asset_code() != request->asset_code()) {
            return false;
          }
          if (!period->Overlaps(e.record.period_start(), e.record.period_end())) return false;
          return absl::StartsWith(e.record.received_by().division(),
                                  request->owner_division_prefix());
        },
        [&](const state::IncomeEntry& e) {
          v1::IncomeRecordEntry* out = response->add_incomes();
          *out->mutable_record() = e.record;
          out->set_index(e.index);
        }));
  });
  return grpc::Status::OK;
}

grpc::Status IncomeServiceImpl::GetPlan(grpc::ServerContext* context,
                                        const v1::GetPlanRequest* request,
                                        v1::PlanDetail* response) {
  absl::StatusOr<sequencer::LogSequencer*> log = logs_.Find(request->origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  bool found = false;
  absl::Status status;
  (*log)->ReadState([&](const state::LedgerState& state) {
    const state::DistributionState& d = state.distributions();
    const state::PlanRecord* p = d.FindPlan(request->plan_id());
    if (p == nullptr) return;
    found = true;
    status = access_.ReaderOf(*context, state)
                 .CheckReads(p->plan.owner().division(),
                             absl::StrCat("distribution plan ", request->plan_id()));
    if (status.ok()) FillPlan(d, *p, response);
  });
  if (!found) {
    return NotFound(absl::StrCat("no distribution plan \"", request->plan_id(), "\" in log ",
                                 request->origin()));
  }
  return ToGrpcStatus(status);
}

grpc::Status IncomeServiceImpl::ListPlans(grpc::ServerContext* context,
                                          const v1::ListPlansRequest* request,
                                          v1::ListPlansResponse* response) {
  absl::StatusOr<sequencer::LogSequencer*> log = logs_.Find(request->origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  absl::StatusOr<uint32_t> page_size = PageSize(request->page_size());
  if (!page_size.ok()) return ToGrpcStatus(page_size.status());
  absl::StatusOr<PeriodFilter> period =
      ParsePeriodFilter(request->period_from(), request->period_to());
  if (!period.ok()) return ToGrpcStatus(period.status());
  if (absl::Status s = CheckDivisionPrefix(request->owner_division_prefix()); !s.ok()) {
    return ToGrpcStatus(s);
  }
  (*log)->ReadState([&](const state::LedgerState& state) {
    const state::DistributionState& d = state.distributions();
    const Reader reader = access_.ReaderOf(*context, state);
    response->set_next_page_token(Paginate(
        d.plans(), request->page_token(), *page_size,
        [&](const state::PlanRecord& p) {
          return reader.Reads(p.plan.owner().division()) &&
                 absl::StartsWith(p.plan.owner().division(), request->owner_division_prefix()) &&
                 period->Overlaps(p.plan.period_start(), p.plan.period_end());
        },
        [&](const state::PlanRecord& p) { FillPlan(d, p, response->add_plans()); }));
  });
  return grpc::Status::OK;
}

grpc::Status IncomeServiceImpl::GetOwnerBalance(grpc::ServerContext* context,
                                                const v1::GetOwnerBalanceRequest* request,
                                                v1::OwnerBalance* response) {
  absl::StatusOr<sequencer::LogSequencer*> log = logs_.Find(request->origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  if (request->owner().kind() == v1::PARTY_KIND_UNSPECIFIED) {
    return ToGrpcStatus(absl::InvalidArgumentError("owner: a party kind is required"));
  }
  absl::Status status;
  (*log)->ReadState([&](const state::LedgerState& state) {
    status = access_.ReaderOf(*context, state)
                 .CheckReads(request->owner().division(), "the owner's balance");
    if (status.ok()) *response = views::OwnerBalance(state, request->owner());
  });
  return ToGrpcStatus(status);
}

grpc::Status IncomeServiceImpl::GetNoticeBoard(grpc::ServerContext* /*context*/,
                                               const v1::GetNoticeBoardRequest* request,
                                               v1::NoticeBoard* response) {
  absl::StatusOr<sequencer::LogSequencer*> log = logs_.Find(request->origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  const std::string date = request->date().empty() ? TodayInShanghai() : request->date();
  if (!state::ParseCivilDate(date).has_value()) {
    return ToGrpcStatus(absl::InvalidArgumentError(
        absl::StrCat("date \"", request->date(), "\" is not a valid YYYY-MM-DD date")));
  }
  absl::Status status;
  (*log)->ReadState([&](const state::LedgerState& state) {
    const std::string& division = request->division();
    if (!views::IsDivisionCode(division) || !absl::StartsWith(division, state.division_code())) {
      status = absl::InvalidArgumentError(absl::StrCat(
          "division \"", division, "\" is not a division code of 6, 9 or 12 digits under ",
          state.division_code()));
      return;
    }
    response->set_division(division);
    response->set_date(date);
    std::vector<v1::Notice> in_force, past;
    for (const auto& [id, a] : state.distributions().announcements()) {
      const v1::Announcement& n = a.announcement;
      if (n.start_date() > date) continue;  // not posted yet on that day
      std::optional<SubjectFacts> facts = Subject(state, n);
      // The division's own notices and those of its township and county (a county plan's
      // notice concerns every village it pays).
      if (!facts || facts->location.empty() ||
          !(absl::StartsWith(facts->location, division) ||
            absl::StartsWith(division, facts->location))) {
        continue;
      }
      v1::Notice out;
      *out.mutable_announcement() = n;
      out.set_index(a.index);
      out.set_subject_location(facts->location);
      out.set_amount_fen(facts->amount_fen);
      if (n.subject_kind() == v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_RESULT) {
        AddResultLines(state.distributions(), n.subject_id(), &out);
      }
      const bool running = date <= n.end_date();
      out.set_in_force(running);
      out.set_remaining_days(running ? Days(n.end_date()) - Days(date) + 1 : 0);
      (running ? in_force : past).push_back(std::move(out));
    }
    std::sort(in_force.begin(), in_force.end(), [](const v1::Notice& x, const v1::Notice& y) {
      if (x.announcement().start_date() != y.announcement().start_date()) {
        return x.announcement().start_date() < y.announcement().start_date();
      }
      return x.index() < y.index();
    });
    std::sort(past.begin(), past.end(), [](const v1::Notice& x, const v1::Notice& y) {
      if (x.announcement().end_date() != y.announcement().end_date()) {
        return x.announcement().end_date() > y.announcement().end_date();
      }
      return x.index() < y.index();
    });
    for (v1::Notice& n : in_force) *response->add_in_force() = std::move(n);
    for (v1::Notice& n : past) *response->add_past() = std::move(n);
  });
  if (!status.ok()) return ToGrpcStatus(status);
  if (absl::Status s = MaskNames(request->origin(), response); !s.ok()) return ToGrpcStatus(s);
  return grpc::Status::OK;
}

grpc::Status IncomeServiceImpl::ListFindings(grpc::ServerContext* context,
                                             const v1::ListFindingsRequest* request,
                                             v1::ListFindingsResponse* response) {
  absl::StatusOr<sequencer::LogSequencer*> log = logs_.Find(request->origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  absl::StatusOr<uint32_t> page_size = PageSize(request->page_size());
  if (!page_size.ok()) return ToGrpcStatus(page_size.status());
  const std::string& rule = request->rule();
  if (!rule.empty() && rule != state::kFlatEqualCashRule && rule != state::kIdleIncomeRule) {
    return ToGrpcStatus(absl::InvalidArgumentError(absl::StrCat(
        "unknown rule \"", rule, "\": findings exist for R22 and R25 (\"\" for both)")));
  }
  if (absl::Status s = CheckDivisionPrefix(request->owner_division_prefix()); !s.ok()) {
    return ToGrpcStatus(s);
  }
  const std::string date = request->date().empty() ? TodayInShanghai() : request->date();
  absl::Status status;
  (*log)->ReadState([&](const state::LedgerState& state) {
    // Evaluated afresh for every page: a log has few plans and owners, and the token (the last
    // finding's key) keeps the pages in order.
    absl::StatusOr<state::Findings> findings = state::EvaluateIncomeFindings(state, date);
    if (!findings.ok()) {
      status = findings.status();
      return;
    }
    response->set_date(date);
    response->set_idle_income_months(state.policy().idle_income_months());
    const Reader reader = access_.ReaderOf(*context, state);
    response->set_next_page_token(Paginate(
        *findings, request->page_token(), *page_size,
        [&](const state::Finding& f) {
          return (rule.empty() || f.rule == rule) && reader.Reads(f.owner.division()) &&
                 absl::StartsWith(f.owner.division(), request->owner_division_prefix());
        },
        [&](const state::Finding& f) { FillFinding(f, response->add_findings()); }));
  });
  if (!status.ok()) return ToGrpcStatus(status);
  return grpc::Status::OK;
}

}  // namespace ledger::grpc_services
