#include "load/loader.h"

#include <cstdio>

#include "load/record_readers.h"
#include "load/yaml_reader.h"
#include "util/text.h"

namespace annals {

namespace {

enum class FileRole { kIgnored, kArchive, kPeople, kSet, kMeeting, kActions, kBriefing, kDocument };

struct Folder {
  const char* name;
  FileRole role;
  bool markdown;  // documents are .md; everything else is YAML
};

constexpr Folder kFolders[] = {
    {"people", FileRole::kPeople, false},      {"recommendations", FileRole::kSet, false},
    {"meetings", FileRole::kMeeting, false},   {"actions", FileRole::kActions, false},
    {"briefings", FileRole::kBriefing, false}, {"documents", FileRole::kDocument, true},
};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsYamlName(std::string_view name) { return EndsWith(name, ".yaml") || EndsWith(name, ".yml"); }

// What a file is for, from its path relative to the content folder. Reports files that
// sit in a record folder with the wrong extension, since they are almost always a slip.
FileRole Classify(const std::string& relative, const std::string& path, DiagnosticSink& sink) {
  if (relative == "archive.yaml") return FileRole::kArchive;
  size_t slash = relative.find('/');
  if (slash == std::string::npos) return FileRole::kIgnored;
  std::string folder = relative.substr(0, slash);
  for (const Folder& f : kFolders) {
    if (folder != f.name) continue;
    if (f.markdown ? EndsWith(relative, ".md") : IsYamlName(relative)) return f.role;
    if (f.markdown ? IsYamlName(relative) : EndsWith(relative, ".md"))
      sink.Error(SourceLocation::File(path),
                 std::string("a file in ") + f.name + "/ must be " +
                     (f.markdown ? "Markdown (.md)" : "YAML (.yaml)"),
                 f.markdown ? "documents are Markdown files with YAML front matter"
                            : "records in this folder are YAML files");
    return FileRole::kIgnored;
  }
  return FileRole::kIgnored;
}

// Splits a document into its front matter (which is parsed with the opening "---" line,
// so YAML positions are positions in the file) and the offset of its body.
bool SplitFrontMatter(YamlSource& source, size_t* front_matter_end, size_t* body_offset) {
  std::string_view text = source.text();
  auto is_marker = [](std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line == "---";
  };
  size_t eol = text.find('\n');
  if (eol == std::string_view::npos || !is_marker(text.substr(0, eol))) {
    source.Error(source.At(0), "a document starts with YAML front matter",
                 "begin the file with a line '---', the fields, and another '---'");
    return false;
  }
  size_t start = eol + 1;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
    if (is_marker(line)) {
      *front_matter_end = start;
      *body_offset = end == std::string_view::npos ? text.size() : end + 1;
      return true;
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  source.Error(source.At(0), "the front matter is never closed", "end it with a line '---'");
  return false;
}

// The kinds of record a file of `role` defines.
std::vector<Kind> KindsOf(FileRole role) {
  switch (role) {
    case FileRole::kPeople:
      return {Kind::kPerson};
    case FileRole::kSet:
      return {Kind::kSet, Kind::kRec};
    case FileRole::kMeeting:
      return {Kind::kMeeting};
    case FileRole::kActions:
      return {Kind::kAction};
    case FileRole::kBriefing:
      return {Kind::kBriefing, Kind::kQuestion};
    case FileRole::kDocument:
      return {Kind::kDoc};
    default:
      return {};
  }
}

// Reads one file; returns false when it could not be parsed at all.
bool LoadFile(FileRole role, YamlSource& source, Archive* archive) {
  if (role == FileRole::kDocument) {
    size_t front_end = 0, body = 0;
    if (!SplitFrontMatter(source, &front_end, &body)) return false;
    YAML::Node front = source.Parse(front_end);
    if (!front.IsDefined()) return false;
    ReadDocument(source, front, body, archive);
    return true;
  }
  YAML::Node root = source.Parse();
  if (!root.IsDefined()) return false;                           // a syntax error, already reported
  if (root.IsNull() && role != FileRole::kArchive) return true;  // an empty file holds nothing
  switch (role) {
    case FileRole::kArchive:
      ReadArchiveSettings(source, root, &archive->settings);
      break;
    case FileRole::kPeople:
      ReadPeople(source, root, archive);
      break;
    case FileRole::kSet:
      ReadRecommendationSet(source, root, archive);
      break;
    case FileRole::kMeeting:
      ReadMeeting(source, root, archive);
      break;
    case FileRole::kActions:
      ReadActionItems(source, root, archive);
      break;
    case FileRole::kBriefing:
      ReadBriefing(source, root, archive);
      break;
    default:
      break;
  }
  return true;
}

}  // namespace

Status LoadArchive(FileSystem& fs, const std::string& content_dir, Archive* archive,
                   DiagnosticSink& sink) {
  std::vector<std::string> files;
  if (Status s = fs.ListFiles(content_dir, &files); !s.ok())
    return Status::IoError("cannot read the content folder: " + s.message());
  size_t prefix =
      content_dir.empty() ? 0 : content_dir.size() + (content_dir.back() == '/' ? 0 : 1);

  bool has_settings = false;
  for (const std::string& path : files) {
    FileRole role = Classify(path.substr(prefix), path, sink);
    if (role == FileRole::kIgnored) continue;
    has_settings |= role == FileRole::kArchive;
    std::string text;
    if (Status s = fs.ReadFile(path, &text); !s.ok()) return s;
    YamlSource source(path, text, sink);
    if (size_t bad = FindInvalidUtf8(source.text()); bad != std::string_view::npos) {
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(source.text()[bad]));
      source.Error(source.At(bad), std::string("invalid UTF-8 (byte ") + byte + ")",
                   "save the file as UTF-8");
      for (Kind kind : KindsOf(role)) archive->MarkIncomplete(kind);
      continue;
    }
    if (!LoadFile(role, source, archive))
      for (Kind kind : KindsOf(role)) archive->MarkIncomplete(kind);
  }
  if (!has_settings)
    sink.Error(SourceLocation::File(JoinPath(content_dir, "archive.yaml")),
               "the archive has no archive.yaml",
               "create it with the archive's title and settings (see docs/content-format.md)");
  return Status::Ok();
}

}  // namespace annals
