#include "ledger/sequencer/replay.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/merkle/hash.h"
#include "ledger/note/checkpoint.h"
#include "ledger/sequencer/log_replayer.h"
#include "ledger/util/status_macros.h"

namespace ledger::sequencer {
absl::StatusOr<ReplayedLog> ReplayLog(storage::LedgerStore& store, const storage::LogRecord& log,
                                      const note::NoteVerifier& log_key, size_t page_size) {
  LEDGER_ASSIGN_OR_RETURN(storage::StoredCheckpoint head, store.LatestCheckpoint(log.log_id));
  absl::StatusOr<note::Checkpoint> opened = note::OpenCheckpoint(head.note, log_key);
  if (!opened.ok()) {
    return absl::DataLossError(
        absl::StrCat("the latest checkpoint of ", log.origin, " (size ", head.tree_size,
                     ") does not verify: ", std::string(opened.status().message())));
  }
  if (opened->size != head.tree_size || opened->root != head.root) {
    return absl::DataLossError(absl::StrCat("the latest checkpoint note of ", log.origin,
                                            " says size ", opened->size, " but is stored as size ",
                                            head.tree_size, " (or its root differs)"));
  }

  LogReplayer replayer(log.origin);
  page_size = std::max<size_t>(page_size, 1);
  for (uint64_t begin = 0; begin < head.tree_size; begin += page_size) {
    const uint64_t end = std::min<uint64_t>(head.tree_size, begin + page_size);
    LEDGER_ASSIGN_OR_RETURN(std::vector<storage::StoredEntry> page,
                            store.ReadEntries(log.log_id, begin, end));
    if (page.size() != end - begin) {
      return absl::DataLossError(absl::StrCat("log ", log.origin, " has a checkpoint of size ",
                                              head.tree_size, " but only ", begin + page.size(),
                                              " entries are stored"));
    }
    for (size_t i = 0; i < page.size(); ++i) {
      const storage::StoredEntry& stored = page[i];
      const uint64_t index = begin + i;
      if (stored.index != index) {
        return absl::DataLossError(
            absl::StrCat("expected log entry ", index, ", storage returned ", stored.index));
      }
      const merkle::Hash leaf_hash = merkle::LeafHash(stored.leaf);
      if (leaf_hash != stored.leaf_hash) {
        return absl::DataLossError(
            absl::StrCat("log entry ", index, ": the stored leaf hash is not the leaf's hash"));
      }
      LEDGER_ASSIGN_OR_RETURN(DecodedLeaf leaf, DecodeLogLeaf(index, stored.leaf));
      if (leaf.entry.header().entry_id() != stored.entry_id) {
        return absl::DataLossError(
            absl::StrCat("log entry ", index, ": the stored entry id differs from the envelope's"));
      }
      // Verified when appended; see the header comment.
      leaf.entry.signatures_verified = true;
      LEDGER_RETURN_IF_ERROR(replayer.Apply(leaf_hash, leaf));
    }
  }
  ReplayedLog out{.state = std::move(replayer.mutable_state()),
                  .frontier = replayer.frontier(),
                  .checkpoint = head,
                  .last_recorded_time_us = replayer.last_recorded_time_us()};
  if (out.frontier.Root() != head.root) {
    return absl::DataLossError(absl::StrCat("the root recomputed from the ", head.tree_size,
                                            " stored leaves of ", log.origin,
                                            " differs from the latest checkpoint's root"));
  }
  storage::LogNodeReader reader(store, log.log_id);
  LEDGER_ASSIGN_OR_RETURN(merkle::Frontier stored_frontier,
                          merkle::Frontier::FromStoredNodes(reader, head.tree_size));
  if (stored_frontier.Root() != head.root) {
    return absl::DataLossError(absl::StrCat("the root built from the stored Merkle nodes of ",
                                            log.origin, " at size ", head.tree_size,
                                            " differs from the latest checkpoint's root"));
  }
  return out;
}

}  // namespace ledger::sequencer
