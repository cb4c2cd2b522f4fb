// End-to-end tests of asset income and its distribution with the real binaries, driven only
// through ledgerctl as a user would: a village photovoltaic station under a lease earns income,
// the village adopts a distribution plan that the township reviews and the county files, the plan
// is announced, a payment before the notice ended is refused (R20), the one after it is paid,
// over-distribution is refused (R19), the result is recorded and announced, and the village
// notice board and the plan's JSON show every stage.

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/entries/entry_builder.h"
#include "google/protobuf/util/json_util.h"
#include "ledger/state/civil_date.h"
#include "ledger/v1/income_service.pb.h"
#include "tests/e2e/county_e2e.h"

namespace ledger::testing {
namespace {

constexpr const char* kVillage = kVillage1;
const std::string kPv = "DZ-PV-001";

class IncomeE2E : public CountyE2E {
 protected:
  // Project P1 funded, approved, contracted, accepted and paid 600,000.00 (as asset_e2e_test);
  // its station kPv registered, owned by the village collective, handed over and leased from
  // Day(-16) for five years.
  void LeasedStation() {
    FundedProject("P1", kVillage, "2,000,000.00", "600,000.00");
    Ok("xzj", {"asset",      "register",
               "--code",     kPv,
               "--name",     "大山村500kW光伏电站",
               "--class",    "operational",
               "--category", "photovoltaic-station",
               "--form",     "fixed",
               "--funding",  "central-linkage:P1=600,000.00",
               "--location", kVillage,
               "--quantity", "500",
               "--unit",     "kW",
               "--life",     "25",
               "--formed",   Day(-20)});
    Ok("xzj", {"asset", "confirm", "--code", kPv, "--owner", Village(), "--basis",
               "村级光伏扶贫电站归村集体", "--date", Day(-19)});
    Ok("cun1", {"asset", "handover", "--code", kPv, "--from", "东至县乡村振兴局", "--date",
                Day(-18), "--list-file", Path("list.pdf")});
    Ok("cun1", {"asset",   "contract",  "--id",        "OC-1",
                "--code",  kPv,         "--operator",  "org:某光伏运维公司",
                "--mode",  "lease",     "--selection", "tender",
                "--start", Day(-16),    "--end",       Day(1800),
                "--rent",  "48,000.00", "--signed",    Day(-16)});
  }

  static std::string Village() {
    return std::string("village:") + kVillage + ":大山村股份经济合作社";
  }

