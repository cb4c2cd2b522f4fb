#include "ledger/note/checkpoint.h"

#include <algorithm>
#include <span>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/note/text.h"
#include "ledger/util/base64.h"
#include "ledger/util/status_macros.h"

namespace ledger::note {
namespace {

absl::Status CheckOrigin(std::string_view origin) {
  if (!IsValidKeyName(origin)) {
    return absl::InvalidArgumentError(
        absl::StrCat("checkpoint origin ", QuoteForError(origin),
                     " is not a valid key name (non-empty, no spaces, no '+')"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> FormatCheckpointBody(const Checkpoint& checkpoint) {
  LEDGER_RETURN_IF_ERROR(CheckOrigin(checkpoint.origin));
  std::string body = absl::StrCat(checkpoint.origin, "\n", checkpoint.size, "\n",
                                  Base64Encode(crypto::AsStringView(checkpoint.root)), "\n");
  for (size_t i = 0; i < checkpoint.extensions.size(); ++i) {
    const std::string& line = checkpoint.extensions[i];
    if (line.empty() || line.find('\n') != std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("checkpoint extension line ", i + 1, " is empty or contains a newline"));
    }
    absl::StrAppend(&body, line, "\n");
  }
  LEDGER_RETURN_IF_ERROR(ValidateNoteText(body));
  return body;
}

absl::StatusOr<Checkpoint> ParseCheckpointBody(std::string_view body) {
  LEDGER_RETURN_IF_ERROR(ValidateNoteText(body));
  std::vector<std::string_view> lines;
  for (std::string_view rest = body; !rest.empty();) {
    const size_t end = rest.find('\n');  // found: the body ends with '\n'
    if (end == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("checkpoint line ", lines.size() + 1, " is empty"));
    }
    lines.push_back(rest.substr(0, end));
    rest.remove_prefix(end + 1);
  }
  if (lines.size() < 3) {
    return absl::InvalidArgumentError(absl::StrCat(
        "checkpoint has ", lines.size(), " lines, expected origin, tree size and root hash"));
  }
  Checkpoint checkpoint;
  LEDGER_RETURN_IF_ERROR(CheckOrigin(lines[0]));
  checkpoint.origin = std::string(lines[0]);
  LEDGER_ASSIGN_OR_RETURN(checkpoint.size, ParseCanonicalDecimal(lines[1], "checkpoint tree size"));
  std::string root;
  if (!Base64DecodeStrict(lines[2], &root) || root.size() != crypto::kSha256Size) {
    return absl::InvalidArgumentError(
        "checkpoint root hash is not the canonical base64 of 32 bytes");
  }
  std::copy(root.begin(), root.end(), checkpoint.root.begin());
  for (size_t i = 3; i < lines.size(); ++i) checkpoint.extensions.emplace_back(lines[i]);
  return checkpoint;
}

absl::StatusOr<std::string> SignCheckpoint(const Checkpoint& checkpoint,
                                           const NoteSigner& log_signer) {
  if (log_signer.name() != checkpoint.origin) {
    return absl::InvalidArgumentError(
        absl::StrCat("log key name ", QuoteForError(log_signer.name()),
                     " differs from the checkpoint origin ", QuoteForError(checkpoint.origin)));
  }
  LEDGER_ASSIGN_OR_RETURN(std::string body, FormatCheckpointBody(checkpoint));
  return SignNote(body, log_signer);
}

absl::StatusOr<Checkpoint> OpenCheckpoint(std::string_view note, const NoteVerifier& log_key) {
  // Parse first so that a checkpoint of another log is reported as such, not as unsigned.
  LEDGER_ASSIGN_OR_RETURN(Note parsed, ParseNote(note));
  LEDGER_ASSIGN_OR_RETURN(Checkpoint checkpoint, ParseCheckpointBody(parsed.text));
  if (checkpoint.origin != log_key.name()) {
    return absl::InvalidArgumentError(
        absl::StrCat("checkpoint origin ", QuoteForError(checkpoint.origin), " is not the log ",
                     QuoteForError(log_key.name())));
  }
  LEDGER_RETURN_IF_ERROR(OpenNote(note, std::span<const NoteVerifier>(&log_key, 1)).status());
  return checkpoint;
}

}  // namespace ledger::note
