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

absl::Status WritePrivateKeyFile(const std::string& path, const Ed25519PrivateKey& key) {
  std::filesystem::path p(path);
  if (p.has_parent_path() && !std::filesystem::exists(p.parent_path())) {
    std::error_code ec;
    std::filesystem::create_directories(p.parent_path(), ec);
    if (ec) return OsError("cannot create directory for", path, ec.value());
    ::chmod(p.parent_path().c_str(), 0700);
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return OsError("cannot create key file", path, errno);
  std::string pem = key.ToPem();
  size_t written = 0;
  while (written < pem.size()) {
    ssize_t n = ::write(fd, pem.data() + written, pem.size() - written);
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return OsError("cannot write key file", path, err);
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) return OsError("cannot write key file", path, errno);
  return absl::OkStatus();
}

absl::StatusOr<Ed25519PrivateKey> ReadPrivateKeyFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return OsError("cannot read key file", path, errno);
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", st.st_mode & 07777);
    return absl::PermissionDeniedError(
        absl::StrCat("key file ", path, " has mode ", mode,
                     ", which lets other users read it; run `chmod 600 ", path,
                     "` (and consider the key "
                     "compromised if others could have copied it)"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return OsError("cannot read key file", path, errno);
  std::stringstream buf;
  buf << in.rdbuf();
  auto key = Ed25519PrivateKey::FromPem(buf.str());
  if (!key.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("key file ", path, ": ", key.status().message()));
  }
  return key;
}

}  // namespace ledger::crypto
