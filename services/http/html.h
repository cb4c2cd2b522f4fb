#ifndef SERVICES_HTTP_HTML_H_
#define SERVICES_HTTP_HTML_H_

// Small pieces of the board's HTML: escaping, money, the page frame with the meta tags the
// browser's verifier reads, and the verifiable-record markup of docs/FORMATS.md §22.2
// (data-ledger-index, the badge, data-ledger-field figures). Pure functions.

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace ledger::http {

// Text for HTML content and attribute values: & < > " ' escaped.
std::string Escape(absl::string_view text);
// A query-parameter value, percent-encoded (RFC 3986 unreserved characters kept).
std::string UrlEncode(absl::string_view text);
// "1,234.56 元".
std::string Yuan(int64_t fen);
// "12.34%" from basis points.
std::string Percent(int64_t bp);

struct PageHead {
  std::string title;   // <title> and the page's <h1>
  std::string origin;  // "" for pages about no single log (the index)
  std::string vkey;    // the log's verifier key (note form), printed and in <meta>
  bool print = false;  // the A4 print layout (body class "print")
};

// <!doctype html> … <body><header>: UTF-8, lang zh-CN, the viewport for phones, board.css,
// board.js (deferred; the page reads without it), and for a log the ledger-origin and
// ledger-vkey meta tags. `crumbs` is HTML placed above the title (links back up).
std::string PageStart(const PageHead& head, absl::string_view crumbs);
// The footer (the verifier key printed for people to compare, what the badges mean, the
// hotline) and </body></html>.
std::string PageEnd(const PageHead& head);

// The badge of one record, as the server renders it before the script runs.
std::string Badge();
// The opening tag of a verifiable record: <tag class="record …" data-ledger-index="N"
// data-ledger-payload-type="ledger.v1.Type">.
std::string RecordOpen(absl::string_view tag, absl::string_view css_class, uint64_t index,
                       absl::string_view payload_type);

// A figure the script checks against the leaf: <span data-ledger-field=PATH data-ledger-value=…
// [data-ledger-type=…]>text</span>; `text` is HTML already escaped.
std::string FigureHtml(absl::string_view path, absl::string_view value, absl::string_view type,
                       absl::string_view text_html);
// The common kinds: a string shown as itself, an int64 amount in fen shown as yuan, an unsigned
// number (or enum, shown as `label`).
std::string StringFigure(absl::string_view path, absl::string_view value);
std::string FenFigure(absl::string_view path, int64_t fen);
std::string UintFigure(absl::string_view path, uint64_t value, absl::string_view label);

}  // namespace ledger::http

#endif  // SERVICES_HTTP_HTML_H_
