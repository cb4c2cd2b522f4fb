#include "clients/ledgerctl/csv.h"

#include "absl/strings/str_cat.h"

namespace ledger::ledgerctl {

absl::StatusOr<std::vector<std::vector<std::string>>> ParseCsv(std::string_view text,
                                                               std::vector<size_t>* rows) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;       // inside a quoted field
  bool after_quote = false;  // the field's closing quote was seen
  bool field_started = false;
  int line = 1;
  size_t row = 0;  // records ended so far, empty ones included
  auto end_field = [&] {
    record.push_back(std::move(field));
    field.clear();
    after_quote = false;
    field_started = false;
  };
  auto end_record = [&] {
    end_field();
    ++row;
    if (!(record.size() == 1 && record[0].empty())) {
      records.push_back(std::move(record));
      if (rows != nullptr) rows->push_back(row);
    }
    record.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == ',') {
      end_field();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
      ++line;
    } else if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
    } else if (after_quote) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line, ": text after a closing quote"));
    } else {
      field += c;
      field_started = true;
    }
  }
  if (quoted) {
    return absl::InvalidArgumentError(absl::StrCat("line ", line, ": a quote is never closed"));
  }
  if (field_started || !record.empty()) end_record();
  return records;
}

}  // namespace ledger::ledgerctl
