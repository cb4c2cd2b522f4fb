// ledgerctl profile list|show|add, and the resolution of the global settings from flags, the
// environment and the chosen profile (profiles.h) before any command runs.

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clients/ledgerctl/commands.h"
#include "clients/ledgerctl/output_file.h"
#include "clients/ledgerctl/profiles.h"
#include "clients/ledgerctl/table.h"
#include "nlohmann/json.hpp"

namespace ledger::ledgerctl {
namespace {

constexpr char kProfilesFileEnv[] = "LEDGER_PROFILES_FILE";
constexpr char kProfileEnv[] = "LEDGER_PROFILE";

std::string Getenv(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

// The profile file's path and whether the user named it (then it must exist).
absl::StatusOr<std::pair<std::string, bool>> ProfilesPath(const SettingOptions& options,
                                                          const GlobalFlags& g) {
  if (options.profiles_file != nullptr && options.profiles_file->count() > 0) {
    return std::make_pair(g.profiles_file, true);
  }
  if (std::string env = Getenv(kProfilesFileEnv); !env.empty()) {
    return std::make_pair(env, true);
  }
  absl::StatusOr<std::string> path = DefaultProfilesPath();
  if (!path.ok()) return path.status();
  return std::make_pair(*path, false);
}

// Copies the resolved settings into the flags the commands read.
absl::Status Assign(const Resolution& r, GlobalFlags* g) {
  g->server = r.settings.at("server").value;
  g->origin = r.settings.at("origin").value;
  g->principal = r.settings.at("principal").value;
  g->key_path = r.settings.at("key").value;
  g->tls_ca = r.settings.at("tls_ca").value;
  g->tls_cert = r.settings.at("tls_cert").value;
  g->tls_key = r.settings.at("tls_key").value;
  g->state_dir = r.settings.at("state_dir").value;
  const std::string& timeout = r.settings.at("timeout_ms").value;
  if (!absl::SimpleAtoi(timeout, &g->timeout_ms)) {
    return absl::InvalidArgumentError(absl::StrCat("timeout_ms \"", timeout, "\" is not a number"));
  }
  return absl::OkStatus();
}

int List(const CliContext& ctx) {
  const GlobalFlags& g = ctx.flags();
  const std::optional<ProfileFile>& file = g.settings_input.file;
  // The profile used when none is chosen.
  std::string fallback;
  if (file.has_value()) {
    fallback = !file->default_profile.empty()       ? file->default_profile
               : file->profiles.contains("default") ? "default"
                                                    : "";
  }
  if (g.json) {
    nlohmann::json out = {{"file", g.settings_input.file_path},
                          {"exists", file.has_value()},
                          {"default", fallback},
                          {"profiles", nlohmann::json::array()}};
    if (file.has_value()) {
      for (const auto& [name, profile] : file->profiles) {
        nlohmann::json p = {{"name", name}, {"line", profile.line}};
        for (const auto& [key, value] : profile.values) p[key] = value.value;
        out["profiles"].push_back(p);
      }
    }
    std::cout << out.dump() << "\n";
    return kExitOk;
  }
  if (!file.has_value()) {
    std::cout << "no profile file at " << g.settings_input.file_path
              << " (add a profile with `ledgerctl profile add NAME --server HOST:PORT ...`)\n";
    return kExitOk;
  }
  std::cout << file->path << (fallback.empty() ? "" : " (* the default)") << "\n";
  Table t({{"profile"}, {"server"}, {"origin"}});
  for (const auto& [name, profile] : file->profiles) {
    auto value = [&profile](const std::string& key) {
      auto it = profile.values.find(key);
      return it == profile.values.end() ? std::string("-") : it->second.value;
    };
    t.AddRow({(name == fallback ? "* " : "  ") + name, value("server"), value("origin")});
  }
  std::cout << t.Render();
  return kExitOk;
}

int Show(const CliContext& ctx, const std::string& name) {
  const GlobalFlags& g = ctx.flags();
  Resolution r = g.settings;
  if (!name.empty()) {
    ResolveInput in = g.settings_input;
    in.profile_flag = name;
    absl::StatusOr<Resolution> again = Resolve(in);
    if (!again.ok()) return LocalError(again.status(), "profile show");
    r = *std::move(again);
    r.chosen_by = "the command line";
  }
  if (g.json) {
    nlohmann::json settings = nlohmann::json::object();
    for (const SettingSpec& spec : SettingSpecs()) {
      const Setting& s = r.settings.at(std::string(spec.key));
      settings[std::string(spec.key)] = {
          {"value", s.value}, {"source", std::string(SourceName(s.source))}, {"where", s.where}};
    }
    std::cout << nlohmann::json{{"profile", r.profile},
                                {"chosen_by", r.chosen_by},
                                {"file", g.settings_input.file_path},
                                {"file_exists", g.settings_input.file.has_value()},
                                {"settings", settings}}
                     .dump()
              << "\n";
    return kExitOk;
  }
  std::cout << "profile: "
            << (r.profile.empty() ? std::string("(none)")
                                  : absl::StrCat(r.profile, " (chosen by ", r.chosen_by, ")"))
            << "\nfile:    " << g.settings_input.file_path
            << (g.settings_input.file.has_value() ? "" : " (not present)") << "\n";
  Table t({{"setting"}, {"value"}, {"from"}, {"where"}});
  for (const SettingSpec& spec : SettingSpecs()) {
    const Setting& s = r.settings.at(std::string(spec.key));
    t.AddRow({std::string(spec.key), s.value.empty() ? "-" : s.value,
              std::string(SourceName(s.source)), s.where});
  }
  std::cout << t.Render();
  return kExitOk;
}

// Saves the settings given as flags on this command line as a new profile.
int Add(const CliContext& ctx, const std::string& name) {
  const GlobalFlags& g = ctx.flags();
  std::map<std::string, std::string> values;
  for (const SettingSpec& spec : SettingSpecs()) {
    const Setting& s = g.settings.settings.at(std::string(spec.key));
    if (s.source != SettingSource::kFlag) continue;
    // A path given on the command line is relative to where ledgerctl runs, and a relative
    // path in a profile to the file: store it absolute so that it names the same file.
    values[std::string(spec.key)] =
        spec.is_path ? std::filesystem::absolute(s.value).lexically_normal().string() : s.value;
  }
  if (values.empty()) {
    return LocalError(absl::InvalidArgumentError(
                          "give the profile's settings as flags, e.g. --server HOST:PORT --origin "
                          "PREFIX/COUNTY"),
                      "profile add");
  }
  const std::string& path = g.settings_input.file_path;
  std::string existing;
  if (g.settings_input.file.has_value()) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    existing = buf.str();
  }
  absl::StatusOr<std::string> text = AppendProfile(existing, path, name, values);
  if (!text.ok()) return LocalError(text.status(), "profile add");
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (!dir.empty() && !std::filesystem::exists(dir)) {
    std::filesystem::create_directories(dir, ec);
    if (!ec) ::chmod(dir.c_str(), 0700);
  }
  if (ec) {
    return LocalError(absl::PermissionDeniedError(
                          absl::StrCat("cannot create ", dir.string(), ": ", ec.message())),
                      "profile add");
  }
  if (absl::Status s = WriteOutputFile(path, *text); !s.ok()) return LocalError(s, "profile add");
  // Whatever the umask: the loader refuses files that others may write.
  ::chmod(path.c_str(), 0600);
  std::cout << "profile " << name << " added to " << path << "\n";
  return kExitOk;
}

}  // namespace

absl::Status ApplyProfileSettings(const SettingOptions& options, GlobalFlags* g) {
  absl::StatusOr<std::pair<std::string, bool>> path = ProfilesPath(options, *g);
  ResolveInput& in = g->settings_input;
  if (path.ok()) {
    in.file_path = path->first;
    absl::StatusOr<std::optional<ProfileFile>> file =
        LoadProfileFile(path->first, /*required=*/path->second);
    if (!file.ok()) return file.status();
    in.file = *std::move(file);
  }
  for (const SettingSpec& spec : SettingSpecs()) {
    const std::string key(spec.key);
    auto it = options.by_key.find(key);
    if (it != options.by_key.end() && it->second->count() > 0) {
      in.flags[key] = it->second->as<std::string>();
    }
    if (std::string env = Getenv(std::string(spec.env).c_str()); !env.empty()) in.env[key] = env;
  }
  const GlobalFlags built_in;
  in.defaults = {{"server", built_in.server}, {"timeout_ms", std::to_string(built_in.timeout_ms)}};
  if (options.profile != nullptr && options.profile->count() > 0) in.profile_flag = g->profile;
  in.profile_env = Getenv(kProfileEnv);
  if (!path.ok() && (!in.profile_flag.empty() || !in.profile_env.empty())) return path.status();
  absl::StatusOr<Resolution> r = Resolve(in);
  if (!r.ok()) return r.status();
  g->settings = *std::move(r);
  return Assign(g->settings, g);
}

void AddProfileCommands(CLI::App& app, Action* action) {
  CLI::App* group = app.add_subcommand(
      "profile",
      "named profiles: settings (server, origin, key, principal, TLS files, state directory, "
      "timeout) kept in $XDG_CONFIG_HOME/ledgerctl/profiles.toml (or --profiles-file), chosen "
      "with --profile or LEDGER_PROFILE; flags and environment variables override them");
  group->require_subcommand(0, 1);

  CLI::App* list = group->add_subcommand(
      "list",
      "the profiles of the profile file, * marking the one used when none is chosen\n"
      "  example: ledgerctl profile list");
  list->callback([action] { *action = [](CliContext& ctx) { return List(ctx); }; });

  auto show_name = std::make_shared<std::string>();
  CLI::App* show = group->add_subcommand(
      "show",
      "the settings this command line resolves to (or with profile NAME), and where each comes "
      "from: flag, env, profile (file:line) or default\n"
      "  example: ledgerctl --profile county profile show\n"
      "  example: ledgerctl profile show test --json");
  show->add_option("name", *show_name, "a profile (default: the one chosen as usual)");
  show->callback([action, show_name] {
    *action = [show_name](CliContext& ctx) { return Show(ctx, *show_name); };
  });

  auto add_name = std::make_shared<std::string>();
  CLI::App* add = group->add_subcommand(
      "add",
      "append a profile NAME to the profile file (created 0600 if missing, replaced atomically, "
      "comments kept) with the settings given as flags (--server, --origin, --key, --principal, "
      "--tls-ca, --tls-cert, --tls-key, --state-dir, --timeout-ms); paths are stored absolute\n"
      "  example: ledgerctl profile add county --server ledger.example.org:50051 "
      "--origin ledger.example.org/341721 --tls-ca ca.pem --key clerk.key "
      "--principal finance-bureau");
  add->add_option("name", *add_name, "the new profile's name (letters, digits, _ and -)")
      ->required();
  add->callback([action, add_name] {
    *action = [add_name](CliContext& ctx) { return Add(ctx, *add_name); };
  });
}

}  // namespace ledger::ledgerctl
