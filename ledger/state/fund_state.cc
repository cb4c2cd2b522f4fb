#include "ledger/state/fund_state.h"

#include <cstdint>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/state/field_rules.h"
#include "ledger/state/handlers.h"
#include "ledger/state/state.h"
#include "ledger/util/check.h"
#include "ledger/util/money.h"

namespace ledger::state {

std::string FundSourceName(int source) {
  if (!v1::FundSource_IsValid(source)) return absl::StrCat("source ", source);
  return v1::FundSource_Name(static_cast<v1::FundSource>(source));
}

std::string AccountName(AccountKind kind, v1::FundSource source, std::string_view project_id) {
  const std::string name = FundSourceName(source);
  switch (kind) {
    case AccountKind::kExternal:
      return absl::StrCat("external/", name);
    case AccountKind::kReceived:
      return absl::StrCat("received/", name);
    case AccountKind::kApproved:
      return absl::StrCat("approved/", name, "/", Sv(project_id));
    case AccountKind::kPaid:
      return absl::StrCat("paid/", name, "/", Sv(project_id));
  }
  LEDGER_CHECK(false);
  return "";
}

std::string FormatYuan(int64_t fen) { return FormatYuanGrouped(fen) + " yuan"; }

const ProjectRecord* FundState::FindProject(std::string_view project_id) const {
  auto it = projects_.find(project_id);
  return it == projects_.end() ? nullptr : &it->second;
}

const ContractRecord* FundState::FindContract(std::string_view contract_id) const {
  auto it = contracts_.find(contract_id);
  return it == contracts_.end() ? nullptr : &it->second;
}

const v1::Acceptance* FundState::FindAcceptance(std::string_view acceptance_id) const {
  auto it = acceptances_.find(acceptance_id);
  return it == acceptances_.end() ? nullptr : &it->second;
}

int64_t FundState::BalanceOf(std::string_view account) const {
  auto it = balances_.find(account);
  return it == balances_.end() ? 0 : it->second;
}

bool FundState::ConservationHolds() const {
  __int128 sum = 0;  // wide: each balance fits int64, their sum need not
  for (const auto& [account, balance] : balances_) {
    if (balance < 0 && !account.starts_with("external/")) return false;
    sum += balance;
  }
  return sum == 0;
}

std::string FundState::DebugString() const {
  std::string out;
  for (const auto& [id, receipt] : receipts_) {
    absl::StrAppend(&out, "receipt ", id, ": ", receipt.ShortDebugString(), "\n");
  }
  for (const auto& [id, project] : projects_) {
    absl::StrAppend(
        &out, "project ", id, " at ", project.registered_at, " last step ",
        v1::ProjectStep_Name(project.last_step), " ", project.last_step_date, " first approved ",
        project.first_approved_at.has_value()
            ? absl::StrCat(*project.first_approved_at, " ", project.first_approval_date)
            : "never",
        " totals ", project.first_approved_total_fen, "/", project.approved_total_fen, "\n");
    for (const auto& [source, fen] : project.approved_fen) {
      absl::StrAppend(&out, "  approved ", FundSourceName(source), " ", fen, "\n");
    }
  }
  for (const auto& [id, contract] : contracts_) {
    absl::StrAppend(&out, "contract ", id, " at ", contract.signed_at, " paid ", contract.paid_fen,
                    " advance ", contract.advance_paid_fen, " retention ",
                    contract.retention_released_fen, "\n");
  }
  for (const auto& [id, acceptance] : acceptances_) {
    absl::StrAppend(&out, "acceptance ", id, ": ", acceptance.ShortDebugString(), "\n");
  }
  if (const auto* payments = payments_->InMemory()) {
    for (const auto& [id, payment] : *payments) {
      absl::StrAppend(&out, "payment ", id, " at ", payment.index, ": ",
                      payment.body.ShortDebugString(), "\n");
    }
  }
  for (const auto& [month, fen] : paid_by_month_) {
    absl::StrAppend(&out, "paid ", month.year, "-", month.month, " ", FundSourceName(month.source),
                    " ", fen, "\n");
  }
  for (const auto& [id, record] : reversed_payments_) {
    absl::StrAppend(&out, "reversed payment ", id, " at ", record.index, ": ",
                    record.reversal.ShortDebugString(), "\n");
  }
  for (const auto& [id, record] : reversed_receipts_) {
    absl::StrAppend(&out, "reversed receipt ", id, " at ", record.index, ": ",
                    record.reversal.ShortDebugString(), "\n");
  }
  absl::StrAppend(&out, "reversals ", reversal_entry_ids_.size(), "\n");
  for (const auto& [id, roster] : rosters_) {
    absl::StrAppend(&out, "roster ", id, ": ", roster.ShortDebugString(), "\n");
  }
  for (const auto& [payment, roster] : roster_of_payment_) {
    absl::StrAppend(&out, "roster of ", payment, ": ", roster, "\n");
  }
  for (const auto& [account, balance] : balances_) {
    absl::StrAppend(&out, "balance ", account, " ", balance, "\n");
  }
  absl::StrAppend(&out, "journal ", journal_.size(), "\n");
  return out;
}

const std::map<std::string, PaymentRecord, std::less<>>& FundState::all_payments() const {
  const auto* payments = payments_->InMemory();
  LEDGER_CHECK(payments != nullptr);
  return *payments;
}

void FundState::CountPaid(const v1::Disbursement& payment, int sign) {
  // payment_date is a checked "YYYY-MM-DD".
  const std::string& date = payment.payment_date();
  const PaidMonth key{.year = static_cast<uint32_t>(std::stoul(date.substr(0, 4))),
                      .month = static_cast<uint32_t>(std::stoul(date.substr(5, 2))),
                      .source = payment.source()};
  int64_t& sum = paid_by_month_[key];
  sum += sign * payment.amount_fen();
  if (sum == 0) paid_by_month_.erase(key);
}

void FundState::Move(uint64_t index, const std::string& from, const std::string& to,
                     int64_t amount_fen) {
  LEDGER_CHECK(amount_fen > 0 && from != to);
  int64_t& debit = balances_[from];
  int64_t& credit = balances_[to];
  LEDGER_CHECK(!__builtin_sub_overflow(debit, amount_fen, &debit));
  LEDGER_CHECK(!__builtin_add_overflow(credit, amount_fen, &credit));
  if (keep_journal_) {
    journal_.push_back(Transfer{.index = index, .from = from, .to = to, .amount_fen = amount_fen});
  }
}

// StateMutator's fund methods (handlers.h): the check halves in fund_handlers.cc have validated
// every argument.

void StateMutator::AddFundReceipt(const v1::FundReceipt& receipt, uint64_t index) {
  FundState& funds = state_.funds_;
  funds.Move(index, AccountName(AccountKind::kExternal, receipt.source()),
             AccountName(AccountKind::kReceived, receipt.source()), receipt.amount_fen());
  const bool inserted = funds.receipts_.emplace(receipt.receipt_id(), receipt).second;
  LEDGER_CHECK(inserted);
}

void StateMutator::AddProject(const v1::ProjectRegistration& registration, uint64_t index) {
  ProjectRecord record;
  record.registration = registration;
  record.registered_at = index;
  const bool inserted =
      state_.funds_.projects_.emplace(registration.project_id(), std::move(record)).second;
  LEDGER_CHECK(inserted);
}

void StateMutator::AddProjectStep(const v1::ProjectStepRecord& step) {
  auto project = state_.funds_.projects_.find(step.project_id());
  LEDGER_CHECK(project != state_.funds_.projects_.end());
  project->second.last_step = step.step();
  project->second.last_step_date = step.date();
  project->second.step_dates[step.step()] = step.date();
}

void StateMutator::ApprovePlan(const v1::PlanApproval& approval, std::string_view business_date,
                               uint64_t index) {
  FundState& funds = state_.funds_;
  auto it = funds.projects_.find(approval.project_id());
  LEDGER_CHECK(it != funds.projects_.end());
  ProjectRecord& project = it->second;
  for (const v1::ApprovedLine& line : approval.lines()) {
    int64_t& total = project.approved_fen[line.source()];
    const std::string received = AccountName(AccountKind::kReceived, line.source());
    const std::string approved =
        AccountName(AccountKind::kApproved, line.source(), approval.project_id());
    if (line.amount_fen() > total) {
      funds.Move(index, received, approved, line.amount_fen() - total);
    } else if (line.amount_fen() < total) {
      funds.Move(index, approved, received, total - line.amount_fen());
    }
    project.approved_total_fen += line.amount_fen() - total;
    total = line.amount_fen();
  }
  if (!project.first_approved_at.has_value()) {
    project.first_approved_at = index;
    project.first_approval_date = std::string(business_date);
    project.first_approved_total_fen = project.approved_total_fen;
  }
}

void StateMutator::AddContract(const v1::Contract& contract, uint64_t index) {
  ContractRecord record;
  record.contract = contract;
  record.signed_at = index;
  const bool inserted =
      state_.funds_.contracts_.emplace(contract.contract_id(), std::move(record)).second;
  LEDGER_CHECK(inserted);
}

void StateMutator::AddAcceptance(const v1::Acceptance& acceptance) {
  const bool inserted =
      state_.funds_.acceptances_.emplace(acceptance.acceptance_id(), acceptance).second;
  LEDGER_CHECK(inserted);
}

void StateMutator::AddDisbursement(const v1::Disbursement& payment, uint64_t index) {
  FundState& funds = state_.funds_;
  auto contract = funds.contracts_.find(payment.contract_id());
  LEDGER_CHECK(contract != funds.contracts_.end());
  funds.Move(index, AccountName(AccountKind::kApproved, payment.source(), payment.project_id()),
             AccountName(AccountKind::kPaid, payment.source(), payment.project_id()),
             payment.amount_fen());
  contract->second.paid_fen += payment.amount_fen();
  if (payment.stage() == v1::DISBURSEMENT_STAGE_ADVANCE) {
    contract->second.advance_paid_fen += payment.amount_fen();
  }
  if (payment.stage() == v1::DISBURSEMENT_STAGE_RETENTION_RELEASE) {
    contract->second.retention_released_fen += payment.amount_fen();
  }
  funds.CountPaid(payment, +1);
  funds.payments_->Add(index, payment);
}

void StateMutator::AddReversal(const v1::Reversal& reversal, uint64_t index) {
  FundState& funds = state_.funds_;
  const ReversalRecord record{.reversal = reversal, .index = index};
  if (reversal.reversed_entry_kind() == v1::REVERSED_ENTRY_KIND_DISBURSEMENT) {
    // The check half found it, so the book has it at hand.
    absl::StatusOr<const PaymentRecord*> payment = state_.FindPayment(reversal.target_id());
    LEDGER_CHECK(payment.ok() && *payment != nullptr);
    const v1::Disbursement body = (*payment)->body;
    funds.CountPaid(body, -1);
    auto contract = funds.contracts_.find(body.contract_id());
    LEDGER_CHECK(contract != funds.contracts_.end());
    funds.Move(index, AccountName(AccountKind::kPaid, body.source(), body.project_id()),
               AccountName(AccountKind::kApproved, body.source(), body.project_id()),
               body.amount_fen());
    contract->second.paid_fen -= body.amount_fen();
    if (body.stage() == v1::DISBURSEMENT_STAGE_ADVANCE) {
      contract->second.advance_paid_fen -= body.amount_fen();
    }
    if (body.stage() == v1::DISBURSEMENT_STAGE_RETENTION_RELEASE) {
      contract->second.retention_released_fen -= body.amount_fen();
    }
    const bool inserted = funds.reversed_payments_.emplace(reversal.target_id(), record).second;
    LEDGER_CHECK(inserted);
  } else {
    LEDGER_CHECK(reversal.reversed_entry_kind() == v1::REVERSED_ENTRY_KIND_FUND_RECEIPT);
    auto receipt = funds.receipts_.find(reversal.target_id());
    LEDGER_CHECK(receipt != funds.receipts_.end());
    funds.Move(index, AccountName(AccountKind::kReceived, receipt->second.source()),
               AccountName(AccountKind::kExternal, receipt->second.source()),
               receipt->second.amount_fen());
    const bool inserted = funds.reversed_receipts_.emplace(reversal.target_id(), record).second;
    LEDGER_CHECK(inserted);
  }
  const bool inserted =
      funds.reversal_entry_ids_.emplace(reversal.header().entry_id(), index).second;
  LEDGER_CHECK(inserted);
}

void StateMutator::AddRoster(const v1::HouseholdRoster& roster) {
  FundState& funds = state_.funds_;
  const bool inserted = funds.rosters_.emplace(roster.roster_id(), roster).second;
  LEDGER_CHECK(inserted);
  const bool linked =
      funds.roster_of_payment_.emplace(roster.payment_id(), roster.roster_id()).second;
  LEDGER_CHECK(linked);
}

}  // namespace ledger::state
