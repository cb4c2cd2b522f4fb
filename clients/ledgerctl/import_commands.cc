// ledgerctl import disbursements|assets FILE: many entries from one CSV file, one per row.
//
// Every row is checked first (the same builders as `disburse` and `asset register`, bodies.h)
// and every error is reported with its row; nothing is sent until the file is clean. Then the
// rows are signed and submitted in batches. Each row's entry id is derived from the log, the
// signer, the kind and the row's cells (docs/FORMATS.md §19), so running the same file again
// after an interruption appends only the rows that are missing: the others come back as
// `exists` (same bytes) or `conflict` (the same id, signed on another day), never twice.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "clients/entries/entry_builder.h"
#include "clients/ledgerctl/bodies.h"
#include "clients/ledgerctl/commands.h"
#include "clients/ledgerctl/csv.h"
#include "clients/ledgerctl/progress.h"
#include "clients/ledgerctl/wording.h"
#include "ledger/crypto/sha256.h"
#include "nlohmann/json.hpp"

namespace ledger::ledgerctl {
namespace {

// A column: its name (the flag of the single-entry command, without "--") and its Chinese
// heading; either may head the column in the file.
struct ColumnSpec {
  std::string name;
  std::string heading_zh;
  bool required = false;
};

using Cells = std::map<std::string, std::string>;  // column name -> cell

// One kind of import: its columns and how a row becomes a body. `dir` is the CSV file's
// directory, against which relative file paths in cells are resolved.
struct ImportKind {
  std::string name;  // "disbursements"
  std::string what;  // "import disbursements"
  std::vector<ColumnSpec> columns;
  std::function<absl::StatusOr<std::unique_ptr<google::protobuf::Message>>(
      const Cells& cells, const std::filesystem::path& dir)>
      build;
};

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

const ImportKind& Disbursements() {
  static const auto* kind =
      new ImportKind{.name = "disbursements",
                     .what = "import disbursements",
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
                     }};
  return *kind;
}

const ImportKind& Assets() {
  static const auto* kind =
      new ImportKind{.name = "assets",
                     .what = "import assets",
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
                     }};
  return *kind;
}

// A checked row, ready to sign.
struct Row {
  size_t number = 0;  // in the file, the heading being row 1 (empty lines are not counted)
  std::string entry_id;
  std::unique_ptr<google::protobuf::Message> body;
};

// The row's entry id: a UUIDv8 (RFC 9562 §5.8) from the first 16 bytes of SHA-256 over
// "ledgerctl import v1", the origin, the signer, the kind and the row's cells by column name.
std::string DerivedEntryId(const std::string& origin, const std::string& principal,
                           const std::string& kind, const Cells& cells) {
  std::string text = absl::StrCat("ledgerctl import v1\n", origin, "\n", principal, "\n", kind);
  for (const auto& [name, value] : cells) absl::StrAppend(&text, "\n", name, "=", value);
  const crypto::Sha256Digest digest = crypto::Sha256(text);
  std::string id(reinterpret_cast<const char*>(digest.data()), 16);
  id[6] = static_cast<char>((static_cast<uint8_t>(id[6]) & 0x0f) | 0x80);  // version 8
  id[8] = static_cast<char>((static_cast<uint8_t>(id[8]) & 0x3f) | 0x80);  // variant 10
  return id;
}

// The error as the user reads it: "--amount: ..." becomes "column amount: ...".
std::string RowError(size_t row, const absl::Status& s) {
  std::string message = ForPeople(std::string(s.message()));
  if (message.starts_with("--")) message = "column " + message.substr(2);
  return absl::StrCat("row ", row, ": ", message);
}

