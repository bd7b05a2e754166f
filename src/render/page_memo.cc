#include "render/page_memo.h"

#include <algorithm>
#include <atomic>
#include <cereal/archives/binary.hpp>
#include <cereal/types/array.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <charconv>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "render/urls.h"
#include "resolve/resolver.h"
#include "util/memory_stream.h"
#include "util/parallel.h"
#include "util/text.h"

namespace annals {

namespace {

constexpr std::string_view kHeader = "annals page memo 6\n";

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

bool FileKey(std::string_view name, const std::vector<Read>& reads, const ArchiveDigests& digests,
             Digest* key) {
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
  *key = sum.Finish();
  return true;
}

bool Unchanged(std::string_view name, const MemoEntry& entry, const ArchiveDigests& digests,
               const std::vector<char>& unchanged_pieces) {
  if (entry.stale ||
      std::find(unchanged_pieces.begin(), unchanged_pieces.end(), 0) != unchanged_pieces.end())
    return false;
  Digest key;
  return FileKey(name, entry.reads, digests, &key) && key == entry.key;
}

namespace {

// A read as the memo keeps it: its level in the top two bits and, below them, the
// record's number (kLink, kWhole: `first` of its kind plus its index) or its kind
// (kList, kAll). A memo holds millions of reads: four bytes each, written as a block.
using PackedRead = uint32_t;
constexpr int kLevelShift = 30;
constexpr uint32_t kNumberMask = (1u << kLevelShift) - 1;

std::vector<PackedRead> PackReads(const std::vector<Read>& reads, const int* first) {
  std::vector<PackedRead> packed;
  packed.reserve(reads.size());
  for (const Read& read : reads) {
    const int k = static_cast<int>(read.kind);
    const bool record = read.level == ReadLevel::kLink || read.level == ReadLevel::kWhole;
    packed.push_back(static_cast<uint32_t>(read.level) << kLevelShift |
                     static_cast<uint32_t>(record ? first[k] + read.index : k));
  }
  return packed;
}

// `packed` renumbered from the memo's numbers of records (`records`: each one's kind and
// index now, or -1 when it is gone) into `out`; false when they are not reads. `gone` is
// set when a read is of a record the archive no longer has.
bool UnpackReads(const std::vector<PackedRead>& packed, const std::vector<Read>& records,
                 std::vector<Read>* out, bool* gone) {
  out->reserve(packed.size());
  for (const PackedRead p : packed) {
    const auto level = static_cast<ReadLevel>(p >> kLevelShift);
    const uint32_t n = p & kNumberMask;
    switch (level) {
      case ReadLevel::kLink:
      case ReadLevel::kWhole:
        if (n >= records.size()) return false;
        *gone = *gone || records[n].index < 0;
        out->push_back({records[n].kind, level, records[n].index});
        break;
      case ReadLevel::kList:
      case ReadLevel::kAll:
        if (n >= static_cast<uint32_t>(kKindCount)) return false;
        out->push_back({static_cast<Kind>(n), level, -1});
        break;
      default:
        return false;
    }
  }
  return true;
}

// What every read of `a` sees: the context; each kind's kList and kAll digests; then,
// record by record in the memo's numbering, its kLink and kWhole digests.
std::vector<Digest> SeenDigests(const Archive& a, const ArchiveDigests& digests) {
  std::vector<Digest> seen = {digests.context()};
  for (int k = 0; k < kKindCount; ++k) {
    const Kind kind = static_cast<Kind>(k);
    seen.push_back(*digests.Of({kind, ReadLevel::kList, -1}));
    seen.push_back(*digests.Of({kind, ReadLevel::kAll, -1}));
  }
  for (int k = 0; k < kKindCount; ++k) {
    const Kind kind = static_cast<Kind>(k);
    for (int i = 0; i < CountOf(a, kind); ++i) {
      seen.push_back(*digests.Of({kind, ReadLevel::kLink, i}));
      seen.push_back(*digests.Of({kind, ReadLevel::kWhole, i}));
    }
  }
  return seen;
}

// Files are written and read in runs of about this many, on all cores.
constexpr uint64_t kFilesPerRun = 512;

// Whether a run ends after the file at `path`: for one path in kFilesPerRun, chosen by
// its bytes (the high bits of its FNV-1a hash), so that a run keeps its files while no
// file comes or goes among them.
bool EndsRun(std::string_view path) {
  uint64_t hash = 14695981039346656037ull;
  for (const char c : path) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return (hash >> 32) % kFilesPerRun == 0;
}

// The sum of every record's id, kind by kind: reads written with one numbering of the
// records are read the same with another of the same sum.
Digest NumberingOf(const std::vector<std::vector<std::string>>& ids) {
  Sha256 sum;
  for (const std::vector<std::string>& kind : ids) {
    sum.AddField(std::to_string(kind.size()));
    for (const std::string& id : kind) sum.AddField(id);
  }
  return sum.Finish();
}

// A run's size as it precedes the run: eight bytes, least significant first.
std::string SizePrefix(uint64_t size) {
  std::string prefix(8, '\0');
  for (int i = 0; i < 8; ++i) prefix[i] = static_cast<char>(size >> (8 * i) & 0xFF);
  return prefix;
}

// Takes a size written by SizePrefix() off the front of `text`; false when it is shorter.
bool ReadSizePrefix(std::string_view* text, uint64_t* size) {
  if (text->size() < 8) return false;
  *size = 0;
  for (int i = 0; i < 8; ++i)
    *size |= static_cast<uint64_t>(static_cast<unsigned char>((*text)[i])) << (8 * i);
  text->remove_prefix(8);
  return true;
}

}  // namespace

namespace {

// The number of the first record of each kind (a read names a record by its number),
// and every record's id, kind by kind in index order; false when there are too many
// records for a read to name them (over 2^30).
bool NumberRecords(const Archive& a, int* first, std::vector<std::vector<std::string>>* ids) {
  long long total = 0;
  for (int k = 0; k < kKindCount; ++k) {
    first[k] = static_cast<int>(std::min<long long>(total, kNumberMask));
    const int count = CountOf(a, static_cast<Kind>(k));
    total += count;
    if (!ids) continue;
    ids->emplace_back().reserve(count);
    for (int i = 0; i < count; ++i) ids->back().push_back(a.IdOf({static_cast<Kind>(k), i}));
  }
  return total <= static_cast<long long>(kNumberMask);
}

// What the memo writes of a file after its path and sum: its key, size and reads, then
// its pieces, each its name, offset, length and reads.
void WriteEntry(const MemoEntry& entry, const int* first, cereal::BinaryOutputArchive& ar) {
  ar(entry.key, entry.size, PackReads(entry.reads, first),
     static_cast<uint64_t>(entry.pieces.size()));
  for (const MemoPiece& piece : entry.pieces)
    ar(piece.name, piece.offset, piece.length, PackReads(piece.reads, first));
}

// What the memo writes of a file, appended to `bytes`: its path and sum, then its entry.
void WriteFile(const std::string& path, const std::string& sum, const MemoEntry& entry,
               const int* first, std::string* bytes) {
  StringOutput buffer(bytes);
  std::ostream out(&buffer);
  cereal::BinaryOutputArchive ar(out);
  ar(path, sum);
  WriteEntry(entry, first, ar);
}

// A file's path and sum alone, appended to `bytes`.
void WritePathAndSum(const std::string& path, const std::string& sum, std::string* bytes) {
  StringOutput buffer(bytes);
  std::ostream out(&buffer);
  cereal::BinaryOutputArchive ar(out);
  ar(path, sum);
}

// The files of a memo, in path order, as SerializeRuns writes them.
struct MemoFiles {
  size_t count = 0;
  std::function<const std::string&(size_t)> path;
  // The run of the memo read that the file was kept from, whole; -1 for none.
  std::function<int(size_t)> run;
  // Appends what the memo writes of the file (its path, sum and entry) to `bytes`; false
  // when it cannot.
  std::function<bool(size_t, const int* first, std::string* bytes)> write;
};

// The memo: its header line; in cereal's binary form the manifest's sum, every record's
// id, kind by kind in index order (a record's number is its place among them), and the
// digests every read saw (SeenDigests);
// then each run of files (in path order, each ending where EndsRun says), its size (eight
// bytes, little-endian) before its bytes, so that runs are found without reading them and
// are read on all cores; then a size of 0, so that a memo cut short between two runs is
// not taken for a whole one. A file is its path, sum, key, size, reads and pieces; a
// piece, its name, offset, length and reads.
bool SerializeRuns(const Archive& a, const ArchiveDigests& digests, const std::string& manifest_sum,
                   const MemoFiles& files, ByteOut& bytes, const MemoRuns& previous,
                   const ReadMemoBytes& read_previous) {
  int first[kKindCount];
  std::vector<std::vector<std::string>> ids;
  if (!NumberRecords(a, first, &ids)) return true;  // no memo: every file is made
  {
    std::ostringstream out;
    out << kHeader;
    cereal::BinaryOutputArchive ar(out);
    ar(manifest_sum, ids, SeenDigests(a, digests));
    bytes.Append(std::move(out).str());
  }
  // Where each run ends.
  std::vector<size_t> ends;
  for (size_t f = 0; f < files.count; ++f)
    if (EndsRun(files.path(f)) || f + 1 == files.count) ends.push_back(f + 1);
  const bool same_numbering = read_previous && NumberingOf(ids) == previous.numbering;
  // The run of the previous memo that the run ending at ends[r] is, file for file; -1
  // when it is not one.
  auto previous_run = [&](size_t r) {
    const size_t begin = r == 0 ? 0 : ends[r - 1];
    const int run = files.run(begin);
    if (!same_numbering || run < 0 || static_cast<size_t>(run) >= previous.runs.size() ||
        previous.runs[run].files != ends[r] - begin)
      return -1;
    for (size_t f = begin; f < ends[r]; ++f)
      if (files.run(f) != run) return -1;
    return run;
  };
  // A few runs per thread at a time, made on all cores and handed on in order: the memo
  // is never held whole.
  const size_t runs = ends.size();
  const size_t batch = 4 * static_cast<size_t>(Jobs());
  std::vector<std::string> made(batch);
  std::atomic<bool> failed = false;
  for (size_t begin = 0; begin < runs; begin += batch) {
    const size_t count = std::min(batch, runs - begin);
    ParallelFor(count, [&](size_t i) {
      const size_t run = begin + i;
      made[i].clear();
      if (const int from = previous_run(run); from >= 0) {
        const MemoRuns::Run& old = previous.runs[from];
        if (read_previous(old.offset, old.size, &made[i]) &&
            made[i].size() == static_cast<size_t>(old.size)) {
          return;
        }
        made[i].clear();
      }
      for (size_t f = run == 0 ? 0 : ends[run - 1]; f < ends[run]; ++f)
        if (!files.write(f, first, &made[i])) failed = true;
    });
    // Cut short before the run that failed: no size of 0 ends it.
    if (failed) return false;
    for (size_t i = 0; i < count; ++i) {
      bytes.Append(SizePrefix(made[i].size()));
      bytes.Append(std::exchange(made[i], {}));
    }
  }
  bytes.Append(SizePrefix(0));
  return true;
}

}  // namespace

void PageMemo::Serialize(const Archive& a, const ArchiveDigests& digests, ByteOut& bytes,
                         const MemoRuns& previous, const ReadMemoBytes& read_previous) const {
  std::vector<const std::pair<const std::string, MemoEntry>*> in_order;
  in_order.reserve(files.size());
  for (const auto& file : files) in_order.push_back(&file);
  MemoFiles memo_files;
  memo_files.count = in_order.size();
  memo_files.path = [&](size_t f) -> const std::string& { return in_order[f]->first; };
  memo_files.run = [&](size_t f) { return in_order[f]->second.run; };
  memo_files.write = [&](size_t f, const int* first, std::string* out) {
    const auto& [path, entry] = *in_order[f];
    WriteFile(path, entry.sum, entry, first, out);
    return true;
  };
  SerializeRuns(a, digests, manifest_sum, memo_files, bytes, previous, read_previous);
}

std::string PageMemo::Serialize(const Archive& a, const ArchiveDigests& digests) const {
  StringOut out;
  Serialize(a, digests, out);
  return std::move(out.text());
}

// The scratch file is written a megabyte at a time.
constexpr size_t kScratchFlush = 1 << 20;

MemoScratch::MemoScratch(FileSystem& fs, std::string path, const Archive& archive)
    : fs_(fs), path_(std::move(path)) {
  NumberRecords(archive, first_, nullptr);
  status_ = fs_.CreateFile(path_, &out_);
}

MemoScratch::~MemoScratch() {
  in_.reset();
  out_.reset();
  if (fs_.FileSize(path_) >= 0) fs_.RemoveTree(path_);
}

MemoSpan MemoScratch::Add(const MemoEntry& entry) {
  std::lock_guard<std::mutex> lock(mutex_);
  MemoSpan span{written_ + static_cast<long long>(buffer_.size()), 0};
  {
    // Straight into the buffer, written out a megabyte at a time: the entry of a file
    // made of pieces (archive.json) is tens of megabytes.
    StringOutput buffer(&buffer_, kScratchFlush, [this] { Flush(); });
    std::ostream out(&buffer);
    cereal::BinaryOutputArchive ar(out);
    WriteEntry(entry, first_, ar);
  }
  span.size = written_ + static_cast<long long>(buffer_.size()) - span.offset;
  return span;
}

void MemoScratch::Flush() {
  if (status_.ok()) status_ = out_->Append(buffer_);
  written_ += static_cast<long long>(buffer_.size());
  buffer_.clear();
}

Status MemoScratch::Finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  Flush();
  std::string().swap(buffer_);
  if (status_.ok()) status_ = out_->Close();
  out_.reset();
  if (status_.ok()) status_ = fs_.OpenForReading(path_, &in_);
  return status_;
}

bool MemoScratch::Read(MemoSpan span, std::string* bytes) const {
  if (!in_ || span.offset < 0) return false;
  const size_t at = bytes->size();
  bytes->resize(at + static_cast<size_t>(span.size));
  return in_->ReadAt(span.offset, static_cast<size_t>(span.size), bytes->data() + at).ok();
}

bool WriteMemo(const Archive& a, const ArchiveDigests& digests, const std::string& manifest_sum,
               const std::vector<NextMemoFile>& files,
               const std::function<std::string(const std::string& path)>& sum_of,
               const MemoScratch& scratch, ByteOut& out, const MemoRuns& previous,
               const ReadMemoBytes& read_previous) {
  MemoFiles memo_files;
  memo_files.count = files.size();
  memo_files.path = [&](size_t f) -> const std::string& { return files[f].path; };
  memo_files.run = [&](size_t f) { return files[f].kept ? files[f].kept->run : -1; };
  memo_files.write = [&](size_t f, const int* first, std::string* bytes) {
    const NextMemoFile& file = files[f];
    if (!file.kept) {
      WritePathAndSum(file.path, sum_of(file.path), bytes);
      return scratch.Read(file.made, bytes);
    }
    WriteFile(file.path, file.kept->sum, *file.kept, first, bytes);
    return true;
  };
  return SerializeRuns(a, digests, manifest_sum, memo_files, out, previous, read_previous);
}

namespace {

// One run of files (see Serialize) into `parsed`; false when it is not such a run.
bool ParseRun(std::string_view bytes, const std::vector<Read>& records,
              std::vector<std::pair<std::string, MemoEntry>>* parsed) {
  MemoryInput buffer(bytes);
  std::istream in(&buffer);
  try {
    cereal::BinaryInputArchive ar(in);
    std::vector<PackedRead> packed;
    while (!buffer.at_end()) {
      auto& [path, entry] = parsed->emplace_back();
      uint64_t pieces = 0;
      ar(path, entry.sum, entry.key, entry.size, packed, pieces);
      bool gone = false;
      if (!UnpackReads(packed, records, &entry.reads, &gone)) return false;
      entry.stale = gone;
      for (uint64_t n = 0; n < pieces; ++n) {
        MemoPiece piece;
        ar(piece.name, piece.offset, piece.length, packed);
        bool piece_gone = false;
        if (!UnpackReads(packed, records, &piece.reads, &piece_gone)) return false;
        // A piece that read a record now gone is made again; the file then is too.
        entry.stale = entry.stale || piece_gone;
        if (!piece_gone) entry.pieces.push_back(std::move(piece));
      }
    }
  } catch (const std::exception&) {  // cut short, or not a memo
    return false;
  }
  return true;
}

// The bytes of a memo from `offset` to `end` as a stream, read through `read` a megabyte at
// a time.
class MemoInput : public std::streambuf {
 public:
  MemoInput(const ReadMemoBytes& read, long long offset, long long end)
      : read_(read), next_(offset), end_(end) {}
  // Where in the memo the next byte read is.
  long long position() const { return next_ - (egptr() - gptr()); }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    constexpr long long kChunk = 1 << 20;
    if (next_ >= end_ || !read_(next_, std::min(kChunk, end_ - next_), &chunk_) || chunk_.empty())
      return traits_type::eof();
    next_ += static_cast<long long>(chunk_.size());
    setg(chunk_.data(), chunk_.data(), chunk_.data() + chunk_.size());
    return traits_type::to_int_type(*gptr());
  }

