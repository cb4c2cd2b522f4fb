#include "clients/audit/bundle.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <span>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "ledger/merkle/proof.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/note.h"
#include "ledger/util/base64.h"
#include "ledger/util/status_macros.h"

namespace ledger::audit {
namespace {

constexpr std::string_view kKeyPrefix = "verifier-key ";
constexpr std::string_view kCheckpointPrefix = "checkpoint ";

absl::Status OsError(std::string_view what, const std::string& path, int err) {
  return absl::PermissionDeniedError(
      absl::StrCat(std::string(what), " ", path, ": ", std::strerror(err)));
}

// A file written through a temporary beside it and renamed over `path` by Commit (after fsync of
// the file and of its directory); removed unless committed.
class AtomicFile {
 public:
  explicit AtomicFile(std::string path)
      : path_(std::move(path)), tmp_(absl::StrCat(path_, ".tmp.", ::getpid())) {}
  ~AtomicFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(tmp_.c_str());
  }
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  absl::Status Open() {
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) return OsError("cannot create", tmp_, errno);
    return absl::OkStatus();
  }
  absl::Status Write(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return OsError("cannot write", tmp_, errno);
      }
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return absl::OkStatus();
  }
  absl::Status Commit() {
    if (::fsync(fd_) != 0) return OsError("cannot fsync", tmp_, errno);
    const int rc = ::close(fd_);
    fd_ = -1;
    if (rc != 0) return OsError("cannot close", tmp_, errno);
    if (::rename(tmp_.c_str(), path_.c_str()) != 0) {
      return OsError("cannot rename the bundle onto", path_, errno);
    }
    committed_ = true;
    const std::filesystem::path parent = std::filesystem::path(path_).parent_path();
    const std::string dir = parent.empty() ? std::string(".") : parent.string();
    const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd < 0) return OsError("cannot open", dir, errno);
    const int synced = ::fsync(dir_fd);
    const int err = errno;
    ::close(dir_fd);
    if (synced != 0) return OsError("cannot fsync", dir, err);
    return absl::OkStatus();
  }

 private:
  std::string path_;
  std::string tmp_;
  int fd_ = -1;
  bool committed_ = false;
};

// The origin and size of a checkpoint note, without verifying its signatures.
absl::StatusOr<note::Checkpoint> PeekCheckpoint(std::string_view note_text) {
  LEDGER_ASSIGN_OR_RETURN(note::Note parsed, note::ParseNote(note_text));
  return note::ParseCheckpointBody(parsed.text);
}

// A NodeReader over leaf hashes held in memory: each node is computed from the leaves it covers
// (O(2^level) hashes), so one proof costs O(n) hashes in all.
class LeafHashReader : public merkle::NodeReader {
 public:
  explicit LeafHashReader(const std::vector<merkle::Hash>& hashes) : hashes_(hashes) {}
  absl::StatusOr<std::vector<merkle::Hash>> ReadNodes(
      std::span<const merkle::NodeId> ids) override {
    std::vector<merkle::Hash> out;
    out.reserve(ids.size());
    for (const merkle::NodeId& id : ids) {
      if (id.end() > hashes_.size()) {
        return absl::NotFoundError(
            absl::StrCat("node ", id.DebugString(), " is beyond the ", hashes_.size(), " leaves"));
      }
      out.push_back(merkle::RootFromLeafHashes(
          std::span<const merkle::Hash>(hashes_).subspan(id.begin(), id.end() - id.begin())));
    }
    return out;
  }

 private:
  const std::vector<merkle::Hash>& hashes_;
};

}  // namespace

absl::StatusOr<BundleWritten> WriteBundle(LogSource& source, std::string_view verifier_key,
                                          const std::string& path, size_t page_size) {
  LEDGER_ASSIGN_OR_RETURN(std::string note_text, source.LatestCheckpoint());
  absl::StatusOr<note::Checkpoint> checkpoint = PeekCheckpoint(note_text);
  if (!checkpoint.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the latest checkpoint is not a checkpoint note: ",
                     std::string(checkpoint.status().message())));
  }
  if (verifier_key.find('\n') != std::string_view::npos) {
    return absl::InvalidArgumentError("the verifier key contains a newline");
  }
  AtomicFile file(path);
  LEDGER_RETURN_IF_ERROR(file.Open());
  LEDGER_RETURN_IF_ERROR(file.Write(absl::StrCat(
      std::string(kBundleHeader), "\n", std::string(kKeyPrefix), std::string(verifier_key), "\n",
      std::string(kCheckpointPrefix), note_text.size(), "\n", note_text)));
  BundleWritten written{.origin = checkpoint->origin, .tree_size = checkpoint->size};
  const size_t page = std::max<size_t>(page_size, 1);
  for (uint64_t begin = 0; begin < checkpoint->size; begin += page) {
    const uint64_t end = std::min<uint64_t>(checkpoint->size, begin + page);
    LEDGER_ASSIGN_OR_RETURN(std::vector<std::string> leaves, source.Entries(begin, end));
    std::string lines;
    for (const std::string& leaf : leaves) absl::StrAppend(&lines, Base64Encode(leaf), "\n");
    LEDGER_RETURN_IF_ERROR(file.Write(lines));
    written.leaves_written += std::min<uint64_t>(leaves.size(), end - begin);
    if (leaves.size() < end - begin) break;  // the rest was not served
  }
  LEDGER_RETURN_IF_ERROR(file.Commit());
  return written;
}

