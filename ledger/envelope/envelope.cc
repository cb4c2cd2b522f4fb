#include "ledger/envelope/envelope.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/util/status_macros.h"
#include "ledger/util/utf8.h"
#include "ledger/v1/envelope.pb.h"

namespace ledger::envelope {
namespace {

// absl::StrCat takes Debian Abseil's own absl::string_view, not std::string_view.
absl::string_view Sv(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// `text` quoted for an error message, cut to 40 bytes: keyids come from clients.
std::string Quote(std::string_view text) {
  constexpr size_t kQuoteMax = 40;
  if (text.size() <= kQuoteMax) return absl::StrCat("\"", Sv(text), "\"");
  return absl::StrCat("\"", Sv(text.substr(0, kQuoteMax)), "\"...");
}

absl::Status CheckSize(size_t size) {
  if (size > kEnvelopeSizeMax) {
    return absl::InvalidArgumentError(
        absl::StrCat("envelope is ", size, " bytes, the maximum is ", kEnvelopeSizeMax));
  }
  return absl::OkStatus();
}

absl::Status CheckPayloadType(std::string_view payload_type) {
  if (payload_type.empty()) return absl::InvalidArgumentError("envelope payloadType is empty");
  if (!IsValidUtf8(payload_type)) {
    return absl::InvalidArgumentError("envelope payloadType is not valid UTF-8");
  }
  return absl::OkStatus();
}

absl::Status CheckKeyId(std::string_view keyid, size_t index) {
  if (!IsValidUtf8(keyid)) {
    return absl::InvalidArgumentError(
        absl::StrCat("envelope signature ", index, " keyid is not valid UTF-8"));
  }
  return absl::OkStatus();
}

// Everything but the size, which depends on the encoding.
absl::Status CheckEnvelope(const Envelope& envelope) {
  LEDGER_RETURN_IF_ERROR(CheckPayloadType(envelope.payload_type));
  if (envelope.signatures.empty()) {
    return absl::InvalidArgumentError("envelope has no signature");
  }
  if (envelope.signatures.size() > kEnvelopeSignaturesMax) {
    return absl::InvalidArgumentError(absl::StrCat("envelope has ", envelope.signatures.size(),
                                                   " signatures, the maximum is ",
                                                   kEnvelopeSignaturesMax));
  }
  for (size_t i = 0; i < envelope.signatures.size(); ++i) {
    LEDGER_RETURN_IF_ERROR(CheckKeyId(envelope.signatures[i].keyid, i));
    if (envelope.signatures[i].sig.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("envelope signature ", i, " is empty"));
    }
  }
  return absl::OkStatus();
}

std::string EncodeChecked(const Envelope& envelope) {
  v1::Envelope proto;
  proto.set_payload(envelope.payload);
  proto.set_payloadtype(envelope.payload_type);
  for (const EnvelopeSignature& s : envelope.signatures) {
    v1::Envelope::Signature* out = proto.add_signatures();
    out->set_sig(s.sig);
    out->set_keyid(s.keyid);
  }
  // The generated serializer writes fields in number order, omits proto3 default values and
  // uses minimal varints: the canonical form. (Determinism only matters for maps; we have none.)
  return proto.SerializeAsString();
}

}  // namespace

std::string Pae(std::string_view payload_type, std::string_view payload) {
  return absl::StrCat("DSSEv1 ", payload_type.size(), " ", Sv(payload_type), " ", payload.size(),
                      " ", Sv(payload));
}

absl::StatusOr<std::string> EncodeEnvelope(const Envelope& envelope) {
  LEDGER_RETURN_IF_ERROR(CheckEnvelope(envelope));
  std::string bytes = EncodeChecked(envelope);
  LEDGER_RETURN_IF_ERROR(CheckSize(bytes.size()));
  return bytes;
}

absl::StatusOr<Envelope> DecodeEnvelope(std::string_view bytes) {
  LEDGER_RETURN_IF_ERROR(CheckSize(bytes.size()));
  v1::Envelope proto;
  if (!proto.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::InvalidArgumentError(
        "envelope is not a ledger.v1.Envelope protobuf (or has a string that is not UTF-8)");
  }
  if (!proto.GetReflection()->GetUnknownFields(proto).empty()) {
    return absl::InvalidArgumentError("envelope has an unknown field");
  }
  Envelope envelope;
  envelope.payload = proto.payload();
  envelope.payload_type = proto.payloadtype();
  for (int i = 0; i < proto.signatures_size(); ++i) {
    const v1::Envelope::Signature& s = proto.signatures(i);
    if (!s.GetReflection()->GetUnknownFields(s).empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("envelope signature ", i, " has an unknown field"));
    }
    envelope.signatures.push_back(EnvelopeSignature{s.keyid(), s.sig()});
  }
  LEDGER_RETURN_IF_ERROR(CheckEnvelope(envelope));
  // Anything that parses but is not what we would write (a repeated or out-of-order field, an
  // explicit default value, a padded varint) re-encodes differently.
  if (EncodeChecked(envelope) != bytes) {
    return absl::InvalidArgumentError(
        "envelope is not in canonical protobuf encoding (fields out of order, repeated, "
        "default-valued or with non-minimal lengths)");
  }
  return envelope;
}

