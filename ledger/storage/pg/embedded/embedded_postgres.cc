#include "ledger/storage/pg/embedded/embedded_postgres.h"

#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "ledger/util/log.h"
#include "ledger/util/status_macros.h"

namespace ledger::storage::pg {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr char kDefaultRunAsUser[] = "ledger-pg";
constexpr char kSuperuser[] = "postgres";
constexpr char kLedgerDatabase[] = "ledger";
constexpr char kDebianPostgresRoot[] = "/usr/lib/postgresql";

// Named queries (see STYLE.md: SQL lives in ledger/storage/pg as constants with $n parameters).
// CREATE DATABASE takes no parameters; the name is this fixed constant, never a value.
constexpr char kSelectDatabaseSql[] = "SELECT 1 FROM pg_database WHERE datname = $1";
constexpr char kCreateLedgerDatabaseSql[] = "CREATE DATABASE ledger";
constexpr char kDuplicateDatabaseSqlState[] = "42P04";

constexpr int kLogTailLines = 20;
constexpr std::streamoff kLogTailBytesMax = std::streamoff{16} * 1024;
// postgres.log is appended to across restarts; past this size it is moved to postgres.log.1 at
// start-up so that it cannot grow without bound.
constexpr std::uintmax_t kLogRotateBytes = std::uintmax_t{16} * 1024 * 1024;
// initdb normally takes seconds; the bound only keeps a wedged initdb from hanging start-up.
constexpr int kInitdbTimeoutMs = 300000;
constexpr int kUseraddTimeoutMs = 60000;
// After SIGKILL the kernel frees a process promptly; this only bounds a process stuck in D state.
constexpr int kKillWaitMs = 10000;
constexpr auto kPollInterval = std::chrono::milliseconds(20);

// Appended to postgresql.conf right after initdb. Small-footprint defaults that an operator may
// change in that file; the settings that must not change (listen_addresses, port, socket
// directory) are passed on the command line, which wins over the file.
constexpr char kPostgresqlConfAppendix[] =
    "\n"
    "# Added by ledger's EmbeddedPostgres when the cluster was created. Edit freely; the\n"
    "# launcher sets listen_addresses, port and unix_socket_directories on the command line.\n"
    "shared_buffers = 64MB\n"
    "max_wal_size = 512MB\n"
    "min_wal_size = 64MB\n"
    "timezone = 'UTC'\n"
    "log_timezone = 'UTC'\n";

constexpr char kPgHbaConf[] =
    "# Written by ledger's EmbeddedPostgres. The server listens on no TCP address; its Unix "
    "socket\n"
    "# directory is mode 0700, so only the user running PostgreSQL (and root) can connect.\n"
    "# TYPE  DATABASE  USER  METHOD\n"
    "local   all       all   trust\n";

struct Layout {
  std::string dir;
  std::string data;
  std::string data_initdb;  // initdb writes here, then it is renamed to `data`
  std::string run;
  std::string socket;
  std::string log;
  std::string lock;
  std::string pid_file;
};

Layout MakeLayout(const std::string& dir, int port) {
  Layout l;
  l.dir = dir;
  l.data = dir + "/data";
  l.data_initdb = dir + "/data.initdb";
  l.run = dir + "/run";
  l.socket = absl::StrCat(l.run, "/.s.PGSQL.", port);
  l.log = dir + "/postgres.log";
  l.lock = dir + "/launcher.lock";
  l.pid_file = l.data + "/postmaster.pid";
  return l;
}

// absl::string_view is not std::string_view in Debian's Abseil; StrCat takes only the former.
absl::string_view Sv(std::string_view s) { return {s.data(), s.size()}; }

std::string ErrnoText(int err) { return std::error_code(err, std::generic_category()).message(); }

absl::Status ErrnoStatus(int err, std::string_view what) {
  std::string message = absl::StrCat(Sv(what), ": ", ErrnoText(err));
  switch (err) {
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(message);
    case ENOENT:
      return absl::NotFoundError(message);
    default:
      return absl::InternalError(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Files

std::optional<std::string> ReadSmallFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

absl::Status WriteFile(const std::string& path, std::string_view content, bool append) {
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC);
  int fd = open(path.c_str(), flags, 0600);
  if (fd < 0) return ErrnoStatus(errno, absl::StrCat("opening ", path));
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      close(fd);
      return ErrnoStatus(err, absl::StrCat("writing ", path));
    }
    written += static_cast<size_t>(n);
  }
  if (close(fd) != 0) return ErrnoStatus(errno, absl::StrCat("closing ", path));
  return absl::OkStatus();
}

// The last kLogTailLines lines of the log, for error messages.
std::string LogTail(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return "(no log)";
  std::streamoff size = in.tellg();
  std::streamoff start = std::max<std::streamoff>(0, size - kLogTailBytesMax);
  in.seekg(start);
  std::string text(static_cast<size_t>(size - start), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  // A partial first line (we started mid-file) is dropped.
  if (start > 0 && !lines.empty()) lines.erase(lines.begin());
  if (lines.size() > kLogTailLines) lines.erase(lines.begin(), lines.end() - kLogTailLines);
  if (lines.empty()) return "(empty log)";
  return absl::StrJoin(lines, "\n");
}

absl::Status WithLogTail(absl::StatusCode code, std::string_view message, const Layout& layout) {
  return {code,
          absl::StrCat(Sv(message), "; last lines of ", layout.log, ":\n", LogTail(layout.log))};
}

bool IsExecutableFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(path.c_str(), X_OK) == 0;
}

bool HasServerBinaries(const std::string& dir) {
  return IsExecutableFile(dir + "/postgres") && IsExecutableFile(dir + "/initdb");
}

// ---------------------------------------------------------------------------------------------
// Processes (all of this is Linux: /proc is the source of truth)

// The process exists and is not a zombie. A zombie still answers kill(pid, 0).
bool IsAlive(pid_t pid) {
  if (pid <= 0) return false;
  if (kill(pid, 0) != 0 && errno == ESRCH) return false;
  std::optional<std::string> stat = ReadSmallFile(absl::StrCat("/proc/", pid, "/stat"));
  if (!stat) return true;  // Cannot tell; kill() says it exists.
  // "pid (comm) S ...": comm may contain spaces and parentheses, the state follows the last ')'.
  size_t paren = stat->rfind(')');
  if (paren == std::string::npos || paren + 2 >= stat->size()) return true;
  char state = (*stat)[paren + 2];
  return state != 'Z' && state != 'X';
}

std::vector<std::string> ReadCmdline(pid_t pid) {
  std::optional<std::string> raw = ReadSmallFile(absl::StrCat("/proc/", pid, "/cmdline"));
  if (!raw) return {};
  std::vector<std::string> args = absl::StrSplit(*raw, '\0');
  while (!args.empty() && args.back().empty()) args.pop_back();
  return args;
}

// True when the process runs the postgres binary: the postmaster keeps its command line
// (".../bin/postgres -D ..."), its children rewrite theirs ("postgres: ledger: checkpointer").
bool IsPostgresProcess(pid_t pid) {
  std::vector<std::string> args = ReadCmdline(pid);
  if (args.empty()) return false;
  std::string_view first = args[0];
  first = first.substr(0, first.find(' '));
  size_t slash = first.rfind('/');
  if (slash != std::string_view::npos) first.remove_prefix(slash + 1);
  return first == "postgres" || first == "postgres:" || first == "postmaster";
}

bool SameFile(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

// Whether the process's working directory is `dir` (every postgres process chdirs into its
// data directory); nullopt when /proc does not tell us (another user's process).
std::optional<bool> CwdIs(pid_t pid, const struct stat& dir) {
  struct stat cwd;
  if (stat(absl::StrCat("/proc/", pid, "/cwd").c_str(), &cwd) != 0) return std::nullopt;
  return SameFile(cwd, dir);
}

// Whether `pid` is a live postgres serving the data directory `data`.
bool IsPostgresOf(pid_t pid, const std::string& data, const struct stat& data_stat) {
  if (!IsAlive(pid) || !IsPostgresProcess(pid)) return false;
  if (std::optional<bool> cwd_is_data = CwdIs(pid, data_stat)) return *cwd_is_data;
  // Not ours to inspect; our launches always pass "-D <absolute data dir>".
  std::vector<std::string> args = ReadCmdline(pid);
  return std::find(args.begin(), args.end(), data) != args.end();
}

// Every live postgres process working in `data_stat` (orphaned backends of a killed postmaster).
std::vector<pid_t> PostgresProcessesIn(const struct stat& data_stat) {
  std::vector<pid_t> pids;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    pid_t pid = 0;
    auto [end, err] = std::from_chars(name.data(), name.data() + name.size(), pid);
    if (err != std::errc() || end != name.data() + name.size() || pid == getpid()) continue;
    if (CwdIs(pid, data_stat) == true && IsAlive(pid) && IsPostgresProcess(pid)) {
      pids.push_back(pid);
    }
  }
  return pids;
}

std::string DescribeWaitStatus(int status) {
  if (status == -1) return "exited";
  if (WIFEXITED(status)) return absl::StrCat("exited with status ", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return absl::StrCat("was killed by signal ", WTERMSIG(status));
  return "stopped";
}

// Waits for `pid` to exit, reaping it when it is our child. `status` gets the wait status, or -1
// when the process was not our child. False when still running after `timeout_ms`.
bool WaitForExit(pid_t pid, int timeout_ms, int* status) {
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (true) {
    int wait_status = 0;
    pid_t r = waitpid(pid, &wait_status, WNOHANG);
    if (r == pid) {
      *status = wait_status;
      return true;
    }
    // ECHILD: not our child (reparented from a dead launcher, or SIGCHLD is ignored).
    if (r < 0 && errno == ECHILD && !IsAlive(pid)) {
      *status = -1;
      return true;
    }
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(kPollInterval);
  }
}

// Fast shutdown (SIGINT); after timeout_ms immediate shutdown (SIGQUIT: the next start runs
// crash recovery); after another timeout_ms SIGKILL. OK once the process is gone, except after
// SIGKILL.
absl::Status ShutDownPostmaster(pid_t pid, int timeout_ms) {
  int status = 0;
  if (kill(pid, SIGINT) != 0) {
    if (errno == ESRCH) {
      WaitForExit(pid, 0, &status);  // Reaps it if it is our zombie.
      return absl::OkStatus();
    }
    return ErrnoStatus(errno, absl::StrCat("signalling postgres (pid ", pid, ")"));
  }
  kill(pid, SIGCONT);  // a stopped postmaster would not act on SIGINT
  if (WaitForExit(pid, timeout_ms, &status)) return absl::OkStatus();
  log::Warning(absl::StrCat("postgres (pid ", pid, ") did not finish a fast shutdown within ",
                            timeout_ms, " ms; sending SIGQUIT (immediate shutdown)"));
  kill(pid, SIGQUIT);
  kill(pid, SIGCONT);
  if (WaitForExit(pid, timeout_ms, &status)) return absl::OkStatus();
  log::Error(absl::StrCat("postgres (pid ", pid, ") ignored SIGQUIT for ", timeout_ms,
                          " ms; sending SIGKILL"));
  kill(pid, SIGKILL);
  WaitForExit(pid, kKillWaitMs, &status);
  return absl::DeadlineExceededError(absl::StrCat(
      "postgres (pid ", pid, ") did not shut down within ", 2 * timeout_ms, " ms and was killed"));
}

// Backends outlive a postmaster killed with SIGKILL for a moment (until they notice its death)
// and keep its shared memory attached, which makes a new postmaster refuse to start. They are
// useless without their postmaster; SIGQUIT is their normal emergency exit.
absl::Status StopOrphanedBackends(const struct stat& data_stat, int timeout_ms) {
  std::vector<pid_t> orphans = PostgresProcessesIn(data_stat);
  if (orphans.empty()) return absl::OkStatus();
  log::Warning(absl::StrCat(
      "stopping ", orphans.size(),
      " postgres process(es) left without their postmaster: ", absl::StrJoin(orphans, " ")));
  for (pid_t pid : orphans) {
    kill(pid, SIGQUIT);
    kill(pid, SIGCONT);  // a stopped process would not act on SIGQUIT
  }
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (pid_t pid : orphans) {
    int status = 0;
    auto left_ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (WaitForExit(pid, std::max<int>(0, static_cast<int>(left_ms.count())), &status)) continue;
    kill(pid, SIGKILL);
    if (!WaitForExit(pid, kKillWaitMs, &status)) {
      return absl::FailedPreconditionError(
          absl::StrCat("orphaned postgres process ", pid, " does not exit, even after SIGKILL"));
    }
  }
  return absl::OkStatus();
}

// The pid on the first line of postmaster.pid (negative for a single-user backend), if any.
std::optional<pid_t> ReadPidFile(const std::string& path) {
  std::optional<std::string> content = ReadSmallFile(path);
  if (!content) return std::nullopt;
  std::string_view first = *content;
  first = first.substr(0, first.find('\n'));
  long long value = 0;
  auto [end, err] = std::from_chars(first.data(), first.data() + first.size(), value);
  if (err != std::errc() || value == 0) return 0;
  return static_cast<pid_t>(value < 0 ? -value : value);
}

// ---------------------------------------------------------------------------------------------
// Users

struct RunAs {
  bool switch_user = false;  // true when we are root and drop to `name` in the child
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;  // supplementary groups, computed before fork (initgroups is not
                              // async-signal-safe)
};

struct PasswdEntry {
  std::string name;
  uid_t uid;
  gid_t gid;
};

std::optional<PasswdEntry> LookUpUser(const std::string& name) {
  std::vector<char> buffer(16384);
  struct passwd pw;
  struct passwd* result = nullptr;
  if (getpwnam_r(name.c_str(), &pw, buffer.data(), buffer.size(), &result) != 0 || !result) {
    return std::nullopt;
  }
  return PasswdEntry{pw.pw_name, pw.pw_uid, pw.pw_gid};
}

std::optional<PasswdEntry> LookUpUid(uid_t uid) {
  std::vector<char> buffer(16384);
  struct passwd pw;
  struct passwd* result = nullptr;
  if (getpwuid_r(uid, &pw, buffer.data(), buffer.size(), &result) != 0 || !result) {
    return std::nullopt;
  }
  return PasswdEntry{pw.pw_name, pw.pw_uid, pw.pw_gid};
}

struct SpawnSpec {
  std::string path;  // absolute
  std::vector<std::string> args;
  std::string cwd = "/";
  int output_fd = -1;  // stdout and stderr; -1 keeps ours
  bool new_process_group = false;
};

absl::StatusOr<pid_t> Spawn(const SpawnSpec& spec, const RunAs& run_as);

std::string FindSbinProgram(const char* name) {
  for (const char* dir : {"/usr/sbin", "/sbin", "/usr/bin", "/bin"}) {
    std::string path = absl::StrCat(dir, "/", name);
    if (IsExecutableFile(path)) return path;
  }
  return "";
}

// Creates the system user PostgreSQL runs as when we are root. Launchers start concurrently
// (parallel tests), and two concurrent useradd runs can leave a uid that one of them reported
// replaced by the other's (seen with Debian 12's shadow 4.13): creation is serialized by a lock
// file and the user looked up again under it.
absl::Status CreateSystemUser(const std::string& name) {
  std::string useradd = FindSbinProgram("useradd");
  if (useradd.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("user '", name,
                     "' does not exist and useradd is not installed; create the user or set "
                     "run_as_user"));
  }
  const std::string lock_path = absl::StrCat(fs::is_directory("/run/lock") ? "/run/lock" : "/tmp",
                                             "/", name, "-useradd.lock");
  int lock_fd = open(lock_path.c_str(), O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (lock_fd < 0) return ErrnoStatus(errno, absl::StrCat("opening ", lock_path));
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(kUseraddTimeoutMs);
  while (flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    if (Clock::now() >= deadline) {
      close(lock_fd);
      return absl::DeadlineExceededError(absl::StrCat("waiting for ", lock_path));
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  absl::Status status = absl::OkStatus();
  if (!LookUpUser(name)) {  // else another launcher created it while we waited
    log::Info(
        absl::StrCat("creating system user '", name, "' to run PostgreSQL (it refuses root)"));
    int wait_status = 0;
    absl::StatusOr<pid_t> pid = Spawn(
        {.path = useradd,
         .args = {"--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                  "--shell", "/usr/sbin/nologin", "--comment", "ledger embedded PostgreSQL", name}},
        RunAs{});
    if (!pid.ok()) {
      status = pid.status();
    } else if (!WaitForExit(*pid, kUseraddTimeoutMs, &wait_status)) {
      kill(*pid, SIGKILL);
      WaitForExit(*pid, kKillWaitMs, &wait_status);
      status = absl::DeadlineExceededError(absl::StrCat("useradd ", name, " did not finish"));
    } else if (!LookUpUser(name)) {
      status = absl::FailedPreconditionError(
          absl::StrCat("creating system user '", name, "' failed: useradd ",
                       DescribeWaitStatus(wait_status), "; create it yourself or set run_as_user"));
    }
  }
  close(lock_fd);
  return status;
}

absl::StatusOr<RunAs> ResolveRunAs(const std::string& requested) {
  RunAs run_as;
  if (geteuid() != 0) {
    std::optional<PasswdEntry> me = LookUpUid(geteuid());
    if (!requested.empty() && (!me || requested != me->name)) {
      return absl::InvalidArgumentError(
          absl::StrCat("run_as_user '", requested, "' needs root; this process runs as uid ",
                       geteuid(), me ? absl::StrCat(" (", me->name, ")") : ""));
    }
    run_as.name = me ? me->name : absl::StrCat(geteuid());
    run_as.uid = geteuid();
    run_as.gid = getegid();
    return run_as;
  }
  const std::string name = requested.empty() ? kDefaultRunAsUser : requested;
  if (name == "root") {
    return absl::InvalidArgumentError("run_as_user 'root': PostgreSQL refuses to run as root");
  }
  std::optional<PasswdEntry> entry = LookUpUser(name);
  if (!entry && requested.empty()) {
    LEDGER_RETURN_IF_ERROR(CreateSystemUser(name));
    entry = LookUpUser(name);
  }
  if (!entry) {
    return absl::NotFoundError(absl::StrCat("run_as_user '", name, "' does not exist"));
  }
  if (entry->uid == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("run_as_user '", name, "' has uid 0: PostgreSQL refuses to run as root"));
  }
  run_as.switch_user = true;
  run_as.name = entry->name;
  run_as.uid = entry->uid;
  run_as.gid = entry->gid;
  int count = 32;
  run_as.groups.resize(count);
  while (getgrouplist(name.c_str(), entry->gid, run_as.groups.data(), &count) < 0) {
    run_as.groups.resize(static_cast<size_t>(count) + 16);
    count = static_cast<int>(run_as.groups.size());
  }
  run_as.groups.resize(static_cast<size_t>(count));
  return run_as;
}

// Whether `run_as` may search (enter) a directory with this stat. POSIX: the owner bits apply to
// the owner, else the group bits to group members, else the other bits. ACLs are ignored.
bool CanSearch(const struct stat& st, const RunAs& run_as) {
  if (run_as.uid == 0) return true;
  if (st.st_uid == run_as.uid) return (st.st_mode & S_IXUSR) != 0;
  bool in_group = st.st_gid == run_as.gid || std::find(run_as.groups.begin(), run_as.groups.end(),
                                                       st.st_gid) != run_as.groups.end();
  if (in_group) return (st.st_mode & S_IXGRP) != 0;
  return (st.st_mode & S_IXOTH) != 0;
}

absl::Status CheckParentsSearchable(const std::string& dir, const RunAs& run_as) {
  std::vector<fs::path> ancestors;
  for (fs::path p = fs::path(dir).parent_path(); !p.empty(); p = p.parent_path()) {
    ancestors.push_back(p);
    if (p == p.root_path()) break;
  }
  std::reverse(ancestors.begin(), ancestors.end());  // "/" first: report the outermost block
  for (const fs::path& p : ancestors) {
    struct stat st;
    if (stat(p.c_str(), &st) != 0) return ErrnoStatus(errno, absl::StrCat("stat ", p.string()));
    if (!CanSearch(st, run_as)) {
      char mode[8];
      std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
      return absl::FailedPreconditionError(absl::StrCat(
          "PostgreSQL runs as user '", run_as.name, "', which cannot enter directory '", p.string(),
          "' (mode ", mode, ", owner uid ", st.st_uid, ") on the way to '", dir,
          "': choose a directory outside it (e.g. under /var/lib or /tmp) or grant search "
          "permission (chmod o+x ",
          p.string(), ")"));
    }
  }
  return absl::OkStatus();
}

absl::Status ChownIfNeeded(const std::string& path, const RunAs& run_as) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return ErrnoStatus(errno, absl::StrCat("lstat ", path));
  if (st.st_uid == run_as.uid && st.st_gid == run_as.gid) return absl::OkStatus();
  if (lchown(path.c_str(), run_as.uid, run_as.gid) != 0) {
    return ErrnoStatus(errno, absl::StrCat("chown ", run_as.name, " ", path));
  }
  return absl::OkStatus();
}

absl::Status ChownTree(const std::string& root, const RunAs& run_as) {
  LEDGER_RETURN_IF_ERROR(ChownIfNeeded(root, run_as));
  std::error_code ec;
  fs::recursive_directory_iterator it(root, ec);
  if (ec) return absl::InternalError(absl::StrCat("listing ", root, ": ", ec.message()));
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) return absl::InternalError(absl::StrCat("listing ", root, ": ", ec.message()));
    LEDGER_RETURN_IF_ERROR(ChownIfNeeded(it->path().string(), run_as));
  }
  if (ec) return absl::InternalError(absl::StrCat("listing ", root, ": ", ec.message()));
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------------------------
// Spawning. Between fork and exec only async-signal-safe calls: the caller may be
// multi-threaded (ledgerd), so everything is prepared before fork.

struct ChildPlan {
  std::vector<std::string> argv_storage;
  std::vector<char*> argv;
  std::vector<std::string> env_storage;
  std::vector<char*> envp;
  const char* cwd;
  int stdin_fd;
  int output_fd;
  bool new_process_group;
  const RunAs* run_as;
  int fd_max;
};

void WriteAll(int fd, const char* text) {
  size_t len = 0;
  while (text[len] != '\0') ++len;
  while (len > 0) {
    ssize_t n = write(fd, text, len);
    if (n <= 0) return;
    text += n;
    len -= static_cast<size_t>(n);
  }
}

[[noreturn]] void ChildFail(const char* what) {
  int err = errno;
  char digits[16];
  int i = sizeof digits;
  digits[--i] = '\0';
  do {
    digits[--i] = static_cast<char>('0' + err % 10);
    err /= 10;
  } while (err > 0 && i > 0);
  WriteAll(2, "ledger EmbeddedPostgres: in the child before exec, ");
  WriteAll(2, what);
  WriteAll(2, " failed, errno ");
  WriteAll(2, digits + i);
  WriteAll(2, "\n");
  _exit(127);
}

[[noreturn]] void RunChild(const ChildPlan& plan) {
  // Signal dispositions set to "ignore" and the signal mask survive exec; postgres expects
  // neither (gRPC ignores SIGPIPE, a service may block SIGINT for sigwait).
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig != SIGKILL && sig != SIGSTOP) sigaction(sig, &default_action, nullptr);
  }
  // Its own process group: Ctrl-C in a terminal reaches our process only, which then stops
  // PostgreSQL in order instead of both receiving SIGINT at once.
  if (plan.new_process_group && setpgid(0, 0) != 0) ChildFail("setpgid");
  if (dup2(plan.stdin_fd, 0) < 0) ChildFail("dup2 stdin");
  if (plan.output_fd >= 0) {
    if (dup2(plan.output_fd, 1) < 0 || dup2(plan.output_fd, 2) < 0) ChildFail("dup2 output");
  }
  // Nothing else of ours may leak into a server that can outlive us: a CTest pipe would keep
  // ctest waiting, the launcher lock would block the next launcher.
  if (close_range(3, ~0U, 0) != 0) {
    for (int fd = 3; fd <= plan.fd_max; ++fd) close(fd);
  }
  if (plan.run_as->switch_user) {
    if (setgroups(plan.run_as->groups.size(), plan.run_as->groups.data()) != 0) {
      ChildFail("setgroups");
    }
    if (setgid(plan.run_as->gid) != 0) ChildFail("setgid");
    if (setuid(plan.run_as->uid) != 0) ChildFail("setuid");
    if (setuid(0) == 0) ChildFail("dropping root (setuid(0) still succeeds)");
  }
  if (chdir(plan.cwd) != 0) ChildFail("chdir");
  execve(plan.argv[0], plan.argv.data(), plan.envp.data());
  ChildFail("execve");
}

// A fixed environment: the caller's PG* variables must not redirect initdb or the server, and
// the locale must not depend on the caller's terminal.
std::vector<std::string> ChildEnvironment() {
  std::vector<std::string> env = {"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8"};
  for (const char* name : {"TZ", "LD_LIBRARY_PATH"}) {
    if (const char* value = std::getenv(name)) env.push_back(absl::StrCat(name, "=", value));
  }
  return env;
}

absl::StatusOr<pid_t> Spawn(const SpawnSpec& spec, const RunAs& run_as) {
  ChildPlan plan;
  plan.argv_storage.push_back(spec.path);
  plan.argv_storage.insert(plan.argv_storage.end(), spec.args.begin(), spec.args.end());
  for (std::string& arg : plan.argv_storage) plan.argv.push_back(arg.data());
  plan.argv.push_back(nullptr);
  plan.env_storage = ChildEnvironment();
  for (std::string& var : plan.env_storage) plan.envp.push_back(var.data());
  plan.envp.push_back(nullptr);
  plan.cwd = spec.cwd.c_str();
  plan.output_fd = spec.output_fd;
  plan.new_process_group = spec.new_process_group;
  plan.run_as = &run_as;
  struct rlimit limit;
  plan.fd_max = getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY
                    ? static_cast<int>(std::min<rlim_t>(limit.rlim_cur, 1 << 20))
                    : 65536;
  plan.stdin_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (plan.stdin_fd < 0) return ErrnoStatus(errno, "opening /dev/null");

  pid_t pid = fork();
  if (pid == 0) RunChild(plan);
  int fork_errno = errno;
  close(plan.stdin_fd);
  if (pid < 0) return ErrnoStatus(fork_errno, absl::StrCat("fork for ", spec.path));
  // Also from the parent, so that the group exists before we might signal it; EACCES once the
  // child has exec'd (it did it itself then).
  if (spec.new_process_group) setpgid(pid, pid);
  return pid;
}

// ---------------------------------------------------------------------------------------------
// Steps of Start()

absl::Status ValidateOptions(const EmbeddedPostgresOptions& options, const Layout& layout) {
  if (options.dir.empty()) return absl::InvalidArgumentError("EmbeddedPostgres: dir is empty");
  for (char c : layout.dir) {
    if (static_cast<unsigned char>(c) <= ' ' || c == ',' || c == '\'' || c == '"' || c == '\\' ||
        c == 0x7f) {
      return absl::InvalidArgumentError(absl::StrCat(
          "EmbeddedPostgres: dir '", layout.dir,
          "' contains whitespace, a control character, a quote, a backslash or a comma"));
    }
  }
  if (layout.dir == "/") return absl::InvalidArgumentError("EmbeddedPostgres: dir is '/'");
  if (options.port < 1 || options.port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("EmbeddedPostgres: port ", options.port, " is not in 1..65535"));
  }
  if (options.start_timeout_ms <= 0 || options.stop_timeout_ms <= 0) {
    return absl::InvalidArgumentError("EmbeddedPostgres: timeouts must be positive");
  }
  // The kernel limits a Unix socket path to sizeof(sun_path) - 1 bytes; postgres would only say
  // so in its log, after we had created directories and run initdb.
  constexpr size_t kSocketPathMax = sizeof(sockaddr_un::sun_path) - 1;
  if (layout.socket.size() > kSocketPathMax) {
    return absl::InvalidArgumentError(absl::StrCat(
        "EmbeddedPostgres: the socket path '", layout.socket, "' is ", layout.socket.size(),
        " bytes; Unix sockets allow at most ", kSocketPathMax, ": choose a dir of at most ",
        kSocketPathMax - (layout.socket.size() - layout.dir.size()), " bytes"));
  }
  return absl::OkStatus();
}

