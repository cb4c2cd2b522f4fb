#ifndef LEDGER_UTIL_LOG_H_
#define LEDGER_UTIL_LOG_H_

// One-line log records on stderr: `2026-11-22T08:44:00.123Z ledgerd INFO message`.
// Thread-safe; each call writes exactly one line with a single write(2).

#include <string_view>

namespace ledger::log {

enum class Level { kInfo, kWarning, kError };

// Sets the program name printed on every line (default "ledger").
void SetProgramName(std::string_view name);

void Write(Level level, std::string_view message);
inline void Info(std::string_view message) { Write(Level::kInfo, message); }
inline void Warning(std::string_view message) { Write(Level::kWarning, message); }
inline void Error(std::string_view message) { Write(Level::kError, message); }

}  // namespace ledger::log

#endif  // LEDGER_UTIL_LOG_H_
