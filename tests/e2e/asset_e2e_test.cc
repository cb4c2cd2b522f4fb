// End-to-end tests of the asset ledger with the real binaries, driven only through ledgerctl as a
// user would: a village photovoltaic station from the project that paid for it to its disposal
// by loss write-off and the reinvestment of the proceeds; a station shared by three villages;
// the lifecycle ledgers as CSV and the county totals (R29).

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/entries/entry_builder.h"
#include "google/protobuf/util/json_util.h"
#include "ledger/state/civil_date.h"
#include "ledger/v1/asset_service.pb.h"
#include "tests/e2e/county_e2e.h"

namespace ledger::testing {
namespace {

class AssetE2E : public CountyE2E {
 protected:
  v1::AssetDetail Show(const std::string& code) {
    RunResult r = ledgerd_->Ctl({"--json", "asset", "show", code});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    v1::AssetDetail detail;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(r.out, &detail).ok()) << r.out;
    return detail;
  }

  v1::DisposalDetail ShowDisposal(const std::string& id) {
    RunResult r = ledgerd_->Ctl({"--json", "disposal", "show", id});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    v1::DisposalDetail detail;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(r.out, &detail).ok()) << r.out;
    return detail;
  }
};

const std::string kPv = "DZ-PV-001";

// The station of DOMAIN §2.6/§2.8 through its whole life, every state read back.
TEST_F(AssetE2E, VillagePhotovoltaicStationFromProjectToDisposalAndReinvestment) {
  ASSERT_NO_FATAL_FAILURE(FundedProject("P1", kVillage1, "2,000,000.00", "600,000.00"));

  // R13: no more than the project paid becomes assets.
  Rejected("xzj", StationRegistration(kPv, "central-linkage:P1=600,000.01"), "R13");
  Ok("xzj", StationRegistration(kPv));
  v1::AssetDetail a = Show(kPv);
  EXPECT_EQ(a.status(), v1::ASSET_STATUS_REGISTERED);
  EXPECT_EQ(a.registration().original_value_fen(), 60000000);
  EXPECT_EQ(a.owners_size(), 0);

  // A malformed party is refused before anything is sent.
  RunResult bad = As("xzj", {"asset", "confirm", "--code", kPv, "--owner",
                             "village:34172100:大山村", "--basis", "x"});
  EXPECT_EQ(bad.exit_code, 64) << bad.err;
  EXPECT_NE(bad.err.find("12 digits"), std::string::npos) << bad.err;

  Ok("xzj", {"asset", "confirm", "--code", kPv, "--owner",
             std::string("village:") + kVillage1 + ":大山村股份经济合作社", "--basis",
             "村级光伏扶贫电站归村集体", "--certificate", "东资确〔2026〕1号", "--date", Day(-19)});
  a = Show(kPv);
  EXPECT_EQ(a.status(), v1::ASSET_STATUS_CONFIRMED);
  ASSERT_EQ(a.owners_size(), 1);
  EXPECT_EQ(a.owners(0).party().kind(), v1::PARTY_KIND_VILLAGE_COLLECTIVE);
  EXPECT_EQ(a.owners(0).share_bp(), 10000u);

  // R16: no operation before the handover.
  Rejected("cun1", {"asset",   "contract",  "--id",        "OC-1",
                    "--code",  kPv,         "--operator",  "org:某光伏运维公司",
                    "--mode",  "lease",     "--selection", "tender",
                    "--start", Day(-16),    "--end",       Day(1800),
                    "--rent",  "48,000.00", "--signed",    Day(-16)},
           "R16");
  Ok("cun1", {"asset", "handover", "--code", kPv, "--from", "东至县乡村振兴局", "--date", Day(-18),
              "--list-file", Path("list.pdf")});
  a = Show(kPv);
  EXPECT_EQ(a.status(), v1::ASSET_STATUS_HANDED_OVER);
  EXPECT_EQ(a.handover().from_party(), "东至县乡村振兴局");

  const std::string village = std::string("village:") + kVillage1 + ":大山村股份经济合作社";
  Ok("cun1", {"asset", "rights", "--code", kPv, "--kind", "income", "--holder", village + "=10000",
              "--from", Day(-17), "--basis", "收益权证001"});
  Ok("cun1", {"asset", "rights", "--code", kPv, "--kind", "disposal", "--holder", village, "--from",
              Day(-17)});
  Ok("cun1", {"asset", "rights", "--code", kPv, "--kind", "supervision", "--holder",
              std::string("township:") + kTownship + ":尧渡镇人民政府", "--from", Day(-17)});
  Ok("cun1", {"asset", "rights", "--code", kPv, "--kind", "custody", "--holder", village, "--from",
              Day(-17)});
  Ok("cun1", {"asset",    "contract",  "--id",        "OC-1",
              "--code",   kPv,         "--operator",  "org:某光伏运维公司",
              "--mode",   "lease",     "--selection", "tender",
              "--start",  Day(-16),    "--end",       Day(1800),
              "--rent",   "48,000.00", "--deposit",   "10,000.00",
              "--signed", Day(-16)});
  a = Show(kPv);
  EXPECT_EQ(a.status(), v1::ASSET_STATUS_IN_OPERATION);
  ASSERT_EQ(a.contracts_size(), 1);
  EXPECT_EQ(a.contracts(0).contract().annual_rent_fen(), 4800000);
  int kinds = 0;
  for (const v1::RightBindingRecord& b : a.bindings()) {
    if (b.kind() == v1::RIGHT_KIND_INCOME || b.kind() == v1::RIGHT_KIND_DISPOSAL ||
        b.kind() == v1::RIGHT_KIND_SUPERVISION || b.kind() == v1::RIGHT_KIND_CUSTODY) {
      ++kinds;
      EXPECT_TRUE(b.valid_to().empty());
    }
  }
  EXPECT_EQ(kinds, 4);

  Ok("cun1", {"asset", "maintain", "--code", kPv, "--custodian", "张三", "--date", Day(-15),
              "--condition", "good"});
  Ok("cun1",
     {"asset", "maintain", "--code", kPv, "--custodian", "张三", "--date", Day(-12), "--condition",
      "damaged", "--cost", "3,000.00", "--funding", "operating-income", "--notes", "洪水冲毁支架"});
  a = Show(kPv);
  ASSERT_EQ(a.maintenance_size(), 2);
  EXPECT_EQ(a.maintenance(1).record().condition(), v1::ASSET_CONDITION_DAMAGED);

  // Disposal by loss write-off (报损).
  Ok("cun1", {"disposal", "apply", "--id", "DP-1", "--code", kPv, "--trigger", "natural-disaster",
              "--method", "loss-write-off", "--valuation", "东至评〔2026〕8号", "--appraised",
              "20,000.00", "--date", Day(-10)});
  EXPECT_EQ(Show(kPv).status(), v1::ASSET_STATUS_DISPOSAL_PENDING);
  EXPECT_EQ(ShowDisposal("DP-1").stage(), v1::DISPOSAL_STAGE_APPLIED);
  // The township cannot review before the village decided (R26).
  Rejected(
      "xz",
      {"disposal", "review", "--id", "DP-1", "--approve", "--opinion", "同意", "--date", Day(-8)},
      "R26");
  // A mistyped vote that would close the disposal for good is refused locally unless the
  // accountant says it was really not adopted.
  RunResult typo =
      As("cun1", {"disposal", "decide", "--id", "DP-1", "--division", kVillage1, "--resolution",
                  "大山村决〔2026〕3号", "--attendance", "35", "--for", "17", "--date", Day(-9)});
  EXPECT_EQ(typo.exit_code, 64) << typo.err;
  EXPECT_NE(typo.err.find("not adopted (17 of 35 for"), std::string::npos) << typo.err;
  EXPECT_EQ(ShowDisposal("DP-1").stage(), v1::DISPOSAL_STAGE_APPLIED);
  // Global flags may follow the command.
  RunResult json_after = ledgerd_->Ctl({"asset", "show", kPv, "--json"});
  EXPECT_EQ(json_after.exit_code, 0) << json_after.err;
  EXPECT_EQ(json_after.out.rfind("{", 0), 0u) << json_after.out;
  Ok("cun1", {"disposal", "decide", "--id", "DP-1", "--division", kVillage1, "--resolution",
              "大山村决〔2026〕3号", "--attendance", "35", "--for", "33", "--against", "1",
              "--date", Day(-9)});
  EXPECT_EQ(ShowDisposal("DP-1").stage(), v1::DISPOSAL_STAGE_DECIDED);
  Ok("xz", {"disposal", "review", "--id", "DP-1", "--approve", "--opinion", "情况属实，同意报损",
            "--date", Day(-8)});
  EXPECT_EQ(ShowDisposal("DP-1").stage(), v1::DISPOSAL_STAGE_REVIEWED);
  Ok("xzj", {"disposal", "approve", "--id", "DP-1", "--authority", "department", "--approve",
             "--document", "东乡振〔2026〕5号", "--date", Day(-7)});
  EXPECT_EQ(ShowDisposal("DP-1").stage(), v1::DISPOSAL_STAGE_REVIEWED);
  // The finance approval by the wrong role is refused (R26: the right roles).
  Rejected("xzj",
           {"disposal", "approve", "--id", "DP-1", "--authority", "finance", "--approve",
            "--document", "东财资〔2026〕12号", "--date", Day(-7)},
           "R26");
  Ok("fin", {"disposal", "approve", "--id", "DP-1", "--authority", "finance", "--approve",
             "--document", "东财资〔2026〕12号", "--date", Day(-7)});
  EXPECT_EQ(ShowDisposal("DP-1").stage(), v1::DISPOSAL_STAGE_APPROVED);
  // Shorter than the policy's 3 days: refused.
  Rejected("cun1",
           {"disposal", "notice", "--id", "DP-1", "--channel", "村务公开栏", "--notice-file",
            Path("notice.pdf"), "--start", Day(-6), "--end", Day(-5)},
           "R26");
  Ok("cun1", {"disposal", "notice", "--id", "DP-1", "--channel", "村务公开栏", "--notice-file",
              Path("notice.pdf"), "--start", Day(-6), "--end", Day(-4)});
  EXPECT_EQ(ShowDisposal("DP-1").stage(), v1::DISPOSAL_STAGE_NOTICED);
  Ok("cun1", {"disposal", "complete", "--id", "DP-1", "--price", "0", "--justification",
              "报损无成交价，保险理赔", "--proceeds", "20,000.00", "--date", Day(-3)});
  a = Show(kPv);
  EXPECT_EQ(a.status(), v1::ASSET_STATUS_DISPOSED);
  EXPECT_EQ(a.proceeds_fen(), 2000000);
  ASSERT_EQ(a.disposals_size(), 1);
  EXPECT_EQ(a.disposals(0).stage(), v1::DISPOSAL_STAGE_COMPLETED);
  EXPECT_EQ(a.disposals(0).decisions_size(), 1);
  EXPECT_TRUE(a.disposals(0).has_notice());

  // R27: nothing more happens to a disposed asset.
  Rejected(
      "cun1",
      {"asset", "maintain", "--code", kPv, "--custodian", "张三", "--condition", "out-of-service"},
      "R27");
  Rejected("cun1",
           {"asset", "contract", "--id", "OC-2", "--code", kPv, "--operator", "org:另一运维公司",
            "--mode", "lease", "--selection", "tender", "--end", Day(1000), "--rent", "48,000.00"},
           "R27");

  // The proceeds fund a new asset (转投形成的资产).
  Rejected("cun1",
           {"asset", "register", "--code", "DZ-SHOP-001", "--name", "大山村农产品店", "--class",
            "operational", "--category", "shop", "--form", "fixed", "--lineage", kPv + "=20,000.01",
            "--location", kVillage1, "--unit", "间"},
           "R13");
  Ok("cun1", {"asset", "register", "--code", "DZ-SHOP-001", "--name", "大山村农产品店", "--class",
              "operational", "--category", "shop", "--form", "fixed", "--lineage",
              kPv + "=20,000.00", "--location", kVillage1, "--unit", "间"});
  v1::AssetDetail shop = Show("DZ-SHOP-001");
  EXPECT_EQ(shop.registration().original_value_fen(), 2000000);
  ASSERT_EQ(shop.registration().lineage_size(), 1);
  EXPECT_EQ(Show(kPv).proceeds_reinvested_fen(), 2000000);

  // The disposal ledger shows the whole chain.
  RunResult ledger = ledgerd_->Ctl({"asset", "ledger", "disposal", "--csv"});
  ASSERT_EQ(ledger.exit_code, 0) << ledger.err;
  EXPECT_EQ(ledger.out.rfind("处置编号,资产编号,资产名称,触发情形,处置方式", 0), 0u) << ledger.out;
  EXPECT_NE(ledger.out.find("DP-1,DZ-PV-001,"), std::string::npos) << ledger.out;
  EXPECT_NE(ledger.out.find(",报损,"), std::string::npos) << ledger.out;
  EXPECT_NE(ledger.out.find(",20000.00,"), std::string::npos) << ledger.out;
}

