// The SSR2 sample archive in content/: it loads cleanly, and the resolved graph holds
// the facts of the seed records.
#include <doctest/doctest.h>

#include <algorithm>

#include "build.h"
#include "resolve/resolver.h"
#include "test_support.h"
#include "util/text.h"

namespace annals {
namespace {

template <typename Records>
const auto& Find(const Records& records, const std::string& id) {
  auto it = std::find_if(records.begin(), records.end(), [&](const auto& r) { return r.id == id; });
  REQUIRE_MESSAGE(it != records.end(), "no record '" << id << "'");
  return *it;
}

template <typename Records>
std::vector<std::string> Ids(const std::vector<int>& indices, const Records& records) {
  std::vector<std::string> ids;
  for (int i : indices) ids.push_back(records[i].id);
  return ids;
}

MemoryFileSystem SampleContent() {
  MemoryFileSystem fs;
  testing::AddTree(fs, testing::SourcePath("content"), "content");
  return fs;
}

const Archive& SampleArchive() {
  static const BuildResult* result = [] {
    MemoryFileSystem fs = SampleContent();
    return new BuildResult(Check(fs, "content"));
  }();
  return result->archive;
}

TEST_CASE("the sample archive checks without a diagnostic") {
  MemoryFileSystem fs = SampleContent();
  BuildResult result = Check(fs, "content");
  CHECK(result.diagnostics.Format() == "");
  CHECK(result.ExitCode() == 0);
}

TEST_CASE("the sample archive holds every record of the seeds") {
  const Archive& a = SampleArchive();
  CHECK(a.meetings.size() == 3);
  CHECK(a.actions.size() == 20);
  CHECK(a.briefings.size() == 8);
  CHECK(a.questions.size() == 89);  // 7 from Plenary #14, 82 on SSR1
  CHECK(a.sets.size() == 1);
  CHECK(a.recommendations.size() == 22);
  CHECK(a.documents.size() == 3);
  size_t groups = std::count_if(a.people.begin(), a.people.end(), [](const Person& p) { return p.is_group; });
  CHECK(a.people.size() - groups == 13);
  CHECK(groups == 6);
  size_t answers = 0;
  for (const Question& q : a.questions) answers += q.answers.size();
  CHECK(answers == 7);
}

TEST_CASE("SSR1 recommendation 11 has sixteen questions and was touched by Plenary #41") {
  const Archive& a = SampleArchive();
  const Recommendation& rec = Find(a.recommendations, "ssr1-11");
  std::vector<std::string> expected;
  for (int n = 1; n <= 16; ++n) expected.push_back("ssr1-11." + std::to_string(n));
  CHECK(Ids(rec.questions, a.questions) == expected);
  CHECK(Ids(rec.meetings, a.meetings) == std::vector<std::string>{"plenary-41"});
  CHECK(rec.areas == std::vector<std::string>{"GDD"});
  CHECK(rec.text.text.rfind("ICANN should finalize and implement measures of success", 0) == 0);
  const Meeting& p41 = Find(a.meetings, "plenary-41");
  CHECK(p41.recommendations.size() == 22);
  CHECK(p41.date.ToString() == "2018-08-30");
  CHECK(p41.agenda.size() == 7);
  CHECK(p41.agenda[0].items.size() == 1);
}

TEST_CASE("the 82 SSR1 questions are grouped by briefing area") {
  const Archive& a = SampleArchive();
  std::vector<std::pair<std::string, size_t>> areas;
  for (const Briefing& b : a.briefings)
    if (b.prefix == "ssr1") areas.emplace_back(b.area, b.questions.size());
  std::sort(areas.begin(), areas.end());
  CHECK(areas == std::vector<std::pair<std::string, size_t>>{{"CTO", 16},
                                                             {"Comms", 2},
                                                             {"Compliance", 2},
                                                             {"GDD", 24},
                                                             {"Operations and Finance", 24},
                                                             {"Policy", 6},
                                                             {"Risk Management", 8}});
  const Question& first = Find(a.questions, "ssr1-1.1");
  const Question& last = Find(a.questions, "ssr1-3.2");
  CHECK(first.status == QuestionStatus::kOpen);
  CHECK(last.recommendation->id == "ssr1-3");
  const Question& repeat = Find(a.questions, "ssr1-17.2");
  CHECK(repeat.repeats->id == "ssr1-15.2");
  CHECK(Ids(Find(a.questions, "ssr1-15.2").repeated_by, a.questions) ==
        std::vector<std::string>{"ssr1-17.2"});
  CHECK(Find(a.questions, "ssr1-19").recommendation->id == "ssr1-19");
}

TEST_CASE("Plenary #14 raised three action items and its seven questions were answered later") {
  const Archive& a = SampleArchive();
  const Meeting& p14 = Find(a.meetings, "plenary-14");
  CHECK(Ids(p14.actions_raised, a.actions) ==
        std::vector<std::string>{"p14-gse-written-responses", "p14-subtopic-work-plans",
                                 "p14-observer-inputs"});
  CHECK(Ids(p14.questions_asked, a.questions) ==
        std::vector<std::string>{"gse-1", "gse-2", "gse-3", "gse-4", "gse-5", "gse-6", "gse-7"});
  CHECK(p14.date.ToString() == "2017-06-06");
  CHECK(p14.time->ToString() == "21:00");
  CHECK(p14.previous == -1);
  CHECK(a.meetings[p14.next].id == "leadership-2017-06");
  CHECK(p14.attendance.apologies->empty());
  CHECK(!p14.attendance.members.has_value());

  const Question& q3 = Find(a.questions, "gse-3");
  CHECK(q3.status == QuestionStatus::kReframed);
  CHECK(q3.asker->id == "gh");
  for (const char* id : {"gse-1", "gse-2", "gse-4", "gse-5", "gse-6", "gse-7"})
    CHECK_MESSAGE(Find(a.questions, id).status == QuestionStatus::kAnswered, id);
  CHECK(Find(a.questions, "gse-1").asker->id == "aa");
  CHECK(Find(a.questions, "gse-5").asker->id == "jm");
  CHECK(Find(a.questions, "gse-6").asker->id == "dm");
  CHECK(Find(a.questions, "gse-7").asker->id == "gh");

  const Briefing& gse = Find(a.briefings, "gse-outreach");
  CHECK(Ids(gse.related_documents, a.documents) ==
        std::vector<std::string>{"gse-answers", "jones-statement"});
  CHECK(Ids(Find(a.documents, "gse-answers").answers_in, a.questions).size() == 7);
  CHECK(Find(a.documents, "jones-statement").author->id == "patrick-jones");
}

TEST_CASE("action items carry owners, due dates and their status history") {
  const Archive& a = SampleArchive();
  const Person& denise = Find(a.people, "denise-michel");
  std::vector<std::string> texts;
  for (int i : denise.owns) texts.push_back(a.actions[i].text.text);
  CHECK(std::any_of(texts.begin(), texts.end(), [](const std::string& t) {
    return t.rfind("Draft note and summary of SSR1 implementation", 0) == 0;
  }));

  const ActionItem& written = Find(a.actions, "p14-gse-written-responses");
  REQUIRE(written.history.size() == 2);
  CHECK(a.meetings[written.history[0].meeting].id == "plenary-14");
  CHECK(a.meetings[written.history[1].meeting].id == "leadership-2017-06");
  CHECK(written.status == ActionStatus::kOpen);
  CHECK(written.due.precision() == PartialDate::Precision::kTbd);
  CHECK(!written.overdue);
  CHECK(written.questions.size() == 7);

  const ActionItem& tools = Find(a.actions, "collaborative-tools");
  CHECK(tools.status == ActionStatus::kInProgress);
  CHECK(!tools.origin.has_value());

  // Due 25 May 2017, still open when last recorded: overdue as of 30 August 2018.
  const ActionItem& agenda = Find(a.actions, "jburg-agenda-thoughts");
  CHECK(agenda.due.ToString() == "2017-05-25");
  CHECK(agenda.overdue);

  const Person& patrick = Find(a.people, "patrick-jones");
  CHECK(Ids(patrick.presented, a.meetings) == std::vector<std::string>{"plenary-14"});
  CHECK(Ids(patrick.attended, a.meetings) == std::vector<std::string>{"plenary-14"});
  CHECK(Ids(Find(a.people, "gh").asked, a.questions) ==
        std::vector<std::string>{"gse-2", "gse-3", "gse-4", "gse-7"});
}

// Breaking any one reference of the sample archive gives exactly one diagnostic, at
// the reference, naming it as unknown.
TEST_CASE("breaking any reference in content/ gives one precise diagnostic") {
  Archive archive = SampleArchive();
  struct Site {
    SourceLocation where;
    std::string id;
  };
  std::vector<Site> sites;
  VisitReferences(archive, [&](RecordId, Ref& ref, bool) { sites.push_back({ref.where, ref.id}); });
  CHECK(sites.size() > 250);
  const MemoryFileSystem pristine = SampleContent();
  for (const Site& site : sites) {
    MemoryFileSystem fs = pristine;
    std::string text = fs.files().at(site.where.path);
    LineIndex lines(text);
    size_t offset = lines.LineStart(site.where.line);
    for (int c = 1; c < site.where.column; ++c)  // columns count characters
      do ++offset; while ((static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80);
    size_t at = text.find(site.id, offset);
    REQUIRE(at != std::string::npos);
    text.insert(at + site.id.size(), "zz");
    fs.Add(site.where.path, text);
    BuildResult result = Check(fs, "content");
    INFO(site.where.path, ":", site.where.line, ":", site.where.column, " ", site.id);
    REQUIRE(result.diagnostics.diagnostics().size() == 1);
    const Diagnostic& d = result.diagnostics.diagnostics()[0];
    CHECK(d.where.line == site.where.line);
    CHECK(d.where.column == site.where.column);
    CHECK(d.message.find("unknown ") == 0);
    CHECK(d.message.find("'" + site.id + "zz'") != std::string::npos);
  }
}

}  // namespace
}  // namespace annals
