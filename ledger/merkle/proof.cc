#include "ledger/merkle/proof.h"

#include <bit>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ledger/merkle/verify.h"
#include "ledger/util/check.h"
#include "ledger/util/status_macros.h"

namespace ledger::merkle {
namespace {

// A range of leaves [begin, end) whose Merkle tree hash is one proof element.
struct LeafRange {
  uint64_t begin;
  uint64_t end;
};

// The largest power of two smaller than n, for n >= 2 (the split point of RFC 9162 §2.1.1).
uint64_t SplitPoint(uint64_t n) { return std::bit_floor(n - 1); }

// RFC 9162 §2.1.3.1: appends the ranges of PATH(m, D[begin : begin + n]), deepest first.
void AddPath(uint64_t m, uint64_t begin, uint64_t n, std::vector<LeafRange>& out) {
  if (n <= 1) return;  // PATH(0, {d(0)}) = {}.
  const uint64_t k = SplitPoint(n);
  if (m < k) {
    AddPath(m, begin, k, out);
    out.push_back({begin + k, begin + n});
  } else {
    AddPath(m - k, begin + k, n - k, out);
    out.push_back({begin, begin + k});
  }
}

// RFC 9162 §2.1.4.1: appends the ranges of SUBPROOF(m, D[begin : begin + n], b), deepest first.
void AddSubproof(uint64_t m, uint64_t begin, uint64_t n, bool b, std::vector<LeafRange>& out) {
  if (m == n) {
    // The subtree is the first tree's: the verifier knows its hash only if b (it is root1).
    if (!b) out.push_back({begin, begin + n});
    return;
  }
  const uint64_t k = SplitPoint(n);
  if (m <= k) {
    AddSubproof(m, begin, k, b, out);
    out.push_back({begin + k, begin + n});
  } else {
    AddSubproof(m - k, begin + k, n - k, false, out);
    out.push_back({begin, begin + k});
  }
}

absl::Status CheckTreeSize(uint64_t size) {
  if (size > kTreeSizeMax) {
    return absl::InvalidArgumentError(
        absl::StrCat("tree size ", size, " exceeds the maximum ", kTreeSizeMax));
  }
  return absl::OkStatus();
}

// Hashes the perfect subtrees covering a right-edge range together, right to left: for levels
// l1 > l2 > ... > lk, MTH = NodeHash(h1, NodeHash(h2, ... hk)). That is RFC 9162's MTH because,
// when there is more than one node, the first is the largest power of two smaller than the range
// (its split point) and the rest is again such a range.
template <typename HashAt>
Hash FoldRightToLeft(size_t count, HashAt hash_at) {
  LEDGER_CHECK(count > 0);
  Hash hash = hash_at(count - 1);
  for (size_t j = count - 1; j-- > 0;) hash = NodeHash(hash_at(j), hash);
  return hash;
}

}  // namespace

void ProofPlan::AddRange(uint64_t begin, uint64_t end) {
  LEDGER_CHECK(begin < end && end <= kTreeSizeMax);
  // Alignment makes the cover strictly decreasing in level, which FoldRightToLeft relies on.
  LEDGER_CHECK(begin % std::bit_ceil(end - begin) == 0);
  for (const NodeId& id : RangeNodeIds(begin, end)) ids_.push_back(id);
  element_ends_.push_back(static_cast<uint32_t>(ids_.size()));
}

absl::StatusOr<std::vector<Hash>> ProofPlan::Assemble(std::span<const Hash> hashes) const {
  if (hashes.size() != ids_.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("proof plan needs ", ids_.size(), " node hashes, got ", hashes.size()));
  }
  std::vector<Hash> proof;
  proof.reserve(element_ends_.size());
  uint32_t start = 0;
  for (uint32_t end : element_ends_) {
    proof.push_back(FoldRightToLeft(end - start, [&](size_t j) { return hashes[start + j]; }));
    start = end;
  }
  return proof;
}

absl::StatusOr<ProofPlan> InclusionPlan(uint64_t index, uint64_t size) {
  LEDGER_RETURN_IF_ERROR(CheckTreeSize(size));
  if (index >= size) {
    return absl::InvalidArgumentError(
        absl::StrCat("leaf index ", index, " is out of range for tree of size ", size));
  }
  std::vector<LeafRange> ranges;
  AddPath(index, 0, size, ranges);
  ProofPlan plan;
  for (const LeafRange& range : ranges) plan.AddRange(range.begin, range.end);
  LEDGER_CHECK(plan.proof_size() == InclusionProofSize(index, size));
  return plan;
}

absl::StatusOr<ProofPlan> ConsistencyPlan(uint64_t size1, uint64_t size2) {
  LEDGER_RETURN_IF_ERROR(CheckTreeSize(size2));
  if (size1 > size2) {
    return absl::InvalidArgumentError(
        absl::StrCat("first tree size ", size1, " is larger than second tree size ", size2));
  }
  std::vector<LeafRange> ranges;
  // PROOF(m, D[n]) is defined for 0 < m < n; for m == 0 and m == n the proof is empty.
  if (size1 != 0 && size1 != size2) AddSubproof(size1, 0, size2, true, ranges);
  ProofPlan plan;
  for (const LeafRange& range : ranges) plan.AddRange(range.begin, range.end);
  LEDGER_CHECK(plan.proof_size() == ConsistencyProofSize(size1, size2));
  return plan;
}

namespace {

absl::StatusOr<std::vector<Hash>> ReadAndAssemble(NodeReader& reader, const ProofPlan& plan) {
  LEDGER_ASSIGN_OR_RETURN(std::vector<Hash> hashes, ReadNodesChecked(reader, plan.ids()));
  return plan.Assemble(hashes);
}

}  // namespace

absl::StatusOr<std::vector<Hash>> InclusionProof(NodeReader& reader, uint64_t index,
                                                 uint64_t size) {
  LEDGER_ASSIGN_OR_RETURN(ProofPlan plan, InclusionPlan(index, size));
  return ReadAndAssemble(reader, plan);
}

absl::StatusOr<std::vector<Hash>> ConsistencyProof(NodeReader& reader, uint64_t size1,
                                                   uint64_t size2) {
  LEDGER_ASSIGN_OR_RETURN(ProofPlan plan, ConsistencyPlan(size1, size2));
  return ReadAndAssemble(reader, plan);
}

absl::StatusOr<Hash> RootAt(NodeReader& reader, uint64_t size) {
  LEDGER_RETURN_IF_ERROR(CheckTreeSize(size));
  if (size == 0) return EmptyRoot();
  const std::vector<NodeId> ids = RangeNodeIds(0, size);
  LEDGER_ASSIGN_OR_RETURN(std::vector<Hash> hashes, ReadNodesChecked(reader, ids));
  return FoldRightToLeft(hashes.size(), [&](size_t j) { return hashes[j]; });
}

}  // namespace ledger::merkle
