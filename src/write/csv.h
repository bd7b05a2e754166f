// CSV as RFC 4180 describes it, for tables people open in a spreadsheet: UTF-8 without a
// byte order mark, every line (the last too) ending in CRLF, the header line first.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace annals {

// One field, ready to be joined with commas. A field that starts with '=', '+', '-', '@',
// TAB or CR gets a leading single quote, so a spreadsheet shows it as text instead of
// running it as a formula (OWASP "CSV injection"). This is done always, also for a plain
// number like "-3": telling safe values apart is where such guards go wrong, and a
// column of numbers is better written without a sign or read by a program anyway.
// Then a field that holds a comma, a double quote, CR or LF, or starts or ends with a
// space is put in double quotes, with inner quotes doubled; any other field is as given.
std::string CsvField(std::string_view text);

// A table written row by row. The header and the rows go through CsvField.
class CsvWriter {
 public:
  explicit CsvWriter(std::vector<std::string> header);

  // `fields` must have as many fields as the header (asserted).
  void AddRow(const std::vector<std::string>& fields);
  // The line AddRow(fields) adds, to be added with AddRowText().
  std::string Row(const std::vector<std::string>& fields) const;
  void AddRowText(std::string_view row) { text_ += row; }

  // The whole document so far, and its size.
  std::string str() const { return text_; }
  size_t size() const { return text_.size(); }

 private:
  static std::string Line(const std::vector<std::string>& fields);

  size_t columns_;
  std::string text_;
};

}  // namespace annals
