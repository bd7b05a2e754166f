// Fixity: a manifest of SHA-256 sums of every file of the site.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace annals {

// The file's name in the site; it lists every other file.
extern const char kManifestName[];

// Lowercase hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

// One line per file, sorted by path, in the format of `sha256sum` (so that
// `sha256sum -c manifest-sha256.txt` checks a copy): "<hex>  <path>\n".
std::string Manifest(const std::map<std::string, std::string>& files);

}  // namespace annals
