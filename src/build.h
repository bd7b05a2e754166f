// The whole pipeline in one place: load -> resolve -> render -> write, as named, timed steps.
#pragma once

#include <string>
#include <vector>

#include "load/record_cache.h"
#include "model/archive.h"
#include "util/diagnostics.h"
#include "util/file_system.h"
#include "util/progress.h"
#include "write/output_tree.h"

namespace annals {

struct StepTime {
  std::string name;
  double milliseconds = 0;
};

struct BuildResult {
  enum class Outcome { kOk, kContentErrors, kIoError };
  Outcome outcome = Outcome::kOk;
  DiagnosticSink diagnostics;
  std::string io_error;  // set when outcome is kIoError
  std::vector<StepTime> steps;
  bool up_to_date = false;    // nothing had changed since the last build: nothing was done
  WriteStats files;           // what the write step did
  size_t reused = 0;          // files kept because nothing they read had changed
  size_t pieces_reused = 0;   // pieces of files made again, taken from the previous file
  size_t records_reused = 0;  // content files whose records were taken from the record cache
  Archive archive;

  int ExitCode() const {
    return outcome == Outcome::kOk ? 0 : outcome == Outcome::kContentErrors ? 1 : 2;
  }
};

// Loads and resolves the archive in `content_dir`; writes nothing but, with `records`,
// the record cache's entries. `progress`, when given, is told of each step.
BuildResult Check(FileSystem& fs, const std::string& content_dir, Progress* progress = nullptr,
                  RecordCache* records = nullptr);

struct BuildOptions {
  std::string templates_dir;  // overrides the built-in templates file by file; "" for none
  bool reset_urls = false;    // skip the check that every previously published address stays
  // annals itself (its version and executable), for the build cache; "" for no cache.
  std::string identity;
  // Build even when the cache says nothing has changed: read every folder and input
  // again, and make every file.
  bool force = false;
  Progress* progress = nullptr;  // told of each step and of the work done in it
};

// Check(), then, only when the content and the templates have no errors, renders the
// site and writes it into `out_dir` with a manifest (atomically: the previous output
// stays intact until the new one is complete). Every address listed in the manifest of
// the site being replaced must still be published, or listed under `withdrawn`, unless
// `options.reset_urls`. First refuses an output folder that would
// replace or lie inside the content or templates folder, the root, the home or the
// current folder, and takes the output folder's lock for the whole build, failing at
// once when another build holds it.
//
// With `options.identity`, keeps a cache beside the output folder (see build_cache.h):
// when no input has changed since the last successful build and the output is as that
// build left it, returns at once with `up_to_date`. It also keeps the records of each
// content file (load/record_cache.h) and what each file of the site read
// (render/page_memo.h), so that a rebuild reads and makes again only what changed.
BuildResult Build(FileSystem& fs, const std::string& content_dir, const std::string& out_dir,
                  const BuildOptions& options = {});

}  // namespace annals
