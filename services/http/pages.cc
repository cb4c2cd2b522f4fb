#include "services/http/pages.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "ledger/state/asset_state.h"
#include "ledger/state/civil_date.h"
#include "ledger/state/distribution_state.h"
#include "ledger/state/fund_state.h"
#include "ledger/state/income_state.h"
#include "ledger/views/labels.h"
#include "ledger/views/notice_board.h"
#include "ledger/views/projections.h"
#include "services/http/charts.h"
#include "services/http/html.h"
#include "services/http/notice_html.h"
#include "services/logs/reads.h"

namespace ledger::http {
namespace {

// A board shows every notice in force but only the latest past ones, so that a county's board
// after years of notices stays a page a phone can load; older ones are on the board of an
// earlier date.
constexpr size_t kPastNoticesShownMax = 60;

// What every page of a log shows in its frame.
struct LogFacts {
  std::string origin;
  std::string vkey;
  std::string county_name;
  std::string county_code;
  uint64_t tree_size = 0;
  // Division code -> name, for every township and village the log mentions.
  std::map<std::string, std::string> names;
};

void AddDivision(std::map<std::string, std::string>& names, const std::string& code,
                 const std::string& name) {
  if (code.size() != 9 && code.size() != 12) return;
  if (code.size() == 12) names.try_emplace(code.substr(0, 9), "");
  auto [it, inserted] = names.try_emplace(code, name);
  if (it->second.empty()) it->second = name;
}

// The townships and villages a log mentions, named after the principal that acts for them (a
// township government, a village committee) or else the collective that owns assets there.
std::map<std::string, std::string> DivisionNames(const state::LedgerState& s) {
  std::map<std::string, std::string> names;
  for (const auto& [id, p] : s.principals()) {
    const v1::Principal& pr = p.principal;
    if (pr.kind() == v1::PRINCIPAL_KIND_TOWNSHIP ||
        pr.kind() == v1::PRINCIPAL_KIND_VILLAGE_COMMITTEE) {
      AddDivision(names, pr.scope(), pr.name());
    }
  }
  for (const auto& [code, a] : s.assets().assets()) {
    for (const v1::PartyShare& o : a.owners()) {
      if (o.party().kind() == v1::PARTY_KIND_TOWNSHIP ||
          o.party().kind() == v1::PARTY_KIND_VILLAGE_COLLECTIVE) {
        AddDivision(names, o.party().division(), o.party().name());
      }
    }
    AddDivision(names, a.registration.location(), "");
  }
  for (const auto& [id, p] : s.funds().projects())
    AddDivision(names, p.registration.location(), "");
  for (const auto& p : s.distributions().plans()) {
    AddDivision(names, p.second.plan.owner().division(), p.second.plan.owner().name());
  }
  return names;
}

std::string NameOf(const LogFacts& facts, const std::string& code) {
  if (code == facts.county_code) return facts.county_name;
  auto it = facts.names.find(code);
  if (it == facts.names.end() || it->second.empty()) return code;
  return it->second;
}

std::string CountyLink(const LogFacts& f) {
  return absl::StrCat("<a href=\"/county?log=", UrlEncode(f.origin), "\">", Escape(f.county_name),
                      "</a>");
}
std::string DivisionLink(const LogFacts& f, const std::string& code) {
  const char* page = code.size() == 9 ? "township" : "village";
  return absl::StrCat("<a href=\"/", page, "?log=", UrlEncode(f.origin), "&amp;division=", code,
                      "\">", Escape(NameOf(f, code)), "</a>");
}
std::string BoardLink(const LogFacts& f, const std::string& code, absl::string_view text) {
  return absl::StrCat("<a href=\"/village?log=", UrlEncode(f.origin), "&amp;division=", code, "\">",
                      text, "</a>");
}
std::string Crumbs(const LogFacts& f, const std::string& division) {
  std::string out = absl::StrCat("<a href=\"/\">首页</a> › ", CountyLink(f));
  if (division.size() >= 9) absl::StrAppend(&out, " › ", DivisionLink(f, division.substr(0, 9)));
  if (division.size() == 12) absl::StrAppend(&out, " › ", DivisionLink(f, division));
  return out;
}

// The log named by the `log` parameter; 400 without it, 404 for an unknown one.
absl::StatusOr<sequencer::LogSequencer*> FindLog(const BoardSources& sources, const Query& query) {
  absl::StatusOr<std::string> origin = RequiredParam(query, "log");
  if (!origin.ok()) return origin.status();
  return sources.logs.Find(*origin);
}

LogFacts FactsOf(const sequencer::LogSequencer& log, const state::LedgerState& s) {
  return LogFacts{.origin = log.log().origin,
                  .vkey = log.log().verifier_key,
                  .county_name = s.division_name().empty() ? s.division_code() : s.division_name(),
                  .county_code = s.division_code(),
                  .tree_size = log.LatestCheckpoint().tree_size,
                  .names = DivisionNames(s)};
}

PageHead HeadFor(const LogFacts& f, std::string title) {
  return PageHead{.title = std::move(title), .origin = f.origin, .vkey = f.vkey, .print = false};
}

HttpReply Page(std::string body) {
  return HttpReply{
      .status = 200, .content_type = kHtmlType, .body = std::move(body), .cache_control = kNoStore};
}

// ---- The assets of a village board ----

struct AssetView {
  v1::AssetRegistration registration;
  uint64_t index = 0;
  v1::AssetStatus status = v1::ASSET_STATUS_UNSPECIFIED;
  std::optional<state::RightBinding> ownership;
  std::optional<state::OperationContractRecord> contract;  // the latest
  std::vector<state::IncomeEntry> incomes;                 // in log order
};

bool OwnedBy(const state::AssetRecord& a, const std::string& division) {
  for (const v1::PartyShare& o : a.owners()) {
    if (o.party().division() == division && o.party().kind() != v1::PARTY_KIND_HOUSEHOLD) {
      return true;
    }
  }
  return false;
}

std::vector<AssetView> AssetsOf(const state::LedgerState& s, const std::string& division) {
  std::vector<AssetView> out;
  for (const auto& [code, a] : s.assets().assets()) {
    if (a.registration.location() != division && !OwnedBy(a, division)) continue;
    AssetView v{.registration = a.registration,
                .index = a.registered_at,
                .status = a.status,
                .ownership = std::nullopt,
                .contract = std::nullopt,
                .incomes = {}};
    if (const state::RightBinding* b = a.LatestBinding(v1::RIGHT_KIND_OWNERSHIP); b != nullptr) {
      v.ownership = *b;
    }
    if (!a.contract_ids.empty()) {
      auto it = s.assets().contracts().find(a.contract_ids.back());
      if (it != s.assets().contracts().end()) v.contract = it->second;
    }
    for (const std::string& id : s.incomes().IncomesOf(code)) {
      if (const state::IncomeEntry* e = s.incomes().FindIncome(id); e != nullptr) {
        v.incomes.push_back(*e);
      }
    }
    out.push_back(std::move(v));
  }
  return out;
}

// A public party by name; a household by kind only (its reference is a pseudonym).
std::string PartyText(const v1::Party& p) {
  if (p.kind() == v1::PARTY_KIND_HOUSEHOLD) return "农户";
  return p.name().empty() ? p.division() : p.name();
}

std::string Kv(absl::string_view label, absl::string_view value_html) {
  return absl::StrCat("<div class=\"kv\"><span class=\"k\">", label, "</span><span class=\"v\">",
                      value_html, "</span></div>\n");
}

std::string AssetHtml(const AssetView& v) {
  const v1::AssetRegistration& r = v.registration;
  std::string out = absl::StrCat("<article class=\"asset\" id=\"a", v.index, "\">\n");
  absl::StrAppend(&out, RecordOpen("div", "registration", v.index, "ledger.v1.AssetRegistration"),
                  "\n<h3>", StringFigure("3", r.name()), " ", Badge(), "</h3>\n");
  absl::StrAppend(&out, Kv("资产编号", StringFigure("2", r.asset_code())));
  absl::StrAppend(
      &out, Kv("资产类别", UintFigure("4", r.asset_class(), views::ClassLabel(r.asset_class()))));
  absl::StrAppend(
      &out, Kv("资产种类", UintFigure("5", r.category(), views::CategoryLabel(r.category()))));
  absl::StrAppend(&out, Kv("原值", FenFigure("9", r.original_value_fen())));
  absl::StrAppend(&out, Kv("规模", absl::StrCat(FigureHtml("13", absl::StrCat(r.quantity()), "uint",
                                                           absl::StrCat(r.quantity())),
                                                " ", StringFigure("14", r.unit()))));
  absl::StrAppend(&out, Kv("形成日期", StringFigure("10", r.date_formed())));
  absl::StrAppend(&out, Kv("状态", Escape(views::StatusLabel(v.status))));
  absl::StrAppend(&out, Kv("日志索引", absl::StrCat("<span class=\"index\">#", v.index, "</span>")),
                  "</div>\n");
  if (v.ownership) {
    const state::RightBinding& b = *v.ownership;
    std::string owners;
    for (size_t i = 0; i < b.holders.size(); ++i) {
      const std::string at = absl::StrCat("3[", i, "]");
      const v1::PartyShare& h = b.holders[i];
      absl::StrAppend(
          &owners, i > 0 ? "；" : "",
          h.party().kind() == v1::PARTY_KIND_HOUSEHOLD
              ? Escape(PartyText(h.party()))
              : FigureHtml(at + ".1.4", h.party().name(), "string", Escape(PartyText(h.party()))),
          "（", Escape(views::PartyKindLabel(h.party().kind())), "，",
          FigureHtml(at + ".2", absl::StrCat(h.share_bp()), "uint", Escape(Percent(h.share_bp()))),
          "）");
    }
    absl::StrAppend(
        &out, RecordOpen("div", "ownership", b.index, "ledger.v1.OwnershipConfirmation"),
        "\n<h4>所有权 <span class=\"index\">#", b.index, "</span> ", Badge(), "</h4>\n",
        Kv("所有者", owners), Kv("确权日期", StringFigure("6", b.valid_from)), "</div>\n");
  }
  if (v.contract) {
    const v1::OperationContract& c = v.contract->contract;
    absl::StrAppend(
        &out, RecordOpen("div", "operation", v.contract->index, "ledger.v1.OperationContract"),
        "\n<h4>经营 <span class=\"index\">#", v.contract->index, "</span> ", Badge(), "</h4>\n",
        Kv("经营主体", c.operator_().kind() == v1::PARTY_KIND_HOUSEHOLD
                           ? Escape(PartyText(c.operator_()))
                           : FigureHtml("4.4", c.operator_().name(), "string",
                                        Escape(PartyText(c.operator_())))),
        Kv("经营方式", UintFigure("5", c.mode(), views::ModeLabel(c.mode()))),
        Kv("期限", absl::StrCat(StringFigure("6", c.start_date()), " 至 ",
                                StringFigure("7", c.end_date()))),
        Kv("年租金", FenFigure("8", c.annual_rent_fen())), "</div>\n");
  }
  if (!v.incomes.empty()) {
    absl::StrAppend(
        &out,
        "<table class=\"incomes\">\n<caption>收益记录</caption>\n<thead><tr>"
        "<th>期间</th><th>总收入</th><th>净收益</th><th>发电量(kWh)</th><th>入账日期</th>"
        "<th>核验</th></tr></thead>\n<tbody>\n");
    for (const state::IncomeEntry& e : v.incomes) {
      const v1::IncomeRecord& r = e.record;
      absl::StrAppend(&out, RecordOpen("tr", "income", e.index, "ledger.v1.IncomeRecord"), "<td>",
                      StringFigure("4", r.period_start()), " 至 ",
                      StringFigure("5", r.period_end()), "</td><td class=\"num\">",
                      FenFigure("6", r.gross_income_fen()), "</td><td class=\"num\">",
                      FenFigure("10", r.net_income_fen()), "</td><td class=\"num\">",
                      FigureHtml("14", absl::StrCat(r.generation_kwh()), "uint",
                                 absl::StrCat(r.generation_kwh())),
                      "</td><td>", StringFigure("13", r.received_date()), "</td><td>", Badge(),
                      " <span class=\"index\">#", e.index, "</span></td></tr>\n");
    }
    absl::StrAppend(&out, "</tbody>\n</table>\n");
  }
  absl::StrAppend(&out, "</article>\n");
  return out;
}

}  // namespace

HttpReply IndexPage(const BoardSources& sources, const Query& /*query*/) {
  const PageHead head{.title = "村务公开栏", .origin = "", .vkey = "", .print = false};
  std::string body = PageStart(head, "");
  absl::StrAppend(&body, "<section>\n<h2>县（市、区）</h2>\n<ul class=\"divisions\">\n");
  for (const std::string& origin : sources.logs.Origins()) {
    absl::StatusOr<sequencer::LogSequencer*> log = sources.logs.Find(origin);
    if (!log.ok()) continue;
    std::string name;
    (*log)->ReadState([&](const state::LedgerState& s) { name = s.division_name(); });
    absl::StrAppend(&body, "<li><a href=\"/county?log=", UrlEncode(origin), "\">",
                    Escape(name.empty() ? origin : name), "</a> <code>", Escape(origin),
                    "</code></li>\n");
  }
  absl::StrAppend(&body, "</ul>\n</section>\n", PageEnd(head));
  return Page(std::move(body));
}

HttpReply CountyPage(const BoardSources& sources, const Query& query) {
  absl::StatusOr<sequencer::LogSequencer*> log = FindLog(sources, query);
  if (!log.ok()) return HtmlError(log.status());
  absl::StatusOr<std::string> year_text = OptionalParam(query, "year");
  if (!year_text.ok()) return HtmlError(year_text.status());
  uint32_t year = 0;
  if (!year_text->empty() && (!absl::SimpleAtoi(*year_text, &year) || year < 2000 || year > 2099)) {
    return HtmlError(absl::InvalidArgumentError(
        absl::StrCat("year \"", *year_text, "\" is not a year from 2000 to 2099")));
  }
  LogFacts facts;
  std::string charts;
  absl::Status status;
  (*log)->ReadState([&](const state::LedgerState& s) {
    facts = FactsOf(**log, s);
    if (year == 0) {
      uint32_t this_year = 0;
      (void)absl::SimpleAtoi(logs::TodayInShanghai().substr(0, 4), &this_year);
      year = LatestReceiptYear(s, this_year);
    }
    absl::StatusOr<std::string> c = CountyCharts(s, year);
    if (c.ok()) {
      charts = *std::move(c);
    } else {
      status = c.status();
    }
  });
  if (!status.ok()) return HtmlError(status);
  const PageHead head = HeadFor(facts, absl::StrCat(facts.county_name, " 公示栏"));
  std::string body = PageStart(head, "<a href=\"/\">首页</a>");
  absl::StrAppend(&body, "<p class=\"meta\">日志 <code>", Escape(facts.origin), "</code> · 共 ",
                  facts.tree_size, " 条记录 · ", BoardLink(facts, facts.county_code, "县级公示"),
                  "</p>\n<section>\n<h2>乡镇</h2>\n<ul class=\"divisions\">\n");
  for (const auto& [code, name] : facts.names) {
    if (code.size() != 9) continue;
    absl::StrAppend(&body, "<li>", DivisionLink(facts, code), " <code>", code, "</code></li>\n");
  }
  absl::StrAppend(&body, "</ul>\n</section>\n", charts, PageEnd(head));
  return Page(std::move(body));
}

HttpReply TownshipPage(const BoardSources& sources, const Query& query) {
  absl::StatusOr<sequencer::LogSequencer*> log = FindLog(sources, query);
  if (!log.ok()) return HtmlError(log.status());
  absl::StatusOr<std::string> division = RequiredParam(query, "division");
  if (!division.ok()) return HtmlError(division.status());
  LogFacts facts;
  (*log)->ReadState([&](const state::LedgerState& s) { facts = FactsOf(**log, s); });
  if (division->size() != 9 || !views::IsDivisionCode(*division) ||
      !absl::StartsWith(*division, facts.county_code)) {
    return HtmlError(absl::InvalidArgumentError(absl::StrCat(
        "division \"", *division, "\" is not a 9-digit township code under ", facts.county_code)));
  }
  const PageHead head = HeadFor(facts, absl::StrCat(NameOf(facts, *division), " 公示栏"));
  std::string body = PageStart(head, absl::StrCat("<a href=\"/\">首页</a> › ", CountyLink(facts)));
  absl::StrAppend(&body, "<p class=\"meta\">", BoardLink(facts, *division, "乡镇公示"),
                  "</p>\n<section>\n<h2>村</h2>\n<ul class=\"divisions\">\n");
  for (const auto& [code, name] : facts.names) {
    if (code.size() != 12 || !absl::StartsWith(code, *division)) continue;
    absl::StrAppend(&body, "<li>", DivisionLink(facts, code), " <code>", code, "</code></li>\n");
  }
  absl::StrAppend(&body, "</ul>\n</section>\n", PageEnd(head));
  return Page(std::move(body));
}

HttpReply VillagePage(const BoardSources& sources, const Query& query) {
  absl::StatusOr<sequencer::LogSequencer*> log = FindLog(sources, query);
  if (!log.ok()) return HtmlError(log.status());
  absl::StatusOr<std::string> division = RequiredParam(query, "division");
  if (!division.ok()) return HtmlError(division.status());
  absl::StatusOr<std::string> date = OptionalParam(query, "date");
  if (!date.ok()) return HtmlError(date.status());
  if (date->empty()) *date = logs::TodayInShanghai();
  LogFacts facts;
  absl::StatusOr<v1::NoticeBoard> board = absl::InternalError("the log has no state");
  std::vector<NoticeView> notices;
  std::vector<AssetView> assets;
  (*log)->ReadState([&](const state::LedgerState& s) {
    facts = FactsOf(**log, s);
    board = views::NoticeBoard(s, *division, *date);
    if (!board.ok()) return;
    for (const auto* list : {&board->in_force(), &board->past()}) {
      for (const v1::Notice& n : *list) {
        notices.push_back(NoticeView{.notice = n, .subject = SubjectRecordOf(s, n.announcement())});
      }
    }
    assets = AssetsOf(s, *division);
  });
  if (!board.ok()) return HtmlError(board.status());
  // Names come from the registry, outside the state's lock.
  v1::NoticeBoard masked;
  for (const NoticeView& v : notices) *masked.add_in_force() = v.notice;
  if (absl::Status st = views::MaskNoticeBoardNames(sources.names, facts.origin, &masked);
      !st.ok()) {
    return HtmlError(st);
  }
  for (size_t i = 0; i < notices.size(); ++i) notices[i].notice = masked.in_force(i);

  const PageHead head = HeadFor(facts, absl::StrCat(NameOf(facts, *division), " 村务公开栏"));
  std::string body = PageStart(head, Crumbs(facts, *division));
  absl::StrAppend(&body, "<p class=\"meta\">公示日期 ", Escape(*date), " · 日志 <code>",
                  Escape(facts.origin), "</code> · 检查点 ", facts.tree_size, " 条</p>\n");
  const int in_force = board->in_force_size();
  absl::StrAppend(&body, "<section id=\"in-force\">\n<h2>正在公示（", in_force, "）</h2>\n");
  if (in_force == 0) absl::StrAppend(&body, "<p class=\"empty\">目前没有正在公示的事项。</p>\n");
  for (int i = 0; i < in_force; ++i)
    absl::StrAppend(&body, NoticeHtml(notices[i], facts.origin, false));
  absl::StrAppend(&body, "</section>\n<section id=\"past\">\n<h2>往期公示（", board->past_size(),
                  "）</h2>\n");
  const size_t past_end = std::min(notices.size(), in_force + kPastNoticesShownMax);
  for (size_t i = in_force; i < past_end; ++i) {
    absl::StrAppend(&body, NoticeHtml(notices[i], facts.origin, false));
  }
  if (past_end < notices.size()) {
    absl::StrAppend(&body, "<p class=\"note\">另有 ", notices.size() - past_end,
                    " 条更早的公示未显示；在地址中加上 date=YYYY-MM-DD 可查看当日的公示栏。</p>\n");
  }
  absl::StrAppend(&body, "</section>\n<section id=\"assets\">\n<h2>资产台账（", assets.size(),
                  "）</h2>\n");
  for (const AssetView& a : assets) absl::StrAppend(&body, AssetHtml(a));
  absl::StrAppend(&body, "</section>\n", PageEnd(head));
  return Page(std::move(body));
}

HttpReply HtmlError(const absl::Status& status) {
  const PageHead head{.title = "无法显示", .origin = "", .vkey = "", .print = false};
  return HttpReply{
      .status = HttpStatusOf(status.code()),
      .content_type = kHtmlType,
      .body = absl::StrCat(PageStart(head, "<a href=\"/\">首页</a>"), "<p class=\"error\">",
                           Escape(status.message()), "</p>\n", PageEnd(head)),
      .cache_control = kNoStore};
}

}  // namespace ledger::http
