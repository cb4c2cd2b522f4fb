#ifndef CLIENTS_LEDGERCTL_COMMANDS_H_
#define CLIENTS_LEDGERCTL_COMMANDS_H_

// Registration of ledgerctl's commands. Each Add*Commands adds subcommands to `app`; when one is
// chosen on the command line, it stores its action in `*action`, which main runs after parsing.

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>

#include "clients/ledgerctl/cli_context.h"

namespace ledger::ledgerctl {

using Action = std::function<int(CliContext&)>;

// health, log info, checkpoint
void AddLogCommands(CLI::App& app, Action* action);
// init, key gen|show|register|revoke, principal add|list|show, policy show|set
void AddIdentityCommands(CLI::App& app, Action* action);
// proof export|verify
void AddProofCommands(CLI::App& app, Action* action);
// fund balance, project list|show; and, through AddFundWriteCommands, the fund entries
void AddFundCommands(CLI::App& app, Action* action);
// fund receive, project register|step|approve|contract|accept (in the groups `fund` and
// `project` made by AddFundCommands), disburse, correct
void AddFundWriteCommands(CLI::App& app, CLI::App* fund, CLI::App* project, Action* action);
// roster import
void AddRosterCommands(CLI::App& app, Action* action);
// asset register|confirm|handover|rights|contract|maintain|show|list|totals|ledger, and
// disposal apply|decide|review|approve|notice|complete|show
void AddAssetCommands(CLI::App& app, Action* action);
// income record|ledger, distribution plan|review|file|pay|result|show|list|balance, announce,
// board
void AddIncomeCommands(CLI::App& app, Action* action);
// registry add|show|list|erase|status|history
void AddRegistryCommands(CLI::App& app, Action* action);
// audit verify|report
void AddAuditCommands(CLI::App& app, Action* action);
// import disbursements|assets (CSV, resumable)
void AddImportCommands(CLI::App& app, Action* action);
// trace asset|fund
void AddTraceCommands(CLI::App& app, Action* action);
// the group `export` (export_group.cc: made once, whichever command joins it first) with
// every export command below
void AddExportCommands(CLI::App& app, Action* action);
CLI::App* ExportGroup(CLI::App& app);
// export bundle (the offline export bundle, in the group `export`)
void AddExportBundleCommand(CLI::App& group, Action* action);
// witness init|cosign|run
void AddWitnessCommands(CLI::App& app, Action* action);
// export journal (in the group `export`)
void AddExportJournalCommands(CLI::App* export_group, Action* action);
// export ledgers (in the group `export`)
void AddExportLedgersCommands(CLI::App* export_group, Action* action);
// commands: every command of `app` with its summary and examples (added last)
void AddCommandsCommand(CLI::App& app, Action* action);

}  // namespace ledger::ledgerctl

#endif  // CLIENTS_LEDGERCTL_COMMANDS_H_
