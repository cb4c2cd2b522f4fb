#ifndef LEDGER_NOTE_KEYS_H_
#define LEDGER_NOTE_KEYS_H_

// Ed25519 keys for C2SP signed notes (signature type 0x01), their text encodings, signing and
// opening notes.
//
// Key id = the first 4 bytes, read big-endian, of SHA-256(key name || 0x0A || type || public key).
// A verifier key ("vkey") is `<name>+<8 lower-case hex digits key id>+<base64(0x01 || 32-byte
// public key)>`; a signer key ("skey") is `PRIVATE+KEY+<name>+<key id hex>+<base64(0x01 ||
// 32-byte seed)>`, the encodings of golang.org/x/mod/sumdb/note.
//
//   LEDGER_ASSIGN_OR_RETURN(NoteSigner log, NoteSigner::Create("ledger.example.org/341721", key));
//   LEDGER_ASSIGN_OR_RETURN(std::string signed_note, SignNote(text, log));
//   LEDGER_ASSIGN_OR_RETURN(NoteVerifier v, NoteVerifier::Parse(published_vkey));
//   LEDGER_ASSIGN_OR_RETURN(OpenedNote opened, OpenNote(signed_note, {&v, 1}));
//
// Signers and verifiers are immutable and safe to share between threads.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/crypto/ed25519.h"
#include "ledger/note/note.h"

namespace ledger::note {

// Signature type bytes assigned by c2sp.org/signed-note.
inline constexpr uint8_t kSignatureTypeEd25519 = 0x01;
inline constexpr uint8_t kSignatureTypeCosignatureV1 = 0x04;  // see cosignature.h

// SHA-256(name || 0x0A || signature_type || public_key)[:4] as a big-endian uint32.
uint32_t KeyId(std::string_view name, uint8_t signature_type, std::string_view public_key);

// "<name>+<8 lower-case hex key id>+<base64(type || public_key)>". No validation.
std::string FormatVerifierKey(std::string_view name, uint32_t key_id, uint8_t signature_type,
                              std::string_view public_key);

// A parsed vkey of any Ed25519-based type: the key id has been checked against the name, type
// and key, and the key is a valid Ed25519 public key.
struct ParsedVerifierKey {
  std::string name;
  uint32_t key_id;
  crypto::Ed25519PublicKey public_key;
};
// Strict: exactly three '+'-separated fields, a valid key name, exactly 8 lower-case hex digits,
// canonical base64 of `signature_type` followed by 32 bytes, and the key id must equal the one
// computed from them. kInvalidArgument otherwise.
absl::StatusOr<ParsedVerifierKey> ParseEd25519VerifierKey(std::string_view vkey,
                                                          uint8_t signature_type);

// "PRIVATE+KEY+<name>+<8 lower-case hex key id>+<base64(type || 32-byte seed)>". The key id is
// the one of the public key (KeyId(name, type, public key)). No validation.
std::string FormatSignerKey(std::string_view name, uint32_t key_id, uint8_t signature_type,
                            std::string_view seed);

// A parsed skey of any Ed25519-based type: the key id has been checked against the name, type
// and the public key derived from the seed.
struct ParsedSignerKey {
  std::string name;
  uint32_t key_id;
  crypto::Ed25519PrivateKey private_key;
};
// Strict like ParseEd25519VerifierKey, after the "PRIVATE+KEY+" prefix. kInvalidArgument
// otherwise; the message never contains the secret.
absl::StatusOr<ParsedSignerKey> ParseEd25519SignerKey(std::string_view skey,
                                                      uint8_t signature_type);

// Verifies Ed25519 note signatures (type 0x01) by one key.
class NoteVerifier {
 public:
  // Fails unless `name` is a valid key name.
  static absl::StatusOr<NoteVerifier> Create(std::string name, crypto::Ed25519PublicKey key);
  // Parses a vkey with type byte 0x01 (see ParseEd25519VerifierKey).
  static absl::StatusOr<NoteVerifier> Parse(std::string_view vkey);

  const std::string& name() const { return name_; }
  uint32_t key_id() const { return key_id_; }
  const crypto::Ed25519PublicKey& public_key() const { return key_; }
  std::string VerifierKey() const;

  // True iff `signature` (without the key id) is this key's Ed25519 signature of `text`.
  bool Verify(std::string_view text, std::string_view signature) const;

 private:
  friend class NoteSigner;
  NoteVerifier(std::string name, crypto::Ed25519PublicKey key);
  std::string name_;
  crypto::Ed25519PublicKey key_;
  uint32_t key_id_;
};

// Signs note texts with one Ed25519 key (type 0x01).
class NoteSigner {
 public:
  // Fails unless `name` is a valid key name.
  static absl::StatusOr<NoteSigner> Create(std::string name, crypto::Ed25519PrivateKey key);
  // Parses an skey "PRIVATE+KEY+<name>+<hex id>+<base64(0x01 || seed)>"; strict like the vkey
  // parser, and the key id must match the public key derived from the seed.
  static absl::StatusOr<NoteSigner> Parse(std::string_view skey);

  const std::string& name() const { return name_; }
  uint32_t key_id() const { return key_id_; }
  const crypto::Ed25519PrivateKey& private_key() const { return key_; }
  NoteVerifier Verifier() const;
  std::string VerifierKey() const;
  // The secret skey encoding. Anyone holding it can sign as this key.
  std::string SignerKey() const;

  // The signature line for `text` (which the caller has validated, see ValidateNoteText).
  NoteSignature Sign(std::string_view text) const;

 private:
  NoteSigner(std::string name, crypto::Ed25519PrivateKey key);
  std::string name_;
  crypto::Ed25519PrivateKey key_;
  uint32_t key_id_;
};

// Signs `text` with each signer in order and returns the whole note. Fails if the text is not a
// valid note text (ValidateNoteText) or two signers share name and key id.
absl::StatusOr<std::string> SignNote(std::string_view text, std::span<const NoteSigner> signers);
absl::StatusOr<std::string> SignNote(std::string_view text, const NoteSigner& signer);

struct OpenedNote {
  std::string text;
  // For each signature line made by one of the verifiers, in line order: the verifier's index.
  std::vector<size_t> verified;
  // The signature lines by keys not among the verifiers, in line order (e.g. cosignatures).
  std::vector<NoteSignature> unverified;
};

// Parses `note` (ParseNote) and checks it as c2sp.org/signed-note prescribes: a line whose key
// name and key id both match a verifier must verify, otherwise the whole note is rejected
// (kUnauthenticated); lines by other keys are ignored (returned as `unverified`); at least one
// line must verify (kUnauthenticated otherwise). Two verifiers with the same name and key id are
// kInvalidArgument. Syntax errors are kInvalidArgument.
absl::StatusOr<OpenedNote> OpenNote(std::string_view note, std::span<const NoteVerifier> verifiers);

}  // namespace ledger::note

#endif  // LEDGER_NOTE_KEYS_H_
