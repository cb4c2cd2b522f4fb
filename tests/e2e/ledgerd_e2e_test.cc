// End-to-end tests of the real ledgerd and ledgerctl binaries with a real embedded PostgreSQL:
// start-up, health, clean stop, crash recovery, and the start-up errors a user must understand.

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "ledger/storage/pg/admin.h"
#include "tests/support/net.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_database.h"

namespace ledger::testing {
namespace {

using namespace std::chrono_literals;

constexpr auto kStartTimeout = 120s;

std::vector<std::string> LedgerdArgs(const std::string& dir, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {LEDGERD_PATH, "--listen=127.0.0.1:0",
                                   "--db=embedded:" + dir + "/pg"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// Waits for "listening on 127.0.0.1:<port>" and returns the port (0 when it never came).
int WaitListening(Subprocess& p) {
  std::regex re(R"(listening on 127\.0\.0\.1:(\d+))");
  int port = 0;
  p.WaitForStderr(
      [&](const std::string& err) {
        std::smatch m;
        if (std::regex_search(err, m, re)) {
          port = std::stoi(m[1].str());
          return true;
        }
        return false;
      },
      kStartTimeout);
  return port;
}

RunResult Health(const std::string& dir, int port) {
  return RunToCompletion(
      {LEDGERCTL_PATH, "--server", "127.0.0.1:" + std::to_string(port), "health"}, dir, 30s);
}

pid_t PostmasterPid(const std::string& dir) {
  std::ifstream in(dir + "/pg/data/postmaster.pid");
  pid_t pid = 0;
  in >> pid;
  return pid;
}

bool ProcessAlive(pid_t pid) {
  if (pid <= 0 || kill(pid, 0) != 0) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_s, comm, state;
  stat >> pid_s >> comm >> state;
  return state != "Z";
}

TEST(LedgerdE2E, ServesHealthAndStopsCleanlyOnSigint) {
  TempDir dir;
  Subprocess ledgerd(LedgerdArgs(dir.path()), dir.path());
  int port = WaitListening(ledgerd);
  ASSERT_NE(port, 0) << ledgerd.Stderr();
  RunResult h = Health(dir.path(), port);
  EXPECT_EQ(h.exit_code, 0) << h.err;
  EXPECT_NE(h.out.find("SERVING"), std::string::npos) << h.out;
  pid_t postmaster = PostmasterPid(dir.path());
  EXPECT_TRUE(ProcessAlive(postmaster));

  ledgerd.Signal(SIGINT);
  auto code = ledgerd.Wait(60s);
  ASSERT_TRUE(code.has_value()) << "ledgerd did not stop on SIGINT";
  EXPECT_EQ(*code, 0) << ledgerd.Stderr();
  std::string err = ledgerd.Stderr();
  EXPECT_NE(err.find("stopping (SIGINT)"), std::string::npos) << err;
  EXPECT_NE(err.find("stopped"), std::string::npos) << err;
  // Every log line carries a UTC timestamp.
  EXPECT_TRUE(std::regex_search(
      err, std::regex(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z ledgerd INFO starting)")))
      << err;
  EXPECT_FALSE(ProcessAlive(postmaster)) << "PostgreSQL still running after ledgerd stopped";
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/pg/data/postmaster.pid"));

  // Running again reuses the data directory: no second initdb, schema already current.
  Subprocess again(LedgerdArgs(dir.path()), dir.path());
  ASSERT_NE(WaitListening(again), 0) << again.Stderr();
  EXPECT_NE(again.Stderr().find("(up to date)"), std::string::npos) << again.Stderr();
  again.Signal(SIGTERM);
  EXPECT_EQ(again.Wait(60s), std::optional<int>(0));
}

TEST(LedgerdE2E, RestartsAfterKill9OfLedgerd) {
  TempDir dir;
  {
    Subprocess ledgerd(LedgerdArgs(dir.path()), dir.path());
    ASSERT_NE(WaitListening(ledgerd), 0) << ledgerd.Stderr();
    ledgerd.Signal(SIGKILL);
    ASSERT_EQ(ledgerd.Wait(30s), std::optional<int>(128 + SIGKILL));
  }
  // PostgreSQL may still run, orphaned, on the data directory: the next start must cope.
  Subprocess ledgerd(LedgerdArgs(dir.path()), dir.path());
  int port = WaitListening(ledgerd);
  ASSERT_NE(port, 0) << ledgerd.Stderr();
  EXPECT_EQ(Health(dir.path(), port).exit_code, 0);
  ledgerd.Signal(SIGINT);
  EXPECT_EQ(ledgerd.Wait(60s), std::optional<int>(0)) << ledgerd.Stderr();
}

TEST(LedgerdE2E, RecoversAfterKill9OfPostmaster) {
  TempDir dir;
  Subprocess ledgerd(LedgerdArgs(dir.path()), dir.path());
  int port = WaitListening(ledgerd);
  ASSERT_NE(port, 0) << ledgerd.Stderr();
  pid_t postmaster = PostmasterPid(dir.path());
  ASSERT_GT(postmaster, 0);
  ASSERT_EQ(kill(postmaster, SIGKILL), 0);
  ASSERT_TRUE(ledgerd.WaitForStderr(
      [](const std::string& e) { return e.find("PostgreSQL running again") != std::string::npos; },
      kStartTimeout))
      << ledgerd.Stderr();
  EXPECT_NE(PostmasterPid(dir.path()), postmaster);
  EXPECT_EQ(Health(dir.path(), port).exit_code, 0);
  ledgerd.Signal(SIGINT);
  EXPECT_EQ(ledgerd.Wait(60s), std::optional<int>(0)) << ledgerd.Stderr();
}

TEST(LedgerdE2E, RestartsAfterKill9OfBothLedgerdAndPostmaster) {
  TempDir dir;
  {
    Subprocess ledgerd(LedgerdArgs(dir.path()), dir.path());
    ASSERT_NE(WaitListening(ledgerd), 0) << ledgerd.Stderr();
    pid_t postmaster = PostmasterPid(dir.path());
    ledgerd.Signal(SIGKILL);
    ledgerd.Wait(30s);
    kill(postmaster, SIGKILL);
  }
  Subprocess ledgerd(LedgerdArgs(dir.path()), dir.path());
  int port = WaitListening(ledgerd);
  ASSERT_NE(port, 0) << ledgerd.Stderr();
  EXPECT_EQ(Health(dir.path(), port).exit_code, 0);
  ledgerd.Signal(SIGINT);
  EXPECT_EQ(ledgerd.Wait(60s), std::optional<int>(0));
}

TEST(LedgerdE2E, BusyPortIsReportedClearly) {
  TempDir dir;
  BusyPort busy;
  int port = busy.port();
  RunResult r = RunToCompletion({LEDGERD_PATH, "--listen=127.0.0.1:" + std::to_string(port),
                                 "--db=embedded:" + dir.path() + "/pg"},
                                dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("Address already in use"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("127.0.0.1:" + std::to_string(port)), std::string::npos) << r.err;
}

TEST(LedgerdE2E, UnreachableDatabaseIsReportedClearly) {
  TempDir dir;
  RunResult r = RunToCompletion(
      {LEDGERD_PATH, "--listen=127.0.0.1:0",
       "--db=host=/nonexistent-ledger-socket-dir port=5 dbname=ledger password=hunter2 "
       "connect_timeout=3"},
      dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("cannot reach PostgreSQL"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("hunter2"), std::string::npos) << "password leaked into the log: " << r.err;
}

TEST(LedgerdE2E, MigrateOnlyAppliesOnceAndRefusesAModifiedMigration) {
  auto db = TestDatabase::Create(/*migrate=*/false);
  ASSERT_TRUE(db.ok()) << db.status();
  TempDir dir;
  std::vector<std::string> args = {LEDGERD_PATH, "--migrate-only", "--db=" + (*db)->conninfo()};
  RunResult first = RunToCompletion(args, dir.path());
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("applied V0001__logs.sql"), std::string::npos) << first.err;
  RunResult second = RunToCompletion(args, dir.path());
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.err.find("(up to date)"), std::string::npos) << second.err;

  ASSERT_TRUE(storage::pg::ExecuteSql((*db)->conninfo(),
                                      "ALTER TABLE schema_migrations DISABLE TRIGGER ALL; "
                                      "UPDATE schema_migrations SET checksum = repeat('0', 64) "
                                      "WHERE version = 1")
                  .ok());
  RunResult refused = RunToCompletion(args, dir.path());
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("V0001__logs.sql was changed after it was applied"), std::string::npos)
      << refused.err;
}

TEST(LedgerdE2E, HelpDocumentsEveryFlag) {
  TempDir dir;
  RunResult d = RunToCompletion({LEDGERD_PATH, "--help"}, dir.path());
  EXPECT_EQ(d.exit_code, 0);
  for (const char* flag : {"--listen", "--db", "--pg-bin-dir", "--pg-user", "--migrate-only",
                           "--tls-cert", "--tls-key", "--tls-client-ca", "--require-client-cert",
                           "--allow-plaintext-nonloopback", "--read-access"}) {
    EXPECT_NE(d.out.find(flag), std::string::npos) << flag << " missing from:\n" << d.out;
  }
  RunResult c = RunToCompletion({LEDGERCTL_PATH, "--help"}, dir.path());
  EXPECT_EQ(c.exit_code, 0);
  for (const char* flag : {"health", "profile", "--profile", "--profiles-file", "--tls-ca",
                           "--tls-cert", "--tls-key", "--insecure-plaintext"}) {
    EXPECT_NE(c.out.find(flag), std::string::npos) << flag << " missing from:\n" << c.out;
  }
  RunResult bad = RunToCompletion({LEDGERD_PATH, "--no-such-flag"}, dir.path());
  EXPECT_EQ(bad.exit_code, 64);
}

TEST(LedgerdE2E, LedgerctlReportsAnUnreachableServer) {
  TempDir dir;
  RunResult r = RunToCompletion(
      {LEDGERCTL_PATH, "--server", "127.0.0.1:1", "--timeout-ms", "2000", "health"}, dir.path());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("cannot reach ledgerd at 127.0.0.1:1"), std::string::npos) << r.err;
}

// The same service as an ordinary (non-root) user. When the tests run as root, ledgerd is started
// as `nobody` through setpriv; PostgreSQL then runs as that same user.
TEST(LedgerdE2E, RunsAsAnOrdinaryUser) {
  TempDir dir;
  std::vector<std::string> prefix;
  if (geteuid() == 0) {
    passwd* nobody = getpwnam("nobody");
    ASSERT_NE(nobody, nullptr);
    for (const char* sub : {"/pg", "/keys"}) {
      std::filesystem::create_directories(dir.path() + sub);
      ASSERT_EQ(chown((dir.path() + sub).c_str(), nobody->pw_uid, nobody->pw_gid), 0);
    }
    RunResult can_exec = RunToCompletion({"/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup",
                                          "--clear-groups", "/usr/bin/test", "-x", LEDGERD_PATH},
                                         dir.path());
    if (can_exec.exit_code != 0) {
      GTEST_SKIP() << "the build directory is not reachable by user nobody (" << LEDGERD_PATH
                   << "); build outside a private home directory to run this test";
    }
    prefix = {"/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"};
  }
  std::vector<std::string> args = prefix;
  // Its keys (the registry secret is created at start) in a directory that user may write.
  for (auto& a : LedgerdArgs(dir.path(), {"--key-dir=" + dir.path() + "/keys"})) {
    args.push_back(a);
  }
  Subprocess ledgerd(args, dir.path());
  int port = WaitListening(ledgerd);
  ASSERT_NE(port, 0) << ledgerd.Stderr();
  EXPECT_EQ(Health(dir.path(), port).exit_code, 0);
  ledgerd.Signal(SIGINT);
  EXPECT_EQ(ledgerd.Wait(60s), std::optional<int>(0)) << ledgerd.Stderr();
}

}  // namespace
}  // namespace ledger::testing
