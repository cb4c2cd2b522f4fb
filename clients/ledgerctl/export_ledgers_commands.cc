// ledgerctl export ledgers: the five lifecycle asset ledgers (资产登记, 产权归属, 运营管护,
// 收益分配, 资产处置台账) as CSV files for spreadsheets, one per ledger, with the rows and Chinese
// headings of `asset ledger <kind> --csv` and a UTF-8 byte-order mark so that Excel reads the
// Chinese.

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/ledgerctl/asset_cli.h"
#include "clients/ledgerctl/commands.h"
#include "clients/ledgerctl/output_file.h"
#include "nlohmann/json.hpp"

namespace ledger::ledgerctl {
namespace {

// Excel opens a CSV file without it in the system code page (GBK on Chinese Windows).
constexpr char kUtf8Bom[] = "\xEF\xBB\xBF";

std::string TitleOf(const std::string& kind) {
  if (kind == "registration") return "资产登记台账";
  if (kind == "ownership") return "产权归属台账";
  if (kind == "operation") return "运营管护台账";
  if (kind == "distribution") return "收益分配台账";
  return "资产处置台账";
}

struct LedgersFlags {
  std::string out;
};

int ExportLedgers(CliContext& ctx, const LedgersFlags& f) {
  const std::string what = "export ledgers";
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, what);
  std::error_code error;
  std::filesystem::create_directories(f.out, error);
  if (error) {
    return LocalError(absl::PermissionDeniedError(absl::StrCat("cannot create the directory ",
                                                               f.out, ": ", error.message())),
                      what);
  }
  // Every ledger is fetched before any file is written, so a failure leaves no partial set.
  std::vector<LedgerTable> ledgers;
  for (const std::string& kind : kLedgerKinds) {
    absl::StatusOr<LedgerTable> ledger = FetchLedger(ctx, kind);
    if (!ledger.ok()) return ReportError(ctx, ledger.status(), what + " " + kind);
    ledgers.push_back(*std::move(ledger));
  }
  nlohmann::json written = nlohmann::json::array();
  for (size_t i = 0; i < kLedgerKinds.size(); ++i) {
    const std::string path = (std::filesystem::path(f.out) / (kLedgerKinds[i] + ".csv")).string();
    if (absl::Status s = WriteOutputFile(path, kUtf8Bom + LedgerCsv(ledgers[i])); !s.ok()) {
      return ReportError(ctx, s, what);
    }
    written.push_back(
        {{"ledger", kLedgerKinds[i]}, {"file", path}, {"rows", ledgers[i].rows.size()}});
    if (!ctx.flags().json) {
      std::cout << "wrote " << path << " (" << TitleOf(kLedgerKinds[i]) << ", "
                << ledgers[i].rows.size() << " rows)\n";
    }
  }
  if (ctx.flags().json) std::cout << written.dump() << "\n";
  return kExitOk;
}

}  // namespace

void AddExportLedgersCommands(CLI::App* export_group, Action* action) {
  auto lf = std::make_shared<LedgersFlags>();
  CLI::App* ledgers = export_group->add_subcommand(
      "ledgers",
      "the five lifecycle asset ledgers (台账) of the whole log as CSV files for spreadsheets, "
      "one per ledger: registration.csv (资产登记台账), ownership.csv (产权归属台账), "
      "operation.csv (运营管护台账), distribution.csv (收益分配台账) and disposal.csv "
      "(资产处置台账), each with the rows and Chinese headings of `asset ledger <kind> --csv` "
      "after a UTF-8 byte-order mark (so that Excel reads the Chinese). Read from the server's "
      "AssetService and IncomeService; `audit verify` checks the server's figures.\n"
      "  example: ledgerctl export ledgers --out 台账-2026");
  ledgers->add_option("--out", lf->out, "the directory (created if missing; files replaced)")
      ->required();
  SetFlagsAction(ledgers, action, lf, ExportLedgers);
}

}  // namespace ledger::ledgerctl
