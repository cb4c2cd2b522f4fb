// ledgerctl export: files for auditors and other programs. `export bundle` writes the offline
// export bundle (docs/FORMATS.md §15) that `ledgerctl audit verify --bundle` checks without the
// server.

#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "clients/audit/bundle.h"
#include "clients/audit/grpc_sources.h"
#include "clients/ledgerctl/commands.h"
#include "nlohmann/json.hpp"

namespace ledger::ledgerctl {
namespace {

struct BundleFlags {
  std::string out;
  size_t page_size = 1000;
};

int ExportBundle(CliContext& ctx, const BundleFlags& f) {
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, "export bundle");
  absl::StatusOr<v1::LogInfo> info = ctx.Client().GetLogInfo();
  if (!info.ok()) return ReportError(ctx, info.status(), "export bundle");
  audit::GrpcLogSource log(ctx.Client());
  absl::StatusOr<audit::BundleWritten> written =
      audit::WriteBundle(log, info->verifier_key(), f.out, f.page_size);
  if (!written.ok()) return ReportError(ctx, written.status(), "export bundle");
  if (ctx.flags().json) {
    std::cout << nlohmann::json{{"out", f.out},
                                {"origin", written->origin},
                                {"tree_size", written->tree_size},
                                {"entries", written->leaves_written}}
                     .dump()
              << "\n";
  } else {
    std::cout << "wrote " << f.out << ": " << written->leaves_written << " entries of "
              << written->origin << " and its checkpoint of size " << written->tree_size << "\n"
              << "verify offline: ledgerctl audit verify --bundle " << f.out
              << " --verifier-key '<the log's verifier key, obtained out of band>'\n";
  }
  if (written->leaves_written < written->tree_size) {
    // The bundle is written as served, as evidence; the log itself is broken.
    std::cerr << "ledgerctl: export bundle: the server served " << written->leaves_written
              << " of the " << written->tree_size << " entries its checkpoint signs (log entry "
              << written->leaves_written
              << " is missing); the bundle holds what it served, and audit verify reports it\n";
    return kExitIntegrity;
  }
  return kExitOk;
}

}  // namespace

void AddExportCommands(CLI::App& app, Action* action) {
  CLI::App* group = ExportGroup(app);
  AddExportBundleCommand(*group, action);
  AddExportJournalCommands(group, action);
  AddExportLedgersCommands(group, action);
}

void AddExportBundleCommand(CLI::App& group, Action* action) {
  auto bf = std::make_shared<BundleFlags>();
  CLI::App* bundle = group.add_subcommand(
      "bundle",
      "write the offline export bundle (docs/FORMATS.md §15): the latest signed checkpoint and "
      "every entry's leaf bytes, with the log's verifier key for information; `audit verify "
      "--bundle` checks it without the server. Exit status 2 (after writing the file) when the "
      "server serves fewer entries than its checkpoint signs. --json prints {out, origin, "
      "tree_size, entries}.\n"
      "  example: ledgerctl --origin ledger.example.org/341721 export bundle --out "
      "341721.bundle");
  bundle->add_option("--out", bf->out, "the bundle file (replaced atomically)")->required();
  bundle->add_option("--page-size", bf->page_size, "entries read per call")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  bundle->callback(
      [action, bf] { *action = [bf](CliContext& ctx) { return ExportBundle(ctx, *bf); }; });
}

}  // namespace ledger::ledgerctl
