#include "model/date.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>

namespace annals {
namespace {

using Precision = PartialDate::Precision;

const char* const kHint =
    "expected a date like 2017-06-06, 2017-06 (day not recorded) or 'not recorded'";
const char* const kHintWithTbd =
    "expected a date like 2017-06-06, 2017-06 (day not recorded), TBD or 'not recorded'";

// Parses a date that must be valid.
PartialDate Date(std::string_view text, bool allow_tbd = false) {
  std::string error, hint;
  std::optional<PartialDate> date = PartialDate::Parse(text, allow_tbd, &error, &hint);
  INFO("date: ", std::string(text), ", error: ", error);
  REQUIRE(date.has_value());
  return *date;
}

struct Failure {
  std::string error, hint;
};

// Parses a date that must be rejected.
Failure Reject(std::string_view text, bool allow_tbd = false) {
  Failure f;
  std::optional<PartialDate> date = PartialDate::Parse(text, allow_tbd, &f.error, &f.hint);
  INFO("date: ", std::string(text));
  CHECK_FALSE(date.has_value());
  return f;
}

TEST_CASE("PartialDate::Parse reads full, month and year dates") {
  PartialDate day = Date("2017-06-06");
  CHECK(day.precision() == Precision::kDay);
  CHECK(day.is_full());
  CHECK(day.has_year());
  CHECK(day.year() == 2017);
  CHECK(day.month() == 6);
  CHECK(day.day() == 6);

  PartialDate month = Date("2017-06");
  CHECK(month.precision() == Precision::kMonth);
  CHECK_FALSE(month.is_full());
  CHECK(month.has_year());
  CHECK(month.year() == 2017);
  CHECK(month.month() == 6);
  CHECK(month.day() == 0);

  PartialDate year = Date("2017");
  CHECK(year.precision() == Precision::kYear);
  CHECK(year.has_year());
  CHECK(year.year() == 2017);
  CHECK(year.month() == 0);
}

TEST_CASE("PartialDate::Parse reads 'not recorded', and 'TBD' only when allowed") {
  PartialDate unknown = Date("not recorded");
  CHECK(unknown.precision() == Precision::kNotRecorded);
  CHECK_FALSE(unknown.has_year());

  PartialDate tbd = Date("TBD", /*allow_tbd=*/true);
  CHECK(tbd.precision() == Precision::kTbd);
  CHECK_FALSE(tbd.has_year());

  Failure f = Reject("TBD");
  CHECK(f.error == "'TBD' is not a date");
  CHECK(f.hint == kHint);

  CHECK(Reject("tbd", true).error == "'tbd' is not a date");
  CHECK(Reject("Not recorded").error == "'Not recorded' is not a date");
}

TEST_CASE("PartialDate::Parse explains what is wrong") {
  SUBCASE("a day the month does not have") {
    Failure f = Reject("2017-02-30");
    CHECK(f.error == "'2017-02-30' is not a date: February 2017 has 28 days");
    CHECK(f.hint == kHint);
  }
  SUBCASE("a month that does not exist") {
    Failure f = Reject("2017-13");
    CHECK(f.error == "'2017-13' is not a date: there is no month 13");
    CHECK(f.hint == kHint);
    CHECK(Reject("2017-00-10").error == "'2017-00-10' is not a date: there is no month 0");
  }
  SUBCASE("a date written out in words") {
    Failure f = Reject("6 June 2017");
    CHECK(f.error == "'6 June 2017' is not a date");
    CHECK(f.hint == kHint);
  }
  SUBCASE("the hint mentions TBD where TBD is allowed") {
    Failure f = Reject("6 June 2017", /*allow_tbd=*/true);
    CHECK(f.error == "'6 June 2017' is not a date");
    CHECK(f.hint == kHintWithTbd);
  }
  SUBCASE("other shapes") {
    CHECK(Reject("2017-6-6").error == "'2017-6-6' is not a date");
    CHECK(Reject("2017/06/06").error == "'2017/06/06' is not a date");
    CHECK(Reject("06-06-2017").error == "'06-06-2017' is not a date");
    CHECK(Reject("2017-06-06 ").error == "'2017-06-06 ' is not a date");
    CHECK(Reject("").error == "'' is not a date");
    CHECK(Reject("2017-31-").error == "'2017-31-' is not a date");
  }
  SUBCASE("day 31 of a 30-day month") {
    CHECK(Reject("2017-06-31").error == "'2017-06-31' is not a date: June 2017 has 30 days");
  }
}

TEST_CASE("PartialDate::Parse knows leap years") {
  CHECK(Date("2016-02-29").day() == 29);
  CHECK(Date("2000-02-29").day() == 29);  // divisible by 400
  CHECK(Reject("2017-02-29").error == "'2017-02-29' is not a date: February 2017 has 28 days");
  CHECK(Reject("1900-02-29").error == "'1900-02-29' is not a date: February 1900 has 28 days");
  CHECK(Reject("2016-02-30").error == "'2016-02-30' is not a date: February 2016 has 29 days");
  CHECK(DaysInMonth(2016, 2) == 29);
  CHECK(DaysInMonth(1900, 2) == 28);
  CHECK(DaysInMonth(2000, 2) == 29);
  CHECK(DaysInMonth(2017, 12) == 31);
  CHECK(DaysInMonth(2017, 4) == 30);
}

TEST_CASE("PartialDate::ToString gives the form it was written in") {
  CHECK(Date("2017-06-06").ToString() == "2017-06-06");
  CHECK(Date("2017-06").ToString() == "2017-06");
  CHECK(Date("2017").ToString() == "2017");
  CHECK(Date("TBD", true).ToString() == "TBD");
  CHECK(Date("not recorded").ToString() == "not recorded");
  CHECK(PartialDate::NotRecorded().ToString() == "not recorded");
  CHECK(PartialDate::Day(2017, 7, 1).ToString() == "2017-07-01");
  CHECK(Date("0999-01-02").ToString() == "0999-01-02");
}

TEST_CASE("PartialDate::ToDisplay writes dates for readers") {
  CHECK(Date("2017-06-06").ToDisplay() == "6 June 2017");
  CHECK(Date("2017-12-25").ToDisplay() == "25 December 2017");
  CHECK(Date("2017-01").ToDisplay() == "January 2017");
  CHECK(Date("2017").ToDisplay() == "2017");
  CHECK(Date("TBD", true).ToDisplay() == "TBD");
  CHECK(Date("not recorded").ToDisplay() == "not recorded");
  CHECK(std::string(MonthName(1)) == "January");
  CHECK(std::string(MonthName(12)) == "December");
}

TEST_CASE("PartialDate::FirstDay and LastDay span the days a date may stand for") {
  CHECK(Date("1970-01-01").FirstDay() == 0);
  CHECK(Date("1970-01-02").FirstDay() == 1);
  CHECK(Date("1969-12-31").FirstDay() == -1);
  CHECK(Date("2000-01-01").FirstDay() == 10957);

  PartialDate day = Date("2017-06-06");
  CHECK(day.FirstDay() == day.LastDay());

  PartialDate june = Date("2017-06");
  CHECK(june.LastDay() - june.FirstDay() + 1 == 30);
  CHECK(june.FirstDay() == Date("2017-06-01").FirstDay());
  CHECK(june.LastDay() == Date("2017-06-30").FirstDay());
  CHECK(june.LastDay() + 1 == Date("2017-07-01").FirstDay());

  CHECK(Date("2016-02").LastDay() - Date("2016-02").FirstDay() + 1 == 29);
  CHECK(Date("2017").LastDay() - Date("2017").FirstDay() + 1 == 365);
  CHECK(Date("2016").LastDay() - Date("2016").FirstDay() + 1 == 366);
  CHECK(Date("2017").LastDay() == Date("2017-12-31").FirstDay());
}

TEST_CASE("DateBefore puts unknown dates last and partial dates after their days") {
  PartialDate unknown = PartialDate::NotRecorded();
  PartialDate tbd = Date("TBD", true);
  PartialDate june = Date("2017-06");

  CHECK(DateBefore(Date("2017-06-06"), Date("2017-06-07")));
  CHECK_FALSE(DateBefore(Date("2017-06-07"), Date("2017-06-06")));
  CHECK_FALSE(DateBefore(Date("2017-06-06"), Date("2017-06-06")));
  CHECK(DateBefore(Date("2016-12-31"), Date("2017")));

  CHECK(DateBefore(Date("2017-06-30"), june));
  CHECK_FALSE(DateBefore(june, Date("2017-06-30")));
  CHECK(DateBefore(june, Date("2017-07-01")));
  CHECK_FALSE(DateBefore(Date("2017-07-01"), june));
  CHECK(DateBefore(Date("2017-12"), Date("2017")));
  CHECK(DateBefore(Date("2017"), Date("2018-01-01")));
  CHECK_FALSE(DateBefore(june, june));

  CHECK(DateBefore(Date("9999-12-31"), unknown));
  CHECK_FALSE(DateBefore(unknown, Date("1900-01-01")));
  CHECK(DateBefore(Date("2017"), tbd));
  CHECK_FALSE(DateBefore(tbd, Date("2017")));
  CHECK_FALSE(DateBefore(unknown, unknown));
  CHECK_FALSE(DateBefore(unknown, tbd));
  CHECK_FALSE(DateBefore(tbd, unknown));
}

TEST_CASE("TimeOfDay::Parse reads 24-hour times") {
  std::string error;
  std::optional<TimeOfDay> t = TimeOfDay::Parse("21:00", &error);
  REQUIRE(t.has_value());
  CHECK(t->hour == 21);
  CHECK(t->minute == 0);
  CHECK(t->ToString() == "21:00");
  CHECK(TimeOfDay::Parse("00:00", &error)->ToString() == "00:00");
  CHECK(TimeOfDay::Parse("23:59", &error)->ToString() == "23:59");
  CHECK((TimeOfDay{9, 5}).ToString() == "09:05");
}

TEST_CASE("TimeOfDay::Parse rejects what is not a time of day") {
  auto error_of = [](std::string_view text) {
    std::string error;
    CHECK_FALSE(TimeOfDay::Parse(text, &error).has_value());
    return error;
  };
  CHECK(error_of("24:00") == "'24:00' is not a time of day");
  CHECK(error_of("21:60") == "'21:60' is not a time of day");
  CHECK(error_of("9:00") == "'9:00' is not a time");
  CHECK(error_of("21.00") == "'21.00' is not a time");
  CHECK(error_of("21:00:00") == "'21:00:00' is not a time");
  CHECK(error_of("9pm") == "'9pm' is not a time");
  CHECK(error_of("") == "'' is not a time");
}

TEST_CASE("ParseZone accepts UTC and offsets from it") {
  CHECK(ParseZone("UTC") == 0);
  CHECK(ParseZone("UTC+02:00") == 120);
  CHECK(ParseZone("UTC-05:30") == -330);
  CHECK(ParseZone("UTC+00:00") == 0);
  CHECK(ParseZone("UTC+14:00") == 840);
  CHECK(ParseZone("UTC-12:00") == -720);
}

TEST_CASE("ParseZone rejects names and short offsets") {
  CHECK_FALSE(ParseZone("CET").has_value());
  CHECK_FALSE(ParseZone("UTC+2").has_value());
  CHECK_FALSE(ParseZone("UTC+0200").has_value());
  CHECK_FALSE(ParseZone("utc").has_value());
  CHECK_FALSE(ParseZone("GMT+02:00").has_value());
  CHECK_FALSE(ParseZone("UTC 02:00").has_value());
  CHECK_FALSE(ParseZone("UTC+15:00").has_value());
  CHECK_FALSE(ParseZone("UTC+02:60").has_value());
  CHECK_FALSE(ParseZone("Europe/Berlin").has_value());
  CHECK_FALSE(ParseZone("").has_value());
}

}  // namespace
}  // namespace annals
