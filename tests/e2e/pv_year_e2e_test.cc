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

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/json_util.h"
#include "ledger/v1/income_service.pb.h"
#include "ledger/v1/registry_service.pb.h"
#include "tests/e2e/county_e2e.h"

namespace ledger::testing {
namespace {

constexpr int kVillages = 8;
constexpr int kHouseholds = 134;
constexpr int kCountyPosts = 80;
constexpr int kVillagePosts = 3;
const std::string kCounty = "county:341721:东至县人民政府";

std::string VillageCode(int v) { return absl::StrFormat("341721001%03d", v); }
std::string VillageParty(int v) {
  return absl::StrCat("village:", VillageCode(v), ":", v, "号村股份经济合作社");
}
std::string Accountant(int v) { return absl::StrCat("cun", v); }

// A resident identity number (GB 11643-1999) with a valid MOD 11-2 check character, different for
// every `n` < 10,000: born 1950..1977 on a day depending on n, sequence n % 1000.
std::string IdNumber(int n) {
  const std::string body = absl::StrFormat("341721%04d%02d%02d%03d", 1950 + n / 336,
                                           1 + (n / 28) % 12, 1 + n % 28, n % 1000);
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (body[i] - '0') * kWeights[i];
  return body + "10X98765432"[sum % 11];
}

// Chinese names: a surname and a two-character given name.
std::string Name(int n) {
  static const char* kSurnames[] = {"张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴"};
  static const char* kGiven[] = {"建国", "秀英", "志强", "桂兰", "德明", "玉梅", "永福", "春花"};
  return absl::StrCat(kSurnames[n % 10], kGiven[(n / 10) % 8]);
}

class PvYearE2E : public CountyE2E {
 protected:
  // ledgerctl signed as `principal`, entering an event of `date` with that business date.
  RunResult At(const std::string& principal, const std::string& date,
               std::vector<std::string> args) {
    args.insert(args.begin(), {"--business-date", date});
    return Ok(principal, std::move(args));
  }

  // Registers person `n` in village `v` (by its accountant), eligible from 2026-01-01; the ref.
  std::string Register(int v, int n) {
    RunResult r =
        At(Accountant(v), "2026-01-05",
           {"--json", "registry", "add", "--village", VillageCode(v), "--name", Name(n),
            "--id-number", IdNumber(n), "--bank-account", absl::StrFormat("62284800%011d", n),
            "--eligible-from", "2026-01-01", "--basis", "民主评议〔2026〕1号"});
    v1::RegistryPerson p;
    EXPECT_TRUE(
        google::protobuf::util::JsonStringToMessage(r.out.substr(0, r.out.find('\n')), &p).ok())
        << r.out << r.err;
    return p.ref();
  }

  // The village accountants cun4..cun8 (the fixture has cun1..cun3), a 10-day notice period.
  void MoreVillages() {
    for (int v = 4; v <= kVillages; ++v) {
      const std::string id = Accountant(v);
      ASSERT_EQ(ledgerd_->Ctl({"key", "gen", "--out", Path(id + ".key")}).exit_code, 0);
      Ok("admin",
         {"principal", "add", "--id", id, "--name", absl::StrCat(v, "号村村委会"), "--kind",
          "village-committee", "--scope", VillageCode(v), "--role", "village-accountant"});
      Ok("admin", {"key", "register", "--for", id, "--key-file", Path(id + ".key")});
    }
    Ok("admin", {"policy", "set", "notice_period_days=10"});
  }

