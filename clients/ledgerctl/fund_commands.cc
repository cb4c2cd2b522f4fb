// ledgerctl fund balance, project list|show: where the money stands (FundService). The write
// commands of the same groups are in fund_write_commands.cc.

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "clients/ledgerctl/commands.h"
#include "google/protobuf/util/json_util.h"
#include "ledger/state/fund_state.h"
#include "ledger/v1/fund_service.grpc.pb.h"

namespace ledger::ledgerctl {
namespace {

std::string Percent(uint32_t bp) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%u.%02u%%", bp / 100, bp % 100);
  return buf;
}

std::string SourceWord(v1::FundSource source) {
  return source == v1::FUND_SOURCE_UNSPECIFIED ? "total" : v1::FundSource_Name(source).substr(12);
}

std::unique_ptr<v1::FundService::Stub> Stub(CliContext& ctx) {
  return v1::FundService::NewStub(
      grpc::CreateChannel(ctx.flags().server, grpc::InsecureChannelCredentials()));
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
  std::printf("%-26s %20s %20s %20s %9s\n", "source (资金来源)", "received (下达)",
              "approved (计划)", "paid (拨付)", "progress");
  auto row = [](const v1::SourceSummary& r) {
    std::printf("%-26s %20s %20s %20s %9s\n", SourceWord(r.source()).c_str(),
                state::FormatYuan(r.received_fen()).c_str(),
                state::FormatYuan(r.approved_fen()).c_str(),
                state::FormatYuan(r.paid_fen()).c_str(), Percent(r.progress_bp()).c_str());
  };
  for (const v1::SourceSummary& r : summary.sources()) row(r);
  row(summary.total());
  return kExitOk;
}

int Progress(CliContext& ctx, uint32_t year, const std::string& source_word) {
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, "fund progress");
  v1::GetProgressRequest request;
  request.set_origin(ctx.flags().origin);
  request.set_year(year);
  if (!source_word.empty()) {
    const google::protobuf::EnumDescriptor* d = v1::FundSource_descriptor();
    const google::protobuf::EnumValueDescriptor* v = nullptr;
    for (int i = 0; i < d->value_count(); ++i) {
      if (SourceWord(static_cast<v1::FundSource>(d->value(i)->number())) == source_word) {
        v = d->value(i);
      }
    }
    if (v == nullptr) {
      return LocalError(absl::InvalidArgumentError("unknown source \"" + source_word +
                                                   "\" (see `fund balance` for the names)"),
                        "fund progress");
    }
    request.set_source(static_cast<v1::FundSource>(v->number()));
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
  std::printf("%-6s %20s %9s %9s\n", "month", "paid (cumulative)", "progress", "target");
  for (const v1::MonthProgress& m : progress.months()) {
    std::printf("%-6u %20s %9s %9s%s\n", m.month(), state::FormatYuan(m.paid_fen()).c_str(),
                Percent(m.progress_bp()).c_str(),
                m.has_target() ? Percent(m.target_bp()).c_str() : "-",
                m.behind() ? "  behind" : "");
  }
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
  for (const v1::ProjectSummary& p : all.projects()) {
    std::cout << p.registration().project_id() << "  " << p.registration().name() << "  "
              << p.registration().location() << "  approved " << state::FormatYuan(p.approved_fen())
              << ", paid " << state::FormatYuan(p.paid_fen()) << " (" << Percent(p.progress_bp())
              << ")\n";
  }
  return kExitOk;
}

// "1234.56": plain yuan for CSV cells (no separators, so spreadsheets read numbers).
std::string PlainYuan(int64_t fen) {
  const bool negative = fen < 0;
  const uint64_t abs = negative ? 0 - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s%llu.%02llu", negative ? "-" : "",
                static_cast<unsigned long long>(abs / 100),
                static_cast<unsigned long long>(abs % 100));
  return buf;
}

std::string CsvCell(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
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
  std::printf("%-12s %-24s %18s %18s %18s %18s %9s\n", "project", "name", "approved", "committed",
              "paid", "outstanding", "progress");
  for (const v1::ProjectSummary& p : rows) {
    std::printf("%-12s %-24s %18s %18s %18s %18s %9s\n", p.registration().project_id().c_str(),
                p.registration().name().c_str(), state::FormatYuan(p.approved_fen()).c_str(),
                state::FormatYuan(p.committed_fen()).c_str(),
                state::FormatYuan(p.paid_fen()).c_str(),
                state::FormatYuan(p.outstanding_fen()).c_str(), Percent(p.progress_bp()).c_str());
  }
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
  auto year = std::make_shared<uint32_t>(0);
  auto source = std::make_shared<std::string>();
  CLI::App* progress = fund->add_subcommand(
      "progress",
      "spending progress (支出进度) of a year by month, against the policy's monthly targets\n"
      "  example: ledgerctl fund progress --year 2026 --source CENTRAL_LINKAGE");
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
  CLI::App* show =
      project->add_subcommand("show",
                              "one project with its steps, plan, contracts and payments (JSON)\n"
                              "  example: ledgerctl project show P-2026-017");
  show->add_option("id", *id, "project id")->required();
  show->callback(
      [action, id] { *action = [id](CliContext& ctx) { return ProjectShow(ctx, *id); }; });

  AddFundWriteCommands(app, fund, project, action);
}

}  // namespace ledger::ledgerctl
