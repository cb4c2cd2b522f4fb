#ifndef LEDGER_VIEWS_LABELS_H_
#define LEDGER_VIEWS_LABELS_H_

// Chinese labels of the protocol's enums, as villagers and clerks read them: one place for
// ledgerctl's tables and CSV and the web notice board (services/http/), so both say the same.
//
//   ClassLabel(v1::ASSET_CLASS_OPERATIONAL) == "经营性"
//   CategoryLabel("public_welfare_post_wages") == "公益岗位工资"
//
// Pure functions; "-" for UNSPECIFIED and unknown values.

#include <initializer_list>
#include <string>
#include <utility>

#include "ledger/v1/assets.pb.h"
#include "ledger/v1/funds.pb.h"
#include "ledger/v1/income.pb.h"

namespace ledger::views {

// The label of `value` in `labels`, "-" when it is not there: how every label below is made, and
// how ledgerctl labels the enums only it shows.
template <typename Enum>
std::string Label(Enum value, std::initializer_list<std::pair<Enum, const char*>> labels) {
  for (const auto& [v, label] : labels) {
    if (v == value) return label;
  }
  return "-";
}

std::string ClassLabel(v1::AssetClass c);             // 资产类别
std::string CategoryLabel(v1::AssetCategory c);       // 资产种类
std::string StatusLabel(v1::AssetStatus s);           // 资产状态
std::string PartyKindLabel(v1::PartyKind k);          // 县级, 乡级, 村级 …
std::string ModeLabel(v1::OperationMode m);           // 经营方式
std::string SubjectLabel(v1::AnnouncementSubject s);  // 公示类别
std::string ChannelLabel(v1::AnnouncementChannel c);  // 公示渠道
std::string BasisLabel(v1::DistributionBasis b);      // 分配依据
// 公益岗位工资 for public_welfare_post_wages, and so on for the categories the rules name; other
// codes as they are.
std::string CategoryLabel(const std::string& category);
std::string FundSourceLabel(v1::FundSource source);  // 资金来源, 中央衔接资金 …

}  // namespace ledger::views

#endif  // LEDGER_VIEWS_LABELS_H_
