#include "clients/ledgerctl/profiles.h"

#include <sys/stat.h>
#include <toml++/toml.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace ledger::ledgerctl {
namespace {

// timeout_ms above an hour is a mistake (a unit slip), not a wish.
constexpr int64_t kTimeoutMsMax = 3600 * 1000;

const SettingSpec* FindSpec(std::string_view key) {
  for (const SettingSpec& spec : SettingSpecs()) {
    if (spec.key == key) return &spec;
  }
  return nullptr;
}

std::string KnownKeys() {
  std::vector<std::string> keys;
  for (const SettingSpec& spec : SettingSpecs()) keys.emplace_back(spec.key);
  return absl::StrJoin(keys, ", ");
}

std::string At(const std::string& path, int64_t line) { return absl::StrCat(path, ":", line); }

absl::Status LineError(const std::string& path, int64_t line, std::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(At(path, line), ": ", std::string(message)));
}

// A positive number of milliseconds up to kTimeoutMsMax, or the reason it is not.
absl::StatusOr<int64_t> ParseTimeoutMs(std::string_view text) {
  int64_t v = 0;
  if (!absl::SimpleAtoi(std::string(text), &v) || v <= 0 || v > kTimeoutMsMax) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", std::string(text), "\" is not a number of milliseconds from 1 to ", kTimeoutMsMax));
  }
  return v;
}

absl::StatusOr<Profile> ParseProfile(const std::string& path, const std::string& name,
                                     const toml::table& table, int line) {
  Profile profile;
  profile.line = line;
  for (auto&& [k, v] : table) {
    const std::string key(k.str());
    const int64_t key_line = k.source().begin.line;
    if (key == "business_date") {
      return LineError(path, key_line,
                       absl::StrCat("business_date is not a profile key (in profile \"", name,
                                    "\"): it changes from one run to the next; pass "
                                    "--business-date or set LEDGER_BUSINESS_DATE"));
    }
    const SettingSpec* spec = FindSpec(key);
    if (spec == nullptr) {
      if (v.is_table()) {
        return LineError(path, key_line,
                         absl::StrCat("[", name, ".", key,
                                      "]: profiles do not nest; each profile is one [name] table"));
      }
      return LineError(path, key_line,
                       absl::StrCat("unknown key \"", key, "\" in profile \"", name,
                                    "\"; the keys are: ", KnownKeys()));
    }
    ProfileValue value;
    value.line = static_cast<int>(key_line);
    if (spec->is_integer) {
      std::optional<int64_t> n = v.value<int64_t>();
      if (!v.is_integer() || !n.has_value()) {
        return LineError(
            path, key_line,
            absl::StrCat(key, " must be a number without quotes, e.g. ", key, " = 10000"));
      }
      absl::StatusOr<int64_t> checked = ParseTimeoutMs(std::to_string(*n));
      if (!checked.ok()) {
        return LineError(path, key_line,
                         absl::StrCat(key, ": ", std::string(checked.status().message())));
      }
      value.value = std::to_string(*n);
    } else {
      std::optional<std::string> s = v.value<std::string>();
      if (!v.is_string() || !s.has_value()) {
        return LineError(path, key_line,
                         absl::StrCat(key, " must be a quoted string, e.g. ", key, " = \"...\""));
      }
      if (s->empty()) return LineError(path, key_line, absl::StrCat(key, " is empty"));
      value.value = *std::move(s);
    }
    profile.values.emplace(key, std::move(value));
  }
  return profile;
}

// Resolves a profile's path value: "~/x" against $HOME, a relative path against the directory
// of the profile file (so that a file and its keys can move together).
std::string ResolvePath(const std::string& file_path, const std::string& value) {
  namespace fs = std::filesystem;
  if (value.starts_with("~/")) {
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
      return (fs::path(home) / value.substr(2)).lexically_normal().string();
    }
  }
  fs::path p(value);
  if (p.is_absolute()) return value;
  std::error_code ec;
  fs::path dir = fs::absolute(fs::path(file_path), ec).parent_path();
  if (ec) dir = fs::path(file_path).parent_path();
  return (dir / p).lexically_normal().string();
}

// A TOML basic string: quoted, with the characters TOML requires escaped.
std::string TomlQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace

