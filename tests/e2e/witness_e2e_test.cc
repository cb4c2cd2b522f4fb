// Witnesses against a real ledgerd with the real ledgerctl: `witness init|cosign|run` cosign a
// growing log, the server stores the cosignatures and serves them with exactly the checkpoint
// they are for, clients requiring k of n witnesses accept or refuse, the witness refuses a split
// view and a rollback with the evidence, and the server refuses a cosignature of a checkpoint it
// never signed.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/client/ledger_client.h"
#include "ledger/crypto/ed25519.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/cosignature.h"
#include "ledger/note/keys.h"
#include "ledger/note/note.h"
#include "nlohmann/json.hpp"
#include "tests/support/ledgerd_process.h"

namespace ledger::testing {
namespace {

constexpr char kOrigin[] = "ledger.example.org/341721";
constexpr char kStateFile[] = "/logs/ledger.example.org_341721.checkpoint";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class WitnessE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    auto ledgerd = LedgerdProcess::Start(LEDGERD_PATH, LEDGERCTL_PATH, kOrigin);
    ASSERT_TRUE(ledgerd.ok()) << ledgerd.status();
    ledgerd_ = *std::move(ledgerd);
    RunResult init = ledgerd_->Ctl({"--key", Path("admin.key"), "init", "--name", "东至县"});
    ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
  }
  void TearDown() override {
    if (ledgerd_) {
      EXPECT_EQ(ledgerd_->Stop(), std::optional<int>(0)) << ledgerd_->Stderr();
    }
  }

  std::string Path(const std::string& name) const { return ledgerd_->dir() + "/" + name; }

