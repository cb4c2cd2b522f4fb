#ifndef LEDGER_UTIL_LOOPBACK_H_
#define LEDGER_UTIL_LOOPBACK_H_

// Whether an address stays on this machine: the test behind "plaintext only to and on loopback"
// in ledgerd (--listen) and ledgerctl (--server).

#include <string_view>

namespace ledger {

// True for 127.0.0.0/8, ::1 (and its IPv4-mapped form ::ffff:127.x.y.z) and the name "localhost".
// Other names are not resolved: a name that happens to resolve to loopback today counts as remote.
bool IsLoopbackHost(std::string_view host);

// True when a gRPC target names a loopback host: "host:port", "[v6]:port", "ipv4:host:port",
// "ipv6:[v6]:port", "dns:///host:port", or a Unix socket ("unix:", "unix-abstract:"), which
// never leaves the machine.
bool IsLoopbackTarget(std::string_view target);

}  // namespace ledger

#endif  // LEDGER_UTIL_LOOPBACK_H_
