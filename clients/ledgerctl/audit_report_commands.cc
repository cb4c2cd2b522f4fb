// ledgerctl audit report: every rule of DOMAIN.md §5 the recorded data allows, evaluated on the
// auditor's own replay of a log verified as `audit verify` does (clients/audit/rule_report.h):
// the rules the state machine enforced, re-checked by the replay, and the findings it does not
// reject, each with its 三资 category, amount and evidence indexes. A table, CSV or JSON.

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/audit/rule_report.h"
#include "clients/entries/entry_builder.h"
#include "clients/ledgerctl/asset_cli.h"
#include "clients/ledgerctl/audit_cli.h"
#include "clients/ledgerctl/table.h"
#include "ledger/state/civil_date.h"
#include "ledger/state/fund_state.h"
#include "ledger/util/money.h"

namespace ledger::ledgerctl {
namespace {

struct ReportFlags {
  VerifyFlags verify;
  std::string date;
  uint32_t duplicate_window_days = 7;
  uint32_t outstanding_years = 3;
  bool csv = false;
};

// The subject as people read it: an owner in the party syntax of the command line.
std::string Subject(const audit::RuleFinding& f) {
  return f.owner.kind() != v1::PARTY_KIND_UNSPECIFIED && f.rule == "R25" ? FormatParty(f.owner)
                                                                         : f.subject;
}

nlohmann::json ReportJson(const audit::AuditReport& verification, const audit::RuleReport& r) {
  nlohmann::json rules = nlohmann::json::array();
  for (const audit::RuleStatus& s : r.rules) {
    rules.push_back({{"rule", s.rule},
                     {"kind", std::string(audit::RuleKindName(s.kind))},
                     {"category", s.category},
                     {"title", s.title},
                     {"basis", s.basis},
                     {"examined", s.examined},
                     {"findings", s.findings}});
  }
  nlohmann::json findings = nlohmann::json::array();
  for (const audit::RuleFinding& f : r.findings) {
    findings.push_back({{"rule", f.rule},
                        {"category", f.category},
                        {"title", f.title},
                        {"subject", Subject(f)},
                        {"amount_fen", f.amount_fen},
                        {"amount_yuan", PlainYuan(f.amount_fen)},
                        {"message", f.message},
                        {"indexes", f.indexes}});
  }
  return {{"origin", verification.origin},
          {"tree_size", verification.tree_size},
          {"root", verification.root_hex},
          {"date", r.date},
          {"entries", r.entries},
          {"verification", AuditReportJson(verification)},
          {"rules", rules},
          {"findings", findings},
          {"exit_status", r.findings.empty() ? audit::kAuditClean : audit::kAuditFindings}};
}

const std::vector<std::string>& CsvHeadings() {
  static const auto* headings = new std::vector<std::string>{
      "规则", "审计类别", "事项", "对象", "金额(元)", "说明", "证据索引"};
  return *headings;
}

void PrintCsv(const audit::RuleReport& r) {
  std::cout << absl::StrJoin(CsvHeadings(), ",") << "\n";
  for (const audit::RuleFinding& f : r.findings) {
    std::vector<std::string> cells;
    for (const std::string& c : {f.rule, f.category, f.title, Subject(f), PlainYuan(f.amount_fen),
                                 f.message, absl::StrJoin(f.indexes, " ")}) {
      cells.push_back(CsvCell(c));
    }
    std::cout << absl::StrJoin(cells, ",") << "\n";
  }
}

void PrintTables(const audit::AuditReport& verification, const audit::RuleReport& r) {
  std::cout << "audit report (审计报告): " << verification.origin << ", " << r.entries
            << " entries verified at tree size " << verification.tree_size << ", as of " << r.date
            << "\n"
            << "root: " << verification.root_hex << "\n"
            << "projections: "
            << (verification.projections_compared ? "equal to the replay"
                                                  : verification.projections_note)
            << "\n\n";
  Table rules({{"rule (规则)"},
               {"how (方式)"},
               {"category (审计类别)"},
               {"rule text (内容)"},
               {"checked on (范围)"},
               {"checked (检查数)", Align::kRight},
               {"findings (发现)", Align::kRight}});
  for (const audit::RuleStatus& s : r.rules) {
    const bool counted = s.kind != audit::RuleKind::kNotEvaluated;
    rules.AddRow({s.rule, std::string(audit::RuleKindName(s.kind)), s.category, s.title, s.basis,
                  counted ? absl::StrCat(s.examined) : "",
                  counted ? absl::StrCat(s.findings) : ""});
  }
  std::cout << rules.Render() << "\n审计发现 (findings): " << r.findings.size() << "\n";
  if (r.findings.empty()) return;
  Table findings({{"rule (规则)"},
                  {"category (审计类别)"},
                  {"subject (对象)"},
                  {"amount (金额)", Align::kRight},
                  {"finding (说明)"},
                  {"evidence (证据索引)"}});
  for (const audit::RuleFinding& f : r.findings) {
    findings.AddRow({f.rule, f.category, Subject(f), state::FormatYuan(f.amount_fen), f.message,
                     absl::StrJoin(f.indexes, " ")});
  }
  std::cout << findings.Render();
}

int Report(CliContext& ctx, const ReportFlags& f) {
  const std::string what = "audit report";
  const std::string date = f.date.empty() ? entries::TodayInShanghai() : f.date;
  if (!state::ParseCivilDate(date)) {
    return LocalError(absl::InvalidArgumentError(
                          absl::StrCat("--date \"", date, "\" is not a valid YYYY-MM-DD date")),
                      what);
  }
  int exit_code = kExitFailure;
  std::unique_ptr<audit::Replay> replay;
  std::optional<audit::AuditReport> verification =
      RunAudit(ctx, f.verify, date, what, &replay, &exit_code);
  if (!verification) return exit_code;
  if (verification->failure) {
    // Rules evaluated on a log that is not the signed one would prove nothing.
    if (ctx.flags().json) {
      std::cout << nlohmann::json({{"verification", AuditReportJson(*verification)},
                                   {"rules", nullptr},
                                   {"findings", nullptr},
                                   {"exit_status", audit::kAuditIntegrityFailure}})
                       .dump()
                << "\n";
    } else {
      PrintIntegrityFailure(*verification, std::cout);
      std::cout << "no rule report: the log did not verify\n";
    }
    return audit::kAuditIntegrityFailure;
  }
  absl::StatusOr<audit::RuleReport> report =
      audit::EvaluateRules(*replay, {.date = date,
                                     .duplicate_window_days = f.duplicate_window_days,
                                     .outstanding_years = f.outstanding_years});
  if (!report.ok()) {
    ReportError(ctx, report.status(), what);
    return kExitUnavailable;
  }
  if (ctx.flags().json) {
    std::cout << ReportJson(*verification, *report).dump() << "\n";
  } else if (f.csv) {
    PrintCsv(*report);
  } else {
    PrintTables(*verification, *report);
  }
  return report->findings.empty() ? audit::kAuditClean : audit::kAuditFindings;
}

}  // namespace

void AddAuditReportCommand(CLI::App* audit, Action* action) {
  auto rf = std::make_shared<ReportFlags>();
  CLI::App* report = audit->add_subcommand(
      "report",
      "verify the whole log as `audit verify` does, then evaluate every rule of DOMAIN.md §5 "
      "the recorded data allows on the replay: the rules enforced when entries were appended "
      "(re-checked, counted per rule), and the findings the server does not reject: R22 flat "
      "equal cash, R25 idle income, R29 asset totals that do not add up, R31 payables "
      "outstanding for years, R32 duplicate payments (one voucher or invoice on two payments, "
      "one bank transaction on two payment lines, the same payee, project and amount within "
      "--duplicate-window-days). Each finding with its 三资 category, amount and the log "
      "indexes of its evidence.\n"
      "  exit status: 0 clean, 1 findings, 2 integrity failure (no report), 3 the audit could "
      "not run, 64 a bad command line\n"
      "  example: ledgerctl audit report --verifier-key 'ledger.example.org/341721+89ecd58e+AUJu"
      "...' --date 2026-12-31 --csv > 审计发现.csv");
  AddVerifyFlags(report, rf->verify);
  report->add_option("--date", rf->date,
                     "the day the findings are evaluated as of, YYYY-MM-DD (default: today)");
  report
      ->add_option("--duplicate-window-days", rf->duplicate_window_days,
                   "R32: two payments of one payee, project and amount at most this many days "
                   "apart are flagged")
      ->check(CLI::Range(0, 3660))
      ->capture_default_str();
  report
      ->add_option("--outstanding-years", rf->outstanding_years,
                   "R31: payables outstanding this many years or more are flagged")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  report->add_flag("--csv", rf->csv, "the findings as CSV (UTF-8, Chinese headings)");
  SetFlagsAction(report, action, rf, Report);
}

}  // namespace ledger::ledgerctl
