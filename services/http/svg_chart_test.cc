#include "services/http/svg_chart.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace ledger::http {
namespace {

TEST(BarChart, BarsAreScaledToTheLargestValueAndLabelsEscaped) {
  const std::string svg =
      BarChart("资产<原值>",
               {{"经营性", 300, "3.00 元"}, {"公益性", 150, "1.50 元"}, {"到户类", 0, "0.00 元"}});
  // The plot is 640 - 150 - 150 = 340 wide: the largest bar fills it, the half bar half of it.
  EXPECT_NE(svg.find("width=\"340\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("width=\"170\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("width=\"0\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("资产&lt;原值&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("资产<原值>"), std::string::npos);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
}

TEST(BarChart, HugeFenValuesDoNotOverflow) {
  const int64_t max = std::numeric_limits<int64_t>::max();
  const std::string svg = BarChart("t", {{"a", max, "x"}, {"b", max / 2, "y"}});
  EXPECT_NE(svg.find("width=\"340\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("width=\"169\""), std::string::npos) << svg;  // (max/2)*340/max, rounded down
}

TEST(BarChart, TheMarkerIsAVerticalLineAtItsValue) {
  const std::string svg = BarChart("t", {{"a", 5000, "50%"}}, 10000, 2500, "目标 25%");
  EXPECT_NE(svg.find("<line x1=\"235\""), std::string::npos) << svg;  // 150 + 340/4
  EXPECT_NE(svg.find("目标 25%"), std::string::npos);
}

TEST(LineChart, PointsFollowTheValuesAndMissingOnesAreSkipped) {
  const std::string svg = LineChart(
      "进度", {"1月", "2月", "3月"},
      {{"中央", {0, 5000, 10000}, false}, {"目标", {std::nullopt, 2500, std::nullopt}, true}},
      10000, {"0%", "100%"});
  // x from 56 to 624 over three labels; y from 256 (0) up to 36 (10000).
  EXPECT_NE(svg.find("points=\"56,256 340,146 624,36\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("points=\"340,201\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("stroke-dasharray=\"6 4\""), std::string::npos);  // the target is dashed
  EXPECT_NE(svg.find(">中央</text>"), std::string::npos);              // legend
}

TEST(LineChart, ValuesAboveTheTopAreDrawnAtTheTop) {
  const std::string svg = LineChart("t", {"1", "2"}, {{"a", {20000, 0}, false}}, 10000, {"0"});
  EXPECT_NE(svg.find("points=\"56,36 624,256\""), std::string::npos) << svg;
}

}  // namespace
}  // namespace ledger::http
