#include "build_cache.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <atomic>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <string>

#include "test_support.h"
#include "util/file_system.h"

namespace annals {
namespace {

// The inputs were stamped long after they last changed: every stamp is trusted.
constexpr long long kNow = std::numeric_limits<long long>::max();

MemoryFileSystem Inputs() {
  MemoryFileSystem fs;
  fs.Add("content/archive.yaml", "title: T\n");
  fs.Add("content/meetings/m.yaml", "id: m\n");
  return fs;
}

TEST_CASE("BuildCache keeps what it was given across a save and a load") {
  MemoryFileSystem fs = Inputs();
  BuildCache cache;
  REQUIRE(SumInputs(fs, {"content"}, "annals 1", kNow, BuildCache(), &cache).ok());
  cache.manifest = {10, 20, 30, 40};
  REQUIRE(cache.Save(fs, "site.annals-cache").ok());
  CHECK_FALSE(fs.Exists("site.annals-cache.new"));
  BuildCache loaded = BuildCache::Load(fs, "site.annals-cache");
  CHECK(loaded.key == cache.key);
  CHECK(loaded.manifest == cache.manifest);
  CHECK(loaded.key.size() == 64);
}

TEST_CASE("BuildCache's key changes with any input, the identity included, and only then") {
  MemoryFileSystem fs = Inputs();
  BuildCache first, again, edited, renamed, other_annals;
  REQUIRE(SumInputs(fs, {"content"}, "annals 1", kNow, BuildCache(), &first).ok());
  REQUIRE(SumInputs(fs, {"content"}, "annals 1", kNow, first, &again).ok());
  CHECK(again.key == first.key);
  REQUIRE(SumInputs(fs, {"content"}, "annals 2", kNow, first, &other_annals).ok());
  CHECK(other_annals.key != first.key);
  fs.Add("content/meetings/m.yaml", "id: n\n");
  REQUIRE(SumInputs(fs, {"content"}, "annals 1", kNow, first, &edited).ok());
  CHECK(edited.key != first.key);
  fs.RemoveTree("content/meetings/m.yaml");
  fs.Add("content/meetings/n.yaml", "id: n\n");
  REQUIRE(SumInputs(fs, {"content"}, "annals 1", kNow, edited, &renamed).ok());
  CHECK(renamed.key != edited.key);
}

// Counts the files read.
class CountingFileSystem : public MemoryFileSystem {
 public:
  Status ReadFile(const std::string& path, std::string* contents) override {
    ++reads;
    return MemoryFileSystem::ReadFile(path, contents);
  }
  std::atomic<int> reads = 0;  // files are read on several threads
};

TEST_CASE("SumInputs reads no file when no stamp has changed, and only changed files else") {
  CountingFileSystem fs;
  fs.Add("content/archive.yaml", "title: T\n");
  fs.Add("content/meetings/m.yaml", "id: m\n");
  BuildCache first, again, edited;
  REQUIRE(SumInputs(fs, {"content"}, "annals 1", kNow, BuildCache(), &first).ok());
  CHECK(fs.reads == 2);
  CHECK(first.stamps.size() == 64);
  CHECK(first.inputs().size() == 2);
  REQUIRE(SumInputs(fs, {"content"}, "annals 1", kNow, first, &again).ok());
  CHECK(fs.reads == 2);
  CHECK(again.key == first.key);
  CHECK(again.stamps == first.stamps);
  CHECK(again.inputs().size() == 2);
  fs.Add("content/meetings/m.yaml", "id: n\n");
  REQUIRE(SumInputs(fs, {"content"}, "annals 1", kNow, again, &edited).ok());
  CHECK(fs.reads == 3);
  CHECK(edited.stamps != first.stamps);
  CHECK(edited.key != first.key);
}

TEST_CASE("BuildCache keeps its per-file sums across a save and a load") {
  MemoryFileSystem fs = Inputs();
  BuildCache cache;
  REQUIRE(SumInputs(fs, {"content"}, "annals 1", kNow, BuildCache(), &cache).ok());
  REQUIRE(cache.Save(fs, "site.annals-cache").ok());
  std::string text;
  REQUIRE(fs.ReadFile("site.annals-cache", &text).ok());
  CHECK(text.rfind("annals build cache 4\nkey " + cache.key + "\nstamps ", 0) == 0);
  CHECK(text.find("content/meetings/m.yaml\n") != std::string::npos);
  BuildCache loaded = BuildCache::Load(fs, "site.annals-cache");
  CHECK(loaded.key == cache.key);
  CHECK(loaded.stamps == cache.stamps);
  CHECK(loaded.inputs().size() == 2);
  for (const auto& [path, sum] : loaded.inputs()) {
    REQUIRE(cache.inputs().count(path) == 1);
    CHECK(cache.inputs().at(path).sha256 == sum.sha256);
    CHECK(cache.inputs().at(path).stamp == sum.stamp);
  }
}

// Counts the files read whole and the files read only in part.
class PartCountingFileSystem : public MemoryFileSystem {
 public:
  Status ReadFile(const std::string& path, std::string* contents) override {
    {
      std::lock_guard<std::mutex> lock(mutex);  // inputs are read on several threads
      ++whole[path];
    }
    return MemoryFileSystem::ReadFile(path, contents);
  }
  Status ReadFileRange(const std::string& path, long long offset, size_t max_bytes,
                       std::string* contents) override {
    {
      std::lock_guard<std::mutex> lock(mutex);
      ++starts[path];
    }
    if (Status s = MemoryFileSystem::ReadFile(path, contents); !s.ok()) return s;
    *contents = contents->substr(static_cast<size_t>(offset), max_bytes);
    return Status::Ok();
  }
  std::mutex mutex;
  std::map<std::string, int> whole, starts;
};

TEST_CASE("A loaded BuildCache reads its table of sums only when it is needed") {
  PartCountingFileSystem fs;
  fs.Add("content/archive.yaml", "title: T\n");
  // Enough inputs that the table is longer than the header.
  for (int i = 0; i < 100; ++i) fs.Add("content/meetings/m" + std::to_string(i) + ".yaml", "id\n");
  BuildCache first;
  REQUIRE(SumInputs(fs, {"content"}, "annals 1", kNow, BuildCache(), &first).ok());
  REQUIRE(first.Save(fs, "site.annals-cache").ok());
  std::string saved;
  REQUIRE(fs.ReadFile("site.annals-cache", &saved).ok());
  REQUIRE(saved.size() > 8192);
  fs.whole.clear();

  BuildCache loaded = BuildCache::Load(fs, "site.annals-cache");
  BuildCache again;
  REQUIRE(SumInputs(fs, {"content"}, "annals 1", kNow, loaded, &again).ok());
  CHECK(again.key == first.key);
  CHECK(fs.starts["site.annals-cache"] == 1);
  CHECK(fs.whole.empty());  // neither the cache's table nor any input

  // Saved again, the table is read once, and written as it was.
  REQUIRE(again.Save(fs, "site.annals-cache").ok());
  CHECK(fs.whole["site.annals-cache"] == 1);
  std::string resaved;
  REQUIRE(fs.ReadFile("site.annals-cache", &resaved).ok());
  CHECK(resaved == saved);

  // A cache replaced since its header was read lends no sums: every input is read.
  BuildCache stale = BuildCache::Load(fs, "site.annals-cache");
  fs.Add("site.annals-cache", "annals build cache 3\nkey x\n");
  fs.Add("content/archive.yaml", "title: U\n");  // a changed stamp: the sums are looked at
  fs.whole.clear();
  BuildCache edited;
  REQUIRE(SumInputs(fs, {"content"}, "annals 1", kNow, stale, &edited).ok());
  CHECK(fs.whole.size() == 102);  // the cache and all 101 inputs
  CHECK(edited.inputs().size() == 101);
}

// Counts the folders listed.
template <typename Base>
class ListCountingFileSystem : public Base {
 public:
  Status ListStampedFiles(const std::string& dir, std::vector<StampedFile>* files,
                          std::vector<StampedFile>* folders = nullptr) override {
    ++lists;
    return Base::ListStampedFiles(dir, files, folders);
  }
  int lists = 0;
};

TEST_CASE("SumInputs reads no folder again while no folder's stamp has changed") {
  ListCountingFileSystem<MemoryFileSystem> fs;
  fs.Add("content/archive.yaml", "title: T\n");
  fs.Add("content/meetings/m.yaml", "id: m\n");
  fs.Add("content/meetings/2017/old.yaml", "id: old\n");
  fs.Add("content/people/.drafts/p.yaml", "id: p\n");
  fs.Add("templates/layout.html", "<html>\n");
  const std::vector<std::string> roots = {"content", "templates"};
  BuildCache first, again;
  REQUIRE(SumInputs(fs, roots, "annals 1", kNow, BuildCache(), &first).ok());
  CHECK(fs.lists == 2);
  REQUIRE(SumInputs(fs, roots, "annals 1", kNow, first, &again).ok());
  CHECK(fs.lists == 2);
  CHECK(again.key == first.key);
  CHECK(again.stamps == first.stamps);
  // Kept across a save and a load.
  REQUIRE(again.Save(fs, "site.annals-cache").ok());
  BuildCache loaded = BuildCache::Load(fs, "site.annals-cache"), after_load;
  REQUIRE(SumInputs(fs, roots, "annals 1", kNow, loaded, &after_load).ok());
  CHECK(fs.lists == 2);
  CHECK(after_load.key == first.key);

  // Each change of names is seen, in any folder, and the folders are read again.
  struct Change {
    const char* what;
    std::function<void(MemoryFileSystem&)> make;
    bool same_inputs;
  };
  const std::vector<Change> changes = {
      {"a file added", [](MemoryFileSystem& m) { m.Add("content/meetings/n.yaml", "id: n\n"); },
       false},
      {"a file added in a folder below",
       [](MemoryFileSystem& m) { m.Add("content/meetings/2017/new.yaml", "id: new\n"); }, false},
      {"a file added in a new folder",
       [](MemoryFileSystem& m) { m.Add("content/minutes/x.yaml", "id: x\n"); }, false},
      {"a file added where only hidden ones were",
       [](MemoryFileSystem& m) { m.Add("content/people/p.yaml", "id: p\n"); }, false},
      {"a file removed", [](MemoryFileSystem& m) { m.RemoveTree("content/meetings/m.yaml"); },
       false},
      {"a file renamed",
       [](MemoryFileSystem& m) {
         REQUIRE(m.Rename("content/meetings/m.yaml", "content/meetings/n.yaml").ok());
       },
       false},
      {"a template added", [](MemoryFileSystem& m) { m.Add("templates/page.html", "<p>\n"); },
       false},
      {"a hidden file added",
       [](MemoryFileSystem& m) { m.Add("content/meetings/.draft.yaml", "id: d\n"); }, true},
  };
  for (const Change& change : changes) {
    CAPTURE(change.what);
    ListCountingFileSystem<MemoryFileSystem> changed;
    for (const auto& [path, bytes] : fs.files()) changed.Add(path, bytes);
    change.make(changed);
    BuildCache next;
    REQUIRE(SumInputs(changed, roots, "annals 1", kNow, first, &next).ok());
    CHECK(changed.lists == 2);
    CHECK((next.key == first.key) == change.same_inputs);
    // The new listing serves the next build.
    BuildCache settled;
    REQUIRE(SumInputs(changed, roots, "annals 1", kNow, next, &settled).ok());
    CHECK(changed.lists == 2);
    CHECK(settled.key == next.key);
  }

  // A file written again in place changes no folder: it is seen by its own stamp.
  fs.Add("content/meetings/m.yaml", "id: m2\n");
  BuildCache edited;
  REQUIRE(SumInputs(fs, roots, "annals 1", kNow, first, &edited).ok());
  CHECK(fs.lists == 2);
  CHECK(edited.key != first.key);
  // Other folders to sum up: read.
  BuildCache other_roots;
  REQUIRE(SumInputs(fs, {"content"}, "annals 1", kNow, first, &other_roots).ok());
  CHECK(fs.lists == 3);
}

TEST_CASE("SumInputs reads the folders again when the last listing is too new to trust") {
  ListCountingFileSystem<MemoryFileSystem> fs;
  fs.Add("content/meetings/m.yaml", "id: m\n");
  const long long changed = fs.Stamp("content/meetings/m.yaml").modified_ns;
  REQUIRE(changed < kNow - 4'000'000'000);
  for (long long after : {1'000'000'000LL, 3'000'000'000LL}) {
    CAPTURE(after);
    fs.lists = 0;
    BuildCache first, again;
    REQUIRE(SumInputs(fs, {"content"}, "annals 1", changed + after, BuildCache(), &first).ok());
    REQUIRE(SumInputs(fs, {"content"}, "annals 1", changed + after + 1, first, &again).ok());
    CHECK(fs.lists == (after > 2'000'000'000 ? 1 : 2));
    CHECK(again.key == first.key);
  }
}

TEST_CASE("SumInputs sees a file added to a real folder without reading the others") {
  testing::TemporaryFolder temporary;
  REQUIRE_FALSE(temporary.path().empty());
  ListCountingFileSystem<RealFileSystem> fs;
  const std::string content = JoinPath(temporary.path(), "content");
  for (const char* name : {"archive.yaml", "meetings/m.yaml", "meetings/2017/old.yaml"})
    REQUIRE(fs.WriteFile(JoinPath(content, name), name).ok());
  // Stamped well after every change so far, and after each folder's times are set long
  // past, so that every change moves its folder's times whatever the clock's ticks.
  const long long later = fs.Touch(JoinPath(content, "archive.yaml")) + 10'000'000'000LL;
  const timespec long_ago[2] = {{946684800, 0}, {946684800, 0}};
  auto age = [&] {
    for (const char* folder : {"", "meetings", "meetings/2017"})
      REQUIRE(utimensat(AT_FDCWD, JoinPath(content, folder).c_str(), long_ago, 0) == 0);
  };
  age();
  BuildCache first, again, added, removed;
  REQUIRE(SumInputs(fs, {content}, "annals 1", later, BuildCache(), &first).ok());
  REQUIRE(SumInputs(fs, {content}, "annals 1", later, first, &again).ok());
  CHECK(fs.lists == 1);
  CHECK(again.key == first.key);
  REQUIRE(fs.WriteFile(JoinPath(content, "meetings/2017/new.yaml"), "new").ok());
  REQUIRE(SumInputs(fs, {content}, "annals 1", later, again, &added).ok());
  CHECK(fs.lists == 2);
  CHECK(added.key != first.key);
  age();
  REQUIRE(fs.RemoveTree(JoinPath(content, "meetings/2017/new.yaml")).ok());
  REQUIRE(SumInputs(fs, {content}, "annals 1", later, added, &removed).ok());
  CHECK(fs.lists == 3);
  CHECK(removed.key == first.key);
}

TEST_CASE("BuildCache does not trust a stamp less than 2 s older than the stamping") {
  // A file changed in the same tick of the clock as it was stamped may keep its stamp
  // through a second change: its sum, and the sum over all stamps, are not trusted.
  MemoryFileSystem fs = Inputs();
  const long long changed = fs.Stamp("content/meetings/m.yaml").modified_ns;
  REQUIRE(changed < kNow - 4'000'000'000);  // the memory file system's stamps are hashes
  for (long long after : {1'000'000'000LL, 3'000'000'000LL}) {
    CAPTURE(after);
    BuildCache cache;
    REQUIRE(SumInputs(fs, {"content"}, "annals 1", changed + after, BuildCache(), &cache).ok());
    REQUIRE(cache.Save(fs, "site.annals-cache").ok());
    BuildCache loaded = BuildCache::Load(fs, "site.annals-cache");
    CHECK(loaded.key == cache.key);
    const bool trusted = after > 2'000'000'000;
    CHECK(loaded.stamps == (trusted ? cache.stamps : ""));
    CHECK(loaded.inputs().count("content/meetings/m.yaml") == (trusted ? 1 : 0));
  }
}

TEST_CASE("BuildCache knows nothing from a missing or foreign file") {
  MemoryFileSystem fs;
  CHECK(BuildCache::Load(fs, "site.annals-cache").key.empty());
  fs.Add("site.annals-cache", "something else\nkey 123\n");
  CHECK(BuildCache::Load(fs, "site.annals-cache").key.empty());
  // A listing longer than the file: cut short.
  const std::string header =
      "annals build cache 4\nkey k\nstamps s\nstamped 10\nnewest 5\nmanifest 1 2 3 4\n";
  fs.Add("site.annals-cache", header + "listing 999999999999\nroot content\n");
  CHECK(BuildCache::Load(fs, "site.annals-cache").key.empty());
  testing::TemporaryFolder temporary;
  RealFileSystem real;
  const std::string path = JoinPath(temporary.path(), "site.annals-cache");
  REQUIRE(real.WriteFile(path, header + "listing 999999999999\nroot content\n").ok());
  CHECK(BuildCache::Load(real, path).key.empty());
  REQUIRE(real.WriteFile(path, header + "listing 13\nroot content\n").ok());
  CHECK(BuildCache::Load(real, path).key == "k");
}

TEST_CASE("BuildCache is written beside the output folder") {
  CHECK(CachePath("site") == "site.annals-cache");
  CHECK(CachePath("out/site/") == "out/site.annals-cache");
}

}  // namespace
}  // namespace annals
