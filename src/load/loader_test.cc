#include "load/loader.h"

#include <doctest/doctest.h>

#include <string>

#include "build.h"
#include "util/file_system.h"

namespace annals {
namespace {

const char kSettings[] =
    "title: Test Archive\n"
    "review: Test Review\n"
    "description: An archive for tests.\n"
    "publisher: not recorded\n"
    "language: en\n"
    "time_zone: UTC\n"
    "as_of: 2018-01-01\n";

const char kPeople[] =
    "- id: ann\n"
    "  name: Ann\n"
    "  kind: person\n"
    "- id: bob\n"
    "  name: Bob\n"
    "  kind: person\n"
    "- id: org\n"
    "  name: The Org\n"
    "  kind: group\n";

// A valid archive: settings and three people.
MemoryFileSystem MinimalArchive() {
  MemoryFileSystem fs;
  fs.Add("content/archive.yaml", kSettings);
  fs.Add("content/people/people.yaml", kPeople);
  return fs;
}

// A recommendation set "r1" with recommendations r1-1 and r1-13.
const char kSet[] =
    "id: r1\n"
    "title: R1 Recommendations\n"
    "short: R1\n"
    "recommendations:\n"
    "  - number: 1\n"
    "    text: Do the first thing.\n"
    "  - number: 13\n"
    "    text: Do the thirteenth thing.\n";

// The fields of a meeting up to and including "agenda:", eleven lines.
std::string MeetingHead(const std::string& id, const std::string& date) {
  return "id: " + id + "\nkind: plenary\ntitle: " + id + "\ndate: " + date +
         "\ntime: not recorded\nattendance:\n  members: not recorded\n  observers: not recorded\n"
         "  staff: not recorded\n  guests: not recorded\n  apologies: not recorded\nagenda:";
}

// The text with every "\n" turned into "\r\n".
std::string Crlf(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

// The one diagnostic of a check that must report exactly one.
Diagnostic OnlyError(const BuildResult& result) {
  INFO(result.diagnostics.Format());
  REQUIRE(result.diagnostics.diagnostics().size() == 1);
  return result.diagnostics.diagnostics()[0];
}

void CheckValid(const BuildResult& result) {
  CHECK(result.diagnostics.Format() == "");
  CHECK(result.ExitCode() == 0);
}

TEST_CASE("a minimal archive loads") {
  MemoryFileSystem fs = MinimalArchive();
  Archive archive;
  DiagnosticSink sink;
  Status status = LoadArchive(fs, "content", &archive, sink);
  CHECK(status.ok());
  CHECK(sink.Format() == "");
  CHECK(archive.settings.title == "Test Archive");
  CHECK(archive.settings.review == "Test Review");
  CHECK(archive.settings.description.text == "An archive for tests.");
  CHECK(archive.settings.time_zone == "UTC");
  CHECK(archive.settings.as_of.ToString() == "2018-01-01");
  REQUIRE(archive.people.size() == 3);
  CHECK(archive.people[0].id == "ann");
  CHECK(archive.people[0].name == "Ann");
  CHECK_FALSE(archive.people[0].is_group);
  CHECK(archive.people[2].is_group);

  BuildResult result = Check(fs, "content");
  CheckValid(result);
}

TEST_CASE("a content folder given with a trailing slash loads the same") {
  MemoryFileSystem fs = MinimalArchive();
  BuildResult result = Check(fs, "content/");
  CheckValid(result);
  CHECK(result.archive.people.size() == 3);
}

TEST_CASE("a missing content folder is an I/O error, not a content error") {
  MemoryFileSystem fs;
  BuildResult result = Check(fs, "content");
  CHECK(result.outcome == BuildResult::Outcome::kIoError);
  CHECK(result.io_error == "cannot read the content folder: 'content' is not a folder");
  CHECK(result.ExitCode() == 2);
}

TEST_CASE("an archive without archive.yaml is reported once, for the whole file") {
  MemoryFileSystem fs;
  fs.Add("content/people/people.yaml", kPeople);
  BuildResult result = Check(fs, "content");
  CHECK(result.diagnostics.Format() ==
        "content/archive.yaml: error: the archive has no archive.yaml\n"
        "      = hint: create it with the archive's title and settings (see "
        "docs/content-format.md)\n");
  CHECK(result.ExitCode() == 1);
}

TEST_CASE("a byte-order mark and CRLF line endings are read like plain UTF-8") {
  MemoryFileSystem fs;
  fs.Add("content/archive.yaml",
         "\xEF\xBB\xBFtitle: Test Archive\r\nreview: Test Review\r\ndescription: |\r\n"
         "  First line.\r\n  Second line.\r\npublisher: not recorded\r\nlanguage: en\r\n"
         "time_zone: UTC\r\nas_of: 2018-01-01\r\n");
  fs.Add("content/people/people.yaml",
         "\xEF\xBB\xBF- id: ann\r\n  name: Ann\r\n  kind: person\r\n");
  BuildResult result = Check(fs, "content");
  CheckValid(result);
  CHECK(result.archive.settings.title == "Test Archive");
  CHECK(result.archive.settings.description.text == "First line.\nSecond line.\n");
  CHECK(result.archive.settings.as_of.ToString() == "2018-01-01");
  REQUIRE(result.archive.people.size() == 1);
  CHECK(result.archive.people[0].id == "ann");
  CHECK(result.archive.people[0].name == "Ann");
}

TEST_CASE("positions in a file with a byte-order mark and CRLF are exact") {
  MemoryFileSystem fs = MinimalArchive();
  fs.Add("content/people/people.yaml",
         "\xEF\xBB\xBFnick: x\r\n");  // not a list: an error at line 1, column 1
  fs.Add("content/meetings/p1.yaml",
         "\xEF\xBB\xBF" +
             Crlf(MeetingHead("p1", "2017-06-06") + " []\nnotes: |\n  See [[rec:r1-31]].\n"));
  fs.Add("content/recommendations/r1.yaml", kSet);
  BuildResult result = Check(fs, "content");
  CHECK(result.diagnostics.Format() ==
        "content/meetings/p1.yaml:14:7: error: unknown recommendation 'r1-31'\n"
        "   14 |   See [[rec:r1-31]].\n"
        "      |       ^~~~~~~~~~~~~\n"
        "      = hint: did you mean 'r1-13'?\n"
        "content/people/people.yaml:1:1: error: a file of people holds a list\n"
        "    1 | nick: x\n"
        "      | ^\n"
        "      = hint: start each record with '- id: …'\n");
}

TEST_CASE("a Markdown reference in a block scalar is located at its line and column") {
  MemoryFileSystem fs = MinimalArchive();
  fs.Add("content/recommendations/r1.yaml", kSet);
  fs.Add("content/meetings/p1.yaml", MeetingHead("p1", "2017-06-06") +
                                         "\n"
                                         "  - title: Welcome\n"
                                         "    notes: |\n"
                                         "      Opening \xE2\x80\x93 remarks.\n"
                                         "      \xC3\x9C"
                                         "ber \xE2\x80\x93 [[rec:r1-31]] and more.\n");
  BuildResult result = Check(fs, "content");
  Diagnostic d = OnlyError(result);
  CHECK(d.where.path == "content/meetings/p1.yaml");
  CHECK(d.where.line == 16);
  CHECK(d.where.column == 14);  // characters, not bytes: "Über – " is seven
  CHECK(d.where.length == 13);
  CHECK(d.line_text ==
        "      \xC3\x9C"
        "ber \xE2\x80\x93 [[rec:r1-31]] and more.");
  CHECK(d.message == "unknown recommendation 'r1-31'");
  CHECK(d.hint == "did you mean 'r1-13'?");
}

TEST_CASE("the same reference twice in one text is located twice") {
  MemoryFileSystem fs = MinimalArchive();
  fs.Add("content/meetings/p1.yaml", MeetingHead("p1", "2017-06-06") +
                                         " []\n"
                                         "notes: |\n"
                                         "  First [[doc:gone]].\n"
                                         "\n"
                                         "  Again [[doc:gone]].\n");
  BuildResult result = Check(fs, "content");
  CHECK(result.diagnostics.Format() ==
        "content/meetings/p1.yaml:14:9: error: unknown document 'gone'\n"
        "   14 |   First [[doc:gone]].\n"
        "      |         ^~~~~~~~~~~~\n"
        "content/meetings/p1.yaml:16:9: error: unknown document 'gone'\n"
        "   16 |   Again [[doc:gone]].\n"
        "      |         ^~~~~~~~~~~~\n");
}

// The copy inside the code span is not a reference; the diagnostic must point at the
// real one after it, not at the first copy of the same text in the file.
TEST_CASE("a reference after the same text in a code span is located at the reference") {
  MemoryFileSystem fs = MinimalArchive();
  fs.Add("content/meetings/p1.yaml", MeetingHead("p1", "2017-06-06") +
                                         " []\n"
                                         "notes: |\n"
                                         "  Write `[[doc:gone]]` for [[doc:gone]].\n");
  Diagnostic d = OnlyError(Check(fs, "content"));
  CHECK(d.message == "unknown document 'gone'");
  CHECK(d.where.line == 14);
  CHECK(d.where.column == 28);
}

TEST_CASE("a reference in a document body is located in the file") {
  MemoryFileSystem fs = MinimalArchive();
  fs.Add("content/documents/d.md",
         "---\n"
         "id: d\n"
         "title: A document\n"
         "kind: notes\n"
         "author: ann\n"
         "date: not recorded\n"
         "---\n"
         "Intro \xE2\x80\x93 line.\n"
         "\n"
         "See [[doc:nowhere|the other one]] here.\n");
  BuildResult result = Check(fs, "content");
  Diagnostic d = OnlyError(result);
  CHECK(d.where.path == "content/documents/d.md");
  CHECK(d.where.line == 10);
  CHECK(d.where.column == 5);
  CHECK(d.where.length == 29);
  CHECK(d.message == "unknown document 'nowhere'");
  CHECK(d.hint == "");
  REQUIRE(result.archive.documents.size() == 1);
  CHECK(result.archive.documents[0].body.text ==
        "Intro \xE2\x80\x93 line.\n\nSee [[doc:nowhere|the other one]] here.\n");
  CHECK(result.archive.documents[0].path == "content/documents/d.md");
}

TEST_CASE("a document with a byte-order mark and CRLF line endings is read") {
  MemoryFileSystem fs = MinimalArchive();
  fs.Add("content/documents/d.md",
         "\xEF\xBB\xBF---\r\nid: d\r\ntitle: A document\r\nkind: notes\r\nauthor: ann\r\n"
         "date: 2017-06\r\n---\r\nBody [[doc:nowhere]].\r\n");
  BuildResult result = Check(fs, "content");
  Diagnostic d = OnlyError(result);
  CHECK(d.message == "unknown document 'nowhere'");
  CHECK(d.where.line == 8);
  CHECK(d.where.column == 6);
  CHECK(d.line_text == "Body [[doc:nowhere]].");
  REQUIRE(result.archive.documents.size() == 1);
  CHECK(result.archive.documents[0].title == "A document");
  CHECK(result.archive.documents[0].date.ToString() == "2017-06");
}

TEST_CASE("a reference in front matter is located in the file") {
  MemoryFileSystem fs = MinimalArchive();
  fs.Add("content/documents/d.md",
         "---\n"
         "id: d\n"
         "title: A document\n"
         "kind: notes\n"
         "author: nobody\n"
         "date: not recorded\n"
         "---\n"
         "Body.\n");
  Diagnostic d = OnlyError(Check(fs, "content"));
  CHECK(d.where.line == 5);
  CHECK(d.where.column == 9);
  CHECK(d.message == "unknown person or group 'nobody'");
}

TEST_CASE("hidden files and other files beside archive.yaml are ignored") {
  MemoryFileSystem fs = MinimalArchive();
  const char garbage[] = "{ this is: [ not valid YAML\n";
  fs.Add("content/.hidden.yaml", garbage);
  fs.Add("content/meetings/.draft.yaml", garbage);
  fs.Add("content/people/.backup/people.yaml", garbage);
  fs.Add("content/.git/config", garbage);
  fs.Add("content/.drafts/meetings/plenary-9.yaml", garbage);
  fs.Add("content/README.md", "# Notes for editors\n");
  fs.Add("content/meetings/readme.txt", garbage);
  BuildResult result = Check(fs, "content");
  CheckValid(result);
  CHECK(result.archive.meetings.empty());
  CHECK(result.archive.people.size() == 3);
}

TEST_CASE("an unknown folder and YAML beside archive.yaml are reported, not skipped") {
  MemoryFileSystem fs = MinimalArchive();
  fs.Add("content/meeting/plenary-9.yaml", "id: plenary-9\n");
  fs.Add("content/notes/meeting.yaml", "id: x\n");
  fs.Add("content/extra.yaml", "id: x\n");
  BuildResult result = Check(fs, "content");
  CHECK(result.diagnostics.Format() ==
        "content/extra.yaml: error: annals reads no YAML file here but archive.yaml\n"
        "      = hint: records go in their folders: meetings/, people/, actions/, briefings/, "
        "recommendations/ (documents/ holds Markdown)\n"
        "content/meeting/plenary-9.yaml: error: 'meeting/' is not a folder annals knows\n"
        "      = hint: did you mean 'meetings/'?\n"
        "content/notes/meeting.yaml: error: 'notes/' is not a folder annals knows\n"
        "      = hint: the folders are people, recommendations, meetings, actions, briefings and "
        "documents; keep other files outside the content folder, or in a folder whose name "
        "starts with '.'\n");
}

TEST_CASE("a file with the wrong extension in a record folder is reported") {
  MemoryFileSystem fs = MinimalArchive();
  fs.Add("content/documents/d.yaml", "id: d\n");
  fs.Add("content/meetings/p1.md", "---\nid: p1\n---\n");
  BuildResult result = Check(fs, "content");
  CHECK(result.diagnostics.Format() ==
        "content/documents/d.yaml: error: a file in documents/ must be Markdown (.md)\n"
        "      = hint: documents are Markdown files with YAML front matter\n"
        "content/meetings/p1.md: error: a file in meetings/ must be YAML (.yaml)\n"
        "      = hint: records in this folder are YAML files\n");
}

TEST_CASE("an empty file, or one of only comments, is reported") {
  MemoryFileSystem fs;
  fs.Add("content/archive.yaml", kSettings);
  fs.Add("content/people/empty.yaml", "");
  fs.Add("content/people/later.yml", "# to be filled in\n");
  BuildResult result = Check(fs, "content");
  CHECK(result.diagnostics.Format() ==
        "content/people/empty.yaml: error: the file is empty\n"
        "      = hint: write its records, or delete the file\n"
        "content/people/later.yml: error: the file holds nothing but comments\n"
        "      = hint: write its records, or delete the file\n");
}

const char kBriefingHead[] =
    "title: A briefing\n"
    "area: Operations\n"
    "to: [org]\n"
    "meeting: not recorded\n";

TEST_CASE("a briefing's asker is inherited by its questions") {
  MemoryFileSystem fs = MinimalArchive();
  fs.Add("content/briefings/b1.yaml", std::string("id: b1\n") + kBriefingHead +
                                          "asker: ann\n"
                                          "questions:\n"
                                          "  - number: \"1\"\n"
                                          "    text: Inherits the asker.\n"
                                          "  - number: \"2\"\n"
                                          "    asker: bob\n"
                                          "    text: Names its own.\n"
                                          "  - number: \"3\"\n"
                                          "    asker: not recorded\n"
                                          "    text: Says it is unknown.\n");
  fs.Add("content/briefings/b2.yaml", std::string("id: b2\n") + kBriefingHead +
                                          "asker: not recorded\n"
                                          "questions:\n"
                                          "  - number: \"1\"\n"
                                          "    text: Inherits 'not recorded'.\n");
  BuildResult result = Check(fs, "content");
  CheckValid(result);
  const Archive& a = result.archive;
  REQUIRE(a.questions.size() == 4);
  REQUIRE(a.questions[0].asker);
  CHECK(a.questions[0].asker->id == "ann");
  CHECK(a.questions[0].asker->target == 0);
  REQUIRE(a.questions[1].asker);
  CHECK(a.questions[1].asker->id == "bob");
  CHECK_FALSE(a.questions[2].asker);
  CHECK(a.questions[3].id == "b2-1");
  CHECK_FALSE(a.questions[3].asker);
  CHECK(a.people[0].asked == std::vector<int>{0});
  CHECK(a.people[1].asked == std::vector<int>{1});
}

TEST_CASE("a question without an asker, and no asker for the briefing, is an error") {
  MemoryFileSystem fs = MinimalArchive();
  fs.Add("content/briefings/b1.yaml", std::string("id: b1\n") + kBriefingHead +
                                          "questions:\n"
                                          "  - number: \"1\"\n"
                                          "    text: Who asked?\n");
  BuildResult result = Check(fs, "content");
  CHECK(result.diagnostics.Format() ==
        "content/briefings/b1.yaml:7:5: error: missing required field 'asker' in question "
        "'b1-1'\n"
        "    7 |   - number: \"1\"\n"
        "      |     ^\n"
        "      = hint: add a line 'asker: an id, or not recorded'\n");
  CHECK(result.diagnostics.Summary() == "annals: 1 error in 1 file\n");
  CHECK(result.ExitCode() == 1);
}

TEST_CASE("question ids are the briefing's prefix and the question's number") {
  MemoryFileSystem fs = MinimalArchive();
  fs.Add("content/briefings/a.yaml", std::string("id: gse-outreach\n") + kBriefingHead +
                                         "asker: ann\n"
                                         "questions:\n"
                                         "  - number: \"3\"\n"
                                         "    text: Q.\n"
                                         "  - number: \"11.3\"\n"
                                         "    text: Q.\n");
  fs.Add("content/briefings/b.yaml", std::string("id: ssr1-gdd\n") + kBriefingHead +
                                         "prefix: gdd\n"
                                         "asker: ann\n"
                                         "questions:\n"
                                         "  - number: \"3\"\n"
                                         "    text: See [[question:gse-outreach-11.3]].\n");
  BuildResult result = Check(fs, "content");
  CheckValid(result);
  const Archive& a = result.archive;
  REQUIRE(a.questions.size() == 3);
  CHECK(a.questions[0].id == "gse-outreach-3");
  CHECK(a.questions[0].number == "3");
  CHECK(a.questions[1].id == "gse-outreach-11.3");
  CHECK(a.questions[2].id == "gdd-3");
  REQUIRE(a.briefings.size() == 2);
  CHECK(a.briefings[0].prefix == "gse-outreach");
  CHECK(a.briefings[1].prefix == "gdd");
  CHECK(a.briefings[1].questions == std::vector<int>{2});
  CHECK(a.questions[2].briefing == 1);
}

TEST_CASE("a question number that is not digits and dots is reported") {
  MemoryFileSystem fs = MinimalArchive();
  fs.Add("content/briefings/b1.yaml", std::string("id: b1\n") + kBriefingHead +
                                          "asker: ann\n"
                                          "questions:\n"
                                          "  - number: \"3a\"\n"
                                          "    text: Q.\n");
  Diagnostic d = OnlyError(Check(fs, "content"));
  CHECK(d.where.line == 8);
  CHECK(d.where.column == 13);
  CHECK(d.message == "'3a' is not a question number");
  CHECK(d.hint == "write digits separated by dots, e.g. \"11.3\" or \"7\"");
}

}  // namespace
}  // namespace annals
