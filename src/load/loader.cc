#include "load/loader.h"

#include <algorithm>
#include <cstdio>

#include "load/record_readers.h"
#include "load/yaml_reader.h"
#include "util/digest.h"
#include "util/parallel.h"
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

// Whether any part of the path starts with '.': editors' swap files, .git, .DS_Store.
bool IsHidden(std::string_view relative) {
  for (size_t start = 0; start < relative.size();) {
    if (relative[start] == '.') return true;
    size_t slash = relative.find('/', start);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

// What a file is for, from its path relative to the content folder. Hidden files are
// left alone. Reports what is almost always a slip: a file in a record folder with the
// wrong extension, a folder annals does not know (a misspelt "meeting/"), and YAML
// beside archive.yaml, where annals reads nothing else.
FileRole Classify(const std::string& relative, const std::string& path, DiagnosticSink& sink) {
  if (relative == "archive.yaml") return FileRole::kArchive;
  if (IsHidden(relative)) return FileRole::kIgnored;
  size_t slash = relative.find('/');
  if (slash == std::string::npos) {
    if (IsYamlName(relative))
      sink.Error(SourceLocation::File(path), "annals reads no YAML file here but archive.yaml",
                 "records go in their folders: meetings/, people/, actions/, briefings/, "
                 "recommendations/ (documents/ holds Markdown)");
    return FileRole::kIgnored;
  }
  std::string folder = relative.substr(0, slash);
  bool known = false;
  std::vector<std::string> names;
  for (const Folder& f : kFolders) {
    names.push_back(f.name);
    known |= folder == f.name;
  }
  if (!known) {
    std::string closest = ClosestMatch(folder, names);
    sink.Error(SourceLocation::File(path), "'" + folder + "/' is not a folder annals knows",
               closest.empty()
                   ? "the folders are " + JoinWords(names) +
                         "; keep other files outside the content folder, or in a folder whose name "
                         "starts with '.'"
                   : "did you mean '" + closest + "/'?");
    return FileRole::kIgnored;
  }
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
    std::optional<YamlTree> front = source.Parse(front_end);
    if (!front) return false;
    ReadDocument(source, front->root(), body, archive);
    return true;
  }
  std::optional<YamlTree> tree = source.Parse();
  if (!tree) return false;  // a syntax error, already reported
  const YamlNode& root = tree->root();
  if (root.IsNull() && role != FileRole::kArchive) {
    bool blank = source.text().find_first_not_of(" \t\r\n") == std::string_view::npos;
    source.Error(SourceLocation::File(source.path()),
                 blank ? "the file is empty" : "the file holds nothing but comments",
                 "write its records, or delete the file");
    return false;
  }
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

// The largest content file annals reads. The longest record in the SSR2 archive is a
// few dozen kilobytes; a file this size is a pasted export or a binary file.
constexpr size_t kMaxFileBytes = 16 * 1024 * 1024;

// Reports a file that is too large, is not UTF-8, or holds control characters (which
// YAML forbids and which come from pasting out of other programs).
bool IsReadableText(YamlSource& source) {
  std::string_view text = source.text();
  if (text.size() > kMaxFileBytes) {
    char size[32];
    std::snprintf(size, sizeof size, "%.1f MiB", static_cast<double>(text.size()) / (1024 * 1024));
    source.Error(
        SourceLocation::File(source.path()),
        std::string("the file is ") + size + "; annals reads content files of up to 16 MiB",
        "a record or document this large is almost certainly a mistake, such as a "
        "pasted export or a binary file; link to the original instead");
    return false;
  }
  char byte[8];
  if (size_t bad = FindInvalidUtf8(text); bad != std::string_view::npos) {
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[bad]));
    source.Error(source.At(bad), std::string("invalid UTF-8 (byte ") + byte + ")",
                 "save the file as UTF-8");
    return false;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = text[i];
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      std::snprintf(byte, sizeof byte, "U+%04X", c);
      source.Error(source.At(i), std::string("control character ") + byte + " in the file",
                   "delete it; such characters are invisible in most editors and usually come "
                   "from pasting out of another program");
      return false;
    }
  }
  return true;
}

// One file's records and mistakes, read apart from every other file.
struct FileLoad {
  Archive records;
  DiagnosticSink diagnostics;
  Status status = Status::Ok();  // not ok when the file could not be read at all
  bool is_settings = false;      // archive.yaml
};

