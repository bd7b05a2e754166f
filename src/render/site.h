// The whole site as files: every page through the templates, the machine-readable
// outputs (Atom, iCalendar, sitemap, JSON, CSV), the templates' assets and a manifest.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "model/archive.h"
#include "render/page_memo.h"
#include "render/pages.h"
#include "render/templates.h"
#include "util/byte_out.h"
#include "util/diagnostics.h"
#include "util/progress.h"
#include "util/status.h"
#include "write/manifest.h"

namespace annals {

// Where RenderSite puts each file it makes; called from several threads at once.
struct FileSink {
  // Takes a file made whole.
  std::function<Status(const std::string& path, const std::string& bytes)> add;
  // Opens a file to be made a part at a time (the ones made from the whole archive,
  // which are large), into `*file`, whose AppendPrevious() takes parts of the previous
  // build's file at `path` when its SHA-256 sum is `previous_sum` ("" for none) and its
  // size `previous_size`. The file is made once Close() returns Ok.
  std::function<Status(const std::string& path, const std::string& previous_sum,
                       long long previous_size, std::unique_ptr<FileOut>* file)>
      open;
};

// What RenderSite keeps of the previous build, and what it records for the next
// (render/page_memo.h).
struct Reuse {
  const ArchiveDigests* digests = nullptr;  // of the archive being rendered
  // Of the site being replaced; null: none. `next` points at the entries of the files
  // kept, and the reads of the pieces taken from it are moved out.
  PageMemo* previous = nullptr;
  // Keeps the previous site's file at `path`, whose bytes have the SHA-256 `sum` and
  // `size`, in place of making it; false when it cannot, and the file is made. The
  // unchanged pieces of a file made are taken from the previous one through the sink.
  std::function<bool(const std::string& path, const std::string& sum, long long size)> keep;
  // Where the entries of the files made go.
  MemoScratch* scratch = nullptr;
  // Filled by RenderSite: each file of the memo of the site made, in path order. The sums
  // of the files made are the sink's to know.
  std::vector<NextMemoFile> next;
  std::atomic<size_t> kept = 0;         // files kept
  std::atomic<size_t> pieces_kept = 0;  // pieces of files made that were taken as they were
};

// Hands every file of the site but the manifest to `sink`, each as soon as it is made,
// on all cores, in no set order. Deterministic: the same archive and templates give the
// same bytes. Nothing depends on the clock: the feed's and calendar's own timestamps
// are the archive's `as_of` date. Stops at the first failure of `sink`. `progress`,
// when given, is advanced once per file.
//
// With `reuse`, a file whose key (render/page_memo.h) is the one `reuse->previous`
// records is kept through `reuse->keep` instead of being made; every file made logs
// what it reads, into `reuse->next`.
Status RenderSite(const Archive& archive, const TemplateSet& templates, const FileSink& sink,
                  Progress* progress = nullptr, Reuse* reuse = nullptr);
// The same with the archive's pages planned already (PlanPages), as a build that has
// checked the published addresses has: a plan is made once per build.
Status RenderSite(const Archive& archive, const TemplateSet& templates,
                  const std::vector<PagePlan>& plans, const FileSink& sink,
                  Progress* progress = nullptr, Reuse* reuse = nullptr);

// Path -> bytes for every file of the site, with the manifest of all the others.
std::map<std::string, std::string> RenderSite(const Archive& archive, const TemplateSet& templates);

// The path of every file RenderSite makes, the manifest included, without making them.
std::set<std::string> SitePaths(const Archive& archive, const TemplateSet& templates);
// The same, from the archive's pages as PlanPages planned them.
std::set<std::string> SitePaths(const Archive& archive, const TemplateSet& templates,
                                const std::vector<PagePlan>& plans);

// The most URLs a file of the sitemap lists: the sitemaps protocol's limit. A site of more
// pages has sitemap.xml as the index of sitemap1.xml, sitemap2.xml, ….
constexpr size_t kSitemapUrls = 50000;

// The sitemap's files (sitemap.xml, and its parts if it is split) for the pages `plans`
// plans, path -> bytes, as RenderSite makes them.
std::map<std::string, std::string> RenderSitemap(const Archive& archive,
                                                 const TemplateSet& templates,
                                                 const std::vector<PagePlan>& plans);

// Reports each address under `moved` or `withdrawn` in archive.yaml where the archive
// still publishes a page or file.
void CheckAddressChanges(const Archive& archive, DiagnosticSink& sink);

// Reports each file of a previous build that the new build, which makes `files`, would
// drop, unless archive.yaml lists its address under `withdrawn`: a published address
// never silently disappears.
void CheckKeptAddresses(const Archive& archive, const std::set<std::string>& files,
                        const std::vector<ManifestEntry>& published, DiagnosticSink& sink);

}  // namespace annals
