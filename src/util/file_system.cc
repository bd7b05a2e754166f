#include "util/file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string_view>
#include <system_error>

#include "util/parallel.h"

namespace annals {

namespace fs = std::filesystem;

std::string JoinPath(const std::string& base, const std::string& name) {
  if (base.empty()) return name;
  if (base.back() == '/') return base + name;
  return base + "/" + name;
}

Status ReplaceFile(FileSystem& fs, const std::string& path, const std::string& bytes) {
  const std::string temporary = path + ".new";
  if (Status s = fs.WriteFile(temporary, bytes); !s.ok()) return s;
  if (fs.FileSize(path) >= 0) fs.RemoveTree(path);  // a file; never someone's folder
  return fs.Rename(temporary, path);
}

namespace {

// Bytes appended to a file as they are handed on; the first failure is kept.
class WritableFileOut : public ByteOut {
 public:
  explicit WritableFileOut(WritableFile& file) : file_(file) {}
  const Status& status() const { return status_; }

 private:
  void Write(std::string_view bytes) override {
    if (status_.ok()) status_ = file_.Append(bytes);
  }
  WritableFile& file_;
  Status status_ = Status::Ok();
};

}  // namespace

Status ReplaceFile(FileSystem& fs, const std::string& path,
                   const std::function<void(ByteOut&)>& write) {
  const std::string temporary = path + ".new";
  std::unique_ptr<WritableFile> file;
  if (Status s = fs.CreateFile(temporary, &file); !s.ok()) return s;
  WritableFileOut out(*file);
  write(out);
  if (!out.status().ok()) return out.status();
  if (Status s = file->Close(); !s.ok()) return s;
  if (fs.FileSize(path) >= 0) fs.RemoveTree(path);  // a file; never someone's folder
  return fs.Rename(temporary, path);
}

Status FileSystem::ReadFileRange(const std::string& path, long long offset, size_t max_bytes,
                                 std::string* contents) {
  if (Status s = ReadFile(path, contents); !s.ok()) return s;
  const size_t from = std::min(contents->size(), static_cast<size_t>(std::max(0LL, offset)));
  *contents = contents->substr(from, max_bytes);
  return Status::Ok();
}

Status FileSystem::ReadFileRange(const std::string& path, long long offset, size_t max_bytes,
                                 char* into, size_t* got) {
  std::string contents;
  if (Status s = ReadFileRange(path, offset, max_bytes, &contents); !s.ok()) return s;
  std::copy(contents.begin(), contents.end(), into);
  *got = contents.size();
  return Status::Ok();
}

namespace {

class RangeReadFile : public ReadableFile {
 public:
  RangeReadFile(FileSystem& fs, std::string path) : fs_(fs), path_(std::move(path)) {}
  Status ReadAt(long long offset, size_t size, char* into) override {
    size_t got = 0;
    if (Status s = fs_.ReadFileRange(path_, offset, size, into, &got); !s.ok()) return s;
    return got == size ? Status::Ok() : Status::IoError("'" + path_ + "' is shorter than expected");
  }

 private:
  FileSystem& fs_;
  const std::string path_;
};

}  // namespace

Status FileSystem::OpenForReading(const std::string& path, std::unique_ptr<ReadableFile>* file) {
  if (FileSize(path) < 0) return Status::IoError("cannot read '" + path + "'");
  *file = std::make_unique<RangeReadFile>(*this, path);
  return Status::Ok();
}

void FileSystem::StampFiles(std::vector<StampedFile>* files) {
  for (StampedFile& file : *files) file.stamp = Stamp(file.path);
}

namespace {

// The stamp of a regular file (or, with S_IFDIR for `type`, of a folder); the empty stamp
// for anything else.
FileStamp StampOf(const struct stat& info, mode_t type = S_IFREG) {
  FileStamp stamp;
  if ((info.st_mode & S_IFMT) != type) return stamp;
  stamp.size = info.st_size;
  stamp.modified_ns = info.st_mtim.tv_sec * 1000000000LL + info.st_mtim.tv_nsec;
  stamp.changed_ns = info.st_ctim.tv_sec * 1000000000LL + info.st_ctim.tv_nsec;
  stamp.inode = info.st_ino;
  return stamp;
}

// At most this many folders stay open while their files are stamped by name; the files
// of any further folders are stamped by their whole path.
constexpr size_t kMaxOpenFolders = 256;

// Files are stamped in runs of this many, so that the threads share out the work in a
// few steps rather than in one per file.
constexpr size_t kStampRun = 256;

// A file found in a folder.
struct Found {
  StampedFile file;
  size_t name_at;  // where its name starts in its path
  bool link;

