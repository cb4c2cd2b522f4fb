#ifndef CLIENTS_LEDGERCTL_OUTPUT_FILE_H_
#define CLIENTS_LEDGERCTL_OUTPUT_FILE_H_

// Files that ledgerctl's exports write: whole or not at all.

#include <string>

#include "absl/status/status.h"

namespace ledger::ledgerctl {

// Writes `bytes` to `path` through "<path>.tmp" and a rename, so that a reader (or a failed run)
// never sees half a file; an existing file is replaced. kPermissionDenied naming the path when
// the file cannot be written.
absl::Status WriteOutputFile(const std::string& path, const std::string& bytes);

}  // namespace ledger::ledgerctl

#endif  // CLIENTS_LEDGERCTL_OUTPUT_FILE_H_
