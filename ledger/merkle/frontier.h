#ifndef LEDGER_MERKLE_FRONTIER_H_
#define LEDGER_MERKLE_FRONTIER_H_

// The right edge of a growing Merkle tree (a "compact range" over [0, size)): the hashes of the
// popcount(size) perfect subtrees that cover all leaves, largest first. That is all the state an
// appender needs to compute the next root and the nodes to store, in O(log n) memory and hashes.
//
//   LEDGER_ASSIGN_OR_RETURN(Frontier frontier, Frontier::FromStoredNodes(reader, committed_size));
//   Frontier tentative = frontier;                       // copy: compute a batch, commit later
//   for (const std::string& leaf : batch) {
//     for (const Node& node : tentative.Append(LeafHash(leaf))) to_store.push_back(node);
//   }
//   Hash root = tentative.Root();
//
// A value type; not thread-safe (copy it, or guard it).

#include <cstdint>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "ledger/merkle/hash.h"
#include "ledger/merkle/nodes.h"

namespace ledger::merkle {

// The ids of the frontier of a tree of `size` leaves: RangeNodeIds(0, size), one per set bit of
// size, in decreasing level. Requires size <= kTreeSizeMax.
std::vector<NodeId> FrontierNodeIds(uint64_t size);

class Frontier {
 public:
  // The frontier of the empty tree.
  Frontier() = default;

  // A frontier from the hashes of FrontierNodeIds(size), in that order. InvalidArgument if
  // size > kTreeSizeMax or the count is not popcount(size).
  static absl::StatusOr<Frontier> FromHashes(uint64_t size, std::span<const Hash> hashes);

  // Reads FrontierNodeIds(size) in one call (none for size 0). InvalidArgument for
  // size > kTreeSizeMax; reader errors unchanged; kInternal if the reader returns the wrong count.
  static absl::StatusOr<Frontier> FromStoredNodes(NodeReader& reader, uint64_t size);

  // The number of leaves.
  uint64_t size() const { return size_; }

  // The hashes of FrontierNodeIds(size()), in that order.
  std::span<const Hash> hashes() const { return hashes_; }

  // Appends the leaf with hash `leaf_hash` (see LeafHash) and returns the perfect subtrees that
  // this leaf completes, lowest first: the leaf itself at level 0, then one node per level that it
  // closes. These are exactly the nodes with end() == size() after the append; storing them after
  // every append stores every perfect subtree once. Requires size() < kTreeSizeMax.
  std::vector<Node> Append(const Hash& leaf_hash);

  // The root of the tree: EmptyRoot() for size 0. O(log n) hashes.
  Hash Root() const;

  friend bool operator==(const Frontier&, const Frontier&) = default;

 private:
  Frontier(uint64_t size, std::vector<Hash> hashes) : size_(size), hashes_(std::move(hashes)) {}

  uint64_t size_ = 0;
  // One hash per set bit of size_, highest bit first.
  std::vector<Hash> hashes_;
};

}  // namespace ledger::merkle

#endif  // LEDGER_MERKLE_FRONTIER_H_
