#include "ledger/crypto/sha256.h"

#include "ledger/util/check.h"

namespace ledger::crypto {

Sha256Digest Sha256(std::string_view data) {
  Sha256Digest out;
  unsigned int len = 0;
  LEDGER_CHECK(EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr) == 1);
  LEDGER_CHECK(len == kSha256Size);
  return out;
}

Sha256Hasher::Sha256Hasher() : ctx_(EVP_MD_CTX_new()) {
  LEDGER_CHECK(ctx_ != nullptr);
  LEDGER_CHECK(EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr) == 1);
}

Sha256Hasher::~Sha256Hasher() { EVP_MD_CTX_free(ctx_); }

void Sha256Hasher::Update(std::string_view data) {
  LEDGER_CHECK(EVP_DigestUpdate(ctx_, data.data(), data.size()) == 1);
}

void Sha256Hasher::Update(const uint8_t* data, size_t size) {
  LEDGER_CHECK(EVP_DigestUpdate(ctx_, data, size) == 1);
}

Sha256Digest Sha256Hasher::Final() {
  Sha256Digest out;
  unsigned int len = 0;
  LEDGER_CHECK(EVP_DigestFinal_ex(ctx_, out.data(), &len) == 1);
  LEDGER_CHECK(len == kSha256Size);
  return out;
}

std::string ToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xf]);
  }
  return out;
}

bool FromHex(std::string_view hex, std::string* bytes) {
  if (hex.size() % 2 != 0) return false;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>((hi << 4) | lo));
  }
  *bytes = std::move(out);
  return true;
}

}  // namespace ledger::crypto
