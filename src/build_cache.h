// What the last successful build of an output folder read and wrote, kept beside it in
// "<out>.annals-cache", so that a build whose inputs have not changed since does no work.
//
// The inputs are summed up by SHA-256: of every file of the content and templates
// folders, of annals itself (its version and executable) and of the build's options. A
// file whose stat() stamp is the one recorded is not read again: its recorded sum
// stands. The output folder is trusted only while its manifest's stamp is the one
// recorded after the build that wrote it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "util/file_system.h"
#include "util/status.h"

namespace annals {

struct InputSum {
  FileStamp stamp;
  std::string sha256;
};

struct BuildCache {
  std::string key;                         // SHA-256 of every input, "" when unknown
  FileStamp manifest;                      // the output's manifest, as that build left it
  std::map<std::string, InputSum> inputs;  // by path as listed

  // "" for a missing or unreadable cache, which then knows nothing.
  static BuildCache Load(FileSystem& fs, const std::string& path);
  // Writes the cache to `path` through a temporary file renamed into place.
  Status Save(FileSystem& fs, const std::string& path) const;
};

// The cache of `out_dir`: "<out_dir>.annals-cache".
std::string CachePath(const std::string& out_dir);

// Sums up the files of `folders` (as FileSystem::ListFiles lists them) and `identity`
// (annals and the options) into `next`, reusing the sums of `previous` for the files
// whose stamps have not changed. Files are read and summed on all cores.
Status SumInputs(FileSystem& fs, const std::vector<std::string>& folders,
                 const std::string& identity, const BuildCache& previous, BuildCache* next);

}  // namespace annals
