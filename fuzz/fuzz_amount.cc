// Yuan text to fen (ledger/util/money.h ParseYuan), as typed into every --amount flag and every
// amount cell of an import file, and FormatYuanGrouped, as every amount is shown.
//
// Properties: an accepted amount is not negative and formats back to text that parses to the
// same fen; its digits (without commas) are the formatted value's; for any fen value (the first
// 8 bytes), the formatted text parses back exactly when the value is not negative.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "fuzz/fuzz_check.h"
#include "ledger/util/money.h"

namespace ledger::fuzz {
namespace {

std::string WithoutCommas(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != ',') out += c;
  }
  return out;
}

void CheckFen(int64_t fen) {
  const std::string text = FormatYuanGrouped(fen);
  absl::StatusOr<int64_t> parsed = ParseYuan(text);
  if (fen < 0) {
    FUZZ_CHECK(text[0] == '-');
    FUZZ_CHECK(!parsed.ok());
    return;
  }
  FUZZ_CHECK(parsed.ok() && *parsed == fen);
  absl::StatusOr<int64_t> ungrouped = ParseYuan(WithoutCommas(text));
  FUZZ_CHECK(ungrouped.ok() && *ungrouped == fen);
}

}  // namespace
}  // namespace ledger::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ledger;
  const std::string_view text = fuzz::AsText(data, size);
  absl::StatusOr<int64_t> fen = ParseYuan(text);
  if (fen.ok()) {
    FUZZ_CHECK(*fen >= 0);
    FUZZ_CHECK(text.find_first_not_of("0123456789,.") == std::string_view::npos);
    const std::string formatted = FormatYuanGrouped(*fen);
    absl::StatusOr<int64_t> again = ParseYuan(formatted);
    FUZZ_CHECK(again.ok() && *again == *fen);
    // The same number: equal once both are written without commas, leading zeros and with two
    // decimals.
    std::string digits = fuzz::WithoutCommas(text);
    const size_t dot = digits.find('.');
    if (dot == std::string::npos) {
      digits += ".00";
    } else if (digits.size() - dot == 2) {
      digits += '0';
    }
    const size_t first = digits.find_first_not_of('0');
    digits = digits.substr(first == digits.find('.') ? first - 1 : first);
    FUZZ_CHECK(digits == fuzz::WithoutCommas(formatted));
  }
  if (size >= sizeof(int64_t)) {
    int64_t value;
    std::memcpy(&value, data, sizeof value);
    fuzz::CheckFen(value);
  }
  return 0;
}
