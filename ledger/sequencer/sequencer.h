#ifndef LEDGER_SEQUENCER_SEQUENCER_H_
#define LEDGER_SEQUENCER_SEQUENCER_H_

// The single writer of one log (SPEC §2.3).
//
//   LEDGER_ASSIGN_OR_RETURN(auto seq, LogSequencer::Open(store, log, signer, pool, SystemClock(),
//                                                       {}));
//   LEDGER_ASSIGN_OR_RETURN(std::vector<SubmitOutcome> outcomes, seq->Submit(envelopes));
//   // or, without holding the thread while the writer commits:
//   seq->SubmitAsync(std::move(envelopes), [](absl::StatusOr<std::vector<SubmitOutcome>> r) {...});
//
// Submit and SubmitAsync decode the envelopes and verify their signatures on the worker pool in
// the caller's call, then queue them for the writer thread; Submit waits for the answer,
// SubmitAsync returns and the writer thread calls back. The writer takes micro-batches (up to
// batch_max_entries, waiting up to batch_wait_us for a batch to fill), and for each batch:
//   1. looks up the batch's entry ids in storage (idempotency: exists / conflict / a remembered
//      rejection of the same bytes), and the payments its entries name (stored_payment_book.h);
//   2. applies each new entry to the state (a rejected entry does not stop the rest);
//   3. encodes the accepted leaves with one recorded time, extends the Merkle frontier and signs
//      the new checkpoint;
//   4. writes entries, nodes, checkpoint, rejections and payment index rows in one durable
//      transaction;
//   5. answers every caller.
// If the store reports that another writer extended the log (kAborted), the sequencer stops
// for good and says why; no checkpoint that does not extend the stored chain is ever published.
// After any other storage failure it rebuilds its state from storage before the next batch
// (answering kUnavailable, which clients retry, until storage is back).
//
// Thread-safe: Submit, SubmitAsync, LatestCheckpoint, ReadState and health may be called from any
// thread (Submit not from a SubmitAsync callback: it would wait for the thread it runs on).

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/merkle/frontier.h"
#include "ledger/note/keys.h"
#include "ledger/sequencer/clock.h"
#include "ledger/sequencer/stored_payment_book.h"
#include "ledger/sequencer/worker_pool.h"
#include "ledger/state/entry.h"
#include "ledger/state/state.h"
#include "ledger/storage/ledger_store.h"

namespace ledger::sequencer {

struct SequencerOptions {
  // The most entries one batch (one transaction, one checkpoint) holds.
  size_t batch_max_entries = 1000;
  // How long the writer waits for a batch to fill once it has at least one entry.
  int64_t batch_wait_us = 2000;
  // The most entries waiting for the writer; beyond it Submit fails with kResourceExhausted.
  size_t queue_capacity = 20000;
  // The most envelopes in one Submit call (L-BATCH).
  size_t submit_max_entries = 1000;
};

struct SubmitOutcome {
  enum class Kind { kCreated, kExists, kConflict, kRejected };
  Kind kind = Kind::kRejected;
  // kCreated / kExists: the entry's index; kConflict: the index of the entry holding the id.
  uint64_t index = 0;
  merkle::Hash leaf_hash{};  // kCreated / kExists
  std::string entry_id;      // when the envelope could be decoded
  // kRejected: the reason, with its rule id (RuleOf). kUnavailable means "not appended because
  // of a transient failure; retry with the same bytes", or, when the connection broke during the
  // commit, "perhaps appended": the same retry then answers kExists if it was.
  absl::Status status;
};

// SubmitAsync's answer: one outcome per envelope, in order, or the error of the whole call.
using SubmitCallback = absl::AnyInvocable<void(absl::StatusOr<std::vector<SubmitOutcome>>)>;

class LogSequencer {
 public:
  // Rebuilds the log's state from storage (replay.h; kDataLoss if the self-check fails) and
  // starts the writer thread. `signer` must be the log's checkpoint key (name = origin, verifier
  // key = log.verifier_key). `store`, `pool` and `clock` must outlive the sequencer.
  static absl::StatusOr<std::unique_ptr<LogSequencer>> Open(storage::LedgerStore& store,
                                                            storage::LogRecord log,
                                                            note::NoteSigner signer,
                                                            WorkerPool& pool, Clock& clock,
                                                            SequencerOptions options);
  // Stops the writer once it has answered every entry still queued (so every SubmitAsync
  // callback has run when it returns).
  ~LogSequencer();
  LogSequencer(const LogSequencer&) = delete;
  LogSequencer& operator=(const LogSequencer&) = delete;

