#include "ledger/merkle/nodes.h"

#include <algorithm>
#include <bit>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ledger/util/check.h"
#include "ledger/util/status_macros.h"

namespace ledger::merkle {

std::string NodeId::DebugString() const {
  return absl::StrCat("(level ", level, ", index ", index, ")");
}

std::ostream& operator<<(std::ostream& os, const NodeId& id) { return os << id.DebugString(); }

std::vector<NodeId> RangeNodeIds(uint64_t begin, uint64_t end) {
  LEDGER_CHECK(begin <= end && end <= kTreeSizeMax);
  std::vector<NodeId> ids;
  // Greedy from the left: the largest node that starts at `begin` (limited by its alignment) and
  // does not pass `end`. This yields the unique minimal cover.
  while (begin < end) {
    const auto aligned_level = static_cast<uint32_t>(std::countr_zero(begin));  // 64 for 0.
    const auto fitting_level = static_cast<uint32_t>(std::bit_width(end - begin) - 1);
    const uint32_t level = std::min(aligned_level, fitting_level);
    ids.push_back(NodeId{.level = level, .index = begin >> level});
    begin += uint64_t{1} << level;
  }
  return ids;
}

absl::StatusOr<std::vector<Hash>> ReadNodesChecked(NodeReader& reader,
                                                   std::span<const NodeId> ids) {
  if (ids.empty()) return std::vector<Hash>();
  LEDGER_ASSIGN_OR_RETURN(std::vector<Hash> hashes, reader.ReadNodes(ids));
  if (hashes.size() != ids.size()) {
    return absl::InternalError(absl::StrCat("NodeReader returned ", hashes.size(), " hashes for ",
                                            ids.size(), " node ids"));
  }
  return hashes;
}

}  // namespace ledger::merkle
