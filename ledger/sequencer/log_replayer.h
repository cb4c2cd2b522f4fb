#ifndef LEDGER_SEQUENCER_LOG_REPLAYER_H_
#define LEDGER_SEQUENCER_LOG_REPLAYER_H_

// The fold of a log from genesis: leaf bytes in, state and Merkle frontier out. Shared by the
// server's start-up replay (replay.h, leaves from storage) and the auditor (clients/audit, leaves
// from any source), so both decide every entry with the same code.
//
//   LogReplayer replayer(origin);
//   for (uint64_t i = 0; i < size; ++i) {
//     LEDGER_ASSIGN_OR_RETURN(DecodedLeaf leaf, DecodeLogLeaf(i, leaves[i]));
//     leaf.entry.signatures_verified = ...;   // true only if checked already (worker pool)
//     LEDGER_RETURN_IF_ERROR(replayer.Apply(merkle::LeafHash(leaves[i]), leaf));
//   }
//   replayer.frontier().Root();   // compare with the checkpoint's root
//
// Not thread-safe (one owner, like the state it holds).

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/merkle/frontier.h"
#include "ledger/merkle/hash.h"
#include "ledger/state/entry.h"
#include "ledger/state/state.h"

namespace ledger::sequencer {

struct DecodedLeaf {
  int64_t recorded_time_us = 0;
  state::Entry entry;
};

// Splits the leaf at `index` (docs/FORMATS.md §6) and decodes its entry. kDataLoss "log entry
// <index> has a malformed leaf: ..." or "... has a malformed envelope: ..." (the cause's rule id,
// if any, is kept on the returned status).
absl::StatusOr<DecodedLeaf> DecodeLogLeaf(uint64_t index, std::string_view leaf);

class LogReplayer {
 public:
  explicit LogReplayer(std::string origin);

  // Appends `leaf_hash` to the frontier and applies the entry at index size(). On rejection:
  // kDataLoss "log entry <index> is rejected on replay: <cause>", with the cause's rule id kept
  // (RuleOf), and nothing changes (neither state nor frontier). kUnavailable, unchanged, when the
  // state's payment book cannot read its storage (state/payment_book.h).
  absl::Status Apply(const merkle::Hash& leaf_hash, const DecodedLeaf& leaf);

  // The number of entries applied, which is the index of the next one.
  uint64_t size() const { return state_.size(); }
  const state::LedgerState& state() const { return state_; }
  state::LedgerState& mutable_state() { return state_; }
  const merkle::Frontier& frontier() const { return frontier_; }
  // The largest recorded time among the leaves applied (0 for none).
  int64_t last_recorded_time_us() const { return last_recorded_time_us_; }

 private:
  state::LedgerState state_;
  merkle::Frontier frontier_;
  int64_t last_recorded_time_us_ = 0;
};

}  // namespace ledger::sequencer

#endif  // LEDGER_SEQUENCER_LOG_REPLAYER_H_
