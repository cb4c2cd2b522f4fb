// Runs real PostgreSQL servers (no mocks), each in its own directory under /tmp. Works as root
// (PostgreSQL then runs as "ledger-pg", created when missing) and as an ordinary user.

#include "ledger/storage/pg/embedded/embedded_postgres.h"

#include <libpq-fe.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ledger::storage::pg {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// A fresh directory under /tmp; at the end any server in it is stopped and it is removed.
class ScratchDir {
 public:
  ScratchDir() {
    char name[] = "/tmp/ledger-epg-XXXXXX";
    if (mkdtemp(name) == nullptr) std::abort();
    path_ = name;
    // mkdtemp makes it 0700; the unprivileged PostgreSQL user must be able to enter it.
    chmod(path_.c_str(), 0755);
  }
  ~ScratchDir() {
    absl::Status stopped = EmbeddedPostgres::StopDir(PgDir());
    if (!stopped.ok()) ADD_FAILURE() << "cleanup: " << stopped;
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& Path() const { return path_; }
  std::string PgDir() const { return path_ + "/pg"; }

 private:
  std::string path_;
};

EmbeddedPostgresOptions OptionsFor(const std::string& dir) {
  EmbeddedPostgresOptions options;
  options.dir = dir;
  // Generous: two shared cores, sanitizers, other engineers' builds.
  options.start_timeout_ms = 120000;
  return options;
}

// The first column of the first row of the last statement ("" when it returns no rows).
absl::StatusOr<std::string> QueryOne(const std::string& conninfo, const std::string& sql) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(conninfo.c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return absl::UnavailableError(PQerrorMessage(conn.get()));
  }
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn.get(), sql.c_str()), &PQclear);
  ExecStatusType status = PQresultStatus(result.get());
  if (status == PGRES_COMMAND_OK) return std::string();
  if (status != PGRES_TUPLES_OK) return absl::InternalError(PQerrorMessage(conn.get()));
  if (PQntuples(result.get()) == 0) return std::string();
  return std::string(PQgetvalue(result.get(), 0, 0));
}

bool Accepting(const std::string& conninfo) { return PQping(conninfo.c_str()) == PQPING_OK; }

// Alive and not a zombie (reaping it first when it is our child).
bool ProcessAlive(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, WNOHANG);
  if (kill(pid, 0) != 0) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  size_t paren = line.rfind(')');
  return paren == std::string::npos || paren + 2 >= line.size() || line[paren + 2] != 'Z';
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::trunc);
  out << content;
}

pid_t PidInPidFile(const std::string& dir) {
  return static_cast<pid_t>(std::atol(ReadFile(dir + "/data/postmaster.pid").c_str()));
}

// postmaster.pid as a running server wrote it, with the pid replaced by `pid`.
std::string PidFileNaming(const std::string& real_content, pid_t pid) {
  return std::to_string(pid) + real_content.substr(real_content.find('\n'));
}

// Runs Start in a forked process that then goes away without stopping anything: by SIGKILL (a
// killed ledgerd; the server was not detached) or by exiting (the CTest fixture; detached).
// Returns the helper's wait status. The test process is single-threaded, so forking is safe.
int StartInAnotherProcess(EmbeddedPostgresOptions options, bool killed) {
  options.detach = !killed;
  pid_t helper = fork();
  if (helper == 0) {
    auto pg = EmbeddedPostgres::Start(options);
    if (!pg.ok()) {
      std::fprintf(stderr, "helper: %s\n", pg.status().ToString().c_str());
      _exit(1);
    }
    if (killed) kill(getpid(), SIGKILL);
    _exit(0);  // No destructors: the server stays up either way.
  }
  int status = 0;
  waitpid(helper, &status, 0);
  return status;
}

std::vector<pid_t> ChildrenOf(pid_t parent) {
  std::vector<pid_t> children;
  for (const fs::directory_entry& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string stat = ReadFile("/proc/" + name + "/stat");
    size_t paren = stat.rfind(')');
    if (paren == std::string::npos || paren + 4 >= stat.size()) continue;
    // ") S <ppid> ..."
    if (std::atol(stat.c_str() + paren + 4) == parent) children.push_back(std::stoi(name));
  }
  return children;
}

std::string CurrentUserName() {
  struct passwd* pw = getpwuid(geteuid());
  return pw ? pw->pw_name : "";
}

uid_t ProcessUid(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("Uid:", 0) == 0) return static_cast<uid_t>(std::atol(line.c_str() + 4));
  }
  return static_cast<uid_t>(-1);
}

