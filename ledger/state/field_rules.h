#ifndef LEDGER_STATE_FIELD_RULES_H_
#define LEDGER_STATE_FIELD_RULES_H_

// Lexical rules for body fields, shared by every handler so that the same kind of field is
// checked the same way and rejected with the same wording. Each check returns kInvalidArgument
// with the given rule id and a message naming the field ("principal.name is 201 characters, the
// maximum is 200").

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "ledger/note/text.h"

namespace ledger::state {

using note::QuoteForError;  // "\"text\"", cut to 40 bytes: field values come from clients
using note::Sv;             // std::string_view -> absl::string_view for absl::StrCat

// An identifier or code: 1 to `size_max` characters from [A-Za-z0-9._-].
bool IsCode(std::string_view text, size_t size_max);
absl::Status CheckCode(std::string_view text, std::string_view field, size_t size_max,
                       std::string_view rule);

// True iff `text` is non-empty and all ASCII digits.
bool IsDigits(std::string_view text);

// Human text (names, reasons): well-formed UTF-8 of 1 to `runes_max` code points, without
// control characters (U+0000..U+001F, U+007F..U+009F), which have no place in a name shown on a
// notice board.
absl::Status CheckText(std::string_view text, std::string_view field, size_t runes_max,
                       std::string_view rule);

}  // namespace ledger::state

#endif  // LEDGER_STATE_FIELD_RULES_H_
