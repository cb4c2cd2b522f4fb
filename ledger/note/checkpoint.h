#ifndef LEDGER_NOTE_CHECKPOINT_H_
#define LEDGER_NOTE_CHECKPOINT_H_

// C2SP tlog-checkpoint v1 (https://c2sp.org/tlog-checkpoint): a log's signed tree head, as the
// text of a signed note.
//
//   <origin>\n
//   <tree size, ASCII decimal, no leading zeros>\n
//   <base64 of the 32-byte RFC 9162 root hash>\n
//   [<extension line>\n]...
//
// Our logs write no extension lines (SPEC §3) and sign with the note key whose name is the
// origin, so a checkpoint is self-describing: `OpenCheckpoint(note, log_key)`.
//
//   LEDGER_ASSIGN_OR_RETURN(std::string note, SignCheckpoint({origin, size, root}, log_signer));
//   LEDGER_ASSIGN_OR_RETURN(Checkpoint cp, OpenCheckpoint(note, log_verifier));
//
// Pure and thread-safe. Errors are kInvalidArgument (syntax) or kUnauthenticated (signatures).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/crypto/sha256.h"
#include "ledger/note/keys.h"

namespace ledger::note {

struct Checkpoint {
  // The log's identity, e.g. "ledger.example.org/341721". We require it to be a valid note key
  // name (non-empty, no spaces, no '+'), because it is also the log key's name. The C2SP spec
  // only RECOMMENDS this; we reject other origins.
  std::string origin;
  uint64_t size = 0;
  crypto::Sha256Digest root{};
  // Opaque, non-empty lines after the root; empty for our logs.
  std::vector<std::string> extensions;

  bool operator==(const Checkpoint&) const = default;
};

// The checkpoint body (the note text). Fails on an invalid origin, or an extension line that is
// empty or contains a newline, a control character or invalid UTF-8.
absl::StatusOr<std::string> FormatCheckpointBody(const Checkpoint& checkpoint);

// Strict inverse of FormatCheckpointBody: ends with a newline; at least three lines, none empty;
// the size is canonical decimal (no sign, no leading zero except "0" itself, at most 2^64 - 1);
// the root is canonical base64 of exactly 32 bytes; at most kNoteSizeMax bytes.
absl::StatusOr<Checkpoint> ParseCheckpointBody(std::string_view body);

// Signs the checkpoint with the log key and returns the signed note. The signer's name must equal
// the origin (kInvalidArgument otherwise).
absl::StatusOr<std::string> SignCheckpoint(const Checkpoint& checkpoint,
                                           const NoteSigner& log_signer);

// Opens a checkpoint note: `log_key`'s signature must be present and valid (OpenNote rules;
// other signatures such as cosignatures are ignored here), the body must parse, and its origin
// must equal log_key.name() (kInvalidArgument otherwise, before any signature is checked).
absl::StatusOr<Checkpoint> OpenCheckpoint(std::string_view note, const NoteVerifier& log_key);

}  // namespace ledger::note

#endif  // LEDGER_NOTE_CHECKPOINT_H_
