#include "services/grpc/client_certificate.h"

#include <grpc/grpc_security_constants.h>

#include <algorithm>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ledger/state/entry.h"
#include "ledger/util/rule_error.h"

namespace ledger::grpc_services {
namespace {

std::string Describe(const ClientCertificate& cert) {
  return cert.common_name.empty()
             ? std::string("the client certificate")
             : absl::StrCat("the client certificate (CN=", cert.common_name, ")");
}

std::string Quoted(const std::vector<std::string>& ids) {
  std::vector<std::string> quoted;
  quoted.reserve(ids.size());
  for (const std::string& id : ids) quoted.push_back(absl::StrCat("\"", id, "\""));
  return absl::StrJoin(quoted, ", ");
}

}  // namespace

ClientCertificate ClientCertificateOf(const grpc::AuthContext& auth) {
  ClientCertificate cert;
  for (const grpc::string_ref& cn : auth.FindPropertyValues(GRPC_X509_CN_PROPERTY_NAME)) {
    cert.common_name.assign(cn.data(), cn.size());
  }
  for (const grpc::string_ref& san : auth.FindPropertyValues(GRPC_X509_SAN_PROPERTY_NAME)) {
    const std::string_view value(san.data(), san.size());
    if (value.size() <= kPrincipalUriPrefix.size() ||
        value.substr(0, kPrincipalUriPrefix.size()) != kPrincipalUriPrefix) {
      continue;
    }
    std::string id(value.substr(kPrincipalUriPrefix.size()));
    if (std::find(cert.principals.begin(), cert.principals.end(), id) == cert.principals.end()) {
      cert.principals.push_back(std::move(id));
    }
  }
  return cert;
}

absl::Status CheckSigners(const ClientCertificate& cert, std::span<const std::string> envelopes) {
  if (cert.principals.empty()) {
    return RuleError(
        absl::StatusCode::kPermissionDenied, kClientCertificateRule,
        absl::StrCat(Describe(cert), " names no principal: with --require-client-cert a write ",
                     "needs a certificate with the URI subject alternative name ",
                     std::string(kPrincipalUriPrefix),
                     "<principal_id> of the entries' signer; nothing was ", "written"));
  }
  for (size_t i = 0; i < envelopes.size(); ++i) {
    absl::StatusOr<state::Entry> entry = state::DecodeEntry(envelopes[i]);
    if (!entry.ok()) continue;  // the sequencer rejects it with L-ENVELOPE/L-PAYLOAD/L-HEADER
    const std::string& signer = entry->header().principal_id();
    if (std::find(cert.principals.begin(), cert.principals.end(), signer) !=
        cert.principals.end()) {
      continue;
    }
    return RuleError(
        absl::StatusCode::kPermissionDenied, kClientCertificateRule,
        absl::StrCat("envelope ", i, " is signed by principal \"", signer, "\", but ",
                     Describe(cert), " names principal ", Quoted(cert.principals),
                     ": a client may submit only entries of the principal its certificate names; "
                     "nothing was written"));
  }
  return absl::OkStatus();
}

absl::Status CheckCaller(const ClientCertificate& cert, std::string_view principal_id,
                         std::string_view what) {
  if (std::find(cert.principals.begin(), cert.principals.end(), principal_id) !=
      cert.principals.end()) {
    return absl::OkStatus();
  }
  const std::string names = cert.principals.empty()
                                ? std::string("names no principal")
                                : absl::StrCat("names principal ", Quoted(cert.principals));
  return RuleError(absl::StatusCode::kPermissionDenied, kClientCertificateRule,
                   absl::StrCat(std::string(what), " is signed by principal \"",
                                std::string(principal_id), "\", but ", Describe(cert), " ", names,
                                ": with --require-client-cert a client may act only as the "
                                "principal its certificate names"));
}

}  // namespace ledger::grpc_services
