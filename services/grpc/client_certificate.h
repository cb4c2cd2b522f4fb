#ifndef SERVICES_GRPC_CLIENT_CERTIFICATE_H_
#define SERVICES_GRPC_CLIENT_CERTIFICATE_H_

// Who a client certificate speaks for, and the check that a write is signed by that principal
// (ledgerd --require-client-cert; docs/FORMATS.md §21, docs/OPERATIONS.md "TLS").
//
// A certificate names a principal with a URI subject alternative name
// "ledger-principal:<principal_id>" (scripts/dev-certs.sh --principal issues such certificates).
// It may name several (one workstation acting for several organisations); the subject CN is only
// a label for messages and never names a principal, so that a host or person name that happens
// to equal a principal id grants nothing.
//
//   ClientCertificate cert = ClientCertificateOf(*context->auth_context());
//   if (absl::Status s = CheckSigners(cert, envelopes); !s.ok()) return ToGrpcStatus(s);
//
// Pure apart from reading the AuthContext; thread-safe.

#include <grpcpp/security/auth_context.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace ledger::grpc_services {

// The URI scheme of the subject alternative name that names a principal.
inline constexpr std::string_view kPrincipalUriPrefix = "ledger-principal:";
// The rule id of a write refused because the certificate names another principal
// (PERMISSION_DENIED; decided by the server from the connection, never seen in a replay).
inline constexpr std::string_view kClientCertificateRule = "L-CERT";

struct ClientCertificate {
  // The subject common name ("" when none), for messages.
  std::string common_name;
  // The principal ids of its "ledger-principal:" URI SANs, in certificate order, no repeats.
  std::vector<std::string> principals;
};

// The verified peer certificate's names, from gRPC's x509 auth properties ("x509_common_name",
// "x509_subject_alternative_name"). Empty for a plaintext or certificate-less peer.
ClientCertificate ClientCertificateOf(const grpc::AuthContext& auth);

// OK when every envelope that decodes (state::DecodeEntry) is signed by a principal the
// certificate names (its header.principal_id). Envelopes that do not decode are left to the
// sequencer, which rejects them with their own rule and writes nothing for them. Otherwise
// kPermissionDenied with rule L-CERT naming the envelope's index, its signer and the
// certificate's principals (or saying that it names none).
absl::Status CheckSigners(const ClientCertificate& cert, std::span<const std::string> envelopes);

// OK when the certificate names `principal_id`, the signer of a signed call that is not an entry
// (a registry call, `what`: "registry call list"); else kPermissionDenied with rule L-CERT naming
// both.
absl::Status CheckCaller(const ClientCertificate& cert, std::string_view principal_id,
                         std::string_view what);

}  // namespace ledger::grpc_services

#endif  // SERVICES_GRPC_CLIENT_CERTIFICATE_H_
