#include "ledger/crypto/key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "ledger/util/status_macros.h"

namespace ledger::crypto {
namespace {

absl::Status OsError(const std::string& what, const std::string& path, int err) {
  std::string msg = absl::StrCat(what, " ", path, ": ", std::strerror(err));
  if (err == EACCES || err == EPERM) return absl::PermissionDeniedError(msg);
  if (err == ENOENT) return absl::NotFoundError(msg);
  if (err == EEXIST) return absl::AlreadyExistsError(msg);
  return absl::InternalError(msg);
}

}  // namespace

absl::Status WriteSecretFile(const std::string& path, std::string_view contents,
                             std::string_view what) {
  const std::string noun(what);
  std::filesystem::path p(path);
  if (p.has_parent_path() && !std::filesystem::exists(p.parent_path())) {
    std::error_code ec;
    std::filesystem::create_directories(p.parent_path(), ec);
    if (ec) return OsError(absl::StrCat("cannot create directory for ", noun), path, ec.value());
    ::chmod(p.parent_path().c_str(), 0700);
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return OsError(absl::StrCat("cannot create ", noun), path, errno);
  size_t written = 0;
  while (written < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return OsError(absl::StrCat("cannot write ", noun), path, err);
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    return OsError(absl::StrCat("cannot write ", noun), path, errno);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadSecretFile(const std::string& path, std::string_view what) {
  const std::string noun(what);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return OsError(absl::StrCat("cannot read ", noun), path, errno);
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", st.st_mode & 07777);
    return absl::PermissionDeniedError(absl::StrCat(
        noun, " ", path, " has mode ", mode, ", which lets other users read it; run `chmod 600 ",
        path, "` (and consider it compromised if others could have copied it)"));
  }
  return ReadPublicFile(path, what);
}

absl::StatusOr<std::string> ReadPublicFile(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return OsError(absl::StrCat("cannot read the ", std::string(what)), path, errno);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

absl::Status WritePrivateKeyFile(const std::string& path, const Ed25519PrivateKey& key) {
  return WriteSecretFile(path, key.ToPem(), "key file");
}

absl::StatusOr<Ed25519PrivateKey> ReadPrivateKeyFile(const std::string& path) {
  LEDGER_ASSIGN_OR_RETURN(const std::string pem, ReadSecretFile(path, "key file"));
  auto key = Ed25519PrivateKey::FromPem(pem);
  if (!key.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("key file ", path, ": ", key.status().message()));
  }
  return key;
}

}  // namespace ledger::crypto
