#include "ledger/sequencer/stored_payment_book.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/sequencer/log_replayer.h"
#include "ledger/util/status_macros.h"

namespace ledger::sequencer {
namespace {

// Every storage error reaches Apply's caller as kUnavailable (retry later) or kDataLoss (the
// stored index is wrong), the two codes no rule uses, so that it is never taken for a rejection.
absl::Status AsStorageFailure(const absl::Status& status) {
  if (status.code() == absl::StatusCode::kDataLoss) return status;
  return absl::UnavailableError(
      absl::StrCat("the payment index cannot be read: ", std::string(status.message())));
}

}  // namespace

absl::StatusOr<v1::Disbursement> DisbursementInLeaf(uint64_t index, std::string_view leaf) {
  LEDGER_ASSIGN_OR_RETURN(DecodedLeaf decoded, DecodeLogLeaf(index, leaf));
  if (decoded.entry.payload_type() != "ledger.v1.Disbursement") {
    return absl::DataLossError(absl::StrCat("the payment index names log entry ", index,
                                            ", which is a ", decoded.entry.payload_type(),
                                            ", not a ledger.v1.Disbursement"));
  }
  return decoded.entry.As<v1::Disbursement>();
}

absl::Status StoredPaymentBook::Fetch(std::span<const std::string> ids, bool with_leaves) const {
  if (ids.empty()) return absl::OkStatus();
  absl::StatusOr<std::vector<storage::StoredPayment>> rows =
      store_.FindPayments(log_id_, ids, with_leaves);
  if (!rows.ok()) return AsStorageFailure(rows.status());
  for (const std::string& id : ids) known_.try_emplace(id);  // absent unless a row says otherwise
  for (const storage::StoredPayment& row : *rows) {
    Known& known = known_[row.payment_id];
    if (known.exists && known.has_body) continue;
    known.exists = true;
    known.record.index = row.index;
    if (!with_leaves) continue;
    absl::StatusOr<v1::Disbursement> body = DisbursementInLeaf(row.index, row.leaf);
    if (!body.ok()) return AsStorageFailure(body.status());
    if (body->payment_id() != row.payment_id) {
      return absl::DataLossError(absl::StrCat("the payment index puts payment ", row.payment_id,
                                              " at log entry ", row.index, ", which is payment ",
                                              body->payment_id()));
    }
    known.record.body = *std::move(body);
    known.has_body = true;
  }
  return absl::OkStatus();
}

absl::Status StoredPaymentBook::Prefetch(std::span<const state::PaymentLookup> lookups) {
  std::vector<std::string> ids_only;
  std::vector<std::string> with_bodies;
  for (const state::PaymentLookup& lookup : lookups) {
    auto it = known_.find(lookup.payment_id);
    if (it != known_.end() && (!lookup.needs_body || !it->second.exists || it->second.has_body)) {
      continue;
    }
    (lookup.needs_body ? with_bodies : ids_only).push_back(lookup.payment_id);
  }
  LEDGER_RETURN_IF_ERROR(Fetch(ids_only, /*with_leaves=*/false));
  return Fetch(with_bodies, /*with_leaves=*/true);
}

absl::StatusOr<const state::PaymentRecord*> StoredPaymentBook::Find(std::string_view payment_id,
                                                                    uint64_t size) const {
  const std::string id(payment_id);
  auto it = known_.find(id);
  if (it == known_.end()) {
    LEDGER_RETURN_IF_ERROR(Fetch({&id, 1}, /*with_leaves=*/true));
    it = known_.find(id);
  }
  const Known& known = it->second;
  if (!known.exists || known.record.index >= size) return nullptr;
  if (!known.has_body) {
    LEDGER_RETURN_IF_ERROR(Fetch({&id, 1}, /*with_leaves=*/true));
    if (!known.has_body) {  // the row was there a moment ago: someone is deleting from the index
      return absl::DataLossError(
          absl::StrCat("the payment index lost its row of payment ", id));
    }
  }
  return &known.record;
}

void StoredPaymentBook::Add(uint64_t index, const v1::Disbursement& payment) {
  Known& known = known_[payment.payment_id()];
  if (!known.exists) {
    added_.push_back(storage::PaymentRow{
        .payment_id = payment.payment_id(), .project_id = payment.project_id(), .index = index});
  } else if (known.record.index != index && failure_.ok()) {
    // Replaying a log whose index already holds the payment: it must name this entry.
    failure_ = absl::DataLossError(
        absl::StrCat("the payment index puts payment ", payment.payment_id(), " at log entry ",
                     known.record.index, ", but log entry ", index, " records it"));
  }
  known.exists = true;
  known.has_body = true;
  known.record = state::PaymentRecord{.index = index, .body = payment};
}

std::vector<storage::PaymentRow> StoredPaymentBook::TakeAdded() {
  std::vector<storage::PaymentRow> out;
  out.swap(added_);
  return out;
}

void StoredPaymentBook::ForgetCached() { known_.clear(); }

}  // namespace ledger::sequencer
