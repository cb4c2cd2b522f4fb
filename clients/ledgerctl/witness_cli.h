#ifndef CLIENTS_LEDGERCTL_WITNESS_CLI_H_
#define CLIENTS_LEDGERCTL_WITNESS_CLI_H_

// The witness policy flags of the commands that accept a checkpoint (`checkpoint`, `audit
// verify`): --witness <verifier key> (repeatable) and --witnesses-required K
// (clients/client/witness_policy.h).

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/client/witness_policy.h"

namespace ledger::ledgerctl {

struct WitnessFlags {
  std::vector<std::string> keys;
  int required = -1;  // -1: all the witnesses named
};

void AddWitnessFlags(CLI::App* command, WitnessFlags* flags);

// The policy of the flags; kInvalidArgument (a bad command line) as MakeWitnessPolicy.
absl::StatusOr<client::WitnessPolicy> WitnessPolicyOf(const WitnessFlags& flags);

}  // namespace ledger::ledgerctl

#endif  // CLIENTS_LEDGERCTL_WITNESS_CLI_H_
