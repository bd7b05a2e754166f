#include "load/record_cache.h"

#include <algorithm>
#include <cereal/archives/binary.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <charconv>
#include <sstream>

#include "util/digest.h"
#include "util/memory_stream.h"

namespace annals {

// What the loader fills in each record (model/archive.h), field by field: the fields
// under "Resolved" are empty when a file has just been read, and the resolver fills
// them after every file is loaded, so entries leave them out. A field the loader fills
// that is missing here would be lost on every rebuild: the sizes checked below change
// when a record gains a field, as a reminder to add it.

// A text's place in the packs (StoredTexts): the pack's number above kPackShift bits,
// the offset in the pack below them.
constexpr int kPackShift = 40;

// Where an entry being read is, so that its Markdown texts can be left there.
struct TextPlaces {
  const StoredTexts* texts;
  uint64_t entry;       // the place of the entry's first byte
  MemoryInput* buffer;  // the entry's bytes, as they are read
};

// The Markdown texts of an entry being written, each with where its bytes are in the
// entry, so that they can be left in the pack once it is written.
struct TextsWritten {
  std::ostream* out;  // the entry's bytes, as they are written
  std::vector<std::pair<Markdown*, uint64_t>> texts;
};

// An archive of cereal's (`Base`) that knows the file the entry is of: every place in
// the entry is in that file, so its path is not written out for each. Reading, with
// `places`, it leaves the entry's Markdown texts in the pack; writing, with `written`,
// it notes where they are.
template <typename Base>
class EntryArchive : public Base {
 public:
  template <typename Stream>
  EntryArchive(const std::string& path, Stream& stream, const TextPlaces* places = nullptr,
               TextsWritten* written = nullptr)
      : Base(stream), path_(path), places_(places), written_(written) {}
  // The file of the entry that `ar`, which is an EntryArchive, reads or writes.
  static const SourcePath& FileOf(Base& ar) { return static_cast<EntryArchive&>(ar).path_; }
  static const TextPlaces* PlacesOf(Base& ar) { return static_cast<EntryArchive&>(ar).places_; }
  static TextsWritten* WrittenOf(Base& ar) { return static_cast<EntryArchive&>(ar).written_; }

