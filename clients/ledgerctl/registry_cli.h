#ifndef CLIENTS_LEDGERCTL_REGISTRY_CLI_H_
#define CLIENTS_LEDGERCTL_REGISTRY_CLI_H_

// What other ledgerctl commands use of the privacy registry (registry_commands.cc).

#include "absl/status/statusor.h"
#include "clients/ledgerctl/cli_context.h"
#include "ledger/v1/registry_service.pb.h"

namespace ledger::ledgerctl {

// The registry row of `query`, read with a call signed by the global --key as --principal; the
// server's error as a Status otherwise (PERMISSION_DENIED when the signer may not read it).
absl::StatusOr<v1::RegistryPerson> LookUpPerson(CliContext& ctx, const v1::PersonQuery& query);

}  // namespace ledger::ledgerctl

#endif  // CLIENTS_LEDGERCTL_REGISTRY_CLI_H_
