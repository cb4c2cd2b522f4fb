#include "ledger/sequencer/sequencer.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "ledger/crypto/sha256.h"
#include "ledger/envelope/leaf.h"
#include "ledger/merkle/hash.h"
#include "ledger/note/checkpoint.h"
#include "ledger/sequencer/replay.h"
#include "ledger/util/log.h"
#include "ledger/util/rule_error.h"
#include "ledger/util/status_macros.h"

namespace ledger::sequencer {

struct LogSequencer::Call {
  // SubmitAsync's own copy of the envelopes; Submit's caller keeps its own alive while it waits.
  std::vector<std::string> owned;
  std::span<const std::string> envelopes;
  std::vector<SubmitOutcome> outcomes;
  SubmitCallback done;
  // Queued entries not answered yet: set under queue_mu_ before they are queued, then read and
  // written only by the writer thread.
  size_t remaining = 0;
};

namespace {

SubmitOutcome Rejected(std::string entry_id, absl::Status status) {
  return SubmitOutcome{.kind = SubmitOutcome::Kind::kRejected,
                       .entry_id = std::move(entry_id),
                       .status = std::move(status)};
}

std::string HexId(std::string_view id) { return crypto::ToHex(id); }

// The SHA-256 of the envelope bytes inside a stored leaf (what idempotency compares).
std::optional<crypto::Sha256Digest> StoredEnvelopeHash(const std::string& leaf) {
  absl::StatusOr<envelope::Leaf> decoded = envelope::DecodeLeaf(leaf);
  if (!decoded.ok()) return std::nullopt;
  return crypto::Sha256(decoded->envelope_bytes);
}

// True when the entry's signatures were verified against known keys and its first signer is an
// unrevoked key of the principal named in its header.
bool SignedByValidKeyOfItsPrincipal(const state::LedgerState& state, const state::Entry& entry) {
  if (!entry.signatures_verified || entry.envelope.signatures.empty()) return false;
  const state::KeyRecord* key = state.FindKey(entry.envelope.signatures[0].keyid);
  return key != nullptr && !key->revoked_at.has_value() &&
         key->principal_id == entry.header().principal_id();
}

bool RegistersKeys(const state::Entry& entry) {
  return entry.payload_type() == "ledger.v1.Genesis" ||
         entry.payload_type() == "ledger.v1.RegisterKey";
}

}  // namespace

LogSequencer::LogSequencer(storage::LedgerStore& store, storage::LogRecord log,
                           note::NoteSigner signer, WorkerPool& pool, Clock& clock,
                           SequencerOptions options)
    : store_(store),
      log_(std::move(log)),
      signer_(std::move(signer)),
      verifier_(*note::NoteVerifier::Parse(signer_.VerifierKey())),
      pool_(pool),
      clock_(clock),
      options_(options),
      state_(log_.origin) {}

absl::StatusOr<std::unique_ptr<LogSequencer>> LogSequencer::Open(storage::LedgerStore& store,
                                                                 storage::LogRecord log,
                                                                 note::NoteSigner signer,
                                                                 WorkerPool& pool, Clock& clock,
                                                                 SequencerOptions options) {
  if (signer.VerifierKey() != log.verifier_key) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the checkpoint key loaded for ", log.origin, " has verifier key ", signer.VerifierKey(),
        " but the log is registered with ", log.verifier_key, "; is this the right key file?"));
  }
  if (options.batch_max_entries == 0 || options.queue_capacity == 0 ||
      options.submit_max_entries == 0) {
    return absl::InvalidArgumentError("batch, queue and submit limits must be at least 1");
  }
  std::unique_ptr<LogSequencer> seq(
      new LogSequencer(store, std::move(log), std::move(signer), pool, clock, options));
  LEDGER_RETURN_IF_ERROR(seq->Reload());
  seq->writer_ = std::thread([s = seq.get()] { s->WriterLoop(); });
  return seq;
}

