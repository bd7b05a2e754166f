#include "write/output_tree.h"

namespace annals {

const char kOutputMarker[] = ".annals-output";

namespace {

std::string WithoutTrailingSlash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

}  // namespace

Status WriteOutputTree(FileSystem& fs, const std::string& out,
                       const std::map<std::string, std::string>& files) {
  std::string out_dir = WithoutTrailingSlash(out);
  if (fs.Exists(out_dir)) {
    if (!fs.IsDirectory(out_dir))
      return Status::IoError("'" + out_dir + "' exists and is not a folder");
    if (fs.HasEntries(out_dir) && !fs.Exists(JoinPath(out_dir, kOutputMarker)))
      return Status::IoError("refusing to replace '" + out_dir +
                             "': it holds files that annals did not write; choose another "
                             "output folder or empty this one");
  }
  const std::string staging = out_dir + ".annals-new";
  const std::string retired = out_dir + ".annals-old";
  fs.RemoveTree(staging);  // left over from a build that was killed
  fs.RemoveTree(retired);
  auto fail = [&](const Status& s) {
    fs.RemoveTree(staging);
    return s;
  };
  for (const auto& [path, contents] : files)
    if (Status s = fs.WriteFile(JoinPath(staging, path), contents); !s.ok()) return fail(s);
  if (Status s = fs.WriteFile(JoinPath(staging, kOutputMarker), "Written by annals.\n"); !s.ok())
    return fail(s);
  bool had_previous = fs.Exists(out_dir);
  if (had_previous)
    if (Status s = fs.Rename(out_dir, retired); !s.ok()) return fail(s);
  if (Status s = fs.Rename(staging, out_dir); !s.ok()) {
    if (had_previous) fs.Rename(retired, out_dir);
    return fail(s);
  }
  return fs.RemoveTree(retired);
}

}  // namespace annals
