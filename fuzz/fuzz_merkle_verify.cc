// RFC 9162 proof verification (ledger/merkle/verify.h), which clients and auditors run on
// whatever a server sends, and the server's proof building (proof.h) against the RFC's
// reference definitions (merkle_testing.h).
//
// The first byte picks a mode:
//   0  arbitrary inclusion proof: never crashes; verifies only if RootFromInclusionProof gives
//      the claimed root;
//   1  arbitrary consistency proof: never crashes; the RFC's edge cases (equal sizes, size 0);
//   2  a real tree of 1..300 leaves: the server's proofs equal the reference proofs and verify,
//      and one flipped bit in a proof hash or a root makes them fail.

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "fuzz/fuzz_check.h"
#include "ledger/merkle/hash.h"
#include "ledger/merkle/merkle_testing.h"
#include "ledger/merkle/proof.h"
#include "ledger/merkle/verify.h"

namespace ledger::fuzz {
namespace {

using merkle::Hash;

Hash ConsumeHash(FuzzedDataProvider& in) {
  Hash h{};
  const std::vector<uint8_t> bytes = in.ConsumeBytes<uint8_t>(h.size());
  std::copy(bytes.begin(), bytes.end(), h.begin());
  return h;
}

std::vector<Hash> ConsumeProof(FuzzedDataProvider& in) {
  std::vector<Hash> proof;
  const size_t n = in.ConsumeIntegralInRange<size_t>(0, 70);
  for (size_t i = 0; i < n && in.remaining_bytes() > 0; ++i) proof.push_back(ConsumeHash(in));
  return proof;
}

// Tree sizes near the edges (0, 1, powers of two, 2^64 - 1) as often as arbitrary ones.
uint64_t ConsumeSize(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange<int>(0, 3)) {
    case 0:
      return in.ConsumeIntegralInRange<uint64_t>(0, 1100);
    case 1:
      return uint64_t{1} << in.ConsumeIntegralInRange<int>(0, 63);
    case 2:
      return (uint64_t{1} << in.ConsumeIntegralInRange<int>(0, 63)) +
             in.ConsumeIntegralInRange<int>(-1, 1);
    default:
      return in.ConsumeIntegral<uint64_t>();
  }
}

void ArbitraryInclusion(FuzzedDataProvider& in) {
  const uint64_t index = ConsumeSize(in);
  const uint64_t size = ConsumeSize(in);
  const Hash leaf = ConsumeHash(in);
  const Hash root = ConsumeHash(in);
  const std::vector<Hash> proof = ConsumeProof(in);
  const absl::Status verified = merkle::VerifyInclusion(index, size, leaf, proof, root);
  const absl::StatusOr<Hash> implied = merkle::RootFromInclusionProof(index, size, leaf, proof);
  if (index < size) {
    FUZZ_CHECK(implied.ok() == (proof.size() == merkle::InclusionProofSize(index, size)));
  } else {
    FUZZ_CHECK(!implied.ok());
  }
  FUZZ_CHECK(verified.ok() == (implied.ok() && *implied == root));
}

void ArbitraryConsistency(FuzzedDataProvider& in) {
  const uint64_t size1 = ConsumeSize(in);
  const uint64_t size2 = ConsumeSize(in);
  const Hash root1 = ConsumeHash(in);
  const Hash root2 = in.ConsumeBool() ? root1 : ConsumeHash(in);
  const std::vector<Hash> proof = ConsumeProof(in);
  const absl::Status verified = merkle::VerifyConsistency(size1, size2, root1, root2, proof);
  if (!verified.ok()) return;
  FUZZ_CHECK(size1 <= size2);
  FUZZ_CHECK(proof.size() == merkle::ConsistencyProofSize(size1, size2));
  if (size1 == size2) FUZZ_CHECK(root1 == root2 && proof.empty());
  if (size1 == 0) FUZZ_CHECK(root1 == merkle::EmptyRoot() && proof.empty());
}

// Flips one bit of one of the hashes (chosen by the input); the caller checks that verification
// then fails.
void FlipBit(FuzzedDataProvider& in, std::span<Hash*> hashes) {
  Hash* h = hashes[in.ConsumeIntegralInRange<size_t>(0, hashes.size() - 1)];
  const size_t byte = in.ConsumeIntegralInRange<size_t>(0, h->size() - 1);
  (*h)[byte] ^= static_cast<uint8_t>(1u << in.ConsumeIntegralInRange<int>(0, 7));
}

void RealTree(FuzzedDataProvider& in) {
  const uint64_t n = in.ConsumeIntegralInRange<uint64_t>(1, 300);
  std::vector<Hash> leaves = merkle::testonly::TestLeafHashes(n);
  // Let the input choose some leaves' contents, so that equal leaves occur too.
  while (in.remaining_bytes() > 0 && in.ConsumeBool()) {
    leaves[in.ConsumeIntegralInRange<uint64_t>(0, n - 1)] =
        merkle::LeafHash(in.ConsumeBytesAsString(in.ConsumeIntegralInRange<size_t>(0, 8)));
  }
  const merkle::testonly::MemoryNodeStore store(leaves);
  merkle::testonly::MemoryNodeReader reader(store, n);
  Hash root = merkle::RootFromLeafHashes(leaves);
  absl::StatusOr<Hash> root_at = merkle::RootAt(reader, n);
  FUZZ_CHECK(root_at.ok() && *root_at == root);

  // Inclusion.
  const uint64_t index = in.ConsumeIntegralInRange<uint64_t>(0, n - 1);
  std::vector<Hash> path = merkle::testonly::ReferenceInclusionProof(leaves, index);
  absl::StatusOr<std::vector<Hash>> served = merkle::InclusionProof(reader, index, n);
  FUZZ_CHECK(served.ok() && *served == path);
  FUZZ_CHECK(path.size() == merkle::InclusionProofSize(index, n));
  Hash leaf = leaves[index];
  FUZZ_CHECK(merkle::VerifyInclusion(index, n, leaf, path, root).ok());
  {
    std::vector<Hash*> targets = {&leaf, &root};
    for (Hash& h : path) targets.push_back(&h);
    FlipBit(in, targets);
    FUZZ_CHECK(!merkle::VerifyInclusion(index, n, leaf, path, root).ok());
    root = merkle::RootFromLeafHashes(leaves);
  }
  // The same proof at another index or size does not verify (unless it is the same proof).
  const uint64_t other = in.ConsumeIntegralInRange<uint64_t>(0, n);
  if (other != index && other < n) {
    const std::vector<Hash> original = merkle::testonly::ReferenceInclusionProof(leaves, index);
    if (merkle::VerifyInclusion(other, n, leaves[index], original, root).ok()) {
      // Only possible if the other leaf's own proof is the same and its leaf is equal.
      FUZZ_CHECK(leaves[other] == leaves[index]);
    }
  }

  // Consistency from size1 to n.
  const uint64_t size1 = in.ConsumeIntegralInRange<uint64_t>(0, n);
  std::vector<Hash> proof = merkle::testonly::ReferenceConsistencyProof(leaves, size1);
  absl::StatusOr<std::vector<Hash>> served_proof = merkle::ConsistencyProof(reader, size1, n);
  FUZZ_CHECK(served_proof.ok() && *served_proof == proof);
  FUZZ_CHECK(proof.size() == merkle::ConsistencyProofSize(size1, n));
  Hash root1 = merkle::RootFromLeafHashes(std::span<const Hash>(leaves).first(size1));
  FUZZ_CHECK(merkle::VerifyConsistency(size1, n, root1, root, proof).ok());
  // Every tree extends the empty tree: from size 0 the proof is empty and the new root is not
  // constrained (verify.h), so only the claimed old root can be wrong.
  std::vector<Hash*> targets = {&root1};
  if (size1 > 0) targets.push_back(&root);
  for (Hash& h : proof) targets.push_back(&h);
  FlipBit(in, targets);
  FUZZ_CHECK(!merkle::VerifyConsistency(size1, n, root1, root, proof).ok());
}

}  // namespace
}  // namespace ledger::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  switch (in.ConsumeIntegralInRange<int>(0, 2)) {
    case 0:
      ledger::fuzz::ArbitraryInclusion(in);
      break;
    case 1:
      ledger::fuzz::ArbitraryConsistency(in);
      break;
    default:
      ledger::fuzz::RealTree(in);
      break;
  }
  return 0;
}
