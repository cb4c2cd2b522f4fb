#include "tests/support/net.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

namespace ledger::testing {

BusyPort::BusyPort() {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(fd_, 1) != 0 || getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    std::abort();  // the test machine cannot open a loopback socket at all
  }
  port_ = ntohs(addr.sin_port);
}

BusyPort::~BusyPort() {
  if (fd_ >= 0) close(fd_);
}

}  // namespace ledger::testing
