#include "ledger/merkle/proof.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <map>
#include <random>
#include <set>

#include "ledger/merkle/frontier.h"
#include "ledger/merkle/merkle_testing.h"
#include "ledger/merkle/test_vectors.h"
#include "ledger/merkle/verify.h"

namespace ledger::merkle {
namespace {

using ::ledger::merkle::testonly::BytesFromHex;
using ::ledger::merkle::testonly::HashFromHex;
using ::ledger::merkle::testonly::MemoryNodeReader;
using ::ledger::merkle::testonly::MemoryNodeStore;
using ::ledger::merkle::testonly::ReferenceConsistencyProof;
using ::ledger::merkle::testonly::ReferenceInclusionProof;
using ::ledger::merkle::testonly::TestLeafHashes;
using ::testing::HasSubstr;

// Bound on the nodes read for one proof: one per level along the path plus the cover of one
// ephemeral node.
size_t ReadBound(uint64_t size) { return 2 * static_cast<size_t>(std::bit_width(size)); }

void ExpectDistinctAndInside(const ProofPlan& plan, uint64_t size) {
  std::set<NodeId> seen(plan.ids().begin(), plan.ids().end());
  EXPECT_EQ(seen.size(), plan.ids().size()) << "duplicate ids";
  for (const NodeId& id : plan.ids()) EXPECT_LE(id.end(), size) << id;
}

TEST(ProofFromStoredNodes, ReferenceVectors) {
  std::vector<Hash> leaves;
  for (std::string_view hex : vectors::kLeafInputs) leaves.push_back(LeafHash(BytesFromHex(hex)));
  MemoryNodeStore store(leaves);
  for (const vectors::InclusionVector& v : vectors::kInclusionProofs) {
    MemoryNodeReader reader(store, v.size);
    absl::StatusOr<std::vector<Hash>> proof = InclusionProof(reader, v.index, v.size);
    ASSERT_TRUE(proof.ok()) << proof.status();
    std::vector<Hash> expected;
    for (std::string_view hex : v.proof) expected.push_back(HashFromHex(hex));
    EXPECT_EQ(*proof, expected) << "inclusion of " << v.index << " in " << v.size;
  }
  for (const vectors::ConsistencyVector& v : vectors::kConsistencyProofs) {
    MemoryNodeReader reader(store, v.size2);
    absl::StatusOr<std::vector<Hash>> proof = ConsistencyProof(reader, v.size1, v.size2);
    ASSERT_TRUE(proof.ok()) << proof.status();
    std::vector<Hash> expected;
    for (std::string_view hex : v.proof) expected.push_back(HashFromHex(hex));
    EXPECT_EQ(*proof, expected) << "consistency " << v.size1 << " -> " << v.size2;
  }
  for (uint64_t size = 0; size <= 8; ++size) {
    MemoryNodeReader reader(store, size);
    absl::StatusOr<Hash> root = RootAt(reader, size);
    ASSERT_TRUE(root.ok()) << root.status();
    EXPECT_EQ(crypto::ToHex(*root), vectors::kRoots[size]);
  }
}

constexpr uint64_t kExhaustiveSizeMax = 64;

class ExhaustiveTest : public ::testing::Test {
 protected:
  ExhaustiveTest() : store_(TestLeafHashes(kExhaustiveSizeMax)) {
    for (uint64_t size = 0; size <= kExhaustiveSizeMax; ++size) {
      roots_.push_back(RootFromLeafHashes(store_.LeafHashesUpTo(size)));
    }
  }

