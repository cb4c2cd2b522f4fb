// ledgerctl audit verify: verify a whole log against a pinned checkpoint key, replay it and
// compare the server's figures (clients/audit/verify_log.h); or the same offline from an export
// bundle (clients/audit/bundle.h), without figures to compare.

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/audit/bundle.h"
#include "clients/audit/grpc_sources.h"
#include "clients/audit/verify_log.h"
#include "clients/entries/entry_builder.h"
#include "clients/ledgerctl/commands.h"
#include "clients/ledgerctl/progress.h"
#include "clients/ledgerctl/trust.h"
#include "ledger/merkle/hash.h"
#include "ledger/note/keys.h"
#include "nlohmann/json.hpp"

namespace ledger::ledgerctl {
namespace {

struct VerifyFlags {
  std::string verifier_key;
  std::string bundle;  // offline: the export bundle instead of the server
  size_t threads = std::thread::hardware_concurrency();
  size_t page_size = 1000;
};

nlohmann::json ToJson(const audit::AuditReport& r) {
  nlohmann::json out = {{"origin", r.origin},
                        {"tree_size", r.tree_size},
                        {"root", r.root_hex},
                        {"entries_checked", r.entries_checked},
                        {"signatures_verified", r.signatures_verified},
                        {"projections_compared", r.projections_compared},
                        {"projection_mismatches", r.projection_mismatches},
                        {"findings", r.findings},
                        {"findings_date", r.findings_date},
                        {"exit_status", audit::ExitStatus(r)},
                        {"timings_ms",
                         {{"checkpoint", r.timings.checkpoint_ms},
                          {"entries", r.timings.entries_ms},
                          {"projections", r.timings.projections_ms},
                          {"total", r.timings.total_ms}}}};
  if (!r.projections_note.empty()) out["projections_note"] = r.projections_note;
  if (r.failure) {
    nlohmann::json failure = {{"kind", std::string(audit::FailureKindName(r.failure->kind))},
                              {"message", r.failure->message}};
    if (r.failure->index) failure["index"] = *r.failure->index;
    out["failure"] = failure;
  } else {
    out["failure"] = nullptr;
  }
  return out;
}

void PrintSummary(const audit::AuditReport& r) {
  if (r.failure) {
    std::cout << "INTEGRITY FAILURE (" << audit::FailureKindName(r.failure->kind) << ")";
    if (r.failure->index) std::cout << " at index " << *r.failure->index;
    std::cout << ": " << r.failure->message << "\n";
    for (const std::string& m : r.projection_mismatches) std::cout << "  mismatch: " << m << "\n";
  } else {
    std::cout << "verified: " << r.origin << ", " << r.entries_checked << " entries at tree size "
              << r.tree_size << "\n";
  }
  if (!r.origin.empty()) std::cout << "root:                " << r.root_hex << "\n";
  std::cout << "entries checked:     " << r.entries_checked << "\n"
            << "signatures verified: " << r.signatures_verified << "\n";
  if (!r.failure || r.failure->kind == audit::FailureKind::kProjection) {
    std::cout << "projections:         "
              << (r.projections_compared
                      ? (r.projection_mismatches.empty()
                             ? std::string("equal to the replay")
                             : std::to_string(r.projection_mismatches.size()) + " mismatch(es)")
                      : r.projections_note)
              << "\n";
  }
  if (!r.failure) {
    std::cout << "findings:            " << r.findings << " as of " << r.findings_date
              << (r.findings > 0 ? " (see ledgerctl distribution findings)" : "") << "\n";
  }
  std::cout << "time:                " << r.timings.total_ms << " ms\n";
}

audit::AuditOptions Options(const VerifyFlags& f, ProgressBar& bar) {
  audit::AuditOptions options{.page_size = f.page_size,
                              .threads = f.threads,
                              .findings_date = entries::TodayInShanghai(),
                              .progress = {},
                              .on_entry = {}};
  if (ProgressBar::Enabled()) {
    options.progress = [&bar](uint64_t done, uint64_t total) { bar.Update(done, total); };
  }
  return options;
}

// A security error of the trusted state is an integrity failure of kind consistency.
void SetConsistencyFailure(const client::AcceptResult& accepted, audit::AuditReport& report) {
  if (accepted.outcome != client::Outcome::kSecurityError) return;
  report.failure = audit::Failure{
      .kind = audit::FailureKind::kConsistency,
      .index = std::nullopt,
      .message = absl::StrCat("the log ", accepted.evidence->origin,
                              " misbehaved: ", accepted.evidence->reason, " (evidence on stderr)")};
}

// The report on stdout (a summary, or JSON with "bundle" set when read offline); the exit status.
int Print(const CliContext& ctx, const audit::AuditReport& report, const std::string& bundle) {
  if (ctx.flags().json) {
    nlohmann::json out = ToJson(report);
    out["bundle"] = bundle.empty() ? nlohmann::json(nullptr) : nlohmann::json(bundle);
    std::cout << out.dump() << "\n";
  } else {
    if (!bundle.empty()) std::cout << "bundle:              " << bundle << " (offline)\n";
    PrintSummary(report);
  }
  return audit::ExitStatus(report);
}

int VerifyBundle(CliContext& ctx, const VerifyFlags& f);

int Verify(CliContext& ctx, const VerifyFlags& f) {
  if (!f.bundle.empty()) return VerifyBundle(ctx, f);
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, "audit verify");
  int exit_code = kExitFailure;
  std::optional<Trust> trust = LoadTrust(ctx, f.verifier_key, "audit verify", &exit_code);
  if (!trust) return exit_code;
  WarnIfTrustOnFirstUse(*trust, "audit verify");
  const note::NoteVerifier& key = trust->key.verifier;

