#include "ledger/note/tlog_proof.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/crypto/sha256.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/keys.h"

namespace ledger::note {
namespace {

using ::testing::HasSubstr;

// Known answer (see docs/FORMATS.md): leaf 5 of the 7-leaf tree of checkpoint_test.cc, with the
// RFC 9162 inclusion path [hash(leaf 4), hash(leaf 6), MTH(leaves 0..3)] and the cosigned
// checkpoint of cosignature_test.cc.
const std::string kCheckpointNote =
    "ledger.example.org/341721\n7\nWmH8K1T5z6cXdPJDIUPdQMbLKxGUf69lp9PaXLZRmcg=\n\n"
    "\xE2\x80\x94 ledger.example.org/341721 "
    "usFnw6w5ev5gfenUhkSdueSBQwMvDiRVBsZnYBsgwJSyUOsmGWgvxdfwYnZ9ZjjODXHRJOnI0H8ZSusp3nmK/k9oBAs=\n"
    "\xE2\x80\x94 witness.example.org/w1 "
    "66EmNAAAAABlU/EAFs8cuTPW6/xO/"
    "bj60I09S36ctPE0qXFB9WZE1ndIzHljW4LePKRpGQASnwFDvvwq4UpDgFDDdesLrcFSHj8wDQ==\n";
const std::string kHead =
    "c2sp.org/tlog-proof@v1\n"
    "index 5\n"
    "gxFfiUeVX6/cKifn9MCFS72Nonuxs+NAXbVxya+Nvho=\n"
    "+3+GnOi3tR/fcZ/IwhpHNsmMwWCoJWBqgfeKf00iYdk=\n"
    "T2MQhKFXxU9U/Psj/164ZQxLoWDClbsTqYMrEJ1SZ34=\n";
const std::string kProof = kHead + "\n" + kCheckpointNote;

crypto::Sha256Digest Digest(std::string_view hex) {
  std::string bytes;
  EXPECT_TRUE(crypto::FromHex(hex, &bytes));
  crypto::Sha256Digest d;
  std::copy(bytes.begin(), bytes.end(), d.begin());
  return d;
}

TlogProof Kat() {
  return TlogProof{std::nullopt,
                   5,
                   {Digest("83115f8947955fafdc2a27e7f4c0854bbd8da27bb1b3e3405db571c9af8dbe1a"),
                    Digest("fb7f869ce8b7b51fdf719fc8c21a4736c98cc160a825606a81f78a7f4d2261d9"),
                    Digest("4f631084a157c54f54fcfb23ff5eb8650c4ba160c295bb13a9832b109d52677e")},
                   kCheckpointNote};
}

TEST(TlogProofTest, KnownAnswer) {
  EXPECT_EQ(FormatTlogProof(Kat()).value(), kProof);
  absl::StatusOr<TlogProof> parsed = ParseTlogProof(kProof);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, Kat());
  EXPECT_EQ(crypto::ToHex(parsed->path[0]),
            crypto::ToHex(crypto::Sha256(std::string("\0leaf 4", 7))));
  // The embedded checkpoint opens with the log key.
  EXPECT_TRUE(OpenCheckpoint(parsed->checkpoint_note,
                             NoteVerifier::Parse("ledger.example.org/341721+bac167c3+"
                                                 "AT1AF8PoQ4lakrcKp00bfrycmCzPLsSWjMDNVfEq9GYM")
                                 .value())
                  .ok());
}

TEST(TlogProofTest, ExtraLineAndEmptyPathRoundTrip) {
  TlogProof proof = Kat();
  proof.extra = std::string("\x00\x01opaque", 8);
  proof.index = 0;
  proof.path.clear();
  const std::string text = FormatTlogProof(proof).value();
  EXPECT_EQ(text, "c2sp.org/tlog-proof@v1\nextra AAFvcGFxdWU=\nindex 0\n\n" + kCheckpointNote);
  EXPECT_EQ(ParseTlogProof(text).value(), proof);
}

TEST(TlogProofTest, FormatRejects) {
  TlogProof proof = Kat();
  proof.extra = "";
  EXPECT_THAT(FormatTlogProof(proof).status().message(), HasSubstr("extra data is 0 bytes"));
  proof = Kat();
  proof.index = 7;
  EXPECT_THAT(FormatTlogProof(proof).status().message(),
              HasSubstr("index 7 is not below the checkpoint tree size 7"));
  proof = Kat();
  proof.path.resize(kTlogProofPathMax + 1);
  EXPECT_THAT(FormatTlogProof(proof).status().message(), HasSubstr("the maximum is 64"));
  proof = Kat();
  proof.checkpoint_note = "not a note\n";
  EXPECT_FALSE(FormatTlogProof(proof).ok());
}

struct BadProof {
  std::string name;
  std::string text;
  std::string error;
};

// Keeps test names short in ctest listings.
void PrintTo(const BadProof& b, std::ostream* os) { *os << b.name; }

class ParseTlogProofRejectsTest : public ::testing::TestWithParam<BadProof> {};

TEST_P(ParseTlogProofRejectsTest, WithPreciseError) {
  absl::StatusOr<TlogProof> proof = ParseTlogProof(GetParam().text);
  ASSERT_FALSE(proof.ok());
  EXPECT_EQ(proof.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(proof.status().message(), HasSubstr(GetParam().error));
}

const std::string kPath =
    "gxFfiUeVX6/cKifn9MCFS72Nonuxs+NAXbVxya+Nvho=\n"
    "+3+GnOi3tR/fcZ/IwhpHNsmMwWCoJWBqgfeKf00iYdk=\n"
    "T2MQhKFXxU9U/Psj/164ZQxLoWDClbsTqYMrEJ1SZ34=\n";

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseTlogProofRejectsTest,
    ::testing::Values(
        BadProof{"WrongHeader",
                 "c2sp.org/tlog-proof@v2\nindex 5\n" + kPath + "\n" + kCheckpointNote,
                 "line 1: expected"},
        BadProof{"MissingIndex", "c2sp.org/tlog-proof@v1\n" + kPath + "\n" + kCheckpointNote,
                 "line 2: expected \"index"},
        BadProof{"IndexLeadingZero",
                 "c2sp.org/tlog-proof@v1\nindex 05\n" + kPath + "\n" + kCheckpointNote,
                 "leading zero"},
        BadProof{"IndexTwoSpaces",
                 "c2sp.org/tlog-proof@v1\nindex  5\n" + kPath + "\n" + kCheckpointNote,
                 "not an unsigned decimal"},
        BadProof{"IndexTooLarge",
                 "c2sp.org/tlog-proof@v1\nindex 7\n" + kPath + "\n" + kCheckpointNote,
                 "not below the checkpoint tree size"},
        BadProof{"ExtraAfterIndex",
                 "c2sp.org/tlog-proof@v1\nindex 5\nextra AAFvcGFxdWU=\n" + kPath + "\n" +
                     kCheckpointNote,
                 "line 3: is not the canonical base64"},
        BadProof{"EmptyExtra",
                 "c2sp.org/tlog-proof@v1\nextra \nindex 5\n" + kPath + "\n" + kCheckpointNote,
                 "extra data is 0 bytes"},
        BadProof{"ShortHash", "c2sp.org/tlog-proof@v1\nindex 5\nAAECAw==\n\n" + kCheckpointNote,
                 "line 3: is not the canonical base64 of a 32-byte hash"},
        BadProof{"NoBlankLine", "c2sp.org/tlog-proof@v1\nindex 5\n" + kPath, "no blank line"},
        BadProof{
            "CheckpointWithoutSignature",
            "c2sp.org/tlog-proof@v1\nindex 5\n" + kPath +
                "\nledger.example.org/341721\n7\nWmH8K1T5z6cXdPJDIUPdQMbLKxGUf69lp9PaXLZRmcg=\n",
            "no blank line before its signature lines"},
        BadProof{"TrailingGarbage", kProof + "garbage\n", "em dash"},
        BadProof{"CrLf", "c2sp.org/tlog-proof@v1\r\nindex 5\n" + kPath + "\n" + kCheckpointNote,
                 "line 1: expected"}),
    [](const ::testing::TestParamInfo<BadProof>& info) { return info.param.name; });

TEST(TlogProofTest, PathLengthLimit) {
  std::string path;
  for (size_t i = 0; i <= kTlogProofPathMax; ++i) {
    path += "gxFfiUeVX6/cKifn9MCFS72Nonuxs+NAXbVxya+Nvho=\n";
  }
  EXPECT_THAT(ParseTlogProof("c2sp.org/tlog-proof@v1\nindex 5\n" + path + "\n" + kCheckpointNote)
                  .status()
                  .message(),
              HasSubstr("more than 64 hashes"));
}

}  // namespace
}  // namespace ledger::note
