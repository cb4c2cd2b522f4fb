#include "ledger/registry/pseudonym.h"

#include "absl/strings/str_cat.h"
#include "ledger/crypto/hmac.h"
#include "ledger/crypto/key_file.h"
#include "ledger/crypto/sha256.h"
#include "ledger/util/status_macros.h"

namespace ledger::registry {
namespace {

constexpr char kWhat[] = "registry secret";
constexpr char kRefLabel[] = "ledger.v1 beneficiary\n";

}  // namespace

absl::StatusOr<PseudonymSecret> PseudonymSecret::FromBytes(std::string_view bytes) {
  if (bytes.size() != kPseudonymSecretSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("a registry secret is ", kPseudonymSecretSize, " bytes, not ", bytes.size()));
  }
  return PseudonymSecret(std::string(bytes));
}

absl::StatusOr<PseudonymSecret> PseudonymSecret::Load(const std::string& path) {
  LEDGER_ASSIGN_OR_RETURN(std::string text, crypto::ReadSecretFile(path, kWhat));
  if (!text.empty() && text.back() == '\n') text.pop_back();
  std::string bytes;
  if (text.size() != 2 * kPseudonymSecretSize || !crypto::FromHex(text, &bytes)) {
    return absl::InvalidArgumentError(absl::StrCat(kWhat, " ", path, " must hold ",
                                                   2 * kPseudonymSecretSize,
                                                   " hex characters and a newline"));
  }
  return FromBytes(bytes);
}

absl::StatusOr<PseudonymSecret> PseudonymSecret::LoadOrCreate(const std::string& path) {
  absl::StatusOr<PseudonymSecret> loaded = Load(path);
  if (loaded.ok() || !absl::IsNotFound(loaded.status())) return loaded;
  const std::string bytes = crypto::RandomBytes(kPseudonymSecretSize);
  absl::Status written = crypto::WriteSecretFile(path, crypto::ToHex(bytes) + "\n", kWhat);
  // Another process may have created it meanwhile: use theirs.
  if (absl::IsAlreadyExists(written)) return Load(path);
  LEDGER_RETURN_IF_ERROR(written);
  return FromBytes(bytes);
}

std::string PseudonymSecret::RefFor(std::string_view identity_number) const {
  const crypto::Sha256Digest mac =
      crypto::HmacSha256(bytes_, absl::StrCat(kRefLabel, std::string(identity_number)));
  return crypto::ToHex(crypto::AsStringView(mac).substr(0, kRefHexSize / 2));
}

bool LooksLikeRef(std::string_view ref) {
  if (ref.size() != kRefHexSize) return false;
  for (char c : ref) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace ledger::registry
