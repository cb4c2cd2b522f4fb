// Genesis: the happy path, each of its rules, and its position in the log.

#include <functional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/state/canonical_payload.h"
#include "ledger/state/state.h"
#include "ledger/state/state_testing.h"
#include "ledger/util/rule_error.h"

namespace ledger::state {
namespace {

using testing::DumpState;
using testing::ExpectRejected;
using ::testing::HasSubstr;
using testing::kNoonUs;
using testing::MakeGenesis;
using testing::SignedBytes;
using testing::TestKey;
using testing::TestLog;

TEST(GenesisTest, RegistersTheJurisdictionAdministratorAndKey) {
  TestLog log;
  ASSERT_TRUE(log.Genesis().ok());
  const LedgerState& state = log.state();
  EXPECT_EQ(state.size(), 1u);
  EXPECT_TRUE(state.has_genesis());
  EXPECT_EQ(state.division_code(), "341721");
  EXPECT_EQ(state.division_name(), "\xE4\xB8\x9C\xE8\x87\xB3\xE5\x8E\xBF");
  EXPECT_EQ(state.checkpoint_verifier_key(), testing::CheckpointVerifierKey());

  const PrincipalRecord* admin = state.FindPrincipal("admin-341721");
  ASSERT_NE(admin, nullptr);
  EXPECT_EQ(admin->registered_at, 0u);
  EXPECT_EQ(admin->principal.kind(), v1::PRINCIPAL_KIND_ADMINISTRATOR);
  ASSERT_EQ(admin->key_ids.size(), 1u);
  EXPECT_EQ(admin->key_ids[0], testing::TestKeyId(1));

  const KeyRecord* key = state.FindKey(testing::TestKeyId(1));
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->principal_id, "admin-341721");
  EXPECT_EQ(key->registered_at, 0u);
  EXPECT_FALSE(key->revoked_at.has_value());
  EXPECT_EQ(key->public_key.bytes(), TestKey(1).public_key().bytes());

