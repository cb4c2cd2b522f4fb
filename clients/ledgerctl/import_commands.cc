// ledgerctl import disbursements|assets|rosters FILE: many entries from one CSV file (import.h):
// every row checked first, every error reported with its row, nothing sent until the file is
// clean; then signed and submitted in batches with derived entry ids (docs/FORMATS.md §19), so
// running the same file again after an interruption appends only what is missing: the rest comes
// back as `exists` (same bytes) or `conflict` (the same id, signed on another day), never twice.

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
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/entries/entry_builder.h"
#include "clients/ledgerctl/commands.h"
#include "clients/ledgerctl/csv.h"
#include "clients/ledgerctl/import.h"
#include "clients/ledgerctl/progress.h"
#include "clients/ledgerctl/wording.h"
#include "ledger/crypto/sha256.h"
#include "nlohmann/json.hpp"

namespace ledger::ledgerctl {
namespace {

// A checked entry, ready to sign: one row, or the rows of one group.
struct Item {
  std::vector<size_t> rows;  // as a spreadsheet numbers them, the heading being row 1
  std::string group;         // the value of kind.group_by, if any
  std::vector<Cells> cells;  // of each row
  std::string entry_id;
  std::unique_ptr<google::protobuf::Message> body;
};

// How messages name an item: "row 7", or "roster RS-1 (rows 2-40)".
std::string Label(const ImportKind& kind, const Item& item) {
  if (kind.group_by.empty()) return absl::StrCat("row ", item.rows.front());
  const std::string rows = item.rows.size() == 1
                               ? absl::StrCat("row ", item.rows.front())
                               : absl::StrCat("rows ", item.rows.front(), "-", item.rows.back());
  return absl::StrCat(kind.group_by, " ", item.group, " (", rows, ")");
}

// The error as the user reads it: "--amount: ..." becomes "column amount: ...".
std::string RowError(size_t row, const absl::Status& s) {
  std::string message = ForPeople(std::string(s.message()));
  if (message.starts_with("--")) message = "column " + message.substr(2);
  return absl::StrCat("row ", row, ": ", message);
}

// The heading row: each position's column name. `fixed` columns come from the command line
// and must not be in the file.
absl::StatusOr<std::vector<std::string>> ReadHeading(const ImportKind& kind, const Cells& fixed,
                                                     const std::vector<std::string>& heading_row,
                                                     size_t row) {
  std::map<std::string, std::string> by_heading;
  std::vector<std::string> names;
  for (const ColumnSpec& c : kind.columns) {
    if (fixed.contains(c.name)) continue;
    by_heading[c.name] = c.name;
    by_heading[c.heading_zh] = c.name;
    names.push_back(c.heading_zh.empty() ? c.name : absl::StrCat(c.name, " (", c.heading_zh, ")"));
  }
  std::vector<std::string> column_of;  // by position in the file
  std::set<std::string> present;
  for (const std::string& h : heading_row) {
    const std::string heading(absl::StripAsciiWhitespace(h));
    auto it = by_heading.find(heading);
    if (it == by_heading.end()) {
      return absl::InvalidArgumentError(absl::StrCat("row ", row, ": unknown column \"", heading,
                                                     "\"; the columns are ",
                                                     absl::StrJoin(names, ", ")));
    }
    if (!present.insert(it->second).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("row ", row, ": the column ", it->second, " is given twice"));
    }
    column_of.push_back(it->second);
  }
  for (const ColumnSpec& c : kind.columns) {
    if (c.required && !present.contains(c.name) && !fixed.contains(c.name)) {
      return absl::InvalidArgumentError(
          absl::StrCat("row ", row, ": the column ", c.name, " (", c.heading_zh, ") is missing"));
    }
  }
  return column_of;
}

// Reads and checks the whole file: the items, or every error (one per line, with its row).
absl::StatusOr<std::vector<Item>> ReadItems(const CliContext& ctx, const ImportKind& kind,
                                            const ImportFlags& f,
                                            std::vector<std::string>* errors) {
  std::ifstream in(f.file, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", f.file));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<size_t> numbers;  // each record's row
  absl::StatusOr<std::vector<std::vector<std::string>>> records = ParseCsv(text, &numbers);
  if (!records.ok()) return records.status();
  if (records->empty()) return absl::InvalidArgumentError(absl::StrCat(f.file, " is empty"));
  absl::StatusOr<std::vector<std::string>> column_of =
      ReadHeading(kind, f.fixed, records->front(), numbers.front());
  if (!column_of.ok()) return column_of.status();

  const std::filesystem::path dir = std::filesystem::path(f.file).parent_path();
  std::vector<Item> items;
  std::map<std::string, size_t> item_of_group;  // group value -> index in items
  std::map<std::string, size_t> first_row_of;   // a row's own id -> row, to find repeated rows
  for (size_t r = 1; r < records->size(); ++r) {
    const size_t number = numbers[r];
    const std::vector<std::string>& record = (*records)[r];
    if (record.size() > column_of->size()) {
      errors->push_back(absl::StrCat("row ", number, ": ", record.size(), " cells, but ",
                                     column_of->size(), " columns"));
      continue;
    }
    Cells cells = f.fixed;
    std::string broken;  // a column whose cell holds a line break
    for (size_t i = 0; i < record.size(); ++i) {
      std::string value(absl::StripAsciiWhitespace(record[i]));
      if (value.find_first_of("\r\n") != std::string::npos) broken = (*column_of)[i];
      if (!value.empty()) cells[(*column_of)[i]] = std::move(value);
    }
    if (!broken.empty()) {
      errors->push_back(absl::StrCat("row ", number, ": the cell of column ", broken,
                                     " holds a line break; put it on one line"));
      continue;
    }
    absl::StatusOr<std::unique_ptr<google::protobuf::Message>> body = kind.build(cells, dir);
    if (!body.ok()) {
      errors->push_back(RowError(number, body.status()));
      continue;
    }
    const std::string row_id =
        DerivedEntryId(ctx.flags().origin, ctx.flags().principal, kind.name, {cells});
    if (auto [it, fresh] = first_row_of.emplace(row_id, number); !fresh) {
      errors->push_back(absl::StrCat("row ", number, ": repeats row ", it->second));
      continue;
    }
    const std::string group = kind.group_by.empty() ? "" : cells[kind.group_by];
    if (!kind.group_by.empty()) {
      if (auto it = item_of_group.find(group); it != item_of_group.end()) {
        Item& item = items[it->second];
        if (absl::Status s = kind.merge(**body, item.body.get()); !s.ok()) {
          errors->push_back(RowError(number, s));
          continue;
        }
        item.rows.push_back(number);
        item.cells.push_back(std::move(cells));
        continue;
      }
      item_of_group[group] = items.size();
    }
    items.push_back(Item{.rows = {number},
                         .group = group,
                         .cells = {std::move(cells)},
                         .entry_id = "",
                         .body = *std::move(body)});
  }
  if (items.empty() && errors->empty()) {
    return absl::InvalidArgumentError(absl::StrCat(f.file, " has a heading but no rows"));
  }
  for (Item& item : items) {
    item.entry_id =
        DerivedEntryId(ctx.flags().origin, ctx.flags().principal, kind.name, item.cells);
  }
  return items;
}

// Prints the outcome of a one-entry import like any single write ("<what>: appended at index
// 12 (entry id ...)", then ", verified in the checkpoint of size 13" when verified_size > 0),
// since the user asked for one entry.
void PrintSingle(const ImportKind& kind, const Item& item, const v1::SubmitResult& r,
                 uint64_t verified_size) {
  const bool created = r.outcome() == v1::SubmitResult::OUTCOME_CREATED;
  std::cout << kind.what << ": " << Label(kind, item) << ": "
            << (created ? "appended" : "already in the log") << " at index " << r.index()
            << " (entry id " << crypto::ToHex(item.entry_id) << ")";
  if (verified_size > 0) std::cout << ", verified in the checkpoint of size " << verified_size;
  std::cout << "\n";
}

}  // namespace

std::string DerivedEntryId(const std::string& origin, const std::string& principal,
                           const std::string& kind, const std::vector<Cells>& rows) {
  std::string text = absl::StrCat("ledgerctl import v1\n", origin, "\n", principal, "\n", kind);
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) text += "\n-";  // between the rows of a group
    for (const auto& [name, value] : rows[i]) absl::StrAppend(&text, "\n", name, "=", value);
  }
  const crypto::Sha256Digest digest = crypto::Sha256(text);
  std::string id(reinterpret_cast<const char*>(digest.data()), 16);
  id[6] = static_cast<char>((static_cast<uint8_t>(id[6]) & 0x0f) | 0x80);  // version 8
  id[8] = static_cast<char>((static_cast<uint8_t>(id[8]) & 0x3f) | 0x80);  // variant 10
  return id;
}

