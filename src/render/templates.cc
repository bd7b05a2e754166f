#include "render/templates.h"

#include <algorithm>
#include <optional>

#include "util/text.h"

namespace annals {

namespace {

using kainjow::mustache::data;

constexpr std::string_view kTemplateSuffix = ".mustache";

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// JSON to mustache data. Null and "" become false, so that {{#field}} skips a field
// that is absent or empty; numbers become their decimal text; and each list `x` of an
// object gets a companion `has_x`, true when the list is not empty, so that a template
// can write a heading once before the items.
//
// The library's set() and push_back() copy what they are given, with everything in it,
// which made a page's data cost as many copies as it was deep. Values are moved in
// instead: into an object through operator[], and into a list by appending a bare
// element and assigning to it (the list hands its elements out as const, but they are
// not const objects).
//
// `value` is used up: each part is emptied as soon as it is converted, so that a large
// page (a list of 100,000 questions) is not held whole twice, as JSON and as data.
data ToData(nlohmann::ordered_json& value) {
  data out(false);
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      out = data(data::type::object);
      for (auto& [key, item] : value.get_ref<nlohmann::ordered_json::object_t&>()) {
        if (item.is_array()) out["has_" + key] = data(!item.empty());
        out[key] = ToData(item);
      }
      break;
    }
    case nlohmann::json::value_t::array: {
      out = data(data::type::list);
      for (auto& item : value) {
        out.push_back(data(false));
        const_cast<data&>(out.list_value().back()) = ToData(item);
      }
      break;
    }
    case nlohmann::json::value_t::string: {
      const std::string& text = value.get_ref<const std::string&>();
      if (!text.empty()) out = data(text);
      break;
    }
    case nlohmann::json::value_t::boolean:
      out = data(value.get<bool>());
      break;
    case nlohmann::json::value_t::null:
      break;
    default:
      out = data(value.dump());
  }
  value = nullptr;
  return out;
}

// kainjow's messages end in " at <byte offset>" ("Unclosed section \"x\" at 12").
constexpr std::string_view kAt = " at ";

std::optional<size_t> ErrorOffset(const std::string& message) {
  size_t at = message.rfind(kAt);
  if (at == std::string::npos || at + kAt.size() == message.size()) return std::nullopt;
  size_t offset = 0;
  for (size_t i = at + kAt.size(); i < message.size(); ++i) {
    if (message[i] < '0' || message[i] > '9') return std::nullopt;
    offset = offset * 10 + static_cast<size_t>(message[i] - '0');
  }
  return offset;
}

std::string WithoutOffset(const std::string& message) {
  return ErrorOffset(message) ? message.substr(0, message.rfind(kAt)) : message;
}

SourceLocation ErrorLocation(const std::string& path, const std::string& text,
                             const std::string& message, std::string* line_text) {
  SourceLocation where = SourceLocation::File(path);
  std::optional<size_t> offset = ErrorOffset(message);
  if (!offset || *offset > text.size()) return where;
  LineIndex lines(text);
  where.line = lines.LineOf(*offset);
  where.column = lines.ColumnOf(*offset);
  *line_text = std::string(lines.Line(where.line));
  return where;
}

// A partial tag "{{> name}}" in a template's text.
struct PartialTag {
  size_t begin, end;  // of the whole tag
  std::string name;
};

std::vector<PartialTag> PartialTags(const std::string& text) {
  std::vector<PartialTag> tags;
  for (size_t pos = 0; (pos = text.find("{{>", pos)) != std::string::npos; pos += 3) {
    size_t end = text.find("}}", pos);
    if (end == std::string::npos) break;
    std::string name = text.substr(pos + 3, end - pos - 3);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    tags.push_back({pos, end + 2, std::move(name)});
  }
  return tags;
}

}  // namespace

void TemplateSet::Add(const std::string& name, std::string text, const std::string& shown_path,
                      DiagnosticSink& diagnostics) {
  if (!EndsWith(name, kTemplateSuffix)) {
    assets_[name] = std::move(text);
    return;
  }
  std::string stem = name.substr(0, name.size() - kTemplateSuffix.size());
  auto compiled = std::make_unique<kainjow::mustache::mustache>(text);
  if (!compiled->is_valid()) {
    std::string line;
    SourceLocation where = ErrorLocation(shown_path, text, compiled->error_message(), &line);
    diagnostics.Error(where, "template does not parse: " + WithoutOffset(compiled->error_message()),
                      "mustache tags are {{name}}, {{{html}}}, {{#section}}…{{/section}}, "
                      "{{^inverted}}…{{/inverted}} and {{> _partial}}",
                      std::move(line));
    return;
  }
  sources_[stem] = {text, shown_path};
  if (!stem.empty() && stem.front() == '_') {
    // A partial usually sits inline ("<dd>{{> _x}}</dd>"): its file's final line break
    // is not part of it.
    if (!text.empty() && text.back() == '\n') text.pop_back();
    partial_data_.insert_or_assign(stem, data(text));
    partials_[stem] = std::move(text);
  }
  templates_[stem] = std::move(compiled);
}

void TemplateSet::CheckPartials(DiagnosticSink& diagnostics) const {
  for (const auto& [name, source] : sources_) {
    const auto& [text, path] = source;
    for (const PartialTag& tag : PartialTags(text)) {
      const std::string& partial = tag.name;
      if (partials_.count(partial)) continue;
      std::string line;
      SourceLocation where = ErrorLocation(path, text, "x at " + std::to_string(tag.begin), &line);
      where.length = static_cast<int>(tag.end - tag.begin);
      diagnostics.Error(where, "unknown partial '" + partial + "'",
                        partial.empty() || partial.front() != '_'
                            ? "partials are the templates whose names start with '_'"
                            : "add " + partial + ".mustache to the templates folder",
                        std::move(line));
    }
  }
}

