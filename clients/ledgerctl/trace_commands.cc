// ledgerctl trace asset|fund: follow the money through a log the client has verified itself
// (clients/audit/trace.h), each step with its entry index and an inclusion proof checked against
// the verified checkpoint; --proofs writes those proofs as offline bundles (`proof verify`).

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/audit/grpc_sources.h"
#include "clients/audit/trace.h"
#include "clients/audit/verify_log.h"
#include "clients/entries/entry_builder.h"
#include "clients/ledgerctl/commands.h"
#include "clients/ledgerctl/fund_cli.h"
#include "clients/ledgerctl/table.h"
#include "clients/ledgerctl/trust.h"
#include "clients/ledgerctl/wording.h"
#include "ledger/crypto/sha256.h"
#include "ledger/merkle/verify.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/tlog_proof.h"
#include "ledger/util/status_macros.h"
#include "nlohmann/json.hpp"

namespace ledger::ledgerctl {
namespace {

struct TraceFlags {
  std::string subject;  // the asset code or the fund source word
  uint32_t year = 0;    // fund traces only
  std::string verifier_key;
  std::string proofs_dir;
  size_t threads = std::thread::hardware_concurrency();
};

enum class TraceKind { kAsset, kFund };

// A step whose inclusion proof verified, with that proof.
struct ProvenStep {
  audit::TraceStep step;
  std::vector<merkle::Hash> proof;
};

absl::Status WriteBytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) return absl::PermissionDeniedError(absl::StrCat("cannot write ", path.string()));
  return absl::OkStatus();
}

// <dir>/<index>.proof and <dir>/<index>.leaf, as `proof export` writes them.
absl::Status WriteProofBundle(const std::string& dir, const ProvenStep& s,
                              const std::string& checkpoint_note, const std::string& leaf) {
  note::TlogProof proof{.extra = std::nullopt,
                        .index = s.step.index,
                        .path = s.proof,
                        .checkpoint_note = checkpoint_note};
  LEDGER_ASSIGN_OR_RETURN(std::string text, note::FormatTlogProof(proof));
  const std::filesystem::path base = std::filesystem::path(dir) / std::to_string(s.step.index);
  LEDGER_RETURN_IF_ERROR(WriteBytes(base.string() + ".proof", text));
  return WriteBytes(base.string() + ".leaf", leaf);
}

nlohmann::json ToJson(const audit::AuditReport& report, const std::vector<ProvenStep>& steps) {
  nlohmann::json out = {{"origin", report.origin},
                        {"tree_size", report.tree_size},
                        {"root", report.root_hex},
                        {"checkpoint", report.checkpoint_note},
                        {"steps", nlohmann::json::array()}};
  for (const ProvenStep& p : steps) {
    const audit::TraceStep& s = p.step;
    nlohmann::json path = nlohmann::json::array();
    for (const merkle::Hash& h : p.proof) path.push_back(crypto::ToHex(crypto::AsStringView(h)));
    nlohmann::json step = {{"index", s.index},
                           {"part", std::string(audit::TracePartName(s.part))},
                           {"payload_type", s.payload_type},
                           {"what", s.what},
                           {"what_zh", s.what_zh},
                           {"subject", s.subject},
                           {"business_date", s.business_date},
                           {"detail", s.detail},
                           {"inclusion_proof", path},
                           {"proof_verified", true}};
    step["amount_fen"] = s.amount_fen ? nlohmann::json(*s.amount_fen) : nlohmann::json(nullptr);
    out["steps"].push_back(step);
  }
  return out;
}

void PrintTable(const audit::AuditReport& report, const std::vector<ProvenStep>& steps) {
  Table table({{"index (序号)", Align::kRight},
               {"date (日期)"},
               {"part"},
               {"step (环节)"},
               {"subject (对象)"},
               {"amount (元)", Align::kRight},
               {"proof"},
               {"detail (说明)"}});
  for (const ProvenStep& p : steps) {
    const audit::TraceStep& s = p.step;
    table.AddRow({std::to_string(s.index), s.business_date,
                  std::string(audit::TracePartName(s.part)), s.what_zh + " " + s.what, s.subject,
                  s.amount_fen ? GroupedYuan(*s.amount_fen) : "", "verified", ForPeople(s.detail)});
  }
  std::cout << table.Render() << steps.size() << " step(s); every entry verified in "
            << report.origin << " at tree size " << report.tree_size << " (root " << report.root_hex
            << "), each step's inclusion proof checked against it\n";
}