  std::string_view name() const { return std::string_view(file.path).substr(name_at); }
};

// A folder of a listing: its files and the folders in it, as read.
struct ListedFolder {
  std::string path;
  FileStamp stamp;         // of the folder, before it was read
  DIR* listing = nullptr;  // open while its files are stamped by name
  std::vector<Found> files;
  std::vector<std::string> folders;
  Status status = Status::Ok();

  ~ListedFolder() {
    if (listing) closedir(listing);
  }

  // Reads the folder's entries; keeps it open while fewer than kMaxOpenFolders are.
  void Read(std::atomic<size_t>& open_folders) {
    listing = opendir(path.c_str());
    if (!listing) {
      status = Status::IoError("cannot read folder '" + path + "': " + std::strerror(errno));
      return;
    }
    const int fd = dirfd(listing);
    struct stat info;
    if (fstat(fd, &info) == 0) stamp = StampOf(info, S_IFDIR);
    while (const dirent* entry = readdir(listing)) {
      const char* name = entry->d_name;
      if (name[0] == '.') continue;
      unsigned char type = entry->d_type;
      if (type == DT_UNKNOWN) {
        struct stat info;
        if (fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) != 0) continue;
        type = S_ISDIR(info.st_mode)   ? DT_DIR
               : S_ISLNK(info.st_mode) ? DT_LNK
               : S_ISREG(info.st_mode) ? DT_REG
                                       : DT_UNKNOWN;
      }
      if (type == DT_DIR) {
        folders.push_back(JoinPath(path, name));
      } else if (type == DT_REG || type == DT_LNK) {
        std::string file = JoinPath(path, name);
        const size_t name_at = file.size() - std::strlen(name);
        files.push_back({{std::move(file), {}}, name_at, type == DT_LNK});
      }
    }
    if (open_folders++ >= kMaxOpenFolders) {
      closedir(listing);
      listing = nullptr;
    }
    // Within a folder, the order of names is the order of paths.
    std::sort(files.begin(), files.end(),
              [](const Found& x, const Found& y) { return x.name() < y.name(); });
  }

  void Stamp(Found& found) const {
    // A link's stamp is empty, as Stamp() gives it: what it leads to is read each time.
    if (found.link) return;
    struct stat info;
    if (listing ? fstatat(dirfd(listing), found.file.path.c_str() + found.name_at, &info,
                          AT_SYMLINK_NOFOLLOW) == 0
                : lstat(found.file.path.c_str(), &info) == 0)
      found.file.stamp = StampOf(info);
  }
};

}  // namespace

