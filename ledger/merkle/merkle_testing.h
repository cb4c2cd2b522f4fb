#ifndef LEDGER_MERKLE_MERKLE_TESTING_H_
#define LEDGER_MERKLE_MERKLE_TESTING_H_

// Test helpers for code that stores or reads Merkle tree nodes. Not for production use.
//
//   MemoryNodeStore store(TestLeafHashes(100));
//   MemoryNodeReader reader(store, /*tree_size=*/37);   // sees only nodes inside [0, 37)
//   auto proof = InclusionProof(reader, 5, 37);
//   EXPECT_EQ(*proof, ReferenceInclusionProof(store.LeafHashesUpTo(37), 5));

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "ledger/merkle/hash.h"
#include "ledger/merkle/nodes.h"

namespace ledger::merkle::testonly {

// Decodes hex; aborts on malformed input (test constants only).
std::string BytesFromHex(std::string_view hex);
Hash HashFromHex(std::string_view hex);

// `count` distinct leaf hashes: LeafHash of the 8-byte big-endian encoding of 0, 1, 2, ...
std::vector<Hash> TestLeafHashes(uint64_t count);

// Every perfect subtree hash of a tree over the given leaf hashes, computed level by level from
// pairs of children (independently of Frontier and of proof.h).
class MemoryNodeStore {
 public:
  explicit MemoryNodeStore(std::vector<Hash> leaf_hashes);

  uint64_t size() const { return levels_.empty() ? 0 : levels_[0].size(); }
  std::span<const Hash> LeafHashesUpTo(uint64_t size) const;
  // nullopt if the node is not a perfect subtree of this tree.
  std::optional<Hash> Get(const NodeId& id) const;
  // All perfect subtrees, ordered by NodeId.
  std::vector<Node> AllNodes() const;

 private:
  std::vector<std::vector<Hash>> levels_;
};

// A NodeReader over the store as it was at `tree_size`: a node that does not lie entirely inside
// [0, tree_size) is kNotFound, as it would be in a store that has only committed that size. Counts
// the calls and the ids read; can be told to fail.
class MemoryNodeReader : public NodeReader {
 public:
  MemoryNodeReader(const MemoryNodeStore& store, uint64_t tree_size)
      : store_(store), tree_size_(tree_size) {}

  absl::StatusOr<std::vector<Hash>> ReadNodes(std::span<const NodeId> ids) override;

  int read_calls() const { return read_calls_; }
  size_t ids_read() const { return ids_read_; }
  // Makes every later ReadNodes return this status (if not OK).
  void FailWith(absl::Status status) { fail_with_ = std::move(status); }
  // Makes every later ReadNodes return one hash too many (a broken reader).
  void ReturnExtraHash() { extra_hash_ = true; }

 private:
  const MemoryNodeStore& store_;
  uint64_t tree_size_;
  int read_calls_ = 0;
  size_t ids_read_ = 0;
  absl::Status fail_with_;
  bool extra_hash_ = false;
};

// RFC 9162 §2.1.3.1 PATH(index, D[n]) and §2.1.4.1 PROOF(size1, D[n]), computed literally from the
// definitions over the leaf hashes (n = leaf_hashes.size()). O(n) hashes each.
// ReferenceConsistencyProof returns the empty proof for size1 == 0 and size1 == n.
std::vector<Hash> ReferenceInclusionProof(std::span<const Hash> leaf_hashes, uint64_t index);
std::vector<Hash> ReferenceConsistencyProof(std::span<const Hash> leaf_hashes, uint64_t size1);

}  // namespace ledger::merkle::testonly

#endif  // LEDGER_MERKLE_MERKLE_TESTING_H_
