#ifndef LEDGER_STATE_ASSET_RULES_H_
#define LEDGER_STATE_ASSET_RULES_H_

// What the asset handlers (asset_handlers.cc, disposal_handlers.cc) share: finding assets and
// disposals (L-ASSET kNotFound), checking locations and parties, and the status rules every
// asset entry obeys (R27: nothing after a final disposal).

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "ledger/state/asset_state.h"
#include "ledger/state/entry.h"

namespace ledger::state {

class LedgerState;

absl::Status AssetError(absl::StatusCode code, std::string_view message);

absl::StatusOr<const AssetRecord*> FindAsset(const LedgerState& state, std::string_view code);
absl::StatusOr<const DisposalRecord*> FindDisposal(const LedgerState& state,
                                                   std::string_view disposal_id);

// The `asset_code` / `disposal_id` field of an asset or disposal body (empty if it has none).
std::string AssetCodeOf(const Entry& entry);
std::string DisposalIdOf(const Entry& entry);

// A division code of 6, 9 or 12 digits within the log's jurisdiction (L-FIELD if malformed,
// L-ASSET kInvalidArgument if outside); returns it.
absl::StatusOr<std::string> CheckLocation(const LedgerState& state, std::string_view location,
                                          std::string_view field);

// A party (assets.proto Party): county 6 digits = the log's division, township 9 and village 12
// digits within the jurisdiction (L-ASSET kNotFound otherwise), a household with its village
// and a pseudonymous reference and no name, an organisation with a name.
absl::Status CheckParty(const LedgerState& state, const v1::Party& party, std::string_view field);
// Each party checked, no party twice; shares 1..10000 when `with_shares`, else 0.
absl::Status CheckParties(const LedgerState& state,
                          const google::protobuf::RepeatedPtrField<v1::PartyShare>& parties,
                          std::string_view field, bool with_shares);

// R27: the asset is not disposed.
absl::Status CheckNotDisposed(const AssetRecord& asset);
// L-ASSET kFailedPrecondition while a disposal of the asset is open.
absl::Status CheckNoOpenDisposal(const AssetRecord& asset);

}  // namespace ledger::state

#endif  // LEDGER_STATE_ASSET_RULES_H_
