#include "write/output_tree.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "test_support.h"
#include "util/digest.h"
#include "util/file_system.h"
#include "write/manifest.h"

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

// The files below `folder`, by their paths inside it.
Files Tree(const MemoryFileSystem& fs, const std::string& folder) {
  Files tree;
  for (const auto& [path, contents] : fs.files())
    if (path.rfind(folder + "/", 0) == 0) tree[path.substr(folder.size() + 1)] = contents;
  return tree;
}

// A file system whose WriteFile fails for one path, as a full disk would.
class FailingFileSystem : public MemoryFileSystem {
 public:
  explicit FailingFileSystem(std::string failing_path) : failing_path_(std::move(failing_path)) {}
  Status WriteFile(const std::string& path, const std::string& contents) override {
    if (path == failing_path_) return Status::IoError("cannot write '" + path + "': disk full");
    return MemoryFileSystem::WriteFile(path, contents);
  }
  Status LinkFile(const std::string& from, const std::string& to) override {
    if (to == failing_path_) return Status::IoError("cannot link '" + to + "': disk full");
    return MemoryFileSystem::LinkFile(from, to);
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
                            {"out.annals-spare/.annals-output", kMarkerText},
                            {"out.annals-spare/data/archive.json", "{\"old\": true}"},
                            {"out.annals-spare/old.html", "old page"},
                            {"out/.annals-output", kMarkerText},
                            {"out/archive.json", "{\"new\": true}"}});
}

TEST_CASE("WriteOutputTree accepts an output folder with a trailing slash") {
  MemoryFileSystem fs = WithPreviousOutput();
  CHECK(WriteOutputTree(fs, "out/", {{"index.html", "new"}}).ok());
  CHECK(Tree(fs, "out") == Files{{".annals-output", kMarkerText}, {"index.html", "new"}});
  CHECK(Tree(fs, "out.annals-spare") == Tree(WithPreviousOutput(), "out"));
}

