#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "ledger/crypto/hmac.h"
#include "ledger/crypto/sha256.h"
#include "ledger/registry/person.h"
#include "ledger/registry/pseudonym.h"
#include "ledger/registry/registry_call.h"
#include "ledger/state/canonical_payload.h"
#include "ledger/state/entry.h"

namespace ledger::registry {
namespace {

// 11010519491231002X is the specimen number of GB 11643-1999; the others were made for these tests
// with its MOD 11-2 check character.
TEST(IdentityNumber, AcceptsValidNumbersAndUpperCasesX) {
  EXPECT_EQ(*NormalizeIdentityNumber("11010519491231002X"), "11010519491231002X");
  EXPECT_EQ(*NormalizeIdentityNumber("11010519491231002x"), "11010519491231002X");
  EXPECT_EQ(*NormalizeIdentityNumber("341721200002290036"), "341721200002290036");  // leap day
  // Full-width digits and Ｘ, as a Chinese input method types them.
  EXPECT_EQ(*NormalizeIdentityNumber("１１０１０５１９４９１２３１００２Ｘ"), "11010519491231002X");
}

TEST(IdentityNumber, RefusesABirthDateAfterToday) {
  // 341721203001010016: born 2030-01-01.
  EXPECT_TRUE(NormalizeIdentityNumber("341721203001010016").ok());
  absl::StatusOr<std::string> r = NormalizeIdentityNumber("341721203001010016", "2026-11-22");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()),
              ::testing::HasSubstr("birth date 2030-01-01, after today (2026-11-22)"));
}

TEST(IdentityNumber, RejectsWithTheReason) {
  struct Case {
    const char* id;
    const char* message;
  } cases[] = {
      {"34172119800101001", "id_number has 17 characters; a resident identity number has 18"},
      {"3417211980010100A2", "id_number must be 17 digits and a check character"},
      {"34172119800101001Y", "id_number ends in a character other than a digit or X"},
      {"341721198013010012", "id_number holds birth date 19801301, which is not a date"},
      {"341721190002290012", "id_number holds birth date 19000229, which is not a date"},
      {"341721198001010015", "id_number check character is 5, expected 2"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<std::string> r = NormalizeIdentityNumber(c.id);
    ASSERT_FALSE(r.ok()) << c.id;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(r.status().message()), ::testing::StartsWith(c.message));
  }
}

v1::PersonFields Fields() {
  v1::PersonFields f;
  f.set_village("341721001001");
  f.set_name("张三兵");
  f.set_id_number("341721198001010012");
  f.set_bank_account("6228480012345678901");
  f.set_phone("139 0000 1234");
  return f;
}

TEST(PersonFields, AcceptsAndNormalizes) {
  v1::PersonFields f = Fields();
  f.set_id_number("11010519491231002x");
  f.set_village("110105001001");
  absl::StatusOr<v1::PersonFields> out = CheckPersonFields(f, "110105", "2026-11-22");
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->id_number(), "11010519491231002X");
  f.set_bank_account("6228 4800 1234 5678 901");  // as printed on the card
  EXPECT_EQ(CheckPersonFields(f, "110105", "2026-11-22")->bank_account(), "6228480012345678901");
  f.clear_bank_account();
  f.clear_phone();
  EXPECT_TRUE(CheckPersonFields(f, "110105", "2026-11-22").ok());
}

TEST(PersonFields, RejectsEachFieldPrecisely) {
  struct Case {
    void (*mutate)(v1::PersonFields&);
    const char* message;
  } cases[] = {
      {[](v1::PersonFields& f) { f.set_village("34172100100"); },
       "village \"34172100100\" is not a 12-digit village code"},
      {[](v1::PersonFields& f) { f.set_village("341722001001"); },
       "village 341722001001 is outside jurisdiction 341721"},
      {[](v1::PersonFields& f) { f.clear_name(); }, "name is empty"},
      {[](v1::PersonFields& f) { f.set_name("张3兵"); },
       "name holds a digit or a control character"},
      {[](v1::PersonFields& f) { f.set_name(std::string(51, 'a')); },
       "name has 51 characters, at most 50"},
      {[](v1::PersonFields& f) { f.set_name("\xff"); }, "name is not valid UTF-8"},
      {[](v1::PersonFields& f) { f.set_bank_account("6228-4800"); },
       "bank_account must be 8 to 32 digits (got 9 characters)"},
      {[](v1::PersonFields& f) { f.set_phone("call me"); },
       "phone holds a character other than digits"},
      {[](v1::PersonFields& f) { f.set_phone("123"); }, "phone must be 5 to 20 characters"},
  };
  for (const Case& c : cases) {
    v1::PersonFields f = Fields();
    c.mutate(f);
    absl::StatusOr<v1::PersonFields> r = CheckPersonFields(f, "341721", "2026-11-22");
    ASSERT_FALSE(r.ok()) << c.message;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(r.status().message()), ::testing::StartsWith(c.message));
  }
}

TEST(MaskName, KeepsFirstAndLastCharacter) {
  EXPECT_EQ(MaskName("张三兵"), "张*兵");
  EXPECT_EQ(MaskName("张三"), "张*");
  EXPECT_EQ(MaskName("欧阳娜娜"), "欧**娜");
  EXPECT_EQ(MaskName("张"), "*");
  EXPECT_EQ(MaskName("买买提·艾力"), "买****力");
  EXPECT_EQ(MaskName(""), "");
}

