#include "ledger/note/checkpoint.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/crypto/sha256.h"

namespace ledger::note {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Known answer, computed independently (Python `cryptography`) and listed in docs/FORMATS.md:
// the log key is RFC 8032 §7.1 TEST 2's seed under our origin; the tree holds the 7 leaves
// "leaf 0" .. "leaf 6" (RFC 9162 hashing).
constexpr std::string_view kLogSkey =
    "PRIVATE+KEY+ledger.example.org/341721+bac167c3+AUzNCJso/5banbbDRuwRTg9bijGfNaumJNqM9u1PuKb7";
constexpr std::string_view kLogVkey =
    "ledger.example.org/341721+bac167c3+AT1AF8PoQ4lakrcKp00bfrycmCzPLsSWjMDNVfEq9GYM";
constexpr std::string_view kBody =
    "ledger.example.org/341721\n7\nWmH8K1T5z6cXdPJDIUPdQMbLKxGUf69lp9PaXLZRmcg=\n";
constexpr std::string_view kRootHex =
    "5a61fc2b54f9cfa71774f2432143dd40c6cb2b11947faf65a7d3da5cb65199c8";
const std::string kNote = std::string(kBody) +
                          "\n\xE2\x80\x94 ledger.example.org/341721 "
                          "usFnw6w5ev5gfenUhkSdueSBQwMvDiRVBsZnYBsgwJSyUOsmGWgvxdfwYnZ9ZjjODXHRJOnI"
                          "0H8ZSusp3nmK/k9oBAs=\n";

// c2sp.org/tlog-checkpoint: the example checkpoint of the specification.
constexpr std::string_view kSofaBody =
    "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

crypto::Sha256Digest Root() {
  std::string bytes;
  EXPECT_TRUE(crypto::FromHex(kRootHex, &bytes));
  crypto::Sha256Digest d;
  std::copy(bytes.begin(), bytes.end(), d.begin());
  return d;
}

Checkpoint Kat() { return Checkpoint{"ledger.example.org/341721", 7, Root(), {}}; }

TEST(CheckpointTest, BodyKnownAnswer) {
  EXPECT_EQ(FormatCheckpointBody(Kat()).value(), kBody);
  EXPECT_EQ(ParseCheckpointBody(kBody).value(), Kat());
}

TEST(CheckpointTest, SpecExampleParses) {
  absl::StatusOr<Checkpoint> cp = ParseCheckpointBody(kSofaBody);
  ASSERT_TRUE(cp.ok()) << cp.status();
  EXPECT_EQ(cp->origin, "example.com/behind-the-sofa");
  EXPECT_EQ(cp->size, 20852163u);
  EXPECT_EQ(crypto::ToHex(cp->root),
            "0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62");
  EXPECT_EQ(FormatCheckpointBody(*cp).value(), kSofaBody);
}

TEST(CheckpointTest, SignedCheckpointKnownAnswer) {
  const NoteSigner log = NoteSigner::Parse(kLogSkey).value();
  EXPECT_EQ(log.VerifierKey(), kLogVkey);
  absl::StatusOr<std::string> note = SignCheckpoint(Kat(), log);
  ASSERT_TRUE(note.ok()) << note.status();
  EXPECT_EQ(*note, kNote);

  absl::StatusOr<Checkpoint> opened = OpenCheckpoint(kNote, NoteVerifier::Parse(kLogVkey).value());
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, Kat());
}

TEST(CheckpointTest, ZeroSizeAndExtensionsRoundTrip) {
  Checkpoint cp{"a.example/log", 0, crypto::Sha256(""), {"ext one", "\xE6\x89\xA9\xE5\xB1\x95"}};
  const std::string body = FormatCheckpointBody(cp).value();
  EXPECT_EQ(body,
            "a.example/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\next one\n"
            "\xE6\x89\xA9\xE5\xB1\x95\n");
  EXPECT_EQ(ParseCheckpointBody(body).value(), cp);
  const NoteSigner log =
      NoteSigner::Create("a.example/log", crypto::Ed25519PrivateKey::Generate()).value();
  absl::StatusOr<Checkpoint> opened =
      OpenCheckpoint(SignCheckpoint(cp, log).value(), log.Verifier());
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_THAT(opened->extensions, ElementsAre("ext one", "\xE6\x89\xA9\xE5\xB1\x95"));
}

TEST(CheckpointTest, FormatRejectsBadFields) {
  Checkpoint cp = Kat();
  cp.origin = "has space/1";
  EXPECT_THAT(FormatCheckpointBody(cp).status().message(), HasSubstr("not a valid key name"));
  cp.origin = "has+plus/1";
  EXPECT_FALSE(FormatCheckpointBody(cp).ok());
  cp.origin = "";
  EXPECT_FALSE(FormatCheckpointBody(cp).ok());
  cp = Kat();
  cp.extensions = {""};
  EXPECT_THAT(FormatCheckpointBody(cp).status().message(), HasSubstr("extension line 1"));
  cp.extensions = {"two\nlines"};
  EXPECT_FALSE(FormatCheckpointBody(cp).ok());
  cp.extensions = {"tab\there"};
  EXPECT_FALSE(FormatCheckpointBody(cp).ok());
}

struct BadBody {
  std::string name;
  std::string body;
  std::string error;
};

// Keeps test names short in ctest listings.
void PrintTo(const BadBody& b, std::ostream* os) { *os << b.name; }

class ParseCheckpointRejectsTest : public ::testing::TestWithParam<BadBody> {};

