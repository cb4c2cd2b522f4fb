#include "ledger/note/cosignature.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/text.h"
#include "ledger/util/status_macros.h"

namespace ledger::note {
namespace {

std::string KeyLabel(std::string_view name, uint32_t key_id) {
  return absl::StrCat(Sv(name), "+", absl::Hex(key_id, absl::kZeroPad8));
}

absl::Status CheckName(std::string_view name) {
  if (!IsValidKeyName(name)) {
    return absl::InvalidArgumentError(absl::StrCat("invalid key name ", QuoteForError(name)));
  }
  return absl::OkStatus();
}

absl::Status CheckTimestamp(uint64_t timestamp_s) {
  if (timestamp_s > kCosignatureTimestampMax) {
    return absl::InvalidArgumentError(
        absl::StrCat("cosignature timestamp ", timestamp_s, " exceeds 2^63 - 1"));
  }
  return absl::OkStatus();
}

}  // namespace

std::string CosignatureV1Message(std::string_view checkpoint_body, uint64_t timestamp_s) {
  return absl::StrCat(Sv(kCosignatureV1Header), "\ntime ", timestamp_s, "\n", Sv(checkpoint_body));
}

// CosignatureVerifier.

CosignatureVerifier::CosignatureVerifier(std::string name, crypto::Ed25519PublicKey key)
    : name_(std::move(name)),
      key_(std::move(key)),
      key_id_(KeyId(name_, kSignatureTypeCosignatureV1, key_.bytes())) {}

absl::StatusOr<CosignatureVerifier> CosignatureVerifier::Create(std::string name,
                                                                crypto::Ed25519PublicKey key) {
  LEDGER_RETURN_IF_ERROR(CheckName(name));
  return CosignatureVerifier(std::move(name), std::move(key));
}

absl::StatusOr<CosignatureVerifier> CosignatureVerifier::Parse(std::string_view vkey) {
  LEDGER_ASSIGN_OR_RETURN(ParsedVerifierKey parsed,
                          ParseEd25519VerifierKey(vkey, kSignatureTypeCosignatureV1));
  return CosignatureVerifier(std::move(parsed.name), std::move(parsed.public_key));
}

std::string CosignatureVerifier::VerifierKey() const {
  return FormatVerifierKey(name_, key_id_, kSignatureTypeCosignatureV1, key_.bytes());
}

absl::StatusOr<uint64_t> CosignatureVerifier::Verify(std::string_view checkpoint_body,
                                                     const NoteSignature& cosignature) const {
  if (cosignature.key_name != name_ || cosignature.key_id != key_id_) {
    return absl::InvalidArgumentError(
        absl::StrCat("cosignature by ", KeyLabel(cosignature.key_name, cosignature.key_id),
                     " is not by witness ", KeyLabel(name_, key_id_)));
  }
  if (cosignature.signature.size() != kCosignatureV1SignatureSize) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cosignature by ", KeyLabel(name_, key_id_), " is ", cosignature.signature.size(),
        " bytes after the key id, expected ", kCosignatureV1SignatureSize));
  }
  LEDGER_RETURN_IF_ERROR(ParseCheckpointBody(checkpoint_body).status());
  uint64_t timestamp_s = 0;
  for (size_t i = 0; i < 8; ++i) {
    timestamp_s = (timestamp_s << 8) | static_cast<uint8_t>(cosignature.signature[i]);
  }
  LEDGER_RETURN_IF_ERROR(CheckTimestamp(timestamp_s));
  const std::string_view ed25519 = std::string_view(cosignature.signature).substr(8);
  if (!key_.Verify(CosignatureV1Message(checkpoint_body, timestamp_s), ed25519)) {
    return absl::UnauthenticatedError(absl::StrCat("cosignature by ", KeyLabel(name_, key_id_),
                                                   " at time ", timestamp_s, " does not verify"));
  }
  return timestamp_s;
}

// CosignatureSigner.

CosignatureSigner::CosignatureSigner(std::string name, crypto::Ed25519PrivateKey key)
    : name_(std::move(name)),
      key_(std::move(key)),
      key_id_(KeyId(name_, kSignatureTypeCosignatureV1, key_.public_key().bytes())) {}

absl::StatusOr<CosignatureSigner> CosignatureSigner::Create(std::string name,
                                                            crypto::Ed25519PrivateKey key) {
  LEDGER_RETURN_IF_ERROR(CheckName(name));
  return CosignatureSigner(std::move(name), std::move(key));
}

absl::StatusOr<CosignatureSigner> CosignatureSigner::Parse(std::string_view skey) {
  LEDGER_ASSIGN_OR_RETURN(ParsedSignerKey parsed,
                          ParseEd25519SignerKey(skey, kSignatureTypeCosignatureV1));
  return CosignatureSigner(std::move(parsed.name), std::move(parsed.private_key));
}

std::string CosignatureSigner::SignerKey() const {
  return FormatSignerKey(name_, key_id_, kSignatureTypeCosignatureV1, key_.seed());
}

CosignatureVerifier CosignatureSigner::Verifier() const {
  return CosignatureVerifier(name_, key_.public_key());
}

std::string CosignatureSigner::VerifierKey() const {
  return FormatVerifierKey(name_, key_id_, kSignatureTypeCosignatureV1, key_.public_key().bytes());
}

absl::StatusOr<NoteSignature> CosignCheckpoint(std::string_view checkpoint_body,
                                               const CosignatureSigner& witness,
                                               uint64_t timestamp_s) {
  LEDGER_RETURN_IF_ERROR(ParseCheckpointBody(checkpoint_body).status());
  LEDGER_RETURN_IF_ERROR(CheckTimestamp(timestamp_s));
  NoteSignature sig;
  sig.key_name = witness.name_;
  sig.key_id = witness.key_id_;
  for (int shift = 56; shift >= 0; shift -= 8) {
    sig.signature.push_back(static_cast<char>((timestamp_s >> shift) & 0xFF));
  }
  sig.signature += witness.key_.Sign(CosignatureV1Message(checkpoint_body, timestamp_s));
  return sig;
}

absl::StatusOr<std::vector<VerifiedCosignature>> VerifyCosignatures(
    const Note& note, std::span<const CosignatureVerifier> witnesses) {
  std::set<std::pair<std::string_view, uint32_t>> known;
  for (const CosignatureVerifier& w : witnesses) {
    if (!known.emplace(w.name(), w.key_id()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("two witnesses with key ", KeyLabel(w.name(), w.key_id())));
    }
  }
  std::vector<VerifiedCosignature> verified;
  for (const NoteSignature& sig : note.signatures) {
    for (size_t i = 0; i < witnesses.size(); ++i) {
      if (witnesses[i].name() != sig.key_name || witnesses[i].key_id() != sig.key_id) continue;
      LEDGER_ASSIGN_OR_RETURN(uint64_t timestamp_s, witnesses[i].Verify(note.text, sig));
      verified.push_back(VerifiedCosignature{i, timestamp_s});
      break;
    }
  }
  return verified;
}

}  // namespace ledger::note
