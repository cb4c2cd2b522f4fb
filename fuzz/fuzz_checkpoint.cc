// C2SP checkpoints and cosignatures (ledger/note/checkpoint.h, cosignature.h): the input is
// tried both as a checkpoint body and as a whole checkpoint note.
//
// Properties: FormatCheckpointBody(ParseCheckpointBody(x)) == x; a body that parses can be
// cosigned and the cosignature verifies with its timestamp; opening a note never crashes, and
// what OpenCheckpoint returns is the note's own body, by the log's origin.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "fuzz/fuzz_check.h"
#include "fuzz/fuzz_keys.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/cosignature.h"
#include "ledger/note/note.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ledger;
  const std::string_view text = fuzz::AsText(data, size);

  // The input as a checkpoint body.
  absl::StatusOr<note::Checkpoint> body = note::ParseCheckpointBody(text);
  if (body.ok()) {
    absl::StatusOr<std::string> again = note::FormatCheckpointBody(*body);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(*again == text);
    const uint64_t timestamp_s = size;
    absl::StatusOr<note::NoteSignature> cosig =
        note::CosignCheckpoint(text, fuzz::WitnessSigner(), timestamp_s);
    FUZZ_CHECK(cosig.ok());
    absl::StatusOr<uint64_t> verified = fuzz::WitnessSigner().Verifier().Verify(text, *cosig);
    FUZZ_CHECK(verified.ok());
    FUZZ_CHECK(*verified == timestamp_s);
  }

  // The input as a checkpoint note, with the log's key and a witness.
  absl::StatusOr<note::Note> parsed = note::ParseNote(text);
  if (!parsed.ok()) return 0;
  absl::StatusOr<note::Checkpoint> opened =
      note::OpenCheckpoint(text, fuzz::LogSigner().Verifier());
  if (opened.ok()) {
    FUZZ_CHECK(opened->origin == fuzz::kLogOrigin);
    absl::StatusOr<note::Checkpoint> from_text = note::ParseCheckpointBody(parsed->text);
    FUZZ_CHECK(from_text.ok());
    FUZZ_CHECK(*from_text == *opened);
  }
  const note::CosignatureVerifier witnesses[] = {fuzz::WitnessSigner().Verifier()};
  absl::StatusOr<std::vector<note::VerifiedCosignature>> cosigned =
      note::VerifyCosignatures(*parsed, witnesses);
  if (cosigned.ok()) {
    for (const note::VerifiedCosignature& c : *cosigned) {
      FUZZ_CHECK(c.witness_index == 0);
      FUZZ_CHECK(c.timestamp_s <= note::kCosignatureTimestampMax);
    }
  }
  return 0;
}
