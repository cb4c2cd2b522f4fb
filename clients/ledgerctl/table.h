#ifndef CLIENTS_LEDGERCTL_TABLE_H_
#define CLIENTS_LEDGERCTL_TABLE_H_

// Text tables for ledgerctl's human output, aligned by terminal display width, so that Chinese
// headings and names line up with ASCII ones (a CJK character takes two columns).
//
//   Table t({{"project (项目)"}, {"paid (已支付)", Align::kRight}});
//   t.AddRow({"P1", "150,000.00 yuan"});
//   std::cout << t.Render();

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ledger::ledgerctl {

// The columns `utf8` takes in a terminal: 2 for East Asian Wide and Fullwidth characters (CJK
// ideographs and punctuation, Hangul, kana, fullwidth forms, most emoji), 0 for combining marks,
// zero-width characters and C0/C1 controls, 1 for everything else, including each byte that is
// not valid UTF-8. Fixed tables (Unicode 15 East Asian Width), independent of the locale.
size_t DisplayWidth(std::string_view utf8);

// Cells: "12.34%" for 1234 basis points; "1234.56" plain yuan for CSV (no separators, so
// spreadsheets read numbers); a CSV field, in double quotes with "" for a quote only when it
// holds a comma, quote or line break (RFC 4180).
std::string Percent(uint32_t bp);
std::string PlainYuan(int64_t fen);
// "1,234.56": yuan with thousands separators and no unit, for table cells under a "(元)" heading.
std::string GroupedYuan(int64_t fen);
std::string CsvCell(const std::string& text);

enum class Align { kLeft, kRight };

struct Column {
  std::string heading;
  Align align = Align::kLeft;  // kRight for numbers
};

class Table {
 public:
  explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

  // A row of cells; missing cells are empty, cells beyond the columns are ignored.
  void AddRow(std::vector<std::string> cells);

  // The heading line and every row, each cell padded to its column's display width, columns
  // separated by two spaces, no trailing spaces, every line ending in '\n'.
  std::string Render() const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace ledger::ledgerctl

#endif  // CLIENTS_LEDGERCTL_TABLE_H_
