// ledgerd: the ledger server. Only this file chooses implementations and wires them together.

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "ledger/crypto/key_file.h"
#include "ledger/envelope/envelope.h"
#include "ledger/registry/pseudonym.h"
#include "ledger/sequencer/clock.h"
#include "ledger/sequencer/worker_pool.h"
#include "ledger/storage/pg/embedded/embedded_postgres.h"
#include "ledger/storage/pg/migrations.h"
#include "ledger/storage/pg/pg_cosignature_store.h"
#include "ledger/storage/pg/pg_ledger_store.h"
#include "ledger/storage/pg/pg_registry_store.h"
#include "ledger/util/log.h"
#include "ledger/util/status_macros.h"
#include "services/grpc/asset_service.h"
#include "services/grpc/fund_service.h"
#include "services/grpc/identity_service.h"
#include "services/grpc/income_service.h"
#include "services/grpc/ledger_service.h"
#include "services/grpc/registry_service.h"
#include "services/grpc/server_limits.h"
#include "services/http/server.h"
#include "services/ledgerd/db_target.h"
#include "services/ledgerd/demo_log.h"
#include "services/ledgerd/listen_address.h"
#include "services/logs/cosignatures.h"
#include "services/logs/log_registry.h"

// LeakSanitizer builds only: libpqxx 6.4 leaks one libpq result (about 2 KiB) when a query runs
// into a broken connection (it asks the dead connection for its encoding before owning the
// result). The watchdog restarts PostgreSQL, so sanitizer builds of ledgerd can hit it; nothing
// else is suppressed.
extern "C" const char* __lsan_default_suppressions() { return "leak:PQmakeEmptyPGresult\n"; }