TEST(EmbeddedPostgresTest, StartsStopsAndRestartsKeepingItsData) {
  ScratchDir scratch;
  const std::string dir = scratch.PgDir();
  auto pg = EmbeddedPostgres::Start(OptionsFor(dir));
  ASSERT_TRUE(pg.ok()) << pg.status();
  const pid_t pid = (*pg)->postmaster_pid();
  ASSERT_GT(pid, 0);
  EXPECT_EQ(getpgid(pid), pid) << "postgres must run in its own process group";
  EXPECT_EQ((*pg)->ConnectionString(),
            "host=" + dir + "/run port=5432 user=postgres dbname=ledger");
  EXPECT_EQ((*pg)->ConnectionString("my db"),
            "host=" + dir + "/run port=5432 user=postgres dbname='my db'");
  EXPECT_EQ((*pg)->options().dir, dir);
  EXPECT_TRUE(fs::exists((*pg)->options().bin_dir + "/postgres"));

  // Not root, whatever we are: as root the server runs as ledger-pg, otherwise as ourselves.
  const std::string expected_user = geteuid() == 0 ? "ledger-pg" : CurrentUserName();
  EXPECT_EQ((*pg)->options().run_as_user, expected_user);
  struct passwd* pw = getpwnam(expected_user.c_str());
  ASSERT_NE(pw, nullptr);
  EXPECT_EQ(ProcessUid(pid), pw->pw_uid);

  const std::string ledger = (*pg)->ConnectionString();
  EXPECT_EQ(QueryOne(ledger, "SELECT current_database()").value_or("?"), "ledger");
  EXPECT_EQ(QueryOne(ledger, "SHOW server_encoding").value_or("?"), "UTF8");
  EXPECT_EQ(
      QueryOne(ledger, "SELECT datcollate FROM pg_database WHERE datname = 'ledger'").value_or("?"),
      "C.UTF-8");
  // No TCP listener, and trust only on the local socket.
  EXPECT_EQ(QueryOne(ledger, "SHOW listen_addresses").value_or("?"), "");
  EXPECT_EQ(QueryOne(ledger,
                     "SELECT count(*) FROM pg_hba_file_rules "
                     "WHERE type <> 'local' OR auth_method <> 'trust'")
                .value_or("?"),
            "0");
  ASSERT_TRUE(
      QueryOne(ledger, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('across restarts')")
          .ok());

  ASSERT_TRUE((*pg)->Stop().ok());
  EXPECT_EQ((*pg)->postmaster_pid(), 0);
  EXPECT_FALSE(ProcessAlive(pid));
  EXPECT_FALSE(Accepting(ledger));
  EXPECT_TRUE((*pg)->Stop().ok()) << "Stop is idempotent";
  pg->reset();

  auto again = EmbeddedPostgres::Start(OptionsFor(dir));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(QueryOne(ledger, "SELECT v FROM kept").value_or("?"), "across restarts");
}

TEST(EmbeddedPostgresTest, RefusesADirectoryInUseByAnotherLiveLauncher) {
  ScratchDir scratch;
  auto first = EmbeddedPostgres::Start(OptionsFor(scratch.PgDir()));
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = EmbeddedPostgres::Start(OptionsFor(scratch.PgDir()));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(second.status().message(), HasSubstr("in use"));
  EXPECT_TRUE(Accepting((*first)->ConnectionString())) << "the first server must be untouched";
}

TEST(EmbeddedPostgresTest, IgnoresAStalePidFileNamingADeadProcess) {
  ScratchDir scratch;
  const std::string dir = scratch.PgDir();
  auto pg = EmbeddedPostgres::Start(OptionsFor(dir));
  ASSERT_TRUE(pg.ok()) << pg.status();
  const std::string pid_file = ReadFile(dir + "/data/postmaster.pid");
  ASSERT_TRUE((*pg)->Stop().ok());
  pg->reset();

  pid_t dead = fork();
  if (dead == 0) _exit(0);
  int status = 0;
  waitpid(dead, &status, 0);
  WriteFile(dir + "/data/postmaster.pid", PidFileNaming(pid_file, dead));

  auto again = EmbeddedPostgres::Start(OptionsFor(dir));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(Accepting((*again)->ConnectionString()));
}

TEST(EmbeddedPostgresTest, IgnoresAStalePidFileNamingANonPostgresProcess) {
  ScratchDir scratch;
  const std::string dir = scratch.PgDir();
  auto pg = EmbeddedPostgres::Start(OptionsFor(dir));
  ASSERT_TRUE(pg.ok()) << pg.status();
  const std::string pid_file = ReadFile(dir + "/data/postmaster.pid");
  ASSERT_TRUE((*pg)->Stop().ok());
  pg->reset();

  // Our own pid: alive, and postgres itself would take it for a running postmaster when it runs
  // as the same user.
  WriteFile(dir + "/data/postmaster.pid", PidFileNaming(pid_file, getpid()));

  auto again = EmbeddedPostgres::Start(OptionsFor(dir));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(Accepting((*again)->ConnectionString()));
  EXPECT_TRUE(ProcessAlive(getpid()));
}

TEST(EmbeddedPostgresTest, StopsAServerLeftRunningByALostDetachedObject) {
  ScratchDir scratch;
  const std::string dir = scratch.PgDir();
  EmbeddedPostgresOptions options = OptionsFor(dir);
  options.detach = true;
  auto lost = EmbeddedPostgres::Start(options);
  ASSERT_TRUE(lost.ok()) << lost.status();
  const pid_t old_pid = (*lost)->postmaster_pid();
  const std::string ledger = (*lost)->ConnectionString();
  ASSERT_TRUE(QueryOne(ledger, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (7)").ok());
  lost->reset();
  ASSERT_TRUE(ProcessAlive(old_pid)) << "a detached server outlives its object";
  ASSERT_TRUE(Accepting(ledger));

  auto pg = EmbeddedPostgres::Start(OptionsFor(dir));
  ASSERT_TRUE(pg.ok()) << pg.status();
  EXPECT_NE((*pg)->postmaster_pid(), old_pid);
  EXPECT_FALSE(ProcessAlive(old_pid));
  EXPECT_EQ(QueryOne(ledger, "SELECT v FROM kept").value_or("?"), "7");
}

TEST(EmbeddedPostgresTest, StopsAServerLeftRunningByAKilledLauncherProcess) {
  ScratchDir scratch;
  const std::string dir = scratch.PgDir();
  const int helper = StartInAnotherProcess(OptionsFor(dir), /*killed=*/true);
  ASSERT_TRUE(WIFSIGNALED(helper) && WTERMSIG(helper) == SIGKILL) << "the helper failed to start";
  const pid_t orphan = PidInPidFile(dir);
  ASSERT_GT(orphan, 0);
  ASSERT_TRUE(ProcessAlive(orphan));

  auto pg = EmbeddedPostgres::Start(OptionsFor(dir));
  ASSERT_TRUE(pg.ok()) << pg.status();
  EXPECT_NE((*pg)->postmaster_pid(), orphan);
  EXPECT_FALSE(ProcessAlive(orphan));
  EXPECT_TRUE(Accepting((*pg)->ConnectionString()));
}

TEST(EmbeddedPostgresTest, StartsAgainAfterThePostmasterWasKilledWithSigkill) {
  ScratchDir scratch;
  const std::string dir = scratch.PgDir();
  auto pg = EmbeddedPostgres::Start(OptionsFor(dir));
  ASSERT_TRUE(pg.ok()) << pg.status();
  const std::string ledger = (*pg)->ConnectionString();
  ASSERT_TRUE(QueryOne(ledger, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)").ok());
  ASSERT_EQ(kill((*pg)->postmaster_pid(), SIGKILL), 0);
  EXPECT_TRUE((*pg)->Stop().ok()) << "stopping a dead server is not an error";
  pg->reset();

  // Its backends may still hold the shared memory for a moment; Start must cope with them.
  auto again = EmbeddedPostgres::Start(OptionsFor(dir));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(QueryOne(ledger, "SELECT v FROM kept").value_or("?"), "42");
}

TEST(EmbeddedPostgresTest, StopsBackendsLeftBehindByAKilledPostmaster) {
  ScratchDir scratch;
  const std::string dir = scratch.PgDir();
  auto pg = EmbeddedPostgres::Start(OptionsFor(dir));
  ASSERT_TRUE(pg.ok()) << pg.status();
  const pid_t postmaster = (*pg)->postmaster_pid();
  // Stopped backends cannot notice their postmaster's death: they keep its shared memory
  // attached, and postgres refuses to start beside them.
  // (Short-lived children may be gone by the time we signal them.)
  std::vector<pid_t> backends;
  for (pid_t child : ChildrenOf(postmaster)) {
    if (kill(child, SIGSTOP) == 0) backends.push_back(child);
  }
  ASSERT_FALSE(backends.empty());
  ASSERT_EQ(kill(postmaster, SIGKILL), 0);
  EXPECT_TRUE((*pg)->Stop().ok());
  pg->reset();

  auto again = EmbeddedPostgres::Start(OptionsFor(dir));
  ASSERT_TRUE(again.ok()) << again.status();
  for (pid_t backend : backends) EXPECT_FALSE(ProcessAlive(backend)) << backend;
  EXPECT_TRUE(Accepting((*again)->ConnectionString()));
}

TEST(EmbeddedPostgresTest, ReportsAServerThatExitsDuringStartWithItsLog) {
  ScratchDir scratch;
  const std::string dir = scratch.PgDir();
  auto pg = EmbeddedPostgres::Start(OptionsFor(dir));
  ASSERT_TRUE(pg.ok()) << pg.status();
  ASSERT_TRUE((*pg)->Stop().ok());
  pg->reset();
  const std::string conf_path = dir + "/data/postgresql.conf";
  const std::string conf = ReadFile(conf_path);
  WriteFile(conf_path, conf + "shared_buffers = 'lots'\n");

  // With a ten-minute timeout, only reporting the exit at once lets this finish under the CTest
  // timeout.
  EmbeddedPostgresOptions options = OptionsFor(dir);
  options.start_timeout_ms = 600000;
  auto failed = EmbeddedPostgres::Start(options);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(failed.status().message(), HasSubstr("during start-up"));
  EXPECT_THAT(failed.status().message(), HasSubstr(dir + "/postgres.log"));
  EXPECT_THAT(failed.status().message(), HasSubstr("shared_buffers"));  // from the log tail

  // Nothing is left held: with the configuration repaired it starts.
  WriteFile(conf_path, conf);
  auto repaired = EmbeddedPostgres::Start(OptionsFor(dir));
  ASSERT_TRUE(repaired.ok()) << repaired.status();
}

TEST(EmbeddedPostgresTest, ReportsABadBinDir) {
  ScratchDir scratch;
  EmbeddedPostgresOptions options = OptionsFor(scratch.PgDir());
  options.bin_dir = scratch.Path() + "/no-such-bin";
  auto pg = EmbeddedPostgres::Start(options);
  ASSERT_FALSE(pg.ok());
  EXPECT_EQ(pg.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(pg.status().message(), HasSubstr(options.bin_dir));
  EXPECT_THAT(pg.status().message(), HasSubstr("'postgres'"));
  EXPECT_FALSE(fs::exists(scratch.PgDir()));

  auto found = FindPostgresBinDir("");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_TRUE(fs::exists(*found + "/initdb"));
  EXPECT_EQ(FindPostgresBinDir(*found).value_or("?"), *found);
}

TEST(EmbeddedPostgresTest, ReportsASocketPathOverTheKernelLimitBeforeCreatingAnything) {
  ScratchDir scratch;
  const std::string dir = scratch.Path() + "/" + std::string(90, 'd');
  auto pg = EmbeddedPostgres::Start(OptionsFor(dir));
  ASSERT_FALSE(pg.ok());
  EXPECT_EQ(pg.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(pg.status().message(), HasSubstr(dir + "/run/.s.PGSQL.5432"));
  EXPECT_THAT(pg.status().message(), HasSubstr("at most 107"));
  EXPECT_FALSE(fs::exists(dir));
}

TEST(EmbeddedPostgresTest, ReportsAParentDirectoryThePostgresUserCannotEnter) {
  if (geteuid() != 0) GTEST_SKIP() << "only root runs PostgreSQL as another user";
  ScratchDir scratch;
  const std::string private_dir = scratch.Path() + "/private";
  ASSERT_EQ(mkdir(private_dir.c_str(), 0700), 0);  // like a home directory
  auto pg = EmbeddedPostgres::Start(OptionsFor(private_dir + "/pg"));
  ASSERT_FALSE(pg.ok());
  EXPECT_EQ(pg.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(pg.status().message(), HasSubstr("cannot enter directory '" + private_dir + "'"));
  EXPECT_FALSE(fs::exists(private_dir + "/pg"));
}

TEST(EmbeddedPostgresTest, StopDirStopsADetachedServerOfAnotherProcess) {
  ScratchDir scratch;
  const std::string dir = scratch.PgDir();
  const int helper = StartInAnotherProcess(OptionsFor(dir), /*killed=*/false);
  ASSERT_TRUE(WIFEXITED(helper) && WEXITSTATUS(helper) == 0) << "the helper failed to start";
  const pid_t pid = PidInPidFile(dir);
  ASSERT_TRUE(ProcessAlive(pid));
  const std::string conninfo = "host=" + dir + "/run port=5432 user=postgres dbname=ledger";
  ASSERT_TRUE(Accepting(conninfo));

  ASSERT_TRUE(EmbeddedPostgres::StopDir(dir).ok());
  EXPECT_FALSE(ProcessAlive(pid));
  EXPECT_FALSE(Accepting(conninfo));
  EXPECT_FALSE(fs::exists(dir + "/data/postmaster.pid")) << "a clean shutdown";
  EXPECT_TRUE(EmbeddedPostgres::StopDir(dir).ok()) << "nothing left to stop";
  EXPECT_TRUE(EmbeddedPostgres::StopDir(scratch.Path() + "/never-created").ok());
}

}  // namespace
}  // namespace ledger::storage::pg
