#ifndef CLIENTS_LEDGERCTL_TRUST_H_
#define CLIENTS_LEDGERCTL_TRUST_H_

// The trusted state (clients/client/trusted_state.h) as ledgerctl's commands use it: the key
// chosen from the state, --verifier-key or the server; checkpoints accepted with proofs fetched
// from the server; the messages a user sees when a key is pinned and when the log misbehaves.

#include <string>

#include "absl/status/statusor.h"
#include "clients/client/trusted_state.h"
#include "clients/ledgerctl/cli_context.h"
#include "ledger/note/keys.h"

namespace ledger::ledgerctl {

// The trusted state of ctx's origin and the key that verifies its checkpoints.
struct Trust {
  client::TrustedStateStore store;
  std::optional<client::TrustedCheckpoint> trusted;
  client::ChosenKey key;
};

// Loads the trusted state and chooses the key (ChooseVerifierKey; the server's GetLogInfo only
// when there is no state and no `given` key). On failure prints "ledgerctl: <what>: ..." and
// returns the exit code in `*exit_code`: kExitUsage for a key that contradicts the pinned one
// or a bad key or state directory, 1 for a damaged state file, ReportError's for the server.
std::optional<Trust> LoadTrust(CliContext& ctx, const std::string& given, const std::string& what,
                               int* exit_code);

// When the key was taken from the server (trust on first use), warns on stderr that a server
// lying about its key would not be detected, naming the key and --verifier-key.
void WarnIfTrustOnFirstUse(const Trust& trust, const std::string& what);

// LoadTrust for a log read offline (an export bundle of `origin`): the pinned key, else `given`;
// with neither, a usage error (kExitUsage) asking for --verifier-key, because offline there is
// no server to ask and a bundle's own key is never trusted.
std::optional<Trust> LoadOfflineTrust(CliContext& ctx, const std::string& origin,
                                      const std::string& given, const std::string& what,
                                      int* exit_code);

// AcceptCheckpoint of `note` (already verified with trust.key by the caller), fetching proofs
// with GetCheckpoint{to, consistency_from: from}. Prints on stderr the pinning message (first
// use), or the SECURITY ERROR with its evidence. Errors are AcceptCheckpoint's or the server's.
absl::StatusOr<client::AcceptResult> AcceptFromServer(CliContext& ctx, Trust& trust,
                                                      const std::string& note,
                                                      bool allow_older = false);

// The same with proofs from `fetch` (e.g. computed locally from an export bundle's leaves).
absl::StatusOr<client::AcceptResult> Accept(Trust& trust, const std::string& note,
                                            const client::ConsistencyProofFetcher& fetch,
                                            bool allow_older = false);

}  // namespace ledger::ledgerctl

#endif  // CLIENTS_LEDGERCTL_TRUST_H_
