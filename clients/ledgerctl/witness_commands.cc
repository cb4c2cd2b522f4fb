// ledgerctl witness init|cosign|run: a witness that cosigns a log's checkpoints once it has
// verified that each extends the last one it cosigned (clients/client/witness.h), and the
// --witness flags of the commands that require witnesses' cosignatures (witness_cli.h).

#include <pthread.h>
#include <signal.h>

#include <cerrno>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "clients/client/witness.h"
#include "clients/ledgerctl/commands.h"
#include "clients/ledgerctl/trust.h"
#include "clients/ledgerctl/witness_cli.h"
#include "ledger/crypto/sha256.h"
#include "ledger/note/checkpoint.h"
#include "nlohmann/json.hpp"

namespace ledger::ledgerctl {
namespace {

struct WitnessDirFlag {
  std::string dir;  // LEDGER_WITNESS_DIR; empty: <state dir>/witness
};

struct CosignFlags {
  std::string verifier_key;
  int interval_s = 60;
};

absl::StatusOr<std::string> WitnessDirOf(const CliContext& ctx, const WitnessDirFlag& f) {
  if (!f.dir.empty()) return f.dir;
  absl::StatusOr<std::string> state = ctx.StateDir();
  if (!state.ok()) return state.status();
  return (std::filesystem::path(*state) / "witness").string();
}

int Init(CliContext& ctx, const WitnessDirFlag& f, const std::string& name) {
  absl::StatusOr<std::string> path = WitnessDirOf(ctx, f);
  if (!path.ok()) return LocalError(path.status(), "witness init");
  client::WitnessDir dir(*path);
  absl::StatusOr<note::CosignatureSigner> me = dir.Init(name);
  if (!me.ok()) return LocalError(me.status(), "witness init");
  if (ctx.flags().json) {
    std::cout << nlohmann::json{{"name", me->name()},
                                {"verifier_key", me->VerifierKey()},
                                {"key_file", dir.KeyPath()}}
                     .dump()
              << "\n";
  } else {
    std::cout << me->VerifierKey() << "\n";
  }
  std::cerr << "created the witness key " << dir.KeyPath()
            << " (mode 0600); give the verifier key above to the clients that count on this "
               "witness (--witness)\n";
  return kExitOk;
}

// One round for ctx's log: fetch the latest checkpoint, verify it, cosign it if it extends the
// one cosigned before, submit and record the cosignature. The exit code: kExitIntegrity for a
// checkpoint that does not verify or a SECURITY ERROR, kExitUsage for a bad witness setup.
int Round(CliContext& ctx, client::WitnessDir& dir, const note::CosignatureSigner& me,
          const CosignFlags& f, const std::string& what) {
  absl::StatusOr<client::WitnessDir::Lock> lock = dir.LockRounds();
  if (!lock.ok()) return ReportError(ctx, lock.status(), what);
  int exit_code = kExitFailure;
  std::optional<Trust> trust = LoadTrustFrom(ctx, dir.logs(), f.verifier_key, what, &exit_code);
  if (!trust) return exit_code;
  const note::NoteVerifier& log_key = trust->key.verifier;
  absl::StatusOr<v1::GetCheckpointResponse> cp = ctx.Client().GetCheckpoint(0, 0);
  if (!cp.ok()) return ReportError(ctx, cp.status(), what);
  absl::StatusOr<note::Checkpoint> opened = note::OpenCheckpoint(cp->checkpoint(), log_key);
  if (!opened.ok()) {
    std::cerr << "ledgerctl: " << what << ": the checkpoint does not verify with the key "
              << log_key.VerifierKey() << ": " << opened.status().message()
              << "; nothing cosigned\n";
    return kExitIntegrity;
  }
  const uint64_t now_s = static_cast<uint64_t>(std::time(nullptr));
  absl::StatusOr<client::RoundResult> round = client::CosignRound(
      trust->store, log_key, me, cp->checkpoint(), ServerProofFetcher(ctx), now_s);
  if (!round.ok()) return ReportError(ctx, round.status(), what + ": witness state");
  ReportAcceptance(*trust, round->accepted);
  const note::Checkpoint& checkpoint = round->accepted.checkpoint;
  nlohmann::json out = {{"origin", checkpoint.origin},
                        {"tree_size", checkpoint.size},
                        {"root_hash", crypto::ToHex(crypto::AsStringView(checkpoint.root))},
                        {"witness", me.VerifierKey()}};
  if (round->accepted.trusted) out["previous_size"] = round->accepted.trusted->size;
  switch (round->outcome) {
    case client::RoundOutcome::kSecurityError:
      std::cerr << "ledgerctl: " << what << ": refused to cosign: the log " << checkpoint.origin
                << " contradicts the checkpoint this witness verified before (evidence above)\n";
      return kExitIntegrity;
    case client::RoundOutcome::kAlreadyCosigned:
      out["outcome"] = "already-cosigned";
      if (ctx.flags().json) {
        std::cout << out.dump() << "\n";
      } else {
        std::cout << "already cosigned " << checkpoint.origin << " at size " << checkpoint.size
                  << "\n";
      }
      return kExitOk;
    case client::RoundOutcome::kCosigned:
      break;
  }
  absl::StatusOr<v1::AddCosignatureResponse> added =
      ctx.Client().AddCosignature(me.VerifierKey(), round->cosigned_note);
  if (!added.ok()) return ReportError(ctx, added.status(), what + ": submitting the cosignature");
  if (absl::Status s = client::RecordCosigned(trust->store, log_key, round->cosigned_note);
      !s.ok()) {
    return ReportError(ctx, s, what + ": recording the cosignature");
  }
  out["outcome"] = "cosigned";
  out["timestamp"] = round->timestamp_s;
  out["stored"] = added->stored();
  if (ctx.flags().json) {
    std::cout << out.dump() << "\n";
  } else {
    std::cout << "cosigned " << checkpoint.origin << " at size " << checkpoint.size << " (root "
              << crypto::ToHex(crypto::AsStringView(checkpoint.root)) << ")";
    if (round->accepted.trusted) {
      std::cout << ", consistent with size " << round->accepted.trusted->size;
    }
    std::cout << (added->stored() ? "" : "; the server kept this witness's earlier cosignature")
              << "\n";
  }
  return kExitOk;
}

// The witness's key, or an exit code in `*exit_code`.
std::optional<client::WitnessDir> OpenWitness(CliContext& ctx, const WitnessDirFlag& f,
                                              const std::string& what,
                                              std::optional<note::CosignatureSigner>* me,
                                              int* exit_code) {
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) {
    *exit_code = LocalError(s, what);
    return std::nullopt;
  }
  absl::StatusOr<std::string> path = WitnessDirOf(ctx, f);
  if (!path.ok()) {
    *exit_code = LocalError(path.status(), what);
    return std::nullopt;
  }
  client::WitnessDir dir(*path);
  absl::StatusOr<note::CosignatureSigner> key = dir.LoadKey();
  if (!key.ok()) {
    *exit_code = LocalError(key.status(), what);
    return std::nullopt;
  }
  *me = *std::move(key);
  return dir;
}

int Cosign(CliContext& ctx, const WitnessDirFlag& d, const CosignFlags& f) {
  std::optional<note::CosignatureSigner> me;
  int exit_code = kExitFailure;
  std::optional<client::WitnessDir> dir = OpenWitness(ctx, d, "witness cosign", &me, &exit_code);
  if (!dir) return exit_code;
  return Round(ctx, *dir, *me, f, "witness cosign");
}

// Rounds every f.interval_s seconds until SIGINT or SIGTERM. A round that cannot run (server
// unreachable, a failed call) is reported and the next one tried; a SECURITY ERROR, a
// checkpoint that does not verify or a bad setup stops the witness with that exit code.
int Run(CliContext& ctx, const WitnessDirFlag& d, const CosignFlags& f) {
  // Blocked before any gRPC thread exists (they inherit the mask), so the signals wait for
  // sigtimedwait below instead of killing the process in the middle of a round.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  std::optional<note::CosignatureSigner> me;
  int exit_code = kExitFailure;
  std::optional<client::WitnessDir> dir = OpenWitness(ctx, d, "witness run", &me, &exit_code);
  if (!dir) return exit_code;
  std::cerr << "ledgerctl: witness run: " << me->VerifierKey() << " watching " << ctx.flags().origin
            << " at " << ctx.flags().server << " every " << f.interval_s << " s (state in "
            << dir->dir() << "); stop with Ctrl-C or SIGTERM\n";
  for (;;) {
    const int code = Round(ctx, *dir, *me, f, "witness run");
    if (code == kExitIntegrity || code == kExitUsage) return code;
    std::cout.flush();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(f.interval_s);
    for (;;) {
      const auto left = deadline - std::chrono::steady_clock::now();
      if (left <= std::chrono::nanoseconds::zero()) break;
      const auto left_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
      timespec wait{.tv_sec = static_cast<time_t>(left_ns / 1'000'000'000),
                    .tv_nsec = static_cast<long>(left_ns % 1'000'000'000)};
      const int sig = sigtimedwait(&stop, nullptr, &wait);
      if (sig == SIGINT || sig == SIGTERM) {
        std::cerr << "ledgerctl: witness run: stopped by " << (sig == SIGINT ? "SIGINT" : "SIGTERM")
                  << "\n";
        return kExitOk;
      }
      if (sig < 0 && errno != EINTR && errno != EAGAIN) break;
    }
  }
}

}  // namespace

void AddWitnessFlags(CLI::App* command, WitnessFlags* flags) {
  command->add_option("--witness", flags->keys,
                      "a witness whose cosignature counts, by its verifier key "
                      "(<name>+<key id>+<base64>, printed by `witness init`); repeatable");
  command->add_option("--witnesses-required", flags->required,
                      "accept the checkpoint only if at least this many of the --witness "
                      "witnesses cosigned it (default: all of them); otherwise exit 2 naming who "
                      "cosigned and who did not");
}

absl::StatusOr<client::WitnessPolicy> WitnessPolicyOf(const WitnessFlags& flags) {
  std::optional<size_t> required;
  if (flags.required >= 0) required = static_cast<size_t>(flags.required);
  return client::MakeWitnessPolicy(flags.keys, required);
}

void AddWitnessCommands(CLI::App& app, Action* action) {
  CLI::App* group = app.add_subcommand(
      "witness",
      "run a witness: cosign a log's checkpoints after verifying that each one extends the one "
      "cosigned before, so that clients can require several independent witnesses (a server "
      "showing different logs to different people cannot get both cosigned)");
  group->require_subcommand(0, 1);
  auto d = std::make_shared<WitnessDirFlag>();
  group
      ->add_option("--witness-dir", d->dir,
                   "the witness's key and per-log state (default: <state dir>/witness)")
      ->envname("LEDGER_WITNESS_DIR");
  group->fallthrough();

  auto name = std::make_shared<std::string>();
  CLI::App* init = group->add_subcommand(
      "init",
      "create the witness key (witness.key, mode 0600, never overwritten) and print its "
      "verifier key for the clients that count on this witness\n"
      "  example: ledgerctl witness init --name witness.audit.example.org/1");
  init->add_option("--name", *name,
                   "the witness's name (a key name: no spaces, no '+'), e.g. a domain and path "
                   "of the organisation that runs it")
      ->required();
  init->callback(
      [action, d, name] { *action = [d, name](CliContext& ctx) { return Init(ctx, *d, *name); }; });

  auto f = std::make_shared<CosignFlags>();
  auto add_key_flag = [f](CLI::App* cmd) {
    cmd->add_option("--verifier-key", f->verifier_key,
                    "the log's checkpoint verifier key, obtained out of band; pinned on first "
                    "use (default: the pinned key, else the one the server reports)");
  };
  CLI::App* cosign = group->add_subcommand(
      "cosign",
      "one round: fetch the log's latest checkpoint, verify its signature with the pinned key "
      "and its consistency with the checkpoint this witness verified before, cosign it (C2SP "
      "tlog-cosignature, now) and submit the cosignature to the server. A fork or a rollback "
      "prints SECURITY ERROR with both checkpoints and the proof, cosigns nothing and exits 2\n"
      "  example: ledgerctl --origin ledger.example.org/341721 witness cosign");
  add_key_flag(cosign);
  cosign->callback(
      [action, d, f] { *action = [d, f](CliContext& ctx) { return Cosign(ctx, *d, *f); }; });

  CLI::App* run = group->add_subcommand(
      "run",
      "cosign rounds every --interval seconds until SIGINT or SIGTERM (exit 0); a round that "
      "cannot reach the server is retried at the next one; a SECURITY ERROR stops it with exit 2\n"
      "  example: ledgerctl --origin ledger.example.org/341721 witness run --interval 60");
  add_key_flag(run);
  run->add_option("--interval", f->interval_s, "seconds between rounds")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  run->callback([action, d, f] { *action = [d, f](CliContext& ctx) { return Run(ctx, *d, *f); }; });
}

}  // namespace ledger::ledgerctl
