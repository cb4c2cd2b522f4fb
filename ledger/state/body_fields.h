#ifndef LEDGER_STATE_BODY_FIELDS_H_
#define LEDGER_STATE_BODY_FIELDS_H_

// Checks of the fields that fund, asset and income bodies share (identifiers, names, enums,
// amounts in fen, dates, document hashes), so that each kind of field is checked, and rejected,
// the same way everywhere. Malformed fields are L-FIELD kInvalidArgument naming the field; a
// broken business rule is RuleViolation: kFailedPrecondition with the rule id.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "ledger/state/civil_date.h"
#include "ledger/state/entry.h"
#include "ledger/state/field_rules.h"

namespace ledger::state {

inline constexpr size_t kIdSizeMax = 64;          // identifiers: [A-Za-z0-9._-]{1,64}
inline constexpr size_t kNameRunesMax = 200;      // names of parties, assets, projects
inline constexpr size_t kDocumentRunesMax = 100;  // document numbers, references
inline constexpr size_t kReasonRunesMax = 500;    // reasons, opinions, bases
inline constexpr size_t kContentRunesMax = 2000;  // descriptions
inline constexpr uint32_t kBasisPoints = 10'000;  // 100 %
inline constexpr size_t kHashSize = 32;           // SHA-256

absl::Status FieldError(std::string_view message);
absl::Status RuleViolation(std::string_view rule, std::string_view message);

absl::Status CheckId(std::string_view id, std::string_view field);
absl::Status CheckName(std::string_view text, std::string_view field, size_t runes_max);
// Empty, or CheckName.
absl::Status CheckOptionalName(std::string_view text, std::string_view field, size_t runes_max);
// A pseudonymous household reference (SPEC §4 Privacy): an identifier that does not have the
// shape of a resident identity number (17 digits and a digit or X).
absl::Status CheckHouseholdRef(std::string_view ref, std::string_view field);

// SPEC §4 Privacy: a free-text field of the log (a bank transaction reference, a basis, an
// opinion) must not carry what the privacy registry keeps. Refuses (kInvalidArgument, rule
// L-PRIVACY, naming the field and what it looks like) a run of digits that is a resident identity
// number (18 characters, valid GB 11643 check character), a mainland mobile number (11 digits
// 13x..19x) or a bank card number (16 to 19 digits passing the Luhn check).
absl::Status CheckNoPersonalData(std::string_view text, std::string_view field);
// A value of `type` other than 0 (UNSPECIFIED).
absl::Status CheckEnum(const google::protobuf::EnumDescriptor* type, int value,
                       std::string_view field);
// fen > 0.
absl::Status CheckAmount(int64_t fen, std::string_view field);
// fen >= 0.
absl::Status CheckNonNegative(int64_t fen, std::string_view field);
// A civil date "YYYY-MM-DD".
absl::StatusOr<CivilDate> CheckDate(std::string_view text, std::string_view field);
// R5: an event is recorded on or after the day it happens, so `date` (a valid date) is not
// after the entry's business date.
// `rule` is the rule id of the rejection (R5 for fund entries).
absl::Status CheckNotAfterRecord(const Entry& entry, const std::string& date,
                                 std::string_view field, std::string_view rule = "R5");
// 32 bytes (a SHA-256 of a document).
absl::Status CheckHash(std::string_view bytes, std::string_view field);
// L-FIELD: `what` overflows int64.
absl::Status Overflow(std::string_view what);
// a + b, or L-FIELD naming `what` if it overflows int64.
absl::StatusOr<int64_t> CheckedAdd(int64_t a, int64_t b, std::string_view what);
// floor(amount × bp / 10000) without overflow, for amount >= 0 and bp <= 10000.
int64_t ShareOf(int64_t amount, uint32_t bp);
// "12.34%" for 1234 basis points.
std::string FormatPercent(int64_t bp);

}  // namespace ledger::state

#endif  // LEDGER_STATE_BODY_FIELDS_H_
