#include "render/templates.h"

#include <doctest/doctest.h>

#include <string>

#include "util/file_system.h"

namespace annals {
namespace {

using Json = nlohmann::ordered_json;

// The built-in templates with `fs`'s folder "tpl" laid over them; the folder must load
// without a diagnostic.
TemplateSet LoadClean(MemoryFileSystem& fs, const std::string& dir = "tpl") {
  TemplateSet set;
  DiagnosticSink diagnostics;
  Status status = TemplateSet::Load(fs, dir, &set, diagnostics);
  CHECK(status.ok());
  CHECK(diagnostics.Format() == "");
  return set;
}

// Renders the one-off template `text` (added as "tpl/not_found.mustache") with `context`.
std::string RenderText(const std::string& text, const Json& context) {
  MemoryFileSystem fs;
  fs.Add("tpl/not_found.mustache", text);
  TemplateSet set = LoadClean(fs);
  REQUIRE(set.Has("not_found"));
  return set.Render("not_found", context);
}

TEST_CASE("every built-in template parses") {
  MemoryFileSystem fs;
  TemplateSet set;
  DiagnosticSink diagnostics;
  CHECK(TemplateSet::Load(fs, "", &set, diagnostics).ok());
  CHECK(diagnostics.Format() == "");
  REQUIRE(!DefaultTemplateFiles().empty());
  for (const auto& [name, text] : DefaultTemplateFiles()) {
    std::string file(name);
    const std::string suffix = ".mustache";
    INFO(file);
    if (file.size() > suffix.size() && file.ends_with(suffix))
      CHECK(set.Has(file.substr(0, file.size() - suffix.size())));
    else
      CHECK(set.assets().at(file) == text);
  }
}

TEST_CASE("the built-in templates include the ones the site renders") {
  MemoryFileSystem fs;
  TemplateSet set = LoadClean(fs, "");
  for (const char* name : {"layout", "home", "meeting", "meetings", "not_found", "redirect",
                           "feed.xml", "sitemap.xml"}) {
    INFO(name);
    CHECK(set.Has(name));
  }
  CHECK(set.assets().count("style.css") == 1);
}

TEST_CASE("a template in the folder replaces the built-in one") {
  MemoryFileSystem fs;
  fs.Add("tpl/not_found.mustache", "<p>Gone: {{title}}</p>\n");
  TemplateSet set = LoadClean(fs);
  CHECK(set.Render("not_found", {{"title", "x"}}) == "<p>Gone: x</p>\n");
}

TEST_CASE("a folder path with a trailing slash works the same") {
  MemoryFileSystem fs;
  fs.Add("tpl/not_found.mustache", "<p>Gone</p>\n");
  TemplateSet set = LoadClean(fs, "tpl/");
  CHECK(set.Render("not_found", Json::object()) == "<p>Gone</p>\n");
}

TEST_CASE("a partial from the folder is included with {{> _name}}") {
  MemoryFileSystem fs;
  fs.Add("tpl/_x.mustache", "[{{name}}]\n");
  fs.Add("tpl/home.mustache", "<b>{{> _x}}</b>\n");
  TemplateSet set = LoadClean(fs);
  // The partial's final line break is not part of it.
  CHECK(set.Render("home", {{"name", "n"}}) == "<b>[n]</b>\n");
}

TEST_CASE("a partial that includes itself renders every level of nesting") {
  MemoryFileSystem fs;
  fs.Add("tpl/not_found.mustache", "<{{> _tree}}>");
  fs.Add("tpl/_tree.mustache",
         "{{name}}{{#has_items}}({{#items}}{{> _tree}}{{/items}}){{/has_items}}");
  TemplateSet set = LoadClean(fs);
  // Deeper than the levels written into the compiled template, and shallower. Every
  // level has its list, or the section would find the one of the level above.
  const Json leaf = {{"name", "x"}, {"items", Json::array()}};
  Json tree = {{"name", "7"}, {"items", Json::array()}};
  for (int depth = 6; depth >= 1; --depth)
    tree = {{"name", std::to_string(depth)}, {"items", Json::array({tree, leaf})}};
  CHECK(set.Render("not_found", tree) == "<1(2(3(4(5(6(7x)x)x)x)x)x)>");
  CHECK(set.Render("not_found", leaf) == "<x>");
}

TEST_CASE("a partial from the folder is usable by a built-in template's override") {
  MemoryFileSystem fs;
  fs.Add("tpl/_x.mustache", "X");
  fs.Add("tpl/not_found.mustache", "{{> _x}}{{> _x}}");
  TemplateSet set = LoadClean(fs);
  CHECK(set.Render("not_found", Json::object()) == "XX");
}

TEST_CASE("files that are not templates are assets, kept byte for byte") {
  MemoryFileSystem fs;
  fs.Add("tpl/style.css", "body { color: red; }\n");
  fs.Add("tpl/img/logo.svg", std::string("<svg/>\0\r\n", 9));
  fs.Add("tpl/.hidden", "skipped");
  TemplateSet set = LoadClean(fs);
  CHECK(set.assets().at("style.css") == "body { color: red; }\n");
  CHECK(set.assets().at("img/logo.svg") == std::string("<svg/>\0\r\n", 9));
  CHECK(set.assets().count(".hidden") == 0);
  CHECK(!set.Has("img/logo.svg"));
  CHECK(!set.Has("style.css"));
}

TEST_CASE("a template that does not parse gives one diagnostic naming its path") {
  MemoryFileSystem fs;
  fs.Add("tpl/meeting.mustache", "line one\n{{#a}}\n");
  TemplateSet set;
  DiagnosticSink diagnostics;
  CHECK(TemplateSet::Load(fs, "tpl", &set, diagnostics).ok());
  REQUIRE(diagnostics.diagnostics().size() == 1);
  const Diagnostic& d = diagnostics.diagnostics()[0];
  CHECK(d.where.path == "tpl/meeting.mustache");
  CHECK(d.where.line == 2);
  CHECK(d.where.column == 1);
  CHECK(d.line_text == "{{#a}}");
  CHECK(d.message == "template does not parse: Unclosed section \"a\"");
  CHECK(set.Render("meeting", Json::object()).find("line one") ==
        std::string::npos);  // the built-in stays
}

TEST_CASE("a template that includes an unknown partial gives one diagnostic") {
  MemoryFileSystem fs;
  fs.Add("tpl/meeting.mustache", "a\n<b>{{> _missing}}</b>\n");
  TemplateSet set;
  DiagnosticSink diagnostics;
  CHECK(TemplateSet::Load(fs, "tpl", &set, diagnostics).ok());
  REQUIRE(diagnostics.diagnostics().size() == 1);
  const Diagnostic& d = diagnostics.diagnostics()[0];
  CHECK(d.where.path == "tpl/meeting.mustache");
  CHECK(d.where.line == 2);
  CHECK(d.where.column == 4);
  CHECK(d.where.length == 14);
  CHECK(d.message == "unknown partial '_missing'");
}

TEST_CASE("a partial that includes an unknown partial gives one diagnostic") {
  MemoryFileSystem fs;
  fs.Add("tpl/_a.mustache", "{{> _missing}}\n");
  TemplateSet set;
  DiagnosticSink diagnostics;
  CHECK(TemplateSet::Load(fs, "tpl", &set, diagnostics).ok());
  REQUIRE(diagnostics.diagnostics().size() == 1);
  CHECK(diagnostics.diagnostics()[0].where.path == "tpl/_a.mustache");
  CHECK(diagnostics.diagnostics()[0].message == "unknown partial '_missing'");
}

TEST_CASE("a page template whose name the site does not use is reported") {
  MemoryFileSystem fs;
  fs.Add("tpl/meetng.mustache", "x");
  fs.Add("tpl/sidebar.mustache", "x");
  TemplateSet set;
  DiagnosticSink diagnostics;
  CHECK(TemplateSet::Load(fs, "tpl", &set, diagnostics).ok());
  CHECK(diagnostics.Format() ==
        "tpl/meetng.mustache: error: 'meetng.mustache' is not the name of a template\n"
        "      = hint: did you mean 'meeting.mustache'?\n"
        "tpl/sidebar.mustache: error: 'sidebar.mustache' is not the name of a template\n"
        "      = hint: page templates are named after the built-in ones (meeting.mustache, …); "
        "partials start with '_'\n");
}

TEST_CASE("a missing templates folder is an error") {
  MemoryFileSystem fs;
  fs.Add("elsewhere/x.mustache", "x");
  TemplateSet set;
  DiagnosticSink diagnostics;
  Status status = TemplateSet::Load(fs, "tpl", &set, diagnostics);
  CHECK(!status.ok());
  CHECK(status.message() == "templates folder 'tpl' does not exist");
  CHECK(diagnostics.empty());
}

TEST_CASE("Render treats null, \"\" and false as false in sections") {
  const std::string text = "{{#v}}yes{{/v}}{{^v}}no{{/v}}";
  CHECK(RenderText(text, {{"v", nullptr}}) == "no");
  CHECK(RenderText(text, {{"v", ""}}) == "no");
  CHECK(RenderText(text, {{"v", false}}) == "no");
  CHECK(RenderText(text, Json::object()) == "no");
  CHECK(RenderText(text, {{"v", "x"}}) == "yes");
  CHECK(RenderText(text, {{"v", true}}) == "yes");
}

TEST_CASE("Render adds a has_x companion to each list") {
  const std::string text =
      "{{#has_items}}[{{#items}}{{.}};{{/items}}]{{/has_items}}"
      "{{^has_items}}none{{/has_items}}";
  CHECK(RenderText(text, {{"items", {"a", "b"}}}) == "[a;b;]");
  CHECK(RenderText(text, {{"items", Json::array()}}) == "none");
  // Lists inside objects get theirs too.
  CHECK(RenderText("{{#o}}{{#has_l}}some{{/has_l}}{{^has_l}}empty{{/has_l}}{{/o}}",
                   {{"o", {{"l", Json::array()}}}}) == "empty");
  CHECK(RenderText("{{#o}}{{#has_l}}some{{/has_l}}{{/o}}", {{"o", {{"l", {1}}}}}) == "some");
}

TEST_CASE("Render shows numbers as their decimal text") {
  CHECK(RenderText("{{n}} {{m}} {{z}}", {{"n", 14}, {"m", -3}, {"z", 0}}) == "14 -3 0");
}

TEST_CASE("Render escapes {{x}} and leaves {{{x}}} as it is") {
  Json context = {{"x", "<a href=\"u\">Q&A's</a>"}};
  CHECK(RenderText("{{x}}", context) == "&lt;a href=&quot;u&quot;&gt;Q&amp;A&apos;s&lt;/a&gt;");
  CHECK(RenderText("{{{x}}}", context) == "<a href=\"u\">Q&A's</a>");
  CHECK(RenderText("{{&x}}", context) == "<a href=\"u\">Q&A's</a>");
}

TEST_CASE("Render reaches into objects with dotted names") {
  CHECK(RenderText("{{site.title}}", {{"site", {{"title", "T"}}}}) == "T");
}

}  // namespace
}  // namespace annals
