// ledgerctl income ledger, distribution show|list|balance|findings and board: the income
// ledger, the distribution plans, the audit findings R22 and R25 and the village notice board
// read from IncomeService, as tables (aligned by display width, table.h), JSON (--json) or CSV
// with Chinese headings (income ledger --csv, distribution findings --csv). The write commands
// are in income_write_commands.cc.

#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/ledgerctl/asset_cli.h"
#include "clients/ledgerctl/income_cli.h"
#include "clients/ledgerctl/table.h"
#include "ledger/state/fund_state.h"

namespace ledger::ledgerctl {
namespace {

std::string Yuan(int64_t fen) { return state::FormatYuan(fen); }

// --- income ledger --------------------------------------------------------------------------

struct LedgerFlags {
  std::string asset, division, from, to;
  bool csv = false;
};

int IncomeLedger(CliContext& ctx, const LedgerFlags& f) {
  const std::string what = "income ledger";
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, what);
  v1::GetIncomeLedgerRequest request;
  request.set_origin(ctx.flags().origin);
  request.set_asset_code(f.asset);
  request.set_owner_division_prefix(f.division);
  request.set_period_from(f.from);
  request.set_period_to(f.to);
  absl::StatusOr<v1::GetIncomeLedgerResponse> fetched = FetchIncomeLedger(ctx, request);
  if (!fetched.ok()) return ReportError(ctx, fetched.status(), what);
  const v1::GetIncomeLedgerResponse& all = *fetched;
  if (ctx.flags().json) {
    PrintJson(all);
    return kExitOk;
  }
  const std::vector<std::string> headings = {
      "收益编号",     "资产编号",     "期间起",       "期间止",     "总收入(元)",
      "土地租金(元)", "运维费用(元)", "其他费用(元)", "净收益(元)", "发电量(kWh)",
      "收款方",       "收款账户",     "入账日期",     "索引"};
  std::vector<std::vector<std::string>> rows;
  for (const v1::IncomeRecordEntry& e : all.incomes()) {
    const v1::IncomeRecord& r = e.record();
    auto money = [&](int64_t fen) { return f.csv ? PlainYuan(fen) : Yuan(fen); };
    rows.push_back({r.income_id(), r.asset_code(), r.period_start(), r.period_end(),
                    money(r.gross_income_fen()), money(r.land_rent_fen()),
                    money(r.operation_cost_fen()), money(r.other_cost_fen()),
                    money(r.net_income_fen()),
                    r.generation_kwh() == 0 ? "" : absl::StrCat(r.generation_kwh()),
                    FormatParty(r.received_by()), r.account_name(), r.received_date(),
                    absl::StrCat(e.index())});
  }
  if (f.csv) {
    std::cout << absl::StrJoin(headings, ",") << "\n";
    for (const auto& row : rows) {
      std::vector<std::string> cells;
      for (const std::string& c : row) cells.push_back(CsvCell(c));
      std::cout << absl::StrJoin(cells, ",") << "\n";
    }
    return kExitOk;
  }
  std::vector<Column> columns;
  for (size_t i = 0; i < headings.size(); ++i) {
    columns.push_back({headings[i], i >= 4 && i <= 9 ? Align::kRight : Align::kLeft});
  }
  Table t(columns);
  for (auto& row : rows) t.AddRow(std::move(row));
  std::cout << t.Render();
  return kExitOk;
}

// --- distribution show|list|balance ---------------------------------------------------------

void PrintPlan(const v1::PlanDetail& d) {
  const v1::DistributionPlan& p = d.plan();
  std::cout << "plan " << p.plan_id() << " (" << PlanStageLabel(d.stage()) << ", "
            << EnumWord(v1::PlanStage_Name(d.stage()), "PLAN_STAGE_") << ") of "
            << FormatParty(p.owner()) << ", " << p.period_start() << " .. " << p.period_end()
            << ", total " << Yuan(p.total_fen()) << ", paid " << Yuan(d.paid_fen()) << " (index "
            << d.adopted_at() << ")\n";
  std::cout << "  incomes: " << absl::StrJoin(p.income_ids(), ", ") << "\n";
  const v1::VillageResolution& r = p.resolution();
  std::cout << "  resolution " << r.reference() << " " << r.meeting_date() << ": " << r.votes_for()
            << " for / " << r.votes_against() << " against of " << r.attendance() << "\n";
  Table t(
      {{"category (用途)"}, {"allocated (计划)", Align::kRight}, {"paid (已发放)", Align::kRight}});
  for (const v1::CategoryPaid& c : d.categories()) {
    t.AddRow({c.category(), Yuan(c.allocated_fen()), Yuan(c.paid_fen())});
  }
  std::cout << t.Render();
  if (d.has_review()) {
    std::cout << "  township review " << d.review().date() << ": "
              << (d.review().approved() ? "approved" : "refused") << " (" << d.review().opinion()
              << ")\n";
  }
  if (d.has_filing()) {
    std::cout << "  county filing " << d.filing().date() << ": " << d.filing().filing_reference()
              << "\n";
  }
  for (const v1::AnnouncementEntry& a : d.announcements()) {
    std::cout << "  announcement " << a.announcement().announcement_id() << " ("
              << SubjectLabel(a.announcement().subject_kind()) << ", "
              << ChannelLabel(a.announcement().channel()) << ") " << a.announcement().start_date()
              << " .. " << a.announcement().end_date() << " (index " << a.index() << ")\n";
  }
  for (const v1::DistributionPaymentEntry& e : d.payments()) {
    int64_t total = 0;
    for (const v1::DistributionPaymentLine& l : e.payment().lines()) total += l.amount_fen();
    std::cout << "  payment " << e.payment().payment_id() << " " << e.payment().payment_date()
              << ": " << e.payment().lines_size() << " lines, " << Yuan(total) << " (index "
              << e.index() << ")\n";
  }
  if (d.has_result()) {
    std::cout << "  result " << d.result().date() << ": " << d.result().summary() << "\n";
  }
}

int PlanShow(CliContext& ctx, const std::string& id) {
  const std::string what = "distribution show";
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, what);
  v1::GetPlanRequest request;
  request.set_origin(ctx.flags().origin);
  request.set_plan_id(id);
  v1::PlanDetail d;
  auto call = ctx.Client().NewContext();
  grpc::Status s = IncomeStub(ctx)->GetPlan(call.get(), request, &d);
  if (!s.ok()) return ReportError(ctx, client::FromGrpc(s), what);
  if (ctx.flags().json) {
    PrintJson(d);
    return kExitOk;
  }
  PrintPlan(d);
  return kExitOk;
}

