#include "ledger/merkle/verify.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "ledger/merkle/merkle_testing.h"
#include "ledger/merkle/test_vectors.h"

namespace ledger::merkle {
namespace {

using ::ledger::merkle::testonly::BytesFromHex;
using ::ledger::merkle::testonly::HashFromHex;
using ::testing::HasSubstr;

std::vector<Hash> Hashes(const std::vector<std::string_view>& hex) {
  std::vector<Hash> hashes;
  hashes.reserve(hex.size());
  for (std::string_view h : hex) hashes.push_back(HashFromHex(h));
  return hashes;
}

Hash ReferenceLeafHash(uint64_t index) {
  return LeafHash(BytesFromHex(vectors::kLeafInputs[index]));
}

Hash ReferenceRoot(uint64_t size) { return HashFromHex(vectors::kRoots[size]); }

Hash SomeHash() {
  return HashFromHex("abacaba000000000000000000000000000000000000000000060061e00123456");
}

std::vector<Hash> With(std::vector<Hash> proof, const std::function<void(std::vector<Hash>&)>& f) {
  f(proof);
  return proof;
}

// Asserts that the correct proof verifies and that every corruption of it is rejected.
void CheckInclusionAndCorruptions(uint64_t index, uint64_t size, const Hash& leaf,
                                  const std::vector<Hash>& proof, const Hash& root) {
  SCOPED_TRACE(::testing::Message() << "inclusion of " << index << " in size " << size);
  absl::StatusOr<Hash> calculated = RootFromInclusionProof(index, size, leaf, proof);
  ASSERT_TRUE(calculated.ok()) << calculated.status();
  EXPECT_EQ(*calculated, root);
  ASSERT_TRUE(VerifyInclusion(index, size, leaf, proof, root).ok());

  auto rejects = [&](uint64_t i, uint64_t n, const Hash& l, const std::vector<Hash>& p,
                     const Hash& r, std::string_view what) {
    absl::Status status = VerifyInclusion(i, n, l, p, r);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << what;
  };
  rejects(index - 1, size, leaf, proof, root, "index - 1");
  rejects(index + 1, size, leaf, proof, root, "index + 1");
  rejects(index ^ 2, size, leaf, proof, root, "index ^ 2");
  rejects(index, size * 2, leaf, proof, root, "size * 2");
  rejects(index, size / 2, leaf, proof, root, "size / 2");
  // Not size +- 1: an audit path does not always pin the size down to one value (e.g. index 1 has
  // the same path shape in trees of 5 and 6 leaves); the signed checkpoint pins it instead.
  rejects(index, size, LeafHash("wrong leaf"), proof, root, "wrong leaf");
  rejects(index, size, leaf, proof, EmptyRoot(), "empty root");
  rejects(index, size, leaf, proof, SomeHash(), "some root");
  rejects(index, size, leaf, With(proof, [&](auto& p) { p.push_back(root); }), root, "extended");
  rejects(index, size, leaf, With(proof, [&](auto& p) { p.push_back(Hash{}); }), root,
          "extended with zeros");
  rejects(index, size, leaf, With(proof, [&](auto& p) { p.insert(p.begin(), root); }), root,
          "preceded by root");
  if (!proof.empty()) {
    rejects(index, size, leaf, With(proof, [](auto& p) { p.pop_back(); }), root, "truncated");
    rejects(index, size, leaf, With(proof, [](auto& p) { p.erase(p.begin()); }), root,
            "first removed");
    rejects(index, size, leaf, With(proof, [](auto& p) { p.insert(p.begin() + 1, SomeHash()); }),
            root, "inserted");
  }
  if (proof.size() > 1) {
    rejects(index, size, leaf, With(proof, [](auto& p) { std::swap(p.front(), p.back()); }), root,
            "swapped");
  }
  // Every single flipped bit of every proof hash.
  for (size_t e = 0; e < proof.size(); ++e) {
    for (size_t byte = 0; byte < kHashSize; ++byte) {
      for (int bit = 0; bit < 8; ++bit) {
        std::vector<Hash> flipped = proof;
        flipped[e][byte] ^= static_cast<uint8_t>(1 << bit);
        ASSERT_FALSE(VerifyInclusion(index, size, leaf, flipped, root).ok())
            << "bit " << bit << " of byte " << byte << " of proof[" << e << "]";
      }
    }
  }
}

void CheckConsistencyAndCorruptions(uint64_t size1, uint64_t size2, const Hash& root1,
                                    const Hash& root2, const std::vector<Hash>& proof) {
  SCOPED_TRACE(::testing::Message() << "consistency from " << size1 << " to " << size2);
  ASSERT_TRUE(VerifyConsistency(size1, size2, root1, root2, proof).ok());
  auto rejects = [&](uint64_t m, uint64_t n, const Hash& r1, const Hash& r2,
                     const std::vector<Hash>& p, std::string_view what) {
    absl::Status status = VerifyConsistency(m, n, r1, r2, p);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << what;
  };
  rejects(size1 - 1, size2, root1, root2, proof, "size1 - 1");
  rejects(size1 + 1, size2, root1, root2, proof, "size1 + 1");
  rejects(size1 ^ 2, size2, root1, root2, proof, "size1 ^ 2");
  rejects(size1, size2 * 2, root1, root2, proof, "size2 * 2");
  rejects(size1, size2 / 2, root1, root2, proof, "size2 / 2");
  rejects(size1, size2, SomeHash(), root2, proof, "wrong root1");
  rejects(size1, size2, root1, SomeHash(), proof, "wrong root2");
  rejects(size1, size2, root2, root1, proof, "swapped roots");
  rejects(size1, size2, root1, root2, {}, "empty proof");
  rejects(size1, size2, root1, root2, With(proof, [&](auto& p) { p.push_back(root1); }),
          "extended with root1");
  rejects(size1, size2, root1, root2, With(proof, [&](auto& p) { p.push_back(root2); }),
          "extended with root2");
  rejects(size1, size2, root1, root2, With(proof, [&](auto& p) { p.push_back(Hash{}); }),
          "extended with zeros");
  rejects(size1, size2, root1, root2, With(proof, [&](auto& p) { p.insert(p.begin(), root1); }),
          "preceded by root1");
  rejects(size1, size2, root1, root2, With(proof, [&](auto& p) { p.insert(p.begin(), p.front()); }),
          "preceded by proof[0]");
  rejects(size1, size2, root1, root2, With(proof, [](auto& p) { p.pop_back(); }), "truncated");
  rejects(size1, size2, root1, root2, With(proof, [](auto& p) { p.erase(p.begin()); }),
          "first removed");
  if (proof.size() > 1) {
    rejects(size1, size2, root1, root2,
            With(proof, [](auto& p) { std::swap(p.front(), p.back()); }), "swapped");
  }
  for (size_t e = 0; e < proof.size(); ++e) {
    for (size_t byte = 0; byte < kHashSize; ++byte) {
      for (int bit = 0; bit < 8; ++bit) {
        std::vector<Hash> flipped = proof;
        flipped[e][byte] ^= static_cast<uint8_t>(1 << bit);
        ASSERT_FALSE(VerifyConsistency(size1, size2, root1, root2, flipped).ok())
            << "bit " << bit << " of byte " << byte << " of proof[" << e << "]";
      }
    }
  }
}

TEST(VerifyInclusion, ReferenceVectorsAndCorruptions) {
  for (const vectors::InclusionVector& v : vectors::kInclusionProofs) {
    CheckInclusionAndCorruptions(v.index, v.size, ReferenceLeafHash(v.index), Hashes(v.proof),
                                 ReferenceRoot(v.size));
  }
}

TEST(VerifyInclusion, IndexOutOfRange) {
  const Hash leaf = ReferenceLeafHash(0);
  for (auto [index, size] : {std::pair<uint64_t, uint64_t>{0, 0},
                             {1, 1},
                             {1, 0},
                             {2, 1},
                             {8, 8},
                             {UINT64_MAX, UINT64_MAX}}) {
    absl::Status status = VerifyInclusion(index, size, leaf, {}, leaf);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(status.message(), HasSubstr("out of range")) << status;
  }
  EXPECT_EQ(
      VerifyInclusion(8, 8, leaf, Hashes(vectors::kInclusionProofs[1].proof), ReferenceRoot(8))
          .message(),
      "leaf index 8 is out of range for tree of size 8");
}

TEST(VerifyInclusion, SingleLeafTree) {
  const Hash leaf = LeafHash("data");
  EXPECT_TRUE(VerifyInclusion(0, 1, leaf, {}, leaf).ok());
  EXPECT_FALSE(VerifyInclusion(0, 1, leaf, {}, EmptyRoot()).ok());
  EXPECT_FALSE(VerifyInclusion(0, 1, EmptyRoot(), {}, leaf).ok());
  const std::vector<Hash> one = {leaf};
  EXPECT_FALSE(VerifyInclusion(0, 1, leaf, one, leaf).ok());
}

TEST(VerifyInclusion, Messages) {
  std::vector<Hash> proof(5, SomeHash());
  EXPECT_EQ(VerifyInclusion(3, 10, SomeHash(), proof, SomeHash()).message(),
            "inclusion proof has 5 hashes, expected 4 for index 3 in tree of size 10");
  const vectors::InclusionVector& v = vectors::kInclusionProofs[2];
  absl::Status status = VerifyInclusion(v.index, v.size, ReferenceLeafHash(v.index),
                                        Hashes(v.proof), ReferenceRoot(7));
  EXPECT_EQ(status.message(), "calculated root " + std::string(vectors::kRoots[8]) +
                                  " does not match the expected root " +
                                  std::string(vectors::kRoots[7]) +
                                  " for index 5 in tree of size 8");
}

TEST(VerifyConsistency, ReferenceVectorsAndCorruptions) {
  for (const vectors::ConsistencyVector& v : vectors::kConsistencyProofs) {
    if (v.size1 == v.size2) {
      EXPECT_TRUE(VerifyConsistency(v.size1, v.size2, ReferenceRoot(v.size1),
                                    ReferenceRoot(v.size2), Hashes(v.proof))
                      .ok());
      continue;
    }
    CheckConsistencyAndCorruptions(v.size1, v.size2, ReferenceRoot(v.size1), ReferenceRoot(v.size2),
                                   Hashes(v.proof));
  }
}

TEST(VerifyConsistency, EdgeCases) {
  const Hash a = ReferenceRoot(3);
  const Hash b = ReferenceRoot(5);
  const std::vector<Hash> none;
  const std::vector<Hash> one = {EmptyRoot()};
  struct Case {
    uint64_t size1, size2;
    Hash root1, root2;
    std::vector<Hash> proof;
    bool ok;
    std::string_view message;
  };
  const Case cases[] = {
      // Equal sizes: empty proof and equal roots.
      {0, 0, EmptyRoot(), EmptyRoot(), none, true, ""},
      {3, 3, a, a, none, true, ""},
      {3, 3, a, b, none, false, "have different roots"},
      {3, 3, a, a, one, false, "consistency proof has 1 hashes, expected 0 from size 3 to size 3"},
      {0, 0, EmptyRoot(), EmptyRoot(), one, false, "has 1 hashes, expected 0"},
      // Every tree extends the empty tree, with an empty proof.
      {0, 5, EmptyRoot(), b, none, true, ""},
      {0, 5, EmptyRoot(), b, one, false, "has 1 hashes, expected 0"},
      {0, 5, a, b, none, false, "given for tree size 0 is not the empty tree's root"},
      {0, 0, a, a, none, false, "given for tree size 0 is not the empty tree's root"},
      // No time travel.
      {5, 3, b, a, none, false, "first tree size 5 is larger than second tree size 3"},
      {1, 0, a, EmptyRoot(), none, false, "larger than"},
      // A real step needs a proof.
      {1, 2, ReferenceRoot(1), ReferenceRoot(2), none, false,
       "consistency proof has 0 hashes, expected 1 from size 1 to size 2"},
  };
  for (const Case& c : cases) {
    absl::Status status = VerifyConsistency(c.size1, c.size2, c.root1, c.root2, c.proof);
    EXPECT_EQ(status.ok(), c.ok) << c.size1 << " -> " << c.size2 << ": " << status;
    if (!c.ok) {
      EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
      EXPECT_THAT(status.message(), HasSubstr(c.message));
    }
  }
}

TEST(VerifyConsistency, Messages) {
  const vectors::ConsistencyVector& v = vectors::kConsistencyProofs[2];  // 6 -> 8
  EXPECT_EQ(
      VerifyConsistency(6, 8, ReferenceRoot(6), ReferenceRoot(8), std::vector<Hash>(4, SomeHash()))
          .message(),
      "consistency proof has 4 hashes, expected 3 from size 6 to size 8");
  EXPECT_THAT(
      VerifyConsistency(6, 8, ReferenceRoot(5), ReferenceRoot(8), Hashes(v.proof)).message(),
      HasSubstr("does not match the first root " + std::string(vectors::kRoots[5]) + " of size 6"));
  EXPECT_THAT(
      VerifyConsistency(6, 8, ReferenceRoot(6), ReferenceRoot(7), Hashes(v.proof)).message(),
      HasSubstr("calculated root " + std::string(vectors::kRoots[8]) +
                " does not match the second root " + std::string(vectors::kRoots[7])));
}

TEST(ProofSize, KnownValues) {
  EXPECT_EQ(InclusionProofSize(0, 1), 0u);
  EXPECT_EQ(InclusionProofSize(0, 8), 3u);
  EXPECT_EQ(InclusionProofSize(2, 3), 1u);
  EXPECT_EQ(InclusionProofSize(3, 10), 4u);
  EXPECT_EQ(InclusionProofSize(kTreeSizeMax - 1, kTreeSizeMax), 63u);
  EXPECT_EQ(InclusionProofSize(UINT64_MAX - 1, UINT64_MAX), 63u);
  EXPECT_EQ(ConsistencyProofSize(0, 5), 0u);
  EXPECT_EQ(ConsistencyProofSize(5, 5), 0u);
  EXPECT_EQ(ConsistencyProofSize(1, 8), 3u);
  EXPECT_EQ(ConsistencyProofSize(6, 8), 3u);
  EXPECT_EQ(ConsistencyProofSize(2, 5), 2u);
  EXPECT_EQ(ConsistencyProofSize(6, 7), 3u);
}

// Found by fuzz_tlog_proof and fuzz_merkle_verify: in a tree of more than 2^63 leaves (a size a
// checkpoint can claim), a leaf in the left half has a path that parts from the last leaf's at
// the root; the size computation shifted by 64 there (undefined; on x86 it counted the index's
// bits instead of none, so the right proof was rejected as the wrong length).
TEST(ProofSize, PathsThatPartAtTheRootOfAHugeTree) {
  EXPECT_EQ(InclusionProofSize(0, kTreeSizeMax + 1), 64u);
  EXPECT_EQ(InclusionProofSize(3, kTreeSizeMax + 2), 64u);
  EXPECT_EQ(InclusionProofSize(3, 16666666666666666613u), 64u);
  EXPECT_EQ(InclusionProofSize(2, UINT64_MAX), 64u);
  EXPECT_EQ(ConsistencyProofSize(3, UINT64_MAX), 65u);

  // The verifier takes a path of that length (and no other) as far as hashing.
  const Hash leaf = LeafHash("leaf");
  const std::vector<Hash> path(64, LeafHash("sibling"));
  EXPECT_TRUE(RootFromInclusionProof(3, kTreeSizeMax + 2, leaf, path).ok());
  const std::vector<Hash> longer(66, LeafHash("sibling"));
  EXPECT_FALSE(RootFromInclusionProof(3, kTreeSizeMax + 2, leaf, longer).ok());
}

}  // namespace
}  // namespace ledger::merkle
