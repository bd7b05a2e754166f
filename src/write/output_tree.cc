#include "write/output_tree.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "util/digest.h"
#include "util/parallel.h"
#include "write/manifest.h"

namespace annals {

const char kOutputMarker[] = ".annals-output";

namespace {

// Beside "<out>": the new tree while it is written (and, after the exchange, the previous
// one until it is put aside), the previous tree between the two renames where the file
// system cannot exchange, the tree before the current one, kept for the next build to
// write its new tree into, and the lock file.
const char kStagingSuffix[] = ".annals-new";
const char kRetiredSuffix[] = ".annals-old";
const char kSpareSuffix[] = ".annals-spare";
const char kLockSuffix[] = ".annals-lock";

// "site/" -> "site", "a/./b" -> "a/b": the spelling every message and sibling name uses.
std::string NormalPath(const std::string& path) {
  std::string normal = std::filesystem::path(path).lexically_normal().generic_string();
  while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  return normal;
}

// Whether `inner` is `outer` or lies below it; both absolute and normal.
bool IsWithin(const std::string& inner, const std::string& outer) {
  if (outer == "/" || inner == outer) return true;
  return inner.size() > outer.size() && inner.compare(0, outer.size(), outer) == 0 &&
         inner[outer.size()] == '/';
}

// "<out>.annals-new" is a sibling of "<out>" only when the path ends with a folder's name.
Status CheckEndsWithName(const std::string& out_dir) {
  std::string last = out_dir.substr(out_dir.rfind('/') + 1);
  if (last.empty() || last == "." || last == "..")
    return Status::IoError("cannot use '" + out_dir +
                           "' as the output folder: its path must end with the folder's name");
  return Status::Ok();
}

// The rule that keeps a mistyped output folder from destroying someone's files.
Status CheckReplaceable(FileSystem& fs, const std::string& out_dir) {
  if (!fs.Exists(out_dir)) return Status::Ok();
  if (!fs.IsDirectory(out_dir))
    return Status::IoError("'" + out_dir + "' exists and is not a folder");
  if (fs.HasEntries(out_dir) && !fs.Exists(JoinPath(out_dir, kOutputMarker)))
    return Status::IoError("refusing to replace '" + out_dir +
                           "': it holds files that annals did not write; choose another "
                           "output folder or empty this one");
  return Status::Ok();
}

// `path` with control characters (NUL above all) shown as escapes, for a message.
std::string Printable(const std::string& path) {
  std::string printable;
  for (char c : path) {
    if (c == '\0') {
      printable += "\\0";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escape[5];
      std::snprintf(escape, sizeof escape, "\\x%02x", static_cast<unsigned char>(c));
      printable += escape;
    } else {
      printable += c;
    }
  }
  return printable;
}

// Paths come from record ids, which the loader validates; this is the last guard that
// keeps every file the site holds inside the folder it is written to.
Status CheckFilePath(const std::string& path) {
  bool plain = !path.empty() && path[0] != '/' && path.find('\\') == std::string::npos &&
               path.find('\0') == std::string::npos;
  for (size_t start = 0; plain;) {
    size_t end = path.find('/', start);
    std::string part = path.substr(start, end == std::string::npos ? end : end - start);
    plain = !part.empty() && part != "." && part != "..";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (plain) return Status::Ok();
  return Status::IoError("refusing to write '" + Printable(path) +
                         "' into the site: a file's path must be relative, without '.', '..' "
                         "or empty parts, backslashes or NUL characters");
}

}  // namespace

Status CheckOutputFolder(FileSystem& fs, const std::string& out,
                         const std::vector<InputFolder>& inputs) {
  const std::string out_dir = NormalPath(out);
  if (out_dir.empty()) return Status::IoError("the output folder's name is empty");
  // Replacing a folder deletes everything in it; writing inside an input folder changes
  // what the next build reads.
  struct Kept {
    std::string path;
    std::string what;
    bool may_hold_output;
  };
  std::vector<Kept> kept = {{"/", "the root folder", true}};
  if (std::string home = fs.HomeFolder(); !home.empty())
    kept.push_back({home, "your home folder", true});
  kept.push_back({fs.AbsolutePath("."), "the current folder", true});
  for (const InputFolder& input : inputs)
    kept.push_back({fs.AbsolutePath(input.path), input.what + " '" + input.path + "'", false});
  for (const char* suffix : {"", kStagingSuffix, kRetiredSuffix, kSpareSuffix}) {
    const std::string place = out_dir + suffix;
    const std::string absolute = fs.AbsolutePath(place);
    auto refuse = [&](const char* relation, const Kept& folder) {
      std::string subject = *suffix ? "'" + place + "', which a build removes," : "it";
      return Status::IoError("refusing to use '" + out_dir + "' as the output folder: " + subject +
                             " " + relation + " " + folder.what);
    };
    // The closest relation first: "/" is the root folder before it holds the others.
    for (const Kept& folder : kept)
      if (absolute == folder.path) return refuse("is", folder);
    for (const Kept& folder : kept)
      if (!folder.may_hold_output && IsWithin(absolute, folder.path))
        return refuse("is inside", folder);
    for (const Kept& folder : kept)
      if (IsWithin(folder.path, absolute)) return refuse("holds", folder);
  }
  if (Status s = CheckEndsWithName(out_dir); !s.ok()) return s;
  return CheckReplaceable(fs, out_dir);
}

std::string LockPath(const std::string& out_dir) { return NormalPath(out_dir) + kLockSuffix; }

Status LockOutputFolder(FileSystem& fs, const std::string& out, std::unique_ptr<FileLock>* lock) {
  const std::string out_dir = NormalPath(out);
  if (Status s = CheckEndsWithName(out_dir); !s.ok()) return s;
  // The lock file is created once and never deleted. flock() locks the file, not its
  // name: were a build to delete the file when done, a second build that had opened it
  // just before would lock the deleted file while a third created a new one and locked
  // that, and both would write at once. A killed build releases the lock all the same.
  if (Status s = fs.TryLock(out_dir + kLockSuffix, lock); !s.ok()) return s;
  if (!*lock)
    return Status::IoError("another annals build is writing '" + out_dir +
                           "'; wait for it to finish, then build again");
  return Status::Ok();
}

void RemoveLeftovers(FileSystem& fs, const std::string& out) {
  const std::string out_dir = NormalPath(out);
  fs.RemoveTree(out_dir + kStagingSuffix);
  fs.RemoveTree(out_dir + kRetiredSuffix);
}

Status OutputTreeWriter::Begin(FileSystem& fs, const std::string& out,
                               std::unique_ptr<OutputTreeWriter>* writer) {
  const std::string out_dir = NormalPath(out);
  if (Status s = CheckEndsWithName(out_dir); !s.ok()) return s;
  if (Status s = CheckReplaceable(fs, out_dir); !s.ok()) return s;
  RemoveLeftovers(fs, out_dir);
  std::unique_ptr<OutputTreeWriter> w(new OutputTreeWriter(fs, out_dir));
  // The files whose bytes the previous tree already holds, by its manifest.
  if (fs.ReadFile(JoinPath(out_dir, kManifestName), &w->previous_manifest_).ok())
    ForEachManifestLine(w->previous_manifest_, [&](std::string_view path, std::string_view sum,
                                                   int) { w->previous_sums_[path] = sum; });
  // The tree before that becomes the new one, file by file, when it is whole: written by
  // annals, with its manifest. Only what changed since it was current is then written.
  const std::string spare = out_dir + kSpareSuffix;
  if (fs.Exists(JoinPath(spare, kOutputMarker)) &&
      fs.ReadFile(JoinPath(spare, kManifestName), &w->spare_manifest_).ok() &&
      fs.Rename(spare, w->staging_).ok()) {
    w->reusing_ = true;
    ForEachManifestLine(w->spare_manifest_, [&](std::string_view path, std::string_view sum, int) {
      w->spare_sums_[path] = sum;
    });
  } else {
    fs.RemoveTree(spare);
  }
  *writer = std::move(w);
  return Status::Ok();
}

OutputTreeWriter::OutputTreeWriter(FileSystem& fs, std::string out_dir)
    : fs_(fs), out_dir_(std::move(out_dir)), staging_(out_dir_ + kStagingSuffix) {}

OutputTreeWriter::~OutputTreeWriter() {
  if (!committed_) fs_.RemoveTree(staging_);
}

Status OutputTreeWriter::Add(const std::string& path, const std::string& bytes) {
  if (Status s = CheckFilePath(path); !s.ok()) return s;
  bool placed = false;
  if (path == kManifestName)
    return Place(path, "", bytes == previous_manifest_, static_cast<long long>(bytes.size()),
                 &bytes, &placed);
  std::string sum = Sha256Hex(bytes);
  auto previous = previous_sums_.find(path);
  const bool same = previous != previous_sums_.end() && previous->second == sum;
  return Place(path, std::move(sum), same, static_cast<long long>(bytes.size()), &bytes, &placed);
}

bool OutputTreeWriter::Keep(const std::string& path, const std::string& sum, long long size) {
  if (path == kManifestName || !CheckFilePath(path).ok()) return false;
  auto previous = previous_sums_.find(path);
  if (previous == previous_sums_.end() || previous->second != sum) return false;
  bool placed = false;
  return Place(path, sum, true, size, nullptr, &placed).ok() && placed;
}

// A file added a part at a time: its parts are gathered into a buffer, which is summed
// and written whenever it fills; the parts of the current tree's file are read a
// stretch at a time, adjacent ones together, straight into the buffer.
class OutputTreeWriter::Stream : public FileOut {
 public:
  Stream(OutputTreeWriter& writer, std::string path, std::unique_ptr<WritableFile> file,
         bool previous_ok, long long previous_size)
      : writer_(writer),
        path_(std::move(path)),
        old_file_(JoinPath(writer.out_dir_, path_)),
        file_(std::move(file)),
        previous_ok_(previous_ok),
        previous_size_(previous_size),
        buffer_(std::make_unique_for_overwrite<char[]>(kBuffer)) {}