  // One more entry on `server`'s log: a township principal added by the administrator.
  void Grow(LedgerdProcess& server) {
    const std::string id = absl::StrCat("t", ++grown_);
    RunResult r = server.Ctl({"--key", Path("admin.key"), "--principal", "admin", "principal",
                              "add", "--id", id, "--name", "乡" + id, "--kind", "township",
                              "--scope", "341721100", "--role", "township-reviewer"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  }
  uint64_t Size(LedgerdProcess& server) {
    RunResult info = server.Ctl({"log", "info", "--json"});
    EXPECT_EQ(info.exit_code, 0) << info.err;
    return nlohmann::json::parse(info.out).at("tree_size").get<uint64_t>();
  }

  // `ledgerctl witness --witness-dir <dir of name> <args>` against `server`.
  RunResult Witness(LedgerdProcess& server, const std::string& name,
                    std::vector<std::string> args) {
    std::vector<std::string> all = {"witness", "--witness-dir", Path(name)};
    all.insert(all.end(), args.begin(), args.end());
    return server.Ctl(all);
  }
  // Creates witness `name` and returns its verifier key.
  std::string InitWitness(const std::string& name) {
    RunResult r = Witness(*ledgerd_, name, {"init", "--name", "witness.example.org/" + name});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    std::string vkey = r.out;
    while (!vkey.empty() && vkey.back() == '\n') vkey.pop_back();
    return vkey;
  }
  RunResult Cosign(LedgerdProcess& server, const std::string& name) {
    return Witness(server, name, {"cosign"});
  }

  // `checkpoint --json` requiring `witnesses` (k = required, or all when 0).
  RunResult Checkpoint(LedgerdProcess& server, const std::vector<std::string>& witnesses,
                       int required = 0) {
    std::vector<std::string> args = {"checkpoint", "--json"};
    for (const std::string& w : witnesses) args.insert(args.end(), {"--witness", w});
    if (required > 0) args.insert(args.end(), {"--witnesses-required", std::to_string(required)});
    return server.Ctl(args);
  }

  std::unique_ptr<client::LedgerClient> Client(const LedgerdProcess& server) {
    return std::make_unique<client::LedgerClient>(
        grpc::CreateChannel(server.server(), grpc::InsecureChannelCredentials()),
        client::ClientOptions{.origin = kOrigin});
  }

  std::unique_ptr<LedgerdProcess> ledgerd_;
  int grown_ = 0;
};

TEST_F(WitnessE2E, WitnessesCosignAGrowingLogAndClientsRequireKOfN) {
  const std::string w1 = InitWitness("w1");
  const std::string w2 = InitWitness("w2");
  const std::string w3 = InitWitness("w3");  // never cosigns
  ASSERT_EQ(w1.rfind("witness.example.org/w1+", 0), 0u) << w1;
  struct stat st {};
  ASSERT_EQ(::stat(Path("w1/witness.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  RunResult again = Witness(*ledgerd_, "w1", {"init", "--name", "witness.example.org/other"});
  EXPECT_EQ(again.exit_code, 64) << again.err;
  EXPECT_TRUE(Contains(again.err, "File exists")) << again.err;

  // Round 1: w1 pins the log and cosigns its checkpoint; the server serves the cosignature.
  const uint64_t size1 = Size(*ledgerd_);
  RunResult first = Cosign(*ledgerd_, "w1");
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_EQ(first.out.rfind(absl::StrCat("cosigned ", kOrigin, " at size ", size1, " (root "), 0),
            0u)
      << first.out;
  EXPECT_TRUE(Contains(first.err, "pinned the log")) << first.err;
  RunResult served = ledgerd_->Ctl({"checkpoint", "--json"});
  ASSERT_EQ(served.exit_code, 0) << served.err;
  const std::string note1 = nlohmann::json::parse(served.out).at("checkpoint").get<std::string>();
  EXPECT_TRUE(Contains(note1, "\xE2\x80\x94 witness.example.org/w1 ")) << note1;

  // 1 of 1 accepted; 2 of 2 refused, naming who cosigned and who did not; 1 of 2 accepted.
  RunResult one = Checkpoint(*ledgerd_, {w1});
  EXPECT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(nlohmann::json::parse(one.out).at("witnesses_cosigned").get<int>(), 1);
  RunResult two = Checkpoint(*ledgerd_, {w1, w2});
  EXPECT_EQ(two.exit_code, 2) << two.out << two.err;
  EXPECT_EQ(two.out, "");
  EXPECT_TRUE(Contains(two.err, absl::StrCat("not accepted: the checkpoint of size ", size1,
                                             " is cosigned by 1 of the 2 witnesses required")))
      << two.err;
  EXPECT_TRUE(Contains(two.err, "cosigned: " + w1 + " at 20")) << two.err;
  EXPECT_TRUE(Contains(two.err, "not cosigned: " + w2)) << two.err;
  EXPECT_EQ(Checkpoint(*ledgerd_, {w1, w2}, 1).exit_code, 0);

  // w2 cosigns too: 2 of 2. A cosign without a new checkpoint has nothing to do.
  ASSERT_EQ(Cosign(*ledgerd_, "w2").exit_code, 0);
  EXPECT_EQ(Checkpoint(*ledgerd_, {w1, w2}).exit_code, 0);
  RunResult idle = Cosign(*ledgerd_, "w1");
  EXPECT_EQ(idle.exit_code, 0) << idle.err;
  EXPECT_EQ(idle.out, absl::StrCat("already cosigned ", kOrigin, " at size ", size1, "\n"));

  // Several rounds on a growing log: each newer checkpoint is proved consistent with the one
  // cosigned before; until both witnesses cosigned it, 2 of 2 refuses it.
  uint64_t previous = size1;
  for (int round = 0; round < 3; ++round) {
    Grow(*ledgerd_);
    Grow(*ledgerd_);
    const uint64_t size = Size(*ledgerd_);
    ASSERT_GT(size, previous);
    // The new checkpoint carries no cosignature yet (those of the older one stay with it).
    RunResult fresh = ledgerd_->Ctl({"checkpoint", "--json"});
    ASSERT_EQ(fresh.exit_code, 0) << fresh.err;
    EXPECT_FALSE(Contains(nlohmann::json::parse(fresh.out).at("checkpoint").get<std::string>(),
                          "witness.example.org"));
    EXPECT_EQ(Checkpoint(*ledgerd_, {w1}).exit_code, 2) << "not cosigned yet";
    RunResult r1 = Cosign(*ledgerd_, "w1");
    ASSERT_EQ(r1.exit_code, 0) << r1.out << r1.err;
    EXPECT_TRUE(Contains(r1.out, absl::StrCat("at size ", size))) << r1.out;
    EXPECT_TRUE(Contains(r1.out, absl::StrCat("consistent with size ", previous))) << r1.out;
    EXPECT_EQ(Checkpoint(*ledgerd_, {w1, w2}).exit_code, 2);
    RunResult r2 = Witness(*ledgerd_, "w2", {"cosign", "--json"});
    ASSERT_EQ(r2.exit_code, 0) << r2.out << r2.err;
    nlohmann::json j = nlohmann::json::parse(r2.out);
    EXPECT_EQ(j.at("outcome").get<std::string>(), "cosigned");
    EXPECT_EQ(j.at("tree_size").get<uint64_t>(), size);
    EXPECT_EQ(j.at("previous_size").get<uint64_t>(), previous);
    EXPECT_TRUE(j.at("stored").get<bool>());
    RunResult both = Checkpoint(*ledgerd_, {w1, w2});
    EXPECT_EQ(both.exit_code, 0) << both.err;
    EXPECT_EQ(nlohmann::json::parse(both.out).at("witnesses_cosigned").get<int>(), 2);
    previous = size;
  }
  // Cosignatures stay with exactly the checkpoint they are for: the first ones are still served
  // with the checkpoint of size1.
  RunResult old = ledgerd_->Ctl({"checkpoint", "--json", "--size", std::to_string(size1)});
  ASSERT_EQ(old.exit_code, 0) << old.err;
  const std::string old_note = nlohmann::json::parse(old.out).at("checkpoint").get<std::string>();
  EXPECT_TRUE(Contains(old_note, "\xE2\x80\x94 witness.example.org/w1 ")) << old_note;
  EXPECT_TRUE(Contains(old_note, "\xE2\x80\x94 witness.example.org/w2 ")) << old_note;

  // The auditor: 2 of 2 verifies; a witness that never cosigned makes it a witness failure.
  RunResult audit = ledgerd_->Ctl({"audit", "verify", "--witness", w1, "--witness", w2});
  EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
  EXPECT_TRUE(Contains(audit.err, "is cosigned by 2 of the 2 witnesses required")) << audit.err;
  RunResult missing =
      ledgerd_->Ctl({"audit", "verify", "--json", "--witness", w1, "--witness", w3});
  EXPECT_EQ(missing.exit_code, 2) << missing.out << missing.err;
  nlohmann::json report = nlohmann::json::parse(missing.out);
  EXPECT_EQ(report.at("failure").at("kind").get<std::string>(), "witness");
  EXPECT_TRUE(Contains(missing.err, "not cosigned: " + w3)) << missing.err;
  EXPECT_EQ(
      ledgerd_
          ->Ctl({"audit", "verify", "--witness", w1, "--witness", w3, "--witnesses-required", "1"})
          .exit_code,
      0);

  // An offline proof bundle carries the checkpoint with its cosignatures: the policy applies.
  RunResult info = ledgerd_->Ctl({"log", "info", "--json"});
  const std::string log_key = nlohmann::json::parse(info.out).at("verifier_key").get<std::string>();
  ASSERT_EQ(ledgerd_->Ctl({"proof", "export", "--index", "1", "--out", Path("e1")}).exit_code, 0);
  RunResult offline = ledgerd_->Ctl({"proof", "verify", "--bundle", Path("e1"), "--verifier-key",
                                     log_key, "--witness", w1, "--witness", w2});
  EXPECT_EQ(offline.exit_code, 0) << offline.out << offline.err;
  RunResult offline_w3 = ledgerd_->Ctl(
      {"proof", "verify", "--bundle", Path("e1"), "--verifier-key", log_key, "--witness", w3});
  EXPECT_EQ(offline_w3.exit_code, 2) << offline_w3.out << offline_w3.err;
  EXPECT_TRUE(Contains(offline_w3.err, "NOT VERIFIED: witnesses: the checkpoint of size"))
      << offline_w3.err;

  // The offline export bundle carries the cosigned checkpoint too.
  ASSERT_EQ(ledgerd_->Ctl({"export", "bundle", "--out", Path("log.bundle")}).exit_code, 0);
  RunResult bundle_ok = ledgerd_->Ctl(
      {"audit", "verify", "--bundle", Path("log.bundle"), "--witness", w1, "--witness", w2});
  EXPECT_EQ(bundle_ok.exit_code, 0) << bundle_ok.out << bundle_ok.err;
  RunResult bundle_w3 =
      ledgerd_->Ctl({"audit", "verify", "--json", "--bundle", Path("log.bundle"), "--witness", w3});
  EXPECT_EQ(bundle_w3.exit_code, 2) << bundle_w3.out << bundle_w3.err;
  EXPECT_EQ(nlohmann::json::parse(bundle_w3.out).at("failure").at("kind").get<std::string>(),
            "witness");

  // Bad policies are bad command lines.
  RunResult too_many = Checkpoint(*ledgerd_, {w1}, 2);
  EXPECT_EQ(too_many.exit_code, 64);
  EXPECT_TRUE(Contains(too_many.err, "--witnesses-required 2 is not between 1 and the 1 witness"))
      << too_many.err;
  RunResult not_a_witness = Checkpoint(*ledgerd_, {log_key});
  EXPECT_EQ(not_a_witness.exit_code, 64);
  EXPECT_TRUE(Contains(not_a_witness.err, "expected 0x04")) << not_a_witness.err;
}

TEST_F(WitnessE2E, WitnessRunCosignsEachNewCheckpointUntilSigterm) {
  const std::string w1 = InitWitness("w1");
  Subprocess run(
      {LEDGERCTL_PATH, "--server", ledgerd_->server(), "--origin", kOrigin, "--state-dir",
       ledgerd_->state_dir(), "witness", "--witness-dir", Path("w1"), "run", "--interval", "1"},
      ledgerd_->dir());
  // It cosigns the current checkpoint, then each new one.
  auto wait_cosigned = [&](uint64_t size) {
    for (int i = 0; i < 120; ++i) {
      RunResult r = Checkpoint(*ledgerd_, {w1});
      if (r.exit_code == 0 &&
          nlohmann::json::parse(r.out).at("tree_size").get<uint64_t>() == size) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    return false;
  };
  EXPECT_TRUE(wait_cosigned(Size(*ledgerd_))) << run.Stderr();
  Grow(*ledgerd_);
  EXPECT_TRUE(wait_cosigned(Size(*ledgerd_))) << run.Stderr();
  run.Signal(SIGTERM);
  EXPECT_EQ(run.Wait(std::chrono::seconds(30)), std::optional<int>(0)) << run.Stderr();
  EXPECT_TRUE(Contains(run.Stderr(), "stopped by SIGTERM")) << run.Stderr();
  EXPECT_TRUE(Contains(run.Stdout(), "cosigned " + std::string(kOrigin))) << run.Stdout();
}

TEST_F(WitnessE2E, TheWitnessRefusesASplitViewAndARollbackWithEvidence) {
  const std::string w1 = InitWitness("w1");
  // The witness's own key, to make cosignatures the server must refuse.
  const std::string skey = ReadFile(Path("w1/witness.key"));
  const note::CosignatureSigner me =
      note::CosignatureSigner::Parse(skey.substr(0, skey.size() - 1)).value();
  ASSERT_EQ(me.VerifierKey(), w1);
  Grow(*ledgerd_);
  const uint64_t fork_size = Size(*ledgerd_);
  // A second ledgerd with the same key and a copy of the database: from here on two histories.
  absl::StatusOr<std::unique_ptr<LedgerdProcess>> fork = ledgerd_->StartFork();
  ASSERT_TRUE(fork.ok()) << fork.status();
  Grow(*ledgerd_);
  const uint64_t size = Size(*ledgerd_);
  ASSERT_EQ(size, fork_size + 1);
  ASSERT_EQ(Cosign(*ledgerd_, "w1").exit_code, 0);
  const std::string state_file = Path("w1") + kStateFile;
  const std::string state = ReadFile(state_file);
  RunResult honest = Checkpoint(*ledgerd_, {me.VerifierKey()});
  ASSERT_EQ(honest.exit_code, 0) << honest.err;
  const std::string cosigned =
      nlohmann::json::parse(honest.out).at("checkpoint").get<std::string>();
  // The witness's state holds what it submitted: the log's line and its own, as served.
  const std::string recorded = state.substr(state.find("\n\n") + 2);
  EXPECT_EQ(recorded, cosigned);

  // The fork is behind: to the witness, a rolled-back log.
  RunResult rollback = Cosign(**fork, "w1");
  EXPECT_EQ(rollback.exit_code, 2) << rollback.out << rollback.err;
  EXPECT_EQ(rollback.out, "");
  EXPECT_EQ(rollback.err.rfind("SECURITY ERROR\n", 0), 0u) << rollback.err;
  EXPECT_TRUE(Contains(rollback.err, absl::StrCat("its latest checkpoint has size ", fork_size,
                                                  ", smaller than the size ", size)))
      << rollback.err;
  EXPECT_TRUE(Contains(rollback.err, recorded)) << rollback.err;
  EXPECT_TRUE(Contains(rollback.err, "refused to cosign")) << rollback.err;
  EXPECT_EQ(ReadFile(state_file), state);

  // The fork grows to the same size with another root: a split view.
  Grow(**fork);
  ASSERT_EQ(Size(**fork), size);
  RunResult fork_cp = (*fork)->Ctl({"checkpoint", "--json"});
  const std::string forked_note =
      nlohmann::json::parse(fork_cp.out).at("checkpoint").get<std::string>();
  RunResult split = Cosign(**fork, "w1");
  EXPECT_EQ(split.exit_code, 2) << split.out << split.err;
  EXPECT_EQ(split.err.rfind("SECURITY ERROR\n", 0), 0u) << split.err;
  EXPECT_TRUE(Contains(split.err, absl::StrCat("two checkpoints of size ", size))) << split.err;
  EXPECT_TRUE(Contains(split.err, recorded)) << split.err;
  EXPECT_TRUE(Contains(split.err, forked_note)) << split.err;
  EXPECT_EQ(ReadFile(state_file), state);
  // So the fork's checkpoint carries no cosignature of w1, and a client requiring w1 refuses it.
  EXPECT_EQ(Checkpoint(**fork, {me.VerifierKey()}).exit_code, 2);

  // One more entry on the fork: its consistency proof from the cosigned size cannot verify.
  Grow(**fork);
  RunResult grown = Cosign(**fork, "w1");
  EXPECT_EQ(grown.exit_code, 2) << grown.out << grown.err;
  EXPECT_TRUE(Contains(grown.err,
                       absl::StrCat("consistency proof from size ", size, " to size ", size + 1)))
      << grown.err;
  EXPECT_EQ(ReadFile(state_file), state);

  // The honest log's cosigned checkpoint, submitted to the fork: a checkpoint it never signed.
  std::unique_ptr<client::LedgerClient> fork_client = Client(**fork);
  absl::StatusOr<v1::AddCosignatureResponse> foreign =
      fork_client->AddCosignature(me.VerifierKey(), cosigned);
  EXPECT_EQ(foreign.status().code(), absl::StatusCode::kFailedPrecondition) << foreign.status();
  EXPECT_TRUE(Contains(std::string(foreign.status().message()),
                       absl::StrCat("never signed the cosigned checkpoint: its checkpoint of size ",
                                    size, " has root ")))
      << foreign.status();
  // A cosignature of a size the log never reached.
  const note::Note parsed = note::ParseNote(cosigned).value();
  note::Checkpoint future = note::ParseCheckpointBody(parsed.text).value();
  future.size = 1000;
  const std::string future_body = note::FormatCheckpointBody(future).value();
  note::Note future_note{future_body, {note::CosignCheckpoint(future_body, me, 1).value()}};
  absl::StatusOr<v1::AddCosignatureResponse> beyond =
      Client(*ledgerd_)->AddCosignature(me.VerifierKey(), note::FormatNote(future_note).value());
  EXPECT_EQ(beyond.status().code(), absl::StatusCode::kFailedPrecondition) << beyond.status();
  EXPECT_TRUE(
      Contains(std::string(beyond.status().message()), "never signed a checkpoint of size 1000"))
      << beyond.status();

  // A cosignature that does not verify, and a note without the witness's line.
  note::Note forged = parsed;
  for (note::NoteSignature& sig : forged.signatures) {
    if (sig.key_name == me.name()) sig.signature.back() ^= 0x01;
  }
  absl::StatusOr<v1::AddCosignatureResponse> bad =
      Client(*ledgerd_)->AddCosignature(me.VerifierKey(), note::FormatNote(forged).value());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument) << bad.status();
  EXPECT_TRUE(Contains(std::string(bad.status().message()), "does not verify")) << bad.status();
  const note::CosignatureSigner stranger =
      note::CosignatureSigner::Create("stranger.example/w", crypto::Ed25519PrivateKey::Generate())
          .value();
  absl::StatusOr<v1::AddCosignatureResponse> absent =
      Client(*ledgerd_)->AddCosignature(stranger.VerifierKey(), cosigned);
  EXPECT_EQ(absent.status().code(), absl::StatusCode::kInvalidArgument) << absent.status();
  EXPECT_TRUE(Contains(std::string(absent.status().message()),
                       "carries no signature line by the witness stranger.example/w+"))
      << absent.status();
  // Resubmitting w1's own cosignature: accepted, the first one is kept.
  absl::StatusOr<v1::AddCosignatureResponse> resubmitted =
      Client(*ledgerd_)->AddCosignature(me.VerifierKey(), cosigned);
  ASSERT_TRUE(resubmitted.ok()) << resubmitted.status();
  EXPECT_FALSE(resubmitted->stored());
  EXPECT_EQ(resubmitted->checkpoint(), cosigned);
  EXPECT_EQ((*fork)->Stop(), std::optional<int>(0));
}

}  // namespace
}  // namespace ledger::testing
