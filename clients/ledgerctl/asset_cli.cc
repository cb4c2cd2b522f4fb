#include "clients/ledgerctl/asset_cli.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "ledger/crypto/sha256.h"

namespace ledger::ledgerctl {

const char kPartySyntax[] =
    "county:<6 digits>:<name> | township:<9 digits>:<name> | village:<12 digits>:<name> "
    "(the village collective) | household:<12-digit village>:<household ref> | org:<name>";

namespace {

using views::Label;

absl::Status PartyError(const std::string& flag, const std::string& text, const std::string& why) {
  return absl::InvalidArgumentError(
      absl::StrCat(flag, ": \"", text, "\" ", why, "; a party is ", kPartySyntax,
                   ", e.g. village:341721001001:大山村股份经济合作社"));
}

bool AllDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool IsId(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') {
      return false;
    }
  }
  return true;
}

struct KindSpec {
  const char* word;
  v1::PartyKind kind;
  size_t digits;  // 0: no division
};

constexpr KindSpec kKinds[] = {
    {"county", v1::PARTY_KIND_COUNTY, 6},
    {"township", v1::PARTY_KIND_TOWNSHIP, 9},
    {"village", v1::PARTY_KIND_VILLAGE_COLLECTIVE, 12},
    {"household", v1::PARTY_KIND_HOUSEHOLD, 12},
    {"org", v1::PARTY_KIND_ORGANISATION, 0},
};

}  // namespace

absl::StatusOr<v1::Party> ParseParty(const std::string& flag, const std::string& text) {
  const size_t colon = text.find(':');
  if (colon == std::string::npos) return PartyError(flag, text, "has no kind");
  const std::string word = text.substr(0, colon);
  const std::string rest = text.substr(colon + 1);
  const KindSpec* spec = nullptr;
  for (const KindSpec& k : kKinds) {
    if (word == k.word) spec = &k;
  }
  if (spec == nullptr) {
    return PartyError(flag, text,
                      absl::StrCat("has the unknown kind \"", word,
                                   "\" (county, township, village, household or org)"));
  }
  v1::Party party;
  party.set_kind(spec->kind);
  if (spec->digits == 0) {
    if (rest.empty()) return PartyError(flag, text, "has no name");
    party.set_name(rest);
    return party;
  }
  const size_t second = rest.find(':');
  const std::string division = rest.substr(0, second);
  if (!AllDigits(division) || division.size() != spec->digits) {
    return PartyError(flag, text,
                      absl::StrCat("needs a division code of ", spec->digits, " digits after \"",
                                   word, ":\", not \"", division, "\""));
  }
  party.set_division(division);
  const std::string tail = second == std::string::npos ? "" : rest.substr(second + 1);
  if (spec->kind == v1::PARTY_KIND_HOUSEHOLD) {
    if (!IsId(tail)) {
      return PartyError(flag, text,
                        "needs a household reference of 1 to 64 characters from [A-Za-z0-9._-] "
                        "after the village code (never a name or an identity number)");
    }
    party.set_household_ref(tail);
    return party;
  }
  if (tail.empty()) return PartyError(flag, text, "has no name after the division code");
  party.set_name(tail);
  return party;
}

absl::StatusOr<v1::PartyShare> ParsePartyShare(const std::string& flag, const std::string& text,
                                               uint32_t default_bp) {
  std::string party_text = text;
  uint32_t bp = default_bp;
  if (const size_t eq = text.rfind('='); eq != std::string::npos) {
    const std::string share = text.substr(eq + 1);
    uint32_t value = 0;
    if (!AllDigits(share) || !absl::SimpleAtoi(share, &value) || value == 0 || value > 10000) {
      return absl::InvalidArgumentError(
          absl::StrCat(flag, ": \"", text,
                       "\": the share after '=' must be basis points 1 to "
                       "10000 (10000 = 100 %), not \"",
                       share, "\""));
    }
    bp = value;
    party_text = text.substr(0, eq);
  }
  absl::StatusOr<v1::Party> party = ParseParty(flag, party_text);
  if (!party.ok()) return party.status();
  v1::PartyShare out;
  *out.mutable_party() = *party;
  out.set_share_bp(bp);
  return out;
}

std::string FormatParty(const v1::Party& p) {
  switch (p.kind()) {
    case v1::PARTY_KIND_COUNTY:
      return absl::StrCat("county:", p.division(), ":", p.name());
    case v1::PARTY_KIND_TOWNSHIP:
      return absl::StrCat("township:", p.division(), ":", p.name());
    case v1::PARTY_KIND_VILLAGE_COLLECTIVE:
      return absl::StrCat("village:", p.division(), ":", p.name());
    case v1::PARTY_KIND_HOUSEHOLD:
      return absl::StrCat("household:", p.division(), ":", p.household_ref());
    case v1::PARTY_KIND_ORGANISATION:
      return absl::StrCat("org:", p.name());
    default:
      return p.name();
  }
}

