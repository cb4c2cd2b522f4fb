// ledgerctl asset register|confirm|handover|rights|contract|maintain: the signed asset entries
// (proto/ledger/v1/assets.proto). Amounts are typed in yuan and converted exactly to fen; shares
// in basis points; documents (handover lists) are entered by their SHA-256; dates are
// "YYYY-MM-DD" and default to today in Shanghai. Parties use the syntax of asset_cli.h.

#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clients/entries/entry_builder.h"
#include "clients/ledgerctl/asset_cli.h"
#include "clients/ledgerctl/bodies.h"
#include "clients/ledgerctl/write_flags.h"
#include "ledger/util/money.h"
#include "ledger/v1/assets.pb.h"

namespace ledger::ledgerctl {
namespace {

// "<source>:<project>=<yuan>" or "<source>:@<document>=<yuan>" (money spent outside this log).
absl::StatusOr<v1::FundingLine> ParseFunding(const std::string& item) {
  const size_t colon = item.find(':');
  const size_t eq = item.rfind('=');
  if (colon == std::string::npos || eq == std::string::npos || eq < colon) {
    return absl::InvalidArgumentError(
        absl::StrCat("--funding: \"", item,
                     "\" is not <source>:<project>=<yuan> or <source>:@<document>=<yuan>, e.g. "
                     "central-linkage:P1=600,000.00"));
  }
  v1::FundingLine line;
  absl::StatusOr<v1::FundSource> source = ParseWord<v1::FundSource>(
      v1::FundSource_descriptor(), "FUND_SOURCE_", "--funding", item.substr(0, colon));
  if (!source.ok()) return source.status();
  line.set_source(*source);
  const std::string what = item.substr(colon + 1, eq - colon - 1);
  if (what.empty() || what == "@") {
    return absl::InvalidArgumentError(
        absl::StrCat("--funding: \"", item, "\" names no project (or @document)"));
  }
  if (what[0] == '@') {
    line.set_document(what.substr(1));
  } else {
    line.set_project_id(what);
  }
  absl::StatusOr<int64_t> fen = ParseAmount("--funding", item.substr(eq + 1));
  if (!fen.ok()) return fen.status();
  line.set_amount_fen(*fen);
  return line;
}

}  // namespace

// --- asset register -------------------------------------------------------------------------

absl::StatusOr<v1::AssetRegistration> BuildAssetRegistration(const AssetRegisterFlags& f) {
  v1::AssetRegistration body;
  body.set_asset_code(f.code);
  body.set_name(f.name);
  auto cls = ParseWord<v1::AssetClass>(v1::AssetClass_descriptor(), "ASSET_CLASS_", "--class",
                                       f.asset_class);
  if (!cls.ok()) return cls.status();
  body.set_asset_class(*cls);
  auto category = ParseWord<v1::AssetCategory>(v1::AssetCategory_descriptor(), "ASSET_CATEGORY_",
                                               "--category", f.category);
  if (!category.ok()) return category.status();
  body.set_category(*category);
  auto form = ParseWord<v1::AccountingForm>(v1::AccountingForm_descriptor(), "ACCOUNTING_FORM_",
                                            "--form", f.form);
  if (!form.ok()) return form.status();
  body.set_accounting_form(*form);
  int64_t sum = 0;
  for (const std::string& item : f.funding) {
    absl::StatusOr<v1::FundingLine> line = ParseFunding(item);
    if (!line.ok()) return line.status();
    if (__builtin_add_overflow(sum, line->amount_fen(), &sum)) {
      return absl::InvalidArgumentError("--funding: the lines overflow");
    }
    *body.add_funding() = *line;
  }
  for (const std::string& item : f.lineage) {
    const size_t eq = item.rfind('=');
    if (eq == std::string::npos || eq == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--lineage: \"", item, "\" is not <asset code>=<yuan>, e.g. DZ-PV-001=120,000.00"));
    }
    absl::StatusOr<int64_t> fen = ParseAmount("--lineage", item.substr(eq + 1));
    if (!fen.ok()) return fen.status();
    v1::LineageLine* l = body.add_lineage();
    l->set_source_asset_code(item.substr(0, eq));
    l->set_amount_fen(*fen);
    if (__builtin_add_overflow(sum, *fen, &sum)) {
      return absl::InvalidArgumentError("--lineage: the lines overflow");
    }
  }
  if (f.funding.empty() && f.lineage.empty()) {
    return absl::InvalidArgumentError(
        "give at least one --funding or --lineage line (R13: where the money came from)");
  }
  if (f.value.empty()) {
    body.set_original_value_fen(sum);
  } else {
    absl::StatusOr<int64_t> value = ParseAmount("--value", f.value);
    if (!value.ok()) return value.status();
    body.set_original_value_fen(*value);
  }
  body.set_date_formed(DateOrToday(f.formed));
  body.set_location(f.location);
  body.set_coordinates(f.coordinates);
  body.set_quantity(f.quantity);
  body.set_unit(f.unit);
  body.set_service_life_years(f.life_years);
  return body;
}

