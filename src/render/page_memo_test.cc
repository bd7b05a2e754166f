#include "render/page_memo.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <string>

#include "build.h"
#include "render/pages.h"
#include "util/byte_out.h"
#include "util/file_system.h"
#include "util/parallel.h"

namespace annals {
namespace {

const char kAttendance[] =
    "attendance:\n  members: [ann]\n  observers: []\n  staff: []\n  guests: []\n"
    "  apologies: []\n";

// The file of plenary meeting `number`, held on `date`, with `rest` after its agenda.
std::string Plenary(int number, const std::string& date, const std::string& rest = "") {
  const std::string n = std::to_string(number);
  return "id: plenary-" + n + "\nkind: plenary\nnumber: " + n + "\ntitle: Plenary " + n +
         "\ndate: " + date + "\ntime: not recorded\n" + kAttendance + "agenda: []\n" + rest;
}

// An archive of one person, two meetings and a briefing with one question.
MemoryFileSystem Sources() {
  MemoryFileSystem fs;
  fs.Add("content/archive.yaml",
         "title: Test Archive\nreview: Test Review\ndescription: An archive for tests.\n"
         "publisher: not recorded\nlanguage: en\ntime_zone: UTC\nas_of: 2018-01-01\n");
  fs.Add("content/people/people.yaml",
         "- id: ann\n  name: Ann Lee\n  kind: person\n  role: member\n");
  fs.Add("content/meetings/plenary-1.yaml",
         Plenary(1, "2017-06-06", "notes: The first meeting.\n"));
  fs.Add("content/meetings/plenary-2.yaml",
         Plenary(2, "2017-07-06", "notes: After [[meeting:plenary-1]].\n"));
  fs.Add("content/briefings/b1.yaml",
         "id: b1\ntitle: A briefing\narea: Operations\nto: [ann]\nmeeting: plenary-1\n"
         "questions:\n  - number: \"1\"\n    asker: ann\n    text: What was done?\n");
  return fs;
}

Archive Load(MemoryFileSystem& fs) {
  BuildResult result = Check(fs, "content");
  INFO(result.diagnostics.Format());
  REQUIRE(result.ExitCode() == 0);
  return std::move(result.archive);
}

int IndexOf(const Archive& a, Kind kind, const std::string& id) {
  for (int i = 0; i < 100; ++i)
    if (a.IdOf({kind, i}) == id) return i;
  FAIL("no record '", id, "'");
  return -1;
}

Digest DigestOf(const ArchiveDigests& digests, Kind kind, ReadLevel level, int index = -1) {
  const Digest* digest = digests.Of({kind, level, index});
  REQUIRE(digest != nullptr);
  return *digest;
}

TEST_CASE("A meeting's page reads its meeting whole, and only the links of the people shown") {
  MemoryFileSystem fs = Sources();
  const Archive a = Load(fs);
  const std::vector<PagePlan> plans = PlanPages(a);
  auto plan = std::find_if(plans.begin(), plans.end(),
                           [](const PagePlan& p) { return p.path == "meetings/plenary-2/"; });
  REQUIRE(plan != plans.end());
  ReadLog log;
  {
    ReadLog::Scope scope(&log);
    plan->build();
  }
  const std::vector<Read> reads = log.Take();
  auto has = [&](Read read) { return std::count(reads.begin(), reads.end(), read) == 1; };
  const int p1 = IndexOf(a, Kind::kMeeting, "plenary-1"),
            p2 = IndexOf(a, Kind::kMeeting, "plenary-2");
  const int ann = IndexOf(a, Kind::kPerson, "ann");
  CHECK(has({Kind::kMeeting, ReadLevel::kWhole, p2}));
  CHECK(has({Kind::kMeeting, ReadLevel::kLink, p1}));  // the notes' reference
  CHECK(has({Kind::kPerson, ReadLevel::kLink, ann}));  // attendance
  CHECK_FALSE(has({Kind::kPerson, ReadLevel::kWhole, ann}));
  CHECK_FALSE(has({Kind::kQuestion, ReadLevel::kAll, -1}));
}

TEST_CASE("ArchiveDigests change with what each read can see, and only then") {
  MemoryFileSystem fs = Sources();
  const Archive before = Load(fs);
  const ArchiveDigests old_digests(before, Digest{});
  const int p1 = IndexOf(before, Kind::kMeeting, "plenary-1");
  const int ann = IndexOf(before, Kind::kPerson, "ann");
  auto same = [&](const ArchiveDigests& now, Kind kind, ReadLevel level, int index = -1) {
    return DigestOf(now, kind, level, index) == DigestOf(old_digests, kind, level, index);
  };

  SUBCASE("a meeting's notes: the meeting, not its link, nor the people") {
    fs.Add("content/meetings/plenary-1.yaml",
           Plenary(1, "2017-06-06", "notes: The first meeting, edited.\n"));
    const Archive after = Load(fs);
    const ArchiveDigests now(after, Digest{});
    CHECK_FALSE(same(now, Kind::kMeeting, ReadLevel::kWhole, p1));
    CHECK_FALSE(same(now, Kind::kMeeting, ReadLevel::kAll));
    CHECK(same(now, Kind::kMeeting, ReadLevel::kLink, p1));
    CHECK(same(now, Kind::kMeeting, ReadLevel::kList));
    CHECK(same(now, Kind::kPerson, ReadLevel::kWhole, ann));
    CHECK(same(now, Kind::kPerson, ReadLevel::kLink, ann));
    CHECK(now.context() == old_digests.context());
  }
  SUBCASE("a person's name: the person's link; and what attended resolves the same") {
    fs.Add("content/people/people.yaml",
           "- id: ann\n  name: Ann B. Lee\n  kind: person\n  role: member\n");
    const ArchiveDigests now(Load(fs), Digest{});
    CHECK_FALSE(same(now, Kind::kPerson, ReadLevel::kLink, ann));
    CHECK_FALSE(same(now, Kind::kPerson, ReadLevel::kWhole, ann));
    CHECK(same(now, Kind::kMeeting, ReadLevel::kWhole, p1));
  }
  SUBCASE("a new meeting: the list, and the meeting it follows (its next)") {
    fs.Add("content/meetings/plenary-3.yaml", Plenary(3, "2017-08-06"));
    const ArchiveDigests now(Load(fs), Digest{});
    CHECK_FALSE(same(now, Kind::kMeeting, ReadLevel::kList));
    CHECK_FALSE(
        same(now, Kind::kMeeting, ReadLevel::kWhole, IndexOf(before, Kind::kMeeting, "plenary-2")));
    CHECK_FALSE(same(now, Kind::kPerson, ReadLevel::kWhole, ann));  // attended one more
    CHECK(same(now, Kind::kMeeting, ReadLevel::kWhole, p1));
  }
  SUBCASE("the archive's settings: the context") {
    fs.Add("content/archive.yaml",
           "title: Test Archive\nreview: Test Review\ndescription: An archive for tests.\n"
           "publisher: not recorded\nlanguage: en\ntime_zone: UTC\nas_of: 2019-01-01\n");
    const ArchiveDigests now(Load(fs), Digest{});
    CHECK(now.context() != old_digests.context());
  }
  SUBCASE("the context given") {
    Digest other{};
    other[0] = 1;
    CHECK(ArchiveDigests(before, other).context() != old_digests.context());
  }
  CHECK(old_digests.Of({Kind::kMeeting, ReadLevel::kWhole, 99}) == nullptr);
}

TEST_CASE("PageMemo keeps its files across Serialize and Parse, renumbered for the archive") {
  MemoryFileSystem fs = Sources();
  const Archive before = Load(fs);
  const int p1 = IndexOf(before, Kind::kMeeting, "plenary-1");
  PageMemo memo;
  memo.manifest_sum = std::string(64, 'a');
  MemoEntry entry;
  entry.key[0] = 7;
  entry.size = 1234;
  entry.sum = std::string(64, 'b');
  entry.reads = {{Kind::kPerson, ReadLevel::kLink, IndexOf(before, Kind::kPerson, "ann")},
                 {Kind::kMeeting, ReadLevel::kWhole, p1},
                 {Kind::kMeeting, ReadLevel::kList, -1},
                 {Kind::kQuestion, ReadLevel::kAll, -1}};
  memo.files["meetings/plenary-1/index.html"] = entry;
  memo.files["404.html"] = MemoEntry{};
  MemoEntry pieced;
  pieced.reads = {{Kind::kMeeting, ReadLevel::kLink, p1}};
  pieced.pieces = {
      {"meeting:plenary-1", 0, 10, {{Kind::kMeeting, ReadLevel::kWhole, p1}}},
      {"meeting:plenary-2",
       10,
       20,
       {{Kind::kMeeting, ReadLevel::kWhole, IndexOf(before, Kind::kMeeting, "plenary-2")}}}};
  memo.files["archive.json"] = pieced;
  const ArchiveDigests digests(before, Digest{});
  const std::string text = memo.Serialize(before, digests);

  PageMemo same = PageMemo::Parse(text, before, digests);
  CHECK(same.manifest_sum == memo.manifest_sum);
  REQUIRE(same.files.size() == 3);
  CHECK(same.files.at("archive.json").pieces.size() == 2);
  CHECK(same.files.at("archive.json").pieces[1].offset == 10);
  CHECK(same.files.at("archive.json").pieces[1].length == 20);
  CHECK(same.files.at("archive.json").pieces[1].name == "meeting:plenary-2");
  CHECK_FALSE(same.files.at("archive.json").stale);
  const MemoEntry& read = same.files.at("meetings/plenary-1/index.html");
  CHECK(read.key == entry.key);
  CHECK(read.size == 1234);
  CHECK(read.sum == entry.sum);
  CHECK(read.reads == entry.reads);
  CHECK(same.files.at("404.html").reads.empty());

  SUBCASE("records numbered anew") {
    fs.Add("content/meetings/a-first.yaml",
           std::string("id: a-first\nkind: other\ntitle: First\ndate: 2016-01-01\n"
                       "time: not recorded\n") +
               kAttendance + "agenda: []\n");
    const Archive after = Load(fs);
    const PageMemo renumbered = PageMemo::Parse(text, after, ArchiveDigests(after, Digest{}));
    REQUIRE(renumbered.files.count("meetings/plenary-1/index.html") == 1);
    const std::vector<Read>& reads = renumbered.files.at("meetings/plenary-1/index.html").reads;
    REQUIRE(reads.size() == 4);
    CHECK(reads[1] ==
          Read{Kind::kMeeting, ReadLevel::kWhole, IndexOf(after, Kind::kMeeting, "plenary-1")});
    CHECK(reads[1].index != p1);
  }
  SUBCASE("which reads still see what they saw, told from the digests the memo keeps") {
    CHECK(same.ReadsUnchanged(entry.reads));
    CHECK(same.Unchanged(same.files.at("meetings/plenary-1/index.html"), {}));
    fs.Add("content/meetings/plenary-1.yaml",
           Plenary(1, "2017-06-06", "notes: The first meeting, edited.\n"));
    const Archive after = Load(fs);
    const PageMemo edited = PageMemo::Parse(text, after, ArchiveDigests(after, Digest{}));
    const int now_p1 = IndexOf(after, Kind::kMeeting, "plenary-1");
    const int now_ann = IndexOf(after, Kind::kPerson, "ann");
    CHECK_FALSE(edited.ReadsUnchanged({{Kind::kMeeting, ReadLevel::kWhole, now_p1}}));
    CHECK_FALSE(edited.ReadsUnchanged({{Kind::kMeeting, ReadLevel::kAll, -1}}));
    CHECK(edited.ReadsUnchanged({{Kind::kMeeting, ReadLevel::kLink, now_p1},
                                 {Kind::kMeeting, ReadLevel::kList, -1},
                                 {Kind::kPerson, ReadLevel::kWhole, now_ann}}));
    CHECK_FALSE(edited.ReadsUnchanged({{Kind::kPerson, ReadLevel::kWhole, 99}}));
    CHECK_FALSE(edited.Unchanged(edited.files.at("meetings/plenary-1/index.html"), {}));
    CHECK(edited.Unchanged(edited.files.at("404.html"), {}));
    CHECK_FALSE(edited.Unchanged(edited.files.at("404.html"), {1, 0}));  // a piece changed
    // Another context (another annals, other templates): no read sees what it saw.
    Digest other{};
    other[0] = 1;
    CHECK_FALSE(PageMemo::Parse(text, before, ArchiveDigests(before, other)).ReadsUnchanged({}));
    CHECK_FALSE(PageMemo().ReadsUnchanged({}));
  }
  SUBCASE("a record gone: the files that read it are left out") {
    fs.RemoveTree("content/meetings/plenary-1.yaml");
    fs.Add("content/briefings/b1.yaml",
           "id: b1\ntitle: A briefing\narea: Operations\nto: [ann]\nmeeting: not recorded\n"
           "questions:\n  - number: \"1\"\n    asker: ann\n    text: What was done?\n");
    fs.Add("content/meetings/plenary-2.yaml", Plenary(2, "2017-07-06"));
    const Archive after = Load(fs);
    const PageMemo without = PageMemo::Parse(text, after, ArchiveDigests(after, Digest{}));
    CHECK(without.files.count("meetings/plenary-1/index.html") == 0);
    CHECK(without.files.count("404.html") == 1);
    // A file of pieces stays for its other pieces, but is never kept whole.
    REQUIRE(without.files.count("archive.json") == 1);
    const MemoEntry& stale = without.files.at("archive.json");
    CHECK(stale.stale);
    REQUIRE(stale.pieces.size() == 1);
    CHECK(stale.pieces[0].name == "meeting:plenary-2");
    CHECK_FALSE(Unchanged("archive.json", stale, ArchiveDigests(after, Digest{}), {1}));
    CHECK_FALSE(without.Unchanged(stale, {1}));
  }
  // A memo of thousands of files: many runs.
  auto thousands = [&] {
    PageMemo many;
    many.manifest_sum = memo.manifest_sum;
    for (int i = 0; i < 5000; ++i) {
      MemoEntry numbered = entry;
      numbered.size = i;
      many.files["meetings/m" + std::to_string(i) + "/index.html"] = numbered;
    }
    return many;
  };
  SUBCASE("thousands of files, in runs made a few at a time; cut short, none") {
    SetJobs(1);
    const PageMemo many = thousands();
    const std::string bytes = many.Serialize(before, digests);
    SetJobs(0);
    const PageMemo back = PageMemo::Parse(bytes, before, digests);
    REQUIRE(back.files.size() == many.files.size());
    for (const auto& [path, file] : many.files) {
      CAPTURE(path);
      CHECK(back.files.at(path).size == file.size);
      CHECK(back.files.at(path).reads == file.reads);
    }
    // Wherever it is cut, between two runs as well as inside one.
    for (size_t keep = bytes.size() - 8; keep > 0; keep = keep * 9 / 10) {
      CAPTURE(keep);
      CHECK(PageMemo::Parse(bytes.substr(0, keep), before, digests).files.empty());
    }
  }
  SUBCASE("read a part at a time, never whole, as from the whole text") {
    const std::string bytes = thousands().Serialize(before, digests);
    const PageMemo whole = PageMemo::Parse(bytes, before, digests);
    std::mutex mutex;  // the runs are read on all cores
    long long largest = 0, total = 0;
    bool readable = true;
    const ReadMemoBytes read = [&](long long offset, long long size, std::string* out) {
      std::lock_guard<std::mutex> lock(mutex);
      *out = bytes.substr(offset, size);
      largest = std::max<long long>(largest, static_cast<long long>(out->size()));
      total += static_cast<long long>(out->size());
      return readable;
    };
    const PageMemo parts =
        PageMemo::Parse(static_cast<long long>(bytes.size()), read, before, digests);
    REQUIRE(parts.files.size() == whole.files.size());
    for (const auto& [path, file] : whole.files) {
      CAPTURE(path);
      CHECK(parts.files.at(path).size == file.size);
      CHECK(parts.files.at(path).reads == file.reads);
      CHECK(parts.files.at(path).run == file.run);
    }
    REQUIRE(parts.runs().runs.size() == whole.runs().runs.size());
    long long longest_run = 0;
    for (size_t r = 0; r < whole.runs().runs.size(); ++r) {
      CHECK(parts.runs().runs[r].offset == whole.runs().runs[r].offset);
      CHECK(parts.runs().runs[r].size == whole.runs().runs[r].size);
      longest_run = std::max(longest_run, whole.runs().runs[r].size);
    }
    // No read is of more than a megabyte or a run; the runs are read once each, after
    // the records and digests at the start.
    CHECK(largest <= std::max<long long>(1 << 20, longest_run));
    CHECK(total < 3 * static_cast<long long>(bytes.size()));
    // A memo that cannot be read is none.
    readable = false;
    CHECK(
        PageMemo::Parse(static_cast<long long>(bytes.size()), read, before, digests).files.empty());
  }
  SUBCASE("runs of files kept from the memo read are copied from its bytes") {
    const PageMemo many = thousands();
    const std::string bytes = many.Serialize(before, digests);
    PageMemo back = PageMemo::Parse(bytes, before, digests);
    const MemoRuns runs = back.runs();
    REQUIRE(runs.runs.size() > 3);
    std::atomic<size_t> copied = 0;  // the runs are read on all cores
    bool readable = true;
    const ReadMemoBytes read = [&](long long offset, long long size, std::string* out) {
      copied += readable;
      *out = bytes.substr(offset, size);
      return readable;
    };
    auto serialized = [&](const Archive& a, const MemoRuns& previous) {
      copied = 0;
      StringOut out;
      back.Serialize(a, ArchiveDigests(a, Digest{}), out, previous, read);
      return out.text();
    };
    // Nothing changed: every run is copied, and the memo is the one read.
    CHECK(serialized(before, runs) == bytes);
    CHECK(copied == runs.runs.size());
    // A file made anew and one added: their runs are written again, the others copied,
    // and the memo is the one written whole.
    MemoEntry& remade = back.files.at("meetings/m1234/index.html");
    remade.size = -5;
    remade.run = -1;
    back.files["meetings/m9999x/index.html"] = entry;
    const std::string whole = back.Serialize(before, digests);
    CHECK(serialized(before, runs) == whole);
    CHECK(copied > 0);
    CHECK(copied + 1 < runs.runs.size());
    // Runs that cannot be read, or that belong to another memo, are written.
    readable = false;
    CHECK(serialized(before, runs) == whole);
    readable = true;
    CHECK(serialized(before, MemoRuns{}) == whole);
    CHECK(copied == 0);
    // Records numbered anew: no run is copied.
    fs.Add("content/meetings/a-first.yaml",
           std::string("id: a-first\nkind: other\ntitle: First\ndate: 2016-01-01\n"
                       "time: not recorded\n") +
               kAttendance + "agenda: []\n");
    const Archive after = Load(fs);
    serialized(after, runs);
    CHECK(copied == 0);
  }
  SUBCASE("a build's memo, its entries put in a scratch file on all cores, is Serialize's") {
    PageMemo many = thousands();
    many.files["archive.json"] = pieced;
    many.files["archive.json"].sum = std::string(64, 'c');
    const std::string bytes = many.Serialize(before, digests);
    MemoryFileSystem scratch_fs;
    MemoScratch scratch(scratch_fs, "memo.made", before);
    std::vector<NextMemoFile> files(many.files.size());
    std::vector<const std::pair<const std::string, MemoEntry>*> in_order;
    for (const auto& file : many.files) in_order.push_back(&file);
    // Added in no set order, as pages are made.
    ParallelFor(in_order.size(), [&](size_t i) {
      const size_t f = in_order.size() - 1 - i;
      files[f].path = in_order[f]->first;
      files[f].made = scratch.Add(in_order[f]->second);
    });
    REQUIRE(scratch.Finish().ok());
    CHECK(scratch_fs.Exists("memo.made"));
    auto sum_of = [&](const std::string& path) { return many.files.at(path).sum; };
    auto written = [&](const std::vector<NextMemoFile>& next, const MemoRuns& previous,
                       const ReadMemoBytes& read, bool* whole) {
      StringOut out;
      *whole =
          WriteMemo(before, digests, memo.manifest_sum, next, sum_of, scratch, out, previous, read);
      return out.text();
    };
    bool whole = false;
    CHECK(written(files, {}, {}, &whole) == bytes);
    CHECK(whole);
    // Files kept from the memo read: their runs are copied, or written from its entries.
    PageMemo back = PageMemo::Parse(bytes, before, digests);
    REQUIRE(back.files.size() == files.size());
    std::vector<NextMemoFile> kept = files;
    for (size_t f = 0; f < kept.size(); f += 2) kept[f].kept = &back.files.at(kept[f].path);
    const ReadMemoBytes read = [&](long long offset, long long size, std::string* out) {
      *out = bytes.substr(offset, size);
      return true;
    };
    CHECK(written(kept, back.runs(), read, &whole) == bytes);
    CHECK(written(kept, {}, {}, &whole) == bytes);
    // An entry the scratch file cannot give: not a whole memo, which Parse takes for none.
    std::vector<NextMemoFile> lost = files;
    lost[lost.size() / 2].made = MemoSpan{};
    const std::string cut = written(lost, {}, {}, &whole);
    CHECK_FALSE(whole);
    CHECK(PageMemo::Parse(cut, before, digests).files.empty());
  }
  SUBCASE("text that is not a memo gives an empty one") {
    for (const std::string& bad :
         {std::string(), std::string("annals page memo 0\n"), text.substr(0, text.size() - 5),
          text + "zz 1 c path\nw99999\n"}) {
      PageMemo empty = PageMemo::Parse(bad, before, digests);
      CHECK(empty.files.empty());
      CHECK(empty.manifest_sum.empty());
    }
  }
}

std::map<std::string, std::string> SiteFiles(const MemoryFileSystem& fs, const std::string& out) {
  std::map<std::string, std::string> site;
  for (const auto& [path, bytes] : fs.files())
    if (path.rfind(out + "/", 0) == 0) site[path.substr(out.size() + 1)] = bytes;
  return site;
}

TEST_CASE("Build keeps the files whose reads did not change, and gives a clean build's site") {
  MemoryFileSystem fs = Sources();
  BuildOptions options;
  options.identity = "annals for tests";
  BuildResult first = Build(fs, "content", "site", options);
  REQUIRE(first.ExitCode() == 0);
  CHECK(first.reused == 0);
  CHECK(fs.Exists("site.annals-pages"));
  // The feed is made of pieces: an entry per meeting, newest first.
  std::string memo_text;
  REQUIRE(fs.ReadFile("site.annals-pages", &memo_text).ok());
  const PageMemo memo =
      PageMemo::Parse(memo_text, first.archive, ArchiveDigests(first.archive, Digest{}));
  std::vector<std::string> entries;
  for (const MemoPiece& piece : memo.files.at("feed.xml").pieces) entries.push_back(piece.name);
  CHECK(entries == std::vector<std::string>{"meeting:plenary-2", "meeting:plenary-1"});

  fs.Add("content/meetings/plenary-2.yaml",
         Plenary(2, "2017-07-06", "notes: After [[meeting:plenary-1]], edited.\n"));
  BuildResult second = Build(fs, "content", "site", options);
  REQUIRE(second.ExitCode() == 0);
  CHECK(second.reused > 0);
  CHECK(second.reused < SiteFiles(fs, "site").size());
  CHECK(second.pieces_reused > 0);  // plenary-1's, of the feed and archive.json among them
  BuildResult clean = Build(fs, "content", "clean", options);
  REQUIRE(clean.ExitCode() == 0);
  CHECK(clean.reused == 0);
  CHECK(SiteFiles(fs, "site") == SiteFiles(fs, "clean"));
  CHECK(SiteFiles(fs, "site").at("meetings/plenary-2/index.html").find("edited") !=
        std::string::npos);

  // A meeting added, then gone again: the pieces before and after its own no longer
  // follow one another as they did, and are found by name.
  fs.Add("content/meetings/plenary-3.yaml", Plenary(3, "2017-08-06"));
  for (const bool gone : {false, true}) {
    CAPTURE(gone);
    if (gone) fs.RemoveTree("content/meetings/plenary-3.yaml");
    options.reset_urls = gone;  // its page is gone too
    BuildResult changed = Build(fs, "content", "site", options);
    REQUIRE(changed.ExitCode() == 0);
    CHECK(changed.pieces_reused > 0);
    const std::string clean_site = gone ? "clean-gone" : "clean-added";  // from nothing
    REQUIRE(Build(fs, "content", clean_site, options).ExitCode() == 0);
    CHECK(SiteFiles(fs, "site") == SiteFiles(fs, clean_site));
  }
  options.reset_urls = false;

  // Another annals: nothing kept.
  fs.Add("content/people/people.yaml",
         "- id: ann\n  name: Ann B. Lee\n  kind: person\n  role: member\n");
  options.identity = "another annals";
  BuildResult third = Build(fs, "content", "site", options);
  REQUIRE(third.ExitCode() == 0);
  CHECK(third.reused == 0);
  // --force: nothing kept either.
  options.force = true;
  fs.Add("content/people/people.yaml",
         "- id: ann\n  name: Ann C. Lee\n  kind: person\n  role: member\n");
  BuildResult forced = Build(fs, "content", "site", options);
  REQUIRE(forced.ExitCode() == 0);
  CHECK(forced.reused == 0);
}

// The sample's files, but the page memo's scratch file cannot be written (`fail_write`)
// or read back (`fail_read`).
class ScratchFails : public MemoryFileSystem {
 public:
  bool fail_write = false, fail_read = false;
  Status CreateFile(const std::string& path, std::unique_ptr<WritableFile>* file) override {
    if (fail_write && path.ends_with(".made")) return Status::IoError("disk full");
    return MemoryFileSystem::CreateFile(path, file);
  }
  Status OpenForReading(const std::string& path, std::unique_ptr<ReadableFile>* file) override {
    if (fail_read && path.ends_with(".made")) return Status::IoError("cannot read");
    return MemoryFileSystem::OpenForReading(path, file);
  }
};

TEST_CASE("A build whose memo's scratch file fails builds the site, and leaves no memo") {
  for (const bool writing : {true, false}) {
    CAPTURE(writing);
    ScratchFails fs;
    const MemoryFileSystem sources = Sources();
    for (const auto& [path, bytes] : sources.files()) fs.Add(path, bytes);
    BuildOptions options;
    options.identity = "annals for tests";
    REQUIRE(Build(fs, "content", "site", options).ExitCode() == 0);
    CHECK(fs.Exists("site.annals-pages"));
    CHECK_FALSE(fs.Exists("site.annals-pages.made"));
    fs.Add("content/meetings/plenary-2.yaml",
           Plenary(2, "2017-07-06", "notes: After [[meeting:plenary-1]], edited.\n"));
    (writing ? fs.fail_write : fs.fail_read) = true;
    BuildResult failed = Build(fs, "content", "site", options);
    REQUIRE(failed.ExitCode() == 0);
    CHECK(failed.reused > 0);
    CHECK_FALSE(fs.Exists("site.annals-pages"));
    CHECK_FALSE(fs.Exists("site.annals-pages.made"));
    CHECK(SiteFiles(fs, "site").at("meetings/plenary-2/index.html").find("edited") !=
          std::string::npos);
    // Without a memo the next build makes every file, and the memo is back.
    fs.fail_write = fs.fail_read = false;
    fs.Add("content/meetings/plenary-1.yaml",
           Plenary(1, "2017-06-06", "notes: The first meeting, edited.\n"));
    BuildResult next = Build(fs, "content", "site", options);
    REQUIRE(next.ExitCode() == 0);
    CHECK(next.reused == 0);
    CHECK(fs.Exists("site.annals-pages"));
    REQUIRE(Build(fs, "content", "clean", options).ExitCode() == 0);
    CHECK(SiteFiles(fs, "site") == SiteFiles(fs, "clean"));
  }
}

}  // namespace
}  // namespace annals
