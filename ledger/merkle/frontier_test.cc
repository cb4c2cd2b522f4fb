#include "ledger/merkle/frontier.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>

#include "ledger/merkle/merkle_testing.h"
#include "ledger/merkle/test_vectors.h"

namespace ledger::merkle {
namespace {

using ::ledger::merkle::testonly::BytesFromHex;
using ::ledger::merkle::testonly::HashFromHex;
using ::ledger::merkle::testonly::MemoryNodeReader;
using ::ledger::merkle::testonly::MemoryNodeStore;
using ::ledger::merkle::testonly::TestLeafHashes;

TEST(FrontierNodeIds, OnePerSetBitLargestFirst) {
  EXPECT_TRUE(FrontierNodeIds(0).empty());
  EXPECT_EQ(FrontierNodeIds(13), (std::vector<NodeId>{{3, 0}, {2, 2}, {0, 12}}));
  EXPECT_EQ(FrontierNodeIds(16), (std::vector<NodeId>{{4, 0}}));
  EXPECT_EQ(FrontierNodeIds(kTreeSizeMax - 1).size(), 63u);
}

// The compact trees of the reference vectors: after n leaves, the frontier holds exactly the
// reference perfect-subtree hashes of FrontierNodeIds(n), and the root is the reference root.
TEST(Frontier, ReferenceVectors) {
  Frontier frontier;
  EXPECT_EQ(frontier.size(), 0u);
  EXPECT_EQ(frontier.Root(), EmptyRoot());
  for (size_t n = 1; n < std::size(vectors::kLeafInputs) + 1; ++n) {
    frontier.Append(LeafHash(BytesFromHex(vectors::kLeafInputs[n - 1])));
    EXPECT_EQ(frontier.size(), n);
    EXPECT_EQ(crypto::ToHex(frontier.Root()), vectors::kRoots[n]) << n;
    std::vector<Hash> expected;
    for (const NodeId& id : FrontierNodeIds(n)) {
      expected.push_back(HashFromHex(vectors::kNodes[id.level][id.index]));
    }
    EXPECT_TRUE(std::ranges::equal(frontier.hashes(), expected)) << n;
  }
}

TEST(Frontier, RootAfterEveryAppendMatchesDefinition) {
  const std::vector<Hash> leaves = TestLeafHashes(300);
  Frontier frontier;
  for (size_t n = 1; n <= leaves.size(); ++n) {
    frontier.Append(leaves[n - 1]);
    ASSERT_EQ(frontier.Root(), RootFromLeafHashes(std::span(leaves).first(n))) << n;
  }
}

// The nodes Append returns, over all appends, are exactly all perfect subtrees, each once, and
// each is returned by the append that completes it.
TEST(Frontier, AppendReturnsExactlyEveryPerfectSubtree) {
  constexpr uint64_t kLeafCount = 1000;
  const std::vector<Hash> leaves = TestLeafHashes(kLeafCount);
  Frontier frontier;
  std::vector<Node> returned;
  for (uint64_t i = 0; i < kLeafCount; ++i) {
    const std::vector<Node> nodes = frontier.Append(leaves[i]);
    ASSERT_EQ(nodes.size(), 1u + std::countr_one(i));
    ASSERT_EQ(nodes.front(), (Node{.id = {0, i}, .hash = leaves[i]}));
    for (size_t j = 0; j < nodes.size(); ++j) {
      EXPECT_EQ(nodes[j].id.level, j);
      EXPECT_EQ(nodes[j].id.end(), i + 1) << "node " << nodes[j].id << " after leaf " << i;
    }
    returned.insert(returned.end(), nodes.begin(), nodes.end());
  }
  std::ranges::sort(returned, {}, &Node::id);
  EXPECT_EQ(returned, MemoryNodeStore(leaves).AllNodes());
}

TEST(Frontier, FromStoredNodesEqualsLiveFrontier) {
  constexpr uint64_t kLeafCount = 1000;
  const std::vector<Hash> leaves = TestLeafHashes(kLeafCount);
  MemoryNodeStore store(leaves);
  Frontier live;
  for (uint64_t size = 0; size <= kLeafCount; ++size) {
    MemoryNodeReader reader(store, size);
    absl::StatusOr<Frontier> rebuilt = Frontier::FromStoredNodes(reader, size);
    ASSERT_TRUE(rebuilt.ok()) << rebuilt.status();
    ASSERT_EQ(*rebuilt, live) << "size " << size;
    EXPECT_EQ(reader.read_calls(), size == 0 ? 0 : 1);
    EXPECT_EQ(reader.ids_read(), static_cast<size_t>(std::popcount(size)));
    if (size < kLeafCount) {
      // A rebuilt frontier continues exactly like the live one.
      EXPECT_EQ(rebuilt->Append(leaves[size]), live.Append(leaves[size]));
      EXPECT_EQ(*rebuilt, live);
    }
  }
}

// The sequencer computes a batch on a copy and discards it on failure.
TEST(Frontier, CopiesAreIndependent) {
  const std::vector<Hash> leaves = TestLeafHashes(10);
  Frontier committed;
  for (int i = 0; i < 5; ++i) committed.Append(leaves[i]);
  const Hash root5 = committed.Root();
  Frontier tentative = committed;
  for (int i = 5; i < 10; ++i) tentative.Append(leaves[i]);
  EXPECT_EQ(committed.size(), 5u);
  EXPECT_EQ(committed.Root(), root5);
  EXPECT_EQ(tentative.size(), 10u);
  EXPECT_EQ(tentative.Root(), RootFromLeafHashes(leaves));
}

TEST(Frontier, FromHashes) {
  const std::vector<Hash> leaves = TestLeafHashes(13);
  Frontier live;
  for (const Hash& leaf : leaves) live.Append(leaf);
  absl::StatusOr<Frontier> copy = Frontier::FromHashes(13, live.hashes());
  ASSERT_TRUE(copy.ok()) << copy.status();
  EXPECT_EQ(*copy, live);
  EXPECT_EQ(copy->Root(), RootFromLeafHashes(leaves));

  EXPECT_EQ(Frontier::FromHashes(12, live.hashes()).status().message(),
            "frontier of tree size 12 needs 2 hashes, got 3");
  EXPECT_EQ(Frontier::FromHashes(0, {}).value(), Frontier());
  EXPECT_EQ(Frontier::FromHashes(kTreeSizeMax + 1, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(Frontier, FromStoredNodesErrors) {
  MemoryNodeStore store(TestLeafHashes(8));
  {
    MemoryNodeReader reader(store, 8);
    reader.FailWith(absl::UnavailableError("database down"));
    EXPECT_EQ(Frontier::FromStoredNodes(reader, 7).status(),
              absl::UnavailableError("database down"));
  }
  {
    MemoryNodeReader reader(store, 8);
    reader.ReturnExtraHash();
    EXPECT_EQ(Frontier::FromStoredNodes(reader, 7).status().code(), absl::StatusCode::kInternal);
  }
  {
    MemoryNodeReader reader(store, 6);  // Size 7 was never committed.
    EXPECT_EQ(Frontier::FromStoredNodes(reader, 7).status().code(), absl::StatusCode::kNotFound);
  }
  MemoryNodeReader reader(store, 8);
  EXPECT_EQ(Frontier::FromStoredNodes(reader, kTreeSizeMax + 1).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ledger::merkle
