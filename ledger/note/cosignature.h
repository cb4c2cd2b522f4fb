#ifndef LEDGER_NOTE_COSIGNATURE_H_
#define LEDGER_NOTE_COSIGNATURE_H_

// C2SP tlog-cosignature, Ed25519 "cosignature/v1" (https://c2sp.org/tlog-cosignature): a
// witness's timestamped statement that a checkpoint is the largest consistent tree head it has
// seen for that log. It is an ordinary note signature line on the checkpoint note:
//
//   — <witness name> base64(key id || timestamp || Ed25519 signature)
//
//   key id    = SHA-256(<name> || 0x0A || 0x04 || 32-byte public key)[:4], big-endian
//   timestamp = 8 bytes, big-endian uint64, POSIX seconds, at most 2^63 - 1
//   signature = Ed25519 over  "cosignature/v1\ntime <timestamp decimal>\n" || checkpoint body
//
// The signed message does not contain the witness name, so a witness key must be used under one
// name only. Witness verifier keys are vkeys with type byte 0x04.
//
//   LEDGER_ASSIGN_OR_RETURN(NoteSignature cosig, CosignCheckpoint(body, witness, now_s));
//   LEDGER_ASSIGN_OR_RETURN(auto good, VerifyCosignatures(note, witnesses));
//
// Pure and thread-safe; the caller supplies the time.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/crypto/ed25519.h"
#include "ledger/note/keys.h"
#include "ledger/note/note.h"

namespace ledger::note {

inline constexpr std::string_view kCosignatureV1Header = "cosignature/v1";
inline constexpr uint64_t kCosignatureTimestampMax = std::numeric_limits<int64_t>::max();
// The bytes of NoteSignature::signature for a cosignature/v1: timestamp (8) || Ed25519 (64).
inline constexpr size_t kCosignatureV1SignatureSize = 8 + crypto::kEd25519SignatureSize;

// "cosignature/v1\ntime <timestamp_s>\n" followed by `checkpoint_body`: the signed message.
std::string CosignatureV1Message(std::string_view checkpoint_body, uint64_t timestamp_s);

// Verifies one witness's cosignatures.
class CosignatureVerifier {
 public:
  // Fails unless `name` is a valid key name.
  static absl::StatusOr<CosignatureVerifier> Create(std::string name, crypto::Ed25519PublicKey key);
  // Parses a vkey with type byte 0x04 (see ParseEd25519VerifierKey).
  static absl::StatusOr<CosignatureVerifier> Parse(std::string_view vkey);

  const std::string& name() const { return name_; }
  uint32_t key_id() const { return key_id_; }
  const crypto::Ed25519PublicKey& public_key() const { return key_; }
  std::string VerifierKey() const;

  // Verifies `cosignature` (whose name and key id must be this witness's) over the checkpoint
  // body and returns its timestamp. kInvalidArgument if the name or key id differ, the body is
  // not a checkpoint, the signature is not 72 bytes or the timestamp exceeds 2^63 - 1;
  // kUnauthenticated if the Ed25519 signature does not verify.
  absl::StatusOr<uint64_t> Verify(std::string_view checkpoint_body,
                                  const NoteSignature& cosignature) const;

 private:
  friend class CosignatureSigner;
  CosignatureVerifier(std::string name, crypto::Ed25519PublicKey key);
  std::string name_;
  crypto::Ed25519PublicKey key_;
  uint32_t key_id_;
};

// A witness's signing key.
class CosignatureSigner {
 public:
  // Fails unless `name` is a valid key name.
  static absl::StatusOr<CosignatureSigner> Create(std::string name, crypto::Ed25519PrivateKey key);
  // Parses an skey with type byte 0x04, "PRIVATE+KEY+<name>+<hex id>+<base64(0x04 || seed)>"
  // (ParseEd25519SignerKey): the signed-note skey encoding with the cosignature type byte.
  static absl::StatusOr<CosignatureSigner> Parse(std::string_view skey);

  const std::string& name() const { return name_; }
  uint32_t key_id() const { return key_id_; }
  CosignatureVerifier Verifier() const;
  std::string VerifierKey() const;
  // The secret skey encoding (type 0x04) that Parse reads. Anyone holding it can cosign as this
  // witness.
  std::string SignerKey() const;

 private:
  friend absl::StatusOr<NoteSignature> CosignCheckpoint(std::string_view, const CosignatureSigner&,
                                                        uint64_t);
  CosignatureSigner(std::string name, crypto::Ed25519PrivateKey key);
  std::string name_;
  crypto::Ed25519PrivateKey key_;
  uint32_t key_id_;
};

// The witness's cosignature line for `checkpoint_body` at `timestamp_s` (POSIX seconds). Fails
// with kInvalidArgument if the body is not a valid checkpoint (ParseCheckpointBody) or the
// timestamp exceeds 2^63 - 1. It is the caller's job (as a witness) to have checked consistency.
absl::StatusOr<NoteSignature> CosignCheckpoint(std::string_view checkpoint_body,
                                               const CosignatureSigner& witness,
                                               uint64_t timestamp_s);

struct VerifiedCosignature {
  size_t witness_index;  // into the `witnesses` argument
  uint64_t timestamp_s;
};

// Checks the cosignatures on a parsed checkpoint note: every line whose key name and key id
// match a witness must verify (else kUnauthenticated / kInvalidArgument as in Verify); lines by
// other keys (the log's own signature, unknown witnesses) are ignored. Returns the valid ones in
// line order; possibly none, as quorum policy is the caller's. Two witnesses with the same name
// and key id are kInvalidArgument.
absl::StatusOr<std::vector<VerifiedCosignature>> VerifyCosignatures(
    const Note& note, std::span<const CosignatureVerifier> witnesses);

}  // namespace ledger::note

#endif  // LEDGER_NOTE_COSIGNATURE_H_
