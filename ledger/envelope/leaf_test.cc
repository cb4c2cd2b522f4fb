#include "ledger/envelope/leaf.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/crypto/sha256.h"

namespace ledger::envelope {
namespace {

using ::testing::HasSubstr;

std::string Unhex(std::string_view hex) {
  std::string bytes;
  EXPECT_TRUE(crypto::FromHex(hex, &bytes));
  return bytes;
}

// The small canonical envelope of envelope_test.cc: payload "p", type "t", {sig "s", keyid "k"}.
const std::string kEnvelopeHex =
    "0a0170120174"
    "1a060a017312016b";

TEST(LeafTest, HandBuiltBytes) {
  // 2024-01-01T00:00:00Z = 1704067200 s = 1704067200000000 us = 0x00060dd710212000.
  const std::string expected = Unhex(
      "01"
      "00060dd710212000" +
      kEnvelopeHex);
  absl::StatusOr<std::string> leaf = EncodeLeaf(1704067200000000, Unhex(kEnvelopeHex));
  ASSERT_TRUE(leaf.ok()) << leaf.status();
  EXPECT_EQ(*leaf, expected);
  absl::StatusOr<Leaf> parsed = DecodeLeaf(expected);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->version, 0x01);
  EXPECT_EQ(parsed->recorded_time_us, 1704067200000000);
  EXPECT_EQ(parsed->envelope_bytes, Unhex(kEnvelopeHex));
  // The view points into the input: nothing is copied or re-serialized.
  EXPECT_EQ(parsed->envelope_bytes.data(), expected.data() + kLeafHeaderSize);
  // RFC 9162 leaf hash of these bytes (as listed in docs/FORMATS.md).
  EXPECT_EQ(crypto::ToHex(crypto::Sha256(std::string(1, '\0') + expected)),
            "d0f0d7686b5b5cc8ca98ea62223e8c76a71663046c6a15fed875d5198bc0dc77");
}

TEST(LeafTest, DsseEnvelopeLeafKnownAnswer) {
  // The envelope of envelope_test.cc's DSSE known answer, recorded at 2024-01-01T00:00:00Z: the
  // worked example of docs/FORMATS.md.
  const std::string envelope = Unhex(
      "0a2b7b225f74797065223a2268747470733a2f2f696e2d746f746f2e696f2f53746174656d656e742f7631227d"
      "121c6170706c69636174696f6e2f766e642e696e2d746f746f2b6a736f6e"
      "1a450a40"
      "d9601f6879b98e5ba8d30fb4ae4f2e56496e10b2585a34a653dc7b114cf1f80c"
      "ad783189e3f9eac895df98051514802841a7d69bb031059370e4cf62c4d1e208"
      "120141");
  const std::string leaf = EncodeLeaf(1704067200000000, envelope).value();
  EXPECT_EQ(leaf.size(), 155u);
  EXPECT_EQ(crypto::ToHex(leaf.substr(0, kLeafHeaderSize)), "0100060dd710212000");
  EXPECT_EQ(crypto::ToHex(crypto::Sha256(std::string(1, '\0') + leaf)),
            "a6bd4fc791615565574b6e8431410b51ae19c5aa2f4cd785b7786b64db5f2741");
  EXPECT_TRUE(DecodeEnvelope(DecodeLeaf(leaf).value().envelope_bytes).ok());
}

TEST(LeafTest, TimeExtremes) {
  for (int64_t t : {int64_t{0}, int64_t{1}, int64_t{0x7fffffffffffffff}}) {
    const std::string leaf = EncodeLeaf(t, "e").value();
    EXPECT_EQ(DecodeLeaf(leaf).value().recorded_time_us, t);
  }
  EXPECT_EQ(crypto::ToHex(EncodeLeaf(0x0102030405060708, "e").value()), "01010203040506070865");
}

TEST(LeafTest, Rejects) {
  EXPECT_THAT(DecodeLeaf("").status().message(), HasSubstr("empty"));
  EXPECT_THAT(DecodeLeaf(Unhex("02"
                               "00060dd710212000" +
                               kEnvelopeHex))
                  .status()
                  .message(),
              HasSubstr("leaf version 0x02 is unknown"));
  EXPECT_THAT(DecodeLeaf(Unhex("00"
                               "00060dd710212000" +
                               kEnvelopeHex))
                  .status()
                  .message(),
              HasSubstr("leaf version 0x00 is unknown"));
  EXPECT_THAT(DecodeLeaf(Unhex("01"
                               "00060dd7102120"))
                  .status()
                  .message(),
              HasSubstr("shorter than its 9-byte header"));
  EXPECT_THAT(DecodeLeaf(Unhex("01"
                               "00060dd710212000"))
                  .status()
                  .message(),
              HasSubstr("no envelope bytes"));
  EXPECT_THAT(DecodeLeaf(Unhex("01"
                               "ffffffffffffffff" +
                               kEnvelopeHex))
                  .status()
                  .message(),
              HasSubstr("recorded time -1 us is before the Unix epoch"));
  EXPECT_THAT(DecodeLeaf(Unhex("01"
                               "0000000000000000") +
                         std::string(kEnvelopeSizeMax + 1, 'e'))
                  .status()
                  .message(),
              HasSubstr("leaf envelope is 65537 bytes, the maximum is 65536"));
  EXPECT_FALSE(EncodeLeaf(-1, "e").ok());
  EXPECT_FALSE(EncodeLeaf(0, "").ok());
  EXPECT_FALSE(EncodeLeaf(0, std::string(kEnvelopeSizeMax + 1, 'e')).ok());
  EXPECT_TRUE(EncodeLeaf(0, std::string(kEnvelopeSizeMax, 'e')).ok());
}

}  // namespace
}  // namespace ledger::envelope
