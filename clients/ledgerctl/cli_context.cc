#include "clients/ledgerctl/cli_context.h"

#include <grpcpp/security/credentials.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/client/trusted_state.h"
#include "clients/client/verified_submit.h"
#include "clients/entries/entry_builder.h"
#include "clients/ledgerctl/wording.h"
#include "google/protobuf/util/json_util.h"
#include "ledger/crypto/key_file.h"
#include "ledger/crypto/sha256.h"
#include "ledger/note/keys.h"
#include "ledger/util/loopback.h"
#include "ledger/util/status_macros.h"

namespace ledger::ledgerctl {

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFor(
    const GlobalFlags& flags) {
  if (flags.tls_cert.empty() != flags.tls_key.empty()) {
    return absl::InvalidArgumentError(
        "--tls-cert and --tls-key go together: the client certificate and its private key");
  }
  if (flags.tls_ca.empty()) {
    if (!flags.tls_cert.empty()) {
      return absl::InvalidArgumentError(
          "a client certificate (--tls-cert) needs TLS: pass --tls-ca <the server's CA "
          "certificate>");
    }
    if (!flags.insecure_plaintext && !IsLoopbackTarget(flags.server)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "refusing plaintext gRPC to ", flags.server,
          ", which is not a loopback address: pass --tls-ca <the server's CA certificate> (and "
          "--tls-cert/--tls-key if it asks for a client certificate), or --insecure-plaintext "
          "to send keys' signatures and registry data in the clear anyway"));
    }
    return grpc::InsecureChannelCredentials();
  }
  grpc::SslCredentialsOptions options;
  LEDGER_ASSIGN_OR_RETURN(options.pem_root_certs,
                          crypto::ReadPublicFile(flags.tls_ca, "TLS CA file"));
  if (!flags.tls_cert.empty()) {
    LEDGER_ASSIGN_OR_RETURN(options.pem_cert_chain,
                            crypto::ReadPublicFile(flags.tls_cert, "TLS certificate"));
    LEDGER_ASSIGN_OR_RETURN(options.pem_private_key,
                            crypto::ReadSecretFile(flags.tls_key, "TLS private key"));
  }
  return grpc::SslCredentials(options);
}

std::shared_ptr<grpc::Channel> CliContext::Channel() {
  if (channel_ == nullptr) {
    absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
        ChannelCredentialsFor(flags_);
    if (!credentials.ok()) {
      std::cerr << "ledgerctl: " << credentials.status().message() << "\n";
      std::exit(kExitUsage);
    }
    channel_ = grpc::CreateChannel(flags_.server, *credentials);
  }
  return channel_;
}

client::LedgerClient& CliContext::Client() {
  if (client_ == nullptr) {
    client_ = std::make_unique<client::LedgerClient>(
        Channel(), client::ClientOptions{.origin = flags_.origin, .timeout_ms = flags_.timeout_ms});
  }
  return *client_;
}

absl::StatusOr<std::string> CliContext::StateDir() const {
  if (!flags_.state_dir.empty()) return flags_.state_dir;
  return client::DefaultStateDir();
}

absl::StatusOr<crypto::Ed25519PrivateKey> CliContext::SigningKey() const {
  if (flags_.key_path.empty()) {
    return absl::InvalidArgumentError(
        "no signing key: pass --key <file> or set LEDGER_KEY (create one with `ledgerctl key "
        "gen`)");
  }
  return crypto::ReadPrivateKeyFile(flags_.key_path);
}

absl::Status CliContext::RequireOrigin() const {
  if (flags_.origin.empty()) {
    return absl::InvalidArgumentError(
        "no log: pass --origin <prefix/county code> or set LEDGER_ORIGIN, e.g. "
        "--origin ledger.example.org/341721");
  }
  return absl::OkStatus();
}

absl::Status CliContext::RequirePrincipal() const {
  if (flags_.principal.empty()) {
    return absl::InvalidArgumentError(
        "no principal: pass --principal <id> or set LEDGER_PRINCIPAL (the organisation that "
        "signs)");
  }
  return absl::OkStatus();
}

