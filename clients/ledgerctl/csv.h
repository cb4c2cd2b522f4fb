#ifndef CLIENTS_LEDGERCTL_CSV_H_
#define CLIENTS_LEDGERCTL_CSV_H_

// Reading CSV files as spreadsheets write them (RFC 4180: comma separators, fields optionally in
// double quotes with "" for a quote, CRLF or LF line ends, a UTF-8 byte-order mark tolerated).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace ledger::ledgerctl {

// The records of `text`, each a list of fields; empty lines are skipped. kInvalidArgument naming
// the line for an unterminated quote or text after a closing quote. With `rows`, each record's
// row as a spreadsheet numbers it (from 1, empty lines counted, a quoted line break not).
absl::StatusOr<std::vector<std::vector<std::string>>> ParseCsv(std::string_view text,
                                                               std::vector<size_t>* rows = nullptr);

}  // namespace ledger::ledgerctl

#endif  // CLIENTS_LEDGERCTL_CSV_H_
