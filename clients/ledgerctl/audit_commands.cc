// ledgerctl audit verify: verify a whole log against a pinned checkpoint key, replay it and
// compare the server's figures (clients/audit/verify_log.h); or the same offline from an export
// bundle (clients/audit/bundle.h), without figures to compare. The verification itself
// (RunAudit, audit_cli.h) is shared with `audit report` and `export journal`.

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
#include "clients/ledgerctl/audit_cli.h"
#include "clients/ledgerctl/commands.h"
#include "clients/ledgerctl/progress.h"
#include "clients/ledgerctl/trust.h"
#include "clients/ledgerctl/witness_cli.h"
#include "ledger/merkle/hash.h"
#include "ledger/note/keys.h"
#include "ledger/note/note.h"
#include "nlohmann/json.hpp"

namespace ledger::ledgerctl {
namespace {}  // namespace

nlohmann::json AuditReportJson(const audit::AuditReport& r) {
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

void PrintIntegrityFailure(const audit::AuditReport& r, std::ostream& out) {
  out << "INTEGRITY FAILURE (" << audit::FailureKindName(r.failure->kind) << ")";
  if (r.failure->index) out << " at index " << *r.failure->index;
  out << ": " << r.failure->message << "\n";
  for (const std::string& m : r.projection_mismatches) out << "  mismatch: " << m << "\n";
}

void PrintAuditSummary(const audit::AuditReport& r, const std::string& findings_hint) {
  if (r.failure) {
    PrintIntegrityFailure(r, std::cout);
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
              << (r.findings > 0 ? findings_hint : "") << "\n";
  }
  std::cout << "time:                " << r.timings.total_ms << " ms\n";
}

namespace {

// The policy evaluated on a checkpoint note with cosignatures: who cosigned on stderr, and the
// failure (kind witness) when too few of the policy's witnesses did.
absl::StatusOr<std::optional<audit::Failure>> WitnessFailure(const client::WitnessPolicy& policy,
                                                             const std::string& cosigned_note) {
  absl::StatusOr<client::PolicyResult> r = client::EvaluateWitnessPolicy(cosigned_note, policy);
  if (!r.ok()) return r.status();
  std::cerr << client::DescribeWitnesses(*r, policy) << "\n";
  if (r->met) return std::nullopt;
  return audit::Failure{
      .kind = audit::FailureKind::kWitness,
      .index = std::nullopt,
      .message = absl::StrCat("not accepted: the checkpoint of size ", r->tree_size,
                              " is cosigned by ", r->cosigned, " of the ", policy.required,
                              " witnesses required (details on stderr)")};
}

// The witness policy on the audited checkpoint: the failure (kind witness) when the server does
// not serve enough of the policy's witnesses' cosignatures of exactly that checkpoint.
absl::StatusOr<std::optional<audit::Failure>> CheckWitnesses(CliContext& ctx,
                                                             const client::WitnessPolicy& policy,
                                                             const audit::AuditReport& report) {
  absl::StatusOr<v1::GetCheckpointResponse> cp =
      ctx.Client().GetCheckpoint(report.tree_size, 0, policy.VerifierKeys());
  if (!cp.ok()) return cp.status();
  absl::StatusOr<note::Note> served = note::ParseNote(cp->checkpoint());
  absl::StatusOr<note::Note> audited = note::ParseNote(report.checkpoint_note);
  if (!served.ok() || !audited.ok() || served->text != audited->text) {
    return audit::Failure{.kind = audit::FailureKind::kWitness,
                          .index = std::nullopt,
                          .message = absl::StrCat("the server served another checkpoint of size ",
                                                  report.tree_size, " with the cosignatures")};
  }
  return WitnessFailure(policy, cp->checkpoint());
}

audit::AuditOptions Options(const VerifyFlags& f, const std::string& findings_date,
                            ProgressBar& bar) {
  audit::AuditOptions options{.page_size = f.page_size,
                              .threads = f.threads,
                              .findings_date = findings_date,
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

// Offline: the bundle's checkpoint is checked against the trusted state when the bundle can
// show it (its tree is at least as large as the trusted one: the consistency proof is computed
// from its own leaves), and then becomes the trusted checkpoint if larger. A bundle older than
// the trusted checkpoint is verified on its own; the trusted state is never rolled back.
std::optional<audit::AuditReport> RunBundleAudit(CliContext& ctx, const VerifyFlags& f,
                                                 const std::string& findings_date,
                                                 const std::string& what,
                                                 std::unique_ptr<audit::Replay>* replay,
                                                 const client::WitnessPolicy& policy,
                                                 int* exit_code) {
  absl::StatusOr<std::unique_ptr<audit::BundleSource>> bundle = audit::BundleSource::Open(f.bundle);
  if (!bundle.ok()) {
    std::cerr << "ledgerctl: " << what << ": " << bundle.status().message() << "\n";
    *exit_code = kExitUnavailable;
    return std::nullopt;
  }
  const std::string& origin = (*bundle)->origin();
  if (!ctx.flags().origin.empty() && ctx.flags().origin != origin) {
    *exit_code = LocalError(
        absl::InvalidArgumentError(absl::StrCat("the bundle ", f.bundle, " is of the log ", origin,
                                                ", not of --origin ", ctx.flags().origin)),
        what);
    return std::nullopt;
  }
  std::optional<Trust> trust = LoadOfflineTrust(ctx, origin, f.verifier_key, what, exit_code);
  if (!trust) return std::nullopt;

  ProgressBar bar("entries");
  absl::StatusOr<audit::AuditReport> report = audit::VerifyLog(
      **bundle, nullptr, trust->key.verifier, Options(f, findings_date, bar), replay);
  if (!report.ok()) {
    // A damaged bundle file (or one that cannot be read): not a verdict on the log.
    std::cerr << "ledgerctl: " << what << ": " << report.status().message() << "\n";
    *exit_code = kExitUnavailable;
    return std::nullopt;
  }
  report->projections_note =
      "not compared (offline: a bundle carries no server figures; the replay checked every "
      "entry)";
  // The bundle's checkpoint carries the cosignatures the server served with it.
  if (!report->failure && !policy.empty()) {
    absl::StatusOr<std::optional<audit::Failure>> witnessed =
        WitnessFailure(policy, report->checkpoint_note);
    if (!witnessed.ok()) {
      std::cerr << "ledgerctl: " << what << ": witnesses: " << witnessed.status().message() << "\n";
      *exit_code = kExitUnavailable;
      return std::nullopt;
    }
    report->failure = *std::move(witnessed);
  }
  if (!report->failure) {
    if (trust->trusted && report->tree_size < trust->trusted->checkpoint.size) {
      std::cerr << "ledgerctl: " << what << ": the bundle's checkpoint (size " << report->tree_size
                << ") is older than the trusted one (size " << trust->trusted->checkpoint.size
                << ", " << trust->store.PathFor(origin)
                << "): its consistency with it cannot be checked offline (the bundle has no "
                   "entries beyond its size); the trusted state is unchanged\n";
    } else {
      std::vector<merkle::Hash> hashes;
      if (trust->trusted && report->tree_size > trust->trusted->checkpoint.size) {
        absl::StatusOr<std::vector<merkle::Hash>> read = (*bundle)->LeafHashes();
        if (!read.ok()) {
          std::cerr << "ledgerctl: " << what << ": " << read.status().message() << "\n";
          *exit_code = kExitUnavailable;
          return std::nullopt;
        }
        hashes = *std::move(read);
      }
      const client::ConsistencyProofFetcher local = [&hashes](uint64_t from, uint64_t to) {
        return audit::LocalConsistencyProof(hashes, from, to);
      };
      absl::StatusOr<client::AcceptResult> accepted =
          Accept(*trust, report->checkpoint_note, local);
      if (!accepted.ok()) {
        ReportError(ctx, accepted.status(), what + ": trusted state");
        *exit_code = kExitUnavailable;
        return std::nullopt;
      }
      SetConsistencyFailure(*accepted, *report);
    }
  }
  if (report->failure && replay != nullptr) replay->reset();
  return *std::move(report);
}

}  // namespace

std::optional<audit::AuditReport> RunAudit(CliContext& ctx, const VerifyFlags& f,
                                           const std::string& findings_date,
                                           const std::string& what,
                                           std::unique_ptr<audit::Replay>* replay, int* exit_code) {
  absl::StatusOr<client::WitnessPolicy> policy = WitnessPolicyOf(f.witnesses);
  if (!policy.ok()) {
    *exit_code = LocalError(policy.status(), what);
    return std::nullopt;
  }
  if (!f.bundle.empty()) {
    return RunBundleAudit(ctx, f, findings_date, what, replay, *policy, exit_code);
  }
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) {
    *exit_code = LocalError(s, what);
    return std::nullopt;
  }
  std::optional<Trust> trust = LoadTrust(ctx, f.verifier_key, what, exit_code);
  if (!trust) return std::nullopt;
  WarnIfTrustOnFirstUse(*trust, what);
  const note::NoteVerifier& key = trust->key.verifier;

  audit::GrpcLogSource log(ctx.Client());
  audit::GrpcProjectionSource projections(ctx.Client(), ctx.Channel());
  ProgressBar bar("entries");
  absl::StatusOr<audit::AuditReport> report =
      audit::VerifyLog(log, &projections, key, Options(f, findings_date, bar), replay);
  if (!report.ok()) {
    // The audit could not run: not a verdict on the log.
    ReportError(ctx, report.status(), what);
    *exit_code = kExitUnavailable;
    return std::nullopt;
  }
  // The audited checkpoint must carry the cosignatures the policy requires, and extend the
  // trusted one; when the audit found nothing wrong with the log, it becomes the trusted one.
  if (!report->failure && !policy->empty()) {
    absl::StatusOr<std::optional<audit::Failure>> witnessed = CheckWitnesses(ctx, *policy, *report);
    if (!witnessed.ok()) {
      ReportError(ctx, witnessed.status(), what + ": witnesses");
      *exit_code = kExitUnavailable;
      return std::nullopt;
    }
    report->failure = *std::move(witnessed);
  }
  if (!report->failure) {
    absl::StatusOr<client::AcceptResult> accepted =
        AcceptFromServer(ctx, *trust, report->checkpoint_note);
    if (!accepted.ok()) {
      ReportError(ctx, accepted.status(), what + ": trusted state");
      *exit_code = kExitUnavailable;
      return std::nullopt;
    }
    SetConsistencyFailure(*accepted, *report);
    if (report->failure && replay != nullptr) replay->reset();
  }
  return *std::move(report);
}

namespace {

int Verify(CliContext& ctx, const VerifyFlags& f) {
  int exit_code = kExitFailure;
  std::optional<audit::AuditReport> report =
      RunAudit(ctx, f, entries::TodayInShanghai(), "audit verify", nullptr, &exit_code);
  if (!report) return exit_code;
  if (ctx.flags().json) {
    nlohmann::json out = AuditReportJson(*report);
    out["bundle"] = f.bundle.empty() ? nlohmann::json(nullptr) : nlohmann::json(f.bundle);
    std::cout << out.dump() << "\n";
  } else {
    if (!f.bundle.empty()) std::cout << "bundle:              " << f.bundle << " (offline)\n";
    PrintAuditSummary(*report, " (see ledgerctl audit report)");
  }
  return audit::ExitStatus(*report);
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
      "the log verified (a fork or rollback prints SECURITY ERROR with the evidence); with "
      "--witness, that enough of those witnesses cosigned the audited checkpoint (kind "
      "witness).\n"
      "  exit status: 0 clean, 1 rule findings only, 2 integrity failure (the kind and first bad "
      "index are printed), 3 the audit could not run, 64 a bad command line (also a "
      "--verifier-key that differs from the pinned key)\n"
      "  example: ledgerctl --origin ledger.example.org/341721 audit verify --verifier-key "
      "'ledger.example.org/341721+89ecd58e+AUJu...' --json\n"
      "  offline: ledgerctl audit verify --bundle 341721.bundle --verifier-key "
      "'ledger.example.org/341721+89ecd58e+AUJu...'");
  AddVerifyFlags(verify, *vf);
  verify->callback([action, vf] { *action = [vf](CliContext& ctx) { return Verify(ctx, *vf); }; });
  AddAuditReportCommand(group, action);
}

void AddVerifyFlags(CLI::App* cmd, VerifyFlags& flags) {
  cmd->add_option("--verifier-key", flags.verifier_key,
                  "the log's checkpoint verifier key, obtained out of band; pinned when the "
                  "trusted state has none, refused when it differs from the pinned one "
                  "(default: the pinned key, else the one the server reports, trust on first "
                  "use, with a warning)");
  AddWitnessFlags(cmd, &flags.witnesses);
  cmd->add_option("--bundle", flags.bundle,
                  "verify offline an export bundle written by `ledgerctl export bundle` "
                  "(docs/FORMATS.md §15) instead of the server: every check but the server's "
                  "figures; --verifier-key is required unless a key is pinned for its log");
  cmd->add_option("--threads", flags.threads, "signature verification threads")
      ->capture_default_str();
  cmd->add_option("--page-size", flags.page_size, "entries read per call")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
}

}  // namespace ledger::ledgerctl
