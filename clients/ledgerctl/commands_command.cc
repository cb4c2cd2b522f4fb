// ledgerctl commands: every command with its summary and example, for people looking for the
// right one and for scripts (--json); the help of each is `ledgerctl <command> --help`.

#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "clients/ledgerctl/commands.h"
#include "clients/ledgerctl/table.h"
#include "nlohmann/json.hpp"

namespace ledger::ledgerctl {
namespace {

struct Listed {
  std::string command;  // "asset register"
  std::string summary;  // the first line of its description
  std::vector<std::string> examples;
  bool group = false;  // has commands of its own
};

// The commands under `app` (option groups are subcommands without a name to CLI11; skipped).
std::vector<const CLI::App*> Commands(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App* sub) { return !sub->get_name().empty(); });
}

void Walk(const CLI::App& app, const std::string& prefix, std::vector<Listed>* out) {
  for (const CLI::App* sub : Commands(app)) {
    Listed l{.command = prefix.empty() ? sub->get_name() : prefix + " " + sub->get_name(),
             .summary = "",
             .examples = {},
             .group = !Commands(*sub).empty()};
    const std::vector<std::string> lines = absl::StrSplit(sub->get_description(), '\n');
    l.summary = lines.empty() ? "" : lines.front();
    for (const std::string& line : lines) {
      absl::string_view rest = absl::StripLeadingAsciiWhitespace(line);
      if (absl::ConsumePrefix(&rest, "example: ")) l.examples.emplace_back(rest);
    }
    out->push_back(l);
    Walk(*sub, l.command, out);
  }
}

int List(CliContext& ctx, const CLI::App& app) {
  std::vector<Listed> listed;
  Walk(app, "", &listed);
  if (ctx.flags().json) {
    nlohmann::json out = nlohmann::json::array();
    for (const Listed& l : listed) {
      out.push_back({{"command", l.command},
                     {"summary", l.summary},
                     {"examples", l.examples},
                     {"group", l.group}});
    }
    std::cout << out.dump() << "\n";
    return kExitOk;
  }
  Table t({{"command (命令)"}, {"what it does (用途)"}});
  for (const Listed& l : listed) {
    if (l.group) continue;
    std::string summary = l.summary;
    constexpr size_t kShown = 90;  // bytes; cut at a character boundary
    if (summary.size() > kShown) {
      size_t cut = kShown;
      while (cut > 0 && (static_cast<unsigned char>(summary[cut]) & 0xC0) == 0x80) --cut;
      summary = summary.substr(0, cut) + "…";
    }
    t.AddRow({"ledgerctl " + l.command, summary});
  }
  std::cout << t.Render() << "\nEach command's flags and an example: ledgerctl <command> --help\n";
  return kExitOk;
}

}  // namespace

void AddCommandsCommand(CLI::App& app, Action* action) {
  CLI::App* cmd =
      app.add_subcommand("commands",
                         "list every command with what it does (and, with --json, its examples)\n"
                         "  example: ledgerctl commands | grep asset");
  const CLI::App* root = &app;
  cmd->callback([action, root] { *action = [root](CliContext& ctx) { return List(ctx, *root); }; });
}

}  // namespace ledger::ledgerctl
