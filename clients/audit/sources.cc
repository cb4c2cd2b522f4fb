#include "clients/audit/sources.h"

namespace ledger::audit {

absl::StatusOr<std::vector<merkle::Hash>> LogSource::InclusionProof(uint64_t /*index*/,
                                                                    uint64_t /*tree_size*/) {
  return absl::UnimplementedError("this source serves no inclusion proofs");
}

}  // namespace ledger::audit
