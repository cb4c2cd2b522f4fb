#include "ledger/merkle/node_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include "ledger/merkle/frontier.h"
#include "ledger/merkle/merkle_testing.h"

namespace ledger::merkle {
namespace {

using testonly::MemoryNodeStore;
using testonly::TestLeafHashes;

// The lowest level whose nodes, for a tree of `size` leaves, fit in half of `slots` hashes
// (the rule of node_cache.h, written out independently).
uint32_t ExpectedLevelMin(uint64_t size, size_t slots) {
  for (uint32_t level = 0; level < 64; ++level) {
    uint64_t nodes = 0;
    for (uint32_t l = level; l < 64; ++l) nodes += size >> l;
    if (nodes <= slots / 2) return level;
  }
  return 64;
}

std::vector<NodeId> Ids(const std::vector<Node>& nodes) {
  std::vector<NodeId> ids;
  for (const Node& n : nodes) ids.push_back(n.id);
  return ids;
}

std::vector<Hash> Hashes(const std::vector<Node>& nodes) {
  std::vector<Hash> hashes;
  for (const Node& n : nodes) hashes.push_back(n.hash);
  return hashes;
}

// The cache's answer for `ids`: the hashes (zero where missing) and the missing positions.
struct Answer {
  std::vector<Hash> hashes;
  std::vector<size_t> missing;
};
Answer LookUp(const NodeCache& cache, const std::vector<NodeId>& ids) {
  Answer a{std::vector<Hash>(ids.size()), {}};
  cache.Lookup(ids, a.hashes, a.missing);
  return a;
}

TEST(NodeCacheTest, AnswersWhatWasInsertedAndNamesTheRest) {
  const MemoryNodeStore store(TestLeafHashes(13));
  NodeCache cache(NodeCache::kBytesDefault);
  const std::vector<NodeId> ids = {{3, 0}, {2, 2}, {0, 12}, {1, 0}};
  std::vector<Hash> hashes(ids.size());
  std::vector<size_t> missing;
  cache.Lookup(ids, hashes, missing);
  EXPECT_EQ(missing, (std::vector<size_t>{0, 1, 2, 3}));
  EXPECT_EQ(cache.size(), 0u);

  const std::vector<NodeId> some = {{3, 0}, {0, 12}};
  cache.Insert(some, std::vector<Hash>{*store.Get({3, 0}), *store.Get({0, 12})});
  EXPECT_EQ(cache.level_min(), 0u);  // 13 leaves fit easily
  EXPECT_EQ(cache.size(), 2u);
  const Hash untouched = LeafHash("untouched");
  hashes.assign(ids.size(), untouched);
  missing.clear();
  cache.Lookup(ids, hashes, missing);
  EXPECT_EQ(missing, (std::vector<size_t>{1, 3}));
  EXPECT_EQ(hashes[0], *store.Get({3, 0}));
  EXPECT_EQ(hashes[1], untouched);
  EXPECT_EQ(hashes[2], *store.Get({0, 12}));
  EXPECT_EQ(hashes[3], untouched);

  // Inserting a node again changes nothing.
  cache.Insert(std::vector<Node>{{{3, 0}, *store.Get({3, 0})}});
  EXPECT_EQ(cache.size(), 2u);
}

// Write-through as the store does it: every node the appender completes, batch by batch. The
// cache keeps exactly the levels >= level_min of what it was given, never more memory than its
// bound, and level_min follows the tree's size.
TEST(NodeCacheTest, KeepsTheUpperLevelsWithinItsBoundAsTheTreeGrows) {
  constexpr size_t kBytes = 64 * sizeof(Hash);  // 32 nodes: levels >= 6 of 1000 leaves
  const std::vector<Hash> leaves = TestLeafHashes(1000);
  const MemoryNodeStore store(leaves);
  NodeCache cache(kBytes);
  Frontier frontier;
  std::mt19937_64 rng(7);
  size_t i = 0;
  while (i < leaves.size()) {
    std::vector<Node> batch;
    for (size_t n = 1 + rng() % 40; n > 0 && i < leaves.size(); --n, ++i) {
      for (const Node& node : frontier.Append(leaves[i])) batch.push_back(node);
    }
    cache.Insert(batch);
    const uint32_t level_min = ExpectedLevelMin(frontier.size(), kBytes / sizeof(Hash));
    ASSERT_EQ(cache.level_min(), level_min) << "size " << frontier.size();
    ASSERT_LE(cache.bytes(), kBytes) << "size " << frontier.size();

    // Every node of the tree so far at level >= level_min is cached (the later batches brought
    // them all), and none below.
    const std::vector<Node> so_far =
        MemoryNodeStore(std::vector<Hash>(leaves.begin(), leaves.begin() + i)).AllNodes();
    const std::vector<NodeId> ids = Ids(so_far);
    const std::vector<Hash> want = Hashes(so_far);
    const auto [got, missing] = LookUp(cache, ids);
    size_t m = 0;
    for (size_t k = 0; k < ids.size(); ++k) {
      if (ids[k].level >= level_min) {
        EXPECT_EQ(got[k], want[k]) << ids[k];
      } else {
        ASSERT_LT(m, missing.size());
        EXPECT_EQ(missing[m++], k) << ids[k];
      }
    }
    EXPECT_EQ(m, missing.size());
  }
  EXPECT_EQ(cache.level_min(), 6u);
}

TEST(NodeCacheTest, OneLargeTreeIsBoundedToo) {
  // A single read from a huge tree raises level_min at once; nothing below it is kept.
  NodeCache cache(NodeCache::kBytesDefault);
  const uint64_t size = uint64_t{1} << 30;
  const Hash h = LeafHash("x");
  cache.Insert(std::vector<NodeId>{{0, size - 1}, {29, 1}, {14, 5}, {15, 7}},
               std::vector<Hash>(4, h));
  EXPECT_EQ(cache.level_min(), 15u);
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_LE(cache.bytes(), NodeCache::kBytesDefault);
  std::vector<Hash> got(2);
  std::vector<size_t> missing;
  cache.Lookup(std::vector<NodeId>{{29, 1}, {14, 5}}, got, missing);
  EXPECT_EQ(missing, std::vector<size_t>{1});
  EXPECT_EQ(got[0], h);
  // At the default bound, 1M leaves keep levels >= 5 and 10M levels >= 9 (node_cache.h).
  EXPECT_EQ(ExpectedLevelMin(1'000'000, NodeCache::kBytesDefault / 32), 5u);
  EXPECT_EQ(ExpectedLevelMin(10'000'000, NodeCache::kBytesDefault / 32), 9u);
}

TEST(NodeCacheTest, ZeroBytesCachesNothingAndImpossibleIdsAreIgnored) {
  const Hash h = LeafHash("x");
  NodeCache none(0);
  none.Insert(std::vector<NodeId>{{0, 0}, {63, 0}}, std::vector<Hash>(2, h));
  EXPECT_EQ(none.size(), 0u);
  std::vector<Hash> got(1);
  std::vector<size_t> missing;
  none.Lookup(std::vector<NodeId>{{0, 0}}, got, missing);
  EXPECT_EQ(missing, std::vector<size_t>{0});

  NodeCache cache(NodeCache::kBytesDefault);
  cache.Insert(std::vector<NodeId>{{64, 0}, {63, 1}, {1, kTreeSizeMax}}, std::vector<Hash>(3, h));
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.level_min(), 0u);
}

// Readers and writers at once (run under ThreadSanitizer by scripts/tsan.sh): every hit is the
// node's true hash, and at the end everything at or above level_min is there.
TEST(NodeCacheTest, ConcurrentLookupsAndInsertsSeeOnlyTrueHashes) {
  const MemoryNodeStore store(TestLeafHashes(4096));
  const std::vector<Node> all = store.AllNodes();
  NodeCache cache(512 * sizeof(Hash));
  constexpr int kThreads = 4;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937_64 rng(static_cast<uint64_t>(t));
      for (int round = 0; round < 2000; ++round) {
        std::vector<Node> picked;
        for (int k = 0; k < 12; ++k) picked.push_back(all[rng() % all.size()]);
        const std::vector<NodeId> ids = Ids(picked);
        const std::vector<Hash> want = Hashes(picked);
        auto [got, missing] = LookUp(cache, ids);
        size_t m = 0;
        for (size_t k = 0; k < ids.size(); ++k) {
          if (m < missing.size() && missing[m] == k) {
            ++m;
            got[k] = want[k];  // "read from the store"
          } else if (got[k] != want[k]) {
            wrong.fetch_add(1);
          }
        }
        cache.Insert(ids, got);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(cache.level_min(), ExpectedLevelMin(4096, 512));
  EXPECT_LE(cache.bytes(), 512 * sizeof(Hash));
  const std::vector<NodeId> ids = Ids(all);
  for (size_t k : LookUp(cache, ids).missing) EXPECT_LT(ids[k].level, cache.level_min()) << ids[k];
}

}  // namespace
}  // namespace ledger::merkle
