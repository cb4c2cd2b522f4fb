#ifndef LEDGER_REGISTRY_REGISTRY_STORE_H_
#define LEDGER_REGISTRY_REGISTRY_STORE_H_

// Storage of the privacy registry (SPEC §4 Privacy), outside the log: one row per person and log,
// keyed by the pseudonymous reference (pseudonym.h). Implemented by
// storage/pg/pg_registry_store.h. Rows are never deleted: erasure clears the personal fields and
// leaves a tombstone. Thread-safe.

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ledger::registry {

struct StoredPerson {
  std::string ref;
  std::string village;
  // Personal fields: all empty once erased.
  std::string name;
  std::string id_number;
  std::string bank_account;
  std::string phone;
  int64_t registered_at_us = 0;  // Unix microseconds
  std::string registered_by;     // principal id
  std::optional<int64_t> erased_at_us;
  std::string erased_by;

  bool erased() const { return erased_at_us.has_value(); }
};

class RegistryStore {
 public:
  // The most rows List returns at once.
  static constexpr size_t kListMax = 1000;

  virtual ~RegistryStore() = default;

  // Stores `person` (not erased) in the log with this origin, unless a live row with its
  // reference exists: then that row is returned and `*created` is false. An erased row with the
  // reference is replaced by the new registration (`*created` true). kNotFound for an unknown
  // origin.
  virtual absl::StatusOr<StoredPerson> Register(std::string_view origin, const StoredPerson& person,
                                                bool* created) = 0;

  // The row of `ref`, live or erased; nullopt if never registered.
  virtual absl::StatusOr<std::optional<StoredPerson>> Find(std::string_view origin,
                                                           std::string_view ref) = 0;

  // Rows whose village starts with `village_prefix`, ordered by (village, ref), starting after
  // the row (after_village, after_ref) when after_ref is non-empty; at most `limit` (≤ kListMax).
  virtual absl::StatusOr<std::vector<StoredPerson>> List(std::string_view origin,
                                                         std::string_view village_prefix,
                                                         std::string_view after_village,
                                                         std::string_view after_ref,
                                                         size_t limit) = 0;

  // Clears the personal fields of `ref` and records who erased it when; a row already erased is
  // returned unchanged. kNotFound if never registered.
  virtual absl::StatusOr<StoredPerson> Erase(std::string_view origin, std::string_view ref,
                                             std::string_view erased_by, int64_t erased_at_us) = 0;

  // The rows among `refs`: reference -> name, "" for an erased row (unknown references absent).
  virtual absl::StatusOr<std::map<std::string, std::string>> Names(
      std::string_view origin, std::span<const std::string> refs) = 0;
};

}  // namespace ledger::registry

#endif  // LEDGER_REGISTRY_REGISTRY_STORE_H_
