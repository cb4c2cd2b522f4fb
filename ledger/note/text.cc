#include "ledger/note/text.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "ledger/util/utf8.h"

namespace ledger::note {
namespace {

// The Unicode White_Space property, as Go's unicode.IsSpace (which the reference note
// implementation uses for key names).
bool IsUnicodeSpace(uint32_t r) {
  switch (r) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return r >= 0x2000 && r <= 0x200A;
  }
}

}  // namespace

std::string QuoteForError(std::string_view text) {
  constexpr size_t kQuoteMax = 40;
  if (text.size() <= kQuoteMax) return absl::StrCat("\"", Sv(text), "\"");
  return absl::StrCat("\"", Sv(text.substr(0, kQuoteMax)), "\"... (", text.size(), " bytes)");
}

absl::Status ValidateNoteChars(std::string_view text, std::string_view what) {
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    uint32_t rune = 0;
    if (!DecodeUtf8Rune(text, &pos, &rune)) {
      return absl::InvalidArgumentError(
          absl::StrCat(Sv(what), " is not valid UTF-8 (at byte offset ", start, ")"));
    }
    if (rune < 0x20 && rune != '\n') {
      return absl::InvalidArgumentError(absl::StrCat(Sv(what), " contains control character 0x",
                                                     absl::Hex(rune, absl::kZeroPad2),
                                                     " at byte offset ", start));
    }
  }
  return absl::OkStatus();
}

bool IsValidKeyName(std::string_view name) {
  if (name.empty()) return false;
  size_t pos = 0;
  while (pos < name.size()) {
    uint32_t rune = 0;
    if (!DecodeUtf8Rune(name, &pos, &rune)) return false;
    if (rune < 0x20 || rune == '+' || IsUnicodeSpace(rune)) return false;
  }
  return true;
}

absl::StatusOr<uint64_t> ParseCanonicalDecimal(std::string_view text, std::string_view what) {
  if (text.empty()) return absl::InvalidArgumentError(absl::StrCat(Sv(what), " is empty"));
  if (text.size() > 1 && text[0] == '0') {
    return absl::InvalidArgumentError(
        absl::StrCat(Sv(what), " ", QuoteForError(text), " has a leading zero"));
  }
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return absl::InvalidArgumentError(
          absl::StrCat(Sv(what), " ", QuoteForError(text), " is not an unsigned decimal number"));
    }
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) {
      return absl::InvalidArgumentError(
          absl::StrCat(Sv(what), " ", QuoteForError(text), " exceeds 2^64 - 1"));
    }
    value = value * 10 + digit;
  }
  return value;
}

}  // namespace ledger::note
