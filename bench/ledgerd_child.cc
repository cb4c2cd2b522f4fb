#include "bench/ledgerd_child.h"

#include <signal.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "bench/bench_util.h"
#include "tests/support/ledgerd_process.h"

namespace ledger::bench {

ProcessMemory ReadProcessMemory(pid_t pid) {
  ProcessMemory m;
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") status >> m.rss_kib;
    if (key == "VmHWM:") status >> m.hwm_kib;
  }
  return m;
}

absl::StatusOr<std::unique_ptr<LedgerdChild>> LedgerdChild::Start(std::string ledgerd_path,
                                                                  std::string conninfo,
                                                                  std::string dir,
                                                                  std::vector<std::string> flags) {
  std::unique_ptr<LedgerdChild> child(new LedgerdChild());
  child->dir_ = std::move(dir);
  child->argv_ = {std::move(ledgerd_path), "--listen=127.0.0.1:0", "--db=" + conninfo,
                  "--key-dir=" + child->dir_ + "/keys",
                  // The bench plays every role over plaintext loopback, and its auditor reads
                  // the whole log (ledgerctl audit verify).
                  "--read-access=open"};
  for (std::string& f : flags) child->argv_.push_back(std::move(f));
  if (absl::Status s = child->Launch(); !s.ok()) return s;
  return child;
}

LedgerdChild::~LedgerdChild() { (void)Stop(); }

absl::Status LedgerdChild::Launch() {
  const auto start = Clock::now();
  process_ = std::make_unique<testing::Subprocess>(argv_, dir_);
  const int port = testing::WaitListening(*process_, std::chrono::hours(2));
  if (port == 0) {
    return absl::UnavailableError(
        absl::StrCat("ledgerd did not report \"listening on\":\n", process_->Stderr()));
  }
  start_seconds_ = Seconds(start, Clock::now());
  server_ = absl::StrCat("127.0.0.1:", port);
  return absl::OkStatus();
}

absl::Status LedgerdChild::Stop() {
  if (!process_ || !process_->Running()) return absl::OkStatus();
  process_->Signal(SIGTERM);
  const std::optional<int> code = process_->Wait(std::chrono::seconds(120));
  if (code != std::optional<int>(0)) {
    return absl::InternalError(absl::StrCat("ledgerd did not stop cleanly:\n", process_->Stderr()));
  }
  return absl::OkStatus();
}

absl::Status LedgerdChild::Restart() {
  if (absl::Status s = Stop(); !s.ok()) return s;
  return Launch();
}

}  // namespace ledger::bench
