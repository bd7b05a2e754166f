#include "render/site.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "build.h"
#include "render/pages.h"
#include "render/templates.h"
#include "test_support.h"
#include "util/file_system.h"
#include "write/manifest.h"

namespace annals {
namespace {

using Files = std::map<std::string, std::string>;
using Strings = std::vector<std::string>;

// A small valid archive: one person, two meetings (plenary-1 on a full date with a
// time; new-id, once published as old-id, in a month only), one action item raised at
// plenary-1 and updated at new-id, one briefing with two questions of which one is
// answered, and one document. `settings` are extra lines of archive.yaml.
MemoryFileSystem SmallArchive(const std::string& settings = "") {
  MemoryFileSystem fs;
  fs.Add("content/archive.yaml",
         "title: Test Archive\nreview: Test Review\ndescription: An archive for tests.\n"
         "publisher: not recorded\nlanguage: en\ntime_zone: UTC\nas_of: 2018-01-01\n" +
             settings);
  fs.Add("content/people/people.yaml",
         "- id: ann\n  name: Ann Lee\n  kind: person\n  role: member\n");
  const std::string attendance =
      "attendance:\n  members: [ann]\n  observers: not recorded\n  staff: []\n  guests: []\n"
      "  apologies: []\n";
  fs.Add("content/meetings/plenary-1.yaml",
         "id: plenary-1\nkind: plenary\nnumber: 1\ntitle: Plenary 1\ndate: 2017-06-06\n"
         "time: \"21:00\"\n" +
             attendance +
             "agenda:\n  - title: Welcome\n  - title: Briefing\n    refs: [briefing:b1]\n"
             "notes: The first meeting.\n");
  fs.Add("content/meetings/new-id.yaml",
         "id: new-id\naliases: [old-id]\nkind: plenary\nnumber: 2\ntitle: Plenary 2\n"
         "date: 2017-07\ntime: not recorded\n" +
             attendance +
             "agenda:\n  - title: Action items\nstatus_updates:\n"
             "  - action: send-answers\n    status: in-progress\n    note: Drafting.\n");
  fs.Add("content/actions/plenary-1.yaml",
         "- id: send-answers\n  text: Send written answers.\n  owners: [ann]\n"
         "  due: 2017-06-30\n  origin: plenary-1\n  questions: [b1-1]\n");
  fs.Add("content/briefings/b1.yaml",
         "id: b1\ntitle: A briefing\narea: Operations\nto: [ann]\nmeeting: plenary-1\n"
         "questions:\n"
         "  - number: \"1\"\n    asker: ann\n    text: What was done?\n    answers:\n"
         "      - date: 2017-06-20\n        by: ann\n        source: answers\n"
         "        text: Much was done.\n"
         "  - number: \"2\"\n    asker: not recorded\n    text: And then?\n");
  fs.Add("content/documents/answers.md",
         "---\nid: answers\ntitle: Answers\nkind: answers\nauthor: ann\ndate: 2017-06-20\n"
         "briefing: b1\n---\nThe answers to [[question:b1-1]].\n");
  return fs;
}

// The archive of `fs`, checked free of errors, and its templates (the built-in ones, in
// place of which those of the folder `dir` when given).
BuildResult Checked(MemoryFileSystem& fs, TemplateSet* templates, const std::string& dir = "") {
  BuildResult result = Check(fs, "content");
  INFO(result.diagnostics.Format());
  REQUIRE(result.ExitCode() == 0);
  REQUIRE(TemplateSet::Load(fs, dir, templates, result.diagnostics).ok());
  REQUIRE(result.diagnostics.empty());
  return result;
}

Files Render(MemoryFileSystem fs) {
  TemplateSet templates;
  const BuildResult result = Checked(fs, &templates);
  return RenderSite(result.archive, templates);
}

Files Render(const std::string& settings = "") { return Render(SmallArchive(settings)); }

const std::string& FileAt(const Files& files, const std::string& path) {
  auto it = files.find(path);
  REQUIRE_MESSAGE(it != files.end(), "the site has no " << path);
  return it->second;
}

// Every first capture of `pattern` in `text`, in order.
Strings Captures(const std::string& text, const std::string& pattern) {
  Strings out;
  std::regex re(pattern);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it)
    out.push_back((*it)[1]);
  return out;
}

Strings Sorted(Strings list) {
  std::sort(list.begin(), list.end());
  return list;
}

// The list one item a line, so that a failed check shows it.
std::string Lines(const Strings& list) {
  std::string out;
  for (const std::string& item : list) out += item + "\n";
  return out;
}

int Count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1))
    ++n;
  return n;
}

