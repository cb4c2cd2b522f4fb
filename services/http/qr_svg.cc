#include "services/http/qr_svg.h"

#include <qrencode.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "services/http/html.h"

namespace ledger::http {
namespace {

constexpr int kQuietZoneModules = 4;

struct QrFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

absl::StatusOr<std::unique_ptr<QRcode, QrFree>> Encode(absl::string_view text) {
  if (text.empty() || text.size() > kQrTextBytesMax) {
    return absl::InvalidArgumentError(
        absl::StrCat("QR text must be 1 to ", kQrTextBytesMax, " bytes, got ", text.size()));
  }
  const std::string copy(text);  // libqrencode wants a NUL-terminated string
  std::unique_ptr<QRcode, QrFree> code(
      QRcode_encodeString8bit(copy.c_str(), /*version=*/0, QR_ECLEVEL_M));
  if (code == nullptr) return absl::InternalError("libqrencode could not encode the text");
  return code;
}

}  // namespace

absl::StatusOr<std::string> QrModules(absl::string_view text, int* width) {
  absl::StatusOr<std::unique_ptr<QRcode, QrFree>> code = Encode(text);
  if (!code.ok()) return code.status();
  const int w = (*code)->width;
  std::string out;
  out.reserve(static_cast<size_t>(w) * w);
  for (int i = 0; i < w * w; ++i) out += ((*code)->data[i] & 1) ? '1' : '0';
  *width = w;
  return out;
}

absl::StatusOr<std::string> QrSvg(absl::string_view text, absl::string_view label) {
  int width = 0;
  absl::StatusOr<std::string> modules = QrModules(text, &width);
  if (!modules.ok()) return modules.status();
  const int size = width + 2 * kQuietZoneModules;
  std::string path;
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      if ((*modules)[static_cast<size_t>(y) * width + x] != '1') continue;
      absl::StrAppend(&path, "M", x + kQuietZoneModules, " ", y + kQuietZoneModules, "h1v1h-1z");
    }
  }
  return absl::StrCat("<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ", size,
                      " ", size, "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"",
                      Escape(label), "\">\n<title>", Escape(label), "</title>\n<rect width=\"",
                      size, "\" height=\"", size, "\" fill=\"#fff\"/>\n<path fill=\"#000\" d=\"",
                      path, "\"/>\n</svg>\n");
}

}  // namespace ledger::http
