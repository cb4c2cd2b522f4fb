// Reads scoped by the client certificate (ledgerd --read-access=scoped, the default; issue 10's
// "a village reads its own records, a township its villages, the county its county, auditors
// everything, the public only the notice board"), through the real ledgerd and ledgerctl over
// mutual TLS with certificates from scripts/dev-certs.sh --principal.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "tests/support/ledgerd_process.h"
#include "tests/support/subprocess.h"

namespace ledger::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kOrigin[] = "ledger.example.org/341721";

class ReadScopeE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    // One certificate per principal, and "client", which names none.
    RunResult r =
        RunToCompletion({"/bin/bash", LEDGER_DEV_CERTS, certs_.path() + "/tls"}, certs_.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* principal : {"admin", "xzj", "fin", "xz", "cun1", "cun2", "sj"}) {
      r = RunToCompletion(
          {"/bin/bash", LEDGER_DEV_CERTS, "--principal", principal, certs_.path() + "/tls"},
          certs_.path());
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    auto started = LedgerdProcess::Start(
        LEDGERD_PATH, LEDGERCTL_PATH, kOrigin,
        {"--tls-cert=" + Cert("server.pem"), "--tls-key=" + Cert("server.key"),
         "--tls-client-ca=" + Cert("ca.pem"), "--require-client-cert", "--read-access=scoped"});
    ASSERT_TRUE(started.ok()) << started.status();
    ledgerd_ = *std::move(started);
    EXPECT_THAT(ledgerd_->Stderr(), HasSubstr("reads scoped"));

    // The county: its bureaus, a township and two of its villages, and an audit office whose
    // scope is the township but whose role reads everything.
    ASSERT_EQ(With("admin", {"--key", Key("admin"), "init", "--name", "东至县"}).exit_code, 0);
    struct P {
      const char* id;
      const char* name;
      const char* kind;
      const char* scope;
      const char* role;
    };
    for (const P& p : std::vector<P>{
             {"xzj", "东至县乡村振兴局", "rural-revitalization-bureau", "341721",
              "project-manager"},
             {"fin", "东至县财政局", "finance-bureau", "341721", "fund-manager"},
             {"xz", "尧渡镇人民政府", "township", "341721001", "township-reviewer"},
             {"cun1", "大山村村委会", "village-committee", "341721001001", "village-accountant"},
             {"cun2", "小河村村委会", "village-committee", "341721001002", "village-accountant"},
             {"sj", "东至县审计局", "auditor", "341721001", "auditor"},
         }) {
      ASSERT_EQ(ledgerd_->Ctl({"key", "gen", "--out", Key(p.id)}).exit_code, 0);
      Ok("admin", {"principal", "add", "--id", p.id, "--name", p.name, "--kind", p.kind, "--scope",
                   p.scope, "--role", p.role});
      Ok("admin", {"key", "register", "--for", p.id, "--key-file", Key(p.id)});
    }
    Ok("fin", {"fund", "receive", "--id", "R-1", "--source", "central-linkage", "--year", "2026",
               "--doc", "财农〔2026〕1号", "--amount", "5,000,000.00"});
    for (const auto& [id, village] : std::vector<std::pair<std::string, std::string>>{
             {"P1", "341721001001"}, {"P2", "341721001002"}}) {
      Ok("xzj", {"project", "register", "--id", id, "--name", "光伏电站", "--type", "industry",
                 "--location", village, "--content", "村级光伏电站 500 kW", "--planned",
                 "central-linkage=600,000.00", "--implementer", "东至县乡村振兴局", "--responsible",
                 "王五"});
    }
  }
  void TearDown() override {
    if (ledgerd_) {
      EXPECT_EQ(ledgerd_->Stop(), std::optional<int>(0)) << ledgerd_->Stderr();
    }
  }

  std::string Cert(const std::string& name) const { return certs_.path() + "/tls/" + name; }
  std::string Key(const std::string& principal) const {
    return ledgerd_->dir() + "/" + principal + ".key";
  }

  // ledgerctl over mutual TLS with the certificate of `cert` ("client" or a principal id).
  RunResult With(const std::string& cert, std::vector<std::string> args) {
    const std::string file = cert == "client" ? "client" : "principal-" + cert;
    std::vector<std::string> all = {"--tls-ca",          Cert("ca.pem"), "--tls-cert",
                                    Cert(file + ".pem"), "--tls-key",    Cert(file + ".key")};
    all.insert(all.end(), args.begin(), args.end());
    return ledgerd_->Ctl(all);
  }
  // As `principal`, signing with its key, over its own certificate; expecting success.
  RunResult Ok(const std::string& principal, std::vector<std::string> args) {
    std::vector<std::string> all = {"--key", Key(principal), "--principal", principal};
    all.insert(all.end(), args.begin(), args.end());
    RunResult r = With(principal, all);
    EXPECT_EQ(r.exit_code, 0) << principal << ": " << r.out << r.err;
    return r;
  }
  // A read by `cert` refused with PERMISSION_DENIED, rule L-READ, with `message` in it.
  void ExpectDenied(const std::string& cert, std::vector<std::string> args,
                    const std::string& message) {
    RunResult r = With(cert, args);
    EXPECT_NE(r.exit_code, 0) << r.out;
    EXPECT_THAT(r.err, HasSubstr("PERMISSION_DENIED")) << cert;
    EXPECT_THAT(r.err, HasSubstr("L-READ")) << cert;
    EXPECT_THAT(r.err, HasSubstr(message)) << cert;
  }
  // The project ids `cert` lists.
  std::vector<std::string> Projects(const std::string& cert) {
    RunResult r = With(cert, {"--json", "project", "list"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> ids;
    if (r.exit_code != 0) return ids;
    const nlohmann::json list = nlohmann::json::parse(r.out);
    for (const auto& p : list.at("projects")) {
      ids.push_back(p.at("registration").at("project_id").get<std::string>());
    }
    return ids;
  }

  TempDir certs_;
  std::unique_ptr<LedgerdProcess> ledgerd_;
};

TEST_F(ReadScopeE2E, AVillageReadsItsOwnRecordsATownshipItsVillagesTheCountyEverything) {
  EXPECT_EQ(Projects("cun1"), std::vector<std::string>({"P1"}));
  EXPECT_EQ(Projects("cun2"), std::vector<std::string>({"P2"}));
  EXPECT_EQ(Projects("xz"), std::vector<std::string>({"P1", "P2"}));
  EXPECT_EQ(Projects("xzj"), std::vector<std::string>({"P1", "P2"}));
  EXPECT_EQ(Projects("sj"), std::vector<std::string>({"P1", "P2"}));

  EXPECT_EQ(With("cun1", {"project", "show", "P1"}).exit_code, 0);
  ExpectDenied("cun1", {"project", "show", "P2"},
               "principal cun1 (village-accountant, scope 341721001001) may not read project P2: "
               "it is about division 341721001002, which needs a principal whose scope contains "
               "it");
  // County-wide figures need the county or an auditor.
  ExpectDenied("xz", {"fund", "list"}, "may not read the fund receipts");
  EXPECT_EQ(With("fin", {"fund", "list"}).exit_code, 0);
  EXPECT_EQ(With("sj", {"fund", "list"}).exit_code, 0);
}

TEST_F(ReadScopeE2E, ThePublicReadsTheBoardCheckpointsAndProofsOnly) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"log", "info"}, {"checkpoint"}, {"board", "341721001001"}}) {
    RunResult r = With("client", args);
    EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
  }
  ExpectDenied("client", {"project", "show", "P1"},
               "the public (no client certificate naming a principal of this log) may not read "
               "project P1");
  ExpectDenied("client", {"principal", "list"}, "may not read the principals of the log");
  ExpectDenied("client", {"audit", "verify"}, "may not read log entries");
}

TEST_F(ReadScopeE2E, EntriesAreReadWholeByAuditorsAndUpToTheFirstOutOfScopeByOthers) {
  RunResult r = With("sj", {"audit", "verify"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  // The village reads the identity entries, then meets the county's fund receipt.
  ExpectDenied(
      "cun1", {"audit", "verify"},
      "may not read log entry 13 (`fund receive` (FundReceipt)): it is about division 341721,");
}

}  // namespace
}  // namespace ledger::testing