 private:
  const SourcePath path_;
  const TextPlaces* places_;
  TextsWritten* written_;
};

template <typename A>
void save(A& ar, const SourceLocation& where) {
  const bool elsewhere = where.path != EntryArchive<A>::FileOf(ar);
  ar(elsewhere);
  if (elsewhere) ar(where.path.str());
  ar(where.line, where.column, where.length);
}

template <typename A>
void load(A& ar, SourceLocation& where) {
  bool elsewhere = false;
  ar(elsewhere);
  if (elsewhere) {
    std::string path;
    ar(path);
    where.path = path;
  } else {
    where.path = EntryArchive<A>::FileOf(ar);
  }
  ar(where.line, where.column, where.length);
}

template <typename A>
void serialize(A& ar, Ref& ref) {
  ar(ref.kind, ref.filter, ref.id, ref.written, ref.where);
}

template <typename A>
void save(A& ar, const Markdown& markdown) {
  if (markdown.stored) {
    ar(markdown.Text());
  } else {
    ar(markdown.text);
    // The records being written are the caller's to change (RecordCache::Write).
    if (TextsWritten* written = EntryArchive<A>::WrittenOf(ar); written && !markdown.empty())
      written->texts.emplace_back(
          const_cast<Markdown*>(&markdown),
          static_cast<uint64_t>(written->out->tellp()) - markdown.text.size());
  }
  ar(markdown.refs);
}

// A text as cereal writes a string: its length, then its bytes.
template <typename A>
void load(A& ar, Markdown& markdown) {
  const TextPlaces* places = EntryArchive<A>::PlacesOf(ar);
  if (!places) {
    ar(markdown.text, markdown.refs);
    return;
  }
  cereal::size_type size = 0;
  ar(cereal::make_size_tag(size));
  const uint64_t place = places->entry + places->buffer->consumed();
  if (size > UINT32_MAX || !places->buffer->Skip(size))
    throw cereal::Exception("an entry's text is cut short");
  if (size > 0) {
    markdown.stored = places->texts;
    markdown.place = place;
    markdown.size = static_cast<uint32_t>(size);
  }
  ar(markdown.refs);
}

template <typename A>
void serialize(A& ar, TimeOfDay& time) {
  ar(time.hour, time.minute);
}

template <typename A>
void serialize(A& ar, Person& p) {
  ar(p.id, p.name, p.is_group, p.initials, p.role, p.title, p.part_of, p.note, p.aliases, p.where);
}

template <typename A>
void serialize(A& ar, Recommendation& r) {
  ar(r.id, r.set, r.number, r.text, r.status, r.note, r.where);
}

template <typename A>
void serialize(A& ar, RecommendationSet& s) {
  ar(s.id, s.title, s.short_name, s.description, s.source, s.recommendations, s.note, s.aliases,
     s.where);
}

template <typename A>
void serialize(A& ar, AgendaItem& item) {
  ar(item.title, item.presenters, item.refs, item.notes, item.items, item.where);
}

template <typename A>
void serialize(A& ar, Attendance& a) {
  ar(a.members, a.observers, a.staff, a.guests, a.apologies, a.note);
}

template <typename A>
void serialize(A& ar, MeetingDocument& d) {
  ar(d.doc, d.title, d.kind, d.url);
}

template <typename A>
void serialize(A& ar, StatusUpdate& u) {
  ar(u.action, u.status, u.note, u.where);
}

template <typename A>
void serialize(A& ar, Meeting& m) {
  ar(m.id, m.kind, m.number, m.title, m.date, m.date_note, m.time, m.zone, m.attendance, m.agenda,
     m.notes, m.decisions, m.documents, m.status_updates, m.note, m.aliases, m.where);
}

template <typename A>
void serialize(A& ar, Completion& c) {
  ar(c.date, c.response);
}

template <typename A>
void serialize(A& ar, ActionItem& a) {
  ar(a.id, a.text, a.owners, a.due, a.due_note, a.origin, a.category, a.questions,
     a.recommendations, a.completed, a.note, a.aliases, a.where);
}

template <typename A>
void serialize(A& ar, Answer& a) {
  ar(a.date, a.by, a.source, a.text, a.where);
}

template <typename A>
void serialize(A& ar, Question& q) {
  ar(q.id, q.briefing, q.number, q.text, q.asker, q.recommendation, q.repeats, q.declared_status,
     q.status_where, q.answers, q.note, q.aliases, q.where);
}

template <typename A>
void serialize(A& ar, Briefing& b) {
  ar(b.id, b.title, b.area, b.to, b.presenters, b.meeting, b.prefix, b.asker, b.documents,
     b.questions, b.note, b.aliases, b.where);
}

template <typename A>
void serialize(A& ar, Document& d) {
  ar(d.id, d.title, d.kind, d.author, d.date, d.briefing, d.meeting, d.url, d.body, d.note, d.path,
     d.aliases, d.where);
}

template <typename A, typename T, Kind kKind>
void save(A& ar, const RecordVector<T, kKind>& list) {
  ar(cereal::make_size_tag(static_cast<cereal::size_type>(list.size())));
  for (const T& item : list) ar(item);
}

template <typename A, typename T, Kind kKind>
void load(A& ar, RecordVector<T, kKind>& list) {
  cereal::size_type size = 0;
  ar(cereal::make_size_tag(size));
  list.clear();
  list.reserve(size);
  for (cereal::size_type i = 0; i < size; ++i) ar(list.emplace_back());
}

namespace {

// A record that gains a field changes size (as checked here for the ABI annals is built
// with, x86-64 with libstdc++): a field the loader fills must then be added above.
static_assert(sizeof(SourceLocation) == 24 && sizeof(Ref) == 64 && sizeof(Markdown) == 80 &&
                  sizeof(PartialDate) == 16 && sizeof(TimeOfDay) == 8,
              "add the new field to the record cache's serialize(), then update this size");
static_assert(sizeof(Person) == 608 && sizeof(Recommendation) == 408 &&
                  sizeof(RecommendationSet) == 424 && sizeof(AgendaItem) == 208 &&
                  sizeof(Attendance) == 240 && sizeof(MeetingDocument) == 168 &&
                  sizeof(StatusUpdate) == 176 && sizeof(Meeting) == 872 &&
                  sizeof(Completion) == 96 && sizeof(ActionItem) == 632 && sizeof(Answer) == 264 &&
                  sizeof(Question) == 632 && sizeof(Briefing) == 552 && sizeof(Document) == 648,
              "add the new field to the record cache's serialize(), then update this size");

// Every record of one file, and the sum of the file.
template <typename A>
void Records(A& ar, Archive& records) {
  ar(records.people, records.sets, records.recommendations, records.meetings, records.actions,
     records.briefings, records.questions, records.documents, records.source_sums);
}

// The first line of the index: what wrote it and in which form. Each line after it is
// "<key> <pack> <offset> <length> <hash>".
constexpr std::string_view kIndexHeader = "annals record index 1\n";
constexpr std::string_view kPackPrefix = "pack-";
// Prune() merges the packs but the largest when there are more than this many.
constexpr size_t kMaxPacks = 8;

size_t HashOf(std::string_view bytes) { return std::hash<std::string_view>()(bytes); }

uint64_t PlaceOf(int pack, long long offset) {
  return static_cast<uint64_t>(pack) << kPackShift | static_cast<uint64_t>(offset);
}

template <typename Number>
bool ReadNumber(std::string_view& text, Number* number) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *number);
  if (error != std::errc()) return false;
  text.remove_prefix(end - text.data());
  return true;
}