absl::StatusOr<std::unique_ptr<BundleSource>> BundleSource::Open(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open the bundle ", path));
  std::unique_ptr<BundleSource> b(new BundleSource(path, std::move(in)));
  auto malformed = [&](uint64_t line, std::string_view what) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " line ", line, ": ", std::string(what), " (docs/FORMATS.md §15)"));
  };
  // The three header lines; each must end with a newline and stay short.
  std::string lines[3];
  for (int i = 0; i < 3; ++i) {
    if (!std::getline(b->in_, lines[i]) || b->in_.eof() || lines[i].size() > 1024) {
      return malformed(i + 1, i == 0 ? absl::StrCat("not a bundle: the first line must be \"",
                                                    std::string(kBundleHeader), "\"")
                                     : "truncated or overlong header line");
    }
  }
  if (lines[0] != kBundleHeader) {
    return malformed(1, absl::StrCat("not a bundle of this version: the first line must be \"",
                                     std::string(kBundleHeader), "\""));
  }
  if (!lines[1].starts_with(kKeyPrefix)) {
    return malformed(2, absl::StrCat("expected \"", std::string(kKeyPrefix), "<vkey>\""));
  }
  b->verifier_key_ = lines[1].substr(kKeyPrefix.size());
  uint64_t note_size = 0;
  if (!lines[2].starts_with(kCheckpointPrefix) ||
      !absl::SimpleAtoi(lines[2].substr(kCheckpointPrefix.size()), &note_size) ||
      absl::StrCat(note_size) != lines[2].substr(kCheckpointPrefix.size()) || note_size == 0 ||
      note_size > kBundleNoteSizeMax) {
    return malformed(3, absl::StrCat("expected \"", std::string(kCheckpointPrefix),
                                     "<byte length of the note, 1 to ", kBundleNoteSizeMax, ">\""));
  }
  b->note_.resize(note_size);
  if (!b->in_.read(b->note_.data(), static_cast<std::streamsize>(note_size))) {
    return malformed(
        4, absl::StrCat("the file ends inside the checkpoint note of ", note_size, " bytes"));
  }
  absl::StatusOr<note::Checkpoint> checkpoint = PeekCheckpoint(b->note_);
  if (!checkpoint.ok()) {
    return malformed(4, absl::StrCat("the checkpoint note does not parse: ",
                                     std::string(checkpoint.status().message())));
  }
  b->origin_ = checkpoint->origin;
  b->checkpoint_size_ = checkpoint->size;
  b->leaves_line_ = 3 + static_cast<uint64_t>(std::count(b->note_.begin(), b->note_.end(), '\n'));
  b->line_ = b->leaves_line_;
  b->leaves_start_ = b->in_.tellg();
  return b;
}

absl::Status BundleSource::Rewind() {
  in_.clear();
  in_.seekg(leaves_start_);
  if (!in_) return absl::DataLossError(absl::StrCat("cannot reread the bundle ", path_));
  next_index_ = 0;
  line_ = leaves_line_;
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> BundleSource::NextLeaf() {
  std::string line;
  if (!std::getline(in_, line)) {
    if (in_.bad()) return absl::DataLossError(absl::StrCat("cannot read the bundle ", path_));
    return std::nullopt;  // the end of the file
  }
  ++line_;
  auto damaged = [&](std::string_view what) {
    return absl::DataLossError(
        absl::StrCat(path_, " line ", line_, " (entry ", next_index_, "): ", std::string(what)));
  };
  if (in_.eof()) return damaged("the last line has no newline (a truncated bundle)");
  if (line.size() > kBundleLineSizeMax) {
    return damaged(absl::StrCat("longer than ", kBundleLineSizeMax, " characters"));
  }
  std::string leaf;
  if (!Base64DecodeStrict(line, &leaf)) return damaged("not canonical base64");
  ++next_index_;
  return leaf;
}

absl::StatusOr<std::vector<std::string>> BundleSource::Entries(uint64_t begin, uint64_t end) {
  if (begin < next_index_) LEDGER_RETURN_IF_ERROR(Rewind());
  std::vector<std::string> out;
  while (next_index_ < end) {
    const uint64_t index = next_index_;
    LEDGER_ASSIGN_OR_RETURN(std::optional<std::string> leaf, NextLeaf());
    if (!leaf) break;
    if (index >= begin) out.push_back(*std::move(leaf));
  }
  return out;
}

absl::StatusOr<std::vector<merkle::Hash>> BundleSource::LeafHashes() {
  LEDGER_RETURN_IF_ERROR(Rewind());
  std::vector<merkle::Hash> hashes;
  while (true) {
    LEDGER_ASSIGN_OR_RETURN(std::optional<std::string> leaf, NextLeaf());
    if (!leaf) return hashes;
    hashes.push_back(merkle::LeafHash(*leaf));
  }
}

absl::StatusOr<std::vector<merkle::Hash>> LocalConsistencyProof(
    const std::vector<merkle::Hash>& leaf_hashes, uint64_t from, uint64_t to) {
  if (from == 0 || from > to || to > leaf_hashes.size()) {
    return absl::InvalidArgumentError(absl::StrCat("no consistency proof from size ", from,
                                                   " to size ", to, " over ", leaf_hashes.size(),
                                                   " leaves"));
  }
  LeafHashReader reader(leaf_hashes);
  return merkle::ConsistencyProof(reader, from, to);
}

}  // namespace ledger::audit
