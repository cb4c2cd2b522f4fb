#include "ledger/note/keys.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/crypto/sha256.h"
#include "ledger/note/text.h"
#include "ledger/util/base64.h"
#include "ledger/util/status_macros.h"

namespace ledger::note {
namespace {

constexpr std::string_view kSignerKeyPrefix = "PRIVATE+KEY+";
constexpr size_t kKeyIdHexSize = 8;

// Exactly 8 lower-case hex digits, the only form FormatVerifierKey writes.
bool ParseKeyIdHex(std::string_view hex, uint32_t* key_id) {
  if (hex.size() != kKeyIdHexSize) return false;
  uint32_t value = 0;
  for (char c : hex) {
    uint32_t digit = 0;
    if (c >= '0' && c <= '9') {
      digit = static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<uint32_t>(c - 'a' + 10);
    } else {
      return false;
    }
    value = (value << 4) | digit;
  }
  *key_id = value;
  return true;
}

std::string KeyIdHex(uint32_t key_id) { return absl::StrCat(absl::Hex(key_id, absl::kZeroPad8)); }

struct KeyFields {
  std::string_view name;
  uint32_t key_id = 0;
  std::string material;  // decoded: type byte || key bytes
};

// Splits "<name>+<hex>+<base64>" and decodes the parts; `what` names the encoding in errors.
absl::StatusOr<KeyFields> SplitKey(std::string_view text, std::string_view what) {
  const size_t plus1 = text.find('+');
  const size_t plus2 = plus1 == std::string_view::npos ? plus1 : text.find('+', plus1 + 1);
  if (plus2 == std::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(Sv(what), " is not of the form <name>+<key id>+<key>"));
  }
  KeyFields fields;
  fields.name = text.substr(0, plus1);
  if (!IsValidKeyName(fields.name)) {
    return absl::InvalidArgumentError(
        absl::StrCat(Sv(what), " has an invalid key name ", QuoteForError(fields.name)));
  }
  if (!ParseKeyIdHex(text.substr(plus1 + 1, plus2 - plus1 - 1), &fields.key_id)) {
    return absl::InvalidArgumentError(
        absl::StrCat(Sv(what), " key id is not 8 lower-case hex digits"));
  }
  if (!Base64DecodeStrict(text.substr(plus2 + 1), &fields.material)) {
    return absl::InvalidArgumentError(
        absl::StrCat(Sv(what), " key is not canonical padded base64"));
  }
  return fields;
}

// Checks the type byte and length of `material` and returns the 32 key bytes.
absl::StatusOr<std::string_view> Ed25519Material(const KeyFields& fields, uint8_t signature_type,
                                                 std::string_view what) {
  const std::string_view material = fields.material;
  if (material.empty() || static_cast<uint8_t>(material[0]) != signature_type) {
    return absl::InvalidArgumentError(absl::StrCat(
        Sv(what), " has signature type ",
        material.empty()
            ? std::string("(none)")
            : absl::StrCat("0x", absl::Hex(static_cast<uint8_t>(material[0]), absl::kZeroPad2)),
        ", expected 0x", absl::Hex(signature_type, absl::kZeroPad2)));
  }
  if (material.size() != 1 + crypto::kEd25519PublicKeySize) {
    return absl::InvalidArgumentError(
        absl::StrCat(Sv(what), " key is ", material.size() - 1, " bytes, expected 32"));
  }
  return material.substr(1);
}

absl::Status CheckKeyId(const KeyFields& fields, uint32_t computed, std::string_view what) {
  if (fields.key_id != computed) {
    return absl::InvalidArgumentError(absl::StrCat(Sv(what), " key id ", KeyIdHex(fields.key_id),
                                                   " does not match the key (computed ",
                                                   KeyIdHex(computed), ")"));
  }
  return absl::OkStatus();
}

absl::Status CheckName(std::string_view name) {
  if (!IsValidKeyName(name)) {
    return absl::InvalidArgumentError(absl::StrCat("invalid key name ", QuoteForError(name)));
  }
  return absl::OkStatus();
}

}  // namespace

