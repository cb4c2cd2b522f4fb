// ledger-bench: the ledger measured against this machine's own ceilings, in one run
// (docs/PERFORMANCE.md, issue 9).
//
//   build/release/bin/ledger-bench                       # small default sizes, a few minutes
//   build/release/bin/ledger-bench --entries=1000000 --proof-tree=1000000
//       --proof-tree-large=10000000                      # the figures in docs/PERFORMANCE.md
//
// 1. Ceilings: Ed25519 sign/s and verify/s per core (OpenSSL EVP), SHA-256 MB/s, PostgreSQL
//    durable single-row commits/s and batched-insert rows/s on the same embedded cluster.
// 2. Appends through the real ledgerd (a child process on that cluster) over gRPC: single-entry
//    submits from 64 clients (closed loop), then the same paced at half of that peak (open loop,
//    latency from each submit's scheduled time), then batched submits until the log holds
//    --entries entries. Every entry is a signed Disbursement that passes the field's rules
//    (bench/workload.h).
// 3. Proofs: inclusion and consistency proofs through gRPC on that log; the server's own time for
//    inclusion proofs on stored trees of --proof-tree (and --proof-tree-large) leaves.
// 4. Audit: `ledgerctl audit verify` of the whole log, entries/s.
// 5. Memory: ledgerd's resident memory at the log's size, and again after a restart (which
//    replays the whole log).
// Prints each result beside its ceiling, the ratio and the target, and writes JSON to
// bench/results/. No result is asserted: this is a measurement, not a test.

#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/bench_util.h"
#include "bench/cpu_usage.h"
#include "bench/grpc_load.h"
#include "bench/ledgerd_child.h"
#include "bench/proofs.h"
#include "bench/workload.h"
#include "ledger/crypto/ed25519.h"
#include "ledger/crypto/sha256.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/keys.h"
#include "ledger/sequencer/worker_pool.h"
#include "ledger/storage/pg/admin.h"
#include "ledger/storage/pg/embedded/embedded_postgres.h"
#include "ledger/storage/pg/migrations.h"
#include "ledger/storage/pg/raw_rates.h"
#include "ledger/storage/pg/statement_stats.h"
#include "ledger/v1/ledger_service.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "tests/support/subprocess.h"

