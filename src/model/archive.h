// The records of an archive, as loaded and then resolved.
//
// The loader fills the source fields of every record; the resolver fills each Ref's
// `target` and every field under "Resolved" (backlinks and derived facts). Records refer
// to each other by index into the Archive's vectors, so the whole graph is plain data
// that a renderer can walk without lookups.
//
// A page is made again only when something it read changed; what a record holds is
// summed up by render/page_memo.cc from its file's sum and its resolved fields. A field
// added under "Resolved" must be summed there too.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/date.h"
#include "model/reads.h"
#include "util/diagnostics.h"

namespace annals {

// A record of the archive: its kind and its index in the Archive's vector of that kind.
struct RecordId {
  Kind kind = Kind::kPerson;
  int index = -1;
  bool operator==(const RecordId&) const = default;
  auto operator<=>(const RecordId&) const = default;
};

// A typed reference as written in a YAML field or in Markdown.
// A Markdown reference's label, the text after '|', is not kept: it is in the text, where
// the page that shows it finds it again (ReferenceLabel in load/references.h). An archive
// holds a million references; this is 64 bytes.
struct Ref {
  // Which records the reference may point at: kPerson and kGroup narrow the kPerson
  // namespace to people or to groups; kAny accepts every record of `kind`.
  enum class Filter : uint8_t { kAny, kPerson, kGroup };
  // How it was typed, so that a hint spells the reference the same way.
  enum class Written : uint8_t {
    kId,        // the id alone, in a field of one kind: "ssr1-11"
    kTyped,     // with its kind: "rec:ssr1-11"
    kMarkdown,  // in Markdown: "[[rec:ssr1-11]]"
  };

  Kind kind = Kind::kPerson;
  Filter filter = Filter::kAny;
  Written written = Written::kId;
  int target = -1;  // resolved: index into the Archive's vector of `kind`
  std::string id;
  SourceLocation where;
};

// Where the Markdown texts of records read from the record cache are kept
// (load/record_cache.h): read back when a page needs one, so that a large archive's
// text is not all held in memory.
class StoredTexts {
 public:
  virtual ~StoredTexts() = default;
  // The `size` bytes kept at `place`; "" when they cannot be read, which the keeper
  // remembers and reports (RecordCache::TextStatus).
  virtual std::string Read(uint64_t place, uint32_t size) const = 0;
};

// Markdown text with the references found in it.
struct Markdown {
  std::string text;  // as written; empty when `stored` keeps it
  std::vector<Ref> refs;
  const StoredTexts* stored = nullptr;  // where the text is, when not in `text`
  uint64_t place = 0;
  uint32_t size = 0;

  // The text as written, wherever it is kept.
  std::string Text() const { return stored ? stored->Read(place, size) : text; }
  bool empty() const { return stored ? size == 0 : text.empty(); }
};

// A list of ids that may be "not recorded" (nullopt) or recorded as empty ("[]").
using RefList = std::optional<std::vector<Ref>>;

// A published address that no record produces any more, and what became of it: it
// moved to a record's page (a redirect page is left there) or it was withdrawn (a page
// saying so is left there, when it was a page).
struct AddressChange {
  std::string address;    // as published, from the site root: "meetings/plenary-15/", "logo.png"
  std::optional<Ref> to;  // moved: the record now at that place
  Markdown reason;        // withdrawn: why
  PartialDate date;       // withdrawn: when, if recorded
  SourceLocation where;

  bool is_page() const { return address.empty() || address.back() == '/'; }
};

struct ArchiveSettings {
  std::string title;
  std::string review;
  Markdown description;
  std::string publisher;  // may be "not recorded"
  std::string language;
  std::string licence;   // "" when absent
  std::string base_url;  // "" when absent
  std::string time_zone;
  PartialDate as_of;
  bool allow_html = false;
  int per_page = 100;  // rows on a page of a long index (render/paging.h)
  std::vector<AddressChange> moved, withdrawn;
  SourceLocation where;
};

struct Person {
  std::string id;
  std::string name;
  bool is_group = false;
  std::string initials, role, title;
  std::optional<Ref> part_of;
  Markdown note;
  std::vector<Ref> aliases;  // earlier ids: each leaves a redirect page behind
  SourceLocation where;