int Trace(CliContext& ctx, TraceKind kind, const TraceFlags& f) {
  const std::string what = kind == TraceKind::kAsset ? "trace asset" : "trace fund";
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, what);
  std::optional<v1::FundSource> source;
  if (kind == TraceKind::kFund) {
    absl::StatusOr<v1::FundSource> parsed = ParseSourceWord(f.subject);
    if (!parsed.ok()) return LocalError(parsed.status(), what);
    source = *parsed;
  }
  if (!f.proofs_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(f.proofs_dir, ec);
    if (ec) {
      return LocalError(absl::InvalidArgumentError(absl::StrCat("--proofs: cannot create ",
                                                                f.proofs_dir, ": ", ec.message())),
                        what);
    }
  }
  int exit_code = kExitFailure;
  std::optional<Trust> trust = LoadTrust(ctx, f.verifier_key, what, &exit_code);
  if (!trust) return exit_code;
  WarnIfTrustOnFirstUse(*trust, what);

  // Verify the whole log, collecting the chain's entries as the replay accepts them.
  audit::GrpcLogSource log(ctx.Client());
  audit::TraceIndex index;
  std::vector<merkle::Hash> leaf_hashes;
  audit::AuditOptions options{
      .page_size = 1000,
      .threads = f.threads,
      .findings_date = entries::TodayInShanghai(),
      .progress = {},
      .on_entry = [&](uint64_t i, const merkle::Hash& leaf_hash, const state::Entry& entry) {
        leaf_hashes.push_back(leaf_hash);
        index.Add(i, entry);
      }};
  absl::StatusOr<audit::AuditReport> report =
      audit::VerifyLog(log, nullptr, trust->key.verifier, options);
  if (!report.ok()) {
    ReportError(ctx, report.status(), what);
    return kExitUnavailable;
  }
  if (report->failure) {
    std::cerr << "ledgerctl: " << what << ": INTEGRITY FAILURE ("
              << audit::FailureKindName(report->failure->kind) << ")"
              << (report->failure->index ? absl::StrCat(" at index ", *report->failure->index) : "")
              << ": " << report->failure->message
              << "\n  The log does not verify, so no trace is shown; see ledgerctl audit verify.\n";
    return kExitIntegrity;
  }
  absl::StatusOr<client::AcceptResult> accepted =
      AcceptFromServer(ctx, *trust, report->checkpoint_note);
  if (!accepted.ok()) {
    ReportError(ctx, accepted.status(), what + ": trusted state");
    return kExitUnavailable;
  }
  if (accepted->outcome == client::Outcome::kSecurityError) return kExitIntegrity;
  absl::StatusOr<note::Checkpoint> checkpoint =
      note::OpenCheckpoint(report->checkpoint_note, trust->key.verifier);
  if (!checkpoint.ok()) {  // verified by VerifyLog a moment ago
    ReportError(ctx, checkpoint.status(), what);
    return kExitIntegrity;
  }

  absl::StatusOr<std::vector<audit::TraceStep>> steps =
      kind == TraceKind::kAsset ? index.Asset(f.subject) : index.Fund(*source, f.year);
  if (!steps.ok()) {
    std::cerr << "ledgerctl: " << what << ": " << ForPeople(std::string(steps.status().message()))
              << " (all " << report->tree_size << " entries verified)\n";
    return kExitFailure;
  }

  // Each step's inclusion proof from the server, checked against the verified checkpoint.
  std::vector<ProvenStep> proven;
  proven.reserve(steps->size());
  for (audit::TraceStep& step : *steps) {
    absl::StatusOr<std::vector<merkle::Hash>> proof =
        log.InclusionProof(step.index, checkpoint->size);
    if (!proof.ok()) {
      ReportError(ctx, proof.status(), what);
      return kExitUnavailable;
    }
    if (absl::Status ok = merkle::VerifyInclusion(
            step.index, checkpoint->size, leaf_hashes[step.index], *proof, checkpoint->root);
        !ok.ok()) {
      std::cerr << "ledgerctl: " << what << ": INTEGRITY FAILURE: the server's inclusion proof "
                << "of entry " << step.index << " at tree size " << checkpoint->size
                << " does not verify: " << ok.message() << "\n";
      return kExitIntegrity;
    }
    proven.push_back(ProvenStep{.step = std::move(step), .proof = *std::move(proof)});
    if (f.proofs_dir.empty()) continue;
    absl::StatusOr<std::vector<std::string>> leaf =
        log.Entries(proven.back().step.index, proven.back().step.index + 1);
    if (!leaf.ok()) {
      ReportError(ctx, leaf.status(), what);
      return kExitUnavailable;
    }
    if (leaf->size() != 1 ||
        merkle::LeafHash(leaf->front()) != leaf_hashes[proven.back().step.index]) {
      std::cerr << "ledgerctl: " << what << ": INTEGRITY FAILURE: the server served entry "
                << proven.back().step.index << " with other bytes than a moment ago\n";
      return kExitIntegrity;
    }
    if (absl::Status w =
            WriteProofBundle(f.proofs_dir, proven.back(), report->checkpoint_note, leaf->front());
        !w.ok()) {
      return LocalError(w, what);
    }
  }

  if (ctx.flags().json) {
    std::cout << ToJson(*report, proven).dump() << "\n";
  } else {
    PrintTable(*report, proven);
    if (!f.proofs_dir.empty()) {
      std::cout << "wrote " << proven.size() << " proof bundle(s) to " << f.proofs_dir
                << "; check one offline with: ledgerctl proof verify --bundle " << f.proofs_dir
                << "/<index> --verifier-key '" << trust->key.verifier.VerifierKey() << "'\n";
    }
  }
  return kExitOk;
}

