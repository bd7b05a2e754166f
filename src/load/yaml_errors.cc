#include "load/yaml_errors.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <utility>

namespace annals {

namespace {

constexpr const char* kAnchorHint =
    "write the value out in full wherever it is needed; annals does not expand anchors and "
    "aliases";
constexpr const char* kIndentationHint =
    "check the indentation of this line against the lines above";
constexpr const char* kEscapeHint = "write a backslash as \\\\, or use single quotes";

// Explains one mistake: each method after Explain() recognises a family of libyaml's
// problems, and returns nullopt for the others.
class SyntaxExplainer {
 public:
  // `text`: what was parsed, with its line index.
  SyntaxExplainer(const YamlError& error, std::string_view text, const LineIndex& lines)
      : error_(error),
        text_(text),
        lines_(lines),
        at_(std::min(error.where.offset, text.size())),
        context_at_(std::min(error.context_where.offset, text.size())),
        here_(at_ < text.size() ? text[at_] : '\0'),
        line_(lines.LineOf(at_)),
        line_text_(lines.Line(line_)),
        line_start_(lines.LineStart(line_)) {}

  YamlErrorExplanation Explain() const {
    switch (error_.kind) {
      case YamlError::Kind::kSecondDocument:
        return {at_, 1, "a second YAML document in one file",
                "annals reads one document per file: remove the '---' line, or move what "
                "follows it to a file of its own"};
      case YamlError::Kind::kAnchor:
        return {at_, 1, "YAML anchors ('&name') are not allowed in annals files", kAnchorHint};
      case YamlError::Kind::kAlias:
        return {at_, 1, "YAML aliases ('*name') are not allowed in annals files", kAnchorHint};
      case YamlError::Kind::kTooDeep:
        return TooDeep();
      case YamlError::Kind::kSyntax:
        break;
    }
    for (auto explain : {&SyntaxExplainer::Character, &SyntaxExplainer::Colon,
                         &SyntaxExplainer::Quoted, &SyntaxExplainer::Flow, &SyntaxExplainer::Block})
      if (std::optional<YamlErrorExplanation> why = (this->*explain)()) return *why;
    return {at_, 1, "YAML syntax: " + error_.problem};
  }

 private:
  bool Is(const char* problem) const { return error_.problem == problem; }
  bool InContext(const char* context) const { return error_.context == context; }

  YamlErrorExplanation TooDeep() const {
    // Shown from the line's first bracket (or first character): on a line of ten thousand
    // '[' the deepest one is far off screen.
    size_t first = line_text_.find_first_of("[{");
    if (first == std::string_view::npos)
      first = std::min(line_text_.find_first_not_of(" \t"), line_text_.size());
    return {line_start_ + first, 1,
            "YAML syntax: lists and mappings are nested too deeply for annals to read",
            "annals records nest a few levels at most; look for brackets that are never closed "
            "or indentation that keeps growing"};
  }

  // A character that YAML does not allow at all, or not where it is.
  std::optional<YamlErrorExplanation> Character() const {
    if (error_.character >= 0) {
      char code[16];
      std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(error_.character));
      const bool control = error_.character >= 0x80 && error_.character <= 0x9F;
      return YamlErrorExplanation{
          at_, 1,
          control ? std::string("control character ") + code + " in the file"
                  : std::string("character ") + code + ", which YAML does not allow, in the file",
          "delete it; such characters are invisible in most editors and usually come from "
          "pasting out of another program"};
    }
    if (std::optional<YamlErrorExplanation> why = LineBreakCharacter()) return why;
    const bool cannot_start = Is("found character that cannot start any token");
    if (error_.problem.find("tab character") != std::string::npos ||
        (cannot_start && here_ == '\t')) {
      const size_t tab = line_text_.find('\t');
      return YamlErrorExplanation{
          here_ == '\t' || tab == std::string_view::npos ? at_ : line_start_ + tab, 1,
          "YAML syntax: tab character in indentation",
          "YAML indents with spaces only; replace the tab with spaces"};
    }
    const bool anchor_or_alias =
        Is("did not find expected alphabetic or numeric character") &&
        (InContext("while scanning an anchor") || InContext("while scanning an alias"));
    if (cannot_start || anchor_or_alias) {
      // '@' and '`' are reserved; '&' and '*' start anchors and aliases.
      const size_t first = cannot_start ? at_ : context_at_;
      const std::string character(text_.substr(first, CharacterLength(text_.substr(first))));
      return YamlErrorExplanation{first, 1,
                                  "YAML syntax: '" + character + "' cannot start plain text",
                                  "put the text in quotes"};
    }
    if (error_.context.find("directive") != std::string::npos)
      return YamlErrorExplanation{context_at_, 1,
                                  "YAML syntax: a line that starts with '%' is a YAML directive",
                                  "put text that begins with '%' in quotes"};
    return std::nullopt;
  }