  EXPECT_EQ(SerializeCanonical(state.policy()), SerializeCanonical(DefaultPolicy()));
}

struct GenesisCase {
  const char* name;
  std::function<void(v1::Genesis&)> edit;
  absl::StatusCode code;
  const char* rule;
  const char* message;
};

class GenesisRuleTest : public ::testing::TestWithParam<GenesisCase> {};

TEST_P(GenesisRuleTest, RejectsAndLeavesTheStateEmpty) {
  const GenesisCase& c = GetParam();
  v1::Genesis genesis = MakeGenesis();
  c.edit(genesis);
  LedgerState state{std::string(testing::kOrigin)};
  const std::string before = DumpState(state);
  absl::StatusOr<Entry> entry = DecodeEntry(SignedBytes(genesis, TestKey(1)));
  ASSERT_TRUE(entry.ok()) << entry.status();
  absl::Status s = Apply(state, *entry, {.recorded_time_us = kNoonUs});
  ExpectRejected(s, c.code, c.rule, c.message);
  EXPECT_EQ(DumpState(state), before);
}

using Code = absl::StatusCode;
std::vector<GenesisCase> GenesisCases() {
  return {
      {"DivisionCodeTooShort", [](auto& g) { g.set_division_code("34172"); },
       Code::kInvalidArgument, "L-GENESIS", "division_code \"34172\" must be 6 digits"},
      {"DivisionCodeNotDigits", [](auto& g) { g.set_division_code("34172a"); },
       Code::kInvalidArgument, "L-GENESIS", "must be 6 digits"},
      {"DivisionCodeOfAnotherCounty", [](auto& g) { g.set_division_code("341722"); },
       Code::kInvalidArgument, "L-GENESIS",
       R"(origin "ledger.example.org/341721" must end in "/341722")"},
      {"DivisionCodeThreeDigits", [](auto& g) { g.set_division_code("721"); },
       Code::kInvalidArgument, "L-GENESIS", "must be 6 digits"},
      {"DivisionNameEmpty", [](auto& g) { g.clear_division_name(); }, Code::kInvalidArgument,
       "L-FIELD", "division_name is empty"},
      {"DivisionNameWithNewline", [](auto& g) { g.set_division_name("a\nb"); },
       Code::kInvalidArgument, "L-FIELD", "division_name contains control character U+000A"},
      {"AdministratorMissing", [](auto& g) { g.clear_administrator(); }, Code::kInvalidArgument,
       "L-GENESIS", "administrator is missing"},
      {"AdministratorIsNotTheSigner",
       [](auto& g) { g.mutable_administrator()->set_principal_id("someone-else"); },
       Code::kInvalidArgument, "L-GENESIS",
       "administrator.principal_id \"someone-else\" differs from header.principal_id "
       "\"admin-341721\""},
      {"AdministratorOfWrongKind",
       [](auto& g) { g.mutable_administrator()->set_kind(v1::PRINCIPAL_KIND_FINANCE_BUREAU); },
       Code::kInvalidArgument, "L-GENESIS",
       "administrator.kind is FINANCE_BUREAU, must be ADMINISTRATOR"},
      {"AdministratorOfUnknownKind",
       [](auto& g) { g.mutable_administrator()->set_kind(static_cast<v1::PrincipalKind>(42)); },
       Code::kInvalidArgument, "L-GENESIS", "administrator.kind is kind 42, must be ADMINISTRATOR"},
      {"AdministratorWithoutAdministratorRole",
       [](auto& g) { g.mutable_administrator()->set_roles(0, v1::ROLE_AUDITOR); },
       Code::kInvalidArgument, "L-GENESIS",
       "administrator.roles (AUDITOR) must include ADMINISTRATOR"},
      {"AdministratorWithoutRoles", [](auto& g) { g.mutable_administrator()->clear_roles(); },
       Code::kInvalidArgument, "L-GENESIS", "administrator.roles () must include ADMINISTRATOR"},
      {"AdministratorScopeNarrower",
       [](auto& g) { g.mutable_administrator()->set_scope("341721001"); }, Code::kInvalidArgument,
       "L-GENESIS", "administrator.scope \"341721001\" must equal the division code 341721"},
      {"AdministratorRoleTwice",
       [](auto& g) { g.mutable_administrator()->add_roles(v1::ROLE_ADMINISTRATOR); },
       Code::kInvalidArgument, "L-FIELD", "administrator.roles has ADMINISTRATOR twice"},
      {"AdministratorUnknownRole",
       [](auto& g) { g.mutable_administrator()->add_roles(static_cast<v1::Role>(99)); },
       Code::kInvalidArgument, "L-FIELD", "administrator.roles[1] is 99"},
      {"AdministratorNameEmpty", [](auto& g) { g.mutable_administrator()->clear_name(); },
       Code::kInvalidArgument, "L-FIELD", "administrator.name is empty"},
      {"PublicKeyShort", [](auto& g) { g.set_administrator_public_key(std::string(31, '\x01')); },
       Code::kInvalidArgument, "L-GENESIS", "administrator_public_key is 31 bytes, must be 32"},
      {"PublicKeyMissing", [](auto& g) { g.clear_administrator_public_key(); },
       Code::kInvalidArgument, "L-GENESIS", "administrator_public_key is 0 bytes, must be 32"},
      {"VerifierKeyGarbage", [](auto& g) { g.set_checkpoint_verifier_key("not a key"); },
       Code::kInvalidArgument, "L-GENESIS",
       "checkpoint_verifier_key is not an Ed25519 note verifier key"},
      {"VerifierKeyEmpty", [](auto& g) { g.clear_checkpoint_verifier_key(); },
       Code::kInvalidArgument, "L-GENESIS", "checkpoint_verifier_key is not"},
      {"VerifierKeyOfAnotherLog",
       [](auto& g) {
         g.set_checkpoint_verifier_key(testing::CheckpointVerifierKey("ledger.example.org/341722"));
       },
       Code::kInvalidArgument, "L-GENESIS",
       "checkpoint_verifier_key is named \"ledger.example.org/341722\", must be named after the "
       "origin \"ledger.example.org/341721\""},
      {"HeaderForAnotherLog",
       [](auto& g) { g.mutable_header()->set_origin("ledger.example.org/341722"); },
       Code::kInvalidArgument, "L-ORIGIN",
       R"(entry is for log "ledger.example.org/341722", this log is "ledger.example.org/341721")"},
      {"HeaderForSameCountyOtherDeployment",
       [](auto& g) { g.mutable_header()->set_origin("other.example.org/341721"); },
       Code::kInvalidArgument, "L-ORIGIN", "entry is for log \"other.example.org/341721\""},
      {"SignedByAKeyOtherThanTheOneRegistered",
       [](auto& g) { g.set_administrator_public_key(TestKey(2).public_key().bytes()); },
       Code::kUnauthenticated, "L-KEY",
       "a Genesis must be signed by the administrator key it registers"},
      {"BusinessDateTooFarAhead",
       [](auto& g) { g.mutable_header()->set_business_date("2026-11-24"); }, Code::kInvalidArgument,
       "L-DATE",
       "business date 2026-11-24 is more than one day after the recorded date 2026-11-22"},
  };
}

INSTANTIATE_TEST_SUITE_P(Genesis, GenesisRuleTest, ::testing::ValuesIn(GenesisCases()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(GenesisTest, MustBeSignedByExactlyOneKey) {
  const std::string payload = SerializeCanonical(MakeGenesis());
  absl::StatusOr<Entry> entry =
      DecodeEntry(SignedBytes("ledger.v1.Genesis", payload, {&TestKey(1), &TestKey(2)}));
  ASSERT_TRUE(entry.ok()) << entry.status();
  LedgerState state{std::string(testing::kOrigin)};
  ExpectRejected(
      Apply(state, *entry, {.recorded_time_us = kNoonUs}), Code::kUnauthenticated, "L-KEY",
      "exactly one key, the administrator key " + testing::TestKeyId(1) + "; it has 2 signatures");
  EXPECT_EQ(state.size(), 0u);
}

TEST(GenesisTest, SignatureIsVerifiedUnlessTheCallerDidIt) {
  Entry entry = testing::MakeEntry(MakeGenesis(), TestKey(1));
  entry.envelope.signatures[0].sig[10] ^= 0x01;
  {
    LedgerState state{std::string(testing::kOrigin)};
    ExpectRejected(Apply(state, entry, {.recorded_time_us = kNoonUs}), Code::kUnauthenticated,
                   "L-SIGNATURE", "does not verify");
    EXPECT_EQ(state.size(), 0u);
  }
  {
    // signatures_verified is the caller's promise: Apply does not check again.
    entry.signatures_verified = true;
    LedgerState state{std::string(testing::kOrigin)};
    EXPECT_TRUE(Apply(state, entry, {.recorded_time_us = kNoonUs}).ok());
  }
}

TEST(GenesisTest, IsAcceptedOnlyOnce) {
  TestLog log;
  ASSERT_TRUE(log.Genesis().ok());
  const std::string before = DumpState(log.state());
  ExpectRejected(log.Genesis(), Code::kFailedPrecondition, "L-GENESIS",
                 "a ledger.v1.Genesis is accepted only as entry 0; this log already has 1 entries");
  EXPECT_EQ(DumpState(log.state()), before);
}

TEST(GenesisTest, TheFirstEntryMustBeAGenesis) {
  TestLog log;
  auto body = TestLog::RegisterKey("admin-341721", 2);
  ExpectRejected(
      log.Submit(body, "admin-341721", TestKey(1)), Code::kFailedPrecondition, "L-GENESIS",
      "the first entry of a log must be a ledger.v1.Genesis, not a ledger.v1.RegisterKey");
  EXPECT_EQ(log.state().size(), 0u);
}

TEST(GenesisTest, AGenesisOfOneLogCannotStartAnother) {
  // The same signed Genesis, replayed into a log with another origin.
  Entry entry = testing::MakeEntry(MakeGenesis(), TestKey(1));
  LedgerState other{"ledger.example.org/341722"};
  ExpectRejected(Apply(other, entry, {.recorded_time_us = kNoonUs}), Code::kInvalidArgument,
                 "L-ORIGIN", "entry is for log \"ledger.example.org/341721\"");
  EXPECT_EQ(other.size(), 0u);
}

TEST(GenesisTest, OriginMustEndInTheDivisionCode) {
  // A self-consistent Genesis for a log whose origin does not name its county.
  v1::Genesis genesis = MakeGenesis();
  genesis.mutable_header()->set_origin("ledger.example.org/dongzhi");
  genesis.set_checkpoint_verifier_key(testing::CheckpointVerifierKey("ledger.example.org/dongzhi"));
  LedgerState state{"ledger.example.org/dongzhi"};
  ExpectRejected(
      Apply(state, testing::MakeEntry(genesis, TestKey(1)), {.recorded_time_us = kNoonUs}),
      Code::kInvalidArgument, "L-GENESIS",
      R"(origin "ledger.example.org/dongzhi" must end in "/341721")");
}

}  // namespace
}  // namespace ledger::state
