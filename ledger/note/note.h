#ifndef LEDGER_NOTE_NOTE_H_
#define LEDGER_NOTE_NOTE_H_

// C2SP signed-note v1 (https://c2sp.org/signed-note): the syntax of a note, without keys.
//
// A signed note is a text ending in a newline, a blank line, and one or more signature lines
//
//   — <key name> <base64(4-byte big-endian key id || signature bytes)>\n
//
// where "—" is U+2014 (bytes E2 80 94) followed by one space. The text is everything up to and
// including the newline before the LAST blank line; it may itself contain blank lines. The whole
// note is valid UTF-8 with no control character other than newline.
//
//   LEDGER_ASSIGN_OR_RETURN(Note n, ParseNote(bytes));      // syntax only, no signature checked
//   LEDGER_ASSIGN_OR_RETURN(std::string again, FormatNote(n));  // again == bytes
//
// ParseNote is strict: base64 must be canonical (padded, zero trailing bits), so every note has
// exactly one encoding and FormatNote(ParseNote(x)) == x for every accepted x. Errors are
// kInvalidArgument with a message naming the offending line. Signature checking is in keys.h
// (OpenNote). All functions are pure and thread-safe.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ledger::note {

// The largest note we parse or produce. A checkpoint with 100 Ed25519 signatures is under 20 KiB;
// the margin leaves room for post-quantum signature lines (about 3.3 KiB each in base64).
inline constexpr size_t kNoteSizeMax = 1 << 20;
// The most signature lines a note may carry. The spec requires accepting at least 16; 100 is the
// reference implementation's (golang.org/x/mod/sumdb/note) limit.
inline constexpr size_t kNoteSignaturesMax = 100;
// U+2014 EM DASH in UTF-8, then U+0020 SPACE: the start of every signature line.
inline constexpr std::string_view kSignatureLinePrefix = "\xE2\x80\x94 ";

// One signature line, decoded.
struct NoteSignature {
  std::string key_name;   // valid key name (see IsValidKeyName)
  uint32_t key_id = 0;    // the first 4 decoded bytes, big-endian
  std::string signature;  // the remaining decoded bytes (at least one)

  bool operator==(const NoteSignature&) const = default;
};

struct Note {
  std::string text;  // ends with '\n'; this is what signatures sign
  std::vector<NoteSignature> signatures;

  bool operator==(const Note&) const = default;
};

// OK iff `text` can be the text of a note: non-empty, ends with a newline, valid UTF-8 without
// control characters other than newline, and at most kNoteSizeMax bytes.
absl::Status ValidateNoteText(std::string_view text);

// Parses a signed note strictly (see the file comment). At least one and at most
// kNoteSignaturesMax signature lines, and at most one per (key name, key id): a key that signs
// the same text twice adds nothing, and rejecting it keeps "which keys signed" unambiguous (the
// reference implementation also rejects a known key appearing twice).
absl::StatusOr<Note> ParseNote(std::string_view note);

// The bytes of one signature line, including its final newline. Fails if the key name is
// invalid or the signature is empty.
absl::StatusOr<std::string> FormatSignatureLine(const NoteSignature& signature);

// The bytes of a note: text, "\n", then the signature lines in order. Fails on anything that
// ParseNote would reject, so the output always parses back to `note`.
absl::StatusOr<std::string> FormatNote(const Note& note);

// `note` (a signed note that ParseNote accepts) with the `extra` signature lines appended after
// its own, in order, as a server serves a checkpoint with its witnesses' cosignatures. Leaves out
// an extra line whose (key name, key id) the note or an earlier extra line already has (a note
// has at most one line per key), and every extra line that would take the note beyond
// kNoteSignaturesMax lines or kNoteSizeMax bytes, so the result always parses. The note's own
// bytes come first unchanged, so its signatures still verify. kInvalidArgument if `note` does
// not parse or an extra line cannot be formatted (FormatSignatureLine).
absl::StatusOr<std::string> AppendSignatures(std::string_view note,
                                             std::span<const NoteSignature> extra);

}  // namespace ledger::note

#endif  // LEDGER_NOTE_NOTE_H_
