#include "ledger/state/body_fields.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "ledger/state/rules.h"
#include "ledger/util/rule_error.h"
#include "ledger/util/status_macros.h"

namespace ledger::state {

absl::Status FieldError(std::string_view message) {
  return RuleError(absl::StatusCode::kInvalidArgument, rules::kField, message);
}

absl::Status RuleViolation(std::string_view rule, std::string_view message) {
  return RuleError(absl::StatusCode::kFailedPrecondition, rule, message);
}

absl::Status CheckId(std::string_view id, std::string_view field) {
  return CheckCode(id, field, kIdSizeMax, rules::kField);
}

absl::Status CheckName(std::string_view text, std::string_view field, size_t runes_max) {
  return CheckText(text, field, runes_max, rules::kField);
}

namespace {

// 17 digits and a digit or X: the shape of a resident identity number (公民身份号码).
bool LooksLikeIdentityNumber(std::string_view ref) {
  if (ref.size() != 18) return false;
  for (size_t i = 0; i < 17; ++i) {
    if (ref[i] < '0' || ref[i] > '9') return false;
  }
  const char last = ref[17];
  return (last >= '0' && last <= '9') || last == 'X' || last == 'x';
}

}  // namespace

absl::Status CheckHouseholdRef(std::string_view ref, std::string_view field) {
  LEDGER_RETURN_IF_ERROR(CheckId(ref, field));
  if (LooksLikeIdentityNumber(ref)) {
    return FieldError(absl::StrCat(
        Sv(field), " has the shape of an identity number; use a pseudonymous reference"));
  }
  return absl::OkStatus();
}

namespace {

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// GB 11643-1999: 17 digits and the ISO 7064 MOD 11-2 check character.
bool IsIdentityNumber(std::string_view run) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[] = "10X98765432";
  if (run.size() != 18) return false;
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (run[i] - '0') * kWeights[i];
  const char last = run[17] == 'x' ? 'X' : run[17];
  return last == kCheck[sum % 11];
}

bool PassesLuhn(std::string_view digits) {
  int sum = 0;
  bool twice = false;
  for (size_t i = digits.size(); i-- > 0;) {
    int d = digits[i] - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

absl::Status PrivacyError(std::string_view field, std::string_view what) {
  return RuleError(absl::StatusCode::kInvalidArgument, rules::kPrivacy,
                   absl::StrCat(Sv(field), " holds what looks like ", Sv(what),
                                "; personal data stays in the privacy registry and never enters "
                                "the log (write a transaction or document number instead)"));
}

}  // namespace

absl::Status CheckNoPersonalData(std::string_view text, std::string_view field) {
  for (size_t i = 0; i < text.size();) {
    if (!IsAsciiDigit(text[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && IsAsciiDigit(text[end])) ++end;
    std::string_view run = text.substr(i, end - i);
    // An identity number may end in X.
    if (run.size() == 17 && end < text.size() && (text[end] == 'X' || text[end] == 'x')) {
      run = text.substr(i, 18);
      ++end;
    }
    if (IsIdentityNumber(run)) return PrivacyError(field, "a resident identity number");
    if (run.size() == 11 && run[0] == '1' && run[1] >= '3') {
      return PrivacyError(field, "a mobile phone number");
    }
    if (run.size() >= 16 && run.size() <= 19 && PassesLuhn(run)) {
      return PrivacyError(field, "a bank card number");
    }
    i = end;
  }
  return absl::OkStatus();
}

absl::Status CheckOptionalName(std::string_view text, std::string_view field, size_t runes_max) {
  if (text.empty()) return absl::OkStatus();
  return CheckName(text, field, runes_max);
}

absl::Status CheckEnum(const google::protobuf::EnumDescriptor* type, int value,
                       std::string_view field) {
  if (value == 0) return FieldError(absl::StrCat(Sv(field), " is unspecified"));
  if (type->FindValueByNumber(value) == nullptr) {
    return FieldError(absl::StrCat(Sv(field), " ", value, " is not a value of ", type->name()));
  }
  return absl::OkStatus();
}

absl::Status CheckAmount(int64_t fen, std::string_view field) {
  if (fen > 0) return absl::OkStatus();
  return FieldError(absl::StrCat(Sv(field), " is ", fen, " fen, must be more than 0"));
}

absl::Status CheckNonNegative(int64_t fen, std::string_view field) {
  if (fen >= 0) return absl::OkStatus();
  return FieldError(absl::StrCat(Sv(field), " is ", fen, " fen, must be 0 or more"));
}

absl::StatusOr<CivilDate> CheckDate(std::string_view text, std::string_view field) {
  std::optional<CivilDate> date = ParseCivilDate(text);
  if (!date.has_value()) {
    return FieldError(
        absl::StrCat(Sv(field), " ", QuoteForError(text), " is not a date \"YYYY-MM-DD\""));
  }
  return *date;
}

absl::Status CheckNotAfterRecord(const Entry& entry, const std::string& date,
                                 std::string_view field, std::string_view rule) {
  const std::string& recorded = entry.header().business_date();
  if (date <= recorded) return absl::OkStatus();
  return RuleViolation(rule, absl::StrCat(Sv(rule), ": ", Sv(field), " ", date,
                                          " is after the entry's business date ", recorded,
                                          "; an event is recorded on or after the day it happens"));
}

absl::Status CheckHash(std::string_view bytes, std::string_view field) {
  if (bytes.size() == kHashSize) return absl::OkStatus();
  return FieldError(
      absl::StrCat(Sv(field), " is ", bytes.size(), " bytes, must be ", kHashSize, " (SHA-256)"));
}

absl::Status Overflow(std::string_view what) {
  return FieldError(absl::StrCat(Sv(what), " overflows the 64-bit fen range"));
}

absl::StatusOr<int64_t> CheckedAdd(int64_t a, int64_t b, std::string_view what) {
  int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) return Overflow(what);
  return sum;
}

int64_t ShareOf(int64_t amount, uint32_t bp) {
  return amount / kBasisPoints * bp + amount % kBasisPoints * bp / kBasisPoints;
}

std::string FormatPercent(int64_t bp) {
  const int64_t hundredths = bp % 100;
  return absl::StrCat(bp / 100, ".", hundredths < 10 ? "0" : "", hundredths, "%");
}

}  // namespace ledger::state