// The folders are read a level at a time, the folders of a level on all cores, and each
// folder's files sorted by name as it is read; the files are then stamped on all cores
// and the folders' sorted runs merged.
Status RealFileSystem::ListStampedFiles(const std::string& dir, std::vector<StampedFile>* files,
                                        std::vector<StampedFile>* folders_read) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::IoError("'" + dir + "' is not a folder");
  std::vector<std::unique_ptr<ListedFolder>> folders;
  std::atomic<size_t> open_folders{0};
  folders.push_back(std::make_unique<ListedFolder>());
  folders.back()->path = dir;
  for (size_t level = 0, end = 1; level < end; level = end, end = folders.size()) {
    ParallelFor(end - level, [&](size_t i) { folders[level + i]->Read(open_folders); });
    for (size_t i = level; i < end; ++i) {
      if (!folders[i]->status.ok()) return folders[i]->status;
      for (std::string& path : folders[i]->folders) {
        folders.push_back(std::make_unique<ListedFolder>());
        folders.back()->path = std::move(path);
      }
    }
  }
  struct Run {
    ListedFolder* folder;
    size_t begin, end;  // of its files
  };
  std::vector<Run> runs;
  for (const auto& folder : folders)
    for (size_t begin = 0; begin < folder->files.size(); begin += kStampRun)
      runs.push_back({folder.get(), begin, std::min(begin + kStampRun, folder->files.size())});
  ParallelFor(runs.size(), [&](size_t r) {
    const Run& run = runs[r];
    for (size_t i = run.begin; i < run.end; ++i) run.folder->Stamp(run.folder->files[i]);
  });
  if (folders_read) {
    const size_t from = folders_read->size();
    for (const auto& folder : folders) folders_read->push_back({folder->path, folder->stamp});
    std::sort(folders_read->begin() + from, folders_read->end(),
              [](const StampedFile& x, const StampedFile& y) { return x.path < y.path; });
  }
  // Each folder's files are a sorted run; adjacent runs are merged until one is left,
  // skipping the merge where a run already ends before the next begins.
  const size_t first = files->size();
  std::vector<size_t> bounds = {first};
  for (const auto& folder : folders) {
    if (folder->files.empty()) continue;
    for (Found& found : folder->files) files->push_back(std::move(found.file));
    bounds.push_back(files->size());
  }
  auto by_path = [](const StampedFile& x, const StampedFile& y) { return x.path < y.path; };
  while (bounds.size() > 2) {
    std::vector<size_t> merged = {bounds[0]};
    for (size_t i = 0; i + 1 < bounds.size(); i += 2) {
      if (i + 2 >= bounds.size()) {
        merged.push_back(bounds[i + 1]);
        break;
      }
      auto begin = files->begin() + bounds[i], middle = files->begin() + bounds[i + 1],
           end = files->begin() + bounds[i + 2];
      if (by_path(*middle, *(middle - 1))) std::inplace_merge(begin, middle, end, by_path);
      merged.push_back(bounds[i + 2]);
    }
    bounds = std::move(merged);
  }
  return Status::Ok();
}

void RealFileSystem::StampFiles(std::vector<StampedFile>* files) {
  ParallelFor((files->size() + kStampRun - 1) / kStampRun, [&](size_t run) {
    int fd = -1;
    std::string_view open_folder;
    bool opened = false;
    for (size_t i = run * kStampRun; i < std::min(files->size(), (run + 1) * kStampRun); ++i) {
      StampedFile& file = (*files)[i];
      const size_t slash = file.path.rfind('/');
      const std::string_view folder = slash == std::string::npos ? "."
                                      : slash == 0               ? "/"
                                                   : std::string_view(file.path).substr(0, slash);
      if (!opened || folder != open_folder) {
        if (fd >= 0) close(fd);
        fd = open(std::string(folder).c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
        open_folder = folder;
        opened = true;
      }
      struct stat info;
      const char* name = file.path.c_str() + (slash == std::string::npos ? 0 : slash + 1);
      file.stamp = fd >= 0 && fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 ? StampOf(info)
                                                                                 : FileStamp();
    }
    if (fd >= 0) close(fd);
  });
}

FileStamp RealFileSystem::FolderStamp(const std::string& path) {
  struct stat info;
  if (stat(path.c_str(), &info) != 0) return FileStamp();
  return StampOf(info, S_IFDIR);
}

Status RealFileSystem::ReadFile(const std::string& path, std::string* contents) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot read '" + path + "'");
  // Read in one piece of the size fstat() gives, then on to the end in case it grew.
  struct stat info;
  std::string bytes;
  if (fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) bytes.resize(info.st_size);
  size_t used = 0;
  for (;;) {
    char more[4096];
    const bool full = used == bytes.size();
    const ssize_t got =
        full ? read(fd, more, sizeof more) : read(fd, bytes.data() + used, bytes.size() - used);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      close(fd);
      return Status::IoError("cannot read '" + path + "'");
    }
    if (got == 0) break;
    if (full) bytes.append(more, got);
    used += got;
  }
  close(fd);
  bytes.resize(used);
  *contents = std::move(bytes);
  return Status::Ok();
}

