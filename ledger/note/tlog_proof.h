#ifndef LEDGER_NOTE_TLOG_PROOF_H_
#define LEDGER_NOTE_TLOG_PROOF_H_

// C2SP tlog-proof v1 (https://c2sp.org/tlog-proof): an offline-verifiable inclusion proof as
// text, our offline proof bundle (exported together with the leaf bytes).
//
//   c2sp.org/tlog-proof@v1\n
//   [extra <base64 of opaque, unauthenticated data>\n]
//   index <leaf index, canonical decimal>\n
//   <base64 of a 32-byte hash>\n            zero or more: the RFC 9162 inclusion path,
//   ...                                       leaf's sibling first
//   \n
//   <the checkpoint note, verbatim, with its log signature and any cosignatures>
//
// ParseTlogProof checks syntax only (including the embedded note and checkpoint body, and that
// the index is below the checkpoint's tree size); the caller verifies the checkpoint signature
// (OpenCheckpoint), the cosignatures and the inclusion path. Pure and thread-safe; errors are
// kInvalidArgument.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "ledger/crypto/sha256.h"
#include "ledger/note/note.h"

namespace ledger::note {

inline constexpr std::string_view kTlogProofHeader = "c2sp.org/tlog-proof@v1";
// A tree of at most 2^64 - 1 leaves has inclusion paths of at most 64 hashes.
inline constexpr size_t kTlogProofPathMax = 64;
// Our own bound on the opaque extra data (decoded); we write none.
inline constexpr size_t kTlogProofExtraSizeMax = 16 * 1024;
// The lines before the blank line: header, extra, index and path lines, with margin.
inline constexpr size_t kTlogProofHeadSizeMax =
    64 + 8 + (kTlogProofExtraSizeMax + 2) / 3 * 4 + 32 + kTlogProofPathMax * 45;
inline constexpr size_t kTlogProofSizeMax = kTlogProofHeadSizeMax + 1 + kNoteSizeMax;

struct TlogProof {
  // Opaque extra data (decoded bytes); absent means no "extra" line. Present but empty is not
  // representable in the format and is rejected by FormatTlogProof.
  std::optional<std::string> extra;
  uint64_t index = 0;
  std::vector<crypto::Sha256Digest> path;
  std::string checkpoint_note;

  bool operator==(const TlogProof&) const = default;
};

// The proof text. Fails if the checkpoint note does not parse (ParseNote, ParseCheckpointBody),
// the index is not below its tree size, the path is longer than kTlogProofPathMax, or the extra
// data is empty or longer than kTlogProofExtraSizeMax.
absl::StatusOr<std::string> FormatTlogProof(const TlogProof& proof);

// Strict inverse of FormatTlogProof: FormatTlogProof(ParseTlogProof(x)) == x for every accepted x.
absl::StatusOr<TlogProof> ParseTlogProof(std::string_view text);

}  // namespace ledger::note

#endif  // LEDGER_NOTE_TLOG_PROOF_H_
