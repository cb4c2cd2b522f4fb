// `ledgerctl audit verify` against a real ledgerd: a funded project verifies clean with the
// pinned key, a wrong pinned key is an integrity failure naming the checkpoint, and --json is a
// machine-readable report.

#include <gtest/gtest.h>

#include <string>

#include "ledger/crypto/ed25519.h"
#include "ledger/note/keys.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/county_e2e.h"

namespace ledger::testing {
namespace {

class AuditE2E : public CountyE2E {
 protected:
  std::string VerifierKey() {
    RunResult info = ledgerd_->Ctl({"log", "info", "--json"});
    EXPECT_EQ(info.exit_code, 0) << info.err;
    return nlohmann::json::parse(info.out).at("verifier_key").get<std::string>();
  }
  uint64_t TreeSize() {
    RunResult info = ledgerd_->Ctl({"log", "info", "--json"});
    return nlohmann::json::parse(info.out).at("tree_size").get<uint64_t>();
  }
};

TEST_F(AuditE2E, FundedProjectVerifiesAndAWrongKeyIsAnIntegrityFailure) {
  FundedProject("P-2026-001", "341721001001", "1,000,000.00", "300,000.00");
  const std::string key = VerifierKey();
  const uint64_t size = TreeSize();
  ASSERT_GT(size, 20u);

  RunResult clean = ledgerd_->Ctl({"audit", "verify", "--verifier-key", key});
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  EXPECT_NE(clean.out.find("verified: " + std::string(kOrigin) + ", " + std::to_string(size) +
                           " entries"),
            std::string::npos)
      << clean.out;
  EXPECT_NE(clean.out.find("projections:         equal to the replay"), std::string::npos)
      << clean.out;
  // Not a terminal: no progress bar, no trust-on-first-use warning with a pinned key.
  EXPECT_EQ(clean.err, "");

  RunResult json = ledgerd_->Ctl({"audit", "verify", "--verifier-key", key, "--json"});
  EXPECT_EQ(json.exit_code, 0) << json.err;
  nlohmann::json report = nlohmann::json::parse(json.out);
  EXPECT_EQ(report.at("entries_checked").get<uint64_t>(), size);
  EXPECT_EQ(report.at("signatures_verified").get<uint64_t>(), size);
  EXPECT_TRUE(report.at("failure").is_null());
  EXPECT_TRUE(report.at("projections_compared").get<bool>());
  EXPECT_EQ(report.at("exit_status").get<int>(), 0);

  // A key of the same name that did not sign the checkpoints.
  auto other = note::NoteSigner::Create(kOrigin, crypto::Ed25519PrivateKey::Generate());
  ASSERT_TRUE(other.ok());
  RunResult wrong =
      ledgerd_->Ctl({"audit", "verify", "--verifier-key", other->VerifierKey(), "--json"});
  EXPECT_EQ(wrong.exit_code, 2) << wrong.out << wrong.err;
  nlohmann::json failed = nlohmann::json::parse(wrong.out);
  EXPECT_EQ(failed.at("failure").at("kind").get<std::string>(), "checkpoint");
  EXPECT_NE(failed.at("failure").at("message").get<std::string>().find("pinned key"),
            std::string::npos);

  RunResult readable = ledgerd_->Ctl({"audit", "verify", "--verifier-key", other->VerifierKey()});
  EXPECT_EQ(readable.exit_code, 2);
  EXPECT_NE(readable.out.find("INTEGRITY FAILURE (checkpoint)"), std::string::npos) << readable.out;

  // Without a pinned key: the server's key, with a warning that it is trust on first use.
  RunResult tofu = ledgerd_->Ctl({"audit", "verify"});
  EXPECT_EQ(tofu.exit_code, 0) << tofu.err;
  EXPECT_NE(tofu.err.find("trust on first use"), std::string::npos) << tofu.err;
}

}  // namespace
}  // namespace ledger::testing
