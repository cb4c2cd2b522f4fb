#ifndef LEDGER_STATE_FUND_STATE_H_
#define LEDGER_STATE_FUND_STATE_H_

// The fund part of a LedgerState (docs/FORMATS.md §9.6): receipts, the project library, annual
// plans, contracts, acceptances, disbursements, reversals, household rosters, and double-entry
// accounts in fen.
//
// Accounts are named by strings (AccountName):
//   external/<source>             the source's money outside the county; the only accounts that
//                                 may be negative (minus what the county has received)
//   received/<source>             received and not yet approved for a project
//   approved/<source>/<project>   approved for the project and not yet paid
//   paid/<source>/<project>       paid out for the project
// Every movement is a transfer between two accounts, so the sum of all balances is always 0
// (ConservationHolds), and each balance equals the sum of the account's movements in journal().
//
// Receipts and disbursements are kept as their bodies, header included: a Reversal's
// header.corrects is checked against the target's header.entry_id. Disbursements, which grow with
// the log, are kept in a PaymentBook (payment_book.h): in memory by default, in the database on a
// server; what the rules and the read API need of them in aggregate (the sums paid per month) is
// kept here.
//
// Read-only to everyone but StateMutator (handlers.h), which commits accepted fund entries.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/state/payment_book.h"
#include "ledger/v1/funds.pb.h"

namespace ledger::state {

// "FUND_SOURCE_CENTRAL_LINKAGE", or "source 42" for a value the enum does not know.
std::string FundSourceName(int source);

enum class AccountKind { kExternal, kReceived, kApproved, kPaid };

// "external/FUND_SOURCE_CENTRAL_LINKAGE", "approved/FUND_SOURCE_CENTRAL_LINKAGE/P1"; the
// project is ignored for external and received accounts.
std::string AccountName(AccountKind kind, v1::FundSource source, std::string_view project_id = "");

// "1,200.00 yuan" for 120000 fen.
std::string FormatYuan(int64_t fen);

// One movement: `amount_fen` (> 0) from `from` to `to`, made by the entry at `index`.
struct Transfer {
  uint64_t index = 0;
  std::string from;
  std::string to;
  int64_t amount_fen = 0;
};

struct ProjectRecord {
  v1::ProjectRegistration registration;
  uint64_t registered_at = 0;
  // The last step recorded (PROJECT_STEP_UNSPECIFIED before the first) and its date.
  v1::ProjectStep last_step = v1::PROJECT_STEP_UNSPECIFIED;
  std::string last_step_date;
  std::map<int, std::string> step_dates;  // ProjectStep -> date
  // Plan approvals: the first one's business date and index, the totals now approved per source
  // and the first approval's total (for the plan-overrun rule).
  std::optional<uint64_t> first_approved_at;
  std::string first_approval_date;
  std::map<int, int64_t> approved_fen;  // FundSource -> total approved
  int64_t first_approved_total_fen = 0;
  int64_t approved_total_fen = 0;
};

struct ContractRecord {
  v1::Contract contract;
  uint64_t signed_at = 0;  // index of the Contract entry
  // Sums of the contract's payments that are not reversed: all stages, advances, retention
  // releases.
  int64_t paid_fen = 0;
  int64_t advance_paid_fen = 0;
  int64_t retention_released_fen = 0;
};

// A reversed receipt or disbursement: the Reversal entry's index and body.
struct ReversalRecord {
  v1::Reversal reversal;
  uint64_t index = 0;
};

// The sums paid from one fund source in one month of the payment dates (not reversed).
struct PaidMonth {
  uint32_t year = 0;
  uint32_t month = 0;  // 1..12
  int source = 0;      // v1::FundSource
  auto operator<=>(const PaidMonth&) const = default;
};

class FundState {
 public:
  const std::map<std::string, v1::FundReceipt, std::less<>>& receipts() const { return receipts_; }
  const std::map<std::string, ProjectRecord, std::less<>>& projects() const { return projects_; }
  const std::map<std::string, ContractRecord, std::less<>>& contracts() const { return contracts_; }
  const std::map<std::string, v1::Acceptance, std::less<>>& acceptances() const {
    return acceptances_;
  }
  // The disbursements (payment_book.h); look one up with LedgerState::FindPayment.
  const PaymentBook& payments() const { return *payments_; }
  // Every disbursement by payment_id, when the book is in memory (auditors and tests); the
  // process stops if it is in a database (a server never asks).
  const std::map<std::string, PaymentRecord, std::less<>>& all_payments() const;
  // Not reversed disbursements' amounts by payment month and source, with no zero sums.
  const std::map<PaidMonth, int64_t>& paid_by_month() const { return paid_by_month_; }