struct ListFlags {
  std::string division, from, to;
};

int PlanList(CliContext& ctx, const ListFlags& f) {
  const std::string what = "distribution list";
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, what);
  v1::ListPlansRequest request;
  request.set_origin(ctx.flags().origin);
  request.set_owner_division_prefix(f.division);
  request.set_period_from(f.from);
  request.set_period_to(f.to);
  absl::StatusOr<v1::ListPlansResponse> fetched = FetchPlans(ctx, request);
  if (!fetched.ok()) return ReportError(ctx, fetched.status(), what);
  const v1::ListPlansResponse& all = *fetched;
  if (ctx.flags().json) {
    PrintJson(all);
    return kExitOk;
  }
  Table t({{"plan (方案)"},
           {"owner (所有者)"},
           {"period (期间)"},
           {"total (总额)", Align::kRight},
           {"paid (已发放)", Align::kRight},
           {"stage (进度)"}});
  for (const v1::PlanDetail& d : all.plans()) {
    const v1::DistributionPlan& p = d.plan();
    t.AddRow({p.plan_id(), FormatParty(p.owner()),
              absl::StrCat(p.period_start(), " .. ", p.period_end()), Yuan(p.total_fen()),
              Yuan(d.paid_fen()), PlanStageLabel(d.stage())});
  }
  std::cout << t.Render();
  return kExitOk;
}