void AddCommonFlags(CLI::App* cmd, TraceFlags* f) {
  cmd->add_option("--verifier-key", f->verifier_key,
                  "the log's checkpoint verifier key, obtained out of band (default: the pinned "
                  "key, else the server's, trust on first use, with a warning)");
  cmd->add_option("--proofs", f->proofs_dir,
                  "also write each step's proof bundle to this directory as <index>.proof "
                  "(c2sp.org/tlog-proof@v1) and <index>.leaf, for `ledgerctl proof verify`");
  cmd->add_option("--threads", f->threads, "signature verification threads")->capture_default_str();
}

}  // namespace

void AddTraceCommands(CLI::App& app, Action* action) {
  CLI::App* group = app.add_subcommand(
      "trace",
      "follow the money: verify the whole log (as audit verify does), then list the entries of "
      "one asset's or one fund source's chain, fund receipt -> approval -> disbursements -> "
      "asset -> income -> distributions -> disposal -> reinvestment, each with its index and an "
      "inclusion proof checked against the verified checkpoint.\n"
      "  exit status: 0 traced, 1 nothing to trace, 2 integrity failure, 3 could not run");
  group->require_subcommand(1);

  auto af = std::make_shared<TraceFlags>();
  CLI::App* asset = group->add_subcommand(
      "asset",
      "the chain of one asset: the projects and receipts that paid for it, the assets it "
      "descends from, its management, income, distributions, disposal and reinvestment\n"
      "  example: ledgerctl --origin ledger.example.org/341721 trace asset GF-341721001001-01 "
      "--proofs proofs/");
  asset->add_option("code", af->subject, "the asset code (资产编号)")->required();
  AddCommonFlags(asset, af.get());
  asset->callback([action, af] {
    *action = [af](CliContext& ctx) { return Trace(ctx, TraceKind::kAsset, *af); };
  });

  auto ff = std::make_shared<TraceFlags>();
  CLI::App* fund = group->add_subcommand(
      "fund",
      "the chain of one fund source: its receipts, the projects approved from it and their "
      "payments from it, and the assets those formed with everything after them\n"
      "  example: ledgerctl --origin ledger.example.org/341721 trace fund central-linkage "
      "--year 2026");
  fund->add_option("source", ff->subject, "the fund source, e.g. central-linkage")->required();
  fund->add_option("--year", ff->year, "only receipts and approvals of this funds' year (资金年度)")
      ->check(CLI::Range(2000, 2099));
  AddCommonFlags(fund, ff.get());
  fund->callback([action, ff] {
    *action = [ff](CliContext& ctx) { return Trace(ctx, TraceKind::kFund, *ff); };
  });
}

}  // namespace ledger::ledgerctl
