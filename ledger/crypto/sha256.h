#ifndef LEDGER_CRYPTO_SHA256_H_
#define LEDGER_CRYPTO_SHA256_H_

// SHA-256 through OpenSSL. Thread-safe: every call uses its own context.
//
//   Sha256Digest d = Sha256("abc");
//   Sha256Hasher h; h.Update("\x00", 1); h.Update(leaf); Sha256Digest leaf_hash = h.Final();

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace ledger::crypto {

inline constexpr size_t kSha256Size = 32;
using Sha256Digest = std::array<uint8_t, kSha256Size>;

Sha256Digest Sha256(std::string_view data);

// Incremental hashing, for hashing prefixes and parts without copying them together.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  void Update(std::string_view data);
  void Update(const uint8_t* data, size_t size);
  // Returns the digest; the hasher must not be used afterwards.
  Sha256Digest Final();

 private:
  EVP_MD_CTX* ctx_;
};

// Lower-case hex of a byte string, and its inverse (false on odd length or non-hex input).
std::string ToHex(std::string_view bytes);
inline std::string ToHex(const Sha256Digest& d) {
  return ToHex(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
}
bool FromHex(std::string_view hex, std::string* bytes);

inline std::string_view AsStringView(const Sha256Digest& d) {
  return std::string_view(reinterpret_cast<const char*>(d.data()), d.size());
}

}  // namespace ledger::crypto

#endif  // LEDGER_CRYPTO_SHA256_H_
