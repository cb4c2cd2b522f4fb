// `ledgerctl audit verify` against a real ledgerd: a funded project verifies clean with the
// pinned key, a wrong pinned key is an integrity failure naming the checkpoint, and --json is a
// machine-readable report.

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>

#include "ledger/crypto/ed25519.h"
#include "ledger/note/keys.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/county_e2e.h"

namespace ledger::testing {
namespace {

using AuditE2E = CountyE2E;

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
  // Not a terminal: no progress bar, no trust-on-first-use warning with a pinned key; the key
  // given and the audited checkpoint become the trusted state.
  EXPECT_EQ(clean.err.find("trust on first use"), std::string::npos) << clean.err;
  EXPECT_NE(clean.err.find("pinned the log " + std::string(kOrigin) + " to the verifier key " +
                           key + " given with --verifier-key, and trusted its checkpoint of size " +
                           std::to_string(size)),
            std::string::npos)
      << clean.err;

  RunResult json = ledgerd_->Ctl({"audit", "verify", "--verifier-key", key, "--json"});
  EXPECT_EQ(json.exit_code, 0) << json.err;
  nlohmann::json report = nlohmann::json::parse(json.out);
  EXPECT_EQ(report.at("entries_checked").get<uint64_t>(), size);
  EXPECT_EQ(report.at("signatures_verified").get<uint64_t>(), size);
  EXPECT_TRUE(report.at("failure").is_null());
  EXPECT_TRUE(report.at("projections_compared").get<bool>());
  EXPECT_EQ(report.at("exit_status").get<int>(), 0);

  // The pinned key is used without --verifier-key, silently.
  RunResult pinned = ledgerd_->Ctl({"audit", "verify"});
  EXPECT_EQ(pinned.exit_code, 0) << pinned.err;
  EXPECT_EQ(pinned.err, "");

  // A key of the same name that did not sign the checkpoints: refused against the pinned key.
  auto other = note::NoteSigner::Create(kOrigin, crypto::Ed25519PrivateKey::Generate());
  ASSERT_TRUE(other.ok());
  RunResult refused = ledgerd_->Ctl({"audit", "verify", "--verifier-key", other->VerifierKey()});
  EXPECT_EQ(refused.exit_code, 64) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("is not the key pinned for"), std::string::npos) << refused.err;

  // With a fresh trusted state, the wrong key is an integrity failure of the checkpoint.
  ledgerd_->set_state_dir(ledgerd_->dir() + "/fresh-state");
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

