// ledgerctl as its users meet it, through the binary against a real ledgerd: every command has a
// --help with an example; --json output of every command family parses back into the figures
// the log holds; tables line Chinese names up by display width (a CJK character is two columns).

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/county_e2e.h"
#include "tests/support/subprocess.h"

namespace ledger::testing {
namespace {

using namespace std::chrono_literals;

// `ledgerctl <args>` without a server.
RunResult Local(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {LEDGERCTL_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunToCompletion(argv, "/tmp", 30s);
}

TEST(CliHelpE2E, EveryCommandHasHelpWithAnExample) {
  RunResult listed = Local({"--json", "commands"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const nlohmann::json commands = nlohmann::json::parse(listed.out);
  size_t leaves = 0;
  for (const nlohmann::json& c : commands) {
    if (c.at("group").get<bool>()) continue;
    ++leaves;
    const std::string command = c.at("command").get<std::string>();
    std::vector<std::string> args = absl::StrSplit(command, ' ');
    args.push_back("--help");
    RunResult help = Local(args);
    EXPECT_EQ(help.exit_code, 0) << command << "\n" << help.err;
    EXPECT_NE(help.out.find("example: ledgerctl "), std::string::npos) << command << "\n"
                                                                       << help.out;
    EXPECT_FALSE(c.at("summary").get<std::string>().empty()) << command;
  }
  // Every family of the issue is there (a sample of each).
  for (const char* family :
       {"init",           "key gen",          "principal add", "policy set",
        "fund receive",   "project approve",  "disburse",      "roster import",
        "correct",        "asset register",   "asset ledger",  "disposal complete",
        "income record",  "distribution pay", "announce",      "board",
        "audit verify",   "audit report",     "proof export",  "proof verify",
        "witness cosign", "trace asset",      "export bundle", "import disbursements",
        "import rosters", "import assets"}) {
    bool found = false;
    for (const nlohmann::json& c : commands) found = found || c.at("command") == family;
    EXPECT_TRUE(found) << family;
  }
  EXPECT_GT(leaves, 80u);
  // The human list names them too.
  RunResult table = Local({"commands"});
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("ledgerctl asset register"), std::string::npos) << table.out;
}

// The display width of UTF-8 text as a terminal shows it, for the characters these tables hold
// (ASCII, CJK ideographs and fullwidth punctuation): computed here independently of ledgerctl.
size_t Width(const std::string& s) {
  size_t width = 0;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = s[i];
    const size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
    for (size_t k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000;
    width += wide ? 2 : 1;
    i += n;
  }
  return width;
}

// The display column where `needle` starts in `line` (npos if absent).
size_t ColumnOf(const std::string& line, const std::string& needle) {
  const size_t at = line.find(needle);
  return at == std::string::npos ? std::string::npos : Width(line.substr(0, at));
}

class CliE2E : public CountyE2E {};

TEST_F(CliE2E, TablesLineUpChineseNamesByDisplayWidth) {
  ASSERT_NO_FATAL_FAILURE(LeasedStation("DZ-PV-001"));
  ASSERT_NO_FATAL_FAILURE(FundedProject("P2", kVillage1, "2,000,000.00", "600,000.00"));
  // Names of different widths: all CJK, mixed, and ASCII only.
  Ok("xzj", {"asset",      "register",
             "--code",     "DZ-RD-002",
             "--name",     "大山村至小河村产业路",
             "--class",    "public-benefit",
             "--category", "road",
             "--form",     "fixed",
             "--funding",  "central-linkage:P2=1.00",
             "--location", kVillage1,
             "--quantity", "2",
             "--unit",     "km",
             "--life",     "20",
             "--formed",   Day(-20)});
  Ok("xzj", {"asset",      "register",
             "--code",     "DZ-WS-003",
             "--name",     "Well 3",
             "--class",    "public-benefit",
             "--category", "water-supply",
             "--form",     "fixed",
             "--funding",  "central-linkage:P2=2.00",
             "--location", kVillage1,
             "--unit",     "座",
             "--formed",   Day(-20)});
  RunResult list = ledgerd_->Ctl({"asset", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  std::vector<std::string> lines = absl::StrSplit(list.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 4u) << list.out;
  const std::string& heading = lines[0];
  const size_t class_at = ColumnOf(heading, "class (类别)");
  const size_t value_end = ColumnOf(heading, "value (原值)") + Width("value (原值)");
  ASSERT_NE(class_at, std::string::npos) << heading;
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::string& row = lines[i];
    // The left-aligned column after the name starts where its heading starts ...
    size_t cls = ColumnOf(row, "经营性");
    if (cls == std::string::npos) cls = ColumnOf(row, "公益性");
    ASSERT_NE(cls, std::string::npos) << row;
    EXPECT_EQ(cls, class_at) << "row " << i << "\n" << list.out;
    // ... and the right-aligned value ends where its heading ends.
    size_t checked = 0;
    for (const char* value : {" 600,000.00 yuan", " 1.00 yuan", " 2.00 yuan"}) {
      const size_t at = row.find(value);
      if (at == std::string::npos) continue;
      ++checked;
      EXPECT_EQ(Width(row.substr(0, at)) + Width(value), value_end) << "row " << i << "\n"
                                                                    << list.out;
    }
    EXPECT_EQ(checked, 1u) << row;
  }
}

// Each family's --json, parsed back and compared with what was written.
TEST_F(CliE2E, JsonOfEveryCommandFamilyParsesBack) {
  ASSERT_NO_FATAL_FAILURE(LeasedStation("DZ-PV-001"));
  ASSERT_NO_FATAL_FAILURE(FlatEqualCashPlan("DZ-PV-001"));
  auto json = [&](std::vector<std::string> args, int exit_code = 0) {
    args.insert(args.begin(), "--json");
    RunResult r = ledgerd_->Ctl(args);
    EXPECT_EQ(r.exit_code, exit_code) << args[1] << " " << args[2] << "\n" << r.out << r.err;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(r.out);
    } catch (const nlohmann::json::parse_error& e) {
      ADD_FAILURE() << args[1] << ": not JSON: " << e.what() << "\n" << r.out;
    }
    return j;
  };
  // Log and identity.
  EXPECT_EQ(json({"log", "info"}).at("origin"), kOrigin);
  const nlohmann::json principals = json({"principal", "list"});
  EXPECT_NE(principals.dump().find("fin"), std::string::npos) << principals.dump();
  EXPECT_NE(json({"principal", "show", "cun1"}).dump().find(kVillage1), std::string::npos);
  EXPECT_TRUE(json({"policy", "show"}).is_object());
  EXPECT_FALSE(
      json({"--key", Path("fin.key"), "key", "show"}).at("key_id").get<std::string>().empty());
  // Funds: a plan adjustment beyond the policy's 10 % overrun needs a re-approval document (R3);
  // with one, the project's approved total is the new one.
  const std::vector<std::string> adjust = {"project", "adjust",
                                           "--id",    "P1",
                                           "--year",  Day(0).substr(0, 4),
                                           "--line",  "central-linkage=2,400,000.00",
                                           "--body",  "县乡村振兴领导小组"};
  RunResult r3 = Rejected("xzj", adjust, "(R3)");
  EXPECT_NE(r3.err.find("2,400,000.00"), std::string::npos) << r3.err;
  std::vector<std::string> with_document = adjust;
  with_document.insert(with_document.end(), {"--reapproval-doc", "东乡振〔2026〕9号"});
  Ok("xzj", with_document);
  const nlohmann::json project = json({"project", "show", "P1"});
  EXPECT_EQ(project.at("summary").at("paid_fen"), "60000000") << project.dump();
  EXPECT_EQ(project.at("summary").at("approved_fen"), "240000000") << project.dump();
  EXPECT_NE(json({"fund", "balance"}).dump().find("60000000"), std::string::npos);
  EXPECT_NE(json({"fund", "list"}).dump().find("R-P1"), std::string::npos);
  EXPECT_NE(json({"project", "list"}).dump().find("P1"), std::string::npos);
  // Assets.
  EXPECT_EQ(json({"asset", "show", "DZ-PV-001"}).at("registration").at("asset_code"), "DZ-PV-001");
  EXPECT_NE(json({"asset", "list"}).dump().find("大山村500kW光伏电站"), std::string::npos);
  // Income and distribution.
  EXPECT_NE(json({"distribution", "show", "DP-2"}).dump().find("38400"), std::string::npos);
  EXPECT_NE(json({"board", kVillage1}).dump().find("AN-2"), std::string::npos);
  // A write: the submit result.
  const nlohmann::json written =
      json({"--key", Path("fin.key"), "--principal", "fin", "fund", "receive", "--id", "R-2",
            "--source", "county-linkage", "--year", Day(0).substr(0, 4), "--doc", "东财〔2026〕2号",
            "--amount", "1,234.56"});
  EXPECT_EQ(written.at("outcome"), "created") << written.dump();
  EXPECT_EQ(written.at("index").get<uint64_t>() + 1, TreeSize());
  // Audit and tracing.
  const std::string key = VerifierKey();
  const nlohmann::json verified = json({"audit", "verify", "--verifier-key", key}, 1);
  EXPECT_EQ(verified.at("findings").get<int>(), 1) << verified.dump();  // R22: flat equal cash
  EXPECT_EQ(verified.at("tree_size").get<uint64_t>(), TreeSize()) << verified.dump();
  const nlohmann::json trace = json({"trace", "asset", "DZ-PV-001", "--verifier-key", key});
  EXPECT_NE(trace.dump().find("IN-1"), std::string::npos) << trace.dump();
  // Proofs and exports: what was written, where.
  const nlohmann::json exported = json({"proof", "export", "--index", "3", "--out", Path("e3")});
  EXPECT_EQ(exported.at("proof"), Path("e3") + ".proof");
  const nlohmann::json proven =
      json({"proof", "verify", "--bundle", Path("e3"), "--verifier-key", key});
  EXPECT_TRUE(proven.at("verified").get<bool>()) << proven.dump();
  EXPECT_EQ(proven.at("index").get<uint64_t>(), 3u);
  const nlohmann::json journal =
      json({"export", "journal", "--verifier-key", key, "--out", Path("fund.journal")});
  EXPECT_GT(journal.at("movements").get<int>(), 0) << journal.dump();
  const nlohmann::json ledgers = json({"export", "ledgers", "--out", Path("ledgers")});
  ASSERT_EQ(ledgers.size(), 5u) << ledgers.dump();
  EXPECT_EQ(ledgers[0].at("ledger"), "registration");
  // The list of commands.
  EXPECT_TRUE(json({"commands"}).is_array());
}

}  // namespace
}  // namespace ledger::testing
