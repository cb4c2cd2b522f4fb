#include "ledger/state/entry.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/state/body_types.h"
#include "ledger/state/canonical_payload.h"
#include "ledger/state/civil_date.h"
#include "ledger/state/field_rules.h"
#include "ledger/state/identity_rules.h"
#include "ledger/state/rules.h"
#include "ledger/util/rule_error.h"
#include "ledger/util/status_macros.h"

namespace ledger::state {
namespace {

inline constexpr size_t kEntryIdSize = 16;

absl::Status HeaderError(std::string_view message) {
  return RuleError(absl::StatusCode::kInvalidArgument, rules::kHeader, message);
}

const google::protobuf::FieldDescriptor& HeaderField(const google::protobuf::Message& body) {
  return *body.GetDescriptor()->FindFieldByNumber(1);  // BodyTypes() checked it is the header
}

// DSSE allows an empty keyid and says nothing of duplicates; our keys always have an id, and
// signer sets must be sets, so the form check rejects both before any key is looked up.
absl::Status CheckKeyIds(const envelope::Envelope& envelope) {
  std::set<std::string_view> seen;
  for (size_t i = 0; i < envelope.signatures.size(); ++i) {
    const std::string& keyid = envelope.signatures[i].keyid;
    if (keyid.empty()) {
      return RuleError(absl::StatusCode::kInvalidArgument, rules::kEnvelope,
                       absl::StrCat("envelope signature ", i, " has no keyid"));
    }
    if (!seen.insert(keyid).second) {
      return RuleError(
          absl::StatusCode::kInvalidArgument, rules::kEnvelope,
          absl::StrCat("envelope has two signatures with keyid ", QuoteForError(keyid)));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckHeader(const google::protobuf::Message& body) {
  const google::protobuf::FieldDescriptor& field = HeaderField(body);
  if (!body.GetReflection()->HasField(body, &field)) return HeaderError("header is missing");
  const auto& header =
      static_cast<const v1::EntryHeader&>(body.GetReflection()->GetMessage(body, &field));
  if (header.origin().empty()) return HeaderError("header.origin is empty");
  if (header.entry_id().size() != kEntryIdSize) {
    return HeaderError(absl::StrCat("header.entry_id is ", header.entry_id().size(),
                                    " bytes, must be ", kEntryIdSize));
  }
  LEDGER_RETURN_IF_ERROR(
      CheckCode(header.principal_id(), "header.principal_id", kPrincipalIdSizeMax, rules::kHeader));
  if (!ParseCivilDate(header.business_date()).has_value()) {
    return HeaderError(absl::StrCat("header.business_date ", QuoteForError(header.business_date()),
                                    " is not a valid date YYYY-MM-DD"));
  }
  if (!header.business_time().empty() && !IsValidTimeOfDay(header.business_time())) {
    return HeaderError(absl::StrCat("header.business_time ", QuoteForError(header.business_time()),
                                    " is not a valid time HH:MM:SS"));
  }
  if (!header.corrects().empty() && header.corrects().size() != kEntryIdSize) {
    return HeaderError(absl::StrCat("header.corrects is ", header.corrects().size(),
                                    " bytes, must be ", kEntryIdSize));
  }
  return absl::OkStatus();
}

}  // namespace

std::string KeyIdOf(const crypto::Ed25519PublicKey& key) {
  return crypto::ToHex(crypto::Sha256(key.bytes()));
}

const v1::EntryHeader& Entry::header() const {
  return static_cast<const v1::EntryHeader&>(
      body->GetReflection()->GetMessage(*body, &HeaderField(*body)));
}

absl::StatusOr<Entry> DecodeEntry(std::string_view envelope_bytes) {
  Entry entry;
  absl::StatusOr<envelope::Envelope> envelope = envelope::DecodeEnvelope(envelope_bytes);
  if (!envelope.ok()) return WithRule(envelope.status(), rules::kEnvelope);
  entry.envelope = *std::move(envelope);
  LEDGER_RETURN_IF_ERROR(CheckKeyIds(entry.envelope));
  const BodyType* type = FindBodyType(entry.payload_type());
  if (type == nullptr) {
    return RuleError(absl::StatusCode::kInvalidArgument, rules::kPayload,
                     absl::StrCat("unknown payload type ", QuoteForError(entry.payload_type())));
  }
  LEDGER_ASSIGN_OR_RETURN(std::unique_ptr<google::protobuf::Message> body,
                          ParseCanonical(*type->prototype, entry.envelope.payload));
  LEDGER_RETURN_IF_ERROR(CheckHeader(*body));
  entry.body = std::move(body);
  entry.envelope_hash = crypto::Sha256(envelope_bytes);
  return entry;
}

absl::Status VerifyEntrySignatures(const Entry& entry, envelope::PublicKeyLookup lookup) {
  absl::Status status = envelope::VerifyEnvelopeSignature(
      entry.envelope, [&](std::string_view keyid) -> absl::StatusOr<crypto::Ed25519PublicKey> {
        absl::StatusOr<crypto::Ed25519PublicKey> key = lookup(keyid);
        if (!key.ok()) return WithRule(key.status(), rules::kKey);
        return key;
      });
  // Lookup errors carry L-KEY by now; what remains is a signature that does not verify
  // (kUnauthenticated) or a keyid that is empty or repeated (kInvalidArgument, which DecodeEntry
  // has already rejected for decoded entries).
  if (status.code() == absl::StatusCode::kUnauthenticated) {
    return WithRule(std::move(status), rules::kSignature);
  }
  return WithRule(std::move(status), rules::kEnvelope);
}

}  // namespace ledger::state
