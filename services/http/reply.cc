#include "services/http/reply.h"

#include <cstdint>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace ledger::http {

int HttpStatusOf(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kInvalidArgument:
      return 400;
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kOutOfRange:
      return 404;
    case absl::StatusCode::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

HttpReply JsonError(const absl::Status& status) {
  nlohmann::json body = {{"error", std::string(status.message())}};
  return HttpReply{.status = HttpStatusOf(status.code()),
                   .content_type = kJsonType,
                   // Parameters are echoed in messages: invalid UTF-8 becomes U+FFFD.
                   .body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                   .cache_control = kNoStore};
}

absl::StatusOr<std::string> OptionalParam(const Query& query, absl::string_view name) {
  const std::string key(name);
  if (query.count(key) > 1) {
    return absl::InvalidArgumentError(absl::StrCat("parameter ", key, " is given more than once"));
  }
  auto it = query.find(key);
  if (it == query.end()) return std::string();
  if (it->second.size() > kParamBytesMax) {
    return absl::InvalidArgumentError(
        absl::StrCat("parameter ", key, " is longer than ", kParamBytesMax, " bytes"));
  }
  return it->second;
}

absl::StatusOr<std::string> RequiredParam(const Query& query, absl::string_view name) {
  absl::StatusOr<std::string> value = OptionalParam(query, name);
  if (!value.ok()) return value.status();
  if (value->empty()) {
    return absl::InvalidArgumentError(absl::StrCat("parameter ", name, " is required"));
  }
  return value;
}

absl::StatusOr<uint64_t> UintParam(const Query& query, absl::string_view name) {
  absl::StatusOr<std::string> text = RequiredParam(query, name);
  if (!text.ok()) return text.status();
  const bool digits_only = text->find_first_not_of("0123456789") == std::string::npos;
  const bool canonical = text->size() == 1 || (*text)[0] != '0';
  uint64_t value = 0;
  if (!digits_only || !canonical || !absl::SimpleAtoi(*text, &value)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "parameter ", name, " must be an unsigned decimal number below 2^64, got \"", *text, "\""));
  }
  return value;
}

}  // namespace ledger::http
