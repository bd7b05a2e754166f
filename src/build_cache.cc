#include "build_cache.h"

#include <algorithm>
#include <string_view>

#include "util/digest.h"
#include "util/parallel.h"
#include "util/text.h"
#include "write/manifest.h"

namespace annals {

namespace {

constexpr char kHeader[] = "annals build cache 4";

// A file changed this shortly before it was stamped may have changed again within the
// same tick of the file system's clock (up to 2 s on some), keeping its stamp: its
// recorded sum is not trusted.
constexpr long long kRacyNs = 2'000'000'000;

std::string StampText(const FileStamp& s) {
  return std::to_string(s.size) + " " + std::to_string(s.modified_ns) + " " +
         std::to_string(s.changed_ns) + " " + std::to_string(s.inode);
}

template <typename Number>
bool ReadNumber(std::string_view& text, Number* n) {
  return ParseNumber(NextWord(text), n);
}

bool ReadStamp(std::string_view& text, FileStamp* s) {
  return ReadNumber(text, &s->size) && ReadNumber(text, &s->modified_ns) &&
         ReadNumber(text, &s->changed_ns) && ReadNumber(text, &s->inode);
}

// The rest of the line, and the line break; "" at the end of the text.
std::string_view Rest(std::string_view& text) {
  std::string_view line;
  NextLine(text, &line);
  return line;
}

// "<name> <value>\n"
bool ReadField(std::string_view& text, std::string_view name, std::string* value) {
  if (NextWord(text) != name) return false;
  *value = std::string(Rest(text));
  return true;
}

}  // namespace

namespace {

// The file named `out_dir` and `suffix`, beside the output folder.
std::string Beside(const std::string& out_dir, const char* suffix) {
  std::string path = out_dir;
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path + suffix;
}

}  // namespace

std::string CachePath(const std::string& out_dir) { return Beside(out_dir, ".annals-cache"); }

std::string PageMemoPath(const std::string& out_dir) { return Beside(out_dir, ".annals-pages"); }

std::string RecordCachePath(const std::string& out_dir) {
  return Beside(out_dir, ".annals-records");
}

// The cache's header, the lines before the listing, is shorter than this.
constexpr size_t kHeaderBytes = 4096;

BuildCache BuildCache::Load(FileSystem& fs, const std::string& path) {
  std::string start;
  if (!fs.ReadFileRange(path, 0, kHeaderBytes, &start).ok()) return {};
  std::string_view text = start;
  BuildCache read;
  size_t listing_bytes = 0;
  if (Rest(text) != kHeader || !ReadField(text, "key", &read.key) ||
      !ReadField(text, "stamps", &read.stamps) || NextWord(text) != "stamped" ||
      !ReadNumber(text, &read.stamped_ns_) || Rest(text) != "" || NextWord(text) != "newest" ||
      !ReadNumber(text, &read.newest_ns_) || Rest(text) != "" || NextWord(text) != "manifest" ||
      !ReadStamp(text, &read.manifest) || Rest(text) != "" || NextWord(text) != "listing" ||
      !ReadNumber(text, &listing_bytes) || Rest(text) != "")
    return {};
  if (read.stamps == "-" || read.newest_ns_ >= read.stamped_ns_ - kRacyNs) read.stamps.clear();
  const size_t header = start.size() - text.size();
  if (start.size() < header + listing_bytes) {
    std::string longer;
    if (!fs.ReadFileRange(path, 0, header + listing_bytes, &longer).ok() ||
        longer.size() < header + listing_bytes || longer.compare(0, header, start, 0, header) != 0)
      return {};
    start = std::move(longer);
  }
  read.listing_ = std::make_shared<const std::string>(start, header, listing_bytes);
  start.resize(header + listing_bytes);
  read.source_ = &fs;
  read.source_path_ = path;
  read.header_ = std::make_shared<const std::string>(std::move(start));
  return read;
}

const std::string& BuildCache::table() const {
  if (table_) return *table_;
  table_.emplace();
  std::string contents;
  // Replaced since the header was read: nothing is known of the inputs.
  if (source_ && header_ && source_->ReadFile(source_path_, &contents).ok() &&
      std::string_view(contents).starts_with(*header_)) {
    contents.erase(0, header_->size());
    *table_ = std::move(contents);
  }
  return *table_;
}

void BuildCache::TakeTableOf(const BuildCache& other) {
  source_ = other.source_;
  source_path_ = other.source_path_;
  header_ = other.header_;
  table_ = other.table_;
}

const std::map<std::string, InputSum>& BuildCache::inputs() const {
  if (inputs_) return *inputs_;
  inputs_.emplace();
  std::string_view text = table();
  for (InputSum sum; !text.empty();) {
    sum.sha256 = std::string(NextWord(text));
    if (!ReadStamp(text, &sum.stamp)) break;
    std::string_view input = Rest(text);
    if (sum.stamp.modified_ns < stamped_ns_ - kRacyNs &&
        sum.stamp.changed_ns < stamped_ns_ - kRacyNs)
      (*inputs_)[std::string(input)] = sum;
  }
  return *inputs_;
}

Status BuildCache::Save(FileSystem& fs, const std::string& path) const {
  const std::string text = std::string(kHeader) + "\nkey " + key + "\nstamps " +
                           (stamps.empty() ? "-" : stamps) + "\nstamped " +
                           std::to_string(stamped_ns_) + "\nnewest " + std::to_string(newest_ns_) +
                           "\nmanifest " + StampText(manifest) + "\nlisting " +
                           std::to_string(listing_ ? listing_->size() : 0) + "\n" +
                           (listing_ ? *listing_ : "") + table();
  return ReplaceFile(fs, path, text);
}

namespace {

// The files `listing` (BuildCache::listing_) names, unstamped, when it lists `roots` and
// none of its folders' stamps has changed; false, leaving `files` empty, else.
bool ListAsBefore(FileSystem& fs, std::string_view listing, const std::vector<std::string>& roots,
                  std::vector<StampedFile>* files) {
  std::vector<std::string_view> folders;
  std::vector<FileStamp> stamps;
  size_t root = 0;
  std::string_view text = listing;
  for (std::string_view before = text; !text.empty(); before = text) {
    const std::string_view word = NextWord(text);
    if (word == "root") {
      if (root >= roots.size() || Rest(text) != roots[root++]) return false;
    } else if (word == "folder") {
      stamps.emplace_back();
      if (!ReadStamp(text, &stamps.back())) return false;
      folders.push_back(Rest(text));
    } else {
      text = before;
      break;
    }
  }
  if (root != roots.size() || folders.empty()) return false;
  std::vector<char> same(folders.size());
  ParallelFor(folders.size(),
              [&](size_t i) { same[i] = fs.FolderStamp(std::string(folders[i])) == stamps[i]; });
  if (std::count(same.begin(), same.end(), 0) > 0) return false;
  while (!text.empty()) {
    if (NextWord(text) != "file") {
      files->clear();
      return false;
    }
    files->push_back({std::string(Rest(text)), {}});
  }
  fs.StampFiles(files);
  return true;
}

// The listing of `roots`, which hold `files` in `folders` (BuildCache::listing_); null
// when a name holds a line break.
std::shared_ptr<const std::string> Listing(const std::vector<std::string>& roots,
                                           const std::vector<StampedFile>& folders,
                                           const std::vector<StampedFile>& files) {
  auto listing = std::make_shared<std::string>();
  std::string& text = *listing;
  for (const std::string& root : roots) text += "root " + root + "\n";
  for (const StampedFile& folder : folders)
    text += "folder " + StampText(folder.stamp) + " " + folder.path + "\n";
  for (const StampedFile& file : files) ((text += "file ") += file.path) += '\n';
  if (std::count(text.begin(), text.end(), '\n') !=
      static_cast<std::ptrdiff_t>(roots.size() + folders.size() + files.size()))
    return nullptr;
  return listing;
}

}  // namespace

Status SumInputs(FileSystem& fs, const std::vector<std::string>& roots, const std::string& identity,
                 long long stamped_ns, const BuildCache& previous, BuildCache* next) {
  std::vector<StampedFile> files, folders;
  if (!previous.stamps.empty() && previous.newest_ns_ < previous.stamped_ns_ - kRacyNs &&
      previous.listing_ && ListAsBefore(fs, *previous.listing_, roots, &files)) {
    next->listing_ = previous.listing_;
  } else {
    for (const std::string& root : roots)
      if (Status s = fs.ListStampedFiles(root, &files, &folders); !s.ok()) return s;
    next->listing_ = Listing(roots, folders, files);
  }
  // The stamps' bytes as they are in memory: this cache is only ever read by the
  // program that wrote it (its identity is summed in). Summed a buffer at a time.
  Sha256 stamps;
  std::string buffer = identity;
  buffer += '\0';
  constexpr size_t kBuffer = 1 << 16;
  buffer.reserve(kBuffer + 4096);
  bool linked = false;
  next->newest_ns_ = 0;
  next->stamped_ns_ = stamped_ns;
  for (const StampedFile& file : files) {
    buffer.append(reinterpret_cast<const char*>(&file.stamp), sizeof file.stamp);
    buffer.append(file.path.c_str(), file.path.size() + 1);
    if (buffer.size() >= kBuffer) {
      stamps.Add(buffer);
      buffer.clear();
    }
    linked = linked || file.stamp.size < 0;
    next->newest_ns_ = std::max({next->newest_ns_, file.stamp.modified_ns, file.stamp.changed_ns});
  }
  // A folder changed too shortly before it was read may have changed again unseen.
  for (const StampedFile& folder : folders)
    next->newest_ns_ =
        std::max({next->newest_ns_, folder.stamp.modified_ns, folder.stamp.changed_ns});
  // With a link among the inputs, the stamps do not tell whether anything changed.
  if (linked) next->listing_ = nullptr;
  stamps.Add(buffer);
  next->stamps = linked ? "" : HexOf(stamps.Finish());
  next->inputs_.reset();
  if (!next->stamps.empty() && next->stamps == previous.stamps && !previous.key.empty()) {
    next->key = previous.key;
    next->TakeTableOf(previous);
    return Status::Ok();
  }
  const std::map<std::string, InputSum>& known = previous.inputs();
  std::vector<std::string> sums(files.size());
  ParallelFor(files.size(), [&](size_t i) {
    const StampedFile& file = files[i];
    auto it = known.find(file.path);
    if (it != known.end() && it->second.stamp == file.stamp && file.stamp.size >= 0) {
      sums[i] = it->second.sha256;
      return;
    }
    std::string bytes;
    // A link that leads nowhere or a file that vanished: its absence is what is summed.
    sums[i] = fs.ReadFile(file.path, &bytes).ok() ? Sha256Hex(bytes) : "-";
  });
  std::string all = identity + "\n";
  for (size_t i = 0; i < files.size(); ++i) all += sums[i] + " " + files[i].path + "\n";
  next->key = Sha256Hex(all);
  next->source_ = nullptr;
  next->table_.emplace();
  for (size_t i = 0; i < files.size(); ++i)
    if (sums[i] != "-")
      *next->table_ += sums[i] + " " + StampText(files[i].stamp) + " " + files[i].path + "\n";
  return Status::Ok();
}

}  // namespace annals
