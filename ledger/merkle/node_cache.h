#ifndef LEDGER_MERKLE_NODE_CACHE_H_
#define LEDGER_MERKLE_NODE_CACHE_H_

// A bounded in-memory cache of the upper levels of one log's Merkle tree, for the proof path.
//
// A stored node is a perfect subtree, and a perfect subtree never changes once its last leaf is
// appended (nodes.h), so a cached hash can never go stale: there is nothing to invalidate. The
// cache keeps the nodes of levels >= level_min() only, where level_min() is the lowest level at
// which all the nodes of the tree seen so far fit in half of `bytes_max` (about 2 * size / 2^level
// nodes of 32 bytes, densely stored; the other half is the vectors' room to grow). With the
// default 4 MiB that is level 5 and up at 1M leaves (15 of an inclusion proof's 20 nodes), 9 at
// 10M, 15 at 1G: memory stays at most `bytes_max` whatever the tree's size, and level_min()
// rises as the tree grows.
//
// Every inclusion proof needs the whole path from the leaf up, so the upper levels are the nodes
// that every proof shares; the lower ones are each read by few proofs and stay in PostgreSQL.
//
//   NodeCache cache(NodeCache::kBytesDefault);
//   std::vector<Hash> hashes(ids.size());
//   std::vector<size_t> missing;
//   cache.Lookup(ids, hashes, missing);          // fills the hits
//   ... read ids[missing[k]] from the store into hashes[missing[k]] ...
//   cache.Insert(fetched_ids, fetched_hashes);   // only what the store returned
//
// Insert only hashes that the store has returned or durably written: the cache believes them.
// Thread-safe: any number of concurrent Lookups and Inserts (a reader-writer lock; Lookup takes
// it shared, Insert exclusively and only when it has a node at or above level_min()).

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <shared_mutex>
#include <span>
#include <vector>

#include "ledger/merkle/hash.h"
#include "ledger/merkle/nodes.h"

namespace ledger::merkle {

class NodeCache {
 public:
  // 4 MiB per log: the levels >= 5 of a 1M-leaf tree, >= 9 of 10M, >= 15 of 1G.
  static constexpr size_t kBytesDefault = size_t{4} << 20;

  // `bytes_max` bounds the hashes held (the vectors' capacity included). Zero caches nothing.
  explicit NodeCache(size_t bytes_max);

  NodeCache(const NodeCache&) = delete;
  NodeCache& operator=(const NodeCache&) = delete;

  // For every ids[i] that is cached, sets hashes[i]; appends every other i to `missing`, in
  // increasing order. Requires hashes.size() == ids.size(). Leaves the other hashes untouched.
  void Lookup(std::span<const NodeId> ids, std::span<Hash> hashes,
              std::vector<size_t>& missing) const;

  // Remembers the nodes of level >= level_min() (after taking these nodes into account: the
  // tree is at least as large as the largest end() among them). Ids that cannot exist (level
  // > 63, end() beyond kTreeSizeMax) are ignored. Requires hashes.size() == ids.size().
  void Insert(std::span<const NodeId> ids, std::span<const Hash> hashes);
  void Insert(std::span<const Node> nodes);

  // The lowest level cached now; it only rises.
  uint32_t level_min() const { return level_min_.load(std::memory_order_relaxed); }
  // The bytes the cached hashes take (vector capacities), <= bytes_max.
  size_t bytes() const;
  // The number of nodes cached.
  size_t size() const;

 private:
  template <typename IdAt, typename HashAt>
  // Requires mu_ held exclusively.
  void InsertLocked(size_t count, IdAt id_at, HashAt hash_at);
  // True if some id could be stored (at or above level_min()), so Insert needs the lock.
  template <typename IdAt>
  bool AnyCacheable(size_t count, IdAt id_at) const;

  const size_t slots_max_;  // hashes the vectors may hold, with their spare capacity

  // A std::shared_mutex rather than absl::Mutex: Debian's Abseil is not built for
  // ThreadSanitizer, which then does not see that absl::Mutex orders memory (scripts/tsan.sh).
  // Guards tree_end_, levels_ and count_.
  mutable std::shared_mutex mu_;
  // Mirrors the guarded value, for Insert's check without the lock.
  std::atomic<uint32_t> level_min_{0};
  // The largest end() of any node inserted: a lower bound on the tree's size.
  uint64_t tree_end_ = 0;
  // levels_[l][i] is the hash of node (l, i), or all zeros if not cached: a SHA-256 output of 32
  // zero bytes would take a preimage attack, so zero marks a gap without a second bitmap.
  std::vector<std::vector<Hash>> levels_;
  size_t count_ = 0;
};

}  // namespace ledger::merkle

#endif  // LEDGER_MERKLE_NODE_CACHE_H_