  // YAML also breaks lines at U+0085, U+2028 and U+2029, which editors show as nothing
  // or a space; the mistake that follows is the character's, when it is near.
  std::optional<YamlErrorExplanation> LineBreakCharacter() const {
    const size_t from = lines_.LineStart(lines_.LineOf(std::min(at_, context_at_)));
    const std::string_view near = text_.substr(from, line_start_ + line_text_.size() - from);
    static constexpr std::pair<std::string_view, const char*> kBreaks[] = {
        {"\xC2\x85", "U+0085 (next line)"},
        {"\xE2\x80\xA8", "U+2028 (line separator)"},
        {"\xE2\x80\xA9", "U+2029 (paragraph separator)"},
    };
    for (const auto& [bytes, name] : kBreaks)
      if (size_t found = near.find(bytes); found != std::string_view::npos)
        return YamlErrorExplanation{
            from + found, 1, std::string("YAML syntax: ") + name + " breaks the line here",
            "YAML reads it as a line break; replace it with a space, or start a new "
            "line"};
    return std::nullopt;
  }

  // A ':' where a value was expected, or none where a field was.
  std::optional<YamlErrorExplanation> Colon() const {
    if (Is("mapping values are not allowed in this context")) {
      if (IndentedPastSibling())
        return YamlErrorExplanation{
            at_, 1, "YAML syntax: this line is indented more than the line above it",
            "give it the same indentation as line " + std::to_string(line_ - 1) +
                " if it belongs to the same mapping"};
      return YamlErrorExplanation{
          at_, 1, "YAML syntax: unexpected ':' in a value",
          "put text that contains ': ' in quotes, e.g. title: \"Agenda: item\""};
    }
    if (!Is("could not find expected ':'") || !InContext("while scanning a simple key"))
      return std::nullopt;
    // libyaml notices on the line after the one that lacks the ':', or, on the same line,
    // after a key too long to be one.
    if (lines_.LineOf(context_at_) == line_)
      return YamlErrorExplanation{context_at_, 1,
                                  "YAML syntax: a field name longer than 1024 characters",
                                  "YAML reads at most 1024 characters before a field's ':'"};
    // "field:value": a ':' in the line's first word.
    const std::string_view key_line =
        text_.substr(context_at_, text_.find('\n', context_at_) - context_at_);
    const size_t colon = key_line.find(':');
    if (colon < key_line.find_first_of(" \t\r") && colon + 1 < key_line.size())
      return YamlErrorExplanation{context_at_, 1,
                                  "YAML syntax: this line has no ': ' after its field name",
                                  "put a space after the ':' of 'field: value'"};
    return YamlErrorExplanation{
        context_at_, 1, "YAML syntax: this line has no ':' after its field name",
        "write 'field: value'; to go on with the value of the line above, indent "
        "this line further than its field"};
  }

  // Quoted text that is never closed, or holds a bad escape sequence.
  std::optional<YamlErrorExplanation> Quoted() const {
    if (InContext("while scanning a quoted scalar") &&
        (Is("found unexpected end of stream") || Is("found unexpected document indicator"))) {
      const bool double_quoted = context_at_ < text_.size() && text_[context_at_] == '"';
      return YamlErrorExplanation{
          context_at_, 1,
          double_quoted ? "YAML syntax: double-quoted text is never closed"
                        : "YAML syntax: single-quoted text is never closed",
          double_quoted ? "add the closing \"" : "add the closing '; write '' for a quote inside"};
    }
    if (!InContext("while parsing a quoted scalar")) return std::nullopt;
    // libyaml points into the escape sequence; underline it from its backslash.
    const size_t backslash = text_.rfind('\\', at_);
    if (backslash == std::string_view::npos || backslash < line_start_) return std::nullopt;
    if (Is("found unknown escape character"))
      return YamlErrorExplanation{
          backslash, 2, "YAML syntax: unknown escape sequence in double-quoted text", kEscapeHint};
    const char letter = backslash + 1 < text_.size() ? text_[backslash + 1] : 'U';
    const size_t digits = letter == 'x' ? 2 : letter == 'u' ? 4 : 8;
    const size_t end = std::min(backslash + 2 + digits, line_start_ + line_text_.size());
    return YamlErrorExplanation{
        backslash, CountCharacters(text_.substr(backslash, end - backslash)),
        "YAML syntax: invalid escape sequence in double-quoted text",
        "\\x takes two hexadecimal digits, \\u four and \\U eight, e.g. \\u00e9; " +
            std::string(kEscapeHint)};
  }

