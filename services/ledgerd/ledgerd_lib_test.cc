#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "services/ledgerd/db_target.h"
#include "services/ledgerd/listen_address.h"

namespace ledger::ledgerd {
namespace {

TEST(ListenAddress, ParsesAndClassifiesLoopback) {
  auto a = ParseListenAddress("127.0.0.1:50051");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 50051);
  EXPECT_TRUE(a->loopback);
  auto v6 = ParseListenAddress("[::1]:0");
  ASSERT_TRUE(v6.ok());
  EXPECT_TRUE(v6->loopback);
  EXPECT_EQ(v6->ToGrpcUri(), "[::1]:0");
  auto any = ParseListenAddress("0.0.0.0:443");
  ASSERT_TRUE(any.ok());
  EXPECT_FALSE(any->loopback);
  EXPECT_FALSE(ParseListenAddress("50051").ok());
  EXPECT_FALSE(ParseListenAddress("host:99999").ok());
  EXPECT_FALSE(ParseListenAddress("host:abc").ok());
}

TEST(ListenAddress, ProbeReportsBusyPort) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(fd, 1), 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  auto busy = ProbeBindable(*ParseListenAddress("127.0.0.1:" + std::to_string(port)));
  EXPECT_EQ(busy.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(busy.message().find("in use"), std::string::npos) << busy;
  close(fd);
  EXPECT_TRUE(ProbeBindable(*ParseListenAddress("127.0.0.1:" + std::to_string(port))).ok());
}

TEST(DbTarget, EmbeddedAndExternal) {
  auto e = ParseDbTarget("embedded:var/pg");
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e->embedded);
  EXPECT_EQ(e->embedded_dir, "var/pg");
  auto u = ParseDbTarget("postgresql://u:secret@h/db");
  ASSERT_TRUE(u.ok());
  EXPECT_FALSE(u->embedded);
  EXPECT_TRUE(ParseDbTarget("host=/tmp dbname=x").ok());
  EXPECT_FALSE(ParseDbTarget("embedded:").ok());
  EXPECT_FALSE(ParseDbTarget("mysql://x").ok());
}

TEST(DbTarget, RedactsPasswords) {
  EXPECT_EQ(RedactConninfo("postgresql://u:secret@h/db"), "postgresql://u:***@h/db");
  EXPECT_EQ(RedactConninfo("host=h password=secret dbname=x"), "host=h password=*** dbname=x");
  EXPECT_EQ(RedactConninfo("postgresql://u@h/db"), "postgresql://u@h/db");
}

}  // namespace
}  // namespace ledger::ledgerd
