#include "clients/client/verified_submit.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/crypto/sha256.h"
#include "ledger/envelope/leaf.h"
#include "ledger/merkle/hash.h"
#include "ledger/merkle/verify.h"
#include "ledger/util/status_macros.h"

namespace ledger::client {
namespace {

bool Appended(const v1::SubmitResult& r) {
  return r.outcome() == v1::SubmitResult::OUTCOME_CREATED ||
         r.outcome() == v1::SubmitResult::OUTCOME_EXISTS;
}

VerifiedSubmit Failed(v1::SubmitResponse response, std::string origin, SubmitIntegrity kind,
                      int entry, std::string reason) {
  VerifiedSubmit out;
  out.failure = SubmitIntegrityFailure{.kind = kind,
                                       .origin = std::move(origin),
                                       .reason = std::move(reason),
                                       .entry = entry,
                                       .checkpoint_note = response.checkpoint(),
                                       .evidence = std::nullopt};
  out.response = std::move(response);
  return out;
}

// The leaves at `indices` (sorted, distinct), fetched in runs of consecutive indices so that a
// batch of new entries costs one call.
absl::StatusOr<std::map<uint64_t, std::string>> FetchLeaves(const std::vector<uint64_t>& indices,
                                                            const LeafFetcher& fetch) {
  std::map<uint64_t, std::string> leaves;
  size_t i = 0;
  while (i < indices.size()) {
    size_t j = i + 1;
    while (j < indices.size() && indices[j] == indices[j - 1] + 1) ++j;
    const uint64_t start = indices[i];
    const uint64_t end = indices[j - 1] + 1;
    LEDGER_ASSIGN_OR_RETURN(std::vector<std::string> run, fetch(start, end));
    if (run.size() != end - start) {
      return absl::DataLossError(absl::StrCat("the log returned ", run.size(),
                                              " leaves for the indices [", start, ", ", end,
                                              "); cannot verify the entries appended there"));
    }
    for (uint64_t k = start; k < end; ++k) leaves[k] = std::move(run[k - start]);
    i = j;
  }
  return leaves;
}

}  // namespace

std::string_view SubmitIntegrityName(SubmitIntegrity kind) {
  switch (kind) {
    case SubmitIntegrity::kBadCheckpoint:
      return "bad checkpoint";
    case SubmitIntegrity::kMissingProof:
      return "missing inclusion proof";
    case SubmitIntegrity::kWrongLeaf:
      return "wrong leaf";
    case SubmitIntegrity::kWrongLeafHash:
      return "wrong leaf hash";
    case SubmitIntegrity::kBadInclusionProof:
      return "bad inclusion proof";
    case SubmitIntegrity::kUntrustedCheckpoint:
      return "checkpoint contradicts the trusted state";
  }
  return "unknown";
}

std::string FormatSubmitIntegrityFailure(const SubmitIntegrityFailure& f) {
  if (f.evidence) return FormatSecurityError(*f.evidence);
  std::string out =
      absl::StrCat("SECURITY ERROR\nthe log ", f.origin, " answered a submit with proofs that do ",
                   "not verify (", std::string(SubmitIntegrityName(f.kind)), "): ", f.reason,
                   ".\nThe server may have appended the entries, but it did not prove it; the "
                   "trusted state was not changed. Keep this output: it is the evidence.\n");
  if (f.kind == SubmitIntegrity::kBadCheckpoint) {
    absl::StrAppend(&out,
                    "If you know the log was created again with a new key (a demo log after its "
                    "var/ directory was removed), remove its file from ledgerctl's state "
                    "directory (--state-dir) to trust the new key; otherwise tell the auditor.\n");
  }
  absl::StrAppend(&out, "\ncheckpoint returned:\n",
                  f.checkpoint_note.empty() ? "(none)\n" : f.checkpoint_note);
  return out;
}

absl::StatusOr<VerifiedSubmit> VerifySubmitResponse(
    TrustedStateStore& store, const note::NoteVerifier& key, std::span<const std::string> envelopes,
    v1::SubmitResponse response, const LeafFetcher& leaves, const ConsistencyProofFetcher& proofs) {
  if (static_cast<size_t>(response.results_size()) != envelopes.size()) {
    return absl::InternalError(absl::StrCat("the server returned ", response.results_size(),
                                            " results for ", envelopes.size(), " entries"));
  }
  const std::string origin = key.name();

  absl::StatusOr<note::Checkpoint> cp = note::OpenCheckpoint(response.checkpoint(), key);
  if (!cp.ok()) {
    return Failed(std::move(response), origin, SubmitIntegrity::kBadCheckpoint, -1,
                  absl::StrCat("its checkpoint does not verify with the pinned key ",
                               key.VerifierKey(), ": ", std::string(cp.status().message())));
  }
  if (cp->size != response.checkpoint_size()) {
    const uint64_t claimed = response.checkpoint_size();
    return Failed(std::move(response), origin, SubmitIntegrity::kBadCheckpoint, -1,
                  absl::StrCat("it says the checkpoint has size ", claimed, " but the signed ",
                               "checkpoint has size ", cp->size));
  }

  // Every appended entry must be inside the checkpoint; fetch their leaves.
  std::vector<uint64_t> indices;
  for (int i = 0; i < response.results_size(); ++i) {
    const v1::SubmitResult& r = response.results(i);
    if (!Appended(r)) continue;
    if (r.index() >= cp->size) {
      const uint64_t index = r.index();
      return Failed(
          std::move(response), origin, SubmitIntegrity::kMissingProof, i,
          absl::StrCat("entry ", i, " of the batch is reported at index ", index,
                       ", outside the checkpoint of size ", cp->size, " it was to be proven in"));
    }
    indices.push_back(r.index());
  }
  std::sort(indices.begin(), indices.end());
  indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
  LEDGER_ASSIGN_OR_RETURN(auto fetched, FetchLeaves(indices, leaves));

  for (int i = 0; i < response.results_size(); ++i) {
    const v1::SubmitResult& r = response.results(i);
    if (!Appended(r)) continue;
    const uint64_t index = r.index();
    const std::string& leaf = fetched.at(index);
    absl::StatusOr<envelope::Leaf> decoded = envelope::DecodeLeaf(leaf);
    if (!decoded.ok() || decoded->envelope_bytes != envelopes[i]) {
      return Failed(
          std::move(response), origin, SubmitIntegrity::kWrongLeaf, i,
          absl::StrCat(
              "the leaf at index ", index, ", where entry ", i,
              " of the batch is reported, does not hold the envelope "
              "submitted",
              decoded.ok() ? std::string() : absl::StrCat(" (", decoded.status().message(), ")")));
    }
    // The hash of the leaf that holds our envelope, computed here: the log's is only compared.
    const merkle::Hash leaf_hash = merkle::LeafHash(leaf);
    if (r.leaf_hash() != crypto::AsStringView(leaf_hash)) {
      return Failed(std::move(response), origin, SubmitIntegrity::kWrongLeafHash, i,
                    absl::StrCat("the leaf hash returned for index ", index, " is ",
                                 crypto::ToHex(r.leaf_hash()), ", but the leaf there hashes to ",
                                 crypto::ToHex(leaf_hash)));
    }
    std::vector<merkle::Hash> proof;
    for (const std::string& bytes : r.inclusion_proof()) {
      absl::StatusOr<merkle::Hash> h = merkle::HashFromBytes(bytes);
      if (!h.ok()) {
        return Failed(std::move(response), origin, SubmitIntegrity::kBadInclusionProof, i,
                      absl::StrCat("the inclusion proof of index ", index, " holds a hash of ",
                                   bytes.size(), " bytes"));
      }
      proof.push_back(*h);
    }
    absl::Status included = merkle::VerifyInclusion(index, cp->size, leaf_hash, proof, cp->root);
    if (!included.ok()) {
      return Failed(
          std::move(response), origin, SubmitIntegrity::kBadInclusionProof, i,
          absl::StrCat("the inclusion proof of index ", index, " in the checkpoint of ", "size ",
                       cp->size, " does not verify (", std::string(included.message()), ")"));
    }
  }

  // Every entry is in this checkpoint; it must also be consistent with what this client trusted
  // before. A smaller one is not a rollback here: another process sharing the state may have
  // trusted a later checkpoint while this submit was answered, and an entry proven in a prefix
  // of the trusted tree is in the trusted tree. The trusted state then stays as it is.
  LEDGER_ASSIGN_OR_RETURN(AcceptResult accepted, AcceptCheckpoint(store, key, response.checkpoint(),
                                                                  proofs, {.allow_older = true}));
  if (accepted.outcome == Outcome::kSecurityError) {
    VerifiedSubmit out = Failed(std::move(response), origin, SubmitIntegrity::kUntrustedCheckpoint,
                                -1, accepted.evidence ? accepted.evidence->reason : "");
    out.failure->evidence = std::move(accepted.evidence);
    return out;
  }
  VerifiedSubmit out;
  out.response = std::move(response);
  out.checkpoint = std::move(accepted.checkpoint);
  out.trust_outcome = accepted.outcome;
  return out;
}

LeafFetcher ServerLeafFetcher(LedgerClient& client) {
  return [&client](uint64_t start, uint64_t end) -> absl::StatusOr<std::vector<std::string>> {
    std::vector<std::string> leaves;
    LEDGER_RETURN_IF_ERROR(client.GetLeaves(start, end, &leaves));
    return leaves;
  };
}

ConsistencyProofFetcher ServerConsistencyProofFetcher(LedgerClient& client) {
  return [&client](uint64_t from, uint64_t to) -> absl::StatusOr<std::vector<merkle::Hash>> {
    LEDGER_ASSIGN_OR_RETURN(v1::GetCheckpointResponse r, client.GetCheckpoint(to, from));
    std::vector<merkle::Hash> proof;
    for (const std::string& bytes : r.consistency_proof()) {
      LEDGER_ASSIGN_OR_RETURN(merkle::Hash h, merkle::HashFromBytes(bytes));
      proof.push_back(h);
    }
    return proof;
  };
}

absl::StatusOr<VerifiedSubmit> SubmitVerified(LedgerClient& client,
                                              const std::vector<std::string>& envelopes,
                                              TrustedStateStore& store,
                                              const note::NoteVerifier& key) {
  LEDGER_ASSIGN_OR_RETURN(v1::SubmitResponse response,
                          client.Submit(envelopes, /*return_proofs=*/true));
  return VerifySubmitResponse(store, key, envelopes, std::move(response), ServerLeafFetcher(client),
                              ServerConsistencyProofFetcher(client));
}

}  // namespace ledger::client