uint32_t KeyId(std::string_view name, uint8_t signature_type, std::string_view public_key) {
  crypto::Sha256Hasher hasher;
  hasher.Update(name);
  hasher.Update("\n");
  hasher.Update(&signature_type, 1);
  hasher.Update(public_key);
  const crypto::Sha256Digest digest = hasher.Final();
  return (uint32_t{digest[0]} << 24) | (uint32_t{digest[1]} << 16) | (uint32_t{digest[2]} << 8) |
         uint32_t{digest[3]};
}

std::string FormatVerifierKey(std::string_view name, uint32_t key_id, uint8_t signature_type,
                              std::string_view public_key) {
  std::string material(1, static_cast<char>(signature_type));
  material += public_key;
  return absl::StrCat(Sv(name), "+", KeyIdHex(key_id), "+", Base64Encode(material));
}

absl::StatusOr<ParsedVerifierKey> ParseEd25519VerifierKey(std::string_view vkey,
                                                          uint8_t signature_type) {
  constexpr std::string_view kWhat = "verifier key";
  LEDGER_ASSIGN_OR_RETURN(KeyFields fields, SplitKey(vkey, kWhat));
  LEDGER_ASSIGN_OR_RETURN(std::string_view raw, Ed25519Material(fields, signature_type, kWhat));
  LEDGER_RETURN_IF_ERROR(CheckKeyId(fields, KeyId(fields.name, signature_type, raw), kWhat));
  LEDGER_ASSIGN_OR_RETURN(crypto::Ed25519PublicKey key, crypto::Ed25519PublicKey::FromBytes(raw));
  return ParsedVerifierKey{std::string(fields.name), fields.key_id, std::move(key)};
}

std::string FormatSignerKey(std::string_view name, uint32_t key_id, uint8_t signature_type,
                            std::string_view seed) {
  return absl::StrCat(Sv(kSignerKeyPrefix), FormatVerifierKey(name, key_id, signature_type, seed));
}

absl::StatusOr<ParsedSignerKey> ParseEd25519SignerKey(std::string_view skey,
                                                      uint8_t signature_type) {
  constexpr std::string_view kWhat = "signer key";
  if (skey.substr(0, kSignerKeyPrefix.size()) != kSignerKeyPrefix) {
    return absl::InvalidArgumentError("signer key does not start with PRIVATE+KEY+");
  }
  LEDGER_ASSIGN_OR_RETURN(KeyFields fields, SplitKey(skey.substr(kSignerKeyPrefix.size()), kWhat));
  LEDGER_ASSIGN_OR_RETURN(std::string_view seed, Ed25519Material(fields, signature_type, kWhat));
  LEDGER_ASSIGN_OR_RETURN(crypto::Ed25519PrivateKey key, crypto::Ed25519PrivateKey::FromSeed(seed));
  LEDGER_RETURN_IF_ERROR(
      CheckKeyId(fields, KeyId(fields.name, signature_type, key.public_key().bytes()), kWhat));
  return ParsedSignerKey{std::string(fields.name), fields.key_id, std::move(key)};
}

// NoteVerifier.

NoteVerifier::NoteVerifier(std::string name, crypto::Ed25519PublicKey key)
    : name_(std::move(name)),
      key_(std::move(key)),
      key_id_(KeyId(name_, kSignatureTypeEd25519, key_.bytes())) {}

absl::StatusOr<NoteVerifier> NoteVerifier::Create(std::string name, crypto::Ed25519PublicKey key) {
  LEDGER_RETURN_IF_ERROR(CheckName(name));
  return NoteVerifier(std::move(name), std::move(key));
}

