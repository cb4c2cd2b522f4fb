// ledgerctl asset show|list|totals|ledger and disposal show: the asset ledger read from
// AssetService, as tables (aligned by display width, table.h), JSON (--json) or CSV with Chinese
// headings (asset ledger --csv). The write commands are in asset_write_commands.cc and
// disposal_commands.cc.

#include <algorithm>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/ledgerctl/asset_cli.h"
#include "clients/ledgerctl/income_cli.h"
#include "clients/ledgerctl/table.h"
#include "ledger/state/fund_state.h"
#include "ledger/util/status_macros.h"

namespace ledger::ledgerctl {
namespace {

std::string Yuan(int64_t fen) { return state::FormatYuan(fen); }

std::string Holders(const google::protobuf::RepeatedPtrField<v1::PartyShare>& holders) {
  std::vector<std::string> out;
  for (const v1::PartyShare& h : holders) {
    out.push_back(h.share_bp() == 0 ? FormatParty(h.party())
                                    : absl::StrCat(FormatParty(h.party()), "=", h.share_bp()));
  }
  return absl::StrJoin(out, "; ");
}

struct ListFlags {
  std::string division, asset_class, category, status;
  bool owned = false;
};

// Every asset matching `f` (all pages).
absl::StatusOr<std::vector<v1::AssetDetail>> FetchAssets(CliContext& ctx, const ListFlags& f) {
  v1::ListAssetsRequest request;
  request.set_origin(ctx.flags().origin);
  request.set_division_prefix(f.division);
  request.set_match_owners(f.owned);
  if (!f.asset_class.empty()) {
    auto c = ParseWord<v1::AssetClass>(v1::AssetClass_descriptor(), "ASSET_CLASS_", "--class",
                                       f.asset_class);
    if (!c.ok()) return c.status();
    request.set_asset_class(*c);
  }
  if (!f.category.empty()) {
    auto c = ParseWord<v1::AssetCategory>(v1::AssetCategory_descriptor(), "ASSET_CATEGORY_",
                                          "--category", f.category);
    if (!c.ok()) return c.status();
    request.set_category(*c);
  }
  if (!f.status.empty()) {
    auto s = ParseWord<v1::AssetStatus>(v1::AssetStatus_descriptor(), "ASSET_STATUS_", "--status",
                                        f.status);
    if (!s.ok()) return s.status();
    request.set_status(*s);
  }
  request.set_page_size(1000);
  std::vector<v1::AssetDetail> out;
  auto stub = AssetStub(ctx);
  do {
    v1::ListAssetsResponse page;
    auto call = ctx.Client().NewContext();
    grpc::Status s = stub->ListAssets(call.get(), request, &page);
    if (!s.ok()) return client::FromGrpc(s);
    out.insert(out.end(), page.assets().begin(), page.assets().end());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return out;
}

void PrintDisposal(const v1::DisposalDetail& d) {
  const v1::DisposalApplication& a = d.application();
  std::cout << "disposal " << a.disposal_id() << " (" << StageLabel(d.stage()) << ", "
            << EnumWord(v1::DisposalStage_Name(d.stage()), "DISPOSAL_STAGE_")
            << "): " << TriggerLabel(a.trigger()) << ", " << MethodLabel(a.method()) << ", applied "
            << a.application_date() << " (index " << d.applied_at() << "), appraised "
            << Yuan(a.appraised_value_fen()) << "\n";
  std::cout << "  owner units: " << absl::StrJoin(d.owner_units(), ", ") << "\n";
  for (const v1::DisposalDecision& x : d.decisions()) {
    std::cout << "  decision " << x.owner_division() << ": " << x.resolution_reference() << " "
              << x.meeting_date() << ", " << x.votes_for() << " for / " << x.votes_against()
              << " against of " << x.attendance() << "\n";
  }
  if (d.has_review()) {
    std::cout << "  township review " << d.review().date() << ": "
              << (d.review().approved() ? "approved" : "refused") << " (" << d.review().opinion()
              << ")\n";
  }
  for (const v1::DisposalApproval* x : {&d.department_approval(), &d.finance_approval()}) {
    if (x->authority() == v1::APPROVAL_AUTHORITY_UNSPECIFIED) continue;
    std::cout << "  county approval ("
              << EnumWord(v1::ApprovalAuthority_Name(x->authority()), "APPROVAL_AUTHORITY_") << ") "
              << x->date() << ": " << (x->approved() ? "granted" : "refused") << " "
              << x->document() << "\n";
  }
  if (d.has_notice()) {
    std::cout << "  notice " << d.notice().start_date() << " .. " << d.notice().end_date() << " ("
              << d.notice().channel() << ")\n";
  }
  if (d.has_completion()) {
    const v1::DisposalCompletion& c = d.completion();
    std::cout << "  completed " << c.completion_date() << ": price " << Yuan(c.price_fen())
              << ", proceeds " << Yuan(c.proceeds_fen())
              << (c.counterparty().empty() ? "" : ", to " + c.counterparty())
              << (c.reinvestment_project_id().empty()
                      ? ""
                      : ", reinvested in " + c.reinvestment_project_id())
              << "\n";
  }
  if (!d.closed_reason().empty()) std::cout << "  closed: " << d.closed_reason() << "\n";
}

int Show(CliContext& ctx, const std::string& code) {
  const std::string what = "asset show";
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, what);
  v1::GetAssetRequest request;
  request.set_origin(ctx.flags().origin);
  request.set_asset_code(code);
  v1::AssetDetail a;
  auto call = ctx.Client().NewContext();
  grpc::Status s = AssetStub(ctx)->GetAsset(call.get(), request, &a);
  if (!s.ok()) return ReportError(ctx, client::FromGrpc(s), what);
  if (ctx.flags().json) {
    PrintJson(a);
    return kExitOk;
  }
  const v1::AssetRegistration& r = a.registration();
  std::cout << r.asset_code() << " " << r.name() << " (" << StatusLabel(a.status()) << ", "
            << EnumWord(v1::AssetStatus_Name(a.status()), "ASSET_STATUS_") << ")\n"
            << "  " << ClassLabel(r.asset_class()) << " / " << CategoryLabel(r.category()) << " / "
            << FormLabel(r.accounting_form()) << ", " << r.quantity() << " " << r.unit()
            << ", located " << r.location() << ", formed " << r.date_formed()
            << ", registered at index " << a.registered_at() << "\n"
            << "  original value " << Yuan(r.original_value_fen()) << "\n";
  for (const v1::FundingLine& f : r.funding()) {
    std::cout << "    funding " << EnumWord(v1::FundSource_Name(f.source()), "FUND_SOURCE_") << " "
              << (f.project_id().empty() ? "@" + f.document() : f.project_id()) << " "
              << Yuan(f.amount_fen()) << "\n";
  }
  for (const v1::LineageLine& l : r.lineage()) {
    std::cout << "    lineage from asset " << l.source_asset_code() << " " << Yuan(l.amount_fen())
              << "\n";
  }
  std::cout << "  owners: " << (a.owners().empty() ? "-" : Holders(a.owners())) << "\n";
  if (a.has_handover()) {
    std::cout << "  handed over " << a.handover().date() << " by " << a.handover().from_party()
              << " (index " << a.handed_over_at() << ")\n";
  }
  if (!a.bindings().empty()) {
    Table t({{"right (权利)"}, {"holders (权利人)"}, {"from (起)"}, {"to (止)"}, {"index"}});
    for (const v1::RightBindingRecord& b : a.bindings()) {
      t.AddRow({RightLabel(b.kind()), Holders(b.holders()), b.valid_from(),
                b.valid_to().empty() ? "-" : b.valid_to(), absl::StrCat(b.index())});
    }
    std::cout << t.Render();
  }
  for (const v1::OperationContractEntry& c : a.contracts()) {
    std::cout << "  contract " << c.contract().contract_id() << ": "
              << FormatParty(c.contract().operator_()) << ", " << ModeLabel(c.contract().mode())
              << ", " << c.contract().start_date() << " .. " << c.contract().end_date() << ", rent "
              << Yuan(c.contract().annual_rent_fen()) << " (index " << c.index() << ")\n";
  }
  for (const v1::MaintenanceRecordEntry& m : a.maintenance()) {
    std::cout << "  maintenance " << m.record().inspection_date() << ": "
              << ConditionLabel(m.record().condition()) << ", " << m.record().custodian()
              << ", cost " << Yuan(m.record().repair_cost_fen()) << " (index " << m.index()
              << ")\n";
  }
  for (const v1::DisposalDetail& d : a.disposals()) PrintDisposal(d);
  if (a.proceeds_fen() != 0) {
    std::cout << "  proceeds " << Yuan(a.proceeds_fen()) << ", reinvested "
              << Yuan(a.proceeds_reinvested_fen()) << "\n";
  }
  return kExitOk;
}

int DisposalShow(CliContext& ctx, const std::string& id) {
  const std::string what = "disposal show";
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, what);
  v1::GetDisposalRequest request;
  request.set_origin(ctx.flags().origin);
  request.set_disposal_id(id);
  v1::DisposalDetail d;
  auto call = ctx.Client().NewContext();
  grpc::Status s = AssetStub(ctx)->GetDisposal(call.get(), request, &d);
  if (!s.ok()) return ReportError(ctx, client::FromGrpc(s), what);
  if (ctx.flags().json) {
    PrintJson(d);
    return kExitOk;
  }
  std::cout << "asset " << d.application().asset_code() << "\n";
  PrintDisposal(d);
  return kExitOk;
}

int List(CliContext& ctx, const ListFlags& f) {
  const std::string what = "asset list";
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, what);
  absl::StatusOr<std::vector<v1::AssetDetail>> assets = FetchAssets(ctx, f);
  if (!assets.ok()) {
    if (assets.status().code() == absl::StatusCode::kInvalidArgument &&
        absl::StartsWith(assets.status().message(), "--")) {
      return LocalError(assets.status(), what);
    }
    return ReportError(ctx, assets.status(), what);
  }
  if (ctx.flags().json) {
    v1::ListAssetsResponse all;
    for (const v1::AssetDetail& a : *assets) *all.add_assets() = a;
    PrintJson(all);
    return kExitOk;
  }
  Table t({{"code (资产编号)"},
           {"name (资产名称)"},
           {"class (类别)"},
           {"category (品类)"},
           {"location (坐落)"},
           {"value (原值)", Align::kRight},
           {"status (状态)"}});
  for (const v1::AssetDetail& a : *assets) {
    const v1::AssetRegistration& r = a.registration();
    t.AddRow({r.asset_code(), r.name(), ClassLabel(r.asset_class()), CategoryLabel(r.category()),
              r.location(), Yuan(r.original_value_fen()), StatusLabel(a.status())});
  }
  std::cout << t.Render();
  return kExitOk;
}