// When bin_dir is not given and the cluster exists, prefer the server of its major version, so
// that installing a newer PostgreSQL beside it does not break start-up.
absl::StatusOr<std::string> ChooseBinDir(const std::string& bin_dir, const Layout& layout) {
  if (!bin_dir.empty()) return FindPostgresBinDir(bin_dir);
  if (std::optional<std::string> version = ReadSmallFile(layout.data + "/PG_VERSION")) {
    absl::string_view stripped = absl::StripAsciiWhitespace(*version);
    std::string major(stripped.data(), stripped.size());
    std::string candidate = absl::StrCat(kDebianPostgresRoot, "/", major, "/bin");
    if (!major.empty() && HasServerBinaries(candidate)) return candidate;
  }
  return FindPostgresBinDir("");
}

absl::StatusOr<int> AcquireLauncherLock(const std::string& path, const std::string& dir) {
  int fd = open(path.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus(errno, absl::StrCat("opening ", path));
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    close(fd);
    if (err == EWOULDBLOCK) {
      return absl::FailedPreconditionError(
          absl::StrCat("'", dir, "' is in use by another live EmbeddedPostgres (", path,
                       " is locked): another ledgerd or test is running there"));
    }
    return ErrnoStatus(err, absl::StrCat("flock ", path));
  }
  return fd;
}

