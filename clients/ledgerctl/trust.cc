#include "clients/ledgerctl/trust.h"

#include <iostream>
#include <utility>
#include <vector>

#include "ledger/merkle/hash.h"

namespace ledger::ledgerctl {

std::optional<Trust> LoadTrust(CliContext& ctx, const std::string& given, const std::string& what,
                               int* exit_code) {
  absl::StatusOr<std::string> dir = ctx.StateDir();
  if (!dir.ok()) {
    *exit_code = LocalError(dir.status(), what);
    return std::nullopt;
  }
  client::TrustedStateStore store(*dir);
  absl::StatusOr<std::optional<client::TrustedCheckpoint>> trusted = store.Load(ctx.flags().origin);
  if (!trusted.ok()) {
    *exit_code = ReportError(ctx, trusted.status(), what + ": trusted state");
    return std::nullopt;
  }
  bool asked_server = false;
  absl::Status server_error;
  auto server_key = [&]() -> absl::StatusOr<std::string> {
    asked_server = true;
    absl::StatusOr<v1::LogInfo> info = ctx.Client().GetLogInfo();
    if (!info.ok()) {
      server_error = info.status();
      return info.status();
    }
    return info->verifier_key();
  };
  absl::StatusOr<client::ChosenKey> key =
      client::ChooseVerifierKey(*trusted, ctx.flags().origin, given, server_key);
  if (!key.ok()) {
    *exit_code = asked_server && !server_error.ok()
                     ? ReportError(ctx, server_error, what)
                     : LocalError(key.status(), what + ": verifier key");
    return std::nullopt;
  }
  return Trust{.store = std::move(store), .trusted = *std::move(trusted), .key = *std::move(key)};
}

void WarnIfTrustOnFirstUse(const Trust& trust, const std::string& what) {
  if (trust.key.source != client::KeySource::kServerFirstUse) return;
  std::cerr << "ledgerctl: " << what
            << ": WARNING: no --verifier-key given and no key pinned; trusting the key the server "
               "reports (trust on first use), so a server that lies about its key is not "
               "detected: "
            << trust.key.verifier.VerifierKey()
            << "\n  Pin the key obtained out of band with --verifier-key.\n";
}

std::optional<Trust> LoadOfflineTrust(CliContext& ctx, const std::string& origin,
                                      const std::string& given, const std::string& what,
                                      int* exit_code) {
  absl::StatusOr<std::string> dir = ctx.StateDir();
  if (!dir.ok()) {
    *exit_code = LocalError(dir.status(), what);
    return std::nullopt;
  }
  client::TrustedStateStore store(*dir);
  absl::StatusOr<std::optional<client::TrustedCheckpoint>> trusted = store.Load(origin);
  if (!trusted.ok()) {
    *exit_code = ReportError(ctx, trusted.status(), what + ": trusted state");
    return std::nullopt;
  }
  auto no_server = []() -> absl::StatusOr<std::string> {
    return absl::FailedPreconditionError(
        "no key is pinned for this log in the state directory: give --verifier-key, obtained "
        "out of band (the key written in a bundle is informative only and never trusted)");
  };
  absl::StatusOr<client::ChosenKey> key =
      client::ChooseVerifierKey(*trusted, origin, given, no_server);
  if (!key.ok()) {
    *exit_code = LocalError(key.status(), what + ": verifier key");
    return std::nullopt;
  }
  return Trust{.store = std::move(store), .trusted = *std::move(trusted), .key = *std::move(key)};
}

absl::StatusOr<client::AcceptResult> AcceptFromServer(CliContext& ctx, Trust& trust,
                                                      const std::string& note, bool allow_older) {
  const client::ConsistencyProofFetcher fetch =
      [&ctx](uint64_t from, uint64_t to) -> absl::StatusOr<std::vector<merkle::Hash>> {
    absl::StatusOr<v1::GetCheckpointResponse> r = ctx.Client().GetCheckpoint(to, from);
    if (!r.ok()) return r.status();
    std::vector<merkle::Hash> proof;
    for (const std::string& h : r->consistency_proof()) {
      absl::StatusOr<merkle::Hash> hash = merkle::HashFromBytes(h);
      if (!hash.ok()) return hash.status();
      proof.push_back(*hash);
    }
    return proof;
  };
  return Accept(trust, note, fetch, allow_older);
}

absl::StatusOr<client::AcceptResult> Accept(Trust& trust, const std::string& note,
                                            const client::ConsistencyProofFetcher& fetch,
                                            bool allow_older) {
  absl::StatusOr<client::AcceptResult> r = client::AcceptCheckpoint(
      trust.store, trust.key.verifier, note, fetch, {.allow_older = allow_older});
  if (!r.ok()) return r;
  const std::string path = trust.store.PathFor(r->checkpoint.origin);
  switch (r->outcome) {
    case client::Outcome::kPinned:
      std::cerr << "ledgerctl: pinned the log " << r->checkpoint.origin << " to the verifier key "
                << trust.key.verifier.VerifierKey()
                << (trust.key.source == client::KeySource::kServerFirstUse
                        ? " as the server reports it (trust on first use: compare it with a copy "
                          "obtained out of band)"
                        : " given with --verifier-key")
                << ", and trusted its checkpoint of size " << r->checkpoint.size << " (" << path
                << ")\n";
      break;
    case client::Outcome::kSecurityError:
      std::cerr << client::FormatSecurityError(*r->evidence);
      break;
    case client::Outcome::kUnchanged:
    case client::Outcome::kAdvanced:
    case client::Outcome::kOlderConsistent:
      break;
  }
  return r;
}

}  // namespace ledger::ledgerctl