FileLoad LoadOne(FileSystem& fs, const std::string& content_dir, const std::string& path,
                 size_t prefix, bool allow_html, RecordCache* cache) {
  FileLoad out;
  if (std::string why = fs.LinkProblem(path, content_dir); !why.empty()) {
    out.diagnostics.Error(
        SourceLocation::File(path), why,
        "annals reads only what is inside the content folder; put the file itself there");
    return out;
  }
  FileRole role = Classify(path.substr(prefix), path, out.diagnostics);
  if (role == FileRole::kIgnored) return out;
  out.is_settings = role == FileRole::kArchive;
  // archive.yaml is read every time: its settings govern how every other file is read.
  if (!out.is_settings && cache && cache->Read(path, allow_html, &out.records)) return out;
  std::string text;
  if (out.status = fs.ReadFile(path, &text); !out.status.ok()) return out;
  out.records.source_sums[path] = Sha256Hex(text);
  YamlSource source(path, text, out.diagnostics);
  source.set_allow_html(allow_html);
  if (!IsReadableText(source) || !LoadFile(role, source, &out.records)) {
    for (Kind kind : KindsOf(role)) out.records.MarkIncomplete(kind);
  } else if (!out.is_settings && cache && out.diagnostics.empty()) {
    cache->Write(path, allow_html, &out.records);
  }
  return out;
}

// Calls `visit` with a pointer to each of the Archive's lists of records.
template <typename Visit>
void ForEachRecordList(const Visit& visit) {
  visit(&Archive::people);
  visit(&Archive::sets);
  visit(&Archive::recommendations);
  visit(&Archive::meetings);
  visit(&Archive::actions);
  visit(&Archive::briefings);
  visit(&Archive::questions);
  visit(&Archive::documents);
}

// Appends one file's records to the archive's, renumbering the indices that tie them
// together (a set and its recommendations, a briefing and its questions).
void MergeRecords(Archive&& file, Archive* archive) {
  const int sets = static_cast<int>(archive->sets.size());
  const int recs = static_cast<int>(archive->recommendations.size());
  const int briefings = static_cast<int>(archive->briefings.size());
  const int questions = static_cast<int>(archive->questions.size());
  for (RecommendationSet& set : file.sets)
    for (int& rec : set.recommendations) rec += recs;
  for (Recommendation& rec : file.recommendations) rec.set += sets;
  for (Briefing& briefing : file.briefings)
    for (int& question : briefing.questions) question += questions;
  for (Question& question : file.questions) question.briefing += briefings;
  ForEachRecordList([&](auto list) {
    auto &from = file.*list, &to = archive->*list;
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  });
  archive->source_sums.merge(file.source_sums);
  for (int kind = 0; kind < kKindCount; ++kind) archive->incomplete[kind] |= file.incomplete[kind];
}

}  // namespace

Status LoadArchive(FileSystem& fs, const std::string& content_dir, Archive* archive,
                   DiagnosticSink& sink, Progress* progress, RecordCache* cache) {
  std::vector<std::string> files;
  if (Status s = fs.ListFiles(content_dir, &files); !s.ok())
    return Status::IoError("cannot read the content folder: " + s.message());
  size_t prefix =
      content_dir.empty() ? 0 : content_dir.size() + (content_dir.back() == '/' ? 0 : 1);

  // archive.yaml first, alone: its settings (allow_html) govern how every text is checked.
  // Then every other file, each on its own, on all cores; the records and mistakes of
  // each are then taken in file order, so the result does not depend on the threads.
  std::stable_partition(files.begin(), files.end(), [&](const std::string& path) {
    return path.compare(prefix, std::string::npos, "archive.yaml") == 0;
  });
  const bool settings_first =
      !files.empty() && files.front().compare(prefix, std::string::npos, "archive.yaml") == 0;
  if (progress) progress->Step("load", files.size());
  if (cache) archive->stored_texts = cache->texts();
  auto load = [&](size_t i) {
    FileLoad loaded =
        LoadOne(fs, content_dir, files[i], prefix, archive->settings.allow_html, cache);
    if (progress) progress->Advance();
    return loaded;
  };
  bool has_settings = false;
  auto merge = [&](FileLoad&& file) {
    has_settings |= file.is_settings;
    sink.Append(std::move(file.diagnostics));
    MergeRecords(std::move(file.records), archive);
  };
  size_t first = 0;
  if (settings_first) {
    FileLoad settings = load(0);
    if (!settings.status.ok()) return settings.status;
    archive->settings = settings.records.settings;
    merge(std::move(settings));
    first = 1;
  }
  // A batch of files at a time, merged in file order before the next is loaded: the
  // records loaded are not all held twice, in each file's lists and in the archive's.
  constexpr size_t kBatch = 2048;
  std::vector<FileLoad> loads;
  for (size_t begin = first; begin < files.size(); begin += kBatch) {
    loads.clear();
    loads.resize(std::min(kBatch, files.size() - begin));
    ParallelFor(loads.size(), [&](size_t i) { loads[i] = load(begin + i); });
    for (FileLoad& file : loads) {
      if (!file.status.ok()) return file.status;
      merge(std::move(file));
      file = FileLoad();  // what is left of its lists, each record moved out
    }
  }
  if (!has_settings)
    sink.Error(SourceLocation::File(JoinPath(content_dir, "archive.yaml")),
               "the archive has no archive.yaml",
               "create it with the archive's title and settings (see docs/content-format.md)");
  return Status::Ok();
}

}  // namespace annals
