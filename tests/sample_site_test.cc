// The site built from the SSR2 sample archive: golden pages (exact bytes, in
// tests/golden/), and the journeys a reader makes through it without a server or
// JavaScript, followed link by link through the rendered HTML.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "build.h"
#include "render/site.h"
#include "render/templates.h"
#include "test_support.h"

namespace annals {
namespace {

const std::map<std::string, std::string>& SampleSite() {
  static const auto* files = [] {
    MemoryFileSystem fs;
    testing::AddTree(fs, testing::SourcePath("content"), "content");
    BuildResult result = Check(fs, "content");
    REQUIRE(result.diagnostics.empty());
    TemplateSet templates;
    REQUIRE(TemplateSet::Load(fs, "", &templates, result.diagnostics).ok());
    REQUIRE(result.diagnostics.empty());
    return new std::map<std::string, std::string>(RenderSite(result.archive, templates));
  }();
  return *files;
}

const std::string& PageAt(const std::string& path) {
  const auto& files = SampleSite();
  auto it = files.find(path);
  REQUIRE_MESSAGE(it != files.end(), "the site has no " << path);
  return it->second;
}

// The first line where two texts differ, for a readable failure.
std::string FirstDifference(const std::string& want, const std::string& got) {
  std::istringstream a(want), b(got);
  std::string x, y;
  for (int line = 1;; ++line) {
    bool more_a = static_cast<bool>(std::getline(a, x)),
         more_b = static_cast<bool>(std::getline(b, y));
    if (!more_a && !more_b) return "identical";
    if (x != y || more_a != more_b)
      return "line " + std::to_string(line) + ":\n  golden: " + x + "\n  built:  " + y;
  }
}

TEST_CASE("sample site: every golden file matches the built file byte for byte") {
  namespace fs = std::filesystem;
  std::string golden_dir = testing::SourcePath("tests/golden");
  int compared = 0;
  for (const auto& entry : fs::recursive_directory_iterator(golden_dir)) {
    if (!entry.is_regular_file()) continue;
    std::string path = fs::relative(entry.path(), golden_dir).generic_string();
    std::string golden = testing::ReadRealFile(entry.path().string());
    const std::string& built = PageAt(path);
    CHECK_MESSAGE(golden == built, path << " differs from tests/golden/" << path << " at "
                                        << FirstDifference(golden, built)
                                        << "\n(after a deliberate change: "
                                           "tests/update_golden.sh build/annals)");
    ++compared;
  }
  CHECK(compared >= 8);
}

// The targets of the page's links, resolved to paths from the site root, in order.
std::vector<std::string> LinksOf(const std::string& page_path) {
  const std::string& html = PageAt(page_path);
  std::string folder = page_path.substr(0, page_path.rfind('/') + 1);
  std::vector<std::string> links;
  static const std::regex href("href=\"([^\"#]*)(#[^\"]*)?\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), href); it != std::sregex_iterator();
       ++it) {
    std::string target = (*it)[1];
    if (target.empty() || target.find(':') != std::string::npos) continue;
    links.push_back(std::filesystem::path(folder + target).lexically_normal().generic_string());
  }
  return links;
}

bool LinksTo(const std::string& page, const std::string& target) {
  std::vector<std::string> links = LinksOf(page);
  return std::find(links.begin(), links.end(), target) != links.end();
}

TEST_CASE("sample site: from Plenary #14 to its question 3, which was reframed") {
  REQUIRE(LinksTo("index.html", "meetings/index.html"));
  REQUIRE(LinksTo("meetings/index.html", "meetings/plenary-14/index.html"));
  REQUIRE(LinksTo("meetings/plenary-14/index.html", "questions/gse-3/index.html"));
  const std::string& question = PageAt("questions/gse-3/index.html");
  CHECK(question.find("<h1>GSE question 3</h1>") != std::string::npos);
  CHECK(question.find("<dt>Status</dt>\n<dd><span class=\"status status-reframed\">Reframed</span>"
                      "</dd>") != std::string::npos);
  CHECK(LinksTo("questions/gse-3/index.html", "meetings/plenary-14/index.html"));
}

TEST_CASE("sample site: SSR1 recommendation 11 reaches its sixteen questions and Plenary #41") {
  REQUIRE(LinksTo("recommendations/index.html", "recommendations/ssr1/11/index.html"));
  std::set<std::string> questions;
  for (const std::string& link : LinksOf("recommendations/ssr1/11/index.html"))
    if (link.rfind("questions/", 0) == 0 && link != "questions/index.html") questions.insert(link);
  CHECK(questions.size() == 16);
  for (const std::string& q : questions) CHECK(LinksTo(q, "recommendations/ssr1/11/index.html"));
  CHECK(LinksTo("recommendations/ssr1/11/index.html", "meetings/plenary-41/index.html"));
  CHECK(LinksTo("meetings/plenary-41/index.html", "recommendations/ssr1/11/index.html"));
}

TEST_CASE("sample site: from Denise Michel to what she owns, and back") {
  REQUIRE(LinksTo("people/index.html", "people/denise-michel/index.html"));
  std::set<std::string> owned;
  for (const std::string& link : LinksOf("people/denise-michel/index.html"))
    if (link.rfind("actions/", 0) == 0 && link != "actions/index.html") owned.insert(link);
  CHECK(!owned.empty());
  for (const std::string& action : owned) CHECK(LinksTo(action, "people/denise-michel/index.html"));
}

TEST_CASE("sample site: every link is relative and names a file that exists") {
  for (const auto& file : SampleSite()) {
    const std::string& path =
        file.first;  // not a structured binding: doctest's messages capture it
    const std::string& bytes = file.second;
    if (path.size() < 5 || path.substr(path.size() - 5) != ".html") continue;
    CHECK_MESSAGE(bytes.find("href=\"/") == std::string::npos, path << " has a root-relative link");
    CHECK_MESSAGE(bytes.find("src=\"") == std::string::npos, path << " loads something");
    for (const std::string& link : LinksOf(path))
      CHECK_MESSAGE(SampleSite().count(link) == 1, path << " links to missing " << link);
  }
}

}  // namespace
}  // namespace annals