// Creates dir (0700 when new) and run (0700), hands them to the PostgreSQL user when we are
// root, and checks that this user can reach them.
absl::Status PrepareDirectories(const Layout& layout, const RunAs& run_as) {
  std::error_code ec;
  fs::create_directories(fs::path(layout.dir).parent_path(), ec);
  if (ec) {
    return absl::InternalError(
        absl::StrCat("creating parents of ", layout.dir, ": ", ec.message()));
  }
  // Before creating anything of ours: a directory the server cannot reach is a set-up mistake.
  if (run_as.switch_user) LEDGER_RETURN_IF_ERROR(CheckParentsSearchable(layout.dir, run_as));
  if (mkdir(layout.dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return ErrnoStatus(errno, absl::StrCat("mkdir ", layout.dir));
  }
  struct stat st;
  if (stat(layout.dir.c_str(), &st) != 0) {
    return ErrnoStatus(errno, absl::StrCat("stat ", layout.dir));
  }
  if (!S_ISDIR(st.st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat("'", layout.dir, "' is not a directory"));
  }
  // Handing /tmp to the PostgreSQL user would be a disaster; a sticky world-writable directory
  // is shared by definition.
  if ((st.st_mode & S_ISVTX) && (st.st_mode & S_IWOTH)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", layout.dir,
                     "' is a shared directory (sticky, world-writable); give EmbeddedPostgres "
                     "a directory of its own, e.g. ",
                     layout.dir, "/ledger-pg"));
  }
  if (mkdir(layout.run.c_str(), 0700) != 0 && errno != EEXIST) {
    return ErrnoStatus(errno, absl::StrCat("mkdir ", layout.run));
  }
  if (chmod(layout.run.c_str(), 0700) != 0) {
    return ErrnoStatus(errno, absl::StrCat("chmod ", layout.run));
  }
  if (run_as.switch_user) {
    LEDGER_RETURN_IF_ERROR(ChownIfNeeded(layout.dir, run_as));
    LEDGER_RETURN_IF_ERROR(ChownIfNeeded(layout.run, run_as));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> OpenLog(const Layout& layout, const RunAs& run_as) {
  std::error_code ec;
  std::uintmax_t size = fs::file_size(layout.log, ec);
  if (!ec && size > kLogRotateBytes) fs::rename(layout.log, layout.log + ".1", ec);
  int fd = open(layout.log.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoStatus(errno, absl::StrCat("opening ", layout.log));
  if (run_as.switch_user) {
    absl::Status chowned = ChownIfNeeded(layout.log, run_as);
    if (!chowned.ok()) {
      close(fd);
      return chowned;
    }
  }
  return fd;
}

// Runs `program` to completion with output to the log.
absl::Status RunToCompletion(const SpawnSpec& spec, const RunAs& run_as, int timeout_ms,
                             const Layout& layout) {
  LEDGER_ASSIGN_OR_RETURN(pid_t pid, Spawn(spec, run_as));
  int status = 0;
  if (!WaitForExit(pid, timeout_ms, &status)) {
    kill(pid, SIGKILL);
    WaitForExit(pid, kKillWaitMs, &status);
    return WithLogTail(absl::StatusCode::kDeadlineExceeded,
                       absl::StrCat(spec.path, " did not finish within ", timeout_ms, " ms"),
                       layout);
  }
  if (status != 0) {
    return WithLogTail(absl::StatusCode::kFailedPrecondition,
                       absl::StrCat(spec.path, " ", DescribeWaitStatus(status)), layout);
  }
  return absl::OkStatus();
}

bool IsEmptyDirectory(const std::string& path) {
  std::error_code ec;
  return fs::is_directory(path, ec) && fs::is_empty(path, ec) && !ec;
}

// initdb into data.initdb, then rename: an interrupted initdb never leaves a half-made `data`.
absl::Status InitClusterIfMissing(const Layout& layout, const std::string& bin_dir,
                                  const RunAs& run_as, int log_fd) {
  std::error_code ec;
  if (fs::exists(layout.data + "/PG_VERSION", ec)) return absl::OkStatus();
  if (fs::exists(layout.data, ec) && !IsEmptyDirectory(layout.data)) {
    return absl::FailedPreconditionError(
        absl::StrCat("'", layout.data,
                     "' exists but holds no PostgreSQL cluster (no PG_VERSION); move it "
                     "away or remove it"));
  }
  fs::remove_all(layout.data_initdb, ec);  // leftover of an interrupted initdb
  if (ec) {
    return absl::InternalError(absl::StrCat("removing ", layout.data_initdb, ": ", ec.message()));
  }
  log::Info(absl::StrCat("creating a PostgreSQL cluster in ", layout.data, " (", bin_dir,
                         "/initdb, running as ", run_as.name, ")"));
  LEDGER_RETURN_IF_ERROR(
      RunToCompletion({.path = bin_dir + "/initdb",
                       .args = {"-D", layout.data_initdb, "--encoding=UTF8", "--locale=C.UTF-8",
                                absl::StrCat("--username=", kSuperuser), "--auth-local=trust",
                                "--auth-host=reject"},
                       .cwd = layout.dir,
                       .output_fd = log_fd},
                      run_as, kInitdbTimeoutMs, layout));
  LEDGER_RETURN_IF_ERROR(WriteFile(layout.data_initdb + "/pg_hba.conf", kPgHbaConf, false));
  LEDGER_RETURN_IF_ERROR(
      WriteFile(layout.data_initdb + "/postgresql.conf", kPostgresqlConfAppendix, true));
  if (run_as.switch_user) LEDGER_RETURN_IF_ERROR(ChownTree(layout.data_initdb, run_as));
  if (fs::exists(layout.data, ec)) fs::remove(layout.data, ec);  // empty, checked above
  if (rename(layout.data_initdb.c_str(), layout.data.c_str()) != 0) {
    return ErrnoStatus(errno, absl::StrCat("renaming ", layout.data_initdb, " to ", layout.data));
  }
  return absl::OkStatus();
}

// Makes the data directory startable after whatever happened before: a postgres still running
// on it (its launcher died) is shut down; a postmaster.pid naming a dead or unrelated process is
// removed (postgres itself refuses to start when that pid is alive and ours); orphaned backends
// are stopped; stale socket files go.
absl::Status RecoverStaleState(const Layout& layout, int port, int stop_timeout_ms) {
  struct stat data_stat;
  if (stat(layout.data.c_str(), &data_stat) != 0) {
    return ErrnoStatus(errno, absl::StrCat("stat ", layout.data));
  }
  if (std::optional<pid_t> pid = ReadPidFile(layout.pid_file)) {
    if (*pid > 0 && IsPostgresOf(*pid, layout.data, data_stat)) {
      log::Warning(absl::StrCat("postgres (pid ", *pid, ") is still running on ", layout.data,
                                ", left by an earlier launcher; shutting it down to restart it"));
      LEDGER_RETURN_IF_ERROR(ShutDownPostmaster(*pid, stop_timeout_ms));
    } else {
      log::Warning(absl::StrCat("removing stale ", layout.pid_file, ": pid ", *pid,
                                " is not a postgres running on this data directory"));
    }
    std::error_code ec;
    fs::remove(layout.pid_file, ec);
    if (ec) {
      return absl::InternalError(absl::StrCat("removing ", layout.pid_file, ": ", ec.message()));
    }
  }
  LEDGER_RETURN_IF_ERROR(StopOrphanedBackends(data_stat, stop_timeout_ms));
  // Only our server uses our run directory, and it is not running now.
  std::error_code ec;
  fs::remove(layout.socket, ec);
  fs::remove(layout.socket + ".lock", ec);
  return absl::OkStatus();
}

std::string QuoteConninfoValue(std::string_view value) {
  bool plain = !value.empty() && value.find_first_of(" \t\n\r\f\v'\\") == std::string_view::npos;
  if (plain) return std::string(value);
  std::string quoted = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') quoted.push_back('\\');
    quoted.push_back(c);
  }
  quoted.push_back('\'');
  return quoted;
}

std::string MakeConnectionString(const Layout& layout, int port, std::string_view dbname) {
  return absl::StrCat("host=", QuoteConninfoValue(layout.run), " port=", port, " user=", kSuperuser,
                      " dbname=", QuoteConninfoValue(dbname));
}

// Polls with PQping until the server accepts connections. Reports at once when the child dies.
absl::Status WaitUntilAccepting(pid_t pid, const Layout& layout, int port, int timeout_ms) {
  const std::string conninfo =
      absl::StrCat(MakeConnectionString(layout, port, "postgres"), " connect_timeout=5");
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (true) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      return WithLogTail(absl::StatusCode::kFailedPrecondition,
                         absl::StrCat("postgres ", DescribeWaitStatus(status), " during start-up"),
                         layout);
    }
    PGPing ping = PQping(conninfo.c_str());
    if (ping == PQPING_OK) return absl::OkStatus();
    if (ping == PQPING_NO_ATTEMPT) {
      return absl::InternalError(absl::StrCat("PQping: invalid connection string ", conninfo));
    }
    if (Clock::now() >= deadline) {
      return WithLogTail(absl::StatusCode::kDeadlineExceeded,
                         absl::StrCat("postgres (pid ", pid, ") did not accept connections within ",
                                      timeout_ms, " ms"),
                         layout);
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

absl::Status EnsureLedgerDatabase(const Layout& layout, int port) {
  const std::string conninfo = MakeConnectionString(layout, port, "postgres");
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(conninfo.c_str()), &PQfinish);
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
    return absl::UnavailableError(absl::StrCat(
        "connecting to ", conninfo, ": ", conn ? PQerrorMessage(conn.get()) : "out of memory"));
  }
  using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;
  const char* params[] = {kLedgerDatabase};
  ResultPtr found(
      PQexecParams(conn.get(), kSelectDatabaseSql, 1, nullptr, params, nullptr, nullptr, 0),
      &PQclear);
  if (PQresultStatus(found.get()) != PGRES_TUPLES_OK) {
    return absl::InternalError(
        absl::StrCat("looking up database ", kLedgerDatabase, ": ", PQerrorMessage(conn.get())));
  }
  if (PQntuples(found.get()) > 0) return absl::OkStatus();
  ResultPtr created(PQexec(conn.get(), kCreateLedgerDatabaseSql), &PQclear);
  if (PQresultStatus(created.get()) == PGRES_COMMAND_OK) {
    log::Info(absl::StrCat("created database ", kLedgerDatabase));
    return absl::OkStatus();
  }
  const char* sqlstate = PQresultErrorField(created.get(), PG_DIAG_SQLSTATE);
  if (sqlstate && std::string_view(sqlstate) == kDuplicateDatabaseSqlState) {
    return absl::OkStatus();  // created concurrently
  }
  return absl::InternalError(
      absl::StrCat("creating database ", kLedgerDatabase, ": ", PQerrorMessage(conn.get())));
}

