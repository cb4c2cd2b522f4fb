// The `export` command group. Several files add commands to it (export bundle, journal,
// ledgers); whichever registers first creates it.

#include <CLI/CLI.hpp>

#include "clients/ledgerctl/commands.h"

namespace ledger::ledgerctl {

CLI::App* ExportGroup(CLI::App& app) {
  std::vector<CLI::App*> found =
      app.get_subcommands([](CLI::App* sub) { return sub->get_name() == "export"; });
  if (!found.empty()) return found.front();
  CLI::App* group = app.add_subcommand(
      "export",
      "files for auditors and other programs: the offline bundle, the fund journal for "
      "accounting tools, the asset ledgers for spreadsheets");
  group->require_subcommand(0, 1);
  return group;
}

}  // namespace ledger::ledgerctl
