#include "ledger/merkle/verify.h"

#include <bit>

#include "absl/strings/str_cat.h"
#include "ledger/util/check.h"

namespace ledger::merkle {
namespace {

std::string Hex(const Hash& hash) { return crypto::ToHex(hash); }

// Right-shifts fn and sn together until fn is odd or zero (RFC 9162 §2.1.3.2 step 4b and
// §2.1.4.2 step 6b, "until either LSB(fn) is set or fn is 0").
void ShiftWhileEven(uint64_t& fn, uint64_t& sn) {
  while (fn != 0 && (fn & 1) == 0) {
    fn >>= 1;
    sn >>= 1;
  }
}

}  // namespace

size_t InclusionProofSize(uint64_t index, uint64_t size) {
  LEDGER_CHECK(index < size);
  // Below the level where the paths to `index` and to the last leaf `size - 1` meet, every level
  // contributes one sibling ("inner"); above it, the path runs along the right edge of the tree and
  // only the levels where `index` has a left neighbour contribute one ("border").
  const int inner = std::bit_width(index ^ (size - 1));
  // inner is 64 when the paths part at the root of a tree of more than 2^63 leaves (index below
  // 2^63, size - 1 not): no border levels then, and `index >> 64` would be undefined.
  const int border = inner == 64 ? 0 : std::popcount(index >> inner);
  return static_cast<size_t>(inner) + static_cast<size_t>(border);
}

size_t ConsistencyProofSize(uint64_t size1, uint64_t size2) {
  LEDGER_CHECK(size1 <= size2);
  if (size1 == 0 || size1 == size2) return 0;
  // The proof is the inclusion proof of the largest perfect subtree that ends at size1 (at level
  // `shift`), preceded by that subtree's hash unless it is the whole first tree.
  const int shift = std::countr_zero(size1);
  const size_t path = InclusionProofSize((size1 - 1) >> shift, ((size2 - 1) >> shift) + 1);
  return path + (std::has_single_bit(size1) ? 0 : 1);
}

absl::StatusOr<Hash> RootFromInclusionProof(uint64_t leaf_index, uint64_t tree_size,
                                            const Hash& leaf_hash, std::span<const Hash> proof) {
  if (leaf_index >= tree_size) {
    return absl::InvalidArgumentError(
        absl::StrCat("leaf index ", leaf_index, " is out of range for tree of size ", tree_size));
  }
  const size_t expected = InclusionProofSize(leaf_index, tree_size);
  if (proof.size() != expected) {
    return absl::InvalidArgumentError(absl::StrCat("inclusion proof has ", proof.size(),
                                                   " hashes, expected ", expected, " for index ",
                                                   leaf_index, " in tree of size ", tree_size));
  }
  // RFC 9162 §2.1.3.2, step by step. Its own length checks (sn == 0 too early, sn != 0 at the end)
  // cannot fire after the check above; they stay so that the loop is the RFC's verbatim and fails
  // closed.
  uint64_t fn = leaf_index;
  uint64_t sn = tree_size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) {
      return absl::InvalidArgumentError(absl::StrCat("inclusion proof too long for index ",
                                                     leaf_index, " in tree of size ", tree_size));
    }
    if ((fn & 1) == 1 || fn == sn) {
      r = NodeHash(p, r);
      ShiftWhileEven(fn, sn);
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) {
    return absl::InvalidArgumentError(absl::StrCat("inclusion proof too short for index ",
                                                   leaf_index, " in tree of size ", tree_size));
  }
  return r;
}

absl::Status VerifyInclusion(uint64_t leaf_index, uint64_t tree_size, const Hash& leaf_hash,
                             std::span<const Hash> proof, const Hash& root) {
  absl::StatusOr<Hash> calculated = RootFromInclusionProof(leaf_index, tree_size, leaf_hash, proof);
  if (!calculated.ok()) return calculated.status();
  if (*calculated != root) {
    return absl::InvalidArgumentError(
        absl::StrCat("calculated root ", Hex(*calculated), " does not match the expected root ",
                     Hex(root), " for index ", leaf_index, " in tree of size ", tree_size));
  }
  return absl::OkStatus();
}

absl::Status VerifyConsistency(uint64_t size1, uint64_t size2, const Hash& root1, const Hash& root2,
                               std::span<const Hash> proof) {
  if (size1 > size2) {
    return absl::InvalidArgumentError(
        absl::StrCat("first tree size ", size1, " is larger than second tree size ", size2));
  }
  if (size1 == 0 || size1 == size2) {
    if (!proof.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("consistency proof has ", proof.size(),
                                                     " hashes, expected 0 from size ", size1,
                                                     " to size ", size2));
    }
    if (size1 == 0 && root1 != EmptyRoot()) {
      return absl::InvalidArgumentError(absl::StrCat("root ", Hex(root1),
                                                     " given for tree size 0 is not the empty "
                                                     "tree's root ",
                                                     Hex(EmptyRoot())));
    }
    if (size1 == size2 && root1 != root2) {
      return absl::InvalidArgumentError(absl::StrCat("trees of the same size ", size1,
                                                     " have different roots ", Hex(root1), " and ",
                                                     Hex(root2)));
    }
    return absl::OkStatus();
  }

  const size_t expected = ConsistencyProofSize(size1, size2);
  if (proof.size() != expected) {
    return absl::InvalidArgumentError(absl::StrCat("consistency proof has ", proof.size(),
                                                   " hashes, expected ", expected, " from size ",
                                                   size1, " to size ", size2));
  }
  // RFC 9162 §2.1.4.2, step by step (its length checks are redundant with the one above, as in
  // RootFromInclusionProof). Step 2 ("if first is an exact power of 2, prepend
  // first_hash") is done by starting from root1 instead of proof[0], without copying the proof.
  std::span<const Hash> rest = proof;
  Hash seed = root1;
  if (!std::has_single_bit(size1)) {
    seed = rest.front();
    rest = rest.subspan(1);
  }
  uint64_t fn = size1 - 1;
  uint64_t sn = size2 - 1;
  while ((fn & 1) == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = seed;
  Hash sr = seed;
  for (const Hash& c : rest) {
    if (sn == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("consistency proof too long from size ", size1, " to size ", size2));
    }
    if ((fn & 1) == 1 || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      ShiftWhileEven(fn, sn);
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("consistency proof too short from size ", size1, " to size ", size2));
  }
  if (fr != root1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "calculated root ", Hex(fr), " does not match the first root ", Hex(root1), " of size ",
        size1, " (consistency from size ", size1, " to size ", size2, ")"));
  }
  if (sr != root2) {
    return absl::InvalidArgumentError(absl::StrCat(
        "calculated root ", Hex(sr), " does not match the second root ", Hex(root2), " of size ",
        size2, " (consistency from size ", size1, " to size ", size2, ")"));
  }
  return absl::OkStatus();
}

}  // namespace ledger::merkle
