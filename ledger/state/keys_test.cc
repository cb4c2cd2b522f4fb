// Apply's steps 3 and 4: business dates, keys (by log index) and signatures.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
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
using testing::kAdminId;
using testing::kHourUs;
using testing::kNoonUs;
using testing::TestKey;
using testing::TestKeyId;
using testing::TestLog;

v1::SetPolicy NoticeDays(uint32_t days) {
  v1::Policy policy;
  policy.set_notice_period_days(days);
  return TestLog::SetPolicy(policy);
}

// 2026-11-22T00:00:00Z, UTC midnight: 08:00 on the 22nd in Shanghai.
constexpr int64_t kUtcMidnightUs = kNoonUs - 4 * kHourUs;
// 2026-11-22T16:00:00Z: Shanghai midnight, the 23rd begins.
constexpr int64_t kShanghaiMidnightUs = kNoonUs + 12 * kHourUs;

struct DateCase {
  int64_t recorded_time_us;
  const char* business_date;
  bool accepted;
  const char* recorded_date;  // in the rejection message
};

TEST(BusinessDateTest, AtMostOneDayAfterTheRecordedDateInShanghai) {
  const DateCase cases[] = {
      {kNoonUs, "2026-11-22", true, ""},
      {kNoonUs, "2026-11-23", true, ""},  // exactly one day ahead
      {kNoonUs, "2026-11-24", false, "2026-11-22"},
      {kNoonUs, "2025-01-01", true, ""},  // the past is fine (late records happen)
      {kNoonUs, "2027-11-22", false, "2026-11-22"},
      // The last microsecond of the 22nd in Shanghai, and the first of the 23rd.
      {kShanghaiMidnightUs - 1, "2026-11-24", false, "2026-11-22"},
      {kShanghaiMidnightUs, "2026-11-24", true, ""},
      {kShanghaiMidnightUs, "2026-11-25", false, "2026-11-23"},
      // UTC midnight is not the boundary: 2026-11-21T23:59:59Z is already the 22nd in Shanghai.
      {kUtcMidnightUs - 1, "2026-11-23", true, ""},
      {kUtcMidnightUs, "2026-11-23", true, ""},
      {kUtcMidnightUs, "2026-11-24", false, "2026-11-22"},
      // Across a month and a year end.
      {kNoonUs + 39 * (24 * kHourUs), "2027-01-01", true, ""},  // recorded 2026-12-31
      {kNoonUs + 39 * (24 * kHourUs), "2027-01-02", false, "2026-12-31"},
  };
  TestLog log;
  ASSERT_TRUE(log.Genesis().ok());
  uint32_t days = 20;
  for (const DateCase& c : cases) {
    SCOPED_TRACE(absl::StrCat(c.business_date, " recorded at ", c.recorded_time_us));
    auto body = NoticeDays(days++);
    const uint64_t size = log.state().size();
    absl::Status s = log.Submit(body, kAdminId, TestKey(1), c.recorded_time_us, c.business_date);
    if (c.accepted) {
      EXPECT_TRUE(s.ok()) << s;
      EXPECT_EQ(log.state().size(), size + 1);
    } else {
      ExpectRejected(s, absl::StatusCode::kInvalidArgument, "L-DATE",
                     absl::StrCat("business date ", c.business_date,
                                  " is more than one day after the recorded date ", c.recorded_date,
                                  " (Asia/Shanghai)"));
      EXPECT_EQ(log.state().size(), size);
    }
  }
}

TEST(SignerTest, RejectsAnUnknownKey) {
  TestLog log;
  log.Standard();
  auto body = NoticeDays(20);
  ExpectRejected(log.Submit(body, kAdminId, TestKey(9)), absl::StatusCode::kUnauthenticated,
                 "L-KEY", "signature 0: keyid \"" + TestKeyId(9).substr(0, 40));
}

