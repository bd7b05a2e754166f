// What the last successful build of an output folder read and wrote, kept beside it in
// "<out>.annals-cache", so that a build whose inputs have not changed since does no work.
//
// The inputs are summed up by SHA-256: of every file of the content and templates
// folders, of annals itself (its version and executable) and of the build's options. A
// file whose stat() stamp is the one recorded is not read again: its recorded sum
// stands, unless the file had changed less than 2 s before it was stamped (a change in
// the same tick of the file system's clock keeps the stamp). When no stamp has changed at all,
// which one more sum over the stamps tells, the recorded sums are not even looked at. The output
// folder is trusted only while its manifest's stamp is the one recorded after the build that wrote
// it.
#pragma once

#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "util/file_system.h"
#include "util/status.h"

namespace annals {

struct InputSum {
  FileStamp stamp;
  std::string sha256;
};

class BuildCache {
 public:
  std::string key;  // SHA-256 of every input, "" when unknown
  // SHA-256 of the identity and of every input's path and stamp; "" when it cannot
  // vouch for the key: a file was changed too shortly before the cache was written to
  // trust its stamp, or an input is a link, whose target has no stamp of its own.
  std::string stamps;
  FileStamp manifest;  // the output's manifest, as that build left it

  // "" for a missing or unreadable cache, which then knows nothing.
  static BuildCache Load(FileSystem& fs, const std::string& path);
  // Writes the cache to `path` through a temporary file renamed into place.
  Status Save(FileSystem& fs, const std::string& path) const;

  // The recorded sum of every input whose stamp can be trusted, by path as listed; read
  // from the cache's text on first use.
  const std::map<std::string, InputSum>& inputs() const;

 private:
  friend Status SumInputs(FileSystem& fs, const std::vector<std::string>& folders,
                          const std::string& identity, long long stamped_ns,
                          const BuildCache& previous, BuildCache* next);

  // "<sha256> <stamp> <path>\n" per input, sorted by path; read on first use.
  const std::string& table() const;
  // Takes `other`'s table, or where `other` would read it from.
  void TakeTableOf(const BuildCache& other);

  long long newest_ns_ = 0;  // the latest stamp time of any input
  // When the inputs were stamped, by the file system's clock.
  long long stamped_ns_ = std::numeric_limits<long long>::max();
  // What the inputs' folders held, "" when unknown: "root <path>\n" for each folder
  // summed up, "folder <stamp> <path>\n" for each folder read, "file <path>\n" for each
  // input, each in the order listed. While no folder's stamp has changed, the inputs
  // are these, and no folder is read again.
  std::shared_ptr<const std::string> listing_;
  // Where a loaded cache's table is read from: the cache file, only while it still
  // begins with the `header_` that Load() read (the listing included; shared, as it is
  // passed on to the next cache). A build whose inputs have not changed reads no more.
  FileSystem* source_ = nullptr;
  std::string source_path_;
  std::shared_ptr<const std::string> header_;
  mutable std::optional<std::string> table_;
  mutable std::optional<std::map<std::string, InputSum>> inputs_;
};

// The cache of `out_dir`: "<out_dir>.annals-cache".
std::string CachePath(const std::string& out_dir);
// The page memo (render/page_memo.h) of `out_dir`: "<out_dir>.annals-pages".
std::string PageMemoPath(const std::string& out_dir);
// The record cache (load/record_cache.h) of `out_dir`: "<out_dir>.annals-records".
std::string RecordCachePath(const std::string& out_dir);

// Sums up the files of `folders` (as FileSystem::ListFiles lists them) and `identity`
// (annals and the options) into `next`, reusing the sums of `previous` for the files
// whose stamps have not changed. When `previous` can vouch for its stamps and no folder
// it read has a new stamp, the files are the ones it listed and no folder is read.
// Files are stamped, read and summed on all cores.
// `stamped_ns` is the time just before, by the file system's clock (FileSystem::Touch).
Status SumInputs(FileSystem& fs, const std::vector<std::string>& folders,
                 const std::string& identity, long long stamped_ns, const BuildCache& previous,
                 BuildCache* next);

}  // namespace annals
