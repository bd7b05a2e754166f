// What each file of the site read from the archive when it was last made, so that a
// rebuild makes again only the files whose reads changed, and keeps the others.
//
// While a file is made, every read of the archive is logged (model/reads.h): a record's
// link (address and label), a whole record, the list of a kind's records, or all of a
// kind's records. Each read is summed up by a digest of what it can see, and so is the
// context (annals itself, the templates, the archive's settings). Making a file is a
// function of what it read: a file whose reads all have the digests they had has the
// bytes it had, and need not be made again. A page whose plan has a key of its own (an
// index page: render/pages.h) is checked by its file key instead, the SHA-256 of its
// path, its plan's key, the context and the digest of each of its reads.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "model/archive.h"
#include "util/byte_out.h"
#include "util/digest.h"
#include "util/file_system.h"

namespace annals {

// The digest of what each read of `archive` sees.
//
// - kLink: the record's address and label;
// - kWhole: the sum of the file it was read from, its id, every resolved field (records
//   named by id, so that a record added elsewhere does not change it) and the record
//   each of its references resolved to;
// - kList: the ids of the kind's records in order (and, for meetings, by date);
// - kAll: the kind's list and every record's kWhole digest.
class ArchiveDigests {
 public:
  // `context`: what every file depends on besides the archive; the archive's settings
  // are summed into it.
  ArchiveDigests(const Archive& archive, const Digest& context);

  const Digest& context() const { return context_; }
  // Null for a read of a record that does not exist.
  const Digest* Of(const Read& read) const;

 private:
  Digest context_;
  std::vector<Digest> link_[kKindCount], whole_[kKindCount];
  Digest list_[kKindCount], all_[kKindCount];
};

// A piece of a file made of pieces (the whole-archive files: one per record), as the memo
// keeps it. A piece's bytes are a function of its own reads, logged apart from the
// file's: a piece whose reads are unchanged is taken from the previous file's bytes.
struct MemoPiece {
  std::string name;                  // unique in its file, and not made of what the piece reads
  long long offset = 0, length = 0;  // where it is in the file
  std::vector<Read> reads;
};

// A file as the memo keeps it. A file made of pieces is kept when its own reads (those
// outside its pieces, which decide which pieces it has) and its pieces' are unchanged.
struct MemoEntry {
  Digest key{};  // FileKey(), for a page whose plan has a key; zero for any other file
  long long size = 0;
  std::string sum;          // SHA-256 (hex) of its bytes
  std::vector<Read> reads;  // in the order the key sums them
  std::vector<MemoPiece> pieces;
  // Read against an archive that no longer has a record it or a piece of it read: it
  // cannot be kept whole, only its other pieces can.
  bool stale = false;
  // The run of the memo it was read from (PageMemo::Parse), when it was; not written.
  int run = -1;
};

// Where a memo's runs of files are in its bytes (PageMemo::Serialize), and what numbering
// of the records their reads are written in.
struct MemoRuns {
  struct Run {
    long long offset = 0, size = 0;  // of its bytes, after its size
    size_t files = 0;
  };
  std::vector<Run> runs;
  Digest numbering{};  // the sum of every record's id, kind by kind, in index order
};

// Reads `size` bytes from `offset` of the memo a MemoRuns describes into `bytes`; false
// when it cannot (or the memo has changed since).
using ReadMemoBytes = std::function<bool(long long offset, long long size, std::string* bytes)>;

// The key of the file named `name` that made `reads` (in that order); false when a read
// names a record that does not exist.
bool FileKey(std::string_view name, const std::vector<Read>& reads, const ArchiveDigests& digests,
             Digest* key);

// Whether the page `entry` describes, under the key name `name` (its path and its plan's
// key), would be made with the same bytes now, when `unchanged_pieces` tells it for each
// of its pieces (PageMemo::ReadsUnchanged): its key, summed again, is the one it had.
bool Unchanged(std::string_view name, const MemoEntry& entry, const ArchiveDigests& digests,
               const std::vector<char>& unchanged_pieces);

// Where an entry is in a MemoScratch.
struct MemoSpan {
  long long offset = -1, size = 0;
};

// The entries of the files a build makes, as the memo writes them, put in a scratch file
// as they come instead of being held: at 10,000 meetings they are some 100 MB.
class MemoScratch {
 public:
  // Makes the scratch file at `path` anew, for entries of reads of `archive`.
  MemoScratch(FileSystem& fs, std::string path, const Archive& archive);
  ~MemoScratch();  // removes the file
  // Puts what the memo writes of `entry` but its path and sum in the file; on any thread.
  MemoSpan Add(const MemoEntry& entry);
  // Once every entry is added: the file, whole and open for reading.
  Status Finish();
  // After Finish(): the bytes of the entry at `span`, on any thread; false when they
  // cannot be had.
  bool Read(MemoSpan span, std::string* bytes) const;

