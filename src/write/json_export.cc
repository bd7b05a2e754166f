#include "write/json_export.h"

#include <nlohmann/json.hpp>

namespace annals {

namespace {

using Json = nlohmann::ordered_json;

Json RefJson(const std::optional<Ref>& ref) { return ref ? Json(ref->id) : Json(nullptr); }

Json RefsJson(const std::vector<Ref>& refs) {
  Json out = Json::array();
  for (const Ref& r : refs) out.push_back(r.id);
  return out;
}

Json RefListJson(const RefList& list) { return list ? RefsJson(*list) : Json(nullptr); }

Json DateJson(const PartialDate& d) {
  return d.precision() == PartialDate::Precision::kNotRecorded ? Json(nullptr) : Json(d.ToString());
}

Json IdsJson(const Archive& a, Kind kind, const std::vector<int>& indices) {
  Json out = Json::array();
  for (int i : indices) out.push_back(a.IdOf({kind, i}));
  return out;
}

Json MentionsJson(const Archive& a, const std::vector<RecordId>& mentions) {
  Json out = Json::array();
  for (RecordId r : mentions) out.push_back(std::string(KindKeyword(r.kind)) + ":" + a.IdOf(r));
  return out;
}

// The record at each position of a kind's array is the one at that index.
int Same(size_t i) { return static_cast<int>(i); }

Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json AgendaJson(const std::vector<AgendaItem>& items) {
  Json out = Json::array();
  for (const AgendaItem& item : items) {
    Json refs = Json::array();
    for (const Ref& r : item.refs) refs.push_back(std::string(KindKeyword(r.kind)) + ":" + r.id);
    out.push_back({{"title", item.title},
                   {"presenters", RefsJson(item.presenters)},
                   {"refs", refs},
                   {"notes", item.notes.Text()},
                   {"items", AgendaJson(item.items)}});
  }
  return out;
}

Json CountsJson(const Archive& a) {
  int open = 0, overdue = 0, done = 0, answers = 0, groups = 0;
  for (const ActionItem& item : a.actions) {
    open += item.status == ActionStatus::kOpen || item.status == ActionStatus::kInProgress;
    done += item.status == ActionStatus::kDone;
    overdue += item.overdue;
  }
  int by_status[4] = {0, 0, 0, 0};
  for (const Question& q : a.questions) {
    ++by_status[static_cast<int>(q.status)];
    answers += static_cast<int>(q.answers.size());
  }
  for (const Person& p : a.people) groups += p.is_group;
  return {{"meetings", a.meetings.size()},
          {"action_items", a.actions.size()},
          {"action_items_open", open},
          {"action_items_overdue", overdue},
          {"action_items_done", done},
          {"briefings", a.briefings.size()},
          {"questions", a.questions.size()},
          {"questions_open", by_status[0]},
          {"questions_answered", by_status[1]},
          {"questions_reframed", by_status[2]},
          {"questions_withdrawn", by_status[3]},
          {"answers", answers},
          {"recommendation_sets", a.sets.size()},
          {"recommendations", a.recommendations.size()},
          {"people", a.people.size() - groups},
          {"groups", groups},
          {"documents", a.documents.size()}};
}

// The document root.dump(2) would give, written one top-level field and one array
// element at a time, so that only one record is held as JSON at once. Each element is a
// piece named after its record.
class JsonWriter {
 public:
  JsonWriter(const Archive& a, ByteOut& out, const MakePiece& piece)
      : a_(a), out_(out), piece_(piece) {}

  // A field whose value is written whole.
  void Field(const char* key, const Json& value) {
    Key(key);
    out_.Append(Indented(value, 1));
  }
  // A field holding an array of the records of `kind` at `count` positions, each made by
  // `element(index)` when due from the index `index_of(position)` gives.
  template <typename IndexOf, typename Element>
  void Array(const char* key, Kind kind, size_t count, const IndexOf& index_of,
             const Element& element) {
    Key(key);
    if (count == 0) {
      out_.Append("[]");
      return;
    }
    out_.Append("[\n");
    for (size_t i = 0; i < count; ++i) {
      out_.Append("    ");
      const int index = index_of(i);
      piece_(std::string(KindKeyword(kind)) + ":" + a_.IdOf({kind, index}),
             [&] { return Indented(element(index), 2); });
      out_.Append(i + 1 < count ? ",\n" : "\n");
    }
    out_.Append("  ]");
  }
  void Finish() { out_.Append(out_.size() == 0 ? "{}\n" : "\n}\n"); }

 private:
  void Key(const char* key) {
    out_.Append(out_.size() == 0 ? "{\n  " : ",\n  ");
    out_.Append(Json(key).dump() + ": ");
  }
  // `value` as dump(2) writes it `depth` levels deep: each line after the first
  // indented by two spaces a level. Strings never hold a raw line break.
  static std::string Indented(const Json& value, int depth) {
    const std::string text = value.dump(2);
    const std::string indent(2 * depth, ' ');
    std::string out;
    size_t start = 0;
    for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
      out.append(text, start, end + 1 - start);
      out += indent;
    }
    out.append(text, start);
    return out;
  }
  const Archive& a_;
  ByteOut& out_;
  const MakePiece& piece_;
};

}  // namespace

