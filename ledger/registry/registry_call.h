#ifndef LEDGER_REGISTRY_REGISTRY_CALL_H_
#define LEDGER_REGISTRY_REGISTRY_CALL_H_

// Signed registry calls (proto/ledger/v1/registry_service.proto RegistryCall; docs/FORMATS.md
// §12.2). A call is a DSSE envelope (envelope/envelope.h, the log's canonical encoding) with
// payloadType "ledger.v1.RegistryRequest" and a RegistryRequest in canonical encoding, signed by
// one key of the calling principal. The payload type is not a body type of the log, and a
// RegistryRequest has no entry header, so a call can never be appended as an entry, nor an entry
// replayed as a call. Freshness: issued_at_ms within kRegistryCallSkewMs of the server's clock.
//
//   client:  LEDGER_ASSIGN_OR_RETURN(v1::RegistryCall call, SignRegistryCall(request, key));
//   server:  LEDGER_ASSIGN_OR_RETURN(OpenedCall c, OpenRegistryCall(call));
//            ...find the key named by c.keyid in the log's key registry...
//            LEDGER_RETURN_IF_ERROR(VerifyRegistryCall(c, key.public_key, now_ms));

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/crypto/ed25519.h"
#include "ledger/envelope/envelope.h"
#include "ledger/v1/registry_service.pb.h"

namespace ledger::registry {

inline constexpr std::string_view kRegistryCallPayloadType = "ledger.v1.RegistryRequest";
inline constexpr int64_t kRegistryCallSkewMs = 300'000;

// Signs `request` with `key` (keyid: the key id of its public key, FORMATS §9.3).
absl::StatusOr<v1::RegistryCall> SignRegistryCall(const v1::RegistryRequest& request,
                                                  const crypto::Ed25519PrivateKey& key);

struct OpenedCall {
  v1::RegistryRequest request;
  envelope::Envelope envelope;
  std::string keyid;  // of its one signature
};

// Decodes the envelope and the request without checking the signature. kInvalidArgument for a
// malformed or non-canonical envelope or payload, another payload type, not exactly one
// signature, or a request without origin, principal or operation.
absl::StatusOr<OpenedCall> OpenRegistryCall(const v1::RegistryCall& call);

// Checks the signature with `key` (which the caller found under call.keyid and checked belongs to
// the request's principal) and that issued_at_ms lies within kRegistryCallSkewMs of `now_ms`.
// kUnauthenticated with the reason.
absl::Status VerifyRegistryCall(const OpenedCall& call, const crypto::Ed25519PublicKey& key,
                                int64_t now_ms);

}  // namespace ledger::registry

#endif  // LEDGER_REGISTRY_REGISTRY_CALL_H_