namespace {

// Up to `max_bytes` bytes of the open file `fd` from `offset` into `into`; false when
// reading fails.
bool PreadAt(int fd, long long offset, size_t max_bytes, char* into, size_t* got) {
  size_t used = 0;
  while (used < max_bytes) {
    const ssize_t read = pread(fd, into + used, max_bytes - used, offset + used);
    if (read < 0 && errno == EINTR) continue;
    if (read < 0) return false;
    if (read == 0) break;
    used += read;
  }
  *got = used;
  return true;
}

}  // namespace

Status RealFileSystem::ReadFileRange(const std::string& path, long long offset, size_t max_bytes,
                                     std::string* contents) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot read '" + path + "'");
  // No more room than the file has past `offset`, however much is asked for.
  struct stat info;
  if (fstat(fd, &info) == 0 && S_ISREG(info.st_mode))
    max_bytes = std::min<size_t>(max_bytes, std::max<long long>(0, info.st_size - offset));
  std::string bytes(max_bytes, '\0');
  size_t used = 0;
  const bool read = PreadAt(fd, offset, max_bytes, bytes.data(), &used);
  close(fd);
  if (!read) return Status::IoError("cannot read '" + path + "'");
  bytes.resize(used);
  *contents = std::move(bytes);
  return Status::Ok();
}

Status RealFileSystem::ReadFileRange(const std::string& path, long long offset, size_t max_bytes,
                                     char* into, size_t* got) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot read '" + path + "'");
  const bool read = PreadAt(fd, offset, max_bytes, into, got);
  close(fd);
  return read ? Status::Ok() : Status::IoError("cannot read '" + path + "'");
}

namespace {

class RealReadableFile : public ReadableFile {
 public:
  RealReadableFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~RealReadableFile() override { close(fd_); }
  Status ReadAt(long long offset, size_t size, char* into) override {
    size_t got = 0;
    if (!PreadAt(fd_, offset, size, into, &got))
      return Status::IoError("cannot read '" + path_ + "'");
    return got == size ? Status::Ok() : Status::IoError("'" + path_ + "' is shorter than expected");
  }

 private:
  const std::string path_;
  const int fd_;
};

}  // namespace

Status RealFileSystem::OpenForReading(const std::string& path,
                                      std::unique_ptr<ReadableFile>* file) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot read '" + path + "'");
  *file = std::make_unique<RealReadableFile>(path, fd);
  return Status::Ok();
}

namespace {

class RealWritableFile : public WritableFile {
 public:
  RealWritableFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~RealWritableFile() override {
    if (fd_ >= 0) close(fd_);
  }
  Status Append(std::string_view bytes) override {
    while (!bytes.empty()) {
      const ssize_t wrote = write(fd_, bytes.data(), bytes.size());
      if (wrote < 0 && errno == EINTR) continue;
      if (wrote <= 0)
        return Status::IoError("cannot write '" + path_ + "': " + std::strerror(errno));
      bytes.remove_prefix(static_cast<size_t>(wrote));
    }
    return Status::Ok();
  }
  Status Close() override {
    const int fd = fd_;
    fd_ = -1;
    if (close(fd) != 0)
      return Status::IoError("cannot write '" + path_ + "': " + std::strerror(errno));
    return Status::Ok();
  }

 private:
  const std::string path_;
  int fd_;
};

}  // namespace

