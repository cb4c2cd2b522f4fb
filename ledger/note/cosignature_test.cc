#include "ledger/note/cosignature.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/crypto/sha256.h"
#include "ledger/note/checkpoint.h"

namespace ledger::note {
namespace {

using ::testing::HasSubstr;

// Known answer, computed independently (Python `cryptography`) and listed in docs/FORMATS.md:
// witness "witness.example.org/w1" with RFC 8032 §7.1 TEST 1's seed cosigns the checkpoint of
// checkpoint_test.cc at time 1700000000.
constexpr std::string_view kTest1SeedHex =
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
constexpr std::string_view kWitnessVkey =
    "witness.example.org/w1+eba12634+BNdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea";
constexpr std::string_view kBody =
    "ledger.example.org/341721\n7\nWmH8K1T5z6cXdPJDIUPdQMbLKxGUf69lp9PaXLZRmcg=\n";
constexpr uint64_t kTimestamp = 1700000000;
constexpr std::string_view kCosignatureHex =
    "eba12634"          // key id
    "000000006553f100"  // timestamp 1700000000, big-endian
    "16cf1cb933d6ebfc4efdb8fad08d3d4b7e9cb4f134a97141f56644d67748cc79"   // Ed25519 R
    "635b82de3ca4691900129f0143befc2ae14a438050c375eb0badc1521e3f300d";  // Ed25519 S
const std::string kLogLine =
    "\xE2\x80\x94 ledger.example.org/341721 "
    "usFnw6w5ev5gfenUhkSdueSBQwMvDiRVBsZnYBsgwJSyUOsmGWgvxdfwYnZ9ZjjODXHRJOnI0H8ZSusp3nmK/"
    "k9oBAs=\n";
const std::string kCosignatureLine =
    "\xE2\x80\x94 witness.example.org/w1 "
    "66EmNAAAAABlU/EAFs8cuTPW6/xO/"
    "bj60I09S36ctPE0qXFB9WZE1ndIzHljW4LePKRpGQASnwFDvvwq4UpDgFDDdesLrcFSHj8wDQ==\n";

CosignatureSigner Witness() {
  std::string seed;
  EXPECT_TRUE(crypto::FromHex(kTest1SeedHex, &seed));
  return CosignatureSigner::Create("witness.example.org/w1",
                                   crypto::Ed25519PrivateKey::FromSeed(seed).value())
      .value();
}

TEST(CosignatureTest, SignedMessageLayout) {
  EXPECT_EQ(CosignatureV1Message(kBody, kTimestamp),
            "cosignature/v1\ntime 1700000000\n" + std::string(kBody));
  EXPECT_EQ(CosignatureV1Message(kBody, 0), "cosignature/v1\ntime 0\n" + std::string(kBody));
}

TEST(CosignatureTest, KnownAnswer) {
  const CosignatureSigner witness = Witness();
  EXPECT_EQ(witness.key_id(), 0xeba12634u);
  EXPECT_EQ(witness.VerifierKey(), kWitnessVkey);
  absl::StatusOr<NoteSignature> cosig = CosignCheckpoint(kBody, witness, kTimestamp);
  ASSERT_TRUE(cosig.ok()) << cosig.status();
  EXPECT_EQ(cosig->key_name, "witness.example.org/w1");
  EXPECT_EQ(cosig->key_id, 0xeba12634u);
  EXPECT_EQ(
      absl::StrCat(absl::Hex(cosig->key_id, absl::kZeroPad8), crypto::ToHex(cosig->signature)),
      kCosignatureHex);
  EXPECT_EQ(FormatSignatureLine(*cosig).value(), kCosignatureLine);

  // The cosigned note: the log's signature line, then the witness's.
  const std::string note = std::string(kBody) + "\n" + kLogLine + kCosignatureLine;
  const Note parsed = ParseNote(note).value();
  const std::vector<CosignatureVerifier> witnesses = {
      CosignatureVerifier::Parse(kWitnessVkey).value()};
  absl::StatusOr<std::vector<VerifiedCosignature>> verified = VerifyCosignatures(parsed, witnesses);
  ASSERT_TRUE(verified.ok()) << verified.status();
  ASSERT_EQ(verified->size(), 1u);
  EXPECT_EQ((*verified)[0].witness_index, 0u);
  EXPECT_EQ((*verified)[0].timestamp_s, kTimestamp);
}

TEST(CosignatureTest, SpecExampleLayout) {
  // c2sp.org/tlog-cosignature: the witness line of the specification's example decodes to
  // key id || 8-byte timestamp || 64-byte signature, and the timestamp is the one of the
  // specification's example signed message ("time 1679315147"). Its public key is not published,
  // so only the layout can be checked.
  const std::string note =
      "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n"
      "\xE2\x80\x94 example.com/behind-the-sofa "
      "Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/"
      "Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
      "\xE2\x80\x94 witness.example.com/w1 "
      "jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+"
      "mbIUBkBIfZ+qnA==\n";
  absl::StatusOr<Note> parsed = ParseNote(note);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->signatures.size(), 2u);
  const NoteSignature& cosig = parsed->signatures[1];
  EXPECT_EQ(cosig.key_id, 0x8d66cf3fu);
  ASSERT_EQ(cosig.signature.size(), kCosignatureV1SignatureSize);
  uint64_t timestamp_s = 0;
  for (size_t i = 0; i < 8; ++i) {
    timestamp_s = (timestamp_s << 8) | static_cast<uint8_t>(cosig.signature[i]);
  }
  EXPECT_EQ(timestamp_s, 1679315147u);
}

TEST(CosignatureTest, RoundTripAndVerifierKeyParse) {
  const CosignatureSigner witness =
      CosignatureSigner::Create("w.example/1", crypto::Ed25519PrivateKey::Generate()).value();
  const CosignatureVerifier verifier = CosignatureVerifier::Parse(witness.VerifierKey()).value();
  EXPECT_EQ(verifier.key_id(), witness.key_id());
  const NoteSignature cosig = CosignCheckpoint(kBody, witness, kCosignatureTimestampMax).value();
  EXPECT_EQ(verifier.Verify(kBody, cosig).value(), kCosignatureTimestampMax);
  // A type-0x01 note vkey of the same key is not a cosignature key.
  EXPECT_THAT(
      CosignatureVerifier::Parse(
          FormatVerifierKey("w.example/1", KeyId("w.example/1", 1, verifier.public_key().bytes()),
                            1, verifier.public_key().bytes()))
          .status()
          .message(),
      HasSubstr("signature type 0x01, expected 0x04"));
}

// The signer key of the known-answer witness: the signed-note skey encoding with type 0x04.
TEST(CosignatureTest, SignerKeyKnownAnswerAndParse) {
  constexpr std::string_view kWitnessSkey =
      "PRIVATE+KEY+witness.example.org/w1+eba12634+BJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g";
  EXPECT_EQ(Witness().SignerKey(), kWitnessSkey);
  absl::StatusOr<CosignatureSigner> parsed = CosignatureSigner::Parse(kWitnessSkey);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->VerifierKey(), kWitnessVkey);
  EXPECT_EQ(parsed->SignerKey(), kWitnessSkey);
  // The log's skey type (0x01) is not a witness key, and a wrong key id is refused.
  const std::string note_skey =
      NoteSigner::Create("witness.example.org/w1", crypto::Ed25519PrivateKey::Generate())
          .value()
          .SignerKey();
  EXPECT_THAT(CosignatureSigner::Parse(note_skey).status().message(),
              HasSubstr("signature type 0x01, expected 0x04"));
  std::string wrong_id(kWitnessSkey);
  wrong_id.replace(wrong_id.find("eba12634"), 8, "eba12635");
  EXPECT_THAT(CosignatureSigner::Parse(wrong_id).status().message(),
              HasSubstr("does not match the key"));
  EXPECT_THAT(CosignatureSigner::Parse(kWitnessVkey).status().message(),
              HasSubstr("does not start with PRIVATE+KEY+"));
}

