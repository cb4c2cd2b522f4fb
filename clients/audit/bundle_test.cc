#include "clients/audit/bundle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/crypto/ed25519.h"
#include "ledger/merkle/verify.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/keys.h"
#include "ledger/util/base64.h"

namespace ledger::audit {
namespace {

using ::testing::HasSubstr;

constexpr char kOrigin[] = "ledger.example.org/341721";

// Leaves of any bytes (the bundle does not interpret them) and a checkpoint signed over them.
class FixedSource : public LogSource {
 public:
  explicit FixedSource(uint64_t count) {
    for (uint64_t i = 0; i < count; ++i) {
      // Bytes that base64 would mangle in a text format if written raw: newlines, NUL, 0xff.
      leaves_.push_back(absl::StrCat("leaf\n", i, std::string(1, '\0'), "\xff"));
      hashes_.push_back(merkle::LeafHash(leaves_.back()));
    }
    note_ = *note::SignCheckpoint({.origin = kOrigin,
                                   .size = count,
                                   .root = merkle::RootFromLeafHashes(hashes_),
                                   .extensions = {}},
                                  signer_);
  }
  absl::StatusOr<std::string> LatestCheckpoint() override { return note_; }
  absl::StatusOr<std::vector<std::string>> Entries(uint64_t begin, uint64_t end) override {
    std::vector<std::string> out;
    for (uint64_t i = begin; i < end && i < served_max_; ++i) out.push_back(leaves_[i]);
    return out;
  }

