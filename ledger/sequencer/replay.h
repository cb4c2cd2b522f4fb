#ifndef LEDGER_SEQUENCER_REPLAY_H_
#define LEDGER_SEQUENCER_REPLAY_H_

// Rebuilds a log's in-memory state from storage, with a self-check, before it is sequenced.
//
//   LEDGER_ASSIGN_OR_RETURN(ReplayedLog replayed, ReplayLog(store, log, verifier));
//
// Reads the latest checkpoint and checks its signature with the log's verifier key and that its
// size and root match the stored columns; then streams every entry in pages, checking that the
// indexes are contiguous, that each stored leaf hash is the hash of the stored leaf, and that the
// state machine accepts each entry again; finally checks that the root recomputed from the leaves
// and the root from the stored Merkle nodes both equal the checkpoint's root. Any mismatch is
// kDataLoss naming the first bad index, and the log must not be sequenced.
//
// The state keeps its disbursements in the payment index (stored_payment_book.h), which the
// replay checks too: each replayed disbursement's row must name its entry (kDataLoss otherwise),
// and missing rows (a log written before the index existed) are added.
//
// Entry signatures are not re-verified here (they were verified when appended, and verifying a
// whole log is the auditor's job: `ledgerctl audit verify`); everything else is.
// Memory: one page of entries plus the state; nothing proportional to the log's length.

#include <cstddef>
#include <cstdint>

#include "absl/status/statusor.h"
#include "ledger/merkle/frontier.h"
#include "ledger/note/keys.h"
#include "ledger/sequencer/stored_payment_book.h"
#include "ledger/state/state.h"
#include "ledger/storage/ledger_store.h"

namespace ledger::sequencer {

struct ReplayedLog {
  state::LedgerState state;
  merkle::Frontier frontier;
  storage::StoredCheckpoint checkpoint;
  // The largest recorded time among the leaves (0 for an empty log).
  int64_t last_recorded_time_us = 0;
  // The state's payment book, owned by `state`.
  StoredPaymentBook* payments = nullptr;
};

absl::StatusOr<ReplayedLog> ReplayLog(storage::LedgerStore& store, const storage::LogRecord& log,
                                      const note::NoteVerifier& log_key, size_t page_size = 10000);

}  // namespace ledger::sequencer

#endif  // LEDGER_SEQUENCER_REPLAY_H_