TEST_P(ParseCheckpointRejectsTest, WithPreciseError) {
  absl::StatusOr<Checkpoint> cp = ParseCheckpointBody(GetParam().body);
  ASSERT_FALSE(cp.ok());
  EXPECT_EQ(cp.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(cp.status().message(), HasSubstr(GetParam().error));
}

const std::string kRootB64 = "WmH8K1T5z6cXdPJDIUPdQMbLKxGUf69lp9PaXLZRmcg=";

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseCheckpointRejectsTest,
    ::testing::Values(
        BadBody{"LeadingZeroSize", "o/1\n07\n" + kRootB64 + "\n", "leading zero"},
        BadBody{"DoubleZeroSize", "o/1\n00\n" + kRootB64 + "\n", "leading zero"},
        BadBody{"SignedSize", "o/1\n+7\n" + kRootB64 + "\n", "not an unsigned decimal"},
        BadBody{"NegativeSize", "o/1\n-1\n" + kRootB64 + "\n", "not an unsigned decimal"},
        BadBody{"HexSize", "o/1\n0x7\n" + kRootB64 + "\n", "leading zero"},
        BadBody{"SizeWithSpace", "o/1\n7 \n" + kRootB64 + "\n", "not an unsigned decimal"},
        BadBody{"SizeOverflow", "o/1\n18446744073709551616\n" + kRootB64 + "\n", "exceeds"},
        BadBody{"EmptySize", "o/1\n\n" + kRootB64 + "\n", "line 2 is empty"},
        BadBody{"ShortRoot", "o/1\n7\nAAECAw==\n", "32 bytes"},
        BadBody{"LongRoot", "o/1\n7\n" + kRootB64.substr(0, 43) + "AAAA\n", "32 bytes"},
        BadBody{"RootBadBase64", "o/1\n7\n" + kRootB64.substr(0, 43) + "!\n", "32 bytes"},
        BadBody{"RootUnpadded", "o/1\n7\n" + kRootB64.substr(0, 43) + "\n", "32 bytes"},
        BadBody{"TwoLines", "o/1\n7\n", "has 2 lines"},
        BadBody{"EmptyExtension", "o/1\n7\n" + kRootB64 + "\n\n", "line 4 is empty"},
        BadBody{"NoFinalNewline", "o/1\n7\n" + kRootB64, "does not end with a newline"},
        BadBody{"SpaceInOrigin", "o 1\n7\n" + kRootB64 + "\n", "not a valid key name"},
        BadBody{"PlusInOrigin", "o+1\n7\n" + kRootB64 + "\n", "not a valid key name"},
        BadBody{"EmptyOrigin", "\n7\n" + kRootB64 + "\n", "line 1 is empty"},
        BadBody{"CrLf", "o/1\r\n7\r\n" + kRootB64 + "\r\n", "control character"}),
    [](const ::testing::TestParamInfo<BadBody>& info) { return info.param.name; });

TEST(OpenCheckpointTest, WrongOriginIsRejected) {
  // A checkpoint of another log, even correctly signed by a key of the same name as its origin.
  const NoteSigner other =
      NoteSigner::Create("ledger.example.org/341722", crypto::Ed25519PrivateKey::Generate())
          .value();
  Checkpoint cp = Kat();
  cp.origin = "ledger.example.org/341722";
  const std::string note = SignCheckpoint(cp, other).value();
  absl::StatusOr<Checkpoint> opened = OpenCheckpoint(note, NoteVerifier::Parse(kLogVkey).value());
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(opened.status().message(),
              HasSubstr("origin \"ledger.example.org/341722\" is not the log "
                        "\"ledger.example.org/341721\""));
}

TEST(OpenCheckpointTest, SignerMustBeNamedAfterTheOrigin) {
  const NoteSigner wrong =
      NoteSigner::Create("someone.else/1", crypto::Ed25519PrivateKey::Generate()).value();
  EXPECT_THAT(SignCheckpoint(Kat(), wrong).status().message(), HasSubstr("differs from"));
}

TEST(OpenCheckpointTest, FlippedSignatureBitIsRejected) {
  Note note = ParseNote(kNote).value();
  note.signatures[0].signature[63] ^= 0x80;
  absl::StatusOr<Checkpoint> opened =
      OpenCheckpoint(FormatNote(note).value(), NoteVerifier::Parse(kLogVkey).value());
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(OpenCheckpointTest, ChangedSizeIsRejected) {
  std::string tampered = kNote;
  tampered[tampered.find("\n7\n") + 1] = '8';
  EXPECT_EQ(OpenCheckpoint(tampered, NoteVerifier::Parse(kLogVkey).value()).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(OpenCheckpointTest, OtherKeyOfTheSameNameIsRejected) {
  const NoteSigner impostor =
      NoteSigner::Create("ledger.example.org/341721", crypto::Ed25519PrivateKey::Generate())
          .value();
  const std::string note = SignCheckpoint(Kat(), impostor).value();
  absl::StatusOr<Checkpoint> opened = OpenCheckpoint(note, NoteVerifier::Parse(kLogVkey).value());
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(opened.status().message(), HasSubstr("no signature by a known key"));
}

TEST(OpenCheckpointTest, TrailingGarbageIsRejected) {
  EXPECT_FALSE(OpenCheckpoint(kNote + "x", NoteVerifier::Parse(kLogVkey).value()).ok());
  EXPECT_FALSE(OpenCheckpoint(kNote + "x\n", NoteVerifier::Parse(kLogVkey).value()).ok());
}

}  // namespace
}  // namespace ledger::note
