// The small valid archive that the fuzz targets build on: the files of
// tests/invalid/_base, compiled in by cmake/embed_files.cmake, so that a target reads
// nothing from disk.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

namespace annals::fuzz {

// Path relative to the content folder ("meetings/plenary-1.yaml") -> bytes, sorted by path.
const std::vector<std::pair<std::string_view, std::string_view>>& BaseArchive();

}  // namespace annals::fuzz
