#ifndef LEDGER_TESTS_E2E_PV_YEAR_E2E_H_
#define LEDGER_TESTS_E2E_PV_YEAR_E2E_H_

// The seeds' photovoltaic year (../shared/seeds/003) played through ledgerctl, as
// pv_year_e2e_test.cc describes it, at a size the test chooses: pv_year_e2e_test plays the
// seeds' numbers (8 villages, 134 households, 80 county posts), the notice-board test a small
// year with the same chain of entries.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/json_util.h"
#include "ledger/v1/registry_service.pb.h"
#include "tests/e2e/county_e2e.h"

namespace ledger::testing {

inline const std::string kCounty = "county:341721:东至县人民政府";

inline std::string VillageCode(int v) { return absl::StrFormat("341721001%03d", v); }
inline std::string VillageParty(int v) {
  return absl::StrCat("village:", VillageCode(v), ":", v, "号村股份经济合作社");
}
inline std::string Accountant(int v) { return absl::StrCat("cun", v); }

// A resident identity number (GB 11643-1999) with a valid MOD 11-2 check character, different for
// every `n` < 10,000: born 1950..1977 on a day depending on n, sequence n % 1000.
inline std::string IdNumber(int n) {
  const std::string body = absl::StrFormat("341721%04d%02d%02d%03d", 1950 + n / 336,
                                           1 + (n / 28) % 12, 1 + n % 28, n % 1000);
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (body[i] - '0') * kWeights[i];
  return body + "10X98765432"[sum % 11];
}

// Chinese names: a surname and a two-character given name.
inline std::string Name(int n) {
  static const char* kSurnames[] = {"张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴"};
  static const char* kGiven[] = {"建国", "秀英", "志强", "桂兰", "德明", "玉梅", "永福", "春花"};
  return absl::StrCat(kSurnames[n % 10], kGiven[(n / 10) % 8]);
}

// How big a year: villages (1..8, one station each), village post holders per village,
// households and county post holders (at most 134 and 80: the county plan's allocations).
struct PvYearSize {
  int villages = 8;
  int village_posts = 3;
  int households = 134;
  int county_posts = 80;
};

// Who PlayYear registered: the references by role, and how many people (person n has Name(n)
// and IdNumber(n) for n < count).
struct PvYearPeople {
  int count = 0;
  std::vector<std::vector<std::string>> village_posts;  // [village][i], village from 1
  std::vector<std::string> households, county_posts;
  std::string removed;  // the household removed in May
  int removed_n = 0;
};

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

  // The village accountants cun4..cun<villages> (the fixture has cun1..cun3), a 10-day notice
  // period.
  void MoreVillages(int villages) {
    for (int v = 4; v <= villages; ++v) {
      const std::string id = Accountant(v);
      ASSERT_EQ(ledgerd_->Ctl({"key", "gen", "--out", Path(id + ".key")}).exit_code, 0);
      Ok("admin",
         {"principal", "add", "--id", id, "--name", absl::StrCat(v, "号村村委会"), "--kind",
          "village-committee", "--scope", VillageCode(v), "--role", "village-accountant"});
      Ok("admin", {"key", "register", "--for", id, "--key-file", Path(id + ".key")});
    }
    Ok("admin", {"policy", "set", "notice_period_days=10"});
  }

  // 2025: the project that built the stations (one per village and the centralized one), from the
  // library to its final payment.
  void BuildStations(int villages) {
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
    for (int v = 1; v <= villages; ++v) {
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
  // The year of the seeds' scenario, at `size`: the villages' accountants, the stations, the
  // people registered (post holders per village, households and county post holders spread over
  // the villages, and one household removed in May), the year's income, each village's plan with
  // its chain, payment, result and notices, and the county's plan paying the households and
  // posts (after R24 refuses the removed household). Returns who was registered.
  PvYearPeople PlayYear(const PvYearSize& size) {
    PvYearPeople people;
    MoreVillages(size.villages);
    if (HasFatalFailure()) return people;
    BuildStations(size.villages);

    // The people, registered by their villages: three post holders per village, the 134
    // households and the county's 80 post holders spread over the villages.
    std::vector<std::vector<std::string>>& village_posts = people.village_posts;
    std::vector<std::string>& households = people.households;
    std::vector<std::string>& county_posts = people.county_posts;
    village_posts.resize(size.villages + 1);
    int& n = people.count;
    for (int v = 1; v <= size.villages; ++v) {
      for (int i = 0; i < size.village_posts; ++i) village_posts[v].push_back(Register(v, n++));
    }
    for (int i = 0; i < size.households; ++i)
      households.push_back(Register(1 + i % size.villages, n++));
    for (int i = 0; i < size.county_posts; ++i)
      county_posts.push_back(Register(1 + i % size.villages, n++));
    // A 135th household, removed from eligibility at the end of May.
    const int removed_n = people.removed_n = n++;
    const std::string removed = people.removed = Register(2, removed_n);
    At(Accountant(2), "2026-06-02",
       {"registry", "status", "--id-number", IdNumber(removed_n), "--status", "removed",
        "--effective", "2026-05-31", "--basis", "动态调整〔2026〕3号"});

    // The year's income: 60,000.00 rent − 3,750.00 upkeep = 56,250.00 per village station
    // (45万元 for the eight), 2,500,000.00 − 100,000.00 = 240万元 for the centralized one.
    for (int v = 1; v <= size.villages; ++v) {
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
    // Each village: 45,000.00 (80 %) to three posts for 12 months, 11,250.00 to small works.
    for (int v = 1; v <= size.villages; ++v) {
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
      for (int i = 0; i < size.village_posts; ++i) {
        pay.insert(pay.end(),
                   {"--line", absl::StrCat(village_posts[v][i],
                                           ":post:12:public_welfare_post_wages:15,000.00:", "BK-",
                                           v, "-", i)});
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
    for (int i = 0; i < size.households; ++i) {
      pay.insert(pay.end(),
                 {"--line", absl::StrCat(households[i], ":share:1:relief:3,000.00:BK-H", i)});
    }
    for (int i = 0; i < size.county_posts; ++i) {
      pay.insert(
          pay.end(),
          {"--line", absl::StrCat(county_posts[i],
                                  ":post:12:public_welfare_post_wages:24,000.00:", "BK-P", i)});
    }
    At("xzj", "2026-07-28", pay);
    ResultAndAnnounce("DP-JZ", "xzj");
    return people;
  }
};

}  // namespace ledger::testing

#endif  // LEDGER_TESTS_E2E_PV_YEAR_E2E_H_