  // Resolved.
  std::vector<int> members;    // people whose part_of is this group
  std::vector<int> owns;       // action items
  std::vector<int> asked;      // questions
  std::vector<int> answered;   // questions they answered at least once
  std::vector<int> briefed;    // briefings put to them
  std::vector<int> presented;  // meetings where they presented an agenda item
  std::vector<int> attended;   // meetings: attendance (not apologies) or presenting
  std::vector<int> apologies;  // meetings they sent apologies for
  std::vector<int> authored;   // documents
  std::vector<RecordId> mentioned_in;
};

struct Recommendation {
  std::string id;  // "<set>-<number>"
  int set = -1;
  std::string number;
  Markdown text;
  std::string status;  // implementation status as recorded, "" when absent
  Markdown note;
  SourceLocation where;

  // Resolved.
  std::vector<int> questions;
  std::vector<int> meetings;  // meetings that touched it, in date order
  std::vector<int> actions;
  std::vector<std::string> areas;  // briefing areas of its questions, in first-seen order
  std::vector<RecordId> mentioned_in;
};

struct RecommendationSet {
  std::string id, title, short_name;
  Markdown description;
  std::optional<Ref> source;
  std::vector<int> recommendations;  // indices into Archive::recommendations, in file order
  Markdown note;
  std::vector<Ref> aliases;  // earlier ids: each leaves a redirect page behind
  SourceLocation where;
  std::vector<RecordId> mentioned_in;
};

struct AgendaItem {
  std::string title;
  std::vector<Ref> presenters;
  std::vector<Ref> refs;
  Markdown notes;
  std::vector<AgendaItem> items;
  SourceLocation where;
};

struct Attendance {
  RefList members, observers, staff, guests, apologies;
  Markdown note;
};

struct MeetingDocument {
  std::optional<Ref> doc;        // a document of the archive, or
  std::string title, kind, url;  // an outside item
};

enum class ActionStatus { kOpen, kInProgress, kDone, kDropped };
const char* ActionStatusName(ActionStatus s);  // "open", "in-progress", "done", "dropped"

struct StatusUpdate {
  Ref action;
  ActionStatus status = ActionStatus::kOpen;
  Markdown note;
  SourceLocation where;
};

enum class MeetingKind { kPlenary, kLeadership, kFaceToFace, kOther };
const char* MeetingKindName(MeetingKind k);  // "plenary", "leadership", "face-to-face", "other"

struct Meeting {
  std::string id;
  MeetingKind kind = MeetingKind::kOther;
  std::optional<int> number;
  std::string title;
  PartialDate date;
  std::string date_note;
  std::optional<TimeOfDay> time;  // nullopt: not recorded
  std::string zone;               // the archive's zone when the file gives none
  Attendance attendance;
  std::vector<AgendaItem> agenda;
  Markdown notes;
  std::vector<Markdown> decisions;
  std::vector<MeetingDocument> documents;
  std::vector<StatusUpdate> status_updates;
  Markdown note;
  std::vector<Ref> aliases;  // earlier ids: each leaves a redirect page behind
  SourceLocation where;

  // Resolved.
  std::vector<int> actions_raised;
  std::vector<int> briefings;  // briefings held (questions asked) at this meeting
  std::vector<int> questions_asked;
  std::vector<int> recommendations;    // touched: see ResolveArchive()
  std::vector<int> related_documents;  // documents whose `meeting` is this one
  int previous = -1, next = -1;        // in chronological order of all meetings
  std::vector<RecordId> mentioned_in;
};

struct StatusEntry {
  int meeting = -1;  // index into Archive::meetings
  ActionStatus status = ActionStatus::kOpen;
  int update = -1;  // index into that meeting's status_updates; -1 for the implicit "raised"
};

struct Completion {
  PartialDate date;
  Markdown response;
};

struct ActionItem {
  std::string id;
  Markdown text;
  RefList owners;
  PartialDate due;
  std::string due_note;
  std::optional<Ref> origin;  // nullopt: not recorded
  std::string category;
  std::vector<Ref> questions, recommendations;
  std::optional<Completion> completed;
  Markdown note;
  std::vector<Ref> aliases;  // earlier ids: each leaves a redirect page behind
  SourceLocation where;