std::string AbsoluteDir(const std::string& dir) {
  std::error_code ec;
  fs::path absolute = fs::absolute(dir, ec);
  if (ec) absolute = dir;
  std::string normal = absolute.lexically_normal().string();
  while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  return normal;
}

}  // namespace

absl::StatusOr<std::string> FindPostgresBinDir(std::string_view hint) {
  if (!hint.empty()) {
    std::string dir(hint);
    for (const char* program : {"postgres", "initdb"}) {
      if (!IsExecutableFile(absl::StrCat(dir, "/", program))) {
        return absl::InvalidArgumentError(absl::StrCat(
            "PostgreSQL bin_dir '", dir, "' has no executable '", program,
            "'; it must hold the server binaries (on Debian: /usr/lib/postgresql/<major>/bin)"));
      }
    }
    return dir;
  }
  int best_major = -1;
  std::string best;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(kDebianPostgresRoot, ec)) {
    const std::string name = entry.path().filename().string();
    int major = 0;
    auto [end, err] = std::from_chars(name.data(), name.data() + name.size(), major);
    if (err != std::errc() || end != name.data() + name.size()) continue;
    std::string bin = entry.path().string() + "/bin";
    if (major > best_major && HasServerBinaries(bin)) {
      best_major = major;
      best = bin;
    }
  }
  if (!best.empty()) return best;
  if (const char* path = std::getenv("PATH")) {
    for (absl::string_view dir : absl::StrSplit(path, ':')) {
      std::string candidate(dir.data(), dir.size());
      if (!candidate.empty() && HasServerBinaries(candidate)) return candidate;
    }
  }
  return absl::NotFoundError(absl::StrCat(
      "no PostgreSQL server found: no ", kDebianPostgresRoot,
      "/<major>/bin with postgres and initdb, and none on PATH; install postgresql (Debian: "
      "apt-get install postgresql-15) or set bin_dir"));
}