int Balance(CliContext& ctx, const std::string& owner) {
  const std::string what = "distribution balance";
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, what);
  absl::StatusOr<v1::Party> party = ParseParty("--owner", owner);
  if (!party.ok()) return LocalError(party.status(), what);
  v1::GetOwnerBalanceRequest request;
  request.set_origin(ctx.flags().origin);
  *request.mutable_owner() = *party;
  v1::OwnerBalance b;
  auto call = ctx.Client().NewContext();
  grpc::Status s = IncomeStub(ctx)->GetOwnerBalance(call.get(), request, &b);
  if (!s.ok()) return ReportError(ctx, client::FromGrpc(s), what);
  if (ctx.flags().json) {
    PrintJson(b);
    return kExitOk;
  }
  std::cout << FormatParty(b.owner()) << "\n"
            << "  booked net income (收益入账)  " << Yuan(b.booked_fen()) << "\n"
            << "  committed by open plans (在途方案)  " << Yuan(b.committed_open_fen()) << "\n"
            << "  paid (已发放)  " << Yuan(b.paid_fen()) << "\n"
            << "  available (可分配余额)  " << Yuan(b.available_fen()) << "\n";
  return kExitOk;
}

// --- distribution findings -----------------------------------------------------------------

struct FindingsFlags {
  std::string division, date, rule;
  bool csv = false;
};

int Findings(CliContext& ctx, const FindingsFlags& f) {
  const std::string what = "distribution findings";
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, what);
  v1::ListFindingsRequest request;
  request.set_origin(ctx.flags().origin);
  request.set_owner_division_prefix(f.division);
  request.set_date(f.date);
  request.set_rule(absl::AsciiStrToUpper(f.rule));  // r22 as R22
  request.set_page_size(1000);
  v1::ListFindingsResponse all;
  auto stub = IncomeStub(ctx);
  do {
    v1::ListFindingsResponse page;
    auto call = ctx.Client().NewContext();
    grpc::Status s = stub->ListFindings(call.get(), request, &page);
    if (!s.ok()) return ReportError(ctx, client::FromGrpc(s), what);
    all.set_date(page.date());
    all.set_idle_income_months(page.idle_income_months());
    for (const v1::Finding& finding : page.findings()) *all.add_findings() = finding;
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  if (ctx.flags().json) {
    PrintJson(all);
    return kExitOk;
  }
  const std::vector<std::string> headings = {"规则",     "审计类别", "对象",
                                             "金额(元)", "说明",     "证据索引"};
  std::vector<std::vector<std::string>> rows;
  for (const v1::Finding& finding : all.findings()) {
    // A plan by its id, an owner in the party syntax of the command line.
    const std::string subject =
        finding.has_idle_income() ? FormatParty(finding.owner()) : finding.subject();
    rows.push_back({finding.rule(), finding.category(), subject,
                    f.csv ? PlainYuan(finding.amount_fen()) : Yuan(finding.amount_fen()),
                    finding.message(), absl::StrJoin(finding.indexes(), " ")});
  }
  if (f.csv) {
    std::cout << absl::StrJoin(headings, ",") << "\n";
    for (const auto& row : rows) {
      std::vector<std::string> cells;
      for (const std::string& c : row) cells.push_back(CsvCell(c));
      std::cout << absl::StrJoin(cells, ",") << "\n";
    }
    return kExitOk;
  }
  std::cout << "审计发现 (R22 flat equal cash, R25 income idle more than "
            << all.idle_income_months() << " months) as of " << all.date() << ": "
            << all.findings_size() << "\n";
  Table t({{"rule (规则)"},
           {"category (审计类别)"},
           {"subject (对象)"},
           {"amount (金额)", Align::kRight},
           {"finding (说明)"},
           {"evidence (证据索引)"}});
  for (auto& row : rows) t.AddRow(std::move(row));
  std::cout << t.Render();
  return kExitOk;
}

// --- board ----------------------------------------------------------------------------------