namespace ledger::bench {
namespace {

struct Options {
  uint64_t entries = 50000;  // the log's size after the batched phase
  int clients = 8;     // batched submitters (4 measured 0.57 of the ceiling, 8 and 16 0.59-0.62)
  int batch = 200;     // entries per batched submit
  int single = 10000;  // single-entry submits in the closed-loop phase
  int single_clients = 64;
  double paced_seconds = 10;
  uint64_t proof_tree = 100000;
  uint64_t proof_tree_large = 0;
  int proofs = 5000;
  int proof_clients = 4;
  bool audit = true;
  bool perf = false;
  std::string ledgerd;
  std::string ledgerctl;
  std::string out;
};

std::string Beside(const std::string& path, const std::string& name) {
  return (std::filesystem::path(path).parent_path() / name).string();
}

// One line of the closing table.
struct Row {
  std::string what;
  std::string measured;
  std::string ceiling;
  std::string ratio;
  std::string target;
  std::optional<bool> met;
};

std::string Fmt(double v, int decimals = 0) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

void PrintLoad(const char* what, const LoadResult& r) {
  std::printf(
      "%s: %zu created, %zu failed in %.1f s: %.0f/s; per call p50 %.2f ms, p95 %.2f ms, "
      "p99 %.2f ms%s%s\n",
      what, r.created, r.failed, r.seconds, r.per_s, r.latency.p50_ms, r.latency.p95_ms,
      r.latency.p99_ms, r.first_error.empty() ? "" : "; first error: ", r.first_error.c_str());
  std::fflush(stdout);
}

// `perf record` of process `pid` (flat, 999 Hz) into <dir>/perf.data until FinishPerf.
std::unique_ptr<testing::Subprocess> StartPerf(pid_t pid, const std::string& dir) {
  auto perf = std::make_unique<testing::Subprocess>(
      std::vector<std::string>{"/usr/bin/perf", "record", "-F", "999", "-p", absl::StrCat(pid),
                               "-o", dir + "/perf.data"},
      dir);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // attached
  return perf;
}

// Stops the recording and returns ledgerd's CPU by library and its top functions.
std::string FinishPerf(testing::Subprocess& perf, const std::string& dir) {
  perf.Signal(SIGINT);
  (void)perf.Wait(std::chrono::seconds(60));
  std::string out = "  ledgerd's CPU by library and top functions (perf, batched appends):\n";
  for (const char* sort : {"dso", "dso,sym"}) {
    testing::RunResult r =
        testing::RunToCompletion({"/usr/bin/perf", "report", "-i", dir + "/perf.data", "--stdio",
                                  "--no-children", "--percent-limit", "1", "--sort", sort},
                                 dir, std::chrono::minutes(5));
    std::istringstream lines(r.out);
    std::string line;
    while (std::getline(lines, line)) {
      if (!line.empty() && line[0] != '#') absl::StrAppend(&out, "    ", line, "\n");
    }
  }
  return out;
}

// PostgreSQL's top statements since the last reset (printed and returned as JSON), then reset.
nlohmann::json StatementProfile(const std::string& conninfo, const char* phase) {
  nlohmann::json out = nlohmann::json::array();
  absl::StatusOr<std::vector<storage::pg::StatementStats>> top =
      storage::pg::TopStatements(conninfo, 6);
  if (!top.ok()) {
    std::printf("  (no statement profile: %s)\n", std::string(top.status().message()).c_str());
    return out;
  }
  std::printf("  PostgreSQL's statements by total time (%s):\n", phase);
  for (const storage::pg::StatementStats& st : *top) {
    std::printf("    %9.0f ms %8lld calls %8.3f ms/call  %s\n", st.total_ms,
                static_cast<long long>(st.calls), st.mean_ms, st.query.c_str());
    out.push_back({{"query", st.query},
                   {"calls", st.calls},
                   {"rows", st.rows},
                   {"total_ms", st.total_ms},
                   {"mean_ms", st.mean_ms}});
  }
  std::fflush(stdout);
  (void)storage::pg::ResetStatementStats(conninfo);
  return out;
}

int Run(Options o) {
  nlohmann::json report;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  report["cores"] = cores;
  report["options"] = {{"entries", o.entries},
                       {"clients", o.clients},
                       {"batch", o.batch},
                       {"single", o.single},
                       {"single_clients", o.single_clients},
                       {"paced_seconds", o.paced_seconds},
                       {"proof_tree", o.proof_tree},
                       {"proof_tree_large", o.proof_tree_large},
                       {"proofs", o.proofs},
                       {"proof_clients", o.proof_clients}};
  std::vector<Row> rows;
  bool failures = false;

  // 1. Ceilings.
  crypto::Ed25519PrivateKey key = crypto::Ed25519PrivateKey::Generate();
  const std::string msg(400, 'x');
  const std::string sig = key.Sign(msg);
  const double sign_per_s = RatePerSecond([&] { (void)key.Sign(msg); });
  const double verify_per_s = RatePerSecond([&] { (void)key.public_key().Verify(msg, sig); });
  const std::string mb(1 << 20, 'y');
  const double sha_mb_s = RatePerSecond([&] { (void)crypto::Sha256(mb); });
  const double verify_ceiling = verify_per_s * cores;
  std::printf(
      "ceilings: Ed25519 sign %.0f/s, verify %.0f/s per core (x %u cores = %.0f/s); "
      "SHA-256 %.0f MB/s\n",
      sign_per_s, verify_per_s, cores, verify_ceiling, sha_mb_s);

  char tmpl[] = "/tmp/ledger-bench-XXXXXX";
  const std::string dir = ::mkdtemp(tmpl);
  std::filesystem::permissions(dir, std::filesystem::perms(0755));
  storage::pg::EmbeddedPostgresOptions pg;
  pg.dir = dir + "/pg";
  pg.settings = {"shared_preload_libraries=pg_stat_statements"};
  auto embedded = Must(storage::pg::EmbeddedPostgres::Start(pg), "start PostgreSQL");
  const std::string ledger_db = embedded->ConnectionString("ledger");
  if (absl::Status s = storage::pg::CreateDatabase(ledger_db, "scratch"); !s.ok()) {
    Die(s, "create the scratch database");
  }
  const std::string scratch_db = embedded->ConnectionString("scratch");
  constexpr int kRowBytes = 700;  // about one disbursement leaf
  const double commits_1 =
      Must(storage::pg::SingleRowCommitsPerSecond(scratch_db, 1, kRowBytes, 2), "pg commits");
  const double commits_64 =
      Must(storage::pg::SingleRowCommitsPerSecond(scratch_db, 64, kRowBytes, 3), "pg commits");
  const double batched_rows =
      Must(storage::pg::BatchedInsertRowsPerSecond(scratch_db, 1000, kRowBytes, 3), "pg inserts");
  std::printf(
      "ceilings: PostgreSQL durable single-row commits %.0f/s (1 client), %.0f/s "
      "(64 clients); batched inserts %.0f rows/s (1000 rows of %d bytes per commit)\n",
      commits_1, commits_64, batched_rows, kRowBytes);
  report["ceilings"] = {{"ed25519_sign_per_s_core", sign_per_s},
                        {"ed25519_verify_per_s_core", verify_per_s},
                        {"ed25519_verify_per_s_all_cores", verify_ceiling},
                        {"sha256_mb_per_s_core", sha_mb_s},
                        {"pg_commits_per_s_1_client", commits_1},
                        {"pg_commits_per_s_64_clients", commits_64},
                        {"pg_batched_insert_rows_per_s", batched_rows}};
  std::fflush(stdout);

  // 2. Appends through ledgerd.
  auto ledgerd = Must(LedgerdChild::Start(o.ledgerd, ledger_db, dir, {}), "start ledgerd");
  const std::string origin = "bench.example.org/341721";
  auto admin_stub = v1::LedgerService::NewStub(OwnChannel(ledgerd->server()));
  std::string verifier_key;
  {
    v1::CreateLogRequest request;
    request.set_origin(origin);
    v1::CreateLogResponse response;
    grpc::ClientContext context;
    const grpc::Status s = admin_stub->CreateLog(&context, request, &response);
    if (!s.ok()) Die(absl::UnavailableError(s.error_message()), "CreateLog");
    verifier_key = response.log().verifier_key();
  }
  Workload county(origin);
  sequencer::WorkerPool signers(cores);
  {
    const std::vector<std::string> setup = county.Setup(verifier_key);
    for (size_t i = 0; i < setup.size(); ++i) {
      const LoadResult r = ClosedLoop(ledgerd->server(), origin, {setup[i]}, {1, 1});
      if (r.created != 1) {
        Die(absl::FailedPreconditionError(r.first_error), absl::StrCat("set-up entry ", i));
      }
    }
  }
  const ProcessMemory memory_base = ReadProcessMemory(ledgerd->pid());
  uint64_t next_payment = 0;
  auto sign = [&](size_t count) {
    std::vector<std::string> out = county.Disbursements(next_payment, count, signers);
    next_payment += count;
    return out;
  };

  const pid_t postmaster = embedded->postmaster_pid();
  auto cpu_now = [&] { return ReadCpuSeconds(ledgerd->pid(), postmaster); };
  auto print_cpu = [](const char* what, const nlohmann::json& cpu) {
    std::printf(
        "  CPU per entry (%s): ledgerd %.0f us, PostgreSQL %.0f us, clients %.0f us; "
        "total %.0f us\n",
        what, cpu["ledgerd_us"].get<double>(), cpu["postgres_us"].get<double>(),
        cpu["clients_us"].get<double>(), cpu["total_us"].get<double>());
    std::fflush(stdout);
  };
  (void)storage::pg::ResetStatementStats(ledger_db);
  const CpuSeconds cpu_single_0 = cpu_now();
  const LoadResult single =
      ClosedLoop(ledgerd->server(), origin, sign(static_cast<size_t>(o.single)),
                 {.clients = o.single_clients, .batch = 1});
  PrintLoad("single-entry appends, closed loop", single);
  const nlohmann::json cpu_single = CpuPerEntry(cpu_single_0, cpu_now(), single.created);
  print_cpu("single-entry", cpu_single);
  const nlohmann::json statements_single = StatementProfile(ledger_db, "single-entry appends");
  const double half_rate = single.per_s / 2;
  const LoadResult paced =
      Paced(ledgerd->server(), origin,
            sign(static_cast<size_t>(std::max(100.0, half_rate * o.paced_seconds))),
            o.single_clients, half_rate);
  PrintLoad("single-entry appends paced at half of that", paced);

  (void)storage::pg::ResetStatementStats(ledger_db);
  // Batched, in chunks signed between them (not timed), until the log holds o.entries.
  LoadResult batched;
  CpuSeconds cpu_batched;  // summed over the chunks' loads
  std::unique_ptr<testing::Subprocess> perf;
  {
    constexpr size_t kChunk = 250000;
    const uint64_t have = 12 + next_payment;  // 12 set-up entries
    uint64_t left = o.entries > have ? o.entries - have : 0;
    while (left > 0) {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(left, kChunk));
      const std::vector<std::string> chunk = sign(n);
      if (o.perf && !perf) perf = StartPerf(ledgerd->pid(), dir);
      const CpuSeconds c0 = cpu_now();
      Merge(batched,
            ClosedLoop(ledgerd->server(), origin, chunk, {.clients = o.clients, .batch = o.batch}));
      const CpuSeconds c1 = cpu_now();
      cpu_batched.ledgerd += c1.ledgerd - c0.ledgerd;
      cpu_batched.postgres += c1.postgres - c0.postgres;
      cpu_batched.clients += c1.clients - c0.clients;
      left -= n;
      std::printf("  batched: %zu entries appended so far\n", batched.created);
      std::fflush(stdout);
    }
  }
  std::string perf_report;
  if (perf) perf_report = FinishPerf(*perf, dir);
  PrintLoad(
      absl::StrCat("batched appends (", o.clients, " clients, ", o.batch, " per submit)").c_str(),
      batched);
  const nlohmann::json cpu_per_entry_batched = CpuPerEntry({}, cpu_batched, batched.created);
  print_cpu("batched", cpu_per_entry_batched);
  if (!perf_report.empty()) std::printf("%s", perf_report.c_str());
  const nlohmann::json statements_batched = StatementProfile(ledger_db, "batched appends");
  failures |= single.failed + paced.failed + batched.failed > 0;
  const ProcessMemory memory_live = ReadProcessMemory(ledgerd->pid());

