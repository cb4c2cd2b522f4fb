#ifndef LEDGER_STATE_SIGNERS_H_
#define LEDGER_STATE_SIGNERS_H_

// Step 4 of Apply (state.h): who signed the entry.

#include <cstdint>

#include "absl/status/status.h"
#include "ledger/state/entry.h"

namespace ledger::state {

class LedgerState;

// For a Genesis: exactly one signature, by the administrator key it registers. Otherwise: every
// keyid names a key registered before `index` and not revoked, and the first signature's key
// belongs to header().principal_id. Errors: L-KEY kUnauthenticated (L-GENESIS kInvalidArgument
// for a Genesis whose key is malformed). Then, unless entry.signatures_verified, every signature
// must verify: L-SIGNATURE kUnauthenticated.
absl::Status CheckSigners(const LedgerState& state, const Entry& entry, uint64_t index);

}  // namespace ledger::state

#endif  // LEDGER_STATE_SIGNERS_H_
