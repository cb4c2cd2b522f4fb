#include "ledger/storage/pg/pg_registry_store.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/storage/pg/pg_pool.h"
#include "ledger/util/status_macros.h"

namespace ledger::storage::pg {
namespace {

using registry::StoredPerson;

#define LEDGER_PERSON_COLUMNS                                              \
  "ref, village, name, id_number, bank_account, phone,"                    \
  " (extract(epoch FROM registered_at) * 1000000)::bigint, registered_by," \
  " (extract(epoch FROM erased_at) * 1000000)::bigint, erased_by"

constexpr Statement kLogIdOf = {"registry_log_id", "SELECT log_id FROM logs WHERE origin = $1"};
// Inserts a registration, or revives an erased row with the same reference; a live row is left
// alone (no row returned).
constexpr Statement kRegister = {"registry_register", R"sql(
INSERT INTO registry_people AS p
  (log_id, ref, village, name, id_number, bank_account, phone, registered_at, registered_by)
VALUES ($1, $2, $3, $4, $5, NULLIF($6, ''), NULLIF($7, ''),
        to_timestamp($8::bigint / 1000000.0), $9)
ON CONFLICT (log_id, ref) DO UPDATE
  SET village = EXCLUDED.village, name = EXCLUDED.name, id_number = EXCLUDED.id_number,
      bank_account = EXCLUDED.bank_account, phone = EXCLUDED.phone,
      registered_at = EXCLUDED.registered_at, registered_by = EXCLUDED.registered_by,
      erased_at = NULL, erased_by = NULL
  WHERE p.erased_at IS NOT NULL
RETURNING )sql" LEDGER_PERSON_COLUMNS};
constexpr Statement kFind = {"registry_find", "SELECT " LEDGER_PERSON_COLUMNS
                                              " FROM registry_people WHERE log_id = $1 AND "
                                              "ref = $2"};
constexpr Statement kList = {"registry_list", "SELECT " LEDGER_PERSON_COLUMNS R"sql(
 FROM registry_people
WHERE log_id = $1 AND starts_with(village, $2) AND ($4 = '' OR (village, ref) > ($3, $4))
ORDER BY village, ref
LIMIT $5)sql"};
constexpr Statement kErase = {"registry_erase", R"sql(
UPDATE registry_people
   SET name = NULL, id_number = NULL, bank_account = NULL, phone = NULL,
       erased_at = to_timestamp($3::bigint / 1000000.0), erased_by = $4
 WHERE log_id = $1 AND ref = $2 AND erased_at IS NULL
RETURNING )sql" LEDGER_PERSON_COLUMNS};
// One primary-key probe per ref, as a scalar subquery that no estimate turns into a scan (see
// find_entries_by_id in pg_ledger_store.cc); a missing ref gives NULL and is left out.
constexpr Statement kNames = {"registry_names", R"sql(
SELECT f.ref, f.name
FROM (SELECT q.ref, (SELECT coalesce(p.name, '') FROM registry_people p
                     WHERE p.log_id = $1 AND p.ref = q.ref) AS name
      FROM (SELECT DISTINCT ref FROM unnest($2::text[]) AS u (ref)) AS q
      OFFSET 0) AS f
WHERE f.name IS NOT NULL)sql"};

#undef LEDGER_PERSON_COLUMNS

constexpr Statement kStatements[] = {kLogIdOf, kRegister, kFind, kList, kErase, kNames};

std::string TextOrEmpty(const pqxx::field& f) { return f.is_null() ? "" : f.as<std::string>(); }

StoredPerson ReadPerson(const pqxx::row& row) {
  StoredPerson p;
  p.ref = row[0].as<std::string>();
  p.village = row[1].as<std::string>();
  p.name = TextOrEmpty(row[2]);
  p.id_number = TextOrEmpty(row[3]);
  p.bank_account = TextOrEmpty(row[4]);
  p.phone = TextOrEmpty(row[5]);
  p.registered_at_us = row[6].as<int64_t>();
  p.registered_by = row[7].as<std::string>();
  if (!row[8].is_null()) p.erased_at_us = row[8].as<int64_t>();
  p.erased_by = TextOrEmpty(row[9]);
  return p;
}

// The log id of `origin`, or kNotFound.
absl::StatusOr<int64_t> LogIdOf(pqxx::transaction_base& tx, const std::string& origin) {
  pqxx::result r = tx.exec_prepared(kLogIdOf.name, origin);
  if (r.empty()) return absl::NotFoundError(absl::StrCat("no log with origin '", origin, "'"));
  return r[0][0].as<int64_t>();
}

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

}  // namespace

PgRegistryStore::PgRegistryStore(std::unique_ptr<ConnectionPool> pool) : pool_(std::move(pool)) {}

PgRegistryStore::~PgRegistryStore() = default;

absl::StatusOr<std::unique_ptr<PgRegistryStore>> PgRegistryStore::Open(std::string conninfo,
                                                                       int pool_size) {
  LEDGER_ASSIGN_OR_RETURN(std::unique_ptr<ConnectionPool> pool,
                          ConnectionPool::Open(std::move(conninfo), pool_size, kStatements));
  return std::unique_ptr<PgRegistryStore>(new PgRegistryStore(std::move(pool)));
}

absl::StatusOr<StoredPerson> PgRegistryStore::Register(std::string_view origin_view,
                                                       const StoredPerson& person, bool* created) {
  const std::string origin(origin_view);
  StoredPerson stored;
  LEDGER_RETURN_IF_ERROR(pool_->Run(
      "registering a person", /*idempotent=*/false, [&](pqxx::connection& conn) -> absl::Status {
        pqxx::work tx(conn);
        LEDGER_ASSIGN_OR_RETURN(const int64_t log_id, LogIdOf(tx, origin));
        pqxx::result r = tx.exec_prepared(
            kRegister.name, log_id, person.ref, person.village, person.name, person.id_number,
            person.bank_account, person.phone, person.registered_at_us, person.registered_by);
        *created = !r.empty();
        if (r.empty()) r = tx.exec_prepared(kFind.name, log_id, person.ref);
        if (r.empty()) {
          return absl::AbortedError("the registration conflicted with a concurrent erasure");
        }
        stored = ReadPerson(r[0]);
        tx.commit();
        return absl::OkStatus();
      }));
  return stored;
}

absl::StatusOr<std::optional<StoredPerson>> PgRegistryStore::Find(std::string_view origin_view,
                                                                  std::string_view ref_view) {
  const std::string origin(origin_view), ref(ref_view);
  std::optional<StoredPerson> found;
  LEDGER_RETURN_IF_ERROR(pool_->Run(
      "reading the registry", /*idempotent=*/true, [&](pqxx::connection& conn) -> absl::Status {
        pqxx::nontransaction tx(conn);
        LEDGER_ASSIGN_OR_RETURN(const int64_t log_id, LogIdOf(tx, origin));
        pqxx::result r = tx.exec_prepared(kFind.name, log_id, ref);
        if (!r.empty()) found = ReadPerson(r[0]);
        return absl::OkStatus();
      }));
  return found;
}

absl::StatusOr<std::vector<StoredPerson>> PgRegistryStore::List(std::string_view origin_view,
                                                                std::string_view village_prefix,
                                                                std::string_view after_village,
                                                                std::string_view after_ref,
                                                                size_t limit) {
  const std::string origin(origin_view);
  std::vector<StoredPerson> people;
  const auto n = static_cast<int64_t>(std::min(limit, kListMax));
  LEDGER_RETURN_IF_ERROR(pool_->Run(
      "listing the registry", /*idempotent=*/true, [&](pqxx::connection& conn) -> absl::Status {
        people.clear();
        pqxx::nontransaction tx(conn);
        LEDGER_ASSIGN_OR_RETURN(const int64_t log_id, LogIdOf(tx, origin));
        for (const pqxx::row& row :
             tx.exec_prepared(kList.name, log_id, std::string(village_prefix),
                              std::string(after_village), std::string(after_ref), n)) {
          people.push_back(ReadPerson(row));
        }
        return absl::OkStatus();
      }));
  return people;
}

absl::StatusOr<StoredPerson> PgRegistryStore::Erase(std::string_view origin_view,
                                                    std::string_view ref_view,
                                                    std::string_view erased_by,
                                                    int64_t erased_at_us) {
  const std::string origin(origin_view), ref(ref_view);
  std::optional<StoredPerson> person;
  LEDGER_RETURN_IF_ERROR(pool_->Run(
      "erasing a person", /*idempotent=*/true, [&](pqxx::connection& conn) -> absl::Status {
        pqxx::work tx(conn);
        LEDGER_ASSIGN_OR_RETURN(const int64_t log_id, LogIdOf(tx, origin));
        pqxx::result r =
            tx.exec_prepared(kErase.name, log_id, ref, erased_at_us, std::string(erased_by));
        if (r.empty()) r = tx.exec_prepared(kFind.name, log_id, ref);
        if (!r.empty()) person = ReadPerson(r[0]);
        tx.commit();
        return absl::OkStatus();
      }));
  if (!person) return absl::NotFoundError(absl::StrCat("reference ", ref, " is not registered"));
  return *std::move(person);
}

absl::StatusOr<std::map<std::string, std::string>> PgRegistryStore::Names(
    std::string_view origin_view, std::span<const std::string> refs) {
  const std::string origin(origin_view);
  std::map<std::string, std::string> names;
  if (refs.empty()) return names;
  const std::string array = TextArray(refs);
  LEDGER_RETURN_IF_ERROR(
      pool_->Run("reading names from the registry", /*idempotent=*/true,
                 [&](pqxx::connection& conn) -> absl::Status {
                   names.clear();
                   pqxx::nontransaction tx(conn);
                   LEDGER_ASSIGN_OR_RETURN(const int64_t log_id, LogIdOf(tx, origin));
                   for (const pqxx::row& row : tx.exec_prepared(kNames.name, log_id, array)) {
                     names[row[0].as<std::string>()] = row[1].as<std::string>();
                   }
                   return absl::OkStatus();
                 }));
  return names;
}

}  // namespace ledger::storage::pg