// The mustache library parses a partial's text each time the partial is rendered. So
// each template is compiled again with its partials written into it, as far as that
// renders the same: a partial that includes itself (nested agenda items) is written in
// kSelfInclusions levels deep, its own tag left to the library below that; one that
// changes the tag delimiters is not.
constexpr int kSelfInclusions = 4;

std::string TemplateSet::Expanded(const std::string& text, std::vector<std::string>& open) const {
  std::string out;
  size_t done = 0;
  for (const PartialTag& tag : PartialTags(text)) {
    auto partial = partials_.find(tag.name);
    if (partial == partials_.end() || partial->second.find("{{=") != std::string::npos ||
        std::count(open.begin(), open.end(), tag.name) >= kSelfInclusions)
      continue;
    open.push_back(tag.name);
    std::string inner = Expanded(partial->second, open);  // a tag including itself stays
    open.pop_back();
    out += text.substr(done, tag.begin - done);
    out += inner;
    done = tag.end;
  }
  return out + text.substr(done);
}

void TemplateSet::ExpandPartials() {
  for (auto& [name, compiled] : templates_) {
    std::vector<std::string> open = {name};
    std::string expanded = Expanded(sources_.at(name).first, open);
    if (expanded == sources_.at(name).first) continue;
    auto faster = std::make_unique<kainjow::mustache::mustache>(expanded);
    if (faster->is_valid()) compiled = std::move(faster);
  }
}

Status TemplateSet::Load(FileSystem& fs, const std::string& dir, TemplateSet* out,
                         DiagnosticSink& diagnostics) {
  for (const auto& [name, text] : DefaultTemplateFiles())
    out->Add(std::string(name), std::string(text), "(built-in) " + std::string(name), diagnostics);
  if (dir.empty()) {
    out->CheckPartials(diagnostics);
    out->ExpandPartials();
    return Status::Ok();
  }
  if (!fs.IsDirectory(dir)) return Status::IoError("templates folder '" + dir + "' does not exist");
  std::vector<std::string> pages;  // the names a page template may have
  for (const auto& [name, text] : DefaultTemplateFiles())
    if (EndsWith(name, kTemplateSuffix) && name.front() != '_') pages.emplace_back(name);
  std::vector<std::string> files;
  if (Status s = fs.ListFiles(dir, &files); !s.ok()) return s;
  for (const std::string& path : files) {
    std::string name = path.substr(dir.size() + (dir.back() == '/' ? 0 : 1));
    if (name.front() == '.' || name.find("/.") != std::string::npos) continue;  // .git, .DS_Store
    if (std::string why = fs.LinkProblem(path, dir); !why.empty()) {
      diagnostics.Error(SourceLocation::File(path), why,
                        "annals reads only what is inside the templates folder; put the file "
                        "itself there");
      continue;
    }
    // A template that replaces nothing is a misspelt name: the page keeps the default.
    if (EndsWith(name, kTemplateSuffix) && name.front() != '_' &&
        std::find(pages.begin(), pages.end(), name) == pages.end()) {
      std::string closest = ClosestMatch(name, pages);
      diagnostics.Error(SourceLocation::File(path), "'" + name + "' is not the name of a template",
                        closest.empty() ? "page templates are named after the built-in ones "
                                          "(meeting.mustache, …); partials start with '_'"
                                        : "did you mean '" + closest + "'?");
      continue;
    }
    std::string text;
    if (Status s = fs.ReadFile(path, &text); !s.ok()) return s;
    out->Add(name, std::move(text), path, diagnostics);
  }
  out->CheckPartials(diagnostics);
  out->ExpandPartials();
  return Status::Ok();
}

Digest TemplateSet::Sum() const {
  Sha256 sum;
  for (const auto& [name, source] : sources_) {
    sum.AddField(name);
    sum.AddField(source.first);
  }
  sum.AddField("");  // then the assets
  for (const auto& [path, bytes] : assets_) {
    sum.AddField(path);
    sum.AddField(bytes);
  }
  return sum.Finish();
}

namespace {

// What a template is rendered in: its data, and the partials that ExpandPartials left to
// the library, looked up where they are kept rather than copied into every page's data.
class PartialsContext : public kainjow::mustache::context<std::string> {
 public:
  PartialsContext(const data* root, const std::map<std::string, data>& partials)
      : context(root), partials_(partials) {}
  const data* get_partial(const std::string& name) const override {
    auto found = partials_.find(name);
    return found != partials_.end() ? &found->second : context::get_partial(name);
  }

 private:
  const std::map<std::string, data>& partials_;
};

// Where the library writes what it renders: straight into a string, which the library's
// default, a string stream, would copy at the end.
struct StringAppender {
  std::string text;
  StringAppender& operator<<(const std::string& part) {
    text += part;
    return *this;
  }
};

}  // namespace

std::string TemplateSet::Render(const std::string& name, nlohmann::ordered_json context) const {
  const data root = ToData(context);
  PartialsContext in(&root, partial_data_);
  StringAppender out;
  templates_.at(name)->render(in, out);
  return std::move(out.text);
}

}  // namespace annals
