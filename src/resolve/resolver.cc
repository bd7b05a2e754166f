#include "resolve/resolver.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "util/text.h"

namespace annals {

namespace {

// Every id of every kind, and the record it names.
class Index {
 public:
  void Add(Kind kind, const std::string& id, int index, const SourceLocation& where,
           DiagnosticSink& sink) {
    auto& ids = ids_[static_cast<int>(kind)];
    auto [it, inserted] = ids.try_emplace(id, index, where);
    if (!inserted) {
      const SourceLocation& first = it->second.second;
      sink.Error(where, std::string("duplicate ") + KindNoun(kind) + " id '" + id + "'",
                 "'" + id + "' is already defined at " + first.path.str() + ":" +
                     std::to_string(first.line) + "; ids must be unique");
      return;
    }
    ids_in_order_[static_cast<int>(kind)].push_back(id);
  }

  int Find(Kind kind, const std::string& id) const {
    const auto& ids = ids_[static_cast<int>(kind)];
    auto it = ids.find(id);
    return it == ids.end() ? -1 : it->second.first;
  }

  // The id of `kind` that `id` is a plausible typo of, or "". The ids are indexed for
  // it the first time: only an archive with mistakes needs it.
  std::string ClosestId(Kind kind, const std::string& id) const {
    std::optional<Suggestions>& suggestions = suggestions_[static_cast<int>(kind)];
    if (!suggestions) suggestions.emplace(ids_in_order_[static_cast<int>(kind)]);
    return suggestions->Closest(id);
  }

  // Records `alias` as a former id of the record `owner_id`. An alias takes the URL of
  // the id it once was, so it may be neither a current id nor another record's alias.
  void AddAlias(Kind kind, const Ref& alias, const std::string& owner_id, DiagnosticSink& sink) {
    int k = static_cast<int>(kind);
    if (alias.id == owner_id) {
      sink.Error(alias.where, "'" + alias.id + "' is this " + KindNoun(kind) + "'s own id",
                 "aliases list the ids it had before it was renamed");
      return;
    }
    if (Find(kind, alias.id) >= 0) {
      sink.Error(alias.where,
                 std::string("alias '") + alias.id + "' is the id of another " + KindNoun(kind),
                 "a former id cannot be reused while it redirects; remove one of the two");
      return;
    }
    auto [it, inserted] = aliases_[k].try_emplace(alias.id, owner_id);
    if (!inserted)
      sink.Error(alias.where,
                 "alias '" + alias.id + "' is already an alias of '" + it->second + "'",
                 "a former id redirects to one record only");
  }

  // The current id of the record that had `id`, or "".
  std::string Renamed(Kind kind, const std::string& id) const {
    auto it = aliases_[static_cast<int>(kind)].find(id);
    return it == aliases_[static_cast<int>(kind)].end() ? "" : it->second;
  }

