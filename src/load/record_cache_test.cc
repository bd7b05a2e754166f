#include "load/record_cache.h"

#include <doctest/doctest.h>

#include "build.h"
#include "render/site.h"
#include "render/templates.h"
#include "test_support.h"
#include "util/digest.h"

namespace annals {
namespace {

constexpr char kFolder[] = "site.annals-records";

// The sample archive in memory, and record caches over it whose sums are the files'.
struct Sample {
  MemoryFileSystem fs;
  Sample() { testing::AddTree(fs, testing::SourcePath("content"), "content"); }

  RecordCache Cache(const std::string& identity = "annals test", bool read = true) {
    return RecordCache(
        fs, kFolder, identity,
        [this](const std::string& path) {
          std::string text;
          return fs.ReadFile(path, &text).ok() ? Sha256Hex(text) : std::string();
        },
        read);
  }

  // Check() with `cache`, which then finishes; the site it gives, when it has no errors.
  BuildResult Load(RecordCache& cache, std::map<std::string, std::string>* site = nullptr) {
    BuildResult result = Check(fs, "content", nullptr, &cache);
    if (site && result.diagnostics.empty()) {
      TemplateSet templates;
      REQUIRE(TemplateSet::Load(fs, "", &templates, result.diagnostics).ok());
      *site = RenderSite(result.archive, templates);
    }
    return result;
  }

  void Replace(const std::string& path, const std::string& old, const std::string& now) {
    std::string text;
    REQUIRE(fs.ReadFile(path, &text).ok());
    const size_t at = text.find(old);
    REQUIRE(at != std::string::npos);
    fs.Add(path, text.replace(at, old.size(), now));
  }