  bool AppendPrevious(long long offset, long long length) override {
    if (!previous_ok_ || offset < 0 || length < 0 || offset + length > previous_size_) return false;
    if (pending_length_ > 0 && pending_offset_ + pending_length_ == offset) {
      pending_length_ += length;
    } else {
      ReadPending();
      pending_offset_ = offset;
      pending_length_ = length;
    }
    size_ += length;
    return true;
  }

  Status Close() override {
    ReadPending();
    Flush();
    if (status_.ok()) status_ = file_->Close();
    file_.reset();
    if (!status_.ok()) return status_;
    std::string sum = HexOf(sum_.Finish());
    // The bytes of the current tree's file: that file takes their place, with its
    // modification time.
    auto previous = writer_.previous_sums_.find(path_);
    FileSystem& fs = writer_.fs_;
    const std::string target = JoinPath(writer_.staging_, path_);
    bool same = previous != writer_.previous_sums_.end() && previous->second == sum &&
                fs.FileSize(old_file_) == size_;
    if (same) {
      std::string bytes;
      if (Status s = fs.RemoveTree(target); !s.ok()) return s;
      if (!fs.LinkFile(old_file_, target).ok()) {
        same = false;
        if (Status s = fs.ReadFile(old_file_, &bytes); !s.ok()) return s;
        if (Status s = fs.WriteFile(target, bytes); !s.ok()) return s;
      }
    }
    writer_.Placed(path_, std::move(sum), same);
    return Status::Ok();
  }

