// An end-to-end year of photovoltaic poverty-alleviation income from the seeds
// (../shared/seeds/003:
// "全镇8个村建设了村级光伏电站,每个村500千瓦,2019年收益共计45万元,2020年预计收入240万元左右。
// 全镇纳入集中式光伏扶贫电站收益的无劳动能力建档立卡贫困户134户,每户每年收益3000元"), played with
// the real binaries through ledgerctl as the county's users would, entering last year's records
// with their business dates:
//
//   - one project builds eight 500 kW village stations and the town's centralized station;
//   - each village station earns 56,250.00 net in the year (8 × 56,250 = 45万元), and each village
//     distributes it: 80 % to three public-welfare post holders (R23), the rest to small public
//     works; township review, county filing, ten days' notice, payment, result, result notice;
//   - the centralized station, owned by the county, earns 240万元 net; the county's plan pays the
//     134 households without labour capacity 3,000.00 each (relief) and 80 public-welfare post
//     holders 24,000.00 each (R23: 192万 = 80 % of 240万), after its notice;
//   - every person is registered in the privacy registry by their village; the log holds only
//     their pseudonymous references; a household removed from eligibility in May is refused
//     (R24) when the county pays in July;
//   - the notice boards show the plans and results with masked names.

#include "tests/e2e/pv_year_e2e.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "ledger/v1/income_service.pb.h"
#include "ledger/v1/registry_service.pb.h"

namespace ledger::testing {
namespace {

constexpr int kVillages = 8;
constexpr int kHouseholds = 134;
constexpr int kCountyPosts = 80;
constexpr int kVillagePosts = 3;

TEST_F(PvYearE2E, EightVillageStationsAndTheCentralizedStationDistributeTheirYear) {
  const PvYearSize size{.villages = kVillages,
                        .village_posts = kVillagePosts,
                        .households = kHouseholds,
                        .county_posts = kCountyPosts};
  PvYearPeople people;
  ASSERT_NO_FATAL_FAILURE(people = PlayYear(size));
  const std::vector<std::string>& households = people.households;
  const std::string& removed = people.removed;
  const int n = people.count;
  // The registry shows each person's eligibility as the log records it.
  RunResult listed = Ok(Accountant(2), {"--json", "registry", "list"});
  EXPECT_NE(
      listed.out.find("\"status\":\"ELIGIBILITY_STATUS_REMOVED\",\"status_since\":\"2026-05-31\""),
      std::string::npos)
      << listed.out;
  RunResult one = Ok(Accountant(2), {"registry", "show", removed});
  EXPECT_NE(one.out.find("退出 2026-05-31"), std::string::npos) << one.out;
  // Income of the year, and none whose period ends before it.
  EXPECT_EQ(ledgerd_->Ctl({"--json", "income", "ledger", "--to", "2025-06-30"}).out.find("IN-"),
            std::string::npos);
  RunResult income = ledgerd_->Ctl({"income", "ledger", "--from", "2026-01-01", "--csv"});
  ASSERT_EQ(income.exit_code, 0) << income.err;
  EXPECT_NE(income.out.find(",56250.00,550000,"), std::string::npos) << income.out;
  EXPECT_NE(income.out.find(",2400000.00,11000000,"), std::string::npos) << income.out;

  // The county's balance: 240万 booked, 232.2万 paid, the small-works allocation returned.
  RunResult balance = ledgerd_->Ctl({"--json", "distribution", "balance", "--owner", kCounty});
  v1::OwnerBalance b;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(balance.out, &b).ok()) << balance.out;
  EXPECT_EQ(b.booked_fen(), 240000000);
  EXPECT_EQ(b.paid_fen(), 232200000);
  EXPECT_EQ(b.available_fen(), 7800000);
  // Village 1: 56,250.00 booked, 45,000.00 paid.
  balance = ledgerd_->Ctl({"--json", "distribution", "balance", "--owner", VillageParty(1)});
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(balance.out, &b).ok()) << balance.out;
  EXPECT_EQ(b.booked_fen(), 5625000);
  EXPECT_EQ(b.paid_fen(), 4500000);