void ArchiveToJson(const Archive& a, ByteOut& out, const MakePiece& piece) {
  const ArchiveSettings& s = a.settings;
  JsonWriter root(a, out, piece);
  root.Field("archive", {{"title", s.title},
                         {"review", s.review},
                         {"description", s.description.Text()},
                         {"publisher", s.publisher},
                         {"language", s.language},
                         {"licence", OrNull(s.licence)},
                         {"base_url", OrNull(s.base_url)},
                         {"time_zone", s.time_zone},
                         {"as_of", DateJson(s.as_of)},
                         {"allow_html", s.allow_html}});
  root.Field("counts", CountsJson(a));

  root.Array("people", Kind::kPerson, a.people.size(), Same, [&](int i) {
    const Person& p = a.people[i];
    return Json{{"id", p.id},
                {"name", p.name},
                {"kind", p.is_group ? "group" : "person"},
                {"initials", OrNull(p.initials)},
                {"role", OrNull(p.role)},
                {"title", OrNull(p.title)},
                {"part_of", RefJson(p.part_of)},
                {"note", p.note.Text()},
                {"aliases", RefsJson(p.aliases)},
                {"members", IdsJson(a, Kind::kPerson, p.members)},
                {"owns", IdsJson(a, Kind::kAction, p.owns)},
                {"asked", IdsJson(a, Kind::kQuestion, p.asked)},
                {"answered", IdsJson(a, Kind::kQuestion, p.answered)},
                {"briefed", IdsJson(a, Kind::kBriefing, p.briefed)},
                {"presented", IdsJson(a, Kind::kMeeting, p.presented)},
                {"attended", IdsJson(a, Kind::kMeeting, p.attended)},
                {"apologies", IdsJson(a, Kind::kMeeting, p.apologies)},
                {"authored", IdsJson(a, Kind::kDoc, p.authored)},
                {"mentioned_in", MentionsJson(a, p.mentioned_in)}};
  });

  root.Array("recommendation_sets", Kind::kSet, a.sets.size(), Same, [&](int i) {
    const RecommendationSet& set = a.sets[i];
    return Json{{"id", set.id},
                {"title", set.title},
                {"short", set.short_name},
                {"description", set.description.Text()},
                {"source", RefJson(set.source)},
                {"note", set.note.Text()},
                {"aliases", RefsJson(set.aliases)},
                {"recommendations", IdsJson(a, Kind::kRec, set.recommendations)}};
  });

  root.Array("recommendations", Kind::kRec, a.recommendations.size(), Same, [&](int i) {
    const Recommendation& r = a.recommendations[i];
    return Json{{"id", r.id},
                {"set", a.IdOf({Kind::kSet, r.set})},
                {"number", r.number},
                {"text", r.text.Text()},
                {"status", OrNull(r.status)},
                {"note", r.note.Text()},
                {"areas", r.areas},
                {"questions", IdsJson(a, Kind::kQuestion, r.questions)},
                {"meetings", IdsJson(a, Kind::kMeeting, r.meetings)},
                {"action_items", IdsJson(a, Kind::kAction, r.actions)},
                {"mentioned_in", MentionsJson(a, r.mentioned_in)}};
  });

  root.Array(
      "meetings", Kind::kMeeting, a.meetings_by_date.size(),
      [&](size_t i) { return a.meetings_by_date[i]; },
      [&](int i) {
        const Meeting& m = a.meetings[i];
        const Attendance& at = m.attendance;
        Json documents = Json::array();
        for (const MeetingDocument& d : m.documents)
          documents.push_back(
              d.doc ? Json{{"doc", d.doc->id}}
                    : Json{{"title", d.title}, {"kind", d.kind}, {"url", OrNull(d.url)}});
        Json updates = Json::array();
        for (const StatusUpdate& u : m.status_updates)
          updates.push_back({{"action", u.action.id},
                             {"status", ActionStatusName(u.status)},
                             {"note", u.note.Text()}});
        Json decisions = Json::array();
        for (const Markdown& d : m.decisions) decisions.push_back(d.Text());
        return Json{{"id", m.id},
                    {"kind", MeetingKindName(m.kind)},
                    {"number", m.number ? Json(*m.number) : Json(nullptr)},
                    {"title", m.title},
                    {"date", DateJson(m.date)},
                    {"date_note", OrNull(m.date_note)},
                    {"time", m.time ? Json(m.time->ToString()) : Json(nullptr)},
                    {"zone", m.zone},
                    {"attendance",
                     {{"members", RefListJson(at.members)},
                      {"observers", RefListJson(at.observers)},
                      {"staff", RefListJson(at.staff)},
                      {"guests", RefListJson(at.guests)},
                      {"apologies", RefListJson(at.apologies)},
                      {"note", at.note.Text()}}},
                    {"agenda", AgendaJson(m.agenda)},
                    {"notes", m.notes.Text()},
                    {"decisions", decisions},
                    {"documents", documents},
                    {"status_updates", updates},
                    {"note", m.note.Text()},
                    {"aliases", RefsJson(m.aliases)},
                    {"action_items_raised", IdsJson(a, Kind::kAction, m.actions_raised)},
                    {"briefings", IdsJson(a, Kind::kBriefing, m.briefings)},
                    {"questions_asked", IdsJson(a, Kind::kQuestion, m.questions_asked)},
                    {"recommendations", IdsJson(a, Kind::kRec, m.recommendations)},
                    {"related_documents", IdsJson(a, Kind::kDoc, m.related_documents)},
                    {"previous",
                     m.previous >= 0 ? Json(a.IdOf({Kind::kMeeting, m.previous})) : Json(nullptr)},
                    {"next", m.next >= 0 ? Json(a.IdOf({Kind::kMeeting, m.next})) : Json(nullptr)},
                    {"mentioned_in", MentionsJson(a, m.mentioned_in)}};
      });

  root.Array("action_items", Kind::kAction, a.actions.size(), Same, [&](int i) {
    const ActionItem& item = a.actions[i];
    Json history = Json::array();
    for (const StatusEntry& e : item.history)
      history.push_back(
          {{"meeting", a.meetings[e.meeting].id},
           {"date", DateJson(a.meetings[e.meeting].date)},
           {"status", ActionStatusName(e.status)},
           {"note", e.update >= 0 ? Json(a.meetings[e.meeting].status_updates[e.update].note.Text())
                                  : Json("")}});
    return Json{{"id", item.id},
                {"text", item.text.Text()},
                {"owners", RefListJson(item.owners)},
                {"due", DateJson(item.due)},
                {"due_note", OrNull(item.due_note)},
                {"origin", RefJson(item.origin)},
                {"category", OrNull(item.category)},
                {"questions", RefsJson(item.questions)},
                {"recommendations", RefsJson(item.recommendations)},
                {"completed", item.completed ? Json{{"date", DateJson(item.completed->date)},
                                                    {"response", item.completed->response.Text()}}
                                             : Json(nullptr)},
                {"note", item.note.Text()},
                {"aliases", RefsJson(item.aliases)},
                {"history", history},
                {"status", ActionStatusName(item.status)},
                {"overdue", item.overdue},
                {"mentioned_in", MentionsJson(a, item.mentioned_in)}};
  });

  root.Array("briefings", Kind::kBriefing, a.briefings.size(), Same, [&](int i) {
    const Briefing& b = a.briefings[i];
    return Json{{"id", b.id},
                {"title", b.title},
                {"area", b.area},
                {"to", RefListJson(b.to)},
                {"presenters", RefsJson(b.presenters)},
                {"meeting", RefJson(b.meeting)},
                {"asker", RefJson(b.asker)},
                {"note", b.note.Text()},
                {"aliases", RefsJson(b.aliases)},
                {"questions", IdsJson(a, Kind::kQuestion, b.questions)},
                {"documents", IdsJson(a, Kind::kDoc, b.related_documents)},
                {"mentioned_in", MentionsJson(a, b.mentioned_in)}};
  });

  root.Array("questions", Kind::kQuestion, a.questions.size(), Same, [&](int i) {
    const Question& q = a.questions[i];
    Json answers = Json::array();
    for (const Answer& answer : q.answers)
      answers.push_back({{"date", DateJson(answer.date)},
                         {"by", RefJson(answer.by)},
                         {"source", RefJson(answer.source)},
                         {"text", answer.text.Text()}});
    return Json{{"id", q.id},
                {"briefing", a.IdOf({Kind::kBriefing, q.briefing})},
                {"number", q.number},
                {"text", q.text.Text()},
                {"asker", RefJson(q.asker)},
                {"recommendation", RefJson(q.recommendation)},
                {"repeats", RefJson(q.repeats)},
                {"status", QuestionStatusName(q.status)},
                {"answers", answers},
                {"note", q.note.Text()},
                {"aliases", RefsJson(q.aliases)},
                {"repeated_by", IdsJson(a, Kind::kQuestion, q.repeated_by)},
                {"action_items", IdsJson(a, Kind::kAction, q.actions)},
                {"mentioned_in", MentionsJson(a, q.mentioned_in)}};
  });

  root.Array("documents", Kind::kDoc, a.documents.size(), Same, [&](int i) {
    const Document& d = a.documents[i];
    return Json{{"id", d.id},
                {"title", d.title},
                {"kind", d.kind},
                {"author", RefJson(d.author)},
                {"date", DateJson(d.date)},
                {"briefing", RefJson(d.briefing)},
                {"meeting", RefJson(d.meeting)},
                {"url", OrNull(d.url)},
                {"note", d.note.Text()},
                {"aliases", RefsJson(d.aliases)},
                {"body", d.body.Text()},
                {"answers_in", IdsJson(a, Kind::kQuestion, d.answers_in)},
                {"mentioned_in", MentionsJson(a, d.mentioned_in)}};
  });
  root.Finish();
}

}  // namespace annals
