#include "render/pages.h"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>

#include "render/paging.h"
#include "render/urls.h"
#include "util/digest.h"

namespace annals {

namespace {

// The layout's navigation sections; each page names the one it belongs to.
constexpr const char* kMeetings = "meetings";
constexpr const char* kRecommendations = "recommendations";
constexpr const char* kQuestions = "questions";
constexpr const char* kActions = "actions";
constexpr const char* kPeople = "people";
constexpr const char* kDocuments = "documents";

Json Crumb(const View& v, std::string_view to, std::string label) {
  return {{"href", v.Href(to)}, {"label", std::move(label)}};
}

// A page's common fields: its title, navigation section and breadcrumbs (Home first,
// then `trail`, then the page itself).
Page NewPage(const View& v, std::string template_name, std::string title, const char* section,
             Json trail = Json::array()) {
  Json crumbs = Json::array();
  crumbs.push_back(Crumb(v, "", "Home"));
  for (Json& crumb : trail) crumbs.push_back(std::move(crumb));
  crumbs.push_back({{"label", title}, {"current", true}});
  Json context = {{"title", std::move(title)},
                  {"section", section},
                  {"breadcrumbs", std::move(crumbs)},
                  {"description", ""}};
  return {v.page(), std::move(template_name), std::move(context)};
}

// An index cut into pages (render/paging.h).
struct PagedIndex {
  IndexRows rows;
  Paging paging;
};

// The first page of a paged index (or of a record's lists) is titled as the index (the
// record); the others say which page they are, and lead back to the first after `trail`.
Page NewIndexPage(const View& v, std::string template_name, const std::string& title,
                  const char* section, const PagedIndex& index, int number,
                  Json trail = Json::array()) {
  const Paging& paging = index.paging;
  if (number > 0) trail.push_back(Crumb(v, paging.Path(0), title));
  Page page = NewPage(v, std::move(template_name),
                      number == 0 ? title
                                  : title + ", page " + std::to_string(number + 1) + " of " +
                                        std::to_string(paging.pages()),
                      section, std::move(trail));
  page.context["pager"] = paging.Pager(v, number);
  return page;
}

// A group as the index's list of groups shows it on every page: {label, count, href}.
Json GroupLink(const View& v, const PagedIndex& index, int number, const IndexRows::Group& group) {
  return {{"label", group.label},
          {"count", group.end - group.begin},
          {"href", index.paging.GroupHref(v, number, group)}};
}

// A group on page `number`: {id, label, count, continued, <items>: [item(record) for each
// of its records on the page]}. A group carried on from an earlier page is marked so,
// its heading's id apart from the one links name.
template <typename Item>
Json GroupSection(const PagedIndex& index, int number, const IndexRows::Group& group,
                  const char* items_key, Item item) {
  const bool continued = index.paging.FirstPage(group) < number;
  Json items = Json::array();
  auto [first, end] = index.paging.Units(number);
  for (int u = std::max(first, group.begin); u < std::min(end, group.end); ++u)
    items.push_back(item(index.rows.units[u]));
  return {{"id", continued ? "continued-" + group.anchor : group.anchor},
          {"label", group.label},
          {"count", group.end - group.begin},
          {"continued", continued},
          {items_key, std::move(items)}};
}

PagedIndex MakeIndex(const Archive& a, const std::string& path, IndexRows rows) {
  Paging paging(path, rows.rows, a.settings.per_page);
  return {std::move(rows), std::move(paging)};
}

// A list that a record's page shows, as a group of an index: its records, each a row
// `row` makes. The lists of a kind of record are a table, in the order its page shows
// them, so that each list is named once.
template <typename Record>
struct RecordList {
  const char* anchor;  // the list's id on the page, and its field in the template's data
  const char* label;
  std::vector<int> Record::*records;
  bool always;  // shown, as none recorded, when empty; else only when it has records
  Json (*row)(const View& v, int record);
};

// The lists `lists` of `record` (at `path`), as an index whose pages are the record's.
template <typename Record, size_t kLists>
PagedIndex ListsOf(const Archive& a, const std::string& path, const Record& record,
                   const RecordList<Record> (&lists)[kLists]) {
  IndexRows rows;
  for (const RecordList<Record>& list : lists)
    if (list.always || !(record.*list.records).empty())
      rows.AddGroup(list.anchor, list.label, -1, record.*list.records, [](int) { return 1; });
  return MakeIndex(a, path, std::move(rows));
}

// Each of the lists on page `number` of a record's page, into `context` under its
// anchor: {id, label, count, continued, items}.
template <typename Record, size_t kLists>
void ListSections(const View& v, const PagedIndex& index, int number,
                  const RecordList<Record> (&lists)[kLists], Json& context) {
  for (const IndexRows::Group& group : index.rows.groups) {
    if (!index.paging.Shows(number, group)) continue;
    const RecordList<Record>& list =
        *std::find_if(std::begin(lists), std::end(lists),
                      [&](const RecordList<Record>& l) { return group.anchor == l.anchor; });
    context[group.anchor] = GroupSection(index, number, group, "items",
                                         [&](int record) { return list.row(v, record); });
  }
}

std::string YearAnchor(const PartialDate& date) {
  return date.has_year() ? "y" + std::to_string(date.year()) : "undated";
}

// ---------------------------------------------------------------------------------
// Meetings

Json AgendaItems(const View& v, const std::vector<AgendaItem>& items, const std::string& prefix) {
  Json out = Json::array();
  int n = 0;
  for (const AgendaItem& item : items) {
    std::string number = prefix + std::to_string(++n);
    Json refs = Json::array();
    for (const Ref& ref : item.refs) {
      Json link = v.Link(ref);
      link["kind"] = KindNoun(ref.kind);
      refs.push_back(std::move(link));
    }
    out.push_back({{"number", number},
                   {"anchor", "item-" + number},
                   {"title", item.title},
                   {"presenters", v.Links(item.presenters)},
                   {"refs", std::move(refs)},
                   {"notes_html", v.Html(item.notes, 3)},
                   {"items", AgendaItems(v, item.items, number + ".")}});
  }
  return out;
}

Json AttendanceLists(const View& v, const Meeting& m) {
  const struct {
    const char* label;
    const RefList& list;
  } categories[] = {{"Members", m.attendance.members},
                    {"Observers", m.attendance.observers},
                    {"ICANN org staff", m.attendance.staff},
                    {"Guests", m.attendance.guests},
                    {"Apologies", m.attendance.apologies}};
  Json out = Json::array();
  for (const auto& c : categories) {
    Json category = v.LinkList(c.list);
    category["label"] = c.label;
    out.push_back(std::move(category));
  }
  return out;
}

bool AttendanceRecorded(const Attendance& a) {
  return a.members || a.observers || a.staff || a.guests || a.apologies;
}

const char* MeetingKindLabel(MeetingKind kind) {
  switch (kind) {
    case MeetingKind::kPlenary:
      return "Plenary";
    case MeetingKind::kLeadership:
      return "Leadership meeting";
    case MeetingKind::kFaceToFace:
      return "Face-to-face meeting";
    case MeetingKind::kOther:
      break;
  }
  return "Meeting";
}

Json MeetingDocuments(const View& v, const Meeting& m) {
  Json out = Json::array();
  for (const MeetingDocument& d : m.documents) {
    if (d.doc) {
      Json link = v.Link(*d.doc);
      link["kind"] = v.archive().documents[d.doc->target].kind;
      out.push_back(std::move(link));
    } else {
      out.push_back({{"href", d.url.empty() ? Json(nullptr) : Json(d.url)},
                     {"label", d.title},
                     {"kind", d.kind},
                     {"external", true}});
    }
  }
  for (int d : m.related_documents) {
    Json link = v.Link({Kind::kDoc, d});
    link["kind"] = v.archive().documents[d].kind;
    if (std::find(out.begin(), out.end(), link) == out.end()) out.push_back(std::move(link));
  }
  return out;
}

Page MeetingPage(const Archive& a, int index) {
  const Meeting& m = a.meetings[index];
  View v(a, RecordPath(a, {Kind::kMeeting, index}));
  std::string label = RecordLabel(a, {Kind::kMeeting, index});
  std::string year = m.date.has_year() ? std::to_string(m.date.year()) : "Date not recorded";
  Page page = NewPage(v, "meeting", m.title, kMeetings,
                      Json::array({Crumb(v, "meetings/", "Meetings"),
                                   Crumb(v, "meetings/#" + YearAnchor(m.date), year)}));
  Json& c = page.context;
  c["title"] = m.title + " (" + m.date.ToDisplay() + ")";
  std::string agenda;
  for (const AgendaItem& item : m.agenda) agenda += (agenda.empty() ? "" : "; ") + item.title;
  c["description"] =
      label + ", " + m.date.ToDisplay() + "." + (agenda.empty() ? "" : " Agenda: " + agenda + ".");
  c["meeting"] = {{"id", m.id},
                  {"title", m.title},
                  {"label", label},
                  {"kind", MeetingKindName(m.kind)},
                  {"kind_label", MeetingKindLabel(m.kind)},
                  {"number", m.number ? Json(*m.number) : Json(nullptr)},
                  {"when", v.MeetingWhen(m)},
                  {"attendance", AttendanceLists(v, m)},
                  {"attendance_recorded", AttendanceRecorded(m.attendance)},
                  {"attendance_note_html", v.Html(m.attendance.note)},
                  {"agenda", AgendaItems(v, m.agenda, "")},
                  {"notes_html", v.Html(m.notes)},
                  {"note_html", v.Html(m.note)}};
  Json decisions = Json::array();
  for (const Markdown& d : m.decisions) decisions.push_back(v.Html(d, 3));
  c["decisions"] = std::move(decisions);
  c["documents"] = MeetingDocuments(v, m);
  Json raised = Json::array();
  for (int i : m.actions_raised) raised.push_back(v.ActionItemSummary(i));
  c["actions_raised"] = std::move(raised);
  Json updates = Json::array();
  for (const StatusUpdate& u : m.status_updates)
    updates.push_back({{"action", v.ActionItemSummary(u.action.target)},
                       {"status", ActionStatusName(u.status)},
                       {"status_label", ActionStatusLabel(u.status)},
                       {"note_html", v.Html(u.note, 3)}});
  c["status_updates"] = std::move(updates);
  Json briefings = Json::array();
  for (int b : m.briefings) {
    Json briefing = v.Link({Kind::kBriefing, b});
    briefing["area"] = a.briefings[b].area;
    Json questions = Json::array();
    for (int q : a.briefings[b].questions) questions.push_back(v.QuestionItem(q, true));
    briefing["questions"] = std::move(questions);
    briefings.push_back(std::move(briefing));
  }
  c["briefings"] = std::move(briefings);
  c["recommendations"] = v.Links(Kind::kRec, m.recommendations);
  c["previous"] = m.previous >= 0 ? v.MeetingItem(m.previous) : Json(nullptr);
  c["next"] = m.next >= 0 ? v.MeetingItem(m.next) : Json(nullptr);
  c["mentions"] = v.Mentions(m.mentioned_in);
  return page;
}

// The meetings by year, newest first: a reader looks for the latest meeting. Each a row.
IndexRows MeetingRows(const Archive& a) {
  const std::vector<int> newest(a.meetings_by_date.rbegin(), a.meetings_by_date.rend());
  auto year_of = [&](size_t i) { return YearAnchor(a.meetings[newest[i]].date); };
  IndexRows rows;
  for (size_t begin = 0, end; begin < newest.size(); begin = end) {
    const std::string anchor = year_of(begin);
    for (end = begin + 1; end < newest.size() && year_of(end) == anchor;) ++end;
    const PartialDate& date = a.meetings[newest[begin]].date;
    rows.AddGroup(anchor, date.has_year() ? std::to_string(date.year()) : "Date not recorded", -1,
                  std::vector<int>(newest.begin() + begin, newest.begin() + end),
                  [](int) { return 1; });
  }
  return rows;
}

// A page of the meetings index. Every page lists the years; a meeting's page links to
// its year as "meetings/#y2017" whatever page the year begins on, so on the first page
// a year whose heading is on a later page takes that id on its entry in the list, which
// leads on to the heading.
Page MeetingsIndex(const Archive& a, const PagedIndex& index, int number) {
  View v(a, index.paging.Path(number));
  Page page = NewIndexPage(v, "meetings", "Meetings", kMeetings, index, number);
  Json years = Json::array(), sections = Json::array();
  for (const IndexRows::Group& group : index.rows.groups) {
    Json year = GroupLink(v, index, number, group);
    const bool shown = index.paging.Shows(number, group);
    year["id"] = number == 0 && !shown ? Json(group.anchor) : Json(nullptr);
    years.push_back(std::move(year));
    if (shown)
      sections.push_back(
          GroupSection(index, number, group, "meetings", [&](int m) { return v.MeetingItem(m); }));
  }
  page.context["years"] = std::move(years);
  page.context["sections"] = std::move(sections);
  page.context["count"] = static_cast<int>(a.meetings.size());
  page.context["description"] =
      "All " + std::to_string(a.meetings.size()) + " meetings of the archive, by year.";
  return page;
}

// ---------------------------------------------------------------------------------
// Recommendations

// What a recommendation's page lists: the questions about it (each with its answers),
// the meetings and the action items that touched it. Long lists go on at
// "<its address>page/2/" and on, as a person's do.
constexpr RecordList<Recommendation> kRecommendationLists[] = {
    {"questions", "Questions", &Recommendation::questions, true,
     [](const View& v, int q) { return v.QuestionItem(q, true); }},
    {"meetings", "Meetings", &Recommendation::meetings, true,
     [](const View& v, int m) { return v.MeetingItem(m); }},
    {"actions", "Action items", &Recommendation::actions, true,
     [](const View& v, int i) { return v.ActionItemSummary(i); }},
};

PagedIndex RecommendationLists(const Archive& a, int index) {
  return ListsOf(a, RecordPath(a, {Kind::kRec, index}), a.recommendations[index],
                 kRecommendationLists);
}

// Page `number` of a recommendation's page: the first has its text and facts, each the
// parts of the lists that fall on it, the last the mentions.
Page RecommendationPage(const Archive& a, int index, int number) {
  const Recommendation& r = a.recommendations[index];
  const RecommendationSet& set = a.sets[r.set];
  const PagedIndex lists = RecommendationLists(a, index);
  const Paging& paging = lists.paging;
  View v(a, paging.Path(number));
  std::string label = RecordLabel(a, {Kind::kRec, index});
  Page page = NewIndexPage(
      v, "recommendation", label, kRecommendations, lists, number,
      Json::array({Crumb(v, "recommendations/", "Recommendations"), v.Link({Kind::kSet, r.set})}));
  Json& c = page.context;
  c["first_page"] = number == 0;
  c["description"] = label + ": " + v.Summary(r.text);
  ListSections(v, lists, number, kRecommendationLists, c);
  c["recommendation"] = {{"id", r.id},
                         {"number", r.number},
                         {"set", v.Link({Kind::kSet, r.set})},
                         {"set_title", set.title},
                         {"text_html", v.Html(r.text)},
                         {"status", r.status},
                         {"note_html", v.Html(r.note)},
                         {"areas", r.areas}};
  c["mentions"] = number + 1 == paging.pages() ? v.Mentions(r.mentioned_in) : Json::array();
  return page;
}

Json RecommendationRows(const View& v, const RecommendationSet& set) {
  const Archive& a = v.archive();
  Json rows = Json::array();
  for (int r : set.recommendations) {
    const Recommendation& rec = a.recommendations[r];
    Json row = v.Link({Kind::kRec, r});
    row["number"] = rec.number;
    row["summary"] = v.Summary(rec.text, 200);
    row["status"] = rec.status;
    row["question_count"] = static_cast<int>(rec.questions.size());
    row["meeting_count"] = static_cast<int>(rec.meetings.size());
    rows.push_back(std::move(row));
  }
  return rows;
}

Page SetPage(const Archive& a, int index) {
  const RecommendationSet& set = a.sets[index];
  View v(a, RecordPath(a, {Kind::kSet, index}));
  Page page = NewPage(v, "recommendation_set", set.title, kRecommendations,
                      Json::array({Crumb(v, "recommendations/", "Recommendations")}));
  page.context["description"] = v.Summary(set.description);
  page.context["set"] = {{"id", set.id},
                         {"title", set.title},
                         {"short_name", set.short_name},
                         {"description_html", v.Html(set.description)},
                         {"source", set.source ? v.Link(*set.source) : Json(nullptr)},
                         {"note_html", v.Html(set.note)}};
  page.context["recommendations"] = RecommendationRows(v, set);
  page.context["mentions"] = v.Mentions(set.mentioned_in);
  return page;
}

Page RecommendationsIndex(const Archive& a) {
  View v(a, "recommendations/");
  Page page = NewPage(v, "recommendations", "Recommendations", kRecommendations);
  Json sets = Json::array();
  for (int s = 0; s < static_cast<int>(a.sets.size()); ++s) {
    Json set = v.Link({Kind::kSet, s});
    set["title"] = a.sets[s].title;
    set["description_html"] = v.Html(a.sets[s].description);
    set["recommendations"] = RecommendationRows(v, a.sets[s]);
    sets.push_back(std::move(set));
  }
  page.context["sets"] = std::move(sets);
  page.context["description"] = "The recommendations the review team worked through, by set.";
  return page;
}

// ---------------------------------------------------------------------------------
// Briefings and questions

Page QuestionPage(const Archive& a, int index) {
  const Question& q = a.questions[index];
  View v(a, RecordPath(a, {Kind::kQuestion, index}));
  std::string label = RecordLabel(a, {Kind::kQuestion, index});
  Page page = NewPage(
      v, "question", label, kQuestions,
      Json::array({Crumb(v, "questions/", "Questions"), v.Link({Kind::kBriefing, q.briefing})}));
  Json& c = page.context;
  c["description"] = label + " (" + QuestionStatusLabel(q.status) + "): " + v.Summary(q.text);
  c["question"] = v.QuestionItem(index, true);
  c["question"]["area"] = a.briefings[q.briefing].area;
  c["question"]["repeats"] = q.repeats ? v.Link(*q.repeats) : Json(nullptr);
  c["question"]["repeated_by"] = v.Links(Kind::kQuestion, q.repeated_by);
  Json actions = Json::array();
  for (int i : q.actions) actions.push_back(v.ActionItemSummary(i));
  c["actions"] = std::move(actions);
  c["mentions"] = v.Mentions(q.mentioned_in);
  return page;
}

Page BriefingPage(const Archive& a, int index) {
  const Briefing& b = a.briefings[index];
  View v(a, RecordPath(a, {Kind::kBriefing, index}));
  Page page = NewPage(v, "briefing", b.title, kQuestions,
                      Json::array({Crumb(v, "briefings/", "Briefings")}));
  Json& c = page.context;
  c["description"] =
      b.area + ": " + std::to_string(b.questions.size()) + " questions. " + v.Summary(b.note, 100);
  Json questions = Json::array();
  for (int q : b.questions) questions.push_back(v.QuestionItem(q, true));
  c["briefing"] = {{"id", b.id},
                   {"title", b.title},
                   {"area", b.area},
                   {"to", v.LinkList(b.to)},
                   {"presenters", v.Links(b.presenters)},
                   {"meeting", b.meeting ? v.Link(*b.meeting) : Json(nullptr)},
                   {"asker", b.asker ? v.Link(*b.asker) : Json(nullptr)},
                   {"documents", v.Links(Kind::kDoc, b.related_documents)},
                   {"note_html", v.Html(b.note)}};
  c["questions"] = std::move(questions);
  c["mentions"] = v.Mentions(b.mentioned_in);
  return page;
}

// The questions by status; each a row.
IndexRows QuestionRows(const Archive& a) {
  constexpr QuestionStatus kStatuses[] = {QuestionStatus::kOpen, QuestionStatus::kAnswered,
                                          QuestionStatus::kReframed, QuestionStatus::kWithdrawn};
  std::vector<int> by_status[std::size(kStatuses)];
  for (int q = 0; q < static_cast<int>(a.questions.size()); ++q)
    by_status[static_cast<int>(a.questions[q].status)].push_back(q);
  IndexRows rows;
  for (QuestionStatus status : kStatuses)
    rows.AddGroup(QuestionStatusName(status), QuestionStatusLabel(status), -1,
                  by_status[static_cast<int>(status)], [](int) { return 1; });
  return rows;
}

Page QuestionsIndex(const Archive& a, const PagedIndex& index, int number) {
  View v(a, index.paging.Path(number));
  Page page = NewIndexPage(v, "questions", "Questions", kQuestions, index, number);
  Json statuses = Json::array(), sections = Json::array();
  for (const IndexRows::Group& group : index.rows.groups) {
    statuses.push_back(GroupLink(v, index, number, group));
    if (index.paging.Shows(number, group))
      sections.push_back(GroupSection(index, number, group, "questions",
                                      [&](int q) { return v.QuestionItem(q, false); }));
  }
  page.context["statuses"] = std::move(statuses);
  page.context["sections"] = std::move(sections);
  page.context["count"] = static_cast<int>(a.questions.size());
  page.context["briefings_href"] = v.Href("briefings/");
  page.context["description"] =
      "The " + std::to_string(a.questions.size()) + " questions the review team asked, by status.";
  return page;
}

// The briefings by area (the areas in the order their first briefing has), each a row
// and a row per question.
IndexRows BriefingRows(const Archive& a) {
  std::vector<std::string> areas;
  std::map<std::string, std::vector<int>> by_area;
  for (int b = 0; b < static_cast<int>(a.briefings.size()); ++b) {
    auto [it, added] = by_area.try_emplace(a.briefings[b].area);
    if (added) areas.push_back(a.briefings[b].area);
    it->second.push_back(b);
  }
  IndexRows rows;
  for (size_t i = 0; i < areas.size(); ++i)
    rows.AddGroup("area-" + std::to_string(i + 1), areas[i], -1, by_area[areas[i]],
                  [&](int b) { return 1 + static_cast<int>(a.briefings[b].questions.size()); });
  return rows;
}

Page BriefingsIndex(const Archive& a, const PagedIndex& index, int number) {
  View v(a, index.paging.Path(number));
  Page page = NewIndexPage(v, "briefings", "Briefings", kQuestions, index, number);
  Json areas = Json::array(), sections = Json::array();
  for (const IndexRows::Group& group : index.rows.groups) {
    // The list of areas is on the first page only: an archive may have as many areas as
    // pages.
    if (number == 0)
      areas.push_back({{"area", group.label}, {"href", index.paging.GroupHref(v, number, group)}});
    if (!index.paging.Shows(number, group)) continue;
    sections.push_back(GroupSection(index, number, group, "briefings", [&](int b) {
      const Briefing& briefing = a.briefings[b];
      int open = 0;
      for (int q : briefing.questions) open += a.questions[q].status == QuestionStatus::kOpen;
      Json item = v.Link({Kind::kBriefing, b});
      item["meeting"] = briefing.meeting ? v.Link(*briefing.meeting) : Json(nullptr);
      item["question_count"] = static_cast<int>(briefing.questions.size());
      item["open_count"] = open;
      Json questions = Json::array();
      for (int q : briefing.questions) questions.push_back(v.QuestionItem(q, false));
      item["questions"] = std::move(questions);
      return item;
    }));
  }
  page.context["areas"] = std::move(areas);
  page.context["areas_href"] = number == 0 ? Json(nullptr) : Json(v.Href(index.paging.Path(0)));
  page.context["sections"] = std::move(sections);
  page.context["questions_href"] = v.Href("questions/");
  page.context["description"] =
      "The briefings the review team received and the questions it "
      "asked in each, by briefing area.";
  return page;
}

// ---------------------------------------------------------------------------------
// Action items

Page ActionPage(const Archive& a, int index) {
  const ActionItem& item = a.actions[index];
  View v(a, RecordPath(a, {Kind::kAction, index}));
  std::string label = RecordLabel(a, {Kind::kAction, index});
  Page page =
      NewPage(v, "action", label, kActions, Json::array({Crumb(v, "actions/", "Action items")}));
  Json& c = page.context;
  c["description"] = label + " (" + ActionStatusLabel(item.status) + "): " + v.Summary(item.text);
  Json action = v.ActionItemSummary(index);
  action["text_html"] = v.Html(item.text);
  action["due_note"] = item.due_note;
  action["category"] = item.category;
  action["note_html"] = v.Html(item.note);
  if (item.completed)
    action["completed"] = {{"date", v.Date(item.completed->date)},
                           {"response_html", v.Html(item.completed->response)}};
  else
    action["completed"] = nullptr;
  c["action"] = std::move(action);
  Json history = Json::array();
  for (const StatusEntry& entry : item.history) {
    const Meeting& m = a.meetings[entry.meeting];
    const StatusUpdate* update = entry.update >= 0 ? &m.status_updates[entry.update] : nullptr;
    history.push_back({{"meeting", v.MeetingItem(entry.meeting)},
                       {"raised", update == nullptr},
                       {"status", ActionStatusName(entry.status)},
                       {"status_label", ActionStatusLabel(entry.status)},
                       {"note_html", update ? v.Html(update->note, 3) : ""}});
  }
  c["history"] = std::move(history);
  c["questions"] = v.Links(item.questions);
  c["recommendations"] = v.Links(item.recommendations);
  c["mentions"] = v.Mentions(item.mentioned_in);
  return page;
}

// The action items by status (overdue, open, done, dropped), then by owner (by name,
// unknown owners last); each a row in each.
IndexRows ActionRows(const Archive& a) {
  std::vector<int> overdue, open, done, dropped;
  std::map<int, std::vector<int>> by_owner;  // owner index (-1: not recorded) -> items
  for (int i = 0; i < static_cast<int>(a.actions.size()); ++i) {
    const ActionItem& item = a.actions[i];
    switch (item.status) {
      case ActionStatus::kOpen:
      case ActionStatus::kInProgress:
        (item.overdue ? overdue : open).push_back(i);
        break;
      case ActionStatus::kDone:
        done.push_back(i);
        break;
      case ActionStatus::kDropped:
        dropped.push_back(i);
        break;
    }
    if (!item.owners || item.owners->empty())
      by_owner[-1].push_back(i);
    else
      for (const Ref& owner : *item.owners) by_owner[owner.target].push_back(i);
  }
  auto one = [](int) { return 1; };
  IndexRows rows;
  rows.AddGroup("overdue", "Overdue", -1, overdue, one);
  rows.AddGroup("open", "Open, not overdue", -1, open, one);
  rows.AddGroup("done", "Done", -1, done, one);
  rows.AddGroup("dropped", "Dropped", -1, dropped, one);
  std::vector<int> owners;
  for (const auto& [owner, items] : by_owner)
    if (owner >= 0) owners.push_back(owner);
  std::sort(owners.begin(), owners.end(), [&](int x, int y) {
    return std::tie(a.people[x].name, a.people[x].id) < std::tie(a.people[y].name, a.people[y].id);
  });
  for (int owner : owners)
    rows.AddGroup("owner-" + a.people[owner].id, a.people[owner].name, owner, by_owner[owner], one);
  if (by_owner.count(-1))
    rows.AddGroup("owner-not-recorded", "Owner not recorded", -1, by_owner[-1], one);
  return rows;
}

constexpr size_t kActionStatusGroups = 4;  // the groups of ActionRows before the owners

Page ActionsIndex(const Archive& a, const PagedIndex& index, int number) {
  View v(a, index.paging.Path(number));
  Page page = NewIndexPage(v, "actions", "Action items", kActions, index, number);
  Json& c = page.context;
  const std::vector<IndexRows::Group>& groups = index.rows.groups;
  Json statuses = Json::array(), sections = Json::array(), owners = Json::array();
  for (size_t g = 0; g < groups.size(); ++g) {
    const IndexRows::Group& group = groups[g];
    const bool by_owner = g >= kActionStatusGroups;
    if (!by_owner) statuses.push_back(GroupLink(v, index, number, group));
    if (!index.paging.Shows(number, group)) continue;
    Json section = GroupSection(index, number, group, "actions",
                                [&](int i) { return v.ActionItemSummary(i); });
    if (by_owner && group.record >= 0) {
      Json link = v.Link({Kind::kPerson, group.record});
      section["label"] = link["label"];
      section["href"] = link["href"];
    }
    (by_owner ? owners : sections).push_back(std::move(section));
  }
  // "By owner" heads the owners from the page of the first.
  IndexRows::Group by_owner{"by-owner", "By owner", -1, 0, 0};
  if (groups.size() > kActionStatusGroups)
    by_owner.begin = by_owner.end = groups[kActionStatusGroups].begin;
  else
    by_owner.begin = by_owner.end = static_cast<int>(index.rows.units.size());
  c["as_of"] = v.Date(a.settings.as_of);
  c["statuses"] = std::move(statuses);
  c["by_owner_href"] = index.paging.GroupHref(v, number, by_owner);
  c["sections"] = std::move(sections);
  const bool owners_begin_here = index.paging.FirstPage(by_owner) == number;
  c["by_owner"] = owners.empty() && !owners_begin_here
                      ? Json(nullptr)
                      : Json{{"id", owners_begin_here ? "by-owner" : "continued-by-owner"},
                             {"continued", !owners_begin_here},
                             {"owners", std::move(owners)}};
  c["count"] = static_cast<int>(a.actions.size());
  c["description"] = "The review team's " + std::to_string(a.actions.size()) +
                     " action items: overdue, open, done, and by owner.";
  return page;
}

// ---------------------------------------------------------------------------------
// People, documents

// What a person's page lists: those always shown, as none recorded when empty, and those
// shown when not. A member who attended 10,000 meetings has a page of pages,
// "people/<id>/page/2/" and on, as a long index has. Which list goes on to which page
// follows from the person read whole.
constexpr RecordList<Person> kPersonLists[] = {
    {"owns", "Action items owned", &Person::owns, true,
     [](const View& v, int i) { return v.ActionItemSummary(i); }},
    {"asked", "Questions asked", &Person::asked, true,
     [](const View& v, int q) { return v.QuestionItem(q, false); }},
    {"answered", "Questions answered", &Person::answered, false,
     [](const View& v, int q) { return v.QuestionItem(q, false); }},
    {"briefed", "Briefings received questions", &Person::briefed, false,
     [](const View& v, int b) {
       return v.Link({Kind::kBriefing, b});
     }},
    {"attended", "Meetings attended", &Person::attended, true,
     [](const View& v, int m) { return v.MeetingItem(m); }},
    {"presented", "Presented at", &Person::presented, false,
     [](const View& v, int m) { return v.MeetingItem(m); }},
    {"apologies", "Sent apologies", &Person::apologies, false,
     [](const View& v, int m) { return v.MeetingItem(m); }},
    {"authored", "Documents", &Person::authored, false,
     [](const View& v, int d) {
       return v.Link({Kind::kDoc, d});
     }},
};

PagedIndex PersonLists(const Archive& a, int index) {
  return ListsOf(a, RecordPath(a, {Kind::kPerson, index}), a.people[index], kPersonLists);
}

// Page `number` of a person's page. The first has the person's facts, note and members;
// each has the parts of the lists that fall on it; the last has the mentions.
Page PersonPage(const Archive& a, int index, int number) {
  const Person& p = a.people[index];
  const PagedIndex lists = PersonLists(a, index);
  const Paging& paging = lists.paging;
  View v(a, paging.Path(number));
  Page page = NewIndexPage(v, "person", p.name, kPeople, lists, number,
                           Json::array({Crumb(v, "people/", "People")}));
  Json& c = page.context;
  c["first_page"] = number == 0;
  c["description"] = p.name + (p.role.empty() ? "" : ", " + p.role) +
                     (p.title.empty() ? "" : " (" + p.title + ")") + ".";
  c["person"] = {{"id", p.id},
                 {"name", p.name},
                 {"is_group", p.is_group},
                 {"initials", p.initials},
                 {"role", p.role},
                 {"title", p.title},
                 {"part_of", p.part_of ? v.Link(*p.part_of) : Json(nullptr)},
                 {"has_facts", !p.initials.empty() || !p.role.empty() || !p.title.empty() ||
                                   p.part_of.has_value()},
                 {"note_html", v.Html(p.note)}};
  c["members"] = number == 0 ? v.Links(Kind::kPerson, p.members) : Json::array();
  ListSections(v, lists, number, kPersonLists, c);
  c["mentions"] = number + 1 == paging.pages() ? v.Mentions(p.mentioned_in) : Json::array();
  return page;
}

Page PeopleIndex(const Archive& a) {
  View v(a, "people/");
  Page page = NewPage(v, "people", "People and groups", kPeople);
  Json people = Json::array(), groups = Json::array();
  for (int i = 0; i < static_cast<int>(a.people.size()); ++i) {
    const Person& p = a.people[i];
    Json item = v.Link({Kind::kPerson, i});
    item["initials"] = p.initials;
    item["role"] = p.role;
    item["title"] = p.title;
    item["part_of"] = p.part_of ? v.Link(*p.part_of) : Json(nullptr);
    item["owns_count"] = static_cast<int>(p.owns.size());
    item["asked_count"] = static_cast<int>(p.asked.size());
    item["attended_count"] = static_cast<int>(p.attended.size());
    (p.is_group ? groups : people).push_back(std::move(item));
  }
  page.context["sections"] =
      Json::array({{{"anchor", "people"}, {"label", "People"}, {"rows", std::move(people)}},
                   {{"anchor", "groups"}, {"label", "Groups"}, {"rows", std::move(groups)}}});
  page.context["description"] = "The people and groups named in the archive.";
  return page;
}

Page DocumentPage(const Archive& a, int index) {
  const Document& d = a.documents[index];
  View v(a, RecordPath(a, {Kind::kDoc, index}));
  Page page = NewPage(v, "document", d.title, kDocuments,
                      Json::array({Crumb(v, "documents/", "Documents")}));
  page.context["description"] = v.Summary(d.body);
  page.context["document"] = {{"id", d.id},
                              {"title", d.title},
                              {"kind", d.kind},
                              {"author", d.author ? v.Link(*d.author) : Json(nullptr)},
                              {"date", v.Date(d.date)},
                              {"briefing", d.briefing ? v.Link(*d.briefing) : Json(nullptr)},
                              {"meeting", d.meeting ? v.Link(*d.meeting) : Json(nullptr)},
                              {"url", d.url},
                              {"body_html", v.Html(d.body, 1)},
                              {"note_html", v.Html(d.note)}};
  page.context["answers_in"] = v.Links(Kind::kQuestion, d.answers_in);
  page.context["mentions"] = v.Mentions(d.mentioned_in);
  return page;
}

Page DocumentsIndex(const Archive& a) {
  View v(a, "documents/");
  Page page = NewPage(v, "documents", "Documents", kDocuments);
  Json documents = Json::array();
  for (int i = 0; i < static_cast<int>(a.documents.size()); ++i) {
    const Document& d = a.documents[i];
    Json item = v.Link({Kind::kDoc, i});
    item["kind"] = d.kind;
    item["author"] = d.author ? v.Link(*d.author) : Json(nullptr);
    item["date"] = v.Date(d.date);
    item["summary"] = v.Summary(d.body, 200);
    documents.push_back(std::move(item));
  }
  page.context["documents"] = std::move(documents);
  page.context["description"] = "Statements, answers, presentations and reports in the archive.";
  return page;
}

// ---------------------------------------------------------------------------------
// Home, 404, redirects

Page HomePage(const Archive& a) {
  View v(a, "");
  Page page = NewPage(v, "home", a.settings.title, "home");
  page.context["breadcrumbs"] = Json::array();
  Json& c = page.context;
  c["is_home"] = true;
  c["meetings_href"] = v.Href("meetings/");
  const ArchiveSettings& s = a.settings;
  c["description"] = v.Summary(s.description);
  c["archive"] = {{"title", s.title},
                  {"review", s.review},
                  {"description_html", v.Html(s.description, 1)},
                  {"as_of", v.Date(s.as_of)}};
  // The home page shows at most a page's rows of open items; the indexes show them all.
  const size_t shown = static_cast<size_t>(a.settings.per_page);
  const PagedIndex questions = MakeIndex(a, "questions/", QuestionRows(a));
  const PagedIndex actions = MakeIndex(a, "actions/", ActionRows(a));
  int open = 0, overdue = 0, answered = 0, unanswered = 0;
  std::vector<int> open_items;
  for (int i = 0; i < static_cast<int>(a.actions.size()); ++i) {
    const ActionItem& item = a.actions[i];
    bool is_open = item.status == ActionStatus::kOpen || item.status == ActionStatus::kInProgress;
    open += is_open;
    overdue += item.overdue;
    if (is_open) open_items.push_back(i);
  }
  // Overdue items first: they are what a reader of the tracker looks for.
  std::stable_partition(open_items.begin(), open_items.end(),
                        [&](int i) { return a.actions[i].overdue; });
  Json open_actions = Json::array();
  for (size_t i = 0; i < std::min(shown, open_items.size()); ++i)
    open_actions.push_back(v.ActionItemSummary(open_items[i]));
  std::vector<std::pair<int, int>> briefings_with_unanswered;  // (briefing, open questions)
  for (int b = 0; b < static_cast<int>(a.briefings.size()); ++b) {
    int count = 0;
    for (int q : a.briefings[b].questions) {
      QuestionStatus status = a.questions[q].status;
      count += status == QuestionStatus::kOpen;
      answered += status == QuestionStatus::kAnswered;
    }
    unanswered += count;
    if (count > 0) briefings_with_unanswered.emplace_back(b, count);
  }
  Json unanswered_by_briefing = Json::array();
  for (size_t i = 0; i < std::min(shown, briefings_with_unanswered.size()); ++i) {
    auto [b, count] = briefings_with_unanswered[i];
    Json item = v.Link({Kind::kBriefing, b});
    item["open_count"] = count;
    item["area"] = a.briefings[b].area;
    unanswered_by_briefing.push_back(std::move(item));
  }
  // Where each count's list is: the first page showing its group.
  auto group_href = [&](const PagedIndex& index, std::string_view anchor) {
    for (const IndexRows::Group& group : index.rows.groups)
      if (group.anchor == anchor)
        return v.Href(index.paging.Path(index.paging.FirstPage(group)) + "#" + group.anchor);
    return v.Href(index.paging.Path(0));
  };
  // Where the home page shows only part of a list, a link to all of it: the open items
  // in the tracker, the unanswered questions under "Open" in the questions index.
  auto more = [](bool cut, int all, std::string href) {
    return cut ? Json{{"count", all}, {"href", std::move(href)}} : Json(nullptr);
  };
  c["more_open_actions"] =
      more(open_items.size() > open_actions.size(), open, group_href(actions, "overdue"));
  c["more_unanswered"] = more(briefings_with_unanswered.size() > unanswered_by_briefing.size(),
                              unanswered, group_href(questions, "open"));
  Json latest = Json::array();
  const int kLatest = 5;
  for (auto it = a.meetings_by_date.rbegin();
       it != a.meetings_by_date.rend() && static_cast<int>(latest.size()) < kLatest; ++it)
    latest.push_back(v.MeetingItem(*it));
  auto count = [](const char* label, int n, std::string href) {
    return Json{{"label", label}, {"count", n}, {"href", std::move(href)}};
  };
  c["counts"] =
      Json::array({count("Meetings", static_cast<int>(a.meetings.size()), v.Href("meetings/")),
                   count("Recommendations", static_cast<int>(a.recommendations.size()),
                         v.Href("recommendations/")),
                   count("Questions", static_cast<int>(a.questions.size()), v.Href("questions/")),
                   count("Answered questions", answered, group_href(questions, "answered")),
                   count("Action items", static_cast<int>(a.actions.size()), v.Href("actions/")),
                   count("Open action items", open, group_href(actions, "open")),
                   count("Overdue action items", overdue, group_href(actions, "overdue")),
                   count("People and groups", static_cast<int>(a.people.size()), v.Href("people/")),
                   count("Documents", static_cast<int>(a.documents.size()), v.Href("documents/"))});
  c["latest_meetings"] = std::move(latest);
  c["open_actions"] = std::move(open_actions);
  c["open_action_count"] = open;
  c["unanswered_count"] = unanswered;
  c["unanswered_by_briefing"] = std::move(unanswered_by_briefing);
  return page;
}

Page NotFoundPage(const Archive& a) {
  View v(a, "");
  Page page = NewPage(v, "not_found", "Page not found", "");
  page.path = "404.html";
  page.context["breadcrumbs"] = Json::array();
  page.context["description"] = "There is no page at this address.";
  return page;
}

template <typename Records>
void AddRedirects(const Archive& a, Kind kind, const Records& records, std::vector<Page>& pages) {
  for (int i = 0; i < static_cast<int>(records.size()); ++i) {
    if (records[i].aliases.empty()) continue;
    // A person's further pages (PersonLists) move with the first.
    const int count = kind == Kind::kPerson ? PersonLists(a, i).paging.pages() : 1;
    for (const Ref& alias : records[i].aliases)
      for (int number = 0; number < count; ++number) {
        View v(a, IndexPagePath(RecordPathFor(kind, alias.id), number));
        Page page = NewPage(v, "redirect", RecordLabel(a, {kind, i}) + " has moved", "");
        page.context["breadcrumbs"] = Json::array();
        page.context["target"] = v.Link({kind, i});
        if (number > 0)
          page.context["target"] = {
              {"href", v.Href(IndexPagePath(RecordPath(a, {kind, i}), number))},
              {"label", RecordLabel(a, {kind, i}) + ", page " + std::to_string(number + 1)}};
        page.context["old_id"] = alias.id;
        page.context["kind"] = KindNoun(kind);
        page.context["description"] = "This page has moved.";
        pages.push_back(std::move(page));
      }
  }
}

// The pages left at addresses that no record produces any more: a redirect where the
// content says the page moved, a notice where it says the page was withdrawn. Each
// stays out of search engines' indexes.
void AddAddressChanges(const Archive& a, std::vector<Page>& pages) {
  for (const AddressChange& change : a.settings.moved) {
    if (!change.to || change.to->target < 0) continue;
    RecordId to{change.to->kind, change.to->target};
    View v(a, change.address);
    Page page = NewPage(v, "redirect", RecordLabel(a, to) + " has moved", "");
    page.context["breadcrumbs"] = Json::array();
    page.context["target"] = v.Link(to);
    page.context["old_id"] = change.address;
    page.context["kind"] = "page";
    page.context["description"] = "This page has moved.";
    pages.push_back(std::move(page));
  }
  for (const AddressChange& change : a.settings.withdrawn) {
    if (!change.is_page()) continue;
    View v(a, change.address);
    Page page = NewPage(v, "withdrawn", "Withdrawn: " + change.address, "");
    page.context["breadcrumbs"] = Json::array();
    page.context["address"] = change.address;
    page.context["date"] = v.Date(change.date);
    page.context["reason_html"] = v.Html(change.reason, 1);
    page.context["home_href"] = v.Href("");
    page.context["description"] = "The page once published at this address was withdrawn.";
    page.context["noindex"] = true;
    pages.push_back(std::move(page));
  }
}

// Plans each page of the index at `path`, whose units are records of `kind`. A page's
// key (PagePlan::key) names what it shows of the index as a whole (each group's heading,
// size and first page; how many pages) and the records on it.
void PlanIndex(const Archive& a, const char* path, const char* template_name, Kind kind,
               IndexRows rows, Page (*build)(const Archive&, const PagedIndex&, int),
               std::vector<PagePlan>& plans) {
  auto index = std::make_shared<const PagedIndex>(MakeIndex(a, path, std::move(rows)));
  const Paging& paging = index->paging;
  std::string whole = std::to_string(paging.pages()) + "\n";
  for (const IndexRows::Group& group : index->rows.groups)
    whole += group.anchor + "\n" + group.label + "\n" + std::to_string(group.end - group.begin) +
             " " + std::to_string(paging.FirstPage(group)) + "\n";
  auto whole_sum = std::make_shared<const std::string>(Sha256Hex(whole));
  for (int number = 0; number < paging.pages(); ++number) {
    auto key = [&a, index, kind, whole_sum, number] {
      std::string key = *whole_sum + " " + std::to_string(number);
      auto [first, end] = index->paging.Units(number);
      for (int u = first; u < end; ++u) key += " " + RecordPath(a, {kind, index->rows.units[u]});
      return key;
    };
    plans.push_back({paging.Path(number), template_name,
                     [&a, index, build, number] { return build(a, *index, number); },
                     /*reusable=*/true, std::move(key)});
  }
}

// `build` is a template argument so that each plan's function holds only the archive and
// the index, which std::function keeps without allocating: 174,000 plans at 10,000
// meetings.
template <Page (*build)(const Archive&, int), typename Records>
void PlanEach(const Archive& a, Kind kind, const Records& records, const char* template_name,
              std::vector<PagePlan>& plans) {
  for (int i = 0; i < static_cast<int>(records.size()); ++i)
    plans.push_back(
        {RecordPath(a, {kind, i}), template_name, [&a, i] { return build(a, i); }, true, {}});
}

// The pages of each record whose lists (`lists`) may go on over several pages, as `build`
// makes them. Each reads its record whole, which decides what goes on which page.
template <PagedIndex (*lists)(const Archive&, int), Page (*build)(const Archive&, int, int),
          typename Records>
void PlanPagesOf(const Archive& a, const Records& records, const char* template_name,
                 std::vector<PagePlan>& plans) {
  for (int i = 0; i < static_cast<int>(records.size()); ++i) {
    const Paging paging = lists(a, i).paging;
    for (int number = 0; number < paging.pages(); ++number)
      plans.push_back({paging.Path(number),
                       template_name,
                       [&a, i, number] { return build(a, i, number); },
                       true,
                       {}});
  }
}

}  // namespace

std::vector<PagePlan> PlanPages(const Archive& a) {
  std::vector<PagePlan> plans;
  auto plan = [&](const char* path, const char* template_name, Page (*build)(const Archive&)) {
    plans.push_back({path, template_name, [&a, build] { return build(a); }, true, nullptr});
  };
  plan("", "home", HomePage);
  PlanIndex(a, "meetings/", "meetings", Kind::kMeeting, MeetingRows(a), MeetingsIndex, plans);
  PlanEach<MeetingPage>(a, Kind::kMeeting, a.meetings, "meeting", plans);
  plan("recommendations/", "recommendations", RecommendationsIndex);
  PlanEach<SetPage>(a, Kind::kSet, a.sets, "recommendation_set", plans);
  PlanPagesOf<RecommendationLists, RecommendationPage>(a, a.recommendations, "recommendation",
                                                       plans);
  PlanIndex(a, "questions/", "questions", Kind::kQuestion, QuestionRows(a), QuestionsIndex, plans);
  PlanEach<QuestionPage>(a, Kind::kQuestion, a.questions, "question", plans);
  PlanIndex(a, "briefings/", "briefings", Kind::kBriefing, BriefingRows(a), BriefingsIndex, plans);
  PlanEach<BriefingPage>(a, Kind::kBriefing, a.briefings, "briefing", plans);
  PlanIndex(a, "actions/", "actions", Kind::kAction, ActionRows(a), ActionsIndex, plans);
  PlanEach<ActionPage>(a, Kind::kAction, a.actions, "action", plans);
  plan("people/", "people", PeopleIndex);
  PlanPagesOf<PersonLists, PersonPage>(a, a.people, "person", plans);
  plan("documents/", "documents", DocumentsIndex);
  PlanEach<DocumentPage>(a, Kind::kDoc, a.documents, "document", plans);
  plan("404.html", "not_found", NotFoundPage);
  // The redirects and notices are small: built now.
  std::vector<Page> small;
  AddRedirects(a, Kind::kPerson, a.people, small);
  AddRedirects(a, Kind::kSet, a.sets, small);
  AddRedirects(a, Kind::kMeeting, a.meetings, small);
  AddRedirects(a, Kind::kAction, a.actions, small);
  AddRedirects(a, Kind::kBriefing, a.briefings, small);
  AddRedirects(a, Kind::kQuestion, a.questions, small);
  AddRedirects(a, Kind::kDoc, a.documents, small);
  AddAddressChanges(a, small);
  for (Page& page : small) {
    std::string path = page.path, template_name = page.template_name;
    plans.push_back({std::move(path),
                     std::move(template_name),
                     [page = std::move(page)] { return page; },
                     /*reusable=*/false,
                     {}});
  }
  plans.shrink_to_fit();  // a vector grown by doubling may be half empty
  return plans;
}

}  // namespace annals
