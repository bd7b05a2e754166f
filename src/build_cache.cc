#include "build_cache.h"

#include <algorithm>
#include <string_view>

#include "util/digest.h"
#include "util/parallel.h"
#include "util/text.h"
#include "write/manifest.h"

namespace annals {

namespace {

constexpr char kHeader[] = "annals build cache 3";

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

// The cache's header, the lines before the table, is shorter than this.
constexpr size_t kHeaderBytes = 4096;

BuildCache BuildCache::Load(FileSystem& fs, const std::string& path) {
  std::string start;
  if (!fs.ReadFileStart(path, kHeaderBytes, &start).ok()) return {};
  std::string_view text = start;
  BuildCache read;
  if (Rest(text) != kHeader || !ReadField(text, "key", &read.key) ||
      !ReadField(text, "stamps", &read.stamps) || NextWord(text) != "stamped" ||
      !ReadNumber(text, &read.stamped_ns_) || Rest(text) != "" || NextWord(text) != "newest" ||
      !ReadNumber(text, &read.newest_ns_) || Rest(text) != "" || NextWord(text) != "manifest" ||
      !ReadStamp(text, &read.manifest) || Rest(text) != "")
    return {};
  if (read.stamps == "-" || read.newest_ns_ >= read.stamped_ns_ - kRacyNs) read.stamps.clear();
  start.resize(start.size() - text.size());
  read.source_ = &fs;
  read.source_path_ = path;
  read.header_ = std::move(start);
  return read;
}

const std::string& BuildCache::table() const {
  if (table_) return *table_;
  table_.emplace();
  std::string contents;
  // Replaced since the header was read: nothing is known of the inputs.
  if (source_ && source_->ReadFile(source_path_, &contents).ok() &&
      std::string_view(contents).starts_with(header_)) {
    contents.erase(0, header_.size());
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
                           "\nmanifest " + StampText(manifest) + "\n" + table();
  return ReplaceFile(fs, path, text);
}

Status SumInputs(FileSystem& fs, const std::vector<std::string>& folders,
                 const std::string& identity, long long stamped_ns, const BuildCache& previous,
                 BuildCache* next) {
  std::vector<StampedFile> files;
  for (const std::string& folder : folders)
    if (Status s = fs.ListStampedFiles(folder, &files); !s.ok()) return s;
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
