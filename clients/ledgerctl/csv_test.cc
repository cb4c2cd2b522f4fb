#include "clients/ledgerctl/csv.h"

#include <gtest/gtest.h>

namespace ledger::ledgerctl {
namespace {

using Records = std::vector<std::vector<std::string>>;

TEST(Csv, ReadsWhatSpreadsheetsWrite) {
  auto r = ParseCsv(
      "\xEF\xBB\xBF"
      "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\r\n\n1,,3");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, (Records{{"a", "b", "c"}, {"x, y", "say \"hi\"", ""}, {"1", "", "3"}}));
}

TEST(Csv, QuotedFieldsMayHoldNewlines) {
  auto r = ParseCsv("\"two\nlines\",b\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (Records{{"two\nlines", "b"}}));
}

// Row numbers as a spreadsheet shows them: an empty line is a row, a quoted line break is not.
TEST(Csv, NumbersRowsAsASpreadsheetShowsThem) {
  std::vector<size_t> rows;
  auto r = ParseCsv("h1,h2\n\n\"two\nlines\",b\r\n\r\nc,d", &rows);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, (Records{{"h1", "h2"}, {"two\nlines", "b"}, {"c", "d"}}));
  EXPECT_EQ(rows, (std::vector<size_t>{1, 3, 5}));
}

TEST(Csv, NamesTheLineOfAMalformedRecord) {
  auto open = ParseCsv("a,b\n\"never closed,c\n");
  EXPECT_FALSE(open.ok());
  EXPECT_NE(open.status().message().find("never closed"), std::string::npos);
  auto after = ParseCsv("a,b\n\"x\"y,c\n");
  EXPECT_FALSE(after.ok());
  EXPECT_NE(after.status().message().find("line 2"), std::string::npos) << after.status();
}

}  // namespace
}  // namespace ledger::ledgerctl
