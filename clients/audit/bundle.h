#ifndef CLIENTS_AUDIT_BUNDLE_H_
#define CLIENTS_AUDIT_BUNDLE_H_

// The offline export bundle (docs/FORMATS.md §15): one text file with what an auditor needs to
// verify a log without its server: the signed checkpoint the leaves were read against and every
// leaf (§6) from index 0, plus the log's verifier key for information only (an auditor pins
// its own key; nothing in the bundle is trusted).
//
//   GrpcLogSource server(client);
//   LEDGER_ASSIGN_OR_RETURN(BundleWritten w, WriteBundle(server, vkey, "341721.bundle", 1000));
//   ...
//   LEDGER_ASSIGN_OR_RETURN(std::unique_ptr<BundleSource> bundle,
//                           BundleSource::Open("341721.bundle"));
//   LEDGER_ASSIGN_OR_RETURN(AuditReport report, VerifyLog(*bundle, nullptr, pinned_key, {}));
//
// Memory: one page of leaves when writing; one page of leaves when reading (the file is read
// sequentially), plus 32 bytes per entry for LeafHashes().

#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/audit/sources.h"
#include "ledger/merkle/hash.h"

namespace ledger::audit {

// The first line of every bundle of this version.
inline constexpr std::string_view kBundleHeader = "ledger.v1 bundle";
// Limits a reader enforces: the checkpoint note, and one base64 leaf line (a leaf is at most
// 9 + 65,536 bytes, FORMATS §6).
inline constexpr uint64_t kBundleNoteSizeMax = 64 * 1024;
inline constexpr uint64_t kBundleLineSizeMax = 4 * ((9 + 65536 + 2) / 3);

struct BundleWritten {
  std::string origin;           // of the checkpoint (unverified)
  uint64_t tree_size = 0;       // of the checkpoint (unverified)
  uint64_t leaves_written = 0;  // < tree_size when the source served fewer leaves
};

// Reads the source's latest checkpoint and its leaves [0, size) page by page, and writes the
// bundle to `path` atomically (a temporary file beside it, fsync, rename). `verifier_key` is
// written as given (informative). Leaves the source does not serve are not written (the bundle
// records what was served; a verifier reports the first missing index). Errors: the source's,
// unchanged; kInvalidArgument when the checkpoint is not a checkpoint note; OS errors naming
// the path. No verification happens here.
absl::StatusOr<BundleWritten> WriteBundle(LogSource& source, std::string_view verifier_key,
                                          const std::string& path, size_t page_size);

// A bundle file as a LogSource. Entries are read sequentially from the file (reading an earlier
// range again rereads it from the start of the leaves). Errors of Entries are kDataLoss naming
// the line and the index when a leaf line is not canonical base64 or not newline-terminated.
// Serves no inclusion proofs: proofs computed from the bundle's own leaves would only lead to
// the root of those leaves, so they cannot tell which leaf differs from the signed tree. Not
// thread-safe.
class BundleSource : public LogSource {
 public:
  // Opens and checks the header and the checkpoint's syntax (not its signature). kNotFound when
  // the file cannot be opened; kInvalidArgument naming the line for anything malformed.
  static absl::StatusOr<std::unique_ptr<BundleSource>> Open(const std::string& path);

  // The checkpoint's origin and size as written (unverified: VerifyLog checks the signature).
  const std::string& origin() const { return origin_; }
  uint64_t checkpoint_size() const { return checkpoint_size_; }
  // The verifier key written by the exporter: informative only, never used to verify.
  const std::string& informative_verifier_key() const { return verifier_key_; }

  absl::StatusOr<std::string> LatestCheckpoint() override { return note_; }
  absl::StatusOr<std::vector<std::string>> Entries(uint64_t begin, uint64_t end) override;

  // The RFC 9162 leaf hashes of every leaf in the bundle, in index order (a second pass over
  // the file). Errors as Entries.
  absl::StatusOr<std::vector<merkle::Hash>> LeafHashes();

 private:
  BundleSource(std::string path, std::ifstream in) : path_(std::move(path)), in_(std::move(in)) {}
  // Positions the reader at the first leaf line.
  absl::Status Rewind();
  // The next leaf, or nullopt at the end of the file.
  absl::StatusOr<std::optional<std::string>> NextLeaf();

  std::string path_;
  std::ifstream in_;
  std::string note_;
  std::string origin_;
  uint64_t checkpoint_size_ = 0;
  std::string verifier_key_;
  std::streampos leaves_start_;
  uint64_t next_index_ = 0;   // of the next leaf line
  uint64_t line_ = 0;         // 1-based number of the last line read
  uint64_t leaves_line_ = 0;  // the number of the line before the first leaf
};

// RFC 9162 consistency proof between sizes `from` and `to` of the tree over `leaf_hashes`
// (0 < from <= to <= leaf_hashes.size()), computed locally; kInvalidArgument otherwise.
absl::StatusOr<std::vector<merkle::Hash>> LocalConsistencyProof(
    const std::vector<merkle::Hash>& leaf_hashes, uint64_t from, uint64_t to);

}  // namespace ledger::audit

#endif  // CLIENTS_AUDIT_BUNDLE_H_
