// Dates and times as the records give them: often partial, sometimes unknown.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace annals {

class PartialDate {
 public:
  enum class Precision { kNotRecorded, kTbd, kYear, kMonth, kDay };

  // Parses "2017-06-06", "2017-06", "2017", "not recorded", and "TBD" when allowed.
  // On failure returns nullopt and sets *error to a message and *hint to an example.
  static std::optional<PartialDate> Parse(std::string_view text, bool allow_tbd, std::string* error,
                                          std::string* hint);
  static PartialDate NotRecorded() { return PartialDate(); }
  static PartialDate Day(int year, int month, int day);

  Precision precision() const { return precision_; }
  bool has_year() const { return precision_ >= Precision::kYear; }
  bool is_full() const { return precision_ == Precision::kDay; }
  int year() const { return year_; }
  int month() const { return month_; }
  int day() const { return day_; }

  // "2017-06-06", "2017-06", "2017", "TBD" or "not recorded": the form it was written in.
  std::string ToString() const;
  // "6 June 2017", "June 2017", "2017", "TBD", "not recorded".
  std::string ToDisplay() const;

  // Days since 1970-01-01 of the first and the last day the date may stand for.
  // Only meaningful when has_year().
  long FirstDay() const;
  long LastDay() const;

  // The date's fields as they are, for the record cache (load/record_cache.cc).
  template <typename Archive>
  void serialize(Archive& archive) {
    archive(precision_, year_, month_, day_);
  }

 private:
  Precision precision_ = Precision::kNotRecorded;
  int year_ = 0, month_ = 0, day_ = 0;
};

// Chronological order for listing records: unknown dates last; a partial date sorts
// after every full date it contains ("June 2017" after "6 June 2017").
bool DateBefore(const PartialDate& a, const PartialDate& b);

struct TimeOfDay {
  int hour = 0, minute = 0;
  // Parses "21:00"; on failure sets *error.
  static std::optional<TimeOfDay> Parse(std::string_view text, std::string* error);
  std::string ToString() const;  // "21:00"
};

// Accepts "UTC" and offsets "UTC+02:00" / "UTC-05:30"; returns the offset in minutes.
std::optional<int> ParseZone(std::string_view text);

int DaysInMonth(int year, int month);
const char* MonthName(int month);  // 1..12 -> "January".."December"

}  // namespace annals
