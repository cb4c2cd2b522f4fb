// End-to-end test of the log core with the real binaries: ledgerd on a real PostgreSQL, a log
// created and set up with ledgerctl, 10,000 signed entries from concurrent clients, then every
// inclusion proof and the consistency of successive checkpoints verified with the project's
// verifier library, and a checkpoint signature verified by the openssl command line (code that
// shares nothing with ours).

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <regex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "clients/client/ledger_client.h"
#include "clients/entries/entry_builder.h"
#include "ledger/crypto/key_file.h"
#include "ledger/crypto/sha256.h"
#include "ledger/merkle/hash.h"
#include "ledger/merkle/verify.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/keys.h"
#include "ledger/note/note.h"
#include "ledger/note/tlog_proof.h"
#include "ledger/state/civil_date.h"
#include "ledger/util/base64.h"
#include "ledger/v1/fund_service.grpc.pb.h"
#include "ledger/v1/funds.pb.h"
#include "ledger/v1/income.pb.h"
#include "nlohmann/json.hpp"
#include "tests/support/ledgerd_process.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_database.h"

namespace ledger::testing {
namespace {

using namespace std::chrono_literals;

constexpr char kOrigin[] = "ledger.example.org/341721";
constexpr int kEntries = 10000;
constexpr int kClients = 4;
constexpr int kBatch = 50;

merkle::Hash ToHash(const std::string& bytes) {
  absl::StatusOr<merkle::Hash> h = merkle::HashFromBytes(bytes);
  EXPECT_TRUE(h.ok()) << h.status();
  return h.ok() ? *h : merkle::Hash{};
}

std::vector<merkle::Hash> ToHashes(const google::protobuf::RepeatedPtrField<std::string>& in) {
  std::vector<merkle::Hash> out;
  for (const std::string& h : in) out.push_back(ToHash(h));
  return out;
}

// `days` (may be negative) from today in Shanghai, YYYY-MM-DD.
std::string Day(int days) {
  auto today = state::ParseCivilDate(entries::TodayInShanghai());
  return state::FormatCivilDate(state::CivilFromDays(state::DaysFromCivil(*today) + days));
}

// The before-notice (事前公示) of `project`, run 10 days ending yesterday: R11 lets the project be
// paid from today.
v1::Announcement BeforeNotice(const std::string& project) {
  v1::Announcement notice;
  notice.set_announcement_id("N-" + project);
  notice.set_subject_kind(v1::ANNOUNCEMENT_SUBJECT_PROJECT_BEFORE);
  notice.set_subject_id(project);
  notice.set_channel(v1::ANNOUNCEMENT_CHANNEL_PROJECT_SITE);
  const crypto::Sha256Digest hash = crypto::Sha256("项目实施前公示 " + project);
  notice.set_notice_hash(std::string(hash.begin(), hash.end()));
  notice.set_start_date(Day(-10));
  notice.set_end_date(Day(-1));
  return notice;
}

void WriteFile(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

class LogCoreE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    auto ledgerd = LedgerdProcess::Start(LEDGERD_PATH, LEDGERCTL_PATH, kOrigin);
    ASSERT_TRUE(ledgerd.ok()) << ledgerd.status();
    ledgerd_ = *std::move(ledgerd);
    server_ = ledgerd_->server();
  }
  void TearDown() override {
    if (ledgerd_) {
      EXPECT_EQ(ledgerd_->Stop(), std::optional<int>(0)) << ledgerd_->Stderr();
    }
  }

  RunResult Ctl(std::vector<std::string> args) { return ledgerd_->Ctl(args); }
  // A directory for keys and documents, removed after the test.
  const std::string& dir() const { return ledgerd_->dir(); }

  std::unique_ptr<LedgerdProcess> ledgerd_;
  std::string server_;
};

TEST_F(LogCoreE2E, TenThousandSignedEntriesAllProvablyIncludedAndConsistent) {
  const std::string admin_key = dir() + "/admin.key";
  const std::string ops_key = dir() + "/ops.key";

  // Set up the log the way an administrator would.
  RunResult init = Ctl({"--key", admin_key, "init", "--name", "东至县"});
  ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
  EXPECT_NE(init.out.find("genesis: appended at index 0"), std::string::npos) << init.out;
  RunResult gen = Ctl({"key", "gen", "--out", ops_key});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  RunResult add = Ctl({"--key", admin_key, "--principal", "admin", "principal", "add", "--id",
                       "ops", "--name", "东至县数据管理员", "--kind", "administrator", "--scope",
                       "341721", "--role", "administrator"});
  ASSERT_EQ(add.exit_code, 0) << add.out << add.err;
  RunResult reg = Ctl({"--key", admin_key, "--principal", "admin", "key", "register", "--for",
                       "ops", "--key-file", ops_key});
  ASSERT_EQ(reg.exit_code, 0) << reg.out << reg.err;
  RunResult show = Ctl({"principal", "show", "ops"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("key "), std::string::npos) << show.out;

  auto key = crypto::ReadPrivateKeyFile(ops_key);
  ASSERT_TRUE(key.ok()) << key.status();
  client::LedgerClient probe(grpc::CreateChannel(server_, grpc::InsecureChannelCredentials()),
                             {.origin = kOrigin});
  auto info = probe.GetLogInfo();
  ASSERT_TRUE(info.ok()) << info.status();
  ASSERT_EQ(info->tree_size(), 3u);
  auto verifier = note::NoteVerifier::Parse(info->verifier_key());
  ASSERT_TRUE(verifier.ok()) << verifier.status();

  // 10,000 village principals registered by `ops`, from concurrent clients in batches; every
  // client keeps the checkpoints it saw.
  std::mutex mu;
  std::vector<std::pair<uint64_t, merkle::Hash>> appended;  // index, leaf hash
  std::vector<std::string> checkpoints;
  std::atomic<int> failures{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      client::LedgerClient client(grpc::CreateChannel(server_, grpc::InsecureChannelCredentials()),
                                  {.origin = kOrigin, .timeout_ms = 60000});
      for (int start = c * (kEntries / kClients); start < (c + 1) * (kEntries / kClients);
           start += kBatch) {
        std::vector<std::string> envelopes;
        for (int i = start; i < start + kBatch; ++i) {
          v1::RegisterPrincipal body;
          *body.mutable_header() = entries::MakeHeader(kOrigin, "ops", entries::TodayInShanghai());
          v1::Principal* p = body.mutable_principal();
          p->set_principal_id(absl::StrCat("village-", i));
          p->set_name(absl::StrCat("第", i, "村村委会"));
          p->set_kind(v1::PRINCIPAL_KIND_VILLAGE_COMMITTEE);
          p->set_scope(absl::StrCat("341721", 100 + i % 20, 200 + i % 100));
          p->add_roles(v1::ROLE_VILLAGE_ACCOUNTANT);
          auto env = entries::SignEntry(body, *key);
          if (!env.ok()) {
            ++failures;
            return;
          }
          envelopes.push_back(*env);
        }
        auto response = client.Submit(envelopes, /*return_proofs=*/start % 1000 == 0);
        if (!response.ok()) {
          ADD_FAILURE() << response.status();
          ++failures;
          return;
        }
        std::lock_guard lock(mu);
        if (!response->checkpoint().empty()) checkpoints.push_back(response->checkpoint());
        for (const v1::SubmitResult& r : response->results()) {
          if (r.outcome() != v1::SubmitResult::OUTCOME_CREATED) {
            ADD_FAILURE() << r.rule() << ": " << r.message();
            ++failures;
            continue;
          }
          appended.emplace_back(r.index(), ToHash(r.leaf_hash()));
          if (r.inclusion_proof_size() > 0) {
            EXPECT_TRUE(merkle::VerifyInclusion(
                            r.index(), response->checkpoint_size(), ToHash(r.leaf_hash()),
                            ToHashes(r.inclusion_proof()),
                            note::OpenCheckpoint(response->checkpoint(), *verifier)->root)
                            .ok());
          }
        }
      }
    });
  }
  for (std::thread& t : clients) t.join();
  ASSERT_EQ(failures.load(), 0);
  ASSERT_EQ(appended.size(), static_cast<size_t>(kEntries));

