#include "ledger/state/civil_date.h"

#include <algorithm>
#include <cstdio>

#include "ledger/util/check.h"

namespace ledger::state {
namespace {

constexpr int64_t kMicrosPerDay = int64_t{86'400} * 1'000'000;
constexpr int64_t kShanghaiOffsetMicros = int64_t{8} * 3'600 * 1'000'000;

// Floor division: recorded times before the epoch still fall on the right day.
int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// The value of `count` ASCII digits at text[pos], or -1 if any is not a digit.
int Digits(std::string_view text, size_t pos, size_t count) {
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

std::optional<CivilDate> ParseCivilDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const int year = Digits(text, 0, 4);
  const int month = Digits(text, 5, 2);
  const int day = Digits(text, 8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1) return std::nullopt;
  if (day > DaysInMonth(year, month)) return std::nullopt;
  return CivilDate{year, month, day};
}

bool IsValidTimeOfDay(std::string_view text) {
  if (text.size() != 8 || text[2] != ':' || text[5] != ':') return false;
  const int hour = Digits(text, 0, 2);
  const int minute = Digits(text, 3, 2);
  const int second = Digits(text, 6, 2);
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
}

// http://howardhinnant.github.io/date_algorithms.html#days_from_civil: eras of 400 years
// (146,097 days) starting on March 1, so the leap day is the last day of a year.
int64_t DaysFromCivil(const CivilDate& date) {
  const int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;                          // [0, 399]
  const int64_t mp = (date.month + 9) % 12;                   // March = 0
  const int64_t doy = (153 * mp + 2) / 5 + date.day - 1;      // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  // [0, 146096]
  return era * 146'097 + doe - 719'468;
}

CivilDate CivilFromDays(int64_t days) {
  const int64_t z = days + 719'468;
  const int64_t era = FloorDiv(z, 146'097);
  const int64_t doe = z - era * 146'097;                                         // [0, 146096]
  const int64_t yoe = (doe - doe / 1'460 + doe / 36'524 - doe / 146'096) / 365;  // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                   // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                                        // [0, 11]
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;                              // [1, 31]
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;                               // [1, 12]
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return CivilDate{static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
}

std::string FormatCivilDate(const CivilDate& date) {
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", date.year, date.month, date.day);
  return text;
}

CivilDate AddMonths(const CivilDate& date, int months) {
  LEDGER_CHECK(months >= 0);
  const int zero_based = date.month - 1 + months;
  CivilDate result;
  result.year = date.year + zero_based / 12;
  result.month = zero_based % 12 + 1;
  result.day = std::min(date.day, DaysInMonth(result.year, result.month));
  return result;
}

int64_t ShanghaiDayOfRecordedTime(int64_t recorded_time_us) {
  // Split before adding the offset, so no recorded time can overflow.
  int64_t utc_day = recorded_time_us / kMicrosPerDay;
  int64_t micros_into_day = recorded_time_us % kMicrosPerDay;
  if (micros_into_day < 0) {
    micros_into_day += kMicrosPerDay;
    --utc_day;
  }
  return micros_into_day + kShanghaiOffsetMicros >= kMicrosPerDay ? utc_day + 1 : utc_day;
}

}  // namespace ledger::state
