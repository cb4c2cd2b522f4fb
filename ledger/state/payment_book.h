#ifndef LEDGER_STATE_PAYMENT_BOOK_H_
#define LEDGER_STATE_PAYMENT_BOOK_H_

// The disbursements (拨付) of a log, kept apart from the rest of the state because they grow with
// the log: a server keeps them in its database (sequencer/stored_payment_book.h), an auditor or a
// test in memory (InMemoryPaymentBook, the default of every LedgerState).
//
//   absl::StatusOr<const PaymentRecord*> p = book.Find("PAY-1", state.size());
//   if (!p.ok()) ...        // storage failed (kUnavailable): not an answer about the payment
//   if (*p == nullptr) ...  // no such payment among the log's first state.size() entries
//
// Find answers "as of" a log size, so that a book holding later payments (the server's, while it
// replays its log at start-up) gives the same answers as one that grows with the replay.
// Not thread-safe: the owner of the LedgerState calls it, like every other part of the state.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "ledger/v1/funds.pb.h"

namespace ledger::state {

// An accepted disbursement and the index of its entry.
struct PaymentRecord {
  uint64_t index = 0;
  v1::Disbursement body;
};

class PaymentBook {
 public:
  virtual ~PaymentBook() = default;

  // The payment with this id whose entry's index is below `size`, or nullptr. The pointer stays
  // valid until the next Add. An error is a storage failure (kUnavailable), never a rule's
  // answer: the entry being decided must then be neither accepted nor rejected.
  virtual absl::StatusOr<const PaymentRecord*> Find(std::string_view payment_id,
                                                    uint64_t size) const = 0;
  // Books a payment accepted at `index` (the caller has checked that its id is new).
  virtual void Add(uint64_t index, const v1::Disbursement& payment) = 0;
  // Every payment by payment_id, when the book is in memory; nullptr for a book in a database.
  virtual const std::map<std::string, PaymentRecord, std::less<>>* InMemory() const {
    return nullptr;
  }
  // A copy, for a book in memory; nullptr for a book in a database (which one writer owns).
  virtual std::unique_ptr<PaymentBook> Clone() const { return nullptr; }
};

class InMemoryPaymentBook final : public PaymentBook {
 public:
  absl::StatusOr<const PaymentRecord*> Find(std::string_view payment_id,
                                            uint64_t size) const override;
  void Add(uint64_t index, const v1::Disbursement& payment) override;
  const std::map<std::string, PaymentRecord, std::less<>>* InMemory() const override {
    return &payments_;
  }
  std::unique_ptr<PaymentBook> Clone() const override {
    return std::make_unique<InMemoryPaymentBook>(*this);
  }

 private:
  std::map<std::string, PaymentRecord, std::less<>> payments_;
};

// Owns a state's book; copying copies a book in memory (a LedgerState is copyable as long as its
// book is in memory: tests and auditors copy states; a server never does, and copying its state
// stops the process).
class PaymentBookHolder {
 public:
  PaymentBookHolder() : book_(std::make_unique<InMemoryPaymentBook>()) {}
  explicit PaymentBookHolder(std::unique_ptr<PaymentBook> book) : book_(std::move(book)) {}
  PaymentBookHolder(const PaymentBookHolder& other);
  PaymentBookHolder& operator=(const PaymentBookHolder& other);
  PaymentBookHolder(PaymentBookHolder&&) = default;
  PaymentBookHolder& operator=(PaymentBookHolder&&) = default;

  PaymentBook& operator*() const { return *book_; }
  PaymentBook* operator->() const { return book_.get(); }

 private:
  std::unique_ptr<PaymentBook> book_;
};

// The payment ids an entry's Apply may look up, and whether it reads the payment's body (a
// Reversal's target and a HouseholdRoster's payment) or only asks whether the id is taken (a
// Disbursement's own id). A server fetches them for a whole batch in one query before applying
// it; a lookup it did not fetch still works, one query at a time.
struct PaymentLookup {
  std::string payment_id;
  bool needs_body = false;
};
void AddPaymentLookups(const google::protobuf::Message& body, std::string_view payload_type,
                       std::vector<PaymentLookup>& out);

}  // namespace ledger::state

#endif  // LEDGER_STATE_PAYMENT_BOOK_H_
