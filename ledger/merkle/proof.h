#ifndef LEDGER_MERKLE_PROOF_H_
#define LEDGER_MERKLE_PROOF_H_

// Building RFC 9162 inclusion and consistency proofs, and roots of any tree size, from the stored
// perfect-subtree hashes (nodes.h) with one batched read of O(log n) nodes.
//
// Every proof element is the Merkle tree hash of a range of leaves. When the range is a perfect
// subtree, the element is a stored node. On the ragged right edge of a tree whose size is not a
// power of two it is an "ephemeral" node, which no one stores: it is recomputed from the perfect
// subtrees that cover its range, hashed together right to left. Planning is separate from reading
// so that a storage layer can fetch the nodes however it likes (and batch several plans):
//
//   LEDGER_ASSIGN_OR_RETURN(ProofPlan plan, InclusionPlan(index, size));
//   LEDGER_ASSIGN_OR_RETURN(std::vector<Hash> hashes, FetchSomehow(plan.ids()));
//   LEDGER_ASSIGN_OR_RETURN(std::vector<Hash> proof, plan.Assemble(hashes));
//
// or in one call with a NodeReader: InclusionProof(reader, index, size).
//
// Plans are immutable values; all functions are thread-safe if the reader is.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "ledger/merkle/hash.h"
#include "ledger/merkle/nodes.h"

namespace ledger::merkle {

// How to build one proof from stored nodes.
class ProofPlan {
 public:
  // The stored nodes the proof needs, in proof order (an ephemeral element's nodes left to right).
  // They are distinct, because the proof elements cover disjoint leaf ranges, and deterministic:
  // the same arguments always give the same list. Every id lies inside the tree the plan is for.
  // Empty when the proof is empty.
  const std::vector<NodeId>& ids() const { return ids_; }

  // The number of hashes in the assembled proof.
  size_t proof_size() const { return element_ends_.size(); }

  // The RFC 9162 proof (audit path order: from the leaf's or subtree's sibling upwards), given the
  // hashes of ids() in the same order. InvalidArgument if the count differs from ids().size().
  absl::StatusOr<std::vector<Hash>> Assemble(std::span<const Hash> hashes) const;

 private:
  friend absl::StatusOr<ProofPlan> InclusionPlan(uint64_t, uint64_t);
  friend absl::StatusOr<ProofPlan> ConsistencyPlan(uint64_t, uint64_t);

  ProofPlan() = default;

  // Appends one proof element: the Merkle tree hash of leaves [begin, end), which must start at a
  // multiple of the smallest power of two >= end - begin (true of every subtree in RFC 9162).
  void AddRange(uint64_t begin, uint64_t end);

  std::vector<NodeId> ids_;
  // Proof element e is the fold, right to left, of the hashes of ids_[element_ends_[e - 1]] up to
  // ids_[element_ends_[e]] (exclusive): one node for a perfect subtree, several (in decreasing
  // level) for an ephemeral one.
  std::vector<uint32_t> element_ends_;
};

// The plan for the inclusion proof of leaf `index` in the tree of `size` leaves (RFC 9162
// §2.1.3.1 PATH). InvalidArgument unless index < size <= kTreeSizeMax.
absl::StatusOr<ProofPlan> InclusionPlan(uint64_t index, uint64_t size);

// The plan for the consistency proof from tree size `size1` to `size2` (RFC 9162 §2.1.4.1
// PROOF). Empty when size1 == 0 or size1 == size2. InvalidArgument unless
// size1 <= size2 <= kTreeSizeMax.
absl::StatusOr<ProofPlan> ConsistencyPlan(uint64_t size1, uint64_t size2);

// Plan, one batched read (none for an empty proof), assemble. Errors from planning, from the
// reader (unchanged), or kInternal if the reader returns the wrong number of hashes.
absl::StatusOr<std::vector<Hash>> InclusionProof(NodeReader& reader, uint64_t index, uint64_t size);
absl::StatusOr<std::vector<Hash>> ConsistencyProof(NodeReader& reader, uint64_t size1,
                                                   uint64_t size2);

// The root of the tree of `size` leaves, from the popcount(size) perfect subtrees that cover it
// (RangeNodeIds(0, size)), in one read; EmptyRoot() without a read for size 0. InvalidArgument if
// size > kTreeSizeMax; reader errors as above.
absl::StatusOr<Hash> RootAt(NodeReader& reader, uint64_t size);

}  // namespace ledger::merkle

#endif  // LEDGER_MERKLE_PROOF_H_
