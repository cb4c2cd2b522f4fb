#include "services/http/print_view.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "ledger/state/civil_date.h"
#include "ledger/state/distribution_state.h"
#include "ledger/views/labels.h"
#include "ledger/views/notice_board.h"
#include "services/http/html.h"
#include "services/http/notice_html.h"
#include "services/http/pages.h"
#include "services/http/qr_svg.h"

namespace ledger::http {
namespace {

int64_t DaysBetween(const std::string& from, const std::string& to) {
  std::optional<state::CivilDate> a = state::ParseCivilDate(from), b = state::ParseCivilDate(to);
  if (!a || !b) return 0;
  return state::DaysFromCivil(*b) - state::DaysFromCivil(*a) + 1;
}

}  // namespace

HttpReply PrintView(const BoardSources& sources, const Query& query, const std::string& base_url) {
  absl::StatusOr<std::string> origin = RequiredParam(query, "log");
  if (!origin.ok()) return HtmlError(origin.status());
  absl::StatusOr<uint64_t> index = UintParam(query, "index");
  if (!index.ok()) return HtmlError(index.status());
  absl::StatusOr<sequencer::LogSequencer*> log = sources.logs.Find(*origin);
  if (!log.ok()) return HtmlError(log.status());

  std::optional<NoticeView> view;
  std::string county, vkey = (*log)->log().verifier_key;
  absl::Status status;
  (*log)->ReadState([&](const state::LedgerState& s) {
    county = s.division_name();
    for (const auto& [id, a] : s.distributions().announcements()) {
      if (a.index != *index) continue;
      // The notice as the county's board shows it on its first day: the sheet for the wall
      // states the whole notice period.
      absl::StatusOr<v1::NoticeBoard> board =
          views::NoticeBoard(s, s.division_code(), a.announcement.start_date());
      if (!board.ok()) {
        status = board.status();
        return;
      }
      for (const auto* list : {&board->in_force(), &board->past()}) {
        for (const v1::Notice& n : *list) {
          if (n.index() == *index) {
            view = NoticeView{.notice = n, .subject = SubjectRecordOf(s, a.announcement)};
          }
        }
      }
    }
  });
  if (!status.ok()) return HtmlError(status);
  if (!view) {
    return HtmlError(absl::NotFoundError(
        absl::StrCat("entry ", *index, " of ", *origin, " is not an announcement")));
  }
  v1::NoticeBoard masked;
  *masked.add_in_force() = view->notice;
  if (absl::Status s = views::MaskNoticeBoardNames(sources.names, *origin, &masked); !s.ok()) {
    return HtmlError(s);
  }
  view->notice = masked.in_force(0);
  const v1::Announcement& a = view->notice.announcement();
  const std::string url =
      absl::StrCat(base_url, "/notice?log=", UrlEncode(*origin), "&index=", *index);
  absl::StatusOr<std::string> qr = QrSvg(url, "扫码核验本公示");
  if (!qr.ok()) return HtmlError(qr.status());

  const PageHead head{
      .title = absl::StrCat(county, " ", views::SubjectLabel(a.subject_kind()), "公示"),
      .origin = *origin,
      .vkey = vkey,
      .print = true};
  std::string body = PageStart(head, "");
  absl::StrAppend(
      &body, "<p class=\"period\">公示期：", Escape(a.start_date()), " 至 ", Escape(a.end_date()),
      "（共 ", DaysBetween(a.start_date(), a.end_date()),
      " 天）。公示期内如有异议，请向村委会、乡镇或拨打监督举报电话 <strong>12317</strong> "
      "反映。</p>\n",
      NoticeHtml(*view, *origin, /*print=*/true), "<aside class=\"verify\">\n", *qr,
      "<p>用手机扫描二维码，打开本公示的在线版本；网页会在您的手机上逐条核验记录是否与"
      "签名日志一致。</p>\n<p class=\"url\">",
      Escape(url), "</p>\n</aside>\n", PageEnd(head));
  return HttpReply{
      .status = 200, .content_type = kHtmlType, .body = std::move(body), .cache_control = kNoStore};
}

}  // namespace ledger::http