  // The notice board of village 3 while the results are announced: its own result with its three
  // post holders, and the county's result with every line, names masked.
  RunResult board = ledgerd_->Ctl({"--json", "board", VillageCode(3), "--date", "2026-08-10"});
  v1::NoticeBoard nb;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(board.out, &nb).ok()) << board.out;
  ASSERT_EQ(nb.in_force_size(), 2) << board.out;
  int own = -1, county = -1;
  for (int i = 0; i < nb.in_force_size(); ++i) {
    const std::string& id = nb.in_force(i).announcement().subject_id();
    if (id == "DP-3") own = i;
    if (id == "DP-JZ") county = i;
  }
  ASSERT_GE(own, 0);
  ASSERT_GE(county, 0);
  EXPECT_EQ(nb.in_force(own).lines_size(), kVillagePosts);
  EXPECT_EQ(nb.in_force(own).amount_fen(), 4500000);
  EXPECT_EQ(nb.in_force(county).lines_size(), kHouseholds + kCountyPosts);
  EXPECT_EQ(nb.in_force(county).amount_fen(), 232200000);
  for (const v1::NoticeLine& line : nb.in_force(county).lines()) {
    // Three-character names: the surname, a star and the last character (7 bytes of UTF-8).
    EXPECT_EQ(line.masked_name().size(), 7u) << line.masked_name();
    EXPECT_NE(line.masked_name().find('*'), std::string::npos) << line.masked_name();
  }
  EXPECT_EQ(nb.past_size(), 3);  // the project's before-notice and the two plan notices
  // The asset's distribution ledger (收益分配台账): its income and the plan that paid it out.
  RunResult dist = ledgerd_->Ctl({"asset", "ledger", "distribution", "--csv"});
  ASSERT_EQ(dist.exit_code, 0) << dist.err;
  EXPECT_NE(dist.out.find("PV-341721001003,3号村500kW光伏电站,收益 IN-3,"), std::string::npos)
      << dist.out;
  EXPECT_NE(dist.out.find(",2025-07-01 .. 2026-06-30,56250.00,DP-3,2026-07-05,"), std::string::npos)
      << dist.out;
  EXPECT_NE(dist.out.find("PV-341721001003,3号村500kW光伏电站,分配 DP-3,"), std::string::npos)
      << dist.out;
  EXPECT_NE(dist.out.find(",45000.00,方案 56250.00,"), std::string::npos) << dist.out;
  EXPECT_NE(dist.out.find("PV-JZ,尧渡镇集中式光伏扶贫电站,分配 DP-JZ,"), std::string::npos)
      << dist.out;
  RunResult plans = ledgerd_->Ctl({"distribution", "list", "--from", "2026-01-01"});
  for (const char* plan : {"DP-1", "DP-8", "DP-JZ"}) {
    EXPECT_NE(plans.out.find(plan), std::string::npos) << plan << plans.out;
  }
  EXPECT_EQ(ledgerd_->Ctl({"distribution", "list", "--to", "2025-01-01"}).out.find("DP-"),
            std::string::npos);
  // Malformed filters are refused by the server with what was wrong.
  for (const auto& [args, message] :
       {std::pair{std::vector<std::string>{"income", "ledger", "--from", "2026-02-30"},
                  std::string("period_from \"2026-02-30\" is not a valid YYYY-MM-DD date")},
        {{"income", "ledger", "--from", "2026-07-01", "--to", "2026-01-01"},
         "period_to 2026-01-01 is before period_from 2026-07-01"},
        {{"distribution", "list", "--division", "abc"},
         "owner_division_prefix \"abc\" is not a division code"}}) {
    RunResult r = ledgerd_->Ctl(args);
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
  }
  RunResult text = ledgerd_->Ctl({"board", VillageCode(3), "--date", "2026-08-10"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find(Name(0).substr(0, 3) + "*"), std::string::npos) << text.out;
  for (int i = 0; i < n; ++i) {
    ASSERT_EQ(text.out.find(IdNumber(i)), std::string::npos) << i;
    ASSERT_EQ(text.out.find(Name(i)), std::string::npos) << Name(i);
  }

  // A beneficiary's history, for the roles allowed.
  RunResult history = Ok("cun1", {"--json", "registry", "history", households[0]});
  v1::BeneficiaryHistory h;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(history.out, &h).ok()) << history.out;
  EXPECT_EQ(h.person().village(), VillageCode(1));
  ASSERT_EQ(h.payments_size(), 1);
  EXPECT_EQ(h.payments(0).plan_id(), "DP-JZ");
  EXPECT_EQ(h.paid_fen(), 300000);
  EXPECT_EQ(h.person().status(), v1::ELIGIBILITY_STATUS_ELIGIBLE);
  EXPECT_EQ(h.person().status_since(), "2026-01-01");
  ASSERT_EQ(h.eligibility_size(), 1);
  EXPECT_EQ(h.eligibility(0).change().status(), v1::ELIGIBILITY_STATUS_ELIGIBLE);
}

}  // namespace
}  // namespace ledger::testing
