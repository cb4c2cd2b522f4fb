#ifndef SERVICES_HTTP_REPLY_H_
#define SERVICES_HTTP_REPLY_H_

// What a notice-board handler answers, independent of the HTTP library: the handlers
// (json_api, pages, print_view, static_files) are plain functions of the request's query, and
// only server.cc speaks cpp-httplib.

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ledger::http {

inline constexpr char kJsonType[] = "application/json; charset=utf-8";
inline constexpr char kHtmlType[] = "text/html; charset=utf-8";
// Everything that changes with the next append (the checkpoint, every page).
inline constexpr char kNoStore[] = "no-store";
// What never changes for the same URL (a leaf at an index, a proof at sizes, a static file of
// this build) may be kept, but is revalidated, so a browser never verifies stale bytes it kept
// from before a restore of the database.
inline constexpr char kRevalidate[] = "no-cache";

struct HttpReply {
  int status = 200;
  std::string content_type = kHtmlType;
  std::string body;
  std::string cache_control = kNoStore;
};

// The query parameters of a request (same type as httplib::Params).
using Query = std::multimap<std::string, std::string>;

// 400 for kInvalidArgument, 404 for kNotFound and kOutOfRange (an unknown log, an index or size
// beyond the log), 503 for kUnavailable (storage), 500 otherwise.
int HttpStatusOf(absl::StatusCode code);

// {"error":"<message>"} with HttpStatusOf(status.code()).
HttpReply JsonError(const absl::Status& status);

// The single value of `name`; kInvalidArgument when it is missing, repeated or longer than
// kParamBytesMax.
absl::StatusOr<std::string> RequiredParam(const Query& query, absl::string_view name);
// The same, "" when missing.
absl::StatusOr<std::string> OptionalParam(const Query& query, absl::string_view name);
// A required unsigned decimal (no sign, no leading zero unless "0", fits in 64 bits);
// kInvalidArgument naming the parameter otherwise.
absl::StatusOr<uint64_t> UintParam(const Query& query, absl::string_view name);

// The longest parameter value accepted (an origin is at most about 210 bytes).
inline constexpr size_t kParamBytesMax = 256;

}  // namespace ledger::http

#endif  // SERVICES_HTTP_REPLY_H_
