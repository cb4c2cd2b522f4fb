#ifndef LEDGER_NOTE_TEXT_H_
#define LEDGER_NOTE_TEXT_H_

// Lexical rules shared by the C2SP text formats (signed-note, tlog-checkpoint, tlog-proof):
// UTF-8 validity, the control-character ban, key names and canonical decimals. They are public
// because the formats built on top (and their tests) need exactly the same rules.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ledger::note {

// Debian's Abseil has its own absl::string_view, distinct from std::string_view; absl::StrCat
// takes only the former.
inline absl::string_view Sv(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// OK iff `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF) and contains no ASCII control character (below U+0020) other than newline.
// `what` names the text in the error ("note", "checkpoint body", ...).
absl::Status ValidateNoteChars(std::string_view text, std::string_view what);

// True iff `name` is a valid signed-note key name: non-empty, well-formed UTF-8, no Unicode
// space (the White_Space characters, as Go's unicode.IsSpace), no '+', no control character.
bool IsValidKeyName(std::string_view name);

// Parses the ASCII decimal representation of a uint64 with no sign and no leading zeros (except
// "0" itself). Rejects the empty string, any non-digit and values above 2^64 - 1.
absl::StatusOr<uint64_t> ParseCanonicalDecimal(std::string_view text, std::string_view what);

// `text` in double quotes for an error message, cut to its first 40 bytes when longer, so that
// errors about hostile input stay short.
std::string QuoteForError(std::string_view text);

}  // namespace ledger::note

#endif  // LEDGER_NOTE_TEXT_H_
