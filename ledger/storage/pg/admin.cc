#include "ledger/storage/pg/admin.h"

#include <regex>

#include "absl/strings/str_cat.h"
#include "ledger/storage/pg/pq_errors.h"

namespace ledger::storage::pg {
namespace {

absl::Status CheckName(const std::string& name) {
  static const std::regex kName("[a-z0-9_]{1,63}");
  if (!std::regex_match(name, kName)) {
    return absl::InvalidArgumentError(absl::StrCat("bad database name '", name, "'"));
  }
  return absl::OkStatus();
}

}  // namespace

std::string WithDatabase(std::string_view conninfo, std::string_view dbname) {
  std::string s(conninfo);
  if (s.rfind("postgresql://", 0) == 0 || s.rfind("postgres://", 0) == 0) {
    // postgresql://[userinfo@]host[:port][/db][?params]
    size_t scheme_end = s.find("://") + 3;
    size_t query = s.find('?', scheme_end);
    std::string params = query == std::string::npos ? "" : s.substr(query);
    std::string head = s.substr(0, query);
    size_t slash = head.find('/', scheme_end);
    if (slash != std::string::npos) head.resize(slash);
    return absl::StrCat(head, "/", std::string(dbname), params);
  }
  // In libpq keyword strings the last occurrence of a keyword wins.
  return absl::StrCat(s, " dbname=", std::string(dbname));
}

absl::Status CreateDatabase(const std::string& admin_conninfo, const std::string& name) {
  if (absl::Status s = CheckName(name); !s.ok()) return s;
  return Guard(absl::StrCat("creating database ", name), [&]() -> absl::Status {
    pqxx::connection conn(admin_conninfo);
    pqxx::nontransaction tx(conn);
    if (!tx.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", name).empty()) {
      return absl::OkStatus();
    }
    tx.exec(absl::StrCat("CREATE DATABASE ", name,
                         " ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' "
                         "TEMPLATE template0"));
    return absl::OkStatus();
  });
}

absl::Status CopyDatabase(const std::string& admin_conninfo, const std::string& source,
                          const std::string& name) {
  if (absl::Status s = CheckName(source); !s.ok()) return s;
  if (absl::Status s = CheckName(name); !s.ok()) return s;
  return Guard(absl::StrCat("copying database ", source, " to ", name), [&]() -> absl::Status {
    pqxx::connection conn(admin_conninfo);
    pqxx::nontransaction tx(conn);
    tx.exec(absl::StrCat("CREATE DATABASE ", name, " TEMPLATE ", source));
    return absl::OkStatus();
  });
}

absl::Status DropDatabase(const std::string& admin_conninfo, const std::string& name) {
  if (absl::Status s = CheckName(name); !s.ok()) return s;
  return Guard(absl::StrCat("dropping database ", name), [&]() -> absl::Status {
    pqxx::connection conn(admin_conninfo);
    pqxx::nontransaction tx(conn);
    tx.exec(absl::StrCat("DROP DATABASE IF EXISTS ", name, " WITH (FORCE)"));
    return absl::OkStatus();
  });
}

absl::Status ExecuteSql(const std::string& conninfo, const std::string& sql) {
  return Guard("executing SQL", [&]() -> absl::Status {
    pqxx::connection conn(conninfo);
    pqxx::work tx(conn);
    tx.exec(sql);
    tx.commit();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::string> QueryText(const std::string& conninfo, const std::string& sql) {
  std::string out;
  absl::Status s = Guard("querying", [&]() -> absl::Status {
    pqxx::connection conn(conninfo);
    pqxx::read_transaction tx(conn);
    pqxx::result r = tx.exec(sql);
    if (r.empty()) return absl::NotFoundError(absl::StrCat("no row for: ", sql));
    out = r[0][0].is_null() ? "" : r[0][0].as<std::string>();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace ledger::storage::pg
