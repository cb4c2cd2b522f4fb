#include "services/grpc/grpc_status.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "ledger/util/rule_error.h"

namespace ledger::grpc_services {
namespace {

using ::testing::EndsWith;
using ::testing::StartsWith;

TEST(GrpcStatusTest, RuleIsThePrefixAndTheCodeIsKept) {
  grpc::Status s = ToGrpcStatus(RuleError(absl::StatusCode::kInvalidArgument, "L-BATCH", "empty"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "L-BATCH: empty");
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
}

// A message that echoes 10 MB of client input would not fit the client's metadata limit.
TEST(GrpcStatusTest, LongMessagesAreCutAtACharacterBoundary) {
  const std::string huge = "no log \"" + std::string(10'000'000, 'o') + "\"";
  grpc::Status s = ToGrpcStatus(absl::NotFoundError(huge));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_LE(s.error_message().size(), kStatusMessageBytesMax);
  EXPECT_THAT(s.error_message(), StartsWith("no log \"ooo"));
  EXPECT_THAT(s.error_message(),
              EndsWith("… (" + std::to_string(huge.size() - 1984) + " bytes cut)"));

  // Three-byte characters are never split.
  std::string chinese;
  while (chinese.size() < 3 * kStatusMessageBytesMax) chinese += "县";
  const std::string cut = BoundedStatusMessage(chinese);
  EXPECT_LE(cut.size(), kStatusMessageBytesMax);
  const size_t kept = cut.find("…");
  ASSERT_NE(kept, std::string::npos);
  EXPECT_EQ(kept % 3, 0u);
  EXPECT_EQ(cut.substr(0, kept), chinese.substr(0, kept));

  const std::string small(kStatusMessageBytesMax, 'x');
  EXPECT_EQ(BoundedStatusMessage(small), small);
}

}  // namespace
}  // namespace ledger::grpc_services
