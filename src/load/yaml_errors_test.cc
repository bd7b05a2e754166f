#include "load/yaml_errors.h"

#include <doctest/doctest.h>

#include <string>

#include "load/yaml_reader.h"

namespace annals {
namespace {

// The diagnostics of parsing `text`, which must not parse.
std::string SyntaxError(std::string_view text) {
  DiagnosticSink sink;
  YamlSource source("f.yaml", text, sink);
  CHECK_FALSE(source.Parse());
  return sink.Format();
}

TEST_CASE("a ':' in a value, or a line indented past its sibling") {
  CHECK(SyntaxError("id: a\ntitle: Chair: Finance\n") ==
        "f.yaml:2:13: error: YAML syntax: unexpected ':' in a value\n"
        "    2 | title: Chair: Finance\n"
        "      |             ^\n"
        "      = hint: put text that contains ': ' in quotes, e.g. title: \"Agenda: item\"\n");
  CHECK(SyntaxError("a:\n b: 1\n  c: 2\n") ==
        "f.yaml:3:4: error: YAML syntax: this line is indented more than the line above it\n"
        "    3 |   c: 2\n"
        "      |    ^\n"
        "      = hint: give it the same indentation as line 2 if it belongs to the same mapping\n");
}

TEST_CASE("a line without ': ' is shown itself, not the line after it") {
  CHECK(SyntaxError("id: a\ntitle Plenary\nkind: plenary\n") ==
        "f.yaml:2:1: error: YAML syntax: this line has no ':' after its field name\n"
        "    2 | title Plenary\n"
        "      | ^\n"
        "      = hint: write 'field: value'; to go on with the value of the line above, indent "
        "this line further than its field\n");
  CHECK(SyntaxError("id: a\ntitle:Plenary\nkind: plenary\n") ==
        "f.yaml:2:1: error: YAML syntax: this line has no ': ' after its field name\n"
        "    2 | title:Plenary\n"
        "      | ^\n"
        "      = hint: put a space after the ':' of 'field: value'\n");
}

TEST_CASE("tabs in indentation") {
  CHECK(SyntaxError("- id: a\n  name: A\n\tkind: person\n") ==
        "f.yaml:3:1: error: YAML syntax: tab character in indentation\n"
        "    3 | \tkind: person\n"
        "      | ^\n"
        "      = hint: YAML indents with spaces only; replace the tab with spaces\n");
  CHECK(SyntaxError("note: |\n  a\n\tb\n")
            .find("3:1: error: YAML syntax: tab character in "
                  "indentation") != std::string::npos);
}

TEST_CASE("quoted text never closed is shown at its opening quote") {
  CHECK(SyntaxError("id: a\ntitle: \"Plenary 2\nkind: plenary\n") ==
        "f.yaml:2:8: error: YAML syntax: double-quoted text is never closed\n"
        "    2 | title: \"Plenary 2\n"
        "      |        ^\n"
        "      = hint: add the closing \"\n");
  CHECK(SyntaxError("title: 'Plenary 2\nkind: plenary\n") ==
        "f.yaml:1:8: error: YAML syntax: single-quoted text is never closed\n"
        "    1 | title: 'Plenary 2\n"
        "      |        ^\n"
        "      = hint: add the closing '; write '' for a quote inside\n");
}

TEST_CASE("escape sequences are underlined from their backslash") {
  CHECK(SyntaxError("title: \"a \\q\"\n") ==
        "f.yaml:1:11: error: YAML syntax: unknown escape sequence in double-quoted text\n"
        "    1 | title: \"a \\q\"\n"
        "      |           ^~\n"
        "      = hint: write a backslash as \\\\, or use single quotes\n");
  CHECK(SyntaxError("title: \"\\uZZZZ\"\n") ==
        "f.yaml:1:9: error: YAML syntax: invalid escape sequence in double-quoted text\n"
        "    1 | title: \"\\uZZZZ\"\n"
        "      |         ^~~~~~\n"
        "      = hint: \\x takes two hexadecimal digits, \\u four and \\U eight, e.g. \\u00e9; "
        "write a backslash as \\\\, or use single quotes\n");
}

TEST_CASE("brackets never closed, closing nothing, or followed by text") {
  CHECK(SyntaxError("members: [ann-lee\nobservers: not recorded\n") ==
        "f.yaml:2:10: error: YAML syntax: '[' is never closed\n"
        "    2 | observers: not recorded\n"
        "      |          ^\n"
        "      = hint: add the missing ']' to close the '[' on line 1\n");
  CHECK(SyntaxError("a: {b: c\n") ==
        "f.yaml:2:1: error: YAML syntax: '{' is never closed\n"
        "    2 | \n"
        "      | ^\n"
        "      = hint: add the missing '}' to close the '{' on line 1\n");
  CHECK(SyntaxError("a: [b, \"c\" d]\n")
            .find("1:12: error: YAML syntax: expected ',' or ']' "
                  "here") != std::string::npos);
  CHECK(SyntaxError("aliases: [a, b]]\n") ==
        "f.yaml:1:16: error: YAML syntax: ']' closes nothing\n"
        "    1 | aliases: [a, b]]\n"
        "      |                ^\n"
        "      = hint: remove it, or put the text that holds it in quotes\n");
  CHECK(SyntaxError("title: [Draft] Plenary\n") ==
        "f.yaml:1:16: error: YAML syntax: text after the closing ']'\n"
        "    1 | title: [Draft] Plenary\n"
        "      |                ^\n"
        "      = hint: YAML reads brackets as a list or mapping; put the whole value in quotes\n");
  CHECK(SyntaxError("aliases: [a, , b]\n") ==
        "f.yaml:1:14: error: YAML syntax: an empty item\n"
        "    1 | aliases: [a, , b]\n"
        "      |              ^\n"
        "      = hint: remove the extra ','\n");
}

TEST_CASE("text after a closing quote or a block indicator") {
  CHECK(SyntaxError("title: \"abc\" def\n") ==
        "f.yaml:1:14: error: YAML syntax: text after the closing quote\n"
        "    1 | title: \"abc\" def\n"
        "      |              ^\n"
        "      = hint: put the whole value inside the quotes\n");
  CHECK(SyntaxError("title: 'it's'\n") ==
        "f.yaml:1:12: error: YAML syntax: text after the closing quote\n"
        "    1 | title: 'it's'\n"
        "      |            ^\n"
        "      = hint: write '' for a quote inside single-quoted text, e.g. 'it''s'\n");
  CHECK(SyntaxError("notes: | hello\n  x\n") ==
        "f.yaml:1:10: error: YAML syntax: text after '|' on the same line\n"
        "    1 | notes: | hello\n"
        "      |          ^\n"
        "      = hint: start the text on the next line, indented under its field\n");
}

TEST_CASE("characters that cannot start plain text") {
  CHECK(SyntaxError("title: @home\n") ==
        "f.yaml:1:8: error: YAML syntax: '@' cannot start plain text\n"
        "    1 | title: @home\n"
        "      |        ^\n"
        "      = hint: put the text in quotes\n");
  CHECK(SyntaxError("note: *important* stuff\n")
            .find("1:7: error: YAML syntax: '*' cannot "
                  "start plain text") != std::string::npos);
  CHECK(SyntaxError("a: b\nc: d\xC2\x80\n") ==
        "f.yaml:2:5: error: control character U+0080 in the file\n"
        "    2 | c: d\\xC2\\x80\n"
        "      |     ^\n"
        "      = hint: delete it; such characters are invisible in most editors and usually come "
        "from pasting out of another program\n");
}

TEST_CASE("a character YAML reads as a line break is shown, not what follows it") {
  CHECK(SyntaxError("id: a\ntitle: Plenary\xE2\x80\xA8two\nkind: plenary\n") ==
        "f.yaml:2:15: error: YAML syntax: U+2028 (line separator) breaks the line here\n"
        "    2 | title: Plenary\xE2\x80\xA8two\n"
        "      |               ^\n"
        "      = hint: YAML reads it as a line break; replace it with a space, or start a new "
        "line\n");
}

TEST_CASE("indentation that closes a mapping or list too early") {
  CHECK(SyntaxError("attendance:\n    members: x\n  observers: y\n") ==
        "f.yaml:3:3: error: YAML syntax: a mapping is not closed where it should be\n"
        "    3 |   observers: y\n"
        "      |   ^\n"
        "      = hint: check the indentation of this line against the lines above\n");
  CHECK(SyntaxError("title: - a\n") ==
        "f.yaml:1:8: error: YAML syntax: a list item ('- ') is not allowed here\n"
        "    1 | title: - a\n"
        "      |        ^\n"
        "      = hint: start the list on the line after its field, indented; put text that "
        "begins with '- ' in quotes\n");
}

TEST_CASE("a second document, anchors, aliases and deep nesting") {
  CHECK(SyntaxError("a: 1\n---\nb: 2\n") ==
        "f.yaml:2:1: error: a second YAML document in one file\n"
        "    2 | ---\n"
        "      | ^\n"
        "      = hint: annals reads one document per file: remove the '---' line, or move what "
        "follows it to a file of its own\n");
  const std::string anchor_hint =
      "      = hint: write the value out in full wherever it is needed; annals does not expand "
      "anchors and aliases\n";
  CHECK(SyntaxError("a: &x [1]\n") ==
        "f.yaml:1:4: error: YAML anchors ('&name') are not allowed in annals files\n"
        "    1 | a: &x [1]\n"
        "      |    ^\n" +
            anchor_hint);
  CHECK(SyntaxError("a: *x\n") ==
        "f.yaml:1:4: error: YAML aliases ('*name') are not allowed in annals files\n"
        "    1 | a: *x\n"
        "      |    ^\n" +
            anchor_hint);
  CHECK(SyntaxError("id: x\ntitle: " + std::string(600, '[') + std::string(600, ']') + "\n")
            .rfind("f.yaml:2:8: error: YAML syntax: lists and mappings are nested too deeply "
                   "for annals to read\n",
                   0) == 0);
}

TEST_CASE("positions after a byte-order mark and CRLF line breaks are exact") {
  CHECK(SyntaxError("\xEF\xBB\xBFid: a\r\ntitle: Chair: \xC3\x89t\xC3\xA9\r\n") ==
        "f.yaml:2:13: error: YAML syntax: unexpected ':' in a value\n"
        "    2 | title: Chair: \xC3\x89t\xC3\xA9\n"
        "      |             ^\n"
        "      = hint: put text that contains ': ' in quotes, e.g. title: \"Agenda: item\"\n");
}

}  // namespace
}  // namespace annals
