#ifndef LEDGER_UTIL_UTF8_H_
#define LEDGER_UTIL_UTF8_H_

// Well-formed UTF-8 as RFC 3629 defines it (Table 3): no overlong forms, no surrogates
// (U+D800..U+DFFF), nothing above U+10FFFF. This is the rule protobuf applies to proto3 string
// fields, and the one every text format of the log uses, so that exactly one byte string encodes
// each text. The one validator of the code base.
//
//   size_t pos = 0; uint32_t rune;
//   while (pos < text.size()) {
//     if (!DecodeUtf8Rune(text, &pos, &rune)) return error;
//     ...
//   }

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ledger {

// Decodes the UTF-8 sequence starting at text[*pos] (which must be < text.size()) into *rune and
// advances *pos past it. Returns false, leaving *pos unchanged, on an ill-formed sequence.
bool DecodeUtf8Rune(std::string_view text, size_t* pos, uint32_t* rune);

// True iff `text` is well-formed UTF-8 (the empty string is).
bool IsValidUtf8(std::string_view text);

// The number of code points of `text`, or nullopt if it is not well-formed UTF-8.
std::optional<size_t> Utf8RuneCount(std::string_view text);

}  // namespace ledger

#endif  // LEDGER_UTIL_UTF8_H_
