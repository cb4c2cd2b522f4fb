// `ledgerctl trace asset|fund` against a real ledgerd: two projects paid from the same source,
// an asset formed by one of them; each trace holds its own chain and not the other's, every step
// has a verified inclusion proof, and the proof bundles it writes verify offline.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "tests/e2e/county_e2e.h"

namespace ledger::testing {
namespace {

class TraceE2E : public CountyE2E {
 protected:
  // "<what> <subject>" of every step, e.g. "disbursement D-P1".
  static std::set<std::string> Steps(const nlohmann::json& trace) {
    std::set<std::string> out;
    for (const nlohmann::json& s : trace.at("steps")) {
      out.insert(s.at("what").get<std::string>() + " " + s.at("subject").get<std::string>());
    }
    return out;
  }
};

const std::string kPv = "DZ-PV-TRACE";

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST_F(TraceE2E, AnAssetAndAFundSourceAreTracedWithVerifiedProofs) {
  ASSERT_NO_FATAL_FAILURE(FundedProject("P1", kVillage1, "2,000,000.00", "600,000.00"));
  ASSERT_NO_FATAL_FAILURE(FundedProject("P2", kVillage2, "1,000,000.00", "300,000.00"));
  Ok("xzj", StationRegistration(kPv));
  Ok("xzj", {"asset", "confirm", "--code", kPv, "--owner", Village(), "--basis",
             "村级光伏扶贫电站归村集体", "--date", Day(-19)});
  const std::string key = VerifierKey();
  const std::string proofs = ledgerd_->dir() + "/proofs";

  RunResult asset =
      ledgerd_->Ctl({"trace", "asset", kPv, "--verifier-key", key, "--proofs", proofs, "--json"});
  ASSERT_EQ(asset.exit_code, 0) << asset.out << asset.err;
  nlohmann::json trace = nlohmann::json::parse(asset.out);
  const std::set<std::string> steps = Steps(trace);
  for (const char* expected : {"fund receipt R-P1", "project P1", "approval P1", "contract C-P1",
                               "acceptance A-P1", "announcement N-P1", "disbursement D-P1",
                               "asset registration DZ-PV-TRACE", "ownership DZ-PV-TRACE"}) {
    EXPECT_TRUE(steps.contains(expected)) << expected << " missing from " << asset.out;
  }
  // The other project is not part of this asset's chain; the other receipt of the same source
  // and year is (the source's money is pooled).
  for (const char* unexpected : {"project P2", "disbursement D-P2", "contract C-P2"}) {
    EXPECT_FALSE(steps.contains(unexpected)) << unexpected << " in " << asset.out;
  }
  EXPECT_TRUE(steps.contains("fund receipt R-P2"));

  // In log order, each with its proof, and the disbursement with its amount and bundle.
  uint64_t previous = 0;
  uint64_t disbursement = 0;
  for (const nlohmann::json& s : trace.at("steps")) {
    const uint64_t index = s.at("index").get<uint64_t>();
    EXPECT_GT(index, previous);
    previous = index;
    EXPECT_TRUE(s.at("proof_verified").get<bool>());
    EXPECT_FALSE(s.at("inclusion_proof").empty());
    EXPECT_TRUE(std::filesystem::exists(proofs + "/" + std::to_string(index) + ".proof"));
    if (s.at("subject") == "D-P1") {
      disbursement = index;
      EXPECT_EQ(s.at("amount_fen").get<int64_t>(), 60000000);
      EXPECT_EQ(s.at("part").get<std::string>(), "funds");
    }
  }
  ASSERT_GT(disbursement, 0u);
  EXPECT_EQ(trace.at("tree_size").get<uint64_t>(), previous + 1);

  // A bundle checks offline with `proof verify`; a byte changed in its leaf does not.
  const std::string bundle = proofs + "/" + std::to_string(disbursement);
  RunResult verified =
      ledgerd_->Ctl({"proof", "verify", "--bundle", bundle, "--verifier-key", key});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_NE(verified.out.find("ledger.v1.Disbursement"), std::string::npos) << verified.out;
  std::string leaf = ReadBytes(bundle + ".leaf");
  leaf[leaf.size() / 2] ^= 1;
  WriteFile("tampered.leaf", leaf);
  std::filesystem::copy_file(bundle + ".proof", Path("tampered.proof"));
  RunResult tampered =
      ledgerd_->Ctl({"proof", "verify", "--bundle", Path("tampered"), "--verifier-key", key});
  EXPECT_EQ(tampered.exit_code, 2) << tampered.out << tampered.err;

  // The human table names the steps in both languages and says what was verified.
  RunResult table = ledgerd_->Ctl({"trace", "asset", kPv});
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("拨付 disbursement"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("600,000.00"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("each step's inclusion proof checked"), std::string::npos) << table.out;

  // The fund source: both projects' payments and the asset one of them formed.
  RunResult fund =
      ledgerd_->Ctl({"trace", "fund", "central-linkage", "--year", today_.substr(0, 4), "--json"});
  ASSERT_EQ(fund.exit_code, 0) << fund.out << fund.err;
  const std::set<std::string> fund_steps = Steps(nlohmann::json::parse(fund.out));
  for (const char* expected : {"fund receipt R-P1", "fund receipt R-P2", "disbursement D-P1",
                               "disbursement D-P2", "asset registration DZ-PV-TRACE"}) {
    EXPECT_TRUE(fund_steps.contains(expected)) << expected << " missing from " << fund.out;
  }

  // Nothing to trace, and a mistyped source.
  RunResult none = ledgerd_->Ctl({"trace", "asset", "NO-SUCH-ASSET"});
  EXPECT_EQ(none.exit_code, 1) << none.out << none.err;
  EXPECT_NE(none.err.find("no asset NO-SUCH-ASSET is registered"), std::string::npos) << none.err;
  RunResult other_year = ledgerd_->Ctl({"trace", "fund", "central-linkage", "--year", "2001"});
  EXPECT_EQ(other_year.exit_code, 1) << other_year.err;
  RunResult typo = ledgerd_->Ctl({"trace", "fund", "central-linkages"});
  EXPECT_EQ(typo.exit_code, 64) << typo.err;
  EXPECT_NE(typo.err.find("central-linkage"), std::string::npos) << typo.err;
}

}  // namespace
}  // namespace ledger::testing
