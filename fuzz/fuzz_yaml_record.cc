// Fuzzes the loader with one content file. The input's first byte says which file of
// an archive the rest of the input is (its value modulo 8; the seeds use '0'…'7'), so
// that every record reader is reached: the archive's settings, people, a recommendation
// set, a meeting, action items, a briefing, a Markdown document with front matter, or
// one meeting twice (ids that clash across files). Beside it sits the archive.yaml of
// tests/invalid/_base. Runs the whole check, load and resolve, in memory, and formats
// every diagnostic, as `annals check` would print it.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>

#include "base_archive.h"
#include "build.h"
#include "util/file_system.h"

namespace {

struct Placement {
  const char* path;
  const char* copy;  // the same bytes again under this path, or nullptr
};

constexpr Placement kPlacements[] = {
    {"content/archive.yaml", nullptr},  // in place of the base's settings
    {"content/people/x.yaml", nullptr},
    {"content/recommendations/x.yaml", nullptr},
    {"content/meetings/x.yaml", nullptr},
    {"content/actions/x.yaml", nullptr},
    {"content/briefings/x.yaml", nullptr},
    {"content/documents/x.md", nullptr},
    {"content/meetings/x.yaml", "content/meetings/y.yaml"},
};

std::string BaseSettings() {
  for (const auto& [path, contents] : annals::fuzz::BaseArchive())
    if (path == "archive.yaml") return std::string(contents);
  __builtin_trap();  // tests/invalid/_base lost its archive.yaml
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const std::string settings = BaseSettings();
  const Placement& placement = kPlacements[data[0] % std::size(kPlacements)];
  std::string file(reinterpret_cast<const char*>(data) + 1, size - 1);

  annals::MemoryFileSystem fs;
  fs.Add("content/archive.yaml", settings);
  fs.Add(placement.path, file);
  if (placement.copy != nullptr) fs.Add(placement.copy, file);
  annals::BuildResult result = annals::Check(fs, "content");

  // The folder is there and every file in it can be read: only the content can be wrong,
  // and the outcome must say so exactly when there are diagnostics.
  if (result.outcome == annals::BuildResult::Outcome::kIoError) __builtin_trap();
  if ((result.outcome == annals::BuildResult::Outcome::kOk) != result.diagnostics.empty())
    __builtin_trap();
  std::string report = result.diagnostics.Format() + result.diagnostics.Summary();
  if (result.diagnostics.empty() != report.empty()) __builtin_trap();
  return 0;
}
