#include "clients/audit/fund_journal.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "ledger/crypto/sha256.h"
#include "ledger/util/check.h"
#include "ledger/util/money.h"

namespace ledger::audit {
namespace {

constexpr std::string_view kSourcePrefix = "FUND_SOURCE_";
// Postings are aligned so the amounts end in this column (at least two spaces always separate
// an account from its amount, as both tools require).
constexpr size_t kAmountEndColumn = 64;

// The Chinese word of the entries that move fund money, then the body type.
std::string Description(std::string_view payload_type) {
  std::string_view type = payload_type;
  if (type.starts_with("ledger.v1.")) type.remove_prefix(10);
  std::string word;
  if (type == "FundReceipt") word = "资金到账 ";
  if (type == "PlanApproval") word = "年度计划批复 ";
  if (type == "Disbursement") word = "拨付 ";
  if (type == "Reversal") word = "冲销 ";
  return absl::StrCat(word, std::string(type));
}

std::string Posting(const std::string& account, int64_t fen) {
  const std::string amount = absl::StrCat(JournalAmount(fen), " ", std::string(kJournalCommodity));
  const size_t used = 4 + account.size() + amount.size();
  const size_t pad = used + 2 <= kAmountEndColumn ? kAmountEndColumn - used : 2;
  return absl::StrCat("    ", account, std::string(pad, ' '), amount, "\n");
}

}  // namespace

std::string JournalAccount(std::string_view state_account) {
  std::vector<std::string> parts =
      absl::StrSplit(absl::string_view(state_account.data(), state_account.size()), '/');
  for (std::string& part : parts) {
    if (part.starts_with(kSourcePrefix)) {
      part = absl::StrReplaceAll(absl::AsciiStrToLower(part.substr(kSourcePrefix.size())),
                                 {{"_", "-"}});
    }
  }
  return absl::StrJoin(parts, ":");
}

std::string JournalAmount(int64_t fen) {
  return absl::StrReplaceAll(FormatYuanGrouped(fen), {{",", ""}});
}

std::string FundJournal(const Replay& replay, std::string_view header) {
  LEDGER_CHECK(replay.state.funds().keeps_journal());
  std::string out;
  for (absl::string_view line :
       absl::StrSplit(absl::string_view(header.data(), header.size()), '\n')) {
    absl::StrAppend(&out, "; ", line, "\n");
  }
  for (const state::Transfer& t : replay.state.funds().journal()) {
    LEDGER_CHECK(t.index < replay.entries.size());
    const EntryFacts& e = replay.entries[t.index];
    absl::StrAppend(&out, "\n", e.business_date, " (", t.index, ") ", Description(e.payload_type),
                    "\n", "    ; entry_id: ", crypto::ToHex(e.entry_id), "\n",
                    Posting(JournalAccount(t.to), t.amount_fen),
                    Posting(JournalAccount(t.from), -t.amount_fen));
  }
  return out;
}

}  // namespace ledger::audit
