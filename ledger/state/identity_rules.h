#ifndef LEDGER_STATE_IDENTITY_RULES_H_
#define LEDGER_STATE_IDENTITY_RULES_H_

// Field rules of principals and keys, shared by Genesis and the identity entries, and the names
// used for roles and kinds in error messages.

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/crypto/ed25519.h"
#include "ledger/v1/entry.pb.h"

namespace ledger::state {

inline constexpr size_t kPrincipalIdSizeMax = 64;
inline constexpr size_t kPrincipalNameRunesMax = 200;

// "ADMINISTRATOR" for ROLE_ADMINISTRATOR; "role 42" for a value the enum does not know.
std::string RoleName(int role);
// "ADMINISTRATOR, FUND_MANAGER".
std::string RoleNames(const v1::Principal& principal);
// "ADMINISTRATOR" for PRINCIPAL_KIND_ADMINISTRATOR; "kind 42" for an unknown value.
std::string KindName(int kind);

// An administrative division code: 6 (county), 9 (township) or 12 (village) digits. L-FIELD.
absl::Status CheckScopeFormat(std::string_view scope, std::string_view field);

// A principal to be registered in the log of `division_code` (`field` prefixes the messages,
// e.g. "principal"). L-FIELD (kInvalidArgument) for a malformed id, name, kind, scope or roles;
// L-IDENTITY (kInvalidArgument) for a scope outside the jurisdiction or ROLE_ADMINISTRATOR
// held by a principal whose kind is not PRINCIPAL_KIND_ADMINISTRATOR.
absl::Status ValidatePrincipal(const v1::Principal& principal, std::string_view division_code,
                               std::string_view field);

// An Ed25519 public key field: 32 bytes forming a valid key. kInvalidArgument with `rule`.
absl::StatusOr<crypto::Ed25519PublicKey> ParsePublicKey(std::string_view bytes,
                                                        std::string_view field,
                                                        std::string_view rule);

}  // namespace ledger::state

#endif  // LEDGER_STATE_IDENTITY_RULES_H_
