#ifndef CLIENTS_LEDGERCTL_WRITE_FLAGS_H_
#define CLIENTS_LEDGERCTL_WRITE_FLAGS_H_

// What every ledgerctl write command reads from its flags the same way: dates ("YYYY-MM-DD",
// default today in Shanghai), amounts in yuan converted exactly to fen, and documents entered by
// their SHA-256. Errors name the flag, for LocalError (exit 64).

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ledger::ledgerctl {

// `flag`: `s`'s message, as kInvalidArgument.
absl::Status FlagError(const std::string& flag, const absl::Status& s);

// `date`; when it is empty, the default event date: the global --business-date if it was given
// (a clerk entering a past event means its dates too), else today in Asia/Shanghai.
std::string DateOrToday(const std::string& date);
// Sets the default event date (main, once, from --business-date; "" : today).
void SetDefaultEventDate(std::string business_date);
// Adds the date option `name` to `cmd`, described as `what` with its format and default.
void AddDate(CLI::App* cmd, const std::string& name, std::string& out, const std::string& what);

// "1,234.56" yuan -> 123456 fen, exactly (ledger/util/money.h ParseYuan); the error names `flag`.
absl::StatusOr<int64_t> ParseAmount(const std::string& flag, const std::string& yuan);

// The SHA-256 (32 raw bytes) of the file at `path`; kNotFound naming `flag` when it cannot be read.
absl::StatusOr<std::string> HashFile(const std::string& flag, const std::string& path);

}  // namespace ledger::ledgerctl

#endif  // CLIENTS_LEDGERCTL_WRITE_FLAGS_H_
