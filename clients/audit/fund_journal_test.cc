// The fund journal (fund_journal.h) of the state machine's fund fixture: the exact text of one
// transaction, the account names and amounts, and every account's balance equal to the sum of
// its postings.

#include "clients/audit/fund_journal.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "ledger/state/state_testing.h"
#include "ledger/util/money.h"

namespace ledger::audit {
namespace {

using ::testing::HasSubstr;

Replay ReplayOf(state::testing::TestLog& log) {
  Replay replay(log.state());
  for (const state::Entry& e : log.accepted()) {
    replay.entries.push_back({.payload_type = e.payload_type(),
                              .business_date = e.header().business_date(),
                              .entry_id = e.header().entry_id()});
  }
  return replay;
}

TEST(FundJournalTest, AccountNamesAndAmounts) {
  EXPECT_EQ(JournalAccount("paid/FUND_SOURCE_CENTRAL_LINKAGE/P-2026.01"),
            "paid:central-linkage:P-2026.01");
  EXPECT_EQ(JournalAccount("external/FUND_SOURCE_EAST_WEST_COOPERATION"),
            "external:east-west-cooperation");
  EXPECT_EQ(JournalAmount(123456), "1234.56");
  EXPECT_EQ(JournalAmount(100000000), "1000000.00");
  EXPECT_EQ(JournalAmount(-5), "-0.05");
  EXPECT_EQ(JournalAmount(0), "0.00");
}

TEST(FundJournalTest, OneTransactionPerMovementWithDateIndexAndEntryId) {
  state::testing::TestLog log;
  log.Standard();
  ASSERT_NO_FATAL_FAILURE(state::testing::FundFixture(log));
  ASSERT_NO_FATAL_FAILURE(state::testing::AssetFixture(log));
  const std::string journal =
      FundJournal(ReplayOf(log), "origin ledger.example.org/341721\nsize 9");

  EXPECT_EQ(journal.rfind("; origin ledger.example.org/341721\n; size 9\n", 0), 0u) << journal;
  // Receipt R0 (1,000.00 yuan) is the entry at index 7 (after Standard's 5 and the project
  // manager's principal and key), with entry id 7; amounts end in column 64.
  EXPECT_THAT(journal,
              HasSubstr("\n2026-11-22 (7) 资金到账 FundReceipt\n"
                        "    ; entry_id: 00000000000000000000000000000007\n"
                        "    received:central-linkage" +
                        std::string(25, ' ') + "1000.00 CNY\n" + "    external:central-linkage" +
                        std::string(24, ' ') + "-1000.00 CNY\n"));
  // The plan approval carries its own business date, 2026-03-01.
  EXPECT_THAT(journal, HasSubstr(" 年度计划批复 PlanApproval\n"));
  EXPECT_THAT(journal, HasSubstr("\n2026-03-01 ("));

  // Every account's balance is the sum of its postings, and every transaction balances.
  std::map<std::string, int64_t> sums;
  int64_t transaction = 0;
  size_t transactions = 0;
  for (absl::string_view line : absl::StrSplit(journal, '\n')) {
    if (line.empty()) {
      EXPECT_EQ(transaction, 0);
      continue;
    }
    if (absl::StartsWith(line, "    ;") || absl::StartsWith(line, ";")) continue;  // comments
    if (!absl::StartsWith(line, "    ")) {  // a transaction's first line
      ++transactions;
      continue;
    }
    std::vector<absl::string_view> parts = absl::StrSplit(line.substr(4), ' ', absl::SkipEmpty());
    ASSERT_EQ(parts.size(), 3u) << line;
    EXPECT_EQ(parts[2], "CNY");
    absl::string_view amount = parts[1];
    const bool negative = absl::ConsumePrefix(&amount, "-");
    absl::StatusOr<int64_t> fen = ParseYuan(std::string_view(amount.data(), amount.size()));
    ASSERT_TRUE(fen.ok()) << line;
    sums[std::string(parts[0])] += negative ? -*fen : *fen;
    transaction += negative ? -*fen : *fen;
  }
  EXPECT_EQ(transactions, log.state().funds().journal().size());
  for (const auto& [account, balance] : log.state().funds().balances()) {
    EXPECT_EQ(sums[JournalAccount(account)], balance) << account;
  }
  EXPECT_EQ(sums.size(), log.state().funds().balances().size());
}

}  // namespace
}  // namespace ledger::audit
