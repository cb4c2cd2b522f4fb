#include "clients/entries/entry_builder.h"

#include <openssl/rand.h>

#include <chrono>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "ledger/envelope/envelope.h"
#include "ledger/state/entry.h"
#include "ledger/util/check.h"
#include "ledger/util/status_macros.h"

namespace ledger::entries {
namespace {

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Howard Hinnant's civil_from_days: days since 1970-01-01 to (year, month, day).
void CivilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += (m <= 2);
}

}  // namespace

std::string NewEntryId() {
  unsigned char b[16];
  LEDGER_CHECK(RAND_bytes(b, sizeof b) == 1);
  const uint64_t ms = static_cast<uint64_t>(NowMicros() / 1000);
  for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(ms >> (8 * (5 - i)));
  b[6] = static_cast<unsigned char>(0x70 | (b[6] & 0x0f));
  b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3f));
  return std::string(reinterpret_cast<const char*>(b), sizeof b);
}

std::string CivilDateInShanghai(int64_t unix_us) {
  constexpr int64_t kUsPerDay = int64_t{86400} * 1000000;
  constexpr int64_t kShanghaiOffsetUs = int64_t{8} * 3600 * 1000000;
  int64_t local = unix_us + kShanghaiOffsetUs;
  int64_t days = local / kUsPerDay;
  if (local % kUsPerDay < 0) --days;
  int64_t y = 0;
  unsigned m = 0;
  unsigned d = 0;
  CivilFromDays(days, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

std::string TodayInShanghai() { return CivilDateInShanghai(NowMicros()); }

v1::EntryHeader MakeHeader(std::string_view origin, std::string_view principal_id,
                           std::string_view business_date) {
  v1::EntryHeader header;
  header.set_origin(std::string(origin));
  header.set_entry_id(NewEntryId());
  header.set_principal_id(std::string(principal_id));
  header.set_business_date(std::string(business_date));
  return header;
}

std::string PayloadTypeOf(const google::protobuf::Message& body) {
  return body.GetDescriptor()->full_name();
}

std::string SerializeCanonical(const google::protobuf::Message& body) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    body.SerializeToCodedStream(&coded);
  }
  return out;
}

absl::StatusOr<std::string> SignEntry(const google::protobuf::Message& body,
                                      const crypto::Ed25519PrivateKey& key) {
  LEDGER_ASSIGN_OR_RETURN(envelope::Envelope env,
                          envelope::SignEnvelope(PayloadTypeOf(body), SerializeCanonical(body),
                                                 state::KeyIdOf(key.public_key()), key));
  return envelope::EncodeEnvelope(env);
}

}  // namespace ledger::entries
