#include "ledger/state/payment_book.h"

#include <utility>

#include "ledger/util/check.h"

namespace ledger::state {

absl::StatusOr<const PaymentRecord*> InMemoryPaymentBook::Find(std::string_view payment_id,
                                                               uint64_t size) const {
  auto it = payments_.find(payment_id);
  if (it == payments_.end() || it->second.index >= size) return nullptr;
  return &it->second;
}

void InMemoryPaymentBook::Add(uint64_t index, const v1::Disbursement& payment) {
  const bool inserted =
      payments_.emplace(payment.payment_id(), PaymentRecord{.index = index, .body = payment})
          .second;
  LEDGER_CHECK(inserted);
}

PaymentBookHolder::PaymentBookHolder(const PaymentBookHolder& other) : book_(other.book_->Clone()) {
  LEDGER_CHECK(book_ != nullptr);  // a database's book is never copied
}

PaymentBookHolder& PaymentBookHolder::operator=(const PaymentBookHolder& other) {
  if (this != &other) *this = PaymentBookHolder(other);
  return *this;
}

void AddPaymentLookups(const google::protobuf::Message& body, std::string_view payload_type,
                       std::vector<PaymentLookup>& out) {
  if (payload_type == "ledger.v1.Disbursement") {
    out.push_back({.payment_id = static_cast<const v1::Disbursement&>(body).payment_id(),
                   .needs_body = false});
  } else if (payload_type == "ledger.v1.Reversal") {
    const auto& reversal = static_cast<const v1::Reversal&>(body);
    if (reversal.reversed_entry_kind() == v1::REVERSED_ENTRY_KIND_DISBURSEMENT) {
      out.push_back({.payment_id = reversal.target_id(), .needs_body = true});
    }
  } else if (payload_type == "ledger.v1.HouseholdRoster") {
    out.push_back({.payment_id = static_cast<const v1::HouseholdRoster&>(body).payment_id(),
                   .needs_body = true});
  }
}

}  // namespace ledger::state
