#include "ledger/merkle/hash.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ledger/merkle/merkle_testing.h"
#include "ledger/merkle/test_vectors.h"

namespace ledger::merkle {
namespace {

using ::ledger::merkle::testonly::BytesFromHex;
using ::ledger::merkle::testonly::HashFromHex;
using ::ledger::merkle::testonly::MemoryNodeStore;

std::vector<Hash> ReferenceLeafHashes() {
  std::vector<Hash> hashes;
  for (std::string_view hex : vectors::kLeafInputs) hashes.push_back(LeafHash(BytesFromHex(hex)));
  return hashes;
}

TEST(Hash, EmptyRootIsSha256OfNothing) {
  EXPECT_EQ(crypto::ToHex(EmptyRoot()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Hash, DomainSeparation) {
  const Hash a = LeafHash("a");
  const Hash b = LeafHash("b");
  std::string leaf_bytes = std::string(1, '\0') + "a";
  EXPECT_EQ(LeafHash("a"), crypto::Sha256(leaf_bytes));
  std::string node_bytes = std::string(1, '\x01') + std::string(crypto::AsStringView(a)) +
                           std::string(crypto::AsStringView(b));
  EXPECT_EQ(NodeHash(a, b), crypto::Sha256(node_bytes));
  EXPECT_NE(NodeHash(a, b), NodeHash(b, a));
}

// The RFC 6962 reference roots for trees of 0..8 leaves (Certificate Transparency test data).
TEST(Hash, ReferenceRoots) {
  const std::vector<Hash> leaves = ReferenceLeafHashes();
  for (size_t n = 0; n <= leaves.size(); ++n) {
    EXPECT_EQ(crypto::ToHex(RootFromLeafHashes(std::span(leaves).first(n))), vectors::kRoots[n])
        << "tree size " << n;
  }
}

// Every perfect subtree of the reference 8-leaf tree, through the in-memory store the other tests
// rely on.
TEST(Hash, ReferenceNodeHashes) {
  MemoryNodeStore store(ReferenceLeafHashes());
  std::vector<Node> expected;
  for (uint32_t level = 0; level < vectors::kNodes.size(); ++level) {
    for (uint64_t index = 0; index < vectors::kNodes[level].size(); ++index) {
      expected.push_back(Node{.id = {.level = level, .index = index},
                              .hash = HashFromHex(vectors::kNodes[level][index])});
    }
  }
  EXPECT_EQ(store.AllNodes(), expected);
}

TEST(Hash, HashFromBytes) {
  const Hash h = LeafHash("x");
  absl::StatusOr<Hash> parsed = HashFromBytes(crypto::AsStringView(h));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, h);
  EXPECT_EQ(HashFromBytes(std::string(31, 'a')).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(HashFromBytes(std::string(33, 'a')).status().message(),
            "hash has 33 bytes, expected 32");
  EXPECT_FALSE(HashFromBytes("").ok());
}

TEST(Nodes, RangeNodeIds) {
  using Ids = std::vector<NodeId>;
  EXPECT_EQ(RangeNodeIds(0, 0), Ids{});
  EXPECT_EQ(RangeNodeIds(0, 1), (Ids{{0, 0}}));
  EXPECT_EQ(RangeNodeIds(0, 13), (Ids{{3, 0}, {2, 2}, {0, 12}}));
  EXPECT_EQ(RangeNodeIds(3, 13), (Ids{{0, 3}, {2, 1}, {2, 2}, {0, 12}}));
  EXPECT_EQ(RangeNodeIds(8, 12), (Ids{{2, 2}}));
  EXPECT_EQ(RangeNodeIds(0, kTreeSizeMax), (Ids{{63, 0}}));
  EXPECT_EQ(RangeNodeIds(0, kTreeSizeMax - 1).size(), 63u);
  // Every cover is contiguous, exact, and minimal (no two neighbours could merge).
  for (uint64_t begin = 0; begin <= 40; ++begin) {
    for (uint64_t end = begin; end <= 40; ++end) {
      uint64_t next = begin;
      const Ids ids = RangeNodeIds(begin, end);
      for (size_t i = 0; i < ids.size(); ++i) {
        EXPECT_EQ(ids[i].begin(), next);
        next = ids[i].end();
        if (i > 0 && ids[i].level == ids[i - 1].level) {
          EXPECT_NE(ids[i - 1].index % 2, 0u) << "mergeable siblings in [" << begin << ", " << end;
        }
      }
      EXPECT_EQ(next, end);
    }
  }
}

}  // namespace
}  // namespace ledger::merkle
