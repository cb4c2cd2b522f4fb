#include "ledger/note/note.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/note/text.h"

namespace ledger::note {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kEm = "\xE2\x80\x94";  // U+2014

// golang.org/x/mod/sumdb/note package documentation: the doubly signed example note.
const std::string kGoText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
const std::string kPeterLine =
    "\xE2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/"
    "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const std::string kEnochLine =
    "\xE2\x80\x94 EnochRoot "
    "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/"
    "5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

// c2sp.org/signed-note: the example at the top of the specification (text with a blank line).
const std::string kQuasimodoNote =
    "Ognuno sta solo sul cuor della terra\n"
    "trafitto da un raggio di sole:\n"
    "\n"
    "ed \xC3\xA8 subito sera.\n"
    "\n"
    "\xE2\x80\x94 quasimodo.example/salvatore "
    "NnugSzTjtVAewIS+Z/iJhUPeFDkO/"
    "5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n";

TEST(ParseNoteTest, GoExampleWithTwoSignatures) {
  const std::string bytes = kGoText + "\n" + kPeterLine + kEnochLine;
  absl::StatusOr<Note> note = ParseNote(bytes);
  ASSERT_TRUE(note.ok()) << note.status();
  EXPECT_EQ(note->text, kGoText);
  ASSERT_EQ(note->signatures.size(), 2u);
  EXPECT_EQ(note->signatures[0].key_name, "PeterNeumann");
  EXPECT_EQ(note->signatures[0].key_id, 0xc74f20a3u);
  EXPECT_EQ(note->signatures[0].signature.size(), 64u);
  EXPECT_EQ(note->signatures[1].key_name, "EnochRoot");
  EXPECT_EQ(note->signatures[1].key_id, 0xaf0cfe78u);
  absl::StatusOr<std::string> again = FormatNote(*note);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, bytes);
}

TEST(ParseNoteTest, TextMayContainBlankLinesAndSplitsAtTheLastOne) {
  absl::StatusOr<Note> note = ParseNote(kQuasimodoNote);
  ASSERT_TRUE(note.ok()) << note.status();
  EXPECT_EQ(note->text,
            "Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\n"
            "ed \xC3\xA8 subito sera.\n");
  ASSERT_EQ(note->signatures.size(), 1u);
  EXPECT_EQ(note->signatures[0].key_name, "quasimodo.example/salvatore");
  EXPECT_EQ(note->signatures[0].key_id, 0x367ba04bu);
  EXPECT_EQ(FormatNote(*note).value(), kQuasimodoNote);
}

TEST(ParseNoteTest, TextEndingInBlankLineRoundTrips) {
  Note note{"a\n\n", {{"k", 1, "s"}}};
  const std::string bytes = FormatNote(note).value();
  EXPECT_EQ(bytes, "a\n\n\n" + std::string(kEm) + " k AAAAAXM=\n");
  EXPECT_EQ(ParseNote(bytes).value(), note);
}

struct BadNote {
  std::string name;
  std::string bytes;
  std::string error;
};

// Keeps test names short in ctest listings.
void PrintTo(const BadNote& b, std::ostream* os) { *os << b.name; }

class ParseNoteRejectsTest : public ::testing::TestWithParam<BadNote> {};

