#ifndef SERVICES_LOGS_COSIGNATURES_H_
#define SERVICES_LOGS_COSIGNATURES_H_

// Witnesses' cosignatures of the logs this server hosts (docs/FORMATS.md §3, §20): accepting a
// submitted cosignature, and serving a checkpoint with the cosignatures it has.
//
//   Cosignatures cosignatures(logs, store, cosignature_store);
//   LEDGER_ASSIGN_OR_RETURN(CosignatureAdded added,
//                           cosignatures.Add(origin, witness_vkey, cosigned_note));
//   LEDGER_ASSIGN_OR_RETURN(std::string note, cosignatures.Cosigned(log, checkpoint, {}));
//
// The server does not decide which witnesses count: clients name the witnesses they trust and
// count only those (clients/client/witness_policy.h). It stores a cosignature only when it
// verifies with the witness key it came with and is for a checkpoint this log signed, byte for
// byte, so that what it serves is never a forgery it could have noticed. Thread-safe.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "ledger/note/note.h"
#include "ledger/storage/cosignature_store.h"
#include "ledger/storage/ledger_store.h"
#include "services/logs/log_registry.h"

namespace ledger::logs {

// At most this many cosignature lines are served with a checkpoint: with the log's own line, the
// most signature lines a note may carry (docs/FORMATS.md §1.1).
inline constexpr size_t kServedCosignaturesMax = note::kNoteSignaturesMax - 1;
// At most this many witness keys may select the cosignatures served.
inline constexpr size_t kWitnessSelectionMax = 32;

struct CosignatureAdded {
  // False when this witness's cosignature of this checkpoint was stored before (that one is
  // kept; the checkpoint is served with it).
  bool stored = false;
  uint64_t tree_size = 0;
  uint64_t timestamp_s = 0;  // of the submitted cosignature
  // The checkpoint as now served (Cosigned with every stored cosignature).
  std::string served_note;
};

class Cosignatures {
 public:
  // The arguments must outlive this object.
  Cosignatures(LogRegistry& logs, storage::LedgerStore& store,
               storage::CosignatureStore& cosignatures)
      : logs_(logs), store_(store), cosignatures_(cosignatures) {}

  // Verifies and stores a witness's cosignature of one of `origin`'s checkpoints.
  // `witness_key` is the witness's verifier key in note form (type 0x04); `cosigned_note` is the
  // checkpoint note with the witness's cosignature line among its signature lines (other lines
  // are ignored). Errors:
  //   kNotFound            no log has this origin;
  //   kInvalidArgument     the key or the note does not parse, the note is not a checkpoint of
  //                        `origin`, it carries no line by the witness, or the cosignature does
  //                        not verify (the message says which), or the witness uses the log's
  //                        own key name and key id;
  //   kFailedPrecondition  the log never signed this checkpoint: it has no checkpoint of that
  //                        size, or its checkpoint of that size is another one (the message gives
  //                        both roots);
  //   storage errors unchanged.
  absl::StatusOr<CosignatureAdded> Add(std::string_view origin, std::string_view witness_key,
                                       std::string_view cosigned_note);

  // The note of `checkpoint` (one of `log`'s published checkpoints) with its stored cosignature
  // lines appended in the order they arrived (note::AppendSignatures): only those of the
  // `witness_keys` (note-form verifier keys) when it is not empty, at most
  // kServedCosignaturesMax. kInvalidArgument when a witness key does not parse or there are more
  // than kWitnessSelectionMax; storage errors unchanged.
  absl::StatusOr<std::string> Cosigned(const storage::LogRecord& log,
                                       const storage::StoredCheckpoint& checkpoint,
                                       std::span<const std::string> witness_keys);

 private:
  LogRegistry& logs_;
  storage::LedgerStore& store_;
  storage::CosignatureStore& cosignatures_;
};

}  // namespace ledger::logs

#endif  // SERVICES_LOGS_COSIGNATURES_H_
