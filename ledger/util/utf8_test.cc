#include "ledger/util/utf8.h"

#include <string>

#include "gtest/gtest.h"

namespace ledger {
namespace {

TEST(Utf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ASCII"));
  EXPECT_TRUE(IsValidUtf8("\xE4\xB8\x9C\xE8\x87\xB3\xE5\x8E\xBF"));  // 东至县
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));                      // U+1F600
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));                      // U+10FFFF
  EXPECT_TRUE(IsValidUtf8(std::string("\0", 1)));                    // NUL is a code point
}

TEST(Utf8Test, RejectsIllFormedSequences) {
  EXPECT_FALSE(IsValidUtf8("\x80"));              // lone continuation byte
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xE4\xB8"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xC3\x28"));          // bad continuation
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xF0\x80\x80\xAF"));  // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(IsValidUtf8("\xF8\x88\x80\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

TEST(Utf8Test, DecodesRunesAndLeavesPositionOnError) {
  const std::string text = "a\xC3\xA4\xE4\xB8\x9C";  // a ä 东
  size_t pos = 0;
  uint32_t rune = 0;
  ASSERT_TRUE(DecodeUtf8Rune(text, &pos, &rune));
  EXPECT_EQ(rune, 'a');
  ASSERT_TRUE(DecodeUtf8Rune(text, &pos, &rune));
  EXPECT_EQ(rune, 0xE4u);
  EXPECT_EQ(pos, 3u);
  ASSERT_TRUE(DecodeUtf8Rune(text, &pos, &rune));
  EXPECT_EQ(rune, 0x4E1Cu);
  EXPECT_EQ(pos, 6u);

  const std::string bad = "\xE4\xB8";
  pos = 0;
  EXPECT_FALSE(DecodeUtf8Rune(bad, &pos, &rune));
  EXPECT_EQ(pos, 0u);
}

TEST(Utf8Test, CountsCodePointsNotBytes) {
  EXPECT_EQ(Utf8RuneCount(""), 0u);
  EXPECT_EQ(Utf8RuneCount("abc"), 3u);
  EXPECT_EQ(Utf8RuneCount("\xE4\xB8\x9C\xE8\x87\xB3\xE5\x8E\xBF"), 3u);  // 东至县: 9 bytes
  EXPECT_EQ(Utf8RuneCount("\xC3"), std::nullopt);
}

}  // namespace
}  // namespace ledger
