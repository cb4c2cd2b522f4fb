#include "ledger/sequencer/log_replayer.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/envelope/leaf.h"
#include "ledger/util/rule_error.h"

namespace ledger::sequencer {
namespace {

absl::Status EntryDataLoss(uint64_t index, std::string_view what, const absl::Status& cause) {
  absl::Status out = absl::DataLossError(absl::StrCat("log entry ", index, " ", std::string(what),
                                                      ": ", std::string(cause.message())));
  const std::string rule = RuleOf(cause);
  return rule.empty() ? out : WithRule(std::move(out), rule);
}

}  // namespace

absl::StatusOr<DecodedLeaf> DecodeLogLeaf(uint64_t index, std::string_view leaf_bytes) {
  absl::StatusOr<envelope::Leaf> leaf = envelope::DecodeLeaf(leaf_bytes);
  if (!leaf.ok()) return EntryDataLoss(index, "has a malformed leaf", leaf.status());
  absl::StatusOr<state::Entry> entry = state::DecodeEntry(leaf->envelope_bytes);
  if (!entry.ok()) return EntryDataLoss(index, "has a malformed envelope", entry.status());
  return DecodedLeaf{.recorded_time_us = leaf->recorded_time_us, .entry = *std::move(entry)};
}

LogReplayer::LogReplayer(std::string origin) : state_(std::move(origin)) {}

absl::Status LogReplayer::Apply(const merkle::Hash& leaf_hash, const DecodedLeaf& leaf) {
  const uint64_t index = state_.size();
  absl::Status applied =
      state::Apply(state_, leaf.entry, {.recorded_time_us = leaf.recorded_time_us});
  // kUnavailable: the state's payment book could not read storage (a transient failure, not a
  // decision about the entry).
  if (applied.code() == absl::StatusCode::kUnavailable) return applied;
  if (!applied.ok()) return EntryDataLoss(index, "is rejected on replay", applied);
  frontier_.Append(leaf_hash);
  last_recorded_time_us_ = std::max(last_recorded_time_us_, leaf.recorded_time_us);
  return absl::OkStatus();
}

}  // namespace ledger::sequencer