absl::StatusOr<std::unique_ptr<EmbeddedPostgres>> EmbeddedPostgres::Start(
    const EmbeddedPostgresOptions& options_in) {
  EmbeddedPostgresOptions options = options_in;
  if (!options.dir.empty()) options.dir = AbsoluteDir(options.dir);
  const Layout layout = MakeLayout(options.dir, options.port);
  LEDGER_RETURN_IF_ERROR(ValidateOptions(options, layout));
  LEDGER_ASSIGN_OR_RETURN(options.bin_dir, ChooseBinDir(options.bin_dir, layout));
  LEDGER_ASSIGN_OR_RETURN(const RunAs run_as, ResolveRunAs(options.run_as_user));
  options.run_as_user = run_as.name;

  LEDGER_RETURN_IF_ERROR(PrepareDirectories(layout, run_as));
  LEDGER_ASSIGN_OR_RETURN(int lock_fd, AcquireLauncherLock(layout.lock, layout.dir));
  // From here on, the lock (and later the child) must be released on every error path.
  auto fail = [&lock_fd](absl::Status status) {
    close(lock_fd);
    return status;
  };
  absl::StatusOr<int> log_fd = OpenLog(layout, run_as);
  if (!log_fd.ok()) return fail(log_fd.status());
  auto fail_with_log = [&](absl::Status status) {
    close(*log_fd);
    return fail(std::move(status));
  };
  if (absl::Status s = InitClusterIfMissing(layout, options.bin_dir, run_as, *log_fd); !s.ok()) {
    return fail_with_log(s);
  }
  if (run_as.switch_user) {
    if (absl::Status s = ChownTree(layout.data, run_as); !s.ok()) return fail_with_log(s);
  }
  if (absl::Status s = RecoverStaleState(layout, options.port, options.stop_timeout_ms); !s.ok()) {
    return fail_with_log(s);
  }

  const std::string started_line =
      absl::StrCat("---- ledger EmbeddedPostgres: starting ", options.bin_dir, "/postgres as ",
                   run_as.name, " ----\n");
  (void)write(*log_fd, started_line.data(), started_line.size());
  std::vector<std::string> args = {"-D", layout.data,
                                   "-c", "listen_addresses=",
                                   "-c", absl::StrCat("unix_socket_directories=", layout.run),
                                   "-c", absl::StrCat("port=", options.port),
                                   "-c", "cluster_name=ledger"};
  for (const std::string& setting : options.settings) {
    args.push_back("-c");
    args.push_back(setting);
  }
  absl::StatusOr<pid_t> pid = Spawn({.path = options.bin_dir + "/postgres",
                                     .args = std::move(args),
                                     .cwd = layout.dir,
                                     .output_fd = *log_fd,
                                     .new_process_group = true},
                                    run_as);
  close(*log_fd);
  if (!pid.ok()) return fail(pid.status());

  absl::Status ready = WaitUntilAccepting(*pid, layout, options.port, options.start_timeout_ms);
  if (ready.ok()) ready = EnsureLedgerDatabase(layout, options.port);
  if (!ready.ok()) {
    absl::Status stopped = ShutDownPostmaster(*pid, options.stop_timeout_ms);
    if (!stopped.ok()) log::Error(stopped.ToString());
    return fail(ready);
  }
  log::Info(absl::StrCat("PostgreSQL ready on ", layout.socket, " (pid ", *pid, ", data ",
                         layout.data, ", log ", layout.log, ")"));
  return std::unique_ptr<EmbeddedPostgres>(new EmbeddedPostgres(std::move(options), *pid, lock_fd));
}

