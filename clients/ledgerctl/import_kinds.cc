// The kinds of CSV import (import.h): their columns and how a row becomes a body. Disbursements
// and assets use the builders of `disburse` and `asset register` (bodies.h); a roster's lines
// are checked by the state machine's own CheckRosterLine (ledger/state/fund_rules.h), so the
// file is refused for exactly the reasons the log would refuse it, but all at once, by row.

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/ledgerctl/bodies.h"
#include "clients/ledgerctl/import.h"
#include "ledger/state/fund_rules.h"
#include "ledger/util/money.h"
#include "ledger/v1/funds.pb.h"

namespace ledger::ledgerctl {
namespace {

std::string Cell(const Cells& cells, const std::string& name) {
  auto it = cells.find(name);
  return it == cells.end() ? "" : it->second;
}

// A path from a cell, relative to the CSV file's directory unless absolute.
std::string FilePath(const Cells& cells, const std::string& name,
                     const std::filesystem::path& dir) {
  const std::string cell = Cell(cells, name);
  if (cell.empty() || std::filesystem::path(cell).is_absolute()) return cell;
  return (dir / cell).string();
}

// "a; b; c" -> {"a", "b", "c"} (a cell holding several lines, e.g. funding lines).
std::vector<std::string> Items(const std::string& cell) {
  std::vector<std::string> out;
  for (absl::string_view item : absl::StrSplit(cell, ';', absl::SkipWhitespace())) {
    out.emplace_back(absl::StripAsciiWhitespace(item));
  }
  return out;
}

// A cell of yuan in fen, 0 when empty; the error names the column.
absl::StatusOr<int64_t> OptionalYuan(const Cells& cells, const std::string& column) {
  const std::string cell = Cell(cells, column);
  if (cell.empty()) return 0;
  absl::StatusOr<int64_t> fen = ParseYuan(cell);
  if (!fen.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("column ", column, ": ", std::string(fen.status().message())));
  }
  return fen;
}

}  // namespace

const ImportKind& DisbursementsImport() {
  static const auto* kind =
      new ImportKind{.name = "disbursements",
                     .what = "import disbursements",
                     .unit = "rows",
                     .columns = {{"id", "支付编号", true},
                                 {"project", "项目编号", true},
                                 {"contract", "合同编号", true},
                                 {"source", "资金来源", true},
                                 {"stage", "支付阶段", true},
                                 {"amount", "金额(元)", true},
                                 {"payee", "收款人", true},
                                 {"category", "支出类别", true},
                                 {"voucher-file", "凭证文件", true},
                                 {"invoice-file", "发票文件", true},
                                 {"acceptance", "验收编号"},
                                 {"applied", "报账申请日期"},
                                 {"signed-off", "乡镇审核日期"},
                                 {"approved", "财政审批日期"},
                                 {"paid", "支付日期"}},
                     .build = [](const Cells& c, const std::filesystem::path& dir)
                         -> absl::StatusOr<std::unique_ptr<google::protobuf::Message>> {
                       DisburseFlags f{.id = Cell(c, "id"),
                                       .project = Cell(c, "project"),
                                       .contract = Cell(c, "contract"),
                                       .source = Cell(c, "source"),
                                       .stage = Cell(c, "stage"),
                                       .amount = Cell(c, "amount"),
                                       .payee = Cell(c, "payee"),
                                       .category = Cell(c, "category"),
                                       .voucher_file = FilePath(c, "voucher-file", dir),
                                       .invoice_file = FilePath(c, "invoice-file", dir),
                                       .acceptance = Cell(c, "acceptance"),
                                       .applied = Cell(c, "applied"),
                                       .signed_off = Cell(c, "signed-off"),
                                       .approved = Cell(c, "approved"),
                                       .paid = Cell(c, "paid")};
                       absl::StatusOr<v1::Disbursement> body = BuildDisbursement(f);
                       if (!body.ok()) return body.status();
                       return std::make_unique<v1::Disbursement>(*std::move(body));
                     },
                     .group_by = "",
                     .merge = {}};
  return *kind;
}

