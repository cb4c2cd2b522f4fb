#ifndef LEDGER_CRYPTO_ED25519_H_
#define LEDGER_CRYPTO_ED25519_H_

// Ed25519 (RFC 8032, pure) through OpenSSL 3 EVP. Keys are immutable after construction and
// safe to share between threads; Sign and Verify may be called concurrently.
//
//   auto key = Ed25519PrivateKey::Generate();
//   std::string sig = key.Sign("message");
//   bool ok = key.public_key().Verify("message", sig);

#include <openssl/evp.h>

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace ledger::crypto {

inline constexpr size_t kEd25519PublicKeySize = 32;
inline constexpr size_t kEd25519SeedSize = 32;
inline constexpr size_t kEd25519SignatureSize = 64;

namespace internal {
struct EvpPkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using EvpPkeyPtr = std::shared_ptr<EVP_PKEY>;
}  // namespace internal

class Ed25519PublicKey {
 public:
  // Fails with kInvalidArgument unless `raw` is exactly 32 bytes forming a valid key encoding.
  static absl::StatusOr<Ed25519PublicKey> FromBytes(std::string_view raw);

  // True iff `signature` is a valid Ed25519 signature of `message` under this key.
  bool Verify(std::string_view message, std::string_view signature) const;

  // The 32-byte raw public key.
  const std::string& bytes() const { return raw_; }

 private:
  Ed25519PublicKey(std::string raw, internal::EvpPkeyPtr pkey)
      : raw_(std::move(raw)), pkey_(std::move(pkey)) {}
  std::string raw_;
  internal::EvpPkeyPtr pkey_;
};

class Ed25519PrivateKey {
 public:
  // A fresh key from the operating system's random source.
  static Ed25519PrivateKey Generate();
  // Fails with kInvalidArgument unless `seed` is exactly 32 bytes.
  static absl::StatusOr<Ed25519PrivateKey> FromSeed(std::string_view seed);
  // Unencrypted PKCS#8 PEM (RFC 7468 label "PRIVATE KEY"), the format of our key files.
  static absl::StatusOr<Ed25519PrivateKey> FromPem(std::string_view pem);
  std::string ToPem() const;

  // The 64-byte signature of `message`.
  std::string Sign(std::string_view message) const;

  const std::string& seed() const { return seed_; }
  const Ed25519PublicKey& public_key() const { return public_key_; }

 private:
  static absl::StatusOr<Ed25519PrivateKey> FromEvp(EVP_PKEY* raw_pkey);
  Ed25519PrivateKey(std::string seed, internal::EvpPkeyPtr pkey, Ed25519PublicKey pub)
      : seed_(std::move(seed)), pkey_(std::move(pkey)), public_key_(std::move(pub)) {}
  std::string seed_;
  internal::EvpPkeyPtr pkey_;
  Ed25519PublicKey public_key_;
};

}  // namespace ledger::crypto

#endif  // LEDGER_CRYPTO_ED25519_H_