// --- totals ---------------------------------------------------------------------------------

std::string Level(const std::string& division) {
  return division.size() == 6 ? "县" : division.size() == 9 ? "乡" : "村";
}

int Totals(CliContext& ctx, const std::string& division) {
  const std::string what = "asset totals";
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, what);
  v1::GetAssetTotalsRequest request;
  request.set_origin(ctx.flags().origin);
  request.set_division_prefix(division);
  v1::AssetTotals totals;
  auto call = ctx.Client().NewContext();
  grpc::Status s = AssetStub(ctx)->GetAssetTotals(call.get(), request, &totals);
  if (!s.ok()) return ReportError(ctx, client::FromGrpc(s), what);
  if (ctx.flags().json) {
    PrintJson(totals);
    return kExitOk;
  }
  Table t({{"division (区划)"},
           {"level (层级)"},
           {"operational (经营性)", Align::kRight},
           {"public-benefit (公益性)", Align::kRight},
           {"household (到户类)", Align::kRight},
           {"total (合计)", Align::kRight},
           {"disposed (已处置)", Align::kRight}});
  auto cell = [](const v1::ClassTotal& c) {
    return absl::StrCat(c.count(), " / ", Yuan(c.original_value_fen()));
  };
  auto row = [&](const v1::DivisionTotals& d, const std::string& label, bool here) {
    const v1::ClassTotals& in = here ? d.in_service_here() : d.in_service();
    const v1::ClassTotals& out = here ? d.disposed_here() : d.disposed();
    std::vector<std::string> cells = {d.division(), label};
    for (const v1::ClassTotal& c : in.classes()) cells.push_back(cell(c));
    cells.push_back(cell(in.total()));
    cells.push_back(cell(out.total()));
    t.AddRow(cells);
  };
  const v1::DivisionTotals& total = totals.total();
  row(total, Level(total.division()) + " 合计", false);
  if (total.division().size() < 12) {
    row(total, Level(total.division()) + "级本级 (located here)", true);
  }
  for (const v1::DivisionTotals& d : totals.townships()) row(d, "乡 合计", false);
  for (const v1::DivisionTotals& d : totals.villages()) row(d, "村", false);
  std::cout << "counts / original value (数量 / 原值), assets in service; disposed ones apart\n"
            << t.Render();
  return kExitOk;
}

