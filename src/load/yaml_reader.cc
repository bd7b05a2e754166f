#include "load/yaml_reader.h"

#include <algorithm>

#include "load/link_safety.h"
#include "load/references.h"
#include "load/yaml_errors.h"

namespace annals {

namespace {

constexpr std::string_view kNotRecorded = "not recorded";

bool IsAbsent(const YamlNode& node) { return node.IsNull(); }

std::string Describe(const YamlNode& node) {
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  return "'" + std::string(node.scalar()) + "'";
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
  return where;
}

SourceLocation YamlSource::At(const YamlNode& node) const {
  if (!node.has_place()) return SourceLocation::File(path_);
  // Plain or quoted text is underlined as written, quotes included, up to the end of its
  // first line.
  const size_t start = std::min(node.start().offset, text_.size());
  size_t end = std::min(node.end().offset, text_.size());
  int length = 1;
  if (node.IsScalar() && (node.style() == YamlStyle::kPlain || node.quoted()) && end > start) {
    if (node.end().line != node.start().line) {
      std::string_view line = lines_.Line(lines_.LineOf(start));
      end = lines_.LineStart(lines_.LineOf(start)) +
            line.substr(0, line.find_last_not_of(" \t") + 1).size();
    }
    if (end > start) length = CountCharacters(text_.substr(start, end - start));
  }
  return At(start, length);
}

void YamlSource::Error(const SourceLocation& where, std::string message, std::string hint) {
  std::string line;
  if (where.path == path_) line = std::string(lines_.Line(where.line));
  sink_.Error(where, std::move(message), std::move(hint), std::move(line));
}

std::optional<YamlTree> YamlSource::Parse(size_t length) {
  const std::string_view parsed = text_.substr(0, length);
  YamlError error;
  std::optional<YamlTree> tree = YamlTree::Parse(parsed, &error);
  if (!tree) {
    YamlErrorExplanation why = ExplainYamlError(error, parsed, lines_);
    Error(At(why.offset, why.length), std::move(why.message), std::move(why.hint));
  }
  return tree;
}

bool YamlSource::IsNotRecorded(const YamlNode& node) const {
  return node.IsScalar() && node.scalar() == kNotRecorded;
}

std::optional<std::string> YamlSource::Text(const YamlNode& node, std::string_view field) {
  if (IsAbsent(node)) {
    Error(At(node), "'" + std::string(field) + "' has no value");
    return std::nullopt;
  }
  if (!node.IsScalar()) {
    const size_t start = node.start().offset;
    const bool bracket = start < text_.size() && (text_[start] == '[' || text_[start] == '{');
    Error(At(node), "'" + std::string(field) + "' should be text, not " + Describe(node),
          bracket ? "YAML reads brackets as a list or mapping; put the text in quotes to keep them"
                  : "");
    return std::nullopt;
  }
  return std::string(node.scalar());
}

std::optional<std::string> YamlSource::Id(const YamlNode& node, std::string_view field) {
  auto text = Text(node, field);
  if (!text) return std::nullopt;
  if (std::string why = CheckId(*text); !why.empty()) {
    Error(At(node), "'" + *text + "' is not a valid id", why);
    return std::nullopt;
  }
  return text;
}

std::optional<int> YamlSource::Integer(const YamlNode& node, std::string_view field) {
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

std::optional<bool> YamlSource::Boolean(const YamlNode& node, std::string_view field) {
  auto text = Text(node, field);
  if (!text) return std::nullopt;
  if (*text == "true") return true;
  if (*text == "false") return false;
  Error(At(node), "'" + std::string(field) + "' should be true or false, not '" + *text + "'");
  return std::nullopt;
}

std::optional<int> YamlSource::Choice(const YamlNode& node, std::string_view field,
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

std::optional<PartialDate> YamlSource::Date(const YamlNode& node, std::string_view field,
                                            bool allow_tbd) {
  auto text = Text(node, field);
  if (!text) return std::nullopt;
  std::string error, hint;
  auto date = PartialDate::Parse(*text, allow_tbd, &error, &hint);
  if (!date) Error(At(node), error, hint);
  return date;
}

Markdown YamlSource::MarkdownText(const YamlNode& node, std::string_view field) {
  auto text = Text(node, field);
  if (!text) return {};
  return MarkdownAt(std::move(*text), node.start().offset);
}

SourceLocation YamlSource::Locate(std::string_view value, size_t at, const std::string& written,
                                  size_t offset) const {
  int occurrence = 0;
  for (size_t i = value.find(written); i < at; i = value.find(written, i + 1)) ++occurrence;
  size_t found = text_.find(written, offset);
  for (; occurrence > 0 && found != std::string_view::npos; --occurrence)
    found = text_.find(written, found + 1);
  return found == std::string_view::npos ? At(offset) : At(found, CountCharacters(written));
}

Markdown YamlSource::MarkdownAt(std::string text, size_t offset) {
  Markdown markdown;
  // The k-th "[[rec:x]]" of the value (counting copies in code, which are skipped as
  // references) is the k-th after the value's start in the file.
  for (const ReferenceSpan& span : FindReferenceSpans(text)) {
    std::string written = text.substr(span.offset, span.length);
    SourceLocation where = Locate(text, span.offset, written, offset);
    Ref ref;
    std::string error, hint;
    if (!ParseReference(span.inner, /*allow_label=*/true, &ref, &error, &hint)) {
      Error(where, error, hint);
      continue;
    }
    ref.written = Ref::Written::kMarkdown;
    ref.where = std::move(where);
    markdown.refs.push_back(std::move(ref));
  }
  for (const MarkdownHazard& hazard : FindMarkdownHazards(text, allow_html_))
    Error(Locate(text, hazard.offset, hazard.written, offset), hazard.message, hazard.hint);
  markdown.text = std::move(text);
  return markdown;
}

std::optional<Ref> YamlSource::IdRef(const YamlNode& node, std::string_view field, Kind kind,
                                     Ref::Filter filter) {
  auto id = Id(node, field);
  if (!id) return std::nullopt;
  Ref ref;
  ref.kind = kind;
  ref.filter = filter;
  ref.id = *id;
  ref.written = Ref::Written::kId;
  ref.where = At(node);
  return ref;
}

std::optional<std::optional<Ref>> YamlSource::IdRefOrNotRecorded(const YamlNode& node,
                                                                 std::string_view field,
                                                                 Kind kind) {
  if (IsNotRecorded(node)) return std::optional<Ref>();
  auto ref = IdRef(node, field, kind);
  if (!ref) return std::nullopt;
  return std::optional<Ref>(std::move(ref));
}

std::vector<Ref> YamlSource::IdRefs(const YamlNode& node, std::string_view field, Kind kind) {
  std::vector<Ref> refs;
  if (node.IsScalar()) {
    if (auto ref = IdRef(node, field, kind)) refs.push_back(std::move(*ref));
    return refs;
  }
  for (const YamlNode& item : Items(&node, field))
    if (auto ref = IdRef(item, field, kind)) refs.push_back(std::move(*ref));
  return refs;
}

std::optional<RefList> YamlSource::IdRefsOrNotRecorded(const YamlNode& node, std::string_view field,
                                                       Kind kind) {
  if (IsNotRecorded(node)) return RefList();
  if (IsAbsent(node)) {
    Error(At(node), "'" + std::string(field) + "' has no value",
          "write a list of ids, [] for none, or 'not recorded'");
    return std::nullopt;
  }
  return RefList(IdRefs(node, field, kind));
}

std::vector<Ref> YamlSource::TypedRefs(const YamlNode* node, std::string_view field) {
  std::vector<Ref> refs;
  for (const YamlNode& item : Items(node, field)) {
    auto text = Text(item, field);
    if (!text) continue;
    Ref ref;
    std::string error, hint;
    if (!ParseReference(*text, /*allow_label=*/false, &ref, &error, &hint)) {
      Error(At(item), error, hint);
      continue;
    }
    ref.written = TypedOrId(*text);
    ref.where = At(item);
    refs.push_back(std::move(ref));
  }
  return refs;
}

YamlItems YamlSource::Items(const YamlNode* node, std::string_view field) {
  if (!node || IsAbsent(*node)) return {};
  if (!node->IsSequence()) {
    Error(At(*node), "'" + std::string(field) + "' should be a list, not " + Describe(*node),
          "write each item on its own line starting with '- '");
    return {};
  }
  return node->items();
}

MapReader::MapReader(YamlSource& source, const YamlNode& map, std::string what)
    : source_(source), map_(map), what_(std::move(what)), where_(source.At(map)) {
  if (!map.IsMap()) {
    ok_ = false;
    source_.Error(where_,
                  "expected the fields of " + what_ + ", found " +
                      (IsAbsent(map) ? std::string("nothing") : Describe(map)),
                  "write one 'field: value' per line");
    return;
  }
  std::vector<const YamlNode*> keys;
  keys.reserve(map.entries().size());
  for (YamlEntry entry : map.entries()) {
    if (entry.key.IsScalar())
      keys.push_back(&entry.key);
    else
      source_.Error(source_.At(entry.key), "a field name must be plain text");
  }
  // Sorted by name, each name's keys in document order: every key after the first of its
  // name is a duplicate.
  std::stable_sort(keys.begin(), keys.end(),
                   [](const YamlNode* a, const YamlNode* b) { return a->scalar() < b->scalar(); });
  for (size_t i = 1, first = 0; i < keys.size(); ++i) {
    if (keys[i]->scalar() != keys[first]->scalar()) {
      first = i;
      continue;
    }
    source_.Error(
        source_.At(*keys[i]),
        "duplicate field '" + std::string(keys[i]->scalar()) + "' in " + what_,
        "the first is on line " + std::to_string(source_.At(*keys[first]).line) + "; keep one");
  }
}

const YamlNode* MapReader::Get(const char* key, bool required, const char* example) {
  known_.push_back(key);
  if (!ok_) return nullptr;
  if (const YamlNode* value = map_.Find(key)) return value;
  if (required)
    source_.Error(where_, "missing required field '" + std::string(key) + "' in " + what_,
                  "add a line '" + std::string(key) + ": " + example + "'");
  return nullptr;
}

std::string MapReader::Text(const char* key, bool required, const char* example) {
  const YamlNode* node = Get(key, required, example);
  if (!node) return "";
  return source_.Text(*node, key).value_or("");
}

std::string MapReader::WebAddress(const char* key) {
  const YamlNode* node = Get(key);
  if (!node) return "";
  std::string url = source_.Text(*node, key).value_or("");
  if (std::string why = CheckWebAddress(url); !url.empty() && !why.empty()) {
    source_.Error(source_.At(*node), "'" + url + "' is not a web address", why);
    return "";
  }
  return url;
}

Markdown MapReader::MarkdownText(const char* key, bool required) {
  const YamlNode* node = Get(key, required);
  if (!node) return {};
  return source_.MarkdownText(*node, key);
}

void MapReader::Finish() {
  if (!ok_) return;
  for (YamlEntry entry : map_.entries()) {
    const YamlNode& key = entry.key;
    if (!key.IsScalar()) continue;
    if (std::find(known_.begin(), known_.end(), key.scalar()) != known_.end()) continue;
    const std::string name(key.scalar());
    std::string guess = ClosestMatch(name, known_);
    std::vector<std::string> sorted = known_;
    std::sort(sorted.begin(), sorted.end());
    source_.Error(source_.At(key), "unknown field '" + name + "' in " + what_,
                  guess.empty() ? "known fields: " + JoinWords(sorted, ", ")
                                : "did you mean '" + guess + "'?");
  }
}

}  // namespace annals
