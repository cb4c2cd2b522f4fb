#ifndef LEDGER_STATE_ENTRY_H_
#define LEDGER_STATE_ENTRY_H_

// A decoded log entry: the DSSE envelope, its typed protobuf body and the common header.
//
//   LEDGER_ASSIGN_OR_RETURN(Entry entry, DecodeEntry(envelope_bytes));
//   entry.payload_type();      // "ledger.v1.Genesis"
//   entry.header().origin();
//
// Decoding checks the form only (envelope encoding, known payload type, canonical payload, header
// fields); whether the entry is allowed is Apply's business (state.h). Errors carry a rule id
// (rule_error.h): L-ENVELOPE, L-PAYLOAD or L-HEADER, all kInvalidArgument.

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "ledger/crypto/ed25519.h"
#include "ledger/crypto/sha256.h"
#include "ledger/envelope/envelope.h"
#include "ledger/v1/entry.pb.h"

namespace ledger::state {

// The key id of an Ed25519 public key as used in envelope signatures: the lowercase hex of
// SHA-256(public key bytes), 64 characters (docs/FORMATS.md §9.3). Derived from the key, so a
// key id can never name two different keys.
std::string KeyIdOf(const crypto::Ed25519PublicKey& key);

// The prefix of every payload type: payload types are "ledger.v1.<BodyMessage>".
inline constexpr std::string_view kPayloadTypePrefix = "ledger.v1.";

struct Entry {
  envelope::Envelope envelope;
  // The typed body (e.g. a ledger::v1::Genesis); never null in a decoded entry.
  std::shared_ptr<const google::protobuf::Message> body;
  // SHA-256 of the exact envelope bytes that were decoded (for idempotency: same id, same bytes).
  crypto::Sha256Digest envelope_hash{};
  // Set by a caller that has already checked every signature of the envelope against the public
  // key whose KeyIdOf equals the signature's keyid (the sequencer does this on a worker pool).
  // Apply then checks only that those keys are registered and valid; otherwise Apply verifies
  // the signatures itself.
  bool signatures_verified = false;

  const std::string& payload_type() const { return envelope.payload_type; }
  // The header (field 1 of every body).
  const v1::EntryHeader& header() const;
  // The body as its concrete type; requires that payload_type() names T.
  template <typename T>
  const T& As() const {
    return static_cast<const T&>(*body);
  }
};

// Decodes and checks the form of an entry:
//  - L-ENVELOPE: DecodeEnvelope fails (size cap, non-canonical encoding, no signature, ...), or
//    a signature has an empty keyid, or two signatures have the same keyid;
//  - L-PAYLOAD: the payload type is not a known body type ("unknown payload type
//    \"ledger.v1.Nope\""), or the payload does not parse as it, has unknown fields, or does not
//    re-serialize to exactly the same bytes (non-canonical);
//  - L-HEADER: header missing; origin empty; entry_id not exactly 16 bytes; principal_id empty or
//    not [A-Za-z0-9._-]{1,64}; business_date not a valid "YYYY-MM-DD" civil date; business_time
//    present but not a valid "HH:MM:SS"; corrects present but not 16 bytes.
absl::StatusOr<Entry> DecodeEntry(std::string_view envelope_bytes);

// Verifies every signature of `entry` against the key its keyid names, looked up by `lookup`
// (which must return a key whose KeyIdOf equals the keyid). Errors: L-SIGNATURE
// (kUnauthenticated) for a signature that does not verify, and whatever `lookup` returns for an
// unknown key, with rule L-KEY attached.
absl::Status VerifyEntrySignatures(const Entry& entry, envelope::PublicKeyLookup lookup);

}  // namespace ledger::state

#endif  // LEDGER_STATE_ENTRY_H_
