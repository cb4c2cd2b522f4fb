// ledgerctl health, log info, checkpoint.

#include <grpcpp/grpcpp.h>

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "clients/ledgerctl/commands.h"
#include "clients/ledgerctl/trust.h"
#include "clients/ledgerctl/witness_cli.h"
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

struct CheckpointFlags {
  uint64_t size = 0;
  uint64_t from = 0;
  std::string verifier_key;
  WitnessFlags witnesses;
};

// Fetches a checkpoint, verifies its signature with the pinned key (or pins one) and checks it
// against the trusted state: a newer one needs a consistency proof from the trusted one and then
// becomes the trusted one (clients/client/trusted_state.h). With --witness, it must carry enough
// of those witnesses' cosignatures first (clients/client/witness_policy.h). With --from, also
// verifies the consistency proof from that size.
int Checkpoint(CliContext& ctx, const CheckpointFlags& f) {
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, "checkpoint");
  absl::StatusOr<client::WitnessPolicy> policy = WitnessPolicyOf(f.witnesses);
  if (!policy.ok()) return LocalError(policy.status(), "checkpoint");
  int exit_code = kExitFailure;
  std::optional<Trust> trust = LoadTrust(ctx, f.verifier_key, "checkpoint", &exit_code);
  if (!trust) return exit_code;
  const note::NoteVerifier& verifier = trust->key.verifier;
  absl::StatusOr<v1::GetCheckpointResponse> cp =
      ctx.Client().GetCheckpoint(f.size, 0, policy->VerifierKeys());
  if (!cp.ok()) return ReportError(ctx, cp.status(), "checkpoint");
  absl::StatusOr<note::Checkpoint> opened = note::OpenCheckpoint(cp->checkpoint(), verifier);
  if (!opened.ok()) {
    std::cerr << "ledgerctl: checkpoint: the checkpoint does not verify with the key "
              << verifier.VerifierKey() << ": " << opened.status().message() << "\n";
    return kExitIntegrity;
  }
  // The witnesses first: a checkpoint they did not vouch for must not become the trusted one.
  std::optional<client::PolicyResult> witnessed;
  if (!policy->empty()) {
    absl::StatusOr<client::PolicyResult> r =
        client::EvaluateWitnessPolicy(cp->checkpoint(), *policy);
    if (!r.ok()) return ReportError(ctx, r.status(), "checkpoint: witnesses");
    if (!r->met) {
      std::cerr << "ledgerctl: checkpoint: not accepted: " << client::DescribeWitnesses(*r, *policy)
                << "\n  (a witness that has not cosigned yet looks the same as a view hidden from "
                   "it: retry after the witnesses' next round, or ask for an older checkpoint "
                   "they cosigned with --size)\n";
      return kExitIntegrity;
    }
    std::cerr << client::DescribeWitnesses(*r, *policy) << "\n";
    witnessed = *std::move(r);
  }
  absl::StatusOr<client::AcceptResult> accepted =
      AcceptFromServer(ctx, *trust, cp->checkpoint(), /*allow_older=*/f.size > 0);
  if (!accepted.ok()) return ReportError(ctx, accepted.status(), "checkpoint: trusted state");
  if (accepted->outcome == client::Outcome::kSecurityError) return kExitIntegrity;
  if (accepted->outcome == client::Outcome::kAdvanced ||
      accepted->outcome == client::Outcome::kOlderConsistent) {
    std::cerr << "consistent with the trusted checkpoint of size " << accepted->trusted->size
              << "\n";
  }
  if (f.from > 0) {
    absl::StatusOr<v1::GetCheckpointResponse> old = ctx.Client().GetCheckpoint(f.from, 0);
    if (!old.ok()) return ReportError(ctx, old.status(), "checkpoint --from");
    absl::StatusOr<note::Checkpoint> old_opened = note::OpenCheckpoint(old->checkpoint(), verifier);
    if (!old_opened.ok()) {
      std::cerr << "ledgerctl: checkpoint --from: the checkpoint of size " << f.from
                << " does not verify: " << old_opened.status().message() << "\n";
      return kExitIntegrity;
    }
    absl::StatusOr<v1::GetCheckpointResponse> with_proof =
        ctx.Client().GetCheckpoint(opened->size, f.from);
    if (!with_proof.ok()) return ReportError(ctx, with_proof.status(), "consistency proof");
    std::vector<merkle::Hash> proof;
    for (const std::string& h : with_proof->consistency_proof()) {
      absl::StatusOr<merkle::Hash> hash = merkle::HashFromBytes(h);
      if (!hash.ok()) return ReportError(ctx, hash.status(), "consistency proof");
      proof.push_back(*hash);
    }
    absl::Status consistent = merkle::VerifyConsistency(old_opened->size, opened->size,
                                                        old_opened->root, opened->root, proof);
    if (!consistent.ok()) {
      std::cerr << "ledgerctl: checkpoint --from: the log is NOT consistent: "
                << consistent.message() << "\n";
      return kExitIntegrity;
    }
    std::cerr << "consistent with the checkpoint of size " << f.from << "\n";
  }
  if (ctx.flags().json) {
    nlohmann::json out = {{"origin", opened->origin},
                          {"tree_size", opened->size},
                          {"root_hash", crypto::ToHex(crypto::AsStringView(opened->root))},
                          {"checkpoint", cp->checkpoint()}};
    if (accepted->trusted) out["consistent_with_trusted_size"] = accepted->trusted->size;
    if (witnessed) out["witnesses_cosigned"] = witnessed->cosigned;
    if (f.from > 0) out["consistent_from"] = f.from;
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

  auto cf = std::make_shared<CheckpointFlags>();
  CLI::App* checkpoint = app.add_subcommand(
      "checkpoint",
      "print the latest signed checkpoint (or the one of --size) after verifying its signature "
      "with the key pinned in the trusted state (--state-dir), and its consistency with the "
      "checkpoint trusted before, which it then replaces; the first call pins the key and the "
      "checkpoint. A fork, a rollback or a proof that does not verify prints SECURITY ERROR with "
      "the evidence and exits 2, leaving the trusted state as it was. With --witness, the "
      "checkpoint is accepted only when enough of those witnesses cosigned it (else exit 2, "
      "naming who did and who did not). With --from, also verify the log's consistency since "
      "that size\n"
      "  example: ledgerctl --origin ledger.example.org/341721 checkpoint --from 10\n"
      "  example: ledgerctl checkpoint --witness 'w1.example.org+1a2b3c4d+BK...' "
      "--witness 'w2.example.org+...' --witnesses-required 1");
  checkpoint->add_option("--size", cf->size,
                         "a published tree size (default: the latest); one smaller than the "
                         "trusted size is checked against it and not stored");
  checkpoint->add_option("--from", cf->from, "verify consistency from this earlier tree size");
  checkpoint->add_option("--verifier-key", cf->verifier_key,
                         "the log's checkpoint verifier key, obtained out of band; pinned when "
                         "the trusted state has none, refused when it differs from the pinned one "
                         "(default: the pinned key, else the server's, trust on first use)");
  AddWitnessFlags(checkpoint, &cf->witnesses);
  checkpoint->callback(
      [action, cf] { *action = [cf](CliContext& ctx) { return Checkpoint(ctx, *cf); }; });
}

}  // namespace ledger::ledgerctl
