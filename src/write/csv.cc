#include "write/csv.h"

#include <cassert>

namespace annals {

std::string CsvField(std::string_view text) {
  std::string field;
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos)
    field = "'";
  field += text;
  bool quote = field.find_first_of(",\"\r\n") != std::string::npos ||
               (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!quote) return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

CsvWriter::CsvWriter(std::vector<std::string> header) : columns_(header.size()) {
  assert(!header.empty());
  text_ = Line(header);
}

void CsvWriter::AddRow(const std::vector<std::string>& fields) {
  assert(fields.size() == columns_);
  text_ += Line(fields);
}

std::string CsvWriter::Row(const std::vector<std::string>& fields) const {
  assert(fields.size() == columns_);
  return Line(fields);
}

std::string CsvWriter::Line(const std::vector<std::string>& fields) {
  // In a one-column table an empty field would make an empty line, which readers
  // commonly skip; quoted, the row survives.
  if (fields.size() == 1 && fields[0].empty()) return "\"\"\r\n";
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += CsvField(fields[i]);
  }
  return line + "\r\n";
}

}  // namespace annals
