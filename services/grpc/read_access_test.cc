#include "services/grpc/read_access.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ledger/state/state_testing.h"
#include "ledger/util/rule_error.h"

namespace ledger::grpc_services {
namespace {

using state::testing::kFinanceId;
using state::testing::kTownshipId;
using state::testing::kVillage;
using state::testing::TestLog;
using ::testing::HasSubstr;

constexpr std::string_view kOtherVillage = "341721002001";
constexpr std::string_view kAuditorId = "audit-341721";
constexpr std::string_view kVillageId = "village-341721001001";

// A county log with its fund fixture (project P1 in kVillage), a village accountant of kVillage,
// an auditor whose scope is one township (the role, not the scope, lets it read everything) and
// a project P3 in another township.
class ReadAccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_.Standard();
    state::testing::FundFixture(log_);
    Register(state::testing::MakePrincipal(kVillageId, v1::PRINCIPAL_KIND_VILLAGE_COMMITTEE,
                                           kVillage, {v1::ROLE_VILLAGE_ACCOUNTANT}));
    Register(state::testing::MakePrincipal(kAuditorId, v1::PRINCIPAL_KIND_AUDITOR, "341721003",
                                           {v1::ROLE_AUDITOR}));
    v1::ProjectRegistration other = state::testing::MakeProject("P3", kOtherVillage);
    ASSERT_TRUE(
        log_.Submit(other, state::testing::kProjectManagerId, state::testing::TestKey(4)).ok());
  }

  void Register(const v1::Principal& principal) {
    v1::RegisterPrincipal body = TestLog::RegisterPrincipal(principal);
    ASSERT_TRUE(log_.Submit(body, state::testing::kAdminId, state::testing::TestKey(1)).ok());
  }

  Reader ReaderOf(const std::vector<std::string>& ids) { return Reader::Of(log_.state(), ids); }

  // The index of the first accepted entry of `payload_type`.
  uint64_t IndexOf(std::string_view payload_type, size_t nth = 0) {
    for (uint64_t i = 0; i < log_.accepted().size(); ++i) {
      if (log_.accepted()[i].payload_type() == payload_type && nth-- == 0) return i;
    }
    ADD_FAILURE() << "no " << payload_type;
    return 0;
  }

  absl::Status CheckEntry(const Reader& reader, uint64_t index) {
    return reader.CheckEntry(log_.state(), log_.accepted()[index], index);
  }

  TestLog log_;
};

void ExpectReadDenied(const absl::Status& s, std::string_view message) {
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied) << s;
  EXPECT_EQ(RuleOf(s), kReadRule) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr(std::string(message)));
}

TEST_F(ReadAccessTest, AVillageReadsItsOwnDivisionOnly) {
  const Reader village = ReaderOf({std::string(kVillageId)});
  EXPECT_FALSE(village.IsPublic());
  EXPECT_FALSE(village.ReadsEverything());
  EXPECT_TRUE(village.Reads(kVillage));
  EXPECT_TRUE(village.Reads(std::string(kVillage) + "9"));  // below it, were there such a code
  EXPECT_FALSE(village.Reads(kOtherVillage));
  EXPECT_FALSE(village.Reads("341721001"));  // its township
  EXPECT_FALSE(village.Reads(""));           // about no division: the whole log's
  EXPECT_TRUE(village.CheckReads(kVillage, "project P1").ok());
  ExpectReadDenied(village.CheckReads(kOtherVillage, "project P3"),
                   "principal village-341721001001 (VILLAGE_ACCOUNTANT, scope 341721001001) may "
                   "not read project P3: it is about division 341721002001, which needs a "
                   "principal whose scope contains it");
  ExpectReadDenied(village.CheckReadsEverything("the fund receipts"),
                   "may not read the fund receipts: it needs a reader of the whole log");
}

