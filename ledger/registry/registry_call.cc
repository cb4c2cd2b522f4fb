#include "ledger/registry/registry_call.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "ledger/state/canonical_payload.h"
#include "ledger/state/entry.h"
#include "ledger/util/status_macros.h"

namespace ledger::registry {

absl::StatusOr<v1::RegistryCall> SignRegistryCall(const v1::RegistryRequest& request,
                                                  const crypto::Ed25519PrivateKey& key) {
  LEDGER_ASSIGN_OR_RETURN(envelope::Envelope signed_envelope,
                          envelope::SignEnvelope(std::string(kRegistryCallPayloadType),
                                                 state::SerializeCanonical(request),
                                                 state::KeyIdOf(key.public_key()), key));
  LEDGER_ASSIGN_OR_RETURN(std::string bytes, envelope::EncodeEnvelope(signed_envelope));
  v1::RegistryCall call;
  call.set_envelope(std::move(bytes));
  return call;
}

absl::StatusOr<OpenedCall> OpenRegistryCall(const v1::RegistryCall& call) {
  OpenedCall opened;
  LEDGER_ASSIGN_OR_RETURN(opened.envelope, envelope::DecodeEnvelope(call.envelope()));
  if (opened.envelope.payload_type != kRegistryCallPayloadType) {
    return absl::InvalidArgumentError(absl::StrCat("a registry call has payload type ",
                                                   std::string(kRegistryCallPayloadType), ", not ",
                                                   opened.envelope.payload_type));
  }
  if (opened.envelope.signatures.size() != 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a registry call has exactly one signature, not ", opened.envelope.signatures.size()));
  }
  opened.keyid = opened.envelope.signatures[0].keyid;
  absl::StatusOr<std::unique_ptr<google::protobuf::Message>> parsed =
      state::ParseCanonical(v1::RegistryRequest::default_instance(), opened.envelope.payload);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("registry request: ", parsed.status().message()));
  }
  opened.request = static_cast<const v1::RegistryRequest&>(**parsed);
  const v1::RegistryRequest& r = opened.request;
  if (r.origin().empty() || r.principal_id().empty()) {
    return absl::InvalidArgumentError("a registry request names its origin and principal_id");
  }
  if (r.operation_case() == v1::RegistryRequest::OPERATION_NOT_SET) {
    return absl::InvalidArgumentError("a registry request has an operation");
  }
  return opened;
}

absl::Status VerifyRegistryCall(const OpenedCall& call, const crypto::Ed25519PublicKey& key,
                                int64_t now_ms) {
  LEDGER_RETURN_IF_ERROR(envelope::VerifyEnvelopeSignature(
      call.envelope,
      [&](std::string_view) -> absl::StatusOr<crypto::Ed25519PublicKey> { return key; }));
  const int64_t issued = call.request.issued_at_ms();
  const int64_t skew = issued > now_ms ? issued - now_ms : now_ms - issued;
  if (skew > kRegistryCallSkewMs) {
    return absl::UnauthenticatedError(
        absl::StrCat("the registry call was issued at ", issued, " ms, ", skew / 1000,
                     " s away from the server's clock (at most ", kRegistryCallSkewMs / 1000,
                     " s): check the client's clock, and sign each call when it is sent"));
  }
  return absl::OkStatus();
}

}  // namespace ledger::registry
