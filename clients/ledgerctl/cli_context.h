#ifndef CLIENTS_LEDGERCTL_CLI_CONTEXT_H_
#define CLIENTS_LEDGERCTL_CLI_CONTEXT_H_

// What every ledgerctl command shares: global flags, the connection, the signing key, exit codes
// and error printing.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "clients/client/ledger_client.h"
#include "clients/ledgerctl/profiles.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "ledger/crypto/ed25519.h"
#include "ledger/v1/entry.pb.h"

namespace ledger::ledgerctl {

// Exit codes (documented in --help).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
// A proof or signature did not verify, or the log contradicts the trusted state (distinct from
// "could not run").
inline constexpr int kExitIntegrity = 2;
inline constexpr int kExitUnavailable = 3;
inline constexpr int kExitUsage = 64;

// The settings of one run. Those with a profile key (profiles.h) are resolved flag > env >
// profile > built-in default before the command runs (ApplyProfileSettings).
struct GlobalFlags {
  std::string server = "127.0.0.1:50051";
  int timeout_ms = 10000;
  std::string origin;     // LEDGER_ORIGIN
  std::string key_path;   // LEDGER_KEY: the signing key file
  std::string principal;  // LEDGER_PRINCIPAL: who signs
  bool json = false;
  std::string business_date;  // LEDGER_BUSINESS_DATE: header.business_date; empty: today
  std::string state_dir;      // LEDGER_STATE_DIR: the trusted state; empty: the default
  // TLS: the server's CA turns TLS on; a client certificate and its key for mutual TLS.
  std::string tls_ca;    // LEDGER_TLS_CA
  std::string tls_cert;  // LEDGER_TLS_CERT
  std::string tls_key;   // LEDGER_TLS_KEY (mode 0600)
  // Without TLS, only loopback servers are allowed unless this is set.
  bool insecure_plaintext = false;
  std::string profile;        // --profile (LEDGER_PROFILE is read with the other variables)
  std::string profiles_file;  // --profiles-file
  // How the settings were resolved (for `profile show`), and what it takes to do it again.
  ResolveInput settings_input;
  Resolution settings;
};

// The gRPC credentials for `flags`: TLS when tls_ca is set (with the client certificate when
// tls_cert/tls_key are), plaintext otherwise. kInvalidArgument for plaintext to a server that
// is not loopback without insecure_plaintext, for a certificate without its key (or the other
// way round) and for a client certificate without tls_ca; the file errors of reading the CA,
// certificate and key (the key must have mode 0600 or stricter: kPermissionDenied naming it).
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFor(
    const GlobalFlags& flags);

class CliContext {
 public:
  explicit CliContext(const GlobalFlags& flags) : flags_(flags) {}
  const GlobalFlags& flags() const { return flags_; }
  // The one channel to flags().server, shared by every stub of this run, with the credentials
  // of ChannelCredentialsFor. When those cannot be made (plaintext to a remote server, a TLS
  // file missing or readable by others), prints why and exits with kExitUsage: every command
  // that talks to the server stops there, and those that do not are unaffected.
  std::shared_ptr<grpc::Channel> Channel();
  // The client for flags().origin; the origin may be empty for commands that do not need it.
  client::LedgerClient& Client();
  // The signing key and principal, or an error naming the missing flag.
  absl::StatusOr<crypto::Ed25519PrivateKey> SigningKey() const;
  absl::Status RequireOrigin() const;
  // flags().state_dir, or client::DefaultStateDir() when it is empty.
  absl::StatusOr<std::string> StateDir() const;
  absl::Status RequirePrincipal() const;

 private:
  GlobalFlags flags_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<client::LedgerClient> client_;
};

// Prints "ledgerctl: <what>: <message>" (with a hint for an unreachable server) and returns the
// exit code for the status.
int ReportError(const CliContext& ctx, const absl::Status& status, const std::string& what);

// For mistakes found before talking to the server (flags, key files): prints
// "ledgerctl: <what>: <message>" and returns kExitUsage.
int LocalError(const absl::Status& status, const std::string& what);

// Prints `m` as one line of JSON (proto field names).
void PrintJson(const google::protobuf::Message& m);

// A batch as the log answered it.
struct Submitted {
  v1::SubmitResponse response;  // one result per envelope, in order
  // The size of the checkpoint in which every appended entry of the batch was verified, or 0
  // when the batch was not verified (no key pinned for the origin, see SubmitBatch).
  uint64_t verified_size = 0;
};

// Submits `envelopes` as one batch (retrying transient failures with the same bytes). When a key
// is pinned for the origin in the trusted state directory (by `ledgerctl checkpoint`, `audit
// verify`, ...), the entries are submitted with proofs and verified (client::SubmitVerified): in
// a checkpoint signed with the pinned key that extends the trusted one, which then advances.
// Without a pinned key nothing is pinned: a write does not choose the log's key.
// On failure prints what went wrong and returns nullopt with the exit code in `*exit_code`:
// kExitIntegrity with the SECURITY ERROR and its evidence when the answer does not verify,
// ReportError's code otherwise.
std::optional<Submitted> SubmitBatch(CliContext& ctx, const std::vector<std::string>& envelopes,
                                     const std::string& what, int* exit_code);

// Prints the outcome of one submitted entry ("<what>: appended at index 12 (entry id ...)", then
// ", verified in the checkpoint of size 13" when verified_size > 0; a line of JSON with --json;
// or the rejection with its rule on stderr). Returns the exit code.
int ReportResult(const CliContext& ctx, const v1::SubmitResult& r, const std::string& what,
                 uint64_t verified_size = 0);

// Submits one signed entry with SubmitBatch and prints the outcome ("appended at index 12" / the
// rejection with its rule). Returns the exit code.
int SubmitAndReport(CliContext& ctx, const std::string& envelope, const std::string& what);

// Sets a fresh header (dated today in Shanghai, correcting `corrects` if not empty) on `body`
// through `header` and signs it with the global --key as the global --principal; the envelope.
// kInvalidArgument (or the key file's error) when the origin, principal or key is missing.
absl::StatusOr<std::string> SignBody(CliContext& ctx, google::protobuf::Message& body,
                                     v1::EntryHeader* header, const std::string& corrects = "");

// Signs `body` with the global --key as the global --principal (a fresh header dated today in
// Shanghai, correcting the entry `corrects` if not empty) and submits it with SubmitAndReport.
int SignAndSubmit(CliContext& ctx, google::protobuf::Message& body, v1::EntryHeader* header,
                  const std::string& what, const std::string& corrects = "");

// Enum values as command-line words: "PRINCIPAL_KIND_VILLAGE_COMMITTEE" <-> "village-committee"
// (with prefix "PRINCIPAL_KIND_").
std::string EnumWord(const std::string& name, const std::string& prefix);

// The value of `d` (other than 0) whose word is `word`, or an error listing the words.
template <typename Enum>
absl::StatusOr<Enum> ParseEnumWord(const google::protobuf::EnumDescriptor* d,
                                   const std::string& prefix, const std::string& word) {
  std::vector<std::string> words;
  for (int i = 0; i < d->value_count(); ++i) {
    if (d->value(i)->number() == 0) continue;
    std::string w = EnumWord(d->value(i)->name(), prefix);
    if (w == word) return static_cast<Enum>(d->value(i)->number());
    words.push_back(w);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown value \"", word, "\"; use one of: ", absl::StrJoin(words, ", ")));
}

}  // namespace ledger::ledgerctl

#endif  // CLIENTS_LEDGERCTL_CLI_CONTEXT_H_
