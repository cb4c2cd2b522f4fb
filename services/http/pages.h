#ifndef SERVICES_HTTP_PAGES_H_
#define SERVICES_HTTP_PAGES_H_

// The notice board's HTML pages (Chinese, mobile first, readable without JavaScript; the
// browser's verifier, web/static/board.js, turns each record's badge green or red):
//
//   IndexPage    /                            the counties (logs) of this server
//   CountyPage   /county?log=O                townships, 支出进度 and asset totals as SVG charts
//   TownshipPage /township?log=O&division=D   its villages
//   VillagePage  /village?log=O&division=D[&date=YYYY-MM-DD]
//                the notice board of a village (or of a township or the county: any division
//                code under the log's): announcements in force and past, and the assets located
//                there or owned by it with owners, operator and income history
//
// Only public data: masked names (张*兵), no registry fields, no ids but entry indexes and the
// business ids the entries carry. 400 for a malformed parameter, 404 for an unknown log.
// Thread-safe.

#include "services/http/board_sources.h"
#include "services/http/reply.h"

namespace ledger::http {

HttpReply IndexPage(const BoardSources& sources, const Query& query);
HttpReply CountyPage(const BoardSources& sources, const Query& query);
HttpReply TownshipPage(const BoardSources& sources, const Query& query);
HttpReply VillagePage(const BoardSources& sources, const Query& query);
// An HTML page with `status`'s message under the site's header, with its HTTP status; for the
// pages' and the print views' errors.
HttpReply HtmlError(const absl::Status& status);

}  // namespace ledger::http

#endif  // SERVICES_HTTP_PAGES_H_
