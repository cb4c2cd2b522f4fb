#include "clients/ledgerctl/fund_cli.h"

#include <cctype>

#include "clients/ledgerctl/cli_context.h"

namespace ledger::ledgerctl {

std::string SourceWord(v1::FundSource source) {
  return source == v1::FUND_SOURCE_UNSPECIFIED
             ? "total"
             : EnumWord(v1::FundSource_Name(source), "FUND_SOURCE_");
}

absl::StatusOr<v1::FundSource> ParseSourceWord(const std::string& word) {
  std::string normal = word;
  for (char& c : normal) {
    c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  absl::StatusOr<v1::FundSource> source =
      ParseEnumWord<v1::FundSource>(v1::FundSource_descriptor(), "FUND_SOURCE_", normal);
  if (!source.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--source: ", source.status().message()));
  }
  return *source;
}

}  // namespace ledger::ledgerctl