Status RealFileSystem::CreateFile(const std::string& path, std::unique_ptr<WritableFile>* file) {
  std::error_code ec;
  fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (ec) return Status::IoError("cannot create folder '" + parent.string() + "': " + ec.message());
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return Status::IoError("cannot write '" + path + "': " + std::strerror(errno));
  *file = std::make_unique<RealWritableFile>(path, fd);
  return Status::Ok();
}

Status RealFileSystem::ListFiles(const std::string& dir, std::vector<std::string>* files) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::IoError("'" + dir + "' is not a folder");
  fs::recursive_directory_iterator it(dir, ec), end;
  if (ec) return Status::IoError("cannot read folder '" + dir + "': " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) return Status::IoError("cannot read folder '" + dir + "': " + ec.message());
    std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    // Links are listed whatever they lead to, for the reader to judge (LinkProblem);
    // a linked folder is not entered.
    if (!it->is_symlink(ec) && !it->is_regular_file(ec)) continue;
    // Lexically: fs::relative() would resolve a link and name its target instead.
    files->push_back(JoinPath(dir, it->path().lexically_relative(dir).generic_string()));
  }
  std::sort(files->begin(), files->end());
  return Status::Ok();
}

bool RealFileSystem::IsDirectory(const std::string& path) {
  std::error_code ec;
  return fs::is_directory(path, ec);
}

bool RealFileSystem::HasEntries(const std::string& dir) {
  std::error_code ec;
  return fs::directory_iterator(dir, ec) != fs::directory_iterator();
}

Status RealFileSystem::WriteFile(const std::string& path, const std::string& contents) {
  std::error_code ec;
  fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (ec) return Status::IoError("cannot create folder '" + parent.string() + "': " + ec.message());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.close();
  if (!out) return Status::IoError("cannot write '" + path + "'");
  return Status::Ok();
}

Status RealFileSystem::LinkFile(const std::string& from, const std::string& to) {
  std::error_code ec;
  fs::path parent = fs::path(to).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (ec) return Status::IoError("cannot create folder '" + parent.string() + "': " + ec.message());
  fs::create_hard_link(from, to, ec);
  if (ec) return Status::IoError("cannot link '" + from + "' to '" + to + "': " + ec.message());
  return Status::Ok();
}

long long RealFileSystem::FileSize(const std::string& path) {
  std::error_code ec;
  fs::file_status status = fs::symlink_status(path, ec);
  if (ec || !fs::is_regular_file(status)) return -1;
  auto size = fs::file_size(path, ec);
  return ec ? -1 : static_cast<long long>(size);
}

FileStamp RealFileSystem::Stamp(const std::string& path) {
  FileStamp stamp;
  struct stat info;
  if (lstat(path.c_str(), &info) != 0) return stamp;
  return StampOf(info);
}

long long RealFileSystem::Touch(const std::string& path) {
  if (utimensat(AT_FDCWD, path.c_str(), nullptr, 0) != 0) return 0;
  return Stamp(path).modified_ns;
}

Status RealFileSystem::Rename(const std::string& from, const std::string& to) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec) return Status::IoError("cannot rename '" + from + "' to '" + to + "': " + ec.message());
  return Status::Ok();
}

Status RealFileSystem::Exchange(const std::string& a, const std::string& b, bool* unsupported) {
  *unsupported = false;
#ifdef RENAME_EXCHANGE
  if (renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0)
    return Status::Ok();
  // EINVAL: the file system does not offer the exchange; ENOSYS: nor does the kernel.
  if (errno != EINVAL && errno != ENOSYS)
    return Status::IoError("cannot exchange '" + a + "' and '" + b + "': " + std::strerror(errno));
#endif
  *unsupported = true;
  return Status::Ok();
}

Status RealFileSystem::RemoveTree(const std::string& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
  if (ec) return Status::IoError("cannot remove '" + path + "': " + ec.message());
  return Status::Ok();
}

bool RealFileSystem::Exists(const std::string& path) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(path, ec));
}