const ImportKind& AssetsImport() {
  static const auto* kind =
      new ImportKind{.name = "assets",
                     .what = "import assets",
                     .unit = "rows",
                     .columns = {{"code", "资产编号", true},
                                 {"name", "资产名称", true},
                                 {"class", "资产类别", true},
                                 {"category", "资产种类", true},
                                 {"form", "核算形式", true},
                                 {"funding", "资金来源"},
                                 {"lineage", "来源资产"},
                                 {"value", "原值(元)"},
                                 {"formed", "形成日期"},
                                 {"location", "坐落", true},
                                 {"coordinates", "坐标"},
                                 {"quantity", "数量"},
                                 {"unit", "计量单位", true},
                                 {"life", "使用年限"}},
                     .build = [](const Cells& c, const std::filesystem::path&)
                         -> absl::StatusOr<std::unique_ptr<google::protobuf::Message>> {
                       AssetRegisterFlags f{.code = Cell(c, "code"),
                                            .name = Cell(c, "name"),
                                            .asset_class = Cell(c, "class"),
                                            .category = Cell(c, "category"),
                                            .form = Cell(c, "form"),
                                            .funding = Items(Cell(c, "funding")),
                                            .lineage = Items(Cell(c, "lineage")),
                                            .value = Cell(c, "value"),
                                            .formed = Cell(c, "formed"),
                                            .location = Cell(c, "location"),
                                            .coordinates = Cell(c, "coordinates"),
                                            .unit = Cell(c, "unit")};
                       if (const std::string q = Cell(c, "quantity"); !q.empty()) {
                         if (!absl::SimpleAtoi(q, &f.quantity) || f.quantity == 0) {
                           return absl::InvalidArgumentError(absl::StrCat(
                               "--quantity: \"", q, "\" is not a whole number above 0"));
                         }
                       }
                       if (const std::string y = Cell(c, "life"); !y.empty()) {
                         if (!absl::SimpleAtoi(y, &f.life_years) || f.life_years > 100) {
                           return absl::InvalidArgumentError(absl::StrCat(
                               "--life: \"", y, "\" is not a number of years from 0 to 100"));
                         }
                       }
                       absl::StatusOr<v1::AssetRegistration> body = BuildAssetRegistration(f);
                       if (!body.ok()) return body.status();
                       return std::make_unique<v1::AssetRegistration>(*std::move(body));
                     },
                     .group_by = "",
                     .merge = {}};
  return *kind;
}

// A household roster (发放花名册): one entry per roster id, one line per row.
const ImportKind& RostersImport() {
  static const auto* kind = new ImportKind{
      .name = "rosters",
      .what = "import rosters",
      .unit = "rosters",
      .columns = {{"roster", "花名册编号", true},
                  {"payment", "支付编号", true},
                  {"household_ref", "户编码", true},
                  {"cash_yuan", "现金(元)"},
                  {"in_kind_item", "实物名称"},
                  {"quantity", "数量"},
                  {"unit_price_yuan", "单价(元)"},
                  {"bank_reference", "银行流水号"}},
      .build = [](const Cells& c, const std::filesystem::path&)
          -> absl::StatusOr<std::unique_ptr<google::protobuf::Message>> {
        auto roster = std::make_unique<v1::HouseholdRoster>();
        roster->set_roster_id(Cell(c, "roster"));
        roster->set_payment_id(Cell(c, "payment"));
        v1::RosterLine* line = roster->add_lines();
        line->set_household_ref(Cell(c, "household_ref"));
        absl::StatusOr<int64_t> cash = OptionalYuan(c, "cash_yuan");
        if (!cash.ok()) return cash.status();
        line->set_cash_fen(*cash);
        absl::StatusOr<int64_t> price = OptionalYuan(c, "unit_price_yuan");
        if (!price.ok()) return price.status();
        line->set_unit_price_fen(*price);
        line->set_in_kind_item(Cell(c, "in_kind_item"));
        if (const std::string q = Cell(c, "quantity"); !q.empty()) {
          uint32_t quantity = 0;
          if (!absl::SimpleAtoi(q, &quantity)) {
            return absl::InvalidArgumentError(
                absl::StrCat("column quantity: \"", q, "\" is not a whole number"));
          }
          line->set_quantity(quantity);
        }
        line->set_bank_reference(Cell(c, "bank_reference"));
        // The log's own check of a line, in the spreadsheet's words.
        absl::StatusOr<state::RosterLineValue> value = state::CheckRosterLine(*line, "");
        if (!value.ok()) return value.status();
        return roster;
      },
      .group_by = "roster",
      .merge = [](const google::protobuf::Message& row_body,
                  google::protobuf::Message* entry_body) -> absl::Status {
        const auto& row = static_cast<const v1::HouseholdRoster&>(row_body);
        auto* entry = static_cast<v1::HouseholdRoster*>(entry_body);
        if (row.payment_id() != entry->payment_id()) {
          return absl::InvalidArgumentError(absl::StrCat("roster ", entry->roster_id(),
                                                         " is for payment ", entry->payment_id(),
                                                         ", but this row says ", row.payment_id()));
        }
        for (const v1::RosterLine& line : entry->lines()) {
          if (line.household_ref() == row.lines(0).household_ref()) {
            return absl::InvalidArgumentError(absl::StrCat(
                "household ", line.household_ref(), " is already in roster ", entry->roster_id()));
          }
        }
        *entry->add_lines() = row.lines(0);
        return absl::OkStatus();
      }};
  return *kind;
}
}  // namespace ledger::ledgerctl