TEST_CASE("RenderSite writes a page per record, the indexes and the data files") {
  Files files = Render();
  Strings expected = {
      "404.html",
      "actions.csv",
      "actions/index.html",
      "actions/send-answers/index.html",
      "archive.json",
      "briefings/b1/index.html",
      "briefings/index.html",
      "documents/answers/index.html",
      "documents/index.html",
      "feed.xml",
      "index.html",
      "manifest-sha256.txt",
      "meetings.ics",
      "meetings/index.html",
      "meetings/new-id/index.html",
      "meetings/old-id/index.html",  // the redirect of the alias
      "meetings/plenary-1/index.html",
      "people/ann/index.html",
      "people/index.html",
      "questions.csv",
      "questions/b1-1/index.html",
      "questions/b1-2/index.html",
      "questions/index.html",
      "recommendations/index.html",
      "sitemap.xml",
  };
  // And the built-in templates' assets (style.css), whatever they are.
  for (const auto& [name, text] : DefaultTemplateFiles())
    if (!std::string_view(name).ends_with(".mustache")) expected.emplace_back(name);
  CHECK(std::find(expected.begin(), expected.end(), "style.css") != expected.end());
  Strings paths;
  for (const auto& [path, bytes] : files) paths.push_back(path);
  CHECK(Lines(paths) == Lines(Sorted(expected)));
}

TEST_CASE("RenderSite leaves a redirect page at a renamed record's old address") {
  Files files = Render();
  const std::string& page = FileAt(files, "meetings/old-id/index.html");
  CHECK(Count(page,
              "<meta http-equiv=\"refresh\" content=\"0; "
              "url=../../meetings/new-id/index.html\">") == 1);
  CHECK(page.find("<a href=\"../../meetings/new-id/index.html\">Plenary #2</a>") !=
        std::string::npos);
  CHECK(page.find("<link rel=\"stylesheet\" href=\"../../style.css\">") != std::string::npos);
  // Ordinary pages do not redirect.
  CHECK(FileAt(files, "meetings/new-id/index.html").find("http-equiv=\"refresh\"") ==
        std::string::npos);
}

const char kAddressChanges[] =
    "moved:\n"
    "  - address: meetings/plenary-3/index.html\n"
    "    to: meeting:new-id\n"
    "withdrawn:\n"
    "  - address: documents/draft\n"
    "    date: 2018-02-01\n"
    "    reason: Published by mistake; see [[meeting:plenary-1]].\n"
    "  - address: logo.png\n";

TEST_CASE("RenderSite leaves a redirect at a moved address and a notice at a withdrawn one") {
  Files files = Render(kAddressChanges);
  const std::string& moved = FileAt(files, "meetings/plenary-3/index.html");
  CHECK(Count(moved, "url=../../meetings/new-id/index.html\">") == 1);
  CHECK(moved.find("<p>The page once published here as “meetings/plenary-3/” is now at "
                   "<a href=\"../../meetings/new-id/index.html\">Plenary #2</a>.</p>") !=
        std::string::npos);
  const std::string& gone = FileAt(files, "documents/draft/index.html");
  CHECK(gone.find("<meta name=\"robots\" content=\"noindex\">") != std::string::npos);
  CHECK(gone.find("<title>Withdrawn: documents/draft/ · Test Archive</title>") !=
        std::string::npos);
  CHECK(gone.find("<h1>This page was withdrawn</h1>") != std::string::npos);
  CHECK(gone.find("<p>The page once published at this address, <code>documents/draft/</code>, was "
                  "withdrawn on <time datetime=\"2018-02-01\">1 February 2018</time>.</p>") !=
        std::string::npos);
  CHECK(gone.find("<p>Published by mistake; see <a href=\"../../meetings/plenary-1/index.html\">"
                  "Plenary #1</a>.</p>") != std::string::npos);
  CHECK(files.count("logo.png") == 0);  // a withdrawn file leaves nothing behind
  const std::string& sitemap = FileAt(files, "sitemap.xml");
  CHECK(sitemap.find("plenary-3") == std::string::npos);
  CHECK(sitemap.find("draft") == std::string::npos);
}

TEST_CASE("PlanPages says where each page goes and with which template, as the page itself does") {
  MemoryFileSystem fs = SmallArchive(kAddressChanges);
  BuildResult result = Check(fs, "content");
  REQUIRE(result.ExitCode() == 0);
  std::vector<PagePlan> plans = PlanPages(result.archive);
  CHECK(plans.size() > 10);
  std::set<std::string> templates;
  for (const PagePlan& plan : plans) {
    Page page = plan.build();
    CHECK(page.path == plan.path);
    CHECK(page.template_name == plan.template_name);
    templates.insert(plan.template_name);
  }
  for (const char* name : {"home", "meeting", "meetings", "redirect", "withdrawn", "not_found"})
    CHECK(templates.count(name) == 1);
}

TEST_CASE("SitePaths names exactly the files RenderSite makes") {
  MemoryFileSystem fs = SmallArchive(kAddressChanges);
  TemplateSet templates;
  const BuildResult result = Checked(fs, &templates);
  std::set<std::string> rendered;
  for (const auto& [path, bytes] : RenderSite(result.archive, templates)) rendered.insert(path);
  CHECK(SitePaths(result.archive, templates) == rendered);
}

