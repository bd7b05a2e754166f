#include "build.h"

#include <chrono>
#include <map>
#include <memory>
#include <vector>

#include "build_cache.h"
#include "load/loader.h"
#include "render/page_memo.h"
#include "render/pages.h"
#include "render/site.h"
#include "render/templates.h"
#include "resolve/resolver.h"
#include "write/manifest.h"
#include "write/output_tree.h"

namespace annals {

namespace {

// Runs `step`, which may count its work on `progress` itself.
template <typename Step>
void Timed(BuildResult& result, const char* name, Progress* progress, Step step) {
  if (progress) progress->Step(name, 0);
  auto start = std::chrono::steady_clock::now();
  step();
  std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
  result.steps.push_back({name, elapsed.count()});
}

}  // namespace

BuildResult Check(FileSystem& fs, const std::string& content_dir, Progress* progress,
                  RecordCache* records) {
  BuildResult result;
  Status status = Status::Ok();
  Timed(result, "load", progress, [&] {
    status = LoadArchive(fs, content_dir, &result.archive, result.diagnostics, progress, records);
    if (records) records->Finish();
  });
  if (records) result.records_reused = records->read_count();
  if (!status.ok()) {
    result.outcome = BuildResult::Outcome::kIoError;
    result.io_error = status.message();
    return result;
  }
  Timed(result, "resolve", progress, [&] { ResolveArchive(&result.archive, result.diagnostics); });
  const ArchiveSettings& settings = result.archive.settings;
  if (result.diagnostics.empty() && !(settings.moved.empty() && settings.withdrawn.empty()))
    CheckAddressChanges(result.archive, result.diagnostics);
  if (!result.diagnostics.empty()) {
    result.outcome = BuildResult::Outcome::kContentErrors;
    result.diagnostics.ReadSourceLines(
        [&](const std::string& path, std::string* text) { return fs.ReadFile(path, text).ok(); });
  }
  return result;
}

BuildResult Build(FileSystem& fs, const std::string& content_dir, const std::string& out_dir,
                  const BuildOptions& options) {
  // Before anything is read or written: the output folder is one a build may replace,
  // and no other build is writing it. The lock is held to the end of the build, so a
  // second build fails at once instead of after its own rendering.
  std::vector<InputFolder> inputs = {{content_dir, "the content folder"}};
  if (!options.templates_dir.empty())
    inputs.push_back({options.templates_dir, "the templates folder"});
  Status status = CheckOutputFolder(fs, out_dir, inputs);
  std::unique_ptr<FileLock> lock;
  if (status.ok()) status = LockOutputFolder(fs, out_dir, &lock);
  if (!status.ok()) {
    BuildResult refused;
    refused.outcome = BuildResult::Outcome::kIoError;
    refused.io_error = status.message();
    return refused;
  }
  // Nothing to do when nothing has changed.
  BuildCache cache;
  const bool use_cache = !options.identity.empty();
  std::vector<StepTime> steps;
  if (use_cache) {
    // --force trusts nothing the last build learnt: every folder and file is read.
    BuildCache previous = options.force ? BuildCache() : BuildCache::Load(fs, CachePath(out_dir));
    std::vector<std::string> folders = {content_dir};
    if (!options.templates_dir.empty()) folders.push_back(options.templates_dir);
    const std::string identity = options.identity + "\ntemplates " + options.templates_dir;
    BuildResult unchanged;
    Timed(unchanged, "sum", options.progress, [&] {
      status = SumInputs(fs, folders, identity, fs.Touch(LockPath(out_dir)), previous, &cache);
    });
    if (status.ok() && !previous.key.empty() && cache.key == previous.key &&
        fs.Exists(JoinPath(out_dir, kOutputMarker)) &&
        fs.Stamp(JoinPath(out_dir, kManifestName)) == previous.manifest) {
      RemoveLeftovers(fs, out_dir);
      // Stamps too fresh to vouch for the key at the last build can now: the next
      // build need not look at the recorded sums.
      if (cache.stamps != previous.stamps) {
        cache.manifest = previous.manifest;
        cache.Save(fs, CachePath(out_dir));
      }
      unchanged.up_to_date = true;
      return unchanged;
    }
    steps = std::move(unchanged.steps);
  }
  // The records of the files whose sums are known (and, with --force, none are read).
  // The sums are read here, once: the cache is asked on every loading thread.
  std::unique_ptr<RecordCache> records;
  if (use_cache)
    records = std::make_unique<RecordCache>(
        fs, RecordCachePath(out_dir), options.identity,
        [&sums = cache.inputs()](const std::string& path) {
          auto found = sums.find(path);
          return found == sums.end() ? std::string() : found->second.sha256;
        },
        !options.force);
  BuildResult result = Check(fs, content_dir, options.progress, records.get());
  result.steps.insert(result.steps.begin(), steps.begin(), steps.end());
  if (result.outcome == BuildResult::Outcome::kIoError) return result;
  TemplateSet templates;
  Timed(result, "templates", options.progress, [&] {
    status = TemplateSet::Load(fs, options.templates_dir, &templates, result.diagnostics);
  });
  if (!status.ok()) {
    result.outcome = BuildResult::Outcome::kIoError;
    result.io_error = status.message();
    return result;
  }
  if (!result.diagnostics.empty()) {
    result.outcome = BuildResult::Outcome::kContentErrors;
    return result;
  }
  // Every page of the site, planned once: for the addresses check and for rendering.
  // Empty until planned (a site always has a home page).
  std::vector<PagePlan> plans;
  // The manifest of the site being replaced: the addresses it published, and the files
  // that may be kept.
  const std::string manifest_path = JoinPath(out_dir, kManifestName);
  std::string manifest;
  if (fs.Exists(manifest_path)) {
    if (status = fs.ReadFile(manifest_path, &manifest); !status.ok()) {
      result.outcome = BuildResult::Outcome::kIoError;
      result.io_error = status.message();
      return result;
    }
    if (!options.reset_urls) {
      // Every address the site being replaced published is still there, or the content
      // says what became of it.
      Timed(result, "addresses", options.progress, [&] {
        plans = PlanPages(result.archive);
        CheckKeptAddresses(result.archive, SitePaths(result.archive, templates, plans),
                           ParseManifest(manifest, manifest_path), result.diagnostics);
      });
      if (!result.diagnostics.empty()) {
        result.outcome = BuildResult::Outcome::kContentErrors;
        result.diagnostics.ReadSourceLines([&](const std::string& path, std::string* text) {
          if (path != manifest_path) return fs.ReadFile(path, text).ok();
          *text = manifest;
          return true;
        });
        return result;
      }
    }
  }
  // What each file of the site being replaced read, and what the archive holds now:
  // the files whose reads have not changed are kept, not made again.
  std::unique_ptr<ArchiveDigests> digests;
  const std::string memo_path = PageMemoPath(out_dir);
  PageMemo previous_memo;
  FileStamp memo_stamp;  // of the memo read, to copy runs of it while it is the same
  Reuse reuse;
  if (use_cache) {
    Timed(result, "memo", options.progress, [&] {
      Sha256 context;
      context.AddField(options.identity);
      context.Add(templates.Sum());
      digests = std::make_unique<ArchiveDigests>(result.archive, context.Finish());
      memo_stamp = fs.Stamp(memo_path);
      if (!options.force && !manifest.empty() && memo_stamp.size >= 0) {
        previous_memo = PageMemo::Parse(
            memo_stamp.size,
            [&](long long offset, long long size, std::string* bytes) {
              return fs.ReadFileRange(memo_path, offset, static_cast<size_t>(size), bytes).ok();
            },
            result.archive, *digests);
        if (previous_memo.manifest_sum != Sha256Hex(manifest)) previous_memo = {};
      }
    });
    reuse.digests = digests.get();
    reuse.previous = &previous_memo;
  }
  // Each file is written as soon as it is rendered; the manifest of them all comes last.
  // The memo's entries of the files made wait in a scratch file.
  std::unique_ptr<OutputTreeWriter> writer;
  std::unique_ptr<MemoScratch> scratch;
  std::string manifest_sum;  // of the new manifest
  Timed(result, "render and write", options.progress, [&] {
    status = OutputTreeWriter::Begin(fs, out_dir, &writer);
    if (!status.ok()) return;
    if (use_cache) {
      scratch = std::make_unique<MemoScratch>(fs, memo_path + ".made", result.archive);
      reuse.scratch = scratch.get();
    }
    reuse.keep = [&](const std::string& path, const std::string& sum, long long size) {
      return writer->Keep(path, sum, size);
    };
    FileSink sink;
    sink.add = [&](const std::string& path, const std::string& bytes) {
      return writer->Add(path, bytes);
    };
    sink.open = [&](const std::string& path, const std::string& previous_sum,
                    long long previous_size, std::unique_ptr<FileOut>* file) {
      return writer->Open(path, previous_sum, previous_size, file);
    };
    if (plans.empty()) plans = PlanPages(result.archive);
    status = RenderSite(result.archive, templates, plans, sink, options.progress,
                        use_cache ? &reuse : nullptr);
    // A text the record cache keeps that could not be read: the site is not swapped in.
    if (status.ok() && records) status = records->TextStatus();
    if (!status.ok()) return;
    const std::string new_manifest = ManifestOfSums(writer->sums());
    manifest_sum = Sha256Hex(new_manifest);
    status = writer->Add(kManifestName, new_manifest);
  });
  result.reused = reuse.kept;
  result.pieces_reused = reuse.pieces_kept;
  if (status.ok())
    Timed(result, "swap", options.progress, [&] { status = writer->Commit(&result.files); });
  if (!status.ok()) {
    writer.reset();  // removes the new tree, not swapped in
    result.outcome = BuildResult::Outcome::kIoError;
    result.io_error = status.message();
    return result;
  }
  if (use_cache)
    Timed(result, "save", options.progress, [&] {
      // Only now that the new output is in place; a cache that cannot be written costs
      // the next build its shortcut, nothing more.
      cache.manifest = fs.Stamp(JoinPath(out_dir, kManifestName));
      cache.Save(fs, CachePath(out_dir));
      // Likewise: a memo that is missing or belongs to another site only costs the next
      // build the files it could have kept. The runs of files kept from the memo read are
      // copied from it when it is still the file that was read (the build holds the lock).
      // The entries of the files made are read back from the scratch file, and the files'
      // sums are the writer's; a memo that cannot be written whole is not left.
      const bool memo_same = fs.Stamp(memo_path) == memo_stamp;
      const ReadMemoBytes read_previous = [&](long long offset, long long size,
                                              std::string* bytes) {
        return memo_same &&
               fs.ReadFileRange(memo_path, offset, static_cast<size_t>(size), bytes).ok();
      };
      auto sum_of = [&](const std::string& path) {
        const std::string* sum = writer->SumOf(path);
        return sum ? *sum : std::string();
      };
      bool whole = scratch->Finish().ok();
      if (whole) {
        const Status written = ReplaceFile(fs, memo_path, [&](ByteOut& out) {
          whole = WriteMemo(result.archive, *digests, manifest_sum, reuse.next, sum_of, *scratch,
                            out, previous_memo.runs(), read_previous);
        });
        whole = whole && written.ok();
      }
      if (!whole && fs.FileSize(memo_path) >= 0) fs.RemoveTree(memo_path);
      records->Prune();
    });
  return result;
}

}  // namespace annals
