#include <gtest/gtest.h>

#include "services/ledgerd/db_target.h"
#include "services/ledgerd/listen_address.h"
#include "tests/support/net.h"

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
  int port = 0;
  {
    ledger::testing::BusyPort held;
    port = held.port();
    auto busy = ProbeBindable(*ParseListenAddress("127.0.0.1:" + std::to_string(port)));
    EXPECT_EQ(busy.code(), absl::StatusCode::kUnavailable);
    EXPECT_NE(busy.message().find("in use"), std::string::npos) << busy;
  }
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
