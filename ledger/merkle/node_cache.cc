#include "ledger/merkle/node_cache.h"

#include <algorithm>
#include <mutex>

#include "ledger/util/check.h"

namespace ledger::merkle {
namespace {

constexpr uint32_t kLevelCount = 64;
constexpr Hash kNoHash{};

// Whether `id` can be a node of a tree of at most kTreeSizeMax leaves.
bool CanExist(const NodeId& id) {
  return id.level < kLevelCount && id.index < (kTreeSizeMax >> id.level);
}

// The number of perfect subtrees of level >= `level` in a tree of `size` leaves.
uint64_t NodesAtOrAbove(uint64_t size, uint32_t level) {
  uint64_t n = 0;
  for (uint32_t l = level; l < kLevelCount; ++l) n += size >> l;
  return n;
}

}  // namespace

NodeCache::NodeCache(size_t bytes_max) : slots_max_(bytes_max / sizeof(Hash)) {
  // With nothing to hold, no level is ever cached.
  if (slots_max_ == 0) level_min_.store(kLevelCount, std::memory_order_relaxed);
}

void NodeCache::Lookup(std::span<const NodeId> ids, std::span<Hash> hashes,
                       std::vector<size_t>& missing) const {
  LEDGER_CHECK(hashes.size() == ids.size());
  std::shared_lock lock(mu_);
  const uint32_t level_min = level_min_.load(std::memory_order_relaxed);
  for (size_t i = 0; i < ids.size(); ++i) {
    const NodeId& id = ids[i];
    if (id.level >= level_min && id.level < levels_.size() && id.index < levels_[id.level].size() &&
        levels_[id.level][id.index] != kNoHash) {
      hashes[i] = levels_[id.level][id.index];
    } else {
      missing.push_back(i);
    }
  }
}

template <typename IdAt>
bool NodeCache::AnyCacheable(size_t count, IdAt id_at) const {
  const uint32_t level_min = level_min_.load(std::memory_order_relaxed);
  for (size_t i = 0; i < count; ++i) {
    if (id_at(i).level >= level_min) return true;
  }
  return false;
}

template <typename IdAt, typename HashAt>
void NodeCache::InsertLocked(size_t count, IdAt id_at, HashAt hash_at) {
  // First how large the tree is at least, so that nodes below the new level_min are not stored.
  uint32_t level_min = level_min_.load(std::memory_order_relaxed);
  for (size_t i = 0; i < count; ++i) {
    const NodeId& id = id_at(i);
    if (id.level >= level_min && CanExist(id)) tree_end_ = std::max(tree_end_, id.end());
  }
  // The sizes may take half of the slots: std::vector grows by at most doubling, so the
  // capacities stay within slots_max_.
  while (level_min < kLevelCount && NodesAtOrAbove(tree_end_, level_min) > slots_max_ / 2) {
    ++level_min;
  }
  if (level_min != level_min_.load(std::memory_order_relaxed)) {
    for (uint32_t l = 0; l < std::min<size_t>(level_min, levels_.size()); ++l) {
      for (const Hash& h : levels_[l]) count_ -= h != kNoHash;
      std::vector<Hash>().swap(levels_[l]);
    }
    level_min_.store(level_min, std::memory_order_relaxed);
  }
  for (size_t i = 0; i < count; ++i) {
    const NodeId& id = id_at(i);
    if (id.level < level_min || !CanExist(id)) continue;
    if (id.level >= levels_.size()) levels_.resize(id.level + 1);
    std::vector<Hash>& level = levels_[id.level];
    if (id.index >= level.size()) level.resize(id.index + 1, kNoHash);
    Hash& slot = level[id.index];
    const Hash& hash = hash_at(i);
    if (slot == kNoHash && hash != kNoHash) {
      slot = hash;
      ++count_;
    }
  }
}

void NodeCache::Insert(std::span<const NodeId> ids, std::span<const Hash> hashes) {
  LEDGER_CHECK(hashes.size() == ids.size());
  auto id_at = [&](size_t i) -> const NodeId& { return ids[i]; };
  if (!AnyCacheable(ids.size(), id_at)) return;
  std::unique_lock lock(mu_);
  InsertLocked(ids.size(), id_at, [&](size_t i) -> const Hash& { return hashes[i]; });
}

void NodeCache::Insert(std::span<const Node> nodes) {
  auto id_at = [&](size_t i) -> const NodeId& { return nodes[i].id; };
  if (!AnyCacheable(nodes.size(), id_at)) return;
  std::unique_lock lock(mu_);
  InsertLocked(nodes.size(), id_at, [&](size_t i) -> const Hash& { return nodes[i].hash; });
}

size_t NodeCache::bytes() const {
  std::shared_lock lock(mu_);
  size_t slots = 0;
  for (const std::vector<Hash>& level : levels_) slots += level.capacity();
  return slots * sizeof(Hash);
}

size_t NodeCache::size() const {
  std::shared_lock lock(mu_);
  return count_;
}

}  // namespace ledger::merkle
