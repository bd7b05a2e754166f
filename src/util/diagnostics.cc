#include "util/diagnostics.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_set>

#include "util/text.h"

namespace annals {

SourcePath::SourcePath() {
  static const std::string* const empty = new std::string;
  path_ = empty;
}

SourcePath::SourcePath(std::string_view path) {
  // Hashed and compared as views, so that finding a path copies nothing.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  // Never destroyed: places may be read until the program ends.
  static auto* const paths = new std::unordered_set<std::string, Hash, std::equal_to<>>;
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  auto found = paths->find(path);
  path_ = found != paths->end() ? &*found : &*paths->emplace(path).first;
}

void DiagnosticSink::Error(SourceLocation where, std::string message, std::string hint,
                           std::string line_text) {
  if (!seen_.emplace(where.path, where.line, where.column, message, hint).second) return;
  diagnostics_.push_back(
      {std::move(where), std::move(message), std::move(hint), std::move(line_text)});
}

void DiagnosticSink::Append(DiagnosticSink&& other) {
  for (Diagnostic& d : other.diagnostics_)
    Error(std::move(d.where), std::move(d.message), std::move(d.hint), std::move(d.line_text));
  other.diagnostics_.clear();
  other.seen_.clear();
}

void DiagnosticSink::ReadSourceLines(
    const std::function<bool(const std::string& path, std::string* text)>& read) {
  struct Source {
    std::string text;
    std::optional<LineIndex> lines;  // of `text`; nullopt when the file could not be read
  };
  std::map<std::string, Source> files;
  for (Diagnostic& d : diagnostics_) {
    if (!d.where.known() || !d.line_text.empty()) continue;
    auto [file, added] = files.try_emplace(d.where.path);
    Source& source = file->second;
    if (added && read(d.where.path, &source.text)) {
      // Lines are counted as the loader counts them: after a byte order mark.
      std::string_view text = source.text;
      if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
      source.lines.emplace(text);
    }
    if (source.lines) d.line_text = std::string(source.lines->Line(d.where.line));
  }
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

// Byte offset of character `index` (0-based) in `text`, or text.size().
size_t OffsetOfCharacter(std::string_view text, int index) {
  size_t offset = 0;
  for (int i = 0; i < index && offset < text.size(); ++i)
    offset += CharacterLength(text.substr(offset));
  return offset;
}

// The part of a long source line worth printing: at most kExcerptWidth characters around
// `column`, with "…" where it was cut, and the column moved to match. A line of a
// megabyte prints as one readable line.
constexpr int kExcerptWidth = 100;
constexpr int kExcerptLead = 30;  // characters kept before the column

struct Excerpt {
  std::string text;
  int column;
};

Excerpt Window(std::string_view line, int column) {
  int total = CountCharacters(line);
  if (total <= kExcerptWidth) return {std::string(line), column};
  int first = std::clamp(column - 1 - kExcerptLead, 0, total - kExcerptWidth);
  size_t begin = OffsetOfCharacter(line, first);
  size_t end = begin + OffsetOfCharacter(line.substr(begin), kExcerptWidth);
  Excerpt excerpt{first > 0 ? "…" : "", column - first + (first > 0 ? 1 : 0)};
  excerpt.text += line.substr(begin, end - begin);
  if (end < line.size()) excerpt.text += "…";
  return excerpt;
}

}  // namespace

std::string FormatDiagnostic(const Diagnostic& d) {
  const SourceLocation& w = d.where;
  std::string out = SanitizeForTerminal(w.path.str());
  if (w.known()) out += ":" + std::to_string(w.line) + ":" + std::to_string(w.column);
  out += ": error: " + SanitizeForTerminal(d.message) + "\n";
  std::string gutter = "      |";
  if (w.known()) {
    std::string number = std::to_string(w.line);
    if (number.size() < 5) number.insert(0, 5 - number.size(), ' ');
    Excerpt shown = Window(d.line_text, w.column);
    out += number + " | " + SanitizeForTerminal(shown.text) + "\n";
    int remaining = std::max(0, CountCharacters(shown.text) - (shown.column - 1));
    int length = std::max(1, std::min(w.length, std::max(1, remaining)));
    out += gutter + " " + CaretPadding(shown.text, shown.column) + "^" +
           std::string(length - 1, '~') + "\n";
  }
  if (!d.hint.empty()) out += "      = hint: " + SanitizeForTerminal(d.hint) + "\n";
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
