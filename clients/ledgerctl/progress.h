#ifndef CLIENTS_LEDGERCTL_PROGRESS_H_
#define CLIENTS_LEDGERCTL_PROGRESS_H_

// A one-line progress bar on stderr with rate and ETA, redrawn in place; for long commands
// (audit verify, import) when stderr is a terminal (Enabled()).
//
//   ProgressBar bar("rows");
//   if (ProgressBar::Enabled()) bar.Update(done, total);   // "[####....] 120/400 rows  85/s  ETA
//   3s"

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <iostream>
#include <string>

#include "absl/strings/str_format.h"

namespace ledger::ledgerctl {

class ProgressBar {
 public:
  explicit ProgressBar(std::string unit) : unit_(std::move(unit)) {}

  static bool Enabled() { return isatty(STDERR_FILENO) == 1; }

  void Update(uint64_t done, uint64_t total) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0;
    constexpr int kWidth = 30;
    const int filled = total == 0 ? kWidth : static_cast<int>(kWidth * done / total);
    std::cerr << absl::StrFormat("\r[%s%s] %d/%d %s  %.0f/s  ETA %.0fs ", std::string(filled, '#'),
                                 std::string(kWidth - filled, '.'), done, total, unit_, rate, eta)
              << std::flush;
    if (done == total) std::cerr << "\n";
  }

 private:
  std::string unit_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace ledger::ledgerctl

#endif  // CLIENTS_LEDGERCTL_PROGRESS_H_
