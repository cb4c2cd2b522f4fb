#include "services/grpc/fund_service.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "ledger/state/fund_state.h"
#include "ledger/views/projections.h"
#include "services/grpc/grpc_status.h"
#include "services/grpc/pagination.h"

namespace ledger::grpc_services {
namespace {

void FillProjectSummary(const state::FundState& funds, const state::ProjectRecord& p,
                        v1::ProjectSummary* out) {
  *out->mutable_registration() = p.registration;
  out->set_last_step(p.last_step);
  int64_t paid = 0;
  for (const auto& [source, approved] : p.approved_fen) {
    paid += funds.BalanceOf(state::AccountName(state::AccountKind::kPaid,
                                               static_cast<v1::FundSource>(source),
                                               p.registration.project_id()));
  }
  int64_t committed = 0;
  int64_t paid_on_contracts = 0;
  for (const auto& [id, c] : funds.contracts()) {
    if (c.contract.project_id() != p.registration.project_id()) continue;
    committed += c.contract.amount_fen();
    paid_on_contracts += c.paid_fen;
  }
  out->set_committed_fen(committed);
  out->set_outstanding_fen(committed - paid_on_contracts);
  out->set_approved_fen(p.approved_total_fen);
  out->set_paid_fen(paid);
  out->set_progress_bp(views::ProgressBp(paid, p.approved_total_fen));
}

// The division a project's records are about: its location; "" (the whole log's) for no project
// or an unknown one.
std::string ProjectLocation(const state::FundState& funds, const std::string& project_id) {
  if (project_id.empty()) return "";
  const state::ProjectRecord* p = funds.FindProject(project_id);
  return p == nullptr ? std::string() : p->registration.location();
}

v1::ReversalEntry ToReversalEntry(const state::ReversalRecord& r) {
  v1::ReversalEntry out;
  *out.mutable_reversal() = r.reversal;
  out.set_index(r.index);
  return out;
}

}  // namespace

grpc::Status FundServiceImpl::GetFundSummary(grpc::ServerContext* context,
                                             const v1::GetFundSummaryRequest* request,
                                             v1::FundSummary* response) {
  absl::StatusOr<sequencer::LogSequencer*> log = logs_.Find(request->origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  absl::Status status;
  (*log)->ReadState([&](const state::LedgerState& state) {
    status = access_.ReaderOf(*context, state).CheckReadsEverything("the fund summary");
    if (status.ok()) *response = views::FundSummary(state);
  });
  return ToGrpcStatus(status);
}

grpc::Status FundServiceImpl::ListProjects(grpc::ServerContext* context,
                                           const v1::ListProjectsRequest* request,
                                           v1::ListProjectsResponse* response) {
  absl::StatusOr<sequencer::LogSequencer*> log = logs_.Find(request->origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  absl::StatusOr<uint32_t> page_size = PageSize(request->page_size());
  if (!page_size.ok()) return ToGrpcStatus(page_size.status());
  (*log)->ReadState([&](const state::LedgerState& state) {
    const state::FundState& funds = state.funds();
    const Reader reader = access_.ReaderOf(*context, state);
    response->set_next_page_token(Paginate(
        funds.projects(), request->page_token(), *page_size,
        [&](const state::ProjectRecord& p) {
          return absl::StartsWith(p.registration.location(), request->location_prefix()) &&
                 reader.Reads(p.registration.location());
        },
        [&](const state::ProjectRecord& p) {
          FillProjectSummary(funds, p, response->add_projects());
        }));
  });
  return grpc::Status::OK;
}

grpc::Status FundServiceImpl::GetProject(grpc::ServerContext* context,
                                         const v1::GetProjectRequest* request,
                                         v1::ProjectDetail* response) {
  absl::StatusOr<sequencer::LogSequencer*> log = logs_.Find(request->origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  // Payments are read from storage, outside the state's lock (LogSequencer::ReadState).
  absl::StatusOr<std::vector<state::PaymentRecord>> payments =
      (*log)->PaymentsOfProject(request->project_id());
  if (!payments.ok()) return ToGrpcStatus(payments.status());
  bool found = false;
  absl::Status status;
  (*log)->ReadState([&](const state::LedgerState& state) {
    const state::FundState& funds = state.funds();
    const state::ProjectRecord* p = funds.FindProject(request->project_id());
    if (p == nullptr) return;
    found = true;
    status = access_.ReaderOf(*context, state)
                 .CheckReads(p->registration.location(),
                             absl::StrCat("project ", request->project_id()));
    if (!status.ok()) return;
    FillProjectSummary(funds, *p, response->mutable_summary());
    for (const auto& [step, date] : p->step_dates) {
      v1::StepDate* s = response->add_steps();
      s->set_step(static_cast<v1::ProjectStep>(step));
      s->set_date(date);
    }
    for (const auto& [source, amount] : p->approved_fen) {
      v1::ApprovedLine* line = response->add_approved();
      line->set_source(static_cast<v1::FundSource>(source));
      line->set_amount_fen(amount);
    }
    for (const auto& [id, c] : funds.contracts()) {
      if (c.contract.project_id() == request->project_id()) *response->add_contracts() = c.contract;
    }
    for (const auto& [id, a] : funds.acceptances()) {
      if (a.project_id() == request->project_id()) *response->add_acceptances() = a;
    }
    for (const state::PaymentRecord& d : *payments) {
      *response->add_disbursements() = d.body;
      if (auto r = funds.reversed_payments().find(d.body.payment_id());
          r != funds.reversed_payments().end()) {
        *response->add_reversals() = ToReversalEntry(r->second);
      }
    }
  });
  if (!found) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        BoundedStatusMessage(absl::StrCat("no project \"", request->project_id(),
                                                          "\" in log ", request->origin())));
  }
  return ToGrpcStatus(status);
}

grpc::Status FundServiceImpl::GetPayment(grpc::ServerContext* context,
                                         const v1::GetPaymentRequest* request,
                                         v1::PaymentDetail* response) {
  absl::StatusOr<sequencer::LogSequencer*> log = logs_.Find(request->origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  // Read from storage, outside the state's lock (LogSequencer::ReadState).
  absl::StatusOr<std::optional<state::PaymentRecord>> payment =
      (*log)->FindPayment(request->payment_id());
  if (!payment.ok()) return ToGrpcStatus(payment.status());
  const bool found = payment->has_value();
  absl::Status status;
  if (found)
    (*log)->ReadState([&](const state::LedgerState& state) {
      const state::FundState& funds = state.funds();
      const v1::Disbursement& d = (*payment)->body;
      status = access_.ReaderOf(*context, state)
                   .CheckReads(ProjectLocation(funds, d.project_id()),
                               absl::StrCat("payment ", request->payment_id()));
      if (!status.ok()) return;
      *response->mutable_disbursement() = d;
      if (auto r = funds.reversed_payments().find(d.payment_id());
          r != funds.reversed_payments().end()) {
        response->set_reversed(true);
        response->set_reversal_index(r->second.index);
        response->set_reversal_reason(r->second.reversal.reason());
      }
      if (auto r = funds.roster_of_payment().find(d.payment_id());
          r != funds.roster_of_payment().end()) {
        response->set_roster_id(r->second);
      }
    });
  if (!found) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        BoundedStatusMessage(absl::StrCat("no payment \"", request->payment_id(),
                                                          "\" in log ", request->origin())));
  }
  return ToGrpcStatus(status);
}

grpc::Status FundServiceImpl::ListReceipts(grpc::ServerContext* context,
                                           const v1::ListReceiptsRequest* request,
                                           v1::ListReceiptsResponse* response) {
  absl::StatusOr<sequencer::LogSequencer*> log = logs_.Find(request->origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  absl::StatusOr<uint32_t> page_size = PageSize(request->page_size());
  if (!page_size.ok()) return ToGrpcStatus(page_size.status());
  absl::Status status;
  (*log)->ReadState([&](const state::LedgerState& state) {
    status = access_.ReaderOf(*context, state).CheckReadsEverything("the fund receipts");
    if (!status.ok()) return;
    const state::FundState& funds = state.funds();
    response->set_next_page_token(Paginate(
        funds.receipts(), request->page_token(), *page_size,
        [&](const v1::FundReceipt& r) {
          return (request->year() == 0 || r.year() == request->year()) &&
                 (request->source() == v1::FUND_SOURCE_UNSPECIFIED ||
                  r.source() == request->source());
        },
        [&](const v1::FundReceipt& r) {
          v1::ReceiptDetail* out = response->add_receipts();
          *out->mutable_receipt() = r;
          if (auto it = funds.reversed_receipts().find(r.receipt_id());
              it != funds.reversed_receipts().end()) {
            out->set_reversed(true);
            out->set_reversal_index(it->second.index);
            out->set_reversal_reason(it->second.reversal.reason());
          }
        }));
  });
  return ToGrpcStatus(status);
}

grpc::Status FundServiceImpl::ListBalances(grpc::ServerContext* context,
                                           const v1::ListBalancesRequest* request,
                                           v1::ListBalancesResponse* response) {
  absl::StatusOr<sequencer::LogSequencer*> log = logs_.Find(request->origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  absl::StatusOr<uint32_t> page_size = PageSize(request->page_size());
  if (!page_size.ok()) return ToGrpcStatus(page_size.status());
  (*log)->ReadState([&](const state::LedgerState& state) {
    // A project's accounts are about its location; the county's pools about the whole log.
    const Reader reader = access_.ReaderOf(*context, state);
    response->set_next_page_token(PaginateEntries(
        state.funds().balances(), request->page_token(), *page_size,
        [&](const std::string& account, int64_t balance_fen) {
          const v1::AccountBalance row = views::AccountBalance(account, balance_fen);
          if (!reader.Reads(ProjectLocation(state.funds(), row.project_id()))) return false;
          return (request->stage() == v1::ACCOUNT_STAGE_UNSPECIFIED ||
                  row.stage() == request->stage()) &&
                 (request->source() == v1::FUND_SOURCE_UNSPECIFIED ||
                  row.source() == request->source()) &&
                 (request->project_id().empty() || row.project_id() == request->project_id());
        },
        [&](const std::string& account, int64_t balance_fen) {
          *response->add_balances() = views::AccountBalance(account, balance_fen);
        }));
  });
  return grpc::Status::OK;
}

grpc::Status FundServiceImpl::GetProgress(grpc::ServerContext* context,
                                          const v1::GetProgressRequest* request,
                                          v1::Progress* response) {
  absl::StatusOr<sequencer::LogSequencer*> log = logs_.Find(request->origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  if (request->year() < 2000 || request->year() > 2099) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("year ", request->year(), " is outside 2000..2099"));
  }
  absl::Status status;
  (*log)->ReadState([&](const state::LedgerState& state) {
    status = access_.ReaderOf(*context, state).CheckReadsEverything("the spending progress");
    if (!status.ok()) return;
    *response = views::SpendingProgress(state, request->year(), request->source());
  });
  return ToGrpcStatus(status);
}

}  // namespace ledger::grpc_services
