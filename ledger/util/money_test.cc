#include "ledger/util/money.h"

#include <cstdint>
#include <limits>

#include "gtest/gtest.h"

namespace ledger {
namespace {

int64_t Fen(std::string_view text) {
  absl::StatusOr<int64_t> fen = ParseYuan(text);
  EXPECT_TRUE(fen.ok()) << text << ": " << fen.status();
  return fen.ok() ? *fen : -1;
}

TEST(ParseYuanTest, ConvertsExactlyToFen) {
  EXPECT_EQ(Fen("1234.56"), 123456);
  EXPECT_EQ(Fen("1,234.56"), 123456);
  EXPECT_EQ(Fen("1234"), 123400);
  EXPECT_EQ(Fen("0.5"), 50);
  EXPECT_EQ(Fen("0.05"), 5);
  EXPECT_EQ(Fen("0.01"), 1);
  EXPECT_EQ(Fen("0"), 0);
  EXPECT_EQ(Fen("1,000,000.00"), 100000000);
  EXPECT_EQ(Fen("999"), 99900);
  EXPECT_EQ(Fen("100,000"), 10000000);
  // 0.1 + 0.2 style amounts that binary floating point cannot represent.
  EXPECT_EQ(Fen("0.29"), 29);
  EXPECT_EQ(Fen("1.15"), 115);
  EXPECT_EQ(Fen("4.35"), 435);
}

TEST(ParseYuanTest, ReachesInt64Exactly) {
  // INT64_MAX fen = 92233720368547758.07 yuan.
  EXPECT_EQ(Fen("92233720368547758.07"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(Fen("92,233,720,368,547,758.07"), std::numeric_limits<int64_t>::max());
  EXPECT_FALSE(ParseYuan("92233720368547758.08").ok());
  EXPECT_FALSE(ParseYuan("92233720368547759").ok());
  EXPECT_FALSE(ParseYuan("99999999999999999999999").ok());
}

TEST(ParseYuanTest, RejectsMalformedText) {
  for (const char* bad :
       {"",     "-1",     "-0.5", "+1",   "12.345",   "1.",       ".5",        ".",     "1.2.3",
        "1,23", "1,2345", ",123", "123,", "1,,234",   "1234,567", "12,34,567", "1 234", " 1",
        "1 ",   "1e3",    "abc",  "1.a",  "1,234.5a", "１２",     "1.-5",      "0x10"}) {
    EXPECT_FALSE(ParseYuan(bad).ok()) << "\"" << bad << "\"";
  }
}

TEST(ParseYuanTest, ExplainsTheMistake) {
  absl::StatusOr<int64_t> r = ParseYuan("12.345");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("more than two decimals"), std::string::npos) << r.status();
  r = ParseYuan("-5");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("negative"), std::string::npos) << r.status();
}

}  // namespace
TEST(FormatYuanGrouped, ThousandsAndTwoDecimals) {
  EXPECT_EQ(FormatYuanGrouped(0), "0.00");
  EXPECT_EQ(FormatYuanGrouped(5), "0.05");
  EXPECT_EQ(FormatYuanGrouped(123456), "1,234.56");
  EXPECT_EQ(FormatYuanGrouped(100000000), "1,000,000.00");
  EXPECT_EQ(FormatYuanGrouped(-5), "-0.05");
  EXPECT_EQ(FormatYuanGrouped(INT64_MIN), "-92,233,720,368,547,758.08");
  EXPECT_EQ(*ParseYuan(FormatYuanGrouped(98765432101)), 98765432101);
}

}  // namespace ledger
