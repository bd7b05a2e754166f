// Helpers shared by the tests that read real folders into an in-memory file system.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

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

}  // namespace annals::testing
