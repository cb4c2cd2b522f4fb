#ifndef LEDGER_ENVELOPE_LEAF_H_
#define LEDGER_ENVELOPE_LEAF_H_

// The leaf: the exact bytes the log stores and hashes (RFC 9162 leaf hash = SHA-256(0x00 || leaf)).
//
//   offset 0  1 byte   version, 0x01
//   offset 1  8 bytes  recorded time: signed int64, big-endian, microseconds since
//                      1970-01-01T00:00:00Z (the server's clock when it sequenced the entry)
//   offset 9  rest     the envelope bytes, verbatim as the client sent them (envelope.h)
//
// A stored leaf is never re-serialized: readers decode it in place and hash the stored bytes.
//
//   LEDGER_ASSIGN_OR_RETURN(std::string leaf, EncodeLeaf(now_us, envelope_bytes));
//   LEDGER_ASSIGN_OR_RETURN(Leaf parsed, DecodeLeaf(leaf));  // parsed.envelope_bytes views `leaf`
//
// Pure and thread-safe; errors are kInvalidArgument.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "ledger/envelope/envelope.h"

namespace ledger::envelope {

inline constexpr uint8_t kLeafVersion1 = 0x01;
inline constexpr size_t kLeafHeaderSize = 1 + 8;
inline constexpr size_t kLeafSizeMax = kLeafHeaderSize + kEnvelopeSizeMax;

struct Leaf {
  uint8_t version = kLeafVersion1;
  int64_t recorded_time_us = 0;
  // Points into the buffer given to DecodeLeaf, which must outlive it.
  std::string_view envelope_bytes;
};

// The version-1 leaf. Fails if recorded_time_us is negative or the envelope bytes are empty or
// longer than kEnvelopeSizeMax. The envelope bytes are not decoded: the caller has done that.
absl::StatusOr<std::string> EncodeLeaf(int64_t recorded_time_us, std::string_view envelope_bytes);

// Splits a leaf. Fails on a version other than 0x01, a leaf shorter than 10 bytes or longer than
// kLeafSizeMax, or a negative recorded time. Does not decode the envelope (DecodeEnvelope does).
absl::StatusOr<Leaf> DecodeLeaf(std::string_view leaf);

}  // namespace ledger::envelope

#endif  // LEDGER_ENVELOPE_LEAF_H_
