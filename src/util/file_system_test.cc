#include "util/file_system.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "test_support.h"

namespace annals {
namespace {

// Both file systems list the same files with the same stamps, whichever way they list.
void CheckStampedListing(FileSystem& fs, const std::string& dir) {
  std::vector<std::string> listed;
  std::vector<StampedFile> stamped;
  REQUIRE(fs.ListFiles(dir, &listed).ok());
  REQUIRE(fs.ListStampedFiles(dir, &stamped).ok());
  REQUIRE(stamped.size() == listed.size());
  for (size_t i = 0; i < listed.size(); ++i) {
    CHECK(stamped[i].path == listed[i]);
    CHECK(stamped[i].stamp == fs.Stamp(listed[i]));
  }
}

TEST_CASE("RealFileSystem lists files with their stamps as ListFiles and Stamp give them") {
  testing::TemporaryFolder temporary;
  REQUIRE_FALSE(temporary.path().empty());
  RealFileSystem fs;
  const std::string content = JoinPath(temporary.path(), "content");
  for (const char* name :
       {"archive.yaml", "meetings/b.yaml", "meetings/a.yaml", "meetings/2017/c.yaml",
        "meetings/a.yaml~", ".hidden/x.yaml", "meetings/.draft.yaml", "people/people.yaml"})
    REQUIRE(fs.WriteFile(JoinPath(content, name), name).ok());
  REQUIRE(symlink("../archive.yaml", JoinPath(content, "people/linked.yaml").c_str()) == 0);
  REQUIRE(symlink("nowhere", JoinPath(content, "people/dangling.yaml").c_str()) == 0);
  REQUIRE(mkfifo(JoinPath(content, "meetings/pipe").c_str(), 0600) == 0);

  std::vector<StampedFile> stamped;
  REQUIRE(fs.ListStampedFiles(content, &stamped).ok());
  std::vector<std::string> paths;
  for (const StampedFile& file : stamped) paths.push_back(file.path);
  CHECK(paths ==
        std::vector<std::string>{content + "/archive.yaml", content + "/meetings/2017/c.yaml",
                                 content + "/meetings/a.yaml", content + "/meetings/a.yaml~",
                                 content + "/meetings/b.yaml", content + "/people/dangling.yaml",
                                 content + "/people/linked.yaml", content + "/people/people.yaml"});
  CHECK(stamped[0].stamp.size == 12);
  CHECK(stamped[0].stamp.inode != 0);
  CHECK(stamped[5].stamp.size == -1);  // links have no stamp of their own
  CHECK(stamped[6].stamp.size == -1);
  CheckStampedListing(fs, content);
  CheckStampedListing(fs, content + "/");

  std::vector<StampedFile> none;
  CHECK(fs.ListStampedFiles(JoinPath(content, "missing"), &none).message() ==
        "'" + content + "/missing' is not a folder");
  CHECK(none.empty());
}

// The folders `fs` reports reading below `dir`, each stamped as FolderStamp stamps it;
// and StampFiles stamps the files listed as the listing did.
std::vector<std::string> FoldersRead(FileSystem& fs, const std::string& dir) {
  std::vector<StampedFile> files, folders;
  REQUIRE(fs.ListStampedFiles(dir, &files, &folders).ok());
  std::vector<std::string> paths;
  for (const StampedFile& folder : folders) {
    paths.push_back(folder.path);
    CHECK(folder.stamp.size >= 0);
    CHECK(folder.stamp == fs.FolderStamp(folder.path));
  }
  std::vector<StampedFile> restamped = files;
  for (StampedFile& file : restamped) file.stamp = {};
  fs.StampFiles(&restamped);
  REQUIRE(restamped.size() == files.size());
  for (size_t i = 0; i < files.size(); ++i) CHECK(restamped[i].stamp == files[i].stamp);
  return paths;
}

TEST_CASE("Both file systems report the folders a listing read, hidden ones left out") {
  testing::TemporaryFolder temporary;
  RealFileSystem real;
  MemoryFileSystem memory;
  const std::string content = JoinPath(temporary.path(), "content");
  for (FileSystem* fs : {static_cast<FileSystem*>(&real), static_cast<FileSystem*>(&memory)})
    for (const char* name : {"archive.yaml", "meetings/a.yaml", "meetings/2017/c.yaml",
                             ".hidden/x.yaml", "meetings/.drafts/d.yaml", "people/people.yaml",
                             "people/.only-hidden/e.yaml", "people/hidden-inside/.e.yaml"})
      REQUIRE(fs->WriteFile(JoinPath(content, name), name).ok());
  REQUIRE(mkdir(JoinPath(content, "empty").c_str(), 0700) == 0);  // a real folder only
  const std::vector<std::string> memory_folders = {content, content + "/meetings",
                                                   content + "/meetings/2017", content + "/people",
                                                   content + "/people/hidden-inside"};
  CHECK(FoldersRead(memory, content) == memory_folders);
  CHECK(FoldersRead(memory, content + "/") == memory_folders);
  CHECK(FoldersRead(real, content) ==
        std::vector<std::string>{content, content + "/empty", content + "/meetings",
                                 content + "/meetings/2017", content + "/people",
                                 content + "/people/hidden-inside"});
  CHECK(real.FolderStamp(content + "/archive.yaml").size == -1);
  CHECK(real.FolderStamp(content + "/missing").size == -1);
  CHECK(memory.FolderStamp(content + "/archive.yaml").size == -1);
  CHECK(memory.FolderStamp(content + "/missing").size == -1);
}

TEST_CASE("A folder's stamp changes when an entry is added, removed or renamed, not written") {
  testing::TemporaryFolder temporary;
  RealFileSystem real;
  MemoryFileSystem memory;
  const std::string folder = JoinPath(temporary.path(), "meetings");
  const std::string a = JoinPath(folder, "a.yaml"), b = JoinPath(folder, "b.yaml");
  for (FileSystem* fs : {static_cast<FileSystem*>(&real), static_cast<FileSystem*>(&memory)}) {
    REQUIRE(fs->WriteFile(a, "a").ok());
    // Each change must move the folder's times from a moment long past, whatever the
    // granularity of the file system's clock.
    const timespec long_ago[2] = {{946684800, 0}, {946684800, 0}};
    auto before = [&] {
      if (fs == &real) REQUIRE(utimensat(AT_FDCWD, folder.c_str(), long_ago, 0) == 0);
      return fs->FolderStamp(folder);
    };
    FileStamp stamp = before();
    REQUIRE(fs->WriteFile(a, "written again in place").ok());
    CHECK(fs->FolderStamp(folder) == stamp);
    stamp = before();
    REQUIRE(fs->WriteFile(b, "b").ok());
    CHECK(fs->FolderStamp(folder) != stamp);
    stamp = before();
    REQUIRE(fs->Rename(b, JoinPath(folder, "c.yaml")).ok());
    CHECK(fs->FolderStamp(folder) != stamp);
    stamp = before();
    REQUIRE(fs->RemoveTree(JoinPath(folder, "c.yaml")).ok());
    CHECK(fs->FolderStamp(folder) != stamp);
    stamp = before();
    REQUIRE(fs->WriteFile(JoinPath(folder, ".draft.yaml"), "hidden").ok());
    CHECK(fs->FolderStamp(folder) != stamp);
  }
}

TEST_CASE("RealFileSystem lists the files of many folders in path order") {
  testing::TemporaryFolder temporary;
  REQUIRE_FALSE(temporary.path().empty());
  RealFileSystem fs;
  const std::string content = JoinPath(temporary.path(), "content");
  // '-' and '.' sort before '/', '0' after it: a folder's files and its neighbours'
  // interleave in path order.
  std::vector<std::string> names = {"a/1.yaml", "a-b/2.yaml", "a.yaml", "a0/3.yaml", "b.yaml"};
  // More folders than stay open while stamped, and more files than one run of stamps.
  for (int i = 0; i < 300; ++i)
    for (const char* file : {"/x.yaml", "/y-1.yaml", "/deeper/z.yaml"})
      names.push_back("many/f" + std::to_string(i) + file);
  for (const std::string& name : names) REQUIRE(fs.WriteFile(JoinPath(content, name), name).ok());

  std::vector<StampedFile> stamped;
  REQUIRE(fs.ListStampedFiles(content, &stamped).ok());
  REQUIRE(stamped.size() == names.size());
  CHECK(stamped[0].path == content + "/a-b/2.yaml");
  CHECK(stamped[1].path == content + "/a.yaml");
  CHECK(stamped[2].path == content + "/a/1.yaml");
  CHECK(stamped[3].path == content + "/a0/3.yaml");
  CHECK(stamped[4].path == content + "/b.yaml");
  CHECK(stamped[5].path == content + "/many/f0/deeper/z.yaml");
  CHECK(stamped[6].path == content + "/many/f0/x.yaml");
  CHECK(stamped[7].path == content + "/many/f0/y-1.yaml");
  CHECK(stamped[8].path == content + "/many/f1/deeper/z.yaml");
  CheckStampedListing(fs, content);
}

TEST_CASE("RealFileSystem::Touch gives the time by the file system's clock") {
  testing::TemporaryFolder temporary;
  RealFileSystem fs;
  const std::string path = JoinPath(temporary.path(), "lock");
  REQUIRE(fs.WriteFile(path, "").ok());
  REQUIRE(utimensat(AT_FDCWD, path.c_str(), nullptr, 0) == 0);
  const long long before = fs.Stamp(path).modified_ns;
  const long long now = fs.Touch(path);
  CHECK(now >= before);
  CHECK(now == fs.Stamp(path).modified_ns);
  // A file written after that is stamped no earlier.
  const std::string later = JoinPath(temporary.path(), "later");
  REQUIRE(fs.WriteFile(later, "x").ok());
  CHECK(fs.Stamp(later).modified_ns >= now);
  CHECK(fs.Touch(JoinPath(temporary.path(), "missing")) == 0);
}

TEST_CASE("MemoryFileSystem lists files with their stamps") {
  MemoryFileSystem fs;
  fs.Add("content/b.yaml", "b");
  fs.Add("content/a/c.yaml", "cc");
  fs.Add("content/.hidden", "h");
  CheckStampedListing(fs, "content");
}

TEST_CASE("RealFileSystem reads whole files of any size, and reports what it cannot read") {
  testing::TemporaryFolder temporary;
  RealFileSystem fs;
  const std::string big(100'000, 'x');
  for (const std::string& bytes :
       {std::string(), std::string("one line\n"), big, std::string("nul\0inside", 10)}) {
    const std::string path = JoinPath(temporary.path(), "file");
    REQUIRE(fs.WriteFile(path, bytes).ok());
    std::string read = "left over";
    REQUIRE(fs.ReadFile(path, &read).ok());
    CHECK(read == bytes);
  }
  std::string read;
  const std::string missing = JoinPath(temporary.path(), "missing");
  CHECK(fs.ReadFile(missing, &read).message() == "cannot read '" + missing + "'");
  CHECK(fs.ReadFile(temporary.path(), &read).message() == "cannot read '" + temporary.path() + "'");
}

TEST_CASE("Both file systems read part of a file, less only at its end") {
  testing::TemporaryFolder temporary;
  RealFileSystem real;
  MemoryFileSystem memory;
  std::string big;
  for (int i = 0; big.size() < 100'000; ++i) big += std::to_string(i) + ",";
  for (FileSystem* fs : {static_cast<FileSystem*>(&real), static_cast<FileSystem*>(&memory)}) {
    for (const std::string& bytes : {std::string(), std::string("short\n"), big}) {
      const std::string path = JoinPath(temporary.path(), "file");
      REQUIRE(fs->WriteFile(path, bytes).ok());
      for (long long offset : {0LL, 2LL, 50'000LL, 200'000LL})
        for (size_t max : {size_t{0}, size_t{3}, size_t{4096}, size_t{200'000}}) {
          CAPTURE(bytes.size());
          CAPTURE(offset);
          CAPTURE(max);
          std::string read = "left over";
          REQUIRE(fs->ReadFileRange(path, offset, max, &read).ok());
          CHECK(read == (offset < static_cast<long long>(bytes.size())
                             ? bytes.substr(static_cast<size_t>(offset), max)
                             : std::string()));
        }
    }
    std::string read;
    const std::string missing = JoinPath(temporary.path(), "missing");
    CHECK(fs->ReadFileRange(missing, 0, 10, &read).message() == "cannot read '" + missing + "'");
  }
  std::string read;
  CHECK(real.ReadFileRange(temporary.path(), 0, 10, &read).message() ==
        "cannot read '" + temporary.path() + "'");
}

TEST_CASE("Both file systems write a file a part at a time") {
  testing::TemporaryFolder temporary;
  RealFileSystem real;
  MemoryFileSystem memory;
  for (FileSystem* fs : {static_cast<FileSystem*>(&real), static_cast<FileSystem*>(&memory)}) {
    const std::string path = JoinPath(temporary.path(), "new/folder/file");
    for (const std::string& first : {std::string("an earlier, longer file\n"), std::string()}) {
      if (!first.empty()) REQUIRE(fs->WriteFile(path, first).ok());
      std::unique_ptr<WritableFile> file;
      REQUIRE(fs->CreateFile(path, &file).ok());
      REQUIRE(file->Append("one, ").ok());
      REQUIRE(file->Append("").ok());
      REQUIRE(file->Append(std::string(70'000, 'x')).ok());
      REQUIRE(file->Close().ok());
      std::string read;
      REQUIRE(fs->ReadFile(path, &read).ok());
      CHECK(read == "one, " + std::string(70'000, 'x'));
    }
  }
  std::unique_ptr<WritableFile> file;
  CHECK(real.CreateFile(temporary.path(), &file)
            .message()
            .rfind("cannot write '" + temporary.path() + "': ", 0) == 0);
}

TEST_CASE("ReplaceFile writes a file whole, from its bytes or a part at a time") {
  testing::TemporaryFolder temporary;
  RealFileSystem real;
  MemoryFileSystem memory;
  for (FileSystem* fs : {static_cast<FileSystem*>(&real), static_cast<FileSystem*>(&memory)}) {
    const std::string path = JoinPath(temporary.path(), "memo");
    REQUIRE(ReplaceFile(*fs, path, "an earlier, longer file\n").ok());
    REQUIRE(ReplaceFile(*fs, path, [](ByteOut& out) {
              out.Append("one, ");
              out.Append(std::string(70'000, 'x'));
            }).ok());
    std::string read;
    REQUIRE(fs->ReadFile(path, &read).ok());
    CHECK(read == "one, " + std::string(70'000, 'x'));
    CHECK_FALSE(fs->Exists(path + ".new"));
  }
  // A folder in the way: nothing is replaced, and the failure is told.
  const std::string folder = JoinPath(temporary.path(), "folder");
  REQUIRE(real.WriteFile(JoinPath(folder, "kept"), "kept").ok());
  REQUIRE(real.WriteFile(folder + ".new/inside", "x").ok());
  CHECK_FALSE(ReplaceFile(real, folder, [](ByteOut& out) { out.Append("x"); }).ok());
  CHECK(real.IsDirectory(folder));
}

}  // namespace
}  // namespace annals
