#include "load/yaml_reader.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <sstream>

#include "load/link_safety.h"
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
    {"end of single quoted scalar not found", "YAML syntax: single-quoted text is never closed",
     "add the closing '; write '' for a quote inside"},
    {"end of double quoted scalar not found", "YAML syntax: double-quoted text is never closed",
     "add the closing \""},
};

// Where the quoted text that opens at `open` (a ' or ") closes, or npos when it never
// does: yaml-cpp 0.7 quietly ends an unclosed quote at the end of the file.
size_t ClosingQuote(std::string_view text, size_t open) {
  const char quote = text[open];
  for (size_t i = open + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;  // '' is a quote inside single-quoted text
      } else {
        return i;
      }
    }
  }
  return std::string_view::npos;
}

// A first pass over a file's YAML events, for what yaml-cpp accepts but an annals file
// must not hold: a second document (which YAML::Load would silently drop), anchors and
// aliases (which let a few lines expand into millions of values), and quoted text that
// is never closed. Stops at the first such mistake, which it reports.
class Screen : public YAML::EventHandler {
 public:
  // `text`: the YAML being parsed (a document's front matter is only part of the file).
  Screen(YamlSource& source, std::string_view text) : source_(source), text_(text) {}
  bool failed() const { return failed_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ == 2)
      Fail(mark, "a second YAML document in one file",
           "annals reads one document per file: remove the '---' line, or move what follows "
           "it to a file of its own");
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { Anchored(mark, anchor); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    Fail(mark, "YAML aliases ('*name') are not allowed in annals files", kAnchorHint);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string&) override {
    Anchored(mark, anchor);
    const std::string_view text = text_;
    if (tag != "!" || mark.pos < 0 || static_cast<size_t>(mark.pos) >= text.size()) return;
    const size_t open = static_cast<size_t>(mark.pos);
    if ((text[open] == '"' || text[open] == '\'') &&
        ClosingQuote(text, open) == std::string_view::npos)
      Fail(mark,
           text[open] == '"' ? "YAML syntax: double-quoted text is never closed"
                             : "YAML syntax: single-quoted text is never closed",
           text[open] == '"' ? "add the closing \""
                             : "add the closing '; write '' for a quote inside");
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Anchored(mark, anchor);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Anchored(mark, anchor);
  }
  void OnMapEnd() override {}

 private:
  static constexpr const char* kAnchorHint =
      "write the value out in full wherever it is needed; annals does not expand anchors "
      "and aliases";

  void Anchored(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor)
      Fail(mark, "YAML anchors ('&name') are not allowed in annals files", kAnchorHint);
  }
  void Fail(const YAML::Mark& mark, const char* message, const char* hint) {
    if (failed_) return;
    failed_ = true;
    source_.Error(source_.At(static_cast<size_t>(std::max(0, mark.pos))), message, hint);
  }

  YamlSource& source_;
  std::string_view text_;
  int documents_ = 0;
  bool failed_ = false;
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
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    Screen screen(*this, text);
    while (!screen.failed() && parser.HandleNextDocument(screen)) {
    }
    if (screen.failed()) return YAML::Node(YAML::NodeType::Undefined);
    return YAML::Load(text);
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp says "bad file"; the line is where the nesting got too deep.
    int line = e.mark.is_null() ? 1 : lines_.LineOf(static_cast<size_t>(std::max(0, e.mark.pos)));
    std::string_view shown = lines_.Line(line);
    size_t first =
        std::min({shown.find_first_of("[{"), shown.find_first_not_of(" \t"), shown.size()});
    if (size_t bracket = shown.find_first_of("[{"); bracket != std::string_view::npos)
      first = bracket;
    Error(At(lines_.LineStart(line) + first),
          "YAML syntax: lists and mappings are nested too deeply for annals to read",
          "annals records nest a few levels at most; look for brackets that are never closed "
          "or indentation that keeps growing");
  } catch (const YAML::ParserException& e) {
    const size_t pos = static_cast<size_t>(std::max(0, e.mark.pos));
    SourceLocation where = e.mark.is_null() ? SourceLocation::File(path_) : At(pos);
    if (!e.mark.is_null() && e.msg.rfind("unknown escape character", 0) == 0) {
      // yaml-cpp points after the escape; underline the backslash and its letter.
      size_t backslash = text_.rfind('\\', std::min(pos, text_.size() - 1));
      if (backslash != std::string_view::npos && lines_.LineOf(backslash) == where.line)
        where = At(backslash, 2);
    }
    if (!e.mark.is_null() && e.msg == "illegal map value" && IndentedPastSibling(where.line)) {
      Error(where, "YAML syntax: this line is indented more than the line above it",
            "give it the same indentation as line " + std::to_string(where.line - 1) +
                " if it belongs to the same mapping");
      return YAML::Node(YAML::NodeType::Undefined);
    }
    for (const SyntaxHelp& help : kSyntaxHelp) {
      if (e.msg.rfind(help.yaml_message, 0) == 0) {
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

bool YamlSource::IndentedPastSibling(int line) const {
  if (line < 2) return false;
  auto indent = [](std::string_view text) { return text.find_first_not_of(' '); };
  std::string_view here = lines_.Line(line), above = lines_.Line(line - 1);
  size_t colon = above.find(": ");
  // The line above is a whole "key: value" pair, and this one starts further right.
  return indent(here) != std::string_view::npos && indent(above) != std::string_view::npos &&
         indent(here) > indent(above) && colon != std::string_view::npos &&
         above.find_first_not_of(' ', colon + 1) != std::string_view::npos &&
         above[indent(above)] != '-';
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
    YAML::Mark mark = node.Mark();
    bool bracket = !mark.is_null() && mark.pos >= 0 &&
                   static_cast<size_t>(mark.pos) < text_.size() &&
                   (text_[mark.pos] == '[' || text_[mark.pos] == '{');
    Error(At(node), "'" + std::string(field) + "' should be text, not " + Describe(node),
          bracket ? "YAML reads brackets as a list or mapping; put the text in quotes to keep them"
                  : "");
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
    ref.written = std::move(written);
    ref.where = std::move(where);
    markdown.refs.push_back(std::move(ref));
  }
  for (const MarkdownHazard& hazard : FindMarkdownHazards(text, allow_html_))
    Error(Locate(text, hazard.offset, hazard.written, offset), hazard.message, hazard.hint);
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

std::string MapReader::WebAddress(const char* key) {
  YAML::Node node = Get(key);
  if (!node.IsDefined()) return "";
  std::string url = source_.Text(node, key).value_or("");
  if (std::string why = CheckWebAddress(url); !url.empty() && !why.empty()) {
    source_.Error(source_.At(node), "'" + url + "' is not a web address", why);
    return "";
  }
  return url;
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