  note::NoteSigner signer_ =
      *note::NoteSigner::Create(kOrigin, crypto::Ed25519PrivateKey::Generate());
  std::vector<std::string> leaves_;
  std::vector<merkle::Hash> hashes_;
  std::string note_;
  uint64_t served_max_ = UINT64_MAX;
};

class BundleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           absl::StrCat("bundle_test_", ::getpid(), "_",
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "log.bundle").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Read() const {
    std::ifstream in(path_, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  void Write(const std::string& bytes) const {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out << bytes;
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(BundleTest, WritesTheDocumentedLayoutAndReadsItBack) {
  FixedSource source(7);
  const std::string vkey = source.signer_.Verifier().VerifierKey();
  absl::StatusOr<BundleWritten> written = WriteBundle(source, vkey, path_, /*page_size=*/3);
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_EQ(written->origin, kOrigin);
  EXPECT_EQ(written->tree_size, 7u);
  EXPECT_EQ(written->leaves_written, 7u);

  std::string expected = absl::StrCat("ledger.v1 bundle\nverifier-key ", vkey, "\ncheckpoint ",
                                      source.note_.size(), "\n", source.note_);
  for (const std::string& leaf : source.leaves_)
    absl::StrAppend(&expected, Base64Encode(leaf), "\n");
  EXPECT_EQ(Read(), expected);
  EXPECT_FALSE(std::filesystem::exists(path_ + ".tmp." + std::to_string(::getpid())));

  absl::StatusOr<std::unique_ptr<BundleSource>> bundle = BundleSource::Open(path_);
  ASSERT_TRUE(bundle.ok()) << bundle.status();
  EXPECT_EQ((*bundle)->origin(), kOrigin);
  EXPECT_EQ((*bundle)->checkpoint_size(), 7u);
  EXPECT_EQ((*bundle)->informative_verifier_key(), vkey);
  EXPECT_EQ(*(*bundle)->LatestCheckpoint(), source.note_);
  EXPECT_EQ(*(*bundle)->Entries(0, 3),
            std::vector<std::string>(source.leaves_.begin(), source.leaves_.begin() + 3));
  EXPECT_EQ(*(*bundle)->Entries(3, 100),
            std::vector<std::string>(source.leaves_.begin() + 3, source.leaves_.end()));
  // An earlier range again: reread from the first leaf.
  EXPECT_EQ(*(*bundle)->Entries(1, 2), std::vector<std::string>{source.leaves_[1]});
  EXPECT_EQ(*(*bundle)->LeafHashes(), source.hashes_);
}

TEST_F(BundleTest, LocalConsistencyProofsVerify) {
  FixedSource source(13);
  for (uint64_t from = 1; from <= 13; ++from) {
    absl::StatusOr<std::vector<merkle::Hash>> proof =
        LocalConsistencyProof(source.hashes_, from, 13);
    ASSERT_TRUE(proof.ok()) << proof.status();
    const merkle::Hash old_root =
        merkle::RootFromLeafHashes(std::span<const merkle::Hash>(source.hashes_).subspan(0, from));
    EXPECT_TRUE(merkle::VerifyConsistency(from, 13, old_root,
                                          merkle::RootFromLeafHashes(source.hashes_), *proof)
                    .ok())
        << from;
  }
  EXPECT_EQ(LocalConsistencyProof(source.hashes_, 0, 13).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(LocalConsistencyProof(source.hashes_, 3, 14).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(BundleTest, ASourceThatServesFewerLeavesGivesAShortBundle) {
  FixedSource source(10);
  source.served_max_ = 6;
  absl::StatusOr<BundleWritten> written = WriteBundle(source, "k", path_, 4);
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_EQ(written->tree_size, 10u);
  EXPECT_EQ(written->leaves_written, 6u);
  absl::StatusOr<std::unique_ptr<BundleSource>> bundle = BundleSource::Open(path_);
  ASSERT_TRUE(bundle.ok()) << bundle.status();
  EXPECT_EQ((*bundle)->checkpoint_size(), 10u);
  EXPECT_EQ((*bundle)->Entries(0, 10)->size(), 6u);
}

TEST_F(BundleTest, MalformedBundlesAreRefusedNamingTheLine) {
  FixedSource source(3);
  ASSERT_TRUE(WriteBundle(source, "k", path_, 10).ok());
  const std::string good = Read();
  const std::string header_and_key = "ledger.v1 bundle\nverifier-key k\n";
  auto open_error = [&](const std::string& bytes) {
    Write(bytes);
    absl::StatusOr<std::unique_ptr<BundleSource>> b = BundleSource::Open(path_);
    EXPECT_FALSE(b.ok());
    return b.ok() ? absl::OkStatus() : b.status();
  };

  absl::Status s = open_error("ledger.v2 bundle\n" + good.substr(good.find('\n') + 1));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("line 1: not a bundle of this version"));
  EXPECT_THAT(open_error("").message(), HasSubstr("line 1: not a bundle"));
  EXPECT_THAT(open_error("ledger.v1 bundle\nkey k\ncheckpoint 1\n").message(),
              HasSubstr("line 2: expected \"verifier-key <vkey>\""));
  EXPECT_THAT(open_error(header_and_key + "checkpoint 012\n").message(),
              HasSubstr("line 3: expected \"checkpoint <byte length"));
  EXPECT_THAT(open_error(header_and_key + "checkpoint 500\nshort").message(),
              HasSubstr("line 4: the file ends inside the checkpoint note of 500 bytes"));
  EXPECT_THAT(open_error(header_and_key + "checkpoint 4\nabc\n").message(),
              HasSubstr("line 4: the checkpoint note does not parse"));
  EXPECT_EQ(BundleSource::Open((dir_ / "missing").string()).status().code(),
            absl::StatusCode::kNotFound);

  // A damaged leaf line: the line and the entry are named.
  const size_t last_line = good.rfind('\n', good.size() - 2) + 1;
  Write(good.substr(0, last_line) + "not base64!\n");
  absl::StatusOr<std::unique_ptr<BundleSource>> b = BundleSource::Open(path_);
  ASSERT_TRUE(b.ok()) << b.status();
  const uint64_t note_lines = std::count(source.note_.begin(), source.note_.end(), '\n');
  absl::Status damaged = (*b)->Entries(0, 3).status();
  EXPECT_EQ(damaged.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(damaged.message(),
              HasSubstr(absl::StrCat("line ", 3 + note_lines + 3, " (entry 2): not canonical")));

  // A bundle cut inside its last line.
  Write(good.substr(0, good.size() - 3));
  b = BundleSource::Open(path_);
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_THAT((*b)->Entries(0, 3).status().message(),
              HasSubstr("(entry 2): the last line has no newline"));
}

// docs/FORMATS.md §15.2, byte for byte: the 7-leaf log and checkpoint of §2.
TEST_F(BundleTest, KnownAnswerOfTheFormatsExample) {
  class Example : public LogSource {
   public:
    absl::StatusOr<std::string> LatestCheckpoint() override {
      return std::string(
          "ledger.example.org/341721\n7\nWmH8K1T5z6cXdPJDIUPdQMbLKxGUf69lp9PaXLZRmcg=\n\n"
          "\xe2\x80\x94 ledger.example.org/341721 "
          "usFnw6w5ev5gfenUhkSdueSBQwMvDiRVBsZnYBsgwJSyUOsmGWgvxdfwYnZ9ZjjODXHRJOnI0H8ZSusp3nmK/"
          "k9oBAs=\n");
    }
    absl::StatusOr<std::vector<std::string>> Entries(uint64_t begin, uint64_t end) override {
      std::vector<std::string> out;
      for (uint64_t i = begin; i < end; ++i) out.push_back(absl::StrCat("leaf ", i));
      return out;
    }
  } example;
  const std::string vkey =
      "ledger.example.org/341721+bac167c3+AT1AF8PoQ4lakrcKp00bfrycmCzPLsSWjMDNVfEq9GYM";
  ASSERT_TRUE(WriteBundle(example, vkey, path_, 1000).ok());
  EXPECT_EQ(Read(),
            "ledger.v1 bundle\n"
            "verifier-key "
            "ledger.example.org/341721+bac167c3+AT1AF8PoQ4lakrcKp00bfrycmCzPLsSWjMDNVfEq9GYM\n"
            "checkpoint 197\n"
            "ledger.example.org/341721\n7\nWmH8K1T5z6cXdPJDIUPdQMbLKxGUf69lp9PaXLZRmcg=\n\n"
            "\xe2\x80\x94 ledger.example.org/341721 "
            "usFnw6w5ev5gfenUhkSdueSBQwMvDiRVBsZnYBsgwJSyUOsmGWgvxdfwYnZ9ZjjODXHRJOnI0H8ZSusp3nmK/"
            "k9oBAs=\n"
            "bGVhZiAw\nbGVhZiAx\nbGVhZiAy\nbGVhZiAz\nbGVhZiA0\nbGVhZiA1\nbGVhZiA2\n");
  // And it verifies: the note with the example key, the leaves against its root.
  absl::StatusOr<std::unique_ptr<BundleSource>> bundle = BundleSource::Open(path_);
  ASSERT_TRUE(bundle.ok()) << bundle.status();
  absl::StatusOr<note::NoteVerifier> key = note::NoteVerifier::Parse(vkey);
  ASSERT_TRUE(key.ok());
  absl::StatusOr<note::Checkpoint> cp = note::OpenCheckpoint(*(*bundle)->LatestCheckpoint(), *key);
  ASSERT_TRUE(cp.ok()) << cp.status();
  EXPECT_EQ(merkle::RootFromLeafHashes(*(*bundle)->LeafHashes()), cp->root);
}

}  // namespace
}  // namespace ledger::audit
