// Typed references: "kind:id" in YAML lists and "[[kind:id|label]]" in Markdown.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/archive.h"

namespace annals {

// Where a reference sits in a Markdown text, and what it says.
struct ReferenceSpan {
  size_t offset = 0;       // of the opening "[["
  size_t length = 0;       // through the closing "]]"
  std::string_view inner;  // between the brackets: "rec:ssr1-11|label"
  bool in_link = false;    // within a link's text, where it cannot become a link itself
};

// Every "[[…]]" in the prose of a Markdown text, in order. Code spans, code blocks and
// raw HTML are skipped, as are brackets that span lines. A label is plain text: inline
// markup in it ("a *b*") is part of the label, and its brackets balance ("a [b]"). Uses md4c's
// parser, so what counts as code is exactly what the renderer will treat as code.
std::vector<ReferenceSpan> FindReferenceSpans(std::string_view markdown);

// The keyword's kind and filter: "rec" -> kRec, "group" -> kPerson/kGroup, …
struct KindKeywordInfo {
  Kind kind;
  Ref::Filter filter;
};
std::optional<KindKeywordInfo> ParseKindKeyword(std::string_view keyword);
std::vector<std::string> KindKeywords();  // every keyword, for hints

// Parses "kind:id" or "kind:id|label" into *ref (kind, filter, id). On failure
// returns false and sets *error and *hint.
bool ParseReference(std::string_view text, bool allow_label, Ref* ref, std::string* error,
                    std::string* hint);
// The label of "kind:id|label", trimmed of spaces; "" when there is none.
std::string_view ReferenceLabel(std::string_view text);
// How a reference in a field, `text`, was typed: with its kind when it holds a ':'.
inline Ref::Written TypedOrId(std::string_view text) {
  return text.find(':') != std::string_view::npos ? Ref::Written::kTyped : Ref::Written::kId;
}

// Why `id` cannot be an id (empty, upper case, unsafe characters…), or "" if it can.
std::string CheckId(std::string_view id);

}  // namespace annals
