#ifndef LEDGER_STORAGE_PG_EMBEDDED_EMBEDDED_POSTGRES_H_
#define LEDGER_STORAGE_PG_EMBEDDED_EMBEDDED_POSTGRES_H_

// Runs a private PostgreSQL cluster as a child process: ledgerd's own database, and the shared
// cluster of a test run (tests/pg_fixture). The cluster lives in one directory that this class
// owns:
//
//   <dir>/data           PGDATA (created by initdb on first use)
//   <dir>/run            the Unix socket directory (mode 0700); there is no TCP listener
//   <dir>/postgres.log   the server's stdout and stderr (and initdb's)
//   <dir>/launcher.lock  held (flock) by the live EmbeddedPostgres of this directory
//
// Usage:
//
//   EmbeddedPostgresOptions options;
//   options.dir = "/var/lib/ledger/pg";
//   LEDGER_ASSIGN_OR_RETURN(std::unique_ptr<EmbeddedPostgres> pg,
//   EmbeddedPostgres::Start(options)); Connect(pg->ConnectionString());  // database "ledger"
//   ...
//   LEDGER_RETURN_IF_ERROR(pg->Stop());  // or let the destructor stop it
//
// Authentication is `trust` on the local socket only; the socket directory is readable only by
// the user PostgreSQL runs as (and root), which is what keeps other local users out.
//
// Not thread-safe: call Stop() and destroy the object from one thread at a time.

#include <sys/types.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ledger::storage::pg {

struct EmbeddedPostgresOptions {
  // Root directory we own (see above). Made absolute; must not contain whitespace, quotes,
  // backslashes or commas (they would need quoting in postgres settings and connection strings).
  std::string dir;
  // Empty: the newest /usr/lib/postgresql/<N>/bin that has `postgres` and `initdb` (or, for an
  // existing cluster, the one of its PG_VERSION when installed); then `postgres` on PATH.
  std::string bin_dir;
  // Empty: when euid == 0 use "ledger-pg" (created with useradd --system if missing), else the
  // current user. A non-root process can only run PostgreSQL as itself.
  std::string run_as_user;
  // Only names the Unix socket (<dir>/run/.s.PGSQL.<port>); there is no TCP listener.
  int port = 5432;
  // Bounds waiting for the server to accept connections (crash recovery included).
  int start_timeout_ms = 60000;
  // Bounds each shutdown step: fast shutdown (SIGINT), then immediate shutdown (SIGQUIT).
  int stop_timeout_ms = 30000;
  // True: the server outlives this object (for the CTest fixture); the destructor does not stop
  // it. Stop() still does.
  bool detach = false;
  // Extra server settings "name=value", passed as `-c name=value` (e.g. ledger-bench's
  // "shared_preload_libraries=pg_stat_statements").
  std::vector<std::string> settings;
};

// The directory holding `postgres` and `initdb`. A non-empty `hint` is checked and returned as
// is (kInvalidArgument when it lacks either program); an empty one searches as described for
// EmbeddedPostgresOptions::bin_dir (kNotFound when nothing is installed).
absl::StatusOr<std::string> FindPostgresBinDir(std::string_view hint);

class EmbeddedPostgres {
 public:
  // initdb on first use (UTF-8, locale C.UTF-8, superuser "postgres", trust on the local socket
  // only), recovers stale state (a stale postmaster.pid, a postgres left running on this data
  // directory by a process that died, orphaned backends of a killed postmaster), starts the
  // server as a child in its own process group, waits until it accepts connections, and creates
  // the database "ledger" when missing.
  //
  // Errors: kInvalidArgument for bad options (including a socket path over the kernel's limit),
  // kNotFound/kInvalidArgument for missing binaries, kFailedPrecondition when the directory is in
  // use by another launcher, when the PostgreSQL user cannot reach it, or when the server exits
  // during start-up, kDeadlineExceeded after start_timeout_ms. Errors from the server carry the
  // last lines of postgres.log.
  static absl::StatusOr<std::unique_ptr<EmbeddedPostgres>> Start(
      const EmbeddedPostgresOptions& options);

  EmbeddedPostgres(const EmbeddedPostgres&) = delete;
  EmbeddedPostgres& operator=(const EmbeddedPostgres&) = delete;

  // Stop() unless detached; errors are logged.
  ~EmbeddedPostgres();

  // Fast shutdown (SIGINT) and wait; after stop_timeout_ms immediate shutdown (SIGQUIT), after
  // another stop_timeout_ms SIGKILL (then kDeadlineExceeded). Idempotent: OK once stopped, also
  // when the server had already died.
  absl::Status Stop();

  // libpq keyword form: "host=<dir>/run port=<port> user=postgres dbname=<dbname>" (a value is
  // single-quoted when it has to be).
  std::string ConnectionString(std::string_view dbname = "ledger") const;

  // False once the server process has exited (or been killed) or Stop() was called. Does not
  // reap it: Stop() does, and is still needed to release the directory.
  bool IsRunning() const;

  // The server's process id; 0 once stopped.
  pid_t postmaster_pid() const { return postmaster_pid_; }

  // The options as used: absolute dir, the bin_dir and run_as_user actually chosen.
  const EmbeddedPostgresOptions& options() const { return options_; }

  // Stops a server started (possibly detached, possibly by another process) in `dir`, using
  // <dir>/data/postmaster.pid, with the same escalation as Stop(). OK when nothing runs there or
  // `dir` does not exist. kFailedPrecondition while a live EmbeddedPostgres holds `dir`.
  static absl::Status StopDir(const std::string& dir, int timeout_ms = 30000);

 private:
  EmbeddedPostgres(EmbeddedPostgresOptions options, pid_t postmaster_pid, int lock_fd);

  EmbeddedPostgresOptions options_;
  pid_t postmaster_pid_;
  int lock_fd_;  // flock on <dir>/launcher.lock; -1 once released
};

}  // namespace ledger::storage::pg

#endif  // LEDGER_STORAGE_PG_EMBEDDED_EMBEDDED_POSTGRES_H_