TEST_F(ReadAccessTest, ATownshipReadsItsVillagesTheCountyAndAuditorsEverything) {
  const Reader township = ReaderOf({std::string(kTownshipId)});
  EXPECT_TRUE(township.Reads(kVillage));
  EXPECT_FALSE(township.Reads(kOtherVillage));
  EXPECT_FALSE(township.ReadsEverything());

  const Reader county = ReaderOf({std::string(kFinanceId)});  // scope 341721, the jurisdiction
  EXPECT_TRUE(county.ReadsEverything());
  EXPECT_TRUE(county.Reads(kOtherVillage));
  EXPECT_TRUE(county.Reads(""));

  const Reader auditor = ReaderOf({std::string(kAuditorId)});  // scope 341721003, role AUDITOR
  EXPECT_TRUE(auditor.ReadsEverything());
  EXPECT_TRUE(auditor.CheckReadsEverything("the fund receipts").ok());
}

TEST_F(ReadAccessTest, SeveralPrincipalsReadTheUnionOfTheirScopes) {
  const Reader both = ReaderOf({std::string(kVillageId), "nobody-here", std::string(kTownshipId)});
  EXPECT_TRUE(both.Reads(kVillage));
  EXPECT_FALSE(both.Reads(kOtherVillage));
  EXPECT_THAT(both.Describe(), HasSubstr("principal village-341721001001"));
  EXPECT_THAT(both.Describe(), HasSubstr(" and principal town-341721001"));
  EXPECT_THAT(both.Describe(), ::testing::Not(HasSubstr("nobody-here")));
}

TEST_F(ReadAccessTest, TheUnknownAndTheAnonymousAreThePublic) {
  for (const Reader& reader : {ReaderOf({}), ReaderOf({"not-registered"})}) {
    EXPECT_TRUE(reader.IsPublic());
    EXPECT_FALSE(reader.Reads(kVillage));
    ExpectReadDenied(reader.CheckIdentified("the principals of the log"),
                     "the public (no client certificate naming a principal of this log) may not "
                     "read the principals of the log: it needs a registered principal; the public "
                     "reads the notice board, checkpoints and proofs");
  }
  const Reader everyone = Reader::Everyone();
  EXPECT_FALSE(everyone.IsPublic());
  EXPECT_TRUE(everyone.ReadsEverything());
  EXPECT_TRUE(everyone.CheckIdentified("anything").ok());
}

TEST_F(ReadAccessTest, EntriesAreReadByTheDivisionTheyAreAbout) {
  const Reader village = ReaderOf({std::string(kVillageId)});
  // Identity and policy entries: every identified reader (signatures are checked against them).
  EXPECT_TRUE(CheckEntry(village, IndexOf("ledger.v1.Genesis")).ok());
  EXPECT_TRUE(CheckEntry(village, IndexOf("ledger.v1.RegisterPrincipal")).ok());
  EXPECT_TRUE(CheckEntry(village, IndexOf("ledger.v1.RegisterKey")).ok());
  // Its own project's registration, but not another village's.
  EXPECT_TRUE(CheckEntry(village, IndexOf("ledger.v1.ProjectRegistration")).ok());
  const uint64_t p3 = IndexOf("ledger.v1.ProjectRegistration", 2);
  ExpectReadDenied(CheckEntry(village, p3),
                   "may not read log entry " + std::to_string(p3) +
                       " (ledger.v1.ProjectRegistration): it is about division 341721002001");
  // A fund receipt is about the whole county.
  const uint64_t receipt = IndexOf("ledger.v1.FundReceipt");
  ExpectReadDenied(CheckEntry(village, receipt), "it is about division 341721,");
  EXPECT_TRUE(CheckEntry(ReaderOf({std::string(kFinanceId)}), receipt).ok());
  EXPECT_TRUE(CheckEntry(ReaderOf({std::string(kAuditorId)}), p3).ok());
  // The public reads no entry, not even the identity ones.
  ExpectReadDenied(CheckEntry(ReaderOf({}), IndexOf("ledger.v1.Genesis")),
                   "the public (no client certificate");
}

}  // namespace
}  // namespace ledger::grpc_services