  v1::PlanDetail ShowPlan(const std::string& id) {
    RunResult r = ledgerd_->Ctl({"--json", "distribution", "show", id});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    v1::PlanDetail detail;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(r.out, &detail).ok()) << r.out;
    return detail;
  }
};

TEST_F(IncomeE2E, VillageStationIncomePlannedAnnouncedPaidAndResulted) {
  ASSERT_NO_FATAL_FAILURE(LeasedStation());

  // 收益: 48,000.00 gross − 2,000.00 land rent − 1,000.00 operation = 45,000.00 net.
  Ok("cun1", {"income",   "record",    "--id",        "IN-1",      "--code",
              kPv,        "--from",    Day(-16),      "--to",      Day(-12),
              "--gross",  "48,000.00", "--land-rent", "2,000.00",  "--operation-cost",
              "1,000.00", "--owner",   Village(),     "--account", "大山村集体经济账户",
              "--kwh",    "300000",    "--date",      Day(-11)});
  RunResult csv = ledgerd_->Ctl({"income", "ledger", "--csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("收益编号,资产编号,", 0), 0u) << csv.out;
  EXPECT_NE(csv.out.find("IN-1,DZ-PV-001,"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find(",45000.00,300000,"), std::string::npos) << csv.out;

  // Malformed allocations are refused before anything is sent.
  const std::vector<std::string> plan = {"distribution",   "plan",
                                         "--id",           "DP-1",
                                         "--owner",        Village(),
                                         "--from",         Day(-16),
                                         "--to",           Day(-12),
                                         "--income",       "IN-1",
                                         "--criteria",     "脱贫户和监测户中无劳动能力者",
                                         "--resolution",   "大山村决〔2026〕5号",
                                         "--meeting-date", Day(-10),
                                         "--attendance",   "35",
                                         "--for",          "33",
                                         "--against",      "1"};
  std::vector<std::string> bad_plan = plan;
  bad_plan.insert(bad_plan.end(), {"--allocation", "public_welfare_post_wages:36,000.00"});
  Usage("cun1", bad_plan, "<category>=<yuan>");
  // R23: a photovoltaic station's plan keeps 80 % of the net income for public-welfare work.
  std::vector<std::string> r23_plan = plan;
  r23_plan.insert(r23_plan.end(), {"--allocation", "public_welfare_post_wages=30,000.00",
                                   "--allocation", "small_public_works=12,000.00"});
  Rejected("cun1", r23_plan, "R23");
  std::vector<std::string> good_plan = plan;
  good_plan.insert(good_plan.end(), {"--allocation", "public_welfare_post_wages=36,000.00",
                                     "--allocation", "small_public_works=6,000.00"});
  Ok("cun1", good_plan);
  v1::PlanDetail d = ShowPlan("DP-1");
  EXPECT_EQ(d.stage(), v1::PLAN_STAGE_ADOPTED);
  EXPECT_EQ(d.plan().total_fen(), 4200000);

  Ok("xz", {"distribution", "review", "--id", "DP-1", "--approve", "--opinion", "同意", "--date",
            Day(-9)});
  EXPECT_EQ(ShowPlan("DP-1").stage(), v1::PLAN_STAGE_REVIEWED);
  Ok("xzj", {"distribution", "file", "--id", "DP-1", "--reference", "东乡振备〔2026〕7号", "--date",
             Day(-9)});
  EXPECT_EQ(ShowPlan("DP-1").stage(), v1::PLAN_STAGE_FILED);
  Ok("cun1", {"announce", "--id", "AN-1", "--subject", "distribution-plan", "--subject-id", "DP-1",
              "--channel", "village-board", "--notice-file", Path("plan-notice.pdf"), "--start",
              Day(-8), "--end", Day(-6)});

  // A malformed payment line is refused before anything is sent.
  Usage("cun1",
        {"distribution", "pay", "--id", "PAY-1", "--plan", "DP-1", "--line",
         "H-0001:post:3:3,000.00:BK-1", "--date", Day(-5)},
        "six fields");
  Usage("cun1",
        {"distribution", "pay", "--id", "PAY-1", "--plan", "DP-1", "--line",
         "H-0001:monthly:3:public_welfare_post_wages:3,000.00:BK-1", "--date", Day(-5)},
        "bad basis");
  // R20: not while the plan's notice runs.
  Rejected("cun1",
           {"distribution", "pay", "--id", "PAY-0", "--plan", "DP-1", "--line",
            "H-0001:post:3:public_welfare_post_wages:3,000.00:BK-0", "--date", Day(-7)},
           "R20");
  Ok("cun1", {"distribution", "pay", "--id", "PAY-1", "--plan", "DP-1", "--line",
              "H-0001:post:3:public_welfare_post_wages:3,000.00:BK-1", "--line",
              "H-0002:labour-days:10:small_public_works:1,000.00:BK-2", "--date", Day(-5)});
  // R19: no category pays more than its allocation.
  Rejected("cun1",
           {"distribution", "pay", "--id", "PAY-2", "--plan", "DP-1", "--line",
            "H-0003:post:3:public_welfare_post_wages:34,000.00:BK-3", "--date", Day(-4)},
           "R19");

  Ok("cun1", {"distribution", "result", "--plan", "DP-1", "--result-file", Path("result.pdf"),
              "--summary", "发放公益岗位工资和小型公益事业劳务 2 人", "--date", Day(-3)});
  // No payment after the result.
  Rejected("cun1",
           {"distribution", "pay", "--id", "PAY-3", "--plan", "DP-1", "--line",
            "H-0004:post:1:public_welfare_post_wages:1,000.00:BK-4", "--date", Day(-2)},
           "closed by its result");
  Ok("cun1", {"announce", "--id", "AN-2", "--subject", "distribution-result", "--subject-id",
              "DP-1", "--channel", "village-board", "--notice-file", Path("result-notice.pdf"),
              "--start", Day(-2), "--end", Day(5)});

  // The notice board: the result's notice in force (6 days left counting today), the plan's and
  // the project's before-notice past (the later ended first).
  RunResult board = ledgerd_->Ctl({"board", kVillage});
  ASSERT_EQ(board.exit_code, 0) << board.err;
  EXPECT_NE(board.out.find("AN-1"), std::string::npos) << board.out;
  EXPECT_NE(board.out.find("AN-2"), std::string::npos) << board.out;
  EXPECT_NE(board.out.find("收益分配方案"), std::string::npos) << board.out;
  EXPECT_NE(board.out.find("收益分配结果"), std::string::npos) << board.out;
  EXPECT_NE(board.out.find("公示中"), std::string::npos) << board.out;
  EXPECT_NE(board.out.find("已结束"), std::string::npos) << board.out;
  RunResult board_json = ledgerd_->Ctl({"--json", "board", kVillage});
  ASSERT_EQ(board_json.exit_code, 0) << board_json.err;
  v1::NoticeBoard nb;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(board_json.out, &nb).ok())
      << board_json.out;
  ASSERT_EQ(nb.in_force_size(), 1);
  EXPECT_EQ(nb.in_force(0).announcement().announcement_id(), "AN-2");
  EXPECT_EQ(nb.in_force(0).remaining_days(), 6);
  EXPECT_EQ(nb.in_force(0).amount_fen(), 400000);
  ASSERT_EQ(nb.past_size(), 2);
  EXPECT_EQ(nb.past(0).announcement().announcement_id(), "AN-1");
  EXPECT_EQ(nb.past(0).amount_fen(), 4200000);
  EXPECT_EQ(nb.past(1).announcement().announcement_id(), "N-P1");
  EXPECT_EQ(nb.past(1).announcement().subject_kind(), v1::ANNOUNCEMENT_SUBJECT_PROJECT_BEFORE);
  // Another village's board is empty; a bad division is refused by the server.
  RunResult other = ledgerd_->Ctl({"--json", "board", "341721001002"});
  ASSERT_EQ(other.exit_code, 0) << other.err;
  EXPECT_EQ(other.out.find("AN-"), std::string::npos) << other.out;
  EXPECT_EQ(ledgerd_->Ctl({"board", "34172"}).exit_code, 1);

  // Every stage in the plan's JSON.
  d = ShowPlan("DP-1");
  EXPECT_EQ(d.stage(), v1::PLAN_STAGE_RESULTED);
  EXPECT_TRUE(d.needs_township_review());
  EXPECT_TRUE(d.review().approved());
  EXPECT_EQ(d.filing().filing_reference(), "东乡振备〔2026〕7号");
  ASSERT_EQ(d.announcements_size(), 2);
  EXPECT_EQ(d.announcements(0).announcement().subject_kind(),
            v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_PLAN);
  EXPECT_EQ(d.announcements(1).announcement().subject_kind(),
            v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_RESULT);
  ASSERT_EQ(d.payments_size(), 1);
  EXPECT_EQ(d.payments(0).payment().lines_size(), 2);
  EXPECT_EQ(d.payments(0).payment().lines(1).basis(), v1::DISTRIBUTION_BASIS_LABOUR_DAYS);
  EXPECT_EQ(d.paid_fen(), 400000);
  ASSERT_EQ(d.categories_size(), 2);
  EXPECT_EQ(d.categories(0).category(), "public_welfare_post_wages");
  EXPECT_EQ(d.categories(0).allocated_fen(), 3600000);
  EXPECT_EQ(d.categories(0).paid_fen(), 300000);
  EXPECT_EQ(d.categories(1).paid_fen(), 100000);
  EXPECT_EQ(d.result().date(), Day(-3));
  EXPECT_EQ(d.committed_fen(), 400000);
  EXPECT_GE(d.indexes_size(), 7);

  // R19 balance: what the plan did not pay returned to the owner.
  RunResult balance = ledgerd_->Ctl({"--json", "distribution", "balance", "--owner", Village()});
  ASSERT_EQ(balance.exit_code, 0) << balance.err;
  v1::OwnerBalance b;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(balance.out, &b).ok()) << balance.out;
  EXPECT_EQ(b.booked_fen(), 4500000);
  EXPECT_EQ(b.committed_open_fen(), 0);
  EXPECT_EQ(b.paid_fen(), 400000);
  EXPECT_EQ(b.available_fen(), 4100000);

  RunResult list = ledgerd_->Ctl({"distribution", "list", "--division", kTownship});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("DP-1"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("已公布结果"), std::string::npos) << list.out;
}

}  // namespace
}  // namespace ledger::testing