EmbeddedPostgres::EmbeddedPostgres(EmbeddedPostgresOptions options, pid_t postmaster_pid,
                                   int lock_fd)
    : options_(std::move(options)), postmaster_pid_(postmaster_pid), lock_fd_(lock_fd) {}

EmbeddedPostgres::~EmbeddedPostgres() {
  if (!options_.detach) {
    absl::Status stopped = Stop();
    if (!stopped.ok()) log::Error(absl::StrCat("stopping PostgreSQL: ", stopped.ToString()));
  }
  if (lock_fd_ >= 0) close(lock_fd_);
}

absl::Status EmbeddedPostgres::Stop() {
  if (postmaster_pid_ <= 0) return absl::OkStatus();
  const pid_t pid = postmaster_pid_;
  absl::Status status = absl::OkStatus();
  int wait_status = 0;
  if (waitpid(pid, &wait_status, WNOHANG) == pid) {
    log::Warning(absl::StrCat("PostgreSQL (pid ", pid, ") was already down: it ",
                              DescribeWaitStatus(wait_status), "; see ",
                              MakeLayout(options_.dir, options_.port).log));
  } else {
    status = ShutDownPostmaster(pid, options_.stop_timeout_ms);
    if (status.ok()) log::Info(absl::StrCat("PostgreSQL (pid ", pid, ") stopped"));
  }
  postmaster_pid_ = 0;
  // The lock protects a running server; once it is down the next launcher may take the dir.
  if (lock_fd_ >= 0) {
    close(lock_fd_);
    lock_fd_ = -1;
  }
  return status;
}

