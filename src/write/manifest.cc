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
  std::map<std::string, std::string> by_path;
  for (size_t i = 0; i < entries.size(); ++i) by_path[entries[i]->first] = std::move(sums[i]);
  return ManifestOfSums(by_path);
}

std::string ManifestOfSums(const std::map<std::string, std::string>& sums) {
  std::string out;
  for (const auto& [path, sum] : sums) out += sum + "  " + path + "\n";
  return out;
}

std::vector<ManifestEntry> ParseManifest(std::string_view text, const std::string& shown_path) {
  std::vector<ManifestEntry> entries;
  const SourcePath path = shown_path;
  LineIndex lines(text);
  for (int n = 1; n <= lines.line_count(); ++n) {
    std::string_view line = lines.Line(n);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() < 67 || line.substr(64, 2) != "  " ||
        line.substr(0, 64).find_first_not_of("0123456789abcdef") != std::string_view::npos)
      continue;
    SourceLocation where;
    where.path = path;
    where.line = n;
    where.column = 67;
    where.length = CountCharacters(line.substr(66));
    entries.push_back(
        {std::string(line.substr(66)), std::string(line.substr(0, 64)), std::move(where)});
  }
  return entries;
}

}  // namespace annals
