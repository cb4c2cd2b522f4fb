#include "services/http/qr_svg.h"

#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"

namespace ledger::http {
namespace {

// Counts the dark modules the SVG path draws ("M<x> <y>h1v1h-1z" each).
int PathModules(const std::string& svg) {
  int n = 0;
  for (size_t at = svg.find("h1v1h-1z"); at != std::string::npos;
       at = svg.find("h1v1h-1z", at + 1)) {
    ++n;
  }
  return n;
}

TEST(QrSvg, DrawsEveryDarkModuleInsideTheQuietZone) {
  const std::string url = "http://127.0.0.1:8080/notice?log=ledger.example.org%2F341721&index=42";
  int width = 0;
  absl::StatusOr<std::string> modules = QrModules(url, &width);
  ASSERT_TRUE(modules.ok()) << modules.status();
  ASSERT_EQ(modules->size(), static_cast<size_t>(width) * width);
  // A QR code is 17 + 4 × version modules wide, 21 at least.
  EXPECT_GE(width, 21);
  EXPECT_EQ((width - 17) % 4, 0);
  // The three finder patterns: the top-left corner's first row is 7 dark modules.
  EXPECT_EQ(modules->substr(0, 7), "1111111");
  EXPECT_EQ(modules->substr(width - 7, 7), "1111111");

  absl::StatusOr<std::string> svg = QrSvg(url, "扫码<核验>");
  ASSERT_TRUE(svg.ok()) << svg.status();
  int dark = 0;
  for (char c : *modules) dark += c == '1';
  EXPECT_EQ(PathModules(*svg), dark);
  const int size = width + 8;
  EXPECT_NE(svg->find(absl::StrCat("viewBox=\"0 0 ", size, " ", size, "\"")), std::string::npos);
  EXPECT_NE(svg->find("M4 4h1v1h-1z"), std::string::npos);  // the top-left module, after 4 blank
  EXPECT_NE(svg->find("扫码&lt;核验&gt;"), std::string::npos);
}

TEST(QrSvg, DifferentTextsGiveDifferentCodes) {
  int w1 = 0, w2 = 0;
  auto a = QrModules("http://x/notice?index=1", &w1);
  auto b = QrModules("http://x/notice?index=2", &w2);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

TEST(QrSvg, RefusesEmptyAndOversizeText) {
  EXPECT_EQ(QrSvg("", "x").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(QrSvg(std::string(kQrTextBytesMax + 1, 'a'), "x").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ledger::http
