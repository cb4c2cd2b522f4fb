#include "ledger/merkle/frontier.h"

#include <bit>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ledger/util/check.h"
#include "ledger/util/status_macros.h"

namespace ledger::merkle {

std::vector<NodeId> FrontierNodeIds(uint64_t size) { return RangeNodeIds(0, size); }

absl::StatusOr<Frontier> Frontier::FromHashes(uint64_t size, std::span<const Hash> hashes) {
  if (size > kTreeSizeMax) {
    return absl::InvalidArgumentError(
        absl::StrCat("tree size ", size, " exceeds the maximum ", kTreeSizeMax));
  }
  const auto expected = static_cast<size_t>(std::popcount(size));
  if (hashes.size() != expected) {
    return absl::InvalidArgumentError(absl::StrCat("frontier of tree size ", size, " needs ",
                                                   expected, " hashes, got ", hashes.size()));
  }
  return Frontier(size, std::vector<Hash>(hashes.begin(), hashes.end()));
}

absl::StatusOr<Frontier> Frontier::FromStoredNodes(NodeReader& reader, uint64_t size) {
  if (size > kTreeSizeMax) {
    return absl::InvalidArgumentError(
        absl::StrCat("tree size ", size, " exceeds the maximum ", kTreeSizeMax));
  }
  const std::vector<NodeId> ids = FrontierNodeIds(size);
  LEDGER_ASSIGN_OR_RETURN(std::vector<Hash> hashes, ReadNodesChecked(reader, ids));
  return Frontier(size, std::move(hashes));
}

std::vector<Node> Frontier::Append(const Hash& leaf_hash) {
  LEDGER_CHECK(size_ < kTreeSizeMax);
  const uint64_t index = size_;  // The new leaf's index.
  std::vector<Node> completed;
  completed.reserve(1 + std::countr_one(index));
  Hash hash = leaf_hash;
  completed.push_back(Node{.id = NodeId{.level = 0, .index = index}, .hash = hash});
  // Like binary increment: each trailing one bit of the old size is a perfect subtree of the same
  // level as the carry, immediately to its left; merging them closes a subtree one level up.
  uint32_t level = 0;
  for (uint64_t bits = index; (bits & 1) == 1; bits >>= 1) {
    LEDGER_CHECK(!hashes_.empty());
    hash = NodeHash(hashes_.back(), hash);
    hashes_.pop_back();
    ++level;
    completed.push_back(Node{.id = NodeId{.level = level, .index = index >> level}, .hash = hash});
  }
  hashes_.push_back(hash);
  ++size_;
  LEDGER_CHECK(hashes_.size() == static_cast<size_t>(std::popcount(size_)));
  return completed;
}

Hash Frontier::Root() const {
  if (hashes_.empty()) return EmptyRoot();
  // Fold right to left (see proof.cc): MTH splits off the largest subtree, the leftmost, each time.
  Hash root = hashes_.back();
  for (size_t j = hashes_.size() - 1; j-- > 0;) root = NodeHash(hashes_[j], root);
  return root;
}

}  // namespace ledger::merkle
