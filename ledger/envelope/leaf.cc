#include "ledger/envelope/leaf.h"

#include "absl/strings/str_cat.h"
#include "ledger/util/status_macros.h"

namespace ledger::envelope {
namespace {

absl::Status CheckRecordedTime(int64_t recorded_time_us) {
  // The server stamps entries with its clock; a time before 1970 is corruption, not history.
  if (recorded_time_us < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("leaf recorded time ", recorded_time_us, " us is before the Unix epoch"));
  }
  return absl::OkStatus();
}

absl::Status CheckEnvelopeSize(size_t size) {
  if (size == 0) return absl::InvalidArgumentError("leaf has no envelope bytes");
  if (size > kEnvelopeSizeMax) {
    return absl::InvalidArgumentError(
        absl::StrCat("leaf envelope is ", size, " bytes, the maximum is ", kEnvelopeSizeMax));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> EncodeLeaf(int64_t recorded_time_us, std::string_view envelope_bytes) {
  LEDGER_RETURN_IF_ERROR(CheckRecordedTime(recorded_time_us));
  LEDGER_RETURN_IF_ERROR(CheckEnvelopeSize(envelope_bytes.size()));
  std::string leaf;
  leaf.reserve(kLeafHeaderSize + envelope_bytes.size());
  leaf.push_back(static_cast<char>(kLeafVersion1));
  const uint64_t time_bits = static_cast<uint64_t>(recorded_time_us);
  for (int shift = 56; shift >= 0; shift -= 8) {
    leaf.push_back(static_cast<char>((time_bits >> shift) & 0xFF));
  }
  leaf.append(envelope_bytes);
  return leaf;
}

absl::StatusOr<Leaf> DecodeLeaf(std::string_view leaf) {
  if (leaf.empty()) return absl::InvalidArgumentError("leaf is empty");
  const uint8_t version = static_cast<uint8_t>(leaf[0]);
  if (version != kLeafVersion1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "leaf version 0x", absl::Hex(version, absl::kZeroPad2), " is unknown (expected 0x01)"));
  }
  if (leaf.size() < kLeafHeaderSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("leaf is ", leaf.size(), " bytes, shorter than its 9-byte header"));
  }
  uint64_t time_bits = 0;
  for (size_t i = 1; i < kLeafHeaderSize; ++i) {
    time_bits = (time_bits << 8) | static_cast<uint8_t>(leaf[i]);
  }
  Leaf result;
  result.version = version;
  result.recorded_time_us = static_cast<int64_t>(time_bits);
  LEDGER_RETURN_IF_ERROR(CheckRecordedTime(result.recorded_time_us));
  result.envelope_bytes = leaf.substr(kLeafHeaderSize);
  LEDGER_RETURN_IF_ERROR(CheckEnvelopeSize(result.envelope_bytes.size()));
  return result;
}

}  // namespace ledger::envelope