namespace {

int Register(CliContext& ctx, const AssetRegisterFlags& f) {
  absl::StatusOr<v1::AssetRegistration> body = BuildAssetRegistration(f);
  if (!body.ok()) return LocalError(body.status(), "asset register");
  return SignAndSubmit(ctx, *body, body->mutable_header(), "asset register");
}

// --- asset confirm --------------------------------------------------------------------------

struct ConfirmFlags {
  std::string code;
  std::vector<std::string> owners;
  std::string basis, certificate, date, reason;
};

int Confirm(CliContext& ctx, const ConfirmFlags& f) {
  const std::string what = "asset confirm";
  v1::OwnershipConfirmation body;
  body.set_asset_code(f.code);
  // A single owner without "=<bp>" owns it all; several owners each need their share.
  const uint32_t default_bp = f.owners.size() == 1 ? 10000 : 0;
  for (const std::string& item : f.owners) {
    absl::StatusOr<v1::PartyShare> owner = ParsePartyShare("--owner", item, default_bp);
    if (!owner.ok()) return LocalError(owner.status(), what);
    if (owner->share_bp() == 0) {
      return LocalError(absl::InvalidArgumentError(absl::StrCat(
                            "--owner: \"", item,
                            "\" needs its share \"=<basis points>\" when there are several "
                            "owners, e.g. village:341721001001:大山村股份经济合作社=5000")),
                        what);
    }
    *body.add_owners() = *owner;
  }
  body.set_basis(f.basis);
  body.set_certificate_number(f.certificate);
  body.set_date(DateOrToday(f.date));
  body.set_higher_level_reason(f.reason);
  return SignAndSubmit(ctx, body, body.mutable_header(), what);
}

// --- asset handover -------------------------------------------------------------------------

struct HandoverFlags {
  std::string code, from, date, list_file;
};

int DoHandover(CliContext& ctx, const HandoverFlags& f) {
  const std::string what = "asset handover";
  v1::Handover body;
  body.set_asset_code(f.code);
  body.set_from_party(f.from);
  body.set_date(DateOrToday(f.date));
  absl::StatusOr<std::string> hash = HashFile("--list-file", f.list_file);
  if (!hash.ok()) return LocalError(hash.status(), what);
  body.set_list_hash(*hash);
  return SignAndSubmit(ctx, body, body.mutable_header(), what);
}

// --- asset rights ---------------------------------------------------------------------------

struct RightsFlags {
  std::string code, kind;
  std::vector<std::string> holders;
  std::string from, basis;
};

int Rights(CliContext& ctx, const RightsFlags& f) {
  const std::string what = "asset rights";
  v1::RightsAssignment body;
  body.set_asset_code(f.code);
  auto kind = ParseWord<v1::RightKind>(v1::RightKind_descriptor(), "RIGHT_KIND_", "--kind", f.kind);
  if (!kind.ok()) return LocalError(kind.status(), what);
  if (*kind == v1::RIGHT_KIND_OWNERSHIP || *kind == v1::RIGHT_KIND_OPERATION) {
    return LocalError(absl::InvalidArgumentError(
                          "--kind: ownership is bound by `asset confirm` and operation by "
                          "`asset contract`; use income, disposal, supervision or custody"),
                      what);
  }
  body.set_kind(*kind);
  const bool income = *kind == v1::RIGHT_KIND_INCOME;
  for (const std::string& item : f.holders) {
    absl::StatusOr<v1::PartyShare> holder =
        ParsePartyShare("--holder", item, income && f.holders.size() == 1 ? 10000 : 0);
    if (!holder.ok()) return LocalError(holder.status(), what);
    if (income && holder->share_bp() == 0) {
      return LocalError(absl::InvalidArgumentError(absl::StrCat(
                            "--holder: \"", item,
                            "\" needs its share \"=<basis points>\": income shares sum to 10000")),
                        what);
    }
    if (!income && holder->share_bp() != 0) {
      return LocalError(absl::InvalidArgumentError(absl::StrCat(
                            "--holder: \"", item, "\": only income rights have shares")),
                        what);
    }
    *body.add_holders() = *holder;
  }
  body.set_valid_from(DateOrToday(f.from));
  body.set_basis(f.basis);
  return SignAndSubmit(ctx, body, body.mutable_header(), what);
}

// --- asset contract -------------------------------------------------------------------------

struct ContractFlags {
  std::string id, code, operator_party, mode, start, end, rent, deposit, selection, signed_date;
  uint32_t return_bp = 0;
};

int Contract(CliContext& ctx, const ContractFlags& f) {
  const std::string what = "asset contract";
  v1::OperationContract body;
  body.set_contract_id(f.id);
  body.set_asset_code(f.code);
  absl::StatusOr<v1::Party> op = ParseParty("--operator", f.operator_party);
  if (!op.ok()) return LocalError(op.status(), what);
  *body.mutable_operator_() = *op;
  auto mode = ParseWord<v1::OperationMode>(v1::OperationMode_descriptor(), "OPERATION_MODE_",
                                           "--mode", f.mode);
  if (!mode.ok()) return LocalError(mode.status(), what);
  body.set_mode(*mode);
  if (!f.selection.empty()) {
    auto selection = ParseWord<v1::SelectionMethod>(
        v1::SelectionMethod_descriptor(), "SELECTION_METHOD_", "--selection", f.selection);
    if (!selection.ok()) return LocalError(selection.status(), what);
    body.set_selection(*selection);
  }
  body.set_start_date(DateOrToday(f.start));
  body.set_end_date(f.end);
  absl::StatusOr<int64_t> rent = ParseAmount("--rent", f.rent);
  if (!rent.ok()) return LocalError(rent.status(), what);
  body.set_annual_rent_fen(*rent);
  body.set_guaranteed_return_bp(f.return_bp);
  absl::StatusOr<int64_t> deposit = ParseAmount("--deposit", f.deposit);
  if (!deposit.ok()) return LocalError(deposit.status(), what);
  body.set_deposit_fen(*deposit);
  body.set_signed_date(DateOrToday(f.signed_date));
  return SignAndSubmit(ctx, body, body.mutable_header(), what);
}

// --- asset maintain -------------------------------------------------------------------------

struct MaintainFlags {
  std::string code, custodian, date, condition, cost, funding, post, notes;
};

int Maintain(CliContext& ctx, const MaintainFlags& f) {
  const std::string what = "asset maintain";
  v1::MaintenanceRecord body;
  body.set_asset_code(f.code);
  body.set_custodian(f.custodian);
  body.set_inspection_date(DateOrToday(f.date));
  auto condition = ParseWord<v1::AssetCondition>(v1::AssetCondition_descriptor(),
                                                 "ASSET_CONDITION_", "--condition", f.condition);
  if (!condition.ok()) return LocalError(condition.status(), what);
  body.set_condition(*condition);
  absl::StatusOr<int64_t> cost = ParseAmount("--cost", f.cost);
  if (!cost.ok()) return LocalError(cost.status(), what);
  body.set_repair_cost_fen(*cost);
  if (f.funding.empty()) {
    if (*cost != 0) {
      return LocalError(
          absl::InvalidArgumentError(
              "--funding: a repair cost needs its funding source (" +
              WordsOf(v1::MaintenanceFunding_descriptor(), "MAINTENANCE_FUNDING_") + ")"),
          what);
    }
    body.set_funding(v1::MAINTENANCE_FUNDING_NONE);
  } else {
    auto funding = ParseWord<v1::MaintenanceFunding>(
        v1::MaintenanceFunding_descriptor(), "MAINTENANCE_FUNDING_", "--funding", f.funding);
    if (!funding.ok()) return LocalError(funding.status(), what);
    body.set_funding(*funding);
  }
  body.set_public_welfare_post(f.post);
  body.set_notes(f.notes);
  return SignAndSubmit(ctx, body, body.mutable_header(), what);
}

}  // namespace

