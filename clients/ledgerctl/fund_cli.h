#ifndef CLIENTS_LEDGERCTL_FUND_CLI_H_
#define CLIENTS_LEDGERCTL_FUND_CLI_H_

// Fund words shared by the commands that read funds (fund_commands.cc) and follow them
// (trace_commands.cc).

#include <string>

#include "absl/status/statusor.h"
#include "ledger/v1/funds.pb.h"

namespace ledger::ledgerctl {

// "CENTRAL_LINKAGE" as the tables print a source; "total" for FUND_SOURCE_UNSPECIFIED.
std::string SourceWord(v1::FundSource source);

// A fund source typed on the command line: "central-linkage" (as the write commands take it) or
// "CENTRAL_LINKAGE" (as the tables print it). kInvalidArgument "--source: ..." listing the words.
absl::StatusOr<v1::FundSource> ParseSourceWord(const std::string& word);

}  // namespace ledger::ledgerctl

#endif  // CLIENTS_LEDGERCTL_FUND_CLI_H_