TEST_CASE("CheckAddressChanges reports a moved or withdrawn address the archive still publishes") {
  MemoryFileSystem fs = SmallArchive(
      "moved:\n  - address: meetings/old-id/\n    to: meeting:plenary-1\n"
      "withdrawn:\n  - address: meetings/plenary-1/\n  - address: feed.xml\n");
  BuildResult result = Check(fs, "content");  // which runs CheckAddressChanges
  CHECK(result.ExitCode() == 1);
  CHECK(
      result.diagnostics.Format() ==
      "content/archive.yaml:9:14: error: 'meetings/old-id/' is listed as moved, but the archive "
      "still publishes it\n"
      "    9 |   - address: meetings/old-id/\n"
      "      |              ^~~~~~~~~~~~~~~~\n"
      "      = hint: remove it from 'moved'\n"
      "content/archive.yaml:12:14: error: 'meetings/plenary-1/' is listed as withdrawn, but the "
      "archive still publishes it\n"
      "   12 |   - address: meetings/plenary-1/\n"
      "      |              ^~~~~~~~~~~~~~~~~~~\n"
      "      = hint: remove it from 'withdrawn'\n"
      "content/archive.yaml:13:14: error: 'feed.xml' is listed as withdrawn, but the archive still "
      "publishes it\n"
      "   13 |   - address: feed.xml\n"
      "      |              ^~~~~~~~\n"
      "      = hint: remove it from 'withdrawn'\n");
}

const Strings kSitemapPaths = {
    "",
    "actions/",
    "actions/send-answers/",
    "briefings/",
    "briefings/b1/",
    "documents/",
    "documents/answers/",
    "meetings/",
    "meetings/new-id/",
    "meetings/plenary-1/",
    "people/",
    "people/ann/",
    "questions/",
    "questions/b1-1/",
    "questions/b1-2/",
    "recommendations/",
};

// The small archive with a second briefing of three open questions, whose long indexes
// are cut into pages of `per_page` rows.
MemoryFileSystem PagedArchive(int per_page) {
  MemoryFileSystem fs = SmallArchive("per_page: " + std::to_string(per_page) + "\n");
  fs.Add("content/briefings/b2.yaml",
         "id: b2\ntitle: Another briefing\narea: Security\nto: [ann]\nmeeting: plenary-1\n"
         "questions:\n"
         "  - number: \"1\"\n    asker: ann\n    text: First?\n"
         "  - number: \"2\"\n    asker: ann\n    text: Second?\n"
         "  - number: \"3\"\n    asker: ann\n    text: Third?\n");
  return fs;
}

// The text of `page` from its <h1> to the end of its <main>.
std::string MainOf(const std::string& page) {
  size_t begin = page.find("<h1");
  size_t end = page.find("</main>");
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  return page.substr(begin, end - begin);
}

