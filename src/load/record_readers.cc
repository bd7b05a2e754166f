#include "load/record_readers.h"

#include <cctype>

#include "load/references.h"

namespace annals {

namespace {

constexpr int kMaxAgendaDepth = 8;
const char* const kDateExample = "2017-06-06, or not recorded";

// Reads `id`; returns "" when it is missing or invalid (and reported).
std::string ReadId(YamlSource& source, MapReader& map, SourceLocation* where) {
  const YamlNode* node = map.Get("id", true, "a-short-id");
  if (!node) return "";
  *where = source.At(*node);
  return source.Id(*node, "id").value_or("");
}

std::optional<Ref> OptionalRef(YamlSource& source, MapReader& map, const char* key, Kind kind,
                               Ref::Filter filter = Ref::Filter::kAny) {
  const YamlNode* node = map.Get(key);
  if (!node) return std::nullopt;
  return source.IdRef(*node, key, kind, filter);
}

// A required field that may say "not recorded".
std::optional<Ref> RefOrNotRecorded(YamlSource& source, MapReader& map, const char* key, Kind kind,
                                    const char* example) {
  const YamlNode* node = map.Get(key, true, example);
  if (!node) return std::nullopt;
  return source.IdRefOrNotRecorded(*node, key, kind).value_or(std::nullopt);
}

RefList RefsOrNotRecorded(YamlSource& source, MapReader& map, const char* key, Kind kind) {
  const YamlNode* node = map.Get(key, true, "[an-id, another-id], [] or not recorded");
  if (!node) return std::nullopt;
  return source.IdRefsOrNotRecorded(*node, key, kind).value_or(std::nullopt);
}

PartialDate RequiredDate(YamlSource& source, MapReader& map, const char* key, bool allow_tbd) {
  const YamlNode* node =
      map.Get(key, true, allow_tbd ? "2017-06-06, TBD or not recorded" : kDateExample);
  if (!node) return PartialDate::NotRecorded();
  return source.Date(*node, key, allow_tbd).value_or(PartialDate::NotRecorded());
}

std::vector<Ref> OptionalRefs(YamlSource& source, MapReader& map, const char* key, Kind kind) {
  const YamlNode* node = map.Get(key);
  if (!node) return {};
  return source.IdRefs(*node, key, kind);
}

// The mappings of a list that holds records of `kind`, e.g. a people file.
YamlItems RecordList(YamlSource& source, const YamlNode& root, const char* what, Kind kind,
                     Archive* archive) {
  if (!root.IsSequence()) {
    source.Error(source.At(root), std::string("a file of ") + what + " holds a list",
                 "start each record with '- id: …'");
    archive->MarkIncomplete(kind);
    return {};
  }
  return source.Items(&root, what);
}

// "11", "11.3", "19": digits separated by dots.
bool IsQuestionNumber(const std::string& number) {
  if (number.empty() || number.front() == '.' || number.back() == '.') return false;
  for (size_t i = 0; i < number.size(); ++i) {
    char c = number[i];
    if (c == '.' && number[i - 1] == '.') return false;
    if (c != '.' && (c < '0' || c > '9')) return false;
  }
  return true;
}

AgendaItem ReadAgendaItem(YamlSource& source, const YamlNode& node, int depth) {
  AgendaItem item;
  MapReader map(source, node, "an agenda item");
  item.where = map.where();
  item.title = map.Text("title", true, "What the item is about");
  item.presenters = OptionalRefs(source, map, "presenters", Kind::kPerson);
  item.refs = source.TypedRefs(map.Get("refs"), "refs");
  item.notes = map.MarkdownText("notes");
  const YamlNode* items = map.Get("items");
  if (items && depth >= kMaxAgendaDepth) {
    source.Error(source.At(*items),
                 "agenda items nest at most " + std::to_string(kMaxAgendaDepth) + " levels deep");
  } else {
    for (const YamlNode& sub : source.Items(items, "items"))
      item.items.push_back(ReadAgendaItem(source, sub, depth + 1));
  }
  map.Finish();
  return item;
}

Attendance ReadAttendance(YamlSource& source, const YamlNode& node) {
  Attendance a;
  MapReader map(source, node, "attendance");
  a.members = RefsOrNotRecorded(source, map, "members", Kind::kPerson);
  a.observers = RefsOrNotRecorded(source, map, "observers", Kind::kPerson);
  a.staff = RefsOrNotRecorded(source, map, "staff", Kind::kPerson);
  a.guests = RefsOrNotRecorded(source, map, "guests", Kind::kPerson);
  a.apologies = RefsOrNotRecorded(source, map, "apologies", Kind::kPerson);
  a.note = map.MarkdownText("note");
  map.Finish();
  return a;
}

MeetingDocument ReadMeetingDocument(YamlSource& source, const YamlNode& node) {
  MeetingDocument d;
  MapReader map(source, node, "a meeting document");
  const YamlNode* doc = map.Get("doc");
  if (doc) d.doc = source.IdRef(*doc, "doc", Kind::kDoc);
  bool outside = !doc;
  d.title = map.Text("title", outside, "Recording");
  const YamlNode* kind = map.Get("kind", outside, "recording");
  if (kind) {
    static const std::vector<std::string> kKinds = {"recording", "transcript", "chat", "slides",
                                                    "report",    "notes",      "other"};
    if (auto k = source.Choice(*kind, "kind", kKinds)) d.kind = kKinds[*k];
  }
  d.url = map.WebAddress("url");
  if (!outside && (!d.title.empty() || !d.url.empty()))
    source.Error(map.where(), "a meeting document is either 'doc' or 'title'/'kind'/'url'",
                 "the document's own file gives its title");
  map.Finish();
  return d;
}

StatusUpdate ReadStatusUpdate(YamlSource& source, const YamlNode& node) {
  StatusUpdate u;
  MapReader map(source, node, "a status update");
  u.where = map.where();
  const YamlNode* action = map.Get("action", true, "an-action-item-id");
  if (action)
    if (auto ref = source.IdRef(*action, "action", Kind::kAction)) u.action = std::move(*ref);
  const YamlNode* status = map.Get("status", true, "in-progress");
  if (status) {
    static const std::vector<std::string> kStatuses = {"open", "in-progress", "done", "dropped"};
    if (auto s = source.Choice(*status, "status", kStatuses)) u.status = ActionStatus(*s);
  }
  u.note = map.MarkdownText("note");
  map.Finish();
  return u;
}

// Why `address` cannot be an address of the site, or "". Published addresses are
// relative to the site root and made of plain segments.
std::string CheckAddress(std::string_view address) {
  if (address.empty()) return "an address cannot be empty";
  if (address.front() == '/' || address.find("://") != std::string_view::npos)
    return "write the address from the site's root, e.g. meetings/plenary-15/";
  for (size_t start = 0; start < address.size();) {
    size_t slash = address.find('/', start);
    std::string_view segment =
        address.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (segment.empty() || segment == "." || segment == "..")
      return "an address has no empty, '.' or '..' parts";
    for (char c : segment)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_' &&
          c != '~')
        return "an address holds only letters, digits, '-', '.', '_' and '~' between its slashes";
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return "";
}

// The `moved` or `withdrawn` list of archive.yaml. A page's address is its folder:
// "meetings/plenary-15", ".../index.html" and ".../" all name "meetings/plenary-15/".
std::vector<AddressChange> ReadAddressChanges(YamlSource& source, const YamlNode* list,
                                              const char* field) {
  const bool moved = std::string_view(field) == "moved";
  std::vector<AddressChange> changes;
  for (const YamlNode& node : source.Items(list, field)) {
    MapReader map(source, node, moved ? "a moved address" : "a withdrawn address");
    if (!map.ok()) continue;
    AddressChange change;
    change.where = map.where();
    const YamlNode* address = map.Get("address", true, "meetings/plenary-15/");
    if (address) {
      std::string text = source.Text(*address, "address").value_or("");
      constexpr std::string_view kIndex = "index.html";
      if (text.size() >= kIndex.size() &&
          text.compare(text.size() - kIndex.size(), kIndex.size(), kIndex) == 0 &&
          (text.size() == kIndex.size() || text[text.size() - kIndex.size() - 1] == '/'))
        text.erase(text.size() - kIndex.size());
      else if (!text.empty() && text.back() != '/' &&
               text.find('.', text.rfind('/') + 1) == std::string::npos)
        text += '/';
      change.where = source.At(*address);
      if (std::string why = CheckAddress(text); !text.empty() && !why.empty())
        source.Error(change.where, "'" + text + "' is not an address of the site", why);
      else
        change.address = text;
    }
    if (moved) {
      const YamlNode* to = map.Get("to", true, "meeting:plenary-14");
      if (auto text = to ? source.Text(*to, "to") : std::nullopt) {
        Ref ref;
        std::string error, hint;
        if (ParseReference(*text, /*allow_label=*/false, &ref, &error, &hint)) {
          ref.written = TypedOrId(*text);
          ref.where = source.At(*to);
          change.to = std::move(ref);
        } else {
          source.Error(source.At(*to), error, hint);
        }
      }
      if (!change.address.empty() && !change.is_page())
        source.Error(change.where, "only a page can move: '" + change.address + "' is a file",
                     "list a file that is gone under 'withdrawn'");
    } else {
      change.reason = map.MarkdownText("reason");
      const YamlNode* date = map.Get("date");
      if (date) change.date = source.Date(*date, "date", false).value_or(PartialDate{});
    }
    map.Finish();
    if (!change.address.empty()) changes.push_back(std::move(change));
  }
  return changes;
}

}  // namespace

void ReadArchiveSettings(YamlSource& source, const YamlNode& root, ArchiveSettings* s) {
  MapReader map(source, root, "archive.yaml");
  s->where = map.where();
  s->title = map.Text("title", true, "The archive's title");
  s->review = map.Text("review", true, "The review's name");
  s->description = map.MarkdownText("description", true);
  s->publisher = map.Text("publisher", true, "who publishes the archive, or not recorded");
  s->language = map.Text("language", true, "en");
  s->licence = map.Text("licence", false);
  const YamlNode* base_url = map.Get("base_url");
  if (base_url) {
    s->base_url = source.Text(*base_url, "base_url").value_or("");
    bool http = s->base_url.rfind("https://", 0) == 0 || s->base_url.rfind("http://", 0) == 0;
    if (!s->base_url.empty() && (!http || s->base_url.back() != '/'))
      source.Error(source.At(*base_url), "'" + s->base_url + "' is not a base URL",
                   "write an absolute http(s) URL ending in '/', e.g. https://example.org/ssr2/");
  }
  const YamlNode* zone = map.Get("time_zone", true, "UTC");
  if (zone) {
    s->time_zone = source.Text(*zone, "time_zone").value_or("UTC");
    if (!ParseZone(s->time_zone)) {
      source.Error(source.At(*zone), "'" + s->time_zone + "' is not a time zone",
                   "write UTC, or an offset such as UTC+02:00");
      s->time_zone = "UTC";
    }
  }
  const YamlNode* as_of = map.Get("as_of", true, "2018-08-30");
  if (as_of) {
    auto date = source.Date(*as_of, "as_of", false);
    if (date && !date->is_full())
      source.Error(source.At(*as_of), "'as_of' must be a full date",
                   "overdue items are computed from it; write a date like 2018-08-30");
    else if (date)
      s->as_of = *date;
  }
  const YamlNode* allow_html = map.Get("allow_html");
  if (allow_html) s->allow_html = source.Boolean(*allow_html, "allow_html").value_or(false);
  if (const YamlNode* per_page = map.Get("per_page")) {
    std::optional<int> rows = source.Integer(*per_page, "per_page");
    if (rows && *rows < 1)
      source.Error(source.At(*per_page), "'per_page' must be at least 1",
                   "it is how many rows a page of a long index shows; 100 when absent");
    else if (rows)
      s->per_page = *rows;
  }
  s->moved = ReadAddressChanges(source, map.Get("moved"), "moved");
  s->withdrawn = ReadAddressChanges(source, map.Get("withdrawn"), "withdrawn");
  map.Finish();
}

void ReadPeople(YamlSource& source, const YamlNode& root, Archive* archive) {
  for (const YamlNode& node : RecordList(source, root, "people", Kind::kPerson, archive)) {
    Person p;
    MapReader map(source, node, "a person or group");
    p.id = ReadId(source, map, &p.where);
    map.SetWhat("'" + p.id + "'");
    p.name = map.Text("name", true, "Name as the sources write it");
    const YamlNode* kind = map.Get("kind", true, "person");
    if (kind) p.is_group = source.Choice(*kind, "kind", {"person", "group"}).value_or(0) == 1;
    p.initials = map.Text("initials", false);
    const YamlNode* role = map.Get("role");
    if (role) {
      static const std::vector<std::string> kRoles = {"member", "co-chair", "staff", "observer",
                                                      "guest",  "org-unit", "team"};
      if (auto r = source.Choice(*role, "role", kRoles)) p.role = kRoles[*r];
    }
    p.title = map.Text("title", false);
    p.part_of = OptionalRef(source, map, "part_of", Kind::kPerson, Ref::Filter::kGroup);
    p.note = map.MarkdownText("note");
    p.aliases = OptionalRefs(source, map, "aliases", Kind::kPerson);
    map.Finish();
    if (p.id.empty())
      archive->MarkIncomplete(Kind::kPerson);
    else
      archive->people.push_back(std::move(p));
  }
}

void ReadRecommendationSet(YamlSource& source, const YamlNode& root, Archive* archive) {
  RecommendationSet set;
  MapReader map(source, root, "a recommendation set");
  set.id = ReadId(source, map, &set.where);
  map.SetWhat("recommendation set '" + set.id + "'");
  set.title = map.Text("title", true, "SSR1 Recommendations");
  set.short_name = map.Text("short", true, "SSR1");
  set.description = map.MarkdownText("description");
  set.source = OptionalRef(source, map, "source", Kind::kDoc);
  set.note = map.MarkdownText("note");
  set.aliases = OptionalRefs(source, map, "aliases", Kind::kSet);
  int set_index = static_cast<int>(archive->sets.size());
  for (const YamlNode& node :
       source.Items(map.Get("recommendations", true, "[…]"), "recommendations")) {
    Recommendation rec;
    MapReader rec_map(source, node, "a recommendation of '" + set.id + "'");
    rec.where = rec_map.where();
    const YamlNode* number = rec_map.Get("number", true, "11");
    if (number) {
      rec.number = source.Text(*number, "number").value_or("");
      rec.where = source.At(*number);
      rec.id = set.id + "-" + rec.number;
      if (std::string why = CheckId(rec.id); !rec.number.empty() && !why.empty()) {
        source.Error(rec.where, "'" + rec.number + "' cannot number a recommendation", why);
        rec.id.clear();
      }
    }
    rec_map.SetWhat("recommendation '" + rec.id + "'");
    rec.text = rec_map.MarkdownText("text", true);
    rec.status = rec_map.Text("status", false);
    rec.note = rec_map.MarkdownText("note");
    rec_map.Finish();
    if (rec.id.empty() || set.id.empty()) {
      archive->MarkIncomplete(Kind::kRec);
      continue;
    }
    rec.set = set_index;
    set.recommendations.push_back(static_cast<int>(archive->recommendations.size()));
    archive->recommendations.push_back(std::move(rec));
  }
  map.Finish();
  if (set.id.empty())
    archive->MarkIncomplete(Kind::kSet);
  else
    archive->sets.push_back(std::move(set));
}

void ReadMeeting(YamlSource& source, const YamlNode& root, Archive* archive) {
  Meeting m;
  MapReader map(source, root, "a meeting");
  m.id = ReadId(source, map, &m.where);
  map.SetWhat("meeting '" + m.id + "'");
  const YamlNode* kind = map.Get("kind", true, "plenary");
  if (kind)
    m.kind =
        MeetingKind(source.Choice(*kind, "kind", {"plenary", "leadership", "face-to-face", "other"})
                        .value_or(3));
  const YamlNode* number = map.Get("number");
  if (number) m.number = source.Integer(*number, "number");
  m.title = map.Text("title", true, "SSR2 Plenary Meeting #14");
  m.date = RequiredDate(source, map, "date", false);
  m.date_note = map.Text("date_note", false);
  const YamlNode* time = map.Get("time", true, "\"21:00\", or not recorded");
  if (time && !source.IsNotRecorded(*time)) {
    if (auto text = source.Text(*time, "time")) {
      std::string error;
      m.time = TimeOfDay::Parse(*text, &error);
      if (!m.time)
        source.Error(source.At(*time), error, "expected a time like \"21:00\" (24-hour)");
    }
  }
  const YamlNode* zone = map.Get("zone");
  if (zone) {
    m.zone = source.Text(*zone, "zone").value_or("");
    if (!m.zone.empty() && !ParseZone(m.zone)) {
      source.Error(source.At(*zone), "'" + m.zone + "' is not a time zone",
                   "write UTC, or an offset such as UTC+02:00");
      m.zone.clear();
    }
  }
  const YamlNode* attendance = map.Get("attendance", true, "{members: not recorded, …}");
  if (attendance) m.attendance = ReadAttendance(source, *attendance);
  const YamlNode* agenda = map.Get("agenda", true, "[…]");
  for (const YamlNode& item : source.Items(agenda, "agenda"))
    m.agenda.push_back(ReadAgendaItem(source, item, 1));
  m.notes = map.MarkdownText("notes");
  for (const YamlNode& d : source.Items(map.Get("decisions"), "decisions"))
    m.decisions.push_back(source.MarkdownText(d, "decisions"));
  for (const YamlNode& d : source.Items(map.Get("documents"), "documents"))
    m.documents.push_back(ReadMeetingDocument(source, d));
  for (const YamlNode& u : source.Items(map.Get("status_updates"), "status_updates"))
    m.status_updates.push_back(ReadStatusUpdate(source, u));
  m.note = map.MarkdownText("note");
  m.aliases = OptionalRefs(source, map, "aliases", Kind::kMeeting);
  map.Finish();
  if (m.id.empty())
    archive->MarkIncomplete(Kind::kMeeting);
  else
    archive->meetings.push_back(std::move(m));
}

void ReadActionItems(YamlSource& source, const YamlNode& root, Archive* archive) {
  for (const YamlNode& node : RecordList(source, root, "action items", Kind::kAction, archive)) {
    ActionItem a;
    MapReader map(source, node, "an action item");
    a.id = ReadId(source, map, &a.where);
    map.SetWhat("action item '" + a.id + "'");
    a.text = map.MarkdownText("text", true);
    a.owners = RefsOrNotRecorded(source, map, "owners", Kind::kPerson);
    a.due = RequiredDate(source, map, "due", true);
    a.due_note = map.Text("due_note", false);
    a.origin =
        RefOrNotRecorded(source, map, "origin", Kind::kMeeting, "plenary-14, or not recorded");
    a.category = map.Text("category", false);
    a.questions = OptionalRefs(source, map, "questions", Kind::kQuestion);
    a.recommendations = OptionalRefs(source, map, "recommendations", Kind::kRec);
    const YamlNode* completed = map.Get("completed");
    if (completed) {
      MapReader c(source, *completed, "'completed'");
      Completion completion;
      completion.date = RequiredDate(source, c, "date", false);
      completion.response = c.MarkdownText("response");
      c.Finish();
      a.completed = std::move(completion);
    }
    a.note = map.MarkdownText("note");
    a.aliases = OptionalRefs(source, map, "aliases", Kind::kAction);
    map.Finish();
    if (a.id.empty())
      archive->MarkIncomplete(Kind::kAction);
    else
      archive->actions.push_back(std::move(a));
  }
}

namespace {

Answer ReadAnswer(YamlSource& source, const YamlNode& node) {
  Answer a;
  MapReader map(source, node, "an answer");
  a.where = map.where();
  a.date = RequiredDate(source, map, "date", false);
  a.by = RefOrNotRecorded(source, map, "by", Kind::kPerson, "who answered, or not recorded");
  a.source = OptionalRef(source, map, "source", Kind::kDoc);
  a.text = map.MarkdownText("text", true);
  map.Finish();
  return a;
}

}  // namespace

void ReadBriefing(YamlSource& source, const YamlNode& root, Archive* archive) {
  Briefing b;
  MapReader map(source, root, "a briefing");
  b.id = ReadId(source, map, &b.where);
  map.SetWhat("briefing '" + b.id + "'");
  b.title = map.Text("title", true, "The briefing's title");
  b.area = map.Text("area", true, "the briefing area");
  b.to = RefsOrNotRecorded(source, map, "to", Kind::kPerson);
  b.presenters = OptionalRefs(source, map, "presenters", Kind::kPerson);
  b.meeting =
      RefOrNotRecorded(source, map, "meeting", Kind::kMeeting, "plenary-14, or not recorded");
  b.prefix = b.id;
  const YamlNode* prefix = map.Get("prefix");
  if (prefix) b.prefix = source.Id(*prefix, "prefix").value_or(b.id);
  const YamlNode* default_asker = map.Get("asker");
  std::optional<std::optional<Ref>> asker_for_all;
  if (default_asker) {
    asker_for_all = source.IdRefOrNotRecorded(*default_asker, "asker", Kind::kPerson);
    if (asker_for_all) b.asker = *asker_for_all;
  }
  b.documents = OptionalRefs(source, map, "documents", Kind::kDoc);
  b.note = map.MarkdownText("note");
  b.aliases = OptionalRefs(source, map, "aliases", Kind::kBriefing);
  int briefing_index = static_cast<int>(archive->briefings.size());
  for (const YamlNode& node : source.Items(map.Get("questions", true, "[…]"), "questions")) {
    Question q;
    MapReader q_map(source, node, "a question of '" + b.id + "'");
    q.where = q_map.where();
    const YamlNode* number = q_map.Get("number", true, "\"11.3\"");
    if (number) {
      q.number = source.Text(*number, "number").value_or("");
      q.where = source.At(*number);
      if (!q.number.empty() && !IsQuestionNumber(q.number)) {
        source.Error(q.where, "'" + q.number + "' is not a question number",
                     "write digits separated by dots, e.g. \"11.3\" or \"7\"");
        q.number.clear();
      }
      if (!q.number.empty()) q.id = b.prefix + "-" + q.number;
    }
    q_map.SetWhat("question '" + q.id + "'");
    q.text = q_map.MarkdownText("text", true);
    const YamlNode* asker = q_map.Get("asker", !asker_for_all, "an id, or not recorded");
    if (asker)
      q.asker = source.IdRefOrNotRecorded(*asker, "asker", Kind::kPerson).value_or(std::nullopt);
    else if (asker_for_all)
      q.asker = *asker_for_all;
    q.recommendation = OptionalRef(source, q_map, "recommendation", Kind::kRec);
    q.repeats = OptionalRef(source, q_map, "repeats", Kind::kQuestion);
    const YamlNode* status = q_map.Get("status");
    if (status) {
      q.status_where = source.At(*status);
      if (auto s = source.Choice(*status, "status", {"open", "answered", "reframed", "withdrawn"}))
        q.declared_status = QuestionStatus(*s);
    }
    for (const YamlNode& a : source.Items(q_map.Get("answers"), "answers"))
      q.answers.push_back(ReadAnswer(source, a));
    q.note = q_map.MarkdownText("note");
    q.aliases = OptionalRefs(source, q_map, "aliases", Kind::kQuestion);
    q_map.Finish();
    if (q.id.empty() || b.id.empty()) {
      archive->MarkIncomplete(Kind::kQuestion);
      continue;
    }
    q.briefing = briefing_index;
    b.questions.push_back(static_cast<int>(archive->questions.size()));
    archive->questions.push_back(std::move(q));
  }
  map.Finish();
  if (b.id.empty())
    archive->MarkIncomplete(Kind::kBriefing);
  else
    archive->briefings.push_back(std::move(b));
}

void ReadDocument(YamlSource& source, const YamlNode& front_matter, size_t body_offset,
                  Archive* archive) {
  Document d;
  d.path = source.path();
  MapReader map(source, front_matter, "a document's front matter");
  d.id = ReadId(source, map, &d.where);
  map.SetWhat("document '" + d.id + "'");
  d.title = map.Text("title", true, "The document's title");
  const YamlNode* kind = map.Get("kind", true, "statement");
  if (kind) {
    static const std::vector<std::string> kKinds = {"statement", "answers", "slides",
                                                    "report",    "notes",   "other"};
    if (auto k = source.Choice(*kind, "kind", kKinds)) d.kind = kKinds[*k];
  }
  d.author = RefOrNotRecorded(source, map, "author", Kind::kPerson, "an id, or not recorded");
  d.date = RequiredDate(source, map, "date", false);
  d.briefing = OptionalRef(source, map, "briefing", Kind::kBriefing);
  d.meeting = OptionalRef(source, map, "meeting", Kind::kMeeting);
  d.url = map.WebAddress("url");
  d.note = map.MarkdownText("note");
  d.aliases = OptionalRefs(source, map, "aliases", Kind::kDoc);
  map.Finish();
  d.body = source.MarkdownAt(std::string(source.text().substr(body_offset)), body_offset);
  if (d.id.empty())
    archive->MarkIncomplete(Kind::kDoc);
  else
    archive->documents.push_back(std::move(d));
}

}  // namespace annals
