#include "tests/support/ledgerd_process.h"

#include <sys/stat.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <regex>
#include <utility>

#include "absl/strings/str_cat.h"

namespace ledger::testing {

using namespace std::chrono_literals;

int WaitListening(Subprocess& ledgerd, std::chrono::milliseconds timeout) {
  const std::regex re(R"(listening on 127\.0\.0\.1:(\d+))");
  int port = 0;
  ledgerd.WaitForStderr(
      [&](const std::string& err) {
        std::smatch m;
        if (!std::regex_search(err, m, re)) return false;
        port = std::stoi(m[1].str());
        return true;
      },
      timeout);
  return port;
}

namespace {

// ledgerd on a free loopback port with keys under `dir`. Reads are open unless `extra_flags`
// choose (--read-access): most tests play every role through plaintext loopback, where no client
// certificate names a reader; the tests of scoped reads pass --read-access=scoped with mTLS.
std::vector<std::string> LedgerdArgs(std::string ledgerd_path, const std::string& conninfo,
                                     const std::string& dir,
                                     const std::vector<std::string>& extra_flags) {
  std::vector<std::string> argv = {std::move(ledgerd_path), "--listen=127.0.0.1:0",
                                   "--db=" + conninfo, "--key-dir=" + dir + "/keys"};
  const bool chooses_reads =
      std::any_of(extra_flags.begin(), extra_flags.end(),
                  [](const std::string& flag) { return flag.starts_with("--read-access"); });
  if (!chooses_reads) argv.push_back("--read-access=open");
  argv.insert(argv.end(), extra_flags.begin(), extra_flags.end());
  return argv;
}

}  // namespace

absl::StatusOr<std::unique_ptr<LedgerdProcess>> LedgerdProcess::Start(
    std::string ledgerd_path, std::string ledgerctl_path, std::string origin,
    std::vector<std::string> extra_flags) {
  std::unique_ptr<LedgerdProcess> p(new LedgerdProcess());
  p->ledgerctl_path_ = std::move(ledgerctl_path);
  p->origin_ = std::move(origin);
  p->state_dir_ = p->dir_.path() + "/ledgerctl-state";
  absl::StatusOr<std::unique_ptr<TestDatabase>> db = TestDatabase::Create(/*migrate=*/false);
  if (!db.ok()) return db.status();
  p->db_ = *std::move(db);
  p->conninfo_ = p->db_->conninfo();
  p->argv_ = LedgerdArgs(std::move(ledgerd_path), p->conninfo_, p->dir_.path(), extra_flags);
  if (absl::Status s = p->Launch(); !s.ok()) return s;
  return p;
}

absl::StatusOr<std::unique_ptr<LedgerdProcess>> LedgerdProcess::StartOnDatabase(
    std::string ledgerd_path, std::string ledgerctl_path, std::string origin, std::string conninfo,
    std::vector<std::string> extra_flags) {
  std::unique_ptr<LedgerdProcess> p(new LedgerdProcess());
  p->ledgerctl_path_ = std::move(ledgerctl_path);
  p->origin_ = std::move(origin);
  p->state_dir_ = p->dir_.path() + "/ledgerctl-state";
  p->conninfo_ = std::move(conninfo);
  p->argv_ = LedgerdArgs(std::move(ledgerd_path), p->conninfo_, p->dir_.path(), extra_flags);
  if (absl::Status s = p->Launch(); !s.ok()) return s;
  return p;
}

absl::Status LedgerdProcess::Launch() {
  ledgerd_ = std::make_unique<Subprocess>(argv_, dir_.path());
  const int port = WaitListening(*ledgerd_);
  if (port == 0) {
    return absl::UnavailableError(
        absl::StrCat("ledgerd did not report \"listening on\":\n", ledgerd_->Stderr()));
  }
  server_ = absl::StrCat("127.0.0.1:", port);
  return absl::OkStatus();
}

absl::Status LedgerdProcess::Restart() {
  if (std::optional<int> code = Stop(); code != std::optional<int>(0)) {
    return absl::InternalError(absl::StrCat("ledgerd did not stop cleanly:\n", Stderr()));
  }
  return Launch();
}

std::optional<int> LedgerdProcess::Kill() {
  if (!ledgerd_) return std::nullopt;
  ledgerd_->Signal(SIGKILL);
  return ledgerd_->Wait(60s);
}

absl::Status LedgerdProcess::StartAgain() { return Launch(); }

absl::StatusOr<std::unique_ptr<LedgerdProcess>> LedgerdProcess::StartFork() {
  if (std::optional<int> code = Stop(); code != std::optional<int>(0)) {
    return absl::InternalError(absl::StrCat("ledgerd did not stop cleanly:\n", Stderr()));
  }
  if (!db_)
    return absl::FailedPreconditionError("StartFork needs a database of the shared cluster");
  absl::StatusOr<std::unique_ptr<TestDatabase>> copy = TestDatabase::CreateCopyOf(*db_);
  if (absl::Status s = Launch(); !s.ok()) return s;
  if (!copy.ok()) return copy.status();
  std::unique_ptr<LedgerdProcess> p(new LedgerdProcess());
  p->ledgerctl_path_ = ledgerctl_path_;
  p->origin_ = origin_;
  p->state_dir_ = p->dir_.path() + "/ledgerctl-state";
  p->db_ = *std::move(copy);
  p->conninfo_ = p->db_->conninfo();
  p->argv_ = argv_;
  for (std::string& arg : p->argv_) {
    if (arg.rfind("--db=", 0) == 0) arg = "--db=" + p->db_->conninfo();
  }
  if (absl::Status s = p->Launch(); !s.ok()) return s;
  return p;
}

LedgerdProcess::~LedgerdProcess() {
  if (ledgerd_ && ledgerd_->Running()) Stop();
}

RunResult LedgerdProcess::Ctl(const std::vector<std::string>& args,
                              std::chrono::milliseconds timeout) const {
  // An empty profile file of our own, so that the user's default profile stays out.
  const std::string no_profiles = dir_.path() + "/no-profiles.toml";
  if (!std::filesystem::exists(no_profiles)) {
    std::ofstream(no_profiles).close();
    ::chmod(no_profiles.c_str(), 0600);
  }
  std::vector<std::string> argv = {ledgerctl_path_, "--server",        server_,
                                   "--origin",      origin_,           "--state-dir",
                                   state_dir_,      "--profiles-file", no_profiles};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunToCompletion(std::move(argv), dir_.path(), timeout);
}

RunResult LedgerdProcess::CtlOnly(const std::vector<std::string>& args,
                                  std::chrono::milliseconds timeout) const {
  std::vector<std::string> argv = {ledgerctl_path_};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunToCompletion(std::move(argv), dir_.path(), timeout);
}

std::optional<int> LedgerdProcess::Stop() {
  if (!ledgerd_) return std::nullopt;
  ledgerd_->Signal(SIGTERM);
  return ledgerd_->Wait(60s);
}

}  // namespace ledger::testing
