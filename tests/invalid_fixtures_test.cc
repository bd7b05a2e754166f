// Every folder in tests/invalid/ is one broken archive: its content/ files are laid
// over tests/invalid/_base/ (a valid archive), removed.txt lists base files to delete,
// and expected.txt is the exact output `annals check` must print. Regenerate with
// tests/update_expected.sh, and read what changed.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "build.h"
#include "test_support.h"

namespace annals {
namespace {

namespace stdfs = std::filesystem;
using testing::AddTree;
using testing::ReadRealFile;
using testing::SourcePath;

std::string CheckFixture(const stdfs::path& fixture, int* exit_code) {
  MemoryFileSystem fs;
  AddTree(fs, SourcePath("tests/invalid/_base"), "content");
  fs.RemoveTree("content/README.md");
  if (stdfs::exists(fixture / "content")) AddTree(fs, (fixture / "content").string(), "content");
  if (stdfs::exists(fixture / "removed.txt")) {
    std::istringstream removed(ReadRealFile((fixture / "removed.txt").string()));
    for (std::string path; std::getline(removed, path);) fs.RemoveTree("content/" + path);
  }
  BuildResult result = Check(fs, "content");
  *exit_code = result.ExitCode();
  return result.diagnostics.Format() + result.diagnostics.Summary();
}

TEST_CASE("the base archive of the fixtures is valid") {
  MemoryFileSystem fs;
  AddTree(fs, SourcePath("tests/invalid/_base"), "content");
  BuildResult result = Check(fs, "content");
  CHECK(result.diagnostics.Format() == "");
  CHECK(result.ExitCode() == 0);
}

TEST_CASE("every invalid archive prints its expected diagnostics and fails") {
  int fixtures = 0;
  std::vector<stdfs::path> folders;
  for (const auto& entry : stdfs::directory_iterator(SourcePath("tests/invalid")))
    if (entry.is_directory() && entry.path().filename() != "_base") folders.push_back(entry.path());
  std::sort(folders.begin(), folders.end());
  for (const stdfs::path& fixture : folders) {
    INFO("fixture: ", fixture.filename().string());
    int exit_code = -1;
    std::string output = CheckFixture(fixture, &exit_code);
    CHECK(output == ReadRealFile((fixture / "expected.txt").string()));
    CHECK(exit_code == 1);
    ++fixtures;
  }
  CHECK(fixtures >= 25);
}

}  // namespace
}  // namespace annals
