// Apply as a whole: atomicity, determinism, and the order of its checks.

#include "ledger/state/state.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/state/canonical_payload.h"
#include "ledger/state/state_testing.h"
#include "ledger/util/rule_error.h"

namespace ledger::state {
namespace {

using testing::DumpState;
using testing::kAdminId;
using testing::kHourUs;
using testing::kNoonUs;
using testing::MakeHeader;
using testing::MakePrincipal;
using testing::TestKey;
using testing::TestKeyId;
using testing::TestLog;

TEST(LedgerStateTest, StartsEmptyWithTheDefaultPolicy) {
  LedgerState state("ledger.example.org/341721");
  EXPECT_EQ(state.origin(), "ledger.example.org/341721");
  EXPECT_EQ(state.size(), 0u);
  EXPECT_FALSE(state.has_genesis());
  EXPECT_EQ(state.division_code(), "");
  EXPECT_TRUE(state.principals().empty());
  EXPECT_EQ(state.FindPrincipal("admin-341721"), nullptr);
  EXPECT_EQ(state.FindKey(TestKeyId(1)), nullptr);
  EXPECT_EQ(SerializeCanonical(state.policy()), SerializeCanonical(DefaultPolicy()));
}

TEST(ApplyTest, RejectsAnEntryThatWasNotDecoded) {
  LedgerState state("ledger.example.org/341721");
  absl::Status s = Apply(state, Entry{}, {.recorded_time_us = kNoonUs});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RuleOf(s), "L-PAYLOAD");
}

// An entry built to fail at one step of Apply (state.h), each after passing all earlier ones.
struct Rejection {
  const char* rule;
  Entry entry;
  int64_t recorded_time_us = kNoonUs;
};

Entry Signed(google::protobuf::Message& body, std::string_view principal,
             const crypto::Ed25519PrivateKey& key, uint64_t n = 500) {
  testing::SetHeader(body, MakeHeader(principal, n));
  return testing::MakeEntry(body, key);
}

std::vector<Rejection> OneRejectionPerStep() {
  std::vector<Rejection> out;
  v1::Policy policy;
  policy.set_notice_period_days(20);
  {
    auto body = TestLog::SetPolicy(policy);
    Entry e = Signed(body, kAdminId, TestKey(1));
    v1::SetPolicy other = body;
    v1::EntryHeader header = MakeHeader(kAdminId, 501);
    header.set_origin("ledger.example.org/341722");
    testing::SetHeader(other, header);
    out.push_back({"L-ORIGIN", testing::MakeEntry(other, TestKey(1))});
    out.push_back({"L-GENESIS", testing::MakeEntry(testing::MakeGenesis(), TestKey(1))});
    out.push_back({"L-DATE", e, kNoonUs - 48 * kHourUs});
    out.push_back({"L-KEY", Signed(body, kAdminId, TestKey(9))});
    Entry bad = e;
    bad.envelope.signatures[0].sig[5] ^= 0x04;
    out.push_back({"L-SIGNATURE", bad});
    out.push_back({"L-AUTH", Signed(body, "fin-341721", TestKey(2))});
  }
  {
    v1::Policy bad_policy;
    bad_policy.set_notice_period_days(0);
    auto body = TestLog::SetPolicy(bad_policy);
    out.push_back({"L-POLICY", Signed(body, kAdminId, TestKey(1))});
  }
  {
    auto body = TestLog::RevokeKey(TestKeyId(1));  // the last administrator key
    out.push_back({"L-IDENTITY", Signed(body, kAdminId, TestKey(1))});
  }
  {
    auto body = TestLog::RegisterPrincipal(
        MakePrincipal("x", v1::PRINCIPAL_KIND_OPERATOR, "341721001", {}));
    out.push_back({"L-FIELD", Signed(body, kAdminId, TestKey(1))});
  }
  return out;
}

TEST(ApplyTest, ARejectedEntryLeavesTheStateExactlyAsItWas) {
  TestLog log;
  log.Standard();
  const std::string before = DumpState(log.state());
  for (const Rejection& r : OneRejectionPerStep()) {
    SCOPED_TRACE(r.rule);
    absl::Status s = log.ApplyEntry(r.entry, r.recorded_time_us);
    EXPECT_EQ(RuleOf(s), r.rule) << s;
    EXPECT_EQ(DumpState(log.state()), before);
  }
  // And the log still accepts the next good entry at the same index.
  v1::Policy policy;
  policy.set_notice_period_days(20);
  auto body = TestLog::SetPolicy(policy);
  ASSERT_TRUE(log.Submit(body, kAdminId, TestKey(1)).ok());
  EXPECT_EQ(log.state().size(), 6u);
}

TEST(ApplyTest, ARejectedGenesisLeavesAnEmptyState) {
  LedgerState state("ledger.example.org/341721");
  const std::string before = DumpState(state);
  v1::Genesis genesis = testing::MakeGenesis();
  genesis.set_checkpoint_verifier_key("bad");  // fails at the very end of the Genesis checks
  absl::Status s = Apply(state, testing::MakeEntry(genesis, TestKey(1)), {kNoonUs});
  EXPECT_EQ(RuleOf(s), "L-GENESIS") << s;
  EXPECT_EQ(DumpState(state), before);
}

// A mixed sequence of entries and recorded times, some accepted and some not.
std::vector<std::pair<std::string, int64_t>> MixedLog() {
  std::vector<std::pair<std::string, int64_t>> log;
  uint64_t n = 1;
  int64_t t = kNoonUs;
  auto add = [&](google::protobuf::Message& body, std::string_view principal, uint8_t key) {
    testing::SetHeader(body, MakeHeader(principal, n++));
    log.emplace_back(testing::SignedBytes(body, TestKey(key)), t);
    t += kHourUs / 3;
  };
  auto genesis = testing::MakeGenesis();
  add(genesis, kAdminId, 1);
  for (int i = 0; i < 6; ++i) {
    const std::string id = absl::StrCat("village-34172100100", i);
    auto p = TestLog::RegisterPrincipal(MakePrincipal(id, v1::PRINCIPAL_KIND_VILLAGE_COLLECTIVE,
                                                      absl::StrCat("34172100100", i),
                                                      {v1::ROLE_VILLAGE_ACCOUNTANT}));
    add(p, kAdminId, 1);
    auto k = TestLog::RegisterKey(id, static_cast<uint8_t>(20 + i));
    add(k, kAdminId, 1);
    v1::Policy policy;
    policy.set_notice_period_days(10 + i);
    if (i % 2 == 0) policy.mutable_negative_list_categories()->add_codes(absl::StrCat("c", i));
    auto sp = TestLog::SetPolicy(policy);
    add(sp, i == 3 ? id : std::string(kAdminId), i == 3 ? 20 + i : 1);  // i == 3: denied
    if (i == 2) {
      auto revoke = TestLog::RevokeKey(TestKeyId(21), "replaced");
      add(revoke, kAdminId, 1);
      auto again = TestLog::RegisterKey(id, 21);  // a revoked key never comes back
      add(again, kAdminId, 1);
    }
  }
  return log;
}

struct ReplayResult {
  std::vector<std::string> decisions;
  std::string state;
};

ReplayResult Replay(const std::vector<std::pair<std::string, int64_t>>& log) {
  LedgerState state{std::string(testing::kOrigin)};
  ReplayResult run;
  for (const auto& [bytes, time] : log) {
    absl::StatusOr<Entry> entry = DecodeEntry(bytes);
    EXPECT_TRUE(entry.ok()) << entry.status();
    absl::Status s = Apply(state, *entry, {.recorded_time_us = time});
    run.decisions.push_back(s.ok() ? "ok" : absl::StrCat(RuleOf(s), " ", s.ToString()));
  }
  run.state = DumpState(state);
  return run;
}

TEST(ApplyTest, IsDeterministic) {
  const auto log = MixedLog();
  const ReplayResult first = Replay(log);
  const ReplayResult second = Replay(log);
  EXPECT_EQ(first.decisions, second.decisions);
  EXPECT_EQ(first.state, second.state);
  // The sequence exercises both outcomes.
  int accepted = 0;
  for (const std::string& d : first.decisions) accepted += d == "ok";
  EXPECT_GT(accepted, 10);
  EXPECT_LT(accepted, static_cast<int>(first.decisions.size()));
  EXPECT_THAT(first.decisions, ::testing::Contains(::testing::StartsWith("L-AUTH")));
  EXPECT_THAT(first.decisions, ::testing::Contains(::testing::StartsWith("L-IDENTITY")));
}

}  // namespace
}  // namespace ledger::state