int ReportError(const CliContext& ctx, const absl::Status& status, const std::string& what) {
  if (status.code() == absl::StatusCode::kUnavailable ||
      status.code() == absl::StatusCode::kDeadlineExceeded) {
    std::cerr << "ledgerctl: " << what << ": cannot reach ledgerd at " << ctx.flags().server << " ("
              << absl::StatusCodeToString(status.code()) << ": " << status.message()
              << ")\n  Is ledgerd running? Start it with scripts/run.sh, or pass --server."
              << (ctx.flags().tls_ca.empty()
                      ? " If ledgerd uses TLS, pass --tls-ca."
                      : " With TLS: is --tls-ca the CA that signed ledgerd's certificate, and "
                        "does ledgerd ask for a client certificate (--tls-cert, --tls-key)?")
              << "\n";
    return kExitUnavailable;
  }
  std::cerr << "ledgerctl: " << what << ": " << absl::StatusCodeToString(status.code()) << ": "
            << ForPeople(std::string(status.message())) << "\n";
  return kExitFailure;
}

void PrintJson(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(m, &out, options);
  std::cout << out << "\n";
}

int LocalError(const absl::Status& status, const std::string& what) {
  std::cerr << "ledgerctl: " << what << ": " << status.message() << "\n";
  return kExitUsage;
}

int ReportResult(const CliContext& ctx, const v1::SubmitResult& r, const std::string& what,
                 uint64_t verified_size) {
  switch (r.outcome()) {
    case v1::SubmitResult::OUTCOME_CREATED:
    case v1::SubmitResult::OUTCOME_EXISTS:
      if (ctx.flags().json) {
        std::cout << "{\"outcome\":\""
                  << (r.outcome() == v1::SubmitResult::OUTCOME_CREATED ? "created" : "exists")
                  << "\",\"index\":" << r.index() << ",\"entry_id\":\""
                  << crypto::ToHex(r.entry_id()) << "\",\"leaf_hash\":\""
                  << crypto::ToHex(r.leaf_hash()) << "\"}\n";
      } else {
        std::cout << what << ": "
                  << (r.outcome() == v1::SubmitResult::OUTCOME_CREATED ? "appended"
                                                                       : "already appended")
                  << " at index " << r.index() << " (entry id " << crypto::ToHex(r.entry_id())
                  << ")"
                  << (verified_size > 0
                          ? absl::StrCat(", verified in the checkpoint of size ", verified_size)
                          : std::string())
                  << "\n";
      }
      return kExitOk;
    case v1::SubmitResult::OUTCOME_CONFLICT:
      std::cerr << "ledgerctl: " << what << ": conflict: " << ForPeople(r.message()) << "\n";
      return kExitFailure;
    default: {
      // Rule messages start with their rule id ("R3: ..."), already shown in parentheses.
      std::string_view message = r.message();
      const std::string prefix = absl::StrCat(r.rule(), ": ");
      if (!r.rule().empty() && message.starts_with(prefix)) message.remove_prefix(prefix.size());
      std::cerr << "ledgerctl: " << what << ": rejected"
                << (r.rule().empty() ? std::string() : absl::StrCat(" (", r.rule(), ")")) << ": "
                << ForPeople(message) << "\n";
    }
      return kExitFailure;
  }
}