absl::StatusOr<NoteVerifier> NoteVerifier::Parse(std::string_view vkey) {
  LEDGER_ASSIGN_OR_RETURN(ParsedVerifierKey parsed,
                          ParseEd25519VerifierKey(vkey, kSignatureTypeEd25519));
  return NoteVerifier(std::move(parsed.name), std::move(parsed.public_key));
}

std::string NoteVerifier::VerifierKey() const {
  return FormatVerifierKey(name_, key_id_, kSignatureTypeEd25519, key_.bytes());
}

bool NoteVerifier::Verify(std::string_view text, std::string_view signature) const {
  return key_.Verify(text, signature);
}

// NoteSigner.

NoteSigner::NoteSigner(std::string name, crypto::Ed25519PrivateKey key)
    : name_(std::move(name)),
      key_(std::move(key)),
      key_id_(KeyId(name_, kSignatureTypeEd25519, key_.public_key().bytes())) {}

absl::StatusOr<NoteSigner> NoteSigner::Create(std::string name, crypto::Ed25519PrivateKey key) {
  LEDGER_RETURN_IF_ERROR(CheckName(name));
  return NoteSigner(std::move(name), std::move(key));
}

absl::StatusOr<NoteSigner> NoteSigner::Parse(std::string_view skey) {
  LEDGER_ASSIGN_OR_RETURN(ParsedSignerKey parsed,
                          ParseEd25519SignerKey(skey, kSignatureTypeEd25519));
  return NoteSigner(std::move(parsed.name), std::move(parsed.private_key));
}

NoteVerifier NoteSigner::Verifier() const { return NoteVerifier(name_, key_.public_key()); }

std::string NoteSigner::VerifierKey() const {
  return FormatVerifierKey(name_, key_id_, kSignatureTypeEd25519, key_.public_key().bytes());
}

std::string NoteSigner::SignerKey() const {
  return FormatSignerKey(name_, key_id_, kSignatureTypeEd25519, key_.seed());
}

NoteSignature NoteSigner::Sign(std::string_view text) const {
  return NoteSignature{name_, key_id_, key_.Sign(text)};
}

// Notes.

absl::StatusOr<std::string> SignNote(std::string_view text, std::span<const NoteSigner> signers) {
  LEDGER_RETURN_IF_ERROR(ValidateNoteText(text));
  Note note;
  note.text = std::string(text);
  for (const NoteSigner& signer : signers) note.signatures.push_back(signer.Sign(text));
  return FormatNote(note);
}

absl::StatusOr<std::string> SignNote(std::string_view text, const NoteSigner& signer) {
  return SignNote(text, std::span<const NoteSigner>(&signer, 1));
}

absl::StatusOr<OpenedNote> OpenNote(std::string_view note,
                                    std::span<const NoteVerifier> verifiers) {
  std::set<std::pair<std::string_view, uint32_t>> known;
  for (const NoteVerifier& v : verifiers) {
    if (!known.emplace(v.name(), v.key_id()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("two verifiers for key ", v.name(), "+", KeyIdHex(v.key_id())));
    }
  }
  LEDGER_ASSIGN_OR_RETURN(Note parsed, ParseNote(note));
  OpenedNote opened;
  for (NoteSignature& sig : parsed.signatures) {
    size_t index = 0;
    while (index < verifiers.size() &&
           (verifiers[index].name() != sig.key_name || verifiers[index].key_id() != sig.key_id)) {
      ++index;
    }
    if (index == verifiers.size()) {
      opened.unverified.push_back(std::move(sig));
      continue;
    }
    if (!verifiers[index].Verify(parsed.text, sig.signature)) {
      return absl::UnauthenticatedError(absl::StrCat("signature by ", sig.key_name, "+",
                                                     KeyIdHex(sig.key_id), " does not verify"));
    }
    opened.verified.push_back(index);
  }
  if (opened.verified.empty()) {
    return absl::UnauthenticatedError("note has no signature by a known key");
  }
  opened.text = std::move(parsed.text);
  return opened;
}

}  // namespace ledger::note