void AddAssetWriteCommands(CLI::App* asset, Action* action) {
  const std::string party_help =
      absl::StrCat("a party: ", kPartySyntax, ", e.g. village:341721001001:大山村股份经济合作社");

  auto reg = std::make_shared<AssetRegisterFlags>();
  CLI::App* reg_cmd = asset->add_subcommand(
      "register",
      "register an asset formed by projects (资产登记; project managers or village "
      "accountants). R13: funding lines plus lineage lines make the original value, and a "
      "project's assets total at most what it paid\n"
      "  example: ledgerctl --key xzj.key --principal xzj asset register --code DZ-PV-001 "
      "--name 大山村500kW光伏电站 --class operational --category photovoltaic-station "
      "--form fixed --funding central-linkage:P1=600,000.00 --location 341721001001 "
      "--quantity 500 --unit kW --life 25 --formed 2026-06-30");
  reg_cmd->add_option("--code", reg->code, "asset code (资产编号), unique in the log")->required();
  reg_cmd->add_option("--name", reg->name, "asset name (资产名称)")->required();
  reg_cmd
      ->add_option("--class", reg->asset_class,
                   "operational (经营性), public-benefit (公益性) or household (到户类)")
      ->required();
  reg_cmd
      ->add_option("--category", reg->category,
                   WordsOf(v1::AssetCategory_descriptor(), "ASSET_CATEGORY_"))
      ->required();
  reg_cmd
      ->add_option("--form", reg->form,
                   "accounting form (会计形态): " +
                       WordsOf(v1::AccountingForm_descriptor(), "ACCOUNTING_FORM_"))
      ->required();
  reg_cmd->add_option("--funding", reg->funding,
                      "a funding line (资金构成) <source>:<project>=<yuan>, or "
                      "<source>:@<document>=<yuan> for money spent outside this log (repeatable)");
  reg_cmd->add_option("--lineage", reg->lineage,
                      "funded by another asset's disposal proceeds (转投): <asset code>=<yuan> "
                      "(repeatable)");
  reg_cmd->add_option("--value", reg->value,
                      "original value (原值) in yuan (default: the sum of the lines)");
  AddDate(reg_cmd, "--formed", reg->formed, "date formed (形成日期)");
  reg_cmd->add_option("--location", reg->location, "division code of 6, 9 or 12 digits (坐落)")
      ->required();
  reg_cmd->add_option("--coordinates", reg->coordinates, "\"lat,lon\" in decimal degrees");
  reg_cmd->add_option("--quantity", reg->quantity, "quantity (数量)")->capture_default_str();
  reg_cmd->add_option("--unit", reg->unit, "unit (计量单位), e.g. kW, 座, 头")->required();
  reg_cmd->add_option("--life", reg->life_years, "service life in years (使用年限), 0 = n/a");
  SetFlagsAction(reg_cmd, action, reg, Register);

  auto con = std::make_shared<ConfirmFlags>();
  CLI::App* confirm = asset->add_subcommand(
      "confirm",
      "confirm the owners of an asset (确权; project managers); replaces the owners from its "
      "date. R15: shares sum to 10000 basis points\n"
      "  example: ledgerctl --key xzj.key --principal xzj asset confirm --code DZ-PV-001 "
      "--owner village:341721001001:大山村股份经济合作社 --basis 村级光伏扶贫电站归村集体 "
      "--certificate 东资确〔2026〕1号\n"
      "  example (联村, by shares): --owner village:341721001001:大山村=5000 "
      "--owner village:341721001002:小河村=3000 --owner village:341721001003:石门村=2000");
  confirm
      ->add_option("--owner", con->owners,
                   party_help + "; with several owners each ends in =<basis points> (repeatable)")
      ->required();
  confirm->add_option("--code", con->code, "asset code")->required();
  confirm->add_option("--basis", con->basis, "basis (确权依据)")->required();
  confirm->add_option("--certificate", con->certificate, "certificate number (证书编号)");
  AddDate(confirm, "--date", con->date, "confirmation date");
  confirm->add_option("--higher-level-reason", con->reason,
                      "why an operational asset without household owners is owned above the "
                      "village");
  SetFlagsAction(confirm, action, con, Confirm);

  auto hov = std::make_shared<HandoverFlags>();
  CLI::App* handover = asset->add_subcommand(
      "handover",
      "hand the asset over to its owners (移交); the signed handover list is entered by its "
      "SHA-256\n"
      "  example: ledgerctl --key xzj.key --principal xzj asset handover --code DZ-PV-001 "
      "--from 东至县乡村振兴局 --list-file 移交清单.pdf");
  handover->add_option("--code", hov->code, "asset code")->required();
  handover->add_option("--from", hov->from, "handing-over unit (移交单位)")->required();
  AddDate(handover, "--date", hov->date, "handover date");
  handover->add_option("--list-file", hov->list_file, "the handover list (移交清单)")->required();
  SetFlagsAction(handover, action, hov, DoHandover);

  auto rts = std::make_shared<RightsFlags>();
  CLI::App* rights = asset->add_subcommand(
      "rights",
      "bind the income, disposal, supervision or custody right (五权) from a date; the previous "
      "binding of the kind ends the day before\n"
      "  example: ledgerctl --key xzj.key --principal xzj asset rights --code DZ-PV-001 "
      "--kind income --holder village:341721001001:大山村股份经济合作社=10000 "
      "--basis 收益权证001");
  rights->add_option("--code", rts->code, "asset code")->required();
  rights
      ->add_option("--kind", rts->kind,
                   "income (收益权), disposal (处置权), supervision (监督权), custody (管护责任)")
      ->required();
  rights
      ->add_option("--holder", rts->holders,
                   party_help + "; income holders end in =<basis points> (repeatable)")
      ->required();
  AddDate(rights, "--from", rts->from, "valid from");
  rights->add_option("--basis", rts->basis, "basis, e.g. the 收益权证 number");
  SetFlagsAction(rights, action, rts, Rights);

  auto ctr = std::make_shared<ContractFlags>();
  CLI::App* contract = asset->add_subcommand(
      "contract",
      "record an operation contract (运营合同); binds the operator for its term. R18: other than "
      "self-operated, chosen by an open method with a yearly return at least the policy's "
      "minimum\n"
      "  example: ledgerctl --key xzj.key --principal xzj asset contract --id OC-1 "
      "--code DZ-PV-001 --operator org:某光伏运维公司 --mode lease --selection tender "
      "--start 2026-07-01 --end 2031-06-30 --rent 48,000.00 --deposit 10,000.00");
  contract->add_option("--id", ctr->id, "contract id, unique in the log")->required();
  contract->add_option("--code", ctr->code, "asset code")->required();
  contract->add_option("--operator", ctr->operator_party, party_help)->required();
  contract
      ->add_option("--mode", ctr->mode, WordsOf(v1::OperationMode_descriptor(), "OPERATION_MODE_"))
      ->required();
  contract->add_option("--selection", ctr->selection,
                       "tender (招标), open-bidding (公开竞价), open-negotiation (公开协商); "
                       "omit only for self-operated");
  AddDate(contract, "--start", ctr->start, "start of the term");
  contract->add_option("--end", ctr->end, "end of the term, YYYY-MM-DD")->required();
  ctr->rent = "0";
  ctr->deposit = "0";
  contract->add_option("--rent", ctr->rent, "annual rent in yuan (年租金)")->capture_default_str();
  contract->add_option("--return-bp", ctr->return_bp,
                       "guaranteed yearly return (保底收益) in basis points of the original value");
  contract->add_option("--deposit", ctr->deposit, "deposit in yuan (保证金)")
      ->capture_default_str();
  AddDate(contract, "--signed", ctr->signed_date, "signing date");
  SetFlagsAction(contract, action, ctr, Contract);

  auto mnt = std::make_shared<MaintainFlags>();
  CLI::App* maintain = asset->add_subcommand(
      "maintain",
      "record an inspection or repair (管护记录; project managers, village accountants, "
      "operators)\n"
      "  example: ledgerctl --key cun.key --principal cun-001 asset maintain --code DZ-PV-001 "
      "--custodian 张三 --condition damaged --cost 3,000.00 --funding operating-income "
      "--notes \"洪水冲毁支架\"");
  maintain->add_option("--code", mnt->code, "asset code")->required();
  maintain->add_option("--custodian", mnt->custodian, "custodian (管护责任人)")->required();
  AddDate(maintain, "--date", mnt->date, "inspection date");
  maintain
      ->add_option("--condition", mnt->condition,
                   "good (完好), fair (一般), damaged (损坏), out-of-service (停用)")
      ->required();
  mnt->cost = "0";
  maintain->add_option("--cost", mnt->cost, "repair cost in yuan")->capture_default_str();
  maintain->add_option("--funding", mnt->funding,
                       "who pays the repair: " +
                           WordsOf(v1::MaintenanceFunding_descriptor(), "MAINTENANCE_FUNDING_") +
                           " (default none, only for no cost)");
  maintain->add_option("--post", mnt->post, "public-welfare post reference (公益性岗位)");
  maintain->add_option("--notes", mnt->notes, "notes");
  SetFlagsAction(maintain, action, mnt, Maintain);
}

}  // namespace ledger::ledgerctl
