#include "ledger/note/note.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/note/text.h"
#include "ledger/util/base64.h"
#include "ledger/util/status_macros.h"

namespace ledger::note {
namespace {

constexpr size_t kKeyIdSize = 4;

absl::Status SignatureLineError(size_t line_number, std::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat("signature line ", line_number, ": ", Sv(problem)));
}

absl::StatusOr<NoteSignature> ParseSignatureLine(std::string_view line, size_t line_number) {
  if (line.substr(0, kSignatureLinePrefix.size()) != kSignatureLinePrefix) {
    return SignatureLineError(line_number, "does not start with an em dash (U+2014) and a space");
  }
  line.remove_prefix(kSignatureLinePrefix.size());
  const size_t space = line.find(' ');
  if (space == std::string_view::npos) {
    return SignatureLineError(line_number, "has no space between key name and signature");
  }
  NoteSignature sig;
  const std::string_view name = line.substr(0, space);
  const std::string_view b64 = line.substr(space + 1);
  if (!IsValidKeyName(name)) {
    return SignatureLineError(line_number, absl::StrCat("invalid key name ", QuoteForError(name)));
  }
  std::string raw;
  if (!Base64DecodeStrict(b64, &raw)) {
    return SignatureLineError(line_number, "signature is not canonical padded base64");
  }
  if (raw.size() <= kKeyIdSize) {
    return SignatureLineError(line_number, absl::StrCat("signature decodes to ", raw.size(),
                                                        " bytes, at least 5 are needed"));
  }
  sig.key_name = std::string(name);
  sig.key_id = (uint32_t{static_cast<uint8_t>(raw[0])} << 24) |
               (uint32_t{static_cast<uint8_t>(raw[1])} << 16) |
               (uint32_t{static_cast<uint8_t>(raw[2])} << 8) |
               uint32_t{static_cast<uint8_t>(raw[3])};
  sig.signature = raw.substr(kKeyIdSize);
  return sig;
}

absl::Status CheckSize(size_t size) {
  if (size > kNoteSizeMax) {
    return absl::InvalidArgumentError(
        absl::StrCat("note is ", size, " bytes, the maximum is ", kNoteSizeMax));
  }
  return absl::OkStatus();
}

absl::Status CheckSignatureCount(size_t count) {
  if (count == 0) return absl::InvalidArgumentError("note has no signature lines");
  if (count > kNoteSignaturesMax) {
    return absl::InvalidArgumentError(
        absl::StrCat("note has more than ", kNoteSignaturesMax, " signature lines"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateNoteText(std::string_view text) {
  LEDGER_RETURN_IF_ERROR(CheckSize(text.size()));
  if (text.empty() || text.back() != '\n') {
    return absl::InvalidArgumentError("note text does not end with a newline");
  }
  return ValidateNoteChars(text, "note text");
}

absl::StatusOr<Note> ParseNote(std::string_view note) {
  LEDGER_RETURN_IF_ERROR(CheckSize(note.size()));
  LEDGER_RETURN_IF_ERROR(ValidateNoteChars(note, "note"));
  if (note.empty() || note.back() != '\n') {
    return absl::InvalidArgumentError("note does not end with a newline");
  }
  // The text ends at the last blank line: signature lines are never empty, so everything after
  // the last "\n\n" is signature lines.
  const size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) {
    return absl::InvalidArgumentError("note has no blank line before its signature lines");
  }
  Note result;
  result.text = std::string(note.substr(0, split + 1));
  std::string_view rest = note.substr(split + 2);
  std::set<std::pair<std::string, uint32_t>> seen;
  size_t line_number = 0;
  while (!rest.empty()) {
    const size_t end = rest.find('\n');  // found: `note` ends with '\n'
    ++line_number;
    if (line_number > kNoteSignaturesMax) break;
    LEDGER_ASSIGN_OR_RETURN(NoteSignature sig,
                            ParseSignatureLine(rest.substr(0, end), line_number));
    if (!seen.emplace(sig.key_name, sig.key_id).second) {
      return SignatureLineError(line_number,
                                absl::StrCat("second signature by key ", sig.key_name, "+",
                                             absl::Hex(sig.key_id, absl::kZeroPad8)));
    }
    result.signatures.push_back(std::move(sig));
    rest.remove_prefix(end + 1);
  }
  LEDGER_RETURN_IF_ERROR(CheckSignatureCount(line_number));
  return result;
}

absl::StatusOr<std::string> FormatSignatureLine(const NoteSignature& signature) {
  if (!IsValidKeyName(signature.key_name)) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid key name ", QuoteForError(signature.key_name)));
  }
  if (signature.signature.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("empty signature by key ", signature.key_name));
  }
  std::string raw;
  raw.reserve(kKeyIdSize + signature.signature.size());
  for (int shift = 24; shift >= 0; shift -= 8) {
    raw.push_back(static_cast<char>((signature.key_id >> shift) & 0xFF));
  }
  raw += signature.signature;
  return absl::StrCat(Sv(kSignatureLinePrefix), signature.key_name, " ", Base64Encode(raw), "\n");
}

absl::StatusOr<std::string> FormatNote(const Note& note) {
  LEDGER_RETURN_IF_ERROR(ValidateNoteText(note.text));
  LEDGER_RETURN_IF_ERROR(CheckSignatureCount(note.signatures.size()));
  std::string out = note.text;
  out.push_back('\n');
  std::set<std::pair<std::string_view, uint32_t>> seen;
  for (const NoteSignature& sig : note.signatures) {
    LEDGER_ASSIGN_OR_RETURN(std::string line, FormatSignatureLine(sig));
    if (!seen.emplace(sig.key_name, sig.key_id).second) {
      return absl::InvalidArgumentError(absl::StrCat("second signature by key ", sig.key_name, "+",
                                                     absl::Hex(sig.key_id, absl::kZeroPad8)));
    }
    out += line;
  }
  LEDGER_RETURN_IF_ERROR(CheckSize(out.size()));
  return out;
}

absl::StatusOr<std::string> AppendSignatures(std::string_view note,
                                             std::span<const NoteSignature> extra) {
  LEDGER_ASSIGN_OR_RETURN(Note parsed, ParseNote(note));
  std::set<std::pair<std::string, uint32_t>> seen;
  for (const NoteSignature& sig : parsed.signatures) seen.emplace(sig.key_name, sig.key_id);
  std::string out(note);
  size_t lines = parsed.signatures.size();
  for (const NoteSignature& sig : extra) {
    if (lines == kNoteSignaturesMax) break;
    if (seen.contains({sig.key_name, sig.key_id})) continue;
    LEDGER_ASSIGN_OR_RETURN(std::string line, FormatSignatureLine(sig));
    if (out.size() + line.size() > kNoteSizeMax) break;
    seen.emplace(sig.key_name, sig.key_id);
    out += line;
    ++lines;
  }
  return out;
}

}  // namespace ledger::note