int Board(CliContext& ctx, const std::string& division, const std::string& date) {
  const std::string what = "board";
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, what);
  v1::GetNoticeBoardRequest request;
  request.set_origin(ctx.flags().origin);
  request.set_division(division);
  request.set_date(date);
  v1::NoticeBoard board;
  auto call = ctx.Client().NewContext();
  grpc::Status s = IncomeStub(ctx)->GetNoticeBoard(call.get(), request, &board);
  if (!s.ok()) return ReportError(ctx, client::FromGrpc(s), what);
  if (ctx.flags().json) {
    PrintJson(board);
    return kExitOk;
  }
  std::cout << "村务公开栏 " << board.division() << "（" << board.date() << "）\n";
  Table t({{"公告编号"},
           {"事项"},
           {"对象"},
           {"金额(元)", Align::kRight},
           {"渠道"},
           {"公示期"},
           {"状态"},
           {"剩余天数", Align::kRight}});
  auto add = [&](const v1::Notice& n) {
    const v1::Announcement& a = n.announcement();
    t.AddRow({a.announcement_id(), SubjectLabel(a.subject_kind()), a.subject_id(),
              n.amount_fen() == 0 ? "" : GroupedYuan(n.amount_fen()), ChannelLabel(a.channel()),
              absl::StrCat(a.start_date(), " .. ", a.end_date()),
              n.in_force() ? "公示中" : "已结束",
              n.in_force() ? absl::StrCat(n.remaining_days()) : ""});
  };
  for (const v1::Notice& n : board.in_force()) add(n);
  for (const v1::Notice& n : board.past()) add(n);
  std::cout << t.Render();
  // The payment lines of each result notice, names masked as the public sees them.
  for (const auto* notices : {&board.in_force(), &board.past()}) {
    for (const v1::Notice& n : *notices) {
      if (n.lines().empty()) continue;
      std::cout << "\n"
                << SubjectLabel(n.announcement().subject_kind()) << " "
                << n.announcement().subject_id() << " (公告 " << n.announcement().announcement_id()
                << ")\n";
      Table lines({{"姓名"},
                   {"依据"},
                   {"数量", Align::kRight},
                   {"用途"},
                   {"金额(元)", Align::kRight},
                   {"发放日期"},
                   {"索引", Align::kRight}});
      for (const v1::NoticeLine& l : n.lines()) {
        // An erased person (a lawful erasure) and a reference never registered look different.
        const std::string name = !l.masked_name().empty() ? l.masked_name()
                                 : l.erased()             ? "（已删除）"
                                                          : "（未登记）";
        lines.AddRow({name, BasisLabel(l.basis()), absl::StrCat(l.quantity()),
                      CategoryLabel(l.category()), GroupedYuan(l.amount_fen()), l.payment_date(),
                      absl::StrCat(l.index())});
      }
      std::cout << lines.Render();
    }
  }
  return kExitOk;
}

}  // namespace

