// Fixity: a manifest of SHA-256 sums of every file of the site.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/diagnostics.h"
#include "util/digest.h"

namespace annals {

// The file's name in the site; it lists every other file.
extern const char kManifestName[];

// One line per file, sorted by path, in the format of `sha256sum` (so that
// `sha256sum -c manifest-sha256.txt` checks a copy): "<hex>  <path>\n".
std::string Manifest(const std::map<std::string, std::string>& files);
// Each file's SHA-256 sum (lowercase hex), by path, sorted by path.
using FileSums = std::vector<std::pair<std::string, std::string>>;
// The manifest of files with these sums.
std::string ManifestOfSums(const FileSums& sums);

// One file a manifest lists, and the line that lists it (for messages).
struct ManifestEntry {
  std::string path;
  std::string sha256;  // lowercase hex
  SourceLocation where;
};

// Calls `each` with the path and sum of every line of `text` of the form above, and its
// number (from 1); other lines are skipped.
void ForEachManifestLine(
    std::string_view text,
    const std::function<void(std::string_view path, std::string_view sum, int line)>& each);

// The files listed in a manifest's `text`, read from `shown_path`: every line of the form
// above; other lines are skipped.
std::vector<ManifestEntry> ParseManifest(std::string_view text, const std::string& shown_path);

}  // namespace annals
