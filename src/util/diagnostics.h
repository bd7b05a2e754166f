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

// The path of a source file as the user named it, e.g. "content/meetings/plenary-14.yaml",
// shared by every place in that file: each distinct path is kept once, for the life of
// the program, so that a place costs a pointer and an archive of a million references
// does not hold a million copies of a few thousand paths. Two are equal when their
// paths are.
class SourcePath {
 public:
  SourcePath();                       // ""
  SourcePath(std::string_view path);  // NOLINT(google-explicit-constructor): a path's stand-in
  SourcePath(const std::string& path) : SourcePath(std::string_view(path)) {}  // NOLINT
  SourcePath(const char* path) : SourcePath(std::string_view(path)) {}         // NOLINT

  const std::string& str() const { return *path_; }
  operator const std::string&() const { return *path_; }  // NOLINT
  operator std::string_view() const { return *path_; }    // NOLINT
  bool empty() const { return path_->empty(); }

  friend bool operator==(const SourcePath& a, const SourcePath& b) { return a.path_ == b.path_; }
  friend bool operator==(const SourcePath& a, const std::string& b) { return *a.path_ == b; }
  friend bool operator==(const SourcePath& a, std::string_view b) { return *a.path_ == b; }
  friend bool operator==(const SourcePath& a, const char* b) { return *a.path_ == b; }
  friend auto operator<=>(const SourcePath& a, const SourcePath& b) {
    return *a.path_ <=> *b.path_;
  }

 private:
  const std::string* path_;
};

struct SourceLocation {
  SourcePath path;
  int line = 0;    // 1-based; 0 means the whole file
  int column = 0;  // 1-based, in characters (code points), not bytes
  int length = 1;  // characters to underline, at least 1

  bool known() const { return line > 0; }
  // The file as a whole, for mistakes that have no line (a missing file, say).
  static SourceLocation File(SourcePath path) {
    SourceLocation where;
    where.path = path;
    return where;
  }
};

struct Diagnostic {
  SourceLocation where;
  std::string message;
  std::string hint;  // empty when there is none
  // The source line, without its line break: records keep their places without it,
  // and it is filled in for the mistakes that are reported (ReadSourceLines()).
  std::string line_text;
};

class DiagnosticSink {
 public:
  // Records an error; an error identical to one already recorded (same place, message
  // and hint, e.g. from a default that several records inherit) is dropped. `line_text`:
  // the source line, when the caller has it at hand.
  void Error(SourceLocation where, std::string message, std::string hint = {},
             std::string line_text = {});

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
