// ledgerctl health, log info, checkpoint.

#include <grpcpp/grpcpp.h>

#include <iostream>
#include <memory>
#include <string>

#include "clients/ledgerctl/commands.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "ledger/crypto/sha256.h"
#include "ledger/merkle/verify.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/keys.h"
#include "nlohmann/json.hpp"

namespace ledger::ledgerctl {
namespace {

int Health(CliContext& ctx, const std::string& service) {
  const GlobalFlags& g = ctx.flags();
  auto channel = ctx.Channel();
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext call;
  call.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(g.timeout_ms));
  grpc::health::v1::HealthCheckRequest req;
  req.set_service(service);
  grpc::health::v1::HealthCheckResponse resp;
  grpc::Status s = stub->Check(&call, req, &resp);
  if (!s.ok()) return ReportError(ctx, client::FromGrpc(s), "health");
  std::string status = grpc::health::v1::HealthCheckResponse::ServingStatus_Name(resp.status());
  if (g.json) {
    std::cout << nlohmann::json{{"server", g.server}, {"status", status}}.dump() << "\n";
  } else {
    std::cout << g.server << " " << status << "\n";
  }
  return resp.status() == grpc::health::v1::HealthCheckResponse::SERVING ? kExitOk : kExitFailure;
}

int LogInfo(CliContext& ctx) {
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, "log info");
  absl::StatusOr<v1::LogInfo> info = ctx.Client().GetLogInfo();
  if (!info.ok()) return ReportError(ctx, info.status(), "log info");
  if (ctx.flags().json) {
    std::cout << "{\"origin\":\"" << info->origin() << "\",\"verifier_key\":\""
              << info->verifier_key() << "\",\"tree_size\":" << info->tree_size() << "}\n";
  } else {
    std::cout << "origin:        " << info->origin() << "\n"
              << "verifier key:  " << info->verifier_key() << "\n"
              << "tree size:     " << info->tree_size() << "\n";
  }
  return kExitOk;
}

// Fetches a checkpoint and verifies its signature with the log's verifier key (and, with
// --from, the consistency proof from that size) before printing it.
int Checkpoint(CliContext& ctx, uint64_t size, uint64_t from) {
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, "checkpoint");
  absl::StatusOr<v1::LogInfo> info = ctx.Client().GetLogInfo();
  if (!info.ok()) return ReportError(ctx, info.status(), "checkpoint");
  absl::StatusOr<v1::GetCheckpointResponse> cp = ctx.Client().GetCheckpoint(size, 0);
  if (!cp.ok()) return ReportError(ctx, cp.status(), "checkpoint");
  absl::StatusOr<note::NoteVerifier> verifier = note::NoteVerifier::Parse(info->verifier_key());
  if (!verifier.ok()) return ReportError(ctx, verifier.status(), "checkpoint: verifier key");
  absl::StatusOr<note::Checkpoint> opened = note::OpenCheckpoint(cp->checkpoint(), *verifier);
  if (!opened.ok()) return ReportError(ctx, opened.status(), "checkpoint does not verify");
  if (from > 0) {
    absl::StatusOr<v1::GetCheckpointResponse> old = ctx.Client().GetCheckpoint(from, 0);
    if (!old.ok()) return ReportError(ctx, old.status(), "checkpoint --from");
    absl::StatusOr<note::Checkpoint> old_opened =
        note::OpenCheckpoint(old->checkpoint(), *verifier);
    if (!old_opened.ok()) return ReportError(ctx, old_opened.status(), "old checkpoint");
    absl::StatusOr<v1::GetCheckpointResponse> with_proof =
        ctx.Client().GetCheckpoint(opened->size, from);
    if (!with_proof.ok()) return ReportError(ctx, with_proof.status(), "consistency proof");
    std::vector<merkle::Hash> proof;
    for (const std::string& h : with_proof->consistency_proof()) {
      absl::StatusOr<merkle::Hash> hash = merkle::HashFromBytes(h);
      if (!hash.ok()) return ReportError(ctx, hash.status(), "consistency proof");
      proof.push_back(*hash);
    }
    absl::Status consistent = merkle::VerifyConsistency(old_opened->size, opened->size,
                                                        old_opened->root, opened->root, proof);
    if (!consistent.ok()) return ReportError(ctx, consistent, "the log is NOT consistent");
    std::cerr << "consistent with the checkpoint of size " << from << "\n";
  }
  if (ctx.flags().json) {
    nlohmann::json out = {{"origin", opened->origin},
                          {"tree_size", opened->size},
                          {"root_hash", crypto::ToHex(crypto::AsStringView(opened->root))},
                          {"checkpoint", cp->checkpoint()}};
    if (from > 0) out["consistent_from"] = from;
    std::cout << out.dump() << "\n";
    return kExitOk;
  }
  std::cout << cp->checkpoint();
  return kExitOk;
}

}  // namespace

void AddLogCommands(CLI::App& app, Action* action) {
  auto service = std::make_shared<std::string>();
  CLI::App* health = app.add_subcommand("health",
                                        "ask ledgerd whether it is serving (grpc.health.v1)\n"
                                        "  example: ledgerctl health --server 127.0.0.1:50051");
  health->add_option("--service", *service, "a service name; empty means the whole server");
  health->callback([action, service] {
    *action = [service](CliContext& ctx) { return Health(ctx, *service); };
  });

  CLI::App* log = app.add_subcommand("log", "the log itself");
  log->require_subcommand(0, 1);
  CLI::App* info =
      log->add_subcommand("info",
                          "origin, checkpoint verifier key and size\n"
                          "  example: ledgerctl --origin ledger.example.org/341721 log info");
  info->callback([action] { *action = [](CliContext& ctx) { return LogInfo(ctx); }; });

  auto size = std::make_shared<uint64_t>(0);
  auto from = std::make_shared<uint64_t>(0);
  CLI::App* checkpoint = app.add_subcommand(
      "checkpoint",
      "print the latest signed checkpoint (or one of --size), after verifying its signature; "
      "with --from, also verify the log's consistency since that size\n"
      "  example: ledgerctl --origin ledger.example.org/341721 checkpoint --from 10");
  checkpoint->add_option("--size", *size, "a published tree size (default: the latest)");
  checkpoint->add_option("--from", *from, "verify consistency from this earlier tree size");
  checkpoint->callback([action, size, from] {
    *action = [size, from](CliContext& ctx) { return Checkpoint(ctx, *size, *from); };
  });
}

}  // namespace ledger::ledgerctl
