#ifndef SERVICES_LEDGERD_DEMO_LOG_H_
#define SERVICES_LEDGERD_DEMO_LOG_H_

// The first-start demo: one county's log with its root administrator, so that a newcomer who ran
// scripts/run.sh has something to talk to.

#include <string>

#include "absl/status/statusor.h"
#include "services/logs/log_registry.h"

namespace ledger::ledgerd {

struct DemoLog {
  std::string origin;
  std::string admin_principal_id;
  std::string admin_key_path;
  uint64_t tree_size = 0;
  bool created = false;  // false: it was there already
};

// Makes sure the log `origin` exists and has its Genesis entry. If it has none yet: creates the
// log if needed, loads the administrator key from `admin_key_path` or creates it there (mode
// 0600, never overwriting), and appends a Genesis signed by it that registers principal "admin"
// for the county `division_name`.
absl::StatusOr<DemoLog> EnsureDemoLog(logs::LogRegistry& logs, const std::string& origin,
                                      const std::string& division_name,
                                      const std::string& admin_key_path);

}  // namespace ledger::ledgerd

#endif  // SERVICES_LEDGERD_DEMO_LOG_H_
