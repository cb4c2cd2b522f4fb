#ifndef LEDGER_MERKLE_VERIFY_H_
#define LEDGER_MERKLE_VERIFY_H_

// Verification of Merkle inclusion and consistency proofs, exactly as RFC 9162 §2.1.3.2 and
// §2.1.4.2. This is what clients and auditors run; it needs no storage.
//
//   LEDGER_RETURN_IF_ERROR(VerifyInclusion(index, checkpoint.size, LeafHash(leaf), proof,
//                                          checkpoint.root));
//   LEDGER_RETURN_IF_ERROR(VerifyConsistency(old.size, cur.size, old.root, cur.root, proof));
//
// Every failure is kInvalidArgument with a message that names the sizes and the first check that
// failed; a proof of the wrong length is rejected before any hashing. Pure and thread-safe.

#include <cstddef>
#include <cstdint>
#include <span>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/merkle/hash.h"

namespace ledger::merkle {

// The number of hashes in the inclusion proof of leaf `index` in a tree of `size` leaves.
// Requires index < size.
size_t InclusionProofSize(uint64_t index, uint64_t size);

// The number of hashes in the consistency proof from tree size `size1` to `size2`: 0 when
// size1 == 0 or size1 == size2. Requires size1 <= size2.
size_t ConsistencyProofSize(uint64_t size1, uint64_t size2);

// The root of the tree of `tree_size` leaves implied by an inclusion proof (the audit path, leaf
// sibling first) for the leaf with hash `leaf_hash` at `leaf_index`. Errors if
// leaf_index >= tree_size or if the proof does not have InclusionProofSize(...) hashes.
absl::StatusOr<Hash> RootFromInclusionProof(uint64_t leaf_index, uint64_t tree_size,
                                            const Hash& leaf_hash, std::span<const Hash> proof);

// OK iff `proof` proves that the leaf with hash `leaf_hash` is at `leaf_index` in the tree of
// `tree_size` leaves whose root is `root`.
absl::Status VerifyInclusion(uint64_t leaf_index, uint64_t tree_size, const Hash& leaf_hash,
                             std::span<const Hash> proof, const Hash& root);

// OK iff `proof` proves that the tree of `size1` leaves with root `root1` is a prefix of the tree
// of `size2` leaves with root `root2`. Beyond RFC 9162 §2.1.4.2, which covers 0 < size1 < size2:
//   - size1 > size2 is an error;
//   - size1 == size2 requires an empty proof and root1 == root2;
//   - size1 == 0 requires an empty proof and root1 == EmptyRoot() (every tree extends the empty
//     tree, but a root claimed for size 0 must still be the empty tree's root).
absl::Status VerifyConsistency(uint64_t size1, uint64_t size2, const Hash& root1, const Hash& root2,
                               std::span<const Hash> proof);

}  // namespace ledger::merkle

#endif  // LEDGER_MERKLE_VERIFY_H_
