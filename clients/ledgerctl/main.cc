// ledgerctl: the command line for every role (clerks, village accountants, auditors).
// Commands are added together with the features they serve; see `ledgerctl --help`.

#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "clients/ledgerctl/cli_context.h"
#include "clients/ledgerctl/commands.h"
#include "clients/ledgerctl/write_flags.h"

// LeakSanitizer builds only: with TLS, gRPC's own threads run OpenSSL, which gives each of them
// an error queue (ERR_STATE, 904 bytes, freed when the thread ends). A gRPC thread still running
// when ledgerctl exits sometimes has its queue reported as leaked (about 1 run in 20 in
// the TLS end-to-end tests; grpc_shutdown_blocking() did not help). The fast unwinder stops
// inside libcrypto, so the report shows only CRYPTO_zalloc and cannot be matched more narrowly;
// our own OpenSSL code is leak-checked without suppressions by the ledger/crypto unit tests.
extern "C" const char* __lsan_default_suppressions() { return "leak:CRYPTO_zalloc\n"; }

int main(int argc, char** argv) {
  using namespace ledger::ledgerctl;
  GlobalFlags g;
  CLI::App app{
      "ledgerctl: work with the public fund and asset ledger from the command line.\n\n"
      "Exit status: 0 success, 1 the server answered but the request failed or was rejected, "
      "2 a proof or signature did not verify, or the log contradicts the checkpoint trusted "
      "before (SECURITY ERROR), 3 server unreachable, 64 bad command line.\n"
      "Every command with what it does: ledgerctl commands\n\n"
      "Once a key is pinned for the log (`checkpoint`, `audit verify`), every write is verified: "
      "its entry must be proven in a checkpoint signed with that key which extends the trusted "
      "one (\"appended at index 12 (entry id …), verified in the checkpoint of size 13\"), else "
      "SECURITY ERROR and exit 2.",
      "ledgerctl"};
  app.require_subcommand(0, 1);
  // Settings that a profile may hold: flag > environment variable > profile > built-in default,
  // resolved by ApplyProfileSettings after parsing (so no ->envname() here).
  SettingOptions settings;
  settings.by_key["server"] =
      app.add_option("--server", g.server,
                     "ledgerd address host:port (env LEDGER_SERVER, profile key server)")
          ->capture_default_str();
  settings.by_key["timeout_ms"] =
      app.add_option("--timeout-ms", g.timeout_ms,
                     "deadline of each call in milliseconds (env LEDGER_TIMEOUT_MS, profile key "
                     "timeout_ms)")
          ->capture_default_str();
  settings.by_key["origin"] = app.add_option(
      "--origin", g.origin,
      "the log, e.g. ledger.example.org/341721 (env LEDGER_ORIGIN, profile key origin)");
  settings.by_key["key"] = app.add_option(
      "--key", g.key_path, "the signing key file, mode 0600 (env LEDGER_KEY, profile key key)");
  settings.by_key["principal"] =
      app.add_option("--principal", g.principal,
                     "the principal id that signs (env LEDGER_PRINCIPAL, profile key principal)");
  settings.by_key["tls_ca"] = app.add_option(
      "--tls-ca", g.tls_ca,
      "the CA certificate (PEM) that signed ledgerd's certificate; turns TLS on (env "
      "LEDGER_TLS_CA, profile key tls_ca)");
  settings.by_key["tls_cert"] =
      app.add_option("--tls-cert", g.tls_cert,
                     "a client certificate (PEM) for servers that require one, with --tls-key "
                     "(env LEDGER_TLS_CERT, profile key tls_cert)");
  settings.by_key["tls_key"] =
      app.add_option("--tls-key", g.tls_key,
                     "the client certificate's private key (PEM, mode 0600) (env LEDGER_TLS_KEY, "
                     "profile key tls_key)");
  app.add_flag("--insecure-plaintext", g.insecure_plaintext,
               "allow plaintext gRPC to a server that is not on loopback (127.0.0.0/8, ::1, "
               "localhost); without it such a server needs --tls-ca");
  settings.profile = app.add_option(
      "--profile", g.profile,
      "the named profile to use (env LEDGER_PROFILE; default: the file's `default`, else a "
      "profile named default); see `ledgerctl profile list`");
  settings.profiles_file =
      app.add_option(
             "--profiles-file", g.profiles_file,
             "the profile file (env LEDGER_PROFILES_FILE; default: "
             "$XDG_CONFIG_HOME/ledgerctl/profiles.toml or ~/.config/ledgerctl/profiles.toml)")
          // The last one wins, so that a wrapper may pass a file and its caller another.
          ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_flag("--json", g.json, "machine-readable output (also accepted after the command)");
  app.add_option(
         "--business-date", g.business_date,
         "业务日期 of the entries signed, YYYY-MM-DD (default: today in Shanghai); to enter "
         "past events, e.g. an annual plan approved in March")
      ->envname("LEDGER_BUSINESS_DATE");
  settings.by_key["state_dir"] = app.add_option(
      "--state-dir", g.state_dir,
      "where checkpoint and audit keep each log's pinned key and last verified checkpoint "
      "(env LEDGER_STATE_DIR, profile key state_dir; default: $XDG_STATE_HOME/ledgerctl or "
      "~/.local/state/ledgerctl)");
  // Global flags may also follow the command: `ledgerctl asset show A1 --json`.
  app.fallthrough();

  Action action;
  AddLogCommands(app, &action);
  AddIdentityCommands(app, &action);
  AddProofCommands(app, &action);
  AddFundCommands(app, &action);
  AddRosterCommands(app, &action);
  AddAssetCommands(app, &action);
  AddIncomeCommands(app, &action);
  AddRegistryCommands(app, &action);
  AddAuditCommands(app, &action);
  AddTraceCommands(app, &action);
  AddImportCommands(app, &action);
  AddExportCommands(app, &action);
  AddWitnessCommands(app, &action);
  AddProfileCommands(app, &action);
  AddCommandsCommand(app, &action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : kExitUsage;
  }
  if (!action) {
    // A command group without its command (`ledgerctl key`), or nothing at all: show the help of
    // the deepest group given, which lists its commands.
    const CLI::App* group = &app;
    while (!group->get_subcommands().empty()) group = group->get_subcommands().front();
    std::cerr << group->help() << "ledgerctl: choose a command (see above)\n";
    return kExitUsage;
  }
  if (absl::Status s = ApplyProfileSettings(settings, &g); !s.ok()) {
    std::cerr << "ledgerctl: " << s.message() << "\n";
    return kExitUsage;
  }
  SetDefaultEventDate(g.business_date);
  CliContext ctx(g);
  return action(ctx);
}