absl::StatusOr<Envelope> SignEnvelope(std::string payload_type, std::string payload,
                                      std::string keyid, const crypto::Ed25519PrivateKey& key) {
  Envelope envelope;
  envelope.payload_type = std::move(payload_type);
  envelope.payload = std::move(payload);
  LEDGER_RETURN_IF_ERROR(AddEnvelopeSignature(envelope, std::move(keyid), key));
  return envelope;
}

absl::Status AddEnvelopeSignature(Envelope& envelope, std::string keyid,
                                  const crypto::Ed25519PrivateKey& key) {
  LEDGER_RETURN_IF_ERROR(CheckPayloadType(envelope.payload_type));
  if (keyid.empty()) return absl::InvalidArgumentError("envelope keyid is empty");
  LEDGER_RETURN_IF_ERROR(CheckKeyId(keyid, envelope.signatures.size()));
  for (const EnvelopeSignature& s : envelope.signatures) {
    if (s.keyid == keyid) {
      return absl::InvalidArgumentError(
          absl::StrCat("envelope is already signed by keyid ", Quote(keyid)));
    }
  }
  if (envelope.signatures.size() == kEnvelopeSignaturesMax) {
    return absl::InvalidArgumentError(absl::StrCat("envelope already has the maximum of ",
                                                   kEnvelopeSignaturesMax, " signatures"));
  }
  envelope.signatures.push_back(
      EnvelopeSignature{std::move(keyid), key.Sign(Pae(envelope.payload_type, envelope.payload))});
  return absl::OkStatus();
}

absl::Status VerifyEnvelopeSignature(const Envelope& envelope, PublicKeyLookup lookup) {
  if (envelope.signatures.empty()) return absl::InvalidArgumentError("envelope has no signature");
  const std::string pae = Pae(envelope.payload_type, envelope.payload);
  std::set<std::string_view> seen;
  for (size_t i = 0; i < envelope.signatures.size(); ++i) {
    const EnvelopeSignature& s = envelope.signatures[i];
    if (s.keyid.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("envelope signature ", i, " has no keyid"));
    }
    if (!seen.insert(s.keyid).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("envelope has two signatures with keyid ", Quote(s.keyid)));
    }
    LEDGER_ASSIGN_OR_RETURN(crypto::Ed25519PublicKey key, lookup(s.keyid));
    if (!key.Verify(pae, s.sig)) {
      return absl::UnauthenticatedError(
          absl::StrCat("envelope signature ", i, " by keyid ", Quote(s.keyid), " does not verify"));
    }
  }
  return absl::OkStatus();
}

}  // namespace ledger::envelope
