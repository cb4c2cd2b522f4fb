// ledgerctl fund balance|balances|list|ledger|progress, project list|show: where the money stands
// (FundService). The write commands of the same groups are in fund_write_commands.cc. Tables are
// aligned by display width (table.h), so Chinese headings and names line up.

#include <cctype>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "clients/ledgerctl/commands.h"
#include "clients/ledgerctl/fund_cli.h"
#include "clients/ledgerctl/table.h"
#include "google/protobuf/util/json_util.h"
#include "ledger/state/fund_state.h"
#include "ledger/v1/fund_service.grpc.pb.h"

namespace ledger::ledgerctl {
namespace {

std::unique_ptr<v1::FundService::Stub> Stub(CliContext& ctx) {
  return v1::FundService::NewStub(ctx.Channel());
}

int Balance(CliContext& ctx) {
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, "fund balance");
  v1::GetFundSummaryRequest request;
  request.set_origin(ctx.flags().origin);
  v1::FundSummary summary;
  auto call = ctx.Client().NewContext();
  grpc::Status s = Stub(ctx)->GetFundSummary(call.get(), request, &summary);
  if (!s.ok()) return ReportError(ctx, client::FromGrpc(s), "fund balance");
  if (ctx.flags().json) {
    PrintJson(summary);
    return kExitOk;
  }
  Table table({{"source (资金来源)"},
               {"received (下达)", Align::kRight},
               {"approved (计划)", Align::kRight},
               {"paid (拨付)", Align::kRight},
               {"progress (支出进度)", Align::kRight}});
  auto row = [&](const v1::SourceSummary& r) {
    table.AddRow({SourceWord(r.source()), state::FormatYuan(r.received_fen()),
                  state::FormatYuan(r.approved_fen()), state::FormatYuan(r.paid_fen()),
                  Percent(r.progress_bp())});
  };
  for (const v1::SourceSummary& r : summary.sources()) row(r);
  row(summary.total());
  std::cout << table.Render();
  return kExitOk;
}

int Progress(CliContext& ctx, uint32_t year, const std::string& source_word) {
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, "fund progress");
  v1::GetProgressRequest request;
  request.set_origin(ctx.flags().origin);
  request.set_year(year);
  if (!source_word.empty()) {
    absl::StatusOr<v1::FundSource> source = ParseSourceWord(source_word);
    if (!source.ok()) return LocalError(source.status(), "fund progress");
    request.set_source(*source);
  }
  v1::Progress progress;
  auto call = ctx.Client().NewContext();
  grpc::Status s = Stub(ctx)->GetProgress(call.get(), request, &progress);
  if (!s.ok()) return ReportError(ctx, client::FromGrpc(s), "fund progress");
  if (ctx.flags().json) {
    PrintJson(progress);
    return kExitOk;
  }
  std::printf("%u %s: received %s\n", progress.year(), SourceWord(progress.source()).c_str(),
              state::FormatYuan(progress.received_fen()).c_str());
  Table table({{"month (月份)", Align::kRight},
               {"paid, cumulative (累计支付)", Align::kRight},
               {"progress (支出进度)", Align::kRight},
               {"target (目标)", Align::kRight},
               {""}});
  for (const v1::MonthProgress& m : progress.months()) {
    table.AddRow({absl::StrCat(m.month()), state::FormatYuan(m.paid_fen()),
                  Percent(m.progress_bp()), m.has_target() ? Percent(m.target_bp()) : "-",
                  m.behind() ? "behind (滞后)" : ""});
  }
  std::cout << table.Render();
  return kExitOk;
}

