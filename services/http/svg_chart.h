#ifndef SERVICES_HTTP_SVG_CHART_H_
#define SERVICES_HTTP_SVG_CHART_H_

// Server-rendered SVG charts for the county page: no chart service, no script, no external font
// (text uses the page's font stack), black-and-white readable in print (series differ by dash
// pattern and marker, not only by colour). Coordinates are integers computed with 128-bit
// intermediate products, so figures in fen never pass through floating point.
//
//   std::string svg = BarChart("资产原值（按类别）", {{"经营性", 1'000'000, "10,000.00 元"}});
//
// Pure functions; every text is escaped.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace ledger::http {

struct Bar {
  std::string label;       // left of the bar
  int64_t value = 0;       // its length (negative values draw as 0)
  std::string value_text;  // right of the bar
};

// Horizontal bars scaled to the largest value (or `scale_max` when larger), with an optional
// vertical marker line at `marker` (e.g. the month's target) labelled `marker_label`.
std::string BarChart(absl::string_view title, const std::vector<Bar>& bars, int64_t scale_max = 0,
                     std::optional<int64_t> marker = std::nullopt,
                     absl::string_view marker_label = "");

struct Line {
  std::string label;
  std::vector<std::optional<int64_t>> points;  // one per x label; nullopt: no point
  bool dashed = false;
};

// Lines over `x_labels` from 0 to `y_max` (values above it are drawn at the top), with
// horizontal grid lines labelled by `y_tick_labels` (evenly spaced, bottom to top, the first at
// 0) and a legend.
std::string LineChart(absl::string_view title, const std::vector<std::string>& x_labels,
                      const std::vector<Line>& lines, int64_t y_max,
                      const std::vector<std::string>& y_tick_labels);

}  // namespace ledger::http

#endif  // SERVICES_HTTP_SVG_CHART_H_
