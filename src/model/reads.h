// What a piece of work read from the archive, logged as it reads.
//
// Every list of records in an Archive is a RecordVector, which tells the log of the
// calling thread, when it has one, of each access: a record by index (the whole record
// was read), the list's size (which records there are), or an iteration (every record
// was read). A page is made with a log in place, so that the next build knows which
// records each page depends on (render/page_memo.h). Threads without a log, such as the
// loader's and the resolver's, pay one test of a thread-local pointer per access.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/byte_out.h"
#include "util/parallel.h"

namespace annals {

// The kinds of record; also the namespaces of ids. People and groups share kPerson.
enum class Kind : uint8_t { kPerson, kSet, kRec, kMeeting, kAction, kBriefing, kQuestion, kDoc };
constexpr int kKindCount = 8;

// What was read.
enum class ReadLevel : uint8_t {
  kLink,   // a record's address and label only (render/urls.h)
  kWhole,  // a record, any of its fields
  kList,   // which records of a kind there are, in order (and, for meetings, by date)
  kAll,    // every record of a kind, whole
};

// One read: the kind, the level and, for kLink and kWhole, the record's index.
struct Read {
  Kind kind;
  ReadLevel level;
  int index;  // -1 for kList and kAll
  bool operator==(const Read&) const = default;
  auto operator<=>(const Read&) const = default;
};

class ReadLog {
 public:
  void Add(Read read) {
    if (paused_ == 0 && (reads_.empty() || !(reads_.back() == read))) reads_.push_back(read);
  }
  // Every read so far, each once, sorted; the log is then empty.
  std::vector<Read> Take() {
    std::vector<Read> reads = std::move(reads_);
    reads_.clear();
    std::sort(reads.begin(), reads.end());
    reads.erase(std::unique(reads.begin(), reads.end()), reads.end());
    // Kept in the memo of every file the build makes: no room to spare.
    reads.shrink_to_fit();
    return reads;
  }

  // Logs every read `other` logged.
  void Append(const ReadLog& other) {
    for (const Read& read : other.reads_) Add(read);
  }

  // While paused, reads are not logged: a link logs one kLink read, not the kWhole reads
  // that making its address and label takes.
  void Pause() { ++paused_; }
  void Resume() { --paused_; }

  // The log of the calling thread; null when it keeps none.
  static ReadLog* current() { return current_; }

  // Installs `log` as the calling thread's for the scope's lifetime.
  class Scope {
   public:
    explicit Scope(ReadLog* log) : previous_(current_) { current_ = log; }
    ~Scope() { current_ = previous_; }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    ReadLog* previous_;
  };

 private:
  static inline thread_local ReadLog* current_ = nullptr;
  std::vector<Read> reads_;
  int paused_ = 0;
};

inline void LogRead(Kind kind, ReadLevel level, int index = -1) {
  if (ReadLog* log = ReadLog::current()) log->Add({kind, level, index});
}

// Logs a kLink read of a record, and nothing else, for the scope's lifetime.
class LinkRead {
 public:
  LinkRead(Kind kind, int index) : log_(ReadLog::current()) {
    if (!log_) return;
    log_->Add({kind, ReadLevel::kLink, index});
    log_->Pause();
  }
  ~LinkRead() {
    if (log_) log_->Resume();
  }
  LinkRead(const LinkRead&) = delete;
  LinkRead& operator=(const LinkRead&) = delete;

 private:
  ReadLog* log_;
};

// ParallelFor (util/parallel.h) for work that reads the archive: every call's reads are
// logged on the calling thread's log, as if that thread had made them.
inline void ParallelReads(size_t count, const std::function<void(size_t)>& task) {
  ReadLog* log = ReadLog::current();
  if (!log) return ParallelFor(count, task);
  constexpr size_t kChunk = 64;
  std::vector<ReadLog> logs((count + kChunk - 1) / kChunk);
  ParallelFor(logs.size(), [&](size_t chunk) {
    ReadLog::Scope scope(&logs[chunk]);
    for (size_t i = chunk * kChunk; i < std::min(count, (chunk + 1) * kChunk); ++i) task(i);
  });
  for (const ReadLog& chunk : logs) log->Append(chunk);
}

// Appends the piece `name` to the file being made, made with `make` (whose reads are
// logged apart from the file's) or taken from the previous build's file. A file made
// of pieces, such as one with a part per record, is then made again only in the parts
// whose reads changed (render/page_memo.h).
using MakePiece =
    std::function<void(const std::string& name, const std::function<std::string()>& make)>;

// Makes every piece, into `out`.
inline MakePiece EveryPieceInto(ByteOut& out) {
  return
      [&out](const std::string&, const std::function<std::string()>& make) { out.Append(make()); };
}

// The records of one kind (kOrder false), or an order of them by index (kOrder true,
// every access of which is a kList read), as a vector that logs its reads.
template <typename T, Kind kKind, bool kOrder = false>
class RecordVector {
 public:
  using value_type = T;
  using iterator = typename std::vector<T>::iterator;
  using const_iterator = typename std::vector<T>::const_iterator;
  using const_reverse_iterator = typename std::vector<T>::const_reverse_iterator;

  size_t size() const {
    LogRead(kKind, ReadLevel::kList);
    return items_.size();
  }
  bool empty() const { return size() == 0; }

  T& operator[](size_t i) {
    LogItem(i);
    return items_[i];
  }
  const T& operator[](size_t i) const {
    LogItem(i);
    return items_[i];
  }
  const T& at(size_t i) const {
    LogItem(i);
    return items_.at(i);
  }
  T& back() { return (*this)[items_.size() - 1]; }
  const T& back() const { return (*this)[items_.size() - 1]; }

  iterator begin() {
    LogEvery();
    return items_.begin();
  }
  iterator end() { return items_.end(); }
  const_iterator begin() const {
    LogEvery();
    return items_.begin();
  }
  const_iterator end() const { return items_.end(); }
  const_reverse_iterator rbegin() const {
    LogEvery();
    return items_.rbegin();
  }
  const_reverse_iterator rend() const { return items_.rend(); }

  void push_back(T item) { items_.push_back(std::move(item)); }
  template <typename... Args>
  T& emplace_back(Args&&... args) {
    return items_.emplace_back(std::forward<Args>(args)...);
  }
  template <typename Iterator>
  void insert(iterator at, Iterator first, Iterator last) {
    items_.insert(at, first, last);
  }
  void resize(size_t size) { items_.resize(size); }
  void reserve(size_t size) { items_.reserve(size); }
  void shrink_to_fit() { items_.shrink_to_fit(); }
  void clear() { items_.clear(); }

 private:
  void LogItem(size_t i) const {
    LogRead(kKind, kOrder ? ReadLevel::kList : ReadLevel::kWhole,
            kOrder ? -1 : static_cast<int>(i));
  }
  void LogEvery() const { LogRead(kKind, kOrder ? ReadLevel::kList : ReadLevel::kAll); }

  std::vector<T> items_;
};

}  // namespace annals
