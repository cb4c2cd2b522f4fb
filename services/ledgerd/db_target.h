#ifndef LEDGER_SERVICES_LEDGERD_DB_TARGET_H_
#define LEDGER_SERVICES_LEDGERD_DB_TARGET_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace ledger::ledgerd {

// The --db flag: "embedded:<dir>" runs a private PostgreSQL under <dir>; anything starting with
// "postgresql://" or "postgres://", or a libpq keyword string ("host=... dbname=..."), names an
// external server.
struct DbTarget {
  bool embedded = false;
  std::string embedded_dir;  // when embedded
  std::string conninfo;      // when external
};

absl::StatusOr<DbTarget> ParseDbTarget(std::string_view flag);

// The connection string with any password replaced by "***", for messages and logs.
std::string RedactConninfo(std::string_view conninfo);

}  // namespace ledger::ledgerd

#endif  // LEDGER_SERVICES_LEDGERD_DB_TARGET_H_
