#include "load/references.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace annals {
namespace {

// The references found in `markdown`, each as "offset+length:inner".
std::vector<std::string> Spans(std::string_view markdown) {
  std::vector<std::string> out;
  for (const ReferenceSpan& s : FindReferenceSpans(markdown)) {
    CHECK(markdown.substr(s.offset, 2) == "[[");
    CHECK(markdown.substr(s.offset + s.length - 2, 2) == "]]");
    out.push_back(std::to_string(s.offset) + "+" + std::to_string(s.length) + ":" +
                  std::string(s.inner));
  }
  return out;
}

using List = std::vector<std::string>;

TEST_CASE("FindReferenceSpans finds references in prose") {
  CHECK(Spans("") == List{});
  CHECK(Spans("No references here.") == List{});
  CHECK(Spans("See [[rec:ssr1-11]] now.") == List{"4+15:rec:ssr1-11"});
  CHECK(Spans("[[rec:a]][[rec:b]]") == List{"0+9:rec:a", "9+9:rec:b"});
  CHECK(Spans("see [[meeting:plenary-14|the June call]].") ==
        List{"4+36:meeting:plenary-14|the June call"});
  CHECK(Spans("Line one.\nLine two [[doc:d]].") == List{"19+9:doc:d"});
  // Offsets are in bytes: "–" is three.
  CHECK(Spans("\xE2\x80\x93 [[rec:x]]") == List{"4+9:rec:x"});
}

TEST_CASE("FindReferenceSpans finds references in lists, emphasis, tables and links") {
  SUBCASE("list items") {
    CHECK(Spans("- item [[meeting:p-1]]\n- other [[doc:d]]\n") ==
          List{"7+15:meeting:p-1", "31+9:doc:d"});
    CHECK(Spans("1. first\n2. see [[rec:a]]\n") == List{"16+9:rec:a"});
  }
  SUBCASE("emphasis and strong emphasis") {
    CHECK(Spans("*see [[rec:a]]*") == List{"5+9:rec:a"});
    CHECK(Spans("**[[rec:b]]** and _[[rec:c]]_") == List{"2+9:rec:b", "19+9:rec:c"});
  }
  SUBCASE("table cells") {
    std::string table = "| a | b |\n|---|---|\n| [[rec:x]] | y [[doc:z]] |\n";
    CHECK(Spans(table) == List{"22+9:rec:x", "36+9:doc:z"});
  }
  SUBCASE("link text") {
    CHECK(Spans("[see [[rec:x]]](https://example.org/)") == List{"5+9:rec:x"});
  }
  SUBCASE("headings and block quotes") {
    CHECK(Spans("# About [[rec:h]]\n\n> quoted [[rec:q]]\n") == List{"8+9:rec:h", "28+9:rec:q"});
  }
}

TEST_CASE("FindReferenceSpans skips code") {
  SUBCASE("inline code spans") {
    CHECK(Spans("`[[rec:x]]` and [[rec:y]]") == List{"16+9:rec:y"});
    CHECK(Spans("``a [[rec:x]] b``") == List{});
  }
  SUBCASE("fenced code blocks") {
    CHECK(Spans("```\n[[rec:x]]\n```\n[[rec:y]]\n") == List{"18+9:rec:y"});
    CHECK(Spans("~~~ markdown\n[[rec:x]]\n~~~\n") == List{});
  }
  SUBCASE("indented code blocks") {
    CHECK(Spans("Para.\n\n    [[rec:x]]\n\n[[rec:y]]") == List{"22+9:rec:y"});
  }
  SUBCASE("a link's destination is not prose") {
    CHECK(Spans("[text](https://example.org/[[rec:x]])") == List{});
  }
}

TEST_CASE("FindReferenceSpans ignores brackets split across lines") {
  CHECK(Spans("[[rec:\nx]]") == List{});
  CHECK(Spans("[[rec:a\nb]] and [[rec:c]]") == List{"16+9:rec:c"});
  CHECK(Spans("[[rec:a]\n] [[rec:b]]") == List{"11+9:rec:b"});
}

TEST_CASE("FindReferenceSpans takes the later of two opening brackets") {
  CHECK(Spans("[[ [[rec:x]]") == List{"3+9:rec:x"});
  CHECK(Spans("unclosed [[rec:x") == List{});
}

TEST_CASE("ParseReference reads kind, id and label") {
  Ref ref;
  std::string error, hint;
  SUBCASE("every kind keyword") {
    struct Case {
      const char* text;
      Kind kind;
      Ref::Filter filter;
    };
    const Case cases[] = {
        {"rec:ssr1-11", Kind::kRec, Ref::Filter::kAny},
        {"set:ssr1", Kind::kSet, Ref::Filter::kAny},
        {"meeting:plenary-14", Kind::kMeeting, Ref::Filter::kAny},
        {"action:p14-observer-inputs", Kind::kAction, Ref::Filter::kAny},
        {"briefing:ssr1-gdd", Kind::kBriefing, Ref::Filter::kAny},
        {"question:ssr1-11.3", Kind::kQuestion, Ref::Filter::kAny},
        {"doc:jones-statement", Kind::kDoc, Ref::Filter::kAny},
        {"person:denise-michel", Kind::kPerson, Ref::Filter::kPerson},
        {"group:icann-org", Kind::kPerson, Ref::Filter::kGroup},
    };
    for (const Case& c : cases) {
      INFO(c.text);
      Ref r;
      REQUIRE(ParseReference(c.text, false, &r, &error, &hint));
      CHECK(r.kind == c.kind);
      CHECK(r.filter == c.filter);
      CHECK(r.id == std::string_view(c.text).substr(std::string_view(c.text).find(':') + 1));
      CHECK(ReferenceLabel(c.text) == "");
    }
  }
  SUBCASE("a label") {
    REQUIRE(ParseReference("meeting:plenary-14|the June call", true, &ref, &error, &hint));
    CHECK(ref.kind == Kind::kMeeting);
    CHECK(ref.id == "plenary-14");
    CHECK(ReferenceLabel("meeting:plenary-14|the June call") == "the June call");
  }
  SUBCASE("a label is trimmed of spaces") {
    REQUIRE(ParseReference("rec:ssr1-11|  Rec 11 ", true, &ref, &error, &hint));
    CHECK(ref.id == "ssr1-11");
    CHECK(ReferenceLabel("rec:ssr1-11|  Rec 11 ") == "Rec 11");
  }
}

TEST_CASE("ParseReference explains what is wrong") {
  Ref ref;
  std::string error, hint;
  SUBCASE("no kind") {
    CHECK_FALSE(ParseReference("ssr1-11", true, &ref, &error, &hint));
    CHECK(error == "reference 'ssr1-11' does not say what kind of record it is");
    CHECK(hint ==
          "write kind:id, with kind one of rec, set, meeting, action, briefing, question, doc, "
          "person or group");
  }
  SUBCASE("an unknown kind close to a known one") {
    CHECK_FALSE(ParseReference("recc:ssr1-11", true, &ref, &error, &hint));
    CHECK(error == "unknown kind of record 'recc'");
    CHECK(hint == "did you mean 'rec'?");
    CHECK_FALSE(ParseReference("meting:plenary-1", true, &ref, &error, &hint));
    CHECK(hint == "did you mean 'meeting'?");
  }
  SUBCASE("an unknown kind far from every known one") {
    CHECK_FALSE(ParseReference("recommendation:ssr1-11", true, &ref, &error, &hint));
    CHECK(error == "unknown kind of record 'recommendation'");
    CHECK(hint == "use one of rec, set, meeting, action, briefing, question, doc, person or group");
  }
  SUBCASE("a label where labels are not allowed") {
    CHECK_FALSE(ParseReference("rec:ssr1-11|Rec 11", false, &ref, &error, &hint));
    CHECK(error == "a label is only allowed in Markdown references");
    CHECK(hint == "write 'rec:ssr1-11'");
  }
  SUBCASE("an empty label") {
    CHECK_FALSE(ParseReference("rec:ssr1-11|  ", true, &ref, &error, &hint));
    CHECK(error == "empty label in reference");
    CHECK(hint == "write [[rec:ssr1-11]] for the record's own title");
  }
  SUBCASE("an invalid id") {
    CHECK_FALSE(ParseReference("rec:SSR1-11", true, &ref, &error, &hint));
    CHECK(error == "'SSR1-11' is not a valid id");
    CHECK(hint == "ids are lower case");
    CHECK_FALSE(ParseReference("rec:", true, &ref, &error, &hint));
    CHECK(error == "'' is not a valid id");
    CHECK(hint == "an id cannot be empty");
    CHECK_FALSE(ParseReference("rec: ssr1-11", true, &ref, &error, &hint));
    CHECK(error == "' ssr1-11' is not a valid id");
    CHECK(hint == "ids use only a-z, 0-9, '-' and '.'");
  }
}

TEST_CASE("ParseKindKeyword narrows people and groups") {
  auto person = ParseKindKeyword("person");
  REQUIRE(person);
  CHECK(person->kind == Kind::kPerson);
  CHECK(person->filter == Ref::Filter::kPerson);

  auto group = ParseKindKeyword("group");
  REQUIRE(group);
  CHECK(group->kind == Kind::kPerson);
  CHECK(group->filter == Ref::Filter::kGroup);

  auto rec = ParseKindKeyword("rec");
  REQUIRE(rec);
  CHECK(rec->kind == Kind::kRec);
  CHECK(rec->filter == Ref::Filter::kAny);

  CHECK_FALSE(ParseKindKeyword("Rec"));
  CHECK_FALSE(ParseKindKeyword("people"));
  CHECK_FALSE(ParseKindKeyword(""));
  CHECK(KindKeywords() ==
        List{"rec", "set", "meeting", "action", "briefing", "question", "doc", "person", "group"});
}

TEST_CASE("CheckId accepts short lower-case ids") {
  CHECK(CheckId("plenary-14") == "");
  CHECK(CheckId("ssr1-11.3") == "");
  CHECK(CheckId("a") == "");
  CHECK(CheckId("2017") == "");
  CHECK(CheckId(std::string(100, 'a')) == "");
}

TEST_CASE("CheckId gives the reason an id is rejected") {
  const std::string between = "'-' and '.' go between letters or digits";
  const std::string only = "ids use only a-z, 0-9, '-' and '.'";
  CHECK(CheckId("") == "an id cannot be empty");
  CHECK(CheckId("Plenary-14") == "ids are lower case");
  CHECK(CheckId("..") == between);
  CHECK(CheckId("a..b") == between);
  CHECK(CheckId("a.-b") == between);
  CHECK(CheckId("-a") == between);
  CHECK(CheckId("a-") == between);
  CHECK(CheckId(".a") == between);
  CHECK(CheckId("a/b") == only);
  CHECK(CheckId("a\\b") == only);
  CHECK(CheckId(std::string("a\0b", 3)) == only);
  CHECK(CheckId("a b") == only);
  CHECK(CheckId("a_b") == only);
  CHECK(CheckId("caf\xC3\xA9") == only);
  CHECK(CheckId(std::string(101, 'a')) == "an id is at most 100 characters long");
}

}  // namespace
}  // namespace annals
