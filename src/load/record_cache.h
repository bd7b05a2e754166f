// The records each content file held when it was last read, kept beside the output
// folder in "<out>.annals-records/", so that a rebuild parses only the files that
// changed: at 10,000 meetings, parsing every file is most of a one-meeting edit.
//
// An entry holds one file's records as the loader left them (unresolved) and is keyed
// by the SHA-256 of annals' identity, the file's path, the sum of its bytes (BuildCache)
// and the settings that govern reading (allow_html). An entry therefore never goes
// stale, only unused: a changed file gets a new entry, and Prune() drops the old one
// after the build. Only files read without a mistake get an entry, so a file with
// mistakes is read, and its mistakes reported, every time.
//
// The entries a build writes go into one new pack file, "pack-<n>", one after another;
// the "index" says where each entry is, its length and a hash of its bytes. An entry
// whose bytes do not match (a pack cut short by a crash) is ignored and the file read.
// Writing tens of thousands of small files costs more than parsing them, and one pack
// per build costs a single file. Prune() merges the small packs of successive edits
// into one, and rewrites the packs when most of their bytes are no longer used.
//
// The Markdown texts of the records it hands over, read from an entry or just written
// into one, stay in the pack (model/archive.h, StoredTexts): a page reads those it
// shows. At 10,000 meetings they are 273 MB that a build need not hold. They are read
// from the packs until Prune(); one that cannot be read fails the build (TextStatus).
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "model/archive.h"
#include "util/file_system.h"

namespace annals {

class RecordCache {
 public:
  // The SHA-256 (hex) of the bytes of the file at `path` (as ListFiles lists it), or ""
  // when it is not known.
  using SumOf = std::function<std::string(const std::string& path)>;

  // Reads the index in `folder`, if there is one. `identity`: annals and the options
  // (BuildOptions). With `read` false, no entry is read (--force), but entries are
  // still written.
  RecordCache(FileSystem& fs, std::string folder, std::string identity, SumOf sum_of, bool read);
  ~RecordCache();

  // Fills `records` (an empty Archive) with the records of the file at `path`, as they
  // were when its bytes last had the sum they have now, and returns true; false when
  // there is no such entry. Called on any thread, as is Write().
  bool Read(const std::string& path, bool allow_html, Archive* records);
  // Keeps the records of the file at `path`, read without a mistake, for the next build;
  // once they are written, their Markdown texts are left in the pack.
  void Write(const std::string& path, bool allow_html, Archive* records);
  // Ends this build's pack and records its entries in the index. Nothing is written
  // after a failure to write, which only costs the next build the records it lacks.
  void Finish();
  // After Finish() and a successful build: drops the entries this build did not use,
  // merges or rewrites the packs as described above, and deletes packs no entry is in.
  void Prune();

  // Where the Markdown texts of the records handed over are kept: give it to the archive
  // that holds them (Archive::stored_texts).
  std::shared_ptr<const StoredTexts> texts() const;
  // Ok, or why a text could not be read back (a pack damaged or removed meanwhile).
  Status TextStatus() const;

  // How many files' records were read from entries, and how many entries were written.
  size_t read_count() const { return read_count_; }
  size_t written_count() const { return written_count_; }

 private:
  struct Entry {
    int pack = 0;
    long long offset = 0, length = 0;
    size_t hash = 0;  // of the entry's bytes
  };

  class Texts;

  // The entry's key, "" when the file's sum is unknown.
  std::string KeyOf(const std::string& path, bool allow_html) const;
  std::string PackPath(int pack) const;
  // The bytes of `entry`, or false when they cannot be read or do not match its hash.
  bool ReadEntry(const Entry& entry, std::string* bytes);
  Status WriteIndex();

  FileSystem& fs_;
  const std::string folder_, identity_;
  const SumOf sum_of_;
  const bool read_;
  std::mutex mutex_;  // guards what follows
  std::map<std::string, Entry> index_;
  std::set<std::string> used_;
  int next_pack_ = 1;
  std::unique_ptr<WritableFile> pack_;  // this build's, opened on the first Write()
  long long pack_size_ = 0;
  bool failed_ = false;  // writing this build's pack failed
  std::map<std::string, Entry> written_;
  std::atomic<size_t> read_count_ = 0, written_count_ = 0;
  std::shared_ptr<Texts> texts_;
};

}  // namespace annals