  // Reversed disbursements by payment_id, reversed receipts by receipt_id.
  const std::map<std::string, ReversalRecord, std::less<>>& reversed_payments() const {
    return reversed_payments_;
  }
  const std::map<std::string, ReversalRecord, std::less<>>& reversed_receipts() const {
    return reversed_receipts_;
  }
  // The entry_id of every Reversal, with its index.
  const std::map<std::string, uint64_t, std::less<>>& reversal_entry_ids() const {
    return reversal_entry_ids_;
  }
  // Household rosters by roster_id; the roster_id of each payment that has one.
  const std::map<std::string, v1::HouseholdRoster, std::less<>>& rosters() const {
    return rosters_;
  }
  const std::map<std::string, std::string, std::less<>>& roster_of_payment() const {
    return roster_of_payment_;
  }

  const ProjectRecord* FindProject(std::string_view project_id) const;
  const ContractRecord* FindContract(std::string_view contract_id) const;
  const v1::Acceptance* FindAcceptance(std::string_view acceptance_id) const;

  // The balance of `account` (0 for an account never moved).
  int64_t BalanceOf(std::string_view account) const;
  // Every account ever moved, with its balance.
  const std::map<std::string, int64_t, std::less<>>& balances() const { return balances_; }
  // Every movement, in log order, when the journal is kept (tests and auditors ask for it with
  // LedgerState::KeepFundJournal); empty otherwise, because it grows with the log and the server
  // keeps nothing proportional to the log's length in memory.
  const std::vector<Transfer>& journal() const { return journal_; }
  bool keeps_journal() const { return keep_journal_; }
  // Σ balances == 0, and only external accounts are negative.
  bool ConservationHolds() const;

  // Everything, as text (for tests and debugging).
  std::string DebugString() const;

 private:
  friend class StateMutator;
  friend class LedgerState;  // KeepFundJournal

  // Moves `amount_fen` (> 0); the caller has checked that neither balance overflows.
  void Move(uint64_t index, const std::string& from, const std::string& to, int64_t amount_fen);
  // Adds `sign` × the payment's amount to its month's sum (payment_date is a checked date).
  void CountPaid(const v1::Disbursement& payment, int sign);

  std::map<std::string, v1::FundReceipt, std::less<>> receipts_;
  std::map<std::string, ProjectRecord, std::less<>> projects_;
  std::map<std::string, ContractRecord, std::less<>> contracts_;
  std::map<std::string, v1::Acceptance, std::less<>> acceptances_;
  PaymentBookHolder payments_;
  std::map<PaidMonth, int64_t> paid_by_month_;
  std::map<std::string, ReversalRecord, std::less<>> reversed_payments_;
  std::map<std::string, ReversalRecord, std::less<>> reversed_receipts_;
  std::map<std::string, uint64_t, std::less<>> reversal_entry_ids_;
  std::map<std::string, v1::HouseholdRoster, std::less<>> rosters_;
  std::map<std::string, std::string, std::less<>> roster_of_payment_;
  std::map<std::string, int64_t, std::less<>> balances_;
  std::vector<Transfer> journal_;
  bool keep_journal_ = false;
};

}  // namespace ledger::state

#endif  // LEDGER_STATE_FUND_STATE_H_
