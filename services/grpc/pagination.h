#ifndef SERVICES_GRPC_PAGINATION_H_
#define SERVICES_GRPC_PAGINATION_H_

// Paging through an ordered map of the state: the page token is the last key of the previous
// page, so pages stay stable while entries are appended.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace ledger::grpc_services {

inline constexpr uint32_t kPageSizeDefault = 100;
inline constexpr uint32_t kPageSizeMax = 1000;

// The page size a request asked for: kPageSizeDefault for 0, kInvalidArgument above the maximum.
inline absl::StatusOr<uint32_t> PageSize(uint32_t requested) {
  if (requested > kPageSizeMax) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size ", requested, " is above the maximum ", kPageSizeMax));
  }
  return requested == 0 ? kPageSizeDefault : requested;
}

// Calls add(key, value) for up to `page_size` entries of `all` (a std::map keyed by string) after
// the key `token` for which keep(key, value) holds; returns the next page's token ("" on the last
// page).
template <typename Map, typename Keep, typename Add>
std::string PaginateEntries(const Map& all, const std::string& token, uint32_t page_size, Keep keep,
                            Add add) {
  uint32_t count = 0;
  std::string last;
  for (auto it = token.empty() ? all.begin() : all.upper_bound(token); it != all.end(); ++it) {
    if (!keep(it->first, it->second)) continue;
    if (count == page_size) return last;
    add(it->first, it->second);
    last = it->first;
    ++count;
  }
  return "";
}

// PaginateEntries for filters that look at the value only: keep(value), add(value).
template <typename Map, typename Keep, typename Add>
std::string Paginate(const Map& all, const std::string& token, uint32_t page_size, Keep keep,
                     Add add) {
  return PaginateEntries(
      all, token, page_size, [&](const auto& /*key*/, const auto& value) { return keep(value); },
      [&](const auto& /*key*/, const auto& value) { add(value); });
}

}  // namespace ledger::grpc_services

#endif  // SERVICES_GRPC_PAGINATION_H_