std::string RealFileSystem::LinkProblem(const std::string& path, const std::string& root) {
  std::error_code ec;
  if (!fs::is_symlink(fs::symlink_status(path, ec))) return "";
  if (!fs::exists(path, ec)) return "a symbolic link that leads nowhere";
  std::string target = fs::canonical(path, ec).generic_string();
  std::string inside = fs::canonical(root, ec).generic_string() + "/";
  if (ec || target.compare(0, inside.size(), inside) != 0)
    return "a symbolic link leading outside the folder, to '" +
           fs::read_symlink(path, ec).generic_string() + "'";
  if (fs::is_directory(path, ec)) return "a linked folder; annals does not follow linked folders";
  return "";
}

namespace {

// An flock() on an open file: the kernel releases it when the descriptor is closed,
// which also happens when the process is killed, so a lock never outlives its build.
class DescriptorLock : public FileLock {
 public:
  explicit DescriptorLock(int fd) : fd_(fd) {}
  ~DescriptorLock() override { close(fd_); }
  DescriptorLock(const DescriptorLock&) = delete;
  DescriptorLock& operator=(const DescriptorLock&) = delete;

 private:
  int fd_;
};

}  // namespace

Status RealFileSystem::TryLock(const std::string& path, std::unique_ptr<FileLock>* lock) {
  lock->reset();
  std::error_code ec;
  fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (ec) return Status::IoError("cannot create folder '" + parent.string() + "': " + ec.message());
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) return Status::IoError("cannot open '" + path + "': " + std::strerror(errno));
  int result;
  do result = flock(fd, LOCK_EX | LOCK_NB);
  while (result != 0 && errno == EINTR);
  if (result != 0) {
    int error = errno;
    close(fd);
    if (error == EWOULDBLOCK) return Status::Ok();
    return Status::IoError("cannot lock '" + path + "': " + std::strerror(error));
  }
  *lock = std::make_unique<DescriptorLock>(fd);
  return Status::Ok();
}

std::string RealFileSystem::AbsolutePath(const std::string& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  if (ec) return path;
  fs::path resolved = fs::weakly_canonical(absolute, ec);
  std::string result = (ec ? absolute.lexically_normal() : resolved).generic_string();
  while (result.size() > 1 && result.back() == '/') result.pop_back();
  return result;
}

std::string RealFileSystem::HomeFolder() {
  const char* home = std::getenv("HOME");
  return home && *home ? AbsolutePath(home) : "";
}

namespace {

bool IsBelow(const std::string& path, const std::string& dir) {
  std::string prefix = dir.empty() || dir.back() == '/' ? dir : dir + "/";
  return path.compare(0, prefix.size(), prefix) == 0;
}

bool HasHiddenPart(const std::string& path, size_t from) {
  for (size_t i = from; i < path.size(); ++i)
    if (path[i] == '.' && (i == from || path[i - 1] == '/')) return true;
  return false;
}

}  // namespace

Status MemoryFileSystem::ReadFile(const std::string& path, std::string* contents) {
  std::lock_guard<std::recursive_mutex> guard(mutex_.mutex);
  auto it = files_.find(path);
  if (it == files_.end()) return Status::IoError("cannot read '" + path + "'");
  *contents = it->second;
  return Status::Ok();
}

namespace {

class MemoryWritableFile : public WritableFile {
 public:
  MemoryWritableFile(MemoryFileSystem& fs, std::string path) : fs_(fs), path_(std::move(path)) {}
  Status Append(std::string_view bytes) override {
    bytes_ += bytes;
    return Status::Ok();
  }
  Status Close() override { return fs_.WriteFile(path_, bytes_); }

 private:
  MemoryFileSystem& fs_;
  const std::string path_;
  std::string bytes_;
};

}  // namespace

Status MemoryFileSystem::CreateFile(const std::string& path, std::unique_ptr<WritableFile>* file) {
  *file = std::make_unique<MemoryWritableFile>(*this, path);
  return Status::Ok();
}