 private:
  std::unordered_map<std::string, std::pair<int, SourceLocation>> ids_[kKindCount];
  std::unordered_map<std::string, std::string> aliases_[kKindCount];
  std::vector<std::string> ids_in_order_[kKindCount];
  mutable std::optional<Suggestions> suggestions_[kKindCount];
};

void AddUnique(std::vector<int>& list, int value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

// Appends `value` unless the list ends with it. The loops that use this hand each list
// all the entries of one record together (the meeting, action or question they are
// on), so a repeat can only follow itself; searching the whole list instead would make
// a list of n entries cost n² (a person who attended thousands of meetings).
template <typename Value>
void AddOnce(std::vector<Value>& list, const Value& value) {
  if (list.empty() || !(list.back() == value)) list.push_back(value);
}

using RefVisitor = ReferenceVisitor;

void VisitMarkdown(Markdown& md, RecordId owner, const RefVisitor& visit) {
  for (Ref& r : md.refs) visit(owner, r, true);
}

void VisitRefList(RefList& list, RecordId owner, const RefVisitor& visit) {
  if (list)
    for (Ref& r : *list) visit(owner, r, false);
}

void VisitOptional(std::optional<Ref>& ref, RecordId owner, const RefVisitor& visit) {
  if (ref) visit(owner, *ref, false);
}

void VisitAgenda(std::vector<AgendaItem>& items, RecordId owner, const RefVisitor& visit) {
  for (AgendaItem& item : items) {
    for (Ref& r : item.presenters) visit(owner, r, false);
    for (Ref& r : item.refs) visit(owner, r, true);
    VisitMarkdown(item.notes, owner, visit);
    VisitAgenda(item.items, owner, visit);
  }
}

void VisitMeeting(Meeting& m, RecordId owner, const RefVisitor& visit) {
  Attendance& a = m.attendance;
  for (RefList* list : {&a.members, &a.observers, &a.staff, &a.guests, &a.apologies})
    VisitRefList(*list, owner, visit);
  VisitMarkdown(a.note, owner, visit);
  VisitAgenda(m.agenda, owner, visit);
  VisitMarkdown(m.notes, owner, visit);
  for (Markdown& d : m.decisions) VisitMarkdown(d, owner, visit);
  for (MeetingDocument& d : m.documents) VisitOptional(d.doc, owner, visit);
  for (StatusUpdate& u : m.status_updates) {
    visit(owner, u.action, false);
    VisitMarkdown(u.note, owner, visit);
  }
  VisitMarkdown(m.note, owner, visit);
}

}  // namespace

void VisitReferences(Archive& a, const ReferenceVisitor& visit) {
  VisitMarkdown(a.settings.description, RecordId{Kind::kSet, -1}, visit);
  for (AddressChange& change : a.settings.moved)
    VisitOptional(change.to, RecordId{Kind::kSet, -1}, visit);
  for (AddressChange& change : a.settings.withdrawn)
    VisitMarkdown(change.reason, RecordId{Kind::kSet, -1}, visit);
  for (int i = 0; i < static_cast<int>(a.people.size()); ++i) {
    RecordId owner{Kind::kPerson, i};
    VisitOptional(a.people[i].part_of, owner, visit);
    VisitMarkdown(a.people[i].note, owner, visit);
  }
  for (int i = 0; i < static_cast<int>(a.sets.size()); ++i) {
    RecordId owner{Kind::kSet, i};
    VisitMarkdown(a.sets[i].description, owner, visit);
    VisitOptional(a.sets[i].source, owner, visit);
    VisitMarkdown(a.sets[i].note, owner, visit);
  }
  for (int i = 0; i < static_cast<int>(a.recommendations.size()); ++i) {
    RecordId owner{Kind::kRec, i};
    VisitMarkdown(a.recommendations[i].text, owner, visit);
    VisitMarkdown(a.recommendations[i].note, owner, visit);
  }
  for (int i = 0; i < static_cast<int>(a.meetings.size()); ++i)
    VisitMeeting(a.meetings[i], RecordId{Kind::kMeeting, i}, visit);
  for (int i = 0; i < static_cast<int>(a.actions.size()); ++i) {
    RecordId owner{Kind::kAction, i};
    ActionItem& item = a.actions[i];
    VisitMarkdown(item.text, owner, visit);
    VisitRefList(item.owners, owner, visit);
    VisitOptional(item.origin, owner, visit);
    for (Ref& r : item.questions) visit(owner, r, false);
    for (Ref& r : item.recommendations) visit(owner, r, false);
    if (item.completed) VisitMarkdown(item.completed->response, owner, visit);
    VisitMarkdown(item.note, owner, visit);
  }
  for (int i = 0; i < static_cast<int>(a.briefings.size()); ++i) {
    RecordId owner{Kind::kBriefing, i};
    Briefing& b = a.briefings[i];
    VisitRefList(b.to, owner, visit);
    for (Ref& r : b.presenters) visit(owner, r, false);
    VisitOptional(b.meeting, owner, visit);
    VisitOptional(b.asker, owner, visit);
    for (Ref& r : b.documents) visit(owner, r, false);
    VisitMarkdown(b.note, owner, visit);
  }
  for (int i = 0; i < static_cast<int>(a.questions.size()); ++i) {
    RecordId owner{Kind::kQuestion, i};
    Question& q = a.questions[i];
    VisitMarkdown(q.text, owner, visit);
    VisitOptional(q.asker, owner, visit);
    VisitOptional(q.recommendation, owner, visit);
    VisitOptional(q.repeats, owner, visit);
    for (Answer& answer : q.answers) {
      VisitOptional(answer.by, owner, visit);
      VisitOptional(answer.source, owner, visit);
      VisitMarkdown(answer.text, owner, visit);
    }
    VisitMarkdown(q.note, owner, visit);
  }
  for (int i = 0; i < static_cast<int>(a.documents.size()); ++i) {
    RecordId owner{Kind::kDoc, i};
    Document& d = a.documents[i];
    VisitOptional(d.author, owner, visit);
    VisitOptional(d.briefing, owner, visit);
    VisitOptional(d.meeting, owner, visit);
    VisitMarkdown(d.body, owner, visit);
    VisitMarkdown(d.note, owner, visit);
  }
}

void VisitReferences(const Archive& archive, const ConstReferenceVisitor& visit) {
  // Each reference is handed on as const: the archive is not changed.
  VisitReferences(const_cast<Archive&>(archive),
                  [&](RecordId owner, Ref& ref, bool mention) { visit(owner, ref, mention); });
}

namespace {

Index BuildIndex(const Archive& a, DiagnosticSink& sink) {
  Index index;
  auto add_all = [&](Kind kind, const auto& records) {
    for (int i = 0; i < static_cast<int>(records.size()); ++i)
      index.Add(kind, records[i].id, i, records[i].where, sink);
  };
  add_all(Kind::kPerson, a.people);
  add_all(Kind::kSet, a.sets);
  add_all(Kind::kRec, a.recommendations);
  add_all(Kind::kMeeting, a.meetings);
  add_all(Kind::kAction, a.actions);
  add_all(Kind::kBriefing, a.briefings);
  add_all(Kind::kQuestion, a.questions);
  add_all(Kind::kDoc, a.documents);
  auto add_aliases = [&](Kind kind, const auto& records) {
    for (const auto& record : records)
      for (const Ref& alias : record.aliases) index.AddAlias(kind, alias, record.id, sink);
  };
  add_aliases(Kind::kPerson, a.people);
  add_aliases(Kind::kSet, a.sets);
  add_aliases(Kind::kMeeting, a.meetings);
  add_aliases(Kind::kAction, a.actions);
  add_aliases(Kind::kBriefing, a.briefings);
  add_aliases(Kind::kQuestion, a.questions);
  add_aliases(Kind::kDoc, a.documents);
  return index;
}

// How to write a reference of `kind` to `id` in the same style as `ref` was written.
std::string Spelling(const Ref& ref, const char* keyword, const std::string& id) {
  const bool markdown = ref.written == Ref::Written::kMarkdown;
  const bool typed = ref.written != Ref::Written::kId;
  std::string target = typed ? std::string(keyword) + ":" + id : id;
  return markdown ? "[[" + target + "]]" : target;
}

void ResolveRef(const Archive& a, const Index& index, Ref& ref, DiagnosticSink& sink) {
  ref.target = index.Find(ref.kind, ref.id);
  if (ref.target >= 0) {
    if (ref.kind != Kind::kPerson || ref.filter == Ref::Filter::kAny) return;
    bool is_group = a.people[ref.target].is_group;
    bool wants_group = ref.filter == Ref::Filter::kGroup;
    if (is_group == wants_group) return;
    const char* actual = is_group ? "group" : "person";
    sink.Error(ref.where,
               "'" + ref.id + "' is a " + actual + ", not a " + (wants_group ? "group" : "person"),
               ref.written == Ref::Written::kMarkdown ? "write " + Spelling(ref, actual, ref.id)
                                                      : "name a group here");
    ref.target = -1;
    return;
  }
  if (a.incomplete[static_cast<int>(ref.kind)]) return;  // may name a record that failed to load
  std::string noun = ref.filter == Ref::Filter::kPerson  ? "person"
                     : ref.filter == Ref::Filter::kGroup ? "group"
                                                         : KindNoun(ref.kind);
  std::string message = "unknown " + noun + " '" + ref.id + "'";
  if (std::string renamed = index.Renamed(ref.kind, ref.id); !renamed.empty()) {
    sink.Error(
        ref.where, message,
        "'" + ref.id + "' was renamed; write " + Spelling(ref, KindKeyword(ref.kind), renamed));
    return;
  }
  for (int k = 0; k < kKindCount; ++k) {
    Kind other = static_cast<Kind>(k);
    if (other != ref.kind && index.Find(other, ref.id) >= 0) {
      sink.Error(ref.where, message,
                 "'" + ref.id + "' is a " + KindNoun(other) +
                     (ref.written != Ref::Written::kId
                          ? "; write " + Spelling(ref, KindKeyword(other), ref.id)
                          : ", not a " + noun));
      return;
    }
  }
  std::string guess = index.ClosestId(ref.kind, ref.id);
  sink.Error(ref.where, message, guess.empty() ? "" : "did you mean '" + guess + "'?");
}

// Appends the recommendations the briefing's questions are about.
void AddRecsOfBriefing(const Archive& a, int briefing, std::vector<int>& out) {
  for (int q : a.briefings[briefing].questions)
    if (a.questions[q].recommendation && a.questions[q].recommendation->target >= 0)
      out.push_back(a.questions[q].recommendation->target);
}

// The recommendations an action item relates to, directly or through its questions.
std::vector<int> RecsOfAction(const Archive& a, const ActionItem& item) {
  std::vector<int> recs;
  for (const Ref& r : item.recommendations)
    if (r.target >= 0) AddUnique(recs, r.target);
  for (const Ref& r : item.questions) {
    const Question* q = r.target >= 0 ? &a.questions[r.target] : nullptr;
    if (q && q->recommendation && q->recommendation->target >= 0)
      AddUnique(recs, q->recommendation->target);
  }
  return recs;
}

void CheckConsistency(Archive& a, DiagnosticSink& sink) {
  // An address moved or withdrawn once.
  std::map<std::string, const AddressChange*> changed;
  for (const auto* list : {&a.settings.moved, &a.settings.withdrawn})
    for (const AddressChange& change : *list)
      if (auto [it, added] = changed.emplace(change.address, &change); !added)
        sink.Error(change.where, "'" + change.address + "' is listed twice",
                   "an address moves or is withdrawn once; line " +
                       std::to_string(it->second->where.line) + " lists it already");
  // A group cannot be part of itself, directly or through others.
  for (int i = 0; i < static_cast<int>(a.people.size()); ++i) {
    std::set<int> seen{i};
    for (int p = i; a.people[p].part_of && a.people[p].part_of->target >= 0;) {
      p = a.people[p].part_of->target;
      if (seen.insert(p).second) continue;
      if (p == i)
        sink.Error(
            a.people[i].part_of->where, "'" + a.people[i].id + "' is part of itself",
            seen.size() == 1 ? "remove 'part_of'" : "the groups' part_of fields form a loop");
      break;
    }
  }
  // Nor can a question repeat itself, directly or through others: it repeats an
  // earlier question. Every question of a loop is reported, then the loop is cut.
  std::vector<int> looping;
  for (int i = 0; i < static_cast<int>(a.questions.size()); ++i) {
    const Question& q = a.questions[i];
    std::set<int> seen{i};
    for (int r = i; a.questions[r].repeats && a.questions[r].repeats->target >= 0;) {
      r = a.questions[r].repeats->target;
      if (seen.insert(r).second) continue;
      if (r != i) break;
      looping.push_back(i);
      sink.Error(q.repeats->where,
                 seen.size() == 1 ? "question '" + q.id + "' cannot repeat itself"
                                  : "question '" + q.id + "' repeats itself through '" +
                                        a.questions[q.repeats->target].id + "'",
                 seen.size() == 1 ? "name the earlier question whose text it repeats"
                                  : "the questions' repeats fields form a loop; a question "
                                    "repeats an earlier one");
      break;
    }
  }
  for (int i : looping) a.questions[i].repeats->target = -1;
  for (Question& q : a.questions) {
    if (!q.declared_status) continue;
    bool answered = !q.answers.empty();
    if (*q.declared_status == QuestionStatus::kAnswered && !answered)
      sink.Error(q.status_where, "question '" + q.id + "' is marked answered but has no answers",
                 "add its answer under 'answers', or remove 'status'");
    if (*q.declared_status == QuestionStatus::kOpen && answered)
      sink.Error(q.status_where, "question '" + q.id + "' is marked open but has an answer",
                 "remove 'status: open': a question with an answer is answered");
  }
  for (Meeting& m : a.meetings) {
    if (m.zone.empty()) m.zone = a.settings.time_zone.empty() ? "UTC" : a.settings.time_zone;
    for (StatusUpdate& u : m.status_updates) {
      if (u.action.target < 0) continue;
      const ActionItem& item = a.actions[u.action.target];
      if (!item.origin || item.origin->target < 0) continue;
      const Meeting& origin = a.meetings[item.origin->target];
      if (&origin == &m) {
        sink.Error(u.action.where, "action item '" + item.id + "' was raised at this meeting",
                   "a status update reports on an item raised at an earlier meeting");
      } else if (m.date.has_year() && origin.date.has_year() &&
                 m.date.LastDay() < origin.date.FirstDay()) {
        sink.Error(u.action.where,
                   "status update for '" + item.id + "' precedes the meeting that raised it",
                   "'" + origin.id + "' is dated " + origin.date.ToString() + ", this meeting " +
                       m.date.ToString());
      }
    }
  }
}

void OrderMeetings(Archive& a) {
  a.meetings_by_date.resize(a.meetings.size());
  for (int i = 0; i < static_cast<int>(a.meetings.size()); ++i) a.meetings_by_date[i] = i;
  std::stable_sort(a.meetings_by_date.begin(), a.meetings_by_date.end(), [&](int x, int y) {
    const Meeting& m = a.meetings[x];
    const Meeting& n = a.meetings[y];
    if (DateBefore(m.date, n.date)) return true;
    if (DateBefore(n.date, m.date)) return false;
    if (m.number.value_or(-1) != n.number.value_or(-1))
      return m.number.value_or(-1) < n.number.value_or(-1);
    return m.id < n.id;
  });
  for (size_t k = 0; k < a.meetings_by_date.size(); ++k) {
    Meeting& m = a.meetings[a.meetings_by_date[k]];
    m.previous = k > 0 ? a.meetings_by_date[k - 1] : -1;
    m.next = k + 1 < a.meetings_by_date.size() ? a.meetings_by_date[k + 1] : -1;
  }
}

void CollectPresenters(const std::vector<AgendaItem>& items, std::vector<int>& out) {
  for (const AgendaItem& item : items) {
    for (const Ref& r : item.presenters)
      if (r.target >= 0) out.push_back(r.target);
    CollectPresenters(item.items, out);
  }
}

void LinkPeople(Archive& a) {
  for (int i = 0; i < static_cast<int>(a.people.size()); ++i)
    if (a.people[i].part_of && a.people[i].part_of->target >= 0)
      a.people[a.people[i].part_of->target].members.push_back(i);
  for (int i = 0; i < static_cast<int>(a.actions.size()); ++i)
    if (a.actions[i].owners)
      for (const Ref& r : *a.actions[i].owners)
        if (r.target >= 0) AddOnce(a.people[r.target].owns, i);
  for (int i = 0; i < static_cast<int>(a.questions.size()); ++i) {
    const Question& q = a.questions[i];
    if (q.asker && q.asker->target >= 0) a.people[q.asker->target].asked.push_back(i);
    for (const Answer& answer : q.answers)
      if (answer.by && answer.by->target >= 0) AddOnce(a.people[answer.by->target].answered, i);
  }
  for (int i = 0; i < static_cast<int>(a.briefings.size()); ++i)
    if (a.briefings[i].to)
      for (const Ref& r : *a.briefings[i].to)
        if (r.target >= 0) AddOnce(a.people[r.target].briefed, i);
  for (int i = 0; i < static_cast<int>(a.documents.size()); ++i)
    if (a.documents[i].author && a.documents[i].author->target >= 0)
      a.people[a.documents[i].author->target].authored.push_back(i);
  for (int m : a.meetings_by_date) {
    const Meeting& meeting = a.meetings[m];
    std::vector<int> presenters;
    CollectPresenters(meeting.agenda, presenters);
    for (int b : meeting.briefings)
      for (const Ref& r : a.briefings[b].presenters)
        if (r.target >= 0) presenters.push_back(r.target);
    for (int p : presenters) AddOnce(a.people[p].presented, m);
    const Attendance& at = meeting.attendance;
    for (const RefList* list : {&at.members, &at.observers, &at.staff, &at.guests})
      if (*list)
        for (const Ref& r : **list) presenters.push_back(r.target);
    for (int p : presenters)
      if (p >= 0) AddOnce(a.people[p].attended, m);
    if (at.apologies)
      for (const Ref& r : *at.apologies)
        if (r.target >= 0) AddOnce(a.people[r.target].apologies, m);
  }
}

void DeriveActionItems(Archive& a) {
  std::vector<int> rank(a.meetings.size());
  for (size_t k = 0; k < a.meetings_by_date.size(); ++k)
    rank[a.meetings_by_date[k]] = static_cast<int>(k);
  for (int i = 0; i < static_cast<int>(a.actions.size()); ++i) {
    ActionItem& item = a.actions[i];
    if (item.origin && item.origin->target >= 0) {
      a.meetings[item.origin->target].actions_raised.push_back(i);
      item.history.push_back({item.origin->target, ActionStatus::kOpen, -1});
    }
  }
  for (int m : a.meetings_by_date) {
    const std::vector<StatusUpdate>& updates = a.meetings[m].status_updates;
    for (int u = 0; u < static_cast<int>(updates.size()); ++u)
      if (updates[u].action.target >= 0)
        a.actions[updates[u].action.target].history.push_back({m, updates[u].status, u});
  }
  for (ActionItem& item : a.actions) {
    std::stable_sort(item.history.begin(), item.history.end(),
                     [&](const StatusEntry& x, const StatusEntry& y) {
                       return rank[x.meeting] < rank[y.meeting];
                     });
    item.status = item.history.empty() ? ActionStatus::kOpen : item.history.back().status;
    if (item.completed) item.status = ActionStatus::kDone;
    bool closed = item.status == ActionStatus::kDone || item.status == ActionStatus::kDropped;
    const PartialDate& as_of = a.settings.as_of;
    item.overdue =
        !closed && item.due.has_year() && as_of.has_year() && item.due.LastDay() < as_of.FirstDay();
  }
}

void DeriveQuestions(Archive& a) {
  for (int i = 0; i < static_cast<int>(a.questions.size()); ++i) {
    Question& q = a.questions[i];
    q.status = q.declared_status.value_or(q.answers.empty() ? QuestionStatus::kOpen
                                                            : QuestionStatus::kAnswered);
    if (q.repeats && q.repeats->target >= 0)
      a.questions[q.repeats->target].repeated_by.push_back(i);
    if (q.recommendation && q.recommendation->target >= 0) {
      Recommendation& rec = a.recommendations[q.recommendation->target];
      rec.questions.push_back(i);
      const std::string& area = a.briefings[q.briefing].area;
      if (std::find(rec.areas.begin(), rec.areas.end(), area) == rec.areas.end())
        rec.areas.push_back(area);
    }
    for (const Answer& answer : q.answers)
      if (answer.source && answer.source->target >= 0)
        AddOnce(a.documents[answer.source->target].answers_in, i);
  }
  for (int i = 0; i < static_cast<int>(a.actions.size()); ++i) {
    for (const Ref& r : a.actions[i].questions)
      if (r.target >= 0) AddOnce(a.questions[r.target].actions, i);
    for (int rec : RecsOfAction(a, a.actions[i])) a.recommendations[rec].actions.push_back(i);
  }
}

void LinkMeetingsAndDocuments(Archive& a) {
  for (int i = 0; i < static_cast<int>(a.briefings.size()); ++i) {
    Briefing& b = a.briefings[i];
    for (const Ref& r : b.documents)
      if (r.target >= 0) AddUnique(b.related_documents, r.target);
    if (!b.meeting || b.meeting->target < 0) continue;
    Meeting& m = a.meetings[b.meeting->target];
    m.briefings.push_back(i);
    m.questions_asked.insert(m.questions_asked.end(), b.questions.begin(), b.questions.end());
  }
  for (int i = 0; i < static_cast<int>(a.documents.size()); ++i) {
    const Document& d = a.documents[i];
    if (d.meeting && d.meeting->target >= 0)
      a.meetings[d.meeting->target].related_documents.push_back(i);
    if (d.briefing && d.briefing->target >= 0)
      AddUnique(a.briefings[d.briefing->target].related_documents, i);
  }
}

// See "touches" in resolver.h.
void LinkMeetingsToRecommendations(Archive& a) {
  for (int m = 0; m < static_cast<int>(a.meetings.size()); ++m) {
    Meeting& meeting = a.meetings[m];
    std::vector<int> recs;
    auto touch_action = [&](int action) {
      for (int rec : RecsOfAction(a, a.actions[action])) recs.push_back(rec);
    };
    VisitMeeting(meeting, RecordId{Kind::kMeeting, m}, [&](RecordId, Ref& ref, bool) {
      if (ref.target < 0) return;
      switch (ref.kind) {
        case Kind::kRec:
          recs.push_back(ref.target);
          break;
        case Kind::kQuestion:
          if (const auto& r = a.questions[ref.target].recommendation; r && r->target >= 0)
            recs.push_back(r->target);
          break;
        case Kind::kBriefing:
          AddRecsOfBriefing(a, ref.target, recs);
          break;
        case Kind::kAction:
          touch_action(ref.target);
          break;
        default:
          break;
      }
    });
    for (int b : meeting.briefings) AddRecsOfBriefing(a, b, recs);
    for (int action : meeting.actions_raised) touch_action(action);
    std::sort(recs.begin(), recs.end());
    recs.erase(std::unique(recs.begin(), recs.end()), recs.end());
    meeting.recommendations = recs;
  }
  for (int m : a.meetings_by_date)
    for (int rec : a.meetings[m].recommendations) a.recommendations[rec].meetings.push_back(m);
}

std::vector<RecordId>* MentionsOf(Archive& a, const Ref& ref) {
  switch (ref.kind) {
    case Kind::kPerson:
      return &a.people[ref.target].mentioned_in;
    case Kind::kSet:
      return &a.sets[ref.target].mentioned_in;
    case Kind::kRec:
      return &a.recommendations[ref.target].mentioned_in;
    case Kind::kMeeting:
      return &a.meetings[ref.target].mentioned_in;
    case Kind::kAction:
      return &a.actions[ref.target].mentioned_in;
    case Kind::kBriefing:
      return &a.briefings[ref.target].mentioned_in;
    case Kind::kQuestion:
      return &a.questions[ref.target].mentioned_in;
    case Kind::kDoc:
      return &a.documents[ref.target].mentioned_in;
  }
  return nullptr;
}

}  // namespace

void ResolveArchive(Archive* archive, DiagnosticSink& sink) {
  Archive& a = *archive;
  Index index = BuildIndex(a, sink);
  VisitReferences(a, [&](RecordId owner, Ref& ref, bool mention) {
    ResolveRef(a, index, ref, sink);
    if (!mention || ref.target < 0 || owner.index < 0) return;
    std::vector<RecordId>* mentions = MentionsOf(a, ref);
    if (RecordId{ref.kind, ref.target} == owner) return;  // a record mentioning itself
    // Each record's references are visited together, so a repeated mention follows the
    // first one.
    AddOnce(*mentions, owner);
  });
  CheckConsistency(a, sink);
  OrderMeetings(a);
  DeriveActionItems(a);
  DeriveQuestions(a);
  LinkMeetingsAndDocuments(a);
  LinkPeople(a);
  LinkMeetingsToRecommendations(a);
}

}  // namespace annals
