#ifndef LEDGER_TESTS_SUPPORT_NET_H_
#define LEDGER_TESTS_SUPPORT_NET_H_

namespace ledger::testing {

// A TCP socket listening on 127.0.0.1 at a kernel-chosen port, held until destruction: the
// "port already in use" of start-up tests.
class BusyPort {
 public:
  BusyPort();
  ~BusyPort();
  BusyPort(const BusyPort&) = delete;
  BusyPort& operator=(const BusyPort&) = delete;
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace ledger::testing

#endif  // LEDGER_TESTS_SUPPORT_NET_H_