 private:
  void Flush();  // with `mutex_` held

  FileSystem& fs_;
  const std::string path_;
  int first_[kKindCount] = {};  // the number of the first record of each kind
  std::mutex mutex_;            // guards what follows
  std::unique_ptr<WritableFile> out_;
  std::string buffer_;
  long long written_ = 0;
  Status status_ = Status::Ok();
  std::unique_ptr<ReadableFile> in_;
};

// A file of the site being made, as its memo will have it: the entry the previous memo
// has of it, when it was kept, or else where the scratch holds its entry.
struct NextMemoFile {
  std::string path;
  const MemoEntry* kept = nullptr;
  MemoSpan made;
};

// Writes the memo of the site made (PageMemo::Serialize) whose manifest has the sum
// `manifest_sum`, of the files `files` (in path order) whose sums `sum_of` gives, to
// `out`, copying runs of the memo read as Serialize does. False when an entry of
// `scratch` cannot be read: what is written then is not a whole memo, which Parse
// takes for none.
bool WriteMemo(const Archive& archive, const ArchiveDigests& digests,
               const std::string& manifest_sum, const std::vector<NextMemoFile>& files,
               const std::function<std::string(const std::string& path)>& sum_of,
               const MemoScratch& scratch, ByteOut& out, const MemoRuns& previous,
               const ReadMemoBytes& read_previous);

class PageMemo {
 public:
  // The SHA-256 (hex) of the manifest of the site the memo describes: a memo is only
  // good for the site it was written with.
  std::string manifest_sum;
  std::map<std::string, MemoEntry> files;  // by path in the site

  // The memo as bytes (binary, not text), its records named by kind and id, so that it
  // can be read against an archive whose records are numbered differently, with the
  // digest of every read of `archive` (`digests`), handed to `out` a part at a time;
  // nothing when the archive has too many records for a read to name them (over 2^30).
  // Files are written in runs, which end at paths chosen by their bytes alone, so that a
  // run holds the same files from build to build until one of them comes or goes. A run
  // whose files were all kept from the memo `previous` (runs() of the memo parsed, whose
  // bytes `read_previous` reads), whole and with the same numbering of records, is
  // copied from its bytes, not written again: they are the bytes it would have.
  void Serialize(const Archive& archive, const ArchiveDigests& digests, ByteOut& out,
                 const MemoRuns& previous = {}, const ReadMemoBytes& read_previous = {}) const;
  // The same bytes, whole.
  std::string Serialize(const Archive& archive, const ArchiveDigests& digests) const;
  // Reads `text` written by Serialize(), renumbering each read for `archive`, whose
  // reads have the digests `now`. A file that read a record `archive` no longer has is
  // stale, and left out unless it has pieces, of which those that read such a record
  // are left out; text that is not a memo gives an empty one.
  static PageMemo Parse(std::string_view text, const Archive& archive, const ArchiveDigests& now);
  // The same from a memo of `size` bytes that `read` reads, a part at a time (from
  // several threads at once), so that it is never held whole.
  static PageMemo Parse(long long size, const ReadMemoBytes& read, const Archive& archive,
                        const ArchiveDigests& now);

  // Whether every read of `reads` (as Parse() renumbered them) has the digest it had
  // when the memo was written, and so does the context: a file or piece made of those
  // reads alone would have the bytes it had. Tells it from the digests the memo keeps,
  // without summing a key. False for a memo that was not parsed.
  bool ReadsUnchanged(const std::vector<Read>& reads) const;
  // Whether `entry` would be made with the same bytes at the path it is kept under, when
  // `unchanged_pieces` tells it for each of its pieces (ReadsUnchanged() of their reads).
  bool Unchanged(const MemoEntry& entry, const std::vector<char>& unchanged_pieces) const;

  // Where the runs of the memo parsed are in its bytes; MemoEntry::run numbers them.
  const MemoRuns& runs() const { return runs_; }

 private:
  MemoRuns runs_;
  // Which reads see what they saw when the memo was written, by kind (and by index now
  // for kLink and kWhole); set by Parse().
  bool context_same_ = false;
  bool list_same_[kKindCount] = {}, all_same_[kKindCount] = {};
  std::vector<char> link_same_[kKindCount], whole_same_[kKindCount];
};

}  // namespace annals
