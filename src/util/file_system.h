// All file access goes through FileSystem, so that most tests run in memory and the
// one place that writes the output tree is easy to find.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "util/status.h"

namespace annals {

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  virtual Status ReadFile(const std::string& path, std::string* contents) = 0;
  // Regular files below `dir`, recursively, as "dir/sub/file", sorted bytewise.
  // Entries whose names start with '.' are skipped, with everything below them.
  virtual Status ListFiles(const std::string& dir, std::vector<std::string>* files) = 0;
  virtual bool IsDirectory(const std::string& path) = 0;
  // Whether the folder holds anything at all, hidden entries included.
  virtual bool HasEntries(const std::string& dir) = 0;
  // Creates missing parent folders.
  virtual Status WriteFile(const std::string& path, const std::string& contents) = 0;
  // Renames a file or folder; `to` must not exist.
  virtual Status Rename(const std::string& from, const std::string& to) = 0;
  // Removes a file or a folder with everything in it; a missing path is not an error.
  virtual Status RemoveTree(const std::string& path) = 0;
  virtual bool Exists(const std::string& path) = 0;
};

class RealFileSystem : public FileSystem {
 public:
  Status ReadFile(const std::string& path, std::string* contents) override;
  Status ListFiles(const std::string& dir, std::vector<std::string>* files) override;
  bool IsDirectory(const std::string& path) override;
  bool HasEntries(const std::string& dir) override;
  Status WriteFile(const std::string& path, const std::string& contents) override;
  Status Rename(const std::string& from, const std::string& to) override;
  Status RemoveTree(const std::string& path) override;
  bool Exists(const std::string& path) override;
};

// Files held in a map from path to contents; folders exist implicitly.
class MemoryFileSystem : public FileSystem {
 public:
  void Add(const std::string& path, std::string contents) { files_[path] = std::move(contents); }
  const std::map<std::string, std::string>& files() const { return files_; }

  Status ReadFile(const std::string& path, std::string* contents) override;
  Status ListFiles(const std::string& dir, std::vector<std::string>* files) override;
  bool IsDirectory(const std::string& path) override;
  bool HasEntries(const std::string& dir) override;
  Status WriteFile(const std::string& path, const std::string& contents) override;
  Status Rename(const std::string& from, const std::string& to) override;
  Status RemoveTree(const std::string& path) override;
  bool Exists(const std::string& path) override;

 private:
  std::map<std::string, std::string> files_;
};

// "a/b" + "c" -> "a/b/c"; an empty base gives the name alone.
std::string JoinPath(const std::string& base, const std::string& name);

}  // namespace annals
