#include "resolve/resolver.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "build.h"
#include "util/file_system.h"

namespace annals {
namespace {

using Ids = std::vector<std::string>;

// A valid archive with two people in one group; `as_of` is the archive's "today".
MemoryFileSystem BaseArchive(const std::string& as_of = "2018-01-01") {
  MemoryFileSystem fs;
  fs.Add("content/archive.yaml",
         "title: Test Archive\nreview: Test Review\ndescription: About [[rec:r1-1]].\n"
         "publisher: not recorded\nlanguage: en\ntime_zone: UTC\nas_of: " +
             as_of + "\n");
  fs.Add("content/people/people.yaml",
         "- id: ann\n  name: Ann\n  kind: person\n  part_of: org\n"
         "- id: bob\n  name: Bob\n  kind: person\n  part_of: org\n"
         "- id: org\n  name: The Org\n  kind: group\n");
  fs.Add("content/recommendations/r1.yaml",
         "id: r1\ntitle: R1\nshort: R1\nrecommendations:\n"
         "  - {number: 1, text: One.}\n  - {number: 2, text: 'Two, see [[rec:r1-2]].'}\n"
         "  - {number: 3, text: Three.}\n  - {number: 4, text: Four.}\n"
         "  - {number: 5, text: Five.}\n");
  return fs;
}

struct MeetingSpec {
  std::string id{};
  std::string date{};
  std::string rest{};  // further top-level fields, each line ending in "\n"
  std::string attendance =
      "  members: not recorded\n  observers: not recorded\n  staff: not recorded\n"
      "  guests: not recorded\n  apologies: not recorded\n";
  std::string agenda = " []\n";
};

std::string MeetingYaml(const MeetingSpec& m) {
  return "id: " + m.id + "\nkind: plenary\ntitle: Meeting " + m.id + "\ndate: " + m.date +
         "\ntime: not recorded\nattendance:\n" + m.attendance + "agenda:" + m.agenda + m.rest;
}

// One action item of an actions file; `extra` holds further fields, each "  key: value\n".
std::string ActionYaml(const std::string& id, const std::string& due, const std::string& origin,
                       const std::string& extra = "") {
  return "- id: " + id + "\n  text: Do " + id + ".\n  owners: not recorded\n  due: " + due +
         "\n  origin: " + origin + "\n" + extra;
}

BuildResult CheckValid(MemoryFileSystem& fs) {
  BuildResult result = Check(fs, "content");
  CHECK(result.diagnostics.Format() == "");
  CHECK(result.ExitCode() == 0);
  return result;
}

template <typename Records>
int IndexOf(const Records& records, const std::string& id) {
  for (size_t i = 0; i < records.size(); ++i)
    if (records[i].id == id) return static_cast<int>(i);
  FAIL("no record '", id, "'");
  return -1;
}

template <typename Records, typename Indices>
Ids IdsOf(const Records& records, const Indices& indices) {
  Ids ids;
  for (int i : indices) ids.push_back(records[i].id);
  return ids;
}

Ids MentionIds(const Archive& a, const std::vector<RecordId>& mentions) {
  Ids ids;
  for (RecordId r : mentions) ids.push_back(std::string(KindKeyword(r.kind)) + ":" + a.IdOf(r));
  return ids;
}

TEST_CASE("an action item's history starts at its origin and follows meeting dates") {
  MemoryFileSystem fs = BaseArchive();
  // File order a, b, c is not date order p2, p3, p1.
  fs.Add("content/meetings/a.yaml",
         MeetingYaml({.id = "p2",
                      .date = "2017-07",
                      .rest = "status_updates:\n  - {action: act, status: done, note: Sent.}\n"}));
  fs.Add("content/meetings/b.yaml",
         MeetingYaml({.id = "p3",
                      .date = "2017-08-01",
                      .rest = "status_updates:\n  - {action: act, status: in-progress}\n"}));
  fs.Add("content/meetings/c.yaml", MeetingYaml({.id = "p1", .date = "2017-06-06"}));
  fs.Add("content/actions/p1.yaml", ActionYaml("act", "TBD", "p1"));
  BuildResult result = CheckValid(fs);
  const Archive& a = result.archive;
  const ActionItem& item = a.actions[IndexOf(a.actions, "act")];

  REQUIRE(item.history.size() == 3);
  Ids meetings;
  std::vector<ActionStatus> statuses;
  for (const StatusEntry& e : item.history) {
    meetings.push_back(a.meetings[e.meeting].id);
    statuses.push_back(e.status);
  }
  CHECK(meetings == Ids{"p1", "p2", "p3"});
  CHECK(statuses == std::vector<ActionStatus>{ActionStatus::kOpen, ActionStatus::kDone,
                                              ActionStatus::kInProgress});
  CHECK(item.history[0].update == -1);  // the implicit "open" where it was raised
  REQUIRE(item.history[1].update == 0);
  CHECK(a.meetings[item.history[1].meeting].status_updates[0].note.text == "Sent.");

  // The current status is the last update's, not the "done" in between.
  CHECK(item.status == ActionStatus::kInProgress);
  CHECK(IdsOf(a.actions, a.meetings[IndexOf(a.meetings, "p1")].actions_raised) == Ids{"act"});
  CHECK(a.meetings[IndexOf(a.meetings, "p2")].actions_raised.empty());
}

TEST_CASE("an action item without origin or updates is open with an empty history") {
  MemoryFileSystem fs = BaseArchive();
  fs.Add("content/actions/x.yaml", ActionYaml("act", "TBD", "not recorded"));
  BuildResult result = CheckValid(fs);
  const ActionItem& item = result.archive.actions.at(0);
  CHECK(item.history.empty());
  CHECK(item.status == ActionStatus::kOpen);
  CHECK_FALSE(item.overdue);
}

TEST_CASE("'completed' makes an action item done whatever its updates say") {
  MemoryFileSystem fs = BaseArchive();
  fs.Add("content/meetings/p1.yaml", MeetingYaml({.id = "p1", .date = "2017-06-06"}));
  fs.Add("content/meetings/p2.yaml",
         MeetingYaml({.id = "p2",
                      .date = "2017-07-06",
                      .rest = "status_updates:\n  - {action: act, status: in-progress}\n"}));
  fs.Add("content/actions/p1.yaml",
         ActionYaml("act", "2017-06-30", "p1",
                    "  completed:\n    date: 2017-07-10\n    response: Done at last.\n"));
  BuildResult result = CheckValid(fs);
  const ActionItem& item = result.archive.actions.at(0);
  CHECK(item.status == ActionStatus::kDone);
  CHECK_FALSE(item.overdue);  // its due date has passed, but it is done
  REQUIRE(item.history.size() == 2);
  CHECK(item.history.back().status == ActionStatus::kInProgress);
}

TEST_CASE("an action item is overdue when its due date is before the archive's as_of") {
  MemoryFileSystem fs = BaseArchive("2018-01-15");
  fs.Add("content/meetings/p1.yaml", MeetingYaml({.id = "p1", .date = "2017-01-01"}));
  fs.Add("content/meetings/p2.yaml",
         MeetingYaml({.id = "p2",
                      .date = "2017-02-01",
                      .rest = "status_updates:\n"
                              "  - {action: dropped, status: dropped}\n"
                              "  - {action: done-by-update, status: done}\n"
                              "  - {action: in-progress, status: in-progress}\n"}));
  fs.Add("content/actions/p1.yaml", ActionYaml("day-before", "2018-01-14", "not recorded") +
                                        ActionYaml("same-day", "2018-01-15", "not recorded") +
                                        ActionYaml("month-before", "2017-12", "not recorded") +
                                        ActionYaml("same-month", "2018-01", "not recorded") +
                                        ActionYaml("year-before", "2017", "not recorded") +
                                        ActionYaml("same-year", "2018", "not recorded") +
                                        ActionYaml("tbd", "TBD", "not recorded") +
                                        ActionYaml("unknown", "not recorded", "not recorded") +
                                        ActionYaml("completed", "2017-01-01", "not recorded",
                                                   "  completed: {date: not recorded}\n") +
                                        ActionYaml("dropped", "2017-01-01", "p1") +
                                        ActionYaml("done-by-update", "2017-01-01", "p1") +
                                        ActionYaml("in-progress", "2017-01-01", "p1"));
  BuildResult result = CheckValid(fs);
  Ids overdue;
  for (const ActionItem& item : result.archive.actions)
    if (item.overdue) overdue.push_back(item.id);
  CHECK(overdue == Ids{"day-before", "month-before", "year-before", "in-progress"});
}

TEST_CASE("overdue is computed from as_of, so a far-future as_of makes open items overdue") {
  MemoryFileSystem fs = BaseArchive("2100-01-01");
  fs.Add("content/actions/x.yaml", ActionYaml("later", "2099-12", "not recorded"));
  BuildResult result = CheckValid(fs);
  CHECK(result.archive.actions.at(0).overdue);
}

TEST_CASE("a question's status comes from its answers unless it says otherwise") {
  MemoryFileSystem fs = BaseArchive();
  const std::string answer =
      "    answers:\n      - {date: not recorded, by: org, text: An answer.}\n";
  fs.Add("content/briefings/b1.yaml",
         "id: b1\ntitle: B\narea: Ops\nto: [org]\nmeeting: not recorded\nasker: ann\n"
         "questions:\n"
         "  - number: \"1\"\n    text: Unanswered.\n"
         "  - number: \"2\"\n    text: Answered.\n" +
             answer + "  - number: \"3\"\n    text: Reframed.\n    status: reframed\n" + answer +
             "  - number: \"4\"\n    text: Withdrawn.\n    status: withdrawn\n"
             "  - number: \"5\"\n    text: Says answered.\n    status: answered\n" +
             answer + "  - number: \"6\"\n    text: Says open.\n    status: open\n");
  BuildResult result = CheckValid(fs);
  std::vector<QuestionStatus> statuses;
  for (const Question& q : result.archive.questions) statuses.push_back(q.status);
  CHECK(statuses == std::vector<QuestionStatus>{QuestionStatus::kOpen, QuestionStatus::kAnswered,
                                                QuestionStatus::kReframed,
                                                QuestionStatus::kWithdrawn,
                                                QuestionStatus::kAnswered, QuestionStatus::kOpen});
  CHECK(result.archive.people[IndexOf(result.archive.people, "org")].answered ==
        std::vector<int>{1, 2, 4});
}

TEST_CASE("a declared question status that contradicts the answers is an error") {
  MemoryFileSystem fs = BaseArchive();
  fs.Add("content/briefings/b1.yaml",
         "id: b1\ntitle: B\narea: Ops\nto: [org]\nmeeting: not recorded\nasker: ann\n"
         "questions:\n"
         "  - number: \"1\"\n    text: Q.\n    status: answered\n");
  BuildResult result = Check(fs, "content");
  CHECK(result.diagnostics.Format() ==
        "content/briefings/b1.yaml:10:13: error: question 'b1-1' is marked answered but has no "
        "answers\n"
        "   10 |     status: answered\n"
        "      |             ^~~~~~~~\n"
        "      = hint: add its answer under 'answers', or remove 'status'\n");
}

TEST_CASE("a meeting touches the recommendations its briefings, refs and actions concern") {
  MemoryFileSystem fs = BaseArchive();
  const char briefing_head[] = "title: B\narea: Ops\nto: [org]\nasker: ann\n";
  fs.Add("content/briefings/b1.yaml", std::string("id: b1\nmeeting: held-here\n") + briefing_head +
                                          "questions:\n"
                                          "  - {number: \"1\", text: Q., recommendation: r1-1}\n");
  fs.Add("content/briefings/b2.yaml", std::string("id: b2\nmeeting: not recorded\n") +
                                          briefing_head +
                                          "questions:\n"
                                          "  - {number: \"1\", text: Q., recommendation: r1-2}\n"
                                          "  - {number: \"2\", text: Q., recommendation: r1-5}\n");
  // The meeting that refers to b1 is earlier than the one that held it.
  fs.Add("content/meetings/held-here.yaml", MeetingYaml({.id = "held-here", .date = "2017-06-01"}));
  fs.Add("content/meetings/briefing-ref.yaml",
         MeetingYaml({.id = "briefing-ref",
                      .date = "2017-05-01",
                      .agenda = "\n  - title: Follow-up\n    refs: [briefing:b1]\n"}));
  fs.Add("content/meetings/question-ref.yaml",
         MeetingYaml({.id = "question-ref",
                      .date = "2017-08-01",
                      .rest = "notes: Discussed [[question:b2-1]].\n"}));
  fs.Add("content/meetings/raised.yaml", MeetingYaml({.id = "raised", .date = "2017-09-01"}));
  fs.Add("content/meetings/updated.yaml",
         MeetingYaml({.id = "updated",
                      .date = "2017-10-01",
                      .rest = "status_updates:\n"
                              "  - {action: a1, status: in-progress}\n"
                              "  - {action: a2, status: in-progress}\n"}));
  fs.Add("content/meetings/untouched.yaml", MeetingYaml({.id = "untouched", .date = "2017-11-01"}));
  fs.Add("content/actions/raised.yaml",
         ActionYaml("a1", "TBD", "raised", "  recommendations: [r1-3]\n") +
             ActionYaml("a2", "TBD", "not recorded", "  questions: [b2-2]\n"));
  BuildResult result = CheckValid(fs);
  const Archive& a = result.archive;
  auto recs_of = [&](const char* meeting) {
    return IdsOf(a.recommendations, a.meetings[IndexOf(a.meetings, meeting)].recommendations);
  };
  CHECK(recs_of("held-here") == Ids{"r1-1"});
  CHECK(recs_of("briefing-ref") == Ids{"r1-1"});
  CHECK(recs_of("question-ref") == Ids{"r1-2"});
  CHECK(recs_of("raised") == Ids{"r1-3"});
  CHECK(recs_of("updated") == Ids{"r1-3", "r1-5"});
  CHECK(recs_of("untouched") == Ids{});

  auto meetings_of = [&](const char* rec) {
    return IdsOf(a.meetings, a.recommendations[IndexOf(a.recommendations, rec)].meetings);
  };
  CHECK(meetings_of("r1-1") == Ids{"briefing-ref", "held-here"});  // date order
  CHECK(meetings_of("r1-3") == Ids{"raised", "updated"});
  CHECK(meetings_of("r1-4") == Ids{});

  const Meeting& held = a.meetings[IndexOf(a.meetings, "held-here")];
  CHECK(IdsOf(a.briefings, held.briefings) == Ids{"b1"});
  CHECK(IdsOf(a.questions, held.questions_asked) == Ids{"b1-1"});
  const Recommendation& r5 = a.recommendations[IndexOf(a.recommendations, "r1-5")];
  CHECK(IdsOf(a.actions, r5.actions) == Ids{"a2"});
  CHECK(r5.areas == Ids{"Ops"});
}

TEST_CASE("meetings are chained by date, then number, then id") {
  MemoryFileSystem fs = BaseArchive();
  fs.Add("content/meetings/1.yaml", MeetingYaml({.id = "m-a", .date = "2017-06-06"}));
  fs.Add("content/meetings/2.yaml", MeetingYaml({.id = "m-b", .date = "2017-06"}));
  fs.Add("content/meetings/3.yaml",
         MeetingYaml({.id = "m-f", .date = "2017-06-06", .rest = "number: 2\n"}));
  fs.Add("content/meetings/4.yaml", MeetingYaml({.id = "m-d", .date = "not recorded"}));
  fs.Add("content/meetings/5.yaml", MeetingYaml({.id = "m-e", .date = "2017-05-31"}));
  fs.Add("content/meetings/6.yaml",
         MeetingYaml({.id = "m-c", .date = "2017-06-06", .rest = "number: 2\n"}));
  BuildResult result = CheckValid(fs);
  const Archive& a = result.archive;
  CHECK(IdsOf(a.meetings, a.meetings_by_date) == Ids{"m-e", "m-a", "m-c", "m-f", "m-b", "m-d"});

  auto neighbours = [&](const char* id) {
    const Meeting& m = a.meetings[IndexOf(a.meetings, id)];
    return Ids{m.previous < 0 ? "-" : a.meetings[m.previous].id,
               m.next < 0 ? "-" : a.meetings[m.next].id};
  };
  CHECK(neighbours("m-e") == Ids{"-", "m-a"});
  CHECK(neighbours("m-a") == Ids{"m-e", "m-c"});
  CHECK(neighbours("m-c") == Ids{"m-a", "m-f"});
  CHECK(neighbours("m-f") == Ids{"m-c", "m-b"});
  CHECK(neighbours("m-b") == Ids{"m-f", "m-d"});
  CHECK(neighbours("m-d") == Ids{"m-b", "-"});
}

TEST_CASE("mentioned_in lists the records whose Markdown or agenda refs mention a record") {
  MemoryFileSystem fs = BaseArchive();
  fs.Add("content/meetings/p1.yaml",
         MeetingYaml({.id = "p1",
                      .date = "2017-06-06",
                      .rest = "notes: |\n  [[rec:r1-1]] and [[rec:r1-1|again]], by "
                              "[[person:ann]].\n",
                      .agenda = "\n  - title: Item\n    refs: [rec:r1-1, rec:r1-3]\n"}));
  fs.Add("content/actions/p1.yaml",
         ActionYaml("a1", "TBD", "p1", "  recommendations: [r1-4]\n  note: See [[rec:r1-1]].\n"));
  fs.Add("content/briefings/b1.yaml",
         "id: b1\ntitle: B\narea: Ops\nto: [org]\nmeeting: p1\nasker: ann\n"
         "questions:\n  - {number: \"1\", text: Q., recommendation: r1-1}\n");
  fs.Add("content/documents/d.md",
         "---\nid: d\ntitle: D\nkind: notes\nauthor: ann\ndate: not recorded\n---\n"
         "On [[rec:r1-1]] and [[group:org]].\n");
  BuildResult result = CheckValid(fs);
  const Archive& a = result.archive;
  auto mentions_of_rec = [&](const char* id) {
    return MentionIds(a, a.recommendations[IndexOf(a.recommendations, id)].mentioned_in);
  };
  // Once per record; typed fields (a question's recommendation, an action's
  // recommendations) and archive.yaml are not mentions.
  CHECK(mentions_of_rec("r1-1") == Ids{"meeting:p1", "action:a1", "doc:d"});
  CHECK(mentions_of_rec("r1-3") == Ids{"meeting:p1"});
  CHECK(mentions_of_rec("r1-4") == Ids{});
  CHECK(mentions_of_rec("r1-2") == Ids{});  // its own text mentions it
  CHECK(MentionIds(a, a.people[IndexOf(a.people, "ann")].mentioned_in) == Ids{"meeting:p1"});
  CHECK(MentionIds(a, a.people[IndexOf(a.people, "org")].mentioned_in) == Ids{"doc:d"});
}

TEST_CASE("people list their members, items owned, questions asked and meetings") {
  MemoryFileSystem fs = BaseArchive();
  // p2 is earlier than p1.
  fs.Add("content/meetings/p1.yaml",
         MeetingYaml({.id = "p1",
                      .date = "2017-07-01",
                      .attendance = "  members: [ann]\n  observers: []\n  staff: []\n"
                                    "  guests: []\n  apologies: [bob]\n",
                      // ann presents twice at p1, besides attending it as a member.
                      .agenda = "\n  - title: One\n    presenters: [ann]\n"
                                "  - title: Two\n    presenters: [ann]\n"}));
  fs.Add("content/meetings/p2.yaml",
         MeetingYaml({.id = "p2",
                      .date = "2017-06-01",
                      .attendance = "  members: not recorded\n  observers: not recorded\n"
                                    "  staff: [bob]\n  guests: not recorded\n"
                                    "  apologies: not recorded\n",
                      .agenda = "\n  - title: Talk\n    items:\n      - title: Sub\n"
                                "        presenters: [ann]\n"}));
  fs.Add("content/actions/p1.yaml",
         "- id: a1\n  text: T.\n  owners: [ann, org]\n  due: TBD\n  origin: p1\n"
         "- id: a2\n  text: T.\n  owners: [org]\n  due: TBD\n  origin: p1\n");
  fs.Add("content/briefings/b1.yaml",
         "id: b1\ntitle: B\narea: Ops\nto: [org]\nmeeting: p1\nasker: bob\n"
         "questions:\n  - {number: \"1\", text: Q.}\n  - {number: \"2\", text: Q., asker: ann}\n"
         "  - {number: \"3\", text: Q.}\n");
  fs.Add("content/documents/d.md",
         "---\nid: d\ntitle: D\nkind: notes\nauthor: bob\ndate: not recorded\n---\nBody.\n");
  BuildResult result = CheckValid(fs);
  const Archive& a = result.archive;
  const Person& ann = a.people[IndexOf(a.people, "ann")];
  const Person& bob = a.people[IndexOf(a.people, "bob")];
  const Person& org = a.people[IndexOf(a.people, "org")];

  CHECK(IdsOf(a.people, org.members) == Ids{"ann", "bob"});
  CHECK(ann.members.empty());
  CHECK(IdsOf(a.actions, ann.owns) == Ids{"a1"});
  CHECK(IdsOf(a.actions, org.owns) == Ids{"a1", "a2"});
  CHECK(bob.owns.empty());
  CHECK(IdsOf(a.questions, bob.asked) == Ids{"b1-1", "b1-3"});
  CHECK(IdsOf(a.questions, ann.asked) == Ids{"b1-2"});
  CHECK(IdsOf(a.briefings, org.briefed) == Ids{"b1"});
  CHECK(IdsOf(a.documents, bob.authored) == Ids{"d"});

  // Attending counts members, staff, … and presenters (also of sub-items), in date order.
  CHECK(IdsOf(a.meetings, ann.attended) == Ids{"p2", "p1"});
  CHECK(IdsOf(a.meetings, ann.presented) == Ids{"p2", "p1"});
  CHECK(IdsOf(a.meetings, bob.attended) == Ids{"p2"});
  CHECK(IdsOf(a.meetings, bob.apologies) == Ids{"p1"});
  CHECK(ann.apologies.empty());
  CHECK(org.attended.empty());
}

TEST_CASE("an unknown reference suggests the closest id or the right kind") {
  MemoryFileSystem fs = BaseArchive();
  fs.Add("content/meetings/p1.yaml",
         MeetingYaml({.id = "p1",
                      .date = "2017-06-06",
                      .rest = "notes: |\n  [[rec:r1-6]], [[rec:p1]] and [[group:ann]].\n"}));
  BuildResult result = Check(fs, "content");
  CHECK(result.diagnostics.Format() ==
        "content/meetings/p1.yaml:14:3: error: unknown recommendation 'r1-6'\n"
        "   14 |   [[rec:r1-6]], [[rec:p1]] and [[group:ann]].\n"
        "      |   ^~~~~~~~~~~~\n"
        "      = hint: did you mean 'r1-1'?\n"
        "content/meetings/p1.yaml:14:17: error: unknown recommendation 'p1'\n"
        "   14 |   [[rec:r1-6]], [[rec:p1]] and [[group:ann]].\n"
        "      |                 ^~~~~~~~~~\n"
        "      = hint: 'p1' is a meeting; write [[meeting:p1]]\n"
        "content/meetings/p1.yaml:14:32: error: 'ann' is a person, not a group\n"
        "   14 |   [[rec:r1-6]], [[rec:p1]] and [[group:ann]].\n"
        "      |                                ^~~~~~~~~~~~~\n"
        "      = hint: write [[person:ann]]\n");
}

}  // namespace
}  // namespace annals
