#ifndef SERVICES_HTTP_JSON_API_H_
#define SERVICES_HTTP_JSON_API_H_

// The notice board's JSON endpoints (docs/FORMATS.md §22.1), from which the browser verifies
// every record: GET /api/v1/checkpoint?log=O, /api/v1/leaf?log=O&index=N,
// /api/v1/inclusion?log=O&index=N&size=S, /api/v1/consistency?log=O&from=A&to=B.
//
// Binary values are standard padded base64. Errors are {"error": "..."} with 400 (a bad or
// missing parameter), 404 (unknown log; an index, size or checkpoint beyond or not in the log),
// 503 (storage unavailable). Thread-safe.

#include "services/http/board_sources.h"
#include "services/http/reply.h"

namespace ledger::http {

// {"origin","size","root_hash","note"}: the latest checkpoint, its note exactly as
// LedgerService.GetCheckpoint serves it (with the witnesses' cosignatures). Cache-Control:
// no-store.
HttpReply CheckpointJson(const BoardSources& sources, const Query& query);
// {"index","leaf"}: the exact leaf bytes (FORMATS §6) of an entry below the latest size; with
// sources.leaves_of_board_only, only of an entry the board shows (else 404).
HttpReply LeafJson(const BoardSources& sources, const Query& query);
// {"index","size","hashes"}: the RFC 9162 audit path at a published checkpoint size.
HttpReply InclusionJson(const BoardSources& sources, const Query& query);
// {"from","to","hashes"}: the RFC 9162 consistency proof to a published size (empty when from is
// 0 or equals to).
HttpReply ConsistencyJson(const BoardSources& sources, const Query& query);

}  // namespace ledger::http

#endif  // SERVICES_HTTP_JSON_API_H_
