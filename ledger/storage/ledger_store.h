#ifndef LEDGER_STORAGE_LEDGER_STORE_H_
#define LEDGER_STORAGE_LEDGER_STORE_H_

// The storage interface of the log core: what the sequencer writes and the read APIs read.
// Implemented by storage/pg (PostgreSQL); the core depends only on this header.
//
// Every log is a chain of signed checkpoints. A log starts with a checkpoint of size 0, and each
// append stores the new entries, the Merkle nodes they complete and a new checkpoint whose
// predecessor is the latest one, in one durable transaction. A checkpoint has at most one
// successor (the storage enforces it), so two writers can never fork a log: the loser's Append
// fails with kAborted and writes nothing.
//
//   LEDGER_ASSIGN_OR_RETURN(LogRecord log, store.FindLog("ledger.example.org/341721"));
//   LEDGER_ASSIGN_OR_RETURN(StoredCheckpoint head, store.LatestCheckpoint(log.log_id));
//   AppendBatch batch{.previous_size = head.tree_size, ...};
//   LEDGER_RETURN_IF_ERROR(store.Append(log.log_id, batch));
//
// Implementations are thread-safe: many readers and one writer per log at a time.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/crypto/sha256.h"
#include "ledger/merkle/hash.h"
#include "ledger/merkle/nodes.h"

namespace ledger::storage {

struct LogRecord {
  int64_t log_id = 0;
  std::string origin;
  std::string verifier_key;  // note form
};

struct StoredEntry {
  uint64_t index = 0;
  std::string entry_id;  // 16 bytes
  std::string leaf;      // the exact leaf bytes
  merkle::Hash leaf_hash{};
};

struct StoredCheckpoint {
  uint64_t tree_size = 0;
  merkle::Hash root{};
  std::string note;  // the signed note text
};

// A remembered rejection: a retry of the same envelope bytes gets the same answer.
struct RejectionRecord {
  std::string entry_id;  // 16 bytes
  crypto::Sha256Digest envelope_hash{};
  int32_t code = 0;  // absl::StatusCode as int
  std::string rule;
  std::string message;
  int64_t recorded_time_us = 0;
};

// The payment index: which entry holds the disbursement with payment_id. The state machine keeps
// disbursements here rather than in memory (state/payment_book.h); one row per accepted
// disbursement, written in the transaction of its entry.
struct PaymentRow {
  std::string payment_id;
  std::string project_id;
  uint64_t index = 0;
};

// A payment found in the index, with its entry's leaf when asked for.
struct StoredPayment {
  std::string payment_id;
  uint64_t index = 0;
  std::string leaf;  // empty unless the lookup asked for leaves
};

struct AppendBatch {
  // The size of the latest checkpoint, which the new one extends.
  uint64_t previous_size = 0;
  // Indexes previous_size, previous_size + 1, ... in order; may be empty (then `checkpoint` is
  // not stored and only `rejections` are written).
  std::vector<StoredEntry> entries;
  // The perfect subtrees of level >= 1 that the entries complete (level 0 is entries.leaf_hash).
  std::vector<merkle::Node> nodes;
  // tree_size = previous_size + entries.size().
  StoredCheckpoint checkpoint;
  std::vector<RejectionRecord> rejections;
  // The payment index rows of the batch's disbursements (their indexes among `entries`).
  std::vector<PaymentRow> payments;
};

class LedgerStore {
 public:
  virtual ~LedgerStore() = default;

  // Registers a log with its checkpoint of size 0. kAlreadyExists if the origin is taken.
  virtual absl::StatusOr<LogRecord> CreateLog(std::string_view origin,
                                              std::string_view verifier_key,
                                              const StoredCheckpoint& empty_checkpoint) = 0;
  // kNotFound for an unknown origin.
  virtual absl::StatusOr<LogRecord> FindLog(std::string_view origin) = 0;
  virtual absl::StatusOr<std::vector<LogRecord>> ListLogs() = 0;

  // The checkpoint with the largest tree size.
  virtual absl::StatusOr<StoredCheckpoint> LatestCheckpoint(int64_t log_id) = 0;
  // kNotFound if no checkpoint has exactly this size.
  virtual absl::StatusOr<StoredCheckpoint> CheckpointAt(int64_t log_id, uint64_t tree_size) = 0;

  // Writes the batch in one transaction with synchronous_commit on. kAborted (message names both
  // sizes) if the latest checkpoint is no longer previous_size or the indexes are taken: another
  // writer got there first. kAlreadyExists if an entry_id is already in the log. Nothing is
  // written on any error.
  virtual absl::Status Append(int64_t log_id, const AppendBatch& batch) = 0;

  // The entries with indexes in [begin, end), in order; fewer if the log is shorter.
  virtual absl::StatusOr<std::vector<StoredEntry>> ReadEntries(int64_t log_id, uint64_t begin,
                                                               uint64_t end) = 0;
  // The entries with these entry ids (any order; missing ids are simply absent).
  virtual absl::StatusOr<std::vector<StoredEntry>> FindEntriesById(
      int64_t log_id, std::span<const std::string> entry_ids) = 0;
  // The smallest index whose leaf hash is `leaf_hash`, if any.
  virtual absl::StatusOr<std::optional<uint64_t>> FindIndexByLeafHash(
      int64_t log_id, const merkle::Hash& leaf_hash) = 0;
  // The remembered rejections of these entry ids (any order).
  virtual absl::StatusOr<std::vector<RejectionRecord>> FindRejections(
      int64_t log_id, std::span<const std::string> entry_ids) = 0;

  // The payment index rows of these payment ids (any order; missing ids are absent), with their
  // entries' leaves if `with_leaves`.
  virtual absl::StatusOr<std::vector<StoredPayment>> FindPayments(
      int64_t log_id, std::span<const std::string> payment_ids, bool with_leaves) = 0;
  // Every payment of one project, with its leaf, ordered by payment_id (bytewise).
  virtual absl::StatusOr<std::vector<StoredPayment>> PaymentsOfProject(
      int64_t log_id, std::string_view project_id) = 0;
  // Adds payment index rows for entries already in the log (a log written before the index
  // existed, rebuilt at start-up). kAlreadyExists if a payment id is already indexed.
  virtual absl::Status IndexPayments(int64_t log_id, std::span<const PaymentRow> rows) = 0;

  // merkle::NodeReader semantics for one log: level 0 from the entries' leaf hashes, higher
  // levels from the stored nodes; at most one round trip (an implementation may answer nodes it
  // has seen from memory, since a stored node never changes). kNotFound naming the first missing
  // node.
  virtual absl::StatusOr<std::vector<merkle::Hash>> ReadNodes(
      int64_t log_id, std::span<const merkle::NodeId> ids) = 0;
};

// Adapts one log of a LedgerStore to merkle::NodeReader.
class LogNodeReader : public merkle::NodeReader {
 public:
  LogNodeReader(LedgerStore& store, int64_t log_id) : store_(store), log_id_(log_id) {}
  absl::StatusOr<std::vector<merkle::Hash>> ReadNodes(
      std::span<const merkle::NodeId> ids) override {
    return store_.ReadNodes(log_id_, ids);
  }

 private:
  LedgerStore& store_;
  int64_t log_id_;
};

}  // namespace ledger::storage

#endif  // LEDGER_STORAGE_LEDGER_STORE_H_
