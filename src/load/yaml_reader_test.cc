#include "load/yaml_reader.h"

#include <doctest/doctest.h>

#include <string>

namespace annals {
namespace {

// The location of the value of `key` in `text`.
SourceLocation ValueAt(std::string_view text, const char* key) {
  DiagnosticSink sink;
  YamlSource source("f.yaml", text, sink);
  std::optional<YamlTree> tree = source.Parse();
  REQUIRE(tree);
  REQUIRE(tree->root().Find(key));
  return source.At(*tree->root().Find(key));
}

TEST_CASE("a value is underlined as written, up to the end of its first line") {
  CHECK(ValueAt("a: plain text\n", "a").length == 10);
  CHECK(ValueAt("a: 'it''s'\n", "a").length == 7);
  CHECK(ValueAt("a: \"tab\\there\"\n", "a").length == 11);
  CHECK(ValueAt("a: \"\"\n", "a").length == 2);
  CHECK(ValueAt("a: \xC3\xA9t\xC3\xA9\n", "a").length == 3);
  SourceLocation folded = ValueAt("a: first line\n  second line\n", "a");
  CHECK(folded.line == 1);
  CHECK(folded.column == 4);
  CHECK(folded.length == 10);
  CHECK(ValueAt("a: |\n  block\n", "a").length == 1);
  CHECK(ValueAt("a: [x]\n", "a").length == 1);
  SourceLocation empty = ValueAt("a:\nb: c\n", "a");
  CHECK(empty.line == 1);
  CHECK(empty.column == 3);
}

// The diagnostics of reading `text` as a mapping whose fields are `known`.
std::string ReadFields(std::string_view text, std::initializer_list<const char*> known) {
  DiagnosticSink sink;
  YamlSource source("f.yaml", text, sink);
  std::optional<YamlTree> tree = source.Parse();
  REQUIRE(tree);
  MapReader map(source, tree->root(), "a meeting");
  for (const char* key : known) map.Get(key);
  map.Finish();
  return sink.Format();
}

TEST_CASE("a mapping's duplicate and unknown fields") {
  CHECK(ReadFields("name: A\nkind: x\nname: B\nname: C\n", {"name", "kind"}) ==
        "f.yaml:3:1: error: duplicate field 'name' in a meeting\n"
        "    3 | name: B\n"
        "      | ^~~~\n"
        "      = hint: the first is on line 1; keep one\n"
        "f.yaml:4:1: error: duplicate field 'name' in a meeting\n"
        "    4 | name: C\n"
        "      | ^~~~\n"
        "      = hint: the first is on line 1; keep one\n");
  CHECK(ReadFields("titel: x\n[a]: b\n", {"title", "kind"}) ==
        "f.yaml:1:1: error: unknown field 'titel' in a meeting\n"
        "    1 | titel: x\n"
        "      | ^~~~~\n"
        "      = hint: did you mean 'title'?\n"
        "f.yaml:2:1: error: a field name must be plain text\n"
        "    2 | [a]: b\n"
        "      | ^\n");
  CHECK(ReadFields("- a\n", {"title"}) ==
        "f.yaml:1:1: error: expected the fields of a meeting, found a list\n"
        "    1 | - a\n"
        "      | ^\n"
        "      = hint: write one 'field: value' per line\n");
}

}  // namespace
}  // namespace annals
