#ifndef LEDGER_BENCH_PROOFS_H_
#define LEDGER_BENCH_PROOFS_H_

// Proof measurements.
//
// StoredTreeProofs: the server's own work for an inclusion proof (planning, one PostgreSQL round
// trip for the O(log n) stored nodes, assembly), timed in process on a tree of `tree_size` leaves
// written straight through the store (proofs do not depend on what the leaves hold), so that
// trees of 10M leaves are cheap to build.
//
// ServiceProofs: inclusion and consistency proofs through ledgerd's gRPC API on the bench's real
// log, as clients see them.

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "bench/bench_util.h"
#include "bench/grpc_load.h"
#include "ledger/merkle/hash.h"
#include "nlohmann/json.hpp"

namespace ledger::bench {

struct StoredTreeResult {
  uint64_t tree_size = 0;
  double fill_seconds = 0;
  Latency one_thread;           // inclusion proofs one after another on one thread
  double per_s_one_thread = 0;  // the same, per second
  double per_s_parallel = 0;    // from `threads` threads at once
  int threads = 0;
  // CPU microseconds per proof of the parallel phase: this process (the prover, which plays the
  // server) and the PostgreSQL cluster, read from /proc (stable when the machine is shared).
  double cpu_us_prover = 0;
  double cpu_us_postgres = 0;
};
nlohmann::json ToJson(const StoredTreeResult& r);

// Builds a tree of `tree_size` leaves in the (migrated) database `conninfo` under a log named
// `origin` and measures `proofs` inclusion proofs at random indexes. `postmaster` is the
// cluster's postmaster, whose CPU (with its children's) is counted per proof.
StoredTreeResult StoredTreeProofs(const std::string& conninfo, const std::string& origin,
                                  uint64_t tree_size, int proofs, int threads, pid_t postmaster);

struct ServiceProofResult {
  LoadResult inclusion;
  LoadResult consistency;
};
nlohmann::json ToJson(const ServiceProofResult& r);

// `count` inclusion proofs (random index, at `tree_size`) and `count` consistency proofs (from a
// random size to `tree_size`) from `clients` client threads; every proof is checked against the
// checkpoint's root, so a wrong proof counts as a failure.
// (Consistency proofs are checked for their length only: their old roots are not at hand.)
ServiceProofResult ServiceProofs(const std::string& server, const std::string& origin,
                                 uint64_t tree_size, const merkle::Hash& root, size_t count,
                                 int clients);

}  // namespace ledger::bench

#endif  // LEDGER_BENCH_PROOFS_H_