  // Resolved.
  std::vector<StatusEntry> history;  // oldest first; starts with "open" at the origin
  ActionStatus status = ActionStatus::kOpen;
  bool overdue = false;
  std::vector<RecordId> mentioned_in;
};

enum class QuestionStatus { kOpen, kAnswered, kReframed, kWithdrawn };
const char* QuestionStatusName(QuestionStatus s);  // "open", "answered", "reframed", "withdrawn"

struct Answer {
  PartialDate date;
  std::optional<Ref> by;  // nullopt: not recorded
  std::optional<Ref> source;
  Markdown text;
  SourceLocation where;
};

struct Question {
  std::string id;  // "<prefix>-<number>"
  int briefing = -1;
  std::string number;
  Markdown text;
  std::optional<Ref> asker;  // nullopt: not recorded
  std::optional<Ref> recommendation;
  std::optional<Ref> repeats;
  std::optional<QuestionStatus> declared_status;
  SourceLocation status_where;
  std::vector<Answer> answers;
  Markdown note;
  std::vector<Ref> aliases;  // earlier ids: each leaves a redirect page behind
  SourceLocation where;

  // Resolved.
  QuestionStatus status = QuestionStatus::kOpen;
  std::vector<int> repeated_by;
  std::vector<int> actions;
  std::vector<RecordId> mentioned_in;
};

struct Briefing {
  std::string id, title, area;
  RefList to;
  std::vector<Ref> presenters;
  std::optional<Ref> meeting;  // nullopt: not recorded
  std::string prefix;
  std::optional<Ref> asker;
  std::vector<Ref> documents;
  std::vector<int> questions;  // indices into Archive::questions, in file order
  Markdown note;
  std::vector<Ref> aliases;  // earlier ids: each leaves a redirect page behind
  SourceLocation where;

  // Resolved.
  std::vector<int> related_documents;  // explicit documents plus those naming the briefing
  std::vector<RecordId> mentioned_in;
};

struct Document {
  std::string id, title, kind;
  std::optional<Ref> author;
  PartialDate date;
  std::optional<Ref> briefing, meeting;
  std::string url;
  Markdown body;
  Markdown note;
  std::string path;          // the source file
  std::vector<Ref> aliases;  // earlier ids: each leaves a redirect page behind
  SourceLocation where;

  // Resolved.
  std::vector<int> answers_in;  // questions with an answer whose source is this document
  std::vector<RecordId> mentioned_in;
};

struct Archive {
  ArchiveSettings settings;
  // Each list logs its reads (model/reads.h).
  RecordVector<Person, Kind::kPerson> people;
  RecordVector<RecommendationSet, Kind::kSet> sets;
  RecordVector<Recommendation, Kind::kRec> recommendations;
  RecordVector<Meeting, Kind::kMeeting> meetings;
  RecordVector<ActionItem, Kind::kAction> actions;
  RecordVector<Briefing, Kind::kBriefing> briefings;
  RecordVector<Question, Kind::kQuestion> questions;
  RecordVector<Document, Kind::kDoc> documents;

  // The SHA-256 (hex) of each file the records were read from, as read: path -> sum.
  std::map<std::string, std::string> source_sums;
  // Keeps the texts of Markdown stored outside the archive (StoredTexts) readable for as
  // long as the archive is; null when none is.
  std::shared_ptr<const StoredTexts> stored_texts;

  // Set by the loader for each kind of which a file or a record could not be read.
  // References to such a kind that do not resolve may point at the lost records, so
  // the resolver does not report them: one mistake gives one error, not a cascade.
  bool incomplete[kKindCount] = {};
  void MarkIncomplete(Kind kind) { incomplete[static_cast<int>(kind)] = true; }

  // Resolved: meetings in chronological order (date, then number, then id).
  RecordVector<int, Kind::kMeeting, true> meetings_by_date;

  // The record's id; read as a link reads it (model/reads.h), its id being part of its
  // address.
  const std::string& IdOf(RecordId r) const;
};

// "rec", "set", "meeting", … as written in references; "person" for kPerson.
const char* KindKeyword(Kind kind);
// "recommendation", "recommendation set", "meeting", … for messages.
const char* KindNoun(Kind kind);

}  // namespace annals