// --- the five lifecycle ledgers -------------------------------------------------------------

// Prints `ledger`: CSV (Chinese headings) or a table (the same headings).
void Print(bool csv, const LedgerTable& ledger) {
  if (csv) {
    std::cout << LedgerCsv(ledger);
    return;
  }
  std::vector<Column> columns;
  for (const std::string& h : ledger.headings) columns.push_back({h});
  Table t(columns);
  for (const auto& r : ledger.rows) t.AddRow(r);
  std::cout << t.Render();
}

std::string Projects(const v1::AssetRegistration& r) {
  std::vector<std::string> out;
  for (const v1::FundingLine& f : r.funding()) {
    out.push_back(f.project_id().empty() ? "@" + f.document() : f.project_id());
  }
  for (const v1::LineageLine& l : r.lineage()) out.push_back("转投:" + l.source_asset_code());
  return absl::StrJoin(out, "; ");
}

std::string Sources(const v1::AssetRegistration& r) {
  std::vector<std::string> out;
  for (const v1::FundingLine& f : r.funding()) {
    out.push_back(absl::StrCat(EnumWord(v1::FundSource_Name(f.source()), "FUND_SOURCE_"), "=",
                               PlainYuan(f.amount_fen())));
  }
  return absl::StrJoin(out, "; ");
}

