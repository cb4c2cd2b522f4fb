// ledgerctl export journal: the fund movements as a plain-text double-entry journal that `ledger`
// and `hledger` read (clients/audit/fund_journal.h), written from the auditor's own replay of a
// log verified as `audit verify` does, never from the server's figures.

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "clients/audit/fund_journal.h"
#include "clients/entries/entry_builder.h"
#include "clients/ledgerctl/asset_cli.h"
#include "clients/ledgerctl/audit_cli.h"
#include "clients/ledgerctl/commands.h"
#include "clients/ledgerctl/output_file.h"
#include "nlohmann/json.hpp"

namespace ledger::ledgerctl {
namespace {

struct JournalFlags {
  VerifyFlags verify;
  std::string out;  // empty: stdout
};

int ExportJournal(CliContext& ctx, const JournalFlags& f) {
  const std::string what = "export journal";
  int exit_code = kExitFailure;
  std::unique_ptr<audit::Replay> replay;
  std::optional<audit::AuditReport> verification =
      RunAudit(ctx, f.verify, entries::TodayInShanghai(), what, &replay, &exit_code);
  if (!verification) return exit_code;
  if (verification->failure) {
    // A journal of entries that are not the signed ones would reproduce nothing.
    std::cerr << "ledgerctl: " << what << ": the log did not verify, nothing written\n";
    PrintIntegrityFailure(*verification, std::cerr);
    return kExitIntegrity;
  }
  const std::string& division = replay->state.division_name();
  const std::string header = absl::StrCat(
      "资金往来账 fund movements of ", verification->origin,
      division.empty() ? "" : " (" + division + ")", ", written by ledgerctl export journal\n",
      "from the verified log: ", verification->tree_size, " entries, root ", verification->root_hex,
      "\naccounts: external:<source> -> received:<source> -> approved:<source>:<project> -> "
      "paid:<source>:<project>; amounts in yuan (CNY)");
  const std::string journal = audit::FundJournal(*replay, header);
  const size_t movements = replay->state.funds().journal().size();
  if (f.out.empty()) {
    std::cout << journal;
    return kExitOk;
  }
  if (absl::Status s = WriteOutputFile(f.out, journal); !s.ok()) return ReportError(ctx, s, what);
  if (ctx.flags().json) {
    std::cout << nlohmann::json{{"file", f.out},
                                {"movements", movements},
                                {"origin", verification->origin},
                                {"tree_size", verification->tree_size}}
                     .dump()
              << "\n";
    return kExitOk;
  }
  std::cout << "wrote " << f.out << ": " << movements << " fund movements of "
            << verification->origin << " at tree size " << verification->tree_size << "\n";
  return kExitOk;
}

}  // namespace

void AddExportJournalCommands(CLI::App* export_group, Action* action) {
  auto jf = std::make_shared<JournalFlags>();
  CLI::App* journal = export_group->add_subcommand(
      "journal",
      "the fund movements (资金往来) as a plain-text double-entry journal for the accounting "
      "programs ledger and hledger: one transaction per movement between the accounts "
      "external, received, approved and paid, dated with its entry's business date, with the "
      "entry's index and id. Written from this machine's replay of the whole log, verified as "
      "`audit verify` does (nothing is written when it does not verify), so `hledger -f FILE "
      "balance` reproduces every balance independently.\n"
      "  exit status: 0 written, 2 integrity failure, 3 the audit could not run\n"
      "  example: ledgerctl export journal --out 341721.journal && hledger -f 341721.journal "
      "balance");
  AddVerifyFlags(journal, jf->verify);
  journal->add_option("--out", jf->out, "the file to write (default: standard output)");
  SetFlagsAction(journal, action, jf, ExportJournal);
}

}  // namespace ledger::ledgerctl
