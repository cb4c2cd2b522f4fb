#include "ledger/state/civil_date.h"

#include <string>

#include "gtest/gtest.h"
#include "ledger/state/state_testing.h"

namespace ledger::state {
namespace {

TEST(CivilDateTest, ParsesValidDates) {
  EXPECT_EQ(ParseCivilDate("2026-11-22"), (CivilDate{2026, 11, 22}));
  EXPECT_EQ(ParseCivilDate("2024-02-29"), (CivilDate{2024, 2, 29}));  // leap year
  EXPECT_EQ(ParseCivilDate("2000-02-29"), (CivilDate{2000, 2, 29}));  // divisible by 400
  EXPECT_EQ(ParseCivilDate("0001-01-01"), (CivilDate{1, 1, 1}));
  EXPECT_EQ(ParseCivilDate("9999-12-31"), (CivilDate{9999, 12, 31}));
}

TEST(CivilDateTest, RejectsInvalidDates) {
  for (const char* text :
       {"2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
        "2026-01-32", "0000-01-01", "2026-1-01", "2026-01-1", "26-01-01", "2026/01/01",
        "2026-01-01 ", " 2026-01-01", "2026-01-01T00:00:00", "", "+026-01-01", "2026-0a-01",
        "２０２６-01-01"}) {
    EXPECT_FALSE(ParseCivilDate(text).has_value()) << text;
  }
}

TEST(CivilDateTest, TimeOfDay) {
  for (const char* ok : {"00:00:00", "23:59:59", "12:30:05"}) {
    EXPECT_TRUE(IsValidTimeOfDay(ok)) << ok;
  }
  for (const char* bad : {"24:00:00", "12:60:00", "12:00:60", "12:00", "1:00:00", "12-00-00",
                          "12:00:00Z", "", "ab:cd:ef"}) {
    EXPECT_FALSE(IsValidTimeOfDay(bad)) << bad;
  }
}

TEST(CivilDateTest, AddMonthsClampsTheDay) {
  EXPECT_EQ(AddMonths({2025, 1, 31}, 1), (CivilDate{2025, 2, 28}));
  EXPECT_EQ(AddMonths({2024, 1, 31}, 1), (CivilDate{2024, 2, 29}));
  EXPECT_EQ(AddMonths({2024, 2, 29}, 12), (CivilDate{2025, 2, 28}));
  EXPECT_EQ(AddMonths({2025, 9, 5}, 12), (CivilDate{2026, 9, 5}));
  EXPECT_EQ(AddMonths({2025, 11, 30}, 3), (CivilDate{2026, 2, 28}));
  EXPECT_EQ(AddMonths({2026, 12, 15}, 0), (CivilDate{2026, 12, 15}));
  EXPECT_EQ(AddMonths({2026, 12, 15}, 121), (CivilDate{2037, 1, 15}));
}

TEST(CivilDateTest, DaysFromCivilKnownAnswers) {
  // Checked with Python's datetime.date arithmetic.
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({1969, 12, 31}), -1);
  EXPECT_EQ(DaysFromCivil({2000, 3, 1}), 11017);
  EXPECT_EQ(DaysFromCivil({2026, 11, 22}), 20779);
  EXPECT_EQ(DaysFromCivil({1, 1, 1}), -719162);
  EXPECT_EQ(DaysFromCivil({9999, 12, 31}), 2932896);
}

TEST(CivilDateTest, RoundTripsEveryDayOfFourCenturies) {
  // 1900..2300 covers every leap-year case: /4, /100 (1900, 2100, 2200), /400 (2000).
  int64_t expected = DaysFromCivil({1900, 1, 1});
  for (int year = 1900; year < 2300; ++year) {
    for (int month = 1; month <= 12; ++month) {
      for (int day = 1; day <= DaysInMonth(year, month); ++day) {
        const CivilDate date{year, month, day};
        ASSERT_EQ(DaysFromCivil(date), expected) << FormatCivilDate(date);
        ASSERT_EQ(CivilFromDays(expected), date);
        ASSERT_EQ(ParseCivilDate(FormatCivilDate(date)), date);
        ++expected;
      }
    }
  }
}

TEST(CivilDateTest, ShanghaiDayChangesAtSixteenHundredUtc) {
  using testing::kHourUs;
  using testing::kNoonUs;  // 2026-11-22T04:00:00Z
  const int64_t nov22 = DaysFromCivil({2026, 11, 22});
  EXPECT_EQ(ShanghaiDayOfRecordedTime(kNoonUs), nov22);
  // 2026-11-22T15:59:59.999999Z is 23:59:59.999999 in Shanghai; one microsecond later is the 23rd.
  EXPECT_EQ(ShanghaiDayOfRecordedTime(kNoonUs + 12 * kHourUs - 1), nov22);
  EXPECT_EQ(ShanghaiDayOfRecordedTime(kNoonUs + 12 * kHourUs), nov22 + 1);
  // UTC midnight of the 22nd is already 08:00 on the 22nd in Shanghai...
  EXPECT_EQ(ShanghaiDayOfRecordedTime(kNoonUs - 4 * kHourUs), nov22);
  // ...and 16:00Z on the 21st is Shanghai midnight starting the 22nd.
  EXPECT_EQ(ShanghaiDayOfRecordedTime(kNoonUs - 12 * kHourUs), nov22);
  EXPECT_EQ(ShanghaiDayOfRecordedTime(kNoonUs - 12 * kHourUs - 1), nov22 - 1);
  EXPECT_EQ(ShanghaiDayOfRecordedTime(0), 0);
  EXPECT_EQ(ShanghaiDayOfRecordedTime(-1), 0);  // 07:59:59.999999 on 1970-01-01 in Shanghai
  EXPECT_EQ(ShanghaiDayOfRecordedTime(-8 * kHourUs - 1), -1);
  // No overflow at the extremes.
  EXPECT_GT(ShanghaiDayOfRecordedTime(INT64_MAX), 0);
  EXPECT_LT(ShanghaiDayOfRecordedTime(INT64_MIN), 0);
}

}  // namespace
}  // namespace ledger::state
