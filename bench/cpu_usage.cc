#include "bench/cpu_usage.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace ledger::bench {
namespace {

struct Stat {
  pid_t ppid = 0;
  double cpu_seconds = 0;  // utime + stime
};

// /proc/<pid>/stat: "pid (comm) state ppid ... utime(14) stime(15) ..."; comm may hold spaces,
// so the fields are counted from the last ')'.
bool ReadStat(const std::string& path, Stat& out) {
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line)) return false;
  const size_t close = line.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream fields(line.substr(close + 2));
  std::string field;
  long utime = 0;
  long stime = 0;
  for (int i = 3; fields >> field; ++i) {
    if (i == 4) out.ppid = static_cast<pid_t>(std::stol(field));
    if (i == 14) utime = std::stol(field);
    if (i == 15) {
      stime = std::stol(field);
      break;
    }
  }
  out.cpu_seconds = static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
  return true;
}

double CpuOf(pid_t pid) {
  Stat s;
  return ReadStat("/proc/" + std::to_string(pid) + "/stat", s) ? s.cpu_seconds : 0;
}

}  // namespace

CpuSeconds ReadCpuSeconds(pid_t ledgerd, pid_t postmaster) {
  CpuSeconds out;
  out.ledgerd = CpuOf(ledgerd);
  out.clients = CpuOf(getpid());
  out.postgres = CpuOf(postmaster);
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    Stat s;
    if (ReadStat(entry.path().string() + "/stat", s) && s.ppid == postmaster) {
      out.postgres += s.cpu_seconds;
    }
  }
  return out;
}

nlohmann::json CpuPerEntry(const CpuSeconds& before, const CpuSeconds& after, double entries) {
  auto per = [&](double a, double b) { return entries > 0 ? (b - a) * 1e6 / entries : 0.0; };
  const double ledgerd = per(before.ledgerd, after.ledgerd);
  const double postgres = per(before.postgres, after.postgres);
  const double clients = per(before.clients, after.clients);
  return {{"ledgerd_us", ledgerd},
          {"postgres_us", postgres},
          {"clients_us", clients},
          {"total_us", ledgerd + postgres + clients}};
}

}  // namespace ledger::bench
