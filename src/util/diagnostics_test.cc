#include "util/diagnostics.h"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

namespace annals {
namespace {

// A place and the source line there.
struct Placed {
  SourceLocation where;
  std::string line;
};

Placed At(std::string path, int line, int column, int length, std::string line_text) {
  SourceLocation where;
  where.path = std::move(path);
  where.line = line;
  where.column = column;
  where.length = length;
  return {where, std::move(line_text)};
}

Diagnostic D(Placed at, std::string message, std::string hint = {}) {
  return {at.where, std::move(message), std::move(hint), std::move(at.line)};
}

void Error(DiagnosticSink& sink, Placed at, std::string message, std::string hint = {}) {
  sink.Error(at.where, std::move(message), std::move(hint), std::move(at.line));
}

TEST_CASE("FormatDiagnostic prints location, source line, underline and hint") {
  Diagnostic d = D(At("content/meetings/plenary-14.yaml", 31, 21, 7, "    recommendation: ssr1-31"),
                   "unknown recommendation 'ssr1-31'", "did you mean 'ssr1-13'?");
  CHECK(FormatDiagnostic(d) ==
        "content/meetings/plenary-14.yaml:31:21: error: unknown recommendation 'ssr1-31'\n"
        "   31 |     recommendation: ssr1-31\n"
        "      |                     ^~~~~~~\n"
        "      = hint: did you mean 'ssr1-13'?\n");
}

TEST_CASE("ReadSourceLines fills in the lines that records do not keep, reading each file once") {
  DiagnosticSink sink;
  Error(sink, At("a.yaml", 2, 7, 3, ""), "unknown person 'bob'");
  Error(sink, At("a.yaml", 1, 1, 1, ""), "first line");
  Error(sink, At("b.yaml", 1, 1, 1, "kept: as given"), "has its line");
  Error(sink, At("gone.yaml", 4, 1, 1, ""), "unreadable");
  sink.Error(SourceLocation::File("a.yaml"), "the whole file");
  std::map<std::string, int> reads;
  sink.ReadSourceLines([&](const std::string& path, std::string* text) {
    ++reads[path];
    if (path != "a.yaml") return false;
    *text = "\xEF\xBB\xBFid: a\r\nowner: bob\n";  // a byte order mark, Windows line breaks
    return true;
  });
  CHECK(reads == std::map<std::string, int>{{"a.yaml", 1}, {"gone.yaml", 1}});
  std::vector<std::string> lines;
  for (const Diagnostic& d : sink.diagnostics()) lines.push_back(d.line_text);
  CHECK(lines == std::vector<std::string>{"owner: bob", "id: a", "kept: as given", "", ""});
}

TEST_CASE("FormatDiagnostic without a hint prints no hint line") {
  Diagnostic d = D(At("content/people/people.yaml", 1, 3, 1, "- id: ann-lee"),
                   "missing required field 'kind' in 'ann-lee'", "");
  CHECK(FormatDiagnostic(d) ==
        "content/people/people.yaml:1:3: error: missing required field 'kind' in 'ann-lee'\n"
        "    1 | - id: ann-lee\n"
        "      |   ^\n");
}

TEST_CASE("FormatDiagnostic aligns the caret after multi-byte characters") {
  // "Plenary – June " is 15 characters but 17 bytes; the reference starts at column 16.
  Diagnostic d = D(At("content/documents/d.md", 8, 16, 11, "Plenary \xE2\x80\x93 June [[rec:x-1]]"),
                   "unknown recommendation 'x-1'", "");
  CHECK(FormatDiagnostic(d) ==
        "content/documents/d.md:8:16: error: unknown recommendation 'x-1'\n"
        "    8 | Plenary \xE2\x80\x93 June [[rec:x-1]]\n"
        "      |                ^" +
            std::string(10, '~') + "\n");
}

TEST_CASE("FormatDiagnostic keeps tabs before the caret so it lines up") {
  Diagnostic d = D(At("content/a.yaml", 3, 3, 2, "\ta: bb"), "m", "");
  CHECK(FormatDiagnostic(d) ==
        "content/a.yaml:3:3: error: m\n"
        "    3 | \ta: bb\n"
        "      | \t ^~\n");
}

// The source line is printed sanitized ("\x01" takes four columns) but the padding
// before the caret counts the control character as one column.
TEST_CASE("FormatDiagnostic aligns the caret after a control character") {
  Diagnostic d = D(At("content/a.yaml", 1, 3, 1,
                      "a\x01"
                      "b"),
                   "m", "");
  CHECK(FormatDiagnostic(d) ==
        "content/a.yaml:1:3: error: m\n"
        "    1 | a\\x01b\n"
        "      |      ^\n");
}

TEST_CASE("FormatDiagnostic underlines at most to the end of the line") {
  SUBCASE("a length past the end is cut") {
    Diagnostic d = D(At("f.yaml", 2, 5, 40, "key: abc"), "m", "");
    CHECK(FormatDiagnostic(d) == "f.yaml:2:5: error: m\n    2 | key: abc\n      |     ^~~~\n");
  }
  SUBCASE("a column at the end of the line still gets a caret") {
    Diagnostic d = D(At("f.yaml", 2, 9, 3, "key: abc"), "m", "");
    CHECK(FormatDiagnostic(d) == "f.yaml:2:9: error: m\n    2 | key: abc\n      |         ^\n");
  }
  SUBCASE("the underline counts characters, not bytes") {
    Diagnostic d = D(At("f.yaml", 2, 1, 3, "\xC3\xA9\xC3\xA9\xC3\xA9"), "m", "");
    CHECK(FormatDiagnostic(d) ==
          "f.yaml:2:1: error: m\n    2 | \xC3\xA9\xC3\xA9\xC3\xA9\n      | ^~~\n");
  }
}

TEST_CASE("FormatDiagnostic right-aligns line numbers in a five-character gutter") {
  Diagnostic d = D(At("f.yaml", 12345, 1, 1, "x"), "m", "");
  CHECK(FormatDiagnostic(d) == "f.yaml:12345:1: error: m\n12345 | x\n      | ^\n");
}

TEST_CASE("FormatDiagnostic sanitizes the source line") {
  Diagnostic d = D(At("f.yaml", 2, 14, 1,
                      "  name: Ann L\xE9"
                      "e"),
                   "invalid UTF-8 (byte 0xE9)", "save the file as UTF-8");
  CHECK(FormatDiagnostic(d) ==
        "f.yaml:2:14: error: invalid UTF-8 (byte 0xE9)\n"
        "    2 |   name: Ann L\\xE9e\n"
        "      |              ^\n"
        "      = hint: save the file as UTF-8\n");
}

TEST_CASE("FormatDiagnostic escapes control characters in the path, message and hint") {
  Diagnostic d = D(At("a\nb.yaml", 1, 5, 1, "id: x"), std::string("'a\0b' is not a valid id", 23),
                   "no \x1B[31mcolour");
  CHECK(FormatDiagnostic(d) ==
        "a\\x0Ab.yaml:1:5: error: 'a\\x00b' is not a valid id\n"
        "    1 | id: x\n"
        "      |     ^\n"
        "      = hint: no \\x1B[31mcolour\n");
}

TEST_CASE("FormatDiagnostic prints a window of a long line around the column") {
  const std::string long_line =
      "title: " + std::string(300, 'a') + "[[rec:x]]" + std::string(500, 'b');
  Diagnostic d = D(At("m.yaml", 4, 308, 9, long_line), "unknown recommendation 'x'");
  CHECK(FormatDiagnostic(d) ==
        "m.yaml:4:308: error: unknown recommendation 'x'\n"
        "    4 | …" +
            std::string(30, 'a') + "[[rec:x]]" + std::string(61, 'b') +
            "…\n"
            "      |" +
            std::string(32, ' ') + "^~~~~~~~~\n");
  // Near the start, only the end is cut; near the end, only the start.
  d.where.column = 3;
  d.where.length = 1;
  CHECK(FormatDiagnostic(d).find("    4 | title: " + std::string(93, 'a') + "…\n      |   ^\n") !=
        std::string::npos);
  d.where.column = 816;
  CHECK(FormatDiagnostic(d).find("    4 | …" + std::string(100, 'b') + "\n      | " +
                                 std::string(100, ' ') + "^\n") != std::string::npos);
}

TEST_CASE("FormatDiagnostic of a whole file prints no source lines") {
  Diagnostic d{SourceLocation::File("content/archive.yaml"), "the archive has no archive.yaml",
               "create it with the archive's title and settings"};
  CHECK(FormatDiagnostic(d) ==
        "content/archive.yaml: error: the archive has no archive.yaml\n"
        "      = hint: create it with the archive's title and settings\n");
  d.hint.clear();
  CHECK(FormatDiagnostic(d) == "content/archive.yaml: error: the archive has no archive.yaml\n");
}

TEST_CASE("DiagnosticSink sorts by path, line and column") {
  DiagnosticSink sink;
  Error(sink, At("b.yaml", 1, 1, 1, "b"), "b1");
  Error(sink, At("a.yaml", 10, 1, 1, "ten"), "a10");
  Error(sink, At("a.yaml", 2, 7, 1, "two two"), "a2c7");
  Error(sink, At("a.yaml", 2, 3, 1, "two two"), "a2c3");
  sink.Error(SourceLocation::File("a.yaml"), "a-file");
  CHECK(sink.Format() ==
        "a.yaml: error: a-file\n"
        "a.yaml:2:3: error: a2c3\n    2 | two two\n      |   ^\n"
        "a.yaml:2:7: error: a2c7\n    2 | two two\n      |       ^\n"
        "a.yaml:10:1: error: a10\n   10 | ten\n      | ^\n"
        "b.yaml:1:1: error: b1\n    1 | b\n      | ^\n");
  // The sink keeps the order of recording; only Format() sorts.
  REQUIRE(sink.diagnostics().size() == 5);
  CHECK(sink.diagnostics()[0].message == "b1");
}

TEST_CASE("DiagnosticSink sorts errors at one place by message") {
  DiagnosticSink sink;
  Error(sink, At("a.yaml", 1, 1, 1, "x"), "second");
  Error(sink, At("a.yaml", 1, 1, 1, "x"), "first");
  CHECK(sink.Format() ==
        "a.yaml:1:1: error: first\n    1 | x\n      | ^\n"
        "a.yaml:1:1: error: second\n    1 | x\n      | ^\n");
}

TEST_CASE("DiagnosticSink drops exact duplicates only") {
  DiagnosticSink sink;
  Error(sink, At("a.yaml", 3, 5, 1, "line"), "unknown person 'x'", "did you mean 'y'?");
  Error(sink, At("a.yaml", 3, 5, 1, "line"), "unknown person 'x'", "did you mean 'y'?");
  CHECK(sink.diagnostics().size() == 1);
  Error(sink, At("a.yaml", 3, 5, 1, "line"), "unknown person 'x'", "another hint");
  Error(sink, At("a.yaml", 3, 6, 1, "line"), "unknown person 'x'", "did you mean 'y'?");
  Error(sink, At("a.yaml", 4, 5, 1, "line"), "unknown person 'x'", "did you mean 'y'?");
  Error(sink, At("b.yaml", 3, 5, 1, "line"), "unknown person 'x'", "did you mean 'y'?");
  Error(sink, At("a.yaml", 3, 5, 1, "line"), "unknown group 'x'", "did you mean 'y'?");
  CHECK(sink.diagnostics().size() == 6);
}

TEST_CASE("DiagnosticSink::Summary counts errors and files") {
  DiagnosticSink sink;
  CHECK(sink.empty());
  CHECK(sink.Summary() == "");
  CHECK(sink.Format() == "");

  Error(sink, At("a.yaml", 1, 1, 1, "x"), "one");
  CHECK_FALSE(sink.empty());
  CHECK(sink.Summary() == "annals: 1 error in 1 file\n");

  Error(sink, At("a.yaml", 2, 1, 1, "x"), "two");
  CHECK(sink.Summary() == "annals: 2 errors in 1 file\n");

  sink.Error(SourceLocation::File("b.yaml"), "three");
  CHECK(sink.Summary() == "annals: 3 errors in 2 files\n");

  sink.Error(SourceLocation::File("b.yaml"), "three");  // a duplicate is not counted
  CHECK(sink.Summary() == "annals: 3 errors in 2 files\n");
}

}  // namespace
}  // namespace annals
