#include "services/grpc/grpc_status.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ledger/util/rule_error.h"

namespace ledger::grpc_services {

std::string BoundedStatusMessage(std::string message) {
  if (message.size() <= kStatusMessageBytesMax) return message;
  // Room for the note; then back up to the first byte of a UTF-8 sequence.
  size_t keep = kStatusMessageBytesMax - 64;
  while (keep > 0 && (static_cast<unsigned char>(message[keep]) & 0xC0) == 0x80) --keep;
  const size_t cut = message.size() - keep;
  message.resize(keep);
  absl::StrAppend(&message, "… (", cut, " bytes cut)");
  return message;
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const std::string rule = RuleOf(status);
  std::string message(status.message());
  if (!rule.empty()) message = absl::StrCat(rule, ": ", message);
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      BoundedStatusMessage(std::move(message)));
}

bool IsLoopbackPeer(const std::string& peer) {
  return absl::StartsWith(peer, "ipv4:127.") || absl::StartsWith(peer, "ipv6:[::1]") ||
         absl::StartsWith(peer, "ipv6:%5B::1%5D") || absl::StartsWith(peer, "unix:");
}

}  // namespace ledger::grpc_services
