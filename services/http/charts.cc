#include "services/http/charts.h"

#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/state/fund_state.h"
#include "ledger/views/labels.h"
#include "ledger/views/projections.h"
#include "services/http/html.h"
#include "services/http/svg_chart.h"

namespace ledger::http {
namespace {

constexpr int64_t kFullBp = 10000;

std::string ProgressSection(const state::LedgerState& s, uint32_t year) {
  std::set<v1::FundSource> sources;
  for (const auto& [id, r] : s.funds().receipts()) {
    if (r.year() == year) sources.insert(r.source());
  }
  const v1::Progress total = views::SpendingProgress(s, year, v1::FUND_SOURCE_UNSPECIFIED);
  std::vector<std::string> months;
  for (int m = 1; m <= 12; ++m) months.push_back(absl::StrCat(m, "月"));
  std::vector<Line> lines;
  std::vector<Bar> bars;
  std::string table = absl::StrCat(
      "<table class=\"figures\">\n<caption>", year,
      " 年支出进度（累计支出 ÷ 到位资金）</caption>\n<thead><tr><th>资金来源</th><th>到位资金</th>"
      "<th>累计支出</th><th>进度</th></tr></thead>\n<tbody>\n");
  auto add = [&](const std::string& label, const v1::Progress& p) {
    Line line{.label = label, .points = {}, .dashed = false};
    for (const v1::MonthProgress& m : p.months()) line.points.push_back(m.progress_bp());
    lines.push_back(std::move(line));
    const v1::MonthProgress& last = p.months(p.months_size() - 1);
    bars.push_back(Bar{
        .label = label, .value = last.progress_bp(), .value_text = Percent(last.progress_bp())});
    absl::StrAppend(&table, "<tr><td>", Escape(label), "</td><td class=\"num\">",
                    Escape(Yuan(p.received_fen())), "</td><td class=\"num\">",
                    Escape(Yuan(last.paid_fen())), "</td><td class=\"num\">",
                    Percent(last.progress_bp()), "</td></tr>\n");
  };
  for (v1::FundSource source : sources) {
    add(views::FundSourceLabel(source), views::SpendingProgress(s, year, source));
  }
  if (sources.size() != 1) add("合计", total);
  Line target{.label = "目标进度", .points = {}, .dashed = true};
  bool has_target = false;
  for (const v1::MonthProgress& m : total.months()) {
    target.points.push_back(m.has_target() ? std::optional<int64_t>(m.target_bp()) : std::nullopt);
    has_target = has_target || m.has_target();
  }
  if (has_target) lines.push_back(std::move(target));
  absl::StrAppend(&table, "</tbody>\n</table>\n");
  std::string out = absl::StrCat("<section id=\"progress\">\n<h2>支出进度（", year, " 年）</h2>\n");
  if (sources.empty()) {
    absl::StrAppend(&out, "<p class=\"empty\">", year, " 年没有到位资金。</p>\n</section>\n");
    return out;
  }
  absl::StrAppend(&out,
                  LineChart(absl::StrCat(year, " 年各月累计支出进度"), months, lines, kFullBp,
                            {"0%", "25%", "50%", "75%", "100%"}),
                  BarChart(absl::StrCat(year, " 年支出进度（按资金来源）"), bars, kFullBp), table);
  if (!has_target) absl::StrAppend(&out, "<p class=\"note\">政策未设定月度目标进度。</p>\n");
  absl::StrAppend(&out, "</section>\n");
  return out;
}

std::string TotalsSection(const v1::AssetTotals& totals, const state::LedgerState& s) {
  std::vector<Bar> by_class;
  for (const v1::ClassTotal& c : totals.total().in_service().classes()) {
    by_class.push_back(
        Bar{.label = views::ClassLabel(c.asset_class()),
            .value = c.original_value_fen(),
            .value_text = absl::StrCat(Yuan(c.original_value_fen()), "（", c.count(), " 项）")});
  }
  std::vector<Bar> by_township;
  const v1::ClassTotal& here = totals.total().in_service_here().total();
  if (here.count() > 0) {
    by_township.push_back(Bar{
        .label = "县级",
        .value = here.original_value_fen(),
        .value_text = absl::StrCat(Yuan(here.original_value_fen()), "（", here.count(), " 项）")});
  }
  for (const v1::DivisionTotals& t : totals.townships()) {
    std::string name = t.division();
    for (const auto& [id, p] : s.principals()) {
      if (p.principal.kind() == v1::PRINCIPAL_KIND_TOWNSHIP && p.principal.scope() == name) {
        name = p.principal.name();
        break;
      }
    }
    const v1::ClassTotal& all = t.in_service().total();
    by_township.push_back(Bar{
        .label = name,
        .value = all.original_value_fen(),
        .value_text = absl::StrCat(Yuan(all.original_value_fen()), "（", all.count(), " 项）")});
  }
  const v1::ClassTotal& all = totals.total().in_service().total();
  return absl::StrCat("<section id=\"asset-totals\">\n<h2>资产总量（在用，原值）</h2>\n<p>共 ",
                      all.count(), " 项，原值 ", Escape(Yuan(all.original_value_fen())),
                      "；已处置 ", totals.total().disposed().total().count(), " 项。</p>\n",
                      BarChart("资产原值（按类别）", by_class),
                      BarChart("资产原值（按乡镇，县级资产单列）", by_township), "</section>\n");
}

}  // namespace

uint32_t LatestReceiptYear(const state::LedgerState& state, uint32_t fallback) {
  uint32_t year = 0;
  for (const auto& [id, r] : state.funds().receipts()) year = std::max(year, r.year());
  return year == 0 ? fallback : year;
}

absl::StatusOr<std::string> CountyCharts(const state::LedgerState& state, uint32_t year) {
  absl::StatusOr<v1::AssetTotals> totals = views::AssetTotals(state, "");
  if (!totals.ok()) return totals.status();
  return absl::StrCat(ProgressSection(state, year), TotalsSection(*totals, state));
}

}  // namespace ledger::http
