#ifndef LEDGER_TESTS_E2E_COUNTY_E2E_H_
#define LEDGER_TESTS_E2E_COUNTY_E2E_H_

// The fixture of the end-to-end tests that play a county's users through ledgerctl: ledgerd on a
// fresh database, the county's principals with their keys (the rural revitalization bureau "xzj",
// the finance bureau "fin", the township "xz", the village accountants "cun1".."cun3"), the
// documents they hash, and a funded, accepted, paid project to build assets on.

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "clients/entries/entry_builder.h"
#include "ledger/state/civil_date.h"
#include "nlohmann/json.hpp"
#include "tests/support/ledgerd_process.h"

namespace ledger::testing {

inline constexpr char kOrigin[] = "ledger.example.org/341721";
inline constexpr char kVillage1[] = "341721001001";
inline constexpr char kVillage2[] = "341721001002";
inline constexpr char kVillage3[] = "341721001003";
inline constexpr char kTownship[] = "341721001";

class CountyE2E : public ::testing::Test {
 protected:
  // Flags added to ledgerd's command line (a fixture that needs the HTTP board adds --http).
  virtual std::vector<std::string> LedgerdFlags() const { return {}; }

  void SetUp() override {
    auto ledgerd = LedgerdProcess::Start(LEDGERD_PATH, LEDGERCTL_PATH, kOrigin, LedgerdFlags());
    ASSERT_TRUE(ledgerd.ok()) << ledgerd.status();
    ledgerd_ = *std::move(ledgerd);
    ASSERT_NO_FATAL_FAILURE(SetUpPrincipals());
  }
  void TearDown() override {
    if (ledgerd_) {
      EXPECT_EQ(ledgerd_->Stop(), std::optional<int>(0)) << ledgerd_->Stderr();
    }
  }

  std::string Path(const std::string& name) const { return ledgerd_->dir() + "/" + name; }

  // The village collective of kVillage1 as a party ("village:<code>:<name>").
  static std::string Village() {
    return std::string("village:") + kVillage1 + ":大山村股份经济合作社";
  }

  // `asset register` of the 500 kW station `code` of kVillage1 formed on Day(-20), funded by
  // `funding` (all that FundedProject P1 paid, unless told otherwise).
  std::vector<std::string> StationRegistration(
      const std::string& code, const std::string& funding = "central-linkage:P1=600,000.00") const {
    return {"asset",      "register",
            "--code",     code,
            "--name",     "大山村500kW光伏电站",
            "--class",    "operational",
            "--category", "photovoltaic-station",
            "--form",     "fixed",
            "--funding",  funding,
            "--location", kVillage1,
            "--quantity", "500",
            "--unit",     "kW",
            "--life",     "25",
            "--formed",   Day(-20)};
  }

  // Project P1 funded (FundedProject, paid 600,000.00); its 500 kW station `code` registered from
  // it, owned by the village collective of kVillage1, handed over and leased (OC-1) from Day(-16)
  // for five years.
  void LeasedStation(const std::string& code) {
    FundedProject("P1", kVillage1, "2,000,000.00", "600,000.00");
    Ok("xzj", StationRegistration(code));
    Ok("xzj", {"asset", "confirm", "--code", code, "--owner", Village(), "--basis",
               "村级光伏扶贫电站归村集体", "--date", Day(-19)});
    Ok("cun1", {"asset", "handover", "--code", code, "--from", "东至县乡村振兴局", "--date",
                Day(-18), "--list-file", Path("list.pdf")});
    Ok("cun1", {"asset",   "contract",  "--id",        "OC-1",
                "--code",  code,        "--operator",  "org:某光伏运维公司",
                "--mode",  "lease",     "--selection", "tender",
                "--start", Day(-16),    "--end",       Day(1800),
                "--rent",  "48,000.00", "--signed",    Day(-16)});
  }

