#include "clients/client/witness_policy.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/note.h"
#include "ledger/util/status_macros.h"

namespace ledger::client {

std::vector<std::string> WitnessPolicy::VerifierKeys() const {
  std::vector<std::string> keys;
  keys.reserve(witnesses.size());
  for (const note::CosignatureVerifier& w : witnesses) keys.push_back(w.VerifierKey());
  return keys;
}

absl::StatusOr<WitnessPolicy> MakeWitnessPolicy(std::span<const std::string> witness_keys,
                                                std::optional<size_t> required) {
  WitnessPolicy policy;
  std::set<std::pair<std::string, uint32_t>> seen;
  for (const std::string& key : witness_keys) {
    absl::StatusOr<note::CosignatureVerifier> w = note::CosignatureVerifier::Parse(key);
    if (!w.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("witness key ", key, ": ", std::string(w.status().message())));
    }
    if (!seen.emplace(w->name(), w->key_id()).second) {
      return absl::InvalidArgumentError(absl::StrCat("the witness ", key, " is named twice"));
    }
    policy.witnesses.push_back(*std::move(w));
  }
  const size_t n = policy.witnesses.size();
  if (!required) {
    policy.required = n;
    return policy;
  }
  if (n == 0) {
    return absl::InvalidArgumentError(
        "--witnesses-required needs the witnesses it counts: name each with --witness <its "
        "verifier key>");
  }
  if (*required < 1 || *required > n) {
    return absl::InvalidArgumentError(absl::StrCat("--witnesses-required ", *required,
                                                   " is not between 1 and the ", n, " witness",
                                                   n == 1 ? "" : "es", " named with --witness"));
  }
  policy.required = *required;
  return policy;
}

absl::StatusOr<PolicyResult> EvaluateWitnessPolicy(std::string_view note,
                                                   const WitnessPolicy& policy) {
  LEDGER_ASSIGN_OR_RETURN(note::Note parsed, note::ParseNote(note));
  LEDGER_ASSIGN_OR_RETURN(note::Checkpoint checkpoint, note::ParseCheckpointBody(parsed.text));
  PolicyResult result;
  result.tree_size = checkpoint.size;
  for (const note::CosignatureVerifier& witness : policy.witnesses) {
    WitnessResult& r = result.witnesses.emplace_back();
    for (const note::NoteSignature& sig : parsed.signatures) {
      if (sig.key_name != witness.name() || sig.key_id != witness.key_id()) continue;
      absl::StatusOr<uint64_t> timestamp_s = witness.Verify(parsed.text, sig);
      if (timestamp_s.ok()) {
        r.verdict = WitnessVerdict::kCosigned;
        r.timestamp_s = *timestamp_s;
      } else {
        r.verdict = WitnessVerdict::kInvalid;
        r.problem = std::string(timestamp_s.status().message());
      }
      break;  // a note has at most one line per (name, key id)
    }
    if (r.verdict == WitnessVerdict::kCosigned) ++result.cosigned;
    if (r.verdict == WitnessVerdict::kInvalid) result.any_invalid = true;
  }
  result.met = result.cosigned >= policy.required;
  return result;
}

std::string DescribeWitnesses(const PolicyResult& result, const WitnessPolicy& policy) {
  const size_t n = policy.witnesses.size();
  std::string out = absl::StrCat("the checkpoint of size ", result.tree_size, " is cosigned by ",
                                 result.cosigned, " of the ", policy.required, " witness",
                                 policy.required == 1 ? "" : "es", " required (of ", n, " named)");
  for (size_t i = 0; i < n && i < result.witnesses.size(); ++i) {
    const WitnessResult& r = result.witnesses[i];
    const std::string key = policy.witnesses[i].VerifierKey();
    switch (r.verdict) {
      case WitnessVerdict::kCosigned:
        absl::StrAppend(&out, "\n  cosigned: ", key, " at ",
                        absl::FormatTime("%Y-%m-%dT%H:%M:%SZ",
                                         absl::FromUnixSeconds(static_cast<int64_t>(r.timestamp_s)),
                                         absl::UTCTimeZone()));
        break;
      case WitnessVerdict::kMissing:
        absl::StrAppend(&out, "\n  not cosigned: ", key);
        break;
      case WitnessVerdict::kInvalid:
        absl::StrAppend(&out, "\n  INVALID cosignature: ", key, ": ", r.problem);
        break;
    }
  }
  return out;
}

}  // namespace ledger::client
