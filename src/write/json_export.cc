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

template <typename Records>
Json IdsJson(const std::vector<int>& indices, const Records& records) {
  Json out = Json::array();
  for (int i : indices) out.push_back(records[i].id);
  return out;
}

Json MentionsJson(const Archive& a, const std::vector<RecordId>& mentions) {
  Json out = Json::array();
  for (RecordId r : mentions) out.push_back(std::string(KindKeyword(r.kind)) + ":" + a.IdOf(r));
  return out;
}

Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json AgendaJson(const std::vector<AgendaItem>& items) {
  Json out = Json::array();
  for (const AgendaItem& item : items) {
    Json refs = Json::array();
    for (const Ref& r : item.refs) refs.push_back(std::string(KindKeyword(r.kind)) + ":" + r.id);
    out.push_back({{"title", item.title},
                   {"presenters", RefsJson(item.presenters)},
                   {"refs", refs},
                   {"notes", item.notes.text},
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
// element at a time, so that only one record is held as JSON at once.
class JsonWriter {
 public:
  // A field whose value is written whole.
  void Field(const char* key, const Json& value) {
    Key(key);
    Append(value, 1);
  }
  // A field holding an array of `count` elements, each made by `element(i)` when due.
  template <typename Element>
  void Array(const char* key, size_t count, const Element& element) {
    Key(key);
    if (count == 0) {
      out_ += "[]";
      return;
    }
    out_ += "[\n";
    for (size_t i = 0; i < count; ++i) {
      out_ += "    ";
      Append(element(i), 2);
      out_ += i + 1 < count ? ",\n" : "\n";
    }
    out_ += "  ]";
  }
  std::string Finish() {
    out_ += out_.empty() ? "{}\n" : "\n}\n";
    return std::move(out_);
  }

 private:
  void Key(const char* key) {
    out_ += out_.empty() ? "{\n  " : ",\n  ";
    out_ += Json(key).dump() + ": ";
  }
  // `value` as dump(2) writes it `depth` levels deep: each line after the first
  // indented by two spaces a level. Strings never hold a raw line break.
  void Append(const Json& value, int depth) {
    const std::string text = value.dump(2);
    const std::string indent(2 * depth, ' ');
    size_t start = 0;
    for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
      out_.append(text, start, end + 1 - start);
      out_ += indent;
    }
    out_.append(text, start);
  }
  std::string out_;
};

}  // namespace

std::string ArchiveToJson(const Archive& a) {
  const ArchiveSettings& s = a.settings;
  JsonWriter root;
  root.Field("archive", {{"title", s.title},
                         {"review", s.review},
                         {"description", s.description.text},
                         {"publisher", s.publisher},
                         {"language", s.language},
                         {"licence", OrNull(s.licence)},
                         {"base_url", OrNull(s.base_url)},
                         {"time_zone", s.time_zone},
                         {"as_of", DateJson(s.as_of)},
                         {"allow_html", s.allow_html}});
  root.Field("counts", CountsJson(a));

  root.Array("people", a.people.size(), [&](size_t i) {
    const Person& p = a.people[i];
    return Json{{"id", p.id},
                {"name", p.name},
                {"kind", p.is_group ? "group" : "person"},
                {"initials", OrNull(p.initials)},
                {"role", OrNull(p.role)},
                {"title", OrNull(p.title)},
                {"part_of", RefJson(p.part_of)},
                {"note", p.note.text},
                {"aliases", RefsJson(p.aliases)},
                {"members", IdsJson(p.members, a.people)},
                {"owns", IdsJson(p.owns, a.actions)},
                {"asked", IdsJson(p.asked, a.questions)},
                {"answered", IdsJson(p.answered, a.questions)},
                {"briefed", IdsJson(p.briefed, a.briefings)},
                {"presented", IdsJson(p.presented, a.meetings)},
                {"attended", IdsJson(p.attended, a.meetings)},
                {"apologies", IdsJson(p.apologies, a.meetings)},
                {"authored", IdsJson(p.authored, a.documents)},
                {"mentioned_in", MentionsJson(a, p.mentioned_in)}};
  });

  root.Array("recommendation_sets", a.sets.size(), [&](size_t i) {
    const RecommendationSet& set = a.sets[i];
    return Json{{"id", set.id},
                {"title", set.title},
                {"short", set.short_name},
                {"description", set.description.text},
                {"source", RefJson(set.source)},
                {"note", set.note.text},
                {"aliases", RefsJson(set.aliases)},
                {"recommendations", IdsJson(set.recommendations, a.recommendations)}};
  });

  root.Array("recommendations", a.recommendations.size(), [&](size_t i) {
    const Recommendation& r = a.recommendations[i];
    return Json{{"id", r.id},
                {"set", a.sets[r.set].id},
                {"number", r.number},
                {"text", r.text.text},
                {"status", OrNull(r.status)},
                {"note", r.note.text},
                {"areas", r.areas},
                {"questions", IdsJson(r.questions, a.questions)},
                {"meetings", IdsJson(r.meetings, a.meetings)},
                {"action_items", IdsJson(r.actions, a.actions)},
                {"mentioned_in", MentionsJson(a, r.mentioned_in)}};
  });

  root.Array("meetings", a.meetings_by_date.size(), [&](size_t i) {
    const Meeting& m = a.meetings[a.meetings_by_date[i]];
    const Attendance& at = m.attendance;
    Json documents = Json::array();
    for (const MeetingDocument& d : m.documents)
      documents.push_back(d.doc
                              ? Json{{"doc", d.doc->id}}
                              : Json{{"title", d.title}, {"kind", d.kind}, {"url", OrNull(d.url)}});
    Json updates = Json::array();
    for (const StatusUpdate& u : m.status_updates)
      updates.push_back(
          {{"action", u.action.id}, {"status", ActionStatusName(u.status)}, {"note", u.note.text}});
    Json decisions = Json::array();
    for (const Markdown& d : m.decisions) decisions.push_back(d.text);
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
                  {"note", at.note.text}}},
                {"agenda", AgendaJson(m.agenda)},
                {"notes", m.notes.text},
                {"decisions", decisions},
                {"documents", documents},
                {"status_updates", updates},
                {"note", m.note.text},
                {"aliases", RefsJson(m.aliases)},
                {"action_items_raised", IdsJson(m.actions_raised, a.actions)},
                {"briefings", IdsJson(m.briefings, a.briefings)},
                {"questions_asked", IdsJson(m.questions_asked, a.questions)},
                {"recommendations", IdsJson(m.recommendations, a.recommendations)},
                {"related_documents", IdsJson(m.related_documents, a.documents)},
                {"previous", m.previous >= 0 ? Json(a.meetings[m.previous].id) : Json(nullptr)},
                {"next", m.next >= 0 ? Json(a.meetings[m.next].id) : Json(nullptr)},
                {"mentioned_in", MentionsJson(a, m.mentioned_in)}};
  });

  root.Array("action_items", a.actions.size(), [&](size_t i) {
    const ActionItem& item = a.actions[i];
    Json history = Json::array();
    for (const StatusEntry& e : item.history)
      history.push_back(
          {{"meeting", a.meetings[e.meeting].id},
           {"date", DateJson(a.meetings[e.meeting].date)},
           {"status", ActionStatusName(e.status)},
           {"note", e.update >= 0 ? Json(a.meetings[e.meeting].status_updates[e.update].note.text)
                                  : Json("")}});
    return Json{{"id", item.id},
                {"text", item.text.text},
                {"owners", RefListJson(item.owners)},
                {"due", DateJson(item.due)},
                {"due_note", OrNull(item.due_note)},
                {"origin", RefJson(item.origin)},
                {"category", OrNull(item.category)},
                {"questions", RefsJson(item.questions)},
                {"recommendations", RefsJson(item.recommendations)},
                {"completed", item.completed ? Json{{"date", DateJson(item.completed->date)},
                                                    {"response", item.completed->response.text}}
                                             : Json(nullptr)},
                {"note", item.note.text},
                {"aliases", RefsJson(item.aliases)},
                {"history", history},
                {"status", ActionStatusName(item.status)},
                {"overdue", item.overdue},
                {"mentioned_in", MentionsJson(a, item.mentioned_in)}};
  });

  root.Array("briefings", a.briefings.size(), [&](size_t i) {
    const Briefing& b = a.briefings[i];
    return Json{{"id", b.id},
                {"title", b.title},
                {"area", b.area},
                {"to", RefListJson(b.to)},
                {"presenters", RefsJson(b.presenters)},
                {"meeting", RefJson(b.meeting)},
                {"asker", RefJson(b.asker)},
                {"note", b.note.text},
                {"aliases", RefsJson(b.aliases)},
                {"questions", IdsJson(b.questions, a.questions)},
                {"documents", IdsJson(b.related_documents, a.documents)},
                {"mentioned_in", MentionsJson(a, b.mentioned_in)}};
  });

  root.Array("questions", a.questions.size(), [&](size_t i) {
    const Question& q = a.questions[i];
    Json answers = Json::array();
    for (const Answer& answer : q.answers)
      answers.push_back({{"date", DateJson(answer.date)},
                         {"by", RefJson(answer.by)},
                         {"source", RefJson(answer.source)},
                         {"text", answer.text.text}});
    return Json{{"id", q.id},
                {"briefing", a.briefings[q.briefing].id},
                {"number", q.number},
                {"text", q.text.text},
                {"asker", RefJson(q.asker)},
                {"recommendation", RefJson(q.recommendation)},
                {"repeats", RefJson(q.repeats)},
                {"status", QuestionStatusName(q.status)},
                {"answers", answers},
                {"note", q.note.text},
                {"aliases", RefsJson(q.aliases)},
                {"repeated_by", IdsJson(q.repeated_by, a.questions)},
                {"action_items", IdsJson(q.actions, a.actions)},
                {"mentioned_in", MentionsJson(a, q.mentioned_in)}};
  });

  root.Array("documents", a.documents.size(), [&](size_t i) {
    const Document& d = a.documents[i];
    return Json{{"id", d.id},
                {"title", d.title},
                {"kind", d.kind},
                {"author", RefJson(d.author)},
                {"date", DateJson(d.date)},
                {"briefing", RefJson(d.briefing)},
                {"meeting", RefJson(d.meeting)},
                {"url", OrNull(d.url)},
                {"note", d.note.text},
                {"aliases", RefsJson(d.aliases)},
                {"body", d.body.text},
                {"answers_in", IdsJson(d.answers_in, a.questions)},
                {"mentioned_in", MentionsJson(a, d.mentioned_in)}};
  });
  return root.Finish();
}

}  // namespace annals
