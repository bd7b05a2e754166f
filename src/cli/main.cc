// annals: the command line. Exit codes: 0 success, 1 content errors, 2 usage or I/O.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "build.h"
#include "cli/terminal_progress.h"
#include "util/file_system.h"
#include "util/parallel.h"

// jemalloc's settings, read when annals is linked with it (CMakeLists.txt) and ignored
// otherwise; MALLOC_CONF in the environment still overrides them. Memory freed is handed
// back to the system after 1 s instead of the default 10 s: a build makes large files
// one after another (archive.json, the feed, the list pages), and each otherwise kept
// the memory of those before it. Builds of 1,000 meetings peaked at 251-264 MB instead
// of 271-313 MB.
extern "C" {
const char* malloc_conf = "dirty_decay_ms:1000";
}

namespace {

constexpr int kUsageError = 2;

// Prints the diagnostics and a one-line summary to stderr.
void Report(const annals::BuildResult& result, bool verbose) {
  if (verbose && result.up_to_date)
    std::fprintf(stderr, "annals: nothing has changed since the last build\n");
  if (verbose) {
    for (const annals::StepTime& step : result.steps)
      std::fprintf(stderr, "annals: %-16s %8.1f ms\n", step.name.c_str(), step.milliseconds);
    if (result.records_reused > 0)
      std::fprintf(stderr, "annals: %zu content %s not read again (records from the last build)\n",
                   result.records_reused, result.records_reused == 1 ? "file" : "files");
    if (result.files.written + result.files.linked > 0)
      std::fprintf(stderr,
                   "annals: %zu %s written, %zu unchanged (%zu kept without being made, %zu "
                   "pieces of files taken from the previous ones)\n",
                   result.files.written, result.files.written == 1 ? "file" : "files",
                   result.files.linked, result.reused, result.pieces_reused);
  }
  if (result.outcome == annals::BuildResult::Outcome::kIoError) {
    std::fprintf(stderr, "annals: error: %s\n", result.io_error.c_str());
    return;
  }
  std::fputs(result.diagnostics.Format().c_str(), stderr);
  std::fputs(result.diagnostics.Summary().c_str(), stderr);
}

// annals itself, for the build cache: a rebuilt annals may render the same sources
// differently, so its executable's stamp is part of what a build depends on. "" when
// the executable cannot be found, which turns the cache off.
std::string Identity(annals::FileSystem& fs) {
  char buffer[PATH_MAX];
  ssize_t length = readlink("/proc/self/exe", buffer, sizeof buffer);
  std::string path = length > 0 ? std::string(buffer, static_cast<size_t>(length)) : "";
  annals::FileStamp exe = fs.Stamp(path);
  if (exe.size < 0) return "";  // unknown: no cache rather than a stale one
  return std::string(ANNALS_VERSION) + " " + path + " " + std::to_string(exe.size) + " " +
         std::to_string(exe.modified_ns) + " " + std::to_string(exe.inode);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"annals: a static-site generator for the public archives of review teams"};
  app.set_version_flag("--version", ANNALS_VERSION);
  app.require_subcommand(1);

  std::string content_dir = "content";
  std::string out_dir = "site";
  bool verbose = false, quiet = false;
  int jobs = 0;
  annals::BuildOptions build_options;

  CLI::App* check = app.add_subcommand("check", "Read and cross-check the archive; write nothing");
  check->add_option("--content", content_dir, "Folder holding the archive's sources")
      ->capture_default_str();
  check->add_option("-j,--jobs", jobs, "Threads to use (default: one per core)")
      ->check(CLI::NonNegativeNumber);
  check->add_flag("--quiet", quiet, "Print nothing but errors: no progress line");
  check->add_flag("--verbose", verbose, "Print how long each step took");

  CLI::App* build = app.add_subcommand("build", "Check the archive and write the site");
  build->add_option("--content", content_dir, "Folder holding the archive's sources")
      ->capture_default_str();
  build->add_option("--out", out_dir, "Folder to write the site into (replaced as a whole)")
      ->capture_default_str();
  build->add_option("--templates", build_options.templates_dir,
                    "Folder of templates that replace the built-in ones file by file");
  build->add_flag("--reset-urls", build_options.reset_urls,
                  "Publish as a fresh start: do not require the addresses the previous site "
                  "published to stay");
  build->add_flag("--force", build_options.force,
                  "Build even when nothing has changed since the last build, and make every "
                  "file, keeping none made before");
  build->add_option("-j,--jobs", jobs, "Threads to use (default: one per core)")
      ->check(CLI::NonNegativeNumber);
  build->add_flag("--quiet", quiet, "Print nothing but errors: no progress line");
  build->add_flag("--verbose", verbose, "Print how long each step took and how many files changed");

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsageError;
  }

  annals::SetJobs(jobs);
  annals::RealFileSystem fs;
  build_options.identity = Identity(fs);
  // A progress line only on a terminal: CI logs and redirected output get none.
  std::unique_ptr<annals::TerminalProgress> progress;
  if (!quiet && isatty(STDERR_FILENO))
    progress = std::make_unique<annals::TerminalProgress>(stderr);
  build_options.progress = progress.get();
  annals::BuildResult result = check->parsed()
                                   ? annals::Check(fs, content_dir, progress.get())
                                   : annals::Build(fs, content_dir, out_dir, build_options);
  progress.reset();  // erases the line before anything else is printed
  Report(result, verbose);
#ifdef __SANITIZE_ADDRESS__
  return result.ExitCode();  // the leak checker looks at what is left at exit
#else
  // The archive is left to the operating system, which takes its memory back at once:
  // freeing its millions of objects one by one costs a large archive a third of a second.
  std::fflush(nullptr);
  std::_Exit(result.ExitCode());
#endif
}
