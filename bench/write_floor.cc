// The other floor of a static-site build: writing the site out. Lists every folder and
// file of a built site, then makes the same tree anew under OUT, with nothing rendered:
// each folder made, each file created, written with as many bytes as the built one and
// closed, on all cores (the folders a level at a time, then the files handed out in
// turn). Prints the folders, the files, the bytes and how long that took: the time any
// generator needs to write this site on this machine's disk.
//
//   write_floor SITE OUT
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "util/parallel.h"

using annals::ParallelFor;

namespace {

struct File {
  std::string path;  // from the site's root
  size_t size;
};

bool WriteAll(int fd, const char* bytes, size_t size) {
  while (size > 0) {
    ssize_t written = write(fd, bytes, size);
    if (written <= 0) return false;
    bytes += written;
    size -= static_cast<size_t>(written);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: write_floor SITE OUT\n");
    return 2;
  }
  namespace fs = std::filesystem;
  const fs::path site = argv[1], out = argv[2];
  std::vector<std::vector<std::string>> levels;  // folders by depth
  std::vector<File> files;
  size_t bytes = 0, largest = 0;
  for (const auto& entry : fs::recursive_directory_iterator(site)) {
    const std::string path = entry.path().lexically_relative(site).string();
    if (entry.is_directory()) {
      const size_t depth = static_cast<size_t>(std::count(path.begin(), path.end(), '/'));
      if (levels.size() <= depth) levels.resize(depth + 1);
      levels[depth].push_back(path);
    } else if (entry.is_regular_file()) {
      files.push_back({path, static_cast<size_t>(entry.file_size())});
      bytes += files.back().size;
      largest = std::max(largest, files.back().size);
    }
  }
  std::sort(files.begin(), files.end(),
            [](const File& a, const File& b) { return a.path < b.path; });
  const std::string content(largest, 'x');
  std::atomic<bool> failed{false};
  const auto start = std::chrono::steady_clock::now();
  if (mkdir(out.c_str(), 0777) != 0) {
    std::perror(out.c_str());
    return 1;
  }
  for (const std::vector<std::string>& level : levels)
    ParallelFor(level.size(), [&](size_t i) {
      if (mkdir((out / level[i]).c_str(), 0777) != 0) failed = true;
    });
  ParallelFor(files.size(), [&](size_t i) {
    const int fd =
        open((out / files[i].path).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0 || !WriteAll(fd, content.data(), files[i].size)) failed = true;
    if (fd >= 0 && close(fd) != 0) failed = true;
  });
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  if (failed) {
    std::fprintf(stderr, "write_floor: cannot write the tree under %s\n", out.c_str());
    return 1;
  }
  size_t folders = 0;
  for (const auto& level : levels) folders += level.size();
  std::printf("folders %zu files %zu bytes %zu write_seconds %.4f\n", folders, files.size(), bytes,
              took.count());
  return 0;
}