  // 2025: the project that built the nine stations, from the library to its final payment.
  void BuildStations() {
    At("fin", "2025-01-10",
       {"fund", "receive", "--id", "R-2025-1", "--source", "central-linkage", "--year", "2025",
        "--doc", "财农〔2025〕1号", "--amount", "15,000,000.00"});
    At("xzj", "2025-01-15",
       {"project", "register", "--id", "P-PV", "--name", "尧渡镇光伏扶贫电站", "--type", "industry",
        "--location", kTownship, "--content", "8个村级光伏电站各500kW及集中式电站", "--planned",
        "central-linkage=12,000,000.00", "--implementer", "东至县乡村振兴局", "--responsible",
        "王五"});
    const char* steps[] = {"village-application", "village-notice", "township-review",
                           "county-approval"};
    const char* step_dates[] = {"2025-01-20", "2025-02-12", "2025-02-15", "2025-02-20"};
    for (int i = 0; i < 4; ++i) {
      At("xzj", step_dates[i],
         {"project", "step", "--id", "P-PV", "--step", steps[i], "--date", step_dates[i]});
    }
    At("xzj", "2025-02-01",
       {"announce", "--id", "AN-P-PV", "--subject", "project-before", "--subject-id", "P-PV",
        "--channel", "village-board", "--notice-file", Path("notice.pdf"), "--start", "2025-02-01",
        "--end", "2025-02-10"});
    At("xzj", "2025-03-01",
       {"project", "approve", "--id", "P-PV", "--year", "2025", "--line",
        "central-linkage=12,000,000.00", "--body", "县乡村振兴领导小组"});
    At("xzj", "2025-03-10",
       {"project",
        "contract",
        "--id",
        "C-PV",
        "--project",
        "P-PV",
        "--payee",
        "某某电力公司",
        "--amount",
        "12,000,000.00",
        "--tender",
        "公开招标",
        "--signed",
        "2025-03-10",
        "--start",
        "2025-03-15",
        "--end",
        "2025-05-31",
        "--advance-ceiling-bp",
        "3000",
        "--retention-bp",
        "1000"});
    At("xzj", "2025-06-10",
       {"project", "accept", "--id", "A-PV", "--project", "P-PV", "--date", "2025-06-10",
        "--result", "合格", "--report-file", Path("report.pdf")});
    At("fin", "2025-06-20",
       {"disburse",
        "--id",
        "D-PV",
        "--project",
        "P-PV",
        "--contract",
        "C-PV",
        "--source",
        "central-linkage",
        "--stage",
        "final",
        "--acceptance",
        "A-PV",
        "--amount",
        "10,800,000.00",
        "--payee",
        "某某电力公司",
        "--category",
        "construction",
        "--voucher-file",
        Path("voucher.pdf"),
        "--invoice-file",
        Path("invoice.pdf"),
        "--applied",
        "2025-06-15",
        "--signed-off",
        "2025-06-16",
        "--approved",
        "2025-06-18",
        "--paid",
        "2025-06-20"});
    // The stations: registered, their owners confirmed, handed over and leased for five years.
    for (int v = 1; v <= kVillages; ++v) {
      const std::string code = absl::StrCat("PV-", VillageCode(v));
      At("xzj", "2025-06-25", {"asset",      "register",
                               "--code",     code,
                               "--name",     absl::StrCat(v, "号村500kW光伏电站"),
                               "--class",    "operational",
                               "--category", "photovoltaic-station",
                               "--form",     "fixed",
                               "--funding",  "central-linkage:P-PV=300,000.00",
                               "--location", VillageCode(v),
                               "--quantity", "500",
                               "--unit",     "kW",
                               "--life",     "25",
                               "--formed",   "2025-06-20"});
      At("xzj", "2025-06-26",
         {"asset", "confirm", "--code", code, "--owner", VillageParty(v), "--basis",
          "村级光伏扶贫电站归村集体", "--date", "2025-06-26"});
      At(Accountant(v), "2025-06-28",
         {"asset", "handover", "--code", code, "--from", "东至县乡村振兴局", "--date", "2025-06-28",
          "--list-file", Path("list.pdf")});
      At(Accountant(v), "2025-07-01",
         {"asset",   "contract",   "--id",        absl::StrCat("OC-", v),
          "--code",  code,         "--operator",  "org:某光伏运维公司",
          "--mode",  "lease",      "--selection", "tender",
          "--start", "2025-07-01", "--end",       "2030-06-30",
          "--rent",  "60,000.00",  "--signed",    "2025-07-01"});
    }
    At("xzj", "2025-06-25", {"asset",      "register",
                             "--code",     "PV-JZ",
                             "--name",     "尧渡镇集中式光伏扶贫电站",
                             "--class",    "operational",
                             "--category", "photovoltaic-station",
                             "--form",     "fixed",
                             "--funding",  "central-linkage:P-PV=8,000,000.00",
                             "--location", kTownship,
                             "--quantity", "10000",
                             "--unit",     "kW",
                             "--life",     "25",
                             "--formed",   "2025-06-20"});
    At("xzj", "2025-06-26",
       {"asset", "confirm", "--code", "PV-JZ", "--owner", kCounty, "--basis",
        "集中式电站收益统筹用于全镇脱贫户", "--higher-level-reason",
        "集中式电站惠及全镇134户,由县统筹分配", "--date", "2025-06-26"});
    At("xzj", "2025-06-28",
       {"asset", "handover", "--code", "PV-JZ", "--from", "某某电力公司", "--date", "2025-06-28",
        "--list-file", Path("list.pdf")});
    At("xzj", "2025-07-01",
       {"asset",      "contract",           "--id",   "OC-JZ",      "--code",      "PV-JZ",
        "--operator", "org:某光伏运维公司", "--mode", "lease",      "--selection", "tender",
        "--start",    "2025-07-01",         "--end",  "2030-06-30", "--rent",      "2,500,000.00",
        "--signed",   "2025-07-01"});
  }

