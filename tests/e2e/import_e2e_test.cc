// `ledgerctl import disbursements|assets|rosters` and `roster import` against a real ledgerd: a
// file with bad rows is refused whole, naming every bad row, and nothing is sent; once fixed it is
// appended; an interrupted import run again appends only what is missing, never twice (also on
// another business date); a row the log's rules reject is reported with its row and rule while the
// others are appended; asset registrations from a spreadsheet's CSV (BOM, Chinese headings);
// rosters, one entry each.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "tests/e2e/county_e2e.h"

namespace ledger::testing {
namespace {

class ImportE2E : public CountyE2E {
 protected:
  int64_t Paid(const std::string& project) {
    RunResult r = ledgerd_->Ctl({"--json", "project", "show", project});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    nlohmann::json j = nlohmann::json::parse(r.out);
    return std::stoll(j.at("summary").value("paid_fen", std::string("0")));
  }
};

const std::string kHeading =
    "id,project,contract,source,stage,amount,payee,category,voucher-file,invoice-file\n";

std::string PaymentRow(const std::string& id, const std::string& amount,
                       const std::string& stage = "progress") {
  return id + ",P1,C-P1,central-linkage," + stage + ",\"" + amount +
         "\",某某电力公司,construction,voucher.pdf,invoice.pdf\n";
}

TEST_F(ImportE2E, DisbursementsAreCheckedFirstAndAResumedImportNeverPaysTwice) {
  ASSERT_NO_FATAL_FAILURE(FundedProject("P1", kVillage1, "2,000,000.00", "600,000.00"));
  WriteFile("voucher.pdf", "voucher");
  WriteFile("invoice.pdf", "invoice");
  const uint64_t before = TreeSize();
  const int64_t paid_before = Paid("P1");

  // Two bad rows: every error is reported with its row, and nothing is sent.
  WriteFile("bad.csv", kHeading + PaymentRow("D-2", "100,000.00") + PaymentRow("D-3", "12,34.5x") +
                           PaymentRow("D-4", "1.00", "halfway"));
  RunResult bad = As("fin", {"import", "disbursements", Path("bad.csv")});
  EXPECT_EQ(bad.exit_code, 64) << bad.out << bad.err;
  EXPECT_NE(bad.err.find("row 3: column amount"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("row 4: column stage"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("2 row(s) with errors; nothing was submitted"), std::string::npos)
      << bad.err;
  EXPECT_EQ(TreeSize(), before);
  // A missing document is a row error too, and an unknown column is named.
  WriteFile("nofile.csv", kHeading +
                              "D-2,P1,C-P1,central-linkage,progress,1.00,某某电力公司,"
                              "construction,missing.pdf,invoice.pdf\n");
  RunResult nofile = As("fin", {"import", "disbursements", Path("nofile.csv")});
  EXPECT_EQ(nofile.exit_code, 64) << nofile.err;
  EXPECT_NE(nofile.err.find("row 2: "), std::string::npos) << nofile.err;
  EXPECT_NE(nofile.err.find("missing.pdf"), std::string::npos) << nofile.err;
  WriteFile("column.csv", "id,project,amout\nD-2,P1,1.00\n");
  RunResult column = As("fin", {"import", "disbursements", Path("column.csv")});
  EXPECT_EQ(column.exit_code, 64) << column.err;
  EXPECT_NE(column.err.find("unknown column \"amout\""), std::string::npos) << column.err;

  // The import is interrupted after its first two rows (the same rows, so the same entry ids):
  const std::string rows = PaymentRow("D-2", "100,000.00") + PaymentRow("D-3", "120,000.00") +
                           PaymentRow("D-4", "130,000.00");
  WriteFile("first-two.csv",
            kHeading + PaymentRow("D-2", "100,000.00") + PaymentRow("D-3", "120,000.00"));
  RunResult partial = As("fin", {"import", "disbursements", Path("first-two.csv")});
  ASSERT_EQ(partial.exit_code, 0) << partial.out << partial.err;
  EXPECT_EQ(TreeSize(), before + 2);

  // ... and run again with the whole file, one row per batch: only the third is appended.
  WriteFile("payments.csv", kHeading + rows);
  RunResult resumed =
      As("fin", {"--json", "import", "disbursements", Path("payments.csv"), "--batch", "1"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.out << resumed.err;
  nlohmann::json report = nlohmann::json::parse(resumed.out);
  EXPECT_EQ(report.at("rows").get<int>(), 3);
  EXPECT_EQ(report.at("created").get<int>(), 1);
  EXPECT_EQ(report.at("already_in_log").get<int>(), 2);
  EXPECT_EQ(report.at("results")[2].at("row").get<int>(), 4);
  EXPECT_EQ(report.at("results")[2].at("outcome").get<std::string>(), "OUTCOME_CREATED");
  EXPECT_EQ(TreeSize(), before + 3);
  EXPECT_EQ(Paid("P1") - paid_before, 35000000);

  // A third run, on another business date (so other bytes for the same entry ids): nothing new.
  RunResult again =
      As("fin", {"--business-date", Day(-1), "import", "disbursements", Path("payments.csv")});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("3 row(s): 0 appended, 3 already in the log, 0 rejected"),
            std::string::npos)
      << again.out;
  EXPECT_EQ(TreeSize(), before + 3);
  EXPECT_EQ(Paid("P1") - paid_before, 35000000);

  // A row the rules refuse (more than the contract's unpaid amount) is listed with its row and
  // rule; the other row is appended.
  WriteFile("more.csv",
            kHeading + PaymentRow("D-5", "10,000.00") + PaymentRow("D-6", "5,000,000.00"));
  RunResult more = As("fin", {"import", "disbursements", Path("more.csv")});
  EXPECT_EQ(more.exit_code, 1) << more.out << more.err;
  EXPECT_NE(more.err.find("row 3: rejected (R"), std::string::npos) << more.err;
  EXPECT_NE(more.out.find("2 row(s): 1 appended, 0 already in the log, 1 rejected"),
            std::string::npos)
      << more.out;
  EXPECT_EQ(TreeSize(), before + 4);
}

TEST_F(ImportE2E, AssetRegistrationsFromASpreadsheetWithChineseHeadings) {
  ASSERT_NO_FATAL_FAILURE(FundedProject("P1", kVillage1, "2,000,000.00", "600,000.00"));
  WriteFile(
      "assets.csv",
      "\xEF\xBB\xBF"
      "资产编号,资产名称,资产类别,资产种类,核算形式,资金来源,坐落,数量,计量单位,使用年限,形成日期\n"
      "DZ-PV-101,大山村光伏电站,operational,photovoltaic-station,fixed,"
      "central-linkage:P1=400000.00," +
          std::string(kVillage1) + ",300,kW,25," + Day(-10) +
          "\n"
          "DZ-RD-102,大山村产业路,public-benefit,road,fixed,"
          "\"central-linkage:P1=150,000.00; county-linkage:@东财〔2026〕9号=50,000.00\"," +
          kVillage1 + ",2,km,20," + Day(-10) + "\n");
  RunResult dry = As("xzj", {"import", "assets", Path("assets.csv"), "--dry-run"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("2 row(s) checked, nothing submitted"), std::string::npos) << dry.out;

  // With the log's key pinned, the batch is verified in a checkpoint that extends the trusted
  // one, and the summary says so.
  ASSERT_EQ(ledgerd_->Ctl({"checkpoint"}).exit_code, 0);
  RunResult imported = As("xzj", {"import", "assets", Path("assets.csv")});
  ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  EXPECT_NE(imported.out.find("2 row(s): 2 appended, 0 already in the log, 0 rejected, verified "
                              "in the checkpoint of size "),
            std::string::npos)
      << imported.out;
  RunResult road = ledgerd_->Ctl({"--json", "asset", "show", "DZ-RD-102"});
  ASSERT_EQ(road.exit_code, 0) << road.err;
  nlohmann::json detail = nlohmann::json::parse(road.out);
  const nlohmann::json& registration = detail.at("registration");
  EXPECT_EQ(registration.at("original_value_fen").get<std::string>(), "20000000");
  EXPECT_EQ(registration.at("funding").size(), 2u);
  EXPECT_EQ(registration.at("service_life_years").get<int>(), 20);
}

// Rosters (花名册): one entry per roster, many households each. Every bad line is named by its
// row before anything is sent; a roster appended by an interrupted run is not appended again;
// a roster that does not add up to its payment is rejected with R7 and named; `roster import`
// run twice reports the roster already in the log.
TEST_F(ImportE2E, RostersAreOneEntryEachCheckedByRowAndResumable) {
  ASSERT_NO_FATAL_FAILURE(FundedProject("P1", kVillage1, "2,000,000.00", "600,000.00"));
  WriteFile("voucher.pdf", "voucher");
  WriteFile("invoice.pdf", "invoice");
  WriteFile("payments.csv",
            kHeading + PaymentRow("D-2", "10,000.00") + PaymentRow("D-3", "2,000.00"));
  ASSERT_EQ(As("fin", {"import", "disbursements", Path("payments.csv")}).exit_code, 0);
  const uint64_t before = TreeSize();

  const std::string heading =
      "roster,payment,household_ref,cash_yuan,bank_reference,in_kind_item,quantity,"
      "unit_price_yuan\n";
  // Row 3 names a household by a resident identity number, row 4 pays cash without a bank
  // reference, row 5 gives roster RS-2 another payment, row 7 repeats a household of RS-3.
  WriteFile("bad.csv", heading +
                           "RS-2,D-2,H-0001,\"6,000.00\",BK-1,,,\n"
                           "RS-2,D-2,11010519491231002X,4000.00,BK-2,,,\n"
                           "RS-2,D-2,H-0002,4000.00,,,,\n"
                           "RS-2,D-3,H-0009,1.00,BK-9,,,\n"
                           "RS-3,D-3,H-0003,,,鸡苗,100,20.00\n"
                           "RS-3,D-3,H-0003,1.00,BK-3,,,\n");
  RunResult bad = As("fin", {"import", "rosters", Path("bad.csv")});
  EXPECT_EQ(bad.exit_code, 64) << bad.out << bad.err;
  for (const char* row : {"row 3: ", "row 4: ", "row 5: ", "row 7: "}) {
    EXPECT_NE(bad.err.find(row), std::string::npos) << row << "\n" << bad.err;
  }
  EXPECT_NE(bad.err.find("bank_reference"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("roster RS-2 is for payment D-2"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("household H-0003 is already in roster RS-3"), std::string::npos)
      << bad.err;
  EXPECT_NE(bad.err.find("4 row(s) with errors; nothing was submitted"), std::string::npos)
      << bad.err;
  EXPECT_EQ(TreeSize(), before);

  // Interrupted after RS-2 (the same rows, so the same entry id) ...
  const std::string rs2 =
      "RS-2,D-2,H-0001,\"6,000.00\",BK-1,,,\n"
      "RS-2,D-2,H-0002,4000.00,BK-2,,,\n";
  WriteFile("rs2.csv", heading + rs2);
  RunResult first = As("fin", {"import", "rosters", Path("rs2.csv")});
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_NE(first.out.find("roster RS-2 (rows 2-3): appended at index"), std::string::npos)
      << first.out;
  EXPECT_EQ(TreeSize(), before + 1);
  // ... then the whole file: only RS-3 is appended.
  WriteFile("rosters.csv", heading + rs2 + "\nRS-3,D-3,H-0003,,,鸡苗,100,20.00\n");
  RunResult resumed = As("fin", {"--json", "import", "rosters", Path("rosters.csv")});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.out << resumed.err;
  nlohmann::json report = nlohmann::json::parse(resumed.out);
  EXPECT_EQ(report.at("rows").get<int>(), 3);
  EXPECT_EQ(report.at("entries").get<int>(), 2);
  EXPECT_EQ(report.at("created").get<int>(), 1);
  EXPECT_EQ(report.at("already_in_log").get<int>(), 1);
  EXPECT_EQ(report.at("results")[1].at("roster").get<std::string>(), "RS-3");
  EXPECT_EQ(report.at("results")[1].at("rows"), nlohmann::json::array({5}));  // after an empty line
  EXPECT_EQ(TreeSize(), before + 2);
  RunResult show = ledgerd_->Ctl({"--json", "project", "show", "P1"});
  ASSERT_EQ(show.exit_code, 0) << show.err;

  // A roster that does not add up to its payment: R7, with the roster, its rows and both sums.
  WriteFile("short.csv", heading + "RS-4,D-P1,H-0001,599999.99,BK-4,,,\n");
  RunResult short_by_one = As("fin", {"import", "rosters", Path("short.csv")});
  EXPECT_EQ(short_by_one.exit_code, 1) << short_by_one.out << short_by_one.err;
  EXPECT_NE(short_by_one.err.find("roster RS-4 (row 2): rejected (R7)"), std::string::npos)
      << short_by_one.err;
  EXPECT_NE(short_by_one.err.find("599,999.99"), std::string::npos) << short_by_one.err;
  EXPECT_EQ(TreeSize(), before + 2);

  // `roster import` of one roster, run twice: the second run finds it in the log.
  WriteFile("花名册.csv", "户编码,现金(元),银行流水号\nH-0001,600000.00,BK-5\n");
  const std::vector<std::string> one = {"roster",    "import", "--id",   "RS-5",
                                        "--payment", "D-P1",   "--file", Path("花名册.csv")};
  RunResult once = As("fin", one);
  ASSERT_EQ(once.exit_code, 0) << once.out << once.err;
  EXPECT_NE(once.out.find("appended at index " + std::to_string(before + 2)), std::string::npos)
      << once.out;
  RunResult twice = As("fin", one);
  EXPECT_EQ(twice.exit_code, 0) << twice.out << twice.err;
  EXPECT_NE(twice.out.find("already in the log at index " + std::to_string(before + 2)),
            std::string::npos)
      << twice.out;
  EXPECT_EQ(TreeSize(), before + 3);
}

}  // namespace
}  // namespace ledger::testing
