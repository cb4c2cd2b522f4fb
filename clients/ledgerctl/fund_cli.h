#ifndef CLIENTS_LEDGERCTL_FUND_CLI_H_
#define CLIENTS_LEDGERCTL_FUND_CLI_H_

// Fund words shared by the commands that read funds (fund_commands.cc) and follow them
// (trace_commands.cc).

#include <string>

#include "absl/status/statusor.h"
#include "ledger/v1/funds.pb.h"

namespace ledger::ledgerctl {

// "central-linkage" as the tables print a source (the word the write commands' --source takes);
// "total" for FUND_SOURCE_UNSPECIFIED.
std::string SourceWord(v1::FundSource source);

// A fund source typed on the command line: "central-linkage" (as the write commands take it and
// the tables print it) or "CENTRAL_LINKAGE" (the protocol's name without its prefix).
// kInvalidArgument "--source: ..." listing the words.
absl::StatusOr<v1::FundSource> ParseSourceWord(const std::string& word);

}  // namespace ledger::ledgerctl

#endif  // CLIENTS_LEDGERCTL_FUND_CLI_H_