Status MemoryFileSystem::ListFiles(const std::string& dir, std::vector<std::string>* files) {
  std::lock_guard<std::recursive_mutex> guard(mutex_.mutex);
  if (!IsDirectory(dir)) return Status::IoError("'" + dir + "' is not a folder");
  size_t skip = dir.empty() ? 0 : dir.size() + (dir.back() == '/' ? 0 : 1);
  for (const auto& [path, contents] : files_)
    if (IsBelow(path, dir) && !HasHiddenPart(path, skip)) files->push_back(path);
  return Status::Ok();
}

Status MemoryFileSystem::ListStampedFiles(const std::string& dir, std::vector<StampedFile>* files,
                                          std::vector<StampedFile>* folders) {
  std::lock_guard<std::recursive_mutex> guard(mutex_.mutex);
  std::vector<std::string> paths;
  if (Status s = ListFiles(dir, &paths); !s.ok()) return s;
  for (std::string& path : paths) {
    FileStamp stamp = Stamp(path);
    files->push_back({std::move(path), stamp});
  }
  if (!folders) return Status::Ok();
  // `dir`, and every folder below it that holds a file and is not hidden.
  const std::string root =
      dir.size() > 1 && dir.back() == '/' ? dir.substr(0, dir.size() - 1) : dir;
  const size_t skip = root.empty() ? 0 : root.size() + 1;
  std::set<std::string> found = {root};
  for (const auto& [path, contents] : files_) {
    if (!IsBelow(path, root)) continue;
    for (size_t slash = path.find('/', skip); slash != std::string::npos;
         slash = path.find('/', slash + 1)) {
      std::string folder = path.substr(0, slash);
      if (HasHiddenPart(folder, skip)) break;
      found.insert(std::move(folder));
    }
  }
  for (const std::string& folder : found) folders->push_back({folder, FolderStamp(folder)});
  return Status::Ok();
}

FileStamp MemoryFileSystem::FolderStamp(const std::string& path) {
  std::lock_guard<std::recursive_mutex> guard(mutex_.mutex);
  const std::string prefix = path.empty() || path.back() == '/' ? path : path + "/";
  std::string names;
  std::string_view last;
  long long count = 0;
  for (auto it = files_.lower_bound(prefix); it != files_.end() && IsBelow(it->first, path); ++it) {
    std::string_view rest = std::string_view(it->first).substr(prefix.size());
    std::string_view name = rest.substr(0, rest.find('/'));
    if (count > 0 && name == last) continue;
    names.append(name) += '\n';
    last = name;
    ++count;
  }
  FileStamp stamp;
  if (count == 0) return stamp;
  stamp.size = count;
  // Its times are long past, so that it is never too new to trust.
  stamp.inode = std::hash<std::string>()(names);
  return stamp;
}

bool MemoryFileSystem::IsDirectory(const std::string& path) {
  std::lock_guard<std::recursive_mutex> guard(mutex_.mutex);
  for (const auto& [p, contents] : files_)
    if (IsBelow(p, path)) return true;
  return false;
}

bool MemoryFileSystem::HasEntries(const std::string& dir) { return IsDirectory(dir); }

Status MemoryFileSystem::WriteFile(const std::string& path, const std::string& contents) {
  std::lock_guard<std::recursive_mutex> guard(mutex_.mutex);
  files_[path] = contents;
  return Status::Ok();
}

Status MemoryFileSystem::LinkFile(const std::string& from, const std::string& to) {
  std::lock_guard<std::recursive_mutex> guard(mutex_.mutex);
  auto it = files_.find(from);
  if (it == files_.end()) return Status::IoError("cannot link '" + from + "': no such file");
  files_[to] = it->second;
  return Status::Ok();
}

long long MemoryFileSystem::FileSize(const std::string& path) {
  std::lock_guard<std::recursive_mutex> guard(mutex_.mutex);
  auto it = files_.find(path);
  return it == files_.end() ? -1 : static_cast<long long>(it->second.size());
}

