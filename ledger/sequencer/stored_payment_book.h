#ifndef LEDGER_SEQUENCER_STORED_PAYMENT_BOOK_H_
#define LEDGER_SEQUENCER_STORED_PAYMENT_BOOK_H_

// The server's PaymentBook (state/payment_book.h): disbursements live in the log, and the payment
// index (storage::PaymentRow, one row per disbursement) says which entry holds each payment id,
// so the server's memory does not grow with the log.
//
//   auto book = std::make_unique<StoredPaymentBook>(store, log.log_id);
//   StoredPaymentBook* payments = book.get();
//   state.UsePaymentBook(std::move(book));
//   // for each batch of entries, on the state's owner thread:
//   LEDGER_RETURN_IF_ERROR(payments->Prefetch(lookups));   // one or two queries
//   ... Apply each entry ...                               // no query for what was prefetched
//   batch.payments = payments->TakeAdded();                // written with the entries
//   payments->ForgetCached();                              // memory: one batch's payments
//
// The same book serves the start-up replay (replay.h), where the index already holds the log's
// payments, later ones included: Find answers as of the replayed size, and Add checks that the
// index row of each replayed disbursement names its entry (kDataLoss otherwise, in Failure()), or
// queues the row if it is missing (a log written before the index existed) for IndexPayments.
//
// Storage failures surface as Find's error (kUnavailable) and as Failure() (kDataLoss for an index
// that disagrees with the log); Apply passes the first on, and the caller must then neither accept
// nor reject the entry. Not thread-safe: only the state's owner thread calls it.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/state/payment_book.h"
#include "ledger/storage/ledger_store.h"

namespace ledger::sequencer {

class StoredPaymentBook final : public state::PaymentBook {
 public:
  StoredPaymentBook(storage::LedgerStore& store, int64_t log_id) : store_(store), log_id_(log_id) {}

  // Looks up what `lookups` name, in at most two queries (one for ids only, one with leaves).
  absl::Status Prefetch(std::span<const state::PaymentLookup> lookups);

  absl::StatusOr<const state::PaymentRecord*> Find(std::string_view payment_id,
                                                   uint64_t size) const override;
  void Add(uint64_t index, const v1::Disbursement& payment) override;

  // The index rows to write for the payments Added since the last call.
  std::vector<storage::PaymentRow> TakeAdded();
  // Forgets every payment looked up or added so far (call after each batch).
  void ForgetCached();
  // OK, or the first disagreement between the index and the replayed log (kDataLoss).
  const absl::Status& Failure() const { return failure_; }

 private:
  // What the book knows of one payment id.
  struct Known {
    bool exists = false;    // the index has a row (or Add booked it)
    bool has_body = false;  // record.body is filled
    state::PaymentRecord record;
  };
  // Caches the answer of FindPayments for `ids` (those not found as absent).
  absl::Status Fetch(std::span<const std::string> ids, bool with_leaves) const;

  storage::LedgerStore& store_;
  const int64_t log_id_;
  // Node-based: Find's pointers stay valid while other ids are cached.
  mutable std::unordered_map<std::string, Known> known_;
  std::vector<storage::PaymentRow> added_;
  absl::Status failure_;
};

// The disbursement in a stored leaf (the payment index's entry); kDataLoss if the leaf does not
// hold one.
absl::StatusOr<v1::Disbursement> DisbursementInLeaf(uint64_t index, std::string_view leaf);

}  // namespace ledger::sequencer

#endif  // LEDGER_SEQUENCER_STORED_PAYMENT_BOOK_H_
