#include "clients/ledgerctl/table.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <iterator>

#include "ledger/util/money.h"

namespace ledger::ledgerctl {
namespace {

struct Range {
  char32_t first;
  char32_t last;
};

// East Asian Wide (W) and Fullwidth (F) ranges, condensed from Unicode 15 EastAsianWidth.txt the
// way Markus Kuhn's wcwidth does; sorted, for binary search.
constexpr Range kWide[] = {
    {0x1100, 0x115F},    // Hangul Jamo initial consonants
    {0x231A, 0x231B},    // watch, hourglass
    {0x2329, 0x232A},    // angle brackets
    {0x23E9, 0x23EC},    // media controls
    {0x23F0, 0x23F0},    // alarm clock
    {0x23F3, 0x23F3},    // hourglass
    {0x25FD, 0x25FE},    // medium small squares
    {0x2614, 0x2615},    // umbrella, hot beverage
    {0x2648, 0x2653},    // zodiac
    {0x267F, 0x267F},    // wheelchair
    {0x2693, 0x2693},    // anchor
    {0x26A1, 0x26A1},    // high voltage
    {0x26AA, 0x26AB},    // circles
    {0x26BD, 0x26BE},    // soccer, baseball
    {0x26C4, 0x26C5},    // snowman, sun behind cloud
    {0x26CE, 0x26CE},    // ophiuchus
    {0x26D4, 0x26D4},    // no entry
    {0x26EA, 0x26EA},    // church
    {0x26F2, 0x26F3},    // fountain, golf
    {0x26F5, 0x26F5},    // sailboat
    {0x26FA, 0x26FA},    // tent
    {0x26FD, 0x26FD},    // fuel pump
    {0x2705, 0x2705},    // check mark
    {0x270A, 0x270B},    // fists
    {0x2728, 0x2728},    // sparkles
    {0x274C, 0x274C},    // cross mark
    {0x274E, 0x274E},    // cross mark
    {0x2753, 0x2755},    // question marks
    {0x2757, 0x2757},    // exclamation
    {0x2795, 0x2797},    // plus, minus, division
    {0x27B0, 0x27B0},    // curly loop
    {0x27BF, 0x27BF},    // double curly loop
    {0x2B1B, 0x2B1C},    // large squares
    {0x2B50, 0x2B50},    // star
    {0x2B55, 0x2B55},    // circle
    {0x2E80, 0x303E},    // CJK radicals, Kangxi, ideographic description, CJK symbols (。〔〕)
    {0x3041, 0x33FF},    // kana, Bopomofo, Hangul compatibility Jamo, Kanbun, enclosed CJK
    {0x3400, 0x4DBF},    // CJK extension A
    {0x4E00, 0x9FFF},    // CJK unified ideographs
    {0xA000, 0xA4CF},    // Yi
    {0xA960, 0xA97F},    // Hangul Jamo extended A
    {0xAC00, 0xD7A3},    // Hangul syllables
    {0xF900, 0xFAFF},    // CJK compatibility ideographs
    {0xFE10, 0xFE19},    // vertical forms
    {0xFE30, 0xFE6F},    // CJK compatibility forms, small form variants
    {0xFF00, 0xFF60},    // fullwidth forms (（），：)
    {0xFFE0, 0xFFE6},    // fullwidth signs (￥)
    {0x16FE0, 0x16FE4},  // ideographic symbols
    {0x17000, 0x18CFF},  // Tangut
    {0x1B000, 0x1B2FF},  // kana supplement and extensions, Nushu
    {0x1F004, 0x1F004},  // mahjong tile
    {0x1F0CF, 0x1F0CF},  // playing card
    {0x1F18E, 0x1F18E},  // AB button
    {0x1F191, 0x1F19A},  // squared words
    {0x1F200, 0x1F2FF},  // enclosed ideographic supplement
    {0x1F300, 0x1F64F},  // pictographs, emoticons
    {0x1F680, 0x1F6FF},  // transport and map symbols
    {0x1F7E0, 0x1F7EB},  // coloured circles and squares
    {0x1F90C, 0x1F9FF},  // supplemental pictographs
    {0x1FA70, 0x1FAFF},  // pictographs extended A
    {0x20000, 0x2FFFD},  // CJK extensions B..F, compatibility supplement
    {0x30000, 0x3FFFD},  // CJK extensions G, H
};

// Characters that take no column: combining marks, zero-width spaces and joiners, variation
// selectors.
constexpr Range kZero[] = {
    {0x0300, 0x036F},    // combining diacritical marks
    {0x0483, 0x0489},    // Cyrillic combining
    {0x0591, 0x05BD},    // Hebrew points
    {0x0610, 0x061A},    // Arabic marks
    {0x064B, 0x065F},    // Arabic vowels
    {0x1AB0, 0x1AFF},    // combining diacritical marks extended
    {0x1DC0, 0x1DFF},    // combining diacritical marks supplement
    {0x200B, 0x200F},    // zero-width space, joiners, direction marks
    {0x202A, 0x202E},    // direction embeddings
    {0x2060, 0x2064},    // word joiner, invisible operators
    {0x20D0, 0x20FF},    // combining marks for symbols
    {0x302A, 0x302D},    // ideographic tone marks
    {0x3099, 0x309A},    // kana voicing marks
    {0xFE00, 0xFE0F},    // variation selectors
    {0xFE20, 0xFE2F},    // combining half marks
    {0xFEFF, 0xFEFF},    // byte order mark
    {0xE0100, 0xE01EF},  // variation selectors supplement
};

template <size_t N>
bool InRanges(const Range (&ranges)[N], char32_t c) {
  const Range* it = std::upper_bound(std::begin(ranges), std::end(ranges), c,
                                     [](char32_t v, const Range& r) { return v < r.first; });
  return it != std::begin(ranges) && c <= std::prev(it)->last;
}

int CharWidth(char32_t c) {
  if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return 0;
  if (InRanges(kZero, c)) return 0;
  return InRanges(kWide, c) ? 2 : 1;
}

// Decodes the character at `*pos` and advances past it; an invalid or truncated sequence is one
// byte, returned as U+FFFD (width 1).
char32_t Next(std::string_view s, size_t* pos) {
  const auto b0 = static_cast<unsigned char>(s[*pos]);
  size_t len = 0;
  char32_t c = 0;
  char32_t min = 0;
  if (b0 < 0x80) {
    ++*pos;
    return b0;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2, c = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, c = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, c = b0 & 0x07, min = 0x10000;
  }
  if (len == 0 || *pos + len > s.size()) {
    ++*pos;
    return 0xFFFD;
  }
  for (size_t i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(s[*pos + i]);
    if ((b & 0xC0) != 0x80) {
      ++*pos;
      return 0xFFFD;
    }
    c = (c << 6) | (b & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    ++*pos;
    return 0xFFFD;
  }
  *pos += len;
  return c;
}

}  // namespace

size_t DisplayWidth(std::string_view utf8) {
  size_t width = 0;
  for (size_t pos = 0; pos < utf8.size();) width += CharWidth(Next(utf8, &pos));
  return width;
}

void Table::AddRow(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  rows_.push_back(std::move(cells));
}

std::string Table::Render() const {
  std::vector<size_t> widths;
  for (const Column& c : columns_) widths.push_back(DisplayWidth(c.heading));
  for (const auto& row : rows_) {
    for (size_t i = 0; i < columns_.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  }
  std::string out;
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (i > 0) text += "  ";
      const std::string pad(widths[i] - DisplayWidth(cells[i]), ' ');
      text += columns_[i].align == Align::kRight ? pad + cells[i] : cells[i] + pad;
    }
    text.erase(text.find_last_not_of(' ') + 1);
    out += text + "\n";
  };
  std::vector<std::string> headings;
  for (const Column& c : columns_) headings.push_back(c.heading);
  line(headings);
  for (const auto& row : rows_) line(row);
  return out;
}

std::string Percent(uint32_t bp) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%u.%02u%%", bp / 100, bp % 100);
  return buf;
}

std::string GroupedYuan(int64_t fen) { return FormatYuanGrouped(fen); }

std::string PlainYuan(int64_t fen) {
  const bool negative = fen < 0;
  const uint64_t abs = negative ? 0 - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s%llu.%02llu", negative ? "-" : "",
                static_cast<unsigned long long>(abs / 100),
                static_cast<unsigned long long>(abs % 100));
  return buf;
}

std::string CsvCell(const std::string& text) {
  // Quoted only when it must be (RFC 4180), so spreadsheets read numbers as numbers.
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace ledger::ledgerctl