namespace ledger::ledgerd {
namespace {

struct Flags {
  std::string listen = "127.0.0.1:50051";
  std::string db = "embedded:var/pg";
  std::string pg_bin_dir;
  std::string pg_user;
  bool migrate_only = false;
  std::string key_dir = "var/keys";
  std::string registry_secret;  // "" : <key_dir>/registry.secret
  std::string demo_origin;
  std::string demo_name = "东至县";
  bool allow_remote_create_log = false;
  size_t batch_max_entries = 1000;
  int64_t batch_wait_us = 1000;
  size_t queue_capacity = 20000;
  int verify_threads = 0;
  int db_connections = 8;
  // gRPC's memory quota and thread limit (server_limits.h).
  int64_t server_memory_mib = grpc_services::kServerMemoryBytesMax / (1024 * 1024);
  int server_threads = grpc_services::kServerThreadsMax;
  // TLS: the server's certificate chain and key; client certificates verified against
  // tls_client_ca (when presented, or always with require_client_cert).
  std::string tls_cert;
  std::string tls_key;
  std::string tls_client_ca;
  bool require_client_cert = false;
  bool allow_plaintext_nonloopback = false;
  // The public notice board over HTTP: off unless an address is given.
  std::string http;
  std::string http_public_url;
  bool allow_http_nonloopback = false;
  // "scoped": readers are the principals their client certificate names; "open": everyone reads
  // everything (services/grpc/read_access.h).
  std::string read_access = "scoped";
};

// Exit codes, documented in --help.
constexpr int kExitOk = 0;
constexpr int kExitStartupFailed = 1;
constexpr int kExitUsage = 64;

constexpr int kShutdownGraceMs = 5000;
// Connections of the privacy registry's own pool (registry calls are few and short).
constexpr int kRegistryConnections = 2;
// Connections of the witnesses' cosignatures' own pool (one read per GetCheckpoint).
constexpr int kCosignatureConnections = 2;
constexpr int kWatchdogPeriodMs = 500;
// The most envelopes in one Submit (L-BATCH).
constexpr size_t kSubmitMaxEntries = 1000;
// Each envelope costs its bytes plus at most 1 tag byte and a 3-byte length in the request.
static_assert(kSubmitMaxEntries * (ledger::envelope::kEnvelopeSizeMax + 4) + 4096 <=
                  static_cast<size_t>(grpc_services::kRequestBytesMax),
              "the largest valid Submit must fit ledgerd's request size bound");

int Fail(const absl::Status& status, std::string_view what) {
  log::Error(absl::StrCat(std::string(what), ": ", status.message()));
  return kExitStartupFailed;
}

// Blocks the stop signals in every thread; a dedicated thread receives them with sigwait.
sigset_t StopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

// Flag combinations that cannot work, found before anything starts: kInvalidArgument.
absl::Status CheckTransportFlags(const Flags& flags, const ListenAddress& listen) {
  if (flags.tls_cert.empty() != flags.tls_key.empty()) {
    return absl::InvalidArgumentError(
        "--tls-cert and --tls-key go together: the server's certificate chain and its key");
  }
  if (flags.tls_cert.empty() && (!flags.tls_client_ca.empty() || flags.require_client_cert)) {
    return absl::InvalidArgumentError(
        "client certificates (--tls-client-ca, --require-client-cert) need TLS: pass --tls-cert "
        "and --tls-key");
  }
  if (flags.require_client_cert && flags.tls_client_ca.empty()) {
    return absl::InvalidArgumentError(
        "--require-client-cert needs --tls-client-ca, the CA that signs the clients' "
        "certificates");
  }
  if (flags.tls_cert.empty() && !listen.loopback && !flags.allow_plaintext_nonloopback) {
    return absl::InvalidArgumentError(absl::StrCat(
        "refusing to serve plaintext gRPC on ", listen.ToGrpcUri(),
        ", which is not a loopback address: pass --tls-cert and --tls-key (see "
        "docs/OPERATIONS.md, scripts/dev-certs.sh), or --allow-plaintext-nonloopback when a "
        "TLS proxy in front of ledgerd terminates TLS"));
  }
  return absl::OkStatus();
}

// The notice board's address, if any: loopback unless --allow-http-nonloopback (it is plaintext
// and public; a proxy in front of it terminates TLS). kInvalidArgument for a bad combination.
absl::StatusOr<std::optional<ListenAddress>> CheckHttpFlags(const Flags& flags) {
  if (flags.http.empty()) {
    if (!flags.http_public_url.empty() || flags.allow_http_nonloopback) {
      return absl::InvalidArgumentError(
          "--http-public-url and --allow-http-nonloopback need --http=ADDR");
    }
    return std::nullopt;
  }
  LEDGER_ASSIGN_OR_RETURN(ListenAddress address, ParseListenAddress(flags.http));
  if (!address.loopback && !flags.allow_http_nonloopback) {
    return absl::InvalidArgumentError(absl::StrCat(
        "refusing to serve the HTTP notice board on ", address.ToGrpcUri(),
        ", which is not a loopback address: put a proxy that terminates TLS in front of it and "
        "pass --allow-http-nonloopback (see docs/OPERATIONS.md)"));
  }
  const std::string& url = flags.http_public_url;
  if (!url.empty() && !(url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--http-public-url \"", url, "\" must be an absolute http:// or https:// URL"));
  }
  return address;
}

// The listening port's credentials: TLS with the server's key (mode 0600 or stricter) when
// --tls-cert is given, plaintext otherwise. The file errors, with the path.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFor(const Flags& flags) {
  if (flags.tls_cert.empty()) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  LEDGER_ASSIGN_OR_RETURN(pair.cert_chain,
                          crypto::ReadPublicFile(flags.tls_cert, "TLS certificate"));
  LEDGER_ASSIGN_OR_RETURN(pair.private_key,
                          crypto::ReadSecretFile(flags.tls_key, "TLS private key"));
  grpc::SslServerCredentialsOptions options(
      flags.require_client_cert      ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
      : !flags.tls_client_ca.empty() ? GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY
                                     : GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  if (!flags.tls_client_ca.empty()) {
    LEDGER_ASSIGN_OR_RETURN(options.pem_root_certs,
                            crypto::ReadPublicFile(flags.tls_client_ca, "TLS client CA file"));
  }
  options.pem_key_cert_pairs.push_back(std::move(pair));
  return grpc::SslServerCredentials(options);
}

std::string TransportDescription(const Flags& flags) {
  if (flags.tls_cert.empty()) return "plaintext gRPC";
  if (flags.require_client_cert) return "TLS, client certificates required";
  if (!flags.tls_client_ca.empty()) return "TLS, client certificates verified when presented";
  return "TLS";
}

int Run(const Flags& flags) {
  log::Info(absl::StrCat("starting (pid ", ::getpid(), ", listen ", flags.listen, ", db ",
                         RedactConninfo(flags.db), ")"));
  auto listen = ParseListenAddress(flags.listen);
  if (!listen.ok()) return Fail(listen.status(), "bad --listen");
  // --migrate-only serves nothing, so its --listen does not matter.
  if (absl::Status s = flags.migrate_only ? absl::OkStatus() : CheckTransportFlags(flags, *listen);
      !s.ok()) {
    log::Error(std::string(s.message()));
    return kExitUsage;
  }
  auto http_address = CheckHttpFlags(flags);
  if (!http_address.ok()) {
    log::Error(std::string(http_address.status().message()));
    return kExitUsage;
  }
  auto credentials = ServerCredentialsFor(flags);
  if (!credentials.ok()) return Fail(credentials.status(), "cannot set up TLS");
  auto target = ParseDbTarget(flags.db);
  if (!target.ok()) return Fail(target.status(), "bad --db");
  if (!flags.migrate_only) {
    // Fail before starting PostgreSQL when the port is taken.
    if (absl::Status s = ProbeBindable(*listen); !s.ok()) return Fail(s, "cannot start");
    if (*http_address) {
      if (absl::Status s = ProbeBindable(**http_address); !s.ok()) return Fail(s, "cannot start");
    }
  }

  std::unique_ptr<storage::pg::EmbeddedPostgres> embedded;
  storage::pg::EmbeddedPostgresOptions pg_options;
  std::string conninfo = target->conninfo;
  if (target->embedded) {
    pg_options.dir = std::filesystem::absolute(target->embedded_dir).lexically_normal().string();
    pg_options.bin_dir = flags.pg_bin_dir;
    pg_options.run_as_user = flags.pg_user;
    auto started = storage::pg::EmbeddedPostgres::Start(pg_options);
    if (!started.ok()) return Fail(started.status(), "cannot start the embedded PostgreSQL");
    embedded = *std::move(started);
    conninfo = embedded->ConnectionString("ledger");
    log::Info(absl::StrCat("embedded PostgreSQL running (pid ", embedded->postmaster_pid(),
                           ", data ", pg_options.dir, ")"));
  }

  auto migrated = storage::pg::ApplyMigrations(conninfo, storage::pg::ProductionMigrations());
  if (!migrated.ok()) {
    std::string what =
        migrated.status().code() == absl::StatusCode::kUnavailable
            ? absl::StrCat("cannot reach PostgreSQL (", RedactConninfo(conninfo), ")")
            : "cannot migrate the database schema";
    return Fail(migrated.status(), what);
  }
  log::Info(
      absl::StrCat("schema at version ", migrated->schema_version,
                   migrated->applied.empty()
                       ? std::string(" (up to date)")
                       : absl::StrCat(" (applied ", absl::StrJoin(migrated->applied, ", "), ")")));
  if (flags.migrate_only) {
    log::Info("--migrate-only: stopped");
    return kExitOk;
  }

  auto store = storage::pg::PgLedgerStore::Open(conninfo, flags.db_connections);
  if (!store.ok()) return Fail(store.status(), "cannot open the ledger store");
  const size_t verify_threads = flags.verify_threads > 0
                                    ? static_cast<size_t>(flags.verify_threads)
                                    : std::max(1u, std::thread::hardware_concurrency());
  sequencer::WorkerPool pool(verify_threads);
  logs::LogRegistryOptions registry_options;
  registry_options.key_dir = flags.key_dir;
  registry_options.sequencer =
      sequencer::SequencerOptions{.batch_max_entries = flags.batch_max_entries,
                                  .batch_wait_us = flags.batch_wait_us,
                                  .queue_capacity = flags.queue_capacity,
                                  .submit_max_entries = kSubmitMaxEntries};
  auto registry =
      logs::LogRegistry::Open(**store, pool, sequencer::SystemClock(), registry_options);
  if (!registry.ok()) return Fail(registry.status(), "cannot open the logs");
  if (!flags.demo_origin.empty()) {
    const std::string admin_key = (std::filesystem::path(flags.key_dir) / "admin.key").string();
    auto demo = EnsureDemoLog(**registry, flags.demo_origin, flags.demo_name, admin_key);
    if (!demo.ok()) return Fail(demo.status(), "cannot set up the demo log");
    log::Info(absl::StrCat("demo log ", demo->origin, demo->created ? " created" : " present", " (",
                           demo->tree_size, " entries); root administrator \"",
                           demo->admin_principal_id, "\", key file ", demo->admin_key_path));
  }

  auto cosignature_store = storage::pg::PgCosignatureStore::Open(conninfo, kCosignatureConnections);
  if (!cosignature_store.ok()) {
    return Fail(cosignature_store.status(), "cannot open the cosignature store");
  }
  logs::Cosignatures cosignatures(**registry, **store, **cosignature_store);
  const grpc_services::ReadAccess read_access(flags.read_access == "open"
                                                  ? grpc_services::ReadAccessMode::kOpen
                                                  : grpc_services::ReadAccessMode::kScoped);
  grpc_services::LedgerServiceImpl ledger_service(
      **registry, **store, cosignatures,
      grpc_services::LedgerServiceOptions{.allow_remote_create_log = flags.allow_remote_create_log,
                                          .entries_page_size = 1000,
                                          .match_client_certificate = flags.require_client_cert,
                                          .read_access = read_access.mode()});
  grpc_services::IdentityServiceImpl identity_service(**registry, read_access);
  grpc_services::FundServiceImpl fund_service(**registry, read_access);
  grpc_services::AssetServiceImpl asset_service(**registry, read_access);
  // The privacy registry: its own small pool, and the deployment's pseudonym secret.
  const std::string secret_path =
      flags.registry_secret.empty()
          ? (std::filesystem::path(flags.key_dir) / "registry.secret").string()
          : flags.registry_secret;
  auto secret = registry::PseudonymSecret::LoadOrCreate(secret_path);
  if (!secret.ok()) return Fail(secret.status(), "cannot read the registry secret");
  auto people = storage::pg::PgRegistryStore::Open(conninfo, kRegistryConnections);
  if (!people.ok()) return Fail(people.status(), "cannot open the registry store");
  grpc_services::IncomeServiceImpl income_service(**registry, people->get(), read_access);
  grpc_services::RegistryServiceImpl registry_service(**registry, people->get(), *std::move(secret),
                                                      flags.require_client_cert);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(listen->ToGrpcUri(), *credentials, &bound_port);
  // Without this, a second server could silently share the port with SO_REUSEPORT.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxReceiveMessageSize(grpc_services::kRequestBytesMax);
  // Memory and threads bounded under a flood of large or slow requests (server_limits.h).
  grpc::ResourceQuota quota("ledgerd");
  quota.Resize(static_cast<size_t>(flags.server_memory_mib) * 1024 * 1024);
  quota.SetMaxThreads(flags.server_threads);
  builder.SetResourceQuota(quota);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             grpc_services::kStreamsPerConnectionMax);
  builder.AddChannelArgument(GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS,
                             grpc_services::kHandshakeTimeoutMs);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, grpc_services::kKeepaliveTimeMs);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, grpc_services::kKeepaliveTimeoutMs);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS, grpc_services::kConnectionIdleMaxMs);
  builder.RegisterService(&ledger_service);
  builder.RegisterService(&identity_service);
  builder.RegisterService(&fund_service);
  builder.RegisterService(&asset_service);
  builder.RegisterService(&income_service);
  builder.RegisterService(&registry_service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || bound_port == 0) {
    return Fail(absl::UnavailableError(absl::StrCat("gRPC could not bind ", listen->ToGrpcUri())),
                "cannot start");
  }
  grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
  health->SetServingStatus(true);
  health->SetServingStatus("ledger.v1.LedgerService", true);
  health->SetServingStatus("ledger.v1.IdentityService", true);
  health->SetServingStatus("ledger.v1.FundService", true);
  health->SetServingStatus("ledger.v1.AssetService", true);
  health->SetServingStatus("ledger.v1.IncomeService", true);
  health->SetServingStatus("ledger.v1.RegistryService", true);
  ListenAddress actual = *listen;
  actual.port = bound_port;
  log::Info(absl::StrCat("listening on ", actual.ToGrpcUri(), " (", TransportDescription(flags),
                         "; reads ", flags.read_access, "; health and reflection enabled)"));
  if (read_access.mode() == grpc_services::ReadAccessMode::kScoped && flags.tls_client_ca.empty()) {
    log::Warning(
        "reads are scoped by client certificates, but there is no --tls-client-ca: every "
        "caller is the public and reads only the notice board, checkpoints and proofs "
        "(--read-access=open lets everyone read everything, for a demo or a trusted network)");
  }

  // The notice board reads the same state and stores as the services above, in this process.
  std::unique_ptr<http::HttpServer> board;
  if (*http_address) {
    auto started = http::HttpServer::Start(
        http::BoardSources{
            .logs = **registry,
            .store = **store,
            .cosignatures = cosignatures,
            .names = people->get(),
            .leaves_of_board_only = read_access.mode() == grpc_services::ReadAccessMode::kScoped},
        http::HttpServerOptions{.host = (*http_address)->host,
                                .port = (*http_address)->port,
                                .public_url = flags.http_public_url});
    if (!started.ok()) {
      server->Shutdown();
      return Fail(started.status(), "cannot start the notice board");
    }
    board = *std::move(started);
    ListenAddress at = **http_address;
    at.port = board->port();
    log::Info(absl::StrCat("notice board on http://", at.ToGrpcUri(),
                           "/ (read-only HTTP, public data only)"));
  }

  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;

  std::thread signal_thread([&] {
    sigset_t set = StopSignals();
    int sig = 0;
    sigwait(&set, &sig);
    {
      std::lock_guard<std::mutex> lock(mu);
      if (stopping) return;  // woken by ourselves at the end of Run
      stopping = true;
    }
    cv.notify_all();
    log::Info(absl::StrCat("stopping (", sig == SIGINT ? "SIGINT" : "SIGTERM", ")"));
    health->SetServingStatus(false);
    server->Shutdown(std::chrono::system_clock::now() +
                     std::chrono::milliseconds(kShutdownGraceMs));
  });

  // Restarts the embedded PostgreSQL if it dies under us (kill -9, OOM killer); the service
  // reports NOT_SERVING until it is back.
  std::thread watchdog;
  if (embedded) {
    watchdog = std::thread([&] {
      std::unique_lock<std::mutex> lock(mu);
      while (!cv.wait_for(lock, std::chrono::milliseconds(kWatchdogPeriodMs),
                          [&] { return stopping; })) {
        if (embedded->IsRunning()) continue;
        log::Error("the embedded PostgreSQL exited unexpectedly; restarting it");
        health->SetServingStatus(false);
        embedded.reset();
        auto restarted = storage::pg::EmbeddedPostgres::Start(pg_options);
        if (!restarted.ok()) {
          log::Error(absl::StrCat("cannot restart the embedded PostgreSQL: ",
                                  restarted.status().message(), "; retrying"));
          continue;
        }
        embedded = *std::move(restarted);
        log::Info(absl::StrCat("embedded PostgreSQL running again (pid ",
                               embedded->postmaster_pid(), ")"));
        health->SetServingStatus(true);
      }
    });
  }

  server->Wait();
  if (board) board->Stop();
  {
    std::lock_guard<std::mutex> lock(mu);
    stopping = true;
  }
  cv.notify_all();
  if (watchdog.joinable()) watchdog.join();
  // Wake the signal thread if the server stopped for another reason.
  pthread_kill(signal_thread.native_handle(), SIGTERM);
  signal_thread.join();
  if (embedded) {
    if (absl::Status s = embedded->Stop(); !s.ok()) {
      log::Error(absl::StrCat("stopping the embedded PostgreSQL: ", s.message()));
    }
  }
  log::Info("stopped");
  return kExitOk;
}

}  // namespace
}  // namespace ledger::ledgerd