std::string WordsOf(const google::protobuf::EnumDescriptor* d, const std::string& prefix) {
  std::vector<std::string> words;
  for (int i = 0; i < d->value_count(); ++i) {
    if (d->value(i)->number() != 0) words.push_back(EnumWord(d->value(i)->name(), prefix));
  }
  return absl::StrJoin(words, ", ");
}

std::string FormLabel(v1::AccountingForm f) {
  return Label(f, {{v1::ACCOUNTING_FORM_FIXED, "固定资产"},
                   {v1::ACCOUNTING_FORM_BIOLOGICAL, "生物资产"},
                   {v1::ACCOUNTING_FORM_EQUITY, "权益资产"},
                   {v1::ACCOUNTING_FORM_CURRENT, "流动资产"},
                   {v1::ACCOUNTING_FORM_INTANGIBLE, "无形资产"},
                   {v1::ACCOUNTING_FORM_EXTERNAL_INVESTMENT, "对外投资"}});
}

std::string RightLabel(v1::RightKind k) {
  return Label(k, {{v1::RIGHT_KIND_OWNERSHIP, "所有权"},
                   {v1::RIGHT_KIND_OPERATION, "经营权"},
                   {v1::RIGHT_KIND_INCOME, "收益权"},
                   {v1::RIGHT_KIND_DISPOSAL, "处置权"},
                   {v1::RIGHT_KIND_SUPERVISION, "监督权"},
                   {v1::RIGHT_KIND_CUSTODY, "管护责任"}});
}

std::string SelectionLabel(v1::SelectionMethod m) {
  return Label(m, {{v1::SELECTION_METHOD_TENDER, "招标"},
                   {v1::SELECTION_METHOD_OPEN_BIDDING, "公开竞价"},
                   {v1::SELECTION_METHOD_OPEN_NEGOTIATION, "公开协商"}});
}

std::string ConditionLabel(v1::AssetCondition c) {
  return Label(c, {{v1::ASSET_CONDITION_GOOD, "完好"},
                   {v1::ASSET_CONDITION_FAIR, "一般"},
                   {v1::ASSET_CONDITION_DAMAGED, "损坏"},
                   {v1::ASSET_CONDITION_OUT_OF_SERVICE, "停用"}});
}

std::string MaintenanceFundingLabel(v1::MaintenanceFunding f) {
  return Label(f, {{v1::MAINTENANCE_FUNDING_OPERATING_INCOME, "经营收益"},
                   {v1::MAINTENANCE_FUNDING_LINKAGE_FUNDS, "衔接资金"},
                   {v1::MAINTENANCE_FUNDING_VILLAGE_COLLECTIVE, "村集体"},
                   {v1::MAINTENANCE_FUNDING_OPERATOR, "经营主体"},
                   {v1::MAINTENANCE_FUNDING_OTHER, "其他"},
                   {v1::MAINTENANCE_FUNDING_NONE, "无"}});
}

std::string TriggerLabel(v1::DisposalTrigger t) {
  return Label(t, {{v1::DISPOSAL_TRIGGER_NATURAL_DISASTER, "自然灾害损毁"},
                   {v1::DISPOSAL_TRIGGER_PLANNING, "规划政策拆除占用"},
                   {v1::DISPOSAL_TRIGGER_END_OF_LIFE, "使用年限届满或安全隐患"},
                   {v1::DISPOSAL_TRIGGER_POOR_RETURNS, "效益低下或闲置"},
                   {v1::DISPOSAL_TRIGGER_EQUITY_EXPIRED, "入股分红协议到期"},
                   {v1::DISPOSAL_TRIGGER_SUPERSEDED, "被新项目替代"},
                   {v1::DISPOSAL_TRIGGER_OTHER, "其他"}});
}

std::string MethodLabel(v1::DisposalMethod m) {
  return Label(m, {{v1::DISPOSAL_METHOD_AUCTION, "拍卖"},
                   {v1::DISPOSAL_METHOD_TRANSFER, "转让"},
                   {v1::DISPOSAL_METHOD_CHANGE_OF_USE, "转产"},
                   {v1::DISPOSAL_METHOD_SUSPENSION, "报停"},
                   {v1::DISPOSAL_METHOD_LOSS_WRITE_OFF, "报损"},
                   {v1::DISPOSAL_METHOD_SCRAPPING, "报废"}});
}

std::string StageLabel(v1::DisposalStage s) {
  return Label(s, {{v1::DISPOSAL_STAGE_APPLIED, "已申请"},
                   {v1::DISPOSAL_STAGE_DECIDED, "已决议"},
                   {v1::DISPOSAL_STAGE_REVIEWED, "已审核"},
                   {v1::DISPOSAL_STAGE_APPROVED, "已审批"},
                   {v1::DISPOSAL_STAGE_NOTICED, "公示中"},
                   {v1::DISPOSAL_STAGE_COMPLETED, "已完成"},
                   {v1::DISPOSAL_STAGE_CLOSED, "已终止"}});
}

std::unique_ptr<v1::AssetService::Stub> AssetStub(CliContext& ctx) {
  return v1::AssetService::NewStub(ctx.Channel());
}

}  // namespace ledger::ledgerctl
