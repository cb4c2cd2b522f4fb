#ifndef LEDGER_CRYPTO_HMAC_H_
#define LEDGER_CRYPTO_HMAC_H_

// HMAC-SHA256 (RFC 2104, FIPS 198-1) through OpenSSL's EVP_MAC, and random bytes from OpenSSL's
// CSPRNG. Thread-safe.
//
//   Sha256Digest tag = HmacSha256(secret, message);

#include <cstddef>
#include <string>
#include <string_view>

#include "ledger/crypto/sha256.h"

namespace ledger::crypto {

// Any key length is allowed (RFC 2104: longer than 64 bytes is hashed first).
Sha256Digest HmacSha256(std::string_view key, std::string_view message);

// `size` bytes from RAND_bytes; aborts if the CSPRNG fails (a machine that cannot make keys
// must not pretend to).
std::string RandomBytes(size_t size);

}  // namespace ledger::crypto

#endif  // LEDGER_CRYPTO_HMAC_H_