// The number of a pack file at `path` in `folder`, or 0 when it is not one.
int PackNumber(std::string_view path, std::string_view folder) {
  if (path.size() <= folder.size() + 1 + kPackPrefix.size()) return 0;
  std::string_view name = path.substr(folder.size() + 1);
  if (!name.starts_with(kPackPrefix)) return 0;
  name.remove_prefix(kPackPrefix.size());
  int number = 0;
  auto [end, error] = std::from_chars(name.data(), name.data() + name.size(), number);
  return error == std::errc() && end == name.data() + name.size() && number > 0 ? number : 0;
}

}  // namespace

RecordCache::RecordCache(FileSystem& fs, std::string folder, std::string identity, SumOf sum_of,
                         bool read)
    : fs_(fs),
      folder_(std::move(folder)),
      identity_(std::move(identity)),
      sum_of_(std::move(sum_of)),
      read_(read),
      texts_(std::make_shared<Texts>(fs_, folder_)) {
  std::vector<std::string> files;
  if (fs_.IsDirectory(folder_) && fs_.ListFiles(folder_, &files).ok())
    for (const std::string& file : files)
      next_pack_ = std::max(next_pack_, PackNumber(file, folder_) + 1);
  std::string text;
  if (!fs_.ReadFile(JoinPath(folder_, "index"), &text).ok() ||
      !std::string_view(text).starts_with(kIndexHeader))
    return;
  std::string_view rest = std::string_view(text).substr(kIndexHeader.size());
  while (!rest.empty()) {
    const size_t space = rest.find(' ');
    if (space == std::string_view::npos) break;
    std::string key(rest.substr(0, space));
    rest.remove_prefix(space);
    Entry entry;
    if (!ReadNumber(rest, &entry.pack) || !ReadNumber(rest, &entry.offset) ||
        !ReadNumber(rest, &entry.length) || !ReadNumber(rest, &entry.hash) || rest.empty() ||
        rest.front() != '\n')
      break;  // the rest of a damaged index is not trusted
    rest.remove_prefix(1);
    index_.emplace(std::move(key), entry);
  }
}

RecordCache::~RecordCache() = default;

// The texts left in the packs, read with the packs opened once each.
class RecordCache::Texts : public StoredTexts {
 public:
  Texts(FileSystem& fs, std::string folder) : fs_(fs), folder_(std::move(folder)) {}

