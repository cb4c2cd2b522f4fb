#ifndef LEDGER_STORAGE_COSIGNATURE_STORE_H_
#define LEDGER_STORAGE_COSIGNATURE_STORE_H_

// Storage of witnesses' cosignatures (C2SP tlog-cosignature, docs/FORMATS.md §3) of a log's
// signed checkpoints, beside the log: no leaf, proof or root depends on them. Implemented by
// storage/pg/pg_cosignature_store.h. Append-only like the log: a cosignature is never changed or
// removed, and a witness's first cosignature of a checkpoint is the one kept.
//
//   LEDGER_ASSIGN_OR_RETURN(bool stored, cosignatures.AddCosignature(log_id, 12, cosignature));
//   LEDGER_ASSIGN_OR_RETURN(auto all, cosignatures.Cosignatures(log_id, 12, {}, 99));
//
// The store checks nothing cryptographic: callers store only cosignatures they verified.
// Thread-safe.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace ledger::storage {

struct StoredCosignature {
  std::string witness_key;   // the witness's verifier key in note form (type 0x04)
  std::string witness_name;  // its key name, the name on the signature line
  uint32_t key_id = 0;       // its key id, on the signature line
  // The bytes after the key id on the signature line: the 8-byte big-endian timestamp, then the
  // 64-byte Ed25519 signature.
  std::string signature;
  uint64_t timestamp_s = 0;  // the timestamp in `signature`, POSIX seconds

  bool operator==(const StoredCosignature&) const = default;
};

class CosignatureStore {
 public:
  virtual ~CosignatureStore() = default;

  // Stores `cosignature` of the checkpoint of `tree_size` of the log `log_id`. Returns true when
  // stored, false when a cosignature by the same witness (name and key id) of that checkpoint is
  // already stored (it is kept, unchanged). kFailedPrecondition when the log has no checkpoint
  // of that size; kInvalidArgument for a malformed cosignature (signature not 72 bytes, a
  // timestamp that differs from the signature's).
  virtual absl::StatusOr<bool> AddCosignature(int64_t log_id, uint64_t tree_size,
                                              const StoredCosignature& cosignature) = 0;

  // The cosignatures of the checkpoint of `tree_size`, in the order they were stored (ties by
  // witness name and key id); only those whose witness_key is in `witness_keys` unless it is
  // empty; at most `limit`.
  virtual absl::StatusOr<std::vector<StoredCosignature>> Cosignatures(
      int64_t log_id, uint64_t tree_size, std::span<const std::string> witness_keys,
      size_t limit) = 0;
};

}  // namespace ledger::storage

#endif  // LEDGER_STORAGE_COSIGNATURE_STORE_H_
