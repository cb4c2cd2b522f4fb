#ifndef LEDGER_MERKLE_NODES_H_
#define LEDGER_MERKLE_NODES_H_

// The stored form of a Merkle tree: the hash of every perfect (complete) subtree, keyed by NodeId.
//
// Node (level, index) covers the 2^level leaves [index * 2^level, (index + 1) * 2^level); level 0
// holds the leaf hashes. A perfect subtree never changes once its last leaf is appended, so the
// server stores each one exactly once (Frontier::Append returns them) and builds every root and
// proof of every tree size from O(log n) of them (proof.h).
//
//   NodeId id{.level = 2, .index = 3};   // leaves [12, 16)
//   std::vector<NodeId> ids = RangeNodeIds(0, 13);   // (3,0) (2,2) (0,12)

#include <compare>
#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "ledger/merkle/hash.h"

namespace ledger::merkle {

// The largest tree size (and leaf count) this library accepts. Keeping sizes at or below 2^63
// keeps every leaf range [begin, end) of every node representable in uint64_t.
inline constexpr uint64_t kTreeSizeMax = uint64_t{1} << 63;

struct NodeId {
  uint32_t level = 0;  // 0 = leaf; at most 63.
  uint64_t index = 0;  // position among the nodes of this level, from the left.

  // The leaves [begin(), end()) under this node. Requires end() <= kTreeSizeMax.
  uint64_t begin() const { return index << level; }
  uint64_t end() const { return (index + 1) << level; }

  std::string DebugString() const;

  friend bool operator==(const NodeId&, const NodeId&) = default;
  // Orders by level, then index.
  friend auto operator<=>(const NodeId&, const NodeId&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const NodeId& id) {
    return H::combine(std::move(h), id.level, id.index);
  }
};

std::ostream& operator<<(std::ostream& os, const NodeId& id);

// A perfect subtree and its hash, as stored.
struct Node {
  NodeId id;
  Hash hash;

  friend bool operator==(const Node&, const Node&) = default;
};

// The fewest perfect subtrees that exactly cover the leaves [begin, end), left to right (the
// "compact range" of [begin, end)). For begin = 0 the levels strictly decrease: one node per set
// bit of end. At most 2 * 64 ids. Requires begin <= end <= kTreeSizeMax.
std::vector<NodeId> RangeNodeIds(uint64_t begin, uint64_t end);

// Read access to stored perfect-subtree hashes; implemented by the storage layer (and by in-memory
// fakes in tests). The functions in this library call ReadNodes at most once per operation, with a
// non-empty list of distinct ids, each covering only leaves below the tree size in question (so
// every requested node exists once that tree size has been committed).
class NodeReader {
 public:
  virtual ~NodeReader() = default;

  // Returns the hashes of `ids`, in the same order and of the same count. A missing node is an
  // error (kNotFound, or kDataLoss if the store knows it should exist); storage failures come back
  // unchanged (e.g. kUnavailable).
  virtual absl::StatusOr<std::vector<Hash>> ReadNodes(std::span<const NodeId> ids) = 0;
};

// Calls reader.ReadNodes(ids) (not at all if ids is empty) and checks that it kept its contract on
// the count (kInternal otherwise), so that callers can index the result safely.
absl::StatusOr<std::vector<Hash>> ReadNodesChecked(NodeReader& reader, std::span<const NodeId> ids);

}  // namespace ledger::merkle

#endif  // LEDGER_MERKLE_NODES_H_