  // The log's signed head.
  note::Checkpoint head;
  {
    v1::GetCheckpointRequest request;
    request.set_origin(origin);
    v1::GetCheckpointResponse response;
    grpc::ClientContext context;
    const grpc::Status s = admin_stub->GetCheckpoint(&context, request, &response);
    if (!s.ok()) Die(absl::UnavailableError(s.error_message()), "GetCheckpoint");
    const note::NoteVerifier verifier =
        Must(note::NoteVerifier::Parse(verifier_key), "the log's verifier key");
    head = Must(note::OpenCheckpoint(response.checkpoint(), verifier), "the log's checkpoint");
  }
  std::printf(
      "log: %llu entries; ledgerd resident %ld MiB (peak %ld MiB; %ld MiB after the "
      "set-up)\n",
      static_cast<unsigned long long>(head.size), memory_live.rss_kib / 1024,
      memory_live.hwm_kib / 1024, memory_base.rss_kib / 1024);

  // 3. Proofs.
  const ServiceProofResult service_proofs =
      ServiceProofs(ledgerd->server(), origin, head.size, head.root, static_cast<size_t>(o.proofs),
                    o.proof_clients);
  PrintLoad(absl::StrCat("inclusion proofs via gRPC at ", head.size).c_str(),
            service_proofs.inclusion);
  PrintLoad(absl::StrCat("consistency proofs via gRPC to ", head.size).c_str(),
            service_proofs.consistency);
  failures |= service_proofs.inclusion.failed + service_proofs.consistency.failed > 0;

