#include "ledger/util/loopback.h"

#include <gtest/gtest.h>

namespace ledger {
namespace {

TEST(IsLoopbackHost, AcceptsOnlyAddressesThatStayOnTheMachine) {
  EXPECT_TRUE(IsLoopbackHost("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackHost("127.8.9.10"));
  EXPECT_TRUE(IsLoopbackHost("::1"));
  EXPECT_TRUE(IsLoopbackHost("::ffff:127.0.0.1"));
  EXPECT_TRUE(IsLoopbackHost("localhost"));
  EXPECT_FALSE(IsLoopbackHost("128.0.0.1"));
  EXPECT_FALSE(IsLoopbackHost("0.0.0.0"));
  EXPECT_FALSE(IsLoopbackHost("::"));
  EXPECT_FALSE(IsLoopbackHost("::ffff:10.0.0.1"));
  EXPECT_FALSE(IsLoopbackHost("ledger.example.org"));
  EXPECT_FALSE(IsLoopbackHost("localhost.example.org"));
  EXPECT_FALSE(IsLoopbackHost(""));
}

TEST(IsLoopbackTarget, ReadsTheHostOfEveryTargetForm) {
  EXPECT_TRUE(IsLoopbackTarget("127.0.0.1:50051"));
  EXPECT_TRUE(IsLoopbackTarget("localhost:50051"));
  EXPECT_TRUE(IsLoopbackTarget("[::1]:50051"));
  EXPECT_TRUE(IsLoopbackTarget("dns:///localhost:50051"));
  EXPECT_TRUE(IsLoopbackTarget("ipv4:127.0.0.1:50051"));
  EXPECT_TRUE(IsLoopbackTarget("ipv6:[::1]:50051"));
  EXPECT_TRUE(IsLoopbackTarget("unix:/run/ledgerd.sock"));
  EXPECT_TRUE(IsLoopbackTarget("localhost"));
  EXPECT_FALSE(IsLoopbackTarget("10.1.2.3:50051"));
  EXPECT_FALSE(IsLoopbackTarget("ledger.example.org:50051"));
  EXPECT_FALSE(IsLoopbackTarget("dns:///ledger.example.org:443"));
  EXPECT_FALSE(IsLoopbackTarget("[2001:db8::1]:50051"));
  EXPECT_FALSE(IsLoopbackTarget("[::1:50051"));
}

}  // namespace
}  // namespace ledger
