#include "clients/client/witness_policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ledger/crypto/ed25519.h"
#include "ledger/crypto/sha256.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/keys.h"
#include "ledger/note/note.h"

namespace ledger::client {
namespace {

using ::testing::HasSubstr;

constexpr char kOrigin[] = "ledger.example.org/341721";

note::CosignatureSigner Witness(const std::string& name) {
  return note::CosignatureSigner::Create(name, crypto::Ed25519PrivateKey::Generate()).value();
}

class WitnessPolicyTest : public ::testing::Test {
 protected:
  WitnessPolicyTest()
      : log_(note::NoteSigner::Create(kOrigin, crypto::Ed25519PrivateKey::Generate()).value()),
        a_(Witness("a.example/w")),
        b_(Witness("b.example/w")),
        c_(Witness("c.example/w")) {
    note_ =
        note::SignCheckpoint(
            {.origin = kOrigin, .size = 12, .root = crypto::Sha256("r"), .extensions = {}}, log_)
            .value();
    body_ = note::ParseNote(note_).value().text;
  }

  // The checkpoint note with the cosignatures of `witnesses` at `timestamp_s`.
  std::string Cosigned(const std::vector<const note::CosignatureSigner*>& witnesses,
                       uint64_t timestamp_s = 1'800'000'000) {
    std::vector<note::NoteSignature> lines;
    for (const note::CosignatureSigner* w : witnesses) {
      lines.push_back(note::CosignCheckpoint(body_, *w, timestamp_s).value());
    }
    return note::AppendSignatures(note_, lines).value();
  }

  WitnessPolicy Policy(std::optional<size_t> required) {
    const std::vector<std::string> keys = {a_.VerifierKey(), b_.VerifierKey(), c_.VerifierKey()};
    return MakeWitnessPolicy(keys, required).value();
  }

  note::NoteSigner log_;
  note::CosignatureSigner a_, b_, c_;
  std::string note_, body_;
};

TEST_F(WitnessPolicyTest, CountsOnlyNamedWitnessesWhoseCosignatureVerifies) {
  const note::CosignatureSigner stranger = Witness("stranger.example/w");
  const std::string note = Cosigned({&stranger, &c_, &a_});
  PolicyResult two = EvaluateWitnessPolicy(note, Policy(2)).value();
  EXPECT_EQ(two.tree_size, 12u);
  EXPECT_EQ(two.cosigned, 2u);
  EXPECT_TRUE(two.met);
  EXPECT_FALSE(two.any_invalid);
  ASSERT_EQ(two.witnesses.size(), 3u);
  EXPECT_EQ(two.witnesses[0].verdict, WitnessVerdict::kCosigned);
  EXPECT_EQ(two.witnesses[0].timestamp_s, 1'800'000'000u);
  EXPECT_EQ(two.witnesses[1].verdict, WitnessVerdict::kMissing);
  EXPECT_EQ(two.witnesses[2].verdict, WitnessVerdict::kCosigned);

  // All three by default: not met, and the description names who did and who did not.
  const WitnessPolicy all = Policy(std::nullopt);
  EXPECT_EQ(all.required, 3u);
  PolicyResult three = EvaluateWitnessPolicy(note, all).value();
  EXPECT_FALSE(three.met);
  const std::string text = DescribeWitnesses(three, all);
  EXPECT_THAT(text, HasSubstr("the checkpoint of size 12 is cosigned by 2 of the 3 witnesses "
                              "required (of 3 named)"));
  EXPECT_THAT(text, HasSubstr("cosigned: " + a_.VerifierKey() + " at 2027-01-15T08:00:00Z"));
  EXPECT_THAT(text, HasSubstr("not cosigned: " + b_.VerifierKey()));
  EXPECT_THAT(text, HasSubstr("cosigned: " + c_.VerifierKey()));

  // The log's own note alone: nobody cosigned.
  EXPECT_EQ(EvaluateWitnessPolicy(note_, Policy(1)).value().cosigned, 0u);
}

TEST_F(WitnessPolicyTest, AnInvalidLineDoesNotCountAndDoesNotHideTheOthers) {
  note::Note note = note::ParseNote(Cosigned({&a_, &b_})).value();
  note.signatures[1].signature.back() ^= 0x01;  // a's line (after the log's)
  PolicyResult r = EvaluateWitnessPolicy(note::FormatNote(note).value(), Policy(1)).value();
  EXPECT_TRUE(r.met);
  EXPECT_TRUE(r.any_invalid);
  EXPECT_EQ(r.cosigned, 1u);
  EXPECT_EQ(r.witnesses[0].verdict, WitnessVerdict::kInvalid);
  EXPECT_THAT(r.witnesses[0].problem, HasSubstr("does not verify"));
  EXPECT_EQ(r.witnesses[1].verdict, WitnessVerdict::kCosigned);
  EXPECT_THAT(DescribeWitnesses(r, Policy(1)),
              HasSubstr("INVALID cosignature: " + a_.VerifierKey() + ": cosignature by"));

  // A cosignature of another checkpoint (another size) does not count for this one.
  const std::string other_body =
      note::FormatCheckpointBody(
          {.origin = kOrigin, .size = 13, .root = crypto::Sha256("r"), .extensions = {}})
          .value();
  note::Note moved = note::ParseNote(note_).value();
  moved.signatures.push_back(note::CosignCheckpoint(other_body, c_, 5).value());
  PolicyResult wrong = EvaluateWitnessPolicy(note::FormatNote(moved).value(), Policy(1)).value();
  EXPECT_FALSE(wrong.met);
  EXPECT_EQ(wrong.witnesses[2].verdict, WitnessVerdict::kInvalid);
}

TEST(MakeWitnessPolicyTest, RefusesBadPolicies) {
  const note::CosignatureSigner a = Witness("a.example/w");
  const std::vector<std::string> one = {a.VerifierKey()};
  EXPECT_TRUE(MakeWitnessPolicy({}, std::nullopt).value().empty());
  EXPECT_EQ(MakeWitnessPolicy(one, std::nullopt).value().required, 1u);
  EXPECT_THAT(std::string(MakeWitnessPolicy({}, 1).status().message()),
              HasSubstr("needs the witnesses it counts"));
  EXPECT_THAT(std::string(MakeWitnessPolicy(one, 2).status().message()),
              HasSubstr("--witnesses-required 2 is not between 1 and the 1 witness named"));
  EXPECT_THAT(std::string(MakeWitnessPolicy(one, 0).status().message()),
              HasSubstr("is not between 1"));
  const std::vector<std::string> twice = {a.VerifierKey(), a.VerifierKey()};
  EXPECT_THAT(std::string(MakeWitnessPolicy(twice, 1).status().message()),
              HasSubstr("is named twice"));
  // A log key (type 0x01) is not a witness key.
  const std::vector<std::string> log_key = {
      note::NoteSigner::Create(kOrigin, crypto::Ed25519PrivateKey::Generate())
          .value()
          .VerifierKey()};
  EXPECT_THAT(std::string(MakeWitnessPolicy(log_key, 1).status().message()),
              HasSubstr("signature type 0x01, expected 0x04"));
}

}  // namespace
}  // namespace ledger::client