  // Listing pages through them: the 500 villages of township 341721100, 100 per page.
  RunResult listed = Ctl({"--json", "principal", "list", "--scope", "341721100"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  size_t villages = 0;
  for (size_t at = listed.out.find("\"principal_id\""); at != std::string::npos;
       at = listed.out.find("\"principal_id\"", at + 1)) {
    ++villages;
  }
  EXPECT_EQ(villages, static_cast<size_t>(kEntries / 20));

  // Every index 3..10002 exactly once.
  std::sort(appended.begin(), appended.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (int i = 0; i < kEntries; ++i) ASSERT_EQ(appended[i].first, static_cast<uint64_t>(i + 3));

  // The final checkpoint verifies; every entry's inclusion proof verifies against it.
  auto latest = probe.GetCheckpoint(0, 0);
  ASSERT_TRUE(latest.ok()) << latest.status();
  auto final_cp = note::OpenCheckpoint(latest->checkpoint(), *verifier);
  ASSERT_TRUE(final_cp.ok()) << final_cp.status();
  ASSERT_EQ(final_cp->size, static_cast<uint64_t>(kEntries + 3));
  for (const auto& [index, leaf_hash] : appended) {
    v1::GetInclusionProofRequest req;
    req.set_origin(kOrigin);
    req.set_index(index);
    req.set_tree_size(final_cp->size);
    v1::GetInclusionProofResponse resp;
    auto ctx = probe.NewContext();
    ASSERT_TRUE(probe.ledger().GetInclusionProof(ctx.get(), req, &resp).ok());
    ASSERT_EQ(ToHash(resp.leaf_hash()), leaf_hash);
    ASSERT_TRUE(merkle::VerifyInclusion(index, final_cp->size, leaf_hash, ToHashes(resp.proof()),
                                        final_cp->root)
                    .ok())
        << "index " << index;
  }

  // Every checkpoint a client saw is consistent with the final one and with each other in order.
  checkpoints.push_back(latest->checkpoint());
  std::vector<note::Checkpoint> opened;
  for (const std::string& text : checkpoints) {
    auto cp = note::OpenCheckpoint(text, *verifier);
    ASSERT_TRUE(cp.ok()) << cp.status();
    opened.push_back(*cp);
  }
  std::sort(opened.begin(), opened.end(),
            [](const auto& a, const auto& b) { return a.size < b.size; });
  ASSERT_GE(opened.size(), 3u);
  for (size_t i = 0; i + 1 < opened.size(); ++i) {
    auto resp = probe.GetCheckpoint(opened[i + 1].size, opened[i].size);
    ASSERT_TRUE(resp.ok()) << resp.status();
    EXPECT_TRUE(merkle::VerifyConsistency(opened[i].size, opened[i + 1].size, opened[i].root,
                                          opened[i + 1].root, ToHashes(resp->consistency_proof()))
                    .ok())
        << opened[i].size << " -> " << opened[i + 1].size;
  }

  // Independent check of the checkpoint signature with the openssl command line: key id and
  // signature from the note text, public key from the verifier key string, message = note body.
  const std::string note_text = latest->checkpoint();
  const size_t sep = note_text.find("\n\n");
  ASSERT_NE(sep, std::string::npos);
  const std::string body = note_text.substr(0, sep + 1);
  const std::string sig_line = note_text.substr(sep + 2);
  ASSERT_EQ(sig_line.rfind("\u2014 ", 0), 0u) << sig_line;
  std::vector<std::string> parts = absl::StrSplit(sig_line, absl::ByAnyChar(" \n"));
  ASSERT_GE(parts.size(), 3u);
  std::optional<std::string> sig_blob;
  sig_blob.emplace();
  ASSERT_TRUE(Base64DecodeStrict(parts[2], &*sig_blob));
  ASSERT_EQ(sig_blob->size(), 68u);
  // "<name>+<hex key id>+<base64>": the name has no '+', the base64 may.
  const std::string& vk = info->verifier_key();
  const size_t plus1 = vk.find('+');
  const size_t plus2 = vk.find('+', plus1 + 1);
  ASSERT_NE(plus2, std::string::npos) << vk;
  std::optional<std::string> key_blob;
  key_blob.emplace();
  ASSERT_TRUE(Base64DecodeStrict(vk.substr(plus2 + 1), &*key_blob));
  ASSERT_EQ(key_blob->size(), 33u);
  // SubjectPublicKeyInfo for Ed25519 (RFC 8410): fixed 12-byte prefix + 32-byte key.
  const std::string der =
      std::string("\x30\x2a\x30\x05\x06\x03\x2b\x65\x70\x03\x21\x00", 12) + key_blob->substr(1);
  WriteFile(dir() + "/pub.der", der);
  WriteFile(dir() + "/msg", body);
  WriteFile(dir() + "/sig", sig_blob->substr(4));
  RunResult verify = RunToCompletion(
      {"/usr/bin/openssl", "pkeyutl", "-verify", "-pubin", "-inkey", dir() + "/pub.der", "-keyform",
       "DER", "-rawin", "-in", dir() + "/msg", "-sigfile", dir() + "/sig"},
      dir(), 30s);
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_NE(verify.out.find("Signature Verified Successfully"), std::string::npos) << verify.out;
  // The key id in the signature line is SHA-256(name || "\n" || 0x01 || key)[:4].
  const crypto::Sha256Digest kid =
      crypto::Sha256(absl::StrCat(kOrigin, "\n", std::string("\x01", 1), key_blob->substr(1)));
  EXPECT_EQ(sig_blob->substr(0, 4), std::string(crypto::AsStringView(kid).substr(0, 4)));
  // And a flipped bit in the message must fail the same check.
  std::string tampered = body;
  tampered[tampered.size() - 2] ^= 1;
  WriteFile(dir() + "/msg", tampered);
  RunResult bad = RunToCompletion(
      {"/usr/bin/openssl", "pkeyutl", "-verify", "-pubin", "-inkey", dir() + "/pub.der", "-keyform",
       "DER", "-rawin", "-in", dir() + "/msg", "-sigfile", dir() + "/sig"},
      dir(), 30s);
  EXPECT_NE(bad.exit_code, 0);
}

TEST_F(LogCoreE2E, RejectionsArePreciseAndWriteNothing) {
  const std::string admin_key = dir() + "/admin.key";
  ASSERT_EQ(Ctl({"--key", admin_key, "init", "--name", "东至县"}).exit_code, 0);
  // A principal outside the county's jurisdiction.
  RunResult out_of_scope =
      Ctl({"--key", admin_key, "--principal", "admin", "principal", "add", "--id", "x", "--name",
           "外县", "--kind", "township", "--scope", "341722100", "--role", "township-reviewer"});
  EXPECT_EQ(out_of_scope.exit_code, 1);
  EXPECT_NE(out_of_scope.err.find("rejected ("), std::string::npos) << out_of_scope.err;
  EXPECT_NE(out_of_scope.err.find("341722100"), std::string::npos) << out_of_scope.err;
  // Signed by a key nobody registered.
  const std::string stray = dir() + "/stray.key";
  ASSERT_EQ(Ctl({"key", "gen", "--out", stray}).exit_code, 0);
  RunResult unknown_key =
      Ctl({"--key", stray, "--principal", "admin", "principal", "add", "--id", "y", "--name",
           "某乡", "--kind", "township", "--scope", "341721100", "--role", "township-reviewer"});
  EXPECT_EQ(unknown_key.exit_code, 1);
  EXPECT_NE(unknown_key.err.find("L-KEY"), std::string::npos) << unknown_key.err;
  // Nothing was written: the log still holds only its genesis.
  RunResult info = Ctl({"log", "info"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("tree size:     1"), std::string::npos) << info.out;
  // A half-finished init (rejected Genesis) can be finished by running init again, and a key
  // file is created only once the log exists.
  const std::string other_key = dir() + "/other.key";
  RunResult bad_origin = RunToCompletion({LEDGERCTL_PATH, "--server", server_, "--origin",
                                          "nonsense", "--key", other_key, "init", "--name", "x"},
                                         dir(), 30s);
  EXPECT_EQ(bad_origin.exit_code, 1) << bad_origin.err;
  EXPECT_FALSE(std::filesystem::exists(other_key));
  const std::vector<std::string> other = {
      LEDGERCTL_PATH, "--server", server_,       "--origin",           "ledger.example.org/341702",
      "--key",        other_key,  "--state-dir", ledgerd_->state_dir()};
  std::vector<std::string> argv = other;
  argv.insert(argv.end(), {"init", "--name", std::string(300, 'x')});  // too long a name
  RunResult half = RunToCompletion(argv, dir(), 30s);
  EXPECT_EQ(half.exit_code, 1) << half.out << half.err;
  EXPECT_NE(half.err.find("rejected ("), std::string::npos) << half.err;
  argv = other;
  argv.insert(argv.end(), {"init", "--name", "贵池区"});
  RunResult finished = RunToCompletion(argv, dir(), 30s);
  EXPECT_EQ(finished.exit_code, 0) << finished.out << finished.err;
  EXPECT_NE(finished.out.find("finishing it"), std::string::npos) << finished.out;
  RunResult again = RunToCompletion(argv, dir(), 30s);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already initialised"), std::string::npos) << again.err;
  // Local mistakes are usage errors (64), not server answers.
  RunResult bad_kind =
      Ctl({"--key", admin_key, "--principal", "admin", "principal", "add", "--id", "z", "--name",
           "某乡", "--kind", "town", "--scope", "341721100", "--role", "township-reviewer"});
  EXPECT_EQ(bad_kind.exit_code, 64) << bad_kind.err;
  EXPECT_NE(bad_kind.err.find("township"), std::string::npos) << bad_kind.err;
  // A log that does not exist.
  RunResult missing = RunToCompletion(
      {LEDGERCTL_PATH, "--server", server_, "--origin", "ledger.example.org/999999", "log", "info"},
      dir(), 30s);
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("NOT_FOUND"), std::string::npos) << missing.err;
}

// The read API a third party uses: entries, proofs by index and by leaf hash, proofs only for
// published sizes, the tlog-proof bundle, and precise errors for bad ranges.
TEST_F(LogCoreE2E, ReadApiServesEntriesProofsAndBundlesForPublishedSizes) {
  const std::string admin_key = dir() + "/admin.key";
  ASSERT_EQ(Ctl({"--key", admin_key, "init", "--name", "东至县"}).exit_code, 0);
  auto key = crypto::ReadPrivateKeyFile(admin_key);
  ASSERT_TRUE(key.ok());
  client::LedgerClient c(grpc::CreateChannel(server_, grpc::InsecureChannelCredentials()),
                         {.origin = kOrigin});
  // Two batches: checkpoints at sizes 1, 4 and 6.
  for (int batch = 0; batch < 2; ++batch) {
    std::vector<std::string> envelopes;
    for (int i = 0; i < 3 - batch; ++i) {
      v1::RegisterPrincipal body;
      *body.mutable_header() = entries::MakeHeader(kOrigin, "admin", entries::TodayInShanghai());
      v1::Principal* p = body.mutable_principal();
      p->set_principal_id(absl::StrCat("t", batch, i));
      p->set_name("乡镇");
      p->set_kind(v1::PRINCIPAL_KIND_TOWNSHIP);
      p->set_scope(absl::StrCat("3417211", batch, i));
      p->add_roles(v1::ROLE_TOWNSHIP_REVIEWER);
      envelopes.push_back(*entries::SignEntry(body, *key));
    }
    auto r = c.Submit(envelopes);
    ASSERT_TRUE(r.ok()) << r.status();
  }
  auto info = c.GetLogInfo();
  ASSERT_TRUE(info.ok());
  ASSERT_EQ(info->tree_size(), 6u);
  auto verifier = note::NoteVerifier::Parse(info->verifier_key());
  ASSERT_TRUE(verifier.ok());

  // All leaves, streamed; their hashes rebuild the checkpoint's root.
  v1::GetEntriesRequest entries_req;
  entries_req.set_origin(kOrigin);
  entries_req.set_start(0);
  entries_req.set_end(100);  // capped at the tree size
  auto ctx = c.NewContext();
  auto reader = c.ledger().GetEntries(ctx.get(), entries_req);
  std::vector<std::string> leaves;
  v1::GetEntriesResponse page;
  while (reader->Read(&page)) {
    for (const v1::Entry& e : page.entries()) {
      EXPECT_EQ(e.index(), leaves.size());
      leaves.push_back(e.leaf());
    }
  }
  ASSERT_TRUE(reader->Finish().ok());
  ASSERT_EQ(leaves.size(), 6u);
  std::vector<merkle::Hash> leaf_hashes;
  for (const std::string& l : leaves) leaf_hashes.push_back(merkle::LeafHash(l));
  auto latest = c.GetCheckpoint(0, 0);
  ASSERT_TRUE(latest.ok());
  auto cp = note::OpenCheckpoint(latest->checkpoint(), *verifier);
  ASSERT_TRUE(cp.ok());
  EXPECT_EQ(merkle::RootFromLeafHashes(leaf_hashes), cp->root);

  // A proof by leaf hash at the published size 4.
  v1::GetInclusionProofRequest by_hash;
  by_hash.set_origin(kOrigin);
  by_hash.set_leaf_hash(std::string(crypto::AsStringView(leaf_hashes[2])));
  by_hash.set_tree_size(4);
  v1::GetInclusionProofResponse proof;
  auto ctx2 = c.NewContext();
  ASSERT_TRUE(c.ledger().GetInclusionProof(ctx2.get(), by_hash, &proof).ok());
  EXPECT_EQ(proof.index(), 2u);
  auto cp4 = c.GetCheckpoint(4, 0);
  ASSERT_TRUE(cp4.ok());
  auto opened4 = note::OpenCheckpoint(cp4->checkpoint(), *verifier);
  ASSERT_TRUE(opened4.ok());
  EXPECT_TRUE(
      merkle::VerifyInclusion(2, 4, leaf_hashes[2], ToHashes(proof.proof()), opened4->root).ok());

  // Size 5 was never published: NOT_FOUND; size 7 is in the future: OUT_OF_RANGE.
  for (auto [size, code] :
       {std::pair{5, grpc::StatusCode::NOT_FOUND}, std::pair{7, grpc::StatusCode::OUT_OF_RANGE}}) {
    v1::GetInclusionProofRequest req;
    req.set_origin(kOrigin);
    req.set_index(0);
    req.set_tree_size(size);
    v1::GetInclusionProofResponse resp;
    auto cx = c.NewContext();
    grpc::Status s = c.ledger().GetInclusionProof(cx.get(), req, &resp);
    EXPECT_EQ(s.error_code(), code) << size << ": " << s.error_message();
  }
  // An index beyond the tree.
  v1::ExportProofBundleRequest bad_bundle;
  bad_bundle.set_origin(kOrigin);
  bad_bundle.set_index(6);
  v1::ExportProofBundleResponse bundle;
  auto ctx3 = c.NewContext();
  EXPECT_EQ(c.ledger().ExportProofBundle(ctx3.get(), bad_bundle, &bundle).error_code(),
            grpc::StatusCode::OUT_OF_RANGE);

  // The bundle verifies offline: parse the tlog-proof, open its checkpoint, check the path.
  v1::ExportProofBundleRequest bundle_req;
  bundle_req.set_origin(kOrigin);
  bundle_req.set_index(5);
  auto ctx4 = c.NewContext();
  ASSERT_TRUE(c.ledger().ExportProofBundle(ctx4.get(), bundle_req, &bundle).ok());
  EXPECT_EQ(bundle.leaf(), leaves[5]);
  auto parsed = note::ParseTlogProof(bundle.tlog_proof());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  auto bundle_cp = note::OpenCheckpoint(parsed->checkpoint_note, *verifier);
  ASSERT_TRUE(bundle_cp.ok());
  EXPECT_EQ(parsed->index, 5u);
  EXPECT_TRUE(merkle::VerifyInclusion(5, bundle_cp->size, merkle::LeafHash(bundle.leaf()),
                                      parsed->path, bundle_cp->root)
                  .ok());

  // Consistency from 1 to 6 through GetConsistencyProof.
  v1::GetConsistencyProofRequest cons;
  cons.set_origin(kOrigin);
  cons.set_from_size(1);
  cons.set_to_size(6);
  v1::GetConsistencyProofResponse cons_resp;
  auto ctx5 = c.NewContext();
  ASSERT_TRUE(c.ledger().GetConsistencyProof(ctx5.get(), cons, &cons_resp).ok());
  auto cp1 = c.GetCheckpoint(1, 0);
  ASSERT_TRUE(cp1.ok());
  auto opened1 = note::OpenCheckpoint(cp1->checkpoint(), *verifier);
  ASSERT_TRUE(opened1.ok());
  EXPECT_TRUE(
      merkle::VerifyConsistency(1, 6, opened1->root, cp->root, ToHashes(cons_resp.proof())).ok());
}

TEST_F(LogCoreE2E, ProofBundleExportedByLedgerctlVerifiesOfflineAndCatchesTampering) {
  const std::string admin_key = dir() + "/admin.key";
  ASSERT_EQ(Ctl({"--key", admin_key, "init", "--name", "东至县"}).exit_code, 0);
  ASSERT_EQ(
      Ctl({"--key", admin_key, "--principal", "admin", "principal", "add", "--id", "t1", "--name",
           "某乡", "--kind", "township", "--scope", "341721100", "--role", "township-reviewer"})
          .exit_code,
      0);
  const std::string prefix = dir() + "/e1";
  RunResult exported = Ctl({"proof", "export", "--index", "1", "--out", prefix});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  client::LedgerClient c(grpc::CreateChannel(server_, grpc::InsecureChannelCredentials()),
                         {.origin = kOrigin});
  auto info = c.GetLogInfo();
  ASSERT_TRUE(info.ok());
  // Offline: no --server needed, only the pinned verifier key.
  RunResult ok = RunToCompletion({LEDGERCTL_PATH, "proof", "verify", "--bundle", prefix,
                                  "--verifier-key", info->verifier_key()},
                                 dir(), 30s);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("verified: entry 1"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("ledger.v1.RegisterPrincipal by admin"), std::string::npos) << ok.out;
  // One changed byte in the leaf: not verified, exit 2.
  std::ifstream in(prefix + ".leaf", std::ios::binary);
  std::string leaf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  leaf[leaf.size() - 1] ^= 1;
  WriteFile(prefix + ".leaf", leaf);
  RunResult bad = RunToCompletion({LEDGERCTL_PATH, "proof", "verify", "--bundle", prefix,
                                   "--verifier-key", info->verifier_key()},
                                  dir(), 30s);
  EXPECT_EQ(bad.exit_code, 2) << bad.out << bad.err;
  EXPECT_NE(bad.err.find("NOT VERIFIED"), std::string::npos) << bad.err;
}

TEST_F(LogCoreE2E, PolicySetChangesOnlyTheNamedParameters) {
  const std::string admin_key = dir() + "/admin.key";
  ASSERT_EQ(Ctl({"--key", admin_key, "init", "--name", "东至县"}).exit_code, 0);
  const std::vector<std::string> as_admin = {"--key", admin_key, "--principal", "admin"};
  auto run = [&](std::vector<std::string> args) {
    std::vector<std::string> all = as_admin;
    all.insert(all.end(), args.begin(), args.end());
    return Ctl(all);
  };
  RunResult set =
      run({"policy", "set", "notice_period_days=15", "progress_targets=6:4000,9:7000,12:10000"});
  ASSERT_EQ(set.exit_code, 0) << set.out << set.err;
  RunResult show = Ctl({"policy", "show"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("\"notice_period_days\":15"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("\"advance_ceiling_bp\":3000"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("\"month\":9"), std::string::npos) << show.out;
  RunResult zero = run({"policy", "set", "notice_period_days=0"});
  EXPECT_EQ(zero.exit_code, 1);
  EXPECT_NE(zero.err.find("L-POLICY"), std::string::npos) << zero.err;
  RunResult unknown = run({"policy", "set", "notice_days=3"});
  EXPECT_EQ(unknown.exit_code, 64);
  EXPECT_NE(unknown.err.find("notice_period_days"), std::string::npos) << unknown.err;
}

// A county with a finance bureau "fin" (fund manager) and a rural revitalization bureau "xzj"
// (project manager), 1,000,000.00 yuan of central funds received, project P1 through its four
// steps with `approved_fen` approved, and contract C1 of `contract_fen` (advance ceiling 30%).
class FundE2E : public LogCoreE2E {
 protected:
  // The county's administrator, "fin" and "xzj" with their keys, and a client.
  void SetUpPrincipals() {
    const std::string admin_key = dir() + "/admin.key";
    const std::string fin_key = dir() + "/fin.key";
    const std::string proj_key = dir() + "/proj.key";
    ASSERT_EQ(Ctl({"--key", admin_key, "init", "--name", "东至县"}).exit_code, 0);
    ASSERT_EQ(Ctl({"key", "gen", "--out", fin_key}).exit_code, 0);
    ASSERT_EQ(Ctl({"key", "gen", "--out", proj_key}).exit_code, 0);
    auto as_admin = [&](std::vector<std::string> args) {
      std::vector<std::string> all = {"--key", admin_key, "--principal", "admin"};
      all.insert(all.end(), args.begin(), args.end());
      RunResult r = Ctl(all);
      EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    };
    as_admin({"principal", "add", "--id", "fin", "--name", "东至县财政局", "--kind",
              "finance-bureau", "--scope", "341721", "--role", "fund-manager"});
    as_admin({"principal", "add", "--id", "xzj", "--name", "东至县乡村振兴局", "--kind",
              "rural-revitalization-bureau", "--scope", "341721", "--role", "project-manager"});
    as_admin({"key", "register", "--for", "fin", "--key-file", fin_key});
    as_admin({"key", "register", "--for", "xzj", "--key-file", proj_key});
    auto fin = crypto::ReadPrivateKeyFile(fin_key);
    auto proj = crypto::ReadPrivateKeyFile(proj_key);
    ASSERT_TRUE(fin.ok() && proj.ok());
    fin_.emplace(*fin);
    proj_.emplace(*proj);
    client_ = std::make_unique<client::LedgerClient>(
        grpc::CreateChannel(server_, grpc::InsecureChannelCredentials()),
        client::ClientOptions{.origin = kOrigin, .timeout_ms = 60000});
  }

  void SetUpProject(int64_t approved_fen, int64_t contract_fen) {
    ASSERT_NO_FATAL_FAILURE(SetUpPrincipals());
    receipt_.set_receipt_id("R-2026-01");
    receipt_.set_source(v1::FUND_SOURCE_CENTRAL_LINKAGE);
    receipt_.set_year(Year());
    receipt_.set_document_number("财农〔2026〕1号");
    receipt_.set_amount_fen(100000000);  // 1,000,000.00 yuan
    ExpectCreated(Submit(receipt_, receipt_.mutable_header(), "fin", *fin_));

    v1::ProjectRegistration project;
    project.set_project_id("P1");
    project.set_name("光伏电站");
    project.set_type(v1::PROJECT_TYPE_INDUSTRY);
    project.set_location("341721100201");
    project.set_content("村级光伏电站 100 kW");
    v1::PlannedFunds* planned = project.add_planned();
    planned->set_source(v1::FUND_SOURCE_CENTRAL_LINKAGE);
    planned->set_amount_fen(approved_fen);
    project.set_implementer("东至县乡村振兴局");
    project.set_responsible_person("王五");
    project.set_households_to_benefit(42);
    ExpectCreated(Submit(project, project.mutable_header(), "xzj", *proj_));
    for (v1::ProjectStep step :
         {v1::PROJECT_STEP_VILLAGE_APPLICATION, v1::PROJECT_STEP_VILLAGE_NOTICE,
          v1::PROJECT_STEP_TOWNSHIP_REVIEW, v1::PROJECT_STEP_COUNTY_APPROVAL}) {
      v1::ProjectStepRecord record;
      record.set_project_id("P1");
      record.set_step(step);
      record.set_date(today_);
      ExpectCreated(Submit(record, record.mutable_header(), "xzj", *proj_));
    }
    v1::PlanApproval plan;
    plan.set_project_id("P1");
    plan.set_year(Year());
    v1::ApprovedLine* line = plan.add_lines();
    line->set_source(v1::FUND_SOURCE_CENTRAL_LINKAGE);
    line->set_amount_fen(approved_fen);
    plan.set_approving_body("县乡村振兴领导小组");
    ExpectCreated(Submit(plan, plan.mutable_header(), "xzj", *proj_));
    v1::Contract contract;
    contract.set_contract_id("C1");
    contract.set_project_id("P1");
    contract.set_payee("某某电力公司");
    contract.set_amount_fen(contract_fen);
    contract.set_tender_method("公开招标");
    contract.set_signed_date(today_);
    contract.set_start_date(today_);
    contract.set_end_date(today_);
    contract.set_advance_ceiling_bp(3000);
    contract.set_retention_bp(1000);
    ExpectCreated(Submit(contract, contract.mutable_header(), "xzj", *proj_));
    v1::Announcement notice = BeforeNotice("P1");
    ExpectCreated(Submit(notice, notice.mutable_header(), "xzj", *proj_));
  }

  v1::SubmitResult Submit(google::protobuf::Message& body, v1::EntryHeader* header,
                          const std::string& principal, const crypto::Ed25519PrivateKey& key) {
    *header = entries::MakeHeader(kOrigin, principal, today_);
    auto r = client_->SubmitOne(*entries::SignEntry(body, key));
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : v1::SubmitResult();
  }

  static void ExpectCreated(const v1::SubmitResult& r) {
    EXPECT_EQ(r.outcome(), v1::SubmitResult::OUTCOME_CREATED) << r.rule() << ": " << r.message();
  }

  v1::Disbursement MakeDisbursement(const std::string& id, int64_t fen,
                                    v1::DisbursementStage stage) {
    v1::Disbursement d;
    d.set_payment_id(id);
    d.set_project_id("P1");
    d.set_contract_id("C1");
    d.set_source(v1::FUND_SOURCE_CENTRAL_LINKAGE);
    d.set_stage(stage);
    d.set_amount_fen(fen);
    d.set_payee("某某电力公司");
    d.set_spending_category("construction");
    d.set_voucher_hash(std::string(32, 'v'));
    d.set_invoice_hash(std::string(32, 'i'));
    d.set_application_date(today_);
    d.set_township_signoff_date(today_);
    d.set_finance_approval_date(today_);
    d.set_payment_date(today_);
    return d;
  }

  v1::FundSummary Summary() {
    auto stub =
        v1::FundService::NewStub(grpc::CreateChannel(server_, grpc::InsecureChannelCredentials()));
    v1::GetFundSummaryRequest request;
    request.set_origin(kOrigin);
    v1::FundSummary summary;
    grpc::ClientContext ctx;
    EXPECT_TRUE(stub->GetFundSummary(&ctx, request, &summary).ok());
    return summary;
  }

  std::unique_ptr<v1::FundService::Stub> FundStub() {
    return v1::FundService::NewStub(
        grpc::CreateChannel(server_, grpc::InsecureChannelCredentials()));
  }

  // GetPayment; the status's code for an unknown payment.
  grpc::StatusCode GetPayment(const std::string& id, v1::PaymentDetail* out) {
    v1::GetPaymentRequest request;
    request.set_origin(kOrigin);
    request.set_payment_id(id);
    grpc::ClientContext ctx;
    return FundStub()->GetPayment(&ctx, request, out).error_code();
  }

  // Every page of ListBalances with `request`'s filters, `page_size` rows per page.
  std::vector<v1::AccountBalance> Balances(v1::ListBalancesRequest request, uint32_t page_size) {
    request.set_origin(kOrigin);
    request.set_page_size(page_size);
    std::vector<v1::AccountBalance> out;
    auto stub = FundStub();
    do {
      v1::ListBalancesResponse page;
      grpc::ClientContext ctx;
      grpc::Status s = stub->ListBalances(&ctx, request, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      EXPECT_LE(page.balances_size(), static_cast<int>(page_size));
      out.insert(out.end(), page.balances().begin(), page.balances().end());
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return out;
  }

  // ledgerctl signed by the finance bureau.
  RunResult AsFin(std::vector<std::string> args) {
    std::vector<std::string> all = {"--key", dir() + "/fin.key", "--principal", "fin"};
    all.insert(all.end(), args.begin(), args.end());
    return Ctl(all);
  }

  uint32_t Year() const { return static_cast<uint32_t>(std::stoi(today_.substr(0, 4))); }
  uint32_t Month() const { return static_cast<uint32_t>(std::stoi(today_.substr(5, 2))); }

  const std::string today_ = entries::TodayInShanghai();
  std::optional<crypto::Ed25519PrivateKey> fin_;
  std::optional<crypto::Ed25519PrivateKey> proj_;
  std::unique_ptr<client::LedgerClient> client_;
  v1::FundReceipt receipt_;
};

// The fund ledger through the real server: an advance within its ceiling and one beyond it, a
// wrong role, and the summary and project read back through FundService and ledgerctl.
TEST_F(FundE2E, FundFlowIsEnforcedAndReportedThroughTheServer) {
  ASSERT_NO_FATAL_FAILURE(SetUpProject(60000000, 50000000));
  auto disbursement = [&](const std::string& id, int64_t fen) {
    v1::Disbursement d = MakeDisbursement(id, fen, v1::DISBURSEMENT_STAGE_ADVANCE);
    return Submit(d, d.mutable_header(), "fin", *fin_);
  };
  auto expect_created = [](const v1::SubmitResult& r) { ExpectCreated(r); };
  expect_created(disbursement("D1", 15000000));  // 30% of the contract: the ceiling
  v1::SubmitResult over = disbursement("D2", 1);
  EXPECT_EQ(over.outcome(), v1::SubmitResult::OUTCOME_REJECTED);
  EXPECT_EQ(over.rule(), "R6") << over.message();
  // The wrong role: the rural revitalization bureau cannot pay.
  v1::FundReceipt wrong = receipt_;
  wrong.set_receipt_id("R-2026-02");
  v1::SubmitResult denied = Submit(wrong, wrong.mutable_header(), "xzj", *proj_);
  EXPECT_EQ(denied.rule(), "L-AUTH") << denied.message();

  v1::FundSummary summary = Summary();
  ASSERT_EQ(summary.sources_size(), 1);
  EXPECT_EQ(summary.total().received_fen(), 100000000);
  EXPECT_EQ(summary.total().approved_fen(), 60000000);
  EXPECT_EQ(summary.total().paid_fen(), 15000000);
  EXPECT_EQ(summary.total().progress_bp(), 1500u);
  auto fund_stub =
      v1::FundService::NewStub(grpc::CreateChannel(server_, grpc::InsecureChannelCredentials()));
  v1::GetProjectRequest preq;
  preq.set_origin(kOrigin);
  preq.set_project_id("P1");
  v1::ProjectDetail detail;
  grpc::ClientContext pctx;
  ASSERT_TRUE(fund_stub->GetProject(&pctx, preq, &detail).ok());
  EXPECT_EQ(detail.steps_size(), 4);
  EXPECT_EQ(detail.contracts_size(), 1);
  EXPECT_EQ(detail.disbursements_size(), 1);
  EXPECT_EQ(detail.summary().paid_fen(), 15000000);
  EXPECT_EQ(detail.summary().progress_bp(), 2500u);  // of the approved 600,000.00
  // The same through ledgerctl.
  RunResult balance = Ctl({"fund", "balance"});
  ASSERT_EQ(balance.exit_code, 0) << balance.err;
  EXPECT_NE(balance.out.find("1,000,000.00"), std::string::npos) << balance.out;
  EXPECT_NE(balance.out.find("15.00%"), std::string::npos) << balance.out;
  RunResult projects = Ctl({"project", "list"});
  ASSERT_EQ(projects.exit_code, 0) << projects.err;
  EXPECT_TRUE(std::regex_search(projects.out, std::regex(R"(\nP1\s+光伏电站\s+341721100201\s)")))
      << projects.out;
  EXPECT_NE(projects.out.find("25.00%"), std::string::npos) << projects.out;
}

// The same fund flow typed with ledgerctl only: amounts in yuan text, files hashed, a payment
// beyond the advance ceiling refused (R6), and a correction by the entry id ledgerctl printed.
TEST_F(LogCoreE2E, FundFlowWithLedgerctlWriteCommands) {
  const std::string admin_key = dir() + "/admin.key";
  const std::string fin_key = dir() + "/fin.key";
  const std::string proj_key = dir() + "/proj.key";
  ASSERT_EQ(Ctl({"--key", admin_key, "init", "--name", "东至县"}).exit_code, 0);
  ASSERT_EQ(Ctl({"key", "gen", "--out", fin_key}).exit_code, 0);
  ASSERT_EQ(Ctl({"key", "gen", "--out", proj_key}).exit_code, 0);
  auto as = [&](const std::string& key, const std::string& principal,
                std::vector<std::string> args) {
    std::vector<std::string> all = {"--key", key, "--principal", principal};
    all.insert(all.end(), args.begin(), args.end());
    return Ctl(all);
  };
  auto ok = [](const RunResult& r) {
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    return r;
  };
  ok(as(admin_key, "admin",
        {"principal", "add", "--id", "fin", "--name", "东至县财政局", "--kind", "finance-bureau",
         "--scope", "341721", "--role", "fund-manager"}));
  ok(as(admin_key, "admin",
        {"principal", "add", "--id", "xzj", "--name", "东至县乡村振兴局", "--kind",
         "rural-revitalization-bureau", "--scope", "341721", "--role", "project-manager"}));
  ok(as(admin_key, "admin", {"key", "register", "--for", "fin", "--key-file", fin_key}));
  RunResult unverified =
      ok(as(admin_key, "admin", {"key", "register", "--for", "xzj", "--key-file", proj_key}));
  auto fin = [&](std::vector<std::string> args) { return as(fin_key, "fin", std::move(args)); };
  auto xzj = [&](std::vector<std::string> args) { return as(proj_key, "xzj", std::move(args)); };

  // Until a key is pinned, writes are not verified and pin nothing.
  EXPECT_EQ(unverified.out.find("verified"), std::string::npos) << unverified.out;
  EXPECT_FALSE(std::filesystem::exists(ledgerd_->state_dir())) << unverified.err;
  // Once `ledgerctl checkpoint` has pinned the log's key, every write is verified: its entry is
  // proven in a checkpoint signed with that key which extends the trusted one, and the trusted
  // state advances to it.
  ok(Ctl({"checkpoint"}));
  RunResult receive =
      ok(fin({"fund", "receive", "--id", "R-2026-01", "--source", "central-linkage", "--year",
              "2026", "--doc", "财农〔2026〕1号", "--amount", "1,000,000.00"}));
  std::smatch verified;
  ASSERT_TRUE(std::regex_search(receive.out, verified,
                                std::regex(R"(fund receive: appended at index (\d+) \(entry id )"
                                           R"([0-9a-f]+\), verified in the checkpoint of size )"
                                           R"((\d+)\n)")))
      << receive.out << receive.err;
  EXPECT_GT(std::stoull(verified[2].str()), std::stoull(verified[1].str()));
  RunResult trusted = ok(Ctl({"checkpoint", "--json"}));
  EXPECT_GE(nlohmann::json::parse(trusted.out).at("tree_size").get<uint64_t>(),
            std::stoull(verified[2].str()))
      << trusted.out;
  ok(xzj({"project",       "register",
          "--id",          "P1",
          "--name",        "光伏电站",
          "--type",        "industry",
          "--location",    "341721100201",
          "--content",     "村级光伏电站 100 kW",
          "--planned",     "central-linkage=600000.00",
          "--implementer", "东至县乡村振兴局",
          "--responsible", "王五",
          "--households",  "42"}));
  for (const char* step :
       {"village-application", "village-notice", "township-review", "county-approval"}) {
    ok(xzj({"project", "step", "--id", "P1", "--step", step}));
  }
  ok(xzj({"project", "approve", "--id", "P1", "--year", "2026", "--line",
          "central-linkage=600,000.00", "--body", "县乡村振兴领导小组"}));
  ok(xzj({"project", "contract", "--id", "C1", "--project", "P1", "--payee", "某某电力公司",
          "--amount", "500,000", "--tender", "公开招标", "--advance-ceiling-bp", "3000",
          "--retention-bp", "1000"}));
  const std::string report = dir() + "/report.pdf";
  WriteFile(report, "验收报告");
  ok(xzj({"project", "accept", "--id", "A1", "--project", "P1", "--result", "合格", "--report-file",
          report}));
  const std::string voucher = dir() + "/voucher.pdf";
  const std::string invoice = dir() + "/invoice.pdf";
  WriteFile(voucher, "凭证");
  WriteFile(invoice, "发票");
  auto disburse = [&](const std::string& id, const std::string& amount) {
    return fin({"disburse",
                "--id",
                id,
                "--project",
                "P1",
                "--contract",
                "C1",
                "--source",
                "central-linkage",
                "--stage",
                "advance",
                "--amount",
                amount,
                "--payee",
                "某某电力公司",
                "--category",
                "construction",
                "--voucher-file",
                voucher,
                "--invoice-file",
                invoice});
  };
  // R11: no payment before the project's before-notice (事前公示) has ended; the refusal says
  // what is missing in the command line's words.
  RunResult early = disburse("D1", "150,000.00");
  EXPECT_EQ(early.exit_code, 1) << early.out << early.err;
  EXPECT_NE(early.err.find("rejected (R11): no before-notice (事前公示) of project P1 is recorded"),
            std::string::npos)
      << early.err;
  EXPECT_NE(early.err.find("announcement of subject project-before"), std::string::npos)
      << early.err;
  const std::string notice = dir() + "/notice.pdf";
  WriteFile(notice, "项目实施前公示");
  ok(xzj({"announce", "--id", "N-P1", "--subject", "project-before", "--subject-id", "P1",
          "--channel", "project-site", "--notice-file", notice, "--start", Day(-10), "--end",
          Day(0)}));
  RunResult running = disburse("D1", "150,000.00");
  EXPECT_EQ(running.exit_code, 1) << running.out << running.err;
  EXPECT_NE(
      running.err.find(absl::StrCat("rejected (R11): the before-notice (事前公示) of project P1, ",
                                    Day(-10), "..", Day(0))),
      std::string::npos)
      << running.err;
  ok(xzj({"announce", "--id", "N-P1-2", "--subject", "project-before", "--subject-id", "P1",
          "--channel", "project-site", "--notice-file", notice, "--start", Day(-11), "--end",
          Day(-2)}));
  RunResult d1 = ok(disburse("D1", "150,000.00"));  // 30% of the contract: the ceiling
  std::smatch m;
  ASSERT_TRUE(std::regex_search(d1.out, m, std::regex("entry id ([0-9a-f]{32})"))) << d1.out;
  const std::string d1_entry = m[1].str();
  RunResult over = disburse("D2", "0.01");
  EXPECT_EQ(over.exit_code, 1) << over.out << over.err;
  EXPECT_NE(over.err.find("R6"), std::string::npos) << over.err;

  // Before the correction the detail shows the payment, hashed from the files.
  RunResult show = ok(Ctl({"project", "show", "P1"}));
  const crypto::Sha256Digest voucher_hash = crypto::Sha256("凭证");
  EXPECT_NE(show.out.find(Base64Encode(std::string(voucher_hash.begin(), voucher_hash.end()))),
            std::string::npos)
      << show.out;

  ok(fin({"correct", "--payment", "D1", "--entry-id", d1_entry, "--reason", "金额录入错误"}));
  RunResult balance = ok(Ctl({"fund", "balance"}));
  EXPECT_TRUE(std::regex_search(
      balance.out, std::regex(R"(total\s+1,000,000\.00 yuan\s+600,000\.00 yuan\s+0\.00 yuan)")))
      << balance.out;

  // A third decimal is a local mistake: exit 64, nothing sent.
  RunResult bad = fin({"fund", "receive", "--id", "R-2026-02", "--source", "central-linkage",
                       "--year", "2026", "--doc", "财农〔2026〕2号", "--amount", "12.345"});
  EXPECT_EQ(bad.exit_code, 64) << bad.out << bad.err;
  EXPECT_NE(bad.err.find("more than two decimals"), std::string::npos) << bad.err;
}

// 32 clients pay from one project at once until its approved money is exhausted: never
// overdrawn, every accepted payment counted, every refusal R3 with the numbers.
TEST_F(FundE2E, ConcurrentDisbursementsNeverOverdrawAProject) {
  constexpr int64_t kApproved = 6000000;  // 60,000.00 yuan
  constexpr int64_t kPayment = 100000;    // 1,000.00 yuan: exactly 60 fit
  ASSERT_NO_FATAL_FAILURE(SetUpProject(kApproved, kApproved));
  std::atomic<int> accepted{0};
  std::atomic<int> next_id{0};
  std::mutex mu;
  std::vector<std::string> refusals;
  std::vector<std::thread> clients;
  for (int c = 0; c < 32; ++c) {
    clients.emplace_back([&] {
      client::LedgerClient mine(grpc::CreateChannel(server_, grpc::InsecureChannelCredentials()),
                                {.origin = kOrigin, .timeout_ms = 60000});
      for (;;) {
        v1::Disbursement d = MakeDisbursement(absl::StrCat("D", next_id.fetch_add(1)), kPayment,
                                              v1::DISBURSEMENT_STAGE_PROGRESS);
        *d.mutable_header() = entries::MakeHeader(kOrigin, "fin", today_);
        auto r = mine.SubmitOne(*entries::SignEntry(d, *fin_));
        ASSERT_TRUE(r.ok()) << r.status();
        if (r->outcome() == v1::SubmitResult::OUTCOME_CREATED) {
          ++accepted;
          continue;
        }
        std::lock_guard lock(mu);
        refusals.push_back(absl::StrCat(r->rule(), ": ", r->message()));
        return;  // exhausted for this client
      }
    });
  }
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(accepted.load(), kApproved / kPayment);
  ASSERT_EQ(refusals.size(), 32u);
  for (const std::string& refusal : refusals) {
    EXPECT_EQ(refusal.rfind("R3: ", 0), 0u) << refusal;
    EXPECT_NE(refusal.find("1,000.00"), std::string::npos) << refusal;
  }
  v1::FundSummary summary = Summary();
  EXPECT_EQ(summary.total().paid_fen(), kApproved);
  EXPECT_EQ(summary.total().approved_fen(), kApproved);
}

// 16 clients reverse the same payment at once: exactly one reversal is accepted, the money is
// back once, and every other attempt is told the payment is already reversed.
TEST_F(FundE2E, ConcurrentReversalsOfOnePaymentAcceptExactlyOne) {
  ASSERT_NO_FATAL_FAILURE(SetUpProject(6000000, 6000000));
  v1::Disbursement d = MakeDisbursement("D1", 1000000, v1::DISBURSEMENT_STAGE_PROGRESS);
  v1::SubmitResult paid = Submit(d, d.mutable_header(), "fin", *fin_);
  ExpectCreated(paid);
  std::atomic<int> accepted{0};
  std::atomic<int> already{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 16; ++c) {
    clients.emplace_back([&] {
      client::LedgerClient mine(grpc::CreateChannel(server_, grpc::InsecureChannelCredentials()),
                                {.origin = kOrigin, .timeout_ms = 60000});
      v1::Reversal reversal;
      *reversal.mutable_header() = entries::MakeHeader(kOrigin, "fin", today_);
      reversal.mutable_header()->set_corrects(paid.entry_id());
      reversal.set_reversed_entry_kind(v1::REVERSED_ENTRY_KIND_DISBURSEMENT);
      reversal.set_target_id("D1");
      reversal.set_reason("重复支付");
      auto r = mine.SubmitOne(*entries::SignEntry(reversal, *fin_));
      ASSERT_TRUE(r.ok()) << r.status();
      if (r->outcome() == v1::SubmitResult::OUTCOME_CREATED) {
        ++accepted;
      } else if (r->code() == static_cast<int>(grpc::StatusCode::ALREADY_EXISTS) &&
                 r->message().find("already reversed") != std::string::npos) {
        ++already;
      } else {
        ADD_FAILURE() << r->rule() << ": " << r->message();
      }
    });
  }
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(accepted.load(), 1);
  EXPECT_EQ(already.load(), 15);
  EXPECT_EQ(Summary().total().paid_fen(), 0);
}

// Spending progress by month against the policy's targets.
TEST_F(FundE2E, ProgressByMonthIsComparedWithThePolicyTargets) {
  ASSERT_NO_FATAL_FAILURE(SetUpProject(60000000, 60000000));
  v1::Disbursement d = MakeDisbursement("D1", 6000000, v1::DISBURSEMENT_STAGE_PROGRESS);
  ExpectCreated(Submit(d, d.mutable_header(), "fin", *fin_));  // 6% of the 1,000,000.00 received
  const uint32_t month = Month();
  // This month's target is met (5%); the next month's, if any, is not (100%).
  std::string targets = absl::StrCat(month, ":500");
  if (month < 12) absl::StrAppend(&targets, ",", month + 1, ":10000");
  RunResult set = Ctl({"--key", dir() + "/admin.key", "--principal", "admin", "policy", "set",
                       "progress_targets=" + targets});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  auto stub =
      v1::FundService::NewStub(grpc::CreateChannel(server_, grpc::InsecureChannelCredentials()));
  v1::GetProgressRequest request;
  request.set_origin(kOrigin);
  request.set_year(Year());
  v1::Progress progress;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub->GetProgress(&ctx, request, &progress).ok());
  EXPECT_EQ(progress.received_fen(), 100000000);
  ASSERT_EQ(progress.months_size(), 12);
  const v1::MonthProgress& now = progress.months(static_cast<int>(month) - 1);
  EXPECT_EQ(now.paid_fen(), 6000000);
  EXPECT_EQ(now.progress_bp(), 600u);
  EXPECT_TRUE(now.has_target());
  EXPECT_FALSE(now.behind());
  if (month > 1) {
    EXPECT_EQ(progress.months(static_cast<int>(month) - 2).paid_fen(), 0);
  }
  if (month < 12) {
    const v1::MonthProgress& next = progress.months(static_cast<int>(month));
    EXPECT_TRUE(next.behind());
    EXPECT_EQ(next.target_bp(), 10000u);
  }
  RunResult cli = Ctl({"fund", "progress", "--year", std::to_string(Year())});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_NE(cli.out.find("6.00%"), std::string::npos) << cli.out;
}

// A county year from the seed documents (../shared/seeds/002_…:
// "安排财政专项资金2095万元实施42个到村到户 扶贫工程项目,资金支出进度96.2%"): 20,950,000.00 yuan
// received, 42 village projects through their steps, plans, contracts and payments, and the
// progress report reads 96.20 %.
TEST_F(FundE2E, ACountyYearFromTheSeedsReportsItsSpendingProgress) {
  ASSERT_NO_FATAL_FAILURE(SetUpPrincipals());
  constexpr int kProjects = 42;
  constexpr int64_t kReceived = int64_t{20950000} * 100;  // 2095万元 in fen
  constexpr int64_t kPaid = kReceived * 962 / 1000;       // 96.2 %
  auto sign = [&](google::protobuf::Message& body, v1::EntryHeader* header,
                  const std::string& principal, const crypto::Ed25519PrivateKey& key) {
    *header = entries::MakeHeader(kOrigin, principal, today_);
    return *entries::SignEntry(body, key);
  };
  auto submit_all = [&](const std::vector<std::string>& envelopes) {
    auto response = client_->Submit(envelopes);
    ASSERT_TRUE(response.ok()) << response.status();
    for (const v1::SubmitResult& r : response->results()) ExpectCreated(r);
  };
  v1::FundReceipt receipt;
  receipt.set_receipt_id("R-1");
  receipt.set_source(v1::FUND_SOURCE_CENTRAL_LINKAGE);
  receipt.set_year(Year());
  receipt.set_document_number("财农〔2026〕8号");
  receipt.set_amount_fen(kReceived);
  submit_all({sign(receipt, receipt.mutable_header(), "fin", *fin_)});

  std::vector<int64_t> amount(kProjects, kReceived / kProjects);
  amount.back() += kReceived % kProjects;
  std::vector<int64_t> pay(kProjects);
  int64_t paid_so_far = 0;
  for (int i = 0; i < kProjects; ++i) {
    pay[i] = i + 1 < kProjects ? amount[i] * 962 / 1000 : kPaid - paid_so_far;
    paid_so_far += pay[i];
  }
  std::vector<std::string> projects, steps, plans, contracts, notices, payments;
  for (int i = 0; i < kProjects; ++i) {
    const std::string id = absl::StrCat("P", i + 1);
    v1::ProjectRegistration p;
    p.set_project_id(id);
    p.set_name(absl::StrCat("到村到户项目", i + 1));
    p.set_type(v1::PROJECT_TYPE_INFRASTRUCTURE);
    p.set_location(absl::StrCat("341721", 100 + i % 12, 200 + i));
    p.set_content("到村到户扶贫工程");
    v1::PlannedFunds* planned = p.add_planned();
    planned->set_source(v1::FUND_SOURCE_CENTRAL_LINKAGE);
    planned->set_amount_fen(amount[i]);
    p.set_implementer("东至县乡村振兴局");
    p.set_responsible_person("王五");
    p.set_households_to_benefit(30);
    projects.push_back(sign(p, p.mutable_header(), "xzj", *proj_));
    for (v1::ProjectStep step :
         {v1::PROJECT_STEP_VILLAGE_APPLICATION, v1::PROJECT_STEP_VILLAGE_NOTICE,
          v1::PROJECT_STEP_TOWNSHIP_REVIEW, v1::PROJECT_STEP_COUNTY_APPROVAL}) {
      v1::ProjectStepRecord r;
      r.set_project_id(id);
      r.set_step(step);
      r.set_date(today_);
      steps.push_back(sign(r, r.mutable_header(), "xzj", *proj_));
    }
    v1::PlanApproval plan;
    plan.set_project_id(id);
    plan.set_year(Year());
    v1::ApprovedLine* line = plan.add_lines();
    line->set_source(v1::FUND_SOURCE_CENTRAL_LINKAGE);
    line->set_amount_fen(amount[i]);
    plan.set_approving_body("县乡村振兴领导小组");
    plans.push_back(sign(plan, plan.mutable_header(), "xzj", *proj_));
    v1::Contract c;
    c.set_contract_id(absl::StrCat("C", i + 1));
    c.set_project_id(id);
    c.set_payee("施工单位");
    c.set_amount_fen(amount[i]);
    c.set_tender_method("公开招标");
    c.set_signed_date(today_);
    c.set_start_date(today_);
    c.set_end_date(today_);
    c.set_advance_ceiling_bp(3000);
    c.set_retention_bp(1000);
    contracts.push_back(sign(c, c.mutable_header(), "xzj", *proj_));
    v1::Announcement notice = BeforeNotice(id);
    notices.push_back(sign(notice, notice.mutable_header(), "xzj", *proj_));
    const int64_t advance = amount[i] * 3000 / 10000;
    for (auto [stage, fen] : {std::pair{v1::DISBURSEMENT_STAGE_ADVANCE, advance},
                              std::pair{v1::DISBURSEMENT_STAGE_PROGRESS, pay[i] - advance}}) {
      v1::Disbursement d = MakeDisbursement(absl::StrCat("D", i + 1, "-", stage), fen, stage);
      d.set_project_id(id);
      d.set_contract_id(absl::StrCat("C", i + 1));
      payments.push_back(sign(d, d.mutable_header(), "fin", *fin_));
    }
  }
  for (const auto* batch : {&projects, &steps, &plans, &contracts, &notices, &payments}) {
    ASSERT_NO_FATAL_FAILURE(submit_all(*batch));
  }

  v1::FundSummary summary = Summary();
  EXPECT_EQ(summary.total().received_fen(), kReceived);
  EXPECT_EQ(summary.total().approved_fen(), kReceived);
  EXPECT_EQ(summary.total().paid_fen(), kPaid);
  EXPECT_EQ(summary.total().progress_bp(), 9620u);
  RunResult balance = Ctl({"fund", "balance"});
  ASSERT_EQ(balance.exit_code, 0) << balance.err;
  EXPECT_NE(balance.out.find("20,950,000.00"), std::string::npos) << balance.out;
  EXPECT_NE(balance.out.find("20,153,900.00"), std::string::npos) << balance.out;
  EXPECT_NE(balance.out.find("96.20%"), std::string::npos) << balance.out;
  RunResult progress = Ctl({"fund", "progress", "--year", std::to_string(Year())});
  ASSERT_EQ(progress.exit_code, 0) << progress.err;
  EXPECT_NE(progress.out.find("96.20%"), std::string::npos) << progress.out;
  RunResult list = Ctl({"project", "list"});  // a heading and one line per project
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(std::count(list.out.begin(), list.out.end(), '\n'), kProjects + 1) << list.out;
  // The county fund ledger as CSV: a heading and one row per project, amounts in plain yuan.
  RunResult csv = Ctl({"fund", "ledger", "--csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("项目编号,项目名称,", 0), 0u) << csv.out;
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), kProjects + 1) << csv.out;
  const std::string p1 = absl::StrCat("\nP1,到村到户项目1,INFRASTRUCTURE,");
  EXPECT_NE(csv.out.find(p1), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find(
                absl::StrCat(",", amount[0] / 100, ".", absl::StrFormat("%02d", amount[0] % 100))),
            std::string::npos)
      << csv.out;
}

// `correct` without --entry-id: ledgerctl looks the payment up with GetPayment and the receipt by
// paging through ListReceipts; the project detail then lists the reversal.
TEST_F(FundE2E, CorrectLooksUpTheEntryIdOfAPaymentOrAReceipt) {
  ASSERT_NO_FATAL_FAILURE(SetUpProject(60000000, 60000000));
  v1::Disbursement d = MakeDisbursement("D1", 1000000, v1::DISBURSEMENT_STAGE_PROGRESS);
  ExpectCreated(Submit(d, d.mutable_header(), "fin", *fin_));
  v1::FundReceipt extra = receipt_;
  extra.set_receipt_id("R-2026-02");
  extra.set_amount_fen(5000000);
  ExpectCreated(Submit(extra, extra.mutable_header(), "fin", *fin_));

  RunResult unknown = AsFin({"correct", "--payment", "D9", "--reason", "录入错误"});
  EXPECT_EQ(unknown.exit_code, 1) << unknown.out << unknown.err;
  EXPECT_NE(unknown.err.find("NOT_FOUND: no payment \"D9\""), std::string::npos) << unknown.err;

  RunResult payment = AsFin({"correct", "--payment", "D1", "--reason", "重复支付"});
  ASSERT_EQ(payment.exit_code, 0) << payment.out << payment.err;
  EXPECT_NE(payment.out.find("correct: appended at index"), std::string::npos) << payment.out;
  v1::PaymentDetail detail;
  ASSERT_EQ(GetPayment("D1", &detail), grpc::StatusCode::OK);
  EXPECT_TRUE(detail.reversed());
  EXPECT_EQ(detail.reversal_reason(), "重复支付");
  EXPECT_GT(detail.reversal_index(), 0u);
  EXPECT_EQ(detail.disbursement().header().entry_id(), d.header().entry_id());
  EXPECT_EQ(Summary().total().paid_fen(), 0);

  RunResult receipt = AsFin({"correct", "--receipt", "R-2026-02", "--reason", "文号错误"});
  ASSERT_EQ(receipt.exit_code, 0) << receipt.out << receipt.err;
  EXPECT_EQ(Summary().total().received_fen(), 100000000);
  RunResult unknown_receipt = AsFin({"correct", "--receipt", "R-9", "--reason", "录入错误"});
  EXPECT_EQ(unknown_receipt.exit_code, 1) << unknown_receipt.err;
  EXPECT_NE(unknown_receipt.err.find("no receipt \"R-9\""), std::string::npos)
      << unknown_receipt.err;

  // The looked-up id is the right one: a second correction is refused as already reversed.
  RunResult again = AsFin({"correct", "--payment", "D1", "--reason", "重复支付"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already reversed"), std::string::npos) << again.err;

  auto stub = FundStub();
  v1::GetProjectRequest preq;
  preq.set_origin(kOrigin);
  preq.set_project_id("P1");
  v1::ProjectDetail project;
  grpc::ClientContext pctx;
  ASSERT_TRUE(stub->GetProject(&pctx, preq, &project).ok());
  ASSERT_EQ(project.reversals_size(), 1);
  EXPECT_EQ(project.reversals(0).reversal().target_id(), "D1");
  EXPECT_EQ(project.reversals(0).reversal().reason(), "重复支付");
  EXPECT_EQ(project.reversals(0).index(), detail.reversal_index());
  EXPECT_EQ(project.reversals(0).reversal().header().corrects(), d.header().entry_id());
}

TEST_F(FundE2E, GetPaymentOfAnUnknownPaymentIsNotFound) {
  ASSERT_NO_FATAL_FAILURE(SetUpProject(60000000, 60000000));
  v1::Disbursement d = MakeDisbursement("D1", 1000000, v1::DISBURSEMENT_STAGE_PROGRESS);
  ExpectCreated(Submit(d, d.mutable_header(), "fin", *fin_));
  v1::PaymentDetail detail;
  EXPECT_EQ(GetPayment("D2", &detail), grpc::StatusCode::NOT_FOUND);
  ASSERT_EQ(GetPayment("D1", &detail), grpc::StatusCode::OK);
  EXPECT_EQ(detail.disbursement().amount_fen(), 1000000);
  EXPECT_FALSE(detail.reversed());
  EXPECT_EQ(detail.roster_id(), "");
}

// Correcting an amount: one batch with the reversal and a copy of the payment under a new id;
// the money and the balances follow, and the next correction takes the next free id.
TEST_F(FundE2E, CorrectAnAmountReversesAndPaysAgainInOneBatch) {
  ASSERT_NO_FATAL_FAILURE(SetUpProject(60000000, 60000000));
  v1::Disbursement d = MakeDisbursement("D1", 1000000, v1::DISBURSEMENT_STAGE_PROGRESS);
  // Dates other than today, so that the copy is seen to keep them.
  const int64_t now_us = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  const std::string applied = entries::CivilDateInShanghai(now_us - int64_t{2} * 86400 * 1000000);
  const std::string signed_off =
      entries::CivilDateInShanghai(now_us - int64_t{1} * 86400 * 1000000);
  d.set_application_date(applied);
  d.set_township_signoff_date(signed_off);
  ExpectCreated(Submit(d, d.mutable_header(), "fin", *fin_));  // 10,000.00 yuan

  RunResult fixed =
      AsFin({"correct", "--payment", "D1", "--amount", "8,000.00", "--reason", "金额录入错误"});
  ASSERT_EQ(fixed.exit_code, 0) << fixed.out << fixed.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      fixed.out, m,
      std::regex(R"(reversal of D1: appended at index (\d+)[^\n]*\n)"
                 R"(correct: payment D1-c1 of 8,000\.00 yuan: appended at index (\d+))")))
      << fixed.out;
  EXPECT_EQ(std::stoull(m[2].str()), std::stoull(m[1].str()) + 1);  // one batch, in order

  v1::PaymentDetail old_payment;
  ASSERT_EQ(GetPayment("D1", &old_payment), grpc::StatusCode::OK);
  EXPECT_TRUE(old_payment.reversed());
  EXPECT_EQ(old_payment.reversal_index(), std::stoull(m[1].str()));
  EXPECT_EQ(old_payment.reversal_reason(), "金额录入错误");
  v1::PaymentDetail new_payment;
  ASSERT_EQ(GetPayment("D1-c1", &new_payment), grpc::StatusCode::OK);
  EXPECT_FALSE(new_payment.reversed());
  const v1::Disbursement& copy = new_payment.disbursement();
  EXPECT_EQ(copy.amount_fen(), 800000);
  EXPECT_EQ(copy.contract_id(), "C1");
  EXPECT_EQ(copy.payee(), d.payee());
  EXPECT_EQ(copy.voucher_hash(), d.voucher_hash());
  EXPECT_EQ(copy.application_date(), applied);
  EXPECT_EQ(copy.township_signoff_date(), signed_off);
  EXPECT_NE(copy.header().entry_id(), d.header().entry_id());

  EXPECT_EQ(Summary().total().paid_fen(), 800000);
  v1::ListBalancesRequest p1;
  p1.set_project_id("P1");
  std::vector<v1::AccountBalance> rows = Balances(p1, 100);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].account(), "approved/FUND_SOURCE_CENTRAL_LINKAGE/P1");
  EXPECT_EQ(rows[0].balance_fen(), 60000000 - 800000);
  EXPECT_EQ(rows[1].stage(), v1::ACCOUNT_STAGE_PAID);
  EXPECT_EQ(rows[1].balance_fen(), 800000);

  // The corrected payment corrected again: D1-c2, with a new payment date.
  RunResult twice = AsFin({"correct", "--payment", "D1-c1", "--amount", "7,000.00", "--paid",
                           today_, "--reason", "金额录入错误"});
  ASSERT_EQ(twice.exit_code, 0) << twice.out << twice.err;
  EXPECT_NE(twice.out.find("payment D1-c2 of 7,000.00 yuan: appended"), std::string::npos)
      << twice.out;
  EXPECT_EQ(Summary().total().paid_fen(), 700000);
  // A reversed payment cannot have its amount corrected: nothing is sent.
  RunResult reversed =
      AsFin({"correct", "--payment", "D1", "--amount", "1.00", "--reason", "金额录入错误"});
  EXPECT_EQ(reversed.exit_code, 64) << reversed.out << reversed.err;
  EXPECT_NE(reversed.err.find("already reversed"), std::string::npos) << reversed.err;
  v1::PaymentDetail none;
  EXPECT_EQ(GetPayment("D1-c3", &none), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Summary().total().paid_fen(), 700000);
}

// fund list and fund balances with their filters, as tables and JSON, and the RPCs' pages.
TEST_F(FundE2E, FundListAndBalancesAreFiltered) {
  ASSERT_NO_FATAL_FAILURE(SetUpProject(60000000, 60000000));
  v1::Disbursement d = MakeDisbursement("D1", 1000000, v1::DISBURSEMENT_STAGE_PROGRESS);
  ExpectCreated(Submit(d, d.mutable_header(), "fin", *fin_));
  v1::FundReceipt provincial = receipt_;
  provincial.set_receipt_id("R-2026-02");
  provincial.set_source(v1::FUND_SOURCE_PROVINCIAL_LINKAGE);
  provincial.set_document_number("皖财农〔2026〕7号");
  provincial.set_amount_fen(20000000);
  ExpectCreated(Submit(provincial, provincial.mutable_header(), "fin", *fin_));
  v1::FundReceipt old = receipt_;
  old.set_receipt_id("R-2025-09");
  old.set_year(2025);
  old.set_amount_fen(30000000);
  ExpectCreated(Submit(old, old.mutable_header(), "fin", *fin_));
  ASSERT_EQ(AsFin({"correct", "--receipt", "R-2026-02", "--reason", "重复录入"}).exit_code, 0);

  RunResult all = Ctl({"fund", "list"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_TRUE(std::regex_search(all.out, std::regex(R"(\nR-2026-02\s+\d+\s+provincial-linkage\s+)"
                                                    R"(皖财农〔2026〕7号\s+200,000\.00 yuan\s+)"
                                                    R"(reversed \(已冲销\) at index \d+\n)")))
      << all.out;
  EXPECT_TRUE(std::regex_search(all.out, std::regex(R"(\ntotal\s+1,300,000\.00 yuan)"))) << all.out;
  RunResult by_source = Ctl({"fund", "list", "--source", "provincial-linkage"});
  ASSERT_EQ(by_source.exit_code, 0) << by_source.err;
  EXPECT_NE(by_source.out.find("R-2026-02"), std::string::npos) << by_source.out;
  EXPECT_EQ(by_source.out.find("R-2026-01"), std::string::npos) << by_source.out;
  RunResult by_year = Ctl({"--json", "fund", "list", "--year", "2025"});
  ASSERT_EQ(by_year.exit_code, 0) << by_year.err;
  EXPECT_NE(by_year.out.find("\"receipt_id\":\"R-2025-09\""), std::string::npos) << by_year.out;
  EXPECT_EQ(by_year.out.find("R-2026"), std::string::npos) << by_year.out;
  RunResult reversed_json = Ctl({"--json", "fund", "list", "--source", "PROVINCIAL_LINKAGE"});
  EXPECT_NE(reversed_json.out.find("\"reversed\":true"), std::string::npos) << reversed_json.out;
  RunResult bad_source = Ctl({"fund", "list", "--source", "central"});
  EXPECT_EQ(bad_source.exit_code, 64);
  EXPECT_NE(bad_source.err.find("central-linkage"), std::string::npos) << bad_source.err;

  // One receipt per page: the three receipts, in id order.
  auto stub = FundStub();
  v1::ListReceiptsRequest lreq;
  lreq.set_origin(kOrigin);
  lreq.set_page_size(1);
  std::vector<std::string> ids;
  do {
    v1::ListReceiptsResponse page;
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub->ListReceipts(&ctx, lreq, &page).ok());
    ASSERT_LE(page.receipts_size(), 1);
    for (const auto& r : page.receipts()) ids.push_back(r.receipt().receipt_id());
    lreq.set_page_token(page.next_page_token());
  } while (!lreq.page_token().empty());
  EXPECT_EQ(ids, (std::vector<std::string>{"R-2025-09", "R-2026-01", "R-2026-02"}));

  // Balances: every account, one per page and all at once alike; Σ = 0.
  std::vector<v1::AccountBalance> every = Balances({}, 1000);
  std::vector<v1::AccountBalance> paged = Balances({}, 1);
  ASSERT_EQ(every.size(), paged.size());
  int64_t sum = 0;
  for (size_t i = 0; i < every.size(); ++i) {
    EXPECT_EQ(every[i].account(), paged[i].account());
    sum += every[i].balance_fen();
  }
  EXPECT_EQ(sum, 0);
  // external, received (central and provincial, the latter 0 after its reversal), approved, paid.
  EXPECT_EQ(every.size(), 6u);
  v1::ListBalancesRequest paid;
  paid.set_stage(v1::ACCOUNT_STAGE_PAID);
  std::vector<v1::AccountBalance> paid_rows = Balances(paid, 100);
  ASSERT_EQ(paid_rows.size(), 1u);
  EXPECT_EQ(paid_rows[0].project_id(), "P1");
  EXPECT_EQ(paid_rows[0].source(), v1::FUND_SOURCE_CENTRAL_LINKAGE);
  EXPECT_EQ(paid_rows[0].balance_fen(), 1000000);
  v1::ListBalancesRequest provincial_only;
  provincial_only.set_source(v1::FUND_SOURCE_PROVINCIAL_LINKAGE);
  for (const v1::AccountBalance& b : Balances(provincial_only, 100)) {
    EXPECT_EQ(b.balance_fen(), 0) << b.account();
  }

  RunResult received =
      Ctl({"fund", "balances", "--stage", "received", "--source", "central-linkage"});
  ASSERT_EQ(received.exit_code, 0) << received.err;
  EXPECT_TRUE(std::regex_search(
      received.out, std::regex(R"(\nreceived\s+central-linkage\s+700,000\.00 yuan\n$)")))
      << received.out;  // 1,300,000.00 received, 600,000.00 approved
  RunResult project = Ctl({"fund", "balances", "--project", "P1"});
  ASSERT_EQ(project.exit_code, 0) << project.err;
  EXPECT_TRUE(std::regex_search(
      project.out, std::regex(R"(\napproved\s+central-linkage\s+P1\s+590,000\.00 yuan\n)"
                              R"(paid\s+central-linkage\s+P1\s+10,000\.00 yuan\n$)")))
      << project.out;
  RunResult json = Ctl({"--json", "fund", "balances", "--stage", "paid"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find("\"account\":\"paid/FUND_SOURCE_CENTRAL_LINKAGE/P1\""), std::string::npos)
      << json.out;
  EXPECT_NE(json.out.find("\"balance_fen\":\"1000000\""), std::string::npos) << json.out;
  RunResult bad_stage = Ctl({"fund", "balances", "--stage", "spent"});
  EXPECT_EQ(bad_stage.exit_code, 64);
  EXPECT_NE(bad_stage.err.find("received"), std::string::npos) << bad_stage.err;
}

// A household payment roster imported from a spreadsheet: accepted when its lines add up to the
// payment exactly, R7 with both sums when they do not, a usage error naming the line when a cell
// is malformed.
TEST_F(FundE2E, RosterImportFromCsvMustAddUpToThePayment) {
  ASSERT_NO_FATAL_FAILURE(SetUpProject(60000000, 60000000));
  v1::Disbursement d = MakeDisbursement("D1", 1000000, v1::DISBURSEMENT_STAGE_PROGRESS);
  ExpectCreated(Submit(d, d.mutable_header(), "fin", *fin_));  // 10,000.00 yuan
  const std::vector<std::string> as_fin = {"--key",  dir() + "/fin.key", "--principal", "fin",
                                           "roster", "import",           "--payment",   "D1"};
  auto import = [&](const std::string& id, const std::string& csv) {
    WriteFile(dir() + "/" + id + ".csv", csv);
    std::vector<std::string> args = as_fin;
    args.insert(args.end(), {"--id", id, "--file", dir() + "/" + id + ".csv"});
    return Ctl(args);
  };
  RunResult short_by_one = import("RS-0",
                                  "户编码,现金(元),实物名称,数量,单价(元),银行流水号\n"
                                  "H001,3000.00,,,,B1\nH002,6999.99,,,,B2\n");
  EXPECT_EQ(short_by_one.exit_code, 1) << short_by_one.err;
  EXPECT_NE(short_by_one.err.find("R7"), std::string::npos) << short_by_one.err;
  EXPECT_NE(short_by_one.err.find("9,999.99"), std::string::npos) << short_by_one.err;
  RunResult malformed = import("RS-1", "household_ref,cash_yuan\nH001,12.345\n");
  EXPECT_EQ(malformed.exit_code, 64) << malformed.err;
  EXPECT_NE(malformed.err.find("row 2"), std::string::npos) << malformed.err;
  RunResult ok = import("RS-2",
                        "household_ref,cash_yuan,in_kind_item,quantity,unit_price_yuan,"
                        "bank_reference\n"
                        "H001,3000.00,,,,B1\n"
                        "H002,\"6,000.00\",,,,B2\n"
                        "H003,,鸡苗,100,10.00,\n");
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("appended at index"), std::string::npos) << ok.out;
}

// What scripts/run.sh relies on: --demo-origin creates the county's log, an administrator key
// (mode 0600) and the Genesis entry on the first start, and finds them on the next.
TEST(DemoLogE2E, FirstStartCreatesTheCountyLogAndAdministratorKey) {
  TempDir dir;
  auto db = TestDatabase::Create(/*migrate=*/false);
  ASSERT_TRUE(db.ok()) << db.status();
  const std::vector<std::string> argv = {LEDGERD_PATH,
                                         "--listen=127.0.0.1:0",
                                         "--db=" + (*db)->conninfo(),
                                         "--key-dir=" + dir.path() + "/keys",
                                         std::string("--demo-origin=") + kOrigin,
                                         "--read-access=open"};
  for (int run = 0; run < 2; ++run) {
    Subprocess ledgerd(argv, dir.path());
    const int port = WaitListening(ledgerd);
    ASSERT_NE(port, 0) << ledgerd.Stderr();
    EXPECT_NE(ledgerd.Stderr().find(run == 0 ? "created (1 entries)" : "present (2 entries)"),
              std::string::npos)
        << ledgerd.Stderr();
    const std::string admin_key = dir.path() + "/keys/admin.key";
    ASSERT_TRUE(std::filesystem::exists(admin_key));
    EXPECT_EQ(std::filesystem::status(admin_key).permissions() & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    const std::string server = "127.0.0.1:" + std::to_string(port);
    RunResult show = RunToCompletion(
        {LEDGERCTL_PATH, "--server", server, "--origin", kOrigin, "principal", "show", "admin"},
        dir.path(), 30s);
    EXPECT_EQ(show.exit_code, 0) << show.err;
    EXPECT_NE(show.out.find("administrator"), std::string::npos) << show.out;
    // The administrator key works: it registers a principal.
    // Its own trusted state directory: a write verifies against a key pinned there, and the
    // user's own state may pin another key for this origin.
    RunResult add = RunToCompletion({LEDGERCTL_PATH,
                                     "--state-dir",
                                     dir.path() + "/state",
                                     "--server",
                                     server,
                                     "--origin",
                                     kOrigin,
                                     "--key",
                                     admin_key,
                                     "--principal",
                                     "admin",
                                     "principal",
                                     "add",
                                     "--id",
                                     absl::StrCat("fin-", run),
                                     "--name",
                                     "东至县财政局",
                                     "--kind",
                                     "finance-bureau",
                                     "--scope",
                                     "341721",
                                     "--role",
                                     "fund-manager"},
                                    dir.path(), 30s);
    EXPECT_EQ(add.exit_code, 0) << add.out << add.err;
    ledgerd.Signal(SIGINT);
    EXPECT_EQ(ledgerd.Wait(60s), std::optional<int>(0)) << ledgerd.Stderr();
  }
}

}  // namespace
}  // namespace ledger::testing
