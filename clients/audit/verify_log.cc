#include "clients/audit/verify_log.h"

#include <algorithm>
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/audit/compare_projections.h"
#include "ledger/crypto/sha256.h"
#include "ledger/merkle/hash.h"
#include "ledger/merkle/verify.h"
#include "ledger/note/checkpoint.h"
#include "ledger/sequencer/log_replayer.h"
#include "ledger/sequencer/worker_pool.h"
#include "ledger/state/income_findings.h"
#include "ledger/state/rules.h"
#include "ledger/util/rule_error.h"
#include "ledger/util/status_macros.h"

namespace ledger::audit {
namespace {

using Clock = std::chrono::steady_clock;

int64_t MsSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

Failure Fail(FailureKind kind, std::optional<uint64_t> index, std::string message) {
  return Failure{.kind = kind, .index = index, .message = std::move(message)};
}

// The keys an entry registers (Genesis, RegisterKey), by key id. A key id is the hash of its key
// (FORMATS §9.3), so this map can never give a wrong key for an id; whether the key may sign at
// an index is the state machine's decision, in order.
void CollectKeys(const state::Entry& entry,
                 std::map<std::string, crypto::Ed25519PublicKey, std::less<>>& keys) {
  std::string raw;
  if (entry.payload_type() == "ledger.v1.Genesis") {
    raw = entry.As<v1::Genesis>().administrator_public_key();
  } else if (entry.payload_type() == "ledger.v1.RegisterKey") {
    raw = entry.As<v1::RegisterKey>().public_key();
  } else {
    return;
  }
  absl::StatusOr<crypto::Ed25519PublicKey> key = crypto::Ed25519PublicKey::FromBytes(raw);
  // A malformed key is the state machine's to reject, when the entry is applied.
  if (key.ok()) keys.emplace(state::KeyIdOf(*key), *std::move(key));
}

// The outcome of checking one entry's signatures on a worker.
struct SignatureCheck {
  bool verified = false;  // every signature verified with a known key
  absl::Status bad;       // a signature that does not verify (L-SIGNATURE)
};

// Entries decoded from one page, their signatures checked in parallel, then applied in order;
// the facts of each applied entry are appended to `facts` when it is not null. Returns the first
// failure of the page, if any.
std::optional<Failure> CheckPage(uint64_t begin, const std::vector<std::string>& leaves,
                                 const std::vector<merkle::Hash>& hashes,
                                 sequencer::LogReplayer& replayer,
                                 std::map<std::string, crypto::Ed25519PublicKey, std::less<>>& keys,
                                 sequencer::WorkerPool& pool, const AuditOptions& options,
                                 AuditReport& report, std::vector<EntryFacts>* facts) {
  // Decoded on the workers; the page is cut before its first malformed leaf.
  std::vector<absl::StatusOr<sequencer::DecodedLeaf>> parsed(leaves.size(),
                                                             absl::UnknownError("not decoded"));
  pool.ParallelFor(leaves.size(),
                   [&](size_t i) { parsed[i] = sequencer::DecodeLogLeaf(begin + i, leaves[i]); });
  std::vector<sequencer::DecodedLeaf> decoded;
  decoded.reserve(leaves.size());
  std::optional<Failure> malformed;
  for (size_t i = 0; i < parsed.size(); ++i) {
    if (!parsed[i].ok()) {
      malformed = Fail(FailureKind::kLeaf, begin + i, std::string(parsed[i].status().message()));
      break;
    }
    CollectKeys(parsed[i]->entry, keys);
    decoded.push_back(*std::move(parsed[i]));
  }

  std::vector<SignatureCheck> checks(decoded.size());
  pool.ParallelFor(decoded.size(), [&](size_t i) {
    bool all_known = true;
    absl::Status s = state::VerifyEntrySignatures(
        decoded[i].entry, [&](std::string_view keyid) -> absl::StatusOr<crypto::Ed25519PublicKey> {
          auto it = keys.find(keyid);
          if (it == keys.end()) {
            all_known = false;
            return absl::NotFoundError("unknown key");
          }
          return it->second;
        });
    if (s.ok()) {
      checks[i].verified = true;
    } else if (all_known) {
      checks[i].bad = std::move(s);
    }
    // An unknown key is left to Apply, which names it (L-KEY) at its index.
  });

  for (size_t i = 0; i < decoded.size(); ++i) {
    const uint64_t index = begin + i;
    if (!checks[i].bad.ok()) {
      return Fail(FailureKind::kSignature, index,
                  absl::StrCat("log entry ", index, ": ", std::string(checks[i].bad.message())));
    }
    decoded[i].entry.signatures_verified = checks[i].verified;
    absl::Status applied = replayer.Apply(hashes[i], decoded[i]);
    if (!applied.ok()) {
      const std::string rule = RuleOf(applied);
      const bool signer = rule == state::rules::kKey || rule == state::rules::kSignature;
      return Fail(signer ? FailureKind::kSignature : FailureKind::kReplay, index,
                  std::string(applied.message()));
    }
    report.signatures_verified += decoded[i].entry.envelope.signatures.size();
    report.entries_checked = index + 1;
    if (facts != nullptr) {
      const v1::EntryHeader& header = decoded[i].entry.header();
      facts->push_back({.payload_type = decoded[i].entry.payload_type(),
                        .business_date = header.business_date(),
                        .entry_id = header.entry_id()});
    }
    if (options.on_entry) options.on_entry(index, hashes[i], decoded[i].entry);
  }
  return malformed;
}

// After a root mismatch: the first leaf whose inclusion proof does not lead to the signed root.
absl::StatusOr<Failure> LocateBadLeaf(LogSource& log, const std::vector<merkle::Hash>& hashes,
                                      const note::Checkpoint& checkpoint) {
  const std::string root_hex = crypto::ToHex(checkpoint.root);
  for (uint64_t i = 0; i < hashes.size(); ++i) {
    absl::StatusOr<std::vector<merkle::Hash>> proof = log.InclusionProof(i, checkpoint.size);
    if (absl::IsUnimplemented(proof.status())) break;
    if (!proof.ok()) return proof.status();
    if (!merkle::VerifyInclusion(i, checkpoint.size, hashes[i], *proof, checkpoint.root).ok()) {
      // When the first and the last leaf both fail, the signed root is not this tree's at all:
      // name the root rather than blame leaf 0.
      if (i == 0 && hashes.size() > 1) {
        const uint64_t last = hashes.size() - 1;
        LEDGER_ASSIGN_OR_RETURN(std::vector<merkle::Hash> last_proof,
                                log.InclusionProof(last, checkpoint.size));
        if (!merkle::VerifyInclusion(last, checkpoint.size, hashes[last], last_proof,
                                     checkpoint.root)
                 .ok()) {
          break;
        }
      }
      return Fail(FailureKind::kLeaf, i,
                  absl::StrCat("log entry ", i, " is not the leaf the checkpoint signed (hash ",
                               crypto::ToHex(hashes[i]),
                               "): its inclusion proof does not lead to the root ", root_hex));
    }
  }
  return Fail(FailureKind::kRoot, std::nullopt,
              absl::StrCat("the root of the ", hashes.size(), " leaves is ",
                           crypto::ToHex(merkle::RootFromLeafHashes(hashes)),
                           ", the checkpoint signed ", root_hex));
}

}  // namespace

std::string_view FailureKindName(FailureKind kind) {
  switch (kind) {
    case FailureKind::kCheckpoint:
      return "checkpoint";
    case FailureKind::kLeaf:
      return "leaf";
    case FailureKind::kRoot:
      return "root";
    case FailureKind::kSignature:
      return "signature";
    case FailureKind::kReplay:
      return "replay";
    case FailureKind::kProjection:
      return "projection";
    case FailureKind::kConsistency:
      return "consistency";
    case FailureKind::kWitness:
      return "witness";
  }
  return "unknown";
}

int ExitStatus(const AuditReport& report) {
  if (report.failure.has_value()) return kAuditIntegrityFailure;
  return report.findings > 0 ? kAuditFindings : kAuditClean;
}

absl::StatusOr<AuditReport> VerifyLog(LogSource& log, ProjectionSource* projections,
                                      const note::NoteVerifier& pinned_key,
                                      const AuditOptions& options,
                                      std::unique_ptr<Replay>* replay) {
  const Clock::time_point start = Clock::now();
  if (replay != nullptr) replay->reset();
  AuditReport report;
  report.findings_date = options.findings_date;
  auto finish = [&]() -> AuditReport {
    report.timings.total_ms = MsSince(start);
    return std::move(report);
  };

  // 1. The checkpoint.
  LEDGER_ASSIGN_OR_RETURN(std::string note, log.LatestCheckpoint());
  absl::StatusOr<note::Checkpoint> checkpoint = note::OpenCheckpoint(note, pinned_key);
  report.timings.checkpoint_ms = MsSince(start);
  if (!checkpoint.ok()) {
    report.failure = Fail(
        FailureKind::kCheckpoint, std::nullopt,
        absl::StrCat("the latest checkpoint does not verify with the pinned key ",
                     pinned_key.VerifierKey(), ": ", std::string(checkpoint.status().message())));
    return finish();
  }
  report.origin = checkpoint->origin;
  report.tree_size = checkpoint->size;
  report.root_hex = crypto::ToHex(checkpoint->root);
  report.checkpoint_note = note;

  // 2-4. Leaves, signatures and replay, page by page.
  const Clock::time_point entries_start = Clock::now();
  sequencer::LogReplayer replayer(checkpoint->origin);
  std::vector<EntryFacts> facts;
  std::vector<EntryFacts>* keep_facts = nullptr;
  if (replay != nullptr) {
    replayer.mutable_state().KeepFundJournal();
    facts.reserve(checkpoint->size);
    keep_facts = &facts;
  }
  // Hands the replay to the caller once the log verified (the projections do not change it).
  auto hand_back = [&] {
    if (replay == nullptr || report.failure) return;
    *replay = std::make_unique<Replay>(std::move(replayer.mutable_state()));
    (*replay)->entries = std::move(facts);
  };
  sequencer::WorkerPool pool(options.threads);
  std::map<std::string, crypto::Ed25519PublicKey, std::less<>> keys;
  std::vector<merkle::Hash> hashes;
  hashes.reserve(checkpoint->size);
  std::optional<Failure> entry_failure;
  const size_t page_size = std::max<size_t>(options.page_size, 1);
  // The next page is read while this one is checked, so that the source (usually the server, on
  // the other end of a connection) and the checks overlap. One read is in flight at a time.
  auto read_page = [&log, &checkpoint, page_size](uint64_t begin) {
    const uint64_t end = std::min<uint64_t>(checkpoint->size, begin + page_size);
    return std::async(std::launch::async, [&log, begin, end] { return log.Entries(begin, end); });
  };
  std::future<absl::StatusOr<std::vector<std::string>>> next_page;
  if (checkpoint->size > 0) next_page = read_page(0);
  for (uint64_t begin = 0; begin < checkpoint->size; begin += page_size) {
    const uint64_t end = std::min<uint64_t>(checkpoint->size, begin + page_size);
    absl::StatusOr<std::vector<std::string>> page = next_page.get();
    if (!page.ok()) return page.status();
    std::vector<std::string> leaves = *std::move(page);
    if (end < checkpoint->size && leaves.size() == end - begin) next_page = read_page(end);
    if (leaves.size() > end - begin) {
      return absl::InternalError(absl::StrCat("the log source returned ", leaves.size(),
                                              " leaves for ", end - begin, " indexes"));
    }
    std::vector<merkle::Hash> page_hashes;
    page_hashes.reserve(leaves.size());
    for (const std::string& leaf : leaves) page_hashes.push_back(merkle::LeafHash(leaf));
    hashes.insert(hashes.end(), page_hashes.begin(), page_hashes.end());
    if (leaves.size() < end - begin) {
      report.failure = Fail(
          FailureKind::kLeaf, begin + leaves.size(),
          absl::StrCat("log entry ", begin + leaves.size(), " is missing: the checkpoint has ",
                       checkpoint->size, " entries, the source served ", begin + leaves.size()));
      report.timings.entries_ms = MsSince(entries_start);
      return finish();
    }
    // After the first bad entry, the remaining leaves are only hashed: the root decides whether
    // the entries are the signed ones at all, and that comes first.
    if (!entry_failure) {
      entry_failure =
          CheckPage(begin, leaves, page_hashes, replayer, keys, pool, options, report, keep_facts);
    }
    if (options.progress) options.progress(end, checkpoint->size);
  }
  if (merkle::RootFromLeafHashes(hashes) != checkpoint->root) {
    LEDGER_ASSIGN_OR_RETURN(Failure located, LocateBadLeaf(log, hashes, *checkpoint));
    report.failure = std::move(located);
  } else if (entry_failure) {
    report.failure = std::move(entry_failure);
  }
  report.timings.entries_ms = MsSince(entries_start);
  if (report.failure) return finish();

  // The findings of the replayed state (not integrity failures).
  LEDGER_ASSIGN_OR_RETURN(state::Findings findings,
                          state::EvaluateIncomeFindings(replayer.state(), options.findings_date));
  report.findings = findings.size();

  // 5. The server's projections.
  const Clock::time_point projections_start = Clock::now();
  if (projections == nullptr) {
    report.projections_note = "no projection source";
    hand_back();
    return finish();
  }
  LEDGER_ASSIGN_OR_RETURN(uint64_t size_before, projections->TreeSize());
  LEDGER_ASSIGN_OR_RETURN(std::vector<std::string> mismatches,
                          CompareProjections(replayer.state(), *projections));
  LEDGER_ASSIGN_OR_RETURN(uint64_t size_after, projections->TreeSize());
  report.timings.projections_ms = MsSince(projections_start);
  if (size_before != checkpoint->size || size_after != checkpoint->size) {
    // The figures describe another state than the one verified: not comparable, not a failure.
    report.projections_note =
        absl::StrCat("not compared: the log grew from ", checkpoint->size, " to ", size_after,
                     " entries during the audit; run it again");
    hand_back();
    return finish();
  }
  report.projections_compared = true;
  if (!mismatches.empty()) {
    report.failure =
        Fail(FailureKind::kProjection, std::nullopt,
             absl::StrCat(mismatches.size(), " reported figure(s) differ from the replay of the ",
                          checkpoint->size, " entries; first: ", mismatches.front()));
    report.projection_mismatches = std::move(mismatches);
  }
  hand_back();
  return finish();
}

}  // namespace ledger::audit
