#include "clients/ledgerctl/write_flags.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "clients/entries/entry_builder.h"
#include "ledger/crypto/sha256.h"
#include "ledger/util/money.h"

namespace ledger::ledgerctl {

absl::Status FlagError(const std::string& flag, const absl::Status& s) {
  return absl::InvalidArgumentError(absl::StrCat(flag, ": ", s.message()));
}

namespace {
std::string& DefaultEventDate() {
  static std::string date;
  return date;
}
}  // namespace

void SetDefaultEventDate(std::string business_date) {
  DefaultEventDate() = std::move(business_date);
}

std::string DateOrToday(const std::string& date) {
  if (!date.empty()) return date;
  if (!DefaultEventDate().empty()) return DefaultEventDate();
  return entries::TodayInShanghai();
}

void AddDate(CLI::App* cmd, const std::string& name, std::string& out, const std::string& what) {
  cmd->add_option(name, out,
                  absl::StrCat(what,
                               ", YYYY-MM-DD (default: the --business-date, else today in "
                               "Shanghai)"));
}

absl::StatusOr<int64_t> ParseAmount(const std::string& flag, const std::string& yuan) {
  absl::StatusOr<int64_t> fen = ParseYuan(yuan);
  if (!fen.ok()) return FlagError(flag, fen.status());
  return *fen;
}

absl::StatusOr<std::string> HashFile(const std::string& flag, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(flag, ": cannot read ", path));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrCat(flag, ": error reading ", path));
  const crypto::Sha256Digest d = crypto::Sha256(bytes.str());
  return std::string(d.begin(), d.end());
}

}  // namespace ledger::ledgerctl
