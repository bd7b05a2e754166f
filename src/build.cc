#include "build.h"

#include <chrono>
#include <map>

#include "load/loader.h"
#include "resolve/resolver.h"
#include "write/json_export.h"
#include "write/output_tree.h"

namespace annals {

namespace {

template <typename Step>
void Timed(BuildResult& result, const char* name, Step step) {
  auto start = std::chrono::steady_clock::now();
  step();
  std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
  result.steps.push_back({name, elapsed.count()});
}

}  // namespace

BuildResult Check(FileSystem& fs, const std::string& content_dir) {
  BuildResult result;
  Status status = Status::Ok();
  Timed(result, "load",
        [&] { status = LoadArchive(fs, content_dir, &result.archive, result.diagnostics); });
  if (!status.ok()) {
    result.outcome = BuildResult::Outcome::kIoError;
    result.io_error = status.message();
    return result;
  }
  Timed(result, "resolve", [&] { ResolveArchive(&result.archive, result.diagnostics); });
  if (!result.diagnostics.empty()) result.outcome = BuildResult::Outcome::kContentErrors;
  return result;
}

BuildResult Build(FileSystem& fs, const std::string& content_dir, const std::string& out_dir) {
  BuildResult result = Check(fs, content_dir);
  if (result.outcome != BuildResult::Outcome::kOk) return result;
  std::map<std::string, std::string> files;
  Timed(result, "render", [&] { files["archive.json"] = ArchiveToJson(result.archive); });
  Status status = Status::Ok();
  Timed(result, "write", [&] { status = WriteOutputTree(fs, out_dir, files); });
  if (!status.ok()) {
    result.outcome = BuildResult::Outcome::kIoError;
    result.io_error = status.message();
  }
  return result;
}

}  // namespace annals
