// examples/county-year.sh against a real ledgerd started as scripts/run.sh starts it
// (--demo-origin: the log, its administrator key <key-dir>/admin.key and the Genesis entry created
// on start): the script plays a whole county year and must exit 0; what it recorded is then checked
// independently with ledgerctl (a clean audit, the fund balance, the notice board, the assets, a
// clean audit report); and a second run on the same log, as the script promises, succeeds too.

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "tests/support/ledgerd_process.h"

namespace ledger::testing {
namespace {

using namespace std::chrono_literals;

constexpr char kOrigin[] = "ledger.example.org/341721";
constexpr char kLibu[] = "341721105201";  // 栗埠村, where the script's station stands

class CountyYearExampleE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    auto ledgerd = LedgerdProcess::Start(LEDGERD_PATH, LEDGERCTL_PATH, kOrigin,
                                         {std::string("--demo-origin=") + kOrigin});
    ASSERT_TRUE(ledgerd.ok()) << ledgerd.status();
    ledgerd_ = *std::move(ledgerd);
  }
  void TearDown() override {
    if (ledgerd_) {
      EXPECT_EQ(ledgerd_->Stop(), std::optional<int>(0)) << ledgerd_->Stderr();
    }
  }

  std::string WorkDir() const { return ledgerd_->dir() + "/example"; }

  // The script, configured through its environment only, with run tag `tag`.
  RunResult RunScript(const std::string& tag) {
    return RunToCompletion(
        {"/usr/bin/env", "-u", "LEDGER_KEY", "-u", "LEDGER_PRINCIPAL", "-u", "LEDGER_BUSINESS_DATE",
         std::string("LEDGERCTL=") + LEDGERCTL_PATH, "LEDGER_SERVER=" + ledgerd_->server(),
         std::string("LEDGER_ORIGIN=") + kOrigin,
         "LEDGER_ADMIN_KEY=" + ledgerd_->dir() + "/keys/admin.key", "LEDGER_ADMIN_PRINCIPAL=admin",
         "LEDGER_EXAMPLE_DIR=" + WorkDir(), "LEDGER_STATE_DIR=" + ledgerd_->state_dir(),
         "LEDGER_RUN_TAG=" + tag, "bash", COUNTY_YEAR_SCRIPT},
        ledgerd_->dir(), 900s);
  }

  nlohmann::json Json(std::vector<std::string> args, int want_exit = 0) {
    args.insert(args.begin(), "--json");
    RunResult r = ledgerd_->Ctl(args);
    EXPECT_EQ(r.exit_code, want_exit) << r.out << r.err;
    nlohmann::json j = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
    EXPECT_FALSE(j.is_discarded()) << r.out;
    return j;
  }

  uint64_t TreeSize() {
    const nlohmann::json size = Json({"log", "info"}).at("tree_size");
    return size.is_string() ? std::stoull(size.get<std::string>()) : size.get<uint64_t>();
  }

  // The log verifies (signatures, root, replay, the server's figures) with no findings.
  void ExpectCleanAudit() {
    const nlohmann::json verify = Json({"audit", "verify"});
    EXPECT_TRUE(verify.at("failure").is_null()) << verify.dump();
    EXPECT_TRUE(verify.at("projections_compared").get<bool>());
    EXPECT_EQ(verify.at("exit_status").get<int>(), 0);
    EXPECT_EQ(verify.at("entries_checked").get<uint64_t>(), TreeSize());
    const nlohmann::json report = Json({"audit", "report"});
    EXPECT_EQ(report.at("exit_status").get<int>(), 0);
    EXPECT_TRUE(report.at("findings").empty()) << report.at("findings").dump(2);
  }

  // The notice board of 栗埠村 shows run `tag`'s distribution result in force with its five
  // masked lines, and its plan notice past.
  void ExpectBoard(const std::string& tag) {
    const nlohmann::json board = Json({"board", kLibu});
    bool result = false, plan = false;
    for (const nlohmann::json& n : board.at("in_force")) {
      if (n.at("announcement").at("announcement_id") != "AR-DP-" + tag + "-PV") continue;
      result = true;
      ASSERT_EQ(n.at("lines").size(), 5u) << n.dump(2);
      for (const nlohmann::json& line : n.at("lines")) {
        EXPECT_NE(line.at("masked_name").get<std::string>().find('*'), std::string::npos);
      }
    }
    for (const nlohmann::json& n : board.value("past", nlohmann::json::array())) {
      if (n.at("announcement").at("announcement_id") == "AN-DP-" + tag + "-PV") plan = true;
    }
    EXPECT_TRUE(result) << board.dump(2);
    EXPECT_TRUE(plan) << board.dump(2);
  }