TEST(SignerTest, RejectsTheKeyOfAnotherPrincipal) {
  TestLog log;
  log.Standard();
  auto body = NoticeDays(20);
  // fin-341721's registered key signs an entry that claims to be the administrator's.
  ExpectRejected(log.Submit(body, kAdminId, TestKey(2)), absl::StatusCode::kUnauthenticated,
                 "L-KEY",
                 "signature 0 is by key " + TestKeyId(2) +
                     " of principal fin-341721, not of the entry's principal admin-341721");
}

TEST(SignerTest, RejectsAnUnknownCosigner) {
  TestLog log;
  log.Standard();
  auto body = NoticeDays(20);
  testing::SetHeader(body, testing::MakeHeader(kAdminId, 99));
  absl::StatusOr<Entry> entry = DecodeEntry(testing::SignedBytes(
      "ledger.v1.SetPolicy", SerializeCanonical(body), {&TestKey(1), &TestKey(9)}));
  ASSERT_TRUE(entry.ok()) << entry.status();
  ExpectRejected(log.ApplyEntry(*entry), absl::StatusCode::kUnauthenticated, "L-KEY",
                 "signature 1: keyid");
  // With both keys registered (the cosigner's to another principal) it is accepted.
  auto key = TestLog::RegisterKey("town-341721001", 9);
  ASSERT_TRUE(log.Submit(key, kAdminId, TestKey(1)).ok());
  EXPECT_TRUE(log.ApplyEntry(*entry).ok());
}

TEST(SignerTest, RejectsABadSignatureUnlessAlreadyVerified) {
  TestLog log;
  log.Standard();
  auto body = NoticeDays(20);
  testing::SetHeader(body, testing::MakeHeader(kAdminId, 99));
  Entry entry = testing::MakeEntry(body, TestKey(1));
  entry.envelope.signatures[0].sig[0] ^= 0x80;
  const std::string before = DumpState(log.state());
  ExpectRejected(log.ApplyEntry(entry), absl::StatusCode::kUnauthenticated, "L-SIGNATURE",
                 "envelope signature 0 by keyid");
  EXPECT_EQ(DumpState(log.state()), before);
  // A signature by the right key over other bytes fails the same way.
  Entry other = testing::MakeEntry(body, TestKey(1));
  other.envelope.signatures[0].sig = TestKey(1).Sign("something else");
  ExpectRejected(log.ApplyEntry(other), absl::StatusCode::kUnauthenticated, "L-SIGNATURE",
                 "does not verify");
  entry.signatures_verified = true;
  EXPECT_TRUE(log.ApplyEntry(entry).ok());
}

TEST(SignerTest, AKeyIsUsableOnlyAfterTheEntryThatRegistersIt) {
  TestLog log;
  log.Standard();
  // A RegisterKey signed by the very key it registers: that key is not registered yet.
  auto self = TestLog::RegisterKey(kAdminId, 5);
  ExpectRejected(log.Submit(self, kAdminId, TestKey(5)), absl::StatusCode::kUnauthenticated,
                 "L-KEY", "is not a key registered in this log");
  EXPECT_EQ(log.state().FindKey(TestKeyId(5)), nullptr);
  auto key = TestLog::RegisterKey(kAdminId, 5);
  ASSERT_TRUE(log.Submit(key, kAdminId, TestKey(1)).ok());
  EXPECT_EQ(log.state().FindKey(TestKeyId(5))->registered_at, 5u);
  auto body = NoticeDays(20);
  EXPECT_TRUE(log.Submit(body, kAdminId, TestKey(5)).ok());
}

// One line per entry: who signs what, and the decision (TigerBeetle-style scenario table).
struct Step {
  const char* what;
  std::function<std::unique_ptr<google::protobuf::Message>()> body;
  uint8_t key;
  absl::StatusCode code;
  const char* message;
};

template <typename T>
std::function<std::unique_ptr<google::protobuf::Message>()> Body(T body) {
  return [body] { return std::make_unique<T>(body); };
}

