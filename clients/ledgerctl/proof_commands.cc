// ledgerctl proof export|verify: offline proof bundles (c2sp.org/tlog-proof@v1 text plus the
// leaf bytes) that anyone can check without the server.

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>

#include "clients/ledgerctl/commands.h"
#include "clients/ledgerctl/output_file.h"
#include "clients/ledgerctl/witness_cli.h"
#include "ledger/crypto/sha256.h"
#include "ledger/envelope/leaf.h"
#include "ledger/merkle/hash.h"
#include "ledger/merkle/verify.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/keys.h"
#include "ledger/note/tlog_proof.h"
#include "ledger/state/entry.h"
#include "nlohmann/json.hpp"

namespace ledger::ledgerctl {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot open " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct ExportFlags {
  uint64_t index = 0;
  uint64_t size = 0;
  std::string out;
};

int Export(CliContext& ctx, const ExportFlags& f) {
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, "proof export");
  v1::ExportProofBundleRequest request;
  request.set_origin(ctx.flags().origin);
  request.set_index(f.index);
  request.set_tree_size(f.size);
  v1::ExportProofBundleResponse response;
  auto call = ctx.Client().NewContext();
  grpc::Status s = ctx.Client().ledger().ExportProofBundle(call.get(), request, &response);
  if (!s.ok()) return ReportError(ctx, client::FromGrpc(s), "proof export");
  const std::string proof_path = f.out + ".proof";
  const std::string leaf_path = f.out + ".leaf";
  if (absl::Status w = WriteOutputFile(proof_path, response.tlog_proof()); !w.ok()) {
    return LocalError(w, "proof export");
  }
  if (absl::Status w = WriteOutputFile(leaf_path, response.leaf()); !w.ok()) {
    return LocalError(w, "proof export");
  }
  if (ctx.flags().json) {
    std::cout
        << nlohmann::json{{"index", f.index}, {"proof", proof_path}, {"leaf", leaf_path}}.dump()
        << "\n";
    return kExitOk;
  }
  std::cout << "wrote " << proof_path << " (c2sp.org/tlog-proof@v1) and " << leaf_path
            << " (leaf bytes)\n"
            << "verify offline: ledgerctl proof verify --bundle " << f.out
            << " --verifier-key '<the log's verifier key>'\n";
  return kExitOk;
}

struct VerifyFlags {
  std::string bundle;
  std::string verifier_key;
  WitnessFlags witnesses;
};

