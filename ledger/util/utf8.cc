#include "ledger/util/utf8.h"

namespace ledger {

bool DecodeUtf8Rune(std::string_view text, size_t* pos, uint32_t* rune) {
  const size_t i = *pos;
  const auto b0 = static_cast<uint8_t>(text[i]);
  if (b0 < 0x80) {
    *rune = b0;
    *pos = i + 1;
    return true;
  }
  size_t len = 0;
  uint32_t value = 0;
  uint32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    min = 0x80;
    value = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    min = 0x800;
    value = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    min = 0x10000;
    value = b0 & 0x07;
  } else {
    return false;  // a continuation byte first, or 0xF8..0xFF
  }
  if (text.size() - i < len) return false;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<uint8_t>(text[i + k]);
    if ((b & 0xC0) != 0x80) return false;
    value = (value << 6) | (b & 0x3F);
  }
  // The minimum per length rejects overlong forms; the rest are not Unicode scalar values.
  if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return false;
  *rune = value;
  *pos = i + len;
  return true;
}

bool IsValidUtf8(std::string_view text) { return Utf8RuneCount(text).has_value(); }

std::optional<size_t> Utf8RuneCount(std::string_view text) {
  size_t pos = 0;
  size_t count = 0;
  while (pos < text.size()) {
    uint32_t rune = 0;
    if (!DecodeUtf8Rune(text, &pos, &rune)) return std::nullopt;
    ++count;
  }
  return count;
}

}  // namespace ledger