std::optional<Submitted> SubmitBatch(CliContext& ctx, const std::vector<std::string>& envelopes,
                                     const std::string& what, int* exit_code) {
  // The pinned key, if any. No state directory (neither HOME nor XDG_STATE_HOME nor
  // --state-dir) means nothing is pinned.
  std::optional<client::TrustedCheckpoint> trusted;
  std::optional<client::TrustedStateStore> store;
  if (absl::StatusOr<std::string> dir = ctx.StateDir(); dir.ok()) {
    store.emplace(*dir);
    absl::StatusOr<std::optional<client::TrustedCheckpoint>> loaded =
        store->Load(ctx.flags().origin);
    if (!loaded.ok()) {
      *exit_code = ReportError(ctx, loaded.status(), what + ": trusted state");
      return std::nullopt;
    }
    trusted = *std::move(loaded);
  }
  if (!trusted) {
    absl::StatusOr<v1::SubmitResponse> response = ctx.Client().Submit(envelopes);
    if (!response.ok()) {
      *exit_code = ReportError(ctx, response.status(), what);
      return std::nullopt;
    }
    if (static_cast<size_t>(response->results_size()) != envelopes.size()) {
      *exit_code = ReportError(
          ctx,
          absl::InternalError(absl::StrCat("the server returned ", response->results_size(),
                                           " results for ", envelopes.size(), " entries")),
          what);
      return std::nullopt;
    }
    return Submitted{.response = *std::move(response), .verified_size = 0};
  }
  // Load has checked that the key parses and verifies the stored checkpoint.
  absl::StatusOr<note::NoteVerifier> key = note::NoteVerifier::Parse(trusted->verifier_key);
  if (!key.ok()) {
    *exit_code = ReportError(ctx, key.status(), what + ": trusted state");
    return std::nullopt;
  }
  absl::StatusOr<client::VerifiedSubmit> r =
      client::SubmitVerified(ctx.Client(), envelopes, *store, *key);
  if (!r.ok()) {
    *exit_code = ReportError(ctx, r.status(), what);
    return std::nullopt;
  }
  if (r->failure) {
    std::cerr << client::FormatSubmitIntegrityFailure(*r->failure);
    std::cerr << "ledgerctl: " << what << ": the log's answer does not prove that the entries "
              << "were appended; do not rely on it\n";
    *exit_code = kExitIntegrity;
    return std::nullopt;
  }
  return Submitted{.response = std::move(r->response), .verified_size = r->checkpoint.size};
}

int SubmitAndReport(CliContext& ctx, const std::string& envelope, const std::string& what) {
  int exit_code = kExitOk;
  std::optional<Submitted> s = SubmitBatch(ctx, {envelope}, what, &exit_code);
  if (!s) return exit_code;
  return ReportResult(ctx, s->response.results(0), what, s->verified_size);
}

namespace {

absl::StatusOr<std::string> SignWith(const CliContext& ctx, const crypto::Ed25519PrivateKey& key,
                                     google::protobuf::Message& body, v1::EntryHeader* header,
                                     const std::string& corrects) {
  const std::string& date = ctx.flags().business_date;
  *header = entries::MakeHeader(ctx.flags().origin, ctx.flags().principal,
                                date.empty() ? entries::TodayInShanghai() : date);
  header->set_corrects(corrects);
  return entries::SignEntry(body, key);
}

}  // namespace

absl::StatusOr<std::string> SignBody(CliContext& ctx, google::protobuf::Message& body,
                                     v1::EntryHeader* header, const std::string& corrects) {
  LEDGER_RETURN_IF_ERROR(ctx.RequireOrigin());
  LEDGER_RETURN_IF_ERROR(ctx.RequirePrincipal());
  absl::StatusOr<crypto::Ed25519PrivateKey> key = ctx.SigningKey();
  if (!key.ok()) return key.status();
  return SignWith(ctx, *key, body, header, corrects);
}

int SignAndSubmit(CliContext& ctx, google::protobuf::Message& body, v1::EntryHeader* header,
                  const std::string& what, const std::string& corrects) {
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, what);
  if (absl::Status s = ctx.RequirePrincipal(); !s.ok()) return LocalError(s, what);
  absl::StatusOr<crypto::Ed25519PrivateKey> key = ctx.SigningKey();
  if (!key.ok()) return LocalError(key.status(), what);
  absl::StatusOr<std::string> envelope = SignWith(ctx, *key, body, header, corrects);
  if (!envelope.ok()) return ReportError(ctx, envelope.status(), what);
  return SubmitAndReport(ctx, *envelope, what);
}

std::string EnumWord(const std::string& name, const std::string& prefix) {
  return absl::StrReplaceAll(absl::AsciiStrToLower(name.substr(prefix.size())), {{"_", "-"}});
}

}  // namespace ledger::ledgerctl