  // One outcome per envelope, in order. Fails as a whole, writing nothing, with
  // kInvalidArgument (L-BATCH) for an empty call or more than submit_max_entries envelopes,
  // kResourceExhausted (L-OVERLOAD) when the queue cannot take them all, and kUnavailable when
  // the sequencer has stopped (health() says why).
  // Blocks until the writer has answered every envelope (SubmitAsync and a wait).
  absl::StatusOr<std::vector<SubmitOutcome>> Submit(std::span<const std::string> envelopes);

  // Submit without waiting: the same checks, decoding and verification on the calling thread
  // (helped by the worker pool), the same answers, given to `done`, which runs exactly once:
  //   - on the calling thread, before SubmitAsync returns, when nothing was queued: an error of
  //     the whole call (L-BATCH, L-OVERLOAD, not sequencing, shutting down; nothing written), or
  //     every envelope rejected before the writer (undecodable, foreign origin, bad signature);
  //   - otherwise on the writer thread, once the batch holding the call's last queued entry has
  //     been committed (or has failed: kUnavailable outcomes, "perhaps appended" after a commit
  //     of unknown outcome).
  // It never runs while the sequencer holds a lock, and it may call SubmitAsync, LatestCheckpoint
  // and ReadState, but not Submit. On the writer thread it delays the next batch: it should
  // only hand the outcomes on (answer a call, post work elsewhere), never block on I/O.
  void SubmitAsync(std::vector<std::string> envelopes, SubmitCallback done);

  const storage::LogRecord& log() const { return log_; }
  // The latest committed checkpoint.
  storage::StoredCheckpoint LatestCheckpoint() const;
  // Calls fn with the committed state, under a shared lock (keep it short). The state's payment
  // book is the writer's: fn must not call state.FindPayment; read payments with FindPayment and
  // PaymentsOfProject below instead.
  void ReadState(absl::FunctionRef<void(const state::LedgerState&)> fn) const;
  // The committed disbursement with this payment id (nullopt if none), read from storage.
  absl::StatusOr<std::optional<state::PaymentRecord>> FindPayment(
      std::string_view payment_id) const;
  // The committed disbursements of one project, by payment id (bytewise), read from storage.
  absl::StatusOr<std::vector<state::PaymentRecord>> PaymentsOfProject(
      std::string_view project_id) const;
  // OK while sequencing; the reason once the writer has stopped for good.
  absl::Status health() const;

 private:
  // One Submit or SubmitAsync: its envelopes, their outcomes and who to tell.
  struct Call;
  // One decoded entry of a Call, queued for the writer.
  struct Pending {
    state::Entry entry;
    const std::string* bytes = nullptr;
    SubmitOutcome* outcome = nullptr;
    Call* call = nullptr;
  };

  LogSequencer(storage::LedgerStore& store, storage::LogRecord log, note::NoteSigner signer,
               WorkerPool& pool, Clock& clock, SequencerOptions options);
  absl::Status Reload();
  // Checks, decodes and verifies a call's envelopes and queues them, or answers it at once.
  void Start(std::unique_ptr<Call> call);
  // The writer has decided `p`'s outcome; the call's last one runs its callback and frees it.
  static void Answered(Pending& p);
  void WriterLoop();
  std::vector<Pending> TakeBatch();
  void ProcessBatch(std::vector<Pending>& batch);
  void RememberKeys();
  absl::StatusOr<crypto::Ed25519PublicKey> CachedKey(std::string_view key_id) const;
  void Stop(absl::Status why);
  // Reloads the state from storage; on a transient failure sets needs_reload_ so the writer
  // retries before its next batch; on kDataLoss stops for good.
  void ReloadOrDefer();

  storage::LedgerStore& store_;
  const storage::LogRecord log_;
  const note::NoteSigner signer_;
  const note::NoteVerifier verifier_;
  WorkerPool& pool_;
  Clock& clock_;
  const SequencerOptions options_;

  // The writer's state; exclusive while a batch is applied and committed.
  mutable std::shared_mutex state_mu_;
  state::LedgerState state_;
  merkle::Frontier frontier_;
  int64_t last_recorded_time_us_ = 0;
  // Only the writer thread reads and writes them. payments_ is state_'s payment book.
  bool needs_reload_ = false;
  StoredPaymentBook* payments_ = nullptr;

  mutable std::mutex head_mu_;
  storage::StoredCheckpoint head_;
  absl::Status health_;

  // Public keys by key id for verifying signatures before the writer. A key id is the hash of
  // its key, so an entry here is never wrong, only possibly revoked (which Apply checks).
  mutable std::shared_mutex keys_mu_;
  absl::flat_hash_map<std::string, crypto::Ed25519PublicKey> keys_;

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  // Entries waiting for the writer; each Call with entries here is owned by the queue and then
  // by the writer until its last entry is answered.
  std::deque<Pending> queue_;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace ledger::sequencer

#endif  // LEDGER_SEQUENCER_SEQUENCER_H_