TEST(CosignatureTest, NegativeCases) {
  const CosignatureSigner witness = Witness();
  const CosignatureVerifier verifier = witness.Verifier();
  const NoteSignature good = CosignCheckpoint(kBody, witness, kTimestamp).value();

  NoteSignature flipped = good;
  flipped.signature[20] ^= 0x04;
  EXPECT_EQ(verifier.Verify(kBody, flipped).status().code(), absl::StatusCode::kUnauthenticated);

  NoteSignature other_time = good;
  other_time.signature[7] ^= 0x01;  // timestamp 1700000001: the signature no longer matches
  EXPECT_EQ(verifier.Verify(kBody, other_time).status().code(), absl::StatusCode::kUnauthenticated);

  NoteSignature huge_time = good;
  huge_time.signature[0] = '\x80';  // 2^63 + ...
  EXPECT_THAT(verifier.Verify(kBody, huge_time).status().message(), HasSubstr("exceeds 2^63 - 1"));

  NoteSignature short_sig = good;
  short_sig.signature.pop_back();
  EXPECT_THAT(verifier.Verify(kBody, short_sig).status().message(), HasSubstr("expected 72"));

  NoteSignature wrong_id = good;
  wrong_id.key_id ^= 1;
  EXPECT_THAT(verifier.Verify(kBody, wrong_id).status().message(), HasSubstr("is not by witness"));

  std::string other_body(kBody);
  other_body[other_body.find("\n7\n") + 1] = '8';
  EXPECT_EQ(verifier.Verify(other_body, good).status().code(), absl::StatusCode::kUnauthenticated);

  EXPECT_FALSE(CosignCheckpoint("not a checkpoint\n", witness, kTimestamp).ok());
  EXPECT_FALSE(CosignCheckpoint(kBody, witness, kCosignatureTimestampMax + 1).ok());
}

TEST(CosignatureTest, VerifyCosignaturesIgnoresUnknownAndRejectsBadKnown) {
  const CosignatureSigner w1 = Witness();
  const CosignatureSigner w2 =
      CosignatureSigner::Create("w2.example/x", crypto::Ed25519PrivateKey::Generate()).value();
  const CosignatureSigner w3 =
      CosignatureSigner::Create("w3.example/x", crypto::Ed25519PrivateKey::Generate()).value();
  Note note = ParseNote(std::string(kBody) + "\n" + kLogLine).value();
  note.signatures.push_back(CosignCheckpoint(kBody, w1, 10).value());
  note.signatures.push_back(CosignCheckpoint(kBody, w2, 20).value());

  // w3 is trusted but absent; w2 is present but unknown; the log line is ignored.
  const std::vector<CosignatureVerifier> trusted = {w3.Verifier(), w1.Verifier()};
  absl::StatusOr<std::vector<VerifiedCosignature>> verified = VerifyCosignatures(note, trusted);
  ASSERT_TRUE(verified.ok()) << verified.status();
  ASSERT_EQ(verified->size(), 1u);
  EXPECT_EQ((*verified)[0].witness_index, 1u);
  EXPECT_EQ((*verified)[0].timestamp_s, 10u);

  note.signatures[1].signature.back() ^= 0x01;
  EXPECT_EQ(VerifyCosignatures(note, trusted).status().code(), absl::StatusCode::kUnauthenticated);

  const std::vector<CosignatureVerifier> twice = {w1.Verifier(), w1.Verifier()};
  EXPECT_EQ(VerifyCosignatures(note, twice).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ledger::note
