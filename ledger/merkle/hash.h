#ifndef LEDGER_MERKLE_HASH_H_
#define LEDGER_MERKLE_HASH_H_

// Merkle tree hashing exactly as RFC 9162 §2.1.1 (the same as RFC 6962 §2.1): SHA-256 with a
// one-byte domain separator, so that a leaf can never be passed off as an interior node.
//
//   Hash leaf = LeafHash(leaf_bytes);                 // SHA-256(0x00 || leaf)
//   Hash node = NodeHash(left, right);                // SHA-256(0x01 || left || right)
//   Hash root = RootFromLeafHashes(leaf_hashes);      // MTH(D[n]), O(n) time; reference only
//
// All functions are pure and thread-safe.

#include <cstddef>
#include <span>
#include <string_view>

#include "absl/status/statusor.h"
#include "ledger/crypto/sha256.h"

namespace ledger::merkle {

using Hash = crypto::Sha256Digest;
inline constexpr size_t kHashSize = crypto::kSha256Size;

// SHA-256(0x00 || leaf): the hash of one leaf, given the exact bytes stored in the log.
Hash LeafHash(std::string_view leaf);

// SHA-256(0x01 || left || right): the hash of an interior node.
Hash NodeHash(const Hash& left, const Hash& right);

// SHA-256(""): the root of the tree with no leaves.
const Hash& EmptyRoot();

// The Merkle tree hash MTH(D[n]) of RFC 9162 §2.1.1 over the given leaf hashes, computed by the
// definition (split at the largest power of two smaller than n). O(n) hashes: use it for tests and
// small trees; servers use Frontier or RootAt (proof.h) instead.
Hash RootFromLeafHashes(std::span<const Hash> leaf_hashes);

// Parses a hash received as raw bytes (e.g. decoded from base64). InvalidArgument unless the input
// is exactly kHashSize bytes long.
absl::StatusOr<Hash> HashFromBytes(std::string_view bytes);

}  // namespace ledger::merkle

#endif  // LEDGER_MERKLE_HASH_H_