TEST_CASE("RenderSite cuts a long index into pages of per_page rows") {
  // Questions by status: open b1-2, b2-1, b2-2, b2-3; answered b1-1. Two a page.
  Files files = Render(PagedArchive(2));
  Strings paths;
  for (const auto& [path, bytes] : files)
    if (path.find("/page/") != std::string::npos) paths.push_back(path);
  // Briefings: b1 (three rows) and b2 (four rows), a page each; actions: send-answers
  // overdue, and again under its owner, two rows on one page. Ann's page lists eleven
  // records.
  CHECK(Lines(paths) == Lines({"briefings/page/2/index.html", "people/ann/page/2/index.html",
                               "people/ann/page/3/index.html", "people/ann/page/4/index.html",
                               "people/ann/page/5/index.html", "people/ann/page/6/index.html",
                               "questions/page/2/index.html", "questions/page/3/index.html"}));

  const std::string first = MainOf(FileAt(files, "questions/index.html"));
  CHECK(first.starts_with("<h1>Questions</h1>\n"));
  CHECK(first.find("<nav aria-label=\"Statuses\"><ul class=\"inline\">"
                   "<li><a href=\"#open\">Open (4)</a></li>"
                   "<li><a href=\"../questions/page/3/index.html#answered\">Answered (1)</a></li>"
                   "<li><a href=\"../questions/page/3/index.html#reframed\">Reframed (0)</a></li>"
                   "<li><a href=\"../questions/page/3/index.html#withdrawn\">Withdrawn (0)</a>"
                   "</li></ul></nav>\n"
                   "<nav class=\"page-numbers\" aria-label=\"Pages\"><p>Page 1 of 3</p>\n"
                   "<ul><li><a href=\"../questions/index.html\" aria-current=\"page\">1</a></li>"
                   "<li><a href=\"../questions/page/2/index.html\">2</a></li>"
                   "<li><a href=\"../questions/page/3/index.html\">3</a></li>"
                   "<li><a href=\"../questions/page/2/index.html\" rel=\"next\">Next</a></li>"
                   "</ul></nav>\n"
                   "<section aria-labelledby=\"open\">\n<h2 id=\"open\">Open (4)</h2>\n") !=
        std::string::npos);
  CHECK(Captures(first, "<li><a href=\"[^\"]*questions/([^/]*)/index.html\">[^<]*</a> <span") ==
        Strings{"b1-2", "b2-1"});
  CHECK(Count(first, "aria-label=\"More pages\"") == 1);

  // The open questions carry on, marked so, under a heading of another id.
  const std::string second = MainOf(FileAt(files, "questions/page/2/index.html"));
  CHECK(second.starts_with("<h1>Questions, page 2 of 3</h1>\n"));
  CHECK(second.find("<section aria-labelledby=\"continued-open\">\n"
                    "<h2 id=\"continued-open\">Open (4), continued</h2>\n") != std::string::npos);
  CHECK(Captures(second, "<li><a href=\"[^\"]*questions/([^/]*)/index.html\">[^<]*</a> <span") ==
        Strings{"b2-2", "b2-3"});
  CHECK(second.find("<a href=\"../../../questions/index.html#open\">Open (4)</a>") !=
        std::string::npos);
  CHECK(second.find("<li><a href=\"../../../questions/index.html\" rel=\"prev\">Previous</a>") !=
        std::string::npos);

  // The last page: the answered question, and the empty statuses where they fall.
  const std::string third = MainOf(FileAt(files, "questions/page/3/index.html"));
  CHECK(Captures(third, "<h2 id=\"([^\"]*)\"") == Strings{"answered", "reframed", "withdrawn"});
  CHECK(third.find("<h2 id=\"reframed\">Reframed (0)</h2>\n\n<p>None.</p>") != std::string::npos);
  CHECK(third.find("rel=\"next\"") == std::string::npos);
  // A page's breadcrumbs lead back to the index's first page.
  CHECK(FileAt(files, "questions/page/3/index.html")
            .find("<li><a href=\"../../../questions/index.html\">Questions</a></li>") !=
        std::string::npos);

  // Briefings: each on its own page, never cut. The areas are listed on the first page
  // only, however many pages there are.
  const std::string briefings = MainOf(FileAt(files, "briefings/page/2/index.html"));
  CHECK(Captures(briefings, "<h3><a href=\"[^\"]*briefings/([^/]*)/index.html\">") ==
        Strings{"b2"});
  CHECK(briefings.find("aria-label=\"Areas\"") == std::string::npos);
  CHECK(briefings.find("<p>Every area is listed on the <a href=\"../../../briefings/index.html\">"
                       "first page</a>.</p>") != std::string::npos);
  CHECK(FileAt(files, "briefings/index.html")
            .find("<nav aria-label=\"Areas\"><ul class=\"inline\">"
                  "<li><a href=\"#area-1\">Operations</a></li>"
                  "<li><a href=\"../briefings/page/2/index.html#area-2\">Security</a></li>"
                  "</ul></nav>") != std::string::npos);

  // Every page is in the sitemap.
  const Strings sitemap = Captures(FileAt(files, "sitemap.xml"), "<loc>([^<]*)</loc>");
  for (const std::string& path : paths) {
    std::string folder = path.substr(0, path.size() - std::string("index.html").size());
    CHECK_MESSAGE(std::find(sitemap.begin(), sitemap.end(), folder) != sitemap.end(), folder);
  }
}

TEST_CASE("RenderSite cuts the meetings index into pages by year, and every year link lands") {
  // Newest first, two a page: plenary-3 (2018) and new-id (2017-07), then plenary-1
  // (2017-06) and plenary-0 (2016).
  MemoryFileSystem fs = SmallArchive("per_page: 2\n");
  auto add_meeting = [&](const std::string& id, int number, const std::string& date) {
    fs.Add("content/meetings/" + id + ".yaml",
           "id: " + id + "\nkind: plenary\nnumber: " + std::to_string(number) +
               "\ntitle: Plenary " + std::to_string(number) + "\ndate: " + date +
               "\ntime: not recorded\nattendance:\n  members: [ann]\n  observers: []\n"
               "  staff: []\n  guests: []\n  apologies: []\nagenda: []\n");
  };
  add_meeting("plenary-0", 0, "2016-05-01");
  add_meeting("plenary-3", 3, "2018-02-01");
  Files files = Render(fs);
  const std::string row = "<li><a href=\"[^\"]*meetings/([^/]*)/index.html\">";

  // Every page lists every year; on the first, a year whose heading is on a later page
  // takes the year's id itself, so that "meetings/#y2016" lands on the way to it.
  const std::string first = MainOf(FileAt(files, "meetings/index.html"));
  CHECK(first.starts_with(
      "<h1>Meetings</h1>\n<p>4 meetings, newest first.</p>\n"
      "<nav aria-label=\"Years\"><ul class=\"inline\">"
      "<li><a href=\"#y2018\">2018 (1)</a></li>"
      "<li><a href=\"#y2017\">2017 (2)</a></li>"
      "<li id=\"y2016\"><a href=\"../meetings/page/2/index.html#y2016\">2016 (1)</a></li>"
      "</ul></nav>\n"
      "<nav class=\"page-numbers\" aria-label=\"Pages\"><p>Page 1 of 2</p>\n"));
  CHECK(Captures(first, "<h2 id=\"([^\"]*)\"") == Strings{"y2018", "y2017"});
  CHECK(Captures(first, row) == Strings{"plenary-3", "new-id"});

  const std::string second = MainOf(FileAt(files, "meetings/page/2/index.html"));
  CHECK(second.starts_with("<h1>Meetings, page 2 of 2</h1>\n"));
  CHECK(second.find("<nav aria-label=\"Years\"><ul class=\"inline\">"
                    "<li><a href=\"../../../meetings/index.html#y2018\">2018 (1)</a></li>"
                    "<li><a href=\"../../../meetings/index.html#y2017\">2017 (2)</a></li>"
                    "<li><a href=\"#y2016\">2016 (1)</a></li></ul></nav>\n") != std::string::npos);
  CHECK(Captures(second, "<h2 id=\"([^\"]*)\"") == Strings{"continued-y2017", "y2016"});
  CHECK(second.find("<h2 id=\"continued-y2017\">2017, continued</h2>") != std::string::npos);
  CHECK(Captures(second, row) == Strings{"plenary-1", "plenary-0"});

  // Each meeting's year in its breadcrumbs names an id on the index's first page, which
  // lists the year or its heading.
  const std::string crumb = "<li><a href=\"../../meetings/index.html#([^\"]*)\">([^<]*)</a></li>";
  const Strings first_ids = Captures(FileAt(files, "meetings/index.html"), " id=\"([^\"]*)\"");
  for (const char* id : {"plenary-0", "plenary-1", "new-id", "plenary-3"}) {
    const Strings years =
        Captures(FileAt(files, "meetings/" + std::string(id) + "/index.html"), crumb);
    REQUIRE_MESSAGE(years.size() == 1, id);
    CHECK_MESSAGE(std::count(first_ids.begin(), first_ids.end(), years[0]) == 1, id);
  }
  CHECK(Captures(FileAt(files, "meetings/plenary-0/index.html"), crumb) == Strings{"y2016"});
}