const std::vector<SettingSpec>& SettingSpecs() {
  static const std::vector<SettingSpec> kSpecs = {
      {.key = "server",
       .flag = "--server",
       .env = "LEDGER_SERVER",
       .is_path = false,
       .is_integer = false},
      {.key = "origin",
       .flag = "--origin",
       .env = "LEDGER_ORIGIN",
       .is_path = false,
       .is_integer = false},
      {.key = "principal",
       .flag = "--principal",
       .env = "LEDGER_PRINCIPAL",
       .is_path = false,
       .is_integer = false},
      {.key = "key", .flag = "--key", .env = "LEDGER_KEY", .is_path = true, .is_integer = false},
      {.key = "tls_ca",
       .flag = "--tls-ca",
       .env = "LEDGER_TLS_CA",
       .is_path = true,
       .is_integer = false},
      {.key = "tls_cert",
       .flag = "--tls-cert",
       .env = "LEDGER_TLS_CERT",
       .is_path = true,
       .is_integer = false},
      {.key = "tls_key",
       .flag = "--tls-key",
       .env = "LEDGER_TLS_KEY",
       .is_path = true,
       .is_integer = false},
      {.key = "state_dir",
       .flag = "--state-dir",
       .env = "LEDGER_STATE_DIR",
       .is_path = true,
       .is_integer = false},
      {.key = "timeout_ms",
       .flag = "--timeout-ms",
       .env = "LEDGER_TIMEOUT_MS",
       .is_path = false,
       .is_integer = true},
  };
  return kSpecs;
}

std::string_view SourceName(SettingSource source) {
  switch (source) {
    case SettingSource::kFlag:
      return "flag";
    case SettingSource::kEnv:
      return "env";
    case SettingSource::kProfile:
      return "profile";
    case SettingSource::kDefault:
      return "default";
    case SettingSource::kUnset:
      break;
  }
  return "unset";
}

absl::StatusOr<ProfileFile> ParseProfileFile(std::string_view text, const std::string& path) {
  toml::table root;
  try {
    root = toml::parse(text, std::string_view(path));
  } catch (const toml::parse_error& e) {
    return absl::InvalidArgumentError(absl::StrCat(path, ":", e.source().begin.line, ":",
                                                   e.source().begin.column, ": ",
                                                   std::string(e.description())));
  }
  ProfileFile file;
  file.path = path;
  for (auto&& [k, v] : root) {
    const std::string key(k.str());
    const int64_t line = k.source().begin.line;
    if (const toml::table* table = v.as_table(); table != nullptr) {
      if (key.empty()) return LineError(path, line, "a profile needs a name");
      absl::StatusOr<Profile> profile = ParseProfile(path, key, *table, static_cast<int>(line));
      if (!profile.ok()) return profile.status();
      file.profiles.emplace(key, *std::move(profile));
      continue;
    }
    if (key != "default") {
      const bool is_setting = FindSpec(key) != nullptr;
      return LineError(
          path, line,
          is_setting
              ? absl::StrCat("\"", key, "\" is outside any profile; put it under a [name] line")
              : absl::StrCat("unknown top-level key \"", key,
                             "\"; the only one is `default = \"<profile>\"`, the rest "
                             "belongs in [name] tables"));
    }
    std::optional<std::string> name = v.value<std::string>();
    if (!v.is_string() || !name.has_value() || name->empty()) {
      return LineError(path, line, "default must name a profile, e.g. default = \"county\"");
    }
    file.default_profile = *std::move(name);
    file.default_line = static_cast<int>(line);
  }
  if (!file.default_profile.empty() && !file.profiles.contains(file.default_profile)) {
    return LineError(path, file.default_line,
                     absl::StrCat("default names the profile \"", file.default_profile,
                                  "\", which is not in this file"));
  }
  return file;
}

absl::StatusOr<std::optional<ProfileFile>> LoadProfileFile(const std::string& path, bool required) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int err = errno;
    if (err == ENOENT && !required) return std::optional<ProfileFile>();
    if (err == ENOENT) return absl::NotFoundError(absl::StrCat("no profile file ", path));
    return absl::PermissionDeniedError(
        absl::StrCat("cannot read the profile file ", path, ": ", std::strerror(err)));
  }
  if ((st.st_mode & 022) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", st.st_mode & 07777);
    return absl::PermissionDeniedError(
        absl::StrCat("profile file ", path, " has mode ", mode,
                     ", which lets other users change the server and keys it names; run `chmod "
                     "go-w ",
                     path, "`"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot read the profile file ", path, ": ", std::strerror(errno)));
  }
  std::stringstream buf;
  buf << in.rdbuf();
  absl::StatusOr<ProfileFile> file = ParseProfileFile(buf.str(), path);
  if (!file.ok()) return file.status();
  return std::optional<ProfileFile>(*std::move(file));
}

absl::StatusOr<std::string> DefaultProfilesPath() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg != '\0') {
    return absl::StrCat(xdg, "/ledgerctl/profiles.toml");
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return absl::StrCat(home, "/.config/ledgerctl/profiles.toml");
  }
  return absl::FailedPreconditionError(
      "neither XDG_CONFIG_HOME nor HOME is set; pass --profiles-file or set LEDGER_PROFILES_FILE");
}