// Reads and checks the whole file: the rows, or every error (one per line, with its row).
absl::StatusOr<std::vector<Row>> ReadRows(const CliContext& ctx, const ImportKind& kind,
                                          const std::string& path,
                                          std::vector<std::string>* errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // a BOM, as spreadsheets write it
  absl::StatusOr<std::vector<std::vector<std::string>>> records = ParseCsv(text);
  if (!records.ok()) return records.status();
  if (records->empty()) return absl::InvalidArgumentError(absl::StrCat(path, " is empty"));

  std::map<std::string, std::string> by_heading;
  std::vector<std::string> names;
  for (const ColumnSpec& c : kind.columns) {
    by_heading[c.name] = c.name;
    by_heading[c.heading_zh] = c.name;
    names.push_back(c.heading_zh.empty() ? c.name : absl::StrCat(c.name, " (", c.heading_zh, ")"));
  }
  std::vector<std::string> column_of;  // by position in the file
  std::set<std::string> present;
  for (const std::string& h : records->front()) {
    const std::string heading(absl::StripAsciiWhitespace(h));
    auto it = by_heading.find(heading);
    if (it == by_heading.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "row 1: unknown column \"", heading, "\"; the columns are ", absl::StrJoin(names, ", ")));
    }
    if (!present.insert(it->second).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("row 1: the column ", it->second, " is given twice"));
    }
    column_of.push_back(it->second);
  }
  for (const ColumnSpec& c : kind.columns) {
    if (c.required && !present.contains(c.name)) {
      return absl::InvalidArgumentError(
          absl::StrCat("row 1: the column ", c.name, " (", c.heading_zh, ") is missing"));
    }
  }

  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  std::vector<Row> rows;
  std::map<std::string, size_t> first_row_of;  // entry id -> row, to find repeated rows
  for (size_t r = 1; r < records->size(); ++r) {
    const size_t number = r + 1;
    const std::vector<std::string>& record = (*records)[r];
    if (record.size() > column_of.size()) {
      errors->push_back(absl::StrCat("row ", number, ": ", record.size(), " cells, but ",
                                     column_of.size(), " columns"));
      continue;
    }
    Cells cells;
    for (size_t i = 0; i < record.size(); ++i) {
      std::string value(absl::StripAsciiWhitespace(record[i]));
      if (!value.empty()) cells[column_of[i]] = std::move(value);
    }
    absl::StatusOr<std::unique_ptr<google::protobuf::Message>> body = kind.build(cells, dir);
    if (!body.ok()) {
      errors->push_back(RowError(number, body.status()));
      continue;
    }
    std::string id = DerivedEntryId(ctx.flags().origin, ctx.flags().principal, kind.name, cells);
    if (auto [it, fresh] = first_row_of.emplace(id, number); !fresh) {
      errors->push_back(absl::StrCat("row ", number, ": repeats row ", it->second));
      continue;
    }
    rows.push_back(Row{.number = number, .entry_id = std::move(id), .body = *std::move(body)});
  }
  if (rows.empty() && errors->empty()) {
    return absl::InvalidArgumentError(absl::StrCat(path, " has a heading but no rows"));
  }
  return rows;
}

struct ImportFlags {
  std::string file;
  size_t batch = 200;
  bool dry_run = false;
};

int Import(CliContext& ctx, const ImportKind& kind, const ImportFlags& f) {
  const std::string& what = kind.what;
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, what);
  if (absl::Status s = ctx.RequirePrincipal(); !s.ok()) return LocalError(s, what);
  absl::StatusOr<crypto::Ed25519PrivateKey> key = ctx.SigningKey();
  if (!key.ok()) return LocalError(key.status(), what);

  std::vector<std::string> errors;
  absl::StatusOr<std::vector<Row>> rows = ReadRows(ctx, kind, f.file, &errors);
  if (!rows.ok()) return LocalError(rows.status(), what);
  if (!errors.empty()) {
    for (const std::string& e : errors) std::cerr << "ledgerctl: " << what << ": " << e << "\n";
    std::cerr << "ledgerctl: " << what << ": " << errors.size()
              << " row(s) with errors; nothing was submitted. Fix them and run the same command "
                 "again.\n";
    return kExitUsage;
  }
  if (f.dry_run) {
    std::cout << f.file << ": " << rows->size()
              << " row(s) checked, nothing submitted (--dry-run)\n";
    return kExitOk;
  }

  // Sign every row with its derived entry id, then submit batch by batch.
  const std::string& date = ctx.flags().business_date;
  std::vector<std::string> envelopes;
  envelopes.reserve(rows->size());
  for (Row& row : *rows) {
    v1::EntryHeader* header =
        static_cast<v1::EntryHeader*>(row.body->GetReflection()->MutableMessage(
            row.body.get(), row.body->GetDescriptor()->FindFieldByName("header")));
    *header = entries::MakeHeader(ctx.flags().origin, ctx.flags().principal,
                                  date.empty() ? entries::TodayInShanghai() : date);
    header->set_entry_id(row.entry_id);
    absl::StatusOr<std::string> envelope = entries::SignEntry(*row.body, *key);
    if (!envelope.ok()) return ReportError(ctx, envelope.status(), what);
    envelopes.push_back(*std::move(envelope));
  }

  ProgressBar bar("rows");
  size_t created = 0, existed = 0;
  bool all_verified = true;
  uint64_t verified_size = 0;
  std::vector<std::string> rejections;
  nlohmann::json results = nlohmann::json::array();
  for (size_t begin = 0; begin < envelopes.size(); begin += f.batch) {
    const size_t end = std::min(envelopes.size(), begin + f.batch);
    std::vector<std::string> batch(envelopes.begin() + begin, envelopes.begin() + end);
    int exit_code = kExitOk;
    std::optional<Submitted> submitted = SubmitBatch(ctx, batch, what, &exit_code);
    if (!submitted) {
      if (exit_code == kExitIntegrity) {
        std::cerr << "ledgerctl: " << what << ": stopped at the batch of rows from row "
                  << (*rows)[begin].number << " (" << begin << " of " << envelopes.size()
                  << " rows were submitted before it)\n";
        return kExitIntegrity;
      }
      std::cerr << "ledgerctl: " << what << ": stopped after " << begin << " of "
                << envelopes.size()
                << " rows; run the same command again to submit the rest (rows already in the "
                   "log are not submitted twice)\n";
      return kExitUnavailable;
    }
    // Every batch verified in a checkpoint at least as large as the one before (the trusted
    // state only advances); the last one covers them all.
    if (submitted->verified_size == 0) all_verified = false;
    verified_size = submitted->verified_size;
    const v1::SubmitResponse* response = &submitted->response;
    for (size_t i = 0; i < batch.size(); ++i) {
      const Row& row = (*rows)[begin + i];
      const v1::SubmitResult& r = response->results(static_cast<int>(i));
      nlohmann::json item = {{"row", row.number},
                             {"entry_id", crypto::ToHex(row.entry_id)},
                             {"outcome", v1::SubmitResult::Outcome_Name(r.outcome())}};
      switch (r.outcome()) {
        case v1::SubmitResult::OUTCOME_CREATED:
          ++created;
          item["index"] = r.index();
          break;
        case v1::SubmitResult::OUTCOME_EXISTS:
        case v1::SubmitResult::OUTCOME_CONFLICT:
          // The row's entry id is in the log already: appended by an earlier run of this file
          // (CONFLICT when that run signed it on another business date).
          ++existed;
          item["index"] = r.index();
          break;
        default:
          item["rule"] = r.rule();
          item["message"] = r.message();
          rejections.push_back(absl::StrCat("row ", row.number, ": rejected (", r.rule(),
                                            "): ", ForPeople(r.message())));
      }
      results.push_back(item);
    }
    if (ProgressBar::Enabled()) bar.Update(end, envelopes.size());
  }

  if (ctx.flags().json) {
    std::cout << nlohmann::json{{"file", f.file},
                                {"rows", rows->size()},
                                {"created", created},
                                {"already_in_log", existed},
                                {"rejected", rejections.size()},
                                {"results", results}}
                     .dump()
              << "\n";
  } else {
    for (const std::string& r : rejections) std::cerr << "ledgerctl: " << what << ": " << r << "\n";
    std::cout << f.file << ": " << rows->size() << " row(s): " << created << " appended, "
              << existed << " already in the log, " << rejections.size() << " rejected";
    if (all_verified && verified_size > 0) {
      std::cout << ", verified in the checkpoint of size " << verified_size;
    }
    std::cout << "\n";
  }
  return rejections.empty() ? kExitOk : kExitFailure;
}

