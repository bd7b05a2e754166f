// Helpers shared by the tests that read real folders into an in-memory file system, or
// work in a real folder of their own.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

#include "util/file_system.h"

namespace annals::testing {

inline std::string SourcePath(const std::string& relative) {
  return std::string(ANNALS_SOURCE_DIR) + "/" + relative;
}

inline std::string ReadRealFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Copies every regular file below `real_dir` into `fs` under the folder `as`.
inline void AddTree(MemoryFileSystem& fs, const std::string& real_dir, const std::string& as) {
  namespace stdfs = std::filesystem;
  for (const auto& entry : stdfs::recursive_directory_iterator(real_dir)) {
    if (!entry.is_regular_file()) continue;
    std::string relative = stdfs::relative(entry.path(), real_dir).generic_string();
    fs.Add(as + "/" + relative, ReadRealFile(entry.path().string()));
  }
}

// A folder of its own below the system's temporary folder, removed with what it holds.
class TemporaryFolder {
 public:
  TemporaryFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "annals-test-XXXXXX").string();
    if (mkdtemp(pattern.data())) path_ = pattern;
  }
  ~TemporaryFolder() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace annals::testing
