#ifndef SERVICES_GRPC_GRPC_STATUS_H_
#define SERVICES_GRPC_GRPC_STATUS_H_

// The one place where absl::Status becomes grpc::Status (the codes are the same numbers). A rule
// id travels in the message as its prefix ("L-BATCH: ..."), and in the binary error details as
// nothing else: clients read per-entry rules from SubmitResult.rule.

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"

namespace ledger::grpc_services {

grpc::Status ToGrpcStatus(const absl::Status& status);

// True when the peer (grpc::ServerContext::peer()) is on this machine: loopback IPv4/IPv6 or a
// Unix socket.
bool IsLoopbackPeer(const std::string& peer);

}  // namespace ledger::grpc_services

#endif  // SERVICES_GRPC_GRPC_STATUS_H_