LogSequencer::~LogSequencer() {
  {
    std::lock_guard lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (writer_.joinable()) writer_.join();
}

absl::Status LogSequencer::Reload() {
  LEDGER_ASSIGN_OR_RETURN(ReplayedLog replayed, ReplayLog(store_, log_, verifier_));
  {
    std::unique_lock lock(state_mu_);
    state_ = std::move(replayed.state);
    payments_ = replayed.payments;
    frontier_ = std::move(replayed.frontier);
    last_recorded_time_us_ = replayed.last_recorded_time_us;
  }
  {
    std::lock_guard lock(head_mu_);
    head_ = std::move(replayed.checkpoint);
  }
  RememberKeys();
  return absl::OkStatus();
}

void LogSequencer::RememberKeys() {
  absl::flat_hash_map<std::string, crypto::Ed25519PublicKey> keys;
  {
    std::shared_lock lock(state_mu_);
    for (const auto& [id, principal] : state_.principals()) {
      for (const std::string& key_id : principal.key_ids) {
        if (const state::KeyRecord* key = state_.FindKey(key_id)) {
          keys.emplace(key_id, key->public_key);
        }
      }
    }
  }
  std::unique_lock lock(keys_mu_);
  keys_ = std::move(keys);
}

absl::StatusOr<crypto::Ed25519PublicKey> LogSequencer::CachedKey(std::string_view key_id) const {
  std::shared_lock lock(keys_mu_);
  auto it = keys_.find(std::string(key_id));
  if (it == keys_.end()) return absl::NotFoundError("key not cached");
  return it->second;
}

storage::StoredCheckpoint LogSequencer::LatestCheckpoint() const {
  std::lock_guard lock(head_mu_);
  return head_;
}

void LogSequencer::ReadState(absl::FunctionRef<void(const state::LedgerState&)> fn) const {
  std::shared_lock lock(state_mu_);
  fn(state_);
}

absl::StatusOr<std::optional<state::PaymentRecord>> LogSequencer::FindPayment(
    std::string_view payment_id) const {
  const std::string id(payment_id);
  LEDGER_ASSIGN_OR_RETURN(std::vector<storage::StoredPayment> rows,
                          store_.FindPayments(log_.log_id, {&id, 1}, /*with_leaves=*/true));
  if (rows.empty()) return std::nullopt;
  LEDGER_ASSIGN_OR_RETURN(v1::Disbursement body, DisbursementInLeaf(rows[0].index, rows[0].leaf));
  return state::PaymentRecord{.index = rows[0].index, .body = std::move(body)};
}

absl::StatusOr<std::vector<state::PaymentRecord>> LogSequencer::PaymentsOfProject(
    std::string_view project_id) const {
  LEDGER_ASSIGN_OR_RETURN(std::vector<storage::StoredPayment> rows,
                          store_.PaymentsOfProject(log_.log_id, project_id));
  std::vector<state::PaymentRecord> out;
  out.reserve(rows.size());
  for (const storage::StoredPayment& row : rows) {
    LEDGER_ASSIGN_OR_RETURN(v1::Disbursement body, DisbursementInLeaf(row.index, row.leaf));
    out.push_back(state::PaymentRecord{.index = row.index, .body = std::move(body)});
  }
  return out;
}

absl::Status LogSequencer::health() const {
  std::lock_guard lock(head_mu_);
  return health_;
}

void LogSequencer::ReloadOrDefer() {
  absl::Status reloaded = Reload();
  if (reloaded.ok()) {
    needs_reload_ = false;
    return;
  }
  if (reloaded.code() == absl::StatusCode::kDataLoss) {
    Stop(reloaded);  // the stored log fails its self-check: never sequence on top of it
    return;
  }
  // Storage is down (e.g. PostgreSQL restarting): answer kUnavailable until a reload succeeds.
  needs_reload_ = true;
  log::Warning(absl::StrCat("log ", log_.origin,
                            ": cannot reload state yet: ", std::string(reloaded.message())));
}

void LogSequencer::Stop(absl::Status why) {
  log::Error(
      absl::StrCat("log ", log_.origin, ": sequencing stopped: ", std::string(why.message())));
  std::lock_guard lock(head_mu_);
  health_ = std::move(why);
}

absl::StatusOr<std::vector<SubmitOutcome>> LogSequencer::Submit(
    std::span<const std::string> envelopes) {
  struct Answer {
    std::mutex mu;
    std::condition_variable cv;
    std::optional<absl::StatusOr<std::vector<SubmitOutcome>>> value;
  } answer;
  auto call = std::make_unique<Call>();
  call->envelopes = envelopes;
  call->done = [&answer](absl::StatusOr<std::vector<SubmitOutcome>> result) {
    // Notified under the lock: once it is released the waiting Submit may return and destroy
    // `answer`.
    std::lock_guard lock(answer.mu);
    answer.value = std::move(result);
    answer.cv.notify_one();
  };
  Start(std::move(call));
  std::unique_lock lock(answer.mu);
  answer.cv.wait(lock, [&answer] { return answer.value.has_value(); });
  return *std::move(answer.value);
}

void LogSequencer::SubmitAsync(std::vector<std::string> envelopes, SubmitCallback done) {
  auto call = std::make_unique<Call>();
  call->owned = std::move(envelopes);
  call->envelopes = call->owned;
  call->done = std::move(done);
  Start(std::move(call));
}

void LogSequencer::Answered(Pending& p) {
  Call* call = p.call;
  if (--call->remaining > 0) return;
  std::unique_ptr<Call> finished(call);
  std::move(finished->done)(std::move(finished->outcomes));
}

void LogSequencer::Start(std::unique_ptr<Call> call) {
  auto fail = [&call](absl::Status why) { std::move(call->done)(std::move(why)); };
  const std::span<const std::string> envelopes = call->envelopes;
  if (envelopes.empty() || envelopes.size() > options_.submit_max_entries) {
    return fail(
        RuleError(absl::StatusCode::kInvalidArgument, "L-BATCH",
                  absl::StrCat("a submit carries ", envelopes.size(),
                               " envelopes; it must carry 1 to ", options_.submit_max_entries)));
  }
  if (absl::Status h = health(); !h.ok()) {
    return fail(absl::UnavailableError(
        absl::StrCat("log ", log_.origin, " is not sequencing: ", std::string(h.message()))));
  }

  std::vector<SubmitOutcome>& outcomes = call->outcomes;
  outcomes.resize(envelopes.size());
  std::vector<std::optional<state::Entry>> decoded(envelopes.size());
  // Parsing and signature checks, in parallel, before the single writer.
  pool_.ParallelFor(envelopes.size(), [&](size_t i) {
    absl::StatusOr<state::Entry> entry = state::DecodeEntry(envelopes[i]);
    if (!entry.ok()) {
      outcomes[i] = Rejected("", entry.status());
      return;
    }
    const std::string& entry_id = entry->header().entry_id();
    if (entry->header().origin() != log_.origin) {
      outcomes[i] = Rejected(
          entry_id, RuleError(absl::StatusCode::kInvalidArgument, "L-ORIGIN",
                              absl::StrCat("the entry is for log \"", entry->header().origin(),
                                           "\", this is \"", log_.origin, "\"")));
      return;
    }
    bool all_keys_known = true;
    for (const envelope::EnvelopeSignature& sig : entry->envelope.signatures) {
      if (!CachedKey(sig.keyid).ok()) all_keys_known = false;
    }
    if (all_keys_known) {
      absl::Status verified = state::VerifyEntrySignatures(
          *entry, [this](std::string_view key_id) { return CachedKey(key_id); });
      if (!verified.ok()) {
        outcomes[i] = Rejected(entry_id, verified);
        return;
      }
      entry->signatures_verified = true;
    }
    // Otherwise Apply verifies against the registry as it stands at the entry's index (the key
    // may be registered earlier in the same batch).
    outcomes[i].entry_id = entry_id;
    decoded[i] = std::move(*entry);
  });

  std::vector<Pending> pending;
  for (size_t i = 0; i < envelopes.size(); ++i) {
    if (!decoded[i].has_value()) continue;
    pending.push_back(Pending{.entry = std::move(*decoded[i]),
                              .bytes = &envelopes[i],
                              .outcome = &outcomes[i],
                              .call = call.get()});
  }
  if (pending.empty()) return std::move(call->done)(std::move(outcomes));
  absl::Status refused;
  {
    std::lock_guard lock(queue_mu_);
    if (stopping_) {
      refused = absl::UnavailableError("the server is shutting down");
    } else if (queue_.size() + pending.size() > options_.queue_capacity) {
      refused = RuleError(
          absl::StatusCode::kResourceExhausted, "L-OVERLOAD",
          absl::StrCat("log ", log_.origin, " has ", queue_.size(),
                       " entries waiting to be sequenced; adding ", pending.size(),
                       " would pass the limit of ", options_.queue_capacity, "; retry later"));
    } else {
      call->remaining = pending.size();
      for (Pending& p : pending) queue_.push_back(std::move(p));
      (void)call.release();  // the queue's now, then the writer's (Answered frees it)
    }
  }
  // Answered outside the lock, like every callback.
  if (!refused.ok()) return fail(std::move(refused));
  queue_cv_.notify_all();
}

std::vector<LogSequencer::Pending> LogSequencer::TakeBatch() {
  std::unique_lock lock(queue_mu_);
  queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
  if (!stopping_ && queue_.size() < options_.batch_max_entries && options_.batch_wait_us > 0) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::microseconds(options_.batch_wait_us);
    queue_cv_.wait_until(lock, deadline, [this] {
      return stopping_ || queue_.size() >= options_.batch_max_entries;
    });
  }
  std::vector<Pending> batch;
  const size_t n = std::min(queue_.size(), options_.batch_max_entries);
  batch.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return batch;
}

