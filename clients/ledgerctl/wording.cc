#include "clients/ledgerctl/wording.h"

#include <cctype>
#include <regex>
#include <utility>

namespace ledger::ledgerctl {
namespace {

// The enum type prefixes of proto/ledger/v1 (every value is named <PREFIX>_<NAME>).
constexpr const char* kEnumPrefixes =
    "FUND_SOURCE|PROJECT_TYPE|PROJECT_STEP|DISBURSEMENT_STAGE|REVERSED_ENTRY_KIND|ASSET_STATUS|"
    "ASSET_CLASS|ASSET_CATEGORY|ACCOUNTING_FORM|PARTY_KIND|RIGHT_KIND|OPERATION_MODE|"
    "SELECTION_METHOD|MAINTENANCE_FUNDING|ASSET_CONDITION|DISPOSAL_TRIGGER|DISPOSAL_METHOD|"
    "APPROVAL_AUTHORITY|PRINCIPAL_KIND|ROLE|ACCOUNT_STAGE|ANNOUNCEMENT_SUBJECT|"
    "ANNOUNCEMENT_CHANNEL|ELIGIBILITY_STATUS|DISTRIBUTION_BASIS|PLAN_STAGE";

constexpr const char* kRoles =
    "ADMINISTRATOR|FUND_MANAGER|PROJECT_MANAGER|TOWNSHIP_REVIEWER|VILLAGE_ACCOUNTANT|OPERATOR|"
    "AUDITOR";

// The ledgerctl command of each body type it writes.
constexpr std::pair<const char*, const char*> kCommands[] = {
    {"Genesis", "init"},
    {"RegisterPrincipal", "principal add"},
    {"RegisterKey", "key register"},
    {"RevokeKey", "key revoke"},
    {"SetPolicy", "policy set"},
    {"FundReceipt", "fund receive"},
    {"ProjectRegistration", "project register"},
    {"ProjectStepRecord", "project step"},
    {"PlanApproval", "project approve"},
    {"Contract", "project contract"},
    {"Acceptance", "project accept"},
    {"Disbursement", "disburse"},
    {"Reversal", "correct"},
    {"HouseholdRoster", "roster import"},
    {"AssetRegistration", "asset register"},
    {"OwnershipConfirmation", "asset confirm"},
    {"Handover", "asset handover"},
    {"RightsAssignment", "asset rights"},
    {"OperationContract", "asset contract"},
    {"MaintenanceRecord", "asset maintain"},
    {"DisposalApplication", "disposal apply"},
    {"DisposalDecision", "disposal decide"},
    {"DisposalReview", "disposal review"},
    {"DisposalApproval", "disposal approve"},
    {"DisposalNotice", "disposal notice"},
    {"DisposalCompletion", "disposal complete"},
    {"IncomeRecord", "income record"},
    {"DistributionPlan", "distribution plan"},
    {"DistributionReview", "distribution review"},
    {"DistributionFiling", "distribution file"},
    {"DistributionPayment", "distribution pay"},
    {"DistributionResult", "distribution result"},
    {"Announcement", "announce"},
    {"EligibilityChange", "registry status"},
};

// "CENTRAL_LINKAGE" -> "central-linkage".
std::string Word(const std::string& name) {
  std::string out;
  for (char c : name) {
    out.push_back(c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

// Replaces every match of `re` by `to(match)`.
template <typename Fn>
std::string ReplaceAll(const std::string& text, const std::regex& re, Fn to) {
  std::string out;
  auto begin = std::sregex_iterator(text.begin(), text.end(), re);
  size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    out.append(text, last, static_cast<size_t>(it->position()) - last);
    out += to(*it);
    last = static_cast<size_t>(it->position() + it->length());
  }
  out.append(text, last, std::string::npos);
  return out;
}

}  // namespace

std::string ForPeople(std::string_view message) {
  static const std::regex* const kEnum =
      new std::regex(std::string("\\b(?:") + kEnumPrefixes + ")_([A-Z0-9_]+)\\b");
  static const std::regex* const kRole = new std::regex(std::string("\\b(") + kRoles + ")\\b");
  static const std::regex* const kType = new std::regex("\\bledger\\.v1\\.([A-Za-z]+)\\b");
  std::string text(message);
  text = ReplaceAll(text, *kType, [](const std::smatch& m) {
    for (const auto& [type, command] : kCommands) {
      if (m[1].str() == type) return std::string("`") + command + "` (" + type + ")";
    }
    return m.str();
  });
  text = ReplaceAll(text, *kEnum, [](const std::smatch& m) { return Word(m[1].str()); });
  text = ReplaceAll(text, *kRole, [](const std::smatch& m) { return Word(m[1].str()); });
  return text;
}

}  // namespace ledger::ledgerctl