  if (absl::Status s = storage::pg::CreateDatabase(ledger_db, "proofs"); !s.ok()) {
    Die(s, "create the proofs database");
  }
  const std::string proofs_db = embedded->ConnectionString("proofs");
  Must(storage::pg::ApplyMigrations(proofs_db, storage::pg::ProductionMigrations()),
       "migrate the proofs database");
  std::vector<StoredTreeResult> trees;
  for (uint64_t size : {o.proof_tree, o.proof_tree_large}) {
    if (size == 0) continue;
    trees.push_back(StoredTreeProofs(proofs_db,
                                     absl::StrCat("proofs.example.org/3417", trees.size(), "1"),
                                     size, o.proofs, static_cast<int>(cores) * 2, postmaster));
    const StoredTreeResult& t = trees.back();
    std::printf(
        "inclusion proofs, server time, stored tree of %llu (filled in %.0f s): p50 "
        "%.3f ms, p99 %.3f ms; %.0f/s on one thread, %.0f/s on %d threads (CPU per proof: "
        "prover %.0f us, PostgreSQL %.0f us)\n",
        static_cast<unsigned long long>(t.tree_size), t.fill_seconds, t.one_thread.p50_ms,
        t.one_thread.p99_ms, t.per_s_one_thread, t.per_s_parallel, t.threads, t.cpu_us_prover,
        t.cpu_us_postgres);
    std::fflush(stdout);
  }

