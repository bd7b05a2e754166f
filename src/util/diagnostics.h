// Diagnostics: user-facing errors about content, compiler style.
//
// A Diagnostic is a value: where (file, 1-based line and column, highlighted length),
// what went wrong, an optional hint, and a copy of the offending source line so that it
// can be printed long after the file was read. A DiagnosticSink collects them from every
// step; Format() prints them sorted, the way a compiler does:
//
//   content/meetings/x.yaml:12:21: error: unknown recommendation 'ssr1-31'
//      12 |     recommendation: ssr1-31
//         |                     ^~~~~~~
//         = hint: did you mean 'ssr1-13'?
#pragma once

#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace annals {

struct SourceLocation {
  std::string path;  // as the user named it, e.g. "content/meetings/plenary-14.yaml"
  int line = 0;      // 1-based; 0 means the whole file
  int column = 0;    // 1-based, in characters (code points), not bytes
  int length = 1;    // characters to underline, at least 1
  // The source line, without its line break. Records keep their places without it:
  // DiagnosticSink::ReadSourceLines() fills it in for the mistakes that are reported.
  std::string line_text;

  bool known() const { return line > 0; }
  // The file as a whole, for mistakes that have no line (a missing file, say).
  static SourceLocation File(std::string path) {
    SourceLocation where;
    where.path = std::move(path);
    return where;
  }
};

struct Diagnostic {
  SourceLocation where;
  std::string message;
  std::string hint;  // empty when there is none
};

class DiagnosticSink {
 public:
  // Records an error; an error identical to one already recorded (same place, message
  // and hint, e.g. from a default that several records inherit) is dropped.
  void Error(SourceLocation where, std::string message, std::string hint = {});

  // Records every error of `other`, in its order, as Error() would.
  void Append(DiagnosticSink&& other);

  // Fills in the line of each diagnostic whose place in a file is known but whose
  // line_text is empty, from the file's text as `read` gives it (false: the line stays
  // empty). Each file is read once.
  void ReadSourceLines(const std::function<bool(const std::string& path, std::string* text)>& read);

  bool empty() const { return diagnostics_.empty(); }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

  // All diagnostics sorted by path, line, column and message, each in the format shown above and
  // followed by a newline.
  std::string Format() const;
  // "annals: 3 errors in 2 files\n", or "" when there are none.
  std::string Summary() const;

 private:
  std::vector<const Diagnostic*> Sorted() const;
  std::vector<Diagnostic> diagnostics_;
  std::set<std::tuple<std::string, int, int, std::string, std::string>> seen_;
};

std::string FormatDiagnostic(const Diagnostic& d);

}  // namespace annals
