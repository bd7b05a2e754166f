#include "build_cache.h"

#include <doctest/doctest.h>

#include <atomic>
#include <limits>
#include <map>
#include <string>

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
  CHECK(text.rfind("annals build cache 3\nkey " + cache.key + "\nstamps ", 0) == 0);
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
    ++whole[path];
    return MemoryFileSystem::ReadFile(path, contents);
  }
  Status ReadFileStart(const std::string& path, size_t max_bytes, std::string* contents) override {
    ++starts[path];
    if (Status s = MemoryFileSystem::ReadFile(path, contents); !s.ok()) return s;
    if (contents->size() > max_bytes) contents->resize(max_bytes);
    return Status::Ok();
  }
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
}

TEST_CASE("BuildCache is written beside the output folder") {
  CHECK(CachePath("site") == "site.annals-cache");
  CHECK(CachePath("out/site/") == "out/site.annals-cache");
}

}  // namespace
}  // namespace annals
