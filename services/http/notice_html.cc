#include "services/http/notice_html.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "ledger/state/asset_state.h"
#include "ledger/state/distribution_state.h"
#include "ledger/state/fund_state.h"
#include "ledger/views/labels.h"
#include "services/http/html.h"

namespace ledger::http {
namespace {

// Field numbers of proto/ledger/v1/*.proto that the figures name.
namespace announcement {
constexpr char kSubjectKind[] = "3";
constexpr char kSubjectId[] = "4";
constexpr char kChannel[] = "5";
constexpr char kStartDate[] = "7";
constexpr char kEndDate[] = "8";
}  // namespace announcement

std::string Row(absl::string_view label, absl::string_view value_html) {
  return absl::StrCat("<div class=\"kv\"><span class=\"k\">", label, "</span><span class=\"v\">",
                      value_html, "</span></div>\n");
}

std::string PlanFields(const state::PlanRecord& p) {
  std::string out = Row("分配方案", StringFigure("2", p.plan.plan_id()));
  absl::StrAppend(&out, Row("方案总额", FenFigure("7", p.plan.total_fen())));
  for (int i = 0; i < p.plan.allocations_size(); ++i) {
    const v1::DistributionAllocation& a = p.plan.allocations(i);
    const std::string at = absl::StrCat("8[", i, "]");
    absl::StrAppend(&out, Row(Escape(views::CategoryLabel(a.category())),
                              absl::StrCat(FigureHtml(at + ".1", a.category(), "string", ""),
                                           FenFigure(at + ".2", a.amount_fen()))));
  }
  absl::StrAppend(&out,
                  Row("收益期间", absl::StrCat(StringFigure("4", p.plan.period_start()), " 至 ",
                                               StringFigure("5", p.plan.period_end()))));
  absl::StrAppend(&out, Row("受益对象条件", StringFigure("9", p.plan.eligibility_criteria())));
  absl::StrAppend(&out,
                  Row("村民代表大会决议", StringFigure("10.1", p.plan.resolution().reference())));
  return out;
}

}  // namespace

std::optional<SubjectRecord> SubjectRecordOf(const state::LedgerState& s,
                                             const v1::Announcement& a) {
  const std::string& id = a.subject_id();
  switch (a.subject_kind()) {
    case v1::ANNOUNCEMENT_SUBJECT_PROJECT_BEFORE:
    case v1::ANNOUNCEMENT_SUBJECT_PROJECT_AFTER: {
      const state::ProjectRecord* p = s.funds().FindProject(id);
      if (p == nullptr) return std::nullopt;
      const v1::ProjectRegistration& r = p->registration;
      std::string fields = Row("项目名称", StringFigure("3", r.name()));
      absl::StrAppend(&fields, Row("建设内容", StringFigure("6", r.content())));
      absl::StrAppend(&fields, Row("建设地点", StringFigure("5", r.location())));
      for (int i = 0; i < r.planned_size(); ++i) {
        const std::string at = absl::StrCat("7[", i, "]");
        absl::StrAppend(
            &fields,
            Row("计划资金", absl::StrCat(UintFigure(at + ".1", r.planned(i).source(),
                                                    views::FundSourceLabel(r.planned(i).source())),
                                         " ", FenFigure(at + ".2", r.planned(i).amount_fen()))));
      }
      absl::StrAppend(&fields, Row("实施单位", StringFigure("8", r.implementer())));
      return SubjectRecord{p->registered_at, "ledger.v1.ProjectRegistration", std::move(fields)};
    }
    case v1::ANNOUNCEMENT_SUBJECT_ASSET_LEDGER: {
      const state::AssetRecord* asset = s.assets().FindAsset(id);
      if (asset == nullptr) return std::nullopt;
      const v1::AssetRegistration& r = asset->registration;
      std::string fields = Row("资产", StringFigure("3", r.name()));
      absl::StrAppend(&fields, Row("类别", UintFigure("4", r.asset_class(),
                                                      views::ClassLabel(r.asset_class()))));
      absl::StrAppend(&fields, Row("原值", FenFigure("9", r.original_value_fen())));
      return SubjectRecord{asset->registered_at, "ledger.v1.AssetRegistration", std::move(fields)};
    }
    case v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_PLAN:
    case v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_RESULT: {
      const state::PlanRecord* p = s.distributions().FindPlan(id);
      if (p == nullptr) return std::nullopt;
      return SubjectRecord{p->adopted_at, "ledger.v1.DistributionPlan", PlanFields(*p)};
    }
    case v1::ANNOUNCEMENT_SUBJECT_DISPOSAL_DECISION:
    case v1::ANNOUNCEMENT_SUBJECT_DISPOSAL_RESULT: {
      const state::DisposalRecord* d = s.assets().FindDisposal(id);
      if (d == nullptr) return std::nullopt;
      const v1::DisposalApplication& r = d->application;
      std::string fields = Row("处置事项", StringFigure("2", r.disposal_id()));
      absl::StrAppend(&fields, Row("资产编号", StringFigure("3", r.asset_code())));
      absl::StrAppend(&fields, Row("评估价值", FenFigure("8", r.appraised_value_fen())));
      absl::StrAppend(&fields, Row("申请日期", StringFigure("9", r.application_date())));
      return SubjectRecord{d->applied_at, "ledger.v1.DisposalApplication", std::move(fields)};
    }
    default:
      return std::nullopt;
  }
}

std::string NoticeHtml(const NoticeView& view, const std::string& origin, bool print) {
  const v1::Notice& n = view.notice;
  const v1::Announcement& a = n.announcement();
  std::string out = absl::StrCat("<article class=\"notice", n.in_force() ? " in-force" : " past",
                                 "\" id=\"n", n.index(), "\">\n");
  // The announcement itself.
  absl::StrAppend(
      &out, RecordOpen("div", "announcement", n.index(), "ledger.v1.Announcement"), "\n<h3>",
      UintFigure(announcement::kSubjectKind, a.subject_kind(),
                 views::SubjectLabel(a.subject_kind())),
      " ", StringFigure(announcement::kSubjectId, a.subject_id()), " ", Badge(), "</h3>\n");
  absl::StrAppend(
      &out,
      Row("公示期", absl::StrCat(StringFigure(announcement::kStartDate, a.start_date()), " 至 ",
                                 StringFigure(announcement::kEndDate, a.end_date()))));
  // A printed sheet stays on the wall: it states the period, not a countdown.
  if (!print)
    absl::StrAppend(
        &out, Row("状态", n.in_force() ? absl::StrCat("<strong class=\"remaining\">公示中，剩余 ",
                                                      n.remaining_days(), " 天</strong>")
                                       : std::string("<span class=\"ended\">已结束</span>")));
  absl::StrAppend(&out, Row("公示渠道", UintFigure(announcement::kChannel, a.channel(),
                                                   views::ChannelLabel(a.channel()))));
  absl::StrAppend(&out, Row("金额", Escape(Yuan(n.amount_fen()))));
  absl::StrAppend(&out,
                  Row("日志索引", absl::StrCat("<span class=\"index\">#", n.index(), "</span>")));
  if (!print) {
    absl::StrAppend(&out, "<p class=\"actions\"><a href=\"/notice?log=", UrlEncode(origin),
                    "&amp;index=", n.index(), "\">打印公示（A4）</a></p>\n");
  }
  absl::StrAppend(&out, "</div>\n");
  if (view.subject) {
    absl::StrAppend(&out,
                    RecordOpen("div", "subject", view.subject->index, view.subject->payload_type),
                    "\n<h4>公示内容 <span class=\"index\">#", view.subject->index, "</span> ",
                    Badge(), "</h4>\n", view.subject->fields_html, "</div>\n");
  }
  if (n.lines_size() > 0) {
    absl::StrAppend(&out, "<table class=\"lines\">\n<caption>发放明细（共 ", n.lines_size(),
                    " 笔）</caption>\n<thead><tr><th>姓名</th><th>依据</th><th>数量</th>"
                    "<th>用途</th><th>金额</th><th>发放日期</th><th>核验</th></tr></thead>\n"
                    "<tbody>\n");
    // A line's position among its payment's lines: the lines of one payment come in order.
    std::map<uint64_t, int> position;
    for (const v1::NoticeLine& line : n.lines()) {
      const int i = position[line.index()]++;
      const std::string at = absl::StrCat("4[", i, "]");
      const std::string name = line.erased()                ? "（已删除）"
                               : line.masked_name().empty() ? "（未登记）"
                                                            : line.masked_name();
      absl::StrAppend(
          &out, RecordOpen("tr", "line", line.index(), "ledger.v1.DistributionPayment"),
          "<td class=\"name\">", Escape(name), "</td><td>",
          UintFigure(at + ".2", line.basis(), views::BasisLabel(line.basis())), "</td><td>",
          UintFigure(at + ".3", line.quantity(), absl::StrCat(line.quantity())), "</td><td>",
          FigureHtml(at + ".4", line.category(), "string",
                     Escape(views::CategoryLabel(line.category()))),
          "</td><td class=\"num\">", FenFigure(at + ".5", line.amount_fen()), "</td><td>",
          StringFigure("5", line.payment_date()), "</td><td>", Badge(), " <span class=\"index\">#",
          line.index(), "</span></td></tr>\n");
    }
    absl::StrAppend(&out, "</tbody>\n</table>\n");
  }
  absl::StrAppend(&out, "</article>\n");
  return out;
}

}  // namespace ledger::http