void AddImport(CLI::App* group, Action* action, const ImportKind& kind, const std::string& help) {
  auto f = std::make_shared<ImportFlags>();
  CLI::App* cmd = group->add_subcommand(kind.name, help);
  cmd->add_option("file", f->file, "the CSV file (UTF-8, a heading row; a BOM is allowed)")
      ->required();
  cmd->add_option("--batch", f->batch, "rows per submission")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_flag("--dry-run", f->dry_run, "check every row and stop (nothing is signed or sent)");
  const ImportKind* k = &kind;
  cmd->callback(
      [action, f, k] { *action = [f, k](CliContext& ctx) { return Import(ctx, *k, *f); }; });
}

}  // namespace

void AddImportCommands(CLI::App& app, Action* action) {
  CLI::App* group = app.add_subcommand(
      "import",
      "many entries from a CSV file, one per row: every row is checked first and every error "
      "reported with its row (nothing is sent until the file is clean); then the rows are "
      "signed and submitted in batches. Each row's entry id is derived from the row, so running "
      "the same file again after an interruption appends only what is missing.\n"
      "  exit status: 0 all rows in the log, 1 some rows rejected by the log's rules (listed), "
      "2 the log's answer to a batch does not verify against the pinned key and checkpoint "
      "(SECURITY ERROR), 3 interrupted (run again), 64 errors in the file (nothing sent)");
  group->require_subcommand(1);
  AddImport(
      group, action, Disbursements(),
      "payments (拨付), one `disburse` per row; columns named as disburse's flags or in "
      "Chinese: id (支付编号), project (项目编号), contract (合同编号), source (资金来源), stage "
      "(支付阶段), amount (金额(元)), payee (收款人), category (支出类别), voucher-file "
      "(凭证文件), invoice-file (发票文件), and optionally acceptance (验收编号), applied, "
      "signed-off, approved, paid (dates); file paths relative to the CSV file\n"
      "  example: ledgerctl --key fin.key --principal fin import disbursements 拨付.csv");
  AddImport(
      group, action, Assets(),
      "asset registrations (资产登记), one `asset register` per row; columns code (资产编号), "
      "name (资产名称), class (资产类别), category (资产种类), form (核算形式), location "
      "(坐落), unit (计量单位), and optionally funding (资金来源; several lines separated "
      "by ';', e.g. central-linkage:P1=600,000.00), lineage (来源资产), value (原值(元)), "
      "formed (形成日期), coordinates (坐标), quantity (数量), life (使用年限)\n"
      "  example: ledgerctl --key xzj.key --principal xzj import assets 资产.csv");
}

}  // namespace ledger::ledgerctl