// DOMAIN §2.3: a station shared by three village collectives; each village decides its disposal.
TEST_F(AssetE2E, MultiVillageStationSplitByShareNeedsEachVillagesDecision) {
  ASSERT_NO_FATAL_FAILURE(FundedProject("P2", kTownship, "3,000,000.00", "900,000.00"));
  Ok("xzj", {"asset",      "register",
             "--code",     "DZ-PV-LC",
             "--name",     "尧渡镇联村光伏电站",
             "--class",    "operational",
             "--category", "photovoltaic-station",
             "--form",     "fixed",
             "--funding",  "central-linkage:P2=900,000.00",
             "--location", kTownship,
             "--quantity", "1000",
             "--unit",     "kW",
             "--formed",   Day(-20)});
  auto owner = [](const char* v, const char* name, const char* bp) {
    return absl::StrCat("village:", v, ":", name, "=", bp);
  };
  RunResult r15 = Rejected(
      "xzj",
      {"asset", "confirm", "--code", "DZ-PV-LC", "--owner", owner(kVillage1, "大山村", "5000"),
       "--owner", owner(kVillage2, "小河村", "3000"), "--owner", owner(kVillage3, "石门村", "1000"),
       "--basis", "联村按比例确权", "--date", Day(-19)},
      "R15");
  EXPECT_NE(r15.err.find("9000"), std::string::npos) << r15.err;
  EXPECT_NE(r15.err.find("10000"), std::string::npos) << r15.err;
  // Several owners without shares: a local mistake.
  RunResult no_share = As("xzj", {"asset", "confirm", "--code", "DZ-PV-LC", "--owner",
                                  absl::StrCat("village:", kVillage1, ":大山村"), "--owner",
                                  absl::StrCat("village:", kVillage2, ":小河村"), "--basis", "x"});
  EXPECT_EQ(no_share.exit_code, 64) << no_share.err;
  Ok("xzj",
     {"asset", "confirm", "--code", "DZ-PV-LC", "--owner", owner(kVillage1, "大山村", "5000"),
      "--owner", owner(kVillage2, "小河村", "3000"), "--owner", owner(kVillage3, "石门村", "2000"),
      "--basis", "联村按比例确权", "--date", Day(-19)});
  v1::AssetDetail a = Show("DZ-PV-LC");
  ASSERT_EQ(a.owners_size(), 3);
  EXPECT_EQ(a.owners(0).share_bp() + a.owners(1).share_bp() + a.owners(2).share_bp(), 10000u);
  Ok("xzj", {"asset", "handover", "--code", "DZ-PV-LC", "--from", "东至县乡村振兴局", "--date",
             Day(-18), "--list-file", Path("list.pdf")});

  Ok("xzj", {"disposal", "apply", "--id", "DP-LC", "--code", "DZ-PV-LC", "--trigger", "end-of-life",
             "--method", "scrapping", "--valuation", "东至评〔2026〕9号", "--date", Day(-10)});
  v1::DisposalDetail d = ShowDisposal("DP-LC");
  EXPECT_EQ(d.owner_units_size(), 3);
  auto decide = [&](const std::string& who, const char* village) {
    return As(who, {"disposal", "decide", "--id", "DP-LC", "--division", village, "--resolution",
                    absl::StrCat(village, "决〔2026〕1号"), "--attendance", "30", "--for", "20",
                    "--date", Day(-9)});
  };
  EXPECT_EQ(decide("cun1", kVillage1).exit_code, 0);
  // A village cannot decide for another village.
  RunResult other = decide("cun1", kVillage2);
  EXPECT_EQ(other.exit_code, 1) << other.out << other.err;
  // The township is not an owner unit's principal.
  EXPECT_EQ(decide("xz", kVillage2).exit_code, 1);
  EXPECT_EQ(decide("cun2", kVillage2).exit_code, 0);
  EXPECT_EQ(ShowDisposal("DP-LC").stage(), v1::DISPOSAL_STAGE_APPLIED);
  EXPECT_EQ(decide("cun3", kVillage3).exit_code, 0);
  d = ShowDisposal("DP-LC");
  EXPECT_EQ(d.stage(), v1::DISPOSAL_STAGE_DECIDED);
  EXPECT_EQ(d.decisions_size(), 3);

  // Each village's ledger, with --owned, shows its share of the township's station.
  RunResult own =
      ledgerd_->Ctl({"asset", "ledger", "ownership", "--division", kVillage2, "--owned", "--csv"});
  ASSERT_EQ(own.exit_code, 0) << own.err;
  EXPECT_EQ(own.out.rfind("资产编号,资产名称,资产类别,所有权人,所有者层级,份额", 0), 0u) << own.out;
  EXPECT_NE(own.out.find(",30.00%,"), std::string::npos) << own.out;
}

