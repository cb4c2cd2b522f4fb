#include "clients/ledgerctl/table.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace ledger::ledgerctl {
namespace {

TEST(DisplayWidth, CountsWideCharactersTwice) {
  EXPECT_EQ(DisplayWidth(""), 0u);
  EXPECT_EQ(DisplayWidth("paid"), 4u);
  EXPECT_EQ(DisplayWidth("光伏电站"), 8u);            // CJK ideographs
  EXPECT_EQ(DisplayWidth("财农〔2026〕1号"), 15u);    // CJK punctuation U+3014/3015
  EXPECT_EQ(DisplayWidth("source (资金来源)"), 17u);  // ASCII parentheses
  EXPECT_EQ(DisplayWidth("（全角）"), 8u);            // fullwidth forms U+FF08/FF09
  EXPECT_EQ(DisplayWidth("한국"), 4u);                // Hangul syllables
  EXPECT_EQ(DisplayWidth("\xF0\xA0\x80\x80"), 2u);    // U+20000, CJK extension B
  EXPECT_EQ(DisplayWidth("é"), 1u);                   // precomposed Latin
  EXPECT_EQ(DisplayWidth("e\xCC\x81"), 1u);           // e + combining acute
  EXPECT_EQ(DisplayWidth("1,000.00 yuan"), 13u);
  EXPECT_EQ(DisplayWidth("\xE2\x80\x8B"), 0u);  // zero-width space
}

TEST(DisplayWidth, InvalidBytesCountOneColumnEach) {
  EXPECT_EQ(DisplayWidth("\xFF"), 1u);
  EXPECT_EQ(DisplayWidth("\xE5\x85"), 2u);      // truncated 3-byte sequence: two stray bytes
  EXPECT_EQ(DisplayWidth("\xC0\xAF"), 2u);      // overlong encoding of '/'
  EXPECT_EQ(DisplayWidth("\xED\xA0\x80"), 3u);  // a UTF-16 surrogate
}

TEST(Table, AlignsChineseAndAsciiByDisplayWidth) {
  Table t({{"项目"}, {"name"}, {"paid (已支付)", Align::kRight}});
  t.AddRow({"P1", "光伏电站", "1.00"});
  t.AddRow({"P-2026-017", "road", "150,000.00"});
  EXPECT_EQ(t.Render(),
            "项目        name      paid (已支付)\n"
            "P1          光伏电站           1.00\n"
            "P-2026-017  road         150,000.00\n");
}

TEST(Table, MissingCellsAreEmptyAndLinesHaveNoTrailingSpaces) {
  Table t({{"a"}, {"long heading"}});
  t.AddRow({"x"});
  EXPECT_EQ(t.Render(), "a  long heading\nx\n");
}

}  // namespace
}  // namespace ledger::ledgerctl

namespace ledger::ledgerctl {
namespace {

TEST(Cells, CsvQuotesOnlyWhatMustBeQuoted) {
  EXPECT_EQ(CsvCell("1234.56"), "1234.56");
  EXPECT_EQ(CsvCell("东至县财政局"), "东至县财政局");
  EXPECT_EQ(CsvCell("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvCell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvCell("two\nlines"), "\"two\nlines\"");
}

TEST(Cells, PlainYuanAndPercent) {
  EXPECT_EQ(PlainYuan(123456), "1234.56");
  EXPECT_EQ(PlainYuan(-5), "-0.05");
  EXPECT_EQ(PlainYuan(std::numeric_limits<int64_t>::min()), "-92233720368547758.08");
  EXPECT_EQ(Percent(9620), "96.20%");
  EXPECT_EQ(Percent(5), "0.05%");
}

}  // namespace
}  // namespace ledger::ledgerctl
