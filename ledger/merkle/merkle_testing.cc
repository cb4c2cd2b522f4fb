#include "ledger/merkle/merkle_testing.h"

#include <bit>
#include <string>

#include "absl/strings/str_cat.h"
#include "ledger/util/check.h"

namespace ledger::merkle::testonly {
namespace {

// The largest power of two smaller than n, for n >= 2.
size_t Split(size_t n) { return std::bit_floor(n - 1); }

std::vector<Hash> Path(size_t m, std::span<const Hash> d) {
  const size_t n = d.size();
  if (n <= 1) return {};
  const size_t k = Split(n);
  std::vector<Hash> path;
  if (m < k) {
    path = Path(m, d.first(k));
    path.push_back(RootFromLeafHashes(d.subspan(k)));
  } else {
    path = Path(m - k, d.subspan(k));
    path.push_back(RootFromLeafHashes(d.first(k)));
  }
  return path;
}

std::vector<Hash> Subproof(size_t m, std::span<const Hash> d, bool b) {
  const size_t n = d.size();
  if (m == n) {
    if (b) return {};
    return {RootFromLeafHashes(d)};
  }
  const size_t k = Split(n);
  std::vector<Hash> proof;
  if (m <= k) {
    proof = Subproof(m, d.first(k), b);
    proof.push_back(RootFromLeafHashes(d.subspan(k)));
  } else {
    proof = Subproof(m - k, d.subspan(k), false);
    proof.push_back(RootFromLeafHashes(d.first(k)));
  }
  return proof;
}

}  // namespace

std::string BytesFromHex(std::string_view hex) {
  std::string bytes;
  LEDGER_CHECK(crypto::FromHex(hex, &bytes));
  return bytes;
}

Hash HashFromHex(std::string_view hex) {
  absl::StatusOr<Hash> hash = HashFromBytes(BytesFromHex(hex));
  LEDGER_CHECK(hash.ok());
  return *hash;
}

std::vector<Hash> TestLeafHashes(uint64_t count) {
  std::vector<Hash> hashes;
  hashes.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    std::string leaf(8, '\0');
    for (int b = 0; b < 8; ++b) leaf[b] = static_cast<char>(i >> (56 - 8 * b));
    hashes.push_back(LeafHash(leaf));
  }
  return hashes;
}

MemoryNodeStore::MemoryNodeStore(std::vector<Hash> leaf_hashes) {
  if (leaf_hashes.empty()) return;
  levels_.push_back(std::move(leaf_hashes));
  while (levels_.back().size() >= 2) {
    const std::vector<Hash>& below = levels_.back();
    std::vector<Hash> level;
    level.reserve(below.size() / 2);
    for (size_t i = 0; i + 1 < below.size(); i += 2)
      level.push_back(NodeHash(below[i], below[i + 1]));
    levels_.push_back(std::move(level));
  }
}

std::span<const Hash> MemoryNodeStore::LeafHashesUpTo(uint64_t size) const {
  LEDGER_CHECK(size <= this->size());
  if (size == 0) return {};
  return std::span<const Hash>(levels_[0]).first(size);
}

std::optional<Hash> MemoryNodeStore::Get(const NodeId& id) const {
  if (id.level >= levels_.size() || id.index >= levels_[id.level].size()) return std::nullopt;
  return levels_[id.level][id.index];
}

std::vector<Node> MemoryNodeStore::AllNodes() const {
  std::vector<Node> nodes;
  for (uint32_t level = 0; level < levels_.size(); ++level) {
    for (uint64_t index = 0; index < levels_[level].size(); ++index) {
      nodes.push_back(Node{.id = {.level = level, .index = index}, .hash = levels_[level][index]});
    }
  }
  return nodes;
}

absl::StatusOr<std::vector<Hash>> MemoryNodeReader::ReadNodes(std::span<const NodeId> ids) {
  ++read_calls_;
  ids_read_ += ids.size();
  if (!fail_with_.ok()) return fail_with_;
  std::vector<Hash> hashes;
  for (const NodeId& id : ids) {
    std::optional<Hash> hash;
    // Guard the shift in end(): a node this high cannot be inside any tree we test.
    if (id.level < 63 && id.end() <= tree_size_) hash = store_.Get(id);
    if (!hash.has_value()) {
      return absl::NotFoundError(
          absl::StrCat("node ", id.DebugString(), " is not in the tree of size ", tree_size_));
    }
    hashes.push_back(*hash);
  }
  if (extra_hash_) hashes.push_back(Hash{});
  return hashes;
}

std::vector<Hash> ReferenceInclusionProof(std::span<const Hash> leaf_hashes, uint64_t index) {
  LEDGER_CHECK(index < leaf_hashes.size());
  return Path(index, leaf_hashes);
}

std::vector<Hash> ReferenceConsistencyProof(std::span<const Hash> leaf_hashes, uint64_t size1) {
  LEDGER_CHECK(size1 <= leaf_hashes.size());
  if (size1 == 0 || size1 == leaf_hashes.size()) return {};
  return Subproof(size1, leaf_hashes, true);
}

}  // namespace ledger::merkle::testonly
