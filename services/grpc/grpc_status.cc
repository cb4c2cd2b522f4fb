#include "services/grpc/grpc_status.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ledger/util/rule_error.h"

namespace ledger::grpc_services {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const std::string rule = RuleOf(status);
  std::string message(status.message());
  if (!rule.empty()) message = absl::StrCat(rule, ": ", message);
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), message);
}

bool IsLoopbackPeer(const std::string& peer) {
  return absl::StartsWith(peer, "ipv4:127.") || absl::StartsWith(peer, "ipv6:[::1]") ||
         absl::StartsWith(peer, "ipv6:%5B::1%5D") || absl::StartsWith(peer, "unix:");
}

}  // namespace ledger::grpc_services
