// Tampering with a real log behind a running ledgerd, as PostgreSQL's superuser with the
// append-only triggers switched off (session_replication_role = replica), and what the real
// `ledgerctl audit verify` says about it: the kind and the first bad index. Also the offline
// export bundle (`ledgerctl export bundle`, `audit verify --bundle`): verified, trusted-state
// rules, and the same tampering seen through a bundle.
//
// What "a projection balance" can mean here: PostgreSQL stores no balance (the tables are logs,
// entries, merkle_nodes, checkpoints, rejections and the registry); ledgerd computes every figure
// in memory from the log, replaying it at start-up after checking it. So the tamper a superuser
// can make to a balance is to the entry it comes from: ChangedPaymentAmount rewrites a payment's
// amount inside its leaf and shows what each party sees.

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "ledger/crypto/ed25519.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/keys.h"
#include "ledger/note/note.h"
#include "ledger/storage/pg/admin.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/county_e2e.h"

namespace ledger::testing {
namespace {

constexpr char kLogId[] = "(SELECT log_id FROM logs WHERE origin = 'ledger.example.org/341721')";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFileAt(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// The protobuf varint encoding of `v`.
std::string Varint(uint64_t v) {
  std::string out;
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
  return out;
}

struct Audit {
  int exit_code = -1;
  nlohmann::json report;
  std::string err;
};

class TamperE2E : public CountyE2E {
 protected:
  void SetUp() override {
    CountyE2E::SetUp();
    if (HasFatalFailure()) return;
    FundedProject("P-1", "341721001001", "1,000,000.00", "300,000.00");
    key_ = VerifierKey();
    size_ = TreeSize();
    ASSERT_GT(size_, 20u);
    // The auditor verified the honest log once: its key and checkpoint are the trusted state.
    const Audit clean = AuditServer();
    ASSERT_EQ(clean.exit_code, 0) << clean.report << clean.err;
  }

  // Runs `sql` in one transaction as the superuser, with the append-only triggers off.
  void Tamper(const std::string& sql) {
    absl::Status s = storage::pg::ExecuteSql(
        ledgerd_->db_conninfo(), "SET LOCAL session_replication_role = replica;\n" + sql);
    ASSERT_TRUE(s.ok()) << s;
  }
  std::string Query(const std::string& sql) {
    absl::StatusOr<std::string> v = storage::pg::QueryText(ledgerd_->db_conninfo(), sql);
    EXPECT_TRUE(v.ok()) << v.status();
    return v.ok() ? *v : "";
  }

  Audit Run(std::vector<std::string> args) {
    RunResult r = ledgerd_->Ctl(args);
    Audit a{.exit_code = r.exit_code, .report = nullptr, .err = r.err};
    if (!r.out.empty())
      a.report = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
    return a;
  }
  Audit AuditServer() { return Run({"audit", "verify", "--verifier-key", key_, "--json"}); }
  Audit AuditBundle(const std::string& path) {
    return Run({"audit", "verify", "--bundle", path, "--json"});
  }
  // `export bundle` to `name` in the test directory; its exit code.
  int Export(const std::string& name) {
    RunResult r = ledgerd_->Ctl({"export", "bundle", "--out", Path(name)});
    last_export_err_ = r.err;
    return r.exit_code;
  }

  static void ExpectFailure(const Audit& a, const std::string& kind, std::optional<uint64_t> index,
                            const std::string& message) {
    EXPECT_EQ(a.exit_code, 2) << a.report << a.err;
    ASSERT_TRUE(a.report.is_object()) << a.err;
    ASSERT_TRUE(a.report.at("failure").is_object()) << a.report;
    const nlohmann::json& f = a.report.at("failure");
    EXPECT_EQ(f.at("kind").get<std::string>(), kind) << f;
    if (index) {
      ASSERT_TRUE(f.contains("index")) << f;
      EXPECT_EQ(f.at("index").get<uint64_t>(), *index) << f;
    } else {
      EXPECT_FALSE(f.contains("index")) << f;
    }
    EXPECT_NE(f.at("message").get<std::string>().find(message), std::string::npos) << f;
  }

  // The log index of the one entry whose leaf contains `text`.
  uint64_t IndexOf(const std::string& text) {
    const std::string where = absl::StrCat("log_id = ", kLogId, " AND position(convert_to('", text,
                                           "', 'UTF8') in leaf) > 0");
    EXPECT_EQ(Query("SELECT count(*) FROM entries WHERE " + where), "1") << text;
    return std::stoull(Query("SELECT idx FROM entries WHERE " + where));
  }

  // Stops ledgerd for good after a start that the test expects to fail (nothing left to stop).
  void ExpectRestartRefused(const std::string& message) {
    absl::Status restarted = ledgerd_->Restart();
    EXPECT_FALSE(restarted.ok());
    EXPECT_NE(ledgerd_->Stderr().find(message), std::string::npos) << ledgerd_->Stderr();
    (void)ledgerd_->Stop();
    ledgerd_.reset();
  }

  std::string key_;
  uint64_t size_ = 0;
  std::string last_export_err_;
};

TEST_F(TamperE2E, TheTriggersRefuseTamperingUnlessSwitchedOff) {
  absl::Status refused = storage::pg::ExecuteSql(
      ledgerd_->db_conninfo(),
      absl::StrCat("UPDATE entries SET leaf = leaf WHERE log_id = ", kLogId, " AND idx = 1"));
  EXPECT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("append-only"), std::string::npos) << refused;
}

TEST_F(TamperE2E, ChangedLeafByteIsNamedByItsIndex) {
  const uint64_t k = size_ / 2;
  Tamper(absl::StrCat("UPDATE entries SET leaf = set_byte(leaf, 40, get_byte(leaf, 40) # 1) ",
                      "WHERE log_id = ", kLogId, " AND idx = ", k));
  ExpectFailure(AuditServer(), "leaf", k,
                absl::StrCat("log entry ", k, " is not the leaf the checkpoint signed"));

  // Through a bundle exported now: the changed leaf is in it, and offline it is found at the
  // root (a bundle has no node hashes of the signed tree to locate it with).
  ASSERT_EQ(Export("tampered.bundle"), 0) << last_export_err_;
  ExpectFailure(AuditBundle(Path("tampered.bundle")), "root", std::nullopt,
                "the checkpoint signed");
}

TEST_F(TamperE2E, ChangedPaymentAmountIsALeafFailureAndNoServedBalanceChanges) {
  const uint64_t k = IndexOf("D-P-1");
  const RunResult before = ledgerd_->Ctl({"fund", "balance", "--json"});
  ASSERT_EQ(before.exit_code, 0) << before.err;

  // 300,000.00 yuan = 30,000,000 fen in Disbursement.amount_fen (field 7, varint): paid one fen
  // more, same length, so the leaf still decodes.
  const std::string leaf = absl::HexStringToBytes(Query(absl::StrCat(
      "SELECT encode(leaf, 'hex') FROM entries WHERE log_id = ", kLogId, " AND idx = ", k)));
  const std::string field = "\x38" + Varint(30'000'000);
  const size_t at = leaf.find(field);
  ASSERT_NE(at, std::string::npos);
  ASSERT_EQ(leaf.find(field, at + 1), std::string::npos);
  std::string changed = leaf;
  changed.replace(at, field.size(), "\x38" + Varint(30'000'001));
  Tamper(absl::StrCat("UPDATE entries SET leaf = decode('", absl::BytesToHexString(changed),
                      "', 'hex') WHERE log_id = ", kLogId, " AND idx = ", k));

  // No balance is stored: the running server's figures come from its memory and do not move.
  const RunResult after = ledgerd_->Ctl({"fund", "balance", "--json"});
  EXPECT_EQ(after.out, before.out);
  // The auditor reads the changed entry, which is not the one the checkpoint signed: a leaf
  // failure at its index, before any replay could turn it into a different balance.
  ExpectFailure(AuditServer(), "leaf", k,
                absl::StrCat("log entry ", k, " is not the leaf the checkpoint signed"));
  // A server that restarts rebuilds its figures from the log, and refuses the changed entry.
  ExpectRestartRefused(
      absl::StrCat("log entry ", k, ": the stored leaf hash is not the leaf's hash"));
}

TEST_F(TamperE2E, DeletedLastTenEntriesAreReportedFromTheFirstMissingIndex) {
  Tamper(absl::StrCat("DELETE FROM entries WHERE log_id = ", kLogId, " AND idx >= ", size_ - 10));
  ExpectFailure(AuditServer(), "leaf", size_ - 10,
                absl::StrCat("log entry ", size_ - 10, " is missing: the checkpoint has ", size_,
                             " entries, the source served ", size_ - 10));

  // The export writes what the server still serves, says so, and the bundle shows the gap.
  EXPECT_EQ(Export("short.bundle"), 2);
  EXPECT_NE(last_export_err_.find(
                absl::StrCat("the server served ", size_ - 10, " of the ", size_, " entries")),
            std::string::npos)
      << last_export_err_;
  ExpectFailure(AuditBundle(Path("short.bundle")), "leaf", size_ - 10,
                absl::StrCat("log entry ", size_ - 10, " is missing"));
}

TEST_F(TamperE2E, SwappedEntriesAreNamedAtTheFirstSwappedIndex) {
  // Whole rows move (leaf, leaf hash, entry id). i is even: the server's proofs take level-0
  // hashes from the rows, so a changed row at an odd i would also spoil the proof of its left
  // neighbour i - 1, and the first failing proof would be that neighbour's.
  const uint64_t i = 10;
  const uint64_t j = size_ - 3;
  Tamper(absl::StrCat(
      "UPDATE entries SET idx = 1000000000 WHERE log_id = ", kLogId, " AND idx = ", i, ";\n",
      "UPDATE entries SET idx = ", i, " WHERE log_id = ", kLogId, " AND idx = ", j, ";\n",
      "UPDATE entries SET idx = ", j, " WHERE log_id = ", kLogId, " AND idx = 1000000000;"));
  ExpectFailure(AuditServer(), "leaf", i,
                absl::StrCat("log entry ", i, " is not the leaf the checkpoint signed"));
  ASSERT_EQ(Export("swapped.bundle"), 0) << last_export_err_;
  ExpectFailure(AuditBundle(Path("swapped.bundle")), "root", std::nullopt, "the checkpoint signed");
}

// A bundle with its checkpoint note replaced by `note` (the "checkpoint <length>" line fixed).
std::string WithCheckpoint(const std::string& bundle, const std::string& note) {
  const size_t line2 = bundle.find('\n', bundle.find('\n') + 1) + 1;
  const size_t line3_end = bundle.find('\n', line2) + 1;
  const size_t length = std::stoull(bundle.substr(line2 + 11, line3_end - line2 - 12));
  return absl::StrCat(bundle.substr(0, line2), "checkpoint ", note.size(), "\n", note,
                      bundle.substr(line3_end + length));
}

TEST_F(TamperE2E, ReplacedCheckpointIsACheckpointFailure) {
  ASSERT_EQ(Export("honest.bundle"), 0) << last_export_err_;
  const std::string bundle = ReadFile(Path("honest.bundle"));
  const std::string note = ledgerd_->Ctl({"checkpoint", "--json"}).out;
  const std::string genuine = nlohmann::json::parse(note).at("checkpoint").get<std::string>();
  absl::StatusOr<note::Note> parsed = note::ParseNote(genuine);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  absl::StatusOr<note::Checkpoint> cp = note::ParseCheckpointBody(parsed->text);
  ASSERT_TRUE(cp.ok()) << cp.status();

  // (1) The same size and root signed by another key of the same name.
  auto other = note::NoteSigner::Create(kOrigin, crypto::Ed25519PrivateKey::Generate());
  ASSERT_TRUE(other.ok());
  absl::StatusOr<std::string> forged = note::SignCheckpoint(*cp, *other);
  ASSERT_TRUE(forged.ok());
  WriteFileAt(Path("other-key.bundle"), WithCheckpoint(bundle, *forged));
  ExpectFailure(AuditBundle(Path("other-key.bundle")), "checkpoint", std::nullopt,
                "does not verify with the pinned key");

  // (2) Another root under the log's own signature line.
  note::Checkpoint other_root = *cp;
  other_root.root[0] ^= 0x01;
  absl::StatusOr<std::string> body = note::FormatCheckpointBody(other_root);
  ASSERT_TRUE(body.ok());
  WriteFileAt(Path("other-root.bundle"),
              WithCheckpoint(bundle, *body + genuine.substr(parsed->text.size())));
  ExpectFailure(AuditBundle(Path("other-root.bundle")), "checkpoint", std::nullopt,
                "does not verify with the pinned key");

  // (3) In the database under the running ledgerd: it serves the checkpoint it signed and
  // keeps in memory, so the audit still sees the genuine one; on restart ledgerd checks the
  // stored checkpoint against its key and refuses to start.
  Tamper(absl::StrCat("UPDATE checkpoints SET note = $note$", *forged,
                      "$note$ WHERE log_id = ", kLogId, " AND tree_size = ", size_));
  const Audit served = AuditServer();
  EXPECT_EQ(served.exit_code, 0) << served.report << served.err;
  ExpectRestartRefused(
      absl::StrCat("the latest checkpoint of ", kOrigin, " (size ", size_, ") does not verify"));
}

// The bundle without tampering: verified offline, with the trusted state checked when the bundle
// can show consistency, advanced when it is newer, and never rolled back by an older bundle.
TEST_F(TamperE2E, BundleVerifiesOfflineAndKeepsTheTrustedState) {
  RunResult exported = ledgerd_->Ctl({"export", "bundle", "--out", Path("first.bundle"), "--json"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const nlohmann::json written = nlohmann::json::parse(exported.out);
  EXPECT_EQ(written.at("origin").get<std::string>(), kOrigin);
  EXPECT_EQ(written.at("tree_size").get<uint64_t>(), size_);
  EXPECT_EQ(written.at("entries").get<uint64_t>(), size_);
  const std::string first = ReadFile(Path("first.bundle"));
  EXPECT_EQ(first.rfind("ledger.v1 bundle\nverifier-key " + key_ + "\ncheckpoint ", 0), 0u)
      << first.substr(0, 200);

  // A fresh client: the key must be given (the bundle's own is not trusted), then it is pinned.
  ledgerd_->set_state_dir(Path("offline-state"));
  const Audit no_key = AuditBundle(Path("first.bundle"));
  EXPECT_EQ(no_key.exit_code, 64);
  EXPECT_NE(no_key.err.find("give --verifier-key"), std::string::npos) << no_key.err;

  RunResult readable =
      ledgerd_->Ctl({"audit", "verify", "--bundle", Path("first.bundle"), "--verifier-key", key_});
  EXPECT_EQ(readable.exit_code, 0) << readable.out << readable.err;
  EXPECT_NE(readable.out.find(absl::StrCat("verified: ", kOrigin, ", ", size_, " entries")),
            std::string::npos)
      << readable.out;
  EXPECT_NE(readable.out.find("projections:         not compared (offline"), std::string::npos)
      << readable.out;
  EXPECT_NE(readable.err.find(absl::StrCat("pinned the log ", kOrigin)), std::string::npos)
      << readable.err;
  const Audit json = AuditBundle(Path("first.bundle"));
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json.report.at("bundle").get<std::string>(), Path("first.bundle"));
  EXPECT_EQ(json.report.at("entries_checked").get<uint64_t>(), size_);
  EXPECT_FALSE(json.report.at("projections_compared").get<bool>());

  // A newer bundle: consistent with the trusted checkpoint (proof from its own leaves), and then
  // the trusted one.
  Ok("fin", {"fund", "receive", "--id", "R-more", "--source", "central-linkage", "--year",
             today_.substr(0, 4), "--doc", "财农〔2026〕2号", "--amount", "1,000.00"});
  ASSERT_EQ(Export("second.bundle"), 0) << last_export_err_;
  const Audit newer = AuditBundle(Path("second.bundle"));
  EXPECT_EQ(newer.exit_code, 0) << newer.report << newer.err;
  EXPECT_EQ(newer.report.at("tree_size").get<uint64_t>(), size_ + 1);
  const std::string state_file = Path("offline-state/ledger.example.org_341721.checkpoint");
  const std::string second_state = ReadFile(state_file);
  EXPECT_NE(second_state.find(absl::StrCat("\n", size_ + 1, "\n")), std::string::npos)
      << second_state;

  // The older bundle still verifies on its own; the trusted state stays at the newer size.
  const Audit older = AuditBundle(Path("first.bundle"));
  EXPECT_EQ(older.exit_code, 0) << older.report << older.err;
  EXPECT_NE(older.err.find("is older than the trusted one"), std::string::npos) << older.err;
  EXPECT_EQ(ReadFile(state_file), second_state);

  // Offline indeed: no --origin, and no server at the address ledgerctl is given.
  RunResult offline =
      RunToCompletion({LEDGERCTL_PATH, "--server", "127.0.0.1:1", "--state-dir",
                       ledgerd_->state_dir(), "audit", "verify", "--bundle", Path("second.bundle")},
                      ledgerd_->dir());
  EXPECT_EQ(offline.exit_code, 0) << offline.out << offline.err;
  EXPECT_NE(offline.out.find(absl::StrCat("verified: ", kOrigin, ", ", size_ + 1, " entries")),
            std::string::npos)
      << offline.out;

  // A bundle of another log is refused by name.
  RunResult other_origin =
      RunToCompletion({LEDGERCTL_PATH, "--origin", "ledger.example.org/341702", "--state-dir",
                       ledgerd_->state_dir(), "audit", "verify", "--bundle", Path("first.bundle")},
                      ledgerd_->dir());
  EXPECT_EQ(other_origin.exit_code, 64) << other_origin.err;
  EXPECT_NE(other_origin.err.find("is of the log ledger.example.org/341721"), std::string::npos)
      << other_origin.err;
}

// A bundle of a forked log (the same key, another history) against the trusted state: the same
// size with another root, and a larger size whose consistency proof, computed from the bundle's
// own leaves, does not verify. Both are SECURITY ERRORs (kind consistency), state unchanged.
TEST_F(TamperE2E, BundleOfAForkedLogIsASecurityError) {
  auto receive = [this](LedgerdProcess& server, const std::string& id) {
    RunResult r =
        server.Ctl({"--key", Path("fin.key"), "--principal", "fin", "fund", "receive", "--id", id,
                    "--source", "central-linkage", "--year", today_.substr(0, 4), "--doc",
                    "财农〔2026〕1号", "--amount", "1,000.00"});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  };
  absl::StatusOr<std::unique_ptr<LedgerdProcess>> fork = ledgerd_->StartFork();
  ASSERT_TRUE(fork.ok()) << fork.status();
  receive(*ledgerd_, "R-honest");
  ASSERT_EQ(AuditServer().exit_code, 0);  // the client now trusts the honest size + 1
  const std::string state_file = ledgerd_->state_dir() + "/ledger.example.org_341721.checkpoint";
  const std::string trusted = ReadFile(state_file);

  receive(**fork, "R-forked");
  RunResult same_size = (*fork)->Ctl({"export", "bundle", "--out", Path("fork1.bundle")});
  ASSERT_EQ(same_size.exit_code, 0) << same_size.err;
  Audit fork1 = AuditBundle(Path("fork1.bundle"));
  ExpectFailure(fork1, "consistency", std::nullopt, "with different roots");
  EXPECT_EQ(fork1.err.rfind("SECURITY ERROR\n", 0), 0u) << fork1.err;
  EXPECT_EQ(ReadFile(state_file), trusted);

  receive(**fork, "R-forked-2");
  RunResult larger = (*fork)->Ctl({"export", "bundle", "--out", Path("fork2.bundle")});
  ASSERT_EQ(larger.exit_code, 0) << larger.err;
  Audit fork2 = AuditBundle(Path("fork2.bundle"));
  ExpectFailure(fork2, "consistency", std::nullopt, "misbehaved");
  EXPECT_NE(fork2.err.find(
                absl::StrCat("consistency proof from size ", size_ + 1, " to size ", size_ + 2)),
            std::string::npos)
      << fork2.err;
  EXPECT_EQ(ReadFile(state_file), trusted);
  EXPECT_EQ((*fork)->Stop(), std::optional<int>(0));
}

}  // namespace
}  // namespace ledger::testing
