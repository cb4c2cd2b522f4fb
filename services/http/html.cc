#include "services/http/html.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ledger/util/money.h"

namespace ledger::http {

std::string Escape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string UrlEncode(absl::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += absl::StrFormat("%%%02X", c);
    }
  }
  return out;
}

std::string Yuan(int64_t fen) { return absl::StrCat(FormatYuanGrouped(fen), " 元"); }

std::string Percent(int64_t bp) {
  const int64_t whole = bp / 100, part = (bp < 0 ? -bp : bp) % 100;
  return absl::StrFormat("%d.%02d%%", whole, part);
}

std::string PageStart(const PageHead& head, absl::string_view crumbs) {
  std::string out = absl::StrCat(
      "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>",
      Escape(head.title), "</title>\n");
  if (!head.origin.empty()) {
    absl::StrAppend(&out, "<meta name=\"ledger-origin\" content=\"", Escape(head.origin), "\">\n",
                    "<meta name=\"ledger-vkey\" content=\"", Escape(head.vkey), "\">\n");
  }
  absl::StrAppend(&out,
                  "<link rel=\"stylesheet\" href=\"/static/board.css\">\n"
                  "<script src=\"/static/board.js\" defer></script>\n"
                  "</head>\n<body",
                  head.print ? " class=\"print\"" : "", ">\n<header class=\"top\">\n");
  if (!crumbs.empty()) absl::StrAppend(&out, "<nav class=\"crumbs\">", crumbs, "</nav>\n");
  absl::StrAppend(&out, "<h1>", Escape(head.title), "</h1>\n</header>\n<main>\n");
  return out;
}

std::string PageEnd(const PageHead& head) {
  std::string out = "</main>\n<footer>\n";
  if (!head.vkey.empty()) {
    absl::StrAppend(&out, "<p>日志公钥（与纸质公示上印的核对）：<code class=\"vkey\">",
                    Escape(head.vkey),
                    "</code></p>\n"
                    "<p>每条记录旁的标记由您的浏览器自行核验：<span class=\"badge "
                    "badge-ok\">已验证</span> 表示该记录与签名日志中的原始条目一致；"
                    "<span class=\"badge badge-bad\">验证失败</span> 表示不一致，请拨打监督电话。"
                    "未运行脚本时显示 <span class=\"badge badge-pending\">待验证</span>。</p>\n");
  }
  absl::StrAppend(
      &out,
      "<p>监督举报电话：<strong>12317</strong>（全国防止返贫监测和乡村振兴咨询服务热线）</p>\n"
      "<p class=\"privacy\">本页只公开脱敏信息：姓名只显示首尾字（如 张*兵），"
      "不显示身份证号、银行账号和电话。</p>\n</footer>\n</body>\n</html>\n");
  return out;
}

std::string Badge() {
  return "<span class=\"badge badge-pending\" data-ledger-badge>待验证</span>";
}

std::string RecordOpen(absl::string_view tag, absl::string_view css_class, uint64_t index,
                       absl::string_view payload_type) {
  return absl::StrCat("<", tag, " class=\"record ", css_class, "\" data-ledger-index=\"", index,
                      "\" data-ledger-payload-type=\"", Escape(payload_type), "\">");
}

std::string FigureHtml(absl::string_view path, absl::string_view value, absl::string_view type,
                       absl::string_view text_html) {
  std::string out = absl::StrCat("<span class=\"fig\" data-ledger-field=\"", Escape(path),
                                 "\" data-ledger-value=\"", Escape(value), "\"");
  if (!type.empty() && type != "string") {
    absl::StrAppend(&out, " data-ledger-type=\"", Escape(type), "\"");
  }
  absl::StrAppend(&out, ">", text_html, "</span>");
  return out;
}

std::string StringFigure(absl::string_view path, absl::string_view value) {
  return FigureHtml(path, value, "string", Escape(value));
}

std::string FenFigure(absl::string_view path, int64_t fen) {
  return FigureHtml(path, absl::StrCat(fen), "int", Escape(Yuan(fen)));
}

std::string UintFigure(absl::string_view path, uint64_t value, absl::string_view label) {
  return FigureHtml(path, absl::StrCat(value), "uint", Escape(label));
}

}  // namespace ledger::http
