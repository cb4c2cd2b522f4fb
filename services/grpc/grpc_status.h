#ifndef SERVICES_GRPC_GRPC_STATUS_H_
#define SERVICES_GRPC_GRPC_STATUS_H_

// The one place where absl::Status becomes grpc::Status (the codes are the same numbers). A rule
// id travels in the message as its prefix ("L-BATCH: ..."), and in the binary error details as
// nothing else: clients read per-entry rules from SubmitResult.rule.

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"

namespace ledger::grpc_services {

// The longest status message sent, in bytes. The message travels in the trailers, which gRPC
// percent-encodes (up to 3 bytes per byte of a Chinese character) and clients refuse beyond their
// metadata limit (8 KiB by default) with a RESOURCE_EXHAUSTED or INTERNAL that hides the real
// error. A message that echoes client input (an unknown origin or id of 10 MB) is cut here.
inline constexpr size_t kStatusMessageBytesMax = 2048;

// The grpc::Status of `status`: same code, the rule id as the message's prefix, and the message
// cut at a UTF-8 character boundary to kStatusMessageBytesMax with "… (N bytes cut)".
grpc::Status ToGrpcStatus(const absl::Status& status);

// `message` cut as ToGrpcStatus cuts it.
std::string BoundedStatusMessage(std::string message);

// True when the peer (grpc::ServerContext::peer()) is on this machine: loopback IPv4/IPv6 or a
// Unix socket.
bool IsLoopbackPeer(const std::string& peer);

}  // namespace ledger::grpc_services

#endif  // SERVICES_GRPC_GRPC_STATUS_H_
