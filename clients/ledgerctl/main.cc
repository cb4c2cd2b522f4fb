// ledgerctl: the command line for every role (clerks, village accountants, auditors).
// Commands are added together with the features they serve; see `ledgerctl --help`.

#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>
#include <string>

#include "grpc/health/v1/health.grpc.pb.h"

namespace ledger::ledgerctl {
namespace {

// Exit codes (documented in --help).
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUnavailable = 3;
constexpr int kExitUsage = 64;

struct GlobalFlags {
  std::string server = "127.0.0.1:50051";
  int timeout_ms = 5000;
};

int Health(const GlobalFlags& g, const std::string& service) {
  auto channel = grpc::CreateChannel(g.server, grpc::InsecureChannelCredentials());
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(g.timeout_ms));
  grpc::health::v1::HealthCheckRequest req;
  req.set_service(service);
  grpc::health::v1::HealthCheckResponse resp;
  grpc::Status s = stub->Check(&ctx, req, &resp);
  if (!s.ok()) {
    std::cerr << "ledgerctl: cannot reach ledgerd at " << g.server << ": " << s.error_message()
              << "\n  Is ledgerd running? Start it with scripts/run.sh, or pass --server.\n";
    return kExitUnavailable;
  }
  std::string status = grpc::health::v1::HealthCheckResponse::ServingStatus_Name(resp.status());
  std::cout << g.server << " " << status << "\n";
  return resp.status() == grpc::health::v1::HealthCheckResponse::SERVING ? kExitOk : kExitFailure;
}

}  // namespace
}  // namespace ledger::ledgerctl

int main(int argc, char** argv) {
  using namespace ledger::ledgerctl;
  GlobalFlags g;
  CLI::App app{
      "ledgerctl: work with the public fund and asset ledger from the command line.\n\n"
      "Exit status: 0 success, 1 the server answered but the request failed, 3 server "
      "unreachable, 64 bad command line.",
      "ledgerctl"};
  app.require_subcommand(1);
  app.add_option("--server", g.server, "ledgerd address host:port")
      ->envname("LEDGER_SERVER")
      ->capture_default_str();
  app.add_option("--timeout-ms", g.timeout_ms, "deadline of each call in milliseconds")
      ->capture_default_str();

  std::string service;
  CLI::App* health = app.add_subcommand("health",
                                        "ask ledgerd whether it is serving (grpc.health.v1)\n"
                                        "  example: ledgerctl health --server 127.0.0.1:50051");
  health->add_option("--service", service, "a service name; empty means the whole server");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : kExitUsage;
  }
  if (*health) return Health(g, service);
  return kExitUsage;
}