absl::StatusOr<Resolution> Resolve(const ResolveInput& in) {
  Resolution r;
  if (!in.profile_flag.empty()) {
    r.profile = in.profile_flag;
    r.chosen_by = "--profile";
  } else if (!in.profile_env.empty()) {
    r.profile = in.profile_env;
    r.chosen_by = "LEDGER_PROFILE";
  } else if (in.file.has_value() && !in.file->default_profile.empty()) {
    r.profile = in.file->default_profile;
    r.chosen_by = At(in.file->path, in.file->default_line);
  } else if (in.file.has_value() && in.file->profiles.contains("default")) {
    r.profile = "default";
    r.chosen_by = "its name";
  }
  const Profile* profile = nullptr;
  if (!r.profile.empty()) {
    if (!in.file.has_value()) {
      return absl::NotFoundError(absl::StrCat(
          "no profile \"", r.profile, "\": there is no profile file ", in.file_path,
          " (create one with `ledgerctl profile add ", r.profile, " --server <host:port> ...`)"));
    }
    auto it = in.file->profiles.find(r.profile);
    if (it == in.file->profiles.end()) {
      std::vector<std::string> names;
      for (const auto& [name, unused] : in.file->profiles) names.push_back(name);
      return absl::NotFoundError(absl::StrCat(
          "no profile \"", r.profile, "\" (chosen by ", r.chosen_by, ") in ", in.file->path, "; ",
          names.empty() ? std::string("it defines none")
                        : absl::StrCat("its profiles are: ", absl::StrJoin(names, ", "))));
    }
    profile = &it->second;
  }
  for (const SettingSpec& spec : SettingSpecs()) {
    const std::string key(spec.key);
    const ProfileValue* from_profile = nullptr;
    if (profile != nullptr) {
      if (auto p = profile->values.find(key); p != profile->values.end()) from_profile = &p->second;
    }
    Setting s;
    if (auto f = in.flags.find(key); f != in.flags.end()) {
      s = {.value = f->second, .source = SettingSource::kFlag, .where = std::string(spec.flag)};
    } else if (auto e = in.env.find(key); e != in.env.end()) {
      if (spec.is_integer) {
        if (absl::StatusOr<int64_t> v = ParseTimeoutMs(e->second); !v.ok()) {
          return absl::InvalidArgumentError(
              absl::StrCat(std::string(spec.env), ": ", std::string(v.status().message())));
        }
      }
      s = {.value = e->second, .source = SettingSource::kEnv, .where = std::string(spec.env)};
    } else if (from_profile != nullptr) {
      s = {.value =
               spec.is_path ? ResolvePath(in.file->path, from_profile->value) : from_profile->value,
           .source = SettingSource::kProfile,
           .where = At(in.file->path, from_profile->line)};
    } else if (auto d = in.defaults.find(key); d != in.defaults.end()) {
      s = {.value = d->second, .source = SettingSource::kDefault, .where = "built-in"};
    }
    r.settings.emplace(key, std::move(s));
  }
  return r;
}

absl::StatusOr<std::string> AppendProfile(std::string_view existing, const std::string& path,
                                          const std::string& name,
                                          const std::map<std::string, std::string>& values) {
  if (name.empty() || name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                             "0123456789_-") != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("profile name \"", name, "\" may contain only letters, digits, '_' and '-'"));
  }
  if (!existing.empty()) {
    absl::StatusOr<ProfileFile> before = ParseProfileFile(existing, path);
    if (!before.ok()) return before.status();
    if (before->profiles.contains(name)) {
      return absl::AlreadyExistsError(absl::StrCat("profile \"", name, "\" is already in ", path,
                                                   ":", before->profiles.at(name).line,
                                                   "; edit the file to change it"));
    }
  }
  std::string text(existing);
  if (!text.empty() && !text.ends_with("\n")) text += "\n";
  if (!text.empty()) text += "\n";
  absl::StrAppend(&text, "[", name, "]\n");
  // In SettingSpecs() order, so that every profile reads the same way.
  for (const SettingSpec& spec : SettingSpecs()) {
    auto it = values.find(std::string(spec.key));
    if (it == values.end()) continue;
    if (spec.is_integer) {
      absl::StatusOr<int64_t> v = ParseTimeoutMs(it->second);
      if (!v.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat(std::string(spec.key), ": ", std::string(v.status().message())));
      }
      absl::StrAppend(&text, std::string(spec.key), " = ", *v, "\n");
    } else {
      absl::StrAppend(&text, std::string(spec.key), " = ", TomlQuote(it->second), "\n");
    }
  }
  for (const auto& [key, unused] : values) {
    if (FindSpec(key) == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown key \"", key, "\"; the keys are: ", KnownKeys()));
    }
  }
  if (absl::StatusOr<ProfileFile> after = ParseProfileFile(text, path); !after.ok()) {
    return after.status();
  }
  return text;
}

}  // namespace ledger::ledgerctl
