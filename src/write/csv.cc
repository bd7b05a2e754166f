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
  AddLine(header);
}

void CsvWriter::AddRow(const std::vector<std::string>& fields) {
  assert(fields.size() == columns_);
  AddLine(fields);
}

void CsvWriter::AddLine(const std::vector<std::string>& fields) {
  // In a one-column table an empty field would make an empty line, which readers
  // commonly skip; quoted, the row survives.
  if (fields.size() == 1 && fields[0].empty()) {
    text_ += "\"\"\r\n";
    return;
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) text_ += ',';
    text_ += CsvField(fields[i]);
  }
  text_ += "\r\n";
}

}  // namespace annals
