#include "ledger/util/log.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>

namespace ledger::log {
namespace {

std::mutex& NameMutex() {
  static std::mutex m;
  return m;
}
std::string& Name() {
  static std::string name = "ledger";
  return name;
}

const char* LevelName(Level level) {
  switch (level) {
    case Level::kInfo:
      return "INFO";
    case Level::kWarning:
      return "WARN";
    case Level::kError:
      return "ERROR";
  }
  return "?";
}

}  // namespace

void SetProgramName(std::string_view name) {
  std::lock_guard<std::mutex> lock(NameMutex());
  Name() = std::string(name);
}

void Write(Level level, std::string_view message) {
  auto now = std::chrono::system_clock::now();
  std::time_t secs = std::chrono::system_clock::to_time_t(now);
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  // Sized for any int the format could see (GCC's -Wformat-truncation cannot prove the ranges
  // of the tm fields and fails Debug builds under -Werror with a tighter buffer).
  char stamp[80];
  std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis));
  std::string line;
  {
    std::lock_guard<std::mutex> lock(NameMutex());
    line = std::string(stamp) + " " + Name() + " " + LevelName(level) + " ";
  }
  line.append(message);
  line.push_back('\n');
  // A single write keeps concurrent lines from interleaving.
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace ledger::log