  // On a LeasedStation(code): income IN-1 (48,000.00), plan DP-2 (80 % public-welfare posts,
  // R23) reviewed, filed and announced, and payment PAY-1 of 2,000.00 to each of three
  // households for one share, nothing tied to work (R22's flat equal cash, a finding).
  void FlatEqualCashPlan(const std::string& code) {
    Ok("cun1", {"income",  "record",  "--id",      "IN-1",
                "--code",  code,      "--from",    Day(-16),
                "--to",    Day(-12),  "--gross",   "48,000.00",
                "--owner", Village(), "--account", "大山村集体经济账户",
                "--kwh",   "300000",  "--date",    Day(-11)});
    // 80 % of the net 48,000.00 for public-welfare posts (R23), 9,600.00 for rewards.
    Ok("cun1", {"distribution",   "plan",
                "--id",           "DP-2",
                "--owner",        Village(),
                "--from",         Day(-16),
                "--to",           Day(-12),
                "--income",       "IN-1",
                "--criteria",     "本村脱贫户",
                "--resolution",   "大山村决〔2026〕6号",
                "--meeting-date", Day(-10),
                "--attendance",   "35",
                "--for",          "33",
                "--against",      "1",
                "--allocation",   "public_welfare_post_wages=38,400.00",
                "--allocation",   "rewards_subsidies=9,600.00"});
    Ok("xz", {"distribution", "review", "--id", "DP-2", "--approve", "--opinion", "同意", "--date",
              Day(-9)});
    Ok("xzj", {"distribution", "file", "--id", "DP-2", "--reference", "东乡振备〔2026〕8号",
               "--date", Day(-9)});
    Ok("cun1", {"announce", "--id", "AN-2", "--subject", "distribution-plan", "--subject-id",
                "DP-2", "--channel", "village-board", "--notice-file", Path("plan-notice.pdf"),
                "--start", Day(-8), "--end", Day(-6)});
    Ok("cun1", {"distribution", "pay", "--allow-unregistered", "--id", "PAY-1", "--plan", "DP-2",
                "--line", "H-0001:share:1:rewards_subsidies:2,000.00:BK-1", "--line",
                "H-0002:share:1:rewards_subsidies:2,000.00:BK-2", "--line",
                "H-0003:share:1:rewards_subsidies:2,000.00:BK-3", "--date", Day(-5)});
  }

  // The log's verifier key (note form) and its size now, from `log info --json`.
  std::string VerifierKey() { return LogInfo().at("verifier_key").get<std::string>(); }
  uint64_t TreeSize() { return LogInfo().at("tree_size").get<uint64_t>(); }
  nlohmann::json LogInfo() {
    RunResult info = ledgerd_->Ctl({"log", "info", "--json"});
    EXPECT_EQ(info.exit_code, 0) << info.err;
    return nlohmann::json::parse(info.out);
  }

  // ledgerctl signed as `principal` with its key file.
  RunResult As(const std::string& principal, std::vector<std::string> args) {
    std::vector<std::string> all = {"--key", Path(principal + ".key"), "--principal", principal};
    all.insert(all.end(), args.begin(), args.end());
    return ledgerd_->Ctl(all);
  }
  // The same, expecting success.
  RunResult Ok(const std::string& principal, std::vector<std::string> args) {
    RunResult r = As(principal, std::move(args));
    EXPECT_EQ(r.exit_code, 0) << principal << ": " << r.out << r.err;
    return r;
  }
  // The same, expecting a rejection by `rule` (exit 1).
  RunResult Rejected(const std::string& principal, std::vector<std::string> args,
                     const std::string& rule) {
    RunResult r = As(principal, std::move(args));
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.err.find(rule), std::string::npos) << r.err;
    return r;
  }

  // The same, expecting a bad command line (exit 64) whose message contains `text`.
  RunResult Usage(const std::string& principal, std::vector<std::string> args,
                  const std::string& text) {
    RunResult r = As(principal, std::move(args));
    EXPECT_EQ(r.exit_code, 64) << r.out << r.err;
    EXPECT_NE(r.err.find(text), std::string::npos) << r.err;
    return r;
  }

  // The county administrator; the rural revitalization bureau "xzj" (project manager), the
  // finance bureau "fin" (fund manager), the township "xz" (reviewer of 341721001) and the
  // accountants "cun1".."cun3" of its villages 001..003, each with a key; notice period 3 days.
  void SetUpPrincipals() {
    ASSERT_EQ(ledgerd_->Ctl({"--key", Path("admin.key"), "init", "--name", "东至县"}).exit_code, 0);
    struct P {
      const char* id;
      const char* name;
      const char* kind;
      std::string scope;
      const char* role;
    };
    const std::vector<P> principals = {
        {"xzj", "东至县乡村振兴局", "rural-revitalization-bureau", "341721", "project-manager"},
        {"fin", "东至县财政局", "finance-bureau", "341721", "fund-manager"},
        {"xz", "尧渡镇人民政府", "township", kTownship, "township-reviewer"},
        {"cun1", "大山村村委会", "village-committee", kVillage1, "village-accountant"},
        {"cun2", "小河村村委会", "village-committee", kVillage2, "village-accountant"},
        {"cun3", "石门村村委会", "village-committee", kVillage3, "village-accountant"},
    };
    for (const P& p : principals) {
      ASSERT_EQ(ledgerd_->Ctl({"key", "gen", "--out", Path(std::string(p.id) + ".key")}).exit_code,
                0);
      Ok("admin", {"principal", "add", "--id", p.id, "--name", p.name, "--kind", p.kind, "--scope",
                   p.scope, "--role", p.role});
      Ok("admin",
         {"key", "register", "--for", p.id, "--key-file", Path(std::string(p.id) + ".key")});
    }
    Ok("admin", {"policy", "set", "notice_period_days=3"});
    WriteFile("report.pdf", "验收报告");
    WriteFile("voucher.pdf", "凭证");
    WriteFile("invoice.pdf", "发票");
    WriteFile("list.pdf", "移交清单");
    WriteFile("notice.pdf", "处置公示");
    WriteFile("project-notice.pdf", "项目实施前公示");
    WriteFile("plan-notice.pdf", "分配方案公示");
    WriteFile("result.pdf", "分配结果");
    WriteFile("result-notice.pdf", "分配结果公告");
  }