  // `size` bytes from `offset` of pack `pack`, which is opened on its first read.
  Status ReadAt(int pack, long long offset, size_t size, char* into) const {
    ReadableFile* file = nullptr;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      std::unique_ptr<ReadableFile>& open = files_[pack];
      if (!open)
        if (Status status = fs_.OpenForReading(PackPath(pack), &open); !status.ok()) return status;
      file = open.get();
    }
    return file->ReadAt(offset, size, into);
  }

  std::string Read(uint64_t place, uint32_t size) const override {
    const int pack = static_cast<int>(place >> kPackShift);
    const auto offset = static_cast<long long>(place & ((uint64_t{1} << kPackShift) - 1));
    std::string text(size, '\0');
    const Status status = ReadAt(pack, offset, size, text.data());
    if (status.ok()) return text;
    std::lock_guard<std::mutex> lock(mutex_);
    if (failure_.empty())
      failure_ = "cannot read a text the record cache keeps in '" + PackPath(pack) + "' (" +
                 status.message() + "); build again with --force";
    return "";
  }

  Status status() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return failure_.empty() ? Status::Ok() : Status::IoError(failure_);
  }

 private:
  std::string PackPath(int pack) const {
    return JoinPath(folder_, std::string(kPackPrefix) + std::to_string(pack));
  }

  FileSystem& fs_;
  const std::string folder_;
  mutable std::mutex mutex_;  // guards what follows
  mutable std::map<int, std::unique_ptr<ReadableFile>> files_;
  mutable std::string failure_;
};

std::shared_ptr<const StoredTexts> RecordCache::texts() const { return texts_; }

Status RecordCache::TextStatus() const { return texts_->status(); }

std::string RecordCache::KeyOf(const std::string& path, bool allow_html) const {
  const std::string sum = sum_of_(path);
  if (sum.empty()) return "";
  Sha256 key;
  key.AddField(identity_);
  key.AddField(path);
  key.AddField(sum);
  key.AddField(allow_html ? "allow_html" : "");
  return HexOf(key.Finish());
}

std::string RecordCache::PackPath(int pack) const {
  return JoinPath(folder_, std::string(kPackPrefix) + std::to_string(pack));
}

bool RecordCache::ReadEntry(const Entry& entry, std::string* bytes) {
  // A megabyte at a time: a damaged index's length is never allocated at once.
  constexpr long long kPart = 1 << 20;
  bytes->clear();
  for (long long done = 0; done < entry.length; done += kPart) {
    const long long part = std::min(kPart, entry.length - done);
    bytes->resize(static_cast<size_t>(done + part));
    if (!texts_
             ->ReadAt(entry.pack, entry.offset + done, static_cast<size_t>(part),
                      bytes->data() + done)
             .ok())
      return false;
  }
  return entry.length >= 0 && HashOf(*bytes) == entry.hash;
}

bool RecordCache::Read(const std::string& path, bool allow_html, Archive* records) {
  if (!read_) return false;
  const std::string key = KeyOf(path, allow_html);
  Entry entry;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = index_.find(key);
    if (found == index_.end()) return false;
    entry = found->second;
  }
  std::string bytes;
  bool whole = ReadEntry(entry, &bytes);
  MemoryInput buffer(bytes);
  std::istream in(&buffer);
  const TextPlaces places{texts_.get(), PlaceOf(entry.pack, entry.offset), &buffer};
  try {
    EntryArchive<cereal::BinaryInputArchive> archive(path, in, &places);
    if (whole) Records(archive, *records);
  } catch (const std::exception&) {  // not an entry of this form
    whole = false;
  }
  if (!whole || !buffer.at_end()) {
    // The file is read, and Write() makes its entry anew.
    *records = Archive();
    std::lock_guard<std::mutex> lock(mutex_);
    index_.erase(key);
    return false;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    used_.insert(key);
  }
  ++read_count_;
  return true;
}