int ProjectList(CliContext& ctx, const std::string& location) {
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, "project list");
  std::string token;
  v1::ListProjectsResponse all;
  auto stub = Stub(ctx);
  do {
    v1::ListProjectsRequest request;
    request.set_origin(ctx.flags().origin);
    request.set_location_prefix(location);
    request.set_page_token(token);
    v1::ListProjectsResponse page;
    auto call = ctx.Client().NewContext();
    grpc::Status s = stub->ListProjects(call.get(), request, &page);
    if (!s.ok()) return ReportError(ctx, client::FromGrpc(s), "project list");
    for (const v1::ProjectSummary& p : page.projects()) *all.add_projects() = p;
    token = page.next_page_token();
  } while (!token.empty());
  if (ctx.flags().json) {
    PrintJson(all);
    return kExitOk;
  }
  Table table({{"project (项目编号)"},
               {"name (项目名称)"},
               {"location (建设地点)"},
               {"approved (批复)", Align::kRight},
               {"paid (已支付)", Align::kRight},
               {"progress (支出进度)", Align::kRight}});
  for (const v1::ProjectSummary& p : all.projects()) {
    table.AddRow({p.registration().project_id(), p.registration().name(),
                  p.registration().location(), state::FormatYuan(p.approved_fen()),
                  state::FormatYuan(p.paid_fen()), Percent(p.progress_bp())});
  }
  std::cout << table.Render();
  return kExitOk;
}

// 资金项目台账: one row per project, as a table or as CSV with Chinese headings.
int Ledger(CliContext& ctx, bool csv) {
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, "fund ledger");
  std::string token;
  std::vector<v1::ProjectSummary> rows;
  auto stub = Stub(ctx);
  do {
    v1::ListProjectsRequest request;
    request.set_origin(ctx.flags().origin);
    request.set_page_token(token);
    v1::ListProjectsResponse page;
    auto call = ctx.Client().NewContext();
    grpc::Status s = stub->ListProjects(call.get(), request, &page);
    if (!s.ok()) return ReportError(ctx, client::FromGrpc(s), "fund ledger");
    rows.insert(rows.end(), page.projects().begin(), page.projects().end());
    token = page.next_page_token();
  } while (!token.empty());
  if (csv) {
    std::cout << "项目编号,项目名称,项目类型,实施地点,实施单位,批复金额(元),合同金额(元),"
                 "已支付(元),未付合同款(元),支出进度(%)\n";
    for (const v1::ProjectSummary& p : rows) {
      const v1::ProjectRegistration& r = p.registration();
      std::cout << CsvCell(r.project_id()) << "," << CsvCell(r.name()) << ","
                << CsvCell(v1::ProjectType_Name(r.type()).substr(13)) << ","
                << CsvCell(r.location()) << "," << CsvCell(r.implementer()) << ","
                << PlainYuan(p.approved_fen()) << "," << PlainYuan(p.committed_fen()) << ","
                << PlainYuan(p.paid_fen()) << "," << PlainYuan(p.outstanding_fen()) << ","
                << Percent(p.progress_bp()).substr(0, Percent(p.progress_bp()).size() - 1) << "\n";
    }
    return kExitOk;
  }
  Table table({{"project (项目编号)"},
               {"name (项目名称)"},
               {"approved (批复)", Align::kRight},
               {"committed (合同)", Align::kRight},
               {"paid (已支付)", Align::kRight},
               {"outstanding (未付合同款)", Align::kRight},
               {"progress (支出进度)", Align::kRight}});
  for (const v1::ProjectSummary& p : rows) {
    table.AddRow({p.registration().project_id(), p.registration().name(),
                  state::FormatYuan(p.approved_fen()), state::FormatYuan(p.committed_fen()),
                  state::FormatYuan(p.paid_fen()), state::FormatYuan(p.outstanding_fen()),
                  Percent(p.progress_bp())});
  }
  std::cout << table.Render();
  return kExitOk;
}

