#include "bench/proofs.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/cpu_usage.h"
#include "ledger/merkle/frontier.h"
#include "ledger/merkle/proof.h"
#include "ledger/merkle/verify.h"
#include "ledger/storage/pg/pg_ledger_store.h"
#include "ledger/v1/ledger_service.grpc.pb.h"

namespace ledger::bench {
nlohmann::json ToJson(const StoredTreeResult& r) {
  return {{"tree_size", r.tree_size},
          {"fill_seconds", r.fill_seconds},
          {"one_thread", ToJson(r.one_thread)},
          {"per_s_one_thread", r.per_s_one_thread},
          {"per_s_parallel", r.per_s_parallel},
          {"threads", r.threads},
          {"cpu_us_per_proof_parallel",
           {{"prover", r.cpu_us_prover}, {"postgres", r.cpu_us_postgres}}}};
}

StoredTreeResult StoredTreeProofs(const std::string& conninfo, const std::string& origin,
                                  uint64_t tree_size, int proofs, int threads, pid_t postmaster) {
  StoredTreeResult out;
  out.tree_size = tree_size;
  out.threads = threads;
  auto store = storage::pg::PgLedgerStore::Open(conninfo, threads + 1);
  if (!store.ok()) Die(store.status(), "open the proof store");
  auto log = (*store)->CreateLog(
      origin, "unused+00000000+AA==", {.tree_size = 0, .root = merkle::EmptyRoot(), .note = "n"});
  if (!log.ok()) Die(log.status(), "create the proof log");
  merkle::Frontier frontier;
  const auto f0 = Clock::now();
  constexpr uint64_t kChunk = 20000;
  for (uint64_t begin = 0; begin < tree_size; begin += kChunk) {
    storage::AppendBatch batch;
    batch.previous_size = begin;
    for (uint64_t i = begin; i < std::min(tree_size, begin + kChunk); ++i) {
      std::string leaf = absl::StrCat("leaf-", i);
      std::string id(16, '\0');
      for (int b = 0; b < 8; ++b) id[15 - b] = static_cast<char>(i >> (8 * b));
      const merkle::Hash h = merkle::LeafHash(leaf);
      for (auto& node : frontier.Append(h)) {
        if (node.id.level > 0) batch.nodes.push_back(node);
      }
      batch.entries.push_back({.index = i, .entry_id = id, .leaf = leaf, .leaf_hash = h});
    }
    batch.checkpoint = {.tree_size = frontier.size(), .root = frontier.Root(), .note = "n"};
    if (absl::Status s = (*store)->Append(log->log_id, batch); !s.ok()) Die(s, "fill");
  }
  out.fill_seconds = Seconds(f0, Clock::now());

  storage::LogNodeReader reader(**store, log->log_id);
  std::mt19937_64 rng(42);
  std::vector<double> ms;
  const auto p0 = Clock::now();
  for (int i = 0; i < proofs; ++i) {
    const uint64_t index = rng() % tree_size;
    const auto s = Clock::now();
    auto proof = merkle::InclusionProof(reader, index, tree_size);
    ms.push_back(Seconds(s, Clock::now()) * 1000);
    if (!proof.ok()) Die(proof.status(), "proof");
  }
  out.per_s_one_thread = proofs / Seconds(p0, Clock::now());
  out.one_thread = Summarize(ms);

  std::atomic<int> done{0};
  // No ledgerd here (pid 0 reads as no CPU): the prover is this process.
  const CpuSeconds c0 = ReadCpuSeconds(/*ledgerd=*/0, postmaster);
  const auto q0 = Clock::now();
  std::vector<std::thread> provers;
  for (int t = 0; t < threads; ++t) {
    provers.emplace_back([&, t] {
      std::mt19937_64 r(static_cast<uint64_t>(t));
      storage::LogNodeReader rd(**store, log->log_id);
      while (done.fetch_add(1) < proofs) {
        if (auto p = merkle::InclusionProof(rd, r() % tree_size, tree_size); !p.ok()) {
          Die(p.status(), "proof");
        }
      }
    });
  }
  for (auto& t : provers) t.join();
  out.per_s_parallel = proofs / Seconds(q0, Clock::now());
  const CpuSeconds c1 = ReadCpuSeconds(/*ledgerd=*/0, postmaster);
  out.cpu_us_prover = (c1.clients - c0.clients) * 1e6 / proofs;
  out.cpu_us_postgres = (c1.postgres - c0.postgres) * 1e6 / proofs;
  return out;
}

nlohmann::json ToJson(const ServiceProofResult& r) {
  return {{"inclusion", ToJson(r.inclusion)}, {"consistency", ToJson(r.consistency)}};
}

ServiceProofResult ServiceProofs(const std::string& server, const std::string& origin,
                                 uint64_t tree_size, const merkle::Hash& root, size_t count,
                                 int clients) {
  ServiceProofResult out;
  auto random_below = [](size_t i, uint64_t n) {
    std::mt19937_64 r(i * 7919 + 1);
    return r() % n;
  };
  out.inclusion =
      ClosedLoopCalls(server, count, clients, [&](v1::LedgerService::Stub& stub, size_t i) {
        v1::GetInclusionProofRequest request;
        request.set_origin(origin);
        request.set_index(random_below(i, tree_size));
        request.set_tree_size(tree_size);
        v1::GetInclusionProofResponse response;
        grpc::ClientContext context;
        const grpc::Status s = stub.GetInclusionProof(&context, request, &response);
        if (!s.ok()) return absl::StrCat("GetInclusionProof: ", s.error_message());
        std::vector<merkle::Hash> path;
        for (const std::string& h : response.proof()) {
          merkle::Hash hash{};
          if (h.size() != hash.size()) return std::string("a proof hash is not 32 bytes");
          std::copy(h.begin(), h.end(), hash.begin());
          path.push_back(hash);
        }
        merkle::Hash leaf{};
        if (response.leaf_hash().size() != leaf.size()) return std::string("bad leaf hash");
        std::copy(response.leaf_hash().begin(), response.leaf_hash().end(), leaf.begin());
        if (absl::Status v = merkle::VerifyInclusion(request.index(), tree_size, leaf, path, root);
            !v.ok()) {
          return absl::StrCat("inclusion proof does not verify: ", std::string(v.message()));
        }
        return std::string();
      });
  out.consistency =
      ClosedLoopCalls(server, count, clients, [&](v1::LedgerService::Stub& stub, size_t i) {
        v1::GetConsistencyProofRequest request;
        request.set_origin(origin);
        request.set_from_size(1 + random_below(i, tree_size - 1));
        request.set_to_size(tree_size);
        v1::GetConsistencyProofResponse response;
        grpc::ClientContext context;
        const grpc::Status s = stub.GetConsistencyProof(&context, request, &response);
        if (!s.ok()) return absl::StrCat("GetConsistencyProof: ", s.error_message());
        const size_t want = merkle::ConsistencyProofSize(request.from_size(), tree_size);
        if (static_cast<size_t>(response.proof_size()) != want) {
          return absl::StrCat("consistency proof has ", response.proof_size(), " hashes, not ",
                              want);
        }
        return std::string();
      });
  return out;
}

}  // namespace ledger::bench
