#ifndef LEDGER_STATE_STATE_H_
#define LEDGER_STATE_STATE_H_

// The deterministic state machine of a log (SPEC §2.2): the state is a fold of the log.
//
//   LedgerState state("ledger.example.org/341721");
//   for (each entry in log order) {
//     absl::Status s = Apply(state, entry, {.recorded_time_us = leaf.recorded_time_us});
//     // ok: accepted, state.size() grew by one. Otherwise rejected (rule id in RuleOf(s)),
//     // and the state is exactly as before.
//   }
//
// Apply reads no clock, no random source and no database: the same entries with the same
// recorded times give the same decisions and the same state on every machine, so an auditor's
// replay reaches the server's state. One handler per body type (handlers.h); authorization (which
// roles in which administrative scope may submit which body type) is one table
// (authorization.h).
//
// Not thread-safe: one writer (the sequencer) owns a LedgerState; readers go through the owner.
// Copyable while its payment book is in memory (payment_book.h), never once it is a database's.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/crypto/ed25519.h"
#include "ledger/state/asset_state.h"
#include "ledger/state/distribution_state.h"
#include "ledger/state/entry.h"
#include "ledger/state/fund_state.h"
#include "ledger/state/income_state.h"
#include "ledger/state/payment_book.h"
#include "ledger/v1/entry.pb.h"

namespace ledger::state {

// A registered key. Valid for entries at indexes in (registered_at, revoked_at).
struct KeyRecord {
  std::string key_id;  // KeyIdOf(public_key)
  std::string principal_id;
  crypto::Ed25519PublicKey public_key;
  uint64_t registered_at = 0;          // index of the Genesis / RegisterKey entry
  std::optional<uint64_t> revoked_at;  // index of the RevokeKey entry
};

struct PrincipalRecord {
  v1::Principal principal;
  uint64_t registered_at = 0;
  std::vector<std::string> key_ids;  // in registration order, revoked ones included
};

// What Apply needs besides the state and the entry.
struct ApplyContext {
  // The server's recorded time of this entry (the leaf's), microseconds since the Unix epoch, UTC.
  int64_t recorded_time_us = 0;
};

// The policy with every default filled in (SPEC §4).
v1::Policy DefaultPolicy();

class LedgerState {
 public:
  explicit LedgerState(std::string origin);

  const std::string& origin() const { return origin_; }
  // The number of accepted entries, which is the index the next accepted entry gets.
  uint64_t size() const { return size_; }
  bool has_genesis() const { return size_ > 0; }
  // The jurisdiction from the Genesis entry (empty before it), e.g. "341721".
  const std::string& division_code() const { return division_code_; }
  const std::string& division_name() const { return division_name_; }
  // The checkpoint verifier key recorded by the Genesis entry (note form).
  const std::string& checkpoint_verifier_key() const { return checkpoint_verifier_key_; }

  const PrincipalRecord* FindPrincipal(std::string_view principal_id) const;
  const KeyRecord* FindKey(std::string_view key_id) const;
  // All principals, ordered by principal_id.
  const std::map<std::string, PrincipalRecord, std::less<>>& principals() const {
    return principals_;
  }
  // The effective policy: DefaultPolicy() with every SetPolicy so far applied; all optional
  // fields present.
  const v1::Policy& policy() const { return policy_; }
  // Receipts, projects, plans, contracts, acceptances, payments and the fund accounts.
  const FundState& funds() const { return funds_; }
  // The disbursement with this payment id in this state (payment_book.h): nullptr if none; an
  // error only when the book's storage fails (kUnavailable).
  absl::StatusOr<const PaymentRecord*> FindPayment(std::string_view payment_id) const {
    return funds_.payments_->Find(payment_id, size_);
  }
  // Keeps the disbursements in `book` (a server's, in its database) instead of in memory. Only
  // before the first entry: the book must hold what the state has applied.
  void UsePaymentBook(std::unique_ptr<PaymentBook> book);
  // Makes the fund state keep every movement (FundState::journal) from now on.
  void KeepFundJournal() { funds_.keep_journal_ = true; }
  // Assets, their rights, operation contracts, maintenance and disposals.
  const AssetState& assets() const { return assets_; }
  // Income records and the net income booked to each owner.
  const IncomeState& incomes() const { return incomes_; }
  // Distribution plans with their review, filing, payments and result, and announcements.
  const DistributionState& distributions() const { return distributions_; }

 private:
  friend class StateMutator;  // handlers change the state only through it (handlers.h)

  std::string origin_;
  uint64_t size_ = 0;
  std::string division_code_;
  std::string division_name_;
  std::string checkpoint_verifier_key_;
  std::map<std::string, PrincipalRecord, std::less<>> principals_;
  std::map<std::string, KeyRecord, std::less<>> keys_;
  v1::Policy policy_;
  FundState funds_;
  AssetState assets_;
  IncomeState incomes_;
  DistributionState distributions_;
};

// Decides `entry` against `state`. On acceptance returns OK and advances the state (size() grows
// by one). On rejection returns the error with its rule id and leaves `state` untouched.
//
// Checks, in order:
//  1. L-ORIGIN (kInvalidArgument): header.origin must equal state.origin().
//  2. L-GENESIS (kFailedPrecondition): index 0 must be a Genesis and a Genesis only at index 0.
//  3. L-DATE (kInvalidArgument): business_date at most one day after the recorded date in
//     Asia/Shanghai (UTC+8, no daylight saving): "business date 2026-11-25 is more than one day
//     after the recorded date 2026-11-22".
//  4. L-KEY (kUnauthenticated): every signature's keyid names a registered key (for a Genesis:
//     the key it registers) that is not revoked, and the first signature's key belongs to
//     header.principal_id; L-SIGNATURE (kUnauthenticated) unless entry.signatures_verified, every
//     signature is verified.
//  5. L-AUTH (kPermissionDenied): the principal holds a role that may submit this body type, and
//     the entry's subject lies within the principal's scope ("principal fin-341721 (roles
//     FUND_MANAGER, scope 341721) may not submit ledger.v1.RegisterKey: requires ADMINISTRATOR").
//  6. The body type's handler: its own rules (identity: L-IDENTITY; policy: L-POLICY; funds:
//     L-FUND; fields: L-FIELD; the field's rules R1..R32).
absl::Status Apply(LedgerState& state, const Entry& entry, const ApplyContext& context);

}  // namespace ledger::state

#endif  // LEDGER_STATE_STATE_H_
