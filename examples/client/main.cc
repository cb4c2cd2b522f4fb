// Registers one principal in a county's log with the installed C++ client library, and checks
// that the log really appended it: the entry's inclusion proof is verified in a checkpoint signed
// with the log's key, which this program pins in its own trusted state directory.
//
//   ledger_client_example --server 127.0.0.1:50051 --origin ledger.example.org/341721 \
//       --key admin.key --principal admin --id fin-2 --state-dir /tmp/state
//
// Prints "appended at index N, verified in the checkpoint of size M" and exits 0; exits 2 when
// the log's answer does not verify, 1 on any other error.

#include <grpcpp/grpcpp.h>

#include <iostream>
#include <map>
#include <optional>
#include <string>

#include "clients/client/ledger_client.h"
#include "clients/client/trusted_state.h"
#include "clients/client/verified_submit.h"
#include "clients/entries/entry_builder.h"
#include "ledger/crypto/key_file.h"
#include "ledger/note/keys.h"
#include "ledger/v1/entry.pb.h"

namespace {

int Fail(const std::string& what, const absl::Status& status) {
  std::cerr << "ledger_client_example: " << what << ": " << status << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> flags;
  for (int i = 1; i + 1 < argc; i += 2) flags[argv[i]] = argv[i + 1];
  for (const char* required :
       {"--server", "--origin", "--key", "--principal", "--id", "--state-dir"}) {
    if (flags[required].empty()) {
      std::cerr << "usage: ledger_client_example --server HOST:PORT --origin ORIGIN --key FILE "
                   "--principal ID --id NEW_PRINCIPAL_ID --state-dir DIR\n";
      return 64;
    }
  }
  const std::string origin = flags["--origin"];
  namespace client = ledger::client;
  namespace v1 = ledger::v1;

  // Plaintext is for a ledgerd on this machine; use grpc::SslCredentials across a network.
  client::LedgerClient ledger(
      grpc::CreateChannel(flags["--server"], grpc::InsecureChannelCredentials()),
      {.origin = origin, .timeout_ms = 10000, .attempts_max = 5, .backoff_initial_ms = 50});
  absl::StatusOr<v1::LogInfo> info = ledger.GetLogInfo();
  if (!info.ok()) return Fail("GetLogInfo", info.status());
  std::cout << "log " << info->origin() << ", tree size " << info->tree_size() << "\n";

  // The key pinned before, or the one the server reports (trust on first use: a real program
  // should be given the key out of band).
  client::TrustedStateStore store(flags["--state-dir"]);
  absl::StatusOr<std::optional<client::TrustedCheckpoint>> trusted = store.Load(origin);
  if (!trusted.ok()) return Fail("trusted state", trusted.status());
  absl::StatusOr<client::ChosenKey> key = client::ChooseVerifierKey(
      *trusted, origin, "", [&] { return absl::StatusOr<std::string>(info->verifier_key()); });
  if (!key.ok()) return Fail("verifier key", key.status());

  // One entry: register a finance bureau, signed by --principal with --key.
  absl::StatusOr<ledger::crypto::Ed25519PrivateKey> signing_key =
      ledger::crypto::ReadPrivateKeyFile(flags["--key"]);
  if (!signing_key.ok()) return Fail("--key", signing_key.status());
  v1::RegisterPrincipal body;
  *body.mutable_header() =
      ledger::entries::MakeHeader(origin, flags["--principal"], ledger::entries::TodayInShanghai());
  v1::Principal* p = body.mutable_principal();
  p->set_principal_id(flags["--id"]);
  p->set_name("示例财政局");
  p->set_kind(v1::PRINCIPAL_KIND_FINANCE_BUREAU);
  p->set_scope(origin.substr(origin.rfind('/') + 1));
  p->add_roles(v1::ROLE_FUND_MANAGER);
  absl::StatusOr<std::string> envelope = ledger::entries::SignEntry(body, *signing_key);
  if (!envelope.ok()) return Fail("sign", envelope.status());

  absl::StatusOr<client::VerifiedSubmit> r =
      client::SubmitVerified(ledger, {*envelope}, store, key->verifier);
  if (!r.ok()) return Fail("submit", r.status());
  if (r->failure) {
    std::cerr << client::FormatSubmitIntegrityFailure(*r->failure);
    return 2;
  }
  const v1::SubmitResult& result = r->response.results(0);
  if (result.outcome() != v1::SubmitResult::OUTCOME_CREATED &&
      result.outcome() != v1::SubmitResult::OUTCOME_EXISTS) {
    std::cerr << "ledger_client_example: rejected (" << result.rule() << "): " << result.message()
              << "\n";
    return 1;
  }
  std::cout << "appended at index " << result.index() << ", verified in the checkpoint of size "
            << r->checkpoint.size << "\n";
  return 0;
}
