// End-to-end tests of how ledgerctl finds its server: named profiles with flags and environment
// variables over them, and TLS (server certificate, mutual TLS, plaintext only on loopback)
// between the real ledgerd and ledgerctl.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "nlohmann/json.hpp"
#include "tests/support/ledgerd_process.h"
#include "tests/support/subprocess.h"

namespace ledger::testing {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

constexpr char kOrigin[] = "ledger.example.org/341721";
// Nothing listens on port 1 (tcpmux): connections are refused at once.
constexpr char kNowhere[] = "127.0.0.1:1";

// The user's own profile file and LEDGER_* variables stay out of these tests: ledgerctl runs
// that name no profile file look under an empty XDG_CONFIG_HOME.
class CleanEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    ::setenv("XDG_CONFIG_HOME", (config_.path() + "/config").c_str(), 1);
    for (const char* name :
         {"LEDGER_PROFILE", "LEDGER_PROFILES_FILE", "LEDGER_SERVER", "LEDGER_ORIGIN", "LEDGER_KEY",
          "LEDGER_PRINCIPAL", "LEDGER_TLS_CA", "LEDGER_TLS_CERT", "LEDGER_TLS_KEY",
          "LEDGER_STATE_DIR", "LEDGER_TIMEOUT_MS"}) {
      ::unsetenv(name);
    }
  }

 private:
  TempDir config_;
};
const auto* const kCleanEnvironment = ::testing::AddGlobalTestEnvironment(new CleanEnvironment);

// Sets an environment variable for ledgerctl runs of one test, and removes it afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() { ::unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
};

void WriteFile(const std::string& path, const std::string& text, mode_t mode) {
  std::ofstream(path) << text;
  ASSERT_EQ(::chmod(path.c_str(), mode), 0);
}

std::unique_ptr<LedgerdProcess> StartLedgerd(std::vector<std::string> flags = {}) {
  flags.push_back(std::string("--demo-origin=") + kOrigin);
  auto ledgerd = LedgerdProcess::Start(LEDGERD_PATH, LEDGERCTL_PATH, kOrigin, flags);
  EXPECT_TRUE(ledgerd.ok()) << ledgerd.status();
  return ledgerd.ok() ? *std::move(ledgerd) : nullptr;
}

// `default` points at a server that is not there, so a run that reaches ledgerd proves that
// something chose the other profile or overrode the server.
std::string TwoProfiles(const LedgerdProcess& ledgerd) {
  return "# two servers: a test that reaches ledgerd used \"county\" or an override\n"
         "default = \"gone\"\n"
         "\n"
         "[county]\n"
         "server = \"" +
         ledgerd.server() + "\"\norigin = \"" + kOrigin +
         "\"\n"
         "state_dir = \"state\"\n"
         "\n"
         "[gone]\n"
         "server = \"" +
         kNowhere +
         "\"\n"
         "origin = \"gone.example.org/000000\"\n"
         "state_dir = \"state\"\n"
         "timeout_ms = 5000\n";
}

std::string OriginOf(const RunResult& r) {
  nlohmann::json j = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  return j.is_object() && j.contains("origin") ? j["origin"].get<std::string>() : "";
}

