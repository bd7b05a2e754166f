#include "util/diagnostics.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "util/text.h"

namespace annals {

void DiagnosticSink::Error(SourceLocation where, std::string message, std::string hint) {
  if (!seen_.emplace(where.path, where.line, where.column, message, hint).second) return;
  diagnostics_.push_back({std::move(where), std::move(message), std::move(hint)});
}

namespace {

auto SortKey(const Diagnostic& d) {
  return std::tie(d.where.path, d.where.line, d.where.column, d.message, d.hint);
}

// Blanks as wide as the part of `line` before character `column` as it is printed
// (control characters and stray bytes expand to \xNN), tabs kept as tabs, so that a
// caret printed after them lines up with the source line printed above.
std::string CaretPadding(std::string_view line, int column) {
  size_t end = 0;
  for (int chars = 1; chars < column && end < line.size(); ++chars)
    end += CharacterLength(line.substr(end));
  std::string printed = SanitizeForTerminal(line.substr(0, end));
  std::string pad;
  for (size_t i = 0; i < printed.size(); ++i) {
    unsigned char c = printed[i];
    if ((c & 0xC0) == 0x80) continue;
    pad += c == '\t' ? '\t' : ' ';
  }
  int missing = column - 1 - CountCharacters(line.substr(0, end));
  if (missing > 0) pad.append(missing, ' ');  // the column lies past the end of the line
  return pad;
}

}  // namespace

std::string FormatDiagnostic(const Diagnostic& d) {
  const SourceLocation& w = d.where;
  std::string out = w.path;
  if (w.known()) out += ":" + std::to_string(w.line) + ":" + std::to_string(w.column);
  out += ": error: " + d.message + "\n";
  std::string gutter = "      |";
  if (w.known()) {
    std::string number = std::to_string(w.line);
    if (number.size() < 5) number.insert(0, 5 - number.size(), ' ');
    out += number + " | " + SanitizeForTerminal(w.line_text) + "\n";
    int remaining = std::max(0, CountCharacters(w.line_text) - (w.column - 1));
    int length = std::max(1, std::min(w.length, std::max(1, remaining)));
    out += gutter + " " + CaretPadding(w.line_text, w.column) + "^" + std::string(length - 1, '~') +
           "\n";
  }
  if (!d.hint.empty()) out += "      = hint: " + d.hint + "\n";
  return out;
}

std::vector<const Diagnostic*> DiagnosticSink::Sorted() const {
  std::vector<const Diagnostic*> sorted;
  for (const Diagnostic& d : diagnostics_) sorted.push_back(&d);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic* a, const Diagnostic* b) {
    return SortKey(*a) < SortKey(*b);
  });
  return sorted;
}

std::string DiagnosticSink::Format() const {
  std::string out;
  for (const Diagnostic* d : Sorted()) out += FormatDiagnostic(*d);
  return out;
}

std::string DiagnosticSink::Summary() const {
  if (diagnostics_.empty()) return "";
  std::vector<const Diagnostic*> sorted = Sorted();
  std::set<std::string> files;
  for (const Diagnostic* d : sorted) files.insert(d->where.path);
  size_t errors = sorted.size();
  return "annals: " + std::to_string(errors) + (errors == 1 ? " error" : " errors") + " in " +
         std::to_string(files.size()) + (files.size() == 1 ? " file" : " files") + "\n";
}

}  // namespace annals