  audit::GrpcLogSource log(ctx.Client());
  audit::GrpcProjectionSource projections(ctx.Client(), ctx.Channel());
  ProgressBar bar("entries");
  absl::StatusOr<audit::AuditReport> report =
      audit::VerifyLog(log, &projections, key, Options(f, bar));
  if (!report.ok()) {
    // The audit could not run: not a verdict on the log.
    ReportError(ctx, report.status(), "audit verify");
    return kExitUnavailable;
  }
  // The audited checkpoint must extend the trusted one; when the audit found nothing wrong with
  // the log, it becomes the trusted one.
  if (!report->failure) {
    absl::StatusOr<client::AcceptResult> accepted =
        AcceptFromServer(ctx, *trust, report->checkpoint_note);
    if (!accepted.ok()) {
      ReportError(ctx, accepted.status(), "audit verify: trusted state");
      return kExitUnavailable;
    }
    SetConsistencyFailure(*accepted, *report);
  }
  return Print(ctx, *report, "");
}

// Offline: the bundle's checkpoint is checked against the trusted state when the bundle can
// show it (its tree is at least as large as the trusted one: the consistency proof is computed
// from its own leaves), and then becomes the trusted checkpoint if larger. A bundle older than
// the trusted checkpoint is verified on its own; the trusted state is never rolled back.
int VerifyBundle(CliContext& ctx, const VerifyFlags& f) {
  absl::StatusOr<std::unique_ptr<audit::BundleSource>> bundle = audit::BundleSource::Open(f.bundle);
  if (!bundle.ok()) {
    std::cerr << "ledgerctl: audit verify: " << bundle.status().message() << "\n";
    return kExitUnavailable;
  }
  const std::string& origin = (*bundle)->origin();
  if (!ctx.flags().origin.empty() && ctx.flags().origin != origin) {
    return LocalError(
        absl::InvalidArgumentError(absl::StrCat("the bundle ", f.bundle, " is of the log ", origin,
                                                ", not of --origin ", ctx.flags().origin)),
        "audit verify");
  }
  int exit_code = kExitFailure;
  std::optional<Trust> trust =
      LoadOfflineTrust(ctx, origin, f.verifier_key, "audit verify", &exit_code);
  if (!trust) return exit_code;

  ProgressBar bar("entries");
  absl::StatusOr<audit::AuditReport> report =
      audit::VerifyLog(**bundle, nullptr, trust->key.verifier, Options(f, bar));
  if (!report.ok()) {
    // A damaged bundle file (or one that cannot be read): not a verdict on the log.
    std::cerr << "ledgerctl: audit verify: " << report.status().message() << "\n";
    return kExitUnavailable;
  }
  report->projections_note =
      "not compared (offline: a bundle carries no server figures; the replay checked every "
      "entry)";
  if (!report->failure) {
    if (trust->trusted && report->tree_size < trust->trusted->checkpoint.size) {
      std::cerr << "ledgerctl: audit verify: the bundle's checkpoint (size " << report->tree_size
                << ") is older than the trusted one (size " << trust->trusted->checkpoint.size
                << ", " << trust->store.PathFor(origin)
                << "): its consistency with it cannot be checked offline (the bundle has no "
                   "entries beyond its size); the trusted state is unchanged\n";
    } else {
      std::vector<merkle::Hash> hashes;
      if (trust->trusted && report->tree_size > trust->trusted->checkpoint.size) {
        absl::StatusOr<std::vector<merkle::Hash>> read = (*bundle)->LeafHashes();
        if (!read.ok()) {
          std::cerr << "ledgerctl: audit verify: " << read.status().message() << "\n";
          return kExitUnavailable;
        }
        hashes = *std::move(read);
      }
      const client::ConsistencyProofFetcher local = [&hashes](uint64_t from, uint64_t to) {
        return audit::LocalConsistencyProof(hashes, from, to);
      };
      absl::StatusOr<client::AcceptResult> accepted =
          Accept(*trust, report->checkpoint_note, local);
      if (!accepted.ok()) {
        ReportError(ctx, accepted.status(), "audit verify: trusted state");
        return kExitUnavailable;
      }
      SetConsistencyFailure(*accepted, *report);
    }
  }
  return Print(ctx, *report, f.bundle);
}

}  // namespace