TEST_P(ParseNoteRejectsTest, WithPreciseError) {
  absl::StatusOr<Note> note = ParseNote(GetParam().bytes);
  ASSERT_FALSE(note.ok());
  EXPECT_EQ(note.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(note.status().message(), HasSubstr(GetParam().error));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseNoteRejectsTest,
    ::testing::Values(
        BadNote{"MissingEmDash", kGoText + "\n-- PeterNeumann AAAAAAE=\n", "em dash"},
        BadNote{"HyphenInsteadOfEmDash", kGoText + "\n- PeterNeumann AAAAAAE=\n", "em dash"},
        BadNote{"EmDashWithoutSpace", kGoText + "\n\xE2\x80\x94PeterNeumann AAAAAAE=\n", "em dash"},
        BadNote{"NoFinalNewline", kGoText + "\n" + kPeterLine.substr(0, kPeterLine.size() - 1),
                "does not end with a newline"},
        BadNote{"NoBlankLine", kGoText + kPeterLine, "no blank line"},
        BadNote{"NoSignatures", kGoText + "\n", "no signature lines"},
        BadNote{"TrailingBlankLine", kGoText + "\n" + kPeterLine + "\n", "no signature lines"},
        BadNote{"TrailingGarbageLine", kGoText + "\n" + kPeterLine + "garbage\n", "em dash"},
        BadNote{"BadBase64", kGoText + "\n\xE2\x80\x94 PeterNeumann x08go!ZJ==\n",
                "canonical padded base64"},
        BadNote{"UnpaddedBase64", kGoText + "\n\xE2\x80\x94 PeterNeumann AAAAAAE\n",
                "canonical padded base64"},
        BadNote{"NonZeroTrailingBits", kGoText + "\n\xE2\x80\x94 PeterNeumann AAAAAAF=\n",
                "canonical padded base64"},
        BadNote{"SignatureTooShort", kGoText + "\n\xE2\x80\x94 PeterNeumann AAAAAA==\n",
                "at least 5"},
        BadNote{"NoSpaceAfterName", kGoText + "\n\xE2\x80\x94 PeterNeumann\n", "no space"},
        BadNote{"PlusInName", kGoText + "\n\xE2\x80\x94 Peter+Neumann AAAAAAE=\n",
                "invalid key name"},
        BadNote{"EmptyName", kGoText + "\n\xE2\x80\x94  AAAAAAE=\n", "invalid key name"},
        BadNote{"NbspInName", kGoText + "\n\xE2\x80\x94 Peter\xC2\xA0Neumann AAAAAAE=\n",
                "invalid key name"},
        BadNote{"TwoSpaces", kGoText + "\n\xE2\x80\x94 PeterNeumann  AAAAAAE=\n",
                "canonical padded base64"},
        BadNote{"CarriageReturn", "a\r\n\n\xE2\x80\x94 k AAAAAXM=\n", "control character 0x0d"},
        BadNote{"Tab", "a\tb\n\n\xE2\x80\x94 k AAAAAXM=\n", "control character 0x09"},
        BadNote{"InvalidUtf8", "a\xFF\n\n\xE2\x80\x94 k AAAAAXM=\n", "not valid UTF-8"},
        BadNote{"OverlongUtf8", "a\xC0\xAF\n\n\xE2\x80\x94 k AAAAAXM=\n", "not valid UTF-8"},
        BadNote{"Surrogate", "a\xED\xA0\x80\n\n\xE2\x80\x94 k AAAAAXM=\n", "not valid UTF-8"},
        BadNote{"SameKeyTwice", kGoText + "\n" + kPeterLine + kPeterLine, "second signature"}),
    [](const ::testing::TestParamInfo<BadNote>& info) { return info.param.name; });

TEST(ParseNoteTest, SignatureCountLimit) {
  std::string sigs;
  for (size_t i = 0; i < kNoteSignaturesMax; ++i) {
    sigs += std::string(kEm) + " k" + std::to_string(i) + " AAAAAXM=\n";
  }
  absl::StatusOr<Note> at_limit = ParseNote("t\n\n" + sigs);
  ASSERT_TRUE(at_limit.ok()) << at_limit.status();
  EXPECT_EQ(at_limit->signatures.size(), kNoteSignaturesMax);
  absl::StatusOr<Note> over = ParseNote("t\n\n" + sigs + std::string(kEm) + " extra AAAAAXM=\n");
  EXPECT_THAT(over.status().message(), HasSubstr("more than 100 signature lines"));
}

TEST(ParseNoteTest, SizeLimit) {
  const std::string text(kNoteSizeMax, 'a');
  absl::StatusOr<Note> note = ParseNote(text + "\n\n" + std::string(kEm) + " k AAAAAXM=\n");
  EXPECT_THAT(note.status().message(), HasSubstr("the maximum is 1048576"));
}

TEST(FormatNoteTest, RejectsWhatParseRejects) {
  EXPECT_FALSE(FormatNote(Note{"no newline", {{"k", 1, "s"}}}).ok());
  EXPECT_FALSE(FormatNote(Note{"t\n", {}}).ok());
  EXPECT_FALSE(FormatNote(Note{"t\n", {{"bad name", 1, "s"}}}).ok());
  EXPECT_FALSE(FormatNote(Note{"t\n", {{"k", 1, ""}}}).ok());
  EXPECT_FALSE(FormatNote(Note{"t\x01\n", {{"k", 1, "s"}}}).ok());
  EXPECT_FALSE(FormatNote(Note{"t\n", {{"k", 1, "s"}, {"k", 1, "t"}}}).ok());
  EXPECT_TRUE(FormatNote(Note{"t\n", {{"k", 1, "s"}, {"k", 2, "t"}}}).ok());
}

TEST(AppendSignaturesTest, AppendsAfterTheNotesOwnLinesSkippingKeysAlreadyThere) {
  const std::string peter = kGoText + "\n" + kPeterLine;
  const Note go = ParseNote(kGoText + "\n" + kPeterLine + kEnochLine).value();
  // Enoch's line is added after Peter's; a second Peter line (same name and key id, even with
  // another signature) and a repeated extra line are left out.
  const NoteSignature other_peter{"PeterNeumann", 0xc74f20a3u, "x"};
  const std::vector<NoteSignature> extra = {go.signatures[1], other_peter, go.signatures[1]};
  absl::StatusOr<std::string> both = AppendSignatures(peter, extra);
  ASSERT_TRUE(both.ok()) << both.status();
  EXPECT_EQ(*both, kGoText + "\n" + kPeterLine + kEnochLine);
  EXPECT_EQ(AppendSignatures(peter, {}).value(), peter);
  EXPECT_THAT(AppendSignatures("not a note\n", extra).status().message(),
              HasSubstr("no blank line"));
  const std::vector<NoteSignature> bad = {{"bad name", 1, "s"}};
  EXPECT_THAT(AppendSignatures(peter, bad).status().message(), HasSubstr("invalid key name"));
}

TEST(AppendSignaturesTest, StopsAtTheSignatureLimit) {
  std::vector<NoteSignature> extra;
  for (size_t i = 0; i < kNoteSignaturesMax + 5; ++i) {
    extra.push_back({"w" + std::to_string(i), 1, "s"});
  }
  absl::StatusOr<std::string> full = AppendSignatures(kGoText + "\n" + kPeterLine, extra);
  ASSERT_TRUE(full.ok()) << full.status();
  absl::StatusOr<Note> parsed = ParseNote(*full);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->signatures.size(), kNoteSignaturesMax);
  EXPECT_EQ(parsed->signatures[0].key_name, "PeterNeumann");
  EXPECT_EQ(parsed->signatures.back().key_name, "w" + std::to_string(kNoteSignaturesMax - 2));
}

