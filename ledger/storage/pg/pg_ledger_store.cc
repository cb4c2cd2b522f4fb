#include "ledger/storage/pg/pg_ledger_store.h"

#include <algorithm>
#include <limits>
#include <mutex>
#include <pqxx/pqxx>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/crypto/sha256.h"
#include "ledger/storage/pg/pg_pool.h"
#include "ledger/storage/pg/pq_errors.h"
#include "ledger/util/check.h"
#include "ledger/util/status_macros.h"

namespace ledger::storage::pg {
namespace {

constexpr char kSynchronousCommit[] = "SET LOCAL synchronous_commit = on";

// Constraint names from V0002__log_core.sql, recognised in unique-violation messages.
constexpr char kEntriesIndexKey[] = "\"entries_pkey\"";
constexpr char kEntriesEntryIdKey[] = "\"entries_entry_id_key\"";
constexpr char kMerkleNodesKey[] = "\"merkle_nodes_pkey\"";

// Named statements, prepared on every connection when it is opened. A list of values travels as
// one parameter (an array literal built by ArrayLiteral, or concatenated bytes) and is unnested
// server-side, so a batch of any size is one statement and one round trip per table.

constexpr Statement kInsertLog = {"insert_log", R"sql(
INSERT INTO logs (origin, verifier_key) VALUES ($1, $2)
ON CONFLICT (origin) DO NOTHING
RETURNING log_id)sql"};

constexpr Statement kInsertEmptyCheckpoint = {"insert_empty_checkpoint", R"sql(
INSERT INTO checkpoints (log_id, tree_size, previous_size, root, note) VALUES ($1, 0, NULL, $2, $3)
)sql"};

constexpr Statement kFindLog = {"find_log", R"sql(
SELECT log_id, origin, verifier_key FROM logs WHERE origin = $1)sql"};

constexpr Statement kListLogs = {"list_logs", R"sql(
SELECT log_id, origin, verifier_key FROM logs ORDER BY log_id)sql"};

constexpr Statement kLatestCheckpoint = {"latest_checkpoint", R"sql(
SELECT tree_size, root, note FROM checkpoints WHERE log_id = $1
ORDER BY tree_size DESC LIMIT 1)sql"};

constexpr Statement kCheckpointAt = {"checkpoint_at", R"sql(
SELECT tree_size, root, note FROM checkpoints WHERE log_id = $1 AND tree_size = $2)sql"};

// The compare-and-swap: inserted first in Append's transaction. A conflict on
// checkpoints_one_successor (someone already extended previous_size) or on the primary key inserts
// nothing, and Append reports kAborted. ON CONFLICT rather than catching the unique violation
// keeps the transaction usable, so the error message can name the size the log has reached.
constexpr Statement kInsertCheckpoint = {"insert_checkpoint", R"sql(
INSERT INTO checkpoints (log_id, tree_size, previous_size, root, note) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT DO NOTHING)sql"};

// The bulk inserts take their bytes as binary parameters, each column's values concatenated, and
// cut them apart server-side: no escaping, no text parsing, half the bytes of hex. For 1000
// entries of 1-2 KiB this was a quarter to a third faster than hex bytea[] literals or COPY
// (docs/ARCHITECTURE.md). Entry n (from 1) has index $2 + n - 1, entry id bytes [16(n-1), 16n) of
// $3, leaf bytes [$6[n], $6[n] + $7[n]) of $4 (1-based), leaf hash bytes [32(n-1), 32n) of $5.
constexpr Statement kInsertEntries = {"insert_entries", R"sql(
INSERT INTO entries (log_id, idx, entry_id, leaf, leaf_hash)
SELECT $1, $2::bigint + o.n - 1,
       substring($3::bytea FROM ((o.n - 1) * 16 + 1)::integer FOR 16),
       substring($4::bytea FROM o.start FOR o.length),
       substring($5::bytea FROM ((o.n - 1) * 32 + 1)::integer FOR 32)
FROM unnest($6::integer[], $7::integer[]) WITH ORDINALITY AS o (start, length, n))sql"};

// Node n (from 1) has level $2[n], index $3[n] and hash bytes [32(n-1), 32n) of $4.
constexpr Statement kInsertNodes = {"insert_nodes", R"sql(
INSERT INTO merkle_nodes (log_id, level, idx, hash)
SELECT $1, l.level, l.idx, substring($4::bytea FROM ((l.n - 1) * 32 + 1)::integer FOR 32)
FROM unnest($2::smallint[], $3::bigint[]) WITH ORDINALITY AS l (level, idx, n))sql"};

constexpr Statement kInsertRejections = {"insert_rejections", R"sql(
INSERT INTO rejections (log_id, entry_id, envelope_hash, code, rule, message, recorded_time_us)
SELECT $1, * FROM unnest($2::bytea[], $3::bytea[], $4::integer[], $5::text[], $6::text[],
                         $7::bigint[])
ON CONFLICT DO NOTHING)sql"};

constexpr Statement kReadEntries = {"read_entries", R"sql(
SELECT idx, entry_id, leaf, leaf_hash FROM entries
WHERE log_id = $1 AND idx >= $2 AND idx < $3 ORDER BY idx)sql"};

// Lookups by a list of ids look each id up with a scalar subquery on the unique index, which no
// estimate can turn into a scan. `entry_id = ANY ($2)` let custom plans scan every entry of the
// log and test it against the whole list, and a LATERAL join got a cached generic plan, made when
// the table was nearly empty, that hash-joined the list with all of the log's entries: either
// way O(log size) per batch, which made batched appends quadratic (docs/PERFORMANCE.md). OFFSET 0
// keeps the subquery from being flattened into one evaluation per column.
constexpr Statement kFindEntriesById = {"find_entries_by_id", R"sql(
SELECT (f.e).idx, (f.e).entry_id, (f.e).leaf, (f.e).leaf_hash
FROM (SELECT (SELECT e FROM entries e WHERE e.log_id = $1 AND e.entry_id = q.id) AS e
      FROM (SELECT DISTINCT id FROM unnest($2::bytea[]) AS u (id)) AS q
      OFFSET 0) AS f
WHERE (f.e).idx IS NOT NULL
ORDER BY (f.e).idx)sql"};

constexpr Statement kFindIndexByLeafHash = {"find_index_by_leaf_hash", R"sql(
SELECT idx FROM entries WHERE log_id = $1 AND leaf_hash = $2 ORDER BY idx LIMIT 1)sql"};

constexpr Statement kFindRejections = {"find_rejections", R"sql(
SELECT r.entry_id, r.envelope_hash, r.code, r.rule, r.message, r.recorded_time_us
FROM (SELECT DISTINCT id FROM unnest($2::bytea[]) AS u (id)) AS q
CROSS JOIN LATERAL (SELECT * FROM rejections WHERE log_id = $1 AND entry_id = q.id) AS r)sql"};

// One round trip for any list of node ids, in the requested order, NULL where a node is missing.
// Scalar subqueries (rather than joins) pin the plan to one primary-key lookup per id, whatever
// the planner guesses about the size of the unnested arrays. The arrays come through (SELECT $n)
// so that no plan sees their length: with unnest($2) a custom plan saw the real length, always
// looked cheaper than the generic one, and PostgreSQL planned the statement again on every call,
// about a third of its CPU per proof (docs/PERFORMANCE.md "Inclusion proofs from the node cache").
// Hidden, both estimates are equal and the cached generic plan is used after five calls.
constexpr Statement kReadNodes = {"read_nodes", R"sql(
SELECT CASE WHEN q.level = 0
         THEN (SELECT e.leaf_hash FROM entries e WHERE e.log_id = $1 AND e.idx = q.idx)
         ELSE (SELECT n.hash FROM merkle_nodes n
               WHERE n.log_id = $1 AND n.level = q.level AND n.idx = q.idx)
       END
FROM unnest((SELECT $2::smallint[]), (SELECT $3::bigint[])) WITH ORDINALITY AS q (level, idx, ord)
ORDER BY q.ord)sql"};

// The payment index (V0005__payments.sql). Rows are inserted with their entries; the lookups use
// the same scalar subqueries on the primary key as kFindEntriesById, for the same reason.
constexpr Statement kInsertPayments = {"insert_payments", R"sql(
INSERT INTO payments (log_id, payment_id, project_id, idx)
SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bigint[]))sql"};

constexpr Statement kFindPayments = {"find_payments", R"sql(
SELECT (f.p).payment_id, (f.p).idx,
       CASE WHEN $3 THEN (SELECT e.leaf FROM entries e WHERE e.log_id = $1 AND e.idx = (f.p).idx)
       END
FROM (SELECT (SELECT p FROM payments p WHERE p.log_id = $1 AND p.payment_id = q.id) AS p
      FROM (SELECT DISTINCT id FROM unnest($2::text[]) AS u (id)) AS q
      OFFSET 0) AS f
WHERE (f.p).idx IS NOT NULL)sql"};

constexpr Statement kPaymentsOfProject = {"payments_of_project", R"sql(
SELECT p.payment_id, p.idx, e.leaf
FROM payments p JOIN entries e ON e.log_id = p.log_id AND e.idx = p.idx
WHERE p.log_id = $1 AND p.project_id = $2
ORDER BY p.payment_id)sql"};

constexpr Statement kStatements[] = {
    kInsertLog,           kInsertEmptyCheckpoint, kFindLog,          kListLogs,
    kLatestCheckpoint,    kCheckpointAt,          kInsertCheckpoint, kInsertEntries,
    kInsertNodes,         kInsertRejections,      kReadEntries,      kFindEntriesById,
    kFindIndexByLeafHash, kFindRejections,        kReadNodes,        kInsertPayments,
    kFindPayments,        kPaymentsOfProject,
};

constexpr uint64_t kInt64Max = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
constexpr int64_t kLogIdMax = std::numeric_limits<int32_t>::max();  // logs.log_id is integer

// A PostgreSQL array literal ('{...}') built element by element, passed as one text parameter
// and cast server-side ($n::bytea[]). Values are quoted and escaped here, never spliced into SQL.
class ArrayLiteral {
 public:
  ArrayLiteral() : text_("{") {}