struct DistributionData {
  v1::GetIncomeLedgerResponse incomes;
  v1::ListPlansResponse plans;
};

// Every income record and every plan of the log (the distribution ledger matches them to assets).
absl::StatusOr<DistributionData> FetchDistributionData(CliContext& ctx) {
  DistributionData out;
  v1::GetIncomeLedgerRequest incomes;
  incomes.set_origin(ctx.flags().origin);
  LEDGER_ASSIGN_OR_RETURN(out.incomes, FetchIncomeLedger(ctx, incomes));
  v1::ListPlansRequest plans;
  plans.set_origin(ctx.flags().origin);
  LEDGER_ASSIGN_OR_RETURN(out.plans, FetchPlans(ctx, plans));
  return out;
}

// The ledger `kind` of the assets matching `f`.
absl::StatusOr<LedgerTable> BuildLedger(CliContext& ctx, const std::string& kind,
                                        const ListFlags& f) {
  LEDGER_ASSIGN_OR_RETURN(std::vector<v1::AssetDetail> assets, FetchAssets(ctx, f));
  std::vector<std::vector<std::string>> rows;
  if (kind == "registration") {
    for (const v1::AssetDetail& a : assets) {
      const v1::AssetRegistration& r = a.registration();
      rows.push_back({r.asset_code(), r.name(), ClassLabel(r.asset_class()),
                      CategoryLabel(r.category()), FormLabel(r.accounting_form()), r.location(),
                      absl::StrCat(r.quantity()), r.unit(), PlainYuan(r.original_value_fen()),
                      r.date_formed(), absl::StrCat(r.service_life_years()), Projects(r),
                      Sources(r), StatusLabel(a.status())});
    }
    return LedgerTable{
        {"资产编号", "资产名称", "资产类别", "资产品类", "会计形态", "坐落位置", "数量", "计量单位",
         "原值(元)", "形成日期", "使用年限", "来源项目", "资金构成(元)", "状态"},
        std::move(rows)};
  }
  if (kind == "ownership") {
    for (const v1::AssetDetail& a : assets) {
      const v1::AssetRegistration& r = a.registration();
      const v1::OwnershipConfirmation* c =
          a.confirmations().empty() ? nullptr : &a.confirmations(a.confirmations_size() - 1);
      const std::string handover_from = a.has_handover() ? a.handover().from_party() : "";
      const std::string handover_date = a.has_handover() ? a.handover().date() : "";
      if (a.owners().empty()) {
        rows.push_back({r.asset_code(), r.name(), ClassLabel(r.asset_class()), "", "", "", "", "",
                        "", "", StatusLabel(a.status())});
        continue;
      }
      for (const v1::PartyShare& o : a.owners()) {
        rows.push_back({r.asset_code(), r.name(), ClassLabel(r.asset_class()),
                        FormatParty(o.party()), PartyKindLabel(o.party().kind()),
                        Percent(o.share_bp()), c ? c->basis() : "",
                        c ? c->certificate_number() : "", c ? c->date() : "",
                        handover_from.empty() ? "" : handover_from + " " + handover_date,
                        StatusLabel(a.status())});
      }
    }
    return LedgerTable{{"资产编号", "资产名称", "资产类别", "所有权人", "所有者层级", "份额",
                        "确权依据", "证书编号", "确权日期", "移交", "状态"},
                       std::move(rows)};
  }
  if (kind == "operation") {
    for (const v1::AssetDetail& a : assets) {
      const v1::AssetRegistration& r = a.registration();
      for (const v1::OperationContractEntry& e : a.contracts()) {
        const v1::OperationContract& c = e.contract();
        rows.push_back({r.asset_code(), r.name(), "运营合同 " + c.contract_id(),
                        FormatParty(c.operator_()), ModeLabel(c.mode()),
                        c.start_date() + " .. " + c.end_date(), PlainYuan(c.annual_rent_fen()),
                        c.guaranteed_return_bp() == 0 ? "" : Percent(c.guaranteed_return_bp()),
                        SelectionLabel(c.selection()), "", "", ""});
      }
      for (const v1::MaintenanceRecordEntry& e : a.maintenance()) {
        const v1::MaintenanceRecord& m = e.record();
        rows.push_back({r.asset_code(), r.name(), "管护记录", m.custodian(), "",
                        m.inspection_date(), "", "", "", ConditionLabel(m.condition()),
                        PlainYuan(m.repair_cost_fen()), MaintenanceFundingLabel(m.funding())});
      }
    }
    return LedgerTable{
        {"资产编号", "资产名称", "记录", "经营主体/管护责任人", "经营方式", "期限/检查日期",
         "年租金(元)", "保底收益率", "遴选方式", "资产状况", "维修费用(元)", "经费来源"},
        std::move(rows)};
  }
  if (kind == "distribution") {
    // Per asset: its income-right bindings (收益权), its income records (收益) and the plans that
    // distribute them (分配), from IncomeService.
    LEDGER_ASSIGN_OR_RETURN(DistributionData data, FetchDistributionData(ctx));
    for (const v1::AssetDetail& a : assets) {
      const v1::AssetRegistration& r = a.registration();
      for (const v1::RightBindingRecord& b : a.bindings()) {
        if (b.kind() != v1::RIGHT_KIND_INCOME) continue;
        for (const v1::PartyShare& h : b.holders()) {
          rows.push_back({r.asset_code(), r.name(), "收益权", FormatParty(h.party()),
                          Percent(h.share_bp()), b.valid_from() + " .. " + b.valid_to(), "", "",
                          b.basis(), ""});
        }
      }
      std::set<std::string> plans_of_asset;
      for (const v1::IncomeRecordEntry& e : data.incomes.incomes()) {
        const v1::IncomeRecord& in = e.record();
        if (in.asset_code() != r.asset_code()) continue;
        std::vector<std::string> plans;
        for (const v1::PlanDetail& p : data.plans.plans()) {
          const auto& ids = p.plan().income_ids();
          if (std::find(ids.begin(), ids.end(), in.income_id()) == ids.end()) continue;
          plans.push_back(p.plan().plan_id());
          plans_of_asset.insert(p.plan().plan_id());
        }
        rows.push_back(
            {r.asset_code(), r.name(), "收益 " + in.income_id(), FormatParty(in.received_by()), "",
             in.period_start() + " .. " + in.period_end(), PlainYuan(in.net_income_fen()),
             absl::StrJoin(plans, "; "), in.received_date(), absl::StrCat(e.index())});
      }
      for (const v1::PlanDetail& p : data.plans.plans()) {
        if (plans_of_asset.count(p.plan().plan_id()) == 0) continue;
        rows.push_back(
            {r.asset_code(), r.name(), "分配 " + p.plan().plan_id(), FormatParty(p.plan().owner()),
             "", p.plan().period_start() + " .. " + p.plan().period_end(), PlainYuan(p.paid_fen()),
             absl::StrCat("方案 ", PlainYuan(p.plan().total_fen())), PlanStageLabel(p.stage()),
             absl::StrCat(p.adopted_at())});
      }
    }
    return LedgerTable{{"资产编号", "资产名称", "记录", "收益权人/收款方/分配主体", "收益份额",
                        "期间", "金额(元)", "分配方案", "依据/入账日期/状态", "索引"},
                       std::move(rows)};
  }
  // disposal
  for (const v1::AssetDetail& a : assets) {
    const v1::AssetRegistration& r = a.registration();
    for (const v1::DisposalDetail& d : a.disposals()) {
      const v1::DisposalApplication& ap = d.application();
      std::vector<std::string> decisions;
      for (const v1::DisposalDecision& x : d.decisions()) {
        decisions.push_back(x.owner_division() + " " + x.resolution_reference());
      }
      auto approval = [](const v1::DisposalApproval& x) {
        if (x.authority() == v1::APPROVAL_AUTHORITY_UNSPECIFIED) return std::string();
        return absl::StrCat(x.approved() ? "同意 " : "不同意 ", x.document(), " ", x.date());
      };
      const v1::DisposalCompletion& c = d.completion();
      rows.push_back(
          {ap.disposal_id(), r.asset_code(), r.name(), TriggerLabel(ap.trigger()),
           MethodLabel(ap.method()), ap.application_date(), PlainYuan(ap.appraised_value_fen()),
           absl::StrJoin(decisions, "; "),
           d.has_review()
               ? absl::StrCat(d.review().approved() ? "同意 " : "不同意 ", d.review().date())
               : "",
           approval(d.department_approval()), approval(d.finance_approval()),
           d.has_notice() ? d.notice().start_date() + " .. " + d.notice().end_date() : "",
           c.completion_date(), c.counterparty(),
           d.has_completion() ? PlainYuan(c.price_fen()) : "",
           d.has_completion() ? PlainYuan(c.proceeds_fen()) : "", c.reinvestment_project_id(),
           StageLabel(d.stage())});
    }
  }
  return LedgerTable{
      {"处置编号", "资产编号", "资产名称", "触发情形", "处置方式", "申请日期", "评估价值(元)",
       "村级决议", "乡镇审核", "县级审批(主管部门)", "县级审批(财政)", "公示期", "完成日期",
       "受让方", "成交价(元)", "处置收入(元)", "再投资项目", "进度"},
      std::move(rows)};
}

