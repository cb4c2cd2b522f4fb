#ifndef LEDGER_UTIL_EMBEDDED_FILE_H_
#define LEDGER_UTIL_EMBEDDED_FILE_H_

#include <string>
#include <vector>

namespace ledger {

// A file compiled into the binary by ledger_embed_files() (cmake/LedgerHelpers.cmake).
struct EmbeddedFile {
  std::string name;   // file name without directory, e.g. "V0001__init.sql"
  std::string bytes;  // exact contents
};

}  // namespace ledger

#endif  // LEDGER_UTIL_EMBEDDED_FILE_H_
