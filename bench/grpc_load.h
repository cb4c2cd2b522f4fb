#ifndef LEDGER_BENCH_GRPC_LOAD_H_
#define LEDGER_BENCH_GRPC_LOAD_H_

// Load through ledgerd's gRPC API, the way clients reach it: each client thread has its own
// channel (its own HTTP/2 connection) and a 60 s deadline per call; no retries, so every failure
// is counted.
//
//   LoadResult r = ClosedLoop(server, origin, envelopes, {.clients = 64, .batch = 1});
//   LoadResult p = Paced(server, origin, more_envelopes, 64, r.per_s / 2);

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "grpcpp/grpcpp.h"
#include "ledger/v1/ledger_service.grpc.pb.h"
#include "nlohmann/json.hpp"

namespace ledger::bench {

struct LoadResult {
  size_t entries = 0;  // envelopes sent
  size_t created = 0;  // answered OUTCOME_CREATED
  size_t failed = 0;   // anything else, or the call failed
  double seconds = 0;
  double per_s = 0;  // created / seconds
  Latency latency;   // per Submit call
  std::string first_error;
  std::vector<double> ms;  // every call's latency, sorted
};
nlohmann::json ToJson(const LoadResult& r);

// Adds `more` (a later phase of the same load, run after `into`) to `into`.
void Merge(LoadResult& into, const LoadResult& more);

// A channel of its own (not shared with other channels to the same server).
std::shared_ptr<grpc::Channel> OwnChannel(const std::string& server);

struct ClosedLoopOptions {
  int clients = 4;
  int batch = 100;  // envelopes per Submit
};
// `clients` threads take the next `batch` envelopes and Submit them, waiting for each answer,
// until all are sent.
LoadResult ClosedLoop(const std::string& server, const std::string& origin,
                      const std::vector<std::string>& envelopes, ClosedLoopOptions options);

// Single-entry Submits at `rate` per second, spread evenly over `clients` threads. Latency is
// measured from each submit's scheduled time, not from when it was sent, so a stall counts
// against every submit scheduled during it (no coordinated omission).
LoadResult Paced(const std::string& server, const std::string& origin,
                 const std::vector<std::string>& envelopes, int clients, double rate);

// Calls `call(stub, i)` for i in [0, count) from `clients` threads, each with its own channel;
// the latency of every call and the calls per second. `call` returns an error text, or "" on
// success.
using Call = std::function<std::string(v1::LedgerService::Stub& stub, size_t i)>;
LoadResult ClosedLoopCalls(const std::string& server, size_t count, int clients, const Call& call);

}  // namespace ledger::bench

#endif  // LEDGER_BENCH_GRPC_LOAD_H_
