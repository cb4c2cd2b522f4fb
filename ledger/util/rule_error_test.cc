#include "ledger/util/rule_error.h"

#include <vector>

#include "gtest/gtest.h"

namespace ledger {
namespace {

TEST(RuleErrorTest, CarriesCodeMessageAndRule) {
  absl::Status s = RuleError(absl::StatusCode::kFailedPrecondition, "R3",
                             "disbursement of 1200 fen exceeds the 1000 fen approved");
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(), "disbursement of 1200 fen exceeds the 1000 fen approved");
  EXPECT_EQ(RuleOf(s), "R3");
}

TEST(RuleErrorTest, StatusWithoutRuleHasEmptyRule) {
  EXPECT_EQ(RuleOf(absl::OkStatus()), "");
  EXPECT_EQ(RuleOf(absl::InvalidArgumentError("x")), "");
}

TEST(RuleErrorTest, WithRuleAttachesOnlyOnce) {
  absl::Status s = WithRule(absl::NotFoundError("key abc is not registered"), "L-KEY");
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "key abc is not registered");
  EXPECT_EQ(RuleOf(s), "L-KEY");
  // The innermost rule wins: a rule attached deeper down is more specific.
  EXPECT_EQ(RuleOf(WithRule(s, "L-SIGNATURE")), "L-KEY");
}

TEST(RuleErrorTest, WithRuleLeavesOkAlone) {
  absl::Status s = WithRule(absl::OkStatus(), "L-KEY");
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(RuleOf(s), "");
}

TEST(RuleErrorTest, RuleSurvivesCopyAndEquality) {
  absl::Status a = RuleError(absl::StatusCode::kPermissionDenied, "L-AUTH", "no");
  const std::vector<absl::Status> copies = {a, a};
  EXPECT_EQ(RuleOf(copies[1]), "L-AUTH");
  EXPECT_EQ(copies[0], copies[1]);
  // Two errors that differ only in their rule are different errors.
  EXPECT_NE(a, RuleError(absl::StatusCode::kPermissionDenied, "L-KEY", "no"));
}

}  // namespace
}  // namespace ledger
