#include "ledger/state/field_rules.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ledger/util/rule_error.h"
#include "ledger/util/utf8.h"

namespace ledger::state {
namespace {

bool IsCodeChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

absl::Status Invalid(std::string_view rule, std::string_view message) {
  return RuleError(absl::StatusCode::kInvalidArgument, rule, message);
}

}  // namespace

bool IsCode(std::string_view text, size_t size_max) {
  if (text.empty() || text.size() > size_max) return false;
  for (char c : text) {
    if (!IsCodeChar(c)) return false;
  }
  return true;
}

absl::Status CheckCode(std::string_view text, std::string_view field, size_t size_max,
                       std::string_view rule) {
  if (text.empty()) return Invalid(rule, absl::StrCat(Sv(field), " is empty"));
  if (text.size() > size_max) {
    return Invalid(rule, absl::StrCat(Sv(field), " is ", text.size(),
                                      " characters, the maximum is ", size_max));
  }
  if (!IsCode(text, size_max)) {
    return Invalid(rule, absl::StrCat(Sv(field), " ", QuoteForError(text),
                                      " has a character outside [A-Za-z0-9._-]"));
  }
  return absl::OkStatus();
}

bool IsDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

absl::Status CheckText(std::string_view text, std::string_view field, size_t runes_max,
                       std::string_view rule) {
  if (text.empty()) return Invalid(rule, absl::StrCat(Sv(field), " is empty"));
  size_t pos = 0;
  size_t runes = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    uint32_t rune = 0;
    if (!DecodeUtf8Rune(text, &pos, &rune)) {
      return Invalid(rule,
                     absl::StrCat(Sv(field), " is not valid UTF-8 (at byte offset ", start, ")"));
    }
    if (rune < 0x20 || (rune >= 0x7F && rune <= 0x9F)) {
      return Invalid(rule, absl::StrFormat("%s contains control character U+%04X at byte offset %d",
                                           Sv(field), rune, start));
    }
    ++runes;
  }
  if (runes > runes_max) {
    return Invalid(
        rule, absl::StrCat(Sv(field), " is ", runes, " characters, the maximum is ", runes_max));
  }
  return absl::OkStatus();
}

}  // namespace ledger::state
