#ifndef CLIENTS_LEDGERCTL_ASSET_CLI_H_
#define CLIENTS_LEDGERCTL_ASSET_CLI_H_

// What ledgerctl's asset and disposal commands share: parties typed on the command line, enum
// words, Chinese labels for tables and CSV, and the AssetService stub.
//
// A party (docs/FORMATS.md §11, `ledgerctl asset confirm --help`):
//   county:341721:东至县乡村振兴局          a county department (6-digit division code, name)
//   township:341721001:尧渡镇人民政府       a township (9 digits, name)
//   village:341721001001:大山村股份经济合作社  a village collective (12 digits, name)
//   household:341721001001:H-0012        a household (its village, a pseudonymous reference)
//   org:某光伏运维公司                      an enterprise, cooperative or other organisation
// followed, where a share is asked for, by "=<basis points>" (10000 = 100 %), e.g.
//   --owner village:341721001001:大山村股份经济合作社=5000

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "clients/ledgerctl/commands.h"
#include "clients/ledgerctl/table.h"
#include "ledger/v1/asset_service.grpc.pb.h"
#include "ledger/v1/assets.pb.h"
#include "ledger/views/labels.h"

namespace ledger::ledgerctl {

// The party syntax above, for --help texts.
extern const char kPartySyntax[];

// Parses a party without a share. kInvalidArgument naming `flag` and saying what is wrong.
absl::StatusOr<v1::Party> ParseParty(const std::string& flag, const std::string& text);
// Parses "<party>[=<bp>]"; without "=<bp>" the share is `default_bp`.
absl::StatusOr<v1::PartyShare> ParsePartyShare(const std::string& flag, const std::string& text,
                                               uint32_t default_bp);
// "village:341721001001:大山村股份经济合作社" (the syntax above; households without a name).
std::string FormatParty(const v1::Party& party);

// An enum value from its command-line word (EnumWord of the value's name after `prefix`), the
// error naming `flag`.
template <typename Enum>
absl::StatusOr<Enum> ParseWord(const google::protobuf::EnumDescriptor* d, const std::string& prefix,
                               const std::string& flag, const std::string& word) {
  absl::StatusOr<Enum> value = ParseEnumWord<Enum>(d, prefix, word);
  if (!value.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(flag, ": ", value.status().message()));
  }
  return *value;
}

// The words of every value of `d` but 0, comma-separated, for --help.
std::string WordsOf(const google::protobuf::EnumDescriptor* d, const std::string& prefix);

// Chinese labels (资产类别, 状态 …) of the asset enums, for tables and CSV; those the web notice
// board shows too live in ledger/views/labels.h.
using views::CategoryLabel;
using views::ClassLabel;
using views::ModeLabel;
using views::PartyKindLabel;
using views::StatusLabel;
std::string FormLabel(v1::AccountingForm f);
std::string RightLabel(v1::RightKind k);
std::string SelectionLabel(v1::SelectionMethod m);
std::string ConditionLabel(v1::AssetCondition c);
std::string MaintenanceFundingLabel(v1::MaintenanceFunding f);
std::string TriggerLabel(v1::DisposalTrigger t);
std::string MethodLabel(v1::DisposalMethod m);
std::string StageLabel(v1::DisposalStage s);

std::unique_ptr<v1::AssetService::Stub> AssetStub(CliContext& ctx);

// Stores fn(ctx, *flags) as the action when `cmd` is chosen.
template <typename Flags, typename Fn>
void SetFlagsAction(CLI::App* cmd, Action* action, std::shared_ptr<Flags> flags, Fn fn) {
  cmd->callback(
      [action, flags, fn] { *action = [flags, fn](CliContext& ctx) { return fn(ctx, *flags); }; });
}

// The five lifecycle ledgers (台账) of `asset ledger <kind>`, in this order: "registration",
// "ownership", "operation", "distribution", "disposal".
extern const std::vector<std::string> kLedgerKinds;

// A ledger as rows of cells under Chinese headings.
struct LedgerTable {
  std::vector<std::string> headings;
  std::vector<std::vector<std::string>> rows;
};

// The ledger `kind` (one of kLedgerKinds) of every asset of ctx's log, from AssetService (and
// IncomeService for the distribution ledger), as `asset ledger <kind>` shows it. The server's
// errors, unchanged.
absl::StatusOr<LedgerTable> FetchLedger(CliContext& ctx, const std::string& kind);

// `ledger` as `asset ledger <kind> --csv` prints it: the headings, then one line per row, fields
// quoted as RFC 4180 asks (CsvCell), every line ending in "\n"; no byte-order mark.
std::string LedgerCsv(const LedgerTable& ledger);

// asset register|confirm|handover|rights|contract|maintain (in the group `asset`).
void AddAssetWriteCommands(CLI::App* asset, Action* action);
// disposal apply|decide|review|approve|notice|complete (in the group `disposal`).
void AddDisposalWriteCommands(CLI::App* disposal, Action* action);

}  // namespace ledger::ledgerctl

#endif  // CLIENTS_LEDGERCTL_ASSET_CLI_H_
