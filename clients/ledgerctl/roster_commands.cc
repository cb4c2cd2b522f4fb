// ledgerctl roster import: a household payment roster (花名册) from a CSV file, as one signed
// HouseholdRoster entry. Households appear only as pseudonymous references (SPEC §4 Privacy):
// names, ID numbers and bank accounts stay in the village's own files.

#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/ledgerctl/commands.h"
#include "clients/ledgerctl/csv.h"
#include "ledger/util/money.h"
#include "ledger/v1/funds.pb.h"

namespace ledger::ledgerctl {
namespace {

// The columns, by their English or Chinese heading.
enum Column { kHousehold, kCash, kItem, kQuantity, kUnitPrice, kBankReference, kColumns };

const std::map<std::string, Column>& Headings() {
  static const auto* headings = new std::map<std::string, Column>{
      {"household_ref", kHousehold},
      {"户编码", kHousehold},
      {"cash_yuan", kCash},
      {"现金(元)", kCash},
      {"in_kind_item", kItem},
      {"实物名称", kItem},
      {"quantity", kQuantity},
      {"数量", kQuantity},
      {"unit_price_yuan", kUnitPrice},
      {"单价(元)", kUnitPrice},
      {"bank_reference", kBankReference},
      {"银行流水号", kBankReference},
  };
  return *headings;
}

absl::StatusOr<v1::HouseholdRoster> ReadRoster(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot open " + path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  absl::StatusOr<std::vector<std::vector<std::string>>> records = ParseCsv(text);
  if (!records.ok()) return records.status();
  if (records->empty()) return absl::InvalidArgumentError(path + " is empty");
  std::vector<int> column_of(kColumns, -1);
  const std::vector<std::string>& heading = records->front();
  for (size_t i = 0; i < heading.size(); ++i) {
    auto it = Headings().find(std::string(absl::StripAsciiWhitespace(heading[i])));
    if (it == Headings().end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "line 1: unknown column \"", heading[i],
          "\"; the columns are household_ref (户编码), cash_yuan (现金(元)), in_kind_item "
          "(实物名称), quantity (数量), unit_price_yuan (单价(元)), bank_reference (银行流水号)"));
    }
    column_of[it->second] = static_cast<int>(i);
  }
  if (column_of[kHousehold] < 0) {
    return absl::InvalidArgumentError("line 1: the household_ref (户编码) column is missing");
  }
  v1::HouseholdRoster roster;
  for (size_t r = 1; r < records->size(); ++r) {
    const std::vector<std::string>& record = (*records)[r];
    auto cell = [&](Column c) -> std::string {
      const int i = column_of[c];
      return i >= 0 && static_cast<size_t>(i) < record.size()
                 ? std::string(absl::StripAsciiWhitespace(record[i]))
                 : std::string();
    };
    auto line_error = [&](const std::string& what) {
      return absl::InvalidArgumentError(absl::StrCat("line ", r + 1, ": ", what));
    };
    v1::RosterLine* line = roster.add_lines();
    line->set_household_ref(cell(kHousehold));
    if (!cell(kCash).empty()) {
      absl::StatusOr<int64_t> cash = ParseYuan(cell(kCash));
      if (!cash.ok()) return line_error(std::string(cash.status().message()));
      line->set_cash_fen(*cash);
    }
    line->set_in_kind_item(cell(kItem));
    if (!cell(kQuantity).empty()) {
      uint32_t quantity = 0;
      if (!absl::SimpleAtoi(cell(kQuantity), &quantity)) {
        return line_error("quantity \"" + cell(kQuantity) + "\" is not a whole number");
      }
      line->set_quantity(quantity);
    }
    if (!cell(kUnitPrice).empty()) {
      absl::StatusOr<int64_t> price = ParseYuan(cell(kUnitPrice));
      if (!price.ok()) return line_error(std::string(price.status().message()));
      line->set_unit_price_fen(*price);
    }
    line->set_bank_reference(cell(kBankReference));
  }
  return roster;
}

struct ImportFlags {
  std::string roster_id;
  std::string payment_id;
  std::string file;
};

int Import(CliContext& ctx, const ImportFlags& f) {
  absl::StatusOr<v1::HouseholdRoster> roster = ReadRoster(f.file);
  if (!roster.ok()) return LocalError(roster.status(), "roster import: " + f.file);
  roster->set_roster_id(f.roster_id);
  roster->set_payment_id(f.payment_id);
  std::cerr << "roster " << f.roster_id << ": " << roster->lines_size()
            << " households for payment " << f.payment_id << "\n";
  return SignAndSubmit(ctx, *roster, roster->mutable_header(), "roster import");
}

}  // namespace

void AddRosterCommands(CLI::App& app, Action* action) {
  CLI::App* roster = app.add_subcommand("roster", "household payment rosters (花名册)");
  roster->require_subcommand(0, 1);
  auto flags = std::make_shared<ImportFlags>();
  CLI::App* import = roster->add_subcommand(
      "import",
      "record the roster of a payment from a CSV file with the columns household_ref, cash_yuan, "
      "in_kind_item, quantity, unit_price_yuan, bank_reference (or 户编码, 现金(元), 实物名称, "
      "数量, 单价(元), 银行流水号); the lines must add up to the payment exactly (R7)\n"
      "  example: ledgerctl --key fin.key --principal fin roster import --id RS-1 --payment D7 "
      "--file 花名册.csv");
  import->add_option("--id", flags->roster_id, "roster id, [A-Za-z0-9._-]{1,64}")->required();
  import->add_option("--payment", flags->payment_id, "the payment it details")->required();
  import->add_option("--file", flags->file, "the CSV file (UTF-8)")->required();
  import->callback([action, flags] {
    *action = [flags](CliContext& ctx) { return Import(ctx, *flags);
};
}  // namespace ledger::ledgerctl
);
}

}  // namespace ledger::ledgerctl