int RunImport(CliContext& ctx, const ImportKind& kind, const ImportFlags& f) {
  const std::string& what = kind.what;
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, what);
  if (absl::Status s = ctx.RequirePrincipal(); !s.ok()) return LocalError(s, what);

  std::vector<std::string> errors;
  absl::StatusOr<std::vector<Item>> items = ReadItems(ctx, kind, f, &errors);
  if (!items.ok()) return LocalError(items.status(), what);
  if (!errors.empty()) {
    for (const std::string& e : errors) std::cerr << "ledgerctl: " << what << ": " << e << "\n";
    std::cerr << "ledgerctl: " << what << ": " << errors.size()
              << " row(s) with errors; nothing was submitted. Fix them and run the same command "
                 "again.\n";
    return kExitUsage;
  }
  size_t row_count = 0;
  for (const Item& item : *items) row_count += item.rows.size();
  if (f.dry_run) {
    std::cout << f.file << ": " << row_count << " row(s) checked";
    if (!kind.group_by.empty()) std::cout << " (" << items->size() << " " << kind.unit << ")";
    std::cout << ", nothing submitted (--dry-run)\n";
    return kExitOk;
  }

  // Sign every item with its derived entry id, then submit batch by batch.
  absl::StatusOr<crypto::Ed25519PrivateKey> key = ctx.SigningKey();
  if (!key.ok()) return LocalError(key.status(), what);
  const std::string& date = ctx.flags().business_date;
  std::vector<std::string> envelopes;
  envelopes.reserve(items->size());
  for (Item& item : *items) {
    v1::EntryHeader* header =
        static_cast<v1::EntryHeader*>(item.body->GetReflection()->MutableMessage(
            item.body.get(), item.body->GetDescriptor()->FindFieldByName("header")));
    *header = entries::MakeHeader(ctx.flags().origin, ctx.flags().principal,
                                  date.empty() ? entries::TodayInShanghai() : date);
    header->set_entry_id(item.entry_id);
    absl::StatusOr<std::string> envelope = entries::SignEntry(*item.body, *key);
    if (!envelope.ok()) return ReportError(ctx, envelope.status(), what);
    envelopes.push_back(*std::move(envelope));
  }

  ProgressBar bar(kind.unit);
  size_t created = 0, existed = 0;
  bool all_verified = true;
  uint64_t verified_size = 0;
  std::vector<std::string> rejections;
  nlohmann::json results = nlohmann::json::array();
  std::optional<v1::SubmitResult> last;
  for (size_t begin = 0; begin < envelopes.size(); begin += f.batch) {
    const size_t end = std::min(envelopes.size(), begin + f.batch);
    std::vector<std::string> batch(envelopes.begin() + begin, envelopes.begin() + end);
    int exit_code = kExitOk;
    std::optional<Submitted> submitted = SubmitBatch(ctx, batch, what, &exit_code);
    if (!submitted) {
      if (exit_code == kExitIntegrity) {
        std::cerr << "ledgerctl: " << what << ": stopped at the batch from row "
                  << (*items)[begin].rows.front() << " (" << begin << " of " << envelopes.size()
                  << " " << kind.unit << " were submitted and verified before it)\n";
        return kExitIntegrity;
      }
      std::cerr << "ledgerctl: " << what << ": stopped after " << begin << " of "
                << envelopes.size() << " " << kind.unit
                << "; run the same command again to submit the rest (what is already in the log "
                   "is not submitted twice)\n";
      return kExitUnavailable;
    }
    // Every batch verified in a checkpoint at least as large as the one before (the trusted
    // state only advances); the last one covers them all.
    if (submitted->verified_size == 0) all_verified = false;
    verified_size = submitted->verified_size;
    const v1::SubmitResponse* response = &submitted->response;
    for (size_t i = 0; i < batch.size(); ++i) {
      const Item& item = (*items)[begin + i];
      const v1::SubmitResult& r = response->results(static_cast<int>(i));
      last = r;
      nlohmann::json result = {{"row", item.rows.front()},
                               {"entry_id", crypto::ToHex(item.entry_id)},
                               {"outcome", v1::SubmitResult::Outcome_Name(r.outcome())}};
      if (!kind.group_by.empty()) {
        result[kind.group_by] = item.group;
        result["rows"] = item.rows;
      }
      switch (r.outcome()) {
        case v1::SubmitResult::OUTCOME_CREATED:
          ++created;
          result["index"] = r.index();
          break;
        case v1::SubmitResult::OUTCOME_EXISTS:
        case v1::SubmitResult::OUTCOME_CONFLICT:
          // The entry id is in the log already: appended by an earlier run of this file
          // (CONFLICT when that run signed it on another business date).
          ++existed;
          result["index"] = r.index();
          break;
        default:
          result["rule"] = r.rule();
          result["message"] = r.message();
          rejections.push_back(absl::StrCat(Label(kind, item), ": rejected (", r.rule(),
                                            "): ", ForPeople(r.message())));
      }
      results.push_back(result);
    }
    if (ProgressBar::Enabled()) bar.Update(end, envelopes.size());
  }

  if (ctx.flags().json) {
    nlohmann::json report = {{"file", f.file},
                             {"rows", row_count},
                             {"created", created},
                             {"already_in_log", existed},
                             {"rejected", rejections.size()},
                             {"results", results}};
    if (!kind.group_by.empty()) report["entries"] = items->size();
    std::cout << report.dump() << "\n";
  } else {
    for (const std::string& r : rejections) std::cerr << "ledgerctl: " << what << ": " << r << "\n";
    // With a pinned key every batch was verified, each in a checkpoint at least as large as the
    // one before (the trusted state only advances): the last one covers them all.
    const uint64_t verified = all_verified ? verified_size : 0;
    if (items->size() == 1 && rejections.empty()) {
      PrintSingle(kind, items->front(), *last, verified);
    } else {
      std::cout << f.file << ": " << row_count << " row(s)";
      if (!kind.group_by.empty()) std::cout << " in " << items->size() << " " << kind.unit;
      std::cout << ": " << created << " appended, " << existed << " already in the log, "
                << rejections.size() << " rejected";
      if (verified > 0) std::cout << ", verified in the checkpoint of size " << verified;
      std::cout << "\n";
    }
  }
  return rejections.empty() ? kExitOk : kExitFailure;
}

