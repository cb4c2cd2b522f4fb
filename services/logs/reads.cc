#include "services/logs/reads.h"

#include <chrono>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/state/civil_date.h"

namespace ledger::logs {

absl::StatusOr<storage::StoredCheckpoint> PublishedCheckpoint(storage::LedgerStore& store,
                                                              const sequencer::LogSequencer& log,
                                                              uint64_t tree_size) {
  storage::StoredCheckpoint latest = log.LatestCheckpoint();
  if (tree_size == 0 || tree_size == latest.tree_size) return latest;
  if (tree_size > latest.tree_size) {
    return absl::OutOfRangeError(absl::StrCat(
        "tree size ", tree_size, " is beyond the latest checkpoint's size ", latest.tree_size));
  }
  absl::StatusOr<storage::StoredCheckpoint> cp = store.CheckpointAt(log.log().log_id, tree_size);
  if (cp.status().code() == absl::StatusCode::kNotFound) {
    return absl::NotFoundError(
        absl::StrCat("no signed checkpoint has tree size ", tree_size,
                     "; proofs are served only for published checkpoint sizes (the latest is ",
                     latest.tree_size, ")"));
  }
  return cp;
}

absl::StatusOr<Published> FindPublished(LogRegistry& logs, storage::LedgerStore& store,
                                        std::string_view origin, uint64_t tree_size) {
  absl::StatusOr<sequencer::LogSequencer*> log = logs.Find(origin);
  if (!log.ok()) return log.status();
  absl::StatusOr<storage::StoredCheckpoint> cp = PublishedCheckpoint(store, **log, tree_size);
  if (!cp.ok()) return cp.status();
  return Published{.log = *log, .checkpoint = *std::move(cp)};
}

absl::Status ValidateProofRange(uint64_t index, uint64_t size) {
  if (index >= size) {
    return absl::OutOfRangeError(
        absl::StrCat("index ", index, " is not below the tree size ", size));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadLeaf(storage::LedgerStore& store, int64_t log_id, uint64_t index) {
  absl::StatusOr<std::vector<storage::StoredEntry>> entries =
      store.ReadEntries(log_id, index, index + 1);
  if (!entries.ok()) return entries.status();
  if (entries->size() != 1 || (*entries)[0].index != index) {
    return absl::DataLossError(absl::StrCat("entry ", index, " is not stored"));
  }
  return std::move((*entries)[0].leaf);
}

std::string TodayInShanghai() {
  const int64_t now_us = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  return state::FormatCivilDate(state::CivilFromDays(state::ShanghaiDayOfRecordedTime(now_us)));
}

}  // namespace ledger::logs