// Known answer: the reference is the first 16 bytes of HMAC-SHA256 under the secret, in hex.
TEST(Pseudonym, KnownAnswerAndShape) {
  const std::string secret(32, '\x01');
  absl::StatusOr<PseudonymSecret> s = PseudonymSecret::FromBytes(secret);
  ASSERT_TRUE(s.ok());
  const std::string ref = s->RefFor("341721198001010012");
  const crypto::Sha256Digest mac =
      crypto::HmacSha256(secret, "ledger.v1 beneficiary\n341721198001010012");
  EXPECT_EQ(ref, crypto::ToHex(mac).substr(0, 32));
  EXPECT_EQ(ref, "68532603bee249a808f3954161cf80c3");
  EXPECT_TRUE(LooksLikeRef(ref));
  EXPECT_NE(ref, s->RefFor("341721197512310020"));
  EXPECT_NE(ref, PseudonymSecret::FromBytes(std::string(32, '\x02'))->RefFor("341721198001010012"));
  EXPECT_FALSE(LooksLikeRef("68532603BEE249A808F3954161CF80C3"));
  EXPECT_FALSE(LooksLikeRef("hh-001"));
  EXPECT_FALSE(PseudonymSecret::FromBytes("short").ok());
}

TEST(Pseudonym, SecretFileIsCreatedOnceWithMode0600) {
  const std::string dir = ::testing::TempDir() + "/pseudonym_" + std::to_string(::getpid());
  const std::string path = dir + "/registry.secret";
  absl::StatusOr<PseudonymSecret> first = PseudonymSecret::LoadOrCreate(path);
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<PseudonymSecret> again = PseudonymSecret::Load(path);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(first->RefFor("341721198001010012"), again->RefFor("341721198001010012"));
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  absl::StatusOr<PseudonymSecret> loose = PseudonymSecret::Load(path);
  EXPECT_EQ(loose.status().code(), absl::StatusCode::kPermissionDenied) << loose.status();
  EXPECT_EQ(PseudonymSecret::Load(dir + "/missing").status().code(), absl::StatusCode::kNotFound);
  std::filesystem::remove_all(dir);
}

v1::RegistryRequest GetRequest(int64_t issued_at_ms) {
  v1::RegistryRequest r;
  r.set_origin("ledger.example.org/341721");
  r.set_principal_id("cun-001");
  r.set_issued_at_ms(issued_at_ms);
  r.mutable_get()->set_ref(std::string(32, 'a'));
  return r;
}

TEST(RegistryCall, SignOpenVerify) {
  const crypto::Ed25519PrivateKey key = crypto::Ed25519PrivateKey::Generate();
  constexpr int64_t kNow = 1'795'000'000'000;
  absl::StatusOr<v1::RegistryCall> call = SignRegistryCall(GetRequest(kNow), key);
  ASSERT_TRUE(call.ok()) << call.status();
  absl::StatusOr<OpenedCall> opened = OpenRegistryCall(*call);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(opened->request.principal_id(), "cun-001");
  EXPECT_EQ(opened->keyid, state::KeyIdOf(key.public_key()));
  EXPECT_TRUE(VerifyRegistryCall(*opened, key.public_key(), kNow + 299'000).ok());

  // Another key, a stale or future call.
  const crypto::Ed25519PrivateKey other = crypto::Ed25519PrivateKey::Generate();
  EXPECT_EQ(VerifyRegistryCall(*opened, other.public_key(), kNow).code(),
            absl::StatusCode::kUnauthenticated);
  absl::Status stale = VerifyRegistryCall(*opened, key.public_key(), kNow + 301'000);
  EXPECT_EQ(stale.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(std::string(stale.message()), ::testing::HasSubstr("301 s away"));
  EXPECT_EQ(VerifyRegistryCall(*opened, key.public_key(), kNow - 301'000).code(),
            absl::StatusCode::kUnauthenticated);

  // A changed payload no longer verifies.
  OpenedCall tampered = *opened;
  tampered.envelope.payload.back() ^= 1;
  EXPECT_EQ(VerifyRegistryCall(tampered, key.public_key(), kNow).code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(RegistryCall, RefusesOtherEnvelopes) {
  const crypto::Ed25519PrivateKey key = crypto::Ed25519PrivateKey::Generate();
  const std::string keyid = state::KeyIdOf(key.public_key());
  auto encode = [&](std::string type, std::string payload) {
    v1::RegistryCall call;
    call.set_envelope(*envelope::EncodeEnvelope(
        *envelope::SignEnvelope(std::move(type), std::move(payload), keyid, key)));
    return call;
  };
  const std::string payload = state::SerializeCanonical(GetRequest(1));
  // An entry's payload type.
  absl::StatusOr<OpenedCall> r = OpenRegistryCall(encode("ledger.v1.RegisterKey", payload));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()), ::testing::HasSubstr("payload type"));
  // No operation.
  v1::RegistryRequest empty = GetRequest(1);
  empty.clear_get();
  r = OpenRegistryCall(
      encode(std::string(kRegistryCallPayloadType), state::SerializeCanonical(empty)));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  // Unknown fields.
  r = OpenRegistryCall(encode(std::string(kRegistryCallPayloadType), payload + "\xf8\x07\x01"));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  // Not an envelope.
  v1::RegistryCall junk;
  junk.set_envelope("junk");
  EXPECT_EQ(OpenRegistryCall(junk).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ledger::registry
