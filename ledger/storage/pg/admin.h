#ifndef LEDGER_STORAGE_PG_ADMIN_H_
#define LEDGER_STORAGE_PG_ADMIN_H_

// Administrative database operations used by ledgerd's start-up and by the test harness.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace ledger::storage::pg {

// `conninfo` with its database replaced by `dbname` (works for keyword strings and URIs).
std::string WithDatabase(std::string_view conninfo, std::string_view dbname);

// Creates database `name` (UTF-8, template0) unless it exists. `name` must match [a-z0-9_]+.
absl::Status CreateDatabase(const std::string& admin_conninfo, const std::string& name);

// Creates database `name` as a copy of `source` (CREATE DATABASE ... TEMPLATE; nobody may be
// connected to `source`). Both names must match [a-z0-9_]+. For tests that fork a log.
absl::Status CopyDatabase(const std::string& admin_conninfo, const std::string& source,
                          const std::string& name);

// Drops database `name`, disconnecting its sessions first. Missing is not an error.
absl::Status DropDatabase(const std::string& admin_conninfo, const std::string& name);

// Runs `sql` (one or more statements without parameters) in one transaction.
absl::Status ExecuteSql(const std::string& conninfo, const std::string& sql);

// The first column of the first row of `sql` as text; kNotFound when there is no row.
absl::StatusOr<std::string> QueryText(const std::string& conninfo, const std::string& sql);

}  // namespace ledger::storage::pg

#endif  // LEDGER_STORAGE_PG_ADMIN_H_
