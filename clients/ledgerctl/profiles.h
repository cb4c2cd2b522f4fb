#ifndef CLIENTS_LEDGERCTL_PROFILES_H_
#define CLIENTS_LEDGERCTL_PROFILES_H_

// ledgerctl's named profiles: the profile file and the precedence of its settings.
//
// The profile file is TOML (parsed with toml++), one table per profile and at most one top-level
// key, `default`, naming the profile used when none is chosen:
//
//   default = "county"
//
//   [county]
//   server = "ledger.example.org:50051"
//   origin = "ledger.example.org/341721"
//   key = "keys/clerk.key"          # relative paths: against the profile file's directory
//   principal = "finance-bureau"
//   tls_ca = "tls/ca.pem"
//   timeout_ms = 20000
//
// Every setting comes from, in this order: the command-line flag, the environment variable, the
// chosen profile, the built-in default. The profile is chosen by --profile, else LEDGER_PROFILE,
// else the file's `default` key, else a profile named "default", else none. No gRPC here.
//
//   absl::StatusOr<std::optional<ProfileFile>> file = LoadProfileFile(path, /*required=*/false);
//   ResolveInput in{.flags = ..., .env = ..., .defaults = ..., .profile_flag = "", ...};
//   absl::StatusOr<Resolution> r = Resolve(in);  // r->settings.at("server").value

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ledger::ledgerctl {

// One setting: its key in the profile file, the flag and environment variable that override it.
struct SettingSpec {
  std::string_view key;   // "tls_ca"
  std::string_view flag;  // "--tls-ca"
  std::string_view env;   // "LEDGER_TLS_CA"
  bool is_path;           // relative values in a profile are relative to the file's directory
  bool is_integer;        // a positive TOML integer in the file
};

// Every profile key, in the order `ledgerctl profile show` prints them.
const std::vector<SettingSpec>& SettingSpecs();

// Where a setting's value came from, highest precedence first.
enum class SettingSource { kFlag, kEnv, kProfile, kDefault, kUnset };
// "flag", "env", "profile", "default", "unset".
std::string_view SourceName(SettingSource source);

struct ProfileValue {
  std::string value;  // as written; integers in decimal
  int line = 0;
};

struct Profile {
  int line = 0;  // of the [name] header
  std::map<std::string, ProfileValue> values;
};

struct ProfileFile {
  std::string path;
  std::string default_profile;  // the top-level `default`; empty when absent
  int default_line = 0;
  std::map<std::string, Profile> profiles;
};

// Parses the text of a profile file read from `path` (used in messages and to resolve relative
// paths). kInvalidArgument "<path>:<line>: <what is wrong>" for TOML syntax errors, unknown keys,
// values of the wrong type, nested tables, and a `default` naming no profile.
absl::StatusOr<ProfileFile> ParseProfileFile(std::string_view text, const std::string& path);

// Reads and parses `path`. A missing file is std::nullopt unless `required` (then kNotFound).
// kPermissionDenied when group or others may write to the file: whoever can edit it can point
// ledgerctl at another server or key.
absl::StatusOr<std::optional<ProfileFile>> LoadProfileFile(const std::string& path, bool required);

// $XDG_CONFIG_HOME/ledgerctl/profiles.toml, or $HOME/.config/ledgerctl/profiles.toml.
// kFailedPrecondition when neither variable is set.
absl::StatusOr<std::string> DefaultProfilesPath();

struct Setting {
  std::string value;
  SettingSource source = SettingSource::kUnset;
  std::string where;  // "--server", "LEDGER_SERVER", "/home/u/.config/ledgerctl/profiles.toml:4"
};

struct ResolveInput {
  // By setting key: the values given on the command line, and the non-empty environment
  // variables (an empty variable counts as unset).
  std::map<std::string, std::string> flags;
  std::map<std::string, std::string> env;
  std::map<std::string, std::string> defaults;  // the built-in defaults
  std::string profile_flag;                     // --profile (or `profile show NAME`)
  std::string profile_env;                      // LEDGER_PROFILE
  std::optional<ProfileFile> file;              // none when there is no profile file
  std::string file_path;                        // where the file is or would be
};

struct Resolution {
  std::string profile;    // the profile used; empty when none
  std::string chosen_by;  // "--profile", "LEDGER_PROFILE", "<path>:<line>", "its name"; or ""
  std::map<std::string, Setting> settings;  // every key of SettingSpecs()
};

// Applies the precedence above. kNotFound when the chosen profile does not exist (the message
// lists the profiles of the file), or when one is chosen and there is no profile file.
absl::StatusOr<Resolution> Resolve(const ResolveInput& in);

// The text of `existing` (a profile file's text, possibly empty) with the profile `name` and
// its `values` (setting key -> value) appended, comments and layout kept. kInvalidArgument when
// the name is not [A-Za-z0-9_-]+, a key is unknown, an integer key is not a positive number,
// or the result does not parse; kAlreadyExists when the profile exists.
absl::StatusOr<std::string> AppendProfile(std::string_view existing, const std::string& path,
                                          const std::string& name,
                                          const std::map<std::string, std::string>& values);

}  // namespace ledger::ledgerctl

#endif  // CLIENTS_LEDGERCTL_PROFILES_H_
