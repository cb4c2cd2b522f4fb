#ifndef LEDGER_UTIL_STATUS_MACROS_H_
#define LEDGER_UTIL_STATUS_MACROS_H_

// Debian's Abseil (20220623) has no status macros; these are the two we use everywhere.
//
//   LEDGER_RETURN_IF_ERROR(DoThing());
//   LEDGER_ASSIGN_OR_RETURN(Foo foo, MakeFoo());

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define LEDGER_STATUS_CONCAT_INNER_(x, y) x##y
#define LEDGER_STATUS_CONCAT_(x, y) LEDGER_STATUS_CONCAT_INNER_(x, y)

#define LEDGER_RETURN_IF_ERROR(expr)                         \
  do {                                                       \
    ::absl::Status ledger_status_ = (expr);                  \
    if (!ledger_status_.ok()) return ledger_status_;         \
  } while (false)

#define LEDGER_ASSIGN_OR_RETURN(lhs, rexpr) \
  LEDGER_ASSIGN_OR_RETURN_IMPL_(LEDGER_STATUS_CONCAT_(ledger_statusor_, __LINE__), lhs, rexpr)

#define LEDGER_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                  \
  if (!statusor.ok()) return std::move(statusor).status();  \
  lhs = std::move(statusor).value()

#endif  // LEDGER_UTIL_STATUS_MACROS_H_