// The ledgers' CSV headings are Chinese, and the county totals reconcile (R29).
TEST_F(AssetE2E, LedgersAreChineseCsvAndCountyTotalsEqualTownshipsPlusCountyLevel) {
  ASSERT_NO_FATAL_FAILURE(FundedProject("P3", "341721", "4,000,000.00", "1,200,000.00"));
  struct A {
    const char* code;
    const char* cls;
    const char* category;
    const char* location;
    const char* yuan;
  };
  const std::vector<A> assets = {
      {"DZ-ROAD-001", "public-benefit", "road", "341721", "300,000.00"},         // county level
      {"DZ-WS-001", "public-benefit", "water-supply", kTownship, "200,000.00"},  // township
      {"DZ-PV-101", "operational", "photovoltaic-station", kVillage1, "400,000.00"},
      {"DZ-GH-201", "operational", "greenhouse", "341721002001", "250,000.00"},
      {"DZ-HPV-202", "household", "household-photovoltaic", "341721002001", "50,000.00"},
  };
  for (const A& x : assets) {
    Ok("xzj", {"asset",      "register",
               "--code",     x.code,
               "--name",     x.code,
               "--class",    x.cls,
               "--category", x.category,
               "--form",     "fixed",
               "--funding",  absl::StrCat("central-linkage:P3=", x.yuan),
               "--location", x.location,
               "--unit",     "座",
               "--formed",   Day(-5)});
  }
  RunResult totals = ledgerd_->Ctl({"--json", "asset", "totals"});
  ASSERT_EQ(totals.exit_code, 0) << totals.err;
  v1::AssetTotals t;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(totals.out, &t).ok()) << totals.out;
  EXPECT_EQ(t.total().division(), "341721");
  EXPECT_EQ(t.total().in_service().total().count(), 5u);
  EXPECT_EQ(t.total().in_service().total().original_value_fen(), 120000000);
  ASSERT_EQ(t.townships_size(), 2);
  ASSERT_EQ(t.villages_size(), 2);
  // County = county level + Σ townships; township = township level + Σ its villages; per class.
  for (int c = 0; c < 3; ++c) {
    uint64_t count = t.total().in_service_here().classes(c).count();
    int64_t value = t.total().in_service_here().classes(c).original_value_fen();
    for (const v1::DivisionTotals& tw : t.townships()) {
      count += tw.in_service().classes(c).count();
      value += tw.in_service().classes(c).original_value_fen();
      uint64_t tw_count = tw.in_service_here().classes(c).count();
      int64_t tw_value = tw.in_service_here().classes(c).original_value_fen();
      for (const v1::DivisionTotals& v : t.villages()) {
        if (v.division().rfind(tw.division(), 0) != 0) continue;
        tw_count += v.in_service().classes(c).count();
        tw_value += v.in_service().classes(c).original_value_fen();
      }
      EXPECT_EQ(tw_count, tw.in_service().classes(c).count()) << tw.division() << " class " << c;
      EXPECT_EQ(tw_value, tw.in_service().classes(c).original_value_fen());
    }
    EXPECT_EQ(count, t.total().in_service().classes(c).count()) << "class " << c;
    EXPECT_EQ(value, t.total().in_service().classes(c).original_value_fen()) << "class " << c;
  }
  EXPECT_EQ(t.total().in_service_here().total().original_value_fen(), 30000000);  // the road
  RunResult table = ledgerd_->Ctl({"asset", "totals"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("1,200,000.00"), std::string::npos) << table.out;
  RunResult bad = ledgerd_->Ctl({"asset", "totals", "--division", "3417"});
  EXPECT_EQ(bad.exit_code, 1) << bad.out << bad.err;

  const std::vector<std::pair<std::string, std::string>> headings = {
      {"registration", "资产编号,资产名称,资产类别,资产品类,会计形态,坐落位置"},
      {"ownership", "资产编号,资产名称,资产类别,所有权人"},
      {"operation", "资产编号,资产名称,记录,经营主体/管护责任人"},
      {"distribution", "资产编号,资产名称,记录,收益权人/收款方/分配主体"},
      {"disposal", "处置编号,资产编号,资产名称"}};
  for (const auto& [kind, heading] : headings) {
    RunResult csv = ledgerd_->Ctl({"asset", "ledger", kind, "--csv"});
    ASSERT_EQ(csv.exit_code, 0) << kind << csv.err;
    EXPECT_EQ(csv.out.rfind(heading, 0), 0u) << kind << ":\n" << csv.out;
  }
  RunResult reg =
      ledgerd_->Ctl({"asset", "ledger", "registration", "--csv", "--class", "household"});
  EXPECT_NE(reg.out.find("\nDZ-HPV-202,"), std::string::npos) << reg.out;
  EXPECT_EQ(reg.out.find("DZ-ROAD-001"), std::string::npos) << reg.out;
  RunResult list = ledgerd_->Ctl({"asset", "list", "--division", "341721002"});
  EXPECT_NE(list.out.find("DZ-GH-201"), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find("DZ-PV-101"), std::string::npos) << list.out;
  RunResult unknown = ledgerd_->Ctl({"asset", "show", "NO-SUCH"});
  EXPECT_EQ(unknown.exit_code, 1);
}

}  // namespace
}  // namespace ledger::testing
