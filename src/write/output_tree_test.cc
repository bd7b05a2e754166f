#include "write/output_tree.h"

#include <doctest/doctest.h>

#include <map>
#include <string>

#include "util/file_system.h"

namespace annals {
namespace {

using Files = std::map<std::string, std::string>;

const char kMarkerText[] = "Written by annals.\n";

// A previous output of annals in "out".
MemoryFileSystem WithPreviousOutput() {
  MemoryFileSystem fs;
  fs.Add("out/.annals-output", kMarkerText);
  fs.Add("out/old.html", "old page");
  fs.Add("out/data/archive.json", "{\"old\": true}");
  fs.Add("content/archive.yaml", "title: T\n");
  return fs;
}

void CopyInto(MemoryFileSystem& fs, const MemoryFileSystem& from) {
  for (const auto& [path, contents] : from.files()) fs.Add(path, contents);
}

// A file system whose WriteFile fails for one path, as a full disk would.
class FailingFileSystem : public MemoryFileSystem {
 public:
  explicit FailingFileSystem(std::string failing_path) : failing_path_(std::move(failing_path)) {}
  Status WriteFile(const std::string& path, const std::string& contents) override {
    if (path == failing_path_) return Status::IoError("cannot write '" + path + "': disk full");
    return MemoryFileSystem::WriteFile(path, contents);
  }

 private:
  std::string failing_path_;
};

// A file system whose Rename fails when moving `from`.
class FailingRenameFileSystem : public MemoryFileSystem {
 public:
  explicit FailingRenameFileSystem(std::string from) : from_(std::move(from)) {}
  Status Rename(const std::string& from, const std::string& to) override {
    if (from == from_) return Status::IoError("cannot rename '" + from + "'");
    return MemoryFileSystem::Rename(from, to);
  }

 private:
  std::string from_;
};

TEST_CASE("WriteOutputTree writes every file and the marker") {
  MemoryFileSystem fs;
  fs.Add("content/archive.yaml", "title: T\n");
  Status status = WriteOutputTree(fs, "out", {{"archive.json", "{}"}, {"a/b/page.html", "<p>"}});
  CHECK(status.ok());
  CHECK(fs.files() == Files{{"content/archive.yaml", "title: T\n"},
                            {"out/.annals-output", kMarkerText},
                            {"out/a/b/page.html", "<p>"},
                            {"out/archive.json", "{}"}});
  CHECK(std::string(kOutputMarker) == ".annals-output");
}

TEST_CASE("WriteOutputTree with no files still writes the marker") {
  MemoryFileSystem fs;
  CHECK(WriteOutputTree(fs, "out", {}).ok());
  CHECK(fs.files() == Files{{"out/.annals-output", kMarkerText}});
}

TEST_CASE("WriteOutputTree replaces a previous output entirely") {
  MemoryFileSystem fs = WithPreviousOutput();
  Status status = WriteOutputTree(fs, "out", {{"archive.json", "{\"new\": true}"}});
  CHECK(status.ok());
  CHECK(fs.files() == Files{{"content/archive.yaml", "title: T\n"},
                            {"out/.annals-output", kMarkerText},
                            {"out/archive.json", "{\"new\": true}"}});
}

TEST_CASE("WriteOutputTree accepts an output folder with a trailing slash") {
  MemoryFileSystem fs = WithPreviousOutput();
  CHECK(WriteOutputTree(fs, "out/", {{"index.html", "new"}}).ok());
  CHECK(fs.files() == Files{{"content/archive.yaml", "title: T\n"},
                            {"out/.annals-output", kMarkerText},
                            {"out/index.html", "new"}});
}

TEST_CASE("WriteOutputTree removes what a killed build left behind") {
  MemoryFileSystem fs = WithPreviousOutput();
  fs.Add("out.annals-new/partial.html", "half");
  fs.Add("out.annals-old/old.html", "older");
  CHECK(WriteOutputTree(fs, "out", {{"index.html", "new"}}).ok());
  CHECK(fs.files() == Files{{"content/archive.yaml", "title: T\n"},
                            {"out/.annals-output", kMarkerText},
                            {"out/index.html", "new"}});
}

TEST_CASE("WriteOutputTree refuses to replace a folder that annals did not write") {
  MemoryFileSystem fs;
  fs.Add("out/thesis.tex", "years of work");
  fs.Add("out/figures/plot.png", "pixels");
  const Files before = fs.files();
  Status status = WriteOutputTree(fs, "out", {{"index.html", "new"}});
  CHECK_FALSE(status.ok());
  CHECK(status.message() ==
        "refusing to replace 'out': it holds files that annals did not write; choose another "
        "output folder or empty this one");
  CHECK(fs.files() == before);
}

// A folder holding only ".git/" or ".env" is not empty: it is someone's.
TEST_CASE("WriteOutputTree refuses to replace a folder holding only hidden files") {
  MemoryFileSystem fs;
  fs.Add("out/.git/config", "[core]");
  const Files before = fs.files();
  Status status = WriteOutputTree(fs, "out", {{"index.html", "new"}});
  CHECK_FALSE(status.ok());
  CHECK(fs.files() == before);
}

TEST_CASE("WriteOutputTree refuses to replace a file") {
  MemoryFileSystem fs;
  fs.Add("out", "a file, not a folder");
  Status status = WriteOutputTree(fs, "out", {{"index.html", "new"}});
  CHECK(status.message() == "'out' exists and is not a folder");
  CHECK(fs.files() == Files{{"out", "a file, not a folder"}});
}

TEST_CASE("WriteOutputTree leaves the previous output intact when a write fails") {
  FailingFileSystem fs("out.annals-new/b.html");
  CopyInto(fs, WithPreviousOutput());
  const Files before = fs.files();
  Status status = WriteOutputTree(fs, "out", {{"a.html", "A"}, {"b.html", "B"}, {"c.html", "C"}});
  CHECK_FALSE(status.ok());
  CHECK(status.message() == "cannot write 'out.annals-new/b.html': disk full");
  CHECK(fs.files() == before);  // byte for byte, and no out.annals-new/ left over
  CHECK_FALSE(fs.Exists("out.annals-new"));
}

TEST_CASE("WriteOutputTree leaves the previous output intact when the marker cannot be written") {
  FailingFileSystem fs("out.annals-new/.annals-output");
  CopyInto(fs, WithPreviousOutput());
  const Files before = fs.files();
  CHECK_FALSE(WriteOutputTree(fs, "out", {{"a.html", "A"}}).ok());
  CHECK(fs.files() == before);
}

TEST_CASE("WriteOutputTree puts the previous output back when the swap fails") {
  FailingRenameFileSystem fs("out.annals-new");
  CopyInto(fs, WithPreviousOutput());
  const Files before = fs.files();
  Status status = WriteOutputTree(fs, "out", {{"a.html", "A"}});
  CHECK(status.message() == "cannot rename 'out.annals-new'");
  CHECK(fs.files() == before);
}

}  // namespace
}  // namespace annals
