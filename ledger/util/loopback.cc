#include "ledger/util/loopback.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <string>

namespace ledger {

bool IsLoopbackHost(std::string_view host) {
  const std::string h(host);
  in_addr v4{};
  in6_addr v6{};
  if (inet_pton(AF_INET, h.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  if (inet_pton(AF_INET6, h.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
  }
  return h == "localhost";
}

bool IsLoopbackTarget(std::string_view target) {
  if (target.starts_with("unix:") || target.starts_with("unix-abstract:")) return true;
  for (std::string_view scheme : {"dns:///", "ipv4:", "ipv6:"}) {
    if (target.starts_with(scheme)) {
      target.remove_prefix(scheme.size());
      break;
    }
  }
  std::string_view host = target;
  if (!target.empty() && target.front() == '[') {
    const size_t close = target.find(']');
    if (close == std::string_view::npos) return false;
    host = target.substr(1, close - 1);
  } else if (const size_t colon = target.rfind(':'); colon != std::string_view::npos) {
    host = target.substr(0, colon);
  }
  return IsLoopbackHost(host);
}

}  // namespace ledger
