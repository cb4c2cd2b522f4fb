// `ledgerctl audit report`, `export journal` and `export ledgers` against a real ledgerd, driven
// through ledgerctl as an auditor would:
//  - a funded project audits clean (exit 0); payments that reuse a voucher, pay one payee the
//    same amount twice within days, and a roster that names one bank transaction twice are
//    reported as R32 findings (exit 1) with the indexes of their entries, as a table, CSV and
//    JSON, and the same offline from an export bundle; three years on, the unpaid rest of the
//    contract and of the approved money are R31 findings; a wrong verifier key is an integrity
//    failure with no report (exit 2);
//  - the fund journal of a log with corrections is read by both hledger and ledger, and every
//    balance they compute equals the server's account balance;
//  - the five asset ledgers are written as CSV files with a byte-order mark, each the same
//    bytes as `asset ledger <kind> --csv`.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "ledger/crypto/ed25519.h"
#include "ledger/note/keys.h"
#include "ledger/util/money.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/county_e2e.h"

namespace ledger::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The index in "…: appended at index 12 (entry id …)".
uint64_t IndexIn(const RunResult& r) {
  const size_t at = r.out.rfind("at index ");
  EXPECT_NE(at, std::string::npos) << r.out;
  uint64_t index = 0;
  if (at == std::string::npos) return 0;
  std::string_view rest = std::string_view(r.out).substr(at + 9);
  EXPECT_TRUE(absl::SimpleAtoi(std::string(rest.substr(0, rest.find(' '))), &index)) << r.out;
  return index;
}

// The entry id (hex) in "… (entry id 0190…)".
std::string EntryIdIn(const RunResult& r) {
  const size_t at = r.out.rfind("(entry id ");
  EXPECT_NE(at, std::string::npos) << r.out;
  if (at == std::string::npos) return "";
  return r.out.substr(at + 10, 32);
}

constexpr char kStation[] = "DZ-PV-001";

class AuditReportE2E : public CountyE2E {
 protected:
  // A progress payment of project P1 under C-P1 to 某某电力公司, paid `paid` days from today,
  // with the voucher and invoice files given.
  RunResult Pay(const std::string& id, const std::string& yuan, const std::string& voucher,
                const std::string& invoice, int paid) {
    return Ok("fin", {"disburse",
                      "--id",
                      id,
                      "--project",
                      "P1",
                      "--contract",
                      "C-P1",
                      "--source",
                      "central-linkage",
                      "--stage",
                      "progress",
                      "--amount",
                      yuan,
                      "--payee",
                      "某某电力公司",
                      "--category",
                      "construction",
                      "--voucher-file",
                      Path(voucher),
                      "--invoice-file",
                      Path(invoice),
                      "--applied",
                      Day(paid - 3),
                      "--signed-off",
                      Day(paid - 2),
                      "--approved",
                      Day(paid - 1),
                      "--paid",
                      Day(paid)});
  }

  // The balance of every account as the tool prints it (`<amount> CNY  <account>`, one
  // commodity, zero balances left out), in fen.
  static std::map<std::string, int64_t> ToolBalances(const std::string& out) {
    std::map<std::string, int64_t> balances;
    for (absl::string_view line : absl::StrSplit(out, '\n', absl::SkipEmpty())) {
      std::vector<absl::string_view> parts = absl::StrSplit(line, ' ', absl::SkipEmpty());
      EXPECT_EQ(parts.size(), 3u) << line;
      if (parts.size() != 3) continue;
      EXPECT_EQ(parts[1], "CNY") << line;
      absl::string_view amount = parts[0];
      const bool negative = absl::ConsumePrefix(&amount, "-");
      absl::StatusOr<int64_t> fen = ParseYuan(std::string_view(amount.data(), amount.size()));
      EXPECT_TRUE(fen.ok()) << line;
      balances[std::string(parts[2])] = fen.ok() ? (negative ? -*fen : *fen) : 0;
    }
    return balances;
  }
};