void AddAuditCommands(CLI::App& app, Action* action) {
  CLI::App* group = app.add_subcommand("audit", "verify a whole log as an auditor");
  group->require_subcommand(0, 1);
  auto vf = std::make_shared<VerifyFlags>();
  CLI::App* verify = group->add_subcommand(
      "verify",
      "check the latest checkpoint's signature with the pinned key, every leaf and the root, "
      "every entry's signatures against the keys valid at its index, a replay of the state "
      "machine from genesis, and the server's balances and totals against the replay; then "
      "that the checkpoint extends the one trusted before (--state-dir), which it replaces when "
      "the log verified (a fork or rollback prints SECURITY ERROR with the evidence).\n"
      "  exit status: 0 clean, 1 rule findings only, 2 integrity failure (the kind and first bad "
      "index are printed), 3 the audit could not run, 64 a bad command line (also a "
      "--verifier-key that differs from the pinned key)\n"
      "  example: ledgerctl --origin ledger.example.org/341721 audit verify --verifier-key "
      "'ledger.example.org/341721+89ecd58e+AUJu...' --json\n"
      "  offline: ledgerctl audit verify --bundle 341721.bundle --verifier-key "
      "'ledger.example.org/341721+89ecd58e+AUJu...'");
  verify->add_option("--verifier-key", vf->verifier_key,
                     "the log's checkpoint verifier key, obtained out of band; pinned when the "
                     "trusted state has none, refused when it differs from the pinned one "
                     "(default: the pinned key, else the one the server reports, trust on first "
                     "use, with a warning)");
  verify->add_option("--bundle", vf->bundle,
                     "verify offline an export bundle written by `ledgerctl export bundle` "
                     "(docs/FORMATS.md §15) instead of the server: every check but the server's "
                     "figures; --verifier-key is required unless a key is pinned for its log");
  verify->add_option("--threads", vf->threads, "signature verification threads")
      ->capture_default_str();
  verify->add_option("--page-size", vf->page_size, "entries read per call")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  verify->callback([action, vf] { *action = [vf](CliContext& ctx) { return Verify(ctx, *vf); }; });
}

}  // namespace ledger::ledgerctl
