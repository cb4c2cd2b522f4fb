#include "ledger/note/tlog_proof.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/text.h"
#include "ledger/util/base64.h"
#include "ledger/util/status_macros.h"

namespace ledger::note {
namespace {

constexpr std::string_view kExtraPrefix = "extra ";
constexpr std::string_view kIndexPrefix = "index ";

// Checks what ties the proof to its checkpoint, shared by Format and Parse.
absl::Status CheckProof(const TlogProof& proof) {
  if (proof.extra.has_value() &&
      (proof.extra->empty() || proof.extra->size() > kTlogProofExtraSizeMax)) {
    return absl::InvalidArgumentError(absl::StrCat("tlog-proof extra data is ", proof.extra->size(),
                                                   " bytes, expected 1 to ",
                                                   kTlogProofExtraSizeMax));
  }
  if (proof.path.size() > kTlogProofPathMax) {
    return absl::InvalidArgumentError(absl::StrCat("tlog-proof path has ", proof.path.size(),
                                                   " hashes, the maximum is ", kTlogProofPathMax));
  }
  LEDGER_ASSIGN_OR_RETURN(Note note, ParseNote(proof.checkpoint_note));
  LEDGER_ASSIGN_OR_RETURN(Checkpoint checkpoint, ParseCheckpointBody(note.text));
  if (proof.index >= checkpoint.size) {
    return absl::InvalidArgumentError(absl::StrCat("tlog-proof index ", proof.index,
                                                   " is not below the checkpoint tree size ",
                                                   checkpoint.size));
  }
  return absl::OkStatus();
}

absl::Status LineError(size_t line_number, std::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat("tlog-proof line ", line_number, ": ", Sv(problem)));
}

}  // namespace

absl::StatusOr<std::string> FormatTlogProof(const TlogProof& proof) {
  LEDGER_RETURN_IF_ERROR(CheckProof(proof));
  std::string out = absl::StrCat(Sv(kTlogProofHeader), "\n");
  if (proof.extra.has_value())
    absl::StrAppend(&out, Sv(kExtraPrefix), Base64Encode(*proof.extra), "\n");
  absl::StrAppend(&out, Sv(kIndexPrefix), proof.index, "\n");
  for (const crypto::Sha256Digest& hash : proof.path) {
    absl::StrAppend(&out, Base64Encode(crypto::AsStringView(hash)), "\n");
  }
  absl::StrAppend(&out, "\n", proof.checkpoint_note);
  return out;
}

absl::StatusOr<TlogProof> ParseTlogProof(std::string_view text) {
  if (text.size() > kTlogProofSizeMax) {
    return absl::InvalidArgumentError(
        absl::StrCat("tlog-proof is ", text.size(), " bytes, the maximum is ", kTlogProofSizeMax));
  }
  // The head (header, extra, index, path) has no empty line, so the first blank line ends it.
  const size_t split = text.find("\n\n");
  if (split == std::string_view::npos) {
    return absl::InvalidArgumentError("tlog-proof has no blank line before the checkpoint");
  }
  if (split + 1 > kTlogProofHeadSizeMax) {
    return absl::InvalidArgumentError(absl::StrCat(
        "tlog-proof head is ", split + 1, " bytes, the maximum is ", kTlogProofHeadSizeMax));
  }
  std::vector<std::string_view> lines;
  for (std::string_view head = text.substr(0, split + 1); !head.empty();) {
    const size_t end = head.find('\n');
    lines.push_back(head.substr(0, end));
    head.remove_prefix(end + 1);
  }
  TlogProof proof;
  size_t next = 0;
  if (lines[next] != kTlogProofHeader) {
    return LineError(1, absl::StrCat("expected \"", Sv(kTlogProofHeader), "\""));
  }
  ++next;
  if (next < lines.size() && lines[next].substr(0, kExtraPrefix.size()) == kExtraPrefix) {
    std::string extra;
    if (!Base64DecodeStrict(lines[next].substr(kExtraPrefix.size()), &extra)) {
      return LineError(next + 1, "extra data is not canonical padded base64");
    }
    proof.extra = std::move(extra);
    ++next;
  }
  if (next == lines.size() || lines[next].substr(0, kIndexPrefix.size()) != kIndexPrefix) {
    return LineError(next + 1, "expected \"index <decimal>\"");
  }
  LEDGER_ASSIGN_OR_RETURN(
      proof.index,
      ParseCanonicalDecimal(lines[next].substr(kIndexPrefix.size()), "tlog-proof index"));
  ++next;
  for (; next < lines.size(); ++next) {
    if (proof.path.size() == kTlogProofPathMax) {
      return absl::InvalidArgumentError(
          absl::StrCat("tlog-proof path has more than ", kTlogProofPathMax, " hashes"));
    }
    std::string hash;
    if (!Base64DecodeStrict(lines[next], &hash) || hash.size() != crypto::kSha256Size) {
      return LineError(next + 1, "is not the canonical base64 of a 32-byte hash");
    }
    crypto::Sha256Digest digest;
    std::copy(hash.begin(), hash.end(), digest.begin());
    proof.path.push_back(digest);
  }
  proof.checkpoint_note = std::string(text.substr(split + 2));
  LEDGER_RETURN_IF_ERROR(CheckProof(proof));
  return proof;
}

}  // namespace ledger::note
