#include "clients/ledgerctl/wording.h"

#include <gtest/gtest.h>

namespace ledger::ledgerctl {
namespace {

TEST(ForPeople, EnumValuesBecomeCommandLineWords) {
  EXPECT_EQ(ForPeople("a OPERATION_MODE_LEASE contract needs an open selection method"),
            "a lease contract needs an open selection method");
  EXPECT_EQ(ForPeople("R2: step PROJECT_STEP_VILLAGE_NOTICE of project P2 requires step "
                      "PROJECT_STEP_VILLAGE_APPLICATION first"),
            "R2: step village-notice of project P2 requires step village-application first");
  EXPECT_EQ(ForPeople("waits for an announcement of subject ANNOUNCEMENT_SUBJECT_PROJECT_BEFORE"),
            "waits for an announcement of subject project-before");  // as `announce --subject`
  EXPECT_EQ(ForPeople("approved/FUND_SOURCE_CENTRAL_LINKAGE/P1 would be -0.01 yuan"),
            "approved/central-linkage/P1 would be -0.01 yuan");
}

TEST(ForPeople, RolesAndBodyTypesBecomeWhatTheUserTypes) {
  EXPECT_EQ(ForPeople("principal fin (roles FUND_MANAGER, scope 341721) may not submit "
                      "ledger.v1.PlanApproval: requires PROJECT_MANAGER"),
            "principal fin (roles fund-manager, scope 341721) may not submit `project approve` "
            "(PlanApproval): requires project-manager");
  EXPECT_EQ(ForPeople("payload type ledger.v1.IncomeRecord"),
            "payload type `income record` (IncomeRecord)");
  EXPECT_EQ(ForPeople("ledger.v1.EligibilityChange: requires VILLAGE_ACCOUNTANT"),
            "`registry status` (EligibilityChange): requires village-accountant");
  EXPECT_EQ(ForPeople("payload type ledger.v1.Policy"),
            "payload type ledger.v1.Policy");  // not a body type: left as it is
}

TEST(ForPeople, LeavesEverythingElseAlone) {
  const std::string text = "R3: paying 150,000.00 yuan exceeds 100.00 yuan (L-FUND, R26) 确权";
  EXPECT_EQ(ForPeople(text), text);
  EXPECT_EQ(ForPeople("ADMINISTRATORS and MANAGER stay"), "ADMINISTRATORS and MANAGER stay");
}

}  // namespace
}  // namespace ledger::ledgerctl