  size_t Packs() {
    std::vector<std::string> files;
    REQUIRE(fs.ListFiles(kFolder, &files).ok());
    return std::count_if(files.begin(), files.end(), [](const std::string& file) {
      return file.starts_with(std::string(kFolder) + "/pack-");
    });
  }
};

// Every file of the sample but archive.yaml, which is read every time.
size_t RecordFiles(MemoryFileSystem& fs) {
  std::vector<std::string> files;
  REQUIRE(fs.ListFiles("content", &files).ok());
  return files.size() - 1;
}

TEST_CASE(
    "a rebuild takes the records of every unchanged file from the cache, and gives the same site") {
  Sample sample;
  std::map<std::string, std::string> parsed, cached;
  RecordCache first = sample.Cache();
  REQUIRE(sample.Load(first, &parsed).diagnostics.empty());
  CHECK(first.read_count() == 0);
  CHECK(first.written_count() == RecordFiles(sample.fs));
  CHECK(sample.Packs() == 1);

  RecordCache second = sample.Cache();
  BuildResult again = sample.Load(second, &cached);
  REQUIRE(again.diagnostics.empty());
  CHECK(second.read_count() == RecordFiles(sample.fs));
  CHECK(again.records_reused == RecordFiles(sample.fs));
  CHECK(second.written_count() == 0);
  CHECK(cached == parsed);

  // An edited file is read again; the others still come from the cache.
  sample.Replace("content/meetings/plenary-14.yaml", "Johannesburg agenda is most pressing",
                 "Johannesburg agenda is the most pressing");
  RecordCache third = sample.Cache();
  std::map<std::string, std::string> edited;
  REQUIRE(sample.Load(third, &edited).diagnostics.empty());
  CHECK(third.read_count() == RecordFiles(sample.fs) - 1);
  CHECK(third.written_count() == 1);
  CHECK(edited.at("meetings/plenary-14/index.html")
            .find("Johannesburg agenda is the most pressing") != std::string::npos);
}

TEST_CASE("the records' Markdown texts stay in the pack, and read back as they were written") {
  Sample sample;
  const BuildResult held = Check(sample.fs, "content");  // no cache: every text in memory
  RecordCache first = sample.Cache();
  const BuildResult written = sample.Load(first);
  RecordCache second = sample.Cache();
  const BuildResult read = sample.Load(second);
  REQUIRE(second.read_count() == RecordFiles(sample.fs));
  for (const BuildResult* result : {&written, &read}) {
    REQUIRE(result->archive.questions.size() == held.archive.questions.size());
    REQUIRE(held.archive.questions.size() > 10);
    size_t stored = 0;
    for (size_t i = 0; i < held.archive.questions.size(); ++i) {
      const Markdown& text = held.archive.questions[i].text;
      const Markdown& kept = result->archive.questions[i].text;
      CAPTURE(held.archive.questions[i].id);
      CHECK(text.stored == nullptr);
      CHECK(kept.text.empty());
      CHECK(kept.Text() == text.text);
      CHECK(kept.empty() == text.empty());
      stored += kept.stored != nullptr;
    }
    CHECK(stored == held.archive.questions.size());
    CHECK(result->archive.stored_texts != nullptr);
  }
  CHECK(second.TextStatus().ok());
  std::map<std::string, std::string> site, site_held;
  sample.Load(second, &site);
  TemplateSet templates;
  DiagnosticSink sink;
  REQUIRE(TemplateSet::Load(sample.fs, "", &templates, sink).ok());
  site_held = RenderSite(held.archive, templates);
  CHECK(site == site_held);

  // A pack gone before its texts are read: they read as nothing, and the cache says why.
  sample.fs.RemoveTree(std::string(kFolder) + "/pack-1");
  for (const Question& question : read.archive.questions) CHECK(question.text.Text().empty());
  REQUIRE_FALSE(second.TextStatus().ok());
  CHECK(second.TextStatus().message() ==
        "cannot read a text the record cache keeps in 'site.annals-records/pack-1' (cannot read "
        "'site.annals-records/pack-1'); build again with --force");
}

// The sample's files, but the record cache's packs cannot be read once `fail` is set.
class PacksFail : public MemoryFileSystem {
 public:
  bool fail = false;
  Status OpenForReading(const std::string& path, std::unique_ptr<ReadableFile>* file) override {
    if (fail && path.find("/pack-") != std::string::npos)
      return Status::IoError("cannot read '" + path + "'");
    return MemoryFileSystem::OpenForReading(path, file);
  }
};

TEST_CASE("a build whose kept texts cannot be read fails, and leaves the site as it was") {
  PacksFail fs;
  testing::AddTree(fs, testing::SourcePath("content"), "content");
  BuildOptions options;
  options.identity = "annals test";
  REQUIRE(Build(fs, "content", "site", options).ExitCode() == 0);
  std::map<std::string, std::string> before = fs.files();
  std::string text;
  REQUIRE(fs.ReadFile("content/meetings/plenary-14.yaml", &text).ok());
  fs.Add("content/meetings/plenary-14.yaml", text + "\n# edited\n");
  fs.fail = true;
  BuildResult failed = Build(fs, "content", "site", options);
  CHECK(failed.outcome == BuildResult::Outcome::kIoError);
  INFO(failed.io_error);
  // The first text that could not be read: in the pack of the first build or the edit's.
  CHECK(failed.io_error.starts_with(
      "cannot read a text the record cache keeps in 'site.annals-records/pack-"));
  CHECK(failed.io_error.ends_with("); build again with --force"));
  for (const auto& [path, bytes] : before)
    if (path.starts_with("site/")) {
      CAPTURE(path);
      std::string now;
      REQUIRE(fs.ReadFile(path, &now).ok());
      CHECK(now == bytes);
    }
  // Once they can be read, the build goes through.
  fs.fail = false;
  CHECK(Build(fs, "content", "site", options).ExitCode() == 0);
}

TEST_CASE("with --force no entry is read, and entries are still written") {
  Sample sample;
  RecordCache forced = sample.Cache("annals test", /*read=*/false);
  REQUIRE(sample.Load(forced).diagnostics.empty());
  RecordCache again = sample.Cache("annals test", /*read=*/false);
  REQUIRE(sample.Load(again).diagnostics.empty());
  CHECK(again.read_count() == 0);
  CHECK(again.written_count() == 0);  // the entries are in the index already
  RecordCache reading = sample.Cache();
  REQUIRE(sample.Load(reading).diagnostics.empty());
  CHECK(reading.read_count() == RecordFiles(sample.fs));
}

TEST_CASE("an entry whose bytes changed is not used: its file is read again") {
  Sample sample;
  std::map<std::string, std::string> parsed, rebuilt;
  RecordCache first = sample.Cache();
  REQUIRE(sample.Load(first, &parsed).diagnostics.empty());
  std::string pack;
  REQUIRE(sample.fs.ReadFile(std::string(kFolder) + "/pack-1", &pack).ok());
  pack[pack.size() / 2] ^= 0x20;
  sample.fs.Add(std::string(kFolder) + "/pack-1", pack);
  RecordCache second = sample.Cache();
  REQUIRE(sample.Load(second, &rebuilt).diagnostics.empty());
  CHECK(second.read_count() == RecordFiles(sample.fs) - 1);
  CHECK(second.written_count() == 1);  // the damaged entry, made anew
  CHECK(rebuilt == parsed);
  RecordCache repaired = sample.Cache();
  REQUIRE(sample.Load(repaired, &rebuilt).diagnostics.empty());
  CHECK(repaired.read_count() == RecordFiles(sample.fs));
  CHECK(rebuilt == parsed);

  // A damaged index is not trusted past the damage, and nothing wrong is read.
  std::string index;
  REQUIRE(sample.fs.ReadFile(std::string(kFolder) + "/index", &index).ok());
  sample.fs.Add(std::string(kFolder) + "/index", index.substr(0, index.size() / 2) + "x\n");
  RecordCache third = sample.Cache();
  REQUIRE(sample.Load(third, &rebuilt).diagnostics.empty());
  CHECK(third.read_count() < RecordFiles(sample.fs) - 1);
  CHECK(rebuilt == parsed);
}

TEST_CASE("a file with a mistake gets no entry: its mistake is reported on every build") {
  Sample sample;
  sample.Replace("content/meetings/plenary-14.yaml", "presenters: [patrick-jones,",
                 "presenters: [patrick-jonez,");
  RecordCache first = sample.Cache();
  BuildResult parsed = sample.Load(first);
  REQUIRE_FALSE(parsed.diagnostics.empty());
  CHECK(first.written_count() == RecordFiles(sample.fs));  // an unknown id is found later

  // An unresolved reference is the resolver's mistake: the records are sound, and come
  // from the cache with their places, so the message is the same.
  RecordCache second = sample.Cache();
  BuildResult cached = sample.Load(second);
  CHECK(second.read_count() == RecordFiles(sample.fs));
  CHECK(cached.diagnostics.Format() == parsed.diagnostics.Format());
  CHECK(cached.diagnostics.Format().find("content/meetings/plenary-14.yaml:") != std::string::npos);

  // A mistake the loader finds: the file has no entry, and is read every time.
  sample.Replace("content/meetings/plenary-14.yaml", "id: plenary-14", "id: plenary-14\nid: twice");
  RecordCache third = sample.Cache();
  BuildResult broken = sample.Load(third);
  REQUIRE_FALSE(broken.diagnostics.empty());
  CHECK(third.written_count() == 0);
  RecordCache fourth = sample.Cache();
  BuildResult again = sample.Load(fourth);
  CHECK(fourth.read_count() == RecordFiles(sample.fs) - 1);
  CHECK(again.diagnostics.Format() == broken.diagnostics.Format());
}

TEST_CASE("pruning drops the entries a build did not use and keeps the packs few") {
  Sample sample;
  {
    RecordCache first = sample.Cache();
    REQUIRE(sample.Load(first).diagnostics.empty());
    first.Prune();
  }
  // Twelve edits, each a build with its own small pack.
  for (int edit = 0; edit < 12; ++edit) {
    sample.Replace("content/meetings/plenary-14.yaml", "Johannesburg agenda",
                   "Johannesburg agenda " + std::to_string(edit));
    RecordCache cache = sample.Cache();
    REQUIRE(sample.Load(cache).diagnostics.empty());
    CHECK(cache.read_count() == RecordFiles(sample.fs) - 1);
    CHECK(cache.written_count() == 1);
    cache.Prune();
    CHECK(sample.Packs() <= 9);
  }
  std::string index;
  REQUIRE(sample.fs.ReadFile(std::string(kFolder) + "/index", &index).ok());
  CHECK(std::count(index.begin(), index.end(), '\n') ==
        1 + static_cast<long>(RecordFiles(sample.fs)));

  // Another annals: no entry is of use, and its pruning leaves only its own pack.
  RecordCache other = sample.Cache("another annals");
  REQUIRE(sample.Load(other).diagnostics.empty());
  CHECK(other.read_count() == 0);
  other.Prune();
  CHECK(sample.Packs() == 1);
  RecordCache last = sample.Cache("another annals");
  REQUIRE(sample.Load(last).diagnostics.empty());
  CHECK(last.read_count() == RecordFiles(sample.fs));
}

}  // namespace
}  // namespace annals