int Verify(CliContext& ctx, const VerifyFlags& f) {
  absl::StatusOr<std::string> text = ReadFile(f.bundle + ".proof");
  if (!text.ok()) return LocalError(text.status(), "proof verify");
  absl::StatusOr<std::string> leaf = ReadFile(f.bundle + ".leaf");
  if (!leaf.ok()) return LocalError(leaf.status(), "proof verify");
  absl::StatusOr<note::NoteVerifier> verifier = note::NoteVerifier::Parse(f.verifier_key);
  if (!verifier.ok()) return LocalError(verifier.status(), "proof verify: --verifier-key");
  absl::StatusOr<client::WitnessPolicy> policy = WitnessPolicyOf(f.witnesses);
  if (!policy.ok()) return LocalError(policy.status(), "proof verify");
  auto fail = [](const std::string& what, const absl::Status& s) {
    std::cerr << "ledgerctl: proof verify: NOT VERIFIED: " << what << ": " << s.message() << "\n";
    return kExitIntegrity;
  };
  absl::StatusOr<note::TlogProof> proof = note::ParseTlogProof(*text);
  if (!proof.ok()) return fail("malformed proof", proof.status());
  absl::StatusOr<note::Checkpoint> checkpoint =
      note::OpenCheckpoint(proof->checkpoint_note, *verifier);
  if (!checkpoint.ok()) return fail("checkpoint signature", checkpoint.status());
  // The bundle's checkpoint carries the cosignatures the server had (docs/FORMATS.md §4, §20).
  if (!policy->empty()) {
    absl::StatusOr<client::PolicyResult> witnessed =
        client::EvaluateWitnessPolicy(proof->checkpoint_note, *policy);
    if (!witnessed.ok()) return fail("witnesses", witnessed.status());
    if (!witnessed->met) {
      std::cerr << "ledgerctl: proof verify: NOT VERIFIED: witnesses: "
                << client::DescribeWitnesses(*witnessed, *policy) << "\n";
      return kExitIntegrity;
    }
    std::cerr << client::DescribeWitnesses(*witnessed, *policy) << "\n";
  }
  const merkle::Hash leaf_hash = merkle::LeafHash(*leaf);
  absl::Status included = merkle::VerifyInclusion(proof->index, checkpoint->size, leaf_hash,
                                                  proof->path, checkpoint->root);
  if (!included.ok()) return fail("inclusion", included);
  nlohmann::json report = {{"verified", true},
                           {"index", proof->index},
                           {"origin", checkpoint->origin},
                           {"tree_size", checkpoint->size},
                           {"leaf_hash", crypto::ToHex(crypto::AsStringView(leaf_hash))}};
  absl::StatusOr<envelope::Leaf> parsed = envelope::DecodeLeaf(*leaf);
  absl::StatusOr<state::Entry> entry = parsed.ok() ? state::DecodeEntry(parsed->envelope_bytes)
                                                   : absl::StatusOr<state::Entry>(parsed.status());
  if (entry.ok()) {
    report["payload_type"] = entry->payload_type();
    report["principal"] = entry->header().principal_id();
    report["business_date"] = entry->header().business_date();
    report["entry_id"] = crypto::ToHex(entry->header().entry_id());
  }
  if (ctx.flags().json) {
    std::cout << report.dump() << "\n";
    return kExitOk;
  }
  std::cout << "verified: entry " << proof->index << " is in " << checkpoint->origin
            << " at tree size " << checkpoint->size << "\n"
            << "leaf hash: " << crypto::ToHex(crypto::AsStringView(leaf_hash)) << "\n";
  if (entry.ok()) {
    std::cout << "entry:     " << entry->payload_type() << " by " << entry->header().principal_id()
              << ", business date " << entry->header().business_date() << ", entry id "
              << crypto::ToHex(entry->header().entry_id()) << "\n";
  }
  return kExitOk;
}

}  // namespace

void AddProofCommands(CLI::App& app, Action* action) {
  CLI::App* proof = app.add_subcommand("proof", "offline proofs of inclusion");
  proof->require_subcommand(0, 1);
  auto ex = std::make_shared<ExportFlags>();
  CLI::App* export_cmd = proof->add_subcommand(
      "export",
      "write <out>.proof (c2sp.org/tlog-proof@v1, with the signed checkpoint) and <out>.leaf\n"
      "  example: ledgerctl --origin ledger.example.org/341721 proof export --index 12 --out e12");
  export_cmd->add_option("--index", ex->index, "the entry's index")->required();
  export_cmd->add_option("--size", ex->size, "a published tree size (default: the latest)");
  export_cmd->add_option("--out", ex->out, "path prefix of the two files")->required();
  export_cmd->callback(
      [action, ex] { *action = [ex](CliContext& ctx) { return Export(ctx, *ex); }; });
  auto vf = std::make_shared<VerifyFlags>();
  CLI::App* verify_cmd = proof->add_subcommand(
      "verify",
      "check a bundle offline against the log's verifier key; exit 0 verified, 2 not verified\n"
      "  example: ledgerctl proof verify --bundle e12 --verifier-key "
      "'ledger.example.org/341721+89ecd58e+AUJu...'");
  verify_cmd->add_option("--bundle", vf->bundle, "path prefix given to proof export")->required();
  verify_cmd
      ->add_option("--verifier-key", vf->verifier_key,
                   "the log's verifier key (ledgerctl log info), pinned out of band")
      ->required();
  AddWitnessFlags(verify_cmd, &vf->witnesses);
  verify_cmd->callback(
      [action, vf] { *action = [vf](CliContext& ctx) { return Verify(ctx, *vf); }; });
}

}  // namespace ledger::ledgerctl
