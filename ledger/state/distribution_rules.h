#ifndef LEDGER_STATE_DISTRIBUTION_RULES_H_
#define LEDGER_STATE_DISTRIBUTION_RULES_H_

// What the income, distribution and announcement handlers share (income_handlers.cc,
// distribution_handlers.cc, announcement_handlers.cc): the L-INCOME error, finding plans, the
// signer of an entry, and the photovoltaic categories (R23).

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/state/distribution_state.h"
#include "ledger/state/entry.h"
#include "ledger/v1/assets.pb.h"
#include "ledger/v1/entry.pb.h"

namespace ledger::state {

class LedgerState;

// Rule L-INCOME with `code`: unknown ids (kNotFound), duplicates (kAlreadyExists), a step the
// plan's stage does not allow (kFailedPrecondition).
absl::Status IncomeError(absl::StatusCode code, std::string_view message);

// L-INCOME kNotFound for an unknown plan.
absl::StatusOr<const PlanRecord*> FindPlan(const LedgerState& state, std::string_view plan_id);

// The `plan_id` field of a distribution body (empty if it has none).
std::string PlanIdOf(const Entry& entry);

// The registered principal that signed `entry` (null if unknown: Apply has already refused it).
const v1::Principal* Signer(const LedgerState& state, const Entry& entry);

// PHOTOVOLTAIC_STATION or HOUSEHOLD_PHOTOVOLTAIC.
bool IsPhotovoltaic(v1::AssetCategory category);

}  // namespace ledger::state

#endif  // LEDGER_STATE_DISTRIBUTION_RULES_H_