bool EmbeddedPostgres::IsRunning() const { return postmaster_pid_ > 0 && IsAlive(postmaster_pid_); }

std::string EmbeddedPostgres::ConnectionString(std::string_view dbname) const {
  return MakeConnectionString(MakeLayout(options_.dir, options_.port), options_.port, dbname);
}

absl::Status EmbeddedPostgres::StopDir(const std::string& dir_in, int timeout_ms) {
  const std::string dir = AbsoluteDir(dir_in);
  const Layout layout = MakeLayout(dir, /*port=*/0);
  std::error_code ec;
  if (!fs::exists(layout.dir, ec)) return absl::OkStatus();
  if (!fs::exists(layout.data, ec)) return absl::OkStatus();
  LEDGER_ASSIGN_OR_RETURN(int lock_fd, AcquireLauncherLock(layout.lock, layout.dir));
  absl::Status status = absl::OkStatus();
  struct stat data_stat;
  std::optional<pid_t> pid = ReadPidFile(layout.pid_file);
  if (stat(layout.data.c_str(), &data_stat) != 0) {
    status = ErrnoStatus(errno, absl::StrCat("stat ", layout.data));
  } else if (pid && *pid > 0 && IsPostgresOf(*pid, layout.data, data_stat)) {
    log::Info(absl::StrCat("stopping PostgreSQL (pid ", *pid, ") in ", layout.dir));
    status = ShutDownPostmaster(*pid, timeout_ms);
  }
  if (status.ok()) status = StopOrphanedBackends(data_stat, timeout_ms);
  close(lock_fd);
  return status;
}

}  // namespace ledger::storage::pg
