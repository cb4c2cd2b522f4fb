#include "services/http/svg_chart.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/http/html.h"

namespace ledger::http {
namespace {

constexpr int kWidth = 640;
constexpr int kLabelWidth = 150;
constexpr int kValueWidth = 150;
constexpr int kBarHeight = 22;
constexpr int kBarGap = 8;
constexpr int kTitleHeight = 28;
constexpr int kFontSize = 13;
// Series strokes, distinguishable in grey print by their dash patterns too.
constexpr const char* kStrokes[] = {"#1a5fb4", "#c01c28", "#26a269", "#986a44", "#613583"};
constexpr const char* kDashes[] = {"", "8 4", "2 3", "10 3 2 3", "4 4"};

// value * length / max, in integers; 0 when max is not positive, clamped to [0, length].
int Scale(int64_t value, int64_t max, int length) {
  if (max <= 0 || value <= 0) return 0;
  const __int128 scaled = static_cast<__int128>(value) * length / max;
  return static_cast<int>(std::min<__int128>(scaled, length));
}

std::string Open(int height, absl::string_view title) {
  return absl::StrCat(
      "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ", kWidth, " ",
      height, "\" width=\"100%\" role=\"img\" aria-label=\"", Escape(title), "\">\n<title>",
      Escape(title), "</title>\n<text x=\"0\" y=\"18\" ",
      "font-size=\"15\" font-weight=\"bold\" fill=\"#000\">", Escape(title), "</text>\n");
}

}  // namespace

std::string BarChart(absl::string_view title, const std::vector<Bar>& bars, int64_t scale_max,
                     std::optional<int64_t> marker, absl::string_view marker_label) {
  const int plot = kWidth - kLabelWidth - kValueWidth;
  int64_t max = std::max<int64_t>(scale_max, 0);
  for (const Bar& b : bars) max = std::max(max, b.value);
  if (marker) max = std::max(max, *marker);
  const int rows = static_cast<int>(bars.size());
  const int height = kTitleHeight + rows * (kBarHeight + kBarGap) + (marker ? 20 : 4);
  std::string out = Open(height, title);
  for (int i = 0; i < rows; ++i) {
    const Bar& b = bars[i];
    const int y = kTitleHeight + i * (kBarHeight + kBarGap);
    const int w = Scale(b.value, max, plot);
    absl::StrAppend(&out, "<text x=\"", kLabelWidth - 6, "\" y=\"", y + 16,
                    "\" text-anchor=\"end\" font-size=\"", kFontSize, "\" fill=\"#000\">",
                    Escape(b.label), "</text>\n<rect x=\"", kLabelWidth, "\" y=\"", y,
                    "\" width=\"", w, "\" height=\"", kBarHeight,
                    "\" fill=\"#8fb3de\" stroke=\"#1a5fb4\"/>\n<text x=\"", kLabelWidth + w + 6,
                    "\" y=\"", y + 16, "\" font-size=\"", kFontSize, "\" fill=\"#000\">",
                    Escape(b.value_text), "</text>\n");
  }
  if (marker) {
    const int x = kLabelWidth + Scale(*marker, max, plot);
    const int bottom = kTitleHeight + rows * (kBarHeight + kBarGap);
    absl::StrAppend(
        &out, "<line x1=\"", x, "\" y1=\"", kTitleHeight - 4, "\" x2=\"", x, "\" y2=\"", bottom,
        "\" stroke=\"#000\" stroke-width=\"2\" "
        "stroke-dasharray=\"6 3\"/>\n<text x=\"",
        x, "\" y=\"", bottom + 14, "\" text-anchor=\"middle\" font-size=\"12\" fill=\"#000\">",
        Escape(marker_label), "</text>\n");
  }
  absl::StrAppend(&out, "</svg>\n");
  return out;
}

std::string LineChart(absl::string_view title, const std::vector<std::string>& x_labels,
                      const std::vector<Line>& lines, int64_t y_max,
                      const std::vector<std::string>& y_tick_labels) {
  constexpr int kLeft = 56, kRight = 16, kTop = 36, kPlotHeight = 220, kXAxis = 24;
  constexpr int kLegendRow = 20;
  const int plot_width = kWidth - kLeft - kRight;
  const int legend_top = kTop + kPlotHeight + kXAxis + 8;
  const int height = legend_top + static_cast<int>(lines.size()) * kLegendRow + 4;
  std::string out = Open(height, title);
  const int ticks = static_cast<int>(y_tick_labels.size());
  for (int t = 0; t < ticks; ++t) {
    const int y = kTop + kPlotHeight - (ticks > 1 ? t * kPlotHeight / (ticks - 1) : 0);
    absl::StrAppend(&out, "<line x1=\"", kLeft, "\" y1=\"", y, "\" x2=\"", kWidth - kRight,
                    "\" y2=\"", y, "\" stroke=\"#bbb\" stroke-width=\"1\"/>\n<text x=\"", kLeft - 6,
                    "\" y=\"", y + 4, "\" text-anchor=\"end\" font-size=\"12\" fill=\"#000\">",
                    Escape(y_tick_labels[t]), "</text>\n");
  }
  const int n = static_cast<int>(x_labels.size());
  auto x_of = [&](int i) { return kLeft + (n > 1 ? i * plot_width / (n - 1) : plot_width / 2); };
  for (int i = 0; i < n; ++i) {
    absl::StrAppend(&out, "<text x=\"", x_of(i), "\" y=\"", kTop + kPlotHeight + 18,
                    "\" text-anchor=\"middle\" font-size=\"12\" fill=\"#000\">",
                    Escape(x_labels[i]), "</text>\n");
  }
  for (size_t l = 0; l < lines.size(); ++l) {
    const Line& line = lines[l];
    const char* stroke = line.dashed ? "#000" : kStrokes[l % std::size(kStrokes)];
    const char* dash = line.dashed ? "6 4" : kDashes[l % std::size(kDashes)];
    std::string points;
    std::string markers;
    for (int i = 0; i < n && i < static_cast<int>(line.points.size()); ++i) {
      if (!line.points[i]) continue;
      const int x = x_of(i);
      const int y = kTop + kPlotHeight - Scale(*line.points[i], y_max, kPlotHeight);
      absl::StrAppend(&points, points.empty() ? "" : " ", x, ",", y);
      absl::StrAppend(&markers, "<circle cx=\"", x, "\" cy=\"", y, "\" r=\"3\" fill=\"", stroke,
                      "\"/>\n");
    }
    absl::StrAppend(&out, "<polyline points=\"", points, "\" fill=\"none\" stroke=\"", stroke,
                    "\" stroke-width=\"2\"",
                    *dash ? absl::StrCat(" stroke-dasharray=\"", dash, "\"") : "", "/>\n", markers);
    const int ly = legend_top + static_cast<int>(l) * kLegendRow;
    absl::StrAppend(&out, "<line x1=\"", kLeft, "\" y1=\"", ly + 8, "\" x2=\"", kLeft + 30,
                    "\" y2=\"", ly + 8, "\" stroke=\"", stroke, "\" stroke-width=\"2\"",
                    *dash ? absl::StrCat(" stroke-dasharray=\"", dash, "\"") : "", "/>\n<text x=\"",
                    kLeft + 38, "\" y=\"", ly + 12, "\" font-size=\"12\" fill=\"#000\">",
                    Escape(line.label), "</text>\n");
  }
  absl::StrAppend(&out, "</svg>\n");
  return out;
}

}  // namespace ledger::http
