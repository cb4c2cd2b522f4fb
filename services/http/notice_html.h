#ifndef SERVICES_HTTP_NOTICE_HTML_H_
#define SERVICES_HTTP_NOTICE_HTML_H_

// One announcement (公示) as the village board and its print view show it: the Announcement
// entry, the entry of its subject (the plan, the project, the asset, the disposal) and, for a
// distribution result, every payment line with the beneficiary's masked name; each a verifiable
// record (docs/FORMATS.md §22.3) whose figures name the protobuf field paths of its leaf.
//
// Gather under the state's lock (ReadState), mask names outside it, then render.

#include <cstdint>
#include <optional>
#include <string>

#include "ledger/state/state.h"
#include "ledger/v1/income_service.pb.h"

namespace ledger::http {

// The subject's own entry, rendered while the state was at hand.
struct SubjectRecord {
  uint64_t index = 0;
  std::string payload_type;  // "ledger.v1.DistributionPlan", ...
  std::string fields_html;   // the figures, with labels
};

struct NoticeView {
  v1::Notice notice;  // from views::NoticeBoard, names masked afterwards
  std::optional<SubjectRecord> subject;
};

// The subject record of `notice`'s announcement in `state` (nullopt for an unknown subject).
std::optional<SubjectRecord> SubjectRecordOf(const state::LedgerState& state,
                                             const v1::Announcement& announcement);

// The notice as an <article id="n<index>">: the announcement record (kind, subject id, channel,
// dates, remaining days), the subject record and the result lines. `origin` builds the link to
// the print view (omitted when `print` is true).
std::string NoticeHtml(const NoticeView& view, const std::string& origin, bool print);

}  // namespace ledger::http

#endif  // SERVICES_HTTP_NOTICE_HTML_H_
