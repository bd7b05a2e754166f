// The one place that replaces the output folder.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "util/file_system.h"
#include "util/progress.h"
#include "util/status.h"

namespace annals {

// The file every output folder written by annals contains; a folder without it is
// never replaced, so a mistyped --out cannot destroy someone's files.
extern const char kOutputMarker[];

// A folder a build reads, such as the content folder, with what it is ("the content
// folder"); the output folder may not be it, lie inside it or hold it.
struct InputFolder {
  std::string path;
  std::string what;
};

// Refuses, before anything is touched, an output folder that a build must not replace:
// one that is, lies inside or holds one of `inputs`; one that is or holds the root
// folder, the user's home or the current folder; one that exists and is not a folder or
// holds files that annals did not write. The folders a build writes and removes beside
// `out_dir` are held to the same rules.
Status CheckOutputFolder(FileSystem& fs, const std::string& out_dir,
                         const std::vector<InputFolder>& inputs);

// Takes the lock that one build at a time holds while it writes `out_dir`, on the file
// "<out_dir>.annals-lock" beside it. Fails at once when another build holds it.
Status LockOutputFolder(FileSystem& fs, const std::string& out_dir,
                        std::unique_ptr<FileLock>* lock);

// Removes what a build killed while writing `out_dir` left beside it. WriteOutputTree
// does this first; a build that finds nothing to write calls it instead.
void RemoveLeftovers(FileSystem& fs, const std::string& out_dir);

// What WriteOutputTree did with the files it was given.
struct WriteStats {
  size_t written = 0;  // new or changed
  size_t linked = 0;   // the same bytes as before: linked from the previous tree
};

// Writes `files` (relative path -> bytes) into a sibling folder of `out_dir`, and only
// when every file is written swaps it into place in one atomic step, so that `out_dir`
// always holds either the whole previous output or the whole new one. On failure the
// previous `out_dir` is left as it was and the partial folder is removed. Refuses, before
// writing anything, a path that is empty or absolute, or holds a "." or ".." part, an
// empty part, a backslash or a NUL. Call it with the lock of LockOutputFolder held.
//
// A file whose SHA-256 sum in the manifest among `files` is that of the same path in
// the previous tree's manifest, and whose size is that of the previous file, is not
// written again but hard-linked from the previous tree: it keeps its modification time,
// so that rsync and the like copy only what changed. Files are written on all cores.
Status WriteOutputTree(FileSystem& fs, const std::string& out_dir,
                       const std::map<std::string, std::string>& files,
                       WriteStats* stats = nullptr, Progress* progress = nullptr);

}  // namespace annals