  // Brackets: '[' or '{' never closed, ']' or '}' closing nothing, an empty item.
  std::optional<YamlErrorExplanation> Flow() const {
    const bool ended_in_flow =
        Is("did not find expected node content") && error_.open_flow.line > 0 && here_ == '\0';
    if (Is("did not find expected ',' or ']'") || Is("did not find expected ',' or '}'") ||
        ended_in_flow) {
      // libyaml names the open '[' or '{' as its context; at the end of the text, the tree
      // does (from its tag, if it has one).
      const size_t open =
          std::min(text_.find_first_of("[{", ended_in_flow ? error_.open_flow.offset : context_at_),
                   text_.size());
      const char bracket = open < text_.size() ? text_[open] : '[';
      const std::string closing = bracket == '{' ? "}" : "]";
      if (lines_.LineOf(open) == line_ && here_ != '\0')
        return YamlErrorExplanation{
            at_, 1, "YAML syntax: expected ',' or '" + closing + "' here",
            "separate the items with ', '; put an item that holds brackets, quotes "
            "or ': ' in quotes"};
      return YamlErrorExplanation{at_, 1,
                                  std::string("YAML syntax: '") + bracket + "' is never closed",
                                  "add the missing '" + closing + "' to close the '" + bracket +
                                      "' on line " + std::to_string(lines_.LineOf(open))};
    }
    if (Is("did not find expected node content") && here_ == ',')
      return YamlErrorExplanation{at_, 1, "YAML syntax: an empty item", "remove the extra ','"};
    if (Is("did not find expected key") && (here_ == ']' || here_ == '}'))
      return YamlErrorExplanation{at_, 1,
                                  std::string("YAML syntax: '") + here_ + "' closes nothing",
                                  "remove it, or put the text that holds it in quotes"};
    return std::nullopt;
  }

  // Block structure: indentation, list items, text after a quote or a '|'.
  std::optional<YamlErrorExplanation> Block() const {
    if (Is("did not find expected comment or line break") &&
        InContext("while scanning a block scalar")) {
      const char indicator = context_at_ < text_.size() ? text_[context_at_] : '|';
      return YamlErrorExplanation{
          at_, 1, std::string("YAML syntax: text after '") + indicator + "' on the same line",
          "start the text on the next line, indented under its field"};
    }
    if (Is("did not find expected key") && at_ > line_start_) {
      // Text after a quoted value, or after a value YAML read as brackets.
      const size_t before = line_text_.find_last_not_of(" \t", at_ - line_start_ - 1);
      const char closed = before == std::string_view::npos ? '\0' : line_text_[before];
      if (closed == '\'' && before + 1 == at_ - line_start_)
        return YamlErrorExplanation{at_, 1, "YAML syntax: text after the closing quote",
                                    "write '' for a quote inside single-quoted text, e.g. 'it''s'"};
      if (closed == '"' || closed == '\'')
        return YamlErrorExplanation{at_, 1, "YAML syntax: text after the closing quote",
                                    "put the whole value inside the quotes"};
      if (closed == ']' || closed == '}')
        return YamlErrorExplanation{
            at_, 1, std::string("YAML syntax: text after the closing '") + closed + "'",
            "YAML reads brackets as a list or mapping; put the whole value in quotes"};
    }
    if (Is("did not find expected key"))
      return YamlErrorExplanation{at_, 1, "YAML syntax: a mapping is not closed where it should be",
                                  kIndentationHint};
    if (Is("did not find expected '-' indicator"))
      return YamlErrorExplanation{at_, 1, "YAML syntax: a list is not closed where it should be",
                                  kIndentationHint};
    if (Is("block sequence entries are not allowed in this context"))
      return YamlErrorExplanation{
          at_, 1, "YAML syntax: a list item ('- ') is not allowed here",
          "start the list on the line after its field, indented; put text that "
          "begins with '- ' in quotes"};
    if (Is("mapping keys are not allowed in this context"))
      return YamlErrorExplanation{at_, 1, "YAML syntax: '? ' is not allowed here",
                                  "put text that begins with '?' in quotes"};
    return std::nullopt;
  }

  // Whether the line of the mistake starts further right than the "key: value" line
  // above it: the usual cause of "mapping values are not allowed" on it.
  bool IndentedPastSibling() const {
    if (line_ < 2) return false;
    auto indent = [](std::string_view text) { return text.find_first_not_of(' '); };
    std::string_view above = lines_.Line(line_ - 1);
    size_t colon = above.find(": ");
    // The line above is a whole "key: value" pair, and this one starts further right.
    return indent(line_text_) != std::string_view::npos &&
           indent(above) != std::string_view::npos && indent(line_text_) > indent(above) &&
           colon != std::string_view::npos &&
           above.find_first_not_of(' ', colon + 1) != std::string_view::npos &&
           above[indent(above)] != '-';
  }

  const YamlError& error_;
  std::string_view text_;
  const LineIndex& lines_;
  size_t at_;          // where libyaml found the problem
  size_t context_at_;  // where what it was reading starts
  char here_;          // the character at at_; '\0' at the end of the text
  int line_;
  std::string_view line_text_;
  size_t line_start_;
};

}  // namespace

YamlErrorExplanation ExplainYamlError(const YamlError& error, std::string_view text,
                                      const LineIndex& lines) {
  return SyntaxExplainer(error, text, lines).Explain();
}

}  // namespace annals
