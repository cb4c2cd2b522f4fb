#include "services/logs/cosignatures.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/cosignature.h"
#include "ledger/note/keys.h"
#include "ledger/util/base64.h"
#include "ledger/util/status_macros.h"

namespace ledger::logs {
namespace {

std::string KeyLabel(std::string_view name, uint32_t key_id) {
  return absl::StrCat(std::string(name), "+", absl::Hex(key_id, absl::kZeroPad8));
}

absl::Status Prefixed(std::string_view prefix, const absl::Status& status) {
  return absl::Status(status.code(),
                      absl::StrCat(std::string(prefix), std::string(status.message())));
}

// The log's signed checkpoint of exactly `tree_size`, or kFailedPrecondition: a cosignature of
// any other size is of a checkpoint this log never signed.
absl::StatusOr<storage::StoredCheckpoint> SignedCheckpointOfSize(storage::LedgerStore& store,
                                                                 const sequencer::LogSequencer& log,
                                                                 uint64_t tree_size) {
  storage::StoredCheckpoint latest = log.LatestCheckpoint();
  if (tree_size == latest.tree_size) return latest;
  if (tree_size > latest.tree_size) {
    return absl::FailedPreconditionError(
        absl::StrCat("the log ", log.log().origin, " never signed a checkpoint of size ", tree_size,
                     ": its latest checkpoint has size ", latest.tree_size));
  }
  absl::StatusOr<storage::StoredCheckpoint> cp = store.CheckpointAt(log.log().log_id, tree_size);
  if (cp.status().code() == absl::StatusCode::kNotFound) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the log ", log.log().origin, " never signed a checkpoint of size ", tree_size));
  }
  return cp;
}

}  // namespace

absl::StatusOr<CosignatureAdded> Cosignatures::Add(std::string_view origin,
                                                   std::string_view witness_key,
                                                   std::string_view cosigned_note) {
  LEDGER_ASSIGN_OR_RETURN(sequencer::LogSequencer * log, logs_.Find(origin));
  absl::StatusOr<note::CosignatureVerifier> witness = note::CosignatureVerifier::Parse(witness_key);
  if (!witness.ok()) return Prefixed("witness key: ", witness.status());
  const std::string witness_label = KeyLabel(witness->name(), witness->key_id());
  LEDGER_ASSIGN_OR_RETURN(note::NoteVerifier log_key,
                          note::NoteVerifier::Parse(log->log().verifier_key));
  if (witness->name() == log_key.name() && witness->key_id() == log_key.key_id()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the witness key ", witness_label,
                     " has the log's own key name and key id; a witness needs a name of its own"));
  }
  absl::StatusOr<note::Note> submitted = note::ParseNote(cosigned_note);
  if (!submitted.ok()) return Prefixed("cosigned checkpoint: ", submitted.status());
  absl::StatusOr<note::Checkpoint> cosigned = note::ParseCheckpointBody(submitted->text);
  if (!cosigned.ok()) return Prefixed("cosigned checkpoint: ", cosigned.status());
  if (cosigned->origin != log->log().origin) {
    return absl::InvalidArgumentError(absl::StrCat("the cosigned checkpoint is of the log ",
                                                   cosigned->origin, ", not ", log->log().origin));
  }

  LEDGER_ASSIGN_OR_RETURN(storage::StoredCheckpoint own,
                          SignedCheckpointOfSize(store_, *log, cosigned->size));
  LEDGER_ASSIGN_OR_RETURN(note::Note own_note, note::ParseNote(own.note));
  if (own_note.text != submitted->text) {
    return absl::FailedPreconditionError(
        absl::StrCat("the log ", log->log().origin,
                     " never signed the cosigned checkpoint: its checkpoint of "
                     "size ",
                     cosigned->size, " has root ", Base64Encode(crypto::AsStringView(own.root)),
                     ", the cosigned one ", Base64Encode(crypto::AsStringView(cosigned->root)),
                     cosigned->root == own.root ? " (their extension lines differ)" : ""));
  }

  const note::NoteSignature* line = nullptr;
  for (const note::NoteSignature& sig : submitted->signatures) {
    if (sig.key_name == witness->name() && sig.key_id == witness->key_id()) line = &sig;
  }
  if (line == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the cosigned checkpoint carries no signature line by the witness ", witness_label));
  }
  absl::StatusOr<uint64_t> timestamp_s = witness->Verify(submitted->text, *line);
  if (!timestamp_s.ok()) {
    // An Ed25519 signature that does not verify is bad input here, not a failed login.
    return absl::InvalidArgumentError(std::string(timestamp_s.status().message()));
  }
  storage::StoredCosignature stored{.witness_key = witness->VerifierKey(),
                                    .witness_name = witness->name(),
                                    .key_id = witness->key_id(),
                                    .signature = line->signature,
                                    .timestamp_s = *timestamp_s};
  LEDGER_ASSIGN_OR_RETURN(bool added,
                          cosignatures_.AddCosignature(log->log().log_id, own.tree_size, stored));
  LEDGER_ASSIGN_OR_RETURN(std::string served, Cosigned(log->log(), own, {}));
  return CosignatureAdded{.stored = added,
                          .tree_size = own.tree_size,
                          .timestamp_s = *timestamp_s,
                          .served_note = std::move(served)};
}

absl::StatusOr<std::string> Cosignatures::Cosigned(const storage::LogRecord& log,
                                                   const storage::StoredCheckpoint& checkpoint,
                                                   std::span<const std::string> witness_keys) {
  if (witness_keys.size() > kWitnessSelectionMax) {
    return absl::InvalidArgumentError(absl::StrCat(
        "at most ", kWitnessSelectionMax, " witness keys may be given, not ", witness_keys.size()));
  }
  std::vector<std::string> selection;
  for (const std::string& key : witness_keys) {
    absl::StatusOr<note::CosignatureVerifier> witness = note::CosignatureVerifier::Parse(key);
    if (!witness.ok()) return Prefixed(absl::StrCat("witness key ", key, ": "), witness.status());
    selection.push_back(witness->VerifierKey());
  }
  LEDGER_ASSIGN_OR_RETURN(std::vector<storage::StoredCosignature> stored,
                          cosignatures_.Cosignatures(log.log_id, checkpoint.tree_size, selection,
                                                     kServedCosignaturesMax));
  std::vector<note::NoteSignature> lines;
  lines.reserve(stored.size());
  for (storage::StoredCosignature& c : stored) {
    lines.push_back(note::NoteSignature{.key_name = std::move(c.witness_name),
                                        .key_id = c.key_id,
                                        .signature = std::move(c.signature)});
  }
  return note::AppendSignatures(checkpoint.note, lines);
}

}  // namespace ledger::logs