 private:
  const ReadMemoBytes& read_;
  long long next_, end_;
  std::string chunk_;
};

}  // namespace

PageMemo PageMemo::Parse(std::string_view text, const Archive& a, const ArchiveDigests& now) {
  return Parse(
      static_cast<long long>(text.size()),
      [text](long long offset, long long size, std::string* bytes) {
        if (offset < 0 || size < 0 || static_cast<size_t>(offset) > text.size()) return false;
        bytes->assign(text.substr(static_cast<size_t>(offset), static_cast<size_t>(size)));
        return true;
      },
      a, now);
}

PageMemo PageMemo::Parse(long long size, const ReadMemoBytes& read, const Archive& a,
                         const ArchiveDigests& now) {
  std::string header;
  if (!read(0, static_cast<long long>(kHeader.size()), &header) || header != kHeader) return {};
  PageMemo memo;
  std::vector<std::vector<std::string>> ids;
  std::vector<Digest> seen;
  MemoInput prelude(read, static_cast<long long>(kHeader.size()), size);
  std::istream in(&prelude);
  try {
    cereal::BinaryInputArchive ar(in);
    ar(memo.manifest_sum, ids, seen);
  } catch (const std::exception&) {
    return {};
  }
  if (ids.size() != static_cast<size_t>(kKindCount)) return {};
  size_t recorded = 0;
  for (const std::vector<std::string>& kind : ids) recorded += kind.size();
  if (seen.size() != 1 + 2 * (kKindCount + recorded)) return {};
  // The runs follow, one after another, each after its size, and a size of 0 ends them.
  std::vector<MemoRuns::Run>& runs = memo.runs_.runs;
  for (long long offset = prelude.position();;) {
    std::string prefix;
    if (!read(offset, 8, &prefix)) return {};
    std::string_view view = prefix;
    uint64_t run_size = 0;
    if (!ReadSizePrefix(&view, &run_size) || run_size > static_cast<uint64_t>(size - offset - 8))
      return {};
    offset += 8;
    if (run_size == 0) {
      if (offset != size) return {};
      break;
    }
    runs.push_back({offset, static_cast<long long>(run_size)});
    offset += static_cast<long long>(run_size);
  }
  memo.runs_.numbering = NumberingOf(ids);
  // Each recorded record as it is now: its kind and index, or -1 when it is gone.
  std::vector<Read> records;
  for (int k = 0; k < kKindCount; ++k) {
    const Kind kind = static_cast<Kind>(k);
    std::unordered_map<std::string_view, int> index;
    const int count = CountOf(a, kind);
    index.reserve(count);
    for (int i = 0; i < count; ++i) index.emplace(a.IdOf({kind, i}), i);
    for (const std::string& id : ids[k]) {
      auto it = index.find(id);
      records.push_back({kind, ReadLevel::kWhole, it == index.end() ? -1 : it->second});
    }
  }
  // Which reads still see what they saw.
  memo.context_same_ = seen[0] == now.context();
  for (int k = 0; k < kKindCount; ++k) {
    const Kind kind = static_cast<Kind>(k);
    memo.list_same_[k] = seen[1 + 2 * k] == *now.Of({kind, ReadLevel::kList, -1});
    memo.all_same_[k] = seen[2 + 2 * k] == *now.Of({kind, ReadLevel::kAll, -1});
    memo.link_same_[k].assign(CountOf(a, kind), 0);
    memo.whole_same_[k].assign(CountOf(a, kind), 0);
  }
  const size_t first_record = 1 + 2 * kKindCount;
  for (size_t n = 0; n < records.size(); ++n) {
    const Read& record = records[n];
    if (record.index < 0) continue;
    const int k = static_cast<int>(record.kind);
    memo.link_same_[k][record.index] =
        seen[first_record + 2 * n] == *now.Of({record.kind, ReadLevel::kLink, record.index});
    memo.whole_same_[k][record.index] =
        seen[first_record + 2 * n + 1] == *now.Of({record.kind, ReadLevel::kWhole, record.index});
  }
  std::vector<std::vector<std::pair<std::string, MemoEntry>>> parsed(runs.size());
  std::atomic<bool> bad = false;
  // Each run read and parsed by itself: the memo (100 MB at 10,000 meetings) is never
  // held whole.
  ParallelFor(runs.size(), [&](size_t run) {
    std::string bytes;
    if (!read(runs[run].offset, runs[run].size, &bytes) ||
        bytes.size() != static_cast<size_t>(runs[run].size) ||
        !ParseRun(bytes, records, &parsed[run]))
      bad = true;
  });
  if (bad) return {};
  for (size_t run = 0; run < parsed.size(); ++run) {
    memo.runs_.runs[run].files = parsed[run].size();
    for (auto& [path, entry] : parsed[run])
      if (!entry.stale || !entry.pieces.empty()) {
        entry.run = static_cast<int>(run);
        memo.files.emplace_hint(memo.files.end(), std::move(path), std::move(entry));
      }
  }
  return memo;
}

bool PageMemo::ReadsUnchanged(const std::vector<Read>& reads) const {
  if (!context_same_) return false;
  for (const Read& read : reads) {
    const int k = static_cast<int>(read.kind);
    switch (read.level) {
      case ReadLevel::kList:
        if (!list_same_[k]) return false;
        break;
      case ReadLevel::kAll:
        if (!all_same_[k]) return false;
        break;
      case ReadLevel::kLink:
      case ReadLevel::kWhole: {
        const std::vector<char>& same =
            read.level == ReadLevel::kLink ? link_same_[k] : whole_same_[k];
        if (read.index < 0 || static_cast<size_t>(read.index) >= same.size() || !same[read.index])
          return false;
        break;
      }
    }
  }
  return true;
}

bool PageMemo::Unchanged(const MemoEntry& entry, const std::vector<char>& unchanged_pieces) const {
  return !entry.stale &&
         std::find(unchanged_pieces.begin(), unchanged_pieces.end(), 0) == unchanged_pieces.end() &&
         ReadsUnchanged(entry.reads);
}

}  // namespace annals