 private:
  static constexpr size_t kBuffer = 1 << 20;
  static constexpr long long kWindow = 1 << 20;

  void Write(std::string_view bytes) override {
    ReadPending();
    if (used_ + bytes.size() > kBuffer) Flush();
    if (bytes.size() >= kBuffer) {
      Pass(bytes);
      return;
    }
    std::copy(bytes.begin(), bytes.end(), buffer_.get() + used_);
    used_ += bytes.size();
  }
  // Reads the stretch of the current tree's file waiting to be appended. The file is
  // opened once, and read a window at a time: the parts taken from it are mostly short
  // (a record's part of archive.json) and a few bytes apart (the separators between
  // them, written anew), so that most are in the window the one before was read with.
  void ReadPending() {
    while (pending_length_ > 0 && status_.ok()) {
      if (used_ == kBuffer) Flush();
      size_t length = static_cast<size_t>(std::min<long long>(pending_length_, kBuffer - used_));
      const bool in_window = window_size_ > 0 && window_offset_ <= pending_offset_ &&
                             pending_offset_ < window_offset_ + window_size_;
      Status read = old_ ? Status::Ok() : writer_.fs_.OpenForReading(old_file_, &old_);
      if (read.ok() && in_window) {
        length = std::min<size_t>(length, window_offset_ + window_size_ - pending_offset_);
        std::copy_n(window_.get() + (pending_offset_ - window_offset_), length,
                    buffer_.get() + used_);
      } else if (read.ok() && length >= kWindow / 2) {  // a long stretch: into the buffer
        read = old_->ReadAt(pending_offset_, length, buffer_.get() + used_);
      } else if (read.ok()) {
        if (!window_) window_ = std::make_unique_for_overwrite<char[]>(kWindow);
        window_offset_ = pending_offset_;
        window_size_ = std::min<long long>(kWindow, previous_size_ - pending_offset_);
        read = old_->ReadAt(window_offset_, static_cast<size_t>(window_size_), window_.get());
        if (read.ok()) continue;
        window_size_ = 0;
      }
      if (!read.ok()) {
        status_ =
            Status::IoError("'" + old_file_ + "' changed while it was read: " + read.message());
        return;
      }
      pending_offset_ += static_cast<long long>(length);
      pending_length_ -= static_cast<long long>(length);
      used_ += length;
    }
  }
  void Flush() {
    Pass(std::string_view(buffer_.get(), used_));
    used_ = 0;
  }
  void Pass(std::string_view bytes) {
    if (bytes.empty() || !status_.ok()) return;
    sum_.Add(bytes);
    status_ = file_->Append(bytes);
  }