  // 4. Audit.
  std::optional<double> audit_per_s;
  if (o.audit) {
    const std::string no_profiles = dir + "/profiles.toml";  // empty: no profile applies
    std::ofstream(no_profiles).close();
    std::filesystem::permissions(no_profiles, std::filesystem::perms(0600));
    const auto a0 = Clock::now();
    testing::RunResult audit = testing::RunToCompletion(
        {o.ledgerctl, "--server", ledgerd->server(), "--origin", origin, "--state-dir",
         dir + "/ledgerctl-state", "--profiles-file", no_profiles, "audit", "verify",
         "--verifier-key", verifier_key, "--threads", absl::StrCat(cores)},
        dir, std::chrono::hours(4));
    const double seconds = Seconds(a0, Clock::now());
    // 0 clean, 1 rule findings only: both mean every check ran.
    if (audit.exit_code == 0 || audit.exit_code == 1) {
      audit_per_s = head.size / seconds;
      std::printf("audit verify: %llu entries in %.1f s: %.0f entries/s\n",
                  static_cast<unsigned long long>(head.size), seconds, *audit_per_s);
    } else {
      failures = true;
      std::printf("audit verify failed (exit %d):\n%s%s\n", audit.exit_code, audit.out.c_str(),
                  audit.err.c_str());
    }
    std::fflush(stdout);
  }

  // 5. Memory after a restart (the replay of the whole log).
  if (absl::Status s = ledgerd->Restart(); !s.ok()) Die(s, "restart ledgerd");
  const ProcessMemory memory_restarted = ReadProcessMemory(ledgerd->pid());
  std::printf(
      "ledgerd restarted in %.1f s (replaying %llu entries); resident %ld MiB (peak %ld "
      "MiB)\n",
      ledgerd->start_seconds(), static_cast<unsigned long long>(head.size),
      memory_restarted.rss_kib / 1024, memory_restarted.hwm_kib / 1024);
  std::fflush(stdout);

