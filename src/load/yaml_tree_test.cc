#include "load/yaml_tree.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace annals {
namespace {

// The tree of `text`, which must parse.
YamlTree Parse(std::string_view text) {
  YamlError error;
  std::optional<YamlTree> tree = YamlTree::Parse(text, &error);
  INFO("problem: ", error.problem);
  REQUIRE(tree);
  return std::move(*tree);
}

// Why `text` does not parse.
YamlError Refuse(std::string_view text) {
  YamlError error;
  CHECK_FALSE(YamlTree::Parse(text, &error));
  return error;
}

// "line:column@offset".
std::string Place(const YamlMark& mark) {
  return std::to_string(mark.line) + ":" + std::to_string(mark.column) + "@" +
         std::to_string(mark.offset);
}

std::vector<std::string> Keys(const YamlNode& map) {
  std::vector<std::string> keys;
  for (YamlEntry entry : map.entries()) keys.emplace_back(entry.key.scalar());
  return keys;
}

TEST_CASE("a mapping keeps its entries in document order, duplicates included") {
  YamlTree tree = Parse("id: p1\ntitle: One\nid: p2\n");
  const YamlNode& root = tree.root();
  REQUIRE(root.IsMap());
  CHECK(root.style() == YamlStyle::kBlock);
  CHECK(Keys(root) == std::vector<std::string>{"id", "title", "id"});
  CHECK(root.entries().size() == 3);
  REQUIRE(root.Find("id"));
  CHECK(root.Find("id")->scalar() == "p1");
  CHECK(root.Find("title")->scalar() == "One");
  CHECK(root.Find("missing") == nullptr);
  CHECK(root.items().empty());
}

TEST_CASE("nodes know where they start and end") {
  YamlTree tree = Parse("title: Plenary 2\nagenda:\n  - a\n  - [b, c]\n");
  const YamlNode& root = tree.root();
  CHECK(Place(root.start()) == "1:1@0");
  const YamlNode& title = *root.Find("title");
  CHECK(Place(title.start()) == "1:8@7");
  CHECK(Place(title.end()) == "1:17@16");
  const YamlNode& agenda = *root.Find("agenda");
  REQUIRE(agenda.IsSequence());
  CHECK(agenda.style() == YamlStyle::kBlock);
  CHECK(Place(agenda.start()) == "3:3@27");
  REQUIRE(agenda.items().size() == 2);
  const YamlNode& flow = agenda.items().begin()[1];
  CHECK(flow.style() == YamlStyle::kFlow);
  CHECK(Place(flow.start()) == "4:5@35");
  CHECK(Place(flow.end()) == "4:11@41");
  std::vector<std::string> items;
  for (const YamlNode& item : flow.items()) items.emplace_back(item.scalar());
  CHECK(items == std::vector<std::string>{"b", "c"});
}

TEST_CASE("places are bytes, columns are characters") {
  // "é" is two bytes, "–" three.
  YamlTree tree = Parse("a: \xC3\xA9t\xC3\xA9\nb: \xE2\x80\x93 x\n");
  const YamlNode& b = *tree.root().Find("b");
  CHECK(b.scalar() == "\xE2\x80\x93 x");
  CHECK(Place(b.start()) == "2:4@12");
  CHECK(Place(b.end()) == "2:7@17");
  const YamlNode& a = *tree.root().Find("a");
  CHECK(Place(a.end()) == "1:7@8");
}

TEST_CASE("CRLF line breaks count as one line break") {
  YamlTree tree = Parse("a: 1\r\nb: |\r\n  x\r\n  y\r\n");
  const YamlNode& b = *tree.root().Find("b");
  CHECK(b.scalar() == "x\ny\n");
  CHECK(b.style() == YamlStyle::kLiteral);
  CHECK(Place(tree.root().Find("a")->start()) == "1:4@3");
  CHECK(Place(b.start()) == "2:4@9");
}

TEST_CASE("scalars keep their style; escapes, folding and chomping are applied") {
  YamlTree tree = Parse(
      "plain: a\n  b\nsingle: 'it''s'\ndouble: \"tab\\tand \\u00e9\"\n"
      "folded: >\n  one\n  two\nliteral: |-\n  keep\n");
  const YamlNode& root = tree.root();
  CHECK(root.Find("plain")->scalar() == "a b");
  CHECK(root.Find("plain")->style() == YamlStyle::kPlain);
  CHECK(root.Find("single")->scalar() == "it's");
  CHECK(root.Find("single")->style() == YamlStyle::kSingleQuoted);
  CHECK(root.Find("single")->quoted());
  CHECK(root.Find("double")->scalar() == "tab\tand \xC3\xA9");
  CHECK(root.Find("double")->style() == YamlStyle::kDoubleQuoted);
  CHECK(root.Find("folded")->scalar() == "one two\n");
  CHECK(root.Find("folded")->style() == YamlStyle::kFolded);
  CHECK(root.Find("literal")->scalar() == "keep");
  CHECK(root.Find("literal")->style() == YamlStyle::kLiteral);
  CHECK_FALSE(root.Find("literal")->quoted());
}

TEST_CASE("only plain, untagged null words are null") {
  YamlTree tree = Parse(
      "empty:\ntilde: ~\nword: null\nNull: Null\nupper: NULL\nquoted: 'null'\n"
      "tagged: !!str null\nnumber: 0\nbool: false\nlist:\n  -\n  - ~\n");
  const YamlNode& root = tree.root();
  for (const char* key : {"empty", "tilde", "word", "upper"}) {
    INFO(key);
    CHECK(root.Find(key)->IsNull());
  }
  CHECK(root.Find("word")->scalar() == "null");
  CHECK(root.Find("quoted")->IsScalar());
  CHECK(root.Find("tagged")->IsScalar());
  CHECK(root.Find("tagged")->tag() == "tag:yaml.org,2002:str");
  CHECK(root.Find("number")->IsScalar());
  CHECK(root.Find("bool")->IsScalar());
  CHECK(root.Find("bool")->tag() == "");
  // A key can be null too; Find() only matches scalar keys.
  CHECK(root.Find("Null") == nullptr);
  const YamlNode& list = *root.Find("list");
  REQUIRE(list.items().size() == 2);
  CHECK(list.items().begin()[0].IsNull());
  CHECK(list.items().begin()[1].IsNull());
}

TEST_CASE("an empty value is placed just after its key's ':' or its '-'") {
  YamlTree tree = Parse("title:\nkind: x\nlist:\n  -\n");
  CHECK(Place(tree.root().Find("title")->start()) == "1:7@6");
  CHECK(Place(tree.root().Find("list")->items().begin()->start()) == "4:4@24");
}

TEST_CASE("a text without a document has a null root with no place") {
  for (const char* text : {"", "# only a comment\n", "\n\n"}) {
    INFO(text);
    YamlTree tree = Parse(text);
    CHECK(tree.root().IsNull());
    CHECK_FALSE(tree.root().has_place());
  }
  YamlTree explicit_empty = Parse("---\n");
  CHECK(explicit_empty.root().IsNull());
  CHECK(explicit_empty.root().has_place());
  YamlTree scalar = Parse("just text\n");
  CHECK(scalar.root().IsScalar());
  CHECK(scalar.root().scalar() == "just text");
}

TEST_CASE("a tree can be moved and outlives its text") {
  std::optional<YamlTree> kept;
  {
    std::string text = "a: [x, {b: c}]\n";
    YamlError error;
    kept = YamlTree::Parse(text, &error);
    text.assign(text.size(), '#');
  }
  YamlTree moved = std::move(*kept);
  const YamlNode& a = *moved.root().Find("a");
  CHECK(a.items().begin()[0].scalar() == "x");
  CHECK(a.items().begin()[1].Find("b")->scalar() == "c");
}

TEST_CASE("a second document is refused at its start") {
  YamlError error = Refuse("a: 1\n---\nb: 2\n");
  CHECK(error.kind == YamlError::Kind::kSecondDocument);
  CHECK(Place(error.where) == "2:1@5");
  // One explicit document, ended, is fine.
  Parse("---\na: 1\n...\n");
}

TEST_CASE("anchors and aliases are refused, so nothing expands") {
  YamlError anchor = Refuse("a: 1\nb: &x [1, 2]\nc: *x\n");
  CHECK(anchor.kind == YamlError::Kind::kAnchor);
  CHECK(Place(anchor.where) == "2:4@8");
  YamlError scalar_anchor = Refuse("- &x a\n");
  CHECK(scalar_anchor.kind == YamlError::Kind::kAnchor);
  YamlError alias = Refuse("a: *x\n");
  CHECK(alias.kind == YamlError::Kind::kAlias);
  CHECK(Place(alias.where) == "1:4@3");
}

TEST_CASE("nesting deeper than kMaxDepth is refused at the first node too deep") {
  auto nested = [](int depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  Parse(nested(YamlTree::kMaxDepth));
  YamlError error = Refuse(nested(YamlTree::kMaxDepth + 1));
  CHECK(error.kind == YamlError::Kind::kTooDeep);
  CHECK(error.where.offset == static_cast<size_t>(YamlTree::kMaxDepth));
  // A scalar counts as a level: a key inside the deepest mapping is too deep.
  Refuse(std::string(YamlTree::kMaxDepth - 1, '[') + "{a: b}" +
         std::string(YamlTree::kMaxDepth - 1, ']'));
  // Ten thousand levels fail as quickly.
  CHECK(Refuse(nested(10000)).kind == YamlError::Kind::kTooDeep);
}

TEST_CASE("syntax errors carry libyaml's problem, context and places") {
  SUBCASE("a ':' in a plain value") {
    YamlError error = Refuse("title: Chair: Finance\n");
    CHECK(error.kind == YamlError::Kind::kSyntax);
    CHECK(error.problem == "mapping values are not allowed in this context");
    CHECK(Place(error.where) == "1:13@12");
  }
  SUBCASE("an unclosed quote names where it opens") {
    YamlError error = Refuse("a: 1\ntitle: \"Plenary\nb: 2\n");
    CHECK(error.context == "while scanning a quoted scalar");
    CHECK(Place(error.context_where) == "2:8@12");
  }
  SUBCASE("an unclosed bracket at the end of the text is the open flow collection") {
    YamlError error = Refuse("a:\n  \xC3\xA9: {c: [d,\n");
    CHECK(Place(error.open_flow) == "2:10@13");
  }
  SUBCASE("a character YAML does not allow") {
    YamlError error = Refuse("a: b\nc: d\xC2\x80\n");
    CHECK(error.character == 0x80);
    CHECK(Place(error.where) == "2:5@9");
  }
  SUBCASE("a tab in indentation") {
    YamlError error = Refuse("a:\n\tb: c\n");
    CHECK(error.problem == "found character that cannot start any token");
    CHECK(Place(error.where) == "2:1@3");
  }
}

}  // namespace
}  // namespace annals