absl::StatusOr<v1::GetIncomeLedgerResponse> FetchIncomeLedger(CliContext& ctx,
                                                              v1::GetIncomeLedgerRequest request) {
  if (request.page_size() == 0) request.set_page_size(1000);
  v1::GetIncomeLedgerResponse all;
  auto stub = IncomeStub(ctx);
  do {
    v1::GetIncomeLedgerResponse page;
    auto call = ctx.Client().NewContext();
    grpc::Status s = stub->GetIncomeLedger(call.get(), request, &page);
    if (!s.ok()) return client::FromGrpc(s);
    for (const v1::IncomeRecordEntry& e : page.incomes()) *all.add_incomes() = e;
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return all;
}

absl::StatusOr<v1::ListPlansResponse> FetchPlans(CliContext& ctx, v1::ListPlansRequest request) {
  if (request.page_size() == 0) request.set_page_size(1000);
  v1::ListPlansResponse all;
  auto stub = IncomeStub(ctx);
  do {
    v1::ListPlansResponse page;
    auto call = ctx.Client().NewContext();
    grpc::Status s = stub->ListPlans(call.get(), request, &page);
    if (!s.ok()) return client::FromGrpc(s);
    for (const v1::PlanDetail& p : page.plans()) *all.add_plans() = p;
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return all;
}

void AddIncomeCommands(CLI::App& app, Action* action) {
  CLI::App* income = app.add_subcommand(
      "income", "asset income (收益): record it, and read the income ledger (收益台账)");
  CLI::App* distribution = app.add_subcommand(
      "distribution",
      "the distribution of income (收益分配): plan, review, file, pay, result, and read them back");

  auto lf = std::make_shared<LedgerFlags>();
  CLI::App* ledger = income->add_subcommand(
      "ledger",
      "the income ledger (收益台账) as a table, or CSV with Chinese headings\n"
      "  example: ledgerctl income ledger --division 341721001001 --csv > 收益台账.csv");
  ledger->add_option("--asset", lf->asset, "only this asset's income");
  ledger->add_option("--division", lf->division,
                     "only income received by owners in this division (a prefix)");
  ledger->add_option("--from", lf->from, "only income whose period ends on or after this date");
  ledger->add_option("--to", lf->to, "only income whose period starts on or before this date");
  ledger->add_flag("--csv", lf->csv, "CSV (UTF-8) instead of a table");
  SetFlagsAction(ledger, action, lf, IncomeLedger);

  auto id = std::make_shared<std::string>();
  CLI::App* show = distribution->add_subcommand(
      "show",
      "one plan with its stage, review, filing, announcements, payments, result and what each "
      "category paid\n"
      "  example: ledgerctl distribution show DP-2026-1 --json");
  show->add_option("id", *id, "plan id")->required();
  show->callback([action, id] { *action = [id](CliContext& ctx) { return PlanShow(ctx, *id); }; });

  auto lsf = std::make_shared<ListFlags>();
  CLI::App* list = distribution->add_subcommand(
      "list",
      "plans ordered by id, filtered by the owner's division and period\n"
      "  example: ledgerctl distribution list --division 341721001 --from 2026-01-01 --to "
      "2026-12-31");
  list->add_option("--division", lsf->division, "owner division (a prefix)");
  list->add_option("--from", lsf->from, "only plans whose period ends on or after this date");
  list->add_option("--to", lsf->to, "only plans whose period starts on or before this date");
  SetFlagsAction(list, action, lsf, PlanList);

  auto owner = std::make_shared<std::string>();
  CLI::App* balance = distribution->add_subcommand(
      "balance",
      "an owner's booked net income, committed by open plans, paid and available (R19)\n"
      "  example: ledgerctl distribution balance --owner "
      "village:341721001001:大山村股份经济合作社");
  balance->add_option("--owner", *owner, kPartySyntax)->required();
  balance->callback(
      [action, owner] { *action = [owner](CliContext& ctx) { return Balance(ctx, *owner); }; });

  auto ff = std::make_shared<FindingsFlags>();
  CLI::App* findings = distribution->add_subcommand(
      "findings",
      "audit findings (审计发现) that are not rejections, as of a date: R22 plans that paid every "
      "beneficiary the same unconditioned cash (简单平均分配), R25 income left undistributed "
      "longer than the policy's idle_income_months (资金滞留); each with its 三资 category, "
      "amount and the log indexes of its evidence\n"
      "  example: ledgerctl distribution findings --division 341721001 --date 2026-12-31 --csv");
  findings->add_option("--division", ff->division, "only owners in this division (a prefix)");
  findings->add_option("--date", ff->date, "the day evaluated, YYYY-MM-DD (default: today)");
  findings->add_option("--rule", ff->rule, "only R22 or only R25 (default: both)");
  findings->add_flag("--csv", ff->csv, "CSV (UTF-8) instead of a table");
  SetFlagsAction(findings, action, ff, Findings);

  auto board_division = std::make_shared<std::string>();
  auto board_date = std::make_shared<std::string>();
  CLI::App* board = app.add_subcommand(
      "board",
      "the notice board (村务公开栏) of a village (or township, county): every announcement "
      "whose subject lies in it, in force on the date (with the days left) and past\n"
      "  example: ledgerctl board 341721001001");
  board->add_option("division", *board_division, "division code (12 digits for a village)")
      ->required();
  board->add_option("--date", *board_date, "the day the board is read (default: today)");
  board->callback([action, board_division, board_date] {
    *action = [board_division, board_date](CliContext& ctx) {
      return Board(ctx, *board_division, *board_date);
    };
  });

  AddIncomeWriteCommands(app, income, distribution, action);
}

}  // namespace ledger::ledgerctl