  report["appends"] = {{"single_closed_loop", ToJson(single)},
                       {"single_paced_half", ToJson(paced)},
                       {"paced_rate_per_s", half_rate},
                       {"batched", ToJson(batched)},
                       {"cpu_per_entry_single", cpu_single},
                       {"cpu_per_entry_batched", cpu_per_entry_batched},
                       {"pg_statements_single", statements_single},
                       {"pg_statements_batched", statements_batched}};
  if (!perf_report.empty()) report["perf_ledgerd_batched"] = perf_report;
  report["proofs"] = {{"service", ToJson(service_proofs)},
                      {"stored_trees", nlohmann::json::array()}};
  for (const StoredTreeResult& t : trees) report["proofs"]["stored_trees"].push_back(ToJson(t));
  report["audit"] = {{"entries", head.size},
                     {"per_s", audit_per_s.has_value() ? nlohmann::json(*audit_per_s) : nullptr}};
  report["memory"] = {{"entries", head.size},
                      {"ledgerd_rss_kib_after_setup", memory_base.rss_kib},
                      {"ledgerd_rss_kib_live", memory_live.rss_kib},
                      {"ledgerd_hwm_kib_live", memory_live.hwm_kib},
                      {"ledgerd_rss_kib_restarted", memory_restarted.rss_kib},
                      {"ledgerd_hwm_kib_restarted", memory_restarted.hwm_kib},
                      {"restart_seconds", ledgerd->start_seconds()}};

  // The table of issue 9's targets.
  rows.push_back({"batched appends (entries/s)", Fmt(batched.per_s), Fmt(verify_ceiling),
                  Fmt(batched.per_s / verify_ceiling, 2), ">= 0.6",
                  batched.per_s >= 0.6 * verify_ceiling});
  rows.push_back({absl::StrCat("single-entry appends, ", o.single_clients, " clients"),
                  Fmt(single.per_s), Fmt(verify_ceiling), Fmt(single.per_s / verify_ceiling, 2),
                  ">= 0.35", single.per_s >= 0.35 * verify_ceiling});
  rows.push_back({absl::StrCat("append p99 at half of peak (", Fmt(half_rate), "/s)"),
                  Fmt(paced.latency.p99_ms, 1) + " ms", "", "", "<= 50 ms",
                  paced.latency.p99_ms <= 50});
  if (!trees.empty()) {
    const StoredTreeResult& t = trees.front();
    rows.push_back({absl::StrCat("inclusion proof p50, server time, ", t.tree_size),
                    Fmt(t.one_thread.p50_ms, 3) + " ms", "", "", "<= 0.5 ms",
                    t.one_thread.p50_ms <= 0.5});
    rows.push_back({absl::StrCat("inclusion proofs/s, server, ", t.threads, " threads"),
                    Fmt(t.per_s_parallel), "", "", ">= 20,000", t.per_s_parallel >= 20000});
  }
  rows.push_back({absl::StrCat("inclusion proofs/s via gRPC, ", o.proof_clients, " clients"),
                  Fmt(service_proofs.inclusion.per_s), "", "", ">= 20,000",
                  service_proofs.inclusion.per_s >= 20000});
  if (trees.size() == 2) {
    const double r = trees[1].one_thread.p50_ms / trees[0].one_thread.p50_ms;
    rows.push_back({absl::StrCat("proof p50 at ", trees[1].tree_size, " / at ", trees[0].tree_size),
                    Fmt(r, 2) + " x", "", "", "<= 2 x", r <= 2});
  }
  if (audit_per_s.has_value()) {
    rows.push_back({"audit verify (entries/s)", Fmt(*audit_per_s), Fmt(verify_ceiling),
                    Fmt(*audit_per_s / verify_ceiling, 2), ">= 0.8",
                    *audit_per_s >= 0.8 * verify_ceiling});
  }
  const long rss_mib = std::max(memory_live.rss_kib, memory_restarted.rss_kib) / 1024;
  rows.push_back({absl::StrCat("ledgerd RSS at ", head.size, " entries"),
                  absl::StrCat(rss_mib, " MiB"), "", "", "<= 512 MiB at 10M",
                  head.size >= 10'000'000 ? std::optional<bool>(rss_mib <= 512) : std::nullopt});
  std::printf("\n%-52s %14s %12s %7s %18s  %s\n", "what", "measured", "ceiling", "ratio", "target",
              "");
  report["targets"] = nlohmann::json::array();
  for (const Row& row : rows) {
    std::printf("%-52s %14s %12s %7s %18s  %s\n", row.what.c_str(), row.measured.c_str(),
                row.ceiling.c_str(), row.ratio.c_str(), row.target.c_str(),
                !row.met.has_value() ? "(not at that size)"
                : *row.met           ? "met"
                                     : "NOT MET");
    report["targets"].push_back(
        {{"what", row.what},
         {"measured", row.measured},
         {"ceiling", row.ceiling},
         {"ratio", row.ratio},
         {"target", row.target},
         {"met", row.met.has_value() ? nlohmann::json(*row.met) : nullptr}});
  }

