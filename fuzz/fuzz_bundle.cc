// The offline export bundle (clients/audit/bundle.h, docs/FORMATS.md §15), which an auditor
// reads from a file nobody vouches for (`ledgerctl audit verify --bundle`).
//
// Properties: a bundle that opens and whose leaves all read can be written again from itself
// (WriteBundle over the BundleSource) to exactly the same bytes when it holds no more leaves than
// its checkpoint's size; reading leaves twice (Entries, then LeafHashes) gives the same leaves;
// local consistency proofs over those leaves verify.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/audit/bundle.h"
#include "fuzz/fuzz_check.h"
#include "ledger/merkle/hash.h"
#include "ledger/merkle/verify.h"

namespace ledger::fuzz {
namespace {

// The bundle is a file: one scratch directory per process, in memory where there is /dev/shm.
const std::filesystem::path& ScratchDir() {
  static const auto* dir = [] {
    const std::filesystem::path base = std::filesystem::exists("/dev/shm")
                                           ? std::filesystem::path("/dev/shm")
                                           : std::filesystem::temp_directory_path();
    auto* d = new std::filesystem::path(base / ("ledger-fuzz-bundle-" + std::to_string(getpid())));
    std::filesystem::create_directories(*d);
    // Removed when libFuzzer exits normally (time or run limit); a crash leaves it for study.
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(ScratchDir(), ignored);
    });
    return d;
  }();
  return *dir;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace
}  // namespace ledger::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ledger;
  const std::filesystem::path in_path = fuzz::ScratchDir() / "in.bundle";
  const std::filesystem::path out_path = fuzz::ScratchDir() / "out.bundle";
  std::ofstream(in_path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));

  absl::StatusOr<std::unique_ptr<audit::BundleSource>> bundle =
      audit::BundleSource::Open(in_path.string());
  if (!bundle.ok()) return 0;
  audit::BundleSource& b = **bundle;
  constexpr uint64_t kLeavesMax = 1 << 20;  // far more than an input of libFuzzer's length holds
  absl::StatusOr<std::vector<std::string>> leaves = b.Entries(0, kLeavesMax);
  absl::StatusOr<std::vector<merkle::Hash>> hashes = b.LeafHashes();
  FUZZ_CHECK(leaves.ok() == hashes.ok());
  if (!leaves.ok()) return 0;
  FUZZ_CHECK(leaves->size() == hashes->size());
  for (size_t i = 0; i < leaves->size(); ++i) {
    FUZZ_CHECK(merkle::LeafHash((*leaves)[i]) == (*hashes)[i]);
  }
  // A second pass after a rewind reads the same.
  absl::StatusOr<std::vector<std::string>> again = b.Entries(0, kLeavesMax);
  FUZZ_CHECK(again.ok() && *again == *leaves);

  if (leaves->size() <= b.checkpoint_size()) {
    absl::StatusOr<audit::BundleWritten> written =
        audit::WriteBundle(b, b.informative_verifier_key(), out_path.string(), 3);
    FUZZ_CHECK(written.ok());
    FUZZ_CHECK(written->leaves_written == leaves->size());
    FUZZ_CHECK(written->tree_size == b.checkpoint_size());
    FUZZ_CHECK(fuzz::ReadFile(out_path) == std::string(reinterpret_cast<const char*>(data), size));
  }

  if (!hashes->empty()) {
    const uint64_t to = hashes->size();
    const uint64_t from = 1 + size % to;
    absl::StatusOr<std::vector<merkle::Hash>> proof =
        audit::LocalConsistencyProof(*hashes, from, to);
    FUZZ_CHECK(proof.ok());
    const merkle::Hash root1 =
        merkle::RootFromLeafHashes(std::span<const merkle::Hash>(*hashes).first(from));
    FUZZ_CHECK(
        merkle::VerifyConsistency(from, to, root1, merkle::RootFromLeafHashes(*hashes), *proof)
            .ok());
  }
  return 0;
}
