#ifndef LEDGER_BENCH_LEDGERD_CHILD_H_
#define LEDGER_BENCH_LEDGERD_CHILD_H_

// The real ledgerd, run by ledger-bench as a child process on the bench's PostgreSQL, so that its
// memory can be read from /proc and its start-up (the replay of the whole log) timed.

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tests/support/subprocess.h"

namespace ledger::bench {

struct ProcessMemory {
  long rss_kib = 0;  // VmRSS: resident now
  long hwm_kib = 0;  // VmHWM: the peak resident
};

// The memory of process `pid` from /proc/<pid>/status (zeros if it cannot be read).
ProcessMemory ReadProcessMemory(pid_t pid);

class LedgerdChild {
 public:
  // Starts `ledgerd_path --listen=127.0.0.1:0 --db=<conninfo> --key-dir=<dir>/keys <flags>`,
  // logging under `dir`, and waits until it listens.
  static absl::StatusOr<std::unique_ptr<LedgerdChild>> Start(std::string ledgerd_path,
                                                             std::string conninfo, std::string dir,
                                                             std::vector<std::string> flags);
  ~LedgerdChild();

  // "127.0.0.1:<port>".
  const std::string& server() const { return server_; }
  pid_t pid() const { return process_->pid(); }
  // Seconds from exec to "listening on" at the last start (the replay of the stored log).
  double start_seconds() const { return start_seconds_; }

  // Stops ledgerd (SIGTERM) and starts it again on the same database and keys.
  absl::Status Restart();

 private:
  LedgerdChild() = default;
  absl::Status Launch();
  absl::Status Stop();

  std::vector<std::string> argv_;
  std::string dir_;
  std::unique_ptr<testing::Subprocess> process_;
  std::string server_;
  double start_seconds_ = 0;
};

}  // namespace ledger::bench

#endif  // LEDGER_BENCH_LEDGERD_CHILD_H_
