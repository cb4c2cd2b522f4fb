// ledger_pg_fixture: the CTest fixture behind every test labelled `pg`.
//
//   ledger_pg_fixture start <dir>   starts a detached PostgreSQL cluster in <dir>, prints the
//                                   connection string of its `postgres` database and writes it
//                                   to <dir>/conninfo (what tests/support reads)
//   ledger_pg_fixture stop <dir>    stops that cluster and removes <dir> entirely
//
// Exit status 0 on success, 1 on failure (the reason on stderr), 2 on bad usage.

#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ledger/storage/pg/embedded/embedded_postgres.h"
#include "ledger/util/log.h"

namespace ledger {
namespace {

namespace fs = std::filesystem;
using storage::pg::EmbeddedPostgres;
using storage::pg::EmbeddedPostgresOptions;

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

absl::Status WriteConninfo(const std::string& dir, const std::string& conninfo) {
  // Written then renamed, so that a reader never sees half a line.
  const std::string path = dir + "/conninfo";
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << conninfo << "\n";
    if (!out.flush()) return absl::InternalError(absl::StrCat("writing ", temporary));
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) return absl::InternalError(absl::StrCat("renaming ", temporary, ": ", ec.message()));
  return absl::OkStatus();
}

int Start(const std::string& dir) {
  EmbeddedPostgresOptions options;
  options.dir = dir;
  options.detach = true;
  auto pg = EmbeddedPostgres::Start(options);
  if (!pg.ok()) {
    log::Error(absl::StrCat("starting the test cluster in ", dir, ": ", pg.status().ToString()));
    return kExitFailed;
  }
  const std::string conninfo = (*pg)->ConnectionString("postgres");
  if (absl::Status s = WriteConninfo((*pg)->options().dir, conninfo); !s.ok()) {
    log::Error(s.ToString());
    (void)(*pg)->Stop();
    return kExitFailed;
  }
  std::cout << conninfo << std::endl;
  return kExitOk;
}

// Refuses to delete a directory holding anything but what Start and EmbeddedPostgres create:
// `stop /` or `stop $HOME` by mistake must not remove anything.
absl::Status CheckOnlyOurFiles(const std::string& dir) {
  static const std::set<std::string> our_files = {"data",         "data.initdb",    "run",
                                                  "postgres.log", "postgres.log.1", "launcher.lock",
                                                  "conninfo",     "conninfo.tmp"};
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!our_files.contains(name)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "not removing ", dir, ": it holds '", name, "', which ledger_pg_fixture did not create"));
    }
  }
  if (ec) return absl::InternalError(absl::StrCat("listing ", dir, ": ", ec.message()));
  return absl::OkStatus();
}

int Stop(const std::string& dir) {
  if (absl::Status s = EmbeddedPostgres::StopDir(dir); !s.ok()) {
    log::Error(absl::StrCat("stopping the test cluster in ", dir, ": ", s.ToString()));
    return kExitFailed;
  }
  std::error_code ec;
  if (!fs::exists(dir, ec)) return kExitOk;
  if (absl::Status s = CheckOnlyOurFiles(dir); !s.ok()) {
    log::Error(s.ToString());
    return kExitFailed;
  }
  fs::remove_all(dir, ec);
  if (ec) {
    log::Error(absl::StrCat("removing ", dir, ": ", ec.message()));
    return kExitFailed;
  }
  return kExitOk;
}

int Main(int argc, char** argv) {
  log::SetProgramName("ledger_pg_fixture");
  const std::string command = argc == 3 ? argv[1] : "";
  if (command == "start") return Start(argv[2]);
  if (command == "stop") return Stop(argv[2]);
  std::cerr << "usage: ledger_pg_fixture start|stop <dir>\n";
  return kExitUsage;
}

}  // namespace
}  // namespace ledger

int main(int argc, char** argv) { return ledger::Main(argc, argv); }