  OutputTreeWriter& writer_;
  const std::string path_, old_file_;
  std::unique_ptr<WritableFile> file_;
  const bool previous_ok_;
  const long long previous_size_;
  long long pending_offset_ = 0, pending_length_ = 0;
  std::unique_ptr<ReadableFile> old_;              // the current tree's file, once read from
  std::unique_ptr<char[]> window_;                 // kWindow bytes, of which `window_size_`, read
  long long window_offset_ = 0, window_size_ = 0;  // from `window_offset_` of it
  std::unique_ptr<char[]> buffer_;                 // kBuffer bytes, of which `used_`
  size_t used_ = 0;
  Sha256 sum_;
  Status status_ = Status::Ok();
};

Status OutputTreeWriter::Open(const std::string& path, const std::string& previous_sum,
                              long long previous_size, std::unique_ptr<FileOut>* file) {
  if (Status s = CheckFilePath(path); !s.ok()) return s;
  if (path == kManifestName) return Status::IoError("the manifest is not written a part at a time");
  const std::string target = JoinPath(staging_, path);
  // The spare tree's file may be a second name of a file of the current tree.
  if (reusing_)
    if (Status s = fs_.RemoveTree(target); !s.ok()) return s;
  std::unique_ptr<WritableFile> out;
  if (Status s = fs_.CreateFile(target, &out); !s.ok()) return s;
  auto previous = previous_sums_.find(path);
  const bool previous_ok = !previous_sum.empty() && previous != previous_sums_.end() &&
                           previous->second == previous_sum &&
                           fs_.FileSize(JoinPath(out_dir_, path)) == previous_size;
  *file = std::make_unique<Stream>(*this, path, std::move(out), previous_ok, previous_size);
  return Status::Ok();
}

const FileSums& OutputTreeWriter::sums() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!sums_sorted_) {
    // By path; of a path placed twice, the last sum.
    std::stable_sort(sums_.begin(), sums_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    auto last = std::unique(sums_.rbegin(), sums_.rend(),
                            [](const auto& a, const auto& b) { return a.first == b.first; });
    sums_.erase(sums_.begin(), last.base());
    sums_sorted_ = true;
  }
  return sums_;
}

const std::string* OutputTreeWriter::SumOf(std::string_view path) const {
  const FileSums& all = sums();
  auto found =
      std::lower_bound(all.begin(), all.end(), path,
                       [](const auto& entry, std::string_view p) { return entry.first < p; });
  return found != all.end() && found->first == path ? &found->second : nullptr;
}

void OutputTreeWriter::Placed(const std::string& path, std::string sum, bool kept) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!sum.empty()) {
    sums_.emplace_back(path, std::move(sum));
    sums_sorted_ = false;
  }
  manifest_added_ = manifest_added_ || path == kManifestName;
  ++(kept ? stats_.linked : stats_.written);
}

