#include "ledger/note/text.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace ledger::note {
namespace {

// Decodes the UTF-8 sequence at text[*pos], advancing *pos. Returns false on any ill-formed
// sequence (RFC 3629 Table 3), so that exactly one byte string encodes each text.
bool DecodeRune(std::string_view text, size_t* pos, uint32_t* rune) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  const size_t i = *pos;
  const uint8_t b0 = byte(i);
  if (b0 < 0x80) {
    *rune = b0;
    *pos = i + 1;
    return true;
  }
  size_t len = 0;
  uint32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    min = 0x80;
    *rune = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    min = 0x800;
    *rune = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    min = 0x10000;
    *rune = b0 & 0x07;
  } else {
    return false;
  }
  if (text.size() - i < len) return false;
  for (size_t k = 1; k < len; ++k) {
    const uint8_t b = byte(i + k);
    if ((b & 0xC0) != 0x80) return false;
    *rune = (*rune << 6) | (b & 0x3F);
  }
  if (*rune < min || *rune > 0x10FFFF || (*rune >= 0xD800 && *rune <= 0xDFFF)) return false;
  *pos = i + len;
  return true;
}

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
    if (!DecodeRune(text, &pos, &rune)) {
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
    if (!DecodeRune(name, &pos, &rune)) return false;
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
