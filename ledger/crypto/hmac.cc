#include "ledger/crypto/hmac.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "ledger/util/check.h"

namespace ledger::crypto {

Sha256Digest HmacSha256(std::string_view key, std::string_view message) {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  LEDGER_CHECK(mac != nullptr);
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
  LEDGER_CHECK(ctx != nullptr);
  char digest_name[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
      OSSL_PARAM_construct_end(),
  };
  // EVP_MAC_init rejects a null key pointer even for a zero-length key.
  static constexpr unsigned char kEmpty[1] = {0};
  const auto* key_bytes = key.empty() ? kEmpty : reinterpret_cast<const unsigned char*>(key.data());
  LEDGER_CHECK(EVP_MAC_init(ctx, key_bytes, key.size(), params) == 1);
  LEDGER_CHECK(EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(message.data()),
                              message.size()) == 1);
  Sha256Digest out;
  size_t len = 0;
  LEDGER_CHECK(EVP_MAC_final(ctx, out.data(), &len, out.size()) == 1);
  LEDGER_CHECK(len == kSha256Size);
  EVP_MAC_CTX_free(ctx);
  EVP_MAC_free(mac);
  return out;
}

std::string RandomBytes(size_t size) {
  std::string out(size, '\0');
  if (size > 0) {
    LEDGER_CHECK(RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(size)) ==
                 1);
  }
  return out;
}

}  // namespace ledger::crypto