TEST_CASE("RenderSite cuts a long person's page into pages of per_page rows") {
  // Ann: an action item owned, four questions asked and one answered, two briefings put
  // to her, two meetings attended and a document: eleven rows, three a page. She was
  // once published as ann-lee.
  MemoryFileSystem fs = PagedArchive(3);
  fs.Add("content/people/people.yaml",
         "- id: ann\n  aliases: [ann-lee]\n  name: Ann Lee\n  kind: person\n  role: member\n");
  Files files = Render(fs);
  const std::string row =
      "<a href=\"[^\"]*((?:actions|questions|briefings|meetings|documents)/[^/]*)/index.html\">";
  Strings shown;
  std::vector<Strings> headings;
  for (int n = 1; n <= 5; ++n) {
    const std::string path =
        n == 1 ? "people/ann/index.html" : "people/ann/page/" + std::to_string(n) + "/index.html";
    if (!files.count(path)) break;
    const std::string main = MainOf(FileAt(files, path));
    headings.push_back(Captures(main, "<h2 id=\"([^\"]*)\""));
    const Strings rows = Captures(main, row);
    shown.insert(shown.end(), rows.begin(), rows.end());
  }
  // Each list where it begins, under its own id, and carried on under another.
  CHECK(headings == std::vector<Strings>{{"owns", "asked"},
                                         {"continued-asked", "answered"},
                                         {"briefed", "attended"},
                                         {"continued-attended", "authored"}});
  // Every row once, in the order of the page of one page.
  Files whole = Render(PagedArchive(100));
  CHECK(Lines(shown) == Lines(Captures(MainOf(FileAt(whole, "people/ann/index.html")), row)));
  CHECK(whole.count("people/ann/page/2/index.html") == 0);
  CHECK(MainOf(FileAt(whole, "people/ann/index.html")).find("page-numbers") == std::string::npos);

  // The first page has her facts; the others say which page they are, and lead back.
  const std::string first = FileAt(files, "people/ann/index.html");
  CHECK(Count(first, "<dl class=\"facts\">") == 1);
  CHECK(first.find("<nav class=\"page-numbers\" aria-label=\"Pages\"><p>Page 1 of 4</p>") !=
        std::string::npos);
  const std::string second = FileAt(files, "people/ann/page/2/index.html");
  CHECK(second.find("<title>Ann Lee, page 2 of 4") != std::string::npos);
  CHECK(Count(second, "<dl class=\"facts\">") == 0);
  CHECK(MainOf(second).starts_with("<h1>Ann Lee</h1>"));
  CHECK(second.find("<li><a href=\"../../../../people/ann/index.html\">Ann Lee</a></li>") !=
        std::string::npos);
  CHECK(second.find("<h2 id=\"continued-asked\">Questions asked, continued</h2>") !=
        std::string::npos);

  // Her old address leads to each page at its new one.
  CHECK(FileAt(files, "people/ann-lee/index.html")
            .find("<a href=\"../../people/ann/index.html\">Ann Lee</a>") != std::string::npos);
  CHECK(FileAt(files, "people/ann-lee/page/3/index.html")
            .find("<a href=\"../../../../people/ann/page/3/index.html\">Ann Lee, page 3</a>") !=
        std::string::npos);
}

