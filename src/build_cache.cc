#include "build_cache.h"

#include <istream>
#include <sstream>

#include "util/parallel.h"
#include "write/manifest.h"

namespace annals {

namespace {

constexpr char kHeader[] = "annals build cache 1";

// A file changed this shortly before the cache was written may have changed again
// within the same tick of the file system's clock (up to 2 s on some), keeping its
// stamp: its recorded sum is not trusted.
constexpr long long kRacyNs = 2'000'000'000;

std::string StampText(const FileStamp& s) {
  return std::to_string(s.size) + " " + std::to_string(s.modified_ns) + " " +
         std::to_string(s.changed_ns) + " " + std::to_string(s.inode);
}

bool ReadStamp(std::istream& in, FileStamp* s) {
  return static_cast<bool>(in >> s->size >> s->modified_ns >> s->changed_ns >> s->inode);
}

}  // namespace

std::string CachePath(const std::string& out_dir) {
  std::string path = out_dir;
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path + ".annals-cache";
}

BuildCache BuildCache::Load(FileSystem& fs, const std::string& path) {
  BuildCache cache;
  std::string text;
  if (!fs.ReadFile(path, &text).ok()) return cache;
  std::istringstream in(text);
  std::string header, word;
  if (!std::getline(in, header) || header != kHeader) return cache;
  BuildCache read;
  if (!(in >> word) || word != "key" || !(in >> read.key)) return cache;
  if (!(in >> word) || word != "manifest" || !ReadStamp(in, &read.manifest)) return cache;
  const long long written_ns = fs.Stamp(path).modified_ns;
  // "<sha256> <stamp> <path>" per input; the path is the rest of the line.
  for (InputSum sum; in >> sum.sha256 && ReadStamp(in, &sum.stamp);) {
    std::string input;
    in.get();
    if (!std::getline(in, input)) return cache;
    if (sum.stamp.modified_ns < written_ns - kRacyNs && sum.stamp.changed_ns < written_ns - kRacyNs)
      read.inputs[input] = sum;
  }
  return read;
}

Status BuildCache::Save(FileSystem& fs, const std::string& path) const {
  std::string text =
      std::string(kHeader) + "\nkey " + key + "\nmanifest " + StampText(manifest) + "\n";
  for (const auto& [input, sum] : inputs)
    text += sum.sha256 + " " + StampText(sum.stamp) + " " + input + "\n";
  const std::string temporary = path + ".new";
  if (Status s = fs.WriteFile(temporary, text); !s.ok()) return s;
  if (fs.FileSize(path) >= 0) fs.RemoveTree(path);  // a file; never someone's folder
  return fs.Rename(temporary, path);
}

Status SumInputs(FileSystem& fs, const std::vector<std::string>& folders,
                 const std::string& identity, const BuildCache& previous, BuildCache* next) {
  std::vector<std::string> files;
  for (const std::string& folder : folders)
    if (Status s = fs.ListFiles(folder, &files); !s.ok()) return s;
  std::vector<InputSum> sums(files.size());
  ParallelFor(files.size(), [&](size_t i) {
    InputSum& sum = sums[i];
    sum.stamp = fs.Stamp(files[i]);
    auto known = previous.inputs.find(files[i]);
    if (known != previous.inputs.end() && known->second.stamp == sum.stamp && sum.stamp.size >= 0) {
      sum.sha256 = known->second.sha256;
      return;
    }
    std::string bytes;
    // A link that leads nowhere or a file that vanished: its absence is what is summed.
    if (fs.ReadFile(files[i], &bytes).ok())
      sum.sha256 = Sha256Hex(bytes);
    else
      sum.sha256 = "-";
  });
  std::string all = identity + "\n";
  for (size_t i = 0; i < files.size(); ++i) all += sums[i].sha256 + " " + files[i] + "\n";
  next->key = Sha256Hex(all);
  next->inputs.clear();
  for (size_t i = 0; i < files.size(); ++i)
    if (sums[i].sha256 != "-") next->inputs[files[i]] = sums[i];
  return Status::Ok();
}

}  // namespace annals