// In memory, the bytes' hash stands for the times.
FileStamp MemoryFileSystem::Stamp(const std::string& path) {
  std::lock_guard<std::recursive_mutex> guard(mutex_.mutex);
  FileStamp stamp;
  auto it = files_.find(path);
  if (it == files_.end()) return stamp;
  stamp.size = static_cast<long long>(it->second.size());
  stamp.modified_ns = static_cast<long long>(std::hash<std::string>()(it->second));
  return stamp;
}

Status MemoryFileSystem::Rename(const std::string& from, const std::string& to) {
  std::lock_guard<std::recursive_mutex> guard(mutex_.mutex);
  if (Exists(to)) return Status::IoError("cannot rename '" + from + "': '" + to + "' exists");
  std::map<std::string, std::string> moved;
  for (auto it = files_.begin(); it != files_.end();) {
    if (it->first == from || IsBelow(it->first, from)) {
      moved[to + it->first.substr(from.size())] = std::move(it->second);
      it = files_.erase(it);
    } else {
      ++it;
    }
  }
  if (moved.empty()) return Status::IoError("cannot rename '" + from + "': no such file");
  files_.merge(moved);
  return Status::Ok();
}

Status MemoryFileSystem::Exchange(const std::string& a, const std::string& b, bool* unsupported) {
  std::lock_guard<std::recursive_mutex> guard(mutex_.mutex);
  *unsupported = false;
  if (!Exists(a) || !Exists(b))
    return Status::IoError("cannot exchange '" + a + "' and '" + b + "': no such file");
  std::map<std::string, std::string> swapped;
  for (auto it = files_.begin(); it != files_.end();) {
    const std::string& path = it->first;
    if (path == a || IsBelow(path, a)) {
      swapped[b + path.substr(a.size())] = std::move(it->second);
    } else if (path == b || IsBelow(path, b)) {
      swapped[a + path.substr(b.size())] = std::move(it->second);
    } else {
      ++it;
      continue;
    }
    it = files_.erase(it);
  }
  files_.merge(swapped);
  return Status::Ok();
}

Status MemoryFileSystem::RemoveTree(const std::string& path) {
  std::lock_guard<std::recursive_mutex> guard(mutex_.mutex);
  std::erase_if(
      files_, [&](const auto& entry) { return entry.first == path || IsBelow(entry.first, path); });
  return Status::Ok();
}

bool MemoryFileSystem::Exists(const std::string& path) {
  std::lock_guard<std::recursive_mutex> guard(mutex_.mutex);
  return files_.count(path) > 0 || IsDirectory(path);
}

std::string MemoryFileSystem::LinkProblem(const std::string&, const std::string&) { return ""; }

namespace {

class MemoryLock : public FileLock {
 public:
  MemoryLock(std::shared_ptr<std::set<std::string>> locked, std::string path)
      : locked_(std::move(locked)), path_(std::move(path)) {}
  ~MemoryLock() override { locked_->erase(path_); }

 private:
  std::shared_ptr<std::set<std::string>> locked_;
  std::string path_;
};

}  // namespace

Status MemoryFileSystem::TryLock(const std::string& path, std::unique_ptr<FileLock>* lock) {
  std::lock_guard<std::recursive_mutex> guard(mutex_.mutex);
  lock->reset();
  if (locked_->insert(path).second) *lock = std::make_unique<MemoryLock>(locked_, path);
  return Status::Ok();
}

std::string MemoryFileSystem::AbsolutePath(const std::string& path) {
  std::lock_guard<std::recursive_mutex> guard(mutex_.mutex);
  fs::path absolute = !path.empty() && path[0] == '/' ? fs::path(path) : "/work" / fs::path(path);
  std::string result = absolute.lexically_normal().generic_string();
  while (result.size() > 1 && result.back() == '/') result.pop_back();
  return result;
}

}  // namespace annals