void RecordCache::Write(const std::string& path, bool allow_html, Archive* records) {
  std::string key = KeyOf(path, allow_html);
  if (key.empty()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    used_.insert(key);
    // An entry is keyed by what it holds: one in the index already holds the same.
    if (index_.count(key) || written_.count(key)) return;
  }
  std::ostringstream out;
  TextsWritten written{&out, {}};
  {
    EntryArchive<cereal::BinaryOutputArchive> archive(path, out, nullptr, &written);
    Records(archive, *records);  // saving only reads
  }
  const std::string bytes = std::move(out).str();
  uint64_t place = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (failed_) return;
    if (!pack_ && !fs_.CreateFile(PackPath(next_pack_), &pack_).ok()) {
      failed_ = true;
      return;
    }
    if (!pack_->Append(bytes).ok()) {
      failed_ = true;
      return;
    }
    place = PlaceOf(next_pack_, pack_size_);
    written_.emplace(std::move(key), Entry{next_pack_, pack_size_,
                                           static_cast<long long>(bytes.size()), HashOf(bytes)});
    pack_size_ += static_cast<long long>(bytes.size());
    ++written_count_;
  }
  // The texts are in the pack now: they are left there.
  for (auto [markdown, offset] : written.texts) {
    if (markdown->text.size() > UINT32_MAX) continue;
    markdown->stored = texts_.get();
    markdown->place = place + offset;
    markdown->size = static_cast<uint32_t>(markdown->text.size());
    std::string().swap(markdown->text);
  }
}

void RecordCache::Finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!pack_) return;
  failed_ = !pack_->Close().ok() || failed_;
  pack_.reset();
  if (failed_) {
    fs_.RemoveTree(PackPath(next_pack_));
  } else {
    index_.merge(written_);
    if (!WriteIndex().ok()) index_.clear();
  }
  written_.clear();
  ++next_pack_;
}

void RecordCache::Prune() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::erase_if(index_, [&](const auto& item) { return !used_.count(item.first); });
  // What each pack holds, and how much of it is used.
  std::map<int, long long> used_bytes, sizes;
  for (const auto& [key, entry] : index_) used_bytes[entry.pack] += entry.length;
  long long used_total = 0, size_total = 0;
  int largest = 0;
  for (const auto& [pack, bytes] : used_bytes) {
    sizes[pack] = fs_.FileSize(PackPath(pack));
    used_total += bytes;
    size_total += sizes[pack];
    if (!largest || sizes[pack] > sizes[largest]) largest = pack;
  }
  // Rewritten: every pack when most of their bytes are unused; else, when there are
  // many packs, every pack but the largest.
  std::set<int> rewritten;
  if (used_total * 2 < size_total) {
    for (const auto& [pack, bytes] : used_bytes) rewritten.insert(pack);
  } else if (used_bytes.size() > kMaxPacks) {
    for (const auto& [pack, bytes] : used_bytes)
      if (pack != largest) rewritten.insert(pack);
  }
  if (!rewritten.empty()) {
    const int merged = next_pack_++;
    std::unique_ptr<WritableFile> out;
    bool ok = fs_.CreateFile(PackPath(merged), &out).ok();
    std::map<std::string, Entry> moved;
    long long offset = 0;
    std::string bytes;
    for (const auto& [key, entry] : index_) {
      if (!ok || !rewritten.count(entry.pack)) continue;
      if (!ReadEntry(entry, &bytes)) continue;  // damaged: dropped below
      ok = out->Append(bytes).ok();
      moved[key] = Entry{merged, offset, entry.length, entry.hash};
      offset += entry.length;
    }
    ok = ok && out->Close().ok();
    if (ok) {
      std::erase_if(index_, [&](const auto& item) { return rewritten.count(item.second.pack); });
      index_.merge(moved);
    } else {
      fs_.RemoveTree(PackPath(merged));
    }
  }
  if (!WriteIndex().ok()) return;  // the packs the old index names stay
  std::set<int> named;
  for (const auto& [key, entry] : index_) named.insert(entry.pack);
  std::vector<std::string> files;
  if (fs_.ListFiles(folder_, &files).ok())
    for (const std::string& file : files)
      if (const int pack = PackNumber(file, folder_); pack && !named.count(pack))
        fs_.RemoveTree(file);
}

Status RecordCache::WriteIndex() {
  std::string text(kIndexHeader);
  text.reserve(index_.size() * 120);
  for (const auto& [key, entry] : index_)
    text += key + ' ' + std::to_string(entry.pack) + ' ' + std::to_string(entry.offset) + ' ' +
            std::to_string(entry.length) + ' ' + std::to_string(entry.hash) + '\n';
  return ReplaceFile(fs_, JoinPath(folder_, "index"), text);
}

}  // namespace annals
