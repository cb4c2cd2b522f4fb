#ifndef LEDGER_ENVELOPE_ENVELOPE_H_
#define LEDGER_ENVELOPE_ENVELOPE_H_

// The entry envelope: DSSE (https://github.com/secure-systems-lab/dsse) in its protobuf
// encoding (proto/ledger/v1/envelope.proto), with Ed25519 signatures over
//
//   PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body
//
// (SP = 0x20, LEN = byte length in ASCII decimal, no leading zeros).
//
// The encoding is canonical and decoding is strict: DecodeEnvelope accepts exactly the bytes
// EncodeEnvelope produces, so the envelope bytes inside a leaf have one meaning for every
// verifier (no unknown fields, no repeated scalar fields, no default values written, fields in
// number order, minimal varints).
//
//   LEDGER_ASSIGN_OR_RETURN(Envelope e, SignEnvelope(type, body, keyid, key));
//   LEDGER_ASSIGN_OR_RETURN(std::string bytes, EncodeEnvelope(e));
//   LEDGER_ASSIGN_OR_RETURN(Envelope back, DecodeEnvelope(bytes));
//   LEDGER_RETURN_IF_ERROR(VerifyEnvelopeSignature(back, lookup));
//
// Pure and thread-safe. Errors: kInvalidArgument for malformed or oversize envelopes,
// kUnauthenticated for signatures that do not verify, and whatever the key lookup returns.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/crypto/ed25519.h"

namespace ledger::envelope {

// The largest envelope we encode or decode, in bytes of its protobuf encoding.
inline constexpr size_t kEnvelopeSizeMax = 64 * 1024;
// The most signatures one envelope may carry.
inline constexpr size_t kEnvelopeSignaturesMax = 16;

// "DSSEv1 <len(type)> <type> <len(payload)> <payload>", the bytes every signature signs.
std::string Pae(std::string_view payload_type, std::string_view payload);

struct EnvelopeSignature {
  std::string keyid;  // may be empty in DSSE; our keys always have one
  std::string sig;    // non-empty

  bool operator==(const EnvelopeSignature&) const = default;
};

struct Envelope {
  std::string payload_type;                   // non-empty, valid UTF-8
  std::string payload;                        // any bytes, possibly empty
  std::vector<EnvelopeSignature> signatures;  // 1 to kEnvelopeSignaturesMax

  bool operator==(const Envelope&) const = default;
};

// The canonical protobuf encoding. Fails (kInvalidArgument) on an envelope that DecodeEnvelope
// would reject: empty or non-UTF-8 payload type, no signatures or more than
// kEnvelopeSignaturesMax, an empty sig, a non-UTF-8 keyid, or more than kEnvelopeSizeMax bytes.
absl::StatusOr<std::string> EncodeEnvelope(const Envelope& envelope);

// Strict decoding: `bytes` must be at most kEnvelopeSizeMax bytes (error: "envelope is 70000
// bytes, the maximum is 65536"), parse as ledger.v1.Envelope with no unknown field, re-encode
// to exactly `bytes`, and satisfy the constraints listed at EncodeEnvelope.
absl::StatusOr<Envelope> DecodeEnvelope(std::string_view bytes);

// An envelope with one Ed25519 signature by `key`, labelled `keyid`. Fails on an empty or
// non-UTF-8 payload type or keyid.
absl::StatusOr<Envelope> SignEnvelope(std::string payload_type, std::string payload,
                                      std::string keyid, const crypto::Ed25519PrivateKey& key);

// Appends one more signature (co-signing, e.g. a second principal). Same checks as SignEnvelope,
// and the keyid must not already sign the envelope.
absl::Status AddEnvelopeSignature(Envelope& envelope, std::string keyid,
                                  const crypto::Ed25519PrivateKey& key);

// Maps a keyid to the public key it names (e.g. from the in-log key registry), or an error
// (typically kNotFound, or kFailedPrecondition for a revoked key) that is returned as is.
using PublicKeyLookup =
    absl::FunctionRef<absl::StatusOr<crypto::Ed25519PublicKey>(std::string_view keyid)>;

// Checks every signature: each keyid must be non-empty and distinct, `lookup` must resolve it,
// and the signature must be that key's Ed25519 signature of Pae(payload_type, payload). One bad
// signature fails the whole envelope (kUnauthenticated), so an envelope's signer set is exactly
// its keyids.
absl::Status VerifyEnvelopeSignature(const Envelope& envelope, PublicKeyLookup lookup);

}  // namespace ledger::envelope

#endif  // LEDGER_ENVELOPE_ENVELOPE_H_
