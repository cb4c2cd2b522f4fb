#ifndef LEDGER_STATE_CANONICAL_PAYLOAD_H_
#define LEDGER_STATE_CANONICAL_PAYLOAD_H_

// The canonical protobuf encoding of entry bodies (docs/FORMATS.md §9.1): what the deterministic
// serializer of protobuf writes (fields in number order, no default-valued scalar written, packed
// repeated scalars, minimal varints), with no unknown field anywhere. Decoding accepts exactly
// that, so a payload has one meaning for every verifier.

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"

namespace ledger::state {

// The canonical encoding of `message`.
std::string SerializeCanonical(const google::protobuf::Message& message);

// Parses `bytes` as a message of `prototype`'s type. Errors (kInvalidArgument, rule L-PAYLOAD):
// the bytes do not parse (or a string field is not UTF-8); a message at any depth has an unknown
// field; or the bytes are not SerializeCanonical of what they parse to.
absl::StatusOr<std::unique_ptr<google::protobuf::Message>> ParseCanonical(
    const google::protobuf::Message& prototype, std::string_view bytes);

}  // namespace ledger::state

#endif  // LEDGER_STATE_CANONICAL_PAYLOAD_H_
