#include "ledger/util/money.h"

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"

namespace ledger {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

absl::Status Bad(std::string_view text, std::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("\"", std::string(text),
                                                 "\" is not an amount in yuan (", std::string(why),
                                                 "); write e.g. 1234.56 or 1,234.56"));
}

}  // namespace

absl::StatusOr<int64_t> ParseYuan(std::string_view text) {
  if (text.empty()) return Bad(text, "empty");
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view decimals =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty()) return Bad(text, "no yuan before the decimal point");
  if (dot != std::string_view::npos) {
    if (decimals.empty()) return Bad(text, "no digits after the decimal point");
    if (decimals.size() > 2) return Bad(text, "more than two decimals; 1 fen is 0.01");
    for (char c : decimals) {
      if (!IsDigit(c)) return Bad(text, "only digits after the decimal point");
    }
  }

  // The yuan: plain digits, or comma-grouped with a first group of 1 to 3 digits and then groups
  // of exactly 3.
  const bool grouped = whole.find(',') != std::string_view::npos;
  size_t group = 0;  // digits in the current group
  size_t groups = 0;
  const int64_t kMax = std::numeric_limits<int64_t>::max();
  int64_t yuan = 0;
  for (char c : whole) {
    if (c == ',') {
      if (group == 0 || (groups == 0 ? group > 3 : group != 3)) {
        return Bad(text, "commas go between groups of three digits");
      }
      ++groups;
      group = 0;
      continue;
    }
    if (!IsDigit(c)) {
      return Bad(text, c == '-' ? "negative" : "only digits, commas and a decimal point");
    }
    ++group;
    if (yuan > (kMax - (c - '0')) / 10) return Bad(text, "too large");
    yuan = yuan * 10 + (c - '0');
  }
  if (grouped && group != 3) return Bad(text, "commas go between groups of three digits");

  int64_t fen = 0;
  for (size_t i = 0; i < 2; ++i) {
    fen = fen * 10 + (i < decimals.size() ? decimals[i] - '0' : 0);
  }
  if (yuan > (kMax - fen) / 100) return Bad(text, "too large");
  return yuan * 100 + fen;
}

std::string FormatYuanGrouped(int64_t fen) {
  const bool negative = fen < 0;
  // The magnitude as unsigned, so that INT64_MIN formats too.
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  const std::string digits = std::to_string(magnitude / 100);
  std::string out = negative ? "-" : "";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  const uint64_t cents = magnitude % 100;
  out.push_back('.');
  out.push_back(static_cast<char>('0' + cents / 10));
  out.push_back(static_cast<char>('0' + cents % 10));
  return out;
}

}  // namespace ledger
