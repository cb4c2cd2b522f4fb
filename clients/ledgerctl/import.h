#ifndef CLIENTS_LEDGERCTL_IMPORT_H_
#define CLIENTS_LEDGERCTL_IMPORT_H_

// Bulk import from CSV (`ledgerctl import disbursements|assets|rosters`, `roster import`): the
// kinds of file (import_kinds.cc) and the one way of checking, signing and submitting them
// (import_commands.cc).
//
// Every row is checked first and every error reported with its row; nothing is sent until the
// file is clean. A kind makes one entry per row, or, with `group_by`, one entry per value of that
// column (a roster: many households, one entry). Each entry's id is derived from the log, the
// signer, the kind and its rows' cells (docs/FORMATS.md §19), so running the same file again
// after an interruption appends only what is missing, never twice.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "clients/ledgerctl/cli_context.h"
#include "google/protobuf/message.h"

namespace ledger::ledgerctl {

// A column: its name (the flag of the single-entry command, without "--") and its Chinese
// heading; either may head the column in the file.
struct ColumnSpec {
  std::string name;
  std::string heading_zh;
  bool required = false;
};

using Cells = std::map<std::string, std::string>;  // column name -> cell (non-empty)

// One kind of import.
struct ImportKind {
  std::string name;  // "disbursements"
  std::string what;  // "import disbursements", the prefix of messages
  std::string unit;  // what the progress bar counts: "rows", "rosters"
  std::vector<ColumnSpec> columns;
  // A row's body; `dir` is the CSV file's directory, against which file paths in cells are
  // resolved. Errors name the flag ("--amount: ...") or the column.
  std::function<absl::StatusOr<std::unique_ptr<google::protobuf::Message>>(
      const Cells& cells, const std::filesystem::path& dir)>
      build;
  // Empty: one entry per row. Otherwise the column whose value groups rows into one entry; the
  // first row's body is the entry's, and `merge` adds each further row's body to it (an error
  // is the row's).
  std::string group_by;
  std::function<absl::Status(const google::protobuf::Message& row,
                             google::protobuf::Message* entry)>
      merge;
};

const ImportKind& DisbursementsImport();
const ImportKind& AssetsImport();
const ImportKind& RostersImport();

struct ImportFlags {
  std::string file;
  size_t batch = 200;  // entries per submission
  bool dry_run = false;
  // Cells every row has, given by flags (`roster import --id --payment`); the file must not
  // have these columns.
  Cells fixed;
};

// Checks `f.file` as `kind`, then signs and submits it; prints the outcome. Exit codes: 0 every
// entry is in the log, 1 some were rejected by the log's rules (listed), 3 interrupted (run
// again), 64 errors in the file (nothing sent).
int RunImport(CliContext& ctx, const ImportKind& kind, const ImportFlags& f);

// The entry id of `rows` (one or more rows' cells): a UUIDv8 (RFC 9562 §5.8) from SHA-256 over
// "ledgerctl import v1", the origin, the signer, the kind and the cells (FORMATS §19).
std::string DerivedEntryId(const std::string& origin, const std::string& principal,
                           const std::string& kind, const std::vector<Cells>& rows);

}  // namespace ledger::ledgerctl

#endif  // CLIENTS_LEDGERCTL_IMPORT_H_
