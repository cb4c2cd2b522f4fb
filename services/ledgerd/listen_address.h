#ifndef LEDGER_SERVICES_LEDGERD_LISTEN_ADDRESS_H_
#define LEDGER_SERVICES_LEDGERD_LISTEN_ADDRESS_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace ledger::ledgerd {

struct ListenAddress {
  std::string host;  // "127.0.0.1", "::1", "0.0.0.0", a name...
  int port = 0;
  bool loopback = false;  // 127.0.0.0/8, ::1 or "localhost"
  std::string ToGrpcUri() const;
};

// Parses "host:port" or "[v6]:port". kInvalidArgument with the reason otherwise.
absl::StatusOr<ListenAddress> ParseListenAddress(std::string_view text);

// Tries to bind the address the way gRPC will (no SO_REUSEPORT) and releases it again, so that
// a busy port is reported as "address already in use" instead of gRPC's generic failure.
// kUnavailable with the OS reason when it cannot be bound.
absl::Status ProbeBindable(const ListenAddress& address);

}  // namespace ledger::ledgerd

#endif  // LEDGER_SERVICES_LEDGERD_LISTEN_ADDRESS_H_
