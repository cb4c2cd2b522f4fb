#ifndef LEDGER_REGISTRY_PERSON_H_
#define LEDGER_REGISTRY_PERSON_H_

// The fields of a registry row (人员信息, proto/ledger/v1/registry_service.proto PersonFields):
// checks with precise messages, and the masks the public sees. Pure functions.
//
//   LEDGER_ASSIGN_OR_RETURN(std::string id, NormalizeIdentityNumber("34172119800101001x"));
//   MaskName("张三兵") == "张*兵"

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/v1/registry_service.pb.h"

namespace ledger::registry {

// A resident identity number (公民身份号码, GB 11643-1999): 6-digit region code, 8-digit birth
// date that exists (years 1900 to 2099, not after `today` when given as YYYY-MM-DD), 3-digit
// sequence, and the ISO 7064 MOD 11-2 check character (0-9 or X). Full-width digits and X (全角,
// as typed with a Chinese input method) and a lower-case x are accepted and returned as ASCII
// upper-case. kInvalidArgument naming what is wrong, e.g. "id_number check character is 5,
// expected X".
absl::StatusOr<std::string> NormalizeIdentityNumber(std::string_view id_number,
                                                    std::string_view today = "");

// Every field of a registration (the village must lie within `jurisdiction`, the log's 6-digit
// county code; a birth date after `today` is refused). Returns the fields normalized (identity
// number as NormalizeIdentityNumber; phone as given; spaces removed from the bank account).
// kInvalidArgument naming the field, its rule and the value's problem (never echoing the identity
// number or bank account in full).
absl::StatusOr<v1::PersonFields> CheckPersonFields(const v1::PersonFields& fields,
                                                   std::string_view jurisdiction,
                                                   std::string_view today);

// 张三兵 -> 张*兵, 张三 -> 张*, 欧阳娜娜 -> 欧**娜, 张 -> *: the first character, a star for
// each hidden character, and the last character when the name has three or more. Characters, not
// bytes. "" for "".
std::string MaskName(std::string_view name);

}  // namespace ledger::registry

#endif  // LEDGER_REGISTRY_PERSON_H_
