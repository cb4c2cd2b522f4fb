// ledgerctl roster import: the household payment roster (花名册) of one payment from a CSV file,
// as one signed HouseholdRoster entry, through the CSV import (import.h) with the roster and
// payment given as flags: every line checked first, and a derived entry id, so running it again
// after an interruption reports the roster already in the log instead of failing. Households
// appear only as pseudonymous references (SPEC §4 Privacy): names, ID numbers and bank accounts
// stay in the village's own files.

#include <memory>
#include <string>

#include "clients/ledgerctl/commands.h"
#include "clients/ledgerctl/import.h"

namespace ledger::ledgerctl {

void AddRosterCommands(CLI::App& app, Action* action) {
  CLI::App* roster = app.add_subcommand("roster", "household payment rosters (花名册)");
  roster->require_subcommand(0, 1);
  struct Flags {
    std::string roster_id;
    std::string payment_id;
    std::string file;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* import = roster->add_subcommand(
      "import",
      "record the roster of one payment from a CSV file with the columns household_ref, "
      "cash_yuan, in_kind_item, quantity, unit_price_yuan, bank_reference (or 户编码, 现金(元), "
      "实物名称, 数量, 单价(元), 银行流水号); every line is checked first, and the lines must add "
      "up to the payment exactly (R7). Many rosters in one file: `import rosters`.\n"
      "  example: ledgerctl --key fin.key --principal fin roster import --id RS-1 --payment D7 "
      "--file 花名册.csv");
  import->add_option("--id", flags->roster_id, "roster id, [A-Za-z0-9._-]{1,64}")->required();
  import->add_option("--payment", flags->payment_id, "the payment it details")->required();
  import->add_option("--file", flags->file, "the CSV file (UTF-8)")->required();
  import->callback([action, flags] {
    *action = [flags](CliContext& ctx) {
      ImportFlags f{.file = flags->file,
                    .batch = 1,
                    .dry_run = false,
                    .fixed = {{"roster", flags->roster_id}, {"payment", flags->payment_id}}};
  return RunImport(ctx, RostersImport(), f);
};
}  // namespace ledger::ledgerctl
);
}

}  // namespace ledger::ledgerctl
