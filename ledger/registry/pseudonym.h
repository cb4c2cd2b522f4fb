#ifndef LEDGER_REGISTRY_PSEUDONYM_H_
#define LEDGER_REGISTRY_PSEUDONYM_H_

// Pseudonymous beneficiary references (SPEC §4 Privacy; docs/FORMATS.md §12.1):
//
//   ref = lower-case hex of the first 16 bytes of
//         HMAC-SHA256(secret, "ledger.v1 beneficiary\n" || normalized identity number)
//
// The secret (32 random bytes) belongs to the deployment and never leaves the server: without it
// nobody can test a guessed identity number against a reference in the public log, while the
// server maps the same person to the same reference every time, in every village and log it hosts.
//
//   LEDGER_ASSIGN_OR_RETURN(PseudonymSecret secret, PseudonymSecret::LoadOrCreate(path));
//   std::string ref = secret.RefFor("34172119800101001X");
//
// The secret file holds the 32 bytes as 64 lower-case hex characters and a newline, mode 0600.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace ledger::registry {

inline constexpr size_t kPseudonymSecretSize = 32;
inline constexpr size_t kRefHexSize = 32;

class PseudonymSecret {
 public:
  // Reads the file (crypto/key_file.h rules: mode 0600). kNotFound when missing,
  // kPermissionDenied for a looser mode, kInvalidArgument for other contents.
  static absl::StatusOr<PseudonymSecret> Load(const std::string& path);
  // Loads the file, or creates it with a fresh random secret when it does not exist.
  static absl::StatusOr<PseudonymSecret> LoadOrCreate(const std::string& path);
  // From raw bytes (tests and known answers); kInvalidArgument unless 32 bytes.
  static absl::StatusOr<PseudonymSecret> FromBytes(std::string_view bytes);

  // The reference of a normalized identity number (person.h NormalizeIdentityNumber).
  std::string RefFor(std::string_view identity_number) const;

 private:
  explicit PseudonymSecret(std::string bytes) : bytes_(std::move(bytes)) {}
  std::string bytes_;
};

// Whether `ref` has the shape RefFor produces (32 lower-case hex characters).
bool LooksLikeRef(std::string_view ref);

}  // namespace ledger::registry

#endif  // LEDGER_REGISTRY_PSEUDONYM_H_