TEST_CASE("WriteOutputTree removes what a killed build left behind") {
  MemoryFileSystem fs = WithPreviousOutput();
  fs.Add("out.annals-new/partial.html", "half");
  fs.Add("out.annals-old/old.html", "older");
  CHECK(WriteOutputTree(fs, "out", {{"index.html", "new"}}).ok());
  CHECK(Tree(fs, "out") == Files{{".annals-output", kMarkerText}, {"index.html", "new"}});
  CHECK(Tree(fs, "out.annals-spare") == Tree(WithPreviousOutput(), "out"));
  CHECK(Tree(fs, "out.annals-new").empty());
  CHECK(Tree(fs, "out.annals-old").empty());
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

TEST_CASE("WriteOutputTree removes the new tree when it cannot be renamed into place") {
  FailingRenameFileSystem fs("out.annals-new");
  fs.Add("content/archive.yaml", "title: T\n");
  const Files before = fs.files();
  Status status = WriteOutputTree(fs, "out", {{"a.html", "A"}});
  CHECK(status.message() == "cannot rename 'out.annals-new'");
  CHECK(fs.files() == before);
}

// Records every change made to the files, and can refuse the exchange. Files are
// written on several threads, in no set order: a test that writes more than one file
// compares the log sorted.
class RecordingFileSystem : public MemoryFileSystem {
 public:
  std::vector<std::string> log;
  bool exchange_unsupported = false;
  bool exchange_fails = false;

  Status WriteFile(const std::string& path, const std::string& contents) override {
    Record("write " + path);
    return MemoryFileSystem::WriteFile(path, contents);
  }
  Status LinkFile(const std::string& from, const std::string& to) override {
    Record("link " + from + " " + to);
    return MemoryFileSystem::LinkFile(from, to);
  }
  Status Rename(const std::string& from, const std::string& to) override {
    Record("rename " + from + " " + to);
    return MemoryFileSystem::Rename(from, to);
  }
  Status Exchange(const std::string& a, const std::string& b, bool* unsupported) override {
    Record("exchange " + a + " " + b);
    if (exchange_fails) return Status::IoError("cannot exchange '" + a + "' and '" + b + "'");
    if (!exchange_unsupported) return MemoryFileSystem::Exchange(a, b, unsupported);
    *unsupported = true;
    return Status::Ok();
  }
  Status RemoveTree(const std::string& path) override {
    if (Exists(path)) Record("remove " + path);  // on several threads, from a spare tree
    return MemoryFileSystem::RemoveTree(path);
  }

 private:
  void Record(std::string change) {
    std::lock_guard<std::mutex> lock(log_mutex_);
    log.push_back(std::move(change));
  }
  std::mutex log_mutex_;
};

using Log = std::vector<std::string>;

TEST_CASE("WriteOutputTree exchanges the new tree with the previous one in one step") {
  RecordingFileSystem fs;
  CopyInto(fs, WithPreviousOutput());
  CHECK(WriteOutputTree(fs, "out", {{"index.html", "new"}}).ok());
  CHECK(fs.log == Log{"write out.annals-new/index.html",
                      "link out/.annals-output out.annals-new/.annals-output",
                      "exchange out.annals-new out", "rename out.annals-new out.annals-spare"});
  CHECK(Tree(fs, "out") == Files{{".annals-output", kMarkerText}, {"index.html", "new"}});
  CHECK(Tree(fs, "out.annals-spare") == Tree(WithPreviousOutput(), "out"));
}

// A site's files with its manifest, as RenderSite gives them.
Files WithManifest(Files files) {
  files[kManifestName] = Manifest(files);
  return files;
}

TEST_CASE("WriteOutputTree links the files whose bytes have not changed from the previous tree") {
  RecordingFileSystem fs;
  fs.Add("out/.annals-output", kMarkerText);
  for (const auto& [path, bytes] : WithManifest({{"same.html", "same"},
                                                 {"changed.html", "old"},
                                                 {"gone.html", "gone"},
                                                 {"resized.html", "12"}}))
    fs.Add("out/" + path, bytes);
  fs.Add("out/resized.html", "123");  // changed by hand: the manifest's sum no longer holds
  const Files site = WithManifest({{"same.html", "same"},
                                   {"changed.html", "new"},
                                   {"added.html", "a"},
                                   {"resized.html", "12"}});
  WriteStats stats;
  CHECK(WriteOutputTree(fs, "out", site, &stats).ok());
  std::sort(fs.log.begin(), fs.log.end());
  CHECK(fs.log ==
        Log{"exchange out.annals-new out", "link out/.annals-output out.annals-new/.annals-output",
            "link out/same.html out.annals-new/same.html", "rename out.annals-new out.annals-spare",
            "write out.annals-new/added.html", "write out.annals-new/changed.html",
            "write out.annals-new/manifest-sha256.txt", "write out.annals-new/resized.html"});
  CHECK(stats.linked == 1);
  CHECK(stats.written == 4);
  Files expected = site;
  expected[".annals-output"] = kMarkerText;
  CHECK(Tree(fs, "out") == expected);
}

TEST_CASE("WriteOutputTree writes its new tree into the spare one, changing only what differs") {
  RecordingFileSystem fs;
  const Files first = WithManifest({{"same.html", "1"},
                                    {"a.html", "1"},
                                    {"b.html", "1"},
                                    {"gone/deep/c.html", "1"},
                                    {"reverted.html", "1"}});
  const Files second = WithManifest({{"same.html", "1"},
                                     {"a.html", "2"},
                                     {"b.html", "1"},
                                     {"gone/deep/c.html", "1"},
                                     {"reverted.html", "2"}});
  const Files third = WithManifest({{"same.html", "1"},
                                    {"a.html", "2"},
                                    {"b.html", "3"},
                                    {"d.html", "1"},
                                    {"reverted.html", "1"}});
  REQUIRE(WriteOutputTree(fs, "out", first).ok());
  REQUIRE(WriteOutputTree(fs, "out", second).ok());
  fs.log.clear();
  WriteStats stats;
  REQUIRE(WriteOutputTree(fs, "out", third, &stats).ok());
  std::sort(fs.log.begin(), fs.log.end());
  // The spare tree (the first) becomes the third: same.html and reverted.html stay as
  // they are; a.html is the second's again, linked; b.html and the manifest are
  // rewritten, each removed first; c.html goes (folders are implicit here; on disk, the
  // test below, those it leaves empty go too); the marker stays.
  CHECK(fs.log == Log{"exchange out.annals-new out", "link out/a.html out.annals-new/a.html",
                      "remove out.annals-new/a.html", "remove out.annals-new/b.html",
                      "remove out.annals-new/gone/deep/c.html",
                      "remove out.annals-new/manifest-sha256.txt",
                      "rename out.annals-new out.annals-spare",
                      "rename out.annals-spare out.annals-new", "write out.annals-new/b.html",
                      "write out.annals-new/d.html", "write out.annals-new/manifest-sha256.txt"});
  CHECK(stats.linked == 2);   // same.html and a.html: the bytes the current tree has
  CHECK(stats.written == 4);  // b.html, d.html, reverted.html and the manifest
  Files expected = third;
  expected[".annals-output"] = kMarkerText;
  CHECK(Tree(fs, "out") == expected);
  expected = second;
  expected[".annals-output"] = kMarkerText;
  CHECK(Tree(fs, "out.annals-spare") == expected);
}

// The spare manifest and the new files are compared side by side, both in byte order;
// a manifest that annals did not write may be in another.
TEST_CASE("OutputTreeWriter's sums are sorted by path, with the last of a file added twice") {
  MemoryFileSystem fs;
  std::unique_ptr<OutputTreeWriter> writer;
  REQUIRE(OutputTreeWriter::Begin(fs, "out", &writer).ok());
  for (const char* path : {"b.html", "a/z.html", "a.html", "b.html"})
    REQUIRE(writer->Add(path, std::string(path) + " bytes").ok());
  REQUIRE(writer->Add("b.html", "again").ok());
  CHECK(writer->sums() == FileSums{{"a.html", Sha256Hex("a.html bytes")},
                                   {"a/z.html", Sha256Hex("a/z.html bytes")},
                                   {"b.html", Sha256Hex("again")}});
  REQUIRE(writer->Commit().ok());
  CHECK(Tree(fs, "out").at("b.html") == "again");
}

TEST_CASE("WriteOutputTree removes what the spare tree held, whatever its manifest's order") {
  MemoryFileSystem fs;
  const Files first = WithManifest(
      {{"a.html", "1"}, {"b.html", "1"}, {"c/index.html", "1"}, {"d/e/index.html", "1"}});
  REQUIRE(WriteOutputTree(fs, "out", first).ok());
  REQUIRE(WriteOutputTree(fs, "out", WithManifest({{"a.html", "1"}})).ok());
  // The spare tree is the first; its manifest's lines reversed.
  const std::string manifest = first.at(kManifestName);
  std::vector<std::string> lines;
  for (size_t start = 0, end; (end = manifest.find('\n', start)) != std::string::npos;
       start = end + 1)
    lines.push_back(manifest.substr(start, end - start + 1));
  REQUIRE(lines.size() == 4);
  fs.Add("out.annals-spare/manifest-sha256.txt", lines[3] + lines[2] + lines[1] + lines[0]);
  const Files third = WithManifest({{"a.html", "1"}, {"c/index.html", "1"}});
  REQUIRE(WriteOutputTree(fs, "out", third).ok());
  Files expected = third;
  expected[".annals-output"] = kMarkerText;
  CHECK(Tree(fs, "out") == expected);
}

TEST_CASE("OutputTreeWriter writes a file a part at a time, taking parts of the current one") {
  RecordingFileSystem fs;
  fs.Add("out/.annals-output", kMarkerText);
  const Files previous = WithManifest({{"data.json", "0123456789"}, {"same.json", "same bytes"}});
  for (const auto& [path, bytes] : previous) fs.Add("out/" + path, bytes);
  std::unique_ptr<OutputTreeWriter> writer;
  REQUIRE(OutputTreeWriter::Begin(fs, "out", &writer).ok());
  fs.log.clear();

  std::unique_ptr<FileOut> data;
  REQUIRE(writer->Open("data.json", Sha256Hex("0123456789"), 10, &data).ok());
  data->Append("<");
  CHECK(data->AppendPrevious(2, 3));
  CHECK(data->AppendPrevious(5, 2));  // read with the part before it
  data->Append("|");
  CHECK(data->AppendPrevious(0, 1));
  CHECK_FALSE(data->AppendPrevious(8, 5));  // past the end
  CHECK_FALSE(data->AppendPrevious(-1, 1));
  data->Append(">");
  CHECK(data->size() == 9);
  REQUIRE(data->Close().ok());

  // Not the file the caller knew: no part of it is taken.
  std::unique_ptr<FileOut> other;
  REQUIRE(writer->Open("same.json", Sha256Hex("something else"), 10, &other).ok());
  CHECK_FALSE(other->AppendPrevious(0, 1));
  other->Append("same ");
  other->Append("bytes");
  REQUIRE(other->Close().ok());  // the current tree's bytes: its file is linked

  // Parts larger than the buffer, and many small ones.
  std::string big;
  std::unique_ptr<FileOut> large;
  REQUIRE(writer->Open("large/file.txt", "", -1, &large).ok());
  for (int i = 0; i < 3; ++i) {
    const std::string part(700'000, static_cast<char>('a' + i));
    large->Append(part);
    big += part;
  }
  for (int i = 0; i < 100'000; ++i) {
    large->Append(std::to_string(i));
    big += std::to_string(i);
  }
  const std::string huge(3'000'000, 'z');
  large->Append(huge);
  big += huge;
  REQUIRE(large->Close().ok());

  std::unique_ptr<FileOut> refused;
  CHECK(writer->Open(kManifestName, "", -1, &refused).message() ==
        "the manifest is not written a part at a time");
  CHECK_FALSE(writer->Open("../outside.txt", "", -1, &refused).ok());

  const Files expected_files = {
      {"data.json", "<23456|0>"}, {"same.json", "same bytes"}, {"large/file.txt", big}};
  const Files site = WithManifest(expected_files);
  CHECK(writer->sums() == FileSums{{"data.json", Sha256Hex("<23456|0>")},
                                   {"large/file.txt", Sha256Hex(big)},
                                   {"same.json", Sha256Hex("same bytes")}});
  REQUIRE(writer->SumOf("large/file.txt"));
  CHECK(*writer->SumOf("large/file.txt") == Sha256Hex(big));
  CHECK(writer->SumOf("large") == nullptr);
  CHECK(writer->SumOf("zzz") == nullptr);
  REQUIRE(writer->Add(kManifestName, site.at(kManifestName)).ok());
  WriteStats stats;
  REQUIRE(writer->Commit(&stats).ok());
  CHECK(stats.linked == 1);
  CHECK(stats.written == 3);
  CHECK(std::count(fs.log.begin(), fs.log.end(), "link out/same.json out.annals-new/same.json") ==
        1);
  Files expected = site;
  expected[".annals-output"] = kMarkerText;
  CHECK(Tree(fs, "out") == expected);
}

// A file system whose files written a part at a time cannot be written past `limit` bytes.
class FullDiskFileSystem : public MemoryFileSystem {
 public:
  explicit FullDiskFileSystem(size_t limit) : limit_(limit) {}
  Status CreateFile(const std::string& path, std::unique_ptr<WritableFile>* file) override {
    class Limited : public WritableFile {
     public:
      Limited(std::string path, size_t limit) : path_(std::move(path)), limit_(limit) {}
      Status Append(std::string_view bytes) override {
        if ((written_ += bytes.size()) > limit_)
          return Status::IoError("cannot write '" + path_ + "': disk full");
        return Status::Ok();
      }
      Status Close() override { return Status::Ok(); }

     private:
      std::string path_;
      size_t limit_, written_ = 0;
    };
    *file = std::make_unique<Limited>(path, limit_);
    return Status::Ok();
  }

 private:
  size_t limit_;
};

TEST_CASE("OutputTreeWriter reports a file it could not write a part at a time, and adds nothing") {
  FullDiskFileSystem fs(1'500'000);
  CopyInto(fs, WithPreviousOutput());
  std::unique_ptr<OutputTreeWriter> writer;
  REQUIRE(OutputTreeWriter::Begin(fs, "out", &writer).ok());
  std::unique_ptr<FileOut> file;
  REQUIRE(writer->Open("archive.json", "", -1, &file).ok());
  for (int i = 0; i < 3; ++i) file->Append(std::string(1'000'000, 'x'));
  CHECK(file->Close().message() == "cannot write 'out.annals-new/archive.json': disk full");
  CHECK(writer->sums().empty());
}

TEST_CASE("WriteOutputTree does not reuse a spare tree without its manifest") {
  RecordingFileSystem fs;
  CopyInto(fs, WithPreviousOutput());
  fs.Add("out.annals-spare/.annals-output", kMarkerText);
  fs.Add("out.annals-spare/stale.html", "who knows");
  CHECK(WriteOutputTree(fs, "out", {{"index.html", "new"}}).ok());
  CHECK(Tree(fs, "out") == Files{{".annals-output", kMarkerText}, {"index.html", "new"}});
  CHECK(Tree(fs, "out.annals-spare") == Tree(WithPreviousOutput(), "out"));
}

TEST_CASE("WriteOutputTree renames the tree into place when there is no previous output") {
  RecordingFileSystem fs;
  CHECK(WriteOutputTree(fs, "out", {{"index.html", "new"}}).ok());
  CHECK(fs.log == Log{"write out.annals-new/index.html", "write out.annals-new/.annals-output",
                      "rename out.annals-new out"});
}

TEST_CASE("WriteOutputTree renames twice where the file system cannot exchange") {
  RecordingFileSystem fs;
  CopyInto(fs, WithPreviousOutput());
  fs.exchange_unsupported = true;
  CHECK(WriteOutputTree(fs, "out", {{"index.html", "new"}}).ok());
  CHECK(fs.log == Log{"write out.annals-new/index.html",
                      "link out/.annals-output out.annals-new/.annals-output",
                      "exchange out.annals-new out", "rename out out.annals-old",
                      "rename out.annals-new out", "rename out.annals-old out.annals-spare"});
  CHECK(Tree(fs, "out") == Files{{".annals-output", kMarkerText}, {"index.html", "new"}});
  CHECK(Tree(fs, "out.annals-spare") == Tree(WithPreviousOutput(), "out"));
}

TEST_CASE("WriteOutputTree leaves the previous output intact when the exchange fails") {
  RecordingFileSystem fs;
  CopyInto(fs, WithPreviousOutput());
  fs.exchange_fails = true;
  const Files before = fs.files();
  Status status = WriteOutputTree(fs, "out", {{"index.html", "new"}});
  CHECK(status.message() == "cannot exchange 'out.annals-new' and 'out'");
  CHECK(fs.files() == before);
}

// A file system that cannot exchange, and fails to rename `from`.
class NoExchangeFileSystem : public FailingRenameFileSystem {
 public:
  using FailingRenameFileSystem::FailingRenameFileSystem;
  Status Exchange(const std::string&, const std::string&, bool* unsupported) override {
    *unsupported = true;
    return Status::Ok();
  }
};

TEST_CASE("WriteOutputTree puts the previous output back when the second rename fails") {
  NoExchangeFileSystem fs("out.annals-new");
  CopyInto(fs, WithPreviousOutput());
  const Files before = fs.files();
  Status status = WriteOutputTree(fs, "out", {{"a.html", "A"}});
  CHECK(status.message() == "cannot rename 'out.annals-new'");
  CHECK(fs.files() == before);
}

TEST_CASE("WriteOutputTree removes the previous tree a killed build left after the exchange") {
  // Killed after the exchange, before the removal: the new tree is in place and the
  // previous one is left under the staging name.
  MemoryFileSystem fs;
  fs.Add("out/.annals-output", kMarkerText);
  fs.Add("out/index.html", "newer");
  fs.Add("out.annals-new/.annals-output", kMarkerText);
  fs.Add("out.annals-new/old.html", "old page");
  CHECK(WriteOutputTree(fs, "out", {{"index.html", "newest"}}).ok());
  CHECK(fs.files() == Files{{"out.annals-spare/.annals-output", kMarkerText},
                            {"out.annals-spare/index.html", "newer"},
                            {"out/.annals-output", kMarkerText},
                            {"out/index.html", "newest"}});
}

TEST_CASE("WriteOutputTree removes the previous tree a killed build left between two renames") {
  MemoryFileSystem fs;
  fs.Add("out.annals-old/.annals-output", kMarkerText);
  fs.Add("out.annals-old/old.html", "old page");
  fs.Add("out.annals-new/.annals-output", kMarkerText);
  fs.Add("out.annals-new/index.html", "new");
  CHECK(WriteOutputTree(fs, "out", {{"index.html", "new"}}).ok());
  CHECK(fs.files() == Files{{"out/.annals-output", kMarkerText}, {"out/index.html", "new"}});
  CHECK(Tree(fs, "out.annals-spare").empty());
}

// Stops dead, as kill -9 would, before its `n`th change to the files.
class DyingFileSystem : public MemoryFileSystem {
 public:
  struct Killed {};
  explicit DyingFileSystem(int n) : left_(n) {}

  Status WriteFile(const std::string& path, const std::string& contents) override {
    Die();
    return MemoryFileSystem::WriteFile(path, contents);
  }
  Status LinkFile(const std::string& from, const std::string& to) override {
    Die();
    return MemoryFileSystem::LinkFile(from, to);
  }
  Status Rename(const std::string& from, const std::string& to) override {
    Die();
    return MemoryFileSystem::Rename(from, to);
  }
  Status Exchange(const std::string& a, const std::string& b, bool* unsupported) override {
    Die();
    return MemoryFileSystem::Exchange(a, b, unsupported);
  }
  Status RemoveTree(const std::string& path) override {
    if (Exists(path)) Die();
    return MemoryFileSystem::RemoveTree(path);
  }

 private:
  void Die() {
    if (left_-- == 0) throw Killed{};
  }
  std::atomic<int> left_;  // files are written on several threads
};

TEST_CASE("WriteOutputTree killed at any step leaves one whole tree, and the next build works") {
  const Files old_tree = {{".annals-output", kMarkerText}, {"a.html", "old a"}, {"b/c.html", "c"}};
  const Files pages = {{"a.html", "new a"}, {"d.html", "d"}, {"e/f.html", "f"}};
  Files new_tree = pages;
  new_tree[".annals-output"] = kMarkerText;
  int kills = 0;
  for (int n = 0;; ++n) {
    CAPTURE(n);
    DyingFileSystem fs(n);
    fs.Add("out.annals-new/half.html", "a killed build's leftover");
    for (const auto& [path, contents] : old_tree) fs.Add("out/" + path, contents);
    bool finished = false;
    try {
      finished = WriteOutputTree(fs, "out", pages).ok();
    } catch (const DyingFileSystem::Killed&) {
      ++kills;
    }
    const Files now = Tree(fs, "out");
    CHECK((now == old_tree || now == new_tree));
    MemoryFileSystem next;
    CopyInto(next, fs);
    CHECK(WriteOutputTree(next, "out", pages).ok());
    CHECK(Tree(next, "out") == new_tree);
    // Nothing left beside "out" but the tree before it, kept for the next build.
    CHECK(next.files().size() == new_tree.size() + Tree(next, "out.annals-spare").size());
    if (finished) break;
  }
  // The leftover's removal, 3 writes and the marker's link, the exchange, the rename of the
  // previous tree to the spare.
  CHECK(kills == 7);
}

TEST_CASE("WriteOutputTree refuses a file path that could lead outside the output folder") {
  for (const std::string& bad :
       {std::string(""), std::string("/etc/passwd"), std::string("../x.html"),
        std::string("a/../../x.html"), std::string("./a.html"), std::string("a/./b.html"),
        std::string(".."), std::string("."), std::string("a//b.html"), std::string("a/"),
        std::string("a\\..\\b.html"), std::string("a\0b.html", 8)}) {
    CAPTURE(bad);
    MemoryFileSystem fs = WithPreviousOutput();
    const Files before = fs.files();
    Status status = WriteOutputTree(fs, "out", {{"fine.html", "ok"}, {bad, "x"}});
    CHECK(status.message().find("refusing to write '") == 0);
    CHECK(fs.files() == before);
  }
  MemoryFileSystem fs;
  Status status = WriteOutputTree(fs, "out", {{std::string("a\0b/../c", 8), "x"}});
  CHECK(status.message() ==
        "refusing to write 'a\\0b/../c' into the site: a file's path must be relative, without "
        "'.', '..' or empty parts, backslashes or NUL characters");
  CHECK(fs.files().empty());
}

TEST_CASE("WriteOutputTree accepts file names that merely start or end with dots") {
  MemoryFileSystem fs;
  CHECK(WriteOutputTree(fs, "out", {{"..a/.b/c..html", "x"}}).ok());
  CHECK(fs.Exists("out/..a/.b/c..html"));
}

TEST_CASE("WriteOutputTree refuses an output path that does not end with a name") {
  for (const char* out : {".", "..", "a/..", "/", ""}) {
    CAPTURE(out);
    MemoryFileSystem fs;
    Status status = WriteOutputTree(fs, out, {{"index.html", "x"}});
    CHECK(status.message().find("' as the output folder: its path must end with the folder's "
                                "name") != std::string::npos);
    CHECK(fs.files().empty());
  }
  MemoryFileSystem fs;
  CHECK(WriteOutputTree(fs, "a/./out/", {{"index.html", "x"}}).ok());
  CHECK(fs.files() == Files{{"a/out/.annals-output", kMarkerText}, {"a/out/index.html", "x"}});
}

TEST_CASE("MemoryFileSystem exchanges two folders") {
  MemoryFileSystem fs;
  fs.Add("a/x", "1");
  fs.Add("a/y/z", "2");
  fs.Add("b/w", "3");
  fs.Add("ab/v", "4");
  bool unsupported = true;
  CHECK(fs.Exchange("a", "b", &unsupported).ok());
  CHECK_FALSE(unsupported);
  CHECK(fs.files() == Files{{"a/w", "3"}, {"ab/v", "4"}, {"b/x", "1"}, {"b/y/z", "2"}});
  CHECK_FALSE(fs.Exchange("a", "missing", &unsupported).ok());
}

const std::vector<InputFolder> kContent = {{"content", "the content folder"}};

TEST_CASE("CheckOutputFolder accepts an ordinary output folder") {
  MemoryFileSystem fs = WithPreviousOutput();
  CHECK(CheckOutputFolder(fs, "out", kContent).ok());
  CHECK(CheckOutputFolder(fs, "new/site/", kContent).ok());
  CHECK(CheckOutputFolder(fs, "../elsewhere/site", kContent).ok());
  CHECK(CheckOutputFolder(fs, "/home/user/site", kContent).ok());
  CHECK(CheckOutputFolder(fs, "content-site", kContent).ok());
}

TEST_CASE("CheckOutputFolder refuses folders that a build would destroy or write into") {
  MemoryFileSystem fs = WithPreviousOutput();
  const std::vector<InputFolder> inputs = {{"content", "the content folder"},
                                           {"theme/", "the templates folder"}};
  const std::map<std::string, std::string> cases = {
      {"content", "it is the content folder 'content'"},
      {"content/", "it is the content folder 'content'"},
      {"./content/../content", "it is the content folder 'content'"},
      {"/work/content", "it is the content folder 'content'"},
      {"content/site", "it is inside the content folder 'content'"},
      {"theme/out", "it is inside the templates folder 'theme/'"},
      {".", "it is the current folder"},
      {"..", "it is the root folder"},
      {"/", "it is the root folder"},
      {"/home/user", "it is your home folder"},
      {"/home", "it holds your home folder"},
  };
  for (const auto& [out_case, why] : cases) {
    const std::string out = out_case;  // a plain variable: clang 14 cannot capture a binding
    CAPTURE(out);
    const Files before = fs.files();
    Status status = CheckOutputFolder(fs, out, inputs);
    CHECK(status.message().find("refusing to use '") == 0);
    CHECK(status.message().find("' as the output folder: ") != std::string::npos);
    CHECK(status.message().find(why) != std::string::npos);
    CHECK(fs.files() == before);
  }
  CHECK(CheckOutputFolder(fs, "content/site", inputs).message() ==
        "refusing to use 'content/site' as the output folder: it is inside the content folder "
        "'content'");
  CHECK(CheckOutputFolder(fs, "records", {{"records/content", "the content folder"}}).message() ==
        "refusing to use 'records' as the output folder: it holds the content folder "
        "'records/content'");
}

TEST_CASE("CheckOutputFolder refuses a folder whose siblings' removal would take an input") {
  MemoryFileSystem fs;
  const std::vector<InputFolder> inputs = {{"site.annals-old", "the content folder"}};
  CHECK(CheckOutputFolder(fs, "site", inputs).message() ==
        "refusing to use 'site' as the output folder: 'site.annals-old', which a build removes, "
        "is the content folder 'site.annals-old'");
}

TEST_CASE("CheckOutputFolder refuses the current folder, and a folder annals did not write") {
  MemoryFileSystem fs;
  CHECK(CheckOutputFolder(fs, ".", {}).message() ==
        "refusing to use '.' as the output folder: it is the current folder");
  fs.Add("notes/thesis.tex", "years of work");
  CHECK(CheckOutputFolder(fs, "notes", kContent).message() ==
        "refusing to replace 'notes': it holds files that annals did not write; choose another "
        "output folder or empty this one");
  CHECK(CheckOutputFolder(fs, "notes/thesis.tex", kContent).message() ==
        "'notes/thesis.tex' exists and is not a folder");
  CHECK(CheckOutputFolder(fs, "", kContent).message() == "the output folder's name is empty");
}

TEST_CASE("LockOutputFolder lets one build at a time write a folder") {
  MemoryFileSystem fs;
  std::unique_ptr<FileLock> first, second, other;
  CHECK(LockOutputFolder(fs, "site", &first).ok());
  CHECK(first);
  Status status = LockOutputFolder(fs, "site/", &second);
  CHECK(status.message() ==
        "another annals build is writing 'site'; wait for it to finish, then build again");
  CHECK_FALSE(second);
  CHECK(LockOutputFolder(fs, "other", &other).ok());
  first.reset();
  CHECK(LockOutputFolder(fs, "site", &second).ok());
  CHECK(second);
  CHECK(fs.files().empty());
}

// The same on disk, with flock() and renameat2() as the command uses them.
TEST_CASE("RealFileSystem locks the output folder, exchanges folders and replaces the tree") {
  testing::TemporaryFolder temporary;
  REQUIRE_FALSE(temporary.path().empty());
  RealFileSystem fs;
  const std::string site = JoinPath(temporary.path(), "nested/site");
  std::unique_ptr<FileLock> first, second;
  CHECK(LockOutputFolder(fs, site, &first).ok());
  CHECK(first);
  CHECK(fs.Exists(site + ".annals-lock"));
  CHECK(LockOutputFolder(fs, site, &second).message().find("another annals build is writing") == 0);
  first.reset();
  CHECK(LockOutputFolder(fs, site, &second).ok());
  CHECK(second);

  CHECK(WriteOutputTree(fs, site, {{"index.html", "one"}}).ok());
  CHECK(WriteOutputTree(fs, site, {{"index.html", "two"}, {"a/b.html", "b"}}).ok());
  std::string contents;
  CHECK(fs.ReadFile(JoinPath(site, "index.html"), &contents).ok());
  CHECK(contents == "two");
  CHECK(fs.Exists(JoinPath(site, "a/b.html")));
  CHECK_FALSE(fs.Exists(site + ".annals-new"));
  CHECK_FALSE(fs.Exists(site + ".annals-old"));

  const std::string a = JoinPath(temporary.path(), "a");
  const std::string b = JoinPath(temporary.path(), "b");
  CHECK(fs.WriteFile(JoinPath(a, "x"), "in a").ok());
  CHECK(fs.WriteFile(JoinPath(b, "y"), "in b").ok());
  bool unsupported = false;
  CHECK(fs.Exchange(a, b, &unsupported).ok());
  if (!unsupported) {
    CHECK(fs.Exists(JoinPath(a, "y")));
    CHECK(fs.Exists(JoinPath(b, "x")));
  }
  CHECK_FALSE(fs.Exchange(a, JoinPath(temporary.path(), "missing"), &unsupported).ok());
  CHECK(fs.AbsolutePath(temporary.path() + "/a/../b/") == fs.AbsolutePath(b));
}

TEST_CASE("RealFileSystem: a build into the spare tree never changes the current one") {
  testing::TemporaryFolder temporary;
  REQUIRE_FALSE(temporary.path().empty());
  RealFileSystem fs;
  const std::string site = JoinPath(temporary.path(), "site");
  const Files first = WithManifest({{"same.html", "same"}, {"z.html", "1"}, {"a/b/c.html", "c"}});
  const Files second = WithManifest({{"same.html", "same"}, {"z.html", "1"}, {"x.html", "x"}});
  const Files third = WithManifest({{"same.html", "same"}, {"z.html", "2"}, {"x.html", "x"}});
  REQUIRE(WriteOutputTree(fs, site, first).ok());
  const FileStamp same = fs.Stamp(JoinPath(site, "same.html"));
  REQUIRE(WriteOutputTree(fs, site, second).ok());
  REQUIRE(WriteOutputTree(fs, site, third).ok());
  // z.html was one file in the first two trees; the third's is a new one, and the
  // second's, now the spare's, still holds its bytes.
  const std::string spare = site + ".annals-spare";
  std::string bytes;
  REQUIRE(fs.ReadFile(JoinPath(spare, "z.html"), &bytes).ok());
  CHECK(bytes == "1");
  REQUIRE(fs.ReadFile(JoinPath(site, "z.html"), &bytes).ok());
  CHECK(bytes == "2");
  // What never changed is the very same file, with its first modification time (its
  // change time moves with each name it gains or loses).
  CHECK(fs.Stamp(JoinPath(site, "same.html")).inode == same.inode);
  CHECK(fs.Stamp(JoinPath(site, "same.html")).modified_ns == same.modified_ns);
  CHECK(fs.Stamp(JoinPath(spare, "same.html")).inode == same.inode);
  // The folders the first tree's c.html left empty went with it.
  CHECK_FALSE(fs.Exists(JoinPath(site, "a")));
  std::vector<std::string> listed;
  REQUIRE(fs.ListFiles(site, &listed).ok());
  CHECK(listed.size() == third.size());
}

TEST_CASE("OutputTreeWriter reads many short parts a few bytes apart a window at a time") {
  // The current file: 30,000 parts of 100 bytes, each followed by ",\n", as a record's
  // part of archive.json is by its separator.
  class CountingFileSystem : public MemoryFileSystem {
   public:
    int reads = 0;
    Status ReadFileRange(const std::string& path, long long offset, size_t max_bytes, char* into,
                         size_t* got) override {
      ++reads;
      return MemoryFileSystem::ReadFileRange(path, offset, max_bytes, into, got);
    }
  };
  CountingFileSystem fs;
  fs.Add("out/.annals-output", kMarkerText);
  std::string previous_bytes, expected;
  for (int i = 0; i < 30'000; ++i) {
    const std::string part =
        std::string(95, static_cast<char>('a' + i % 26)) + std::to_string(10'000 + i);
    previous_bytes += part + ",\n";
    expected += (i == 12'345 ? std::string(100, '!') : part) + ",\n";
  }
  for (const auto& [path, bytes] : WithManifest({{"data.json", previous_bytes}}))
    fs.Add("out/" + path, bytes);
  std::unique_ptr<OutputTreeWriter> writer;
  REQUIRE(OutputTreeWriter::Begin(fs, "out", &writer).ok());
  std::unique_ptr<FileOut> data;
  REQUIRE(writer
              ->Open("data.json", Sha256Hex(previous_bytes),
                     static_cast<long long>(previous_bytes.size()), &data)
              .ok());
  fs.reads = 0;
  for (int i = 0; i < 30'000; ++i) {
    if (i == 12'345)
      data->Append(std::string(100, '!'));  // one part made anew
    else
      CHECK(data->AppendPrevious(i * 102LL, 100));
    data->Append(",\n");
  }
  REQUIRE(data->Close().ok());
  REQUIRE(writer->SumOf("data.json"));
  CHECK(*writer->SumOf("data.json") == Sha256Hex(expected));
  // 3 MB: a few windows of a megabyte, not a read per part.
  CHECK(fs.reads <= 5);
  std::string written;
  REQUIRE(fs.ReadFile("out.annals-new/data.json", &written).ok());
  CHECK(written == expected);
}

TEST_CASE(
    "RealFileSystem: a file written a part at a time into the spare tree leaves the current one") {
  testing::TemporaryFolder temporary;
  REQUIRE_FALSE(temporary.path().empty());
  RealFileSystem fs;
  const std::string site = JoinPath(temporary.path(), "site");
  const Files first = WithManifest({{"data.json", "[1, 2, 3]"}, {"same.json", "same"}});
  REQUIRE(WriteOutputTree(fs, site, first).ok());
  REQUIRE(WriteOutputTree(fs, site, first).ok());  // the spare's files are the current ones
  const FileStamp same = fs.Stamp(JoinPath(site, "same.json"));
  const FileStamp data = fs.Stamp(JoinPath(site, "data.json"));
  std::unique_ptr<OutputTreeWriter> writer;
  REQUIRE(OutputTreeWriter::Begin(fs, site, &writer).ok());
  std::unique_ptr<FileOut> file;
  REQUIRE(writer->Open("data.json", Sha256Hex("[1, 2, 3]"), 9, &file).ok());
  CHECK(file->AppendPrevious(0, 7));
  file->Append("4]");
  REQUIRE(file->Close().ok());
  REQUIRE(writer->Open("same.json", "", -1, &file).ok());
  file->Append("same");
  REQUIRE(file->Close().ok());
  const Files second = WithManifest({{"data.json", "[1, 2, 4]"}, {"same.json", "same"}});
  REQUIRE(writer->Add(kManifestName, second.at(kManifestName)).ok());
  REQUIRE(writer->Commit().ok());
  std::string bytes;
  REQUIRE(fs.ReadFile(JoinPath(site, "data.json"), &bytes).ok());
  CHECK(bytes == "[1, 2, 4]");
  CHECK(fs.Stamp(JoinPath(site, "data.json")).inode != data.inode);
  REQUIRE(fs.ReadFile(JoinPath(site + ".annals-spare", "data.json"), &bytes).ok());
  CHECK(bytes == "[1, 2, 3]");
  // The same bytes: the very same file, with its modification time.
  CHECK(fs.Stamp(JoinPath(site, "same.json")).inode == same.inode);
  CHECK(fs.Stamp(JoinPath(site, "same.json")).modified_ns == same.modified_ns);
}

}  // namespace
}  // namespace annals