std::vector<Step> RevocationScenario() {
  using Code = absl::StatusCode;
  return {
      {"register a second administrator key", Body(TestLog::RegisterKey(kAdminId, 5)), 1, Code::kOk,
       ""},                                                                 // index 5
      {"the new key signs", Body(NoticeDays(11)), 5, Code::kOk, ""},        // index 6
      {"the new key signs again", Body(NoticeDays(12)), 5, Code::kOk, ""},  // index 7
      {"revoke it with the first key", Body(TestLog::RevokeKey(TestKeyId(5), "laptop stolen")), 1,
       Code::kOk, ""},  // index 8
      {"the revoked key signs", Body(NoticeDays(13)), 5, Code::kUnauthenticated,
       "was revoked at index 8; this entry would be index 9"},
      {"the first key still signs", Body(NoticeDays(14)), 1, Code::kOk, ""},  // index 9
      {"the revoked key still fails", Body(NoticeDays(15)), 5, Code::kUnauthenticated,
       "was revoked at index 8; this entry would be index 10"},
  };
}

struct Decision {
  absl::StatusCode code;
  std::string rule;
  std::string message;
  bool operator==(const Decision&) const = default;
};

// Runs the scenario on a fresh standard log and returns its decisions and final state.
std::vector<Decision> RunScenario(const std::vector<Step>& steps, std::string* final_state) {
  TestLog log;
  log.Standard();
  std::vector<Decision> decisions;
  for (const Step& step : steps) {
    std::unique_ptr<google::protobuf::Message> body = step.body();
    absl::Status s = log.Submit(*body, kAdminId, TestKey(step.key));
    decisions.push_back({s.code(), RuleOf(s), std::string(s.message())});
  }
  *final_state = DumpState(log.state());
  return decisions;
}

TEST(RevocationTest, KeyValidityIsByLogIndex) {
  const std::vector<Step> steps = RevocationScenario();
  std::string final_state;
  const std::vector<Decision> decisions = RunScenario(steps, &final_state);
  for (size_t i = 0; i < steps.size(); ++i) {
    SCOPED_TRACE(steps[i].what);
    EXPECT_EQ(decisions[i].code, steps[i].code) << decisions[i].message;
    if (steps[i].code != absl::StatusCode::kOk) {
      EXPECT_EQ(decisions[i].rule, "L-KEY");
      EXPECT_THAT(decisions[i].message, HasSubstr(steps[i].message));
      EXPECT_THAT(decisions[i].message, HasSubstr(TestKeyId(5)));
    }
  }
  // Replaying the same entries from scratch gives the same decisions and the same state.
  std::string replayed_state;
  EXPECT_EQ(RunScenario(steps, &replayed_state), decisions);
  EXPECT_EQ(replayed_state, final_state);
}

TEST(RevocationTest, EntriesAcceptedBeforeRevocationStayValidOnReplay) {
  // Build a log, keep its accepted entries, then replay them into a fresh state: the entries
  // signed by the key before its revocation are accepted again, in the same places.
  TestLog log;
  log.Standard();
  std::vector<Entry> accepted;
  auto record = [&](google::protobuf::Message& body, uint8_t key) {
    testing::SetHeader(body, testing::MakeHeader(kAdminId, 1000 + accepted.size()));
    Entry entry = testing::MakeEntry(body, TestKey(key));
    absl::Status s = log.ApplyEntry(entry);
    if (s.ok()) accepted.push_back(entry);
    return s;
  };
  auto key = TestLog::RegisterKey(kAdminId, 5);
  ASSERT_TRUE(record(key, 1).ok());
  auto before = NoticeDays(30);
  ASSERT_TRUE(record(before, 5).ok());
  auto revoke = TestLog::RevokeKey(TestKeyId(5));
  ASSERT_TRUE(record(revoke, 1).ok());
  auto after = NoticeDays(31);
  ASSERT_FALSE(record(after, 5).ok());

  TestLog replay;
  replay.Standard();
  for (const Entry& entry : accepted) EXPECT_TRUE(replay.ApplyEntry(entry).ok());
  EXPECT_EQ(DumpState(replay.state()), DumpState(log.state()));
  EXPECT_EQ(replay.state().policy().notice_period_days(), 30u);
}

}  // namespace
}  // namespace ledger::state