TEST_CASE("RenderSite cuts a long recommendation's page into pages of per_page rows") {
  // The sample's SSR1 Recommendation 11: sixteen questions, then its meetings and action
  // items, five rows a page.
  auto render = [](int per_page) {
    MemoryFileSystem fs;
    testing::AddTree(fs, testing::SourcePath("content"), "content");
    std::string settings;
    REQUIRE(fs.ReadFile("content/archive.yaml", &settings).ok());
    fs.Add("content/archive.yaml", settings + "per_page: " + std::to_string(per_page) + "\n");
    return Render(fs);
  };
  const std::string base = "recommendations/ssr1/11/";
  const std::string question = "<article class=\"question\" id=\"q-([^\"]*)\">";
  Files files = render(5);
  Strings shown, headings;
  int pages = 0;
  for (int n = 1; files.count(n == 1 ? base + "index.html"
                                     : base + "page/" + std::to_string(n) + "/index.html");
       ++n) {
    const std::string page = FileAt(
        files, n == 1 ? base + "index.html" : base + "page/" + std::to_string(n) + "/index.html");
    const Strings on_page = Captures(MainOf(page), question);
    CHECK(static_cast<int>(on_page.size()) <= 5);
    shown.insert(shown.end(), on_page.begin(), on_page.end());
    for (const std::string& heading : Captures(MainOf(page), "<h2 id=\"([^\"]*)\""))
      headings.push_back(heading);
    // Its text on the first page only; the mentions, if any, on the last only.
    CHECK(Count(page, "recommendation-text") == (n == 1 ? 1 : 0));
    if (n > 1)
      CHECK(page.find("<title>SSR1 Recommendation 11, page " + std::to_string(n)) !=
            std::string::npos);
    pages = n;
  }
  CHECK(pages >= 4);
  const Strings all = Captures(MainOf(FileAt(render(100), base + "index.html")), question);
  REQUIRE(all.size() == 16);
  CHECK(Lines(shown) == Lines(all));
  // Each list begins once under its own id; the questions carry on under another.
  Strings begun;
  for (const std::string& heading : headings)
    if (!heading.starts_with("continued-")) begun.push_back(heading);
  CHECK(begun == Strings{"questions", "meetings", "actions"});
  CHECK(std::find(headings.begin(), headings.end(), "continued-questions") != headings.end());
}

TEST_CASE("RenderSite's pages of the action tracker, and the home page's links into pages") {
  Files files = Render(PagedArchive(1));
  // The tracker: send-answers overdue, then under its owner, on the second page, where
  // "By owner" and the empty statuses after "Overdue" lead.
  const std::string actions = MainOf(FileAt(files, "actions/index.html"));
  CHECK(actions.find("<li><a href=\"../actions/page/2/index.html#by-owner\">By owner</a></li>") !=
        std::string::npos);
  CHECK(Captures(actions, "<h2 id=\"([^\"]*)\"") == Strings{"overdue"});
  CHECK(Captures(MainOf(FileAt(files, "actions/page/2/index.html")), "<h[23] id=\"([^\"]*)\"") ==
        Strings{"open", "done", "dropped", "by-owner", "owner-ann"});

  // The home page's counts lead to the page each list begins on.
  const std::string& home = FileAt(files, "index.html");
  CHECK(home.find("<a href=\"questions/page/5/index.html#answered\">") != std::string::npos);
  CHECK(home.find("<a href=\"actions/index.html#overdue\">") != std::string::npos);
  CHECK(home.find("<a href=\"actions/page/2/index.html#open\">") != std::string::npos);
}

TEST_CASE("RenderSite's pages of an index show every row once, in order") {
  const std::string question_link =
      "<li><a href=\"[^\"]*questions/([^/]*)/index.html\">[^<]*</a> <span";
  Strings all;
  for (const auto& [path, page] : Render(PagedArchive(100)))
    if (path == "questions/index.html") all = Captures(page, question_link);
  REQUIRE(all.size() == 5);
  for (int per_page : {1, 2, 3, 4, 5}) {
    CAPTURE(per_page);
    Files files = Render(PagedArchive(per_page));
    Strings shown;
    for (int n = 1;; ++n) {
      std::string path =
          n == 1 ? "questions/index.html" : "questions/page/" + std::to_string(n) + "/index.html";
      auto it = files.find(path);
      if (it == files.end()) break;
      Strings rows = Captures(it->second, question_link);
      CHECK(static_cast<int>(rows.size()) <= per_page);
      shown.insert(shown.end(), rows.begin(), rows.end());
    }
    CHECK(Lines(shown) == Lines(all));
  }
}

TEST_CASE("RenderSite's home page lists at most per_page open items and links to the rest") {
  Files files = Render(PagedArchive(1));
  const std::string& home = FileAt(files, "index.html");
  CHECK(home.find("<h2 id=\"unanswered\">Unanswered questions (4)</h2>") != std::string::npos);
  CHECK(Count(home, "open</span></li>") == 1);
  CHECK(home.find("<p><a href=\"questions/index.html#open\">All 4 unanswered questions</a></p>") !=
        std::string::npos);

  // Two open action items, one a page: the overdue one is shown.
  MemoryFileSystem fs = PagedArchive(1);
  fs.Add("content/actions/more.yaml",
         "- id: write-notes\n  text: Write the notes.\n  owners: [ann]\n  due: 2019-06-30\n"
         "  origin: plenary-1\n");
  const Files with_more = Render(fs);
  const std::string& more = FileAt(with_more, "index.html");
  CHECK(Captures(more, "<th scope=\"row\"><a href=\"actions/([^/]*)/index.html\">") ==
        Strings{"send-answers"});
  CHECK(more.find("<p><a href=\"actions/index.html#overdue\">All 2 open action items in the "
                  "tracker</a></p>") != std::string::npos);
}

