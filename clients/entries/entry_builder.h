#ifndef CLIENTS_ENTRIES_ENTRY_BUILDER_H_
#define CLIENTS_ENTRIES_ENTRY_BUILDER_H_

// Building and signing entries on the client side.
//
//   v1::RegisterKey body;
//   *body.mutable_header() = MakeHeader(origin, "admin", TodayInShanghai());
//   body.set_principal_id("fin-341721");
//   body.set_public_key(new_key.public_key().bytes());
//   LEDGER_ASSIGN_OR_RETURN(std::string envelope, SignEntry(body, admin_key));
//   // envelope: the canonical ledger.v1.Envelope bytes to put in SubmitRequest.envelopes
//
// Thread-safe (NewEntryId uses the OS random source).

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "ledger/crypto/ed25519.h"
#include "ledger/v1/entry.pb.h"

namespace ledger::entries {

// A fresh UUIDv7 (RFC 9562): 48-bit Unix time in milliseconds, version 7, variant 10, 74 random
// bits. 16 bytes.
std::string NewEntryId();

// The civil date "YYYY-MM-DD" in Asia/Shanghai (UTC+8) at `unix_us` microseconds since the epoch.
std::string CivilDateInShanghai(int64_t unix_us);
// The civil date in Asia/Shanghai now.
std::string TodayInShanghai();

// A header with a fresh entry id.
v1::EntryHeader MakeHeader(std::string_view origin, std::string_view principal_id,
                           std::string_view business_date);

// The payload type of a body: "ledger.v1." + its message name.
std::string PayloadTypeOf(const google::protobuf::Message& body);

// The canonical (deterministic) serialization of `body`.
std::string SerializeCanonical(const google::protobuf::Message& body);

// Signs `body` with `key` (key id derived from the key) and returns the encoded envelope.
absl::StatusOr<std::string> SignEntry(const google::protobuf::Message& body,
                                      const crypto::Ed25519PrivateKey& key);

}  // namespace ledger::entries

#endif  // CLIENTS_ENTRIES_ENTRY_BUILDER_H_
