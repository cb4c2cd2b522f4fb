#ifndef CLIENTS_AUDIT_VERIFY_LOG_H_
#define CLIENTS_AUDIT_VERIFY_LOG_H_

// `ledgerctl audit verify`: checks a whole log against a pinned checkpoint verifier key.
//
//   LEDGER_ASSIGN_OR_RETURN(AuditReport report, VerifyLog(log, &projections, pinned_key, {}));
//   return ExitStatus(report);   // 0 clean, 1 rule findings only, 2 integrity failure
//
// Checks (docs/FORMATS.md §13), stopping at the first integrity failure:
//  1. checkpoint: the latest checkpoint note verifies with the pinned key, its origin is the
//     key's name;
//  2. leaf / root: every leaf is hashed (RFC 9162) and the root of all leaves equals the
//     checkpoint's root; when it does not, the first leaf whose inclusion proof (from the source)
//     does not lead to the signed root is named (kind leaf), else the root (kind root). A source
//     that serves fewer leaves than the checkpoint's size fails as leaf at the first missing one;
//  3. signature: every envelope signature verifies with the key its keyid names (in parallel on
//     `threads` workers), and that key was registered before the entry's index and not revoked
//     before it (FORMATS §9.4, decided in order by the state machine);
//  4. replay: the state machine accepts every entry again, from genesis (LogReplayer, the same
//     code as the server's start-up replay);
//  5. projection: the server's reported figures equal those computed from the replayed state
//     with the server's own code (ledger/views), every mismatch listed.
// Checks 3 and 4 run entry by entry in index order, so the failure named is the lowest bad
// index (at one index, a signature failure before a replay failure); check 2 covers all leaves
// and wins over them, because entries not in the signed tree say nothing about the log.
// Then the income findings (ledger/state/income_findings.h) of the replayed state are counted.
//
// Errors (the audit could not run): the sources' read errors, unchanged. Memory: the leaf hashes
// (32 bytes per entry), one page of leaves and the state.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/audit/replay.h"
#include "clients/audit/sources.h"
#include "ledger/merkle/hash.h"
#include "ledger/note/keys.h"
#include "ledger/state/entry.h"

namespace ledger::audit {

// kConsistency and kWitness are not found by VerifyLog: `ledgerctl audit verify` sets them when
// the audited checkpoint is not consistent with the client's trusted one
// (clients/client/trusted_state.h), or lacks the cosignatures its witness policy requires
// (clients/client/witness_policy.h).
enum class FailureKind {
  kCheckpoint,
  kLeaf,
  kRoot,
  kSignature,
  kReplay,
  kProjection,
  kConsistency,
  kWitness
};

// "checkpoint", "leaf", "root", "signature", "replay", "projection", "consistency", "witness".
std::string_view FailureKindName(FailureKind kind);

struct Failure {
  FailureKind kind = FailureKind::kCheckpoint;
  // The log index of the bad entry; none for a checkpoint, root or projection failure.
  std::optional<uint64_t> index;
  std::string message;
};

struct AuditTimings {
  int64_t checkpoint_ms = 0;
  int64_t entries_ms = 0;  // reading, hashing, signatures and replay
  int64_t projections_ms = 0;
  int64_t total_ms = 0;
};

struct AuditReport {
  std::string origin;
  uint64_t tree_size = 0;  // of the verified checkpoint
  std::string root_hex;
  // The audited checkpoint note, verbatim, once it verified with the pinned key.
  std::string checkpoint_note;
  uint64_t entries_checked = 0;      // leaves hashed and, when no failure, replayed
  uint64_t signatures_verified = 0;  // envelope signatures that verified
  std::optional<Failure> failure;    // the first integrity failure
  // Every difference between the server's figures and the replay's ("balance of paid/...:
  // server 100.00, replay 120.00"); non-empty implies failure->kind == kProjection.
  std::vector<std::string> projection_mismatches;
  bool projections_compared = false;
  // Why projections were not compared, when they were not (no source, log grew meanwhile).
  std::string projections_note;
  // The income findings (R22, R25) of the replayed state as of `findings_date`.
  size_t findings = 0;
  std::string findings_date;
  AuditTimings timings;
};

// 0 clean, 1 rule findings only, 2 integrity failure.
inline constexpr int kAuditClean = 0;
inline constexpr int kAuditFindings = 1;
inline constexpr int kAuditIntegrityFailure = 2;
int ExitStatus(const AuditReport& report);

struct AuditOptions {
  size_t page_size = 1000;  // leaves read per call
  size_t threads = 0;       // signature workers; 0 = the calling thread only
  // The date of the income findings ("YYYY-MM-DD"; R25 depends on it). Required.
  std::string findings_date;
  // Called after each page: entries done (hashed), of `total`. On the calling thread.
  std::function<void(uint64_t done, uint64_t total)> progress;
  // Called for every entry the replay accepted, in index order, with its leaf hash; on the
  // calling thread. What it was shown is verified only if the returned report has no failure
  // (the root is compared after the last page). Used by `ledgerctl trace` (trace.h).
  std::function<void(uint64_t index, const merkle::Hash& leaf_hash, const state::Entry& entry)>
      on_entry;
};

// Runs the checks above. `projections` may be null (check 5 is then skipped, with a note).
// When `replay` is not null, the replay keeps the fund journal and the facts of every entry, and
// `*replay` receives it when the report has no failure (the state every later reader may trust:
// `audit report`, `export journal`); it is left null otherwise.
absl::StatusOr<AuditReport> VerifyLog(LogSource& log, ProjectionSource* projections,
                                      const note::NoteVerifier& pinned_key,
                                      const AuditOptions& options,
                                      std::unique_ptr<Replay>* replay = nullptr);

}  // namespace ledger::audit

#endif  // CLIENTS_AUDIT_VERIFY_LOG_H_