  MemoryNodeStore store_;
  std::vector<Hash> roots_;  // By size.
};

// Every inclusion proof of every tree up to 64 leaves equals RFC 9162 PATH and verifies.
TEST_F(ExhaustiveTest, Inclusion) {
  for (uint64_t size = 1; size <= kExhaustiveSizeMax; ++size) {
    for (uint64_t index = 0; index < size; ++index) {
      SCOPED_TRACE(::testing::Message() << "index " << index << " size " << size);
      absl::StatusOr<ProofPlan> plan = InclusionPlan(index, size);
      ASSERT_TRUE(plan.ok()) << plan.status();
      ExpectDistinctAndInside(*plan, size);
      MemoryNodeReader reader(store_, size);
      absl::StatusOr<std::vector<Hash>> proof = InclusionProof(reader, index, size);
      ASSERT_TRUE(proof.ok()) << proof.status();
      EXPECT_EQ(reader.read_calls(), proof->empty() ? 0 : 1);
      EXPECT_LE(reader.ids_read(), ReadBound(size));
      EXPECT_EQ(*proof, ReferenceInclusionProof(store_.LeafHashesUpTo(size), index));
      EXPECT_EQ(proof->size(), InclusionProofSize(index, size));
      const Hash leaf = store_.LeafHashesUpTo(size)[index];
      EXPECT_TRUE(VerifyInclusion(index, size, leaf, *proof, roots_[size]).ok());
    }
  }
}

// Every consistency proof between trees up to 64 leaves equals RFC 9162 PROOF and verifies.
TEST_F(ExhaustiveTest, Consistency) {
  for (uint64_t size2 = 0; size2 <= kExhaustiveSizeMax; ++size2) {
    for (uint64_t size1 = 0; size1 <= size2; ++size1) {
      SCOPED_TRACE(::testing::Message() << "size1 " << size1 << " size2 " << size2);
      absl::StatusOr<ProofPlan> plan = ConsistencyPlan(size1, size2);
      ASSERT_TRUE(plan.ok()) << plan.status();
      ExpectDistinctAndInside(*plan, size2);
      MemoryNodeReader reader(store_, size2);
      absl::StatusOr<std::vector<Hash>> proof = ConsistencyProof(reader, size1, size2);
      ASSERT_TRUE(proof.ok()) << proof.status();
      EXPECT_EQ(reader.read_calls(), proof->empty() ? 0 : 1);
      EXPECT_LE(reader.ids_read(), ReadBound(size2));
      EXPECT_EQ(*proof, ReferenceConsistencyProof(store_.LeafHashesUpTo(size2), size1));
      EXPECT_EQ(proof->size(), ConsistencyProofSize(size1, size2));
      EXPECT_TRUE(VerifyConsistency(size1, size2, roots_[size1], roots_[size2], *proof).ok());
    }
  }
}

TEST_F(ExhaustiveTest, RootAt) {
  for (uint64_t size = 0; size <= kExhaustiveSizeMax; ++size) {
    MemoryNodeReader reader(store_, size);
    absl::StatusOr<Hash> root = RootAt(reader, size);
    ASSERT_TRUE(root.ok()) << root.status();
    EXPECT_EQ(*root, roots_[size]) << "size " << size;
    EXPECT_EQ(reader.read_calls(), size == 0 ? 0 : 1);
    EXPECT_EQ(reader.ids_read(), static_cast<size_t>(std::popcount(size)));
  }
}

// Random sizes up to 100,000 leaves. The roots come from a Frontier (checked against the
// definition in frontier_test.cc) and, for the largest tree, from the definition directly.
TEST(ProofFromStoredNodes, RandomLargeTrees) {
  constexpr uint64_t kLeafCount = 100'000;
  constexpr int kSamples = 300;
  const std::vector<Hash> leaves = TestLeafHashes(kLeafCount);
  MemoryNodeStore store(leaves);

  std::mt19937_64 rng(20240917);
  auto uniform = [&](uint64_t lo, uint64_t hi) {  // In [lo, hi].
    return std::uniform_int_distribution<uint64_t>(lo, hi)(rng);
  };
  struct Sample {
    uint64_t a, b;  // (index, size) or (size1, size2).
  };
  std::vector<Sample> inclusions, consistencies;
  std::set<uint64_t> sizes = {kLeafCount};
  for (int i = 0; i < kSamples; ++i) {
    const uint64_t size = uniform(1, kLeafCount);
    inclusions.push_back({uniform(0, size - 1), size});
    const uint64_t size2 = uniform(1, kLeafCount);
    consistencies.push_back({uniform(1, size2), size2});
    sizes.insert(size);
    sizes.insert(size2);
    sizes.insert(consistencies.back().a);
  }
  std::map<uint64_t, Hash> roots;
  Frontier frontier;
  for (uint64_t i = 0; i < kLeafCount; ++i) {
    frontier.Append(leaves[i]);
    if (sizes.contains(i + 1)) roots[i + 1] = frontier.Root();
  }
  ASSERT_EQ(roots[kLeafCount], RootFromLeafHashes(leaves));

  for (const auto& [size, root] : roots) {
    MemoryNodeReader reader(store, size);
    absl::StatusOr<Hash> stored_root = RootAt(reader, size);
    ASSERT_TRUE(stored_root.ok()) << stored_root.status();
    ASSERT_EQ(*stored_root, root) << "size " << size;
  }
  for (const auto& [index, size] : inclusions) {
    MemoryNodeReader reader(store, size);
    absl::StatusOr<std::vector<Hash>> proof = InclusionProof(reader, index, size);
    ASSERT_TRUE(proof.ok()) << proof.status();
    EXPECT_LE(reader.ids_read(), ReadBound(size));
    EXPECT_TRUE(VerifyInclusion(index, size, leaves[index], *proof, roots[size]).ok())
        << "index " << index << " size " << size;
    EXPECT_FALSE(VerifyInclusion(index, size, leaves[index ^ 1], *proof, roots[size]).ok());
  }
  for (const auto& [size1, size2] : consistencies) {
    MemoryNodeReader reader(store, size2);
    absl::StatusOr<std::vector<Hash>> proof = ConsistencyProof(reader, size1, size2);
    ASSERT_TRUE(proof.ok()) << proof.status();
    EXPECT_LE(reader.ids_read(), ReadBound(size2));
    EXPECT_TRUE(VerifyConsistency(size1, size2, roots[size1], roots[size2], *proof).ok())
        << size1 << " -> " << size2;
  }
}

// A NodeReader for a tree of any size whose leaves all have the same hash: every node of level l
// then has the same hash, so proofs for sizes near 2^63 can be built and verified without storage.
class UniformTreeReader : public NodeReader {
 public:
  UniformTreeReader() {
    level_hashes_.push_back(LeafHash("same"));
    for (int level = 1; level <= 63; ++level) {
      level_hashes_.push_back(NodeHash(level_hashes_.back(), level_hashes_.back()));
    }
  }
  absl::StatusOr<std::vector<Hash>> ReadNodes(std::span<const NodeId> ids) override {
    std::vector<Hash> hashes;
    for (const NodeId& id : ids) hashes.push_back(level_hashes_.at(id.level));
    return hashes;
  }
  const Hash& UniformLeaf() const { return level_hashes_[0]; }

