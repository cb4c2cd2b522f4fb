#ifndef CLIENTS_LEDGERCTL_AUDIT_CLI_H_
#define CLIENTS_LEDGERCTL_AUDIT_CLI_H_

// What `audit verify`, `audit report` and `export journal` share: the verification of the whole
// log against the pinned key and the trusted state (clients/audit/verify_log.h), its flags and
// how its outcome is printed. The report and the journal then work on the replay it hands back,
// never on the server's word.

#include <CLI/CLI.hpp>
#include <cstddef>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <thread>

#include "clients/audit/replay.h"
#include "clients/audit/verify_log.h"
#include "clients/ledgerctl/cli_context.h"
#include "clients/ledgerctl/commands.h"
#include "clients/ledgerctl/witness_cli.h"
#include "nlohmann/json.hpp"

namespace ledger::ledgerctl {

struct VerifyFlags {
  std::string verifier_key;
  std::string bundle;  // offline: an export bundle instead of the server
  size_t threads = std::thread::hardware_concurrency();
  size_t page_size = 1000;
  WitnessFlags witnesses;  // --witness, --witnesses-required: the cosignatures required
};

// --verifier-key, --witness, --witnesses-required, --bundle, --threads, --page-size.
void AddVerifyFlags(CLI::App* cmd, VerifyFlags& flags);

// Verifies ctx's log as `audit verify` does: the key from the trusted state, --verifier-key or
// the server (trust on first use, with a warning on stderr), the checks of VerifyLog with a
// progress bar on a terminal, then the audited checkpoint against the trusted state, which it
// replaces when the log verified (a fork or rollback is a failure of kind consistency, with the
// evidence on stderr). With flags.bundle, the same offline from the export bundle (no server,
// no projections; the trusted state as `audit verify --bundle` treats it). `findings_date` is
// VerifyLog's. When `replay` is not null, it receives the replayed state of a log that verified
// with no failure (null otherwise). Returns the report, or nullopt when the audit could not run or
// the command line was wrong; the message is then printed as "ledgerctl: <what>: ..." and
// `*exit_code` set (3, 64, 1).
std::optional<audit::AuditReport> RunAudit(CliContext& ctx, const VerifyFlags& flags,
                                           const std::string& findings_date,
                                           const std::string& what,
                                           std::unique_ptr<audit::Replay>* replay, int* exit_code);

// The report as `audit verify --json` prints it.
nlohmann::json AuditReportJson(const audit::AuditReport& report);
// The report as `audit verify` prints it for people; `findings_hint` follows the findings count
// when there are findings.
void PrintAuditSummary(const audit::AuditReport& report, const std::string& findings_hint);
// "INTEGRITY FAILURE (<kind>) at index N: <message>" and the projection mismatches.
void PrintIntegrityFailure(const audit::AuditReport& report, std::ostream& out);

// audit report (in the group `audit` made by AddAuditCommands).
void AddAuditReportCommand(CLI::App* audit, Action* action);

}  // namespace ledger::ledgerctl

#endif  // CLIENTS_LEDGERCTL_AUDIT_CLI_H_
