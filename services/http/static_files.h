#ifndef SERVICES_HTTP_STATIC_FILES_H_
#define SERVICES_HTTP_STATIC_FILES_H_

// The files under web/static/ (board.css, board.js, ...), embedded into ledgerd at build time
// (services/CMakeLists.txt globs the folder, cmake/EmbedFiles.cmake writes them into a .cc), and
// served at /static/<name>. A file added to web/static/ is picked up by the next build.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/http/reply.h"

namespace ledger::http {

// The Content-Type for a file name by its extension (text types with charset=utf-8);
// application/octet-stream for an unknown one.
absl::string_view ContentTypeFor(absl::string_view name);

// The embedded file `name` (no directory) with its content type, or 404.
HttpReply StaticFile(absl::string_view name);

// The names of the embedded files, sorted.
std::vector<std::string> StaticFileNames();

}  // namespace ledger::http

#endif  // SERVICES_HTTP_STATIC_FILES_H_
