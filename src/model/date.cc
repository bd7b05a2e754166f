#include "model/date.h"

#include <cstdio>
#include <tuple>

namespace annals {

namespace {

const char* const kMonths[] = {"January",   "February", "March",    "April",
                               "May",       "June",     "July",     "August",
                               "September", "October",  "November", "December"};

// Reads exactly `width` digits at text[pos].
std::optional<int> Digits(std::string_view text, size_t pos, size_t width) {
  if (pos + width > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
long DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace

int DaysInMonth(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

const char* MonthName(int month) { return kMonths[month - 1]; }

PartialDate PartialDate::Day(int year, int month, int day) {
  PartialDate d;
  d.precision_ = Precision::kDay;
  d.year_ = year, d.month_ = month, d.day_ = day;
  return d;
}

std::optional<PartialDate> PartialDate::Parse(std::string_view text, bool allow_tbd,
                                              std::string* error, std::string* hint) {
  PartialDate d;
  if (text == "not recorded") return d;
  if (allow_tbd && text == "TBD") {
    d.precision_ = Precision::kTbd;
    return d;
  }
  *hint = allow_tbd ? "expected a date like 2017-06-06, 2017-06 (day not recorded), TBD or "
                      "'not recorded'"
                    : "expected a date like 2017-06-06, 2017-06 (day not recorded) or "
                      "'not recorded'";
  *error = "'" + std::string(text) + "' is not a date";
  auto year = Digits(text, 0, 4);
  if (!year || (text.size() != 4 && text.size() != 7 && text.size() != 10)) return std::nullopt;
  d.year_ = *year;
  d.precision_ = Precision::kYear;
  if (text.size() == 4) return d;
  auto month = Digits(text, 5, 2);
  if (text[4] != '-' || !month) return std::nullopt;
  if (*month < 1 || *month > 12) {
    *error =
        "'" + std::string(text) + "' is not a date: there is no month " + std::to_string(*month);
    return std::nullopt;
  }
  d.month_ = *month;
  d.precision_ = Precision::kMonth;
  if (text.size() == 7) return d;
  auto day = Digits(text, 8, 2);
  if (text[7] != '-' || !day) return std::nullopt;
  if (*day < 1 || *day > DaysInMonth(d.year_, d.month_)) {
    *error = "'" + std::string(text) + "' is not a date: " + MonthName(d.month_) + " " +
             std::to_string(d.year_) + " has " + std::to_string(DaysInMonth(d.year_, d.month_)) +
             " days";
    return std::nullopt;
  }
  d.day_ = *day;
  d.precision_ = Precision::kDay;
  return d;
}

std::string PartialDate::ToString() const {
  char buf[16];
  switch (precision_) {
    case Precision::kNotRecorded:
      return "not recorded";
    case Precision::kTbd:
      return "TBD";
    case Precision::kYear:
      std::snprintf(buf, sizeof buf, "%04d", year_);
      break;
    case Precision::kMonth:
      std::snprintf(buf, sizeof buf, "%04d-%02d", year_, month_);
      break;
    case Precision::kDay:
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year_, month_, day_);
      break;
  }
  return buf;
}

std::string PartialDate::ToDisplay() const {
  switch (precision_) {
    case Precision::kDay:
      return std::to_string(day_) + " " + MonthName(month_) + " " + std::to_string(year_);
    case Precision::kMonth:
      return std::string(MonthName(month_)) + " " + std::to_string(year_);
    default:
      return ToString();
  }
}

long PartialDate::FirstDay() const {
  return DaysFromCivil(year_, month_ ? month_ : 1, day_ ? day_ : 1);
}

long PartialDate::LastDay() const {
  int month = month_ ? month_ : 12;
  return DaysFromCivil(year_, month, day_ ? day_ : DaysInMonth(year_, month));
}

bool DateBefore(const PartialDate& a, const PartialDate& b) {
  if (a.has_year() != b.has_year()) return a.has_year();
  if (!a.has_year()) return false;
  auto key = [](const PartialDate& d) {
    return std::make_tuple(d.year(), d.month() ? d.month() : 13, d.day() ? d.day() : 32);
  };
  return key(a) < key(b);
}

std::optional<TimeOfDay> TimeOfDay::Parse(std::string_view text, std::string* error) {
  auto hour = Digits(text, 0, 2);
  auto minute = Digits(text, 3, 2);
  if (text.size() != 5 || text[2] != ':' || !hour || !minute) {
    *error = "'" + std::string(text) + "' is not a time";
    return std::nullopt;
  }
  if (*hour > 23 || *minute > 59) {
    *error = "'" + std::string(text) + "' is not a time of day";
    return std::nullopt;
  }
  return TimeOfDay{*hour, *minute};
}

std::string TimeOfDay::ToString() const {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", hour, minute);
  return buf;
}

std::optional<int> ParseZone(std::string_view text) {
  if (text == "UTC") return 0;
  if (text.size() != 9 || text.substr(0, 3) != "UTC" || (text[3] != '+' && text[3] != '-') ||
      text[6] != ':')
    return std::nullopt;
  auto hours = Digits(text, 4, 2);
  auto minutes = Digits(text, 7, 2);
  if (!hours || !minutes || *hours > 14 || *minutes > 59) return std::nullopt;
  int offset = *hours * 60 + *minutes;
  return text[3] == '-' ? -offset : offset;
}

}  // namespace annals
