#include "render/urls.h"

#include <doctest/doctest.h>

#include <string>

#include "build.h"
#include "util/file_system.h"

namespace annals {
namespace {

TEST_CASE("RecordPathFor gives each kind's folder with a trailing slash") {
  CHECK(RecordPathFor(Kind::kPerson, "denise-michel") == "people/denise-michel/");
  CHECK(RecordPathFor(Kind::kSet, "ssr1") == "recommendations/ssr1/");
  CHECK(RecordPathFor(Kind::kMeeting, "plenary-14") == "meetings/plenary-14/");
  CHECK(RecordPathFor(Kind::kAction, "p14-observer-inputs") == "actions/p14-observer-inputs/");
  CHECK(RecordPathFor(Kind::kBriefing, "gse-outreach") == "briefings/gse-outreach/");
  CHECK(RecordPathFor(Kind::kQuestion, "gse-3") == "questions/gse-3/");
  CHECK(RecordPathFor(Kind::kDoc, "jones-statement") == "documents/jones-statement/");
}

TEST_CASE("RecordPathFor puts a recommendation below its set, named by its number") {
  CHECK(RecordPathFor(Kind::kRec, "ssr1-11", "ssr1") == "recommendations/ssr1/11/");
  CHECK(RecordPathFor(Kind::kRec, "ssr1-11.3", "ssr1") == "recommendations/ssr1/11.3/");
  // A set id with a '-' of its own: only the set's prefix is removed.
  CHECK(RecordPathFor(Kind::kRec, "ssr-2-4", "ssr-2") == "recommendations/ssr-2/4/");
}

TEST_CASE("DescribeAddress names the page of a long index an address is") {
  CHECK(DescribeAddress("questions/page/3/index.html").what == "page 3 of the questions index");
  CHECK(DescribeAddress("actions/page/12/index.html").what == "page 12 of the actions index");
  CHECK(DescribeAddress("briefings/page/2/index.html").id == "");
  CHECK(DescribeAddress("briefings/page/2/index.html").pages_of == "the index");
  CHECK(DescribeAddress("questions/page/index.html").pages_of.empty());
  // A question whose id is "page" is a question; a page that is not a number is no page.
  CHECK(DescribeAddress("questions/page/index.html").what == "question 'page'");
  CHECK(DescribeAddress("questions/page/x/index.html").what == "the page questions/page/x/");
  CHECK(DescribeAddress("meetings/page/2/index.html").what == "page 2 of the meetings index");
  CHECK(DescribeAddress("documents/page/2/index.html").what == "the page documents/page/2/");
  // A person's page goes on over pages of its own.
  CHECK(DescribeAddress("people/ann/page/2/index.html").what == "page 2 of person 'ann'");
  CHECK(DescribeAddress("people/ann/page/2/index.html").pages_of == "person 'ann'");
  CHECK(DescribeAddress("questions/page/2/index.html").pages_of == "the index");
  CHECK(DescribeAddress("people/ann/page/x/index.html").what == "the page people/ann/page/x/");
  // So does a recommendation's.
  CHECK(DescribeAddress("recommendations/ssr1/11/page/3/index.html").what ==
        "page 3 of recommendation 'ssr1-11'");
  CHECK(DescribeAddress("recommendations/ssr1/11/page/3/index.html").pages_of ==
        "recommendation 'ssr1-11'");
}

TEST_CASE("RelativeHref from the root") {
  CHECK(RelativeHref("", "") == "index.html");
  CHECK(RelativeHref("", "meetings/") == "meetings/index.html");
  CHECK(RelativeHref("", "meetings/plenary-14/") == "meetings/plenary-14/index.html");
  CHECK(RelativeHref("", "feed.xml") == "feed.xml");
  CHECK(RelativeHref("", "questions/#answered") == "questions/index.html#answered");
  CHECK(RelativeHref("", "#main") == "index.html#main");
}

TEST_CASE("RelativeHref from a record page two folders deep") {
  const std::string from = "meetings/plenary-14/";
  CHECK(RelativeHref(from, "") == "../../index.html");
  CHECK(RelativeHref(from, "meetings/") == "../../meetings/index.html");
  CHECK(RelativeHref(from, "meetings/plenary-13/") == "../../meetings/plenary-13/index.html");
  CHECK(RelativeHref(from, "meetings/plenary-14/") == "../../meetings/plenary-14/index.html");
  CHECK(RelativeHref(from, "style.css") == "../../style.css");
  CHECK(RelativeHref(from, "actions/#overdue") == "../../actions/index.html#overdue");
  CHECK(RelativeHref(from, "meetings/plenary-14/#agenda") ==
        "../../meetings/plenary-14/index.html#agenda");
  CHECK(RelativeHref(from, "#agenda") == "../../index.html#agenda");
}

TEST_CASE("RelativeHref from a recommendation page three folders deep") {
  const std::string from = "recommendations/ssr1/11/";
  CHECK(RelativeHref(from, "") == "../../../index.html");
  CHECK(RelativeHref(from, "recommendations/ssr1/") == "../../../recommendations/ssr1/index.html");
  CHECK(RelativeHref(from, "recommendations/ssr1/12/") ==
        "../../../recommendations/ssr1/12/index.html");
  CHECK(RelativeHref(from, "feed.xml") == "../../../feed.xml");
  CHECK(RelativeHref(from, "questions/gse-3/#gse-3-answer-1") ==
        "../../../questions/gse-3/index.html#gse-3-answer-1");
}

TEST_CASE("RootPrefix climbs one folder per slash") {
  CHECK(RootPrefix("") == "");
  CHECK(RootPrefix("meetings/") == "../");
  CHECK(RootPrefix("meetings/plenary-14/") == "../../");
  CHECK(RootPrefix("recommendations/ssr1/11/") == "../../../");
}

// An archive with one record of every kind, loaded and resolved.
BuildResult OneOfEach() {
  MemoryFileSystem fs;
  fs.Add("content/archive.yaml",
         "title: T\nreview: R\ndescription: D.\npublisher: not recorded\nlanguage: en\n"
         "time_zone: UTC\nas_of: 2018-01-01\n");
  fs.Add("content/people/people.yaml",
         "- id: denise-michel\n  name: Denise Michel\n  kind: person\n"
         "- id: gse\n  name: GSE team\n  kind: group\n");
  fs.Add("content/recommendations/ssr1.yaml",
         "id: ssr1\ntitle: SSR1 Recommendations\nshort: SSR1\nrecommendations:\n"
         "  - {number: 11, text: Eleven.}\n");
  fs.Add("content/recommendations/long.yaml",
         "id: long\ntitle: Long Title Only\nshort: ''\nrecommendations:\n"
         "  - {number: 2, text: Two.}\n");
  std::string attendance =
      "attendance:\n  members: not recorded\n  observers: not recorded\n  staff: not recorded\n"
      "  guests: not recorded\n  apologies: not recorded\nagenda: []\n";
  fs.Add("content/meetings/plenary-14.yaml",
         "id: plenary-14\nkind: plenary\nnumber: 14\ntitle: SSR2 Plenary Meeting #14\n"
         "date: 2017-06-06\ntime: not recorded\n" +
             attendance);
  fs.Add("content/meetings/lead.yaml",
         "id: lead\nkind: leadership\nnumber: 2\ntitle: Leadership call\n"
         "date: 2017-06-07\ntime: not recorded\n" +
             attendance);
  fs.Add("content/meetings/f2f.yaml",
         "id: f2f\nkind: face-to-face\ntitle: Madrid face-to-face\n"
         "date: 2017-06-08\ntime: not recorded\n" +
             attendance);
  fs.Add("content/actions/plenary-14.yaml",
         "- id: p14-x\n  text: Do x.\n  owners: [gse]\n  due: TBD\n  origin: plenary-14\n");
  fs.Add("content/briefings/gse.yaml",
         "id: gse-outreach\ntitle: GSE outreach\narea: GSE\nto: [gse]\nmeeting: plenary-14\n"
         "prefix: gse\nquestions:\n  - {number: '3', asker: not recorded, text: 'Why?'}\n");
  fs.Add("content/documents/jones.md",
         "---\nid: jones-statement\ntitle: Overview of engagement\nkind: statement\n"
         "author: denise-michel\ndate: not recorded\n---\nBody.\n");
  return Check(fs, "content");
}

template <typename Records>
int IndexOf(const Records& records, const std::string& id) {
  for (size_t i = 0; i < records.size(); ++i)
    if (records[i].id == id) return static_cast<int>(i);
  FAIL("no record '", id, "'");
  return -1;
}

TEST_CASE("RecordPath and RecordLabel of loaded records") {
  BuildResult result = OneOfEach();
  REQUIRE(result.diagnostics.Format() == "");
  const Archive& a = result.archive;
  RecordId person{Kind::kPerson, IndexOf(a.people, "denise-michel")};
  RecordId group{Kind::kPerson, IndexOf(a.people, "gse")};
  RecordId set{Kind::kSet, IndexOf(a.sets, "ssr1")};
  RecordId rec{Kind::kRec, IndexOf(a.recommendations, "ssr1-11")};
  RecordId long_rec{Kind::kRec, IndexOf(a.recommendations, "long-2")};
  RecordId plenary{Kind::kMeeting, IndexOf(a.meetings, "plenary-14")};
  RecordId lead{Kind::kMeeting, IndexOf(a.meetings, "lead")};
  RecordId f2f{Kind::kMeeting, IndexOf(a.meetings, "f2f")};
  RecordId action{Kind::kAction, IndexOf(a.actions, "p14-x")};
  RecordId briefing{Kind::kBriefing, IndexOf(a.briefings, "gse-outreach")};
  RecordId question{Kind::kQuestion, IndexOf(a.questions, "gse-3")};
  RecordId doc{Kind::kDoc, IndexOf(a.documents, "jones-statement")};

  CHECK(RecordPath(a, person) == "people/denise-michel/");
  CHECK(RecordPath(a, set) == "recommendations/ssr1/");
  CHECK(RecordPath(a, rec) == "recommendations/ssr1/11/");
  CHECK(RecordPath(a, plenary) == "meetings/plenary-14/");
  CHECK(RecordPath(a, action) == "actions/p14-x/");
  CHECK(RecordPath(a, briefing) == "briefings/gse-outreach/");
  CHECK(RecordPath(a, question) == "questions/gse-3/");
  CHECK(RecordPath(a, doc) == "documents/jones-statement/");

  CHECK(RecordLabel(a, person) == "Denise Michel");
  CHECK(RecordLabel(a, group) == "GSE team");
  CHECK(RecordLabel(a, set) == "SSR1");
  CHECK(RecordLabel(a, rec) == "SSR1 Recommendation 11");
  CHECK(RecordLabel(a, long_rec) == "Long Title Only Recommendation 2");
  CHECK(RecordLabel(a, plenary) == "Plenary #14");
  CHECK(RecordLabel(a, lead) == "Leadership meeting #2");
  CHECK(RecordLabel(a, f2f) == "Madrid face-to-face");  // no number: the title
  CHECK(RecordLabel(a, action) == "Action item p14-x");
  CHECK(RecordLabel(a, briefing) == "GSE outreach");
  CHECK(RecordLabel(a, question) == "GSE question 3");
  CHECK(RecordLabel(a, doc) == "Overview of engagement");
}

TEST_CASE("DescribeAddress names what produced a published file from its address") {
  auto check = [](std::string_view path, const std::string& what, const std::string& id) {
    AddressOwner owner = DescribeAddress(path);
    CHECK(owner.what == what);
    CHECK(owner.id == id);
  };
  check("meetings/plenary-15/index.html", "meeting 'plenary-15'", "plenary-15");
  check("recommendations/ssr1/11/index.html", "recommendation 'ssr1-11'", "");
  check("recommendations/ssr1/index.html", "recommendation set 'ssr1'", "ssr1");
  check("people/ann/index.html", "person or group 'ann'", "ann");
  check("actions/index.html", "the actions index", "");
  check("index.html", "the home page", "");
  check("notes/old/index.html", "the page notes/old/", "");
  check("feed.xml", "", "");
  check("img/logo.png", "", "");
}

}  // namespace
}  // namespace annals