// `same`: the current tree holds these bytes at `path`. Without `bytes`, places nothing
// unless the spare or the current tree holds the file.
Status OutputTreeWriter::Place(const std::string& path, std::string sum, bool same, long long size,
                               const std::string* bytes, bool* placed) {
  // The manifest is unchanged when its bytes are; every other file, when its sum is
  // the one the previous manifest lists and its size that of the previous file.
  const bool is_manifest = path == kManifestName;
  const std::string target = JoinPath(staging_, path);
  const std::string old_file = JoinPath(out_dir_, path);
  bool kept = false, linked = false;
  if (reusing_) {
    // The spare tree's file stays when it holds these bytes and, if the current tree
    // holds them too, is the same file, with the same modification time. Otherwise it
    // is removed first: it may be a second name of a file of the current tree, which
    // writing into would change.
    auto spare = spare_sums_.find(path);
    const FileStamp stamp = fs_.Stamp(target);
    kept = !is_manifest && spare != spare_sums_.end() && spare->second == sum &&
           stamp.size == size && (!same || stamp.inode == fs_.Stamp(old_file).inode);
    if (!kept) fs_.RemoveTree(target);
  }
  if (!kept && same) linked = fs_.FileSize(old_file) == size && fs_.LinkFile(old_file, target).ok();
  if (!kept && !linked) {
    if (!bytes) return Status::Ok();
    if (Status s = fs_.WriteFile(target, *bytes); !s.ok()) return s;
  }
  *placed = true;
  Placed(path, std::move(sum), same && (kept || linked));
  return Status::Ok();
}

