#ifndef LEDGER_BENCH_CPU_USAGE_H_
#define LEDGER_BENCH_CPU_USAGE_H_

// Where the CPU goes during a phase of ledger-bench: the user + system time of ledgerd, of the
// PostgreSQL cluster (the postmaster and all its children) and of the bench itself (the clients),
// read from /proc. Divided by the entries a phase appended, it says how many CPU microseconds
// each part spends per entry, which explains a gap to the verification ceiling without relying
// on a quiet machine.

#include <sys/types.h>

#include "nlohmann/json.hpp"

namespace ledger::bench {

struct CpuSeconds {
  double ledgerd = 0;
  double postgres = 0;
  double clients = 0;  // this process
};

// The CPU seconds used so far by `ledgerd`, by `postmaster` with its children, and by this process.
CpuSeconds ReadCpuSeconds(pid_t ledgerd, pid_t postmaster);

// CPU microseconds per entry of each part between `before` and `after`, for `entries` entries.
nlohmann::json CpuPerEntry(const CpuSeconds& before, const CpuSeconds& after, double entries);

}  // namespace ledger::bench

#endif  // LEDGER_BENCH_CPU_USAGE_H_
