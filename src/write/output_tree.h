// The one place that replaces the output folder.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "util/byte_out.h"
#include "util/file_system.h"
#include "util/progress.h"
#include "util/status.h"
#include "write/manifest.h"

namespace annals {

// The file every output folder written by annals contains; a folder without it is
// never replaced, so a mistyped --out cannot destroy someone's files.
extern const char kOutputMarker[];

// A folder a build reads, such as the content folder, with what it is ("the content
// folder"); the output folder may not be it, lie inside it or hold it.
struct InputFolder {
  std::string path;
  std::string what;
};

// Refuses, before anything is touched, an output folder that a build must not replace:
// one that is, lies inside or holds one of `inputs`; one that is or holds the root
// folder, the user's home or the current folder; one that exists and is not a folder or
// holds files that annals did not write. The folders a build writes and removes beside
// `out_dir` are held to the same rules.
Status CheckOutputFolder(FileSystem& fs, const std::string& out_dir,
                         const std::vector<InputFolder>& inputs);

// Takes the lock that one build at a time holds while it writes `out_dir`, on the file
// "<out_dir>.annals-lock" beside it. Fails at once when another build holds it.
Status LockOutputFolder(FileSystem& fs, const std::string& out_dir,
                        std::unique_ptr<FileLock>* lock);
// The file LockOutputFolder locks.
std::string LockPath(const std::string& out_dir);

// Removes what a build killed while writing `out_dir` left beside it. WriteOutputTree
// does this first; a build that finds nothing to write calls it instead.
void RemoveLeftovers(FileSystem& fs, const std::string& out_dir);

// What WriteOutputTree did with the files it was given.
struct WriteStats {
  size_t written = 0;  // new or changed
  size_t linked = 0;   // the same bytes as before: linked from the previous tree
};

// Writes a new output tree into a sibling folder of `out_dir`, file by file, and swaps
// it into place in one atomic step only when it is complete, so that `out_dir` always
// holds either the whole previous output or the whole new one. When the writer is
// destroyed without a successful Commit(), the partial folder is removed and the
// previous `out_dir` is left as it was. Use it with the lock of LockOutputFolder held.
//
// A file whose SHA-256 sum is that of the same path in the previous tree's manifest, and
// whose size is that of the previous file, is not written again but hard-linked from the
// previous tree (the manifest itself, when its bytes are the same): it keeps its
// modification time, so that rsync and the like copy only what changed.
//
// The previous tree is not removed after the swap but kept beside `out_dir` as
// "<out_dir>.annals-spare", and the next build turns it into its new tree: it removes,
// writes or links only the files whose bytes differ from the spare's. A build that
// changes a few files then creates and removes a few files, not the whole tree twice.
// The spare shares most of its files with the current tree (hard links): a file is
// always removed from the new tree before it is written there.
class OutputTreeWriter {
 public:
  // Refuses an output folder that annals did not write, and removes what a killed build
  // left beside it.
  static Status Begin(FileSystem& fs, const std::string& out_dir,
                      std::unique_ptr<OutputTreeWriter>* writer);
  ~OutputTreeWriter();
  OutputTreeWriter(const OutputTreeWriter&) = delete;
  OutputTreeWriter& operator=(const OutputTreeWriter&) = delete;

  // Adds the file at `path` (relative) in the new tree. Refuses a path that is empty
  // or absolute, or holds a "." or ".." part, an empty part, a backslash or a NUL. May
  // be called from several threads at once.
  Status Add(const std::string& path, const std::string& bytes);
  // Keeps the current tree's file at `path` in the new tree, as Add() would with the
  // same bytes, without them: the previous manifest must list their SHA-256 `sum` at
  // `path`, and the file must be `size` bytes long. False, having added nothing, when
  // it cannot; the caller then adds the bytes. May be called from several threads.
  bool Keep(const std::string& path, const std::string& sum, long long size);
  // Adds the file at `path` a part at a time, as Add() would with all its bytes: each
  // part is written into the new tree as it is handed over, summed as it goes. Its
  // AppendPrevious() takes parts of the current tree's file at `path`, when the previous
  // manifest lists the SHA-256 `previous_sum` there and the file is `previous_size`
  // bytes long. Nothing is added unless Close() returns Ok. May be called from several
  // threads at once, for different paths.
  Status Open(const std::string& path, const std::string& previous_sum, long long previous_size,
              std::unique_ptr<FileOut>* file);
  // The SHA-256 sum of every file added (but the manifest), sorted by path; not while
  // files are being added.
  const FileSums& sums() const;
  // The sum of the file added at `path`, or null; not while files are being added.
  const std::string* SumOf(std::string_view path) const;
  // Swaps the new tree into place.
  Status Commit(WriteStats* stats = nullptr);

 private:
  OutputTreeWriter(FileSystem& fs, std::string out_dir);
  class Stream;
  Status Place(const std::string& path, std::string sum, bool same, long long size,
               const std::string* bytes, bool* placed);
  // Notes the file placed at `path`: `kept` when it is the current tree's.
  void Placed(const std::string& path, std::string sum, bool kept);

  FileSystem& fs_;
  const std::string out_dir_, staging_;
  // The manifests of the current and the spare trees, and the sum each lists for each
  // path, as views of them (180,000 files at 10,000 meetings: no string of their own).
  std::string previous_manifest_, spare_manifest_;
  std::unordered_map<std::string_view, std::string_view> previous_sums_;
  bool reusing_ = false;  // the new tree is written into the spare one
  std::unordered_map<std::string_view, std::string_view> spare_sums_;
  mutable std::mutex mutex_;  // guards the four below
  // In the order the files were placed, until sums() sorts them: 180,000 files at
  // 10,000 meetings are each noted in a moment, and sorted once.
  mutable FileSums sums_;
  mutable bool sums_sorted_ = true;
  bool manifest_added_ = false;
  WriteStats stats_;
  bool committed_ = false;
};

// Writes `files` (relative path -> bytes) with an OutputTreeWriter, on all cores, after
// checking every path; the files are written into a new tree only when all are fine.
Status WriteOutputTree(FileSystem& fs, const std::string& out_dir,
                       const std::map<std::string, std::string>& files, WriteStats* stats = nullptr,
                       Progress* progress = nullptr);

}  // namespace annals
