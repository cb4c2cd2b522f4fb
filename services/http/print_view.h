#ifndef SERVICES_HTTP_PRINT_VIEW_H_
#define SERVICES_HTTP_PRINT_VIEW_H_

// The print view of one announcement (/notice?log=O&index=N): an A4 sheet in Chinese for the
// village's notice wall, with the notice period, the hotline 12317, the log's verifier key and a
// QR code (libqrencode, inline SVG) of this page's absolute URL, so that any phone can open the
// verified online version. The page carries the same verifiable records as the board.

#include <string>

#include "services/http/board_sources.h"
#include "services/http/reply.h"

namespace ledger::http {

// `base_url`: scheme and authority without a trailing slash ("https://board.example.org").
// 400 for a malformed parameter, 404 for an unknown log or an index that is no announcement.
HttpReply PrintView(const BoardSources& sources, const Query& query, const std::string& base_url);

}  // namespace ledger::http

#endif  // SERVICES_HTTP_PRINT_VIEW_H_