  std::fflush(stdout);
  ledgerd.reset();
  (void)embedded->Stop();
  std::filesystem::remove_all(dir);

  std::string out = o.out;
  if (out.empty()) {
    out = absl::StrCat("bench/results/ledger-bench-",
                       std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count(),
                       ".json");
  }
  if (std::filesystem::path(out).has_parent_path()) {
    std::filesystem::create_directories(std::filesystem::path(out).parent_path());
  }
  std::ofstream(out) << report.dump(2) << "\n";
  std::printf("wrote %s\n", out.c_str());
  return failures ? 1 : 0;
}

}  // namespace
}  // namespace ledger::bench

int main(int argc, char** argv) {
  ledger::bench::Options o;
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  o.ledgerd = ledger::bench::Beside(self, "ledgerd");
  o.ledgerctl = ledger::bench::Beside(self, "ledgerctl");
  CLI::App app{
      "ledger-bench: the ledger against this machine's own ceilings "
      "(docs/PERFORMANCE.md)"};
  app.add_option("--entries", o.entries, "the log's size at the end of the batched appends")
      ->capture_default_str();
  app.add_option("--clients", o.clients, "batched submitters")->capture_default_str();
  app.add_option("--batch", o.batch, "entries per batched submit")->capture_default_str();
  app.add_option("--single", o.single, "single-entry submits in the closed-loop phase")
      ->capture_default_str();
  app.add_option("--single-clients", o.single_clients, "single-entry submitters")
      ->capture_default_str();
  app.add_option("--paced-seconds", o.paced_seconds, "length of the half-peak paced phase")
      ->capture_default_str();
  app.add_option("--proof-tree", o.proof_tree, "stored tree size for server-time proofs (0: skip)")
      ->capture_default_str();
  app.add_option("--proof-tree-large", o.proof_tree_large,
                 "a second, larger stored tree (e.g. 10000000) for the latency ratio (0: skip)")
      ->capture_default_str();
  app.add_option("--proofs", o.proofs, "proofs per measurement")->capture_default_str();
  app.add_option("--proof-clients", o.proof_clients, "gRPC proof clients")->capture_default_str();
  app.add_flag("!--no-audit", o.audit, "skip `ledgerctl audit verify`");
  app.add_flag("--perf", o.perf,
               "profile ledgerd with `perf record` during the batched appends and print where "
               "its time goes (needs perf: apt-get install linux-perf)");
  app.add_option("--ledgerd", o.ledgerd, "the ledgerd binary")->capture_default_str();
  app.add_option("--ledgerctl", o.ledgerctl, "the ledgerctl binary")->capture_default_str();
  app.add_option("--out", o.out, "JSON report path (default bench/results/ledger-bench-<t>.json)");
  CLI11_PARSE(app, argc, argv);
  return ledger::bench::Run(o);
}
