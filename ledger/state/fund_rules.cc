#include "ledger/state/fund_rules.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "ledger/state/body_fields.h"
#include "ledger/util/status_macros.h"

namespace ledger::state {

absl::StatusOr<RosterLineValue> CheckRosterLine(const v1::RosterLine& line,
                                                std::string_view field_view) {
  // "lines[3].cash_fen" in the log; "cash_fen" and "the line" when `field_view` is empty.
  const std::string field = field_view.empty() ? "the line" : std::string(field_view);
  auto sub = [&](std::string_view name) {
    return field_view.empty() ? std::string(name) : absl::StrCat(field, ".", std::string(name));
  };
  LEDGER_RETURN_IF_ERROR(CheckHouseholdRef(line.household_ref(), sub("household_ref")));
  if (line.cash_fen() < 0) {
    return FieldError(
        absl::StrCat(sub("cash_fen"), " is ", line.cash_fen(), " fen, must be 0 or more"));
  }
  if (line.unit_price_fen() < 0) {
    return FieldError(absl::StrCat(sub("unit_price_fen"), " is ", line.unit_price_fen(),
                                   " fen, must be 0 or more"));
  }
  if (!line.in_kind_item().empty()) {
    LEDGER_RETURN_IF_ERROR(CheckName(line.in_kind_item(), sub("in_kind_item"), kItemRunesMax));
  }
  if (!line.bank_reference().empty()) {
    LEDGER_RETURN_IF_ERROR(
        CheckName(line.bank_reference(), sub("bank_reference"), kDocumentRunesMax));
    LEDGER_RETURN_IF_ERROR(CheckNoPersonalData(line.bank_reference(), sub("bank_reference")));
  }
  const bool any_in_kind =
      !line.in_kind_item().empty() || line.quantity() > 0 || line.unit_price_fen() > 0;
  const bool in_kind =
      !line.in_kind_item().empty() && line.quantity() > 0 && line.unit_price_fen() > 0;
  if (any_in_kind && !in_kind) {
    return FieldError(absl::StrCat(
        field,
        " has an incomplete in-kind part (in_kind_item, quantity and unit_price_fen are all "
        "needed)"));
  }
  if (line.cash_fen() == 0 && !in_kind) {
    return FieldError(absl::StrCat(field, " pays nothing (no cash_fen and no in-kind part)"));
  }
  if (line.cash_fen() > 0 && line.bank_reference().empty()) {
    return FieldError(absl::StrCat(field, " pays cash without a bank_reference"));
  }
  RosterLineValue value{.cash_fen = line.cash_fen(), .in_kind_fen = 0};
  if (__builtin_mul_overflow(static_cast<int64_t>(line.quantity()), line.unit_price_fen(),
                             &value.in_kind_fen)) {
    return Overflow(absl::StrCat(field, " quantity × unit_price_fen"));
  }
  return value;
}

}  // namespace ledger::state