  void AddInt(int64_t value) {
    Separate();
    absl::StrAppend(&text_, value);
  }
  // As "\\x<hex>": inside a quoted element a backslash escapes the next character, so the element
  // is \x<hex>, bytea's hex input form.
  void AddBytes(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    Separate();
    text_ += "\"\\\\x";
    size_t at = text_.size();
    text_.resize(at + 2 * bytes.size());
    char* out = text_.data() + at;
    for (unsigned char b : bytes) {
      *out++ = kDigits[b >> 4];
      *out++ = kDigits[b & 0xf];
    }
    text_ += '"';
  }
  void AddText(std::string_view text) {
    Separate();
    text_ += '"';
    for (char c : text) {
      if (c == '"' || c == '\\') text_ += '\\';
      text_ += c;
    }
    text_ += '"';
  }
  std::string Finish() && {
    text_ += '}';
    return std::move(text_);
  }

 private:
  void Separate() {
    if (text_.size() > 1) text_ += ',';
  }
  std::string text_;
};

std::string_view AsView(const merkle::Hash& h) { return crypto::AsStringView(h); }

pqxx::binarystring Bytes(std::string_view bytes) {
  return pqxx::binarystring(bytes.data(), bytes.size());
}

std::string HexId(std::string_view id) { return crypto::ToHex(id); }

// Reads a bytea column that the schema guarantees to hold a 32-byte hash. Database content is
// not trusted with an assertion: a wrong length is kDataLoss.
absl::Status ReadHash(const pqxx::field& field, merkle::Hash* out) {
  pqxx::binarystring bytes(field);
  if (bytes.size() != out->size()) {
    return absl::DataLossError(absl::StrCat("column ", field.name(), " holds ", bytes.size(),
                                            " bytes where a ", out->size(), "-byte hash belongs"));
  }
  std::copy(bytes.begin(), bytes.end(), out->begin());
  return absl::OkStatus();
}

std::string ReadBytes(const pqxx::field& field) { return pqxx::binarystring(field).str(); }

absl::Status ReadEntryRow(const pqxx::row& row, StoredEntry* entry) {
  entry->index = static_cast<uint64_t>(row[0].as<int64_t>());
  entry->entry_id = ReadBytes(row[1]);
  entry->leaf = ReadBytes(row[2]);
  return ReadHash(row[3], &entry->leaf_hash);
}

absl::Status ReadCheckpointRow(const pqxx::row& row, StoredCheckpoint* checkpoint) {
  checkpoint->tree_size = static_cast<uint64_t>(row[0].as<int64_t>());
  checkpoint->note = row[2].as<std::string>();
  return ReadHash(row[1], &checkpoint->root);
}

LogRecord ReadLogRow(const pqxx::row& row) {
  return LogRecord{row[0].as<int64_t>(), row[1].as<std::string>(), row[2].as<std::string>()};
}

absl::Status WithContext(std::string_view context, const absl::Status& status) {
  return absl::Status(status.code(), absl::StrCat(std::string(context), ": ", status.message()));
}

// log_id is an integer column: an id outside it names no log (rather than a SQL range error).
bool IsLogId(int64_t log_id) { return log_id >= 1 && log_id <= kLogIdMax; }

absl::Status NoSuchLog(int64_t log_id) {
  return absl::NotFoundError(absl::StrCat("no log with id ", log_id));
}

bool Mentions(const pqxx::sql_error& e, const char* constraint) {
  return std::string_view(e.what()).find(constraint) != std::string_view::npos;
}

// The array parameters of kInsertPayments.
struct PaymentParams {
  std::string ids, projects, indexes;
};
PaymentParams MakePaymentParams(std::span<const PaymentRow> rows) {
  ArrayLiteral ids, projects, indexes;
  for (const PaymentRow& row : rows) {
    ids.AddText(row.payment_id);
    projects.AddText(row.project_id);
    indexes.AddInt(static_cast<int64_t>(row.index));
  }
  return {std::move(ids).Finish(), std::move(projects).Finish(), std::move(indexes).Finish()};
}

absl::Status ReadPaymentRow(const pqxx::row& row, StoredPayment* payment) {
  payment->payment_id = row[0].as<std::string>();
  payment->index = static_cast<uint64_t>(row[1].as<int64_t>());
  if (!row[2].is_null()) payment->leaf = ReadBytes(row[2]);
  return absl::OkStatus();
}

// The checks Append makes before touching the database: a batch that does not hold together is
// the caller's defect, reported as kInvalidArgument (or kAlreadyExists for a repeated entry id).
absl::Status ValidateBatch(const AppendBatch& batch) {
  const uint64_t previous = batch.previous_size;
  if (batch.entries.size() > PgLedgerStore::kAppendEntriesMax) {
    return absl::InvalidArgumentError(absl::StrCat("batch of ", batch.entries.size(),
                                                   " entries exceeds the limit of ",
                                                   PgLedgerStore::kAppendEntriesMax));
  }
  if (batch.entries.empty()) {
    if (!batch.nodes.empty()) {
      return absl::InvalidArgumentError("a batch without entries cannot complete Merkle nodes");
    }
  } else if (previous > kInt64Max - batch.entries.size() ||
             batch.checkpoint.tree_size != previous + batch.entries.size()) {
    return absl::InvalidArgumentError(absl::StrCat("checkpoint size ", batch.checkpoint.tree_size,
                                                   " is not previous size ", previous, " + ",
                                                   batch.entries.size(), " entries"));
  }
  size_t leaf_bytes = 0;
  std::vector<std::string_view> ids;
  ids.reserve(batch.entries.size());
  for (size_t i = 0; i < batch.entries.size(); ++i) {
    const StoredEntry& e = batch.entries[i];
    if (e.index != previous + i) {
      return absl::InvalidArgumentError(absl::StrCat("entry ", i, " of a batch extending size ",
                                                     previous, " has index ", e.index,
                                                     ", expected ", previous + i));
    }
    if (e.entry_id.size() != 16) {
      return absl::InvalidArgumentError(absl::StrCat("entry ", e.index, " has an entry id of ",
                                                     e.entry_id.size(), " bytes, expected 16"));
    }
    leaf_bytes += e.leaf.size();
    ids.push_back(e.entry_id);
  }
  if (leaf_bytes > PgLedgerStore::kAppendBytesMax) {
    return absl::InvalidArgumentError(absl::StrCat("batch of ", leaf_bytes,
                                                   " leaf bytes exceeds the limit of ",
                                                   PgLedgerStore::kAppendBytesMax));
  }
  std::sort(ids.begin(), ids.end());
  if (auto dup = std::adjacent_find(ids.begin(), ids.end()); dup != ids.end()) {
    return absl::AlreadyExistsError(
        absl::StrCat("entry id ", HexId(*dup), " appears twice in the batch"));
  }
  for (const merkle::Node& n : batch.nodes) {
    // Every node must be completed by this batch: its last leaf lies in (previous, tree_size].
    if (n.id.level < 1 || n.id.level > 63 || n.id.index >= (merkle::kTreeSizeMax >> n.id.level) ||
        n.id.end() <= previous || n.id.end() > batch.checkpoint.tree_size) {
      return absl::InvalidArgumentError(absl::StrCat("node ", n.id.DebugString(),
                                                     " is not completed by a batch extending size ",
                                                     previous, " to ", batch.checkpoint.tree_size));
    }
  }
  for (const RejectionRecord& r : batch.rejections) {
    if (r.entry_id.size() != 16) {
      return absl::InvalidArgumentError(
          absl::StrCat("rejection has an entry id of ", r.entry_id.size(), " bytes, expected 16"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

PgLedgerStore::PgLedgerStore(std::unique_ptr<ConnectionPool> pool, size_t node_cache_bytes)
    : pool_(std::move(pool)), node_cache_bytes_(node_cache_bytes) {}

PgLedgerStore::~PgLedgerStore() = default;

absl::StatusOr<std::unique_ptr<PgLedgerStore>> PgLedgerStore::Open(std::string conninfo,
                                                                   int pool_size,
                                                                   size_t node_cache_bytes) {
  LEDGER_ASSIGN_OR_RETURN(std::unique_ptr<ConnectionPool> pool,
                          ConnectionPool::Open(std::move(conninfo), pool_size, kStatements));
  return std::unique_ptr<PgLedgerStore>(new PgLedgerStore(std::move(pool), node_cache_bytes));
}

merkle::NodeCache* PgLedgerStore::NodeCacheOf(int64_t log_id, bool create) {
  if (node_cache_bytes_ == 0) return nullptr;
  {
    std::shared_lock lock(node_caches_mu_);
    auto it = node_caches_.find(log_id);
    if (it != node_caches_.end()) return it->second.get();
  }
  if (!create) return nullptr;
  std::unique_lock lock(node_caches_mu_);
  std::unique_ptr<merkle::NodeCache>& cache = node_caches_[log_id];
  if (cache == nullptr) cache = std::make_unique<merkle::NodeCache>(node_cache_bytes_);
  return cache.get();
}

absl::StatusOr<LogRecord> PgLedgerStore::CreateLog(std::string_view origin,
                                                   std::string_view verifier_key,
                                                   const StoredCheckpoint& empty_checkpoint) {
  if (empty_checkpoint.tree_size != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("the first checkpoint of a log has size 0, not ", empty_checkpoint.tree_size));
  }
  LogRecord log{0, std::string(origin), std::string(verifier_key)};
  absl::Status s =
      pool_->Run(absl::StrCat("creating log '", log.origin, "'"), /*idempotent=*/false,
                 [&](pqxx::connection& conn) -> absl::Status {
                   pqxx::work tx(conn);
                   tx.exec0(kSynchronousCommit);
                   pqxx::result r;
                   try {
                     r = tx.exec_prepared(kInsertLog.name, log.origin, log.verifier_key);
                   } catch (const pqxx::check_violation& e) {
                     return absl::InvalidArgumentError(absl::StrCat(
                         "a log origin is non-empty without spaces or '+': ", e.what()));
                   }
                   if (r.empty()) {
                     return absl::AlreadyExistsError(
                         absl::StrCat("a log with origin '", log.origin, "' already exists"));
                   }
                   log.log_id = r[0][0].as<int64_t>();
                   tx.exec_prepared0(kInsertEmptyCheckpoint.name, log.log_id,
                                     Bytes(AsView(empty_checkpoint.root)), empty_checkpoint.note);
                   tx.commit();
                   return absl::OkStatus();
                 });
  if (!s.ok()) return s;
  return log;
}

absl::StatusOr<LogRecord> PgLedgerStore::FindLog(std::string_view origin_view) {
  const std::string origin(origin_view);
  std::optional<LogRecord> log;
  LEDGER_RETURN_IF_ERROR(pool_->Run(absl::StrCat("finding log '", origin, "'"), /*idempotent=*/true,
                                    [&](pqxx::connection& conn) -> absl::Status {
                                      pqxx::nontransaction tx(conn);
                                      pqxx::result r = tx.exec_prepared(kFindLog.name, origin);
                                      if (!r.empty()) log = ReadLogRow(r[0]);
                                      return absl::OkStatus();
                                    }));
  if (!log) return absl::NotFoundError(absl::StrCat("no log with origin '", origin, "'"));
  return *std::move(log);
}

absl::StatusOr<std::vector<LogRecord>> PgLedgerStore::ListLogs() {
  std::vector<LogRecord> logs;
  LEDGER_RETURN_IF_ERROR(
      pool_->Run("listing logs", /*idempotent=*/true, [&](pqxx::connection& conn) {
        logs.clear();
        pqxx::nontransaction tx(conn);
        for (const pqxx::row& row : tx.exec_prepared(kListLogs.name))
          logs.push_back(ReadLogRow(row));
        return absl::OkStatus();
      }));
  return logs;
}

absl::StatusOr<StoredCheckpoint> PgLedgerStore::LatestCheckpoint(int64_t log_id) {
  if (!IsLogId(log_id)) return NoSuchLog(log_id);
  std::optional<StoredCheckpoint> checkpoint;
  LEDGER_RETURN_IF_ERROR(
      pool_->Run(absl::StrCat("reading the latest checkpoint of log ", log_id),
                 /*idempotent=*/true, [&](pqxx::connection& conn) -> absl::Status {
                   pqxx::nontransaction tx(conn);
                   pqxx::result r = tx.exec_prepared(kLatestCheckpoint.name, log_id);
                   if (r.empty()) return absl::OkStatus();
                   checkpoint.emplace();
                   return ReadCheckpointRow(r[0], &*checkpoint);
                 }));
  if (!checkpoint) {
    return absl::NotFoundError(absl::StrCat("log ", log_id, " has no checkpoint: no such log"));
  }
  return *std::move(checkpoint);
}

absl::StatusOr<StoredCheckpoint> PgLedgerStore::CheckpointAt(int64_t log_id, uint64_t tree_size) {
  std::optional<StoredCheckpoint> checkpoint;
  if (IsLogId(log_id) && tree_size <= kInt64Max) {
    LEDGER_RETURN_IF_ERROR(pool_->Run(
        absl::StrCat("reading the checkpoint of size ", tree_size, " of log ", log_id),
        /*idempotent=*/true, [&](pqxx::connection& conn) -> absl::Status {
          pqxx::nontransaction tx(conn);
          pqxx::result r =
              tx.exec_prepared(kCheckpointAt.name, log_id, static_cast<int64_t>(tree_size));
          if (r.empty()) return absl::OkStatus();
          checkpoint.emplace();
          return ReadCheckpointRow(r[0], &*checkpoint);
        }));
  }
  if (!checkpoint) {
    return absl::NotFoundError(
        absl::StrCat("log ", log_id, " has no checkpoint of size ", tree_size));
  }
  return *std::move(checkpoint);
}

absl::Status PgLedgerStore::Append(int64_t log_id, const AppendBatch& batch) {
  const uint64_t previous = batch.previous_size;
  const uint64_t size = batch.checkpoint.tree_size;
  const std::string context =
      batch.entries.empty()
          ? absl::StrCat("recording rejections in log ", log_id)
          : absl::StrCat("appending to log ", log_id, " (size ", previous, " -> ", size, ")");
  if (!IsLogId(log_id)) return WithContext(context, NoSuchLog(log_id));
  if (absl::Status s = ValidateBatch(batch); !s.ok()) return WithContext(context, s);
  if (batch.entries.empty() && batch.rejections.empty()) return absl::OkStatus();

  // The parameters are built before taking a connection, to hold it for as short as possible.
  std::string ids, leaves, leaf_hashes, node_hashes;
  ArrayLiteral starts, lengths, node_levels, node_indexes;
  ids.reserve(16 * batch.entries.size());
  leaf_hashes.reserve(merkle::kHashSize * batch.entries.size());
  size_t leaf_bytes = 0;
  for (const StoredEntry& e : batch.entries) leaf_bytes += e.leaf.size();
  leaves.reserve(leaf_bytes);
  for (const StoredEntry& e : batch.entries) {
    starts.AddInt(static_cast<int64_t>(leaves.size() + 1));
    lengths.AddInt(static_cast<int64_t>(e.leaf.size()));
    ids += e.entry_id;
    leaves += e.leaf;
    leaf_hashes += AsView(e.leaf_hash);
  }
  node_hashes.reserve(merkle::kHashSize * batch.nodes.size());
  for (const merkle::Node& n : batch.nodes) {
    node_levels.AddInt(n.id.level);
    node_indexes.AddInt(static_cast<int64_t>(n.id.index));
    node_hashes += AsView(n.hash);
  }
  const std::string starts_param = std::move(starts).Finish();
  const std::string lengths_param = std::move(lengths).Finish();
  const std::string levels_param = std::move(node_levels).Finish();
  const std::string indexes_param = std::move(node_indexes).Finish();
  std::string r_ids, r_hashes, r_codes, r_rules, r_messages, r_times;
  if (!batch.rejections.empty()) {
    ArrayLiteral a_ids, a_hashes, a_codes, a_rules, a_messages, a_times;
    for (const RejectionRecord& r : batch.rejections) {
      a_ids.AddBytes(r.entry_id);
      a_hashes.AddBytes(crypto::AsStringView(r.envelope_hash));
      a_codes.AddInt(r.code);
      a_rules.AddText(r.rule);
      a_messages.AddText(r.message);
      a_times.AddInt(r.recorded_time_us);
    }
    r_ids = std::move(a_ids).Finish();
    r_hashes = std::move(a_hashes).Finish();
    r_codes = std::move(a_codes).Finish();
    r_rules = std::move(a_rules).Finish();
    r_messages = std::move(a_messages).Finish();
    r_times = std::move(a_times).Finish();
  }

  const PaymentParams payments = MakePaymentParams(batch.payments);

  enum class Conflict { kNone, kIndex, kEntryId };
  Conflict conflict = Conflict::kNone;
  std::string conflict_detail;
  absl::Status s =
      pool_->Run(context, /*idempotent=*/false, [&](pqxx::connection& conn) -> absl::Status {
        conflict = Conflict::kNone;
        {
          pqxx::work tx(conn);
          tx.exec0(kSynchronousCommit);
          if (!batch.entries.empty()) {
            // The checkpoint first: a second writer extending the same size waits here for the
            // first one's outcome and then inserts nothing, before it has sent any entries.
            pqxx::result r;
            try {
              r = tx.exec_prepared(kInsertCheckpoint.name, log_id, static_cast<int64_t>(size),
                                   static_cast<int64_t>(previous),
                                   Bytes(AsView(batch.checkpoint.root)), batch.checkpoint.note);
            } catch (const pqxx::foreign_key_violation&) {
              return absl::FailedPreconditionError(absl::StrCat(
                  "log ", log_id, " has no checkpoint of size ", previous, " to extend"));
            }
            if (r.affected_rows() == 0) {
              pqxx::result latest = tx.exec_prepared(kLatestCheckpoint.name, log_id);
              const std::string now = latest.empty() ? "unknown" : latest[0][0].as<std::string>();
              return absl::AbortedError(absl::StrCat(
                  "log head moved: a checkpoint extending size ", previous,
                  " already exists (the log is now at size ", now, ", this batch wanted ", size,
                  "); another writer is appending to this log"));
            }
            try {
              tx.exec_prepared0(kInsertEntries.name, log_id, static_cast<int64_t>(previous),
                                Bytes(ids), Bytes(leaves), Bytes(leaf_hashes), starts_param,
                                lengths_param);
              if (!batch.nodes.empty()) {
                tx.exec_prepared0(kInsertNodes.name, log_id, levels_param, indexes_param,
                                  Bytes(node_hashes));
              }
              if (!batch.payments.empty()) {
                tx.exec_prepared0(kInsertPayments.name, log_id, payments.ids, payments.projects,
                                  payments.indexes);
              }
            } catch (const pqxx::unique_violation& e) {
              if (Mentions(e, kEntriesEntryIdKey)) {
                conflict = Conflict::kEntryId;
              } else if (Mentions(e, kEntriesIndexKey) || Mentions(e, kMerkleNodesKey)) {
                conflict = Conflict::kIndex;
              } else {
                throw;
              }
              conflict_detail = e.what();
            }
          }
          if (conflict == Conflict::kNone) {
            if (!batch.rejections.empty()) {
              tx.exec_prepared0(kInsertRejections.name, log_id, r_ids, r_hashes, r_codes, r_rules,
                                r_messages, r_times);
            }
            tx.commit();
            return absl::OkStatus();
          }
        }  // rolled back
        if (conflict == Conflict::kIndex) {
          return absl::AbortedError(absl::StrCat(
              "log head moved: entries or nodes past size ", previous,
              " already exist; another writer is appending to this log (", conflict_detail, ")"));
        }
        // Name the entry id: look up which of the batch's ids the log already holds.
        ArrayLiteral batch_ids;
        for (const StoredEntry& e : batch.entries) batch_ids.AddBytes(e.entry_id);
        pqxx::nontransaction tx(conn);
        pqxx::result r =
            tx.exec_prepared(kFindEntriesById.name, log_id, std::move(batch_ids).Finish());
        if (r.empty()) return absl::AlreadyExistsError(conflict_detail);
        return absl::AlreadyExistsError(absl::StrCat("entry id ", HexId(ReadBytes(r[0][1])),
                                                     " is already in the log at index ",
                                                     r[0][0].as<std::string>()));
      });
  // Committed: these nodes are now the log's for good (not on kUnknown, which may not be).
  if (s.ok() && !batch.entries.empty()) {
    if (merkle::NodeCache* cache = NodeCacheOf(log_id, /*create=*/true)) {
      cache->Insert(batch.nodes);
      if (cache->level_min() == 0) {  // a small tree: its leaves fit too
        std::vector<merkle::Node> leaves;
        leaves.reserve(batch.entries.size());
        for (const StoredEntry& e : batch.entries) leaves.push_back({{0, e.index}, e.leaf_hash});
        cache->Insert(leaves);
      }
    }
  }
  return s;
}

absl::StatusOr<std::vector<StoredEntry>> PgLedgerStore::ReadEntries(int64_t log_id, uint64_t begin,
                                                                    uint64_t end) {
  std::vector<StoredEntry> entries;
  end = std::min(end, kInt64Max);
  if (!IsLogId(log_id) || begin >= end) return entries;
  LEDGER_RETURN_IF_ERROR(pool_->Run(
      absl::StrCat("reading entries [", begin, ", ", end, ") of log ", log_id),
      /*idempotent=*/true, [&](pqxx::connection& conn) -> absl::Status {
        entries.clear();
        pqxx::nontransaction tx(conn);
        pqxx::result r = tx.exec_prepared(kReadEntries.name, log_id, static_cast<int64_t>(begin),
                                          static_cast<int64_t>(end));
        entries.resize(r.size());
        for (size_t i = 0; i < r.size(); ++i) {
          LEDGER_RETURN_IF_ERROR(ReadEntryRow(r[i], &entries[i]));
        }
        return absl::OkStatus();
      }));
  return entries;
}

absl::StatusOr<std::vector<StoredEntry>> PgLedgerStore::FindEntriesById(
    int64_t log_id, std::span<const std::string> entry_ids) {
  std::vector<StoredEntry> entries;
  if (!IsLogId(log_id) || entry_ids.empty()) return entries;
  ArrayLiteral ids;
  for (const std::string& id : entry_ids) ids.AddBytes(id);
  const std::string ids_param = std::move(ids).Finish();
  LEDGER_RETURN_IF_ERROR(
      pool_->Run(absl::StrCat("finding entries by id in log ", log_id),
                 /*idempotent=*/true, [&](pqxx::connection& conn) -> absl::Status {
                   entries.clear();
                   pqxx::nontransaction tx(conn);
                   pqxx::result r = tx.exec_prepared(kFindEntriesById.name, log_id, ids_param);
                   entries.resize(r.size());
                   for (size_t i = 0; i < r.size(); ++i) {
                     LEDGER_RETURN_IF_ERROR(ReadEntryRow(r[i], &entries[i]));
                   }
                   return absl::OkStatus();
                 }));
  return entries;
}

absl::StatusOr<std::optional<uint64_t>> PgLedgerStore::FindIndexByLeafHash(
    int64_t log_id, const merkle::Hash& leaf_hash) {
  std::optional<uint64_t> index;
  if (!IsLogId(log_id)) return index;
  LEDGER_RETURN_IF_ERROR(pool_->Run(
      absl::StrCat("finding a leaf hash in log ", log_id),
      /*idempotent=*/true, [&](pqxx::connection& conn) -> absl::Status {
        pqxx::nontransaction tx(conn);
        pqxx::result r =
            tx.exec_prepared(kFindIndexByLeafHash.name, log_id, Bytes(AsView(leaf_hash)));
        if (!r.empty()) index = r[0][0].as<int64_t>();
        return absl::OkStatus();
      }));
  return index;
}

absl::StatusOr<std::vector<RejectionRecord>> PgLedgerStore::FindRejections(
    int64_t log_id, std::span<const std::string> entry_ids) {
  std::vector<RejectionRecord> rejections;
  if (!IsLogId(log_id) || entry_ids.empty()) return rejections;
  ArrayLiteral ids;
  for (const std::string& id : entry_ids) ids.AddBytes(id);
  const std::string ids_param = std::move(ids).Finish();
  LEDGER_RETURN_IF_ERROR(pool_->Run(
      absl::StrCat("finding rejections in log ", log_id),
      /*idempotent=*/true, [&](pqxx::connection& conn) -> absl::Status {
        rejections.clear();
        pqxx::nontransaction tx(conn);
        for (const pqxx::row& row : tx.exec_prepared(kFindRejections.name, log_id, ids_param)) {
          RejectionRecord& rec = rejections.emplace_back();
          rec.entry_id = ReadBytes(row[0]);
          LEDGER_RETURN_IF_ERROR(ReadHash(row[1], &rec.envelope_hash));
          rec.code = row[2].as<int32_t>();
          rec.rule = row[3].as<std::string>();
          rec.message = row[4].as<std::string>();
          rec.recorded_time_us = row[5].as<int64_t>();
        }
        return absl::OkStatus();
      }));
  return rejections;
}

absl::StatusOr<std::vector<StoredPayment>> PgLedgerStore::FindPayments(
    int64_t log_id, std::span<const std::string> payment_ids, bool with_leaves) {
  std::vector<StoredPayment> payments;
  if (!IsLogId(log_id) || payment_ids.empty()) return payments;
  ArrayLiteral ids;
  for (const std::string& id : payment_ids) ids.AddText(id);
  const std::string ids_param = std::move(ids).Finish();
  LEDGER_RETURN_IF_ERROR(pool_->Run(
      absl::StrCat("finding payments in log ", log_id),
      /*idempotent=*/true, [&](pqxx::connection& conn) -> absl::Status {
        payments.clear();
        pqxx::nontransaction tx(conn);
        pqxx::result r = tx.exec_prepared(kFindPayments.name, log_id, ids_param, with_leaves);
        payments.resize(r.size());
        for (size_t i = 0; i < r.size(); ++i) {
          LEDGER_RETURN_IF_ERROR(ReadPaymentRow(r[i], &payments[i]));
        }
        return absl::OkStatus();
      }));
  return payments;
}

absl::StatusOr<std::vector<StoredPayment>> PgLedgerStore::PaymentsOfProject(
    int64_t log_id, std::string_view project_id) {
  std::vector<StoredPayment> payments;
  if (!IsLogId(log_id)) return payments;
  LEDGER_RETURN_IF_ERROR(pool_->Run(
      absl::StrCat("reading the payments of a project in log ", log_id),
      /*idempotent=*/true, [&](pqxx::connection& conn) -> absl::Status {
        payments.clear();
        pqxx::nontransaction tx(conn);
        pqxx::result r = tx.exec_prepared(kPaymentsOfProject.name, log_id, std::string(project_id));
        payments.resize(r.size());
        for (size_t i = 0; i < r.size(); ++i) {
          LEDGER_RETURN_IF_ERROR(ReadPaymentRow(r[i], &payments[i]));
        }
        return absl::OkStatus();
      }));
  return payments;
}

absl::Status PgLedgerStore::IndexPayments(int64_t log_id, std::span<const PaymentRow> rows) {
  if (rows.empty()) return absl::OkStatus();
  if (!IsLogId(log_id)) return NoSuchLog(log_id);
  const PaymentParams params = MakePaymentParams(rows);
  return pool_->Run(absl::StrCat("indexing ", rows.size(), " payments of log ", log_id),
                    /*idempotent=*/false, [&](pqxx::connection& conn) -> absl::Status {
                      try {
                        pqxx::work tx(conn);
                        tx.exec0(kSynchronousCommit);
                        tx.exec_prepared0(kInsertPayments.name, log_id, params.ids, params.projects,
                                          params.indexes);
                        tx.commit();
                      } catch (const pqxx::unique_violation& e) {
                        return absl::AlreadyExistsError(e.what());
                      }
                      return absl::OkStatus();
                    });
}

absl::StatusOr<std::vector<merkle::Hash>> PgLedgerStore::ReadNodes(
    int64_t log_id, std::span<const merkle::NodeId> ids) {
  std::vector<merkle::Hash> hashes;
  if (ids.empty()) return hashes;
  if (!IsLogId(log_id)) return NoSuchLog(log_id);
  for (const merkle::NodeId& id : ids) {
    if (id.level > 63 || id.index > kInt64Max) {
      return absl::InvalidArgumentError(
          absl::StrCat("node ", id.DebugString(), " cannot exist in any tree"));
    }
  }
  hashes.resize(ids.size());
  // The positions of the ids to read from PostgreSQL: those the cache does not hold.
  std::vector<size_t> missing;
  merkle::NodeCache* cache = NodeCacheOf(log_id, /*create=*/false);
  if (cache != nullptr) {
    missing.reserve(ids.size());
    cache->Lookup(ids, hashes, missing);
    if (missing.empty()) return hashes;
  } else {
    missing.resize(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) missing[i] = i;
  }
  ArrayLiteral levels, indexes;
  for (size_t i : missing) {
    levels.AddInt(ids[i].level);
    indexes.AddInt(static_cast<int64_t>(ids[i].index));
  }
  const std::string levels_param = std::move(levels).Finish();
  const std::string indexes_param = std::move(indexes).Finish();
  LEDGER_RETURN_IF_ERROR(pool_->Run(
      absl::StrCat("reading ", missing.size(), " Merkle nodes of log ", log_id),
      /*idempotent=*/true, [&](pqxx::connection& conn) -> absl::Status {
        pqxx::nontransaction tx(conn);
        pqxx::result r = tx.exec_prepared(kReadNodes.name, log_id, levels_param, indexes_param);
        if (r.size() != missing.size()) {
          return absl::InternalError(
              absl::StrCat("asked for ", missing.size(), " nodes, got ", r.size(), " rows"));
        }
        for (size_t k = 0; k < missing.size(); ++k) {
          const pqxx::field f = r[k][0];
          if (f.is_null()) {
            return absl::NotFoundError(absl::StrCat("log ", log_id, " has no Merkle node ",
                                                    ids[missing[k]].DebugString()));
          }
          LEDGER_RETURN_IF_ERROR(ReadHash(f, &hashes[missing[k]]));
        }
        return absl::OkStatus();
      }));
  // Every node read exists, so the log does: remember the upper ones.
  if (cache == nullptr) cache = NodeCacheOf(log_id, /*create=*/true);
  if (cache != nullptr) {
    std::vector<merkle::Node> read;
    read.reserve(missing.size());
    for (size_t i : missing) {
      if (ids[i].level >= cache->level_min()) read.push_back({ids[i], hashes[i]});
    }
    if (!read.empty()) cache->Insert(read);
  }
  return hashes;
}

}  // namespace ledger::storage::pg
