#ifndef LEDGER_TESTS_SUPPORT_LEDGERD_PROCESS_H_
#define LEDGER_TESTS_SUPPORT_LEDGERD_PROCESS_H_

// The real ledgerd for end-to-end tests: started on port 0 against a fresh TestDatabase, with
// its checkpoint keys in a temporary directory, and ledgerctl run against it.
//
//   auto ledgerd = LedgerdProcess::Start(LEDGERD_PATH, LEDGERCTL_PATH,
//   "ledger.example.org/341721"); ASSERT_TRUE(ledgerd.ok()) << ledgerd.status(); RunResult r =
//   (*ledgerd)->Ctl({"--key", key, "init", "--name", "东至县"}); EXPECT_EQ((*ledgerd)->Stop(), 0);
//
// Not thread-safe, except Ctl, which may be called from several threads at once.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_database.h"

namespace ledger::testing {

// Waits up to `timeout` for ledgerd's "listening on 127.0.0.1:<port>" line; the port, or 0.
int WaitListening(Subprocess& ledgerd,
                  std::chrono::milliseconds timeout = std::chrono::seconds(120));

class LedgerdProcess {
 public:
  // Creates a database (ledgerd applies the migrations itself) and starts `ledgerd_path` on
  // 127.0.0.1:0, waiting up to 120 s for "listening on". kUnavailable with ledgerd's stderr when
  // it does not come up.
  static absl::StatusOr<std::unique_ptr<LedgerdProcess>> Start(
      std::string ledgerd_path, std::string ledgerctl_path, std::string origin,
      std::vector<std::string> extra_flags = {});
  // Like Start, but on `conninfo`, a database the caller owns and keeps alive (e.g. on a private
  // cluster that a test stops and starts behind ledgerd's back), instead of a fresh database of
  // the shared cluster.
  static absl::StatusOr<std::unique_ptr<LedgerdProcess>> StartOnDatabase(
      std::string ledgerd_path, std::string ledgerctl_path, std::string origin,
      std::string conninfo, std::vector<std::string> extra_flags = {});
  ~LedgerdProcess();  // stops ledgerd (SIGTERM, then SIGKILL) if still running

  // "127.0.0.1:<port>".
  const std::string& server() const { return server_; }
  const std::string& origin() const { return origin_; }
  // The connection string of ledgerd's database, as the cluster's superuser (tamper tests run
  // SQL there behind ledgerd's back).
  const std::string& db_conninfo() const { return conninfo_; }
  // A directory for keys and documents, removed with this object.
  const std::string& dir() const { return dir_.path(); }

  // The trusted state directory Ctl passes to ledgerctl (--state-dir): <dir()>/ledgerctl-state
  // unless set, so that tests never touch the user's own state. Two servers given the same
  // directory share one client's trusted state.
  const std::string& state_dir() const { return state_dir_; }
  void set_state_dir(std::string dir) { state_dir_ = std::move(dir); }

  // Runs `ledgerctl --server <server> --origin <origin> --state-dir <state_dir> --profiles-file
  // <an empty file> <args...>` to completion (args may name another --profiles-file).
  RunResult Ctl(const std::vector<std::string>& args,
                std::chrono::milliseconds timeout = std::chrono::seconds(60)) const;

  // Runs `ledgerctl <args...>` to completion with nothing added, for tests of how ledgerctl
  // finds its settings (profiles, environment variables). It inherits this process's
  // environment.
  RunResult CtlOnly(const std::vector<std::string>& args,
                    std::chrono::milliseconds timeout = std::chrono::seconds(60)) const;

  // SIGTERM and wait up to 60 s; ledgerd's exit code (nullopt on timeout).
  std::optional<int> Stop();
  std::string Stderr() const { return ledgerd_ ? ledgerd_->Stderr() : ""; }
  // Another ledgerd serving the same log with the same checkpoint key, on a copy of this one's
  // database as it is now: from here on the two logs have separate histories (a fork, as a
  // server showing different clients different logs would make). This ledgerd is stopped while
  // its database is copied and started again (server() changes). The fork's ledgerctl uses its
  // own state directory unless told otherwise.
  absl::StatusOr<std::unique_ptr<LedgerdProcess>> StartFork();

  // Stops ledgerd and starts it again on the same database and keys (a new port: server()
  // changes), so that it replays and self-checks the log (sequencer/replay.h).
  absl::Status Restart();

  // SIGKILL, as a crash or the OOM killer would end it: no shutdown code runs. Waits up to 60 s
  // for it to die; its exit code (128 + 9), nullopt on timeout.
  std::optional<int> Kill();
  // Starts ledgerd again after Stop or Kill, on the same database and keys, waiting for
  // "listening on" (server() changes). kUnavailable with ledgerd's stderr when it does not come
  // up.
  absl::Status StartAgain();
  // ledgerd's process id (-1 before it started).
  pid_t pid() const { return ledgerd_ ? ledgerd_->pid() : -1; }

 private:
  LedgerdProcess() = default;
  absl::Status Launch();

  std::vector<std::string> argv_;

  std::string ledgerctl_path_;
  std::string origin_;
  TempDir dir_;
  std::unique_ptr<TestDatabase> db_;  // null when started on the caller's database
  std::string conninfo_;
  std::unique_ptr<Subprocess> ledgerd_;
  std::string server_;
  std::string state_dir_;
};

}  // namespace ledger::testing

#endif  // LEDGER_TESTS_SUPPORT_LEDGERD_PROCESS_H_
