// RegisterPrincipal, RegisterKey and RevokeKey.

#include <functional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/state/state.h"
#include "ledger/state/state_testing.h"
#include "ledger/util/rule_error.h"

namespace ledger::state {
namespace {

using testing::DumpState;
using testing::ExpectRejected;
using ::testing::HasSubstr;
using testing::kAdminId;
using testing::MakePrincipal;
using testing::TestKey;
using testing::TestKeyId;
using testing::TestLog;
using Code = absl::StatusCode;

// 东 (3 bytes, 1 character) `n` times.
std::string Dong(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += "\xE4\xB8\x9C";
  return s;
}

TEST(RegisterPrincipalTest, RegistersAtTheEntrysIndex) {
  TestLog log;
  log.Standard();
  auto body = TestLog::RegisterPrincipal(
      MakePrincipal("village-341721001001", v1::PRINCIPAL_KIND_VILLAGE_COLLECTIVE, "341721001001",
                    {v1::ROLE_VILLAGE_ACCOUNTANT, v1::ROLE_OPERATOR}));
  ASSERT_TRUE(log.Submit(body, kAdminId, TestKey(1)).ok());
  const PrincipalRecord* record = log.state().FindPrincipal("village-341721001001");
  ASSERT_NE(record, nullptr);
  EXPECT_EQ(record->registered_at, 5u);
  EXPECT_EQ(record->principal.scope(), "341721001001");
  EXPECT_EQ(record->principal.roles_size(), 2);
  EXPECT_TRUE(record->key_ids.empty());
}

struct PrincipalCase {
  const char* name;
  std::function<void(v1::Principal&)> edit;
  absl::StatusCode code;  // kOk: accepted
  const char* rule;
  const char* message;
};

class PrincipalRuleTest : public ::testing::TestWithParam<PrincipalCase> {};

TEST_P(PrincipalRuleTest, Decides) {
  const PrincipalCase& c = GetParam();
  TestLog log;
  log.Standard();
  v1::Principal principal = MakePrincipal("bureau-x", v1::PRINCIPAL_KIND_INDUSTRY_DEPARTMENT,
                                          "341721001", {v1::ROLE_PROJECT_MANAGER});
  c.edit(principal);
  auto body = TestLog::RegisterPrincipal(principal);
  const std::string before = DumpState(log.state());
  absl::Status s = log.Submit(body, kAdminId, TestKey(1));
  if (c.code == Code::kOk) {
    EXPECT_TRUE(s.ok()) << s;
    EXPECT_NE(log.state().FindPrincipal(principal.principal_id()), nullptr);
  } else {
    ExpectRejected(s, c.code, c.rule, c.message);
    EXPECT_EQ(DumpState(log.state()), before);
  }
}

std::vector<PrincipalCase> PrincipalCases() {
  return {
      {"Valid", [](auto& p) {}, Code::kOk, "", ""},
      {"IdEmpty", [](auto& p) { p.clear_principal_id(); }, Code::kInvalidArgument, "L-FIELD",
       "principal.principal_id is empty"},
      {"IdWithSlash", [](auto& p) { p.set_principal_id("a/b"); }, Code::kInvalidArgument, "L-FIELD",
       "principal.principal_id \"a/b\" has a character outside [A-Za-z0-9._-]"},
      {"IdWithSpace", [](auto& p) { p.set_principal_id("a b"); }, Code::kInvalidArgument, "L-FIELD",
       "has a character outside"},
      {"IdAt64", [](auto& p) { p.set_principal_id(std::string(64, 'x')); }, Code::kOk, "", ""},
      {"IdAt65", [](auto& p) { p.set_principal_id(std::string(65, 'x')); }, Code::kInvalidArgument,
       "L-FIELD", "principal.principal_id is 65 characters, the maximum is 64"},
      {"NameEmpty", [](auto& p) { p.clear_name(); }, Code::kInvalidArgument, "L-FIELD",
       "principal.name is empty"},
      {"NameOf200Characters", [](auto& p) { p.set_name(Dong(200)); }, Code::kOk, "", ""},
      {"NameOf201Characters", [](auto& p) { p.set_name(Dong(201)); }, Code::kInvalidArgument,
       "L-FIELD", "principal.name is 201 characters, the maximum is 200"},
      {"NameWithTab", [](auto& p) { p.set_name("a\tb"); }, Code::kInvalidArgument, "L-FIELD",
       "principal.name contains control character U+0009 at byte offset 1"},
      {"NameWithC1Control", [](auto& p) { p.set_name("a\xC2\x85"); }, Code::kInvalidArgument,
       "L-FIELD", "control character U+0085"},
      {"KindUnspecified", [](auto& p) { p.set_kind(v1::PRINCIPAL_KIND_UNSPECIFIED); },
       Code::kInvalidArgument, "L-FIELD", "principal.kind is 0, not a known kind"},
      {"KindUnknown", [](auto& p) { p.set_kind(static_cast<v1::PrincipalKind>(10)); },
       Code::kInvalidArgument, "L-FIELD", "principal.kind is 10, not a known kind"},
      {"ScopeEmpty", [](auto& p) { p.clear_scope(); }, Code::kInvalidArgument, "L-FIELD",
       "principal.scope \"\" is not an administrative division code of 6, 9 or 12 digits"},
      {"ScopeEightDigits", [](auto& p) { p.set_scope("34172100"); }, Code::kInvalidArgument,
       "L-FIELD", "principal.scope \"34172100\" is not an administrative division code"},
      {"ScopeNotDigits", [](auto& p) { p.set_scope("34172100a"); }, Code::kInvalidArgument,
       "L-FIELD", "is not an administrative division code"},
      {"ScopeVillage", [](auto& p) { p.set_scope("341721001002"); }, Code::kOk, "", ""},
      {"ScopeCounty", [](auto& p) { p.set_scope("341721"); }, Code::kOk, "", ""},
      // The root administrator's scope is the jurisdiction, so a principal outside it is beyond
      // every administrator's authority: step 5 rejects it before the handler's own check.
      {"ScopeOutsideJurisdiction", [](auto& p) { p.set_scope("341722001"); },
       Code::kPermissionDenied, "L-AUTH", "for scope 341722001"},
      {"RolesEmpty", [](auto& p) { p.clear_roles(); }, Code::kInvalidArgument, "L-FIELD",
       "principal.roles is empty"},
      {"RoleUnspecified", [](auto& p) { p.add_roles(v1::ROLE_UNSPECIFIED); },
       Code::kInvalidArgument, "L-FIELD",
       "principal.roles[1] is 0, not a known role other than ROLE_UNSPECIFIED"},
      {"RoleUnknown", [](auto& p) { p.set_roles(0, static_cast<v1::Role>(8)); },
       Code::kInvalidArgument, "L-FIELD", "principal.roles[0] is 8"},
      {"RoleTwice", [](auto& p) { p.add_roles(v1::ROLE_PROJECT_MANAGER); }, Code::kInvalidArgument,
       "L-FIELD", "principal.roles has PROJECT_MANAGER twice"},
      {"AdministratorRoleOfNonAdministratorKind",
       [](auto& p) { p.add_roles(v1::ROLE_ADMINISTRATOR); }, Code::kInvalidArgument, "L-IDENTITY",
       "principal bureau-x of kind INDUSTRY_DEPARTMENT may not hold role ADMINISTRATOR"},
      {"AdministratorRoleOfAdministratorKind",
       [](auto& p) {
         p.set_kind(v1::PRINCIPAL_KIND_ADMINISTRATOR);
         p.add_roles(v1::ROLE_ADMINISTRATOR);
       },
       Code::kOk, "", ""},
      // Kind and roles are otherwise independent (deliberately permissive).
      {"AuditorKindAsFundManager",
       [](auto& p) {
         p.set_kind(v1::PRINCIPAL_KIND_AUDITOR);
         p.set_roles(0, v1::ROLE_FUND_MANAGER);
       },
       Code::kOk, "", ""},
      {"EveryNonAdministratorRole",
       [](auto& p) {
         for (int r = v1::ROLE_FUND_MANAGER; r <= v1::ROLE_AUDITOR; ++r) {
           if (r != v1::ROLE_PROJECT_MANAGER) p.add_roles(static_cast<v1::Role>(r));
         }
       },
       Code::kOk, "", ""},
      {"AlreadyRegistered", [](auto& p) { p.set_principal_id("fin-341721"); }, Code::kAlreadyExists,
       "L-IDENTITY", "principal fin-341721 is already registered (at index 1)"},
      {"SameIdAsTheAdministrator", [](auto& p) { p.set_principal_id("admin-341721"); },
       Code::kAlreadyExists, "L-IDENTITY", "already registered (at index 0)"},
  };
}

INSTANTIATE_TEST_SUITE_P(Principal, PrincipalRuleTest, ::testing::ValuesIn(PrincipalCases()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(RegisterPrincipalTest, RejectsAMissingPrincipal) {
  TestLog log;
  log.Standard();
  v1::RegisterPrincipal body;
  ExpectRejected(log.Submit(body, kAdminId, TestKey(1)), Code::kInvalidArgument, "L-FIELD",
                 "principal is missing");
}

TEST(RegisterKeyTest, RegistersAKeyForAPrincipal) {
  TestLog log;
  log.Standard();
  auto body = TestLog::RegisterKey("fin-341721", 4);
  ASSERT_TRUE(log.Submit(body, kAdminId, TestKey(1)).ok());
  const KeyRecord* key = log.state().FindKey(TestKeyId(4));
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->principal_id, "fin-341721");
  EXPECT_EQ(key->registered_at, 5u);
  EXPECT_EQ(log.state().FindPrincipal("fin-341721")->key_ids,
            (std::vector<std::string>{TestKeyId(2), TestKeyId(4)}));
}

TEST(RegisterKeyTest, Rejections) {
  TestLog log;
  log.Standard();
  const std::string before = DumpState(log.state());
  auto unknown = TestLog::RegisterKey("nobody", 4);
  ExpectRejected(log.Submit(unknown, kAdminId, TestKey(1)), Code::kNotFound, "L-IDENTITY",
                 "principal \"nobody\" is not registered in this log");
  auto short_key = TestLog::RegisterKey("fin-341721", 4);
  short_key.set_public_key(std::string(31, 'k'));
  ExpectRejected(log.Submit(short_key, kAdminId, TestKey(1)), Code::kInvalidArgument, "L-FIELD",
                 "public_key is 31 bytes, must be 32");
  auto no_key = TestLog::RegisterKey("fin-341721", 4);
  no_key.clear_public_key();
  ExpectRejected(log.Submit(no_key, kAdminId, TestKey(1)), Code::kInvalidArgument, "L-FIELD",
                 "public_key is 0 bytes, must be 32");
  // A key registers once in a log, whoever it would be for.
  auto again = TestLog::RegisterKey("town-341721001", 2);
  ExpectRejected(log.Submit(again, kAdminId, TestKey(1)), Code::kAlreadyExists, "L-IDENTITY",
                 "key " + TestKeyId(2) +
                     " is already registered to principal fin-341721 (at "
                     "index 2)");
  auto admin_key = TestLog::RegisterKey("fin-341721", 1);
  ExpectRejected(log.Submit(admin_key, kAdminId, TestKey(1)), Code::kAlreadyExists, "L-IDENTITY",
                 "is already registered to principal admin-341721 (at index 0)");
  EXPECT_EQ(DumpState(log.state()), before);
}

TEST(RevokeKeyTest, RevokesAtTheEntrysIndex) {
  TestLog log;
  log.Standard();
  auto body = TestLog::RevokeKey(TestKeyId(2), "key file leaked");
  ASSERT_TRUE(log.Submit(body, kAdminId, TestKey(1)).ok());
  EXPECT_EQ(log.state().FindKey(TestKeyId(2))->revoked_at, 5u);
  // The record stays, revoked keys included.
  EXPECT_EQ(log.state().FindPrincipal("fin-341721")->key_ids.size(), 1u);
}

TEST(RevokeKeyTest, Rejections) {
  TestLog log;
  log.Standard();
  auto revoke = TestLog::RevokeKey(TestKeyId(2));
  ASSERT_TRUE(log.Submit(revoke, kAdminId, TestKey(1)).ok());
  const std::string before = DumpState(log.state());

  auto unknown = TestLog::RevokeKey(TestKeyId(9));
  ExpectRejected(log.Submit(unknown, kAdminId, TestKey(1)), Code::kNotFound, "L-IDENTITY",
                 "is not registered in this log");
  auto twice = TestLog::RevokeKey(TestKeyId(2));
  ExpectRejected(log.Submit(twice, kAdminId, TestKey(1)), Code::kFailedPrecondition, "L-IDENTITY",
                 "key " + TestKeyId(2) + " of principal fin-341721 was already revoked at index 5");
  auto no_reason = TestLog::RevokeKey(TestKeyId(3), "");
  ExpectRejected(log.Submit(no_reason, kAdminId, TestKey(1)), Code::kInvalidArgument, "L-FIELD",
                 "reason is empty");
  auto long_reason = TestLog::RevokeKey(TestKeyId(3), std::string(501, 'r'));
  ExpectRejected(log.Submit(long_reason, kAdminId, TestKey(1)), Code::kInvalidArgument, "L-FIELD",
                 "reason is 501 characters, the maximum is 500");
  auto last = TestLog::RevokeKey(TestKeyId(1));
  ExpectRejected(log.Submit(last, kAdminId, TestKey(1)), Code::kFailedPrecondition, "L-IDENTITY",
                 "revoking key " + TestKeyId(1) +
                     " of principal admin-341721 would leave the log without an administrator "
                     "key");
  EXPECT_EQ(DumpState(log.state()), before);
  auto reason_500 = TestLog::RevokeKey(TestKeyId(3), std::string(500, 'r'));
  EXPECT_TRUE(log.Submit(reason_500, kAdminId, TestKey(1)).ok());
}

TEST(RevokeKeyTest, TheLastAdministratorKeyRuleCountsOnlyJurisdictionWideAdministrators) {
  TestLog log;
  log.Standard();
  // A township administrator with a key does not keep the county log administrable.
  auto town_admin = TestLog::RegisterPrincipal(MakePrincipal(
      "town-admin", v1::PRINCIPAL_KIND_ADMINISTRATOR, "341721001", {v1::ROLE_ADMINISTRATOR}));
  ASSERT_TRUE(log.Submit(town_admin, kAdminId, TestKey(1)).ok());
  auto town_admin_key = TestLog::RegisterKey("town-admin", 6);
  ASSERT_TRUE(log.Submit(town_admin_key, kAdminId, TestKey(1)).ok());
  auto revoke_root = TestLog::RevokeKey(TestKeyId(1));
  ExpectRejected(log.Submit(revoke_root, kAdminId, TestKey(1)), Code::kFailedPrecondition,
                 "L-IDENTITY", "would leave the log without an administrator key");

  // A second county administrator (with its key) does: then the first may retire its key.
  auto deputy = TestLog::RegisterPrincipal(MakePrincipal(
      "deputy-admin", v1::PRINCIPAL_KIND_ADMINISTRATOR, "341721", {v1::ROLE_ADMINISTRATOR}));
  ASSERT_TRUE(log.Submit(deputy, kAdminId, TestKey(1)).ok());
  auto revoke_again = TestLog::RevokeKey(TestKeyId(1));
  // Registered but without a key, the deputy does not count yet.
  ExpectRejected(log.Submit(revoke_again, kAdminId, TestKey(1)), Code::kFailedPrecondition,
                 "L-IDENTITY", "would leave the log without an administrator key");
  auto deputy_key = TestLog::RegisterKey("deputy-admin", 7);
  ASSERT_TRUE(log.Submit(deputy_key, kAdminId, TestKey(1)).ok());
  auto retire = TestLog::RevokeKey(TestKeyId(1), "rotation");
  ASSERT_TRUE(log.Submit(retire, kAdminId, TestKey(1)).ok());  // signed by the key it revokes

  // Now the deputy's key is the last one.
  auto revoke_deputy = TestLog::RevokeKey(TestKeyId(7));
  ExpectRejected(log.Submit(revoke_deputy, "deputy-admin", TestKey(7)), Code::kFailedPrecondition,
                 "L-IDENTITY", "would leave the log without an administrator key");
  auto revoked_signs = TestLog::RevokeKey(TestKeyId(6));
  ExpectRejected(log.Submit(revoked_signs, kAdminId, TestKey(1)), Code::kUnauthenticated, "L-KEY",
                 "was revoked at index");
}

}  // namespace
}  // namespace ledger::state
