#ifndef LEDGER_STATE_CIVIL_DATE_H_
#define LEDGER_STATE_CIVIL_DATE_H_

// Civil dates of the proleptic Gregorian calendar and the jurisdiction's calendar day of a
// recorded time. Pure arithmetic, no time-zone database: Asia/Shanghai has been UTC+8 without
// daylight saving since 1991, and recorded times are later than that.
//
//   std::optional<CivilDate> d = ParseCivilDate("2024-02-29");   // ok: a leap year
//   int64_t day = DaysFromCivil(*d);                              // days since 1970-01-01
//   std::string today = FormatCivilDate(CivilFromDays(ShanghaiDayOfRecordedTime(t_us)));

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ledger::state {

struct CivilDate {
  int year = 1970;  // 1..9999
  int month = 1;    // 1..12
  int day = 1;      // 1..DaysInMonth(year, month)

  bool operator==(const CivilDate&) const = default;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);

// Strict "YYYY-MM-DD": exactly 10 characters, ASCII digits, year 0001..9999, a month 01..12 and
// a day that exists in that month (so "2026-02-29" fails and "2024-02-29" parses).
std::optional<CivilDate> ParseCivilDate(std::string_view text);

// Strict "HH:MM:SS": exactly 8 characters, hour 00..23, minute and second 00..59 (no leap
// second; business times are wall-clock readings).
bool IsValidTimeOfDay(std::string_view text);

// Days since 1970-01-01 (negative before it), and back. (Howard Hinnant's days_from_civil.)
int64_t DaysFromCivil(const CivilDate& date);
CivilDate CivilFromDays(int64_t days);

// "YYYY-MM-DD".
std::string FormatCivilDate(const CivilDate& date);

// The date `months` (≥ 0) calendar months after `date`, the day clamped to the month's length
// (2025-01-31 + 1 month = 2025-02-28; 2024-02-29 + 12 months = 2025-02-28).
CivilDate AddMonths(const CivilDate& date, int months);

// The Asia/Shanghai (UTC+8) calendar day, in days since 1970-01-01, of `recorded_time_us`
// (microseconds since the Unix epoch, UTC).
int64_t ShanghaiDayOfRecordedTime(int64_t recorded_time_us);

}  // namespace ledger::state

#endif  // LEDGER_STATE_CIVIL_DATE_H_
