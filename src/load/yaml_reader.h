// Strict, typed reading of YAML records.
//
// YamlSource wraps one file's text and its diagnostics. MapReader reads one mapping
// field by field: every field a reader asks for is a known key, so after the last
// field Finish() reports the keys nobody asked for as unknown, with a spelling hint.
// Every read reports its own mistakes and returns something usable, so one file can
// yield every one of its errors in a single run.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "load/yaml_tree.h"
#include "model/archive.h"
#include "util/diagnostics.h"
#include "util/text.h"

namespace annals {

class YamlSource {
 public:
  // `text` must outlive the source; a leading UTF-8 byte-order mark is skipped.
  YamlSource(std::string path, std::string_view text, DiagnosticSink& sink);

  const std::string& path() const { return path_.str(); }
  std::string_view text() const { return text_; }
  DiagnosticSink& sink() { return sink_; }

  // Parses the text (or the first `length` bytes of it). Syntax errors become
  // diagnostics, and nullopt is returned.
  std::optional<YamlTree> Parse(size_t length = std::string_view::npos);

  // A place in the file, without its line (see Diagnostic::line_text): Error() adds it.
  SourceLocation At(size_t offset, int length = 1) const;
  SourceLocation At(const YamlNode& node) const;
  void Error(const SourceLocation& where, std::string message, std::string hint = {});

  // Typed values. Each reports what is wrong with `node` and returns nullopt.
  std::optional<std::string> Text(const YamlNode& node, std::string_view field);
  std::optional<std::string> Id(const YamlNode& node, std::string_view field);
  std::optional<int> Integer(const YamlNode& node, std::string_view field);
  std::optional<bool> Boolean(const YamlNode& node, std::string_view field);
  // One of `choices`; returns its index.
  std::optional<int> Choice(const YamlNode& node, std::string_view field,
                            const std::vector<std::string>& choices);
  std::optional<PartialDate> Date(const YamlNode& node, std::string_view field, bool allow_tbd);
  Markdown MarkdownText(const YamlNode& node, std::string_view field);
  // References, located in the source. A Markdown text located at `offset` in the file.
  Markdown MarkdownAt(std::string text, size_t offset);
  std::optional<Ref> IdRef(const YamlNode& node, std::string_view field, Kind kind,
                           Ref::Filter filter = Ref::Filter::kAny);
  // "not recorded" gives an empty optional inside a present result.
  std::optional<std::optional<Ref>> IdRefOrNotRecorded(const YamlNode& node, std::string_view field,
                                                       Kind kind);
  // A single id or a list of ids.
  std::vector<Ref> IdRefs(const YamlNode& node, std::string_view field, Kind kind);
  // A list of ids, [] or "not recorded"; nullopt inside means not recorded.
  std::optional<RefList> IdRefsOrNotRecorded(const YamlNode& node, std::string_view field,
                                             Kind kind);
  // A list of "kind:id" (a missing list, nullptr, is empty).
  std::vector<Ref> TypedRefs(const YamlNode* node, std::string_view field);
  // The items of a list (a missing list, nullptr, is empty).
  YamlItems Items(const YamlNode* node, std::string_view field);

  bool IsNotRecorded(const YamlNode& node) const;

  // Whether the archive lets raw HTML through its Markdown (archive.yaml's allow_html);
  // then raw HTML that could run script is reported.
  void set_allow_html(bool allow) { allow_html_ = allow; }

 private:
  // Where the `written` text that sits at `at` in a value starting at `offset` in the file
  // is found: the same occurrence of the same text after `offset`, whatever the YAML
  // quoting or indentation; the value's start when it cannot be found.
  SourceLocation Locate(std::string_view value, size_t at, const std::string& written,
                        size_t offset) const;

  SourcePath path_;
  std::string_view text_;
  LineIndex lines_;
  DiagnosticSink& sink_;
  bool allow_html_ = false;
};

// Reads one mapping, which must outlive the reader. `what` names it in messages:
// "meeting 'plenary-14'".
class MapReader {
 public:
  MapReader(YamlSource& source, const YamlNode& map, std::string what);

  // Declares `key` known; returns its value, or nullptr when absent. When `required`
  // and absent, reports it (with `example` as the value to write).
  const YamlNode* Get(const char* key, bool required = false, const char* example = "…");

  // Typed shortcuts: required fields report absence and return nullopt/empty.
  std::string Text(const char* key, bool required, const char* example = "…");
  // An optional http or https address ("" when absent); anything else is reported.
  std::string WebAddress(const char* key);
  Markdown MarkdownText(const char* key, bool required = false);
  void SetWhat(std::string what) { what_ = std::move(what); }

  const SourceLocation& where() const { return where_; }
  bool ok() const { return ok_; }  // false when the node was not a mapping

  // Reports every key not asked for. Call after the last Get().
  void Finish();

 private:
  YamlSource& source_;
  const YamlNode& map_;
  std::string what_;
  SourceLocation where_;
  bool ok_ = true;
  std::vector<std::string> known_;
};

}  // namespace annals
