#include "ledger/envelope/envelope.h"

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/crypto/sha256.h"
#include "ledger/util/base64.h"

namespace ledger::envelope {
namespace {

using ::testing::HasSubstr;

std::string Unhex(std::string_view hex) {
  std::string bytes;
  EXPECT_TRUE(crypto::FromHex(hex, &bytes));
  return bytes;
}

// RFC 8032 §7.1 TEST 1 and TEST 2 seeds, the keys of the DSSE test vectors
// (secure-systems-lab/dsse testvectors/vectors.json, keys "A" and "B").
crypto::Ed25519PrivateKey KeyA() {
  return crypto::Ed25519PrivateKey::FromSeed(
             Unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
      .value();
}
crypto::Ed25519PrivateKey KeyB() {
  return crypto::Ed25519PrivateKey::FromSeed(
             Unhex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"))
      .value();
}

const std::string kInTotoPayload = R"({"_type":"https://in-toto.io/Statement/v1"})";
const std::string kInTotoType = "application/vnd.in-toto+json";

// The canonical protobuf encoding of the "single-signature" DSSE vector, built by hand:
//   0a 2b <43-byte payload>                 field 1 (payload), length 43
//   12 1c <28-byte payloadType>             field 2 (payloadType), length 28
//   1a 45 0a 40 <64-byte sig> 12 01 41      field 3 (signatures): sig (field 1), keyid "A"
const std::string kEnvelopeHex =
    "0a2b7b225f74797065223a2268747470733a2f2f696e2d746f746f2e696f2f53746174656d656e742f7631227d"
    "121c6170706c69636174696f6e2f766e642e696e2d746f746f2b6a736f6e"
    "1a450a40"
    "d9601f6879b98e5ba8d30fb4ae4f2e56496e10b2585a34a653dc7b114cf1f80c"
    "ad783189e3f9eac895df98051514802841a7d69bb031059370e4cf62c4d1e208"
    "120141";

TEST(PaeTest, DsseProtocolExample) {
  // secure-systems-lab/dsse protocol.md, "Test Vectors".
  EXPECT_EQ(Pae("http://example.com/HelloWorld", "hello world"),
            "DSSEv1 29 http://example.com/HelloWorld 11 hello world");
}

TEST(PaeTest, HandCheckedCases) {
  EXPECT_EQ(Pae("", ""), "DSSEv1 0  0 ");
  EXPECT_EQ(Pae("t", ""), "DSSEv1 1 t 0 ");
  // LEN counts bytes, not characters: "ä" is 2 bytes.
  EXPECT_EQ(Pae("\xC3\xA4", "x"), "DSSEv1 2 \xC3\xA4 1 x");
  // The body is binary and may contain spaces, NUL and digits.
  EXPECT_EQ(Pae("t", std::string("1 \0 2", 5)), std::string("DSSEv1 1 t 5 1 \0 2", 18));
  EXPECT_EQ(Pae("t", std::string(1234, 'x')), "DSSEv1 1 t 1234 " + std::string(1234, 'x'));
  // The DSSE test vectors' PAE bytes.
  EXPECT_EQ(crypto::ToHex(Pae(kInTotoType, kInTotoPayload)),
            "445353457631203238206170706c69636174696f6e2f766e642e696e2d746f746f2b6a736f6e20343320"
            "7b225f74797065223a2268747470733a2f2f696e2d746f746f2e696f2f53746174656d656e742f763122"
            "7d");
}

TEST(EnvelopeTest, DsseVectorSignatureAndEncodingKnownAnswer) {
  absl::StatusOr<Envelope> e = SignEnvelope(kInTotoType, kInTotoPayload, "A", KeyA());
  ASSERT_TRUE(e.ok()) << e.status();
  // The "single-signature" vector of secure-systems-lab/dsse testvectors/vectors.json.
  EXPECT_EQ(
      Base64Encode(e->signatures[0].sig),
      "2WAfaHm5jluo0w+0rk8uVkluELJYWjSmU9x7EUzx+AyteDGJ4/nqyJXfmAUVFIAoQafWm7AxBZNw5M9ixNHiCA==");
  absl::StatusOr<std::string> bytes = EncodeEnvelope(*e);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(crypto::ToHex(*bytes), kEnvelopeHex);
  absl::StatusOr<Envelope> back = DecodeEnvelope(*bytes);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, *e);
}

TEST(EnvelopeTest, MultipleSignaturesRoundTripAndVerify) {
  Envelope e = SignEnvelope(kInTotoType, kInTotoPayload, "A", KeyA()).value();
  ASSERT_TRUE(AddEnvelopeSignature(e, "B", KeyB()).ok());
  // The "threshold-two-distinct-keys" vector's second signature.
  EXPECT_EQ(
      Base64Encode(e.signatures[1].sig),
      "c1+67/aT0yqEpwx8PsVY3MLHsj9D0CZ014/Fv/QlG59P+9CobUZ7xECJ/V3USG0Ob9CiE5LjReEZUzNF2l7eBw==");
  const Envelope back = DecodeEnvelope(EncodeEnvelope(e).value()).value();
  EXPECT_EQ(back, e);
  const std::map<std::string, crypto::Ed25519PublicKey, std::less<>> keys = {
      {"A", KeyA().public_key()}, {"B", KeyB().public_key()}};
  auto lookup = [&](std::string_view keyid) -> absl::StatusOr<crypto::Ed25519PublicKey> {
    auto it = keys.find(keyid);
    if (it == keys.end()) return absl::NotFoundError("no such key");
    return it->second;
  };
  EXPECT_TRUE(VerifyEnvelopeSignature(back, lookup).ok());
  EXPECT_FALSE(AddEnvelopeSignature(e, "A", KeyA()).ok());  // same keyid twice
}

TEST(EnvelopeTest, EmptyPayloadIsOmittedOnTheWire) {
  const Envelope e = SignEnvelope("t", "", "k", KeyA()).value();
  const std::string bytes = EncodeEnvelope(e).value();
  EXPECT_EQ(crypto::ToHex(bytes.substr(0, 3)), "120174");  // starts with field 2: no field 1
  EXPECT_EQ(DecodeEnvelope(bytes).value(), e);
}

TEST(VerifyEnvelopeTest, Failures) {
  const Envelope good = SignEnvelope(kInTotoType, kInTotoPayload, "A", KeyA()).value();
  auto only_a = [](std::string_view keyid) -> absl::StatusOr<crypto::Ed25519PublicKey> {
    if (keyid == "A") return KeyA().public_key();
    return absl::NotFoundError("unknown keyid");
  };
  EXPECT_TRUE(VerifyEnvelopeSignature(good, only_a).ok());

  Envelope flipped = good;
  flipped.signatures[0].sig[5] ^= 0x01;
  absl::Status s = VerifyEnvelopeSignature(flipped, only_a);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(s.message(), HasSubstr("signature 0 by keyid \"A\" does not verify"));

  // DSSE's "payload-type-swapped" vector: the type is signed too.
  Envelope swapped = good;
  swapped.payload_type = "application/vnd.example.other+json";
  EXPECT_EQ(VerifyEnvelopeSignature(swapped, only_a).code(), absl::StatusCode::kUnauthenticated);

  Envelope changed = good;
  changed.payload.back() = ']';
  EXPECT_EQ(VerifyEnvelopeSignature(changed, only_a).code(), absl::StatusCode::kUnauthenticated);

  Envelope unknown = good;
  unknown.signatures[0].keyid = "Z";
  EXPECT_EQ(VerifyEnvelopeSignature(unknown, only_a).code(), absl::StatusCode::kNotFound);

  // The same signature twice (DSSE's "threshold-two-one-key-twice") is rejected outright.
  Envelope twice = good;
  twice.signatures.push_back(good.signatures[0]);
  EXPECT_THAT(VerifyEnvelopeSignature(twice, only_a).message(), HasSubstr("two signatures"));

  // A valid signature by A labelled as B's does not count as B's.
  Envelope mislabelled = good;
  mislabelled.signatures[0].keyid = "B";
  auto only_b = [](std::string_view) -> absl::StatusOr<crypto::Ed25519PublicKey> {
    return KeyB().public_key();
  };
  EXPECT_EQ(VerifyEnvelopeSignature(mislabelled, only_b).code(),
            absl::StatusCode::kUnauthenticated);

  Envelope no_keyid = good;
  no_keyid.signatures[0].keyid.clear();
  EXPECT_THAT(VerifyEnvelopeSignature(no_keyid, only_a).message(), HasSubstr("no keyid"));
}

struct BadBytes {
  std::string name;
  std::string hex;
  std::string error;
};

// Keeps test names short in ctest listings (gtest would otherwise dump the struct's bytes).
void PrintTo(const BadBytes& b, std::ostream* os) { *os << b.name; }

class DecodeEnvelopeRejectsTest : public ::testing::TestWithParam<BadBytes> {};

TEST_P(DecodeEnvelopeRejectsTest, WithPreciseError) {
  absl::StatusOr<Envelope> e = DecodeEnvelope(Unhex(GetParam().hex));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(e.status().message(), HasSubstr(GetParam().error));
}

// Hex pieces of a small canonical envelope: payload "p", payloadType "t", one signature
// {sig "s", keyid "k"}: 0a0170 120174 1a06 0a0173 12016b.
const std::string kP = "0a0170";
const std::string kT = "120174";
const std::string kS = "1a060a017312016b";

INSTANTIATE_TEST_SUITE_P(
    Cases, DecodeEnvelopeRejectsTest,
    ::testing::Values(
        BadBytes{"NotProtobuf", "ffff", "not a ledger.v1.Envelope"},
        BadBytes{"Truncated", kP + kT + "1a060a0173", "not a ledger.v1.Envelope"},
        BadBytes{"UnknownField", kP + kT + kS + "2001", "unknown field"},
        BadBytes{"UnknownFieldPayloadUtf8", kT + kS + "220170", "unknown field"},
        BadBytes{"UnknownFieldInSignature", kP + kT + "1a080a017312016b1801",
                 "signature 0 has an unknown field"},
        BadBytes{"DuplicatePayload", kP + kP + kT + kS, "canonical"},
        BadBytes{"DuplicatePayloadDifferentValue", "0a0171" + kP + kT + kS, "canonical"},
        BadBytes{"OutOfOrder", kT + kP + kS, "canonical"},
        BadBytes{"SignatureBeforeType", kP + kS + kT, "canonical"},
        BadBytes{"ExplicitEmptyPayload", "0a00" + kT + kS, "canonical"},
        BadBytes{"ExplicitEmptyKeyid", kP + kT + "1a050a01731200", "canonical"},
        BadBytes{"NonMinimalLength", "0a817000" + kT + kS, "not a ledger.v1.Envelope"},
        BadBytes{"NonMinimalLengthValid",
                 "0a8100"
                 "70" +
                     kT + kS,
                 "canonical"},
        BadBytes{"NoSignature", kP + kT, "no signature"},
        BadBytes{"EmptyType", kP + kS, "payloadType is empty"},
        BadBytes{"EmptySig", kP + kT + "1a0312016b", "signature 0 is empty"},
        BadBytes{"InvalidUtf8Type", kP + "1201ff" + kS, "not a ledger.v1.Envelope"},
        BadBytes{"Empty", "", "payloadType is empty"}),
    [](const ::testing::TestParamInfo<BadBytes>& info) { return info.param.name; });

TEST(DecodeEnvelopeTest, SmallCanonicalEnvelopeDecodes) {
  absl::StatusOr<Envelope> e = DecodeEnvelope(Unhex(kP + kT + kS));
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(*e, (Envelope{"t", "p", {{"k", "s"}}}));
}

TEST(DecodeEnvelopeTest, SizeLimitWithPreciseError) {
  absl::StatusOr<Envelope> e = DecodeEnvelope(std::string(70000, '\0'));
  EXPECT_EQ(e.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(e.status().message(), "envelope is 70000 bytes, the maximum is 65536");

  // The largest payload that fits: 65536 bytes in all.
  Envelope big{"t", "", {{"k", "s"}}};
  const size_t overhead = EncodeEnvelope(big).value().size() + 1 + 3;  // tag + 3-byte length
  big.payload.assign(kEnvelopeSizeMax - overhead, 'x');
  absl::StatusOr<std::string> bytes = EncodeEnvelope(big);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(bytes->size(), kEnvelopeSizeMax);
  EXPECT_TRUE(DecodeEnvelope(*bytes).ok());
  big.payload.push_back('x');
  EXPECT_EQ(EncodeEnvelope(big).status().message(),
            "envelope is 65537 bytes, the maximum is 65536");
}

TEST(EncodeEnvelopeTest, RejectsWhatDecodeRejects) {
  EXPECT_FALSE(EncodeEnvelope(Envelope{"", "p", {{"k", "s"}}}).ok());
  EXPECT_FALSE(EncodeEnvelope(Envelope{"t\xFF", "p", {{"k", "s"}}}).ok());
  EXPECT_FALSE(EncodeEnvelope(Envelope{"t", "p", {}}).ok());
  EXPECT_FALSE(EncodeEnvelope(Envelope{"t", "p", {{"k", ""}}}).ok());
  EXPECT_FALSE(EncodeEnvelope(Envelope{"t", "p", {{"k\xC0\x80", "s"}}}).ok());
  Envelope many{"t", "p", {}};
  for (size_t i = 0; i <= kEnvelopeSignaturesMax; ++i) {
    many.signatures.push_back({std::to_string(i), "s"});
  }
  EXPECT_THAT(EncodeEnvelope(many).status().message(), HasSubstr("the maximum is 16"));
  EXPECT_FALSE(SignEnvelope("", "p", "k", KeyA()).ok());
  EXPECT_FALSE(SignEnvelope("t", "p", "", KeyA()).ok());
}

}  // namespace
}  // namespace ledger::envelope
