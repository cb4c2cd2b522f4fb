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
#include "ledger/views/notice_board.h"
#include "ledger/views/projections.h"
#include "services/grpc/grpc_status.h"
#include "services/grpc/pagination.h"
#include "services/logs/reads.h"

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
  const std::string date = request->date().empty() ? logs::TodayInShanghai() : request->date();
  absl::StatusOr<v1::NoticeBoard> board = absl::InternalError("the log has no state");
  (*log)->ReadState([&](const state::LedgerState& state) {
    board = views::NoticeBoard(state, request->division(), date);
  });
  if (!board.ok()) return ToGrpcStatus(board.status());
  if (absl::Status s = views::MaskNoticeBoardNames(names_, request->origin(), &*board); !s.ok()) {
    return ToGrpcStatus(s);
  }
  *response = *std::move(board);
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
  const std::string date = request->date().empty() ? logs::TodayInShanghai() : request->date();
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