// 资金到账 the fund receipts, every page, as a table: reversed ones marked.
int ReceiptList(CliContext& ctx, uint32_t year, const std::string& source_word) {
  const std::string what = "fund list";
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, what);
  v1::ListReceiptsRequest request;
  request.set_origin(ctx.flags().origin);
  request.set_year(year);
  if (!source_word.empty()) {
    absl::StatusOr<v1::FundSource> source = ParseSourceWord(source_word);
    if (!source.ok()) return LocalError(source.status(), what);
    request.set_source(*source);
  }
  v1::ListReceiptsResponse all;
  auto stub = Stub(ctx);
  do {
    v1::ListReceiptsResponse page;
    auto call = ctx.Client().NewContext();
    grpc::Status s = stub->ListReceipts(call.get(), request, &page);
    if (!s.ok()) return ReportError(ctx, client::FromGrpc(s), what);
    for (const v1::ReceiptDetail& r : page.receipts()) *all.add_receipts() = r;
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  if (ctx.flags().json) {
    PrintJson(all);
    return kExitOk;
  }
  Table table({{"receipt (编号)"},
               {"year (年度)", Align::kRight},
               {"source (资金来源)"},
               {"document (下达文号)"},
               {"amount (金额)", Align::kRight},
               {"status (状态)"}});
  int64_t total_fen = 0;
  for (const v1::ReceiptDetail& d : all.receipts()) {
    const v1::FundReceipt& r = d.receipt();
    if (!d.reversed()) total_fen += r.amount_fen();
    table.AddRow(
        {r.receipt_id(), absl::StrCat(r.year()), SourceWord(r.source()), r.document_number(),
         state::FormatYuan(r.amount_fen()),
         d.reversed() ? absl::StrCat("reversed (已冲销) at index ", d.reversal_index()) : ""});
  }
  table.AddRow({"total", "", "", "", state::FormatYuan(total_fen), "reversed ones excluded"});
  std::cout << table.Render();
  return kExitOk;
}

// 账户余额 the double-entry accounts, every page, as a table.
int BalanceList(CliContext& ctx, const std::string& stage_word, const std::string& source_word,
                const std::string& project) {
  const std::string what = "fund balances";
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, what);
  v1::ListBalancesRequest request;
  request.set_origin(ctx.flags().origin);
  if (!stage_word.empty()) {
    absl::StatusOr<v1::AccountStage> stage = ParseEnumWord<v1::AccountStage>(
        v1::AccountStage_descriptor(), "ACCOUNT_STAGE_", stage_word);
    if (!stage.ok()) {
      return LocalError(
          absl::InvalidArgumentError(absl::StrCat("--stage: ", stage.status().message())), what);
    }
    request.set_stage(*stage);
  }
  if (!source_word.empty()) {
    absl::StatusOr<v1::FundSource> source = ParseSourceWord(source_word);
    if (!source.ok()) return LocalError(source.status(), what);
    request.set_source(*source);
  }
  request.set_project_id(project);
  v1::ListBalancesResponse all;
  auto stub = Stub(ctx);
  do {
    v1::ListBalancesResponse page;
    auto call = ctx.Client().NewContext();
    grpc::Status s = stub->ListBalances(call.get(), request, &page);
    if (!s.ok()) return ReportError(ctx, client::FromGrpc(s), what);
    for (const v1::AccountBalance& b : page.balances()) *all.add_balances() = b;
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  if (ctx.flags().json) {
    PrintJson(all);
    return kExitOk;
  }
  Table table({{"stage (阶段)"},
               {"source (资金来源)"},
               {"project (项目编号)"},
               {"balance (余额)", Align::kRight}});
  for (const v1::AccountBalance& b : all.balances()) {
    table.AddRow({b.stage() == v1::ACCOUNT_STAGE_UNSPECIFIED
                      ? b.account()
                      : EnumWord(v1::AccountStage_Name(b.stage()), "ACCOUNT_STAGE_"),
                  b.source() == v1::FUND_SOURCE_UNSPECIFIED ? "" : SourceWord(b.source()),
                  b.project_id(), state::FormatYuan(b.balance_fen())});
  }
  std::cout << table.Render();
  return kExitOk;
}

int ProjectShow(CliContext& ctx, const std::string& id) {
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, "project show");
  v1::GetProjectRequest request;
  request.set_origin(ctx.flags().origin);
  request.set_project_id(id);
  v1::ProjectDetail detail;
  auto call = ctx.Client().NewContext();
  grpc::Status s = Stub(ctx)->GetProject(call.get(), request, &detail);
  if (!s.ok()) return ReportError(ctx, client::FromGrpc(s), "project show");
  PrintJson(detail);
  return kExitOk;
}

}  // namespace

