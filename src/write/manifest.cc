#include "write/manifest.h"

#include "util/parallel.h"
#include "util/text.h"

namespace annals {

const char kManifestName[] = "manifest-sha256.txt";

std::string Manifest(const std::map<std::string, std::string>& files) {
  std::vector<const std::pair<const std::string, std::string>*> entries;
  for (const auto& entry : files) entries.push_back(&entry);
  std::vector<std::string> sums(entries.size());
  ParallelFor(entries.size(), [&](size_t i) { sums[i] = Sha256Hex(entries[i]->second); });
  FileSums by_path;
  for (size_t i = 0; i < entries.size(); ++i)
    by_path.emplace_back(entries[i]->first, std::move(sums[i]));
  return ManifestOfSums(by_path);
}

std::string ManifestOfSums(const FileSums& sums) {
  std::string out;
  for (const auto& [path, sum] : sums) out += sum + "  " + path + "\n";
  return out;
}

void ForEachManifestLine(
    std::string_view text,
    const std::function<void(std::string_view path, std::string_view sum, int line)>& each) {
  LineIndex lines(text);
  for (int n = 1; n <= lines.line_count(); ++n) {
    std::string_view line = lines.Line(n);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() < 67 || line.substr(64, 2) != "  " ||
        line.substr(0, 64).find_first_not_of("0123456789abcdef") != std::string_view::npos)
      continue;
    each(line.substr(66), line.substr(0, 64), n);
  }
}

std::vector<ManifestEntry> ParseManifest(std::string_view text, const std::string& shown_path) {
  std::vector<ManifestEntry> entries;
  const SourcePath path = shown_path;
  ForEachManifestLine(text, [&](std::string_view file, std::string_view sum, int line) {
    SourceLocation where;
    where.path = path;
    where.line = line;
    where.column = 67;
    where.length = CountCharacters(file);
    entries.push_back({std::string(file), std::string(sum), std::move(where)});
  });
  return entries;
}

}  // namespace annals