int main(int argc, char** argv) {
  using ledger::ledgerd::Flags;
  ledger::log::SetProgramName("ledgerd");
  // Debian's Abseil keeps absl::Mutex's deadlock detection on; gRPC's locks then maintain a lock
  // graph on every acquisition (ledger-bench's profile of single-entry submits, PERFORMANCE.md).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  Flags flags;
  CLI::App app{
      "ledgerd: the public fund and asset ledger server.\n"
      "Serves signed, append-only, verifiable logs (one per county) over gRPC, stored in "
      "PostgreSQL.\n\n"
      "Examples:\n"
      "  ledgerd                                   # embedded PostgreSQL under var/pg, port 50051\n"
      "  ledgerd --db=postgresql://ledger@db.example/ledger --listen=127.0.0.1:50051\n"
      "  ledgerd --migrate-only                    # apply schema migrations and exit\n"
      "  ledgerd --listen=0.0.0.0:50051 --tls-cert=server.pem --tls-key=server.key\n"
      "  ledgerd --listen=0.0.0.0:50051 --tls-cert=server.pem --tls-key=server.key "
      "--tls-client-ca=ca.pem --require-client-cert\n\n"
      "Exit status: 0 stopped cleanly, 1 start-up failed (database unreachable, port in use, "
      "bad migration, TLS file missing or readable by others), 64 bad command line (including "
      "plaintext on a non-loopback address).",
      "ledgerd"};
  app.add_option("--listen", flags.listen,
                 "gRPC listen address host:port (port 0 picks a free one)")
      ->capture_default_str();
  app.add_option("--db", flags.db,
                 "database: embedded:<dir> runs a private PostgreSQL under <dir>; or a PostgreSQL "
                 "URI/keyword string for an external server")
      ->capture_default_str();
  app.add_option("--pg-bin-dir", flags.pg_bin_dir,
                 "PostgreSQL server binaries for the embedded database (default: newest "
                 "/usr/lib/postgresql/<N>/bin)");
  app.add_option("--pg-user", flags.pg_user,
                 "system user that runs the embedded PostgreSQL when ledgerd runs as root "
                 "(default: ledger-pg, created if missing)");
  app.add_flag("--migrate-only", flags.migrate_only, "apply schema migrations, then exit");
  app.add_option("--key-dir", flags.key_dir,
                 "directory of the logs' checkpoint key files (mode 0700, files 0600)")
      ->capture_default_str();
  app.add_option("--registry-secret", flags.registry_secret,
                 "file of the privacy registry's pseudonym secret (64 hex characters, mode "
                 "0600), created if missing (default: <key-dir>/registry.secret); keep it and back "
                 "it up with the keys: without it nobody can find a person's reference again");
  app.add_option("--demo-origin", flags.demo_origin,
                 "on start, create this log (e.g. ledger.example.org/341721) with a Genesis "
                 "entry and an administrator key <key-dir>/admin.key unless it exists");
  app.add_option("--demo-name", flags.demo_name, "the county name for --demo-origin")
      ->capture_default_str();
  app.add_flag("--allow-remote-create-log", flags.allow_remote_create_log,
               "let non-loopback clients create logs");
  app.add_option("--batch-max-entries", flags.batch_max_entries,
                 "most entries per sequenced batch (one transaction and checkpoint)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  app.add_option("--batch-wait-us", flags.batch_wait_us,
                 "how long the writer waits for a batch to fill, in microseconds")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000000));
  app.add_option("--queue-capacity", flags.queue_capacity,
                 "most entries waiting per log; beyond it Submit answers RESOURCE_EXHAUSTED")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000000));
  app.add_option("--verify-threads", flags.verify_threads,
                 "signature-verification threads (default: one per core)")
      ->check(CLI::Range(0, 256));
  app.add_option("--db-connections", flags.db_connections, "PostgreSQL connection pool size")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  app.add_option("--server-memory-mib", flags.server_memory_mib,
                 "memory gRPC may hold for connections and requests not yet handled, in MiB; "
                 "beyond it gRPC cancels calls (RESOURCE_EXHAUSTED) until it is below again")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{2} * ledger::grpc_services::kRequestBytesMax / (1024 * 1024),
                         int64_t{1024} * 1024));
  app.add_option("--server-threads", flags.server_threads,
                 "threads that handle calls other than Submit; when all are busy a new call is "
                 "answered RESOURCE_EXHAUSTED")
      ->capture_default_str()
      ->check(CLI::Range(4, 4096));
  app.add_option("--tls-cert", flags.tls_cert,
                 "serve TLS with this certificate chain (PEM), with --tls-key");
  app.add_option("--tls-key", flags.tls_key, "the TLS certificate's private key (PEM, mode 0600)");
  app.add_option("--tls-client-ca", flags.tls_client_ca,
                 "verify client certificates against this CA (PEM) when clients present one");
  app.add_flag("--require-client-cert", flags.require_client_cert,
               "refuse clients without a certificate signed by --tls-client-ca (mutual TLS), "
               "and accept a Submit only of entries signed by a principal the client's "
               "certificate names (URI subject alternative name ledger-principal:<principal_id>; "
               "PERMISSION_DENIED, rule L-CERT, otherwise); reads need only the certificate");
  app.add_option("--http", flags.http,
                 "serve the public notice board (村务公开栏: pages, JSON proofs, print views) "
                 "over HTTP on host:port, e.g. 127.0.0.1:8080 (port 0 picks a free one); off "
                 "by default; read-only, unauthenticated, public data only");
  app.add_option("--http-public-url", flags.http_public_url,
                 "the absolute URL the board is published under (e.g. https://board.example.org), "
                 "used in the QR codes of printed notices; default: http://<the request's Host "
                 "header>");
  app.add_flag("--allow-http-nonloopback", flags.allow_http_nonloopback,
               "allow --http on an address that is not loopback (behind a proxy that terminates "
               "TLS)");
  app.add_option("--read-access", flags.read_access,
                 "who reads what: \"scoped\" (a client certificate's principals read the records "
                 "of their scope, auditors and the county everything, everyone else the notice "
                 "board, checkpoints and proofs; PERMISSION_DENIED, rule L-READ, otherwise) or "
                 "\"open\" (everyone reads everything: a demo or a trusted network)")
      ->capture_default_str()
      ->check(CLI::IsMember({"scoped", "open"}));
  app.add_flag("--allow-plaintext-nonloopback", flags.allow_plaintext_nonloopback,
               "allow plaintext gRPC on a --listen address that is not loopback (only behind a "
               "proxy that terminates TLS); without it such an address needs --tls-cert");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : ledger::ledgerd::kExitUsage;
  }
  sigset_t set = ledger::ledgerd::StopSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return ledger::ledgerd::Run(flags);
}