TEST_F(AuditReportE2E, DuplicateAndLongOutstandingPaymentsAreFindingsWithEvidence) {
  FundedProject("P1", kVillage1, "2,000,000.00", "600,000.00");
  const std::string key = VerifierKey();

  RunResult clean = ledgerd_->Ctl({"audit", "report", "--verifier-key", key});
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  EXPECT_NE(clean.out.find("审计发现 (findings): 0\n"), std::string::npos) << clean.out;
  EXPECT_NE(clean.out.find("projections: equal to the replay"), std::string::npos) << clean.out;
  EXPECT_NE(clean.out.find("\nR3 "), std::string::npos) << clean.out;
  EXPECT_NE(clean.out.find("PlanApproval, Contract, Disbursement"), std::string::npos) << clean.out;

  // D-2 reuses the advance's voucher; D-3 and D-4 pay the same amount three days apart; the
  // roster of D-3 names one bank transaction on both its lines.
  WriteFile("invoice-2.pdf", "发票2");
  WriteFile("voucher-3.pdf", "凭证3");
  WriteFile("invoice-3.pdf", "发票3");
  WriteFile("voucher-4.pdf", "凭证4");
  WriteFile("invoice-4.pdf", "发票4");
  const uint64_t d2 = IndexIn(Pay("D-2", "400,000.00", "voucher.pdf", "invoice-2.pdf", -20));
  const uint64_t d3 = IndexIn(Pay("D-3", "100,000.00", "voucher-3.pdf", "invoice-3.pdf", -15));
  const uint64_t d4 = IndexIn(Pay("D-4", "100,000.00", "voucher-4.pdf", "invoice-4.pdf", -12));
  WriteFile("花名册.csv",
            "户编码,现金(元),银行流水号\nH-0001,50000.00,BK-9\nH-0002,50000.00,BK-9\n");
  const uint64_t roster = IndexIn(Ok("fin", {"roster", "import", "--id", "RS-1", "--payment", "D-3",
                                             "--file", Path("花名册.csv")}));

  RunResult json = ledgerd_->Ctl({"audit", "report", "--verifier-key", key, "--json"});
  EXPECT_EQ(json.exit_code, 1) << json.out << json.err;
  const nlohmann::json report = nlohmann::json::parse(json.out);
  EXPECT_EQ(report.at("exit_status").get<int>(), 1);
  EXPECT_EQ(report.at("date").get<std::string>(), Day(0));
  EXPECT_TRUE(report.at("verification").at("failure").is_null());
  const uint64_t size = report.at("tree_size").get<uint64_t>();
  EXPECT_EQ(report.at("entries").get<uint64_t>(), size);
  std::map<std::string, nlohmann::json> rules;
  for (const nlohmann::json& r : report.at("rules")) {
    rules[r.at("rule").get<std::string>() + "/" + r.at("kind").get<std::string>()] = r;
  }
  EXPECT_EQ(rules.at("L-KEY/L-SIGNATURE/L-AUTH/enforced").at("examined").get<uint64_t>(), size);
  EXPECT_EQ(rules.at("R7/enforced").at("examined").get<uint64_t>(), 1u);
  EXPECT_EQ(rules.at("R32/evaluated").at("findings").get<uint64_t>(), 3u);
  EXPECT_EQ(rules.at("R10/not evaluated").at("category").get<std::string>(), "违反相关规定");

  // Findings by rule, then subject: the bank reference, the payee's repeated amount, the voucher.
  const nlohmann::json& findings = report.at("findings");
  ASSERT_EQ(findings.size(), 3u) << findings.dump(2);
  EXPECT_EQ(findings[0].at("subject").get<std::string>(), "bank reference BK-9");
  EXPECT_EQ(findings[0].at("indexes"), nlohmann::json::array({roster}));
  EXPECT_EQ(findings[0].at("amount_fen").get<int64_t>(), 5'000'000);
  EXPECT_EQ(findings[1].at("subject").get<std::string>(), "payee 某某电力公司 project P1");
  EXPECT_EQ(findings[1].at("indexes"), nlohmann::json::array({d3, d4}));
  EXPECT_EQ(findings[1].at("amount_yuan").get<std::string>(), "100000.00");
  const nlohmann::json& voucher = findings[2];
  EXPECT_TRUE(absl::StartsWith(voucher.at("subject").get<std::string>(), "voucher "));
  EXPECT_EQ(voucher.at("rule").get<std::string>(), "R32");
  EXPECT_EQ(voucher.at("category").get<std::string>(), "业务高度重合");
  EXPECT_EQ(voucher.at("amount_fen").get<int64_t>(), 40'000'000);
  ASSERT_EQ(voucher.at("indexes").size(), 2u);
  EXPECT_LT(voucher.at("indexes")[0].get<uint64_t>(), d2);  // the advance D-P1
  EXPECT_EQ(voucher.at("indexes")[1].get<uint64_t>(), d2);
  EXPECT_NE(voucher.at("message").get<std::string>().find("payment D-P1"), std::string::npos);

  RunResult table = ledgerd_->Ctl({"audit", "report", "--verifier-key", key});
  EXPECT_EQ(table.exit_code, 1) << table.err;
  EXPECT_NE(table.out.find("审计发现 (findings): 3\n"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("400,000.00 yuan"), std::string::npos) << table.out;

  RunResult csv = ledgerd_->Ctl({"audit", "report", "--verifier-key", key, "--csv"});
  EXPECT_EQ(csv.exit_code, 1) << csv.err;
  EXPECT_EQ(csv.out.rfind("规则,审计类别,事项,对象,金额(元),说明,证据索引\n", 0), 0u) << csv.out;
  EXPECT_NE(csv.out.find("\nR32,业务高度重合,重复支付或交叉支付,bank reference BK-9,50000.00,"),
            std::string::npos)
      << csv.out;
  EXPECT_NE(csv.out.find("," + std::to_string(d3) + " " + std::to_string(d4) + "\n"),
            std::string::npos)
      << csv.out;

  // Offline, from an export bundle: the same findings without asking the server anything.
  const std::string bundle = Path("341721.bundle");
  RunResult written = ledgerd_->Ctl({"export", "bundle", "--out", bundle});
  ASSERT_EQ(written.exit_code, 0) << written.out << written.err;
  RunResult offline = ledgerd_->Ctl({"audit", "report", "--bundle", bundle, "--json"});
  EXPECT_EQ(offline.exit_code, 1) << offline.out << offline.err;
  EXPECT_EQ(nlohmann::json::parse(offline.out).at("findings"), findings);

  // Three years and more after the works ended (Day(-31)) and the plan was approved (Day(-59)):
  // 800,000.00 of the contract and of the approved money are still unpaid.
  RunResult later =
      ledgerd_->Ctl({"audit", "report", "--verifier-key", key, "--date", Day(1200), "--json"});
  EXPECT_EQ(later.exit_code, 1) << later.err;
  int r31 = 0;
  const nlohmann::json later_report = nlohmann::json::parse(later.out);
  for (const nlohmann::json& f : later_report.at("findings")) {
    if (f.at("rule") != "R31") continue;
    ++r31;
    EXPECT_EQ(f.at("category").get<std::string>(), "长期挂账未处理");
    EXPECT_EQ(f.at("amount_fen").get<int64_t>(), 80'000'000) << f.dump();
  }
  EXPECT_EQ(r31, 2);

  // A malformed date is refused before anything is read.
  RunResult bad_date = ledgerd_->Ctl({"audit", "report", "--date", "2026-02-30"});
  EXPECT_EQ(bad_date.exit_code, 64) << bad_date.err;

  // With a fresh trusted state and a key that did not sign the checkpoints: no report.
  auto other = note::NoteSigner::Create(kOrigin, crypto::Ed25519PrivateKey::Generate());
  ASSERT_TRUE(other.ok());
  ledgerd_->set_state_dir(ledgerd_->dir() + "/fresh-state");
  RunResult wrong = ledgerd_->Ctl({"audit", "report", "--verifier-key", other->VerifierKey()});
  EXPECT_EQ(wrong.exit_code, 2) << wrong.out << wrong.err;
  EXPECT_NE(wrong.out.find("INTEGRITY FAILURE (checkpoint)"), std::string::npos) << wrong.out;
  EXPECT_NE(wrong.out.find("no rule report"), std::string::npos) << wrong.out;
}

TEST_F(AuditReportE2E, HledgerAndLedgerReproduceEveryBalanceFromTheExportedJournal) {
  FundedProject("P1", kVillage1, "2,000,000.00", "600,000.00");
  FundedProject("P2", kVillage2, "1,000,000.00", "300,000.00");
  // A payment corrected (reversed, paid again) and a receipt reversed.
  const RunResult corrected = Ok("fin", {"correct", "--payment", "D-P2", "--amount", "250,000.00",
                                         "--reason", "金额录入错误"});
  Ok("fin", {"correct", "--receipt", "R-P2", "--reason", "重复登记"});
  const std::string key = VerifierKey();

  const std::string file = Path("341721.journal");
  RunResult exported = ledgerd_->Ctl({"export", "journal", "--verifier-key", key, "--out", file});
  ASSERT_EQ(exported.exit_code, 0) << exported.out << exported.err;
  EXPECT_NE(exported.out.find("wrote " + file + ": "), std::string::npos) << exported.out;
  const std::string journal = ReadFile(file);
  // The same journal on standard output.
  RunResult stdout_journal = ledgerd_->Ctl({"export", "journal"});
  EXPECT_EQ(stdout_journal.exit_code, 0) << stdout_journal.err;
  EXPECT_EQ(stdout_journal.out, journal);
  EXPECT_NE(journal.find(" 冲销 Reversal\n"), std::string::npos) << journal;
  // The new payment's movement names its entry: index, id and business date (today).
  EXPECT_NE(journal.find("\n" + Day(0) + " (" + std::to_string(IndexIn(corrected)) +
                         ") 拨付 Disbursement\n    ; entry_id: " + EntryIdIn(corrected) + "\n"),
            std::string::npos)
      << journal;

  RunResult server = ledgerd_->Ctl({"--json", "fund", "balances"});
  ASSERT_EQ(server.exit_code, 0) << server.err;
  std::map<std::string, int64_t> expected;
  const nlohmann::json balances = nlohmann::json::parse(server.out);
  for (const nlohmann::json& b : balances.at("balances")) {
    // "paid/FUND_SOURCE_CENTRAL_LINKAGE/P1" is "paid:central-linkage:P1" in the journal.
    std::vector<std::string> parts = absl::StrSplit(b.at("account").get<std::string>(), '/');
    ASSERT_GE(parts.size(), 2u);
    std::string source = parts[1].substr(std::string("FUND_SOURCE_").size());
    for (char& c : source) c = c == '_' ? '-' : static_cast<char>(std::tolower(c));
    std::string account = parts[0] + ":" + source + (parts.size() > 2 ? ":" + parts[2] : "");
    // Proto JSON: int64 as a string, left out when 0.
    const int64_t fen =
        b.contains("balance_fen") ? std::stoll(b.at("balance_fen").get<std::string>()) : 0;
    if (fen != 0) expected[account] = fen;
  }
  ASSERT_GE(expected.size(), 6u) << server.out;  // external, received, approved and paid ×2

  for (const std::vector<std::string>& tool :
       {std::vector<std::string>{"/usr/bin/hledger", "-f", file, "balance", "--flat", "-N"},
        std::vector<std::string>{"/usr/bin/ledger", "-f", file, "balance", "--flat",
                                 "--no-total"}}) {
    RunResult balance = RunToCompletion(tool, ledgerd_->dir());
    ASSERT_EQ(balance.exit_code, 0) << tool[0] << ": " << balance.err;
    EXPECT_EQ(ToolBalances(balance.out), expected) << tool[0] << ":\n" << balance.out;
  }
}

TEST_F(AuditReportE2E, TheFiveAssetLedgersAreCsvFilesWithAByteOrderMark) {
  ASSERT_NO_FATAL_FAILURE(LeasedStation(kStation));
  const std::string code = kStation;

  const std::string dir = Path("台账");
  RunResult exported = ledgerd_->Ctl({"export", "ledgers", "--out", dir});
  ASSERT_EQ(exported.exit_code, 0) << exported.out << exported.err;
  EXPECT_NE(exported.out.find("registration.csv (资产登记台账, 1 rows)"), std::string::npos)
      << exported.out;
  for (const std::string kind :
       {"registration", "ownership", "operation", "distribution", "disposal"}) {
    const std::string bytes = ReadFile(dir + "/" + kind + ".csv");
    ASSERT_TRUE(absl::StartsWith(bytes, "\xEF\xBB\xBF")) << kind;
    RunResult shown = ledgerd_->Ctl({"asset", "ledger", kind, "--csv"});
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_EQ(bytes.substr(3), shown.out) << kind;
    EXPECT_FALSE(std::filesystem::exists(dir + "/" + kind + ".csv.tmp")) << kind;
  }
  const std::string registration = ReadFile(dir + "/registration.csv");
  EXPECT_NE(registration.find("\xEF\xBB\xBF资产编号,资产名称,资产类别,"), std::string::npos);
  EXPECT_NE(registration.find("\nDZ-PV-001,大山村500kW光伏电站,经营性,"), std::string::npos)
      << registration;
  EXPECT_NE(ReadFile(dir + "/operation.csv").find("运营合同 OC-1"), std::string::npos);
  // Only the header line when a ledger has no rows yet.
  const std::string disposal = ReadFile(dir + "/disposal.csv");
  EXPECT_EQ(std::count(disposal.begin(), disposal.end(), '\n'), 1) << disposal;
}

// R22 and R25 as the auditor's replay finds them equal what the server's ListFindings reports:
// one module decides both (ledger/state/income_findings.h).
TEST_F(AuditReportE2E, FlatEqualCashAndIdleIncomeFromTheReplayEqualTheServersFindings) {
  ASSERT_NO_FATAL_FAILURE(LeasedStation(kStation));
  ASSERT_NO_FATAL_FAILURE(FlatEqualCashPlan(kStation));

  // More than a year later the rest of IN-1 lies idle (R25) besides the flat plan (R22).
  const std::string later = Day(400);
  RunResult server = ledgerd_->Ctl({"--json", "distribution", "findings", "--date", later});
  ASSERT_EQ(server.exit_code, 0) << server.err;
  const nlohmann::json expected = nlohmann::json::parse(server.out);
  RunResult audited = ledgerd_->Ctl({"audit", "report", "--date", later, "--json"});
  ASSERT_EQ(audited.exit_code, 1) << audited.out << audited.err;
  const nlohmann::json report = nlohmann::json::parse(audited.out);
  const nlohmann::json& findings = report.at("findings");
  ASSERT_EQ(findings.size(), 2u) << findings.dump(2);
  ASSERT_EQ(expected.at("findings").size(), 2u) << server.out;
  for (size_t i = 0; i < 2; ++i) {
    const nlohmann::json& mine = findings[i];
    const nlohmann::json& theirs = expected.at("findings")[i];
    EXPECT_EQ(mine.at("rule"), theirs.at("rule"));
    EXPECT_EQ(mine.at("category"), theirs.at("category"));
    EXPECT_EQ(mine.at("message"), theirs.at("message"));
    // Proto JSON writes int64 as strings.
    EXPECT_EQ(std::to_string(mine.at("amount_fen").get<int64_t>()),
              theirs.at("amount_fen").get<std::string>());
    ASSERT_EQ(mine.at("indexes").size(), theirs.at("indexes").size());
    for (size_t k = 0; k < mine.at("indexes").size(); ++k) {
      EXPECT_EQ(std::to_string(mine.at("indexes")[k].get<uint64_t>()),
                theirs.at("indexes")[k].get<std::string>());
    }
  }
  EXPECT_EQ(findings[0].at("rule"), "R22");
  EXPECT_EQ(findings[0].at("amount_fen").get<int64_t>(), 600'000);
  EXPECT_EQ(findings[1].at("rule"), "R25");
  EXPECT_EQ(findings[1].at("subject").get<std::string>(), Village());
  EXPECT_EQ(findings[1].at("amount_fen").get<int64_t>(), 4'200'000);
}

}  // namespace
}  // namespace ledger::testing
