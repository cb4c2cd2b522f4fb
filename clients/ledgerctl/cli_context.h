#ifndef CLIENTS_LEDGERCTL_CLI_CONTEXT_H_
#define CLIENTS_LEDGERCTL_CLI_CONTEXT_H_

// What every ledgerctl command shares: global flags, the connection, the signing key, exit codes
// and error printing.

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "clients/client/ledger_client.h"
#include "ledger/crypto/ed25519.h"

namespace ledger::ledgerctl {

// Exit codes (documented in --help).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUnavailable = 3;
inline constexpr int kExitUsage = 64;

struct GlobalFlags {
  std::string server = "127.0.0.1:50051";
  int timeout_ms = 10000;
  std::string origin;     // LEDGER_ORIGIN
  std::string key_path;   // LEDGER_KEY: the signing key file
  std::string principal;  // LEDGER_PRINCIPAL: who signs
  bool json = false;
};

class CliContext {
 public:
  explicit CliContext(const GlobalFlags& flags) : flags_(flags) {}
  const GlobalFlags& flags() const { return flags_; }
  // The client for flags().origin; the origin may be empty for commands that do not need it.
  client::LedgerClient& Client();
  // The signing key and principal, or an error naming the missing flag.
  absl::StatusOr<crypto::Ed25519PrivateKey> SigningKey() const;
  absl::Status RequireOrigin() const;
  absl::Status RequirePrincipal() const;

 private:
  GlobalFlags flags_;
  std::unique_ptr<client::LedgerClient> client_;
};

// Prints "ledgerctl: <what>: <message>" (with a hint for an unreachable server) and returns the
// exit code for the status.
int ReportError(const CliContext& ctx, const absl::Status& status, const std::string& what);

// For mistakes found before talking to the server (flags, key files): prints
// "ledgerctl: <what>: <message>" and returns kExitUsage.
int LocalError(const absl::Status& status, const std::string& what);

// Submits one signed entry and prints the outcome ("appended at index 12" / the rejection with
// its rule). Returns the exit code.
int SubmitAndReport(CliContext& ctx, const std::string& envelope, const std::string& what);

}  // namespace ledger::ledgerctl

#endif  // CLIENTS_LEDGERCTL_CLI_CONTEXT_H_
