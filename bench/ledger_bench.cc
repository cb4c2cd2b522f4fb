// ledger-bench: measures the log core against this machine's own ceilings, in one run.
//
//   build/release/bin/ledger-bench [--entries=20000] [--clients=4] [--batch=100]
//                                  [--proof-tree=1000000] [--out=bench/results/<time>.json]
//
// 1. Ceilings: Ed25519 sign/s and verify/s on one core (OpenSSL EVP), SHA-256 MB/s.
// 2. Appends: pre-signed entries submitted in batches by concurrent clients straight to the
//    sequencer (signature verification, state machine, durable PostgreSQL commit, checkpoint
//    signing; no gRPC), on an embedded PostgreSQL in a temporary directory.
// 3. Proofs: inclusion proofs at a tree of --proof-tree leaves (filled through the store, since
//    proofs do not depend on leaf contents): p50/p99 latency on one thread and proofs/s.
// Prints each result beside its ceiling and writes JSON. No result is asserted: this is a
// measurement, not a test.

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/entries/entry_builder.h"
#include "ledger/crypto/ed25519.h"
#include "ledger/crypto/sha256.h"
#include "ledger/merkle/frontier.h"
#include "ledger/merkle/hash.h"
#include "ledger/merkle/proof.h"
#include "ledger/sequencer/clock.h"
#include "ledger/sequencer/worker_pool.h"
#include "ledger/storage/pg/embedded/embedded_postgres.h"
#include "ledger/storage/pg/migrations.h"
#include "ledger/storage/pg/pg_ledger_store.h"
#include "nlohmann/json.hpp"
#include "services/logs/log_registry.h"

namespace ledger::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

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

void Die(const absl::Status& s, const std::string& what) {
  std::fprintf(stderr, "ledger-bench: %s: %s\n", what.c_str(), std::string(s.message()).c_str());
  std::exit(1);
}

struct Options {
  int entries = 20000;
  int clients = 4;
  int batch = 100;
  uint64_t proof_tree = 1000000;
  std::string out;
};

