// ledgerctl: the command line for every role (clerks, village accountants, auditors).
// Commands are added together with the features they serve; see `ledgerctl --help`.

#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "clients/ledgerctl/cli_context.h"
#include "clients/ledgerctl/commands.h"
#include "clients/ledgerctl/write_flags.h"

int main(int argc, char** argv) {
  using namespace ledger::ledgerctl;
  GlobalFlags g;
  CLI::App app{
      "ledgerctl: work with the public fund and asset ledger from the command line.\n\n"
      "Exit status: 0 success, 1 the server answered but the request failed or was rejected, "
      "2 a proof or signature did not verify, or the log contradicts the checkpoint trusted "
      "before (SECURITY ERROR), 3 server unreachable, 64 bad command line.\n"
      "Every command with what it does: ledgerctl commands\n\n"
      "Once a key is pinned for the log (`checkpoint`, `audit verify`), every write is verified: "
      "its entry must be proven in a checkpoint signed with that key which extends the trusted "
      "one (\"appended at index 12 (entry id …), verified in the checkpoint of size 13\"), else "
      "SECURITY ERROR and exit 2.",
      "ledgerctl"};
  app.require_subcommand(0, 1);
  app.add_option("--server", g.server, "ledgerd address host:port")
      ->envname("LEDGER_SERVER")
      ->capture_default_str();
  app.add_option("--timeout-ms", g.timeout_ms, "deadline of each call in milliseconds")
      ->capture_default_str();
  app.add_option("--origin", g.origin, "the log, e.g. ledger.example.org/341721")
      ->envname("LEDGER_ORIGIN");
  app.add_option("--key", g.key_path, "the signing key file (mode 0600)")->envname("LEDGER_KEY");
  app.add_option("--principal", g.principal, "the principal id that signs")
      ->envname("LEDGER_PRINCIPAL");
  app.add_flag("--json", g.json, "machine-readable output (also accepted after the command)");
  app.add_option(
         "--business-date", g.business_date,
         "业务日期 of the entries signed, YYYY-MM-DD (default: today in Shanghai); to enter "
         "past events, e.g. an annual plan approved in March")
      ->envname("LEDGER_BUSINESS_DATE");
  app.add_option("--state-dir", g.state_dir,
                 "where checkpoint and audit keep each log's pinned key and last verified "
                 "checkpoint (default: $XDG_STATE_HOME/ledgerctl or ~/.local/state/ledgerctl)")
      ->envname("LEDGER_STATE_DIR");
  // Global flags may also follow the command: `ledgerctl asset show A1 --json`.
  app.fallthrough();

  Action action;
  AddLogCommands(app, &action);
  AddIdentityCommands(app, &action);
  AddProofCommands(app, &action);
  AddFundCommands(app, &action);
  AddRosterCommands(app, &action);
  AddAssetCommands(app, &action);
  AddIncomeCommands(app, &action);
  AddRegistryCommands(app, &action);
  AddAuditCommands(app, &action);
  AddTraceCommands(app, &action);
  AddImportCommands(app, &action);
  AddExportCommands(app, &action);
  AddWitnessCommands(app, &action);
  AddCommandsCommand(app, &action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : kExitUsage;
  }
  if (!action) {
    // A command group without its command (`ledgerctl key`), or nothing at all: show the help of
    // the deepest group given, which lists its commands.
    const CLI::App* group = &app;
    while (!group->get_subcommands().empty()) group = group->get_subcommands().front();
    std::cerr << group->help() << "ledgerctl: choose a command (see above)\n";
    return kExitUsage;
  }
  SetDefaultEventDate(g.business_date);
  CliContext ctx(g);
  return action(ctx);
}
