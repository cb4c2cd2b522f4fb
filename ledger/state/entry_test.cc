#include "ledger/state/entry.h"

#include <functional>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/state/canonical_payload.h"
#include "ledger/state/state_testing.h"
#include "ledger/util/rule_error.h"

namespace ledger::state {
namespace {

using ::testing::HasSubstr;
using testing::MakeGenesis;
using testing::MakeHeader;
using testing::SignedBytes;
using testing::TestKey;
using testing::TestLog;

// Protobuf wire format by hand, to build encodings a serializer never writes.
std::string Varint(uint64_t v) {
  std::string out;
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
  return out;
}
std::string VarintField(int number, uint64_t value) {
  return Varint(static_cast<uint64_t>(number) << 3) + Varint(value);
}
std::string LenField(int number, std::string_view bytes) {
  return Varint((static_cast<uint64_t>(number) << 3) | 2) + Varint(bytes.size()) +
         std::string(bytes);
}

std::string HeaderBytes() { return SerializeCanonical(MakeHeader("admin-341721", 7)); }

absl::StatusOr<Entry> DecodePayload(std::string_view type, std::string_view payload) {
  return DecodeEntry(SignedBytes(type, payload, {&TestKey(1)}));
}

void ExpectRejected(const absl::StatusOr<Entry>& entry, std::string_view rule,
                    std::string_view message) {
  ASSERT_FALSE(entry.ok()) << "accepted, expected " << rule << ": " << message;
  EXPECT_EQ(entry.status().code(), absl::StatusCode::kInvalidArgument) << entry.status();
  EXPECT_EQ(RuleOf(entry.status()), rule) << entry.status();
  EXPECT_THAT(std::string(entry.status().message()), HasSubstr(message));
}

TEST(KeyIdTest, IsHexSha256OfThePublicKey) {
  // RFC 8032 §7.1 TEST 1; SHA-256 of its public key d75a9801…511a computed with Python hashlib.
  std::string seed;
  ASSERT_TRUE(
      crypto::FromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", &seed));
  auto key = crypto::Ed25519PrivateKey::FromSeed(seed).value();
  EXPECT_EQ(KeyIdOf(key.public_key()),
            "21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9");
}

// docs/FORMATS.md §9.1's worked example, encoded independently with a hand-written Python
// protobuf encoder.
TEST(CanonicalPayloadTest, RegisterKeyKnownAnswer) {
  std::string seed;
  ASSERT_TRUE(
      crypto::FromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", &seed));
  v1::RegisterKey body;
  *body.mutable_header() = MakeHeader("admin-341721", 1);
  body.set_principal_id("fin-341721");
  body.set_public_key(crypto::Ed25519PrivateKey::FromSeed(seed).value().public_key().bytes());
  const std::string expected_hex =
      "0a47"
      "0a196c65646765722e6578616d706c652e6f72672f333431373231"
      "121000000000000000000000000000000001"
      "1a0c61646d696e2d333431373231"
      "220a323032362d31312d3232"
      "120a66696e2d333431373231"
      "1a20d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  EXPECT_EQ(crypto::ToHex(SerializeCanonical(body)), expected_hex);
  std::string bytes;
  ASSERT_TRUE(crypto::FromHex(expected_hex, &bytes));
  absl::StatusOr<Entry> entry = DecodePayload("ledger.v1.RegisterKey", bytes);
  ASSERT_TRUE(entry.ok()) << entry.status();
  EXPECT_EQ(entry->As<v1::RegisterKey>().principal_id(), "fin-341721");
}

TEST(DecodeEntryTest, DecodesEveryBodyType) {
  v1::Genesis genesis = MakeGenesis();
  v1::RegisterPrincipal principal = TestLog::RegisterPrincipal(testing::MakePrincipal(
      "fin-341721", v1::PRINCIPAL_KIND_FINANCE_BUREAU, "341721", {v1::ROLE_FUND_MANAGER}));
  v1::RegisterKey key = TestLog::RegisterKey("fin-341721", 2);
  v1::RevokeKey revoke = TestLog::RevokeKey(testing::TestKeyId(2));
  v1::Policy policy;
  policy.set_notice_period_days(15);
  v1::SetPolicy set_policy = TestLog::SetPolicy(policy);
  std::vector<google::protobuf::Message*> bodies = {&genesis, &principal, &key, &revoke,
                                                    &set_policy};
  for (google::protobuf::Message* body : bodies) {
    testing::SetHeader(*body, MakeHeader("admin-341721", 9));
    const std::string bytes = SignedBytes(*body, TestKey(1));
    absl::StatusOr<Entry> entry = DecodeEntry(bytes);
    ASSERT_TRUE(entry.ok()) << entry.status();
    EXPECT_EQ(entry->payload_type(), "ledger.v1." + body->GetDescriptor()->name());
    EXPECT_EQ(entry->header().principal_id(), "admin-341721");
    EXPECT_EQ(entry->header().entry_id(), testing::EntryId(9));
    EXPECT_EQ(entry->envelope_hash, crypto::Sha256(bytes));
    EXPECT_FALSE(entry->signatures_verified);
    EXPECT_EQ(SerializeCanonical(*entry->body), SerializeCanonical(*body));
  }
}

TEST(DecodeEntryTest, AsGivesTheConcreteBody) {
  v1::Genesis genesis = MakeGenesis();
  absl::StatusOr<Entry> entry = DecodeEntry(SignedBytes(genesis, TestKey(1)));
  ASSERT_TRUE(entry.ok()) << entry.status();
  EXPECT_EQ(entry->As<v1::Genesis>().division_code(), "341721");
}

TEST(DecodeEntryTest, RejectsMalformedEnvelopes) {
  ExpectRejected(DecodeEntry("not a protobuf"), "L-ENVELOPE", "envelope");
  ExpectRejected(DecodeEntry(""), "L-ENVELOPE", "payloadType is empty");
  ExpectRejected(DecodeEntry(std::string(70'000, 'x')), "L-ENVELOPE", "70000 bytes");
  const std::string payload = SerializeCanonical(MakeGenesis());
  ExpectRejected(DecodeEntry(SignedBytes("ledger.v1.Genesis", payload, {&TestKey(1), &TestKey(2)},
                                         {"same", "same"})),
                 "L-ENVELOPE", "two signatures with keyid \"same\"");
  ExpectRejected(DecodeEntry(SignedBytes("ledger.v1.Genesis", payload, {&TestKey(1)}, {""})),
                 "L-ENVELOPE", "signature 0 has no keyid");
}

TEST(DecodeEntryTest, RejectsUnknownPayloadTypes) {
  const std::string payload = SerializeCanonical(MakeGenesis());
  ExpectRejected(DecodePayload("ledger.v1.Nope", payload), "L-PAYLOAD",
                 "unknown payload type \"ledger.v1.Nope\"");
  // Messages of the package that are not bodies, and near misses.
  for (const char* type : {"ledger.v1.EntryHeader", "ledger.v1.Policy", "ledger.v1.genesis",
                           "Genesis", "ledger.v2.Genesis", "ledger.v1.Genesis "}) {
    ExpectRejected(DecodePayload(type, payload), "L-PAYLOAD", "unknown payload type");
  }
}

TEST(DecodeEntryTest, RejectsPayloadsThatDoNotParse) {
  ExpectRejected(DecodePayload("ledger.v1.RegisterKey", "\xff\xff\xff"), "L-PAYLOAD",
                 "is not a valid ledger.v1.RegisterKey");
  // A truncated length-delimited field.
  ExpectRejected(DecodePayload("ledger.v1.RegisterKey", "\x0a\x10\x0a"), "L-PAYLOAD",
                 "is not a valid");
  // A string field that is not UTF-8 (proto3 strings must be).
  ExpectRejected(
      DecodePayload("ledger.v1.RegisterKey", LenField(1, HeaderBytes()) + LenField(2, "\xC3\x28")),
      "L-PAYLOAD", "is not a valid");
}

TEST(DecodeEntryTest, RejectsUnknownFieldsAtAnyDepth) {
  const std::string key = LenField(3, TestKey(2).public_key().bytes());
  const std::string header = LenField(1, HeaderBytes());
  // Top level.
  ExpectRejected(DecodePayload("ledger.v1.RegisterKey",
                               header + LenField(2, "fin") + key + VarintField(15, 1)),
                 "L-PAYLOAD", "unknown field number 15 in ledger.v1.RegisterKey");
  // Inside the header.
  ExpectRejected(
      DecodePayload("ledger.v1.RegisterKey",
                    LenField(1, HeaderBytes() + VarintField(9, 1)) + LenField(2, "fin") + key),
      "L-PAYLOAD", "unknown field number 9 in ledger.v1.RegisterKey.header");
  // Inside a nested message two levels down.
  std::string targets = LenField(1, VarintField(1, 3) + VarintField(7, 1));
  ExpectRejected(
      DecodePayload("ledger.v1.SetPolicy", header + LenField(2, LenField(12, targets))),
      "L-PAYLOAD",
      "unknown field number 7 in ledger.v1.SetPolicy.policy.progress_targets.targets[0]");
}

TEST(DecodeEntryTest, RejectsNonCanonicalEncodings) {
  const std::string header = LenField(1, HeaderBytes());
  const std::string key = LenField(3, TestKey(2).public_key().bytes());
  // The canonical form decodes.
  ASSERT_TRUE(DecodePayload("ledger.v1.RegisterKey", header + LenField(2, "fin") + key).ok());
  struct Case {
    const char* what;
    std::string payload;
  };
  const Case cases[] = {
      {"field written twice", header + LenField(2, "x") + LenField(2, "fin") + key},
      {"fields out of order", header + key + LenField(2, "fin")},
      {"default value written", header + LenField(2, "") + key},
      {"header written twice", header + header + LenField(2, "fin") + key},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    ExpectRejected(DecodePayload("ledger.v1.RegisterKey", c.payload), "L-PAYLOAD",
                   "not in canonical encoding");
  }
  // An enum written as a default value, and repeated enums unpacked, inside a message.
  const std::string principal_fields =
      LenField(1, "fin") + LenField(2, "Fin") + LenField(4, "341721");
  ExpectRejected(
      DecodePayload("ledger.v1.RegisterPrincipal",
                    header + LenField(2, principal_fields.substr(0, 10) + VarintField(3, 0) +
                                             principal_fields.substr(10))),
      "L-PAYLOAD", "not in canonical encoding");
  ExpectRejected(DecodePayload("ledger.v1.RegisterPrincipal",
                               header + LenField(2, principal_fields + VarintField(5, 2))),
                 "L-PAYLOAD", "not in canonical encoding");
  // A varint padded with a continuation byte (kind 2 as 82 00).
  ExpectRejected(DecodePayload("ledger.v1.RegisterPrincipal",
                               header + LenField(2, principal_fields.substr(0, 10) +
                                                        std::string("\x18\x82\x00", 3) +
                                                        principal_fields.substr(10))),
                 "L-PAYLOAD", "not in canonical encoding");
  // A padded length (3 as 83 00).
  ExpectRejected(DecodePayload("ledger.v1.RegisterKey", header +
                                                            std::string("\x12\x83\x00"
                                                                        "fin",
                                                                        6) +
                                                            key),
                 "L-PAYLOAD", "not in canonical encoding");
  ASSERT_TRUE(DecodePayload("ledger.v1.RegisterPrincipal",
                            header + LenField(2, principal_fields + LenField(5, "\x02")))
                  .ok());
}

// Builds a RegisterKey entry whose header is MakeHeader() changed by `edit`.
absl::StatusOr<Entry> WithHeader(const std::function<void(v1::EntryHeader&)>& edit) {
  v1::RegisterKey body = TestLog::RegisterKey("fin-341721", 2);
  v1::EntryHeader header = MakeHeader("admin-341721", 1);
  edit(header);
  *body.mutable_header() = header;
  return DecodeEntry(SignedBytes(body, TestKey(1)));
}

TEST(DecodeEntryTest, ChecksTheHeader) {
  struct Case {
    std::function<void(v1::EntryHeader&)> edit;
    const char* message;  // empty: accepted
  };
  const Case cases[] = {
      {[](auto& h) {}, ""},
      {[](auto& h) { h.clear_origin(); }, "header.origin is empty"},
      {[](auto& h) { h.clear_entry_id(); }, "header.entry_id is 0 bytes, must be 16"},
      {[](auto& h) { h.set_entry_id(std::string(15, 'x')); },
       "header.entry_id is 15 bytes, must be 16"},
      {[](auto& h) { h.set_entry_id(std::string(17, 'x')); },
       "header.entry_id is 17 bytes, must be 16"},
      {[](auto& h) { h.clear_principal_id(); }, "header.principal_id is empty"},
      {[](auto& h) { h.set_principal_id("a b"); },
       "header.principal_id \"a b\" has a character outside [A-Za-z0-9._-]"},
      {[](auto& h) { h.set_principal_id("\xE8\xB4\xA2"); }, "has a character outside"},
      {[](auto& h) { h.set_principal_id(std::string(64, 'a')); }, ""},
      {[](auto& h) { h.set_principal_id(std::string(65, 'a')); },
       "header.principal_id is 65 characters, the maximum is 64"},
      {[](auto& h) { h.set_principal_id("A.z_0-9"); }, ""},
      {[](auto& h) { h.clear_business_date(); }, "header.business_date \"\" is not a valid date"},
      {[](auto& h) { h.set_business_date("2026-02-29"); },
       "header.business_date \"2026-02-29\" is not a valid date YYYY-MM-DD"},
      {[](auto& h) { h.set_business_date("2024-02-29"); }, ""},
      {[](auto& h) { h.set_business_date("2026-11-22T10:00"); }, "is not a valid date"},
      {[](auto& h) { h.set_business_time("23:59:59"); }, ""},
      {[](auto& h) { h.set_business_time("24:00:00"); },
       "header.business_time \"24:00:00\" is not a valid time HH:MM:SS"},
      {[](auto& h) { h.set_business_time("9:30:00"); }, "is not a valid time"},
      {[](auto& h) { h.set_business_time("09:30"); }, "is not a valid time"},
      {[](auto& h) { h.set_corrects(testing::EntryId(3)); }, ""},
      {[](auto& h) { h.set_corrects(std::string(15, 'x')); },
       "header.corrects is 15 bytes, must be 16"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.message);
    absl::StatusOr<Entry> entry = WithHeader(c.edit);
    if (std::string_view(c.message).empty()) {
      EXPECT_TRUE(entry.ok()) << entry.status();
    } else {
      ExpectRejected(entry, "L-HEADER", c.message);
    }
  }
}

TEST(DecodeEntryTest, RejectsAMissingHeader) {
  v1::RegisterKey body = TestLog::RegisterKey("fin-341721", 2);
  ExpectRejected(DecodeEntry(SignedBytes(body, TestKey(1))), "L-HEADER", "header is missing");
}

TEST(VerifyEntrySignaturesTest, ChecksEverySignature) {
  const std::string payload = SerializeCanonical(MakeGenesis());
  absl::StatusOr<Entry> entry =
      DecodeEntry(SignedBytes("ledger.v1.Genesis", payload, {&TestKey(1), &TestKey(2)}));
  ASSERT_TRUE(entry.ok()) << entry.status();
  auto lookup = [](std::string_view keyid) -> absl::StatusOr<crypto::Ed25519PublicKey> {
    if (keyid == testing::TestKeyId(1)) return TestKey(1).public_key();
    if (keyid == testing::TestKeyId(2)) return TestKey(2).public_key();
    return absl::NotFoundError("no such key");
  };
  EXPECT_TRUE(VerifyEntrySignatures(*entry, lookup).ok());

  // The second signature by the wrong key.
  Entry bad = *entry;
  bad.envelope.signatures[1].sig = TestKey(3).Sign(envelope::Pae(bad.payload_type(), payload));
  absl::Status s = VerifyEntrySignatures(bad, lookup);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnauthenticated) << s;
  EXPECT_EQ(RuleOf(s), "L-SIGNATURE");
  EXPECT_THAT(std::string(s.message()), HasSubstr("signature 1"));

  // A key the lookup does not know keeps the lookup's code and gets L-KEY.
  Entry unknown = *entry;
  unknown.envelope.signatures[0].keyid = "ab";
  s = VerifyEntrySignatures(unknown, lookup);
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound) << s;
  EXPECT_EQ(RuleOf(s), "L-KEY");
}

}  // namespace
}  // namespace ledger::state
