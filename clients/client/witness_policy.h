#ifndef CLIENTS_CLIENT_WITNESS_POLICY_H_
#define CLIENTS_CLIENT_WITNESS_POLICY_H_

// A client's witness policy: the witnesses it trusts (named by their verifier keys, type 0x04)
// and how many of them must have cosigned a checkpoint (k of n) before the client accepts it
// (docs/FORMATS.md §20.3). The server serves whatever cosignatures it was given; only the
// witnesses named here count, and each one only with a cosignature that verifies for that exact
// checkpoint.
//
//   LEDGER_ASSIGN_OR_RETURN(WitnessPolicy policy, MakeWitnessPolicy(keys, /*required=*/2));
//   LEDGER_ASSIGN_OR_RETURN(PolicyResult r, EvaluateWitnessPolicy(note, policy));
//   if (!r.met) std::cerr << DescribeWitnesses(r, policy) << "\n";
//
// Pure and thread-safe.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "ledger/note/cosignature.h"

namespace ledger::client {

struct WitnessPolicy {
  std::vector<note::CosignatureVerifier> witnesses;
  size_t required = 0;  // k: at least this many of `witnesses` must have cosigned

  bool empty() const { return witnesses.empty(); }
  // The witnesses' verifier keys, in order (what GetCheckpoint{witness_keys} asks for).
  std::vector<std::string> VerifierKeys() const;
};

// The policy of `witness_keys` (note-form verifier keys of type 0x04) and `required` (k); k
// defaults to all of them. No keys and no k: the empty policy (no witness needed).
// kInvalidArgument naming the problem: a key that does not parse, the same witness (name and key
// id) twice, k without keys, or k outside [1, number of keys].
absl::StatusOr<WitnessPolicy> MakeWitnessPolicy(std::span<const std::string> witness_keys,
                                                std::optional<size_t> required);

enum class WitnessVerdict {
  kCosigned,  // a line by the witness verifies for this checkpoint
  kMissing,   // no line by the witness
  kInvalid,   // a line by the witness (name and key id) that does not verify
};

struct WitnessResult {
  WitnessVerdict verdict = WitnessVerdict::kMissing;
  uint64_t timestamp_s = 0;  // kCosigned: when the witness cosigned, POSIX seconds
  std::string problem;       // kInvalid: why the line does not verify
};

struct PolicyResult {
  uint64_t tree_size = 0;
  std::vector<WitnessResult> witnesses;  // one per policy witness, in the policy's order
  size_t cosigned = 0;                   // how many are kCosigned
  bool met = false;                      // cosigned >= required
  bool any_invalid = false;              // some witness's line does not verify
};

// Evaluates `policy` on the cosignature lines of the checkpoint note `note` (whose log signature
// the caller has verified). A witness's line that does not verify counts as not cosigned and is
// reported as kInvalid; it does not stop the other witnesses from counting, so a forged line for
// one witness cannot hide the cosignatures of the others. kInvalidArgument when the note does
// not parse or is not a checkpoint.
absl::StatusOr<PolicyResult> EvaluateWitnessPolicy(std::string_view note,
                                                   const WitnessPolicy& policy);

// One paragraph for people: "the checkpoint of size 12 is cosigned by 1 of the 2 witnesses
// required (of 3 named)", then one line per witness: "  cosigned: <vkey> at <UTC time>",
// "  not cosigned: <vkey>", "  INVALID cosignature: <vkey>: <problem>".
std::string DescribeWitnesses(const PolicyResult& result, const WitnessPolicy& policy);

}  // namespace ledger::client

#endif  // CLIENTS_CLIENT_WITNESS_POLICY_H_
