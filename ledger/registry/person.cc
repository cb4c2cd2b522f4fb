#include "ledger/registry/person.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/util/status_macros.h"
#include "ledger/util/utf8.h"

namespace ledger::registry {
namespace {

constexpr size_t kNameRunesMax = 50;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

int Number(std::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}

bool DateExists(int year, int month, int day) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

absl::Status Invalid(std::string_view field, std::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(std::string(field), " ", std::string(why)));
}

// The code points of `text` as separate UTF-8 strings (text must be well-formed).
std::vector<std::string_view> Runes(std::string_view text) {
  std::vector<std::string_view> runes;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    uint32_t rune = 0;
    if (!DecodeUtf8Rune(text, &pos, &rune)) break;
    runes.push_back(text.substr(start, pos - start));
  }
  return runes;
}

absl::Status CheckName(std::string_view name) {
  if (!IsValidUtf8(name)) return Invalid("name", "is not valid UTF-8");
  const std::vector<std::string_view> runes = Runes(name);
  if (runes.empty()) return Invalid("name", "is empty");
  if (runes.size() > kNameRunesMax) {
    return Invalid("name",
                   absl::StrCat("has ", runes.size(), " characters, at most ", kNameRunesMax));
  }
  size_t pos = 0;
  while (pos < name.size()) {
    uint32_t rune = 0;
    DecodeUtf8Rune(name, &pos, &rune);
    if (rune < 0x20 || rune == 0x7f || (rune >= '0' && rune <= '9')) {
      return Invalid("name", "holds a digit or a control character");
    }
  }
  if (name.front() == ' ' || name.back() == ' ') {
    return Invalid("name", "starts or ends with a space");
  }
  return absl::OkStatus();
}

absl::Status CheckVillage(std::string_view village, std::string_view jurisdiction) {
  if (village.size() != 12 || !AllDigits(village)) {
    return Invalid("village",
                   absl::StrCat("\"", std::string(village), "\" is not a 12-digit village code"));
  }
  if (!village.starts_with(jurisdiction)) {
    return Invalid("village", absl::StrCat(std::string(village), " is outside jurisdiction ",
                                           std::string(jurisdiction)));
  }
  return absl::OkStatus();
}

absl::Status CheckBankAccount(std::string_view account) {
  if (account.empty()) return absl::OkStatus();
  if (!AllDigits(account) || account.size() < 8 || account.size() > 32) {
    return Invalid("bank_account",
                   absl::StrCat("must be 8 to 32 digits (got ", account.size(), " characters)"));
  }
  return absl::OkStatus();
}

absl::Status CheckPhone(std::string_view phone) {
  if (phone.empty()) return absl::OkStatus();
  size_t digits = 0;
  for (char c : phone) {
    if (IsDigit(c)) {
      ++digits;
    } else if (c != '+' && c != '-' && c != ' ') {
      return Invalid("phone", "holds a character other than digits, '+', '-' and spaces");
    }
  }
  if (phone.size() > 20 || digits < 5) {
    return Invalid("phone", "must be 5 to 20 characters with at least 5 digits");
  }
  return absl::OkStatus();
}

// Full-width digits ０-９ (U+FF10..FF19) and Ｘ/ｘ (U+FF38, U+FF58) as ASCII; other text as is.
std::string HalfWidth(std::string_view text) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    uint32_t rune = 0;
    if (!DecodeUtf8Rune(text, &pos, &rune)) return std::string(text);
    if (rune >= 0xFF10 && rune <= 0xFF19) {
      out += static_cast<char>('0' + (rune - 0xFF10));
    } else if (rune == 0xFF38 || rune == 0xFF58) {
      out += 'X';
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> NormalizeIdentityNumber(std::string_view typed,
                                                    std::string_view today) {
  const std::string half = HalfWidth(typed);
  const std::string_view id_number = half;
  if (id_number.size() != 18) {
    return Invalid("id_number", absl::StrCat("has ", id_number.size(),
                                             " characters; a resident identity number has 18"));
  }
  if (!AllDigits(id_number.substr(0, 17))) {
    return Invalid("id_number", "must be 17 digits and a check character");
  }
  std::string id(id_number);
  if (id[17] == 'x') id[17] = 'X';
  if (!IsDigit(id[17]) && id[17] != 'X') {
    return Invalid("id_number", "ends in a character other than a digit or X");
  }
  const int year = Number(id.substr(6, 4));
  const int month = Number(id.substr(10, 2));
  const int day = Number(id.substr(12, 2));
  if (!DateExists(year, month, day)) {
    return Invalid("id_number", absl::StrCat("holds birth date ", id.substr(6, 8),
                                             ", which is not a date from 1900 to 2099"));
  }
  const std::string birth =
      absl::StrCat(id.substr(6, 4), "-", id.substr(10, 2), "-", id.substr(12, 2));
  if (!today.empty() && birth > today) {
    return Invalid("id_number", absl::StrCat("holds birth date ", birth, ", after today (",
                                             std::string(today), ")"));
  }
  // ISO 7064 MOD 11-2: weights 2^(17-i) mod 11, check = (12 - Σ mod 11) mod 11, 10 written X.
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[] = "10X98765432";
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (id[i] - '0') * kWeights[i];
  const char expected = kCheck[sum % 11];
  if (id[17] != expected) {
    return Invalid("id_number",
                   absl::StrCat("check character is ", std::string(1, id[17]), ", expected ",
                                std::string(1, expected), " (a digit was mistyped)"));
  }
  return id;
}

absl::StatusOr<v1::PersonFields> CheckPersonFields(const v1::PersonFields& fields,
                                                   std::string_view jurisdiction,
                                                   std::string_view today) {
  v1::PersonFields out = fields;
  LEDGER_RETURN_IF_ERROR(CheckVillage(fields.village(), jurisdiction));
  LEDGER_RETURN_IF_ERROR(CheckName(fields.name()));
  LEDGER_ASSIGN_OR_RETURN(*out.mutable_id_number(),
                          NormalizeIdentityNumber(fields.id_number(), today));
  out.mutable_bank_account()->erase(
      std::remove(out.mutable_bank_account()->begin(), out.mutable_bank_account()->end(), ' '),
      out.mutable_bank_account()->end());
  LEDGER_RETURN_IF_ERROR(CheckBankAccount(out.bank_account()));
  LEDGER_RETURN_IF_ERROR(CheckPhone(fields.phone()));
  return out;
}

std::string MaskName(std::string_view name) {
  const std::vector<std::string_view> runes = Runes(name);
  if (runes.empty()) return "";
  if (runes.size() == 1) return "*";
  std::string out(runes.front());
  const size_t hidden = runes.size() >= 3 ? runes.size() - 2 : 1;
  out.append(hidden, '*');
  if (runes.size() >= 3) out += runes.back();
  return out;
}

}  // namespace ledger::registry