Status OutputTreeWriter::Commit(WriteStats* stats) {
  if (stats) *stats = stats_;
  // What the spare tree held that the new one does not, and the folders that leaves
  // empty. The spare manifest and the new sums are both in byte order, so they are
  // walked side by side (180,000 paths at 10,000 meetings); a line out of that order,
  // in a manifest annals did not write, is looked up by itself.
  std::vector<std::string> gone;
  const FileSums& sums = this->sums();
  auto next = sums.begin();
  std::string_view last;
  ForEachManifestLine(reusing_ ? spare_manifest_ : "",
                      [&](std::string_view path, std::string_view, int) {
                        bool kept;
                        if (path > last) {
                          while (next != sums.end() && std::string_view(next->first) < path) ++next;
                          kept = next != sums.end() && next->first == path;
                          last = path;
                        } else {
                          kept = SumOf(path) != nullptr;
                        }
                        if (!kept) gone.emplace_back(path);
                      });
  for (const std::string& path : gone) {
    if (Status s = fs_.RemoveTree(JoinPath(staging_, path)); !s.ok()) return s;
    for (size_t slash = path.rfind('/'); slash != std::string::npos && slash > 0;
         slash = path.rfind('/', slash - 1)) {
      const std::string folder = JoinPath(staging_, path.substr(0, slash));
      if (fs_.HasEntries(folder)) break;
      if (Status s = fs_.RemoveTree(folder); !s.ok()) return s;
    }
  }
  if (reusing_ && !manifest_added_) fs_.RemoveTree(JoinPath(staging_, kManifestName));
  // The marker too keeps its modification time, so that a copy of the site made with
  // rsync receives only what changed.
  const std::string marker = "Written by annals.\n", old_marker = JoinPath(out_dir_, kOutputMarker);
  const std::string new_marker = JoinPath(staging_, kOutputMarker);
  std::string text;
  if (!(reusing_ && fs_.ReadFile(new_marker, &text).ok() && text == marker)) {
    fs_.RemoveTree(new_marker);
    if (!(fs_.ReadFile(old_marker, &text).ok() && text == marker &&
          fs_.LinkFile(old_marker, new_marker).ok()))
      if (Status s = fs_.WriteFile(new_marker, marker); !s.ok()) return s;
  }
  if (!fs_.Exists(out_dir_)) {
    if (Status s = fs_.Rename(staging_, out_dir_); !s.ok()) return s;
    committed_ = true;
    return Status::Ok();
  }
  // One atomic step: a build killed at any moment leaves either tree whole in out_dir.
  bool unsupported = false;
  if (Status s = fs_.Exchange(staging_, out_dir_, &unsupported); !s.ok()) return s;
  // The previous tree, now in `staging_`, is kept for the next build.
  const std::string spare = out_dir_ + kSpareSuffix;
  if (!unsupported) {
    committed_ = true;
    return fs_.Rename(staging_, spare);
  }
  // Where the file system cannot exchange, two renames; a build killed between them
  // leaves no out_dir, and the previous tree in `retired` until the next build.
  const std::string retired = out_dir_ + kRetiredSuffix;
  if (Status s = fs_.Rename(out_dir_, retired); !s.ok()) return s;
  if (Status s = fs_.Rename(staging_, out_dir_); !s.ok()) {
    fs_.Rename(retired, out_dir_);
    return s;
  }
  committed_ = true;
  return fs_.Rename(retired, spare);
}

Status WriteOutputTree(FileSystem& fs, const std::string& out,
                       const std::map<std::string, std::string>& files, WriteStats* stats,
                       Progress* progress) {
  if (Status s = CheckEndsWithName(NormalPath(out)); !s.ok()) return s;
  for (const auto& [path, contents] : files)
    if (Status s = CheckFilePath(path); !s.ok()) return s;
  std::unique_ptr<OutputTreeWriter> writer;
  if (Status s = OutputTreeWriter::Begin(fs, out, &writer); !s.ok()) return s;
  std::vector<const std::pair<const std::string, std::string>*> entries;
  for (const auto& entry : files) entries.push_back(&entry);
  std::vector<Status> results(entries.size(), Status::Ok());
  if (progress) progress->Step("write", entries.size());
  ParallelFor(entries.size(), [&](size_t i) {
    results[i] = writer->Add(entries[i]->first, entries[i]->second);
    if (progress) progress->Advance();
  });
  for (const Status& result : results)
    if (!result.ok()) return result;
  return writer->Commit(stats);
}

}  // namespace annals
