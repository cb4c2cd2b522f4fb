#include "services/http/reply.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "services/http/html.h"
#include "services/http/static_files.h"

namespace ledger::http {
namespace {

TEST(UintParam, AcceptsCanonicalDecimalsOnly) {
  EXPECT_EQ(*UintParam({{"index", "0"}}, "index"), 0u);
  EXPECT_EQ(*UintParam({{"index", "18446744073709551615"}}, "index"), 18446744073709551615u);
  for (const char* bad : {"", "-1", "+1", "01", "1e3", " 1", "18446744073709551616", "0x10"}) {
    absl::StatusOr<uint64_t> v = UintParam({{"index", bad}}, "index");
    EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_EQ(UintParam({}, "index").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(UintParam({{"index", "1"}, {"index", "2"}}, "index").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(JsonError, MapsCodesToHttpStatuses) {
  EXPECT_EQ(JsonError(absl::InvalidArgumentError("x")).status, 400);
  EXPECT_EQ(JsonError(absl::NotFoundError("x")).status, 404);
  EXPECT_EQ(JsonError(absl::OutOfRangeError("x")).status, 404);
  EXPECT_EQ(JsonError(absl::UnavailableError("x")).status, 503);
  EXPECT_EQ(JsonError(absl::InternalError("x")).status, 500);
  HttpReply r = JsonError(absl::InvalidArgumentError("bad \"log\" \xff"));
  EXPECT_EQ(r.content_type, kJsonType);
  EXPECT_EQ(r.body, "{\"error\":\"bad \\\"log\\\" \xef\xbf\xbd\"}");
}

TEST(Html, EscapesAndEncodes) {
  EXPECT_EQ(Escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  EXPECT_EQ(UrlEncode("ledger.example.org/341721"), "ledger.example.org%2F341721");
  EXPECT_EQ(Yuan(123456), "1,234.56 元");
  EXPECT_EQ(Percent(1234), "12.34%");
  EXPECT_EQ(FenFigure("7", -5),
            "<span class=\"fig\" data-ledger-field=\"7\" data-ledger-value=\"-5\" "
            "data-ledger-type=\"int\">-0.05 元</span>");
}

TEST(StaticFiles, ServesTheEmbeddedStylesheetWithItsType) {
  HttpReply css = StaticFile("board.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
  EXPECT_NE(css.body.find("badge-ok"), std::string::npos);
  EXPECT_EQ(StaticFile("nope.css").status, 404);
  EXPECT_EQ(ContentTypeFor("board.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("x.bin"), "application/octet-stream");
}

// Every file of web/static/ is embedded (board.js from the browser side included), byte for byte,
// and served with a content type of its own.
TEST(StaticFiles, EveryFileOfWebStaticIsEmbedded) {
  std::set<std::string> on_disk;
  for (const auto& e : std::filesystem::directory_iterator(LEDGER_SOURCE_DIR "/web/static")) {
    if (e.is_regular_file()) on_disk.insert(e.path().filename().string());
  }
  const std::vector<std::string> names = StaticFileNames();
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()), on_disk);
  EXPECT_TRUE(on_disk.contains("board.css"));
  for (const std::string& name : on_disk) {
    HttpReply r = StaticFile(name);
    EXPECT_EQ(r.status, 200) << name;
    EXPECT_NE(r.content_type, "application/octet-stream") << name;
    EXPECT_EQ(r.body.size(), std::filesystem::file_size(LEDGER_SOURCE_DIR "/web/static/" + name))
        << name;
  }
}

}  // namespace
}  // namespace ledger::http
