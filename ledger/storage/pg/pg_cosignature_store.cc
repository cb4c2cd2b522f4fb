#include "ledger/storage/pg/pg_cosignature_store.h"

#include <algorithm>
#include <limits>
#include <pqxx/pqxx>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/storage/pg/pg_pool.h"
#include "ledger/util/status_macros.h"

namespace ledger::storage::pg {
namespace {

constexpr size_t kSignatureSize = 72;  // timestamp (8) || Ed25519 signature (64)
constexpr uint64_t kInt64Max = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());

// The checkpoint must exist: checked in the same statement, so that a missing one is told apart
// from a cosignature already stored (both insert nothing).
constexpr Statement kInsertCosignature = {"insert_cosignature", R"sql(
WITH target AS (
  SELECT log_id, tree_size FROM checkpoints WHERE log_id = $1 AND tree_size = $2
), inserted AS (
  INSERT INTO cosignatures (log_id, tree_size, witness_name, witness_key_id, witness_key,
                            signature, timestamp_s)
  SELECT log_id, tree_size, $3::text, $4::bigint, $5::text, $6::bytea, $7::bigint FROM target
  ON CONFLICT ON CONSTRAINT cosignatures_pkey DO NOTHING
  RETURNING 1
)
SELECT (SELECT count(*) FROM target), (SELECT count(*) FROM inserted))sql"};

// `$3` is a text[] of witness keys; an empty array means all of them.
constexpr Statement kCosignatures = {"cosignatures", R"sql(
SELECT witness_key, witness_name, witness_key_id, signature, timestamp_s FROM cosignatures
WHERE log_id = $1 AND tree_size = $2 AND (cardinality($3::text[]) = 0 OR witness_key = ANY ($3::text[]))
ORDER BY received_at, witness_name, witness_key_id
LIMIT $4)sql"};

constexpr Statement kStatements[] = {kInsertCosignature, kCosignatures};

// A PostgreSQL text[] literal of `values` (quoted and escaped here, never spliced into SQL).
std::string TextArray(std::span<const std::string> values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

uint64_t TimestampOf(std::string_view signature) {
  uint64_t t = 0;
  for (size_t i = 0; i < 8; ++i) t = (t << 8) | static_cast<uint8_t>(signature[i]);
  return t;
}

}  // namespace

PgCosignatureStore::PgCosignatureStore(std::unique_ptr<ConnectionPool> pool)
    : pool_(std::move(pool)) {}

PgCosignatureStore::~PgCosignatureStore() = default;

absl::StatusOr<std::unique_ptr<PgCosignatureStore>> PgCosignatureStore::Open(std::string conninfo,
                                                                             int pool_size) {
  LEDGER_ASSIGN_OR_RETURN(std::unique_ptr<ConnectionPool> pool,
                          ConnectionPool::Open(std::move(conninfo), pool_size, kStatements));
  return std::unique_ptr<PgCosignatureStore>(new PgCosignatureStore(std::move(pool)));
}

absl::StatusOr<bool> PgCosignatureStore::AddCosignature(int64_t log_id, uint64_t tree_size,
                                                        const StoredCosignature& c) {
  if (c.signature.size() != kSignatureSize) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a cosignature is ", kSignatureSize, " bytes after the key id, not ", c.signature.size()));
  }
  if (TimestampOf(c.signature) != c.timestamp_s || c.timestamp_s > kInt64Max) {
    return absl::InvalidArgumentError(
        absl::StrCat("cosignature timestamp ", c.timestamp_s,
                     " is not the one in its signature bytes, or exceeds 2^63 - 1"));
  }
  if (tree_size > kInt64Max) {
    return absl::FailedPreconditionError(
        absl::StrCat("log ", log_id, " has no checkpoint of size ", tree_size));
  }
  bool stored = false;
  LEDGER_RETURN_IF_ERROR(pool_->Run(
      absl::StrCat("storing a cosignature of checkpoint ", tree_size, " of log ", log_id),
      /*idempotent=*/true, [&](pqxx::connection& conn) -> absl::Status {
        pqxx::work tx(conn);
        pqxx::result r =
            tx.exec_prepared(kInsertCosignature.name, log_id, static_cast<int64_t>(tree_size),
                             c.witness_name, static_cast<int64_t>(c.key_id), c.witness_key,
                             pqxx::binarystring(c.signature.data(), c.signature.size()),
                             static_cast<int64_t>(c.timestamp_s));
        if (r[0][0].as<int64_t>() == 0) {
          return absl::FailedPreconditionError(
              absl::StrCat("log ", log_id, " has no checkpoint of size ", tree_size));
        }
        stored = r[0][1].as<int64_t>() == 1;
        tx.commit();
        return absl::OkStatus();
      }));
  return stored;
}

absl::StatusOr<std::vector<StoredCosignature>> PgCosignatureStore::Cosignatures(
    int64_t log_id, uint64_t tree_size, std::span<const std::string> witness_keys, size_t limit) {
  std::vector<StoredCosignature> out;
  if (limit == 0 || tree_size > kInt64Max) return out;
  const std::string keys = TextArray(witness_keys);
  const int64_t limit_param =
      static_cast<int64_t>(std::min<size_t>(limit, static_cast<size_t>(kInt64Max)));
  LEDGER_RETURN_IF_ERROR(pool_->Run(
      absl::StrCat("reading the cosignatures of checkpoint ", tree_size, " of log ", log_id),
      /*idempotent=*/true, [&](pqxx::connection& conn) -> absl::Status {
        out.clear();
        pqxx::nontransaction tx(conn);
        pqxx::result r = tx.exec_prepared(kCosignatures.name, log_id,
                                          static_cast<int64_t>(tree_size), keys, limit_param);
        for (const pqxx::row& row : r) {
          StoredCosignature& c = out.emplace_back();
          c.witness_key = row[0].as<std::string>();
          c.witness_name = row[1].as<std::string>();
          c.key_id = static_cast<uint32_t>(row[2].as<int64_t>());
          c.signature = pqxx::binarystring(row[3]).str();
          c.timestamp_s = static_cast<uint64_t>(row[4].as<int64_t>());
          if (c.signature.size() != kSignatureSize) {
            return absl::DataLossError(absl::StrCat("a stored cosignature of checkpoint ",
                                                    tree_size, " is ", c.signature.size(),
                                                    " bytes, not ", kSignatureSize));
          }
        }
        return absl::OkStatus();
      }));
  return out;
}

}  // namespace ledger::storage::pg