void AddFundCommands(CLI::App& app, Action* action) {
  CLI::App* fund = app.add_subcommand("fund", "fund receipts and where the money stands");
  fund->require_subcommand(0, 1);
  CLI::App* balance = fund->add_subcommand(
      "balance",
      "received, approved and paid per fund source, with spending progress (支出进度)\n"
      "  example: ledgerctl --origin ledger.example.org/341721 fund balance");
  balance->callback([action] { *action = [](CliContext& ctx) { return Balance(ctx); }; });
  auto csv = std::make_shared<bool>(false);
  CLI::App* ledger = fund->add_subcommand(
      "ledger",
      "the county fund ledger (资金项目台账): approved, committed, paid and outstanding per "
      "project; --csv for a spreadsheet with Chinese headings\n"
      "  example: ledgerctl fund ledger --csv > 台账.csv");
  ledger->add_flag("--csv", *csv, "CSV (UTF-8) instead of a table");
  ledger->callback(
      [action, csv] { *action = [csv](CliContext& ctx) { return Ledger(ctx, *csv); }; });
  auto list_year = std::make_shared<uint32_t>(0);
  auto list_source = std::make_shared<std::string>();
  CLI::App* list_receipts = fund->add_subcommand(
      "list",
      "the fund receipts (资金到账): id, year, source, document, amount, reversed or not\n"
      "  example: ledgerctl fund list --year 2026 --source central-linkage");
  list_receipts->add_option("--year", *list_year, "only receipts of this fund year (资金年度)")
      ->check(CLI::Range(2000, 2099));
  list_receipts->add_option("--source", *list_source,
                            "only receipts of this fund source, e.g. central-linkage");
  list_receipts->callback([action, list_year, list_source] {
    *action = [list_year, list_source](CliContext& ctx) {
      return ReceiptList(ctx, *list_year, *list_source);
    };
  });
  auto stage = std::make_shared<std::string>();
  auto bal_source = std::make_shared<std::string>();
  auto bal_project = std::make_shared<std::string>();
  CLI::App* balances = fund->add_subcommand(
      "balances",
      "the double-entry accounts (账户余额): external, received, approved and paid money per "
      "source and project\n"
      "  example: ledgerctl fund balances --stage paid --source central-linkage --project P1");
  balances->add_option("--stage", *stage, "external, received, approved or paid (default: all)");
  balances->add_option("--source", *bal_source, "one fund source, e.g. central-linkage");
  balances->add_option("--project", *bal_project, "one project's accounts");
  balances->callback([action, stage, bal_source, bal_project] {
    *action = [stage, bal_source, bal_project](CliContext& ctx) {
      return BalanceList(ctx, *stage, *bal_source, *bal_project);
    };
  });
  auto year = std::make_shared<uint32_t>(0);
  auto source = std::make_shared<std::string>();
  CLI::App* progress = fund->add_subcommand(
      "progress",
      "spending progress (支出进度) of a year by month, against the policy's monthly targets\n"
      "  example: ledgerctl fund progress --year 2026 --source central-linkage");
  progress->add_option("--year", *year, "the funds' year")
      ->required()
      ->check(CLI::Range(2000, 2099));
  progress->add_option("--source", *source, "one fund source (default: all)");
  progress->callback([action, year, source] {
    *action = [year, source](CliContext& ctx) { return Progress(ctx, *year, *source); };
  });

  CLI::App* project = app.add_subcommand("project", "projects (项目库)");
  project->require_subcommand(0, 1);
  auto location = std::make_shared<std::string>();
  CLI::App* list =
      project->add_subcommand("list",
                              "projects with approved and paid amounts\n"
                              "  example: ledgerctl project list --location 341721100");
  list->add_option("--location", *location, "only projects whose location starts with this");
  list->callback([action, location] {
    *action = [location](CliContext& ctx) { return ProjectList(ctx, *location); };
  });
  auto id = std::make_shared<std::string>();
  CLI::App* show = project->add_subcommand(
      "show",
      "one project with its steps, plan, contracts, payments and reversals (JSON)\n"
      "  example: ledgerctl project show P-2026-017");
  show->add_option("id", *id, "project id")->required();
  show->callback(
      [action, id] { *action = [id](CliContext& ctx) { return ProjectShow(ctx, *id); }; });

  AddFundWriteCommands(app, fund, project, action);
}

}  // namespace ledger::ledgerctl