  // The chain of a plan after its adoption: review (unless county-owned), filing, notice.
  void ReviewFileAnnounce(const std::string& plan, const std::string& announcer, bool review) {
    if (review) {
      At("xz", "2026-07-12",
         {"distribution", "review", "--id", plan, "--approve", "--opinion", "同意", "--date",
          "2026-07-12"});
    }
    At("xzj", "2026-07-14",
       {"distribution", "file", "--id", plan, "--reference", "东乡振备〔2026〕" + plan, "--date",
        "2026-07-14"});
    At(announcer, "2026-07-15",
       {"announce", "--id", "AN-" + plan, "--subject", "distribution-plan", "--subject-id", plan,
        "--channel", "village-board", "--notice-file", Path("plan-notice.pdf"), "--start",
        "2026-07-15", "--end", "2026-07-24"});
  }

  void ResultAndAnnounce(const std::string& plan, const std::string& who) {
    At(who, "2026-08-05",
       {"distribution", "result", "--plan", plan, "--result-file", Path("result.pdf"), "--summary",
        "按方案发放完毕", "--date", "2026-08-05"});
    At(who, "2026-08-06",
       {"announce", "--id", "AR-" + plan, "--subject", "distribution-result", "--subject-id", plan,
        "--channel", "village-board", "--notice-file", Path("result-notice.pdf"), "--start",
        "2026-08-06", "--end", "2026-08-15"});
  }
};

TEST_F(PvYearE2E, EightVillageStationsAndTheCentralizedStationDistributeTheirYear) {
  ASSERT_NO_FATAL_FAILURE(MoreVillages());
  ASSERT_NO_FATAL_FAILURE(BuildStations());

  // The people, registered by their villages: three post holders per village, the 134
  // households and the county's 80 post holders spread over the villages.
  std::vector<std::vector<std::string>> village_posts(kVillages + 1);
  std::vector<std::string> households, county_posts;
  int n = 0;
  for (int v = 1; v <= kVillages; ++v) {
    for (int i = 0; i < kVillagePosts; ++i) village_posts[v].push_back(Register(v, n++));
  }
  for (int i = 0; i < kHouseholds; ++i) households.push_back(Register(1 + i % kVillages, n++));
  for (int i = 0; i < kCountyPosts; ++i) county_posts.push_back(Register(1 + i % kVillages, n++));
  // A 135th household, removed from eligibility at the end of May.
  const int removed_n = n++;
  const std::string removed = Register(2, removed_n);
  At(Accountant(2), "2026-06-02",
     {"registry", "status", "--id-number", IdNumber(removed_n), "--status", "removed",
      "--effective", "2026-05-31", "--basis", "动态调整〔2026〕3号"});

  // The year's income: 60,000.00 rent − 3,750.00 upkeep = 56,250.00 per village station
  // (45万元 for the eight), 2,500,000.00 − 100,000.00 = 240万元 for the centralized one.
  for (int v = 1; v <= kVillages; ++v) {
    At(Accountant(v), "2026-07-05",
       {"income",
        "record",
        "--id",
        absl::StrCat("IN-", v),
        "--code",
        absl::StrCat("PV-", VillageCode(v)),
        "--from",
        "2025-07-01",
        "--to",
        "2026-06-30",
        "--gross",
        "60,000.00",
        "--operation-cost",
        "3,750.00",
        "--owner",
        VillageParty(v),
        "--account",
        absl::StrCat(v, "号村集体经济账户"),
        "--kwh",
        "550000",
        "--date",
        "2026-07-05"});
  }
  At("xzj", "2026-07-05",
     {"income",
      "record",
      "--id",
      "IN-JZ",
      "--code",
      "PV-JZ",
      "--from",
      "2025-07-01",
      "--to",
      "2026-06-30",
      "--gross",
      "2,500,000.00",
      "--operation-cost",
      "100,000.00",
      "--owner",
      kCounty,
      "--account",
      "县级光伏收益专户",
      "--kwh",
      "11000000",
      "--date",
      "2026-07-05"});
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

  // Each village: 45,000.00 (80 %) to three posts for 12 months, 11,250.00 to small works.
  for (int v = 1; v <= kVillages; ++v) {
    const std::string plan = absl::StrCat("DP-", v);
    At(Accountant(v), "2026-07-10", {"distribution",   "plan",
                                     "--id",           plan,
                                     "--owner",        VillageParty(v),
                                     "--from",         "2025-07-01",
                                     "--to",           "2026-06-30",
                                     "--income",       absl::StrCat("IN-", v),
                                     "--allocation",   "public_welfare_post_wages=45,000.00",
                                     "--allocation",   "small_public_works=11,250.00",
                                     "--criteria",     "脱贫户和监测户中有劳动能力者设公益岗位",
                                     "--resolution",   absl::StrCat(v, "号村决〔2026〕5号"),
                                     "--meeting-date", "2026-07-10",
                                     "--attendance",   "35",
                                     "--for",          "33",
                                     "--against",      "1"});
    ReviewFileAnnounce(plan, Accountant(v), /*review=*/true);
    std::vector<std::string> pay = {"distribution", "pay", "--id",   absl::StrCat("PAY-", v),
                                    "--plan",       plan,  "--date", "2026-07-28"};
    for (int i = 0; i < kVillagePosts; ++i) {
      pay.insert(pay.end(), {"--line", absl::StrCat(village_posts[v][i],
                                                    ":post:12:public_welfare_post_wages:15,000.00:",
                                                    "BK-", v, "-", i)});
    }
    At(Accountant(v), "2026-07-28", pay);
    ResultAndAnnounce(plan, Accountant(v));
  }

  // The county: relief for the 134 households, 80 posts (R23: 1,920,000.00 of 2,400,000.00).
  At("xzj", "2026-07-10",
     {"distribution",   "plan",
      "--id",           "DP-JZ",
      "--owner",        kCounty,
      "--from",         "2025-07-01",
      "--to",           "2026-06-30",
      "--income",       "IN-JZ",
      "--allocation",   "public_welfare_post_wages=1,920,000.00",
      "--allocation",   "relief=402,000.00",
      "--allocation",   "small_public_works=78,000.00",
      "--criteria",     "全镇无劳动能力建档立卡脱贫户每户每年3000元;有劳动能力者设公益岗位",
      "--resolution",   "东至县乡村振兴领导小组〔2026〕9号",
      "--meeting-date", "2026-07-10",
      "--attendance",   "15",
      "--for",          "15"});
  ReviewFileAnnounce("DP-JZ", "xzj", /*review=*/false);
  // R24: the household removed in May is paid nothing in July.
  RunResult refused =
      As("xzj",
         {"--business-date", "2026-07-28", "distribution", "pay", "--id", "PAY-JZ-0", "--plan",
          "DP-JZ", "--line", removed + ":share:1:relief:3,000.00:BK-R", "--date", "2026-07-28"});
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("R24"), std::string::npos) << refused.err;
  std::vector<std::string> pay = {"distribution", "pay",   "--id",   "PAY-JZ-1",
                                  "--plan",       "DP-JZ", "--date", "2026-07-28"};
  for (int i = 0; i < kHouseholds; ++i) {
    pay.insert(pay.end(),
               {"--line", absl::StrCat(households[i], ":share:1:relief:3,000.00:BK-H", i)});
  }
  for (int i = 0; i < kCountyPosts; ++i) {
    pay.insert(
        pay.end(),
        {"--line", absl::StrCat(county_posts[i],
                                ":post:12:public_welfare_post_wages:24,000.00:", "BK-P", i)});
  }
  At("xzj", "2026-07-28", pay);
  ResultAndAnnounce("DP-JZ", "xzj");

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
