#include "ledger/storage/pg/pq_errors.h"

#include <exception>

#include "absl/strings/str_cat.h"

namespace ledger::storage::pg {

absl::Status StatusFromCurrentException(std::string_view context) {
  std::string prefix = context.empty() ? "" : absl::StrCat(std::string(context), ": ");
  try {
    throw;
  } catch (const pqxx::broken_connection& e) {
    return absl::UnavailableError(absl::StrCat(prefix, "database connection lost: ", e.what()));
  } catch (const pqxx::in_doubt_error& e) {
    return absl::UnknownError(absl::StrCat(prefix, "commit outcome unknown: ", e.what()));
  } catch (const pqxx::serialization_failure& e) {
    return absl::AbortedError(absl::StrCat(prefix, "serialization failure: ", e.what()));
  } catch (const pqxx::deadlock_detected& e) {
    return absl::AbortedError(absl::StrCat(prefix, "deadlock: ", e.what()));
  } catch (const pqxx::unique_violation& e) {
    return absl::AlreadyExistsError(absl::StrCat(prefix, e.what()));
  } catch (const pqxx::sql_error& e) {
    // Connection-class SQLSTATEs (08xxx) and admin shutdown (57P01..57P03) mean "try again".
    const std::string& state = e.sqlstate();
    if (state.rfind("08", 0) == 0 || state.rfind("57P0", 0) == 0) {
      return absl::UnavailableError(absl::StrCat(prefix, "database unavailable: ", e.what()));
    }
    return absl::InternalError(absl::StrCat(prefix, "SQL error ", state, ": ", e.what()));
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat(prefix, e.what()));
  } catch (...) {
    return absl::InternalError(absl::StrCat(prefix, "unknown exception"));
  }
}

absl::Status Guard(std::string_view context, const std::function<absl::Status()>& fn) {
  try {
    return fn();
  } catch (...) {
    return StatusFromCurrentException(context);
  }
}

}  // namespace ledger::storage::pg
