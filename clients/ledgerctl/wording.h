#ifndef CLIENTS_LEDGERCTL_WORDING_H_
#define CLIENTS_LEDGERCTL_WORDING_H_

// Server messages in the words a ledgerctl user types. The server names enum values and body
// types as the protocol does (FUND_SOURCE_CENTRAL_LINKAGE, ledger.v1.PlanApproval, roles as
// PROJECT_MANAGER); on the command line they are central-linkage, `project approve` and
// project-manager. --json output keeps the protocol's names.

#include <string>
#include <string_view>

namespace ledger::ledgerctl {

// `message` with enum value names turned into their command-line words, role names into
// role words, and body types into the command that writes them:
//   "a OPERATION_MODE_LEASE contract"            -> "a lease contract"
//   "may not submit ledger.v1.PlanApproval: requires PROJECT_MANAGER"
//     -> "may not submit `project approve` (PlanApproval): requires project-manager"
std::string ForPeople(std::string_view message);

}  // namespace ledger::ledgerctl

#endif  // CLIENTS_LEDGERCTL_WORDING_H_