int Run(const Options& o) {
  nlohmann::json report;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  report["cores"] = cores;

  // 1. Ceilings.
  crypto::Ed25519PrivateKey key = crypto::Ed25519PrivateKey::Generate();
  const std::string msg(200, 'x');
  const std::string sig = key.Sign(msg);
  const double sign_per_s = RatePerSecond([&] { (void)key.Sign(msg); });
  const double verify_per_s = RatePerSecond([&] { (void)key.public_key().Verify(msg, sig); });
  const std::string mb(1 << 20, 'y');
  const double sha_mb_s = RatePerSecond([&] { (void)crypto::Sha256(mb); });
  const double verify_ceiling = verify_per_s * cores;
  report["ceilings"] = {{"ed25519_sign_per_s_core", sign_per_s},
                        {"ed25519_verify_per_s_core", verify_per_s},
                        {"ed25519_verify_per_s_all_cores", verify_ceiling},
                        {"sha256_mb_per_s_core", sha_mb_s}};
  std::printf(
      "ceilings: Ed25519 sign %.0f/s, verify %.0f/s per core (%u cores: %.0f/s); "
      "SHA-256 %.0f MB/s\n",
      sign_per_s, verify_per_s, cores, verify_ceiling, sha_mb_s);

  // An embedded PostgreSQL for this run only.
  char tmpl[] = "/tmp/ledger-bench-XXXXXX";
  const std::string dir = ::mkdtemp(tmpl);
  std::filesystem::permissions(dir, std::filesystem::perms(0755));
  storage::pg::EmbeddedPostgresOptions pg;
  pg.dir = dir + "/pg";
  auto embedded = storage::pg::EmbeddedPostgres::Start(pg);
  if (!embedded.ok()) Die(embedded.status(), "start PostgreSQL");
  const std::string conninfo = (*embedded)->ConnectionString("ledger");
  if (auto m = storage::pg::ApplyMigrations(conninfo, storage::pg::ProductionMigrations());
      !m.ok()) {
    Die(m.status(), "migrate");
  }
  auto store = storage::pg::PgLedgerStore::Open(conninfo, 8);
  if (!store.ok()) Die(store.status(), "open store");
  sequencer::WorkerPool pool(cores);
  auto registry = logs::LogRegistry::Open(**store, pool, sequencer::SystemClock(),
                                          {.key_dir = dir + "/keys", .sequencer = {}});
  if (!registry.ok()) Die(registry.status(), "open logs");

  // 2. Appends.
  const std::string origin = "bench.example.org/341721";
  auto log = (*registry)->Create(origin);
  if (!log.ok()) Die(log.status(), "create log");
  const std::string today = entries::TodayInShanghai();
  {
    v1::Genesis g;
    *g.mutable_header() = entries::MakeHeader(origin, "admin", today);
    g.set_division_code("341721");
    g.set_division_name("东至县");
    v1::Principal* p = g.mutable_administrator();
    p->set_principal_id("admin");
    p->set_name("管理员");
    p->set_kind(v1::PRINCIPAL_KIND_ADMINISTRATOR);
    p->set_scope("341721");
    p->add_roles(v1::ROLE_ADMINISTRATOR);
    g.set_administrator_public_key(key.public_key().bytes());
    g.set_checkpoint_verifier_key((*log)->log().verifier_key);
    std::vector<std::string> one = {*entries::SignEntry(g, key)};
    auto r = (*log)->Submit(one);
    if (!r.ok() || (*r)[0].kind != sequencer::SubmitOutcome::Kind::kCreated) {
      Die(r.ok() ? (*r)[0].status : r.status(), "genesis");
    }
  }
  std::vector<std::string> envelopes(o.entries);
  pool.ParallelFor(envelopes.size(), [&](size_t i) {
    v1::RegisterPrincipal body;
    *body.mutable_header() = entries::MakeHeader(origin, "admin", today);
    v1::Principal* p = body.mutable_principal();
    p->set_principal_id(absl::StrCat("village-", i));
    p->set_name(absl::StrCat("第", i, "村村委会"));
    p->set_kind(v1::PRINCIPAL_KIND_VILLAGE_COMMITTEE);
    p->set_scope(absl::StrCat("341721", 100 + i % 20, 200 + i % 100));
    p->add_roles(v1::ROLE_VILLAGE_ACCOUNTANT);
    envelopes[i] = *entries::SignEntry(body, key);
  });
  std::atomic<size_t> next{0};
  std::atomic<size_t> failed{0};
  std::vector<double> latencies_ms;
  std::mutex lat_mu;
  const auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < o.clients; ++c) {
    threads.emplace_back([&] {
      for (;;) {
        const size_t begin = next.fetch_add(o.batch);
        if (begin >= envelopes.size()) return;
        const size_t end = std::min(envelopes.size(), begin + o.batch);
        const auto s = Clock::now();
        auto r =
            (*log)->Submit(std::span<const std::string>(envelopes).subspan(begin, end - begin));
        const double ms = Seconds(s, Clock::now()) * 1000;
        if (!r.ok()) {
          failed += end - begin;
          continue;
        }
        for (const auto& out : *r) {
          if (out.kind != sequencer::SubmitOutcome::Kind::kCreated) ++failed;
        }
        std::lock_guard lock(lat_mu);
        latencies_ms.push_back(ms);
      }
    });
  }
  for (auto& t : threads) t.join();
  const double append_s = Seconds(t0, Clock::now());
  const double appends_per_s = o.entries / append_s;
  std::sort(latencies_ms.begin(), latencies_ms.end());
  auto pct = [&](double p) {
    return latencies_ms.empty() ? 0.0
                                : latencies_ms[static_cast<size_t>(p * (latencies_ms.size() - 1))];
  };
  report["appends"] = {
      {"entries", o.entries},     {"clients", o.clients},
      {"batch", o.batch},         {"failed", failed.load()},
      {"per_s", appends_per_s},   {"ratio_to_verify_ceiling", appends_per_s / verify_ceiling},
      {"batch_p50_ms", pct(0.5)}, {"batch_p99_ms", pct(0.99)}};
  std::printf(
      "appends: %d entries, %d clients, batches of %d: %.0f/s (%.2f x the verify "
      "ceiling %.0f/s), batch latency p50 %.1f ms p99 %.1f ms, %zu failed\n",
      o.entries, o.clients, o.batch, appends_per_s, appends_per_s / verify_ceiling, verify_ceiling,
      pct(0.5), pct(0.99), failed.load());

  // 3. Proofs at a large tree, filled through the store.
  if (o.proof_tree > 0) {
    auto big = (*store)->CreateLog("bench.example.org/341799", "unused+00000000+AA==",
                                   {.tree_size = 0, .root = merkle::EmptyRoot(), .note = "n"});
    if (!big.ok()) Die(big.status(), "create proof log");
    merkle::Frontier frontier;
    const auto f0 = Clock::now();
    constexpr uint64_t kChunk = 20000;
    for (uint64_t begin = 0; begin < o.proof_tree; begin += kChunk) {
      storage::AppendBatch batch;
      batch.previous_size = begin;
      for (uint64_t i = begin; i < std::min(o.proof_tree, begin + kChunk); ++i) {
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
      if (absl::Status s = (*store)->Append(big->log_id, batch); !s.ok()) Die(s, "fill");
    }
    const double fill_s = Seconds(f0, Clock::now());
    storage::LogNodeReader reader(**store, big->log_id);
    std::mt19937_64 rng(42);
    std::vector<double> proof_ms;
    const auto p0 = Clock::now();
    constexpr int kProofs = 5000;
    for (int i = 0; i < kProofs; ++i) {
      const uint64_t index = rng() % o.proof_tree;
      const auto s = Clock::now();
      auto proof = merkle::InclusionProof(reader, index, o.proof_tree);
      proof_ms.push_back(Seconds(s, Clock::now()) * 1000);
      if (!proof.ok()) Die(proof.status(), "proof");
    }
    const double one_thread_per_s = kProofs / Seconds(p0, Clock::now());
    std::atomic<int> done{0};
    const auto q0 = Clock::now();
    std::vector<std::thread> provers;
    for (unsigned t = 0; t < cores * 2; ++t) {
      provers.emplace_back([&, t] {
        std::mt19937_64 r(t);
        storage::LogNodeReader rd(**store, big->log_id);
        while (done.fetch_add(1) < kProofs) {
          (void)merkle::InclusionProof(rd, r() % o.proof_tree, o.proof_tree);
        }
      });
    }
    for (auto& t : provers) t.join();
    const double parallel_per_s = kProofs / Seconds(q0, Clock::now());
    std::sort(proof_ms.begin(), proof_ms.end());
    report["proofs"] = {{"tree_size", o.proof_tree},
                        {"fill_s", fill_s},
                        {"p50_ms", proof_ms[proof_ms.size() / 2]},
                        {"p99_ms", proof_ms[proof_ms.size() * 99 / 100]},
                        {"per_s_one_thread", one_thread_per_s},
                        {"per_s_parallel", parallel_per_s}};
    std::printf(
        "proofs at %llu leaves (filled in %.1f s): p50 %.3f ms, p99 %.3f ms, %.0f/s on "
        "one thread, %.0f/s on %u threads\n",
        static_cast<unsigned long long>(o.proof_tree), fill_s, proof_ms[proof_ms.size() / 2],
        proof_ms[proof_ms.size() * 99 / 100], one_thread_per_s, parallel_per_s, cores * 2);
  }

  registry->reset();
  store->reset();
  (void)(*embedded)->Stop();
  std::filesystem::remove_all(dir);

  std::string out = o.out;
  if (out.empty()) {
    out = absl::StrCat("bench/results/ledger-bench-",
                       std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count(),
                       ".json");
  }
  std::filesystem::create_directories(std::filesystem::path(out).parent_path());
  std::ofstream(out) << report.dump(2) << "\n";
  std::printf("wrote %s\n", out.c_str());
  return failed.load() == 0 ? 0 : 1;
}

}  // namespace
}  // namespace ledger::bench

int main(int argc, char** argv) {
  ledger::bench::Options o;
  CLI::App app{"ledger-bench: the log core against this machine's ceilings (see bench/README)"};
  app.add_option("--entries", o.entries, "signed entries to append")->capture_default_str();
  app.add_option("--clients", o.clients, "concurrent submitters")->capture_default_str();
  app.add_option("--batch", o.batch, "entries per submit")->capture_default_str();
  app.add_option("--proof-tree", o.proof_tree, "tree size for the proof benchmark (0: skip)")
      ->capture_default_str();
  app.add_option("--out", o.out, "JSON report path (default bench/results/ledger-bench-<t>.json)");
  CLI11_PARSE(app, argc, argv);
  return ledger::bench::Run(o);
}