TEST_CASE("RenderSite's sitemap has relative locations without a base URL") {
  Files files = Render();
  const std::string& sitemap = FileAt(files, "sitemap.xml");
  CHECK(
      sitemap.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                          "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"));
  Strings expected;
  for (const std::string& path : kSitemapPaths) expected.push_back(path.empty() ? "./" : path);
  // No 404 page, no redirect.
  CHECK(Lines(Sorted(Captures(sitemap, "<loc>([^<]*)</loc>"))) == Lines(Sorted(expected)));
}

TEST_CASE("RenderSite's sitemap has absolute locations under the base URL") {
  Files files = Render("base_url: https://example.org/archive/\n");
  Strings expected;
  for (const std::string& path : kSitemapPaths)
    expected.push_back("https://example.org/archive/" + path);
  CHECK(Lines(Sorted(Captures(FileAt(files, "sitemap.xml"), "<loc>([^<]*)</loc>"))) ==
        Lines(Sorted(expected)));
}

TEST_CASE("RenderSite puts the sitemap's and feed's entries where their frames place them") {
  // A frame may place its entries twice, or not at all.
  MemoryFileSystem fs = SmallArchive();
  fs.Add("templates/sitemap.xml.mustache", "<a>{{{urls}}}</a><b>{{{urls}}}</b>\n");
  fs.Add("templates/_sitemap_url.mustache", "{{loc}};");
  fs.Add("templates/feed.xml.mustache", "<feed>{{title}}</feed>\n");
  TemplateSet templates;
  const BuildResult result = Checked(fs, &templates, "templates");
  Files files = RenderSite(result.archive, templates);
  std::string urls;
  for (const std::string& path : kSitemapPaths) urls += (path.empty() ? "./" : path) + ";";
  const std::string& sitemap = FileAt(files, "sitemap.xml");
  const std::string each = sitemap.substr(3, sitemap.find("</a>") - 3);
  CHECK(Lines(Sorted(Captures(each, "([^;]+);"))) == Lines(Sorted(Captures(urls, "([^;]+);"))));
  CHECK(sitemap == "<a>" + each + "</a><b>" + each + "</b>\n");
  CHECK(FileAt(files, "feed.xml") == "<feed>Test Archive</feed>\n");
}

