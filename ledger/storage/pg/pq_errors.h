#ifndef LEDGER_STORAGE_PG_PQ_ERRORS_H_
#define LEDGER_STORAGE_PG_PQ_ERRORS_H_

// The one place where libpqxx exceptions become absl::Status (STYLE.md "Errors"):
//   broken connection            -> kUnavailable  (retry later)
//   serialization failure, deadlock -> kAborted   (retry the whole transaction function)
//   unique violation             -> kAlreadyExists
//   in-doubt commit              -> kUnknown      (the commit may or may not have happened)
//   anything else                -> kInternal
// Only code under ledger/storage/pg/ includes this header.

#include <functional>
#include <pqxx/pqxx>
#include <string_view>

#include "absl/status/status.h"

namespace ledger::storage::pg {

// Maps the exception currently being handled; call only inside a catch block.
absl::Status StatusFromCurrentException(std::string_view context);

// Runs `fn` and converts any exception it throws into a Status prefixed with `context`.
absl::Status Guard(std::string_view context, const std::function<absl::Status()>& fn);

}  // namespace ledger::storage::pg

#endif  // LEDGER_STORAGE_PG_PQ_ERRORS_H_
