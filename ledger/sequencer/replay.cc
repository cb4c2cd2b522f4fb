#include "ledger/sequencer/replay.h"

#include <algorithm>
#include <memory>
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
  auto book = std::make_unique<StoredPaymentBook>(store, log.log_id);
  StoredPaymentBook* payments = book.get();
  replayer.mutable_state().UsePaymentBook(std::move(book));
  page_size = std::max<size_t>(page_size, 1);
  std::vector<DecodedLeaf> leaves;
  std::vector<merkle::Hash> leaf_hashes;
  std::vector<state::PaymentLookup> lookups;
  for (uint64_t begin = 0; begin < head.tree_size; begin += page_size) {
    const uint64_t end = std::min<uint64_t>(head.tree_size, begin + page_size);
    LEDGER_ASSIGN_OR_RETURN(std::vector<storage::StoredEntry> page,
                            store.ReadEntries(log.log_id, begin, end));
    if (page.size() != end - begin) {
      return absl::DataLossError(absl::StrCat("log ", log.origin, " has a checkpoint of size ",
                                              head.tree_size, " but only ", begin + page.size(),
                                              " entries are stored"));
    }
    leaves.clear();
    leaf_hashes.clear();
    lookups.clear();
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
      state::AddPaymentLookups(*leaf.entry.body, leaf.entry.payload_type(), lookups);
      leaves.push_back(std::move(leaf));
      leaf_hashes.push_back(leaf_hash);
    }
    // The page's payments in one or two queries, then the page applied without any.
    LEDGER_RETURN_IF_ERROR(payments->Prefetch(lookups));
    for (size_t i = 0; i < leaves.size(); ++i) {
      LEDGER_RETURN_IF_ERROR(replayer.Apply(leaf_hashes[i], leaves[i]));
    }
    LEDGER_RETURN_IF_ERROR(payments->Failure());
    const std::vector<storage::PaymentRow> missing = payments->TakeAdded();
    LEDGER_RETURN_IF_ERROR(store.IndexPayments(log.log_id, missing));
    payments->ForgetCached();
  }
  ReplayedLog out{.state = std::move(replayer.mutable_state()),
                  .frontier = replayer.frontier(),
                  .checkpoint = head,
                  .last_recorded_time_us = replayer.last_recorded_time_us(),
                  .payments = payments};
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
