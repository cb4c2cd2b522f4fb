// Envelope, leaf and entry decoding: what the server does with every submitted envelope and
// what every verifier does with every stored leaf.
//
// Properties: decoding is strict, so whatever decodes re-encodes to exactly the input (envelope
// and leaf); an entry decodes only if its envelope does, and carries that envelope, a body and
// the hash of the input; signature checks never crash and succeed only for a signer's key.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "fuzz/fuzz_check.h"
#include "fuzz/fuzz_keys.h"
#include "google/protobuf/stubs/logging.h"
#include "ledger/crypto/sha256.h"
#include "ledger/envelope/envelope.h"
#include "ledger/envelope/leaf.h"
#include "ledger/state/entry.h"

namespace ledger::fuzz {
namespace {

absl::StatusOr<crypto::Ed25519PublicKey> Lookup(std::string_view keyid) {
  if (keyid == state::KeyIdOf(EntryKey().public_key())) return EntryKey().public_key();
  return absl::NotFoundError("unknown key");
}

void CheckEnvelope(std::string_view bytes) {
  absl::StatusOr<envelope::Envelope> env = envelope::DecodeEnvelope(bytes);
  if (env.ok()) {
    absl::StatusOr<std::string> again = envelope::EncodeEnvelope(*env);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(*again == bytes);
    FUZZ_CHECK(!env->signatures.empty() &&
               env->signatures.size() <= envelope::kEnvelopeSignaturesMax);
    if (envelope::VerifyEnvelopeSignature(*env, Lookup).ok()) {
      for (const envelope::EnvelopeSignature& s : env->signatures) {
        FUZZ_CHECK(s.keyid == state::KeyIdOf(EntryKey().public_key()));
      }
    }
  }

  absl::StatusOr<state::Entry> entry = state::DecodeEntry(bytes);
  if (entry.ok()) {
    FUZZ_CHECK(env.ok());
    FUZZ_CHECK(entry->envelope == *env);
    FUZZ_CHECK(entry->body != nullptr);
    FUZZ_CHECK(entry->payload_type().starts_with(state::kPayloadTypePrefix));
    FUZZ_CHECK(entry->envelope_hash == crypto::Sha256(bytes));
    FUZZ_CHECK(!entry->header().origin().empty());
    FUZZ_CHECK(entry->header().entry_id().size() == 16);
    (void)state::VerifyEntrySignatures(*entry, Lookup);
  }
}

}  // namespace
}  // namespace ledger::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // protobuf logs every string field with invalid UTF-8 it parses; DecodeEnvelope reports it as
  // an error already, and the log line on each input would slow the fuzzer down many times over.
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ledger;
  const std::string_view bytes = fuzz::AsText(data, size);

  // The input as an envelope (what a client submits).
  fuzz::CheckEnvelope(bytes);

  // The input as a leaf (what the log stores), and its envelope.
  absl::StatusOr<envelope::Leaf> leaf = envelope::DecodeLeaf(bytes);
  if (leaf.ok()) {
    FUZZ_CHECK(leaf->version == envelope::kLeafVersion1);
    FUZZ_CHECK(leaf->recorded_time_us >= 0);
    absl::StatusOr<std::string> again =
        envelope::EncodeLeaf(leaf->recorded_time_us, leaf->envelope_bytes);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(*again == bytes);
    fuzz::CheckEnvelope(leaf->envelope_bytes);
  }
  return 0;
}
