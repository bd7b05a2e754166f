// The one place that replaces the output folder.
#pragma once

#include <map>
#include <string>

#include "util/file_system.h"
#include "util/status.h"

namespace annals {

// The file every output folder written by annals contains; a folder without it is
// never replaced, so a mistyped --out cannot destroy someone's files.
extern const char kOutputMarker[];

// Writes `files` (relative path -> bytes) into a sibling folder of `out_dir`, and only
// when every file is written swaps it into place. On failure the previous `out_dir` is
// left as it was and the partial folder is removed.
Status WriteOutputTree(FileSystem& fs, const std::string& out_dir,
                       const std::map<std::string, std::string>& files);

}  // namespace annals
