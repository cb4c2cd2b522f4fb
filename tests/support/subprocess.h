#ifndef LEDGER_TESTS_SUPPORT_SUBPROCESS_H_
#define LEDGER_TESTS_SUPPORT_SUBPROCESS_H_

// Runs a real binary for end-to-end tests: arguments, output captured to files, signals, waiting
// with a bound. The child is killed (SIGKILL) in the destructor if still running.

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ledger::testing {

class Subprocess {
 public:
  // Starts `argv[0]` with `argv`; stdout and stderr go to files under `log_dir`.
  Subprocess(std::vector<std::string> argv, const std::string& log_dir);
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  pid_t pid() const { return pid_; }
  void Signal(int sig);
  // Waits up to `timeout` for exit; returns the exit code (128 + signal when killed by one), or
  // nullopt on timeout.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  bool Running();

  std::string Stdout() const;
  std::string Stderr() const;
  // Polls Stderr() until `predicate` holds or the timeout passes or the process exits.
  bool WaitForStderr(const std::function<bool(const std::string&)>& predicate,
                     std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::string stdout_path_;
  std::string stderr_path_;
};

// Runs to completion (bounded by `timeout`), returning exit code and both outputs.
struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
RunResult RunToCompletion(std::vector<std::string> argv, const std::string& log_dir,
                          std::chrono::milliseconds timeout = std::chrono::seconds(120));

// A fresh directory under /tmp (traversable by an unprivileged PostgreSQL user); removed by the
// destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace ledger::testing

#endif  // LEDGER_TESTS_SUPPORT_SUBPROCESS_H_