 private:
  std::vector<Hash> level_hashes_;
};

TEST(ProofFromStoredNodes, HugeTreeSizes) {
  UniformTreeReader reader;
  const uint64_t sizes[] = {kTreeSizeMax,       kTreeSizeMax - 1,   (uint64_t{1} << 62) + 1,
                            0x5555555555555555, 0x7fffffff00000001, 1'000'000'007};
  for (uint64_t size : sizes) {
    SCOPED_TRACE(::testing::Message() << "size " << size);
    absl::StatusOr<Hash> root = RootAt(reader, size);
    ASSERT_TRUE(root.ok()) << root.status();
    for (uint64_t index : {uint64_t{0}, size / 3, size - 2, size - 1}) {
      absl::StatusOr<ProofPlan> plan = InclusionPlan(index, size);
      ASSERT_TRUE(plan.ok()) << plan.status();
      ExpectDistinctAndInside(*plan, size);
      EXPECT_LE(plan->ids().size(), ReadBound(size));
      absl::StatusOr<std::vector<Hash>> proof = InclusionProof(reader, index, size);
      ASSERT_TRUE(proof.ok()) << proof.status();
      EXPECT_TRUE(VerifyInclusion(index, size, reader.UniformLeaf(), *proof, *root).ok()) << index;
    }
    for (uint64_t size1 : {uint64_t{1}, size / 2, size - 1}) {
      absl::StatusOr<ProofPlan> plan = ConsistencyPlan(size1, size);
      ASSERT_TRUE(plan.ok()) << plan.status();
      ExpectDistinctAndInside(*plan, size);
      EXPECT_LE(plan->ids().size(), ReadBound(size));
      absl::StatusOr<Hash> root1 = RootAt(reader, size1);
      absl::StatusOr<std::vector<Hash>> proof = ConsistencyProof(reader, size1, size);
      ASSERT_TRUE(root1.ok() && proof.ok());
      EXPECT_TRUE(VerifyConsistency(size1, size, *root1, *root, *proof).ok()) << size1;
    }
  }
}

TEST(ProofPlan, InvalidArguments) {
  EXPECT_EQ(InclusionPlan(0, 0).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(InclusionPlan(5, 5).status().message(),
            "leaf index 5 is out of range for tree of size 5");
  EXPECT_EQ(InclusionPlan(0, kTreeSizeMax + 1).status().message(),
            "tree size 9223372036854775809 exceeds the maximum 9223372036854775808");
  EXPECT_EQ(ConsistencyPlan(6, 5).status().message(),
            "first tree size 6 is larger than second tree size 5");
  EXPECT_EQ(ConsistencyPlan(1, UINT64_MAX).status().code(), absl::StatusCode::kInvalidArgument);
  MemoryNodeStore store(TestLeafHashes(4));
  MemoryNodeReader reader(store, 4);
  EXPECT_EQ(RootAt(reader, kTreeSizeMax + 1).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(reader.read_calls(), 0);
}

TEST(ProofPlan, EmptyProofsNeedNoNodes) {
  for (auto [index, size] : {std::pair<uint64_t, uint64_t>{0, 1}}) {
    absl::StatusOr<ProofPlan> plan = InclusionPlan(index, size);
    ASSERT_TRUE(plan.ok());
    EXPECT_TRUE(plan->ids().empty());
    EXPECT_EQ(plan->proof_size(), 0u);
  }
  for (auto [size1, size2] :
       {std::pair<uint64_t, uint64_t>{0, 0}, {0, 7}, {7, 7}, {0, kTreeSizeMax}}) {
    absl::StatusOr<ProofPlan> plan = ConsistencyPlan(size1, size2);
    ASSERT_TRUE(plan.ok());
    EXPECT_TRUE(plan->ids().empty());
    absl::StatusOr<std::vector<Hash>> proof = plan->Assemble({});
    ASSERT_TRUE(proof.ok());
    EXPECT_TRUE(proof->empty());
  }
}

// The ephemeral node of leaf 0 in a tree of 7 is MTH(D[4:7]) = NodeHash((1,2), (0,6)).
TEST(ProofPlan, EphemeralNodeIsHashedRightToLeft) {
  absl::StatusOr<ProofPlan> plan = InclusionPlan(0, 7);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->ids(), (std::vector<NodeId>{{0, 1}, {1, 1}, {1, 2}, {0, 6}}));
  EXPECT_EQ(plan->proof_size(), 3u);
  const Hash a = LeafHash("a"), b = LeafHash("b"), c = LeafHash("c"), d = LeafHash("d");
  const std::vector<Hash> fetched = {a, b, c, d};
  absl::StatusOr<std::vector<Hash>> proof = plan->Assemble(fetched);
  ASSERT_TRUE(proof.ok());
  EXPECT_EQ(*proof, (std::vector<Hash>{a, b, NodeHash(c, d)}));
  EXPECT_EQ(plan->Assemble(std::span(fetched).first(3)).status().message(),
            "proof plan needs 4 node hashes, got 3");
}

TEST(ProofFromStoredNodes, ReaderErrorsPropagate) {
  MemoryNodeStore store(TestLeafHashes(10));
  {
    MemoryNodeReader reader(store, 10);
    reader.FailWith(absl::UnavailableError("database down"));
    EXPECT_EQ(InclusionProof(reader, 3, 10).status(), absl::UnavailableError("database down"));
    EXPECT_EQ(ConsistencyProof(reader, 3, 10).status(), absl::UnavailableError("database down"));
    EXPECT_EQ(RootAt(reader, 10).status(), absl::UnavailableError("database down"));
  }
  {
    MemoryNodeReader reader(store, 10);
    reader.ReturnExtraHash();
    absl::Status status = InclusionProof(reader, 3, 10).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
    EXPECT_THAT(status.message(), HasSubstr("NodeReader returned 5 hashes for 4 node ids"));
    EXPECT_EQ(RootAt(reader, 10).status().code(), absl::StatusCode::kInternal);
  }
  {
    // A store that has not committed the requested size: the missing node is reported.
    MemoryNodeReader reader(store, 9);
    EXPECT_EQ(InclusionProof(reader, 3, 10).status().code(), absl::StatusCode::kNotFound);
  }
}

}  // namespace
}  // namespace ledger::merkle
