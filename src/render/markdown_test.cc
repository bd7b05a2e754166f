#include "render/markdown.h"

#include <doctest/doctest.h>

#include <string>

#include "build.h"
#include "util/file_system.h"
#include "util/text.h"

namespace annals {
namespace {

// `text` as the body of a YAML literal block ("|"), indented by two spaces.
std::string Block(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (line_start && c != '\n') out += "  ";
    out += c;
    line_start = c == '\n';
  }
  if (!line_start) out += '\n';
  return out;
}

std::string MeetingYaml(const std::string& id, const std::string& head,
                        const std::string& rest = "") {
  return "id: " + id + "\n" + head +
         "date: 2017-06-06\ntime: not recorded\nattendance:\n  members: not recorded\n"
         "  observers: not recorded\n  staff: not recorded\n  guests: not recorded\n"
         "  apologies: not recorded\nagenda: []\n" +
         rest;
}

// A valid archive: person "ann", recommendation "s-1" of set "s", meeting "x"
// (Plenary #3), meeting "qa" (no number, a title with HTML in it), and meeting "y"
// whose notes are `notes`.
BuildResult ArchiveWithNotes(const std::string& notes) {
  MemoryFileSystem fs;
  fs.Add("content/archive.yaml",
         "title: T\nreview: R\ndescription: D.\npublisher: not recorded\nlanguage: en\n"
         "time_zone: UTC\nas_of: 2018-01-01\n");
  fs.Add("content/people/people.yaml", "- id: ann\n  name: Ann Lee\n  kind: person\n");
  fs.Add("content/recommendations/s.yaml",
         "id: s\ntitle: S Recommendations\nshort: S\nrecommendations:\n"
         "  - {number: 1, text: One.}\n");
  fs.Add("content/meetings/x.yaml", MeetingYaml("x", "kind: plenary\nnumber: 3\ntitle: Third\n"));
  fs.Add("content/meetings/qa.yaml",
         MeetingYaml("qa", "kind: other\ntitle: \"Q&A <session> *one*\"\n"));
  fs.Add("content/meetings/y.yaml", MeetingYaml("y", "kind: plenary\nnumber: 4\ntitle: Fourth\n",
                                                "notes: |\n" + Block(notes)));
  BuildResult result = Check(fs, "content");
  INFO(result.diagnostics.Format());
  REQUIRE(result.ExitCode() == 0);
  return result;
}

const Markdown& NotesOfY(const Archive& a) {
  for (const Meeting& m : a.meetings)
    if (m.id == "y") return m.notes;
  FAIL("no meeting 'y'");
  return a.meetings[0].notes;
}

// Meeting y's notes as HTML on y's page (or as `options` say).
std::string Html(const std::string& notes, MarkdownOptions options = {.page = "meetings/y/"}) {
  BuildResult result = ArchiveWithNotes(notes);
  return RenderMarkdown(NotesOfY(result.archive), result.archive, options);
}

std::string Summary(const std::string& notes, int max_chars) {
  BuildResult result = ArchiveWithNotes(notes);
  return PlainSummary(NotesOfY(result.archive), result.archive, max_chars);
}

// ---------------------------------------------------------------------------------
// RenderMarkdown

TEST_CASE("RenderMarkdown of empty text is empty") {
  Archive archive;
  CHECK(RenderMarkdown(Markdown{}, archive, {}) == "");
}

TEST_CASE("RenderMarkdown renders plain Markdown with md4c") {
  CHECK(Html("Some *emphasis* and **strong**.") ==
        "<p>Some <em>emphasis</em> and <strong>strong</strong>.</p>\n");
}

TEST_CASE("RenderMarkdown links a reference without a label with the record's label") {
  CHECK(Html("See [[meeting:x]].") ==
        "<p>See <a href=\"../../meetings/x/index.html\">Plenary #3</a>.</p>\n");
  CHECK(Html("By [[person:ann]] on [[rec:s-1]].") ==
        "<p>By <a href=\"../../people/ann/index.html\">Ann Lee</a> on "
        "<a href=\"../../recommendations/s/1/index.html\">S Recommendation 1</a>.</p>\n");
}

TEST_CASE("RenderMarkdown links a reference with a label with the label") {
  CHECK(Html("See [[meeting:x|the June call]].") ==
        "<p>See <a href=\"../../meetings/x/index.html\">the June call</a>.</p>\n");
}

TEST_CASE("RenderMarkdown links relative to the page it renders for") {
  CHECK(Html("[[meeting:x]]", {.page = ""}) ==
        "<p><a href=\"meetings/x/index.html\">Plenary #3</a></p>\n");
  CHECK(Html("[[meeting:x]]", {.page = "recommendations/s/1/"}) ==
        "<p><a href=\"../../../meetings/x/index.html\">Plenary #3</a></p>\n");
}

TEST_CASE("RenderMarkdown shows a record's label literally, HTML escaped") {
  // The meeting has no number, so its label is its title "Q&A <session> *one*".
  CHECK(Html("[[meeting:qa]]") ==
        "<p><a href=\"../../meetings/qa/index.html\">Q&amp;A &lt;session&gt; *one*</a></p>\n");
}

TEST_CASE("RenderMarkdown shows a label with Markdown punctuation literally") {
  CHECK(Html("[[rec:s-1|1 < 2 & \"q\" _u #h !x]]") ==
        "<p><a href=\"../../recommendations/s/1/index.html\">1 &lt; 2 &amp; &quot;q&quot; _u "
        "#h !x</a></p>\n");
  CHECK(Html("[[rec:s-1|a [c] d]]") ==
        "<p><a href=\"../../recommendations/s/1/index.html\">a [c] d</a></p>\n");
}

// A label is plain text: emphasis, entities and escapes in it show as written.
TEST_CASE("RenderMarkdown shows a label with inline Markdown literally") {
  const std::string href = "<a href=\"../../recommendations/s/1/index.html\">";
  CHECK(Html("[[rec:s-1|a *b* c]]") == "<p>" + href + "a *b* c</a></p>\n");
  // A code span is code, wherever it is: brackets around one are not a reference.
  CHECK(Html("[[rec:s-1|a `b` c]]") == "<p>[[rec:s-1|a <code>b</code> c]]</p>\n");
  CHECK(Html("[[rec:s-1|a &amp; c]]") == "<p>" + href + "a &amp;amp; c</a></p>\n");
  CHECK(Html("[[rec:s-1|a \\*b\\* c]]") == "<p>" + href + "a \\*b\\* c</a></p>\n");
  CHECK(Html("[[rec:s-1|a *b* [c]]]") == "<p>" + href + "a *b* [c]</a></p>\n");
}

// Brackets in a label balance, so "]]]" closes "a [c".
TEST_CASE("RenderMarkdown keeps a label's closing bracket inside the link") {
  CHECK(Html("[[rec:s-1|a [c]]]") ==
        "<p><a href=\"../../recommendations/s/1/index.html\">a [c]</a></p>\n");
}

TEST_CASE("RenderMarkdown leaves a reference in a code span as literal text") {
  CHECK(Html("Write `[[meeting:x]]` for [[meeting:x]].") ==
        "<p>Write <code>[[meeting:x]]</code> for "
        "<a href=\"../../meetings/x/index.html\">Plenary #3</a>.</p>\n");
  CHECK(Html("```\n[[meeting:x]]\n```") == "<pre><code>[[meeting:x]]\n</code></pre>\n");
}

// HTML has no nested links: within a link's text a reference shows as its label.
TEST_CASE("RenderMarkdown keeps a link whose text holds a reference") {
  CHECK(Html("[see [[meeting:x]]](https://e.org)") ==
        "<p><a href=\"https://e.org\">see Plenary #3</a></p>\n");
}

TEST_CASE("RenderMarkdown shows a reference in an image's description as its label") {
  CHECK(Html("![img [[meeting:x]]](https://e.org/a.png)") ==
        "<p><img src=\"https://e.org/a.png\" alt=\"img Plenary #3\"></p>\n");
}

TEST_CASE("RenderMarkdown escapes raw HTML unless allowed") {
  SUBCASE("inline HTML") {
    CHECK(Html("Hi <script>alert(1)</script> there.") ==
          "<p>Hi &lt;script&gt;alert(1)&lt;/script&gt; there.</p>\n");
    CHECK(
        Html("Hi <script>alert(1)</script> there.", {.page = "meetings/y/", .allow_html = true}) ==
        "<p>Hi <script>alert(1)</script> there.</p>\n");
  }
  SUBCASE("an HTML block") {
    CHECK(Html("<div class=\"x\">\nbox\n</div>") ==
          "<p>&lt;div class=&quot;x&quot;&gt;\nbox\n&lt;/div&gt;</p>\n");
    CHECK(Html("<div class=\"x\">\nbox\n</div>", {.page = "meetings/y/", .allow_html = true}) ==
          "<div class=\"x\">\nbox\n</div>\n");
  }
}

TEST_CASE("RenderMarkdown nests headings below the page's own, never skipping a level") {
  const std::string text = "# One\n\n## Two\n\n#### Four\n\n##### Five\n\n###### Six";
  CHECK(Html(text) == "<h1>One</h1>\n<h2>Two</h2>\n<h3>Four</h3>\n<h4>Five</h4>\n<h5>Six</h5>\n");
  CHECK(Html(text, {.page = "meetings/y/", .heading_shift = 2}) ==
        "<h3>One</h3>\n<h4>Two</h4>\n<h5>Four</h5>\n<h6>Five</h6>\n<h6>Six</h6>\n");
  // The outermost level the text uses goes right below the page's heading, and a
  // heading returns to the level of the earlier heading it is a sibling of.
  CHECK(Html("### A\n\n#### B\n\n## C\n\n### D\n\n#### E\n\n### F",
             {.page = "meetings/y/", .heading_shift = 1}) ==
        "<h2>A</h2>\n<h3>B</h3>\n<h2>C</h2>\n<h3>D</h3>\n<h4>E</h4>\n<h3>F</h3>\n");
  CHECK(Html("# About [[meeting:x]]", {.page = "meetings/y/", .heading_shift = 1}) ==
        "<h2>About <a href=\"../../meetings/x/index.html\">Plenary #3</a></h2>\n");
}

TEST_CASE("RenderMarkdown does not shift text that only looks like a heading tag") {
  CHECK(Html("Type <h1> or `<h2>` here.", {.page = "meetings/y/", .heading_shift = 2}) ==
        "<p>Type &lt;h1&gt; or <code>&lt;h2&gt;</code> here.</p>\n");
}

TEST_CASE("RenderMarkdown renders tables") {
  CHECK(Html("| a | b |\n|---|--:|\n| 1 | [[meeting:x]] |") ==
        "<table>\n<thead>\n<tr>\n<th>a</th>\n<th align=\"right\">b</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>1</td>\n<td align=\"right\"><a href=\"../../meetings/x/index.html\">"
        "Plenary #3</a></td>\n</tr>\n</tbody>\n</table>\n");
}

TEST_CASE("RenderMarkdown renders autolinks") {
  CHECK(Html("<https://example.org/a?b=1&c=2>") ==
        "<p><a href=\"https://example.org/a?b=1&amp;c=2\">https://example.org/a?b=1&amp;c=2</a>"
        "</p>\n");
  CHECK(Html("<ann@example.org>") ==
        "<p><a href=\"mailto:ann@example.org\">ann@example.org</a></p>\n");
}

// ---------------------------------------------------------------------------------
// PlainSummary

TEST_CASE("PlainSummary of empty text is empty") {
  Archive archive;
  CHECK(PlainSummary(Markdown{}, archive, 160) == "");
}

TEST_CASE("PlainSummary removes markup") {
  CHECK(Summary("Some *emphasis*, **strong**, `code` and [a link](https://example.org/).", 0) ==
        "Some emphasis, strong, code and a link.");
  CHECK(Summary("# Title\n\nBody text.", 0) == "Title Body text.");
  CHECK(Summary("AT&amp;T \\*not emphasis\\*", 0) == "AT&T *not emphasis*");
}

TEST_CASE("PlainSummary keeps raw HTML as the text the page shows, unless HTML is allowed") {
  CHECK(Summary("Say <b>hi</b> <script>x()</script>", 160) == "Say <b>hi</b> <script>x()</script>");
}

TEST_CASE("PlainSummary replaces references by their labels") {
  CHECK(Summary("See [[meeting:x]] and [[meeting:x|the call]], by [[person:ann]].", 0) ==
        "See Plenary #3 and the call, by Ann Lee.");
  CHECK(Summary("[[meeting:qa]]", 0) == "Q&A <session> *one*");
  CHECK(Summary("[[rec:s-1|1 < 2 & [c]]]", 0) == "1 < 2 & [c]");
}

TEST_CASE("PlainSummary leaves a reference in code as it is written") {
  CHECK(Summary("Write `[[meeting:x]]`.", 0) == "Write [[meeting:x]].");
}

TEST_CASE("PlainSummary collapses white space into single spaces") {
  CHECK(Summary("One\ttwo   three\nfour.\n\nNext   paragraph.  ", 0) ==
        "One two three four. Next paragraph.");
}

TEST_CASE("PlainSummary cuts long text at a word boundary with an ellipsis") {
  const std::string text = "one two three four five";
  CHECK(Summary(text, 0) == text);   // 0: never cut
  CHECK(Summary(text, 23) == text);  // exactly the limit
  CHECK(Summary(text, 22) == "one two three four…");
  CHECK(Summary(text, 10) == "one two…");  // "one two th" is cut back to "one two"
  CHECK(Summary(text, 7) == "one two…");   // the next character is a space
  CHECK(Summary(text, 8) == "one two…");
  // Punctuation before the cut is dropped.
  CHECK(Summary("one two, three four", 10) == "one two…");
}

TEST_CASE("PlainSummary counts characters, not bytes, and never splits one") {
  // "é" is two bytes; "–" three.
  const std::string e = "\xC3\xA9";
  const std::string word = e + e + e + e + e;
  CHECK(Summary(word + " " + word, 11) == word + " " + word);
  CHECK(Summary(word + " " + word, 8) == word + "…");
  std::string long_word = word + word;  // no space to cut at
  std::string cut = Summary(long_word, 4);
  CHECK(cut == e + e + e + e + "…");
  CHECK(FindInvalidUtf8(cut) == std::string::npos);
  std::string dashes = Summary("\xE2\x80\x93\xE2\x80\x93\xE2\x80\x93 x", 2);
  CHECK(FindInvalidUtf8(dashes) == std::string::npos);
  CHECK(dashes.rfind("\xE2\x80\xA6") == dashes.size() - 3);
}

// Summaries are the text of the tree: no table pipes, no strikethrough tildes.
TEST_CASE("PlainSummary removes the markup of tables and strikethrough") {
  CHECK(Summary("| a | b |\n|---|---|\n| 1 | 2 |", 0) == "a b 1 2");
  CHECK(Summary("kept ~~gone~~", 0) == "kept gone");
}

// Nor list bullets.
TEST_CASE("PlainSummary removes list bullets") {
  CHECK(Summary("- item a\n- item b", 0) == "item a item b");
}

}  // namespace
}  // namespace annals
