// C2SP tlog-proof texts (ledger/note/tlog_proof.h), the offline proof bundle an auditor is given.
//
// Properties: FormatTlogProof(ParseTlogProof(x)) == x; a parsed proof's index is below its
// checkpoint's size and its path is at most 64 hashes; checking the path against the
// checkpoint's root (as `ledgerctl proof verify` does) never crashes, and a path that verifies
// implies the root RootFromInclusionProof computes.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "fuzz/fuzz_check.h"
#include "ledger/merkle/hash.h"
#include "ledger/merkle/verify.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/note.h"
#include "ledger/note/tlog_proof.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ledger;
  const std::string_view text = fuzz::AsText(data, size);
  absl::StatusOr<note::TlogProof> proof = note::ParseTlogProof(text);
  if (!proof.ok()) return 0;
  absl::StatusOr<std::string> again = note::FormatTlogProof(*proof);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(*again == text);
  FUZZ_CHECK(proof->path.size() <= note::kTlogProofPathMax);
  FUZZ_CHECK(!proof->extra.has_value() || !proof->extra->empty());

  absl::StatusOr<note::Note> checkpoint_note = note::ParseNote(proof->checkpoint_note);
  FUZZ_CHECK(checkpoint_note.ok());
  absl::StatusOr<note::Checkpoint> checkpoint = note::ParseCheckpointBody(checkpoint_note->text);
  FUZZ_CHECK(checkpoint.ok());
  FUZZ_CHECK(proof->index < checkpoint->size);

  // The leaf is not in the text (it travels beside it): try the path with the first path hash's
  // bytes as a leaf, which exercises every path length and index.
  const merkle::Hash leaf_hash = merkle::LeafHash(
      proof->path.empty() ? std::string_view() : crypto::AsStringView(proof->path.front()));
  const absl::Status verified = merkle::VerifyInclusion(proof->index, checkpoint->size, leaf_hash,
                                                        proof->path, checkpoint->root);
  absl::StatusOr<merkle::Hash> root =
      merkle::RootFromInclusionProof(proof->index, checkpoint->size, leaf_hash, proof->path);
  FUZZ_CHECK(root.ok() ==
             (proof->path.size() == merkle::InclusionProofSize(proof->index, checkpoint->size)));
  if (verified.ok()) FUZZ_CHECK(root.ok() && *root == checkpoint->root);
  return 0;
}
