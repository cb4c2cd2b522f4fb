#include "ledger/crypto/ed25519.h"

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ledger/util/check.h"

namespace ledger::crypto {
namespace {

internal::EvpPkeyPtr Wrap(EVP_PKEY* p) {
  return internal::EvpPkeyPtr(p, internal::EvpPkeyDeleter());
}

}  // namespace

absl::StatusOr<Ed25519PublicKey> Ed25519PublicKey::FromBytes(std::string_view raw) {
  if (raw.size() != kEd25519PublicKeySize) {
    return absl::InvalidArgumentError(absl::StrCat(
        "Ed25519 public key must be ", kEd25519PublicKeySize, " bytes, got ", raw.size()));
  }
  EVP_PKEY* p = EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
  if (p == nullptr) return absl::InvalidArgumentError("invalid Ed25519 public key");
  return Ed25519PublicKey(std::string(raw), Wrap(p));
}

bool Ed25519PublicKey::Verify(std::string_view message, std::string_view signature) const {
  if (signature.size() != kEd25519SignatureSize) return false;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  LEDGER_CHECK(ctx != nullptr);
  bool ok = EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, pkey_.get()) == 1 &&
            EVP_DigestVerify(
                ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

Ed25519PrivateKey Ed25519PrivateKey::Generate() {
  std::string seed(kEd25519SeedSize, '\0');
  LEDGER_CHECK(RAND_bytes(reinterpret_cast<unsigned char*>(seed.data()), seed.size()) == 1);
  auto key = FromSeed(seed);
  LEDGER_CHECK(key.ok());
  return *std::move(key);
}

absl::StatusOr<Ed25519PrivateKey> Ed25519PrivateKey::FromSeed(std::string_view seed) {
  if (seed.size() != kEd25519SeedSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("Ed25519 seed must be ", kEd25519SeedSize, " bytes, got ", seed.size()));
  }
  EVP_PKEY* p = EVP_PKEY_new_raw_private_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(seed.data()), seed.size());
  if (p == nullptr) return absl::InvalidArgumentError("invalid Ed25519 seed");
  return FromEvp(p);
}

absl::StatusOr<Ed25519PrivateKey> Ed25519PrivateKey::FromPem(std::string_view pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  LEDGER_CHECK(bio != nullptr);
  EVP_PKEY* p = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (p == nullptr) return absl::InvalidArgumentError("not a PEM private key");
  if (EVP_PKEY_get_id(p) != EVP_PKEY_ED25519) {
    EVP_PKEY_free(p);
    return absl::InvalidArgumentError("PEM private key is not an Ed25519 key");
  }
  return FromEvp(p);
}

std::string Ed25519PrivateKey::ToPem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  LEDGER_CHECK(bio != nullptr);
  LEDGER_CHECK(PEM_write_bio_PrivateKey(bio, pkey_.get(), nullptr, nullptr, 0, nullptr, nullptr) ==
               1);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(len));
  BIO_free(bio);
  return out;
}

std::string Ed25519PrivateKey::Sign(std::string_view message) const {
  std::string sig(kEd25519SignatureSize, '\0');
  size_t len = sig.size();
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  LEDGER_CHECK(ctx != nullptr);
  LEDGER_CHECK(EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, pkey_.get()) == 1);
  LEDGER_CHECK(EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                              reinterpret_cast<const unsigned char*>(message.data()),
                              message.size()) == 1);
  EVP_MD_CTX_free(ctx);
  LEDGER_CHECK(len == kEd25519SignatureSize);
  return sig;
}

absl::StatusOr<Ed25519PrivateKey> Ed25519PrivateKey::FromEvp(EVP_PKEY* raw_pkey) {
  internal::EvpPkeyPtr pkey = Wrap(raw_pkey);
  std::string seed(kEd25519SeedSize, '\0');
  size_t seed_len = seed.size();
  if (EVP_PKEY_get_raw_private_key(pkey.get(), reinterpret_cast<unsigned char*>(seed.data()),
                                   &seed_len) != 1 ||
      seed_len != kEd25519SeedSize) {
    return absl::InvalidArgumentError("cannot read Ed25519 private key");
  }
  std::string pub(kEd25519PublicKeySize, '\0');
  size_t pub_len = pub.size();
  LEDGER_CHECK(EVP_PKEY_get_raw_public_key(pkey.get(), reinterpret_cast<unsigned char*>(pub.data()),
                                           &pub_len) == 1);
  auto public_key = Ed25519PublicKey::FromBytes(pub);
  LEDGER_CHECK(public_key.ok());
  return Ed25519PrivateKey(std::move(seed), std::move(pkey), *std::move(public_key));
}

}  // namespace ledger::crypto
