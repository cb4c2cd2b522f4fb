#ifndef LEDGER_STATE_RULES_H_
#define LEDGER_STATE_RULES_H_

// The log's own rule ids (docs/FORMATS.md §10), spelled once. The field's rules are "R1".."R32"
// (DOMAIN.md §5).

#include <string_view>

namespace ledger::state::rules {

inline constexpr std::string_view kEnvelope = "L-ENVELOPE";    // envelope bytes malformed
inline constexpr std::string_view kPayload = "L-PAYLOAD";      // unknown type, non-canonical body
inline constexpr std::string_view kHeader = "L-HEADER";        // EntryHeader malformed
inline constexpr std::string_view kOrigin = "L-ORIGIN";        // entry for another log
inline constexpr std::string_view kGenesis = "L-GENESIS";      // genesis position and content
inline constexpr std::string_view kDate = "L-DATE";            // business date in the future
inline constexpr std::string_view kKey = "L-KEY";              // unknown, revoked, foreign key
inline constexpr std::string_view kSignature = "L-SIGNATURE";  // signature does not verify
inline constexpr std::string_view kAuth = "L-AUTH";            // role or scope not allowed
inline constexpr std::string_view kIdentity = "L-IDENTITY";    // principal and key registry
inline constexpr std::string_view kPolicy = "L-POLICY";        // policy parameters
inline constexpr std::string_view kField = "L-FIELD";          // a body field malformed
inline constexpr std::string_view kPrivacy = "L-PRIVACY";      // personal data in a log field
inline constexpr std::string_view kFund = "L-FUND";            // fund ids: unknown, duplicate
inline constexpr std::string_view kAsset = "L-ASSET";          // asset ids: unknown, duplicate
inline constexpr std::string_view kIncome = "L-INCOME";        // income ids, overlapping periods

}  // namespace ledger::state::rules

#endif  // LEDGER_STATE_RULES_H_
