#include "ledger/util/base64.h"

#include "absl/strings/escaping.h"

namespace ledger {

std::string Base64Encode(std::string_view bytes) {
  return absl::Base64Escape(absl::string_view(bytes.data(), bytes.size()));
}

bool Base64DecodeStrict(std::string_view text, std::string* bytes) {
  std::string out;
  if (!absl::Base64Unescape(absl::string_view(text.data(), text.size()), &out)) return false;
  // Abseil is lenient (missing padding, stray bits); re-encoding rejects every non-canonical form.
  if (Base64Encode(out) != text) return false;
  *bytes = std::move(out);
  return true;
}

}  // namespace ledger