void LogSequencer::WriterLoop() {
  for (;;) {
    std::vector<Pending> batch = TakeBatch();
    if (batch.empty()) break;  // stopping and drained
    if (needs_reload_) ReloadOrDefer();
    absl::Status h = health();
    if (h.ok() && needs_reload_) {
      h = absl::UnavailableError(
          "storage is unavailable; the state will be reloaded when it is back");
    }
    if (!h.ok()) {
      for (Pending& p : batch) {
        *p.outcome = Rejected(p.outcome->entry_id,
                              absl::UnavailableError(absl::StrCat(
                                  "log ", log_.origin, " is not sequencing: ", h.message())));
        Answered(p);
      }
      continue;
    }
    ProcessBatch(batch);
  }
}

void LogSequencer::ProcessBatch(std::vector<Pending>& batch) {
  // Called with no lock held: the callbacks run here.
  auto answer_all = [&batch] {
    for (Pending& p : batch) Answered(p);
  };

  // 1. Idempotency lookups, one query each for the whole batch.
  std::vector<std::string> ids;
  ids.reserve(batch.size());
  for (const Pending& p : batch) ids.push_back(p.entry.header().entry_id());
  absl::StatusOr<std::vector<storage::StoredEntry>> existing =
      store_.FindEntriesById(log_.log_id, ids);
  absl::StatusOr<std::vector<storage::RejectionRecord>> remembered =
      existing.ok() ? store_.FindRejections(log_.log_id, ids)
                    : absl::StatusOr<std::vector<storage::RejectionRecord>>(existing.status());
  absl::Status prefetched = remembered.status();
  if (prefetched.ok()) {
    std::vector<state::PaymentLookup> lookups;
    for (const Pending& p : batch) {
      state::AddPaymentLookups(*p.entry.body, p.entry.payload_type(), lookups);
    }
    prefetched = payments_->Prefetch(lookups);
  }
  if (!prefetched.ok()) {
    payments_->ForgetCached();
    for (Pending& p : batch) {
      *p.outcome = Rejected(
          p.outcome->entry_id,
          absl::UnavailableError(absl::StrCat("storage lookup failed: ", prefetched.message())));
    }
    answer_all();
    return;
  }
  absl::flat_hash_map<std::string, const storage::StoredEntry*> existing_by_id;
  for (const storage::StoredEntry& e : *existing) existing_by_id.emplace(e.entry_id, &e);
  absl::flat_hash_map<std::string, const storage::RejectionRecord*> remembered_by_key;
  for (const storage::RejectionRecord& r : *remembered) {
    remembered_by_key.emplace(
        absl::StrCat(r.entry_id, std::string(crypto::AsStringView(r.envelope_hash))), &r);
  }

  std::unique_lock state_lock(state_mu_);
  const merkle::Frontier frontier_before = frontier_;
  const int64_t now = std::max(clock_.NowMicros(), last_recorded_time_us_);
  storage::AppendBatch out;
  out.previous_size = frontier_.size();
  // Entries of this batch by entry id: the position of the first one.
  absl::flat_hash_map<std::string, size_t> first_in_batch;
  std::vector<bool> written(batch.size(), false);  // created or newly rejected here
  bool keys_changed = false;
  absl::Status storage_failure;

  for (size_t i = 0; i < batch.size(); ++i) {
    Pending& p = batch[i];
    const std::string& id = p.entry.header().entry_id();
    SubmitOutcome& outcome = *p.outcome;
    if (auto it = existing_by_id.find(id); it != existing_by_id.end()) {
      const storage::StoredEntry& stored = *it->second;
      const bool same = StoredEnvelopeHash(stored.leaf) == p.entry.envelope_hash;
      outcome.kind = same ? SubmitOutcome::Kind::kExists : SubmitOutcome::Kind::kConflict;
      outcome.index = stored.index;
      if (same) outcome.leaf_hash = stored.leaf_hash;
      if (!same) {
        outcome.status = RuleError(absl::StatusCode::kAlreadyExists, "L-CONFLICT",
                                   absl::StrCat("entry id ", HexId(id), " is already used by ",
                                                "different bytes at index ", stored.index));
      }
      continue;
    }
    if (auto it = first_in_batch.find(id); it != first_in_batch.end()) {
      const Pending& first = batch[it->second];
      const SubmitOutcome& first_outcome = *first.outcome;
      const bool same = first.entry.envelope_hash == p.entry.envelope_hash;
      if (same) {
        outcome = first_outcome;
        if (outcome.kind == SubmitOutcome::Kind::kCreated) {
          outcome.kind = SubmitOutcome::Kind::kExists;
        }
      } else if (first_outcome.kind == SubmitOutcome::Kind::kCreated) {
        outcome = SubmitOutcome{
            .kind = SubmitOutcome::Kind::kConflict,
            .index = first_outcome.index,
            .entry_id = id,
            .status = RuleError(absl::StatusCode::kAlreadyExists, "L-CONFLICT",
                                absl::StrCat("entry id ", HexId(id), " is already used by ",
                                             "different bytes at index ", first_outcome.index))};
      } else {
        outcome = Rejected(
            id, RuleError(absl::StatusCode::kAlreadyExists, "L-CONFLICT",
                          absl::StrCat("entry id ", HexId(id), " appears twice in one batch with ",
                                       "different bytes")));
      }
      continue;
    }
    first_in_batch.emplace(id, i);
    if (auto it = remembered_by_key.find(
            absl::StrCat(id, std::string(crypto::AsStringView(p.entry.envelope_hash))));
        it != remembered_by_key.end()) {
      const storage::RejectionRecord& r = *it->second;
      outcome = Rejected(id, RuleError(static_cast<absl::StatusCode>(r.code), r.rule, r.message));
      continue;
    }

    absl::Status applied = state::Apply(state_, p.entry, {.recorded_time_us = now});
    if (applied.code() == absl::StatusCode::kUnavailable ||
        applied.code() == absl::StatusCode::kDataLoss) {
      // The payment book could not read storage: no decision was made about this entry, and
      // the batch fails as a whole (below), as if its commit had failed.
      storage_failure = std::move(applied);
      break;
    }
    written[i] = true;
    if (!applied.ok()) {
      std::string rule = RuleOf(applied);
      // Only rejections of authenticated entries are remembered: anyone can send an envelope
      // with an unknown key or a bad signature, and storing those would let strangers fill the
      // database (they are recomputed identically on a retry anyway).
      if (SignedByValidKeyOfItsPrincipal(state_, p.entry)) {
        out.rejections.push_back(
            storage::RejectionRecord{.entry_id = id,
                                     .envelope_hash = p.entry.envelope_hash,
                                     .code = static_cast<int32_t>(applied.code()),
                                     .rule = rule,
                                     .message = std::string(applied.message()),
                                     .recorded_time_us = now});
      }
      outcome = Rejected(id, std::move(applied));
      continue;
    }
    absl::StatusOr<std::string> leaf = envelope::EncodeLeaf(now, *p.bytes);
    if (!leaf.ok()) {  // cannot happen for a decoded envelope; never append a bad leaf
      Stop(absl::InternalError(absl::StrCat("encoding a leaf failed after Apply accepted it: ",
                                            leaf.status().message())));
      break;
    }
    const merkle::Hash leaf_hash = merkle::LeafHash(*leaf);
    const uint64_t index = frontier_.size();
    for (merkle::Node& node : frontier_.Append(leaf_hash)) {
      if (node.id.level > 0) out.nodes.push_back(node);
    }
    out.entries.push_back(storage::StoredEntry{
        .index = index, .entry_id = id, .leaf = std::move(*leaf), .leaf_hash = leaf_hash});
    outcome.kind = SubmitOutcome::Kind::kCreated;
    outcome.index = index;
    outcome.leaf_hash = leaf_hash;
    keys_changed = keys_changed || RegistersKeys(p.entry);
  }

  out.payments = payments_->TakeAdded();
  absl::Status committed = health();
  if (committed.ok()) committed = storage_failure;
  if (committed.ok() && (!out.entries.empty() || !out.rejections.empty())) {
    if (!out.entries.empty()) {
      note::Checkpoint checkpoint{.origin = log_.origin,
                                  .size = frontier_.size(),
                                  .root = frontier_.Root(),
                                  .extensions = {}};
      absl::StatusOr<std::string> note = note::SignCheckpoint(checkpoint, signer_);
      if (note.ok()) {
        out.checkpoint = storage::StoredCheckpoint{
            .tree_size = checkpoint.size, .root = checkpoint.root, .note = std::move(*note)};
      } else {
        committed = note.status();
      }
    } else {
      out.checkpoint = LatestCheckpoint();
    }
    if (committed.ok()) committed = store_.Append(log_.log_id, out);
  }

  if (!committed.ok()) {
    // Nothing of this batch was written, except after kUnknown: the connection broke during the
    // commit, which may have happened. Either way entries decided here are answered kUnavailable
    // (retry with the same bytes is safe: a committed entry answers kExists), and the state is
    // rebuilt from storage, which holds the batch or not.
    const std::string why =
        committed.code() == absl::StatusCode::kUnknown
            ? absl::StrCat(
                  "perhaps appended (the commit's outcome is unknown; retry with the same ",
                  "bytes: an appended entry answers exists): ", committed.message())
            : absl::StrCat("not appended: ", committed.message());
    for (size_t i = 0; i < batch.size(); ++i) {
      const SubmitOutcome& o = *batch[i].outcome;
      const bool undecided = o.kind == SubmitOutcome::Kind::kRejected && o.status.ok();
      if (!written[i] && !undecided) continue;
      *batch[i].outcome = Rejected(batch[i].outcome->entry_id, absl::UnavailableError(why));
    }
    frontier_ = frontier_before;
    payments_->ForgetCached();  // it may hold this batch's payments; the reload replaces it anyway
    state_lock.unlock();
    if (committed.code() == absl::StatusCode::kAborted) {
      Stop(absl::AbortedError(absl::StrCat(
          std::string(committed.message()),
          ". This ledgerd stops sequencing the log so that it can never fork; restart it once ",
          "the other writer has stopped")));
      (void)Reload();  // so that reads show what is stored, not what this batch tried
    } else if (health().ok()) {
      log::Warning(absl::StrCat("log ", log_.origin, ": append failed, reloading state: ",
                                std::string(committed.message())));
      ReloadOrDefer();
    }
    answer_all();
    return;
  }

  payments_->ForgetCached();
  if (!out.entries.empty()) {
    last_recorded_time_us_ = now;
    std::lock_guard lock(head_mu_);
    head_ = out.checkpoint;
  }
  state_lock.unlock();
  if (keys_changed) RememberKeys();
  answer_all();
}

}  // namespace ledger::sequencer
