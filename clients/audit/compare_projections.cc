#include "clients/audit/compare_projections.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "ledger/util/status_macros.h"
#include "ledger/views/projections.h"

namespace ledger::audit {
namespace {

// Adds one line per field that differs between the server's and the replay's message.
void CompareMessages(const std::string& what, const google::protobuf::Message& server,
                     const google::protobuf::Message& replay, std::vector<std::string>& out) {
  google::protobuf::util::MessageDifferencer differencer;
  std::string report;
  differencer.ReportDifferencesToString(&report);
  if (differencer.Compare(replay, server)) return;
  // The report has one line per difference, "modified: field: replay -> server" and the like.
  for (absl::string_view line : absl::StrSplit(report, '\n', absl::SkipEmpty())) {
    out.push_back(absl::StrCat(what, " (replay -> server): ", std::string(line)));
  }
}

}  // namespace

absl::StatusOr<std::vector<std::string>> CompareProjections(const state::LedgerState& replayed,
                                                            ProjectionSource& server) {
  std::vector<std::string> out;

  LEDGER_ASSIGN_OR_RETURN(v1::FundSummary server_summary, server.FundSummary());
  CompareMessages("fund summary", server_summary, views::FundSummary(replayed), out);

  LEDGER_ASSIGN_OR_RETURN(std::vector<v1::AccountBalance> server_balances, server.Balances());
  std::map<std::string, int64_t> server_by_account;
  for (const v1::AccountBalance& b : server_balances) {
    if (!server_by_account.emplace(b.account(), b.balance_fen()).second) {
      out.push_back(absl::StrCat("fund balance ", b.account(), ": listed twice by the server"));
    }
  }
  for (const v1::AccountBalance& b : views::Balances(replayed)) {
    auto it = server_by_account.find(b.account());
    if (it == server_by_account.end()) {
      out.push_back(absl::StrCat("fund balance ", b.account(), ": missing on the server, replay ",
                                 b.balance_fen(), " fen"));
      continue;
    }
    if (it->second != b.balance_fen()) {
      out.push_back(absl::StrCat("fund balance ", b.account(), ": server ", it->second,
                                 " fen, replay ", b.balance_fen(), " fen"));
    }
    server_by_account.erase(it);
  }
  for (const auto& [account, balance_fen] : server_by_account) {
    out.push_back(absl::StrCat("fund balance ", account, ": server ", balance_fen,
                               " fen, not an account of the replay"));
  }

  LEDGER_ASSIGN_OR_RETURN(v1::AssetTotals server_totals, server.AssetTotals());
  LEDGER_ASSIGN_OR_RETURN(v1::AssetTotals replay_totals, views::AssetTotals(replayed, ""));
  CompareMessages("asset totals", server_totals, replay_totals, out);

  for (const v1::Party& owner : views::Owners(replayed)) {
    LEDGER_ASSIGN_OR_RETURN(v1::OwnerBalance server_balance, server.OwnerBalance(owner));
    std::string name;
    google::protobuf::TextFormat::Printer printer;
    printer.SetSingleLineMode(true);
    printer.PrintToString(owner, &name);
    CompareMessages(absl::StrCat("owner balance {", name, "}"), server_balance,
                    views::OwnerBalance(replayed, owner), out);
  }
  return out;
}

}  // namespace ledger::audit
