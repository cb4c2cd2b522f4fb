#ifndef SERVICES_HTTP_QR_SVG_H_
#define SERVICES_HTTP_QR_SVG_H_

// A QR code (libqrencode, error correction level M, byte mode) as an inline SVG: one path of
// black modules on a white square with the 4-module quiet zone the standard asks for, scaled by
// the page (viewBox in modules), so it prints sharp at any size.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ledger::http {

// The most bytes encoded (a URL of the board is far shorter; version 40-M holds 2,331).
inline constexpr size_t kQrTextBytesMax = 1024;

// kInvalidArgument for empty text or text longer than kQrTextBytesMax; kInternal if libqrencode
// fails.
absl::StatusOr<std::string> QrSvg(absl::string_view text, absl::string_view label);

// The modules of the QR code of `text`, row by row ('1' dark, '0' light), without the quiet
// zone: for tests, which compare it with the SVG.
absl::StatusOr<std::string> QrModules(absl::string_view text, int* width);

}  // namespace ledger::http

#endif  // SERVICES_HTTP_QR_SVG_H_
