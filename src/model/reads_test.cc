#include "model/reads.h"

#include <doctest/doctest.h>

#include <vector>

#include "model/archive.h"

namespace annals {
namespace {

using Reads = std::vector<Read>;

Archive ThreeMeetings() {
  Archive a;
  for (const char* id : {"m1", "m2", "m3"}) {
    Meeting m;
    m.id = id;
    a.meetings.push_back(std::move(m));
  }
  a.meetings_by_date.push_back(2);
  Person p;
  p.id = "ann";
  a.people.push_back(std::move(p));
  return a;
}

TEST_CASE("RecordVector logs each read on the calling thread's log, and only there") {
  const Archive a = ThreeMeetings();
  CHECK(a.meetings[1].id == "m2");  // no log: nothing to tell
  ReadLog log;
  {
    ReadLog::Scope scope(&log);
    CHECK(a.meetings[1].id == "m2");
    CHECK(a.meetings.at(2).id == "m3");
    CHECK(a.meetings[1].id == "m2");
    CHECK(a.people.size() == 1);
    CHECK(a.meetings_by_date[0] == 2);
  }
  CHECK(a.meetings[0].id == "m1");  // after the scope: not logged
  CHECK(log.Take() == Reads{{Kind::kPerson, ReadLevel::kList, -1},
                            {Kind::kMeeting, ReadLevel::kWhole, 1},
                            {Kind::kMeeting, ReadLevel::kWhole, 2},
                            {Kind::kMeeting, ReadLevel::kList, -1}});
  CHECK(log.Take().empty());
}

TEST_CASE("Iterating a RecordVector reads all of its records") {
  const Archive a = ThreeMeetings();
  ReadLog log;
  ReadLog::Scope scope(&log);
  int count = 0;
  for (const Meeting& m : a.meetings) count += !m.id.empty();
  CHECK(count == 3);
  CHECK(log.Take() == Reads{{Kind::kMeeting, ReadLevel::kAll, -1}});
  for (auto it = a.meetings_by_date.rbegin(); it != a.meetings_by_date.rend(); ++it) ++count;
  CHECK(log.Take() == Reads{{Kind::kMeeting, ReadLevel::kList, -1}});
}

TEST_CASE("A LinkRead logs the link alone, whatever is read to make it") {
  const Archive a = ThreeMeetings();
  ReadLog log;
  ReadLog::Scope scope(&log);
  {
    LinkRead link(Kind::kMeeting, 0);
    CHECK(a.meetings[0].id == "m1");
    CHECK(a.people[0].id == "ann");
  }
  CHECK(a.people[0].id == "ann");
  CHECK(log.Take() ==
        Reads{{Kind::kPerson, ReadLevel::kWhole, 0}, {Kind::kMeeting, ReadLevel::kLink, 0}});
}

TEST_CASE("ReadLog::Scope restores the log it replaced") {
  const Archive a = ThreeMeetings();
  ReadLog outer, inner;
  ReadLog::Scope outer_scope(&outer);
  {
    ReadLog::Scope inner_scope(&inner);
    CHECK(a.meetings[2].id == "m3");
  }
  CHECK(a.meetings[0].id == "m1");
  CHECK(inner.Take() == Reads{{Kind::kMeeting, ReadLevel::kWhole, 2}});
  CHECK(outer.Take() == Reads{{Kind::kMeeting, ReadLevel::kWhole, 0}});
}

TEST_CASE("ParallelReads logs every call's reads on the calling thread's log") {
  Archive a;
  for (int i = 0; i < 500; ++i) {
    Meeting m;
    m.id = "m" + std::to_string(i);
    a.meetings.push_back(std::move(m));
  }
  const Archive& archive = a;
  ReadLog log;
  ReadLog::Scope scope(&log);
  std::vector<int> sizes(500);
  ParallelReads(500, [&](size_t i) { sizes[i] = static_cast<int>(archive.meetings[i].id.size()); });
  const Reads reads = log.Take();
  REQUIRE(reads.size() == 500);
  for (int i = 0; i < 500; ++i) CHECK(reads[i] == Read{Kind::kMeeting, ReadLevel::kWhole, i});
  CHECK(sizes[499] == 4);
}

}  // namespace
}  // namespace annals
