#ifndef LEDGER_CRYPTO_KEY_FILE_H_
#define LEDGER_CRYPTO_KEY_FILE_H_

// Private key files: PKCS#8 PEM, mode 0600; other secret files likewise. Writing never overwrites
// an existing file; reading refuses files that the group or others can access (like ssh does),
// because a key readable by others is a key that may have been copied.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "ledger/crypto/ed25519.h"

namespace ledger::crypto {

// Creates `path` with mode 0600 (parent directories with 0700 when missing). kAlreadyExists when
// the file exists; kPermissionDenied / kInternal for OS errors, with the path and reason.
absl::Status WritePrivateKeyFile(const std::string& path, const Ed25519PrivateKey& key);

// kNotFound when missing; kPermissionDenied when the mode allows group or other access (the
// message says which chmod fixes it); kInvalidArgument when it is not an Ed25519 PEM key.
absl::StatusOr<Ed25519PrivateKey> ReadPrivateKeyFile(const std::string& path);

// The same two for any secret (e.g. the registry's pseudonym secret): `what` names it in errors
// ("key file", "registry secret").
absl::Status WriteSecretFile(const std::string& path, std::string_view contents,
                             std::string_view what);
absl::StatusOr<std::string> ReadSecretFile(const std::string& path, std::string_view what);
// A file that is not secret (a certificate, a CA bundle): any mode; `what` names it in errors.
absl::StatusOr<std::string> ReadPublicFile(const std::string& path, std::string_view what);

}  // namespace ledger::crypto

#endif  // LEDGER_CRYPTO_KEY_FILE_H_
