// All file access goes through FileSystem, so that most tests run in memory and the
// one place that writes the output tree is easy to find.
#pragma once

#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "util/byte_out.h"
#include "util/status.h"

namespace annals {

// An exclusive lock taken with FileSystem::TryLock, released when destroyed (or when
// the process ends, however it ends).
class FileLock {
 public:
  virtual ~FileLock() = default;
};

// What stat() says of a file that changes whenever its bytes do (short of someone
// setting the times back by hand): equal stamps let a cache trust what it learnt of the
// file before.
struct FileStamp {
  long long size = -1;
  long long modified_ns = 0;
  long long changed_ns = 0;
  unsigned long long inode = 0;
  bool operator==(const FileStamp&) const = default;
};

// A file as ListStampedFiles finds it.
struct StampedFile {
  std::string path;
  FileStamp stamp;  // of the file itself; size -1 for a symbolic link
};

// A file being written a part at a time (FileSystem::CreateFile).
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual Status Append(std::string_view bytes) = 0;
  // Ends the file. One destroyed without Close() may be left partly written.
  virtual Status Close() = 0;
};

// A file open for reading at any offset, on any thread (FileSystem::OpenForReading).
class ReadableFile {
 public:
  virtual ~ReadableFile() = default;
  // Exactly `size` bytes from `offset` into `into`; fails when the file is shorter.
  virtual Status ReadAt(long long offset, size_t size, char* into) = 0;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  virtual Status ReadFile(const std::string& path, std::string* contents) = 0;
  // Up to `max_bytes` bytes of the file from `offset`: fewer only at its end.
  virtual Status ReadFileRange(const std::string& path, long long offset, size_t max_bytes,
                               std::string* contents);
  // The same into `into`, which has room for `max_bytes`; `*got` is how many were read.
  virtual Status ReadFileRange(const std::string& path, long long offset, size_t max_bytes,
                               char* into, size_t* got);
  // Opens the file at `path` to read parts of it, as often as needed, without opening it
  // again for each (by default, each read is a ReadFileRange).
  virtual Status OpenForReading(const std::string& path, std::unique_ptr<ReadableFile>* file);
  // Creates the file at `path`, or empties it, creating missing parent folders, to be
  // written a part at a time.
  virtual Status CreateFile(const std::string& path, std::unique_ptr<WritableFile>* file) = 0;
  // Regular files and symbolic links below `dir`, recursively, as "dir/sub/file", sorted
  // bytewise; linked folders are listed, not entered. Entries whose names start with '.'
  // are skipped, with everything below them.
  virtual Status ListFiles(const std::string& dir, std::vector<std::string>* files) = 0;
  // The files ListFiles lists, in the same order, each with its stamp (as Stamp gives it).
  // With `folders`, also every folder read on the way (`dir` and each folder below it
  // that is not hidden, however empty), sorted by path, each with its stamp as
  // FolderStamp gives it, taken before the folder was read.
  virtual Status ListStampedFiles(const std::string& dir, std::vector<StampedFile>* files,
                                  std::vector<StampedFile>* folders = nullptr) = 0;
  // Sets the stamp of each of `files`, as Stamp gives it.
  virtual void StampFiles(std::vector<StampedFile>* files);
  // What stat() says of the folder at `path` (following a link), size -1 when it is no
  // folder. POSIX has link(), unlink(), rename(), mkdir(), rmdir() and creating open()
  // update the times of the folder whose entries they change, so a folder whose stamp
  // has not changed holds the same names as before.
  virtual FileStamp FolderStamp(const std::string& path) = 0;
  virtual bool IsDirectory(const std::string& path) = 0;
  // Whether the folder holds anything at all, hidden entries included.
  virtual bool HasEntries(const std::string& dir) = 0;
  // Creates missing parent folders.
  virtual Status WriteFile(const std::string& path, const std::string& contents) = 0;
  // Gives the existing file `from` the second name `to` (a hard link: the same bytes and
  // modification time), creating missing parent folders. Fails where the file system
  // cannot, and then changes nothing.
  virtual Status LinkFile(const std::string& from, const std::string& to) = 0;
  // The size of the regular file at `path`, or -1 when there is none.
  virtual long long FileSize(const std::string& path) = 0;
  // The stamp of the regular file at `path`; size -1 when there is none.
  virtual FileStamp Stamp(const std::string& path) = 0;
  // Sets the modification time of the existing file `path` to now and returns it: the
  // time by the clock the file system stamps files with. 0 when that fails.
  virtual long long Touch(const std::string& path) = 0;
  // Renames a file or folder; `to` must not exist.
  virtual Status Rename(const std::string& from, const std::string& to) = 0;
  // Swaps two existing files or folders in one atomic step, so that at every instant
  // each name holds one of the two whole. When the file system cannot do that (some
  // network and older file systems), sets `*unsupported`, changes nothing and returns Ok.
  virtual Status Exchange(const std::string& a, const std::string& b, bool* unsupported) = 0;
  // Removes a file or a folder with everything in it; a missing path is not an error.
  virtual Status RemoveTree(const std::string& path) = 0;
  virtual bool Exists(const std::string& path) = 0;
  // Why the file at `path`, listed by ListFiles(`root`), must not be read, or "" when it
  // may: a symbolic link that leads nowhere, out of `root`, or to a folder (linked
  // folders are not followed). Reading stays inside the folders annals was given.
  virtual std::string LinkProblem(const std::string& path, const std::string& root) = 0;
  // Takes an exclusive lock on the file `path` without waiting, creating the file and its
  // parent folders when missing. When someone else holds the lock, returns Ok and leaves
  // `*lock` empty.
  virtual Status TryLock(const std::string& path, std::unique_ptr<FileLock>* lock) = 0;
  // The absolute path with "." and ".." resolved and, as far as the path exists, symbolic
  // links too; no trailing '/'. Two paths name the same folder when these are equal.
  virtual std::string AbsolutePath(const std::string& path) = 0;
  // The user's home folder as an absolute path; "" when unknown.
  virtual std::string HomeFolder() = 0;
};

