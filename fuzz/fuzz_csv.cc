// ledgerctl's CSV reader (clients/ledgerctl/csv.h), which reads every bulk import file
// (`ledgerctl import disbursements|assets|rosters`), and the amount cells of such a file.
//
// Properties: rows are numbered in increasing order, one per record; writing the records back
// (every field quoted, "" for a quote) and reading them again gives the same records; an amount
// cell that ParseYuan accepts is not negative and formats back to the same fen.
//
// The import's row builders (clients/ledgerctl/import_kinds.cc) are not linked here: they live
// with the command code, which needs gRPC. What they do with a cell that is an amount is
// ParseYuan, which is checked on every cell below and fuzzed alone in fuzz_amount.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "clients/ledgerctl/csv.h"
#include "fuzz/fuzz_check.h"
#include "ledger/util/money.h"

namespace ledger::fuzz {
namespace {

std::string WriteCsv(const std::vector<std::vector<std::string>>& records, bool crlf) {
  std::string out;
  for (const std::vector<std::string>& record : records) {
    for (size_t i = 0; i < record.size(); ++i) {
      if (i > 0) out += ',';
      out += '"';
      for (char c : record[i]) {
        if (c == '"') out += '"';
        out += c;
      }
      out += '"';
    }
    out += crlf ? "\r\n" : "\n";
  }
  return out;
}

}  // namespace
}  // namespace ledger::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ledger;
  const std::string_view text = fuzz::AsText(data, size);
  std::vector<size_t> rows;
  absl::StatusOr<std::vector<std::vector<std::string>>> records = ledgerctl::ParseCsv(text, &rows);
  if (!records.ok()) return 0;
  FUZZ_CHECK(rows.size() == records->size());
  for (size_t i = 0; i < rows.size(); ++i) {
    FUZZ_CHECK(rows[i] >= 1);
    if (i > 0) FUZZ_CHECK(rows[i] > rows[i - 1]);
    FUZZ_CHECK(!(*records)[i].empty());
    // An empty line is skipped, never returned as a record of one empty field.
    FUZZ_CHECK(!((*records)[i].size() == 1 && (*records)[i][0].empty()));
  }
  // Without `rows` the records are the same.
  absl::StatusOr<std::vector<std::vector<std::string>>> plain = ledgerctl::ParseCsv(text);
  FUZZ_CHECK(plain.ok() && *plain == *records);

  const std::string written = fuzz::WriteCsv(*records, size % 2 == 1);
  absl::StatusOr<std::vector<std::vector<std::string>>> reread = ledgerctl::ParseCsv(written);
  FUZZ_CHECK(reread.ok());
  FUZZ_CHECK(*reread == *records);

  // Every cell as the import reads it (trimmed), as an amount in yuan.
  for (const std::vector<std::string>& record : *records) {
    for (const std::string& cell : record) {
      absl::StatusOr<int64_t> fen = ParseYuan(std::string(absl::StripAsciiWhitespace(cell)));
      if (!fen.ok()) continue;
      FUZZ_CHECK(*fen >= 0);
      absl::StatusOr<int64_t> again = ParseYuan(FormatYuanGrouped(*fen));
      FUZZ_CHECK(again.ok() && *again == *fen);
    }
  }
  return 0;
}
