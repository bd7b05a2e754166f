// Fuzzes the whole pipeline with a small archive: load and resolve it and, when it has
// no mistakes, render every file of the site with the built-in templates and write the
// site into the same in-memory file system, as `annals build` would.
//
// The input is a list of files:
//
//   +base
//   === meetings/plenary-3.yaml
//   id: plenary-3
//   …
//   === documents/notes.md
//   ---
//   …
//
// A line "=== PATH" starts the file content/PATH, which holds every byte after that line
// up to the next such line or the end of the input. A '\r' ending the line is not part
// of PATH; empty, "." and ".." components of PATH are dropped, so every file stays below
// content/, and a file whose PATH is left empty is dropped. A later file replaces an
// earlier one with the same path. If the first line of the input is "+base", the files
// are laid over the small valid archive of tests/invalid/_base (same path replaces, new
// path adds); otherwise they are the whole content folder. Anything else before the
// first "=== " line is ignored.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "base_archive.h"
#include "build.h"
#include "render/site.h"
#include "render/templates.h"
#include "util/diagnostics.h"
#include "util/file_system.h"
#include "write/output_tree.h"

namespace {

constexpr std::string_view kHeader = "=== ";
constexpr std::string_view kBase = "+base";

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

std::string_view WithoutCr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// "a//./../b/" -> "content/a/b"; "" when nothing is left.
std::string ContentPath(std::string_view path) {
  std::string out;
  while (!path.empty()) {
    size_t slash = path.find('/');
    std::string_view part = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    if (part.empty() || part == "." || part == "..") continue;
    out += '/';
    out += part;
  }
  return out.empty() ? out : "content" + out;
}

// Adds the files framed in `input` to `fs`.
void AddFiles(std::string_view input, annals::MemoryFileSystem& fs) {
  std::string path;  // of the file being read; "" before the first header or when dropped
  size_t contents_start = 0;
  auto finish = [&](size_t end) {
    if (path.empty()) return;
    fs.Add(path, std::string(input.substr(contents_start, end - contents_start)));
  };
  for (size_t start = 0; start < input.size();) {
    size_t eol = input.find('\n', start);
    size_t next = eol == std::string_view::npos ? input.size() : eol + 1;
    std::string_view line = input.substr(start, next - start);
    if (line.substr(0, kHeader.size()) == kHeader) {
      finish(start);
      std::string_view rest = line.substr(kHeader.size());
      if (!rest.empty() && rest.back() == '\n') rest.remove_suffix(1);
      path = ContentPath(WithoutCr(rest));
      contents_start = next;
    }
    start = next;
  }
  finish(input.size());
}

// Every file of the site has a relative path inside the output folder.
bool IsSafeOutputPath(std::string_view path) {
  if (path.empty() || path.front() == '/') return false;
  while (true) {
    size_t slash = path.find('/');
    std::string_view part = path.substr(0, slash);
    if (part.empty() || part == "." || part == "..") return false;
    if (slash == std::string_view::npos) return true;
    path.remove_prefix(slash + 1);
  }
}

annals::TemplateSet DefaultTemplates() {
  annals::TemplateSet templates;
  annals::MemoryFileSystem none;
  annals::DiagnosticSink diagnostics;
  Require(annals::TemplateSet::Load(none, "", &templates, diagnostics).ok());
  Require(diagnostics.empty());
  return templates;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Rendering leaves the templates as they were, so they are parsed once.
  static const annals::TemplateSet templates = DefaultTemplates();
  std::string_view input(reinterpret_cast<const char*>(data), size);

  annals::MemoryFileSystem fs;
  if (WithoutCr(input.substr(0, input.find('\n'))) == kBase)
    for (const auto& [path, contents] : annals::fuzz::BaseArchive())
      fs.Add("content/" + std::string(path), std::string(contents));
  AddFiles(input, fs);

  using Outcome = annals::BuildResult::Outcome;
  annals::BuildResult result = annals::Check(fs, "content");
  // Only a content folder without files cannot be read; the outcome says whether there
  // are diagnostics.
  if (fs.files().empty()) {
    Require(result.outcome == Outcome::kIoError);
    return 0;
  }
  Require(result.outcome == (result.diagnostics.empty() ? Outcome::kOk : Outcome::kContentErrors));
  (void)result.diagnostics.Format();  // as `annals check` prints them
  if (result.outcome != Outcome::kOk) return 0;

  std::map<std::string, std::string> site = annals::RenderSite(result.archive, templates);
  for (const auto& [path, contents] : site) Require(IsSafeOutputPath(path));
  Require(annals::WriteOutputTree(fs, "site", site).ok());
  return 0;
}
