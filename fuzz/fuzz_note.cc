// C2SP signed notes (ledger/note/note.h, keys.h) and note keys.
//
// Properties: ParseNote is strict, so FormatNote(ParseNote(x)) == x; OpenNote accounts for every
// signature line and verifies at least one; AppendSignatures always yields a note that parses,
// beginning with the input unchanged; a vkey or skey that parses formats back to the input.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "fuzz/fuzz_check.h"
#include "fuzz/fuzz_keys.h"
#include "ledger/note/keys.h"
#include "ledger/note/note.h"

namespace ledger::fuzz {
namespace {

void CheckKeys(std::string_view text) {
  for (uint8_t type : {note::kSignatureTypeEd25519, note::kSignatureTypeCosignatureV1}) {
    absl::StatusOr<note::ParsedVerifierKey> vkey = note::ParseEd25519VerifierKey(text, type);
    if (vkey.ok()) {
      FUZZ_CHECK(note::FormatVerifierKey(vkey->name, vkey->key_id, type,
                                         vkey->public_key.bytes()) == text);
    }
    absl::StatusOr<note::ParsedSignerKey> skey = note::ParseEd25519SignerKey(text, type);
    if (skey.ok()) {
      FUZZ_CHECK(note::FormatSignerKey(skey->name, skey->key_id, type, skey->private_key.seed()) ==
                 text);
    }
  }
}

}  // namespace
}  // namespace ledger::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ledger;
  const std::string_view text = fuzz::AsText(data, size);
  fuzz::CheckKeys(text);

  absl::StatusOr<note::Note> parsed = note::ParseNote(text);
  if (!parsed.ok()) {
    // Nothing else may accept what the parser refuses.
    FUZZ_CHECK(!note::AppendSignatures(text, {}).ok());
    return 0;
  }
  FUZZ_CHECK(!parsed->signatures.empty() && parsed->signatures.size() <= note::kNoteSignaturesMax);
  FUZZ_CHECK(note::ValidateNoteText(parsed->text).ok());
  absl::StatusOr<std::string> again = note::FormatNote(*parsed);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(*again == text);

  // Opening with the log key: every line is either verified or handed back.
  const note::NoteVerifier verifiers[] = {fuzz::LogSigner().Verifier()};
  absl::StatusOr<note::OpenedNote> opened = note::OpenNote(text, verifiers);
  if (opened.ok()) {
    FUZZ_CHECK(opened->text == parsed->text);
    FUZZ_CHECK(!opened->verified.empty());
    FUZZ_CHECK(opened->verified.size() + opened->unverified.size() == parsed->signatures.size());
    for (size_t i : opened->verified) FUZZ_CHECK(i == 0);
  }

  // Appending a server's extra lines: the log's own line again (a duplicate, left out) and a
  // witness's line.
  const std::vector<note::NoteSignature> extra = {
      fuzz::LogSigner().Sign(parsed->text),
      note::NoteSignature{.key_name = fuzz::kWitnessName, .key_id = 7, .signature = "sig"}};
  absl::StatusOr<std::string> appended = note::AppendSignatures(text, extra);
  FUZZ_CHECK(appended.ok());
  FUZZ_CHECK(appended->starts_with(text));
  absl::StatusOr<note::Note> reparsed = note::ParseNote(*appended);
  FUZZ_CHECK(reparsed.ok());
  FUZZ_CHECK(reparsed->text == parsed->text);
  FUZZ_CHECK(reparsed->signatures.size() >= parsed->signatures.size());
  return 0;
}
