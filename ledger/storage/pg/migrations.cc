#include "ledger/storage/pg/migrations.h"

#include <algorithm>
#include <map>
#include <regex>

#include "absl/strings/str_cat.h"
#include "ledger/crypto/sha256.h"
#include "ledger/storage/pg/pq_errors.h"
#include "ledger/util/check.h"

namespace ledger::storage::pg {
namespace {

// Arbitrary but fixed: identifies "schema migration in progress" among advisory locks.
constexpr long long kMigrationLockKey = 0x6c65646765720001;  // "ledger" 0001

constexpr char kCreateHistory[] = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version     integer     PRIMARY KEY,
  file_name   text        NOT NULL,
  checksum    text        NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now()
))sql";
constexpr char kLock[] = "SELECT pg_advisory_lock($1)";
constexpr char kUnlock[] = "SELECT pg_advisory_unlock($1)";
constexpr char kSelectHistory[] =
    "SELECT version, file_name, checksum FROM schema_migrations ORDER BY version";
constexpr char kInsertHistory[] =
    "INSERT INTO schema_migrations (version, file_name, checksum) VALUES ($1, $2, $3)";

}  // namespace

absl::StatusOr<std::vector<Migration>> ParseMigrations(const std::vector<EmbeddedFile>& files) {
  static const std::regex kName(R"(V(\d{1,9})__([A-Za-z0-9_]+)\.sql)");
  std::vector<Migration> out;
  std::map<int, std::string> seen;
  for (const EmbeddedFile& f : files) {
    std::smatch m;
    if (!std::regex_match(f.name, m, kName)) {
      return absl::InvalidArgumentError(
          absl::StrCat("migration file name '", f.name, "' is not V<number>__<name>.sql"));
    }
    int version = std::stoi(m[1].str());
    if (version <= 0) {
      return absl::InvalidArgumentError(absl::StrCat("migration '", f.name, "' has version 0"));
    }
    if (auto it = seen.find(version); it != seen.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("migrations '", it->second, "' and '", f.name, "' have the same version"));
    }
    seen[version] = f.name;
    out.push_back(Migration{version, f.name, f.bytes, crypto::ToHex(crypto::Sha256(f.bytes))});
  }
  std::sort(out.begin(), out.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return out;
}

absl::StatusOr<MigrationReport> ApplyMigrations(const std::string& conninfo,
                                                const std::vector<Migration>& migrations) {
  MigrationReport report;
  absl::Status status = Guard("schema migration", [&]() -> absl::Status {
    pqxx::connection conn(conninfo);
    {
      pqxx::nontransaction tx(conn);
      tx.exec_params(kLock, kMigrationLockKey);
    }
    // The session lock is released explicitly below, or by PostgreSQL when the connection closes
    // on any error path.
    {
      pqxx::work tx(conn);
      tx.exec(kCreateHistory);
      tx.commit();
    }
    std::map<int, std::pair<std::string, std::string>> recorded;  // version -> (file, checksum)
    {
      pqxx::read_transaction tx(conn);
      for (const auto& row : tx.exec(kSelectHistory)) {
        recorded[row[0].as<int>()] = {row[1].as<std::string>(), row[2].as<std::string>()};
      }
    }
    std::map<int, const Migration*> known;
    for (const Migration& m : migrations) known[m.version] = &m;
    for (const auto& [version, rec] : recorded) {
      auto it = known.find(version);
      if (it == known.end()) {
        return absl::FailedPreconditionError(absl::StrCat(
            "the database has migration ", rec.first, " (version ", version,
            ") that this ledgerd does not know: the database is newer than this binary"));
      }
      if (it->second->checksum_hex != rec.second) {
        return absl::FailedPreconditionError(absl::StrCat(
            "migration ", it->second->file_name,
            " was changed after it was applied (recorded sha256 ", rec.second, ", this binary has ",
            it->second->checksum_hex,
            "); released migrations must never be edited: add a new migration instead"));
      }
    }
    for (const Migration& m : migrations) {
      if (recorded.count(m.version)) continue;
      absl::Status applied = Guard(absl::StrCat("applying ", m.file_name), [&]() -> absl::Status {
        pqxx::work tx(conn);
        tx.exec(m.sql);
        tx.exec_params(kInsertHistory, m.version, m.file_name, m.checksum_hex);
        tx.commit();
        return absl::OkStatus();
      });
      if (!applied.ok()) return applied;
      report.applied.push_back(m.file_name);
    }
    report.schema_version = migrations.empty() ? 0 : migrations.back().version;
    if (!recorded.empty())
      report.schema_version = std::max(report.schema_version, recorded.rbegin()->first);
    {
      pqxx::nontransaction tx(conn);
      tx.exec_params(kUnlock, kMigrationLockKey);
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return report;
}

}  // namespace ledger::storage::pg
