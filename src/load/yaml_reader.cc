#include "load/yaml_reader.h"

#include <algorithm>

#include "load/references.h"

namespace annals {

namespace {

constexpr std::string_view kNotRecorded = "not recorded";

// yaml-cpp's messages are terse; these say what the writer most likely did.
struct SyntaxHelp {
  const char* yaml_message;
  const char* message;
  const char* hint;
};

constexpr SyntaxHelp kSyntaxHelp[] = {
    {"illegal map value", "unexpected ':' in a value",
     "put text that contains ': ' in quotes, e.g. title: \"Agenda: item\""},
    {"illegal tab when looking for indentation", "tab character in indentation",
     "YAML indents with spaces only; replace the tab with spaces"},
    {"end of map not found", "a mapping is not closed where it should be",
     "check the indentation of this line against the lines above"},
    {"end of sequence not found", "a list is not closed where it should be",
     "check the indentation of this line against the lines above"},
    {"end of map flow not found", "'{' is never closed", "add the missing '}'"},
    {"end of sequence flow not found", "'[' is never closed", "add the missing ']'"},
    {"block sequence entries are not allowed in this context",
     "a list item ('- ') is not allowed here", "indent the list under its field"},
    {"unknown escape character", "unknown escape sequence in double-quoted text",
     "write a backslash as \\\\, or use single quotes"},
    {"end of single quoted scalar not found", "single-quoted text is never closed",
     "add the closing '; write '' for a quote inside"},
    {"end of double quoted scalar not found", "double-quoted text is never closed",
     "add the closing \""},
};

bool IsAbsent(const YAML::Node& node) { return !node.IsDefined() || node.IsNull(); }

std::string Describe(const YAML::Node& node) {
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  return "'" + node.Scalar() + "'";
}

}  // namespace

YamlSource::YamlSource(std::string path, std::string_view text, DiagnosticSink& sink)
    : path_(std::move(path)),
      text_(text.substr(0, 3) == "\xEF\xBB\xBF" ? text.substr(3) : text),
      lines_(text_),
      sink_(sink) {}

SourceLocation YamlSource::At(size_t offset, int length) const {
  offset = std::min(offset, text_.size());
  SourceLocation where;
  where.path = path_;
  where.line = lines_.LineOf(offset);
  where.column = lines_.ColumnOf(offset);
  where.length = std::max(1, length);
  where.line_text = std::string(lines_.Line(where.line));
  return where;
}

SourceLocation YamlSource::At(const YAML::Node& node) const {
  YAML::Mark mark = node.Mark();
  if (mark.is_null() || mark.pos < 0) return SourceLocation::File(path_);
  int length = 1;
  if (node.IsScalar() && !node.Scalar().empty() && node.Scalar().find('\n') == std::string::npos) {
    char first = text_[static_cast<size_t>(mark.pos)];
    bool quoted = first == '"' || first == '\'';
    if (quoted || node.Tag() == "?") length = CountCharacters(node.Scalar()) + (quoted ? 2 : 0);
  }
  return At(static_cast<size_t>(mark.pos), length);
}

void YamlSource::Error(const SourceLocation& where, std::string message, std::string hint) {
  sink_.Error(where, std::move(message), std::move(hint));
}

YAML::Node YamlSource::Parse(size_t length) {
  std::string text(text_.substr(0, length));
  try {
    return YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    SourceLocation where = e.mark.is_null() ? SourceLocation::File(path_)
                                            : At(static_cast<size_t>(std::max(0, e.mark.pos)));
    for (const SyntaxHelp& help : kSyntaxHelp) {
      if (e.msg == help.yaml_message) {
        Error(where, std::string("YAML syntax: ") + help.message, help.hint);
        return YAML::Node(YAML::NodeType::Undefined);
      }
    }
    Error(where, "YAML syntax: " + e.msg);
  } catch (const YAML::Exception& e) {
    Error(SourceLocation::File(path_), "cannot read this file as YAML: " + e.msg);
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

bool YamlSource::IsNotRecorded(const YAML::Node& node) const {
  return node.IsScalar() && node.Scalar() == kNotRecorded;
}

std::optional<std::string> YamlSource::Text(const YAML::Node& node, std::string_view field) {
  if (IsAbsent(node)) {
    Error(At(node), "'" + std::string(field) + "' has no value");
    return std::nullopt;
  }
  if (!node.IsScalar()) {
    Error(At(node), "'" + std::string(field) + "' should be text, not " + Describe(node));
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<std::string> YamlSource::Id(const YAML::Node& node, std::string_view field) {
  auto text = Text(node, field);
  if (!text) return std::nullopt;
  if (std::string why = CheckId(*text); !why.empty()) {
    Error(At(node), "'" + *text + "' is not a valid id", why);
    return std::nullopt;
  }
  return text;
}

std::optional<int> YamlSource::Integer(const YAML::Node& node, std::string_view field) {
  auto text = Text(node, field);
  if (!text) return std::nullopt;
  bool digits =
      !text->empty() && text->size() <= 9 &&
      std::all_of(text->begin(), text->end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) {
    Error(At(node), "'" + std::string(field) + "' should be a whole number, not '" + *text + "'");
    return std::nullopt;
  }
  return std::stoi(*text);
}

std::optional<bool> YamlSource::Boolean(const YAML::Node& node, std::string_view field) {
  auto text = Text(node, field);
  if (!text) return std::nullopt;
  if (*text == "true") return true;
  if (*text == "false") return false;
  Error(At(node), "'" + std::string(field) + "' should be true or false, not '" + *text + "'");
  return std::nullopt;
}

std::optional<int> YamlSource::Choice(const YAML::Node& node, std::string_view field,
                                      const std::vector<std::string>& choices) {
  auto text = Text(node, field);
  if (!text) return std::nullopt;
  auto it = std::find(choices.begin(), choices.end(), *text);
  if (it != choices.end()) return static_cast<int>(it - choices.begin());
  std::string guess = ClosestMatch(*text, choices);
  Error(At(node), "'" + *text + "' is not a valid " + std::string(field),
        guess.empty() ? "use " + JoinWords(choices, " or ") : "did you mean '" + guess + "'?");
  return std::nullopt;
}

std::optional<PartialDate> YamlSource::Date(const YAML::Node& node, std::string_view field,
                                            bool allow_tbd) {
  auto text = Text(node, field);
  if (!text) return std::nullopt;
  std::string error, hint;
  auto date = PartialDate::Parse(*text, allow_tbd, &error, &hint);
  if (!date) Error(At(node), error, hint);
  return date;
}

Markdown YamlSource::MarkdownText(const YAML::Node& node, std::string_view field) {
  auto text = Text(node, field);
  if (!text) return {};
  YAML::Mark mark = node.Mark();
  return MarkdownAt(std::move(*text), mark.is_null() ? 0 : static_cast<size_t>(mark.pos));
}

Markdown YamlSource::MarkdownAt(std::string text, size_t offset) {
  Markdown markdown;
  // A reference is located in the source as the same occurrence of the same text: the
  // k-th "[[rec:x]]" of the value (counting copies in code, which are skipped as
  // references) is the k-th after the value's start in the file, whatever the YAML
  // quoting or indentation.
  for (const ReferenceSpan& span : FindReferenceSpans(text)) {
    std::string written = text.substr(span.offset, span.length);
    int occurrence = 0;
    for (size_t at = text.find(written); at < span.offset; at = text.find(written, at + 1))
      ++occurrence;
    size_t found = text_.find(written, offset);
    for (; occurrence > 0 && found != std::string_view::npos; --occurrence)
      found = text_.find(written, found + 1);
    SourceLocation where =
        found == std::string_view::npos ? At(offset) : At(found, CountCharacters(written));
    Ref ref;
    std::string error, hint;
    if (!ParseReference(span.inner, /*allow_label=*/true, &ref, &error, &hint)) {
      Error(where, error, hint);
      continue;
    }
    ref.written = std::move(written);
    ref.where = std::move(where);
    markdown.refs.push_back(std::move(ref));
  }
  markdown.text = std::move(text);
  return markdown;
}

std::optional<Ref> YamlSource::IdRef(const YAML::Node& node, std::string_view field, Kind kind,
                                     Ref::Filter filter) {
  auto id = Id(node, field);
  if (!id) return std::nullopt;
  Ref ref;
  ref.kind = kind;
  ref.filter = filter;
  ref.id = *id;
  ref.written = *id;
  ref.where = At(node);
  return ref;
}

std::optional<std::optional<Ref>> YamlSource::IdRefOrNotRecorded(const YAML::Node& node,
                                                                 std::string_view field,
                                                                 Kind kind) {
  if (IsNotRecorded(node)) return std::optional<Ref>();
  auto ref = IdRef(node, field, kind);
  if (!ref) return std::nullopt;
  return std::optional<Ref>(std::move(ref));
}

std::vector<Ref> YamlSource::IdRefs(const YAML::Node& node, std::string_view field, Kind kind) {
  std::vector<Ref> refs;
  if (node.IsScalar()) {
    if (auto ref = IdRef(node, field, kind)) refs.push_back(std::move(*ref));
    return refs;
  }
  for (const YAML::Node& item : Items(node, field))
    if (auto ref = IdRef(item, field, kind)) refs.push_back(std::move(*ref));
  return refs;
}

std::optional<RefList> YamlSource::IdRefsOrNotRecorded(const YAML::Node& node,
                                                       std::string_view field, Kind kind) {
  if (IsNotRecorded(node)) return RefList();
  if (IsAbsent(node)) {
    Error(At(node), "'" + std::string(field) + "' has no value",
          "write a list of ids, [] for none, or 'not recorded'");
    return std::nullopt;
  }
  return RefList(IdRefs(node, field, kind));
}

std::vector<Ref> YamlSource::TypedRefs(const YAML::Node& node, std::string_view field) {
  std::vector<Ref> refs;
  for (const YAML::Node& item : Items(node, field)) {
    auto text = Text(item, field);
    if (!text) continue;
    Ref ref;
    std::string error, hint;
    if (!ParseReference(*text, /*allow_label=*/false, &ref, &error, &hint)) {
      Error(At(item), error, hint);
      continue;
    }
    ref.written = *text;
    ref.where = At(item);
    refs.push_back(std::move(ref));
  }
  return refs;
}

std::vector<YAML::Node> YamlSource::Items(const YAML::Node& node, std::string_view field) {
  std::vector<YAML::Node> items;
  if (IsAbsent(node)) return items;
  if (!node.IsSequence()) {
    Error(At(node), "'" + std::string(field) + "' should be a list, not " + Describe(node),
          "write each item on its own line starting with '- '");
    return items;
  }
  for (const YAML::Node& item : node) items.push_back(item);
  return items;
}

MapReader::MapReader(YamlSource& source, const YAML::Node& map, std::string what)
    : source_(source), map_(map), what_(std::move(what)), where_(source.At(map)) {
  if (!map.IsMap()) {
    ok_ = false;
    source_.Error(where_,
                  "expected the fields of " + what_ + ", found " +
                      (IsAbsent(map) ? std::string("nothing") : Describe(map)),
                  "write one 'field: value' per line");
    return;
  }
  std::map<std::string, int> first_line;
  // Range-for keeps each entry alive; yaml-cpp's it->first is a temporary.
  for (const auto& entry : map) {
    const YAML::Node& key = entry.first;
    if (!key.IsScalar()) {
      source_.Error(source_.At(key), "a field name must be plain text");
      continue;
    }
    SourceLocation at = source_.At(key);
    auto [seen, inserted] = first_line.try_emplace(key.Scalar(), at.line);
    if (!inserted)
      source_.Error(at, "duplicate field '" + key.Scalar() + "' in " + what_,
                    "the first is on line " + std::to_string(seen->second) + "; keep one");
  }
}

YAML::Node MapReader::Get(const char* key, bool required, const char* example) {
  known_.push_back(key);
  if (!ok_) return YAML::Node(YAML::NodeType::Undefined);
  for (const auto& entry : map_)
    if (entry.first.IsScalar() && entry.first.Scalar() == key) return entry.second;
  if (required)
    source_.Error(where_, "missing required field '" + std::string(key) + "' in " + what_,
                  "add a line '" + std::string(key) + ": " + example + "'");
  return YAML::Node(YAML::NodeType::Undefined);
}

std::string MapReader::Text(const char* key, bool required, const char* example) {
  YAML::Node node = Get(key, required, example);
  if (!node.IsDefined()) return "";
  return source_.Text(node, key).value_or("");
}

Markdown MapReader::MarkdownText(const char* key, bool required) {
  YAML::Node node = Get(key, required);
  if (!node.IsDefined()) return {};
  return source_.MarkdownText(node, key);
}

void MapReader::Finish() {
  if (!ok_) return;
  for (const auto& entry : map_) {
    const YAML::Node& key = entry.first;
    if (!key.IsScalar()) continue;
    if (std::find(known_.begin(), known_.end(), key.Scalar()) != known_.end()) continue;
    std::string guess = ClosestMatch(key.Scalar(), known_);
    std::vector<std::string> sorted = known_;
    std::sort(sorted.begin(), sorted.end());
    source_.Error(source_.At(key), "unknown field '" + key.Scalar() + "' in " + what_,
                  guess.empty() ? "known fields: " + JoinWords(sorted, ", ")
                                : "did you mean '" + guess + "'?");
  }
}

}  // namespace annals