int LedgerView(CliContext& ctx, const std::string& kind, bool csv, const ListFlags& f) {
  const std::string what = "asset ledger " + kind;
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, what);
  absl::StatusOr<LedgerTable> ledger = BuildLedger(ctx, kind, f);
  if (!ledger.ok()) return ReportError(ctx, ledger.status(), what);
  Print(csv, *ledger);
  return kExitOk;
}

void AddFilters(CLI::App* cmd, ListFlags& f) {
  cmd->add_option("--division", f.division,
                  "only assets located in this division (6, 9 or 12 digits, a prefix)");
  cmd->add_flag("--owned", f.owned,
                "with --division: also assets with an owner in it (a village's share of a "
                "multi-village asset)");
  cmd->add_option("--class", f.asset_class, "operational, public-benefit or household");
  cmd->add_option("--category", f.category,
                  WordsOf(v1::AssetCategory_descriptor(), "ASSET_CATEGORY_"));
  cmd->add_option("--status", f.status, WordsOf(v1::AssetStatus_descriptor(), "ASSET_STATUS_"));
}

}  // namespace

void AddAssetCommands(CLI::App& app, Action* action) {
  CLI::App* asset = app.add_subcommand(
      "asset",
      "the asset ledger (资产台账): register, confirm, hand over, bind rights, operate, "
      "maintain, and read it back");
  CLI::App* disposal = app.add_subcommand(
      "disposal",
      "the disposal chain of an asset (资产处置): apply, decide, review, approve, "
      "notice, complete, show");

  auto code = std::make_shared<std::string>();
  CLI::App* show = asset->add_subcommand(
      "show",
      "one asset with its full history: registration, owners, rights (with their history), "
      "handover, contracts, maintenance, disposals\n"
      "  example: ledgerctl asset show DZ-PV-001 --json");
  show->add_option("code", *code, "asset code")->required();
  show->callback(
      [action, code] { *action = [code](CliContext& ctx) { return Show(ctx, *code); }; });

  auto list = std::make_shared<ListFlags>();
  CLI::App* list_cmd = asset->add_subcommand(
      "list",
      "assets ordered by code, filtered by division, class, category and status\n"
      "  example: ledgerctl asset list --division 341721001 --class operational --status "
      "in-operation");
  AddFilters(list_cmd, *list);
  SetFlagsAction(list_cmd, action, list, List);

  auto division = std::make_shared<std::string>();
  CLI::App* totals = asset->add_subcommand(
      "totals",
      "count and original value by class for a division and each township and village under "
      "it (R29: the county's totals are its own level's plus the sum of its townships'); "
      "disposed assets apart\n"
      "  example: ledgerctl asset totals --division 341721");
  totals->add_option("--division", *division, "6, 9 or 12 digits (default: the log's county)");
  totals->callback([action, division] {
    *action = [division](CliContext& ctx) { return Totals(ctx, *division); };
  });

  auto kind = std::make_shared<std::string>();
  auto csv = std::make_shared<bool>(false);
  auto filters = std::make_shared<ListFlags>();
  CLI::App* ledger = asset->add_subcommand(
      "ledger",
      "the five lifecycle ledgers (台账) as tables, or CSV with Chinese headings: registration "
      "(资产登记), ownership (产权归属), operation (运营管护: contracts and maintenance), "
      "distribution (收益分配: income-right holders, each income record with its net income and "
      "the plans distributing it, and each such plan with what it paid), disposal (资产处置)\n"
      "  example: ledgerctl asset ledger ownership --division 341721001001 --owned --csv > "
      "产权归属台账.csv");
  ledger->add_option("kind", *kind, absl::StrJoin(kLedgerKinds, ", "))
      ->required()
      ->check(CLI::IsMember(kLedgerKinds));
  ledger->add_flag("--csv", *csv, "CSV (UTF-8) instead of a table");
  AddFilters(ledger, *filters);
  ledger->callback([action, kind, csv, filters] {
    *action = [kind, csv, filters](CliContext& ctx) {
      return LedgerView(ctx, *kind, *csv, *filters);
    };
  });

  AddAssetWriteCommands(asset, action);

  auto id = std::make_shared<std::string>();
  CLI::App* dshow = disposal->add_subcommand("show",
                                             "one disposal with every step of its chain\n"
                                             "  example: ledgerctl disposal show DP-1");
  dshow->add_option("id", *id, "disposal id")->required();
  dshow->callback(
      [action, id] { *action = [id](CliContext& ctx) { return DisposalShow(ctx, *id); }; });
  AddDisposalWriteCommands(disposal, action);
}

const std::vector<std::string> kLedgerKinds = {"registration", "ownership", "operation",
                                               "distribution", "disposal"};

absl::StatusOr<LedgerTable> FetchLedger(CliContext& ctx, const std::string& kind) {
  return BuildLedger(ctx, kind, ListFlags{});
}

std::string LedgerCsv(const LedgerTable& ledger) {
  std::string out = absl::StrCat(absl::StrJoin(ledger.headings, ","), "\n");
  for (const auto& r : ledger.rows) {
    std::vector<std::string> cells;
    for (const std::string& c : r) cells.push_back(CsvCell(c));
    absl::StrAppend(&out, absl::StrJoin(cells, ","), "\n");
  }
  return out;
}

}  // namespace ledger::ledgerctl
