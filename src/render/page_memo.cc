#include "render/page_memo.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <unordered_map>

#include "render/urls.h"
#include "resolve/resolver.h"
#include "util/parallel.h"
#include "util/text.h"

namespace annals {

namespace {

constexpr std::string_view kHeader = "annals page memo 1\n";

// The bytes a kWhole digest sums, gathered field by field.
class Material {
 public:
  void Field(std::string_view text) {
    const size_t length = text.size();
    bytes_.append(reinterpret_cast<const char*>(&length), sizeof length);
    bytes_.append(text);
  }
  void Number(long long n) { bytes_.append(reinterpret_cast<const char*>(&n), sizeof n); }
  void Record(const Archive& a, RecordId r) {
    Number(static_cast<int>(r.kind));
    Field(r.index < 0 ? std::string_view("-") : std::string_view(a.IdOf(r)));
  }
  void Records(const Archive& a, Kind kind, const std::vector<int>& indices) {
    Number(static_cast<long long>(indices.size()));
    for (int i : indices) Record(a, {kind, i});
  }
  void Records(const Archive& a, const std::vector<RecordId>& records) {
    Number(static_cast<long long>(records.size()));
    for (RecordId r : records) Record(a, r);
  }
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

// Every field under "Resolved" in model/archive.h, for each kind.
void AddResolved(const Archive& a, RecordId r, Material& m) {
  const int i = r.index;
  switch (r.kind) {
    case Kind::kPerson: {
      const Person& p = a.people[i];
      m.Records(a, Kind::kPerson, p.members);
      m.Records(a, Kind::kAction, p.owns);
      m.Records(a, Kind::kQuestion, p.asked);
      m.Records(a, Kind::kQuestion, p.answered);
      m.Records(a, Kind::kBriefing, p.briefed);
      m.Records(a, Kind::kMeeting, p.presented);
      m.Records(a, Kind::kMeeting, p.attended);
      m.Records(a, Kind::kMeeting, p.apologies);
      m.Records(a, Kind::kDoc, p.authored);
      m.Records(a, p.mentioned_in);
      return;
    }
    case Kind::kSet: {
      const RecommendationSet& set = a.sets[i];
      m.Records(a, Kind::kRec, set.recommendations);
      m.Records(a, set.mentioned_in);
      return;
    }
    case Kind::kRec: {
      const Recommendation& rec = a.recommendations[i];
      m.Record(a, {Kind::kSet, rec.set});
      m.Records(a, Kind::kQuestion, rec.questions);
      m.Records(a, Kind::kMeeting, rec.meetings);
      m.Records(a, Kind::kAction, rec.actions);
      m.Number(static_cast<long long>(rec.areas.size()));
      for (const std::string& area : rec.areas) m.Field(area);
      m.Records(a, rec.mentioned_in);
      return;
    }
    case Kind::kMeeting: {
      const Meeting& meeting = a.meetings[i];
      m.Records(a, Kind::kAction, meeting.actions_raised);
      m.Records(a, Kind::kBriefing, meeting.briefings);
      m.Records(a, Kind::kQuestion, meeting.questions_asked);
      m.Records(a, Kind::kRec, meeting.recommendations);
      m.Records(a, Kind::kDoc, meeting.related_documents);
      m.Record(a, {Kind::kMeeting, meeting.previous});
      m.Record(a, {Kind::kMeeting, meeting.next});
      m.Records(a, meeting.mentioned_in);
      return;
    }
    case Kind::kAction: {
      const ActionItem& item = a.actions[i];
      m.Number(static_cast<long long>(item.history.size()));
      for (const StatusEntry& entry : item.history) {
        m.Record(a, {Kind::kMeeting, entry.meeting});
        m.Number(static_cast<int>(entry.status));
        m.Number(entry.update);
      }
      m.Number(static_cast<int>(item.status));
      m.Number(item.overdue);
      m.Records(a, item.mentioned_in);
      return;
    }
    case Kind::kBriefing: {
      const Briefing& b = a.briefings[i];
      m.Records(a, Kind::kQuestion, b.questions);
      m.Records(a, Kind::kDoc, b.related_documents);
      m.Records(a, b.mentioned_in);
      return;
    }
    case Kind::kQuestion: {
      const Question& q = a.questions[i];
      m.Record(a, {Kind::kBriefing, q.briefing});
      m.Number(static_cast<int>(q.status));
      m.Records(a, Kind::kQuestion, q.repeated_by);
      m.Records(a, Kind::kAction, q.actions);
      m.Records(a, q.mentioned_in);
      return;
    }
    case Kind::kDoc: {
      const Document& d = a.documents[i];
      m.Records(a, Kind::kQuestion, d.answers_in);
      m.Records(a, d.mentioned_in);
      return;
    }
  }
}

const SourceLocation& WhereOf(const Archive& a, RecordId r) {
  switch (r.kind) {
    case Kind::kPerson:
      return a.people[r.index].where;
    case Kind::kSet:
      return a.sets[r.index].where;
    case Kind::kRec:
      return a.recommendations[r.index].where;
    case Kind::kMeeting:
      return a.meetings[r.index].where;
    case Kind::kAction:
      return a.actions[r.index].where;
    case Kind::kBriefing:
      return a.briefings[r.index].where;
    case Kind::kQuestion:
      return a.questions[r.index].where;
    case Kind::kDoc:
      break;
  }
  return a.documents[r.index].where;
}

int CountOf(const Archive& a, Kind kind) {
  switch (kind) {
    case Kind::kPerson:
      return static_cast<int>(a.people.size());
    case Kind::kSet:
      return static_cast<int>(a.sets.size());
    case Kind::kRec:
      return static_cast<int>(a.recommendations.size());
    case Kind::kMeeting:
      return static_cast<int>(a.meetings.size());
    case Kind::kAction:
      return static_cast<int>(a.actions.size());
    case Kind::kBriefing:
      return static_cast<int>(a.briefings.size());
    case Kind::kQuestion:
      return static_cast<int>(a.questions.size());
    case Kind::kDoc:
      break;
  }
  return static_cast<int>(a.documents.size());
}

std::string_view SourceSum(const Archive& a, const std::string& path) {
  auto it = a.source_sums.find(path);
  return it == a.source_sums.end() ? std::string_view() : std::string_view(it->second);
}

}  // namespace

ArchiveDigests::ArchiveDigests(const Archive& a, const Digest& context) {
  // What each record's references resolved to, in the order they are visited.
  std::vector<Material> refs[kKindCount];
  for (int k = 0; k < kKindCount; ++k) refs[k].resize(CountOf(a, static_cast<Kind>(k)));
  Material settings;
  VisitReferences(a, [&](RecordId owner, const Ref& ref, bool) {
    Material& m = owner.index < 0 ? settings : refs[static_cast<int>(owner.kind)][owner.index];
    m.Record(a, {ref.kind, ref.target});
  });
  Sha256 sum;
  sum.Add(context);
  sum.AddField(SourceSum(a, a.settings.where.path));
  sum.AddField(settings.bytes());
  context_ = sum.Finish();

  for (int k = 0; k < kKindCount; ++k) {
    const Kind kind = static_cast<Kind>(k);
    const int count = CountOf(a, kind);
    link_[k].resize(count);
    whole_[k].resize(count);
    ParallelFor(count, [&](size_t n) {
      const int i = static_cast<int>(n);
      Sha256 link;
      link.AddField(RecordPath(a, {kind, i}));
      link.AddField(RecordLabel(a, {kind, i}));
      link_[k][i] = link.Finish();
      Material m;
      m.Record(a, {kind, i});
      m.Field(SourceSum(a, WhereOf(a, {kind, i}).path));
      AddResolved(a, {kind, i}, m);
      Sha256 whole;
      whole.AddField(m.bytes());
      whole.AddField(refs[k][i].bytes());
      whole_[k][i] = whole.Finish();
    });
    Sha256 list;
    for (int i = 0; i < count; ++i) list.AddField(a.IdOf({kind, i}));
    if (kind == Kind::kMeeting)
      for (int m : a.meetings_by_date) list.AddField(a.meetings[m].id);
    list_[k] = list.Finish();
    Sha256 all;
    all.Add(list_[k]);
    for (const Digest& digest : whole_[k]) all.Add(digest);
    all_[k] = all.Finish();
  }
}

const Digest* ArchiveDigests::Of(const Read& read) const {
  const int k = static_cast<int>(read.kind);
  if (k < 0 || k >= kKindCount) return nullptr;
  switch (read.level) {
    case ReadLevel::kList:
      return &list_[k];
    case ReadLevel::kAll:
      return &all_[k];
    case ReadLevel::kLink:
    case ReadLevel::kWhole: {
      const std::vector<Digest>& digests = read.level == ReadLevel::kLink ? link_[k] : whole_[k];
      if (read.index < 0 || read.index >= static_cast<int>(digests.size())) return nullptr;
      return &digests[read.index];
    }
  }
  return nullptr;
}

bool FileKey(std::string_view name, const std::vector<Read>& reads,
             const std::vector<MemoPiece>& pieces, const ArchiveDigests& digests, Digest* key) {
  Sha256 sum;
  sum.Add(digests.context());
  sum.AddField(name);
  for (const Read& read : reads) {
    const Digest* digest = digests.Of(read);
    if (!digest) return false;
    const char kind_and_level[2] = {static_cast<char>(read.kind), static_cast<char>(read.level)};
    sum.Add(std::string_view(kind_and_level, 2));
    sum.Add(*digest);
  }
  for (const MemoPiece& piece : pieces) {
    sum.AddField(piece.name);
    sum.Add(piece.key);
  }
  *key = sum.Finish();
  return true;
}

bool Unchanged(const MemoPiece& piece, const ArchiveDigests& digests) {
  Digest key;
  return FileKey(piece.name, piece.reads, {}, digests, &key) && key == piece.key;
}

std::vector<char> UnchangedPieces(const MemoEntry& entry, const ArchiveDigests& digests) {
  std::vector<char> unchanged(entry.pieces.size());
  ParallelFor(unchanged.size(),
              [&](size_t i) { unchanged[i] = Unchanged(entry.pieces[i], digests); });
  return unchanged;
}

bool Unchanged(std::string_view path, const MemoEntry& entry, const ArchiveDigests& digests,
               const std::vector<char>& unchanged_pieces) {
  if (entry.stale ||
      std::find(unchanged_pieces.begin(), unchanged_pieces.end(), 0) != unchanged_pieces.end())
    return false;
  Digest key;
  return FileKey(path, entry.reads, entry.pieces, digests, &key) && key == entry.key;
}

bool Unchanged(std::string_view path, const MemoEntry& entry, const ArchiveDigests& digests) {
  return Unchanged(path, entry, digests, UnchangedPieces(entry, digests));
}

namespace {

// `reads` on a line, each as "l<number>" (kLink), "w<number>" (kWhole), "L<kind>" (kList)
// or "A<kind>" (kAll); a record's number is `first` of its kind plus its index.
void AppendReads(const std::vector<Read>& reads, const int* first, std::string& out) {
  bool first_read = true;
  for (const Read& read : reads) {
    if (!first_read) out += ' ';
    first_read = false;
    const int k = static_cast<int>(read.kind);
    switch (read.level) {
      case ReadLevel::kLink:
        out += "l" + std::to_string(first[k] + read.index);
        break;
      case ReadLevel::kWhole:
        out += "w" + std::to_string(first[k] + read.index);
        break;
      case ReadLevel::kList:
        out += "L" + std::to_string(k);
        break;
      case ReadLevel::kAll:
        out += "A" + std::to_string(k);
        break;
    }
  }
  out += "\n";
}

}  // namespace

// The text: the header; "manifest <sum>"; "records" and each kind's count, then every
// record's id, a line each, kind by kind in index order (a record's number is its line
// among them); then per file a line "<key> <size> <sum> <path>", a line of its reads,
// "pieces <count>", and per piece a line "<key> <offset> <length> <name>" and a line of
// its reads.
namespace {

// Files are written and read in runs of this many, on all cores.
constexpr size_t kFilesPerRun = 512;

}  // namespace

std::string PageMemo::Serialize(const Archive& a) const {
  std::string out(kHeader);
  out += "manifest " + manifest_sum + "\nrecords";
  int first[kKindCount];
  int total = 0;
  for (int k = 0; k < kKindCount; ++k) {
    first[k] = total;
    const int count = CountOf(a, static_cast<Kind>(k));
    total += count;
    out += " " + std::to_string(count);
  }
  out += "\n";
  for (int k = 0; k < kKindCount; ++k)
    for (int i = 0, count = CountOf(a, static_cast<Kind>(k)); i < count; ++i)
      out += a.IdOf({static_cast<Kind>(k), i}) + "\n";
  std::vector<const std::pair<const std::string, MemoEntry>*> in_order;
  in_order.reserve(files.size());
  for (const auto& file : files) in_order.push_back(&file);
  std::vector<std::string> runs((in_order.size() + kFilesPerRun - 1) / kFilesPerRun);
  ParallelFor(runs.size(), [&](size_t run) {
    std::string& text = runs[run];
    for (size_t f = run * kFilesPerRun; f < std::min(in_order.size(), (run + 1) * kFilesPerRun);
         ++f) {
      const auto& [path, entry] = *in_order[f];
      text +=
          HexOf(entry.key) + " " + std::to_string(entry.size) + " " + entry.sum + " " + path + "\n";
      AppendReads(entry.reads, first, text);
      text += "pieces " + std::to_string(entry.pieces.size()) + "\n";
      for (const MemoPiece& piece : entry.pieces) {
        text += HexOf(piece.key) + " " + std::to_string(piece.offset) + " " +
                std::to_string(piece.length) + " " + piece.name + "\n";
        AppendReads(piece.reads, first, text);
      }
    }
  });
  for (const std::string& run : runs) out += run;
  return out;
}

namespace {

bool ParseDigest(std::string_view hex, Digest* digest) {
  if (hex.size() != 2 * digest->size()) return false;
  for (size_t i = 0; i < digest->size(); ++i)
    if (std::from_chars(hex.data() + 2 * i, hex.data() + 2 * i + 2, (*digest)[i], 16).ec !=
        std::errc())
      return false;
  return true;
}

// A line of reads, renumbered from the memo's numbers of records (`records`: each one's
// kind and index now, or -1 when it is gone) into `out`; false when it is not one.
// `gone` is set when a read is of a record the archive no longer has.
bool ParseReads(std::string_view reads, const std::vector<Read>& records, std::vector<Read>* out,
                bool* gone) {
  out->reserve(out->size() + std::count(reads.begin(), reads.end(), ' ') + 1);
  while (!reads.empty()) {
    std::string_view word = NextWord(reads);
    size_t n = 0;
    if (word.empty() || !ParseNumber(word.substr(1), &n)) return false;
    switch (word[0]) {
      case 'l':
      case 'w':
        if (n >= records.size()) return false;
        *gone = *gone || records[n].index < 0;
        out->push_back({records[n].kind, word[0] == 'l' ? ReadLevel::kLink : ReadLevel::kWhole,
                        records[n].index});
        break;
      case 'L':
      case 'A':
        if (n >= static_cast<size_t>(kKindCount)) return false;
        out->push_back(
            {static_cast<Kind>(n), word[0] == 'L' ? ReadLevel::kList : ReadLevel::kAll, -1});
        break;
      default:
        return false;
    }
  }
  return true;
}

// One file's lines (see Serialize) into `path` and `entry`; false when they are not
// such lines.
bool ParseFile(std::string_view text, const std::vector<Read>& records, std::string* path,
               MemoEntry* entry) {
  std::string_view line, reads;
  if (!NextLine(text, &line) || !ParseDigest(NextWord(line), &entry->key) ||
      !ParseNumber(NextWord(line), &entry->size) || !NextLine(text, &reads))
    return false;
  entry->sum = std::string(NextWord(line));
  *path = std::string(line);
  bool gone = false;
  if (!ParseReads(reads, records, &entry->reads, &gone)) return false;
  entry->stale = gone;
  size_t pieces = 0;
  if (!NextLine(text, &line) || NextWord(line) != "pieces" || !ParseNumber(line, &pieces))
    return false;
  for (size_t n = 0; n < pieces; ++n) {
    MemoPiece piece;
    if (!NextLine(text, &line) || !ParseDigest(NextWord(line), &piece.key) ||
        !ParseNumber(NextWord(line), &piece.offset) ||
        !ParseNumber(NextWord(line), &piece.length) || !NextLine(text, &reads))
      return false;
    piece.name = std::string(line);
    bool piece_gone = false;
    if (!ParseReads(reads, records, &piece.reads, &piece_gone)) return false;
    // A piece that read a record now gone is made again; the file then is too.
    entry->stale = entry->stale || piece_gone;
    if (!piece_gone) entry->pieces.push_back(std::move(piece));
  }
  return text.empty();
}

}  // namespace

PageMemo PageMemo::Parse(std::string_view text, const Archive& a) {
  PageMemo memo;
  std::string_view line;
  if (text.substr(0, kHeader.size()) != kHeader) return {};
  text.remove_prefix(kHeader.size());
  if (!NextLine(text, &line) || NextWord(line) != "manifest") return {};
  memo.manifest_sum = std::string(line);
  if (!NextLine(text, &line) || NextWord(line) != "records") return {};
  // Each recorded record as it is now: its kind and index, or -1 when it is gone.
  std::vector<Read> records;
  for (int k = 0; k < kKindCount; ++k) {
    const Kind kind = static_cast<Kind>(k);
    size_t count = 0;
    if (!ParseNumber(NextWord(line), &count)) return {};
    std::unordered_map<std::string_view, int> index;
    const int now = CountOf(a, kind);
    index.reserve(now);
    for (int i = 0; i < now; ++i) index.emplace(a.IdOf({kind, i}), i);
    for (size_t n = 0; n < count; ++n) {
      std::string_view id;
      if (!NextLine(text, &id)) return {};
      auto it = index.find(id);
      records.push_back({kind, ReadLevel::kWhole, it == index.end() ? -1 : it->second});
    }
  }
  // Each file's lines: two, "pieces <count>", and two per piece.
  std::vector<std::string_view> file_texts;
  while (!text.empty()) {
    const char* start = text.data();
    std::string_view reads;
    size_t pieces = 0;
    if (!NextLine(text, &line) || !NextLine(text, &reads) || !NextLine(text, &line) ||
        NextWord(line) != "pieces" || !ParseNumber(line, &pieces))
      return {};
    for (size_t n = 0; n < 2 * pieces; ++n)
      if (!NextLine(text, &line)) return {};
    file_texts.emplace_back(start, text.data() - start);
  }
  std::vector<std::pair<std::string, MemoEntry>> parsed(file_texts.size());
  std::atomic<bool> bad = false;
  ParallelFor((file_texts.size() + kFilesPerRun - 1) / kFilesPerRun, [&](size_t run) {
    for (size_t f = run * kFilesPerRun; f < std::min(file_texts.size(), (run + 1) * kFilesPerRun);
         ++f)
      if (!ParseFile(file_texts[f], records, &parsed[f].first, &parsed[f].second)) bad = true;
  });
  if (bad) return {};
  for (auto& [path, entry] : parsed)
    if (!entry.stale || !entry.pieces.empty())
      memo.files.emplace_hint(memo.files.end(), std::move(path), std::move(entry));
  return memo;
}

}  // namespace annals