  // Without a pinned key: the server's key, with a warning that it is trust on first use (the
  // failed audits above pinned nothing).
  RunResult tofu = ledgerd_->Ctl({"audit", "verify"});
  EXPECT_EQ(tofu.exit_code, 0) << tofu.err;
  EXPECT_NE(tofu.err.find("trust on first use"), std::string::npos) << tofu.err;
  EXPECT_NE(tofu.err.find("as the server reports it"), std::string::npos) << tofu.err;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_F(AuditE2E, CheckpointKeepsTheTrustedStateAndAForkedLogIsASecurityError) {
  const std::string state_file = ledgerd_->state_dir() + "/ledger.example.org_341721.checkpoint";
  auto receive = [this](LedgerdProcess& server, const std::string& id, int exit_code = 0) {
    RunResult r =
        server.Ctl({"--key", Path("fin.key"), "--principal", "fin", "fund", "receive", "--id", id,
                    "--source", "central-linkage", "--year", today_.substr(0, 4), "--doc",
                    "财农〔2026〕1号", "--amount", "1,000.00"});
    EXPECT_EQ(r.exit_code, exit_code) << r.out << r.err;
    return r;
  };
  auto checkpoint = [](LedgerdProcess& server) {
    RunResult r = server.Ctl({"checkpoint", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    return std::make_pair(nlohmann::json::parse(r.out), r.err);
  };

  // The first call pins the key and the checkpoint.
  auto [first, first_err] = checkpoint(*ledgerd_);
  const uint64_t size1 = first.at("tree_size").get<uint64_t>();
  EXPECT_NE(first_err.find("pinned the log " + std::string(kOrigin)), std::string::npos)
      << first_err;
  EXPECT_NE(ReadFile(state_file).find(first.at("checkpoint").get<std::string>()),
            std::string::npos);

  // An append with a key pinned is verified in a checkpoint proved consistent with the trusted
  // one, which then replaces it: the next `checkpoint` finds the trusted state current.
  RunResult appended = receive(*ledgerd_, "R-1");
  auto [second, second_err] = checkpoint(*ledgerd_);
  const uint64_t size2 = second.at("tree_size").get<uint64_t>();
  EXPECT_GT(size2, size1);
  EXPECT_NE(appended.out.find(", verified in the checkpoint of size " + std::to_string(size2)),
            std::string::npos)
      << appended.out << appended.err;
  EXPECT_EQ(second.at("consistent_with_trusted_size").get<uint64_t>(), size2);
  EXPECT_NE(ReadFile(state_file).find(second.at("checkpoint").get<std::string>()),
            std::string::npos);
  // When the log grew through another client, `checkpoint` proves the larger checkpoint
  // consistent with the trusted one and replaces it.
  const std::string own_state = ledgerd_->state_dir();
  ledgerd_->set_state_dir(ledgerd_->dir() + "/another-client");
  receive(*ledgerd_, "R-1a");
  ledgerd_->set_state_dir(own_state);
  auto [grown_log, grown_log_err] = checkpoint(*ledgerd_);
  EXPECT_GT(grown_log.at("tree_size").get<uint64_t>(), size2);
  EXPECT_EQ(grown_log.at("consistent_with_trusted_size").get<uint64_t>(), size2);
  EXPECT_NE(
      grown_log_err.find("consistent with the trusted checkpoint of size " + std::to_string(size2)),
      std::string::npos)
      << grown_log_err;
  EXPECT_NE(ReadFile(state_file).find(grown_log.at("checkpoint").get<std::string>()),
            std::string::npos);

  // A second ledgerd serves the same origin with the same key from a copy of the database: from
  // here on each log appends its own entries, as a server showing two clients two logs would.
  absl::StatusOr<std::unique_ptr<LedgerdProcess>> fork = ledgerd_->StartFork();
  ASSERT_TRUE(fork.ok()) << fork.status();
  receive(*ledgerd_, "R-2");
  auto [third, third_err] = checkpoint(*ledgerd_);
  const uint64_t size3 = third.at("tree_size").get<uint64_t>();
  const std::string trusted_note = third.at("checkpoint").get<std::string>();
  const std::string trusted_state = ReadFile(state_file);
  receive(**fork, "R-3");
  // The fork's checkpoint, as a client with its own state sees it.
  auto [forked, forked_err] = checkpoint(**fork);
  ASSERT_EQ(forked.at("tree_size").get<uint64_t>(), size3);
  const std::string forked_note = forked.at("checkpoint").get<std::string>();
  ASSERT_NE(forked_note, trusted_note);

  // This client trusts the first log's checkpoint of the same size: a fork.
  (*fork)->set_state_dir(ledgerd_->state_dir());
  RunResult split = (*fork)->Ctl({"checkpoint"});
  EXPECT_EQ(split.exit_code, 2) << split.out << split.err;
  EXPECT_EQ(split.out, "");
  EXPECT_EQ(split.err.rfind("SECURITY ERROR\n", 0), 0u) << split.err;
  EXPECT_NE(split.err.find("two checkpoints of size " + std::to_string(size3)), std::string::npos)
      << split.err;
  EXPECT_NE(split.err.find(trusted_note), std::string::npos) << split.err;
  EXPECT_NE(split.err.find(forked_note), std::string::npos) << split.err;
  EXPECT_EQ(ReadFile(state_file), trusted_state);

  // One more entry on the fork, written by this client: the log appends it, but the write's
  // checkpoint does not extend the trusted one, so the write is a SECURITY ERROR (exit 2) with
  // the evidence, and the trusted state stays.
  RunResult caught = receive(**fork, "R-4", /*exit_code=*/2);
  EXPECT_EQ(caught.err.rfind("SECURITY ERROR\n", 0), 0u) << caught.err;
  EXPECT_NE(caught.err.find(trusted_note), std::string::npos) << caught.err;
  EXPECT_EQ(caught.out.find("appended"), std::string::npos) << caught.out;
  EXPECT_EQ(ReadFile(state_file), trusted_state);
  // `checkpoint` finds the same: its consistency proof from the trusted size cannot verify.
  RunResult grown = (*fork)->Ctl({"checkpoint"});
  EXPECT_EQ(grown.exit_code, 2) << grown.out << grown.err;
  EXPECT_EQ(grown.err.rfind("SECURITY ERROR\n", 0), 0u) << grown.err;
  EXPECT_NE(grown.err.find(trusted_note), std::string::npos) << grown.err;
  EXPECT_NE(grown.err.find("consistency proof from size " + std::to_string(size3) + " to size " +
                           std::to_string(size3 + 1)),
            std::string::npos)
      << grown.err;
  EXPECT_EQ(ReadFile(state_file), trusted_state);

  // The audit of the fork is an integrity failure of kind consistency, and changes nothing.
  RunResult audit = (*fork)->Ctl({"audit", "verify", "--json"});
  EXPECT_EQ(audit.exit_code, 2) << audit.out << audit.err;
  EXPECT_EQ(nlohmann::json::parse(audit.out).at("failure").at("kind").get<std::string>(),
            "consistency");
  EXPECT_NE(audit.err.find("SECURITY ERROR"), std::string::npos) << audit.err;
  EXPECT_EQ(ReadFile(state_file), trusted_state);

  // The honest log still verifies, and its audited checkpoint is the trusted one.
  RunResult honest = ledgerd_->Ctl({"audit", "verify"});
  EXPECT_EQ(honest.exit_code, 0) << honest.out << honest.err;
  EXPECT_EQ((*fork)->Stop(), std::optional<int>(0));
}

}  // namespace
}  // namespace ledger::testing