class RealFileSystem : public FileSystem {
 public:
  Status ReadFile(const std::string& path, std::string* contents) override;
  Status ReadFileRange(const std::string& path, long long offset, size_t max_bytes,
                       std::string* contents) override;
  Status ReadFileRange(const std::string& path, long long offset, size_t max_bytes, char* into,
                       size_t* got) override;
  Status OpenForReading(const std::string& path, std::unique_ptr<ReadableFile>* file) override;
  Status CreateFile(const std::string& path, std::unique_ptr<WritableFile>* file) override;
  Status ListFiles(const std::string& dir, std::vector<std::string>* files) override;
  // Stats each file relative to its open folder, on all cores.
  Status ListStampedFiles(const std::string& dir, std::vector<StampedFile>* files,
                          std::vector<StampedFile>* folders = nullptr) override;
  // By name, relative to each file's open folder, on all cores.
  void StampFiles(std::vector<StampedFile>* files) override;
  FileStamp FolderStamp(const std::string& path) override;
  bool IsDirectory(const std::string& path) override;
  bool HasEntries(const std::string& dir) override;
  Status WriteFile(const std::string& path, const std::string& contents) override;
  Status LinkFile(const std::string& from, const std::string& to) override;
  long long FileSize(const std::string& path) override;
  FileStamp Stamp(const std::string& path) override;
  long long Touch(const std::string& path) override;
  Status Rename(const std::string& from, const std::string& to) override;
  Status Exchange(const std::string& a, const std::string& b, bool* unsupported) override;
  Status RemoveTree(const std::string& path) override;
  bool Exists(const std::string& path) override;
  std::string LinkProblem(const std::string& path, const std::string& root) override;
  Status TryLock(const std::string& path, std::unique_ptr<FileLock>* lock) override;
  std::string AbsolutePath(const std::string& path) override;
  std::string HomeFolder() override;
};

// Files held in a map from path to contents; folders exist implicitly. Relative paths
// are taken from the current folder "/work"; the home folder is "/home/user". Locks are
// kept in memory and create no file.
// Files in memory, for tests. Safe to use from several threads at once.
class MemoryFileSystem : public FileSystem {
 public:
  void Add(const std::string& path, std::string contents) {
    std::lock_guard<std::recursive_mutex> guard(mutex_.mutex);
    files_[path] = std::move(contents);
  }
  const std::map<std::string, std::string>& files() const { return files_; }

  Status ReadFile(const std::string& path, std::string* contents) override;
  // The file appears, whole, when it is closed.
  Status CreateFile(const std::string& path, std::unique_ptr<WritableFile>* file) override;
  Status ListFiles(const std::string& dir, std::vector<std::string>* files) override;
  Status ListStampedFiles(const std::string& dir, std::vector<StampedFile>* files,
                          std::vector<StampedFile>* folders = nullptr) override;
  // A folder's stamp here is a hash of the names in it, hidden ones included, in place
  // of its inode.
  FileStamp FolderStamp(const std::string& path) override;
  bool IsDirectory(const std::string& path) override;
  bool HasEntries(const std::string& dir) override;
  Status WriteFile(const std::string& path, const std::string& contents) override;
  Status LinkFile(const std::string& from, const std::string& to) override;
  long long FileSize(const std::string& path) override;
  FileStamp Stamp(const std::string& path) override;
  // Stamps here are hashes of the bytes, not times: "now" is after every one of them.
  long long Touch(const std::string&) override { return std::numeric_limits<long long>::max(); }
  Status Rename(const std::string& from, const std::string& to) override;
  Status Exchange(const std::string& a, const std::string& b, bool* unsupported) override;
  Status RemoveTree(const std::string& path) override;
  bool Exists(const std::string& path) override;
  std::string LinkProblem(const std::string& path, const std::string& root) override;
  Status TryLock(const std::string& path, std::unique_ptr<FileLock>* lock) override;
  std::string AbsolutePath(const std::string& path) override;
  std::string HomeFolder() override { return "/home/user"; }

 private:
  // A copy of the file system gets a mutex of its own.
  struct OwnMutex {
    std::recursive_mutex mutex;
    OwnMutex() = default;
    OwnMutex(const OwnMutex&) {}
    OwnMutex& operator=(const OwnMutex&) { return *this; }
  };
  OwnMutex mutex_;
  std::map<std::string, std::string> files_;
  // Shared with the locks handed out, so that a lock may outlive its file system.
  std::shared_ptr<std::set<std::string>> locked_ = std::make_shared<std::set<std::string>>();
};

// "a/b" + "c" -> "a/b/c"; an empty base gives the name alone.
std::string JoinPath(const std::string& base, const std::string& name);

// Writes the file at `path` whole or not at all: into "<path>.new", then renamed over
// it. A folder at `path` is never removed.
Status ReplaceFile(FileSystem& fs, const std::string& path, const std::string& bytes);
// The same, with the bytes that `write` hands to its ByteOut a part at a time, so that
// they need not be held whole.
Status ReplaceFile(FileSystem& fs, const std::string& path,
                   const std::function<void(ByteOut&)>& write);

}  // namespace annals