  std::string AssetStatus(const std::string& code) {
    return Json({"asset", "show", code}).at("status").get<std::string>();
  }

  // The paid, received fen of the central linkage fund.
  std::pair<int64_t, int64_t> CentralLinkage() {
    const nlohmann::json balance = Json({"fund", "balance"});
    for (const nlohmann::json& s : balance.at("sources")) {
      if (s.at("source") == "FUND_SOURCE_CENTRAL_LINKAGE") {
        return {std::stoll(s.at("received_fen").get<std::string>()),
                std::stoll(s.at("paid_fen").get<std::string>())};
      }
    }
    ADD_FAILURE() << "no central linkage fund";
    return {0, 0};
  }

  std::unique_ptr<LedgerdProcess> ledgerd_;
};

TEST_F(CountyYearExampleE2E, PlaysAWholeCountyYearAndCanBeRunAgainOnTheSameLog) {
  RunResult first = RunScript("t1");
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_NE(first.out.find("==> county year t1 done"), std::string::npos) << first.out;

  // Independently of what the script printed: the log verifies and has what it played.
  const uint64_t size = TreeSize();
  EXPECT_GT(size, 80u);
  ExpectCleanAudit();
  EXPECT_EQ(CentralLinkage(), std::make_pair(int64_t{300'000'000}, int64_t{183'500'000}));
  // The table names each source with the word the script typed (--source central-linkage).
  RunResult balance = ledgerd_->Ctl({"fund", "balance"});
  EXPECT_NE(balance.out.find("\ncentral-linkage "), std::string::npos) << balance.out;
  EXPECT_NE(balance.out.find("\ncounty-linkage "), std::string::npos) << balance.out;
  ExpectBoard("t1");
  EXPECT_EQ(AssetStatus("PV-t1"), "ASSET_STATUS_IN_OPERATION");
  EXPECT_EQ(AssetStatus("TEA-t1"), "ASSET_STATUS_DISPOSED");
  const nlohmann::json owner =
      Json({"distribution", "balance", "--owner", "village:341721105201:栗埠村股份经济合作社"});
  EXPECT_EQ(owner.at("paid_fen").get<std::string>(), "2850000") << owner.dump();
  const nlohmann::json principals = Json({"principal", "list"}).at("principals");
  EXPECT_EQ(principals.size(), 7u);  // admin and the six organisations
  EXPECT_TRUE(std::filesystem::exists(WorkDir() + "/t1/341721.bundle"));
  RunResult offline =
      ledgerd_->Ctl({"audit", "verify", "--bundle", WorkDir() + "/t1/341721.bundle"});
  EXPECT_EQ(offline.exit_code, 0) << offline.out << offline.err;

  // A second county year on the same log: the organisations and their keys are found, every
  // business id is new.
  RunResult second = RunScript("t2");
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  EXPECT_NE(second.out.find("principal fin-341721 (东至县财政局) is already registered"),
            std::string::npos)
      << second.out;
  EXPECT_EQ(Json({"principal", "list"}).at("principals").size(), 7u);
  EXPECT_EQ(TreeSize() - size, size - 13);  // the same entries but the 12 of the principals
                                            // and their keys, after the Genesis entry
  ExpectCleanAudit();
  EXPECT_EQ(CentralLinkage(), std::make_pair(int64_t{600'000'000}, int64_t{367'000'000}));
  ExpectBoard("t2");
  EXPECT_EQ(AssetStatus("TEA-t2"), "ASSET_STATUS_DISPOSED");

  // A run that repeats a run tag fails loudly at its first record, naming it.
  RunResult again = RunScript("t2");
  EXPECT_EQ(again.exit_code, 1) << again.out << again.err;
  EXPECT_NE(again.err.find("receipt R-t2-C is already recorded"), std::string::npos) << again.err;
  EXPECT_NE(again.err.find("county-year.sh: FAILED (exit 1)"), std::string::npos) << again.err;
}

}  // namespace
}  // namespace ledger::testing
