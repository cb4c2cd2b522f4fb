#ifndef CLIENTS_CLIENT_VERIFIED_SUBMIT_H_
#define CLIENTS_CLIENT_VERIFIED_SUBMIT_H_

// A submit whose answer is checked, not believed: the entries are asked for with inclusion
// proofs, and the client verifies that the log's signed checkpoint (with the key pinned in its
// trusted state) includes each submitted envelope at the index the log reports, and that the
// checkpoint extends the client's trusted one, which then advances (trusted_state.h).
//
//   TrustedStateStore store(dir);
//   LEDGER_ASSIGN_OR_RETURN(std::optional<TrustedCheckpoint> trusted, store.Load(origin));
//   LEDGER_ASSIGN_OR_RETURN(note::NoteVerifier key,
//                           note::NoteVerifier::Parse(trusted->verifier_key));
//   LEDGER_ASSIGN_OR_RETURN(VerifiedSubmit r, SubmitVerified(client, {envelope}, store, key));
//   if (r.failure) std::cerr << FormatSubmitIntegrityFailure(*r.failure);  // do not trust r
//
// What is checked, for each result that is `created` or `exists`:
//   - the leaf at its index, fetched from the log, is a version-1 leaf (FORMATS §6) whose
//     envelope bytes are exactly the bytes submitted; its RFC 9162 leaf hash is recomputed here
//     and must equal the hash the log returned (the log's hash is never used for the proof);
//   - the inclusion proof leads from that hash at that index to the root of the checkpoint of
//     checkpoint_size, and that checkpoint is signed by `key`;
// and once for the batch: the checkpoint is consistent with the trusted one (AcceptCheckpoint,
// which fetches the consistency proof and stores the checkpoint when it is newer). A checkpoint
// smaller than the trusted one must be a prefix of it (AcceptOptions::allow_older), not a
// rollback: a process sharing the state directory may have trusted a newer one meanwhile, and
// an entry proven in a prefix of the trusted tree is in the trusted tree.
// Rejected and conflicting results appended nothing of ours and are not checked.
//
// The leaf is fetched because a leaf carries the log's recorded time beside the envelope, which
// the submit answer does not return; the fetched leaf is not trusted either: only its time is
// used, everything else is compared with what the client holds.
//
// A verdict against the log is not an error: it is VerifiedSubmit::failure, and the trusted state
// is left unchanged. Errors mean "could not verify": the RPCs' errors (after LedgerClient's
// retries), and the trusted state's own errors (AcceptCheckpoint's). Not thread-safe for one
// store (see TrustedStateStore); the client may be shared.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/client/ledger_client.h"
#include "clients/client/trusted_state.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/keys.h"
#include "ledger/v1/ledger_service.pb.h"

namespace ledger::client {

// What the log's answer got wrong.
enum class SubmitIntegrity {
  kBadCheckpoint,       // missing, unparsable, not signed by the pinned key, or of another size
  kMissingProof,        // a created/exists result without an inclusion proof in the checkpoint
  kWrongLeaf,           // the log's leaf at the index does not hold the envelope submitted
  kWrongLeafHash,       // the log's leaf hash is not the RFC 9162 hash of that leaf
  kBadInclusionProof,   // the proof does not lead to the checkpoint's root
  kUntrustedCheckpoint  // the checkpoint contradicts the trusted state: see `evidence`
};

// "bad checkpoint", "missing proof", ... for messages.
std::string_view SubmitIntegrityName(SubmitIntegrity kind);

struct SubmitIntegrityFailure {
  SubmitIntegrity kind = SubmitIntegrity::kBadCheckpoint;
  std::string origin;
  std::string reason;  // one sentence, with the index and sizes
  // The position in the batch of the entry concerned; -1 when the failure is the checkpoint's.
  int entry = -1;
  std::string checkpoint_note;  // as the log returned it (may be empty or unsigned)
  // kUntrustedCheckpoint: both checkpoints and the consistency proof (AcceptCheckpoint's).
  std::optional<SecurityEvidence> evidence;
};

// "SECURITY ERROR\n", the reason, and the checkpoint returned verbatim; for
// kUntrustedCheckpoint, FormatSecurityError(evidence).
std::string FormatSubmitIntegrityFailure(const SubmitIntegrityFailure& failure);

struct VerifiedSubmit {
  // The log's answer, one result per envelope in order (as LedgerClient::Submit).
  v1::SubmitResponse response;
  // Set when the answer does not verify: then nothing in `response` is proven, and the trusted
  // state is unchanged.
  std::optional<SubmitIntegrityFailure> failure;
  // Without failure: the checkpoint every created/exists result was verified in, and how the
  // trusted state took it: kPinned, kUnchanged or kAdvanced (now the trusted one), or
  // kOlderConsistent (a prefix of the trusted one, which stays).
  note::Checkpoint checkpoint;
  Outcome trust_outcome = Outcome::kSecurityError;
};

// The leaves [start, end) of the log as stored (FORMATS §6), in index order.
using LeafFetcher =
    std::function<absl::StatusOr<std::vector<std::string>>(uint64_t start, uint64_t end)>;

// Verifies `response`, the answer to a Submit of `envelopes` with return_proofs, as described
// above, against `key` and the trusted state in `store`, fetching leaves and consistency proofs
// with the given functions. kInternal when `response` does not have one result per envelope;
// kDataLoss when the log does not return a leaf asked for.
absl::StatusOr<VerifiedSubmit> VerifySubmitResponse(
    TrustedStateStore& store, const note::NoteVerifier& key, std::span<const std::string> envelopes,
    v1::SubmitResponse response, const LeafFetcher& leaves, const ConsistencyProofFetcher& proofs);

// The log's GetEntries and GetCheckpoint{consistency_from} through `client`.
LeafFetcher ServerLeafFetcher(LedgerClient& client);
ConsistencyProofFetcher ServerConsistencyProofFetcher(LedgerClient& client);

// client.Submit(envelopes, /*return_proofs=*/true) (same retries, same bytes: a retry never
// appends twice) and VerifySubmitResponse with the server fetchers. `key` must be the key of
// client.options().origin that the caller trusts (normally the one pinned in `store`).
absl::StatusOr<VerifiedSubmit> SubmitVerified(LedgerClient& client,
                                              const std::vector<std::string>& envelopes,
                                              TrustedStateStore& store,
                                              const note::NoteVerifier& key);

}  // namespace ledger::client

#endif  // CLIENTS_CLIENT_VERIFIED_SUBMIT_H_
