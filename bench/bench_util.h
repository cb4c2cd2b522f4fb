#ifndef LEDGER_BENCH_BENCH_UTIL_H_
#define LEDGER_BENCH_BENCH_UTIL_H_

// Small helpers shared by the parts of ledger-bench: wall-clock seconds, rates, latency
// percentiles, and stopping the run on an error it cannot measure past.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace ledger::bench {

// Prints "ledger-bench: <what>: <message>" and exits 1.
[[noreturn]] inline void Die(const absl::Status& s, const std::string& what) {
  std::fprintf(stderr, "ledger-bench: %s: %s\n", what.c_str(), std::string(s.message()).c_str());
  std::exit(1);
}

// The value, or Die.
template <typename T>
T Must(absl::StatusOr<T> v, const std::string& what) {
  if (!v.ok()) Die(v.status(), what);
  return *std::move(v);
}

using Clock = std::chrono::steady_clock;

inline double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// Calls op() in rounds of 64 until `min_seconds` have passed; calls per second.
template <typename F>
double RatePerSecond(F&& op, double min_seconds = 1.0) {
  size_t n = 0;
  const auto start = Clock::now();
  auto now = start;
  do {
    for (int i = 0; i < 64; ++i) op();
    n += 64;
    now = Clock::now();
  } while (Seconds(start, now) < min_seconds);
  return static_cast<double>(n) / Seconds(start, now);
}

// Latency percentiles in milliseconds (0 for an empty sample).
struct Latency {
  size_t samples = 0;
  double p50_ms = 0;
  double p95_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

// Sorts `ms` and reads the percentiles off it.
inline Latency Summarize(std::vector<double>& ms) {
  Latency l;
  l.samples = ms.size();
  if (ms.empty()) return l;
  std::sort(ms.begin(), ms.end());
  auto at = [&](double p) {
    return ms[static_cast<size_t>(p * static_cast<double>(ms.size() - 1))];
  };
  l.p50_ms = at(0.50);
  l.p95_ms = at(0.95);
  l.p99_ms = at(0.99);
  l.max_ms = ms.back();
  return l;
}

inline nlohmann::json ToJson(const Latency& l) {
  return {{"samples", l.samples},
          {"p50_ms", l.p50_ms},
          {"p95_ms", l.p95_ms},
          {"p99_ms", l.p99_ms},
          {"max_ms", l.max_ms}};
}

}  // namespace ledger::bench

#endif  // LEDGER_BENCH_BENCH_UTIL_H_