namespace {

void AddImport(CLI::App* group, Action* action, const ImportKind& kind, const std::string& help) {
  auto f = std::make_shared<ImportFlags>();
  CLI::App* cmd = group->add_subcommand(kind.name, help);
  cmd->add_option("file", f->file, "the CSV file (UTF-8, a heading row; a BOM is allowed)")
      ->required();
  cmd->add_option("--batch", f->batch, "entries per submission")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_flag("--dry-run", f->dry_run, "check every row and stop (nothing is signed or sent)");
  const ImportKind* k = &kind;
  cmd->callback(
      [action, f, k] { *action = [f, k](CliContext& ctx) { return RunImport(ctx, *k, *f); }; });
}

}  // namespace

void AddImportCommands(CLI::App& app, Action* action) {
  CLI::App* group = app.add_subcommand(
      "import",
      "many entries from a CSV file, one per row (a roster: one per roster): every row is checked "
      "first and every error "
      "reported with its row (nothing is sent until the file is clean); then the rows are "
      "signed and submitted in batches. Each row's entry id is derived from the row, so running "
      "the same file again after an interruption appends only what is missing.\n"
      "  exit status: 0 all rows in the log, 1 some rows rejected by the log's rules (listed), "
      "2 the log's answer to a batch does not verify against the pinned key and checkpoint "
      "(SECURITY ERROR), 3 interrupted (run again), 64 errors in the file (nothing sent)");
  group->require_subcommand(1);
  AddImport(
      group, action, DisbursementsImport(),
      "payments (拨付), one `disburse` per row; columns named as disburse's flags or in "
      "Chinese: id (支付编号), project (项目编号), contract (合同编号), source (资金来源), stage "
      "(支付阶段), amount (金额(元)), payee (收款人), category (支出类别), voucher-file "
      "(凭证文件), invoice-file (发票文件), and optionally acceptance (验收编号), applied, "
      "signed-off, approved, paid (dates); file paths relative to the CSV file\n"
      "  example: ledgerctl --key fin.key --principal fin import disbursements 拨付.csv");
  AddImport(
      group, action, AssetsImport(),
      "asset registrations (资产登记), one `asset register` per row; columns code (资产编号), "
      "name (资产名称), class (资产类别), category (资产种类), form (核算形式), location "
      "(坐落), unit (计量单位), and optionally funding (资金来源; several lines separated "
      "by ';', e.g. central-linkage:P1=600,000.00), lineage (来源资产), value (原值(元)), "
      "formed (形成日期), coordinates (坐标), quantity (数量), life (使用年限)\n"
      "  example: ledgerctl --key xzj.key --principal xzj import assets 资产.csv");
  AddImport(group, action, RostersImport(),
            "household payment rosters (花名册), one HouseholdRoster entry per roster: one row per "
            "household with the columns roster (花名册编号), payment (支付编号), household_ref "
            "(户编码), and cash_yuan (现金(元)) with bank_reference (银行流水号) and/or "
            "in_kind_item (实物名称), quantity (数量), unit_price_yuan (单价(元)); each roster's "
            "lines must add up to its payment exactly (R7). For a single roster, `roster import` "
            "takes the roster and payment as flags.\n"
            "  example: ledgerctl --key fin.key --principal fin import rosters 花名册.csv");
}

}  // namespace ledger::ledgerctl
