#include "services/ledgerd/db_target.h"

#include <regex>

#include "absl/strings/str_cat.h"

namespace ledger::ledgerd {

absl::StatusOr<DbTarget> ParseDbTarget(std::string_view flag) {
  DbTarget t;
  constexpr std::string_view kEmbedded = "embedded:";
  if (flag.substr(0, kEmbedded.size()) == kEmbedded) {
    t.embedded = true;
    t.embedded_dir = std::string(flag.substr(kEmbedded.size()));
    if (t.embedded_dir.empty()) {
      return absl::InvalidArgumentError(
          "--db=embedded:<dir> needs a directory, e.g. embedded:var/pg");
    }
    return t;
  }
  if (flag.rfind("postgresql://", 0) == 0 || flag.rfind("postgres://", 0) == 0 ||
      flag.find('=') != std::string_view::npos) {
    t.conninfo = std::string(flag);
    return t;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "--db='", std::string(flag),
      "' is neither embedded:<dir> nor a PostgreSQL URI (postgresql://user@host/db) or "
      "keyword string (host=... dbname=...)"));
}

std::string RedactConninfo(std::string_view conninfo) {
  std::string s(conninfo);
  static const std::regex kUriPassword(R"(^(postgres(?:ql)?://[^:/@]*):[^@]*@)");
  static const std::regex kKeywordPassword(R"((password\s*=\s*)('[^']*'|\S+))");
  s = std::regex_replace(s, kUriPassword, "$1:***@");
  s = std::regex_replace(s, kKeywordPassword, "$1***");
  return s;
}

}  // namespace ledger::ledgerd