  void WriteFile(const std::string& name, const std::string& bytes) {
    std::ofstream out(Path(name), std::ios::binary);
    out << bytes;
  }

  // `days` (may be negative) from today in Shanghai.
  std::string Day(int days) const {
    auto today = state::ParseCivilDate(today_);
    return state::FormatCivilDate(state::CivilFromDays(state::DaysFromCivil(*today) + days));
  }

  // Funds received; project `id` through the library, approved, contracted, announced before
  // implementation ("N-<id>", 40 .. 31 days ago: R11), accepted (60 days ago .. 30 days ago) and
  // paid `paid_yuan` as a 30% advance of a contract of `contract_yuan` 22 days ago.
  void FundedProject(const std::string& id, const std::string& location,
                     const std::string& contract_yuan, const std::string& paid_yuan) {
    Ok("fin", {"fund", "receive", "--id", "R-" + id, "--source", "central-linkage", "--year",
               today_.substr(0, 4), "--doc", "财农〔2026〕1号", "--amount", "5,000,000.00"});
    Ok("xzj", {"project", "register", "--id", id, "--name", "光伏电站", "--type", "industry",
               "--location", location, "--content", "村级光伏电站 500 kW", "--planned",
               "central-linkage=" + contract_yuan, "--implementer", "东至县乡村振兴局",
               "--responsible", "王五"});
    for (const char* step :
         {"village-application", "village-notice", "township-review", "county-approval"}) {
      Ok("xzj", {"project", "step", "--id", id, "--step", step, "--date", Day(-60)});
    }
    // The plan was approved two months ago: entered with its business date (业务日期).
    Ok("xzj", {"--business-date", Day(-59), "project", "approve", "--id", id, "--year",
               today_.substr(0, 4), "--line", "central-linkage=" + contract_yuan, "--body",
               "县乡村振兴领导小组"});
    Ok("xzj", {"project",
               "contract",
               "--id",
               "C-" + id,
               "--project",
               id,
               "--payee",
               "某某电力公司",
               "--amount",
               contract_yuan,
               "--tender",
               "公开招标",
               "--signed",
               Day(-58),
               "--start",
               Day(-57),
               "--end",
               Day(-31),
               "--advance-ceiling-bp",
               "3000",
               "--retention-bp",
               "1000"});
    // R11: the project's before-notice (事前公示) has ended before its first payment.
    Ok("xzj", {"announce", "--id", "N-" + id, "--subject", "project-before", "--subject-id", id,
               "--channel", "village-board", "--notice-file", Path("project-notice.pdf"), "--start",
               Day(-40), "--end", Day(-31)});
    Ok("xzj", {"project", "accept", "--id", "A-" + id, "--project", id, "--date", Day(-30),
               "--result", "合格", "--report-file", Path("report.pdf")});
    Ok("fin", {"disburse",
               "--id",
               "D-" + id,
               "--project",
               id,
               "--contract",
               "C-" + id,
               "--source",
               "central-linkage",
               "--stage",
               "advance",
               "--amount",
               paid_yuan,
               "--payee",
               "某某电力公司",
               "--category",
               "construction",
               "--voucher-file",
               Path("voucher.pdf"),
               "--invoice-file",
               Path("invoice.pdf"),
               "--applied",
               Day(-25),
               "--signed-off",
               Day(-24),
               "--approved",
               Day(-23),
               "--paid",
               Day(-22)});
  }

  const std::string today_ = entries::TodayInShanghai();
  std::unique_ptr<LedgerdProcess> ledgerd_;
};

}  // namespace ledger::testing

#endif  // LEDGER_TESTS_E2E_COUNTY_E2E_H_