TEST(ProfilesE2E, AProfileSuppliesTheServerAndFlagsAndEnvironmentOverrideIt) {
  std::unique_ptr<LedgerdProcess> ledgerd = StartLedgerd();
  ASSERT_NE(ledgerd, nullptr);
  const std::string file = ledgerd->dir() + "/profiles.toml";
  WriteFile(file, TwoProfiles(*ledgerd), 0600);

  // --profile chooses; no --server, --origin or --state-dir anywhere.
  RunResult r =
      ledgerd->CtlOnly({"--profiles-file", file, "--profile", "county", "--json", "log", "info"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(OriginOf(r), kOrigin) << r.out;

  // Without a choice the file's default applies: the server that is not there.
  r = ledgerd->CtlOnly({"--profiles-file", file, "log", "info"});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr(kNowhere));

  // Flags beat the profile.
  r = ledgerd->CtlOnly({"--profiles-file", file, "--profile", "gone", "--server", ledgerd->server(),
                        "--origin", kOrigin, "--json", "log", "info"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(OriginOf(r), kOrigin) << r.out;

  {
    // The environment chooses the profile and names the file.
    ScopedEnv profiles_file("LEDGER_PROFILES_FILE", file);
    ScopedEnv profile("LEDGER_PROFILE", "county");
    r = ledgerd->CtlOnly({"--json", "log", "info"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(OriginOf(r), kOrigin) << r.out;
    // ... and --profile beats LEDGER_PROFILE.
    r = ledgerd->CtlOnly({"--profile", "gone", "log", "info"});
    EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  }
  {
    // Environment variables beat the (default) profile, and flags beat them.
    ScopedEnv server("LEDGER_SERVER", ledgerd->server());
    ScopedEnv origin("LEDGER_ORIGIN", kOrigin);
    r = ledgerd->CtlOnly({"--profiles-file", file, "--json", "log", "info"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(OriginOf(r), kOrigin) << r.out;
    r = ledgerd->CtlOnly({"--profiles-file", file, "--server", kNowhere, "log", "info"});
    EXPECT_EQ(r.exit_code, 3) << r.out << r.err;

    // `profile show` says where each setting came from.
    r = ledgerd->CtlOnly(
        {"--profiles-file", file, "--timeout-ms", "7000", "profile", "show", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    nlohmann::json show = nlohmann::json::parse(r.out);
    EXPECT_EQ(show["profile"], "gone");
    EXPECT_EQ(show["chosen_by"], file + ":2");
    EXPECT_EQ(show["settings"]["server"]["source"], "env");
    EXPECT_EQ(show["settings"]["server"]["where"], "LEDGER_SERVER");
    EXPECT_EQ(show["settings"]["timeout_ms"]["source"], "flag");
    EXPECT_EQ(show["settings"]["timeout_ms"]["value"], "7000");
    EXPECT_EQ(show["settings"]["state_dir"]["source"], "profile");
    EXPECT_EQ(show["settings"]["state_dir"]["value"], ledgerd->dir() + "/state");
    EXPECT_EQ(show["settings"]["state_dir"]["where"], file + ":12");
    EXPECT_EQ(show["settings"]["principal"]["source"], "unset");
  }
}

TEST(ProfilesE2E, MistakesInTheProfileFileAreUsageErrors) {
  TempDir dir;
  const std::string file = dir.path() + "/profiles.toml";
  WriteFile(file, "[county]\nserver = \"127.0.0.1:50051\"\n[test]\nsever = \"x:1\"\n", 0600);
  RunResult r = RunToCompletion({LEDGERCTL_PATH, "--profiles-file", file, "health"}, dir.path());
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_THAT(r.err, HasSubstr(file + ":4: unknown key \"sever\" in profile \"test\""));

  WriteFile(file, "[county]\nserver = \"127.0.0.1:50051\"\n[test]\n", 0600);
  r = RunToCompletion({LEDGERCTL_PATH, "--profiles-file", file, "--profile", "prod", "health"},
                      dir.path());
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_THAT(r.err, HasSubstr("no profile \"prod\""));
  EXPECT_THAT(r.err, HasSubstr("its profiles are: county, test"));

  // A file others may edit could send the key's signatures anywhere.
  WriteFile(file, "[county]\nserver = \"127.0.0.1:50051\"\n", 0666);
  r = RunToCompletion({LEDGERCTL_PATH, "--profiles-file", file, "profile", "list"}, dir.path());
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_THAT(r.err, HasSubstr(file + " has mode 0666"));

  // A key named by a profile (relative to the file) gets the same 0600 check as any key.
  std::filesystem::create_directory(dir.path() + "/keys");
  ASSERT_EQ(RunToCompletion({LEDGERCTL_PATH, "key", "gen", "--out", dir.path() + "/keys/clerk.key"},
                            dir.path())
                .exit_code,
            0);
  WriteFile(file, "[county]\nkey = \"keys/clerk.key\"\n", 0600);
  r = RunToCompletion(
      {LEDGERCTL_PATH, "--profiles-file", file, "--profile", "county", "key", "show"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("public key:"));
  ASSERT_EQ(::chmod((dir.path() + "/keys/clerk.key").c_str(), 0644), 0);
  r = RunToCompletion(
      {LEDGERCTL_PATH, "--profiles-file", file, "--profile", "county", "key", "show"}, dir.path());
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_THAT(r.err, HasSubstr(dir.path() + "/keys/clerk.key has mode 0644"));

  // A named file must exist.
  r = RunToCompletion({LEDGERCTL_PATH, "--profiles-file", dir.path() + "/none.toml", "health"},
                      dir.path());
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_THAT(r.err, HasSubstr("no profile file " + dir.path() + "/none.toml"));
}

TEST(ProfilesE2E, ProfileAddWritesAProfileThatWorks) {
  std::unique_ptr<LedgerdProcess> ledgerd = StartLedgerd();
  ASSERT_NE(ledgerd, nullptr);
  // The default location under XDG_CONFIG_HOME, created by `profile add`.
  ScopedEnv config("XDG_CONFIG_HOME", ledgerd->dir() + "/config");
  const std::string file = ledgerd->dir() + "/config/ledgerctl/profiles.toml";
  RunResult r = ledgerd->CtlOnly({"profile", "add", "county", "--server", ledgerd->server(),
                                  "--origin", kOrigin, "--state-dir", ledgerd->dir() + "/state"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  r = ledgerd->CtlOnly({"profile", "add", "county", "--server", kNowhere});
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_THAT(r.err, HasSubstr("already in " + file + ":1"));

  r = ledgerd->CtlOnly({"--profile", "county", "--json", "log", "info"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(OriginOf(r), kOrigin) << r.out;
  r = ledgerd->CtlOnly({"profile", "list", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json list = nlohmann::json::parse(r.out);
  ASSERT_EQ(list["profiles"].size(), 1u) << r.out;
  EXPECT_EQ(list["profiles"][0]["name"], "county");
  EXPECT_EQ(list["profiles"][0]["server"], ledgerd->server());
}

// Certificates from scripts/dev-certs.sh in a fresh directory.
class TlsE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    RunResult r =
        RunToCompletion({"/bin/bash", LEDGER_DEV_CERTS, certs_.path() + "/tls"}, certs_.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::string Cert(const std::string& name) const { return certs_.path() + "/tls/" + name; }
  TempDir certs_;
};

TEST_F(TlsE2E, ATlsServerNeedsItsCa) {
  std::unique_ptr<LedgerdProcess> ledgerd =
      StartLedgerd({"--tls-cert=" + Cert("server.pem"), "--tls-key=" + Cert("server.key")});
  ASSERT_NE(ledgerd, nullptr);
  EXPECT_THAT(ledgerd->Stderr(), HasSubstr("(TLS;"));
  RunResult r = ledgerd->Ctl({"--tls-ca", Cert("ca.pem"), "--json", "log", "info"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(OriginOf(r), kOrigin) << r.out;

  r = ledgerd->Ctl({"log", "info"});
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_THAT(r.err, HasSubstr("If ledgerd uses TLS, pass --tls-ca"));

  // A CA that did not sign the server's certificate.
  TempDir other;
  ASSERT_EQ(RunToCompletion({"/bin/bash", LEDGER_DEV_CERTS, other.path() + "/tls"}, other.path())
                .exit_code,
            0);
  r = ledgerd->Ctl({"--tls-ca", other.path() + "/tls/ca.pem", "log", "info"});
  EXPECT_EQ(r.exit_code, 3) << r.out;

  // The CA from a profile.
  const std::string file = ledgerd->dir() + "/profiles.toml";
  WriteFile(file, "[tls]\ntls_ca = \"" + Cert("ca.pem") + "\"\n", 0600);
  r = ledgerd->Ctl({"--profiles-file", file, "--profile", "tls", "log", "info"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ledgerd->Stop(), std::optional<int>(0)) << ledgerd->Stderr();
}

// ledgerd's TLS is OpenSSL's through gRPC: a client that offers TLS 1.3 gets it (h2 by ALPN). gRPC
// 1.51 has no setting for the minimum version, so TLS 1.2 clients are still served
// (docs/OPERATIONS.md "TLS").
TEST_F(TlsE2E, AClientOfferingTls13NegotiatesIt) {
  std::unique_ptr<LedgerdProcess> ledgerd =
      StartLedgerd({"--tls-cert=" + Cert("server.pem"), "--tls-key=" + Cert("server.key")});
  ASSERT_NE(ledgerd, nullptr);
  RunResult r =
      RunToCompletion({"/bin/sh", "-c",
                       "openssl s_client -brief -alpn h2 -servername localhost "
                       "-verify_return_error -CAfile '" +
                           Cert("ca.pem") + "' -connect " + ledgerd->server() + " </dev/null 2>&1"},
                      ledgerd->dir());
  EXPECT_THAT(r.out, HasSubstr("Protocol version: TLSv1.3")) << r.out;
  EXPECT_THAT(r.out, HasSubstr("Verification: OK")) << r.out;
  EXPECT_EQ(ledgerd->Stop(), std::optional<int>(0)) << ledgerd->Stderr();
}

TEST_F(TlsE2E, MutualTlsRefusesAClientWithoutACertificate) {
  std::unique_ptr<LedgerdProcess> ledgerd =
      StartLedgerd({"--tls-cert=" + Cert("server.pem"), "--tls-key=" + Cert("server.key"),
                    "--tls-client-ca=" + Cert("ca.pem"), "--require-client-cert"});
  ASSERT_NE(ledgerd, nullptr);
  EXPECT_THAT(ledgerd->Stderr(), HasSubstr("TLS, client certificates required"));
  RunResult r = ledgerd->Ctl({"--tls-ca", Cert("ca.pem"), "log", "info"});
  EXPECT_EQ(r.exit_code, 3) << r.out;

  r = ledgerd->Ctl({"--tls-ca", Cert("ca.pem"), "--tls-cert", Cert("client.pem"), "--tls-key",
                    Cert("client.key"), "--json", "log", "info"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(OriginOf(r), kOrigin) << r.out;

  // The client's key must be private to its owner, whatever names it.
  ASSERT_EQ(::chmod(Cert("client.key").c_str(), 0640), 0);
  r = ledgerd->Ctl({"--tls-ca", Cert("ca.pem"), "--tls-cert", Cert("client.pem"), "--tls-key",
                    Cert("client.key"), "log", "info"});
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_THAT(r.err, HasSubstr(Cert("client.key") + " has mode 0640"));
  EXPECT_EQ(ledgerd->Stop(), std::optional<int>(0)) << ledgerd->Stderr();
}

// Under --require-client-cert a certificate names the principal whose entries it may submit (a
// URI SAN ledger-principal:<id>, scripts/dev-certs.sh --principal): an entry signed by another
// principal is refused as a whole with PERMISSION_DENIED (L-CERT) naming both, and nothing is
// written; a certificate that names no principal may still read.
TEST_F(TlsE2E, AClientCertificateSubmitsOnlyTheEntriesOfItsPrincipal) {
  for (const char* principal : {"admin", "fin"}) {
    RunResult r = RunToCompletion(
        {"/bin/bash", LEDGER_DEV_CERTS, "--principal", principal, certs_.path() + "/tls"},
        certs_.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  auto started =
      LedgerdProcess::Start(LEDGERD_PATH, LEDGERCTL_PATH, kOrigin,
                            {"--tls-cert=" + Cert("server.pem"), "--tls-key=" + Cert("server.key"),
                             "--tls-client-ca=" + Cert("ca.pem"), "--require-client-cert"});
  ASSERT_TRUE(started.ok()) << started.status();
  LedgerdProcess& ledgerd = **started;
  const std::string admin_key = ledgerd.dir() + "/admin.key";
  const std::string fin_key = ledgerd.dir() + "/fin.key";
  // ledgerctl over mutual TLS with the certificate `cert` (client or principal-<id>).
  auto with = [&](const std::string& cert, std::vector<std::string> args) {
    std::vector<std::string> all = {"--tls-ca",          Cert("ca.pem"), "--tls-cert",
                                    Cert(cert + ".pem"), "--tls-key",    Cert(cert + ".key")};
    all.insert(all.end(), args.begin(), args.end());
    return ledgerd.Ctl(all);
  };
  auto tree_size = [&] {
    RunResult info = with("client", {"--json", "log", "info"});
    EXPECT_EQ(info.exit_code, 0) << info.err;
    return info.exit_code == 0 ? nlohmann::json::parse(info.out).at("tree_size").get<uint64_t>()
                               : 0;
  };

  // The root administrator's certificate initialises the log and registers "fin".
  RunResult r = with("principal-admin", {"--key", admin_key, "init", "--name", "东至县"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  ASSERT_EQ(ledgerd.Ctl({"key", "gen", "--out", fin_key}).exit_code, 0);
  r = with("principal-admin", {"--key", admin_key, "--principal", "admin", "principal", "add",
                               "--id", "fin", "--name", "东至县财政局", "--kind", "finance-bureau",
                               "--scope", "341721", "--role", "fund-manager"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  r = with("principal-admin", {"--key", admin_key, "--principal", "admin", "key", "register",
                               "--for", "fin", "--key-file", fin_key});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  ASSERT_EQ(tree_size(), 3u);

  // fin's certificate carrying an entry the administrator signed: refused, nothing written.
  r = with("principal-fin", {"--key", admin_key, "--principal", "admin", "principal", "add", "--id",
                             "xz", "--name", "尧渡镇人民政府", "--kind", "township", "--scope",
                             "341721001", "--role", "township-reviewer"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("PERMISSION_DENIED"));
  EXPECT_THAT(r.err, HasSubstr("L-CERT"));
  EXPECT_THAT(r.err, HasSubstr("signed by principal \"admin\""));
  EXPECT_THAT(r.err, HasSubstr("(CN=fin) names principal \"fin\""));
  EXPECT_EQ(tree_size(), 3u);

  // A certificate that names no principal reads (tree_size above) but writes nothing.
  const std::vector<std::string> receive = {
      "--key",    fin_key,       "--principal",     "fin",    "fund", "receive", "--id",
      "R-1",      "--source",    "central-linkage", "--year", "2026", "--doc",   "财农〔2026〕1号",
      "--amount", "5,000,000.00"};
  r = with("client", receive);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("L-CERT"));
  EXPECT_THAT(r.err, HasSubstr("(CN=ledgerctl) names no principal"));
  EXPECT_EQ(tree_size(), 3u);

  // fin's certificate with fin's own entry: created.
  r = with("principal-fin", receive);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(tree_size(), 4u);

  // Registry calls are matched too: fin's signed call over the administrator's certificate is
  // refused, over its own it is answered.
  const std::vector<std::string> list = {"--key",    fin_key, "--principal", "fin",
                                         "registry", "list",  "--village",   "341721001"};
  r = with("principal-admin", list);
  EXPECT_NE(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("L-CERT"));
  EXPECT_THAT(r.err, HasSubstr("the registry call list is signed by principal \"fin\""));
  EXPECT_THAT(r.err, HasSubstr("(CN=admin) names principal \"admin\""));
  r = with("principal-fin", list);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(ledgerd.Stop(), std::optional<int>(0)) << ledgerd.Stderr();
}

TEST_F(TlsE2E, PlaintextOnlyOnLoopback) {
  TempDir dir;
  // ledgerctl: a remote server needs TLS or an explicit --insecure-plaintext.
  RunResult r = RunToCompletion(
      {LEDGERCTL_PATH, "--server", "192.0.2.1:50051", "--origin", kOrigin, "log", "info"},
      dir.path());
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_THAT(r.err, HasSubstr("refusing plaintext gRPC to 192.0.2.1:50051"));
  r = RunToCompletion({LEDGERCTL_PATH, "--server", "192.0.2.1:50051", "--insecure-plaintext",
                       "--timeout-ms", "1000", "--origin", kOrigin, "log", "info"},
                      dir.path());
  EXPECT_EQ(r.exit_code, 3) << r.err;
  // Commands that do not connect are not affected.
  r = RunToCompletion({LEDGERCTL_PATH, "--server", "192.0.2.1:50051", "profile", "show"},
                      dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;

  // ledgerd: plaintext on a non-loopback address is refused before anything starts.
  r = RunToCompletion({LEDGERD_PATH, "--listen=0.0.0.0:0", "--db=embedded:" + dir.path() + "/pg"},
                      dir.path());
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_THAT(r.err, HasSubstr("refusing to serve plaintext gRPC on 0.0.0.0:0"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/pg"));

  // ... and so is a server key others can read.
  ASSERT_EQ(::chmod(Cert("server.key").c_str(), 0644), 0);
  r = RunToCompletion({LEDGERD_PATH, "--listen=0.0.0.0:0", "--db=embedded:" + dir.path() + "/pg",
                       "--tls-cert=" + Cert("server.pem"), "--tls-key=" + Cert("server.key")},
                      dir.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr(Cert("server.key") + " has mode 0644"));
}

}  // namespace
}  // namespace ledger::testing
