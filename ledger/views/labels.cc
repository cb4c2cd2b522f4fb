#include "ledger/views/labels.h"

namespace ledger::views {

std::string ClassLabel(v1::AssetClass c) {
  return Label(c, {{v1::ASSET_CLASS_OPERATIONAL, "经营性"},
                   {v1::ASSET_CLASS_PUBLIC_BENEFIT, "公益性"},
                   {v1::ASSET_CLASS_HOUSEHOLD, "到户类"}});
}

std::string CategoryLabel(v1::AssetCategory c) {
  return Label(c, {{v1::ASSET_CATEGORY_PHOTOVOLTAIC_STATION, "光伏电站"},
                   {v1::ASSET_CATEGORY_WORKSHOP, "扶贫车间"},
                   {v1::ASSET_CATEGORY_COLD_STORE, "冷库"},
                   {v1::ASSET_CATEGORY_GREENHOUSE, "大棚"},
                   {v1::ASSET_CATEGORY_MACHINERY, "农机设备"},
                   {v1::ASSET_CATEGORY_ROAD, "道路"},
                   {v1::ASSET_CATEGORY_BRIDGE, "桥梁"},
                   {v1::ASSET_CATEGORY_WATER_SUPPLY, "供水饮水"},
                   {v1::ASSET_CATEGORY_IRRIGATION, "农田水利"},
                   {v1::ASSET_CATEGORY_LIVESTOCK, "牲畜"},
                   {v1::ASSET_CATEGORY_EQUITY, "股权"},
                   {v1::ASSET_CATEGORY_SHOP, "商铺"},
                   {v1::ASSET_CATEGORY_TOURISM_FACILITY, "旅游设施"},
                   {v1::ASSET_CATEGORY_PUBLIC_FACILITY, "村级公共服务设施"},
                   {v1::ASSET_CATEGORY_HOUSEHOLD_PHOTOVOLTAIC, "户用光伏"},
                   {v1::ASSET_CATEGORY_OTHER, "其他"}});
}

std::string StatusLabel(v1::AssetStatus s) {
  return Label(s, {{v1::ASSET_STATUS_REGISTERED, "已登记"},
                   {v1::ASSET_STATUS_CONFIRMED, "已确权"},
                   {v1::ASSET_STATUS_HANDED_OVER, "已移交"},
                   {v1::ASSET_STATUS_IN_OPERATION, "运营中"},
                   {v1::ASSET_STATUS_DISPOSAL_PENDING, "处置中"},
                   {v1::ASSET_STATUS_SUSPENDED, "已报停"},
                   {v1::ASSET_STATUS_DISPOSED, "已处置"}});
}

std::string PartyKindLabel(v1::PartyKind k) {
  return Label(k, {{v1::PARTY_KIND_COUNTY, "县级"},
                   {v1::PARTY_KIND_TOWNSHIP, "乡级"},
                   {v1::PARTY_KIND_VILLAGE_COLLECTIVE, "村级"},
                   {v1::PARTY_KIND_HOUSEHOLD, "农户"},
                   {v1::PARTY_KIND_ORGANISATION, "组织"}});
}

std::string ModeLabel(v1::OperationMode m) {
  return Label(m, {{v1::OPERATION_MODE_SELF_OPERATED, "自营"},
                   {v1::OPERATION_MODE_LEASE, "出租"},
                   {v1::OPERATION_MODE_CONTRACTING, "承包"},
                   {v1::OPERATION_MODE_EQUITY, "入股"},
                   {v1::OPERATION_MODE_ENTRUSTED, "委托经营"}});
}

std::string SubjectLabel(v1::AnnouncementSubject s) {
  switch (s) {
    case v1::ANNOUNCEMENT_SUBJECT_PROJECT_BEFORE:
      return "项目事前公示";
    case v1::ANNOUNCEMENT_SUBJECT_PROJECT_AFTER:
      return "项目事后公告";
    case v1::ANNOUNCEMENT_SUBJECT_ASSET_LEDGER:
      return "资产台账";
    case v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_PLAN:
      return "收益分配方案";
    case v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_RESULT:
      return "收益分配结果";
    case v1::ANNOUNCEMENT_SUBJECT_DISPOSAL_DECISION:
      return "资产处置决定";
    case v1::ANNOUNCEMENT_SUBJECT_DISPOSAL_RESULT:
      return "资产处置结果";
    default:
      return "-";
  }
}

std::string ChannelLabel(v1::AnnouncementChannel c) {
  switch (c) {
    case v1::ANNOUNCEMENT_CHANNEL_WEBSITE:
      return "政府网站";
    case v1::ANNOUNCEMENT_CHANNEL_VILLAGE_BOARD:
      return "村务公开栏";
    case v1::ANNOUNCEMENT_CHANNEL_PROJECT_SITE:
      return "项目现场";
    default:
      return "-";
  }
}

std::string BasisLabel(v1::DistributionBasis b) {
  switch (b) {
    case v1::DISTRIBUTION_BASIS_POST:
      return "公益岗位(月)";
    case v1::DISTRIBUTION_BASIS_LABOUR_DAYS:
      return "劳务(天)";
    case v1::DISTRIBUTION_BASIS_SHARE:
      return "股份(份)";
    default:
      return "-";
  }
}

std::string CategoryLabel(const std::string& category) {
  static constexpr std::pair<const char*, const char*> kLabels[] = {
      {"public_welfare_post_wages", "公益岗位工资"},
      {"public_welfare_labour", "公益事业劳务"},
      {"small_public_works", "小型公益事业"},
      {"rewards_subsidies", "奖励补助"},
      {"maintenance_reserve", "管护储备"},
      {"collective_economy", "村集体经济"},
      {"relief", "救助"},
  };
  for (const auto& [code, label] : kLabels) {
    if (category == code) return label;
  }
  return category;
}

std::string FundSourceLabel(v1::FundSource source) {
  return Label(source, {{v1::FUND_SOURCE_CENTRAL_LINKAGE, "中央衔接资金"},
                        {v1::FUND_SOURCE_PROVINCIAL_LINKAGE, "省级衔接资金"},
                        {v1::FUND_SOURCE_MUNICIPAL_LINKAGE, "市级衔接资金"},
                        {v1::FUND_SOURCE_COUNTY_LINKAGE, "县级衔接资金"},
                        {v1::FUND_SOURCE_INTEGRATED_AGRICULTURE, "涉农整合资金"},
                        {v1::FUND_SOURCE_GOVERNMENT_BOND, "政府债券"},
                        {v1::FUND_SOURCE_EAST_WEST_COOPERATION, "东西部协作资金"},
                        {v1::FUND_SOURCE_TARGETED_ASSISTANCE, "定点帮扶资金"},
                        {v1::FUND_SOURCE_SOCIAL_DONATION, "社会捐赠"},
                        {v1::FUND_SOURCE_LOAN, "贷款"},
                        {v1::FUND_SOURCE_OTHER, "其他"}});
}

}  // namespace ledger::views