TEST(TextTest, KeyNames) {
  EXPECT_TRUE(IsValidKeyName("ledger.example.org/341721"));
  EXPECT_TRUE(IsValidKeyName("\xE5\x8E\xBF/341721"));  // 县/341721
  EXPECT_FALSE(IsValidKeyName(""));
  EXPECT_FALSE(IsValidKeyName("a b"));
  EXPECT_FALSE(IsValidKeyName("a+b"));
  EXPECT_FALSE(
      IsValidKeyName("a\xE3\x80\x80"
                     "b"));  // U+3000 ideographic space
  EXPECT_FALSE(
      IsValidKeyName("a\xE2\x80\x8A"
                     "b"));  // U+200A hair space
  EXPECT_FALSE(
      IsValidKeyName("a\x01"
                     "b"));
  EXPECT_FALSE(IsValidKeyName("a\xFF"));
}

TEST(TextTest, CanonicalDecimal) {
  EXPECT_EQ(ParseCanonicalDecimal("0", "n").value(), 0u);
  EXPECT_EQ(ParseCanonicalDecimal("20852163", "n").value(), 20852163u);
  EXPECT_EQ(ParseCanonicalDecimal("18446744073709551615", "n").value(), UINT64_MAX);
  EXPECT_THAT(ParseCanonicalDecimal("18446744073709551616", "n").status().message(),
              HasSubstr("exceeds"));
  EXPECT_THAT(ParseCanonicalDecimal("007", "n").status().message(), HasSubstr("leading zero"));
  EXPECT_THAT(ParseCanonicalDecimal("00", "n").status().message(), HasSubstr("leading zero"));
  EXPECT_FALSE(ParseCanonicalDecimal("", "n").ok());
  EXPECT_FALSE(ParseCanonicalDecimal("+7", "n").ok());
  EXPECT_FALSE(ParseCanonicalDecimal("-0", "n").ok());
  EXPECT_FALSE(ParseCanonicalDecimal(" 7", "n").ok());
  EXPECT_FALSE(ParseCanonicalDecimal("7 ", "n").ok());
}

}  // namespace
}  // namespace ledger::note
