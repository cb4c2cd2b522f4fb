#include "ledger/merkle/hash.h"

#include <bit>
#include <cstdint>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace ledger::merkle {
namespace {

constexpr uint8_t kLeafPrefix = 0x00;
constexpr uint8_t kNodePrefix = 0x01;

}  // namespace

Hash LeafHash(std::string_view leaf) {
  crypto::Sha256Hasher hasher;
  hasher.Update(&kLeafPrefix, 1);
  hasher.Update(leaf);
  return hasher.Final();
}

Hash NodeHash(const Hash& left, const Hash& right) {
  // One contiguous buffer: a single one-shot digest is cheaper than an incremental context, and
  // interior nodes are most of the hashing a server does.
  char buffer[1 + 2 * kHashSize];
  buffer[0] = static_cast<char>(kNodePrefix);
  std::memcpy(buffer + 1, left.data(), kHashSize);
  std::memcpy(buffer + 1 + kHashSize, right.data(), kHashSize);
  return crypto::Sha256(std::string_view(buffer, sizeof(buffer)));
}

const Hash& EmptyRoot() {
  static const Hash empty_root = crypto::Sha256("");
  return empty_root;
}

Hash RootFromLeafHashes(std::span<const Hash> leaf_hashes) {
  const size_t n = leaf_hashes.size();
  if (n == 0) return EmptyRoot();
  if (n == 1) return leaf_hashes[0];
  // k is the largest power of two smaller than n (RFC 9162 §2.1.1).
  const size_t k = std::bit_floor(n - 1);
  return NodeHash(RootFromLeafHashes(leaf_hashes.first(k)),
                  RootFromLeafHashes(leaf_hashes.subspan(k)));
}

absl::StatusOr<Hash> HashFromBytes(std::string_view bytes) {
  if (bytes.size() != kHashSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("hash has ", bytes.size(), " bytes, expected ", kHashSize));
  }
  Hash hash;
  std::memcpy(hash.data(), bytes.data(), kHashSize);
  return hash;
}

}  // namespace ledger::merkle
