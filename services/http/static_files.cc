#include "services/http/static_files.h"

#include <map>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ledger/util/embedded_file.h"

namespace ledger::http {
namespace internal {
// Generated from web/static/ by cmake/EmbedFiles.cmake.
std::vector<EmbeddedFile> WebStaticFiles();
}  // namespace internal

namespace {

const std::map<std::string, std::string, std::less<>>& Files() {
  static const auto* files = [] {
    auto* out = new std::map<std::string, std::string, std::less<>>();
    for (EmbeddedFile& f : internal::WebStaticFiles()) out->emplace(f.name, std::move(f.bytes));
    return out;
  }();
  return *files;
}

}  // namespace

absl::string_view ContentTypeFor(absl::string_view name) {
  static constexpr std::pair<const char*, const char*> kTypes[] = {
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".html", "text/html; charset=utf-8"},
      {".txt", "text/plain; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".webmanifest", "application/manifest+json"},
  };
  for (const auto& [ext, type] : kTypes) {
    if (absl::EndsWith(name, ext)) return type;
  }
  return "application/octet-stream";
}

HttpReply StaticFile(absl::string_view name) {
  auto it = Files().find(name);
  if (it == Files().end()) {
    return HttpReply{.status = 404,
                     .content_type = "text/plain; charset=utf-8",
                     .body = absl::StrCat("no static file \"", name, "\"\n"),
                     .cache_control = kNoStore};
  }
  return HttpReply{.status = 200,
                   .content_type = std::string(ContentTypeFor(name)),
                   .body = it->second,
                   .cache_control = kRevalidate};
}

std::vector<std::string> StaticFileNames() {
  std::vector<std::string> names;
  for (const auto& [name, bytes] : Files()) names.push_back(name);
  return names;
}

}  // namespace ledger::http
