#include "clients/audit/rule_report.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ledger/crypto/sha256.h"
#include "ledger/state/civil_date.h"
#include "ledger/state/fund_state.h"
#include "ledger/state/income_findings.h"
#include "ledger/util/status_macros.h"
#include "ledger/views/projections.h"

namespace ledger::audit {
namespace {

// The 三资 special-audit categories (DOMAIN.md §5).
constexpr char kMissingStep[] = "缺流程要素";
constexpr char kTimeInverted[] = "流程时间倒置";
constexpr char kLongOutstanding[] = "长期挂账未处理";
constexpr char kBookkeeping[] = "财务做账不规范";
constexpr char kContractProblem[] = "合同内容存在问题";
constexpr char kConsistency[] = "内容一致性问题";
constexpr char kDuplicate[] = "业务高度重合";
constexpr char kViolation[] = "违反相关规定";
constexpr char kRelatedParty[] = "关联交易";

// A rule the state machine enforces on entries of these body types (docs/FORMATS.md §9.6-§9.8).
struct Enforced {
  const char* rule;
  const char* category;
  const char* title;
  std::vector<std::string> bodies;  // message names; empty: every entry
};

const std::vector<Enforced>& EnforcedRules() {
  static const auto* rules = new std::vector<Enforced>{
      {"R1", kMissingStep, "项目入库并纳入年度计划后方可拨付", {"PlanApproval", "Disbursement"}},
      {"R2",
       kTimeInverted,
       "入库步骤依次为村申报、村级公示、乡审核、县审定、年度计划",
       {"ProjectStepRecord", "PlanApproval"}},
      {"R3",
       kViolation,
       "拨付不超过批复金额，超计划须重新批复",
       {"PlanApproval", "Contract", "Disbursement"}},
      {"R4", kViolation, "不得用于负面清单支出", {"Disbursement"}},
      {"R5",
       kTimeInverted,
       "合同、开工、验收、报账、审核、审批、支付日期依次不倒置",
       {"ProjectStepRecord", "Contract", "Acceptance", "Disbursement"}},
      {"R6", kContractProblem, "预付款不超过上限，质保金满期后支付", {"Contract", "Disbursement"}},
      {"R7", kConsistency, "发放花名册合计等于拨付金额", {"HouseholdRoster"}},
      {"R9", kBookkeeping, "下达不超过到账", {"PlanApproval", "Reversal"}},
      {"R11",
       kMissingStep,
       "事前公示期满后方可拨付，公示不少于规定天数",
       {"Disbursement", "Announcement"}},
      {"R13",
       kConsistency,
       "资产原值等于资金构成且不超过项目支出",
       {"AssetRegistration", "Reversal"}},
      {"R14", kConsistency, "每项资产有且仅有一个资产类别", {"AssetRegistration"}},
      {"R15", kConsistency, "产权份额合计100%，权属主体符合资产类别", {"OwnershipConfirmation"}},
      {"R16", kTimeInverted, "移交后方可运营和取得收益", {"OperationContract", "IncomeRecord"}},
      {"R17",
       kMissingStep,
       "公益性资产有管护责任人，经营性资产有运营合同",
       {"MaintenanceRecord", "IncomeRecord"}},
      {"R18", kContractProblem, "公开遴选经营主体，收益不低于保底", {"OperationContract"}},
      {"R19",
       kBookkeeping,
       "收益先入账，分配不超过可分配收益",
       {"IncomeRecord", "DistributionPlan", "DistributionPayment"}},
      {"R20",
       kMissingStep,
       "分配方案经决议、审核、备案、公示后发放，结果公开",
       {"DistributionPlan", "DistributionReview", "DistributionFiling", "DistributionPayment",
        "DistributionResult", "Announcement"}},
      {"R21", kViolation, "收益不得用于禁止类别", {"DistributionPlan"}},
      {"R23", kViolation, "光伏收益用于公益岗位和公益事业不低于规定比例", {"DistributionPlan"}},
      {"R24", kViolation, "受益人资格有效，同一期间不重复发放", {"DistributionPayment"}},
      {"R26",
       kMissingStep,
       "资产处置经申请、决议、审核、审批、评估、公示",
       {"DisposalApplication", "DisposalDecision", "DisposalReview", "DisposalApproval",
        "DisposalNotice", "DisposalCompletion", "Announcement"}},
      {"R27",
       kViolation,
       "处置完毕的资产不再有运营、收益、管护记录",
       {"OwnershipConfirmation", "Handover", "RightsAssignment", "OperationContract",
        "MaintenanceRecord", "DisposalApplication", "IncomeRecord"}},
  };
  return *rules;
}

struct NotEvaluated {
  const char* rule;
  const char* category;
  const char* title;
  const char* reason;
};

const std::vector<NotEvaluated>& NotEvaluatedRules() {
  static const auto* rules = new std::vector<NotEvaluated>{
      {"R8", kBookkeeping, "报账金额只含财政资金",
       "the log books fiscal sources only; self-raised money is not recorded"},
      {"R10", kViolation, "产业发展资金占比不低于省定比例",
       "the policy has no industry-share floor to compare with"},
      {"R12", kBookkeeping, "利息收入和年末结余按规定处理",
       "no entry records interest or year-end balances"},
      {"R28", kContractProblem, "股权类资产约定分红、期限和退出方式",
       "no entry records equity terms, expiry or exit"},
      {"R30", kMissingStep, "每项资产档案齐全",
       "entries carry only the hashes of their own documents; there is no archive index"},
      {"R32", kRelatedParty, "经营主体、承包方与村干部无关联关系",
       "the log records no village cadres or their relations"},
  };
  return *rules;
}

std::string Titled(std::string_view rule) {
  if (rule == "R22") return "收益简单平均分配";
  if (rule == "R25") return "收益滞留未分配";
  if (rule == "R29") return "县级台账等于乡村明细合计";
  if (rule == "R31") return "往来款项挂账三年以上";
  return "重复支付或交叉支付";  // R32
}

RuleFinding MakeFinding(std::string rule, std::string category, std::string subject,
                        int64_t amount_fen, std::string message, std::vector<uint64_t> indexes) {
  std::sort(indexes.begin(), indexes.end());
  indexes.erase(std::unique(indexes.begin(), indexes.end()), indexes.end());
  RuleFinding f;
  f.title = Titled(rule);
  f.rule = std::move(rule);
  f.category = std::move(category);
  f.subject = std::move(subject);
  f.amount_fen = amount_fen;
  f.message = std::move(message);
  f.indexes = std::move(indexes);
  return f;
}

// --- enforced rules: entries per body type --------------------------------------------------

std::vector<RuleStatus> EnforcedStatuses(const Replay& replay) {
  std::map<std::string, uint64_t, std::less<>> per_body;
  for (const EntryFacts& e : replay.entries) {
    std::string_view type = e.payload_type;
    if (type.starts_with(state::kPayloadTypePrefix)) {
      type.remove_prefix(state::kPayloadTypePrefix.size());
    }
    ++per_body[std::string(type)];
  }
  std::vector<RuleStatus> out;
  out.push_back({.rule = "L-KEY/L-SIGNATURE/L-AUTH",
                 .kind = RuleKind::kEnforced,
                 .category = kViolation,
                 .title = "每条记录由有权主体的有效密钥签名",
                 .basis = "every entry",
                 .examined = replay.entries.size(),
                 .findings = 0});
  for (const Enforced& r : EnforcedRules()) {
    uint64_t n = 0;
    for (const std::string& body : r.bodies) {
      auto it = per_body.find(body);
      if (it != per_body.end()) n += it->second;
    }
    out.push_back({.rule = r.rule,
                   .kind = RuleKind::kEnforced,
                   .category = r.category,
                   .title = r.title,
                   .basis = absl::StrJoin(r.bodies, ", "),
                   .examined = n,
                   .findings = 0});
  }
  return out;
}

// --- R29 ------------------------------------------------------------------------------------

struct Sum {
  uint64_t count = 0;
  int64_t value_fen = 0;
  bool operator==(const Sum&) const = default;
};

// Per class (key 0: the total) the count and value of `t`.
std::map<int, Sum> Sums(const v1::ClassTotals& t) {
  std::map<int, Sum> out;
  for (const v1::ClassTotal& c : t.classes()) {
    out[c.asset_class()] = {c.count(), c.original_value_fen()};
  }
  out[0] = {t.total().count(), t.total().original_value_fen()};
  return out;
}

void Add(std::map<int, Sum>& into, const v1::ClassTotals& t) {
  for (const auto& [c, s] : Sums(t)) {
    into[c].count += s.count;
    into[c].value_fen += s.value_fen;  // values are sums of int64 fen the views did not overflow
  }
}

// The first difference between `reported` and `expected`, or "" when they agree.
std::string Difference(const std::map<int, Sum>& reported, const std::map<int, Sum>& expected,
                       std::string_view what) {
  std::set<int> classes;
  for (const auto& [c, s] : reported) classes.insert(c);
  for (const auto& [c, s] : expected) classes.insert(c);
  for (int c : classes) {
    auto r = reported.find(c);
    auto e = expected.find(c);
    const Sum rs = r == reported.end() ? Sum{} : r->second;
    const Sum es = e == expected.end() ? Sum{} : e->second;
    if (rs == es) continue;
    const std::string name = c == 0 ? "all classes" : v1::AssetClass_Name(c);
    return absl::StrCat(std::string(what), " ", name, ": ", rs.count, " assets of ",
                        state::FormatYuan(rs.value_fen), ", but its parts add up to ", es.count,
                        " of ", state::FormatYuan(es.value_fen));
  }
  return "";
}

}  // namespace

std::string_view RuleKindName(RuleKind kind) {
  switch (kind) {
    case RuleKind::kEnforced:
      return "enforced";
    case RuleKind::kEvaluated:
      return "evaluated";
    case RuleKind::kNotEvaluated:
      return "not evaluated";
  }
  return "unknown";
}

std::vector<RuleFinding> CheckAssetTotals(const v1::AssetTotals& totals,
                                          const state::AssetState& assets) {
  std::vector<RuleFinding> out;
  auto check = [&](const v1::DivisionTotals& d,
                   const std::vector<const v1::DivisionTotals*>& parts) {
    std::vector<std::string> differences;
    for (const bool in_service : {true, false}) {
      std::map<int, Sum> expected = Sums(in_service ? d.in_service_here() : d.disposed_here());
      for (const v1::DivisionTotals* p : parts) {
        Add(expected, in_service ? p->in_service() : p->disposed());
      }
      std::string diff = Difference(Sums(in_service ? d.in_service() : d.disposed()), expected,
                                    in_service ? "in service" : "disposed");
      if (!diff.empty()) differences.push_back(std::move(diff));
    }
    if (differences.empty()) return;
    std::vector<uint64_t> indexes;
    int64_t value_fen = 0;
    for (const auto& [code, a] : assets.assets()) {
      if (!a.registration.location().starts_with(d.division())) continue;
      indexes.push_back(a.registered_at);
      value_fen += a.registration.original_value_fen();
    }
    out.push_back(
        MakeFinding("R29", kConsistency, d.division(), value_fen,
                    absl::StrCat("R29: the asset totals of division ", d.division(),
                                 " differ from the sum of its own assets and its subdivisions': ",
                                 absl::StrJoin(differences, "; ")),
                    std::move(indexes)));
  };
  const std::string& county = totals.total().division();
  std::vector<const v1::DivisionTotals*> townships;
  for (const v1::DivisionTotals& t : totals.townships()) {
    if (t.division().starts_with(county)) townships.push_back(&t);
  }
  check(totals.total(), townships);
  for (const v1::DivisionTotals* t : townships) {
    std::vector<const v1::DivisionTotals*> villages;
    for (const v1::DivisionTotals& v : totals.villages()) {
      if (v.division().starts_with(t->division())) villages.push_back(&v);
    }
    check(*t, villages);
  }
  for (const v1::DivisionTotals& v : totals.villages()) check(v, {});
  return out;
}

namespace {

// --- R31 ------------------------------------------------------------------------------------

// True when `date` is `years` or more after `since` (a valid "YYYY-MM-DD").
bool AtLeastYears(std::string_view since, uint32_t years, const state::CivilDate& date) {
  std::optional<state::CivilDate> start = state::ParseCivilDate(since);
  if (!start) return false;  // the state machine accepted only valid dates
  const state::CivilDate due = state::AddMonths(*start, static_cast<int>(years) * 12);
  return state::DaysFromCivil(due) <= state::DaysFromCivil(date);
}

// Indexes of entries by entry id, for the body types whose records do not keep their index.
std::map<std::string, uint64_t, std::less<>> IndexesOf(const Replay& replay,
                                                       const std::set<std::string>& types) {
  std::map<std::string, uint64_t, std::less<>> out;
  for (uint64_t i = 0; i < replay.entries.size(); ++i) {
    if (types.count(replay.entries[i].payload_type) > 0) out[replay.entries[i].entry_id] = i;
  }
  return out;
}

uint64_t IndexOf(const std::map<std::string, uint64_t, std::less<>>& indexes,
                 const v1::EntryHeader& header) {
  auto it = indexes.find(header.entry_id());
  return it == indexes.end() ? 0 : it->second;
}

// The disbursements that are not reversed, in log order.
std::vector<const v1::Disbursement*> LivePayments(const state::FundState& funds) {
  std::vector<const state::PaymentRecord*> live;
  for (const auto& [id, d] : funds.all_payments()) {
    if (funds.reversed_payments().count(id) == 0) live.push_back(&d);
  }
  std::sort(live.begin(), live.end(),
            [](const state::PaymentRecord* a, const state::PaymentRecord* b) {
              return a->index < b->index;
            });
  std::vector<const v1::Disbursement*> out;
  out.reserve(live.size());
  for (const state::PaymentRecord* p : live) out.push_back(&p->body);
  return out;
}

std::vector<RuleFinding> LongOutstanding(const state::LedgerState& state,
                                         const std::vector<const v1::Disbursement*>& payments,
                                         const std::map<std::string, uint64_t, std::less<>>& at,
                                         const state::CivilDate& date, uint32_t years,
                                         uint64_t* examined) {
  std::vector<RuleFinding> out;
  const state::FundState& funds = state.funds();
  for (const auto& [id, c] : funds.contracts()) {
    ++*examined;
    const int64_t unpaid = c.contract.amount_fen() - c.paid_fen;
    if (unpaid <= 0 || !AtLeastYears(c.contract.end_date(), years, date)) continue;
    std::vector<uint64_t> indexes = {c.signed_at};
    for (const v1::Disbursement* p : payments) {
      if (p->contract_id() == id) indexes.push_back(IndexOf(at, p->header()));
    }
    out.push_back(MakeFinding(
        "R31", kLongOutstanding, absl::StrCat("contract ", id), unpaid,
        absl::StrCat("R31: contract ", id, " of project ", c.contract.project_id(), " with ",
                     c.contract.payee(), " (", state::FormatYuan(c.contract.amount_fen()),
                     ") ended on ", c.contract.end_date(), "; ", state::FormatYuan(unpaid),
                     " of it is neither paid nor settled ", years, " years or more later"),
        std::move(indexes)));
  }
  for (const auto& [id, p] : funds.projects()) {
    if (!p.first_approved_at) continue;
    ++*examined;
    int64_t unpaid = 0;
    for (const auto& [source, approved] : p.approved_fen) {
      unpaid += funds.BalanceOf(state::AccountName(state::AccountKind::kApproved,
                                                   static_cast<v1::FundSource>(source), id));
    }
    if (unpaid <= 0 || !AtLeastYears(p.first_approval_date, years, date)) continue;
    out.push_back(MakeFinding(
        "R31", kLongOutstanding, absl::StrCat("project ", id), unpaid,
        absl::StrCat("R31: project ", id, " was first approved on ", p.first_approval_date, "; ",
                     state::FormatYuan(unpaid), " of the ", state::FormatYuan(p.approved_total_fen),
                     " approved is still unpaid ", years, " years or more later"),
        {*p.first_approved_at}));
  }
  return out;
}

// --- R32 ------------------------------------------------------------------------------------

struct Use {
  std::string what;  // "payment D1" / "distribution payment DP-1" / "roster RS-1 line H-1"
  uint64_t index = 0;
  int64_t amount_fen = 0;
  std::string date;
};

// One finding for a group of uses of one document or reference (≥ 2). The amount is what the
// uses after the first one paid again.
RuleFinding DuplicateFinding(std::string subject, std::string_view what_is_shared,
                             const std::vector<Use>& uses) {
  std::vector<std::string> parts;
  std::vector<uint64_t> indexes;
  int64_t again_fen = 0;
  for (size_t i = 0; i < uses.size(); ++i) {
    parts.push_back(absl::StrCat(uses[i].what, " (index ", uses[i].index, ", ",
                                 state::FormatYuan(uses[i].amount_fen),
                                 uses[i].date.empty() ? "" : ", " + uses[i].date, ")"));
    indexes.push_back(uses[i].index);
    if (i > 0) again_fen += uses[i].amount_fen;
  }
  return MakeFinding(
      "R32", kDuplicate, std::move(subject), again_fen,
      absl::StrCat("R32: ", absl::StrJoin(parts, ", "), " ", std::string(what_is_shared),
                   "; paid again: ", state::FormatYuan(again_fen)),
      std::move(indexes));
}

std::vector<RuleFinding> Duplicates(const state::LedgerState& state,
                                    const std::vector<const v1::Disbursement*>& payments,
                                    const std::map<std::string, uint64_t, std::less<>>& at,
                                    uint32_t window_days, uint64_t* examined) {
  std::vector<RuleFinding> out;
  auto use_of = [&](const v1::Disbursement* p) {
    return Use{absl::StrCat("payment ", p->payment_id()), IndexOf(at, p->header()), p->amount_fen(),
               p->payment_date()};
  };

  // One voucher or invoice document on two payments.
  std::set<std::set<std::string>> by_document;  // payment-id groups already reported
  for (const bool voucher : {true, false}) {
    std::map<std::string, std::vector<const v1::Disbursement*>> groups;
    for (const v1::Disbursement* p : payments) {
      groups[voucher ? p->voucher_hash() : p->invoice_hash()].push_back(p);
    }
    for (const auto& [hash, group] : groups) {
      if (group.size() < 2) continue;
      std::vector<Use> uses;
      std::set<std::string> ids;
      for (const v1::Disbursement* p : group) {
        uses.push_back(use_of(p));
        ids.insert(p->payment_id());
      }
      by_document.insert(ids);
      const std::string kind = voucher ? "voucher" : "invoice";
      const std::string hex = crypto::ToHex(hash);
      out.push_back(DuplicateFinding(
          absl::StrCat(kind, " ", hex.substr(0, 16)),
          absl::StrCat("carry the same ", kind, " document (SHA-256 ", hex, ")"), uses));
    }
  }

  // The same payee, project and amount within the window (chains of payments each at most
  // window_days after the previous one), unless one document finding already names them all.
  std::map<std::tuple<std::string, std::string, int64_t>, std::vector<const v1::Disbursement*>>
      same;
  for (const v1::Disbursement* p : payments) {
    same[{p->payee(), p->project_id(), p->amount_fen()}].push_back(p);
  }
  for (auto& entry : same) {
    const auto& key = entry.first;
    std::vector<const v1::Disbursement*>& group = entry.second;
    std::sort(group.begin(), group.end(), [](const v1::Disbursement* a, const v1::Disbursement* b) {
      return a->payment_date() < b->payment_date();
    });
    std::vector<const v1::Disbursement*> chain;
    auto flush = [&] {
      if (chain.size() >= 2) {
        std::set<std::string> ids;
        for (const v1::Disbursement* p : chain) ids.insert(p->payment_id());
        bool reported = false;
        for (const std::set<std::string>& g : by_document) {
          reported = reported || std::includes(g.begin(), g.end(), ids.begin(), ids.end());
        }
        if (!reported) {
          std::vector<Use> uses;
          for (const v1::Disbursement* p : chain) uses.push_back(use_of(p));
          out.push_back(DuplicateFinding(
              absl::StrCat("payee ", std::get<0>(key), " project ", std::get<1>(key)),
              absl::StrCat("pay ", std::get<0>(key), " the same amount for project ",
                           std::get<1>(key), " within ", window_days, " days"),
              uses));
        }
      }
      chain.clear();
    };
    for (const v1::Disbursement* p : group) {
      if (!chain.empty()) {
        const auto last = state::ParseCivilDate(chain.back()->payment_date());
        const auto now = state::ParseCivilDate(p->payment_date());
        if (last && now && state::DaysFromCivil(*now) - state::DaysFromCivil(*last) > window_days) {
          flush();
        }
      }
      chain.push_back(p);
    }
    flush();
  }
  *examined += payments.size();

  // One bank transaction reference on two payment lines: distribution payments, and the cash
  // lines of rosters whose payment is not reversed.
  std::map<std::string, std::vector<Use>> by_reference;
  for (const auto& [id, r] : state.distributions().payments()) {
    for (const v1::DistributionPaymentLine& line : r.payment.lines()) {
      ++*examined;
      by_reference[line.bank_reference()].push_back(
          {absl::StrCat("distribution payment ", id, " to ", line.beneficiary_ref()), r.index,
           line.amount_fen(), r.payment.payment_date()});
    }
  }
  const state::FundState& funds = state.funds();
  for (const auto& [id, roster] : funds.rosters()) {
    if (funds.reversed_payments().count(roster.payment_id()) > 0) continue;
    for (const v1::RosterLine& line : roster.lines()) {
      if (line.cash_fen() <= 0) continue;
      ++*examined;
      by_reference[line.bank_reference()].push_back(
          {absl::StrCat("roster ", id, " of payment ", roster.payment_id(), " to ",
                        line.household_ref()),
           IndexOf(at, roster.header()), line.cash_fen(), ""});
    }
  }
  for (auto& [reference, uses] : by_reference) {
    if (uses.size() < 2) continue;
    std::stable_sort(uses.begin(), uses.end(),
                     [](const Use& a, const Use& b) { return a.index < b.index; });
    out.push_back(DuplicateFinding(absl::StrCat("bank reference ", reference),
                                   absl::StrCat("name the same bank transaction ", reference),
                                   uses));
  }
  return out;
}

// Income findings (R22, R25) in the report's form.
std::vector<RuleFinding> IncomeFindings(const state::Findings& findings) {
  std::vector<RuleFinding> out;
  for (const auto& [key, f] : findings) {
    out.push_back(MakeFinding(f.rule, f.category, f.subject, f.amount_fen, f.message, f.indexes));
    out.back().owner = f.owner;
  }
  return out;
}

int RuleNumber(std::string_view rule) {
  if (!rule.starts_with("R")) return 0;  // the L- checks come first
  int n = 0;
  for (char c : rule.substr(1)) n = n * 10 + (c - '0');
  return n;
}

}  // namespace

absl::StatusOr<RuleReport> EvaluateRules(const Replay& replay, const ReportOptions& options) {
  std::optional<state::CivilDate> date = state::ParseCivilDate(options.date);
  if (!date) {
    return absl::InvalidArgumentError(
        absl::StrCat("the report date \"", options.date, "\" is not a YYYY-MM-DD date"));
  }
  const state::LedgerState& state = replay.state;
  RuleReport report;
  report.date = options.date;
  report.entries = replay.entries.size();
  report.rules = EnforcedStatuses(replay);

  auto evaluated = [&](std::string rule, std::string category, std::string basis, uint64_t examined,
                       std::vector<RuleFinding> findings) {
    report.rules.push_back({.rule = rule,
                            .kind = RuleKind::kEvaluated,
                            .category = std::move(category),
                            .title = Titled(rule),
                            .basis = std::move(basis),
                            .examined = examined,
                            .findings = findings.size()});
    for (RuleFinding& f : findings) report.findings.push_back(std::move(f));
  };

  LEDGER_ASSIGN_OR_RETURN(state::Findings income,
                          state::EvaluateIncomeFindings(state, options.date));
  std::vector<RuleFinding> r22, r25;
  for (RuleFinding& f : IncomeFindings(income)) (f.rule == "R22" ? r22 : r25).push_back(f);
  evaluated("R22", std::string(state::kCategoryViolation), "distribution plans",
            state.distributions().plans().size(), std::move(r22));
  evaluated("R25", std::string(state::kCategoryLongOutstanding), "owners with income or plans",
            views::Owners(state).size(), std::move(r25));

  LEDGER_ASSIGN_OR_RETURN(v1::AssetTotals totals, views::AssetTotals(state, ""));
  evaluated("R29", kConsistency, "divisions with assets",
            1 + totals.townships_size() + totals.villages_size(),
            CheckAssetTotals(totals, state.assets()));

  const auto at = IndexesOf(replay, {"ledger.v1.Disbursement", "ledger.v1.HouseholdRoster"});
  const std::vector<const v1::Disbursement*> payments = LivePayments(state.funds());
  uint64_t examined = 0;
  std::vector<RuleFinding> r31 =
      LongOutstanding(state, payments, at, *date, options.outstanding_years, &examined);
  evaluated("R31", kLongOutstanding,
            absl::StrCat("contracts and approved projects, ", options.outstanding_years,
                         " years or more"),
            examined, std::move(r31));
  examined = 0;
  std::vector<RuleFinding> r32 =
      Duplicates(state, payments, at, options.duplicate_window_days, &examined);
  evaluated(
      "R32", kDuplicate,
      absl::StrCat("payments and payment lines (window ", options.duplicate_window_days, " days)"),
      examined, std::move(r32));

  for (const NotEvaluated& r : NotEvaluatedRules()) {
    report.rules.push_back({.rule = r.rule,
                            .kind = RuleKind::kNotEvaluated,
                            .category = r.category,
                            .title = r.title,
                            .basis = r.reason,
                            .examined = 0,
                            .findings = 0});
  }
  std::stable_sort(report.rules.begin(), report.rules.end(),
                   [](const RuleStatus& a, const RuleStatus& b) {
                     return RuleNumber(a.rule) < RuleNumber(b.rule);
                   });
  std::stable_sort(report.findings.begin(), report.findings.end(),
                   [](const RuleFinding& a, const RuleFinding& b) {
                     const int na = RuleNumber(a.rule), nb = RuleNumber(b.rule);
                     return na != nb ? na < nb : a.subject < b.subject;
                   });
  return report;
}

}  // namespace ledger::audit
