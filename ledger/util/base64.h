#ifndef LEDGER_UTIL_BASE64_H_
#define LEDGER_UTIL_BASE64_H_

// Standard base64 (RFC 4648 §4, with padding), as used by signed notes and DSSE.

#include <string>
#include <string_view>

namespace ledger {

std::string Base64Encode(std::string_view bytes);

// Strict: only the canonical padded encoding of some byte string is accepted (no whitespace,
// no missing padding, no non-zero trailing bits). Returns false otherwise.
bool Base64DecodeStrict(std::string_view text, std::string* bytes);

}  // namespace ledger

#endif  // LEDGER_UTIL_BASE64_H_