TEST_CASE("RenderSite splits a sitemap of more than 50,000 pages, as the protocol asks") {
  MemoryFileSystem fs = SmallArchive("base_url: https://example.org/archive/\n");
  TemplateSet templates;
  const BuildResult result = Checked(fs, &templates);
  const std::vector<PagePlan> planned = PlanPages(result.archive);
  const std::string loc = "<loc>https://example.org/archive/([^<]*)</loc>";
  // The archive's pages, then made-up ones up to `pages` listed pages in all.
  auto plans_of = [&](size_t pages) {
    std::vector<PagePlan> plans = planned;
    for (size_t n = kSitemapPaths.size(); n < pages; ++n)
      plans.push_back({"extra/" + std::to_string(n) + "/", "meeting", nullptr, true, {}});
    return plans;
  };
  auto listed = [&](const std::vector<PagePlan>& plans) {
    Strings paths;
    for (const PagePlan& plan : plans)
      if (plan.template_name != "redirect" && plan.template_name != "not_found")
        paths.push_back(plan.path);
    return paths;
  };

  // 50,000 fit in one file.
  std::map<std::string, std::string> one =
      RenderSitemap(result.archive, templates, plans_of(50000));
  REQUIRE(one.size() == 1);
  CHECK(Captures(one["sitemap.xml"], loc) == listed(plans_of(50000)));

  // 100,001 take three, each of at most 50,000, in the order of the pages; sitemap.xml
  // is their index.
  const std::vector<PagePlan> plans = plans_of(100001);
  std::map<std::string, std::string> split = RenderSitemap(result.archive, templates, plans);
  CHECK(split["sitemap.xml"] ==
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        "<sitemap><loc>https://example.org/archive/sitemap1.xml</loc></sitemap>\n"
        "<sitemap><loc>https://example.org/archive/sitemap2.xml</loc></sitemap>\n"
        "<sitemap><loc>https://example.org/archive/sitemap3.xml</loc></sitemap>\n"
        "</sitemapindex>\n");
  REQUIRE(split.size() == 4);
  Strings all;
  for (const char* part : {"sitemap1.xml", "sitemap2.xml", "sitemap3.xml"}) {
    CHECK(split[part].starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset "));
    const Strings locs = Captures(split[part], loc);
    CHECK(locs.size() == (std::string(part) == "sitemap3.xml" ? 1 : 50000));
    all.insert(all.end(), locs.begin(), locs.end());
  }
  CHECK(all == listed(plans));
}

TEST_CASE("CheckKeptAddresses lets a part of a split sitemap go, and no other file") {
  MemoryFileSystem fs = SmallArchive();
  TemplateSet templates;
  const BuildResult result = Checked(fs, &templates);
  std::vector<ManifestEntry> published;
  for (const char* path :
       {"sitemap.xml", "sitemap1.xml", "sitemap12.xml", "sitemap0.xml", "sitemapx.xml", "feed.xml"})
    published.push_back({path, std::string(64, '0'), SourceLocation::File(path)});
  DiagnosticSink sink;
  CheckKeptAddresses(result.archive, SitePaths(result.archive, templates), published, sink);
  Strings reported;
  for (const std::string& line : Captures(sink.Format(), "'([^']*)' would vanish"))
    reported.push_back(line);
  CHECK(reported == Strings{"sitemap0.xml", "sitemapx.xml"});
}

TEST_CASE("RenderSite's feed lists meetings and answers newest first") {
  Files files = Render();
  const std::string& feed = FileAt(files, "feed.xml");
  // The first <id> and <updated> are the feed's own.
  Strings ids = Captures(feed, "<entry>\\s*<title>[^<]*</title>\\s*<id>([^<]*)</id>");
  CHECK(Lines(ids) ==
        Lines({"urn:annals:meetings/new-id", "urn:annals:questions/b1-1:b1-1-answer-1",
               "urn:annals:meetings/plenary-1"}));
  Strings updated = Captures(feed, "<updated>([^<]*)</updated>");
  CHECK(Lines(updated) ==
        Lines({"2018-01-01T00:00:00Z",  // the feed's: the archive's as_of
               "2017-07-01T00:00:00Z", "2017-06-20T00:00:00Z", "2017-06-06T21:00:00Z"}));
}

TEST_CASE("RenderSite's feed links to absolute pages under the base URL") {
  Files files = Render("base_url: https://example.org/archive/\n");
  const std::string& feed = FileAt(files, "feed.xml");
  CHECK(Lines(Captures(feed, "<link rel=\"alternate\" type=\"text/html\" href=\"([^\"]*)\"/>")) ==
        Lines({"https://example.org/archive/", "https://example.org/archive/meetings/new-id/",
               "https://example.org/archive/questions/b1-1/#b1-1-answer-1",
               "https://example.org/archive/meetings/plenary-1/"}));
}

TEST_CASE("RenderSite's calendar has CRLF lines and one event per fully dated meeting") {
  Files files = Render();
  const std::string& ics = FileAt(files, "meetings.ics");
  CHECK(ics.starts_with("BEGIN:VCALENDAR\r\n"));
  CHECK(ics.ends_with("END:VCALENDAR\r\n"));
  size_t bare_line_feeds = 0;
  for (size_t i = 0; i < ics.size(); ++i)
    if (ics[i] == '\n' && (i == 0 || ics[i - 1] != '\r')) ++bare_line_feeds;
  CHECK(bare_line_feeds == 0);
  CHECK(Count(ics, "BEGIN:VEVENT\r\n") == 1);  // new-id has no day
  CHECK(Count(ics, "END:VEVENT\r\n") == 1);
  CHECK(Count(ics, "\r\nUID:plenary-1@annals.invalid\r\n") == 1);
  CHECK(Count(ics, "\r\nDTSTART:20170606T210000Z\r\n") == 1);
  CHECK(Count(ics, "\r\nSUMMARY:Plenary 1\r\n") == 1);
}

TEST_CASE("RenderSite's actions.csv starts with its header line") {
  Files files = Render();
  const std::string& csv = FileAt(files, "actions.csv");
  CHECK(csv.substr(0, csv.find("\r\n") + 2) ==
        "id,category,origin meeting,origin date,request,owners,due date,status,overdue,"
        "progress notes,completed response,completion date,page\r\n");
  CHECK(csv.substr(csv.find("\r\n") + 2) ==
        "send-answers,,plenary-1,2017-06-06,Send written answers.,ann,2017-06-30,in-progress,"
        "yes,2017-07 (new-id): in-progress. Drafting.,,,actions/send-answers/\r\n");
}

TEST_CASE("RenderSite's manifest lists every other file") {
  Files files = Render();
  Files others = files;
  REQUIRE(others.erase(kManifestName) == 1);
  CHECK(FileAt(files, kManifestName) == Manifest(others));
  CHECK(Count(FileAt(files, kManifestName), "\n") == static_cast<int>(others.size()));
}

TEST_CASE("RenderSite gives the same bytes every time") {
  Files first = Render();
  Files second = Render();
  CHECK(first.size() == second.size());
  for (const auto& file : first) {
    INFO(file.first);
    auto it = second.find(file.first);
    REQUIRE(it != second.end());
    CHECK(it->second == file.second);
  }
}

TEST_CASE("RenderSite gives the same bytes from one archive rendered twice") {
  MemoryFileSystem fs = SmallArchive();
  TemplateSet templates;
  const BuildResult result = Checked(fs, &templates);
  CHECK(RenderSite(result.archive, templates) == RenderSite(result.archive, templates));
}

}  // namespace
}  // namespace annals
