#include "render/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <md4c-html.h>
#include <md4c.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "load/references.h"
#include "render/urls.h"
#include "util/text.h"

namespace annals {

namespace {

// The placeholder a reference becomes before md4c sees the text; RenderMarkdown turns
// `href="<scheme>N"` back into the link to the N-th reference's record. The scheme is
// one the text does not contain, so a link the author wrote is never rewritten.
std::string PlaceholderScheme(std::string_view text) {
  std::string scheme = "annals-ref:";
  while (text.find(scheme) != std::string_view::npos) scheme.insert(scheme.size() - 1, "-");
  return scheme;
}

// Backslash-escapes every ASCII punctuation character, which CommonMark allows, so a
// label is shown exactly as written.
std::string EscapeMarkdown(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c > 0 && c < 127 && std::ispunct(static_cast<unsigned char>(c))) out += '\\';
    out += c;
  }
  return out;
}

// What a reference written as `span` shows: its label, or else its record's.
std::string LabelOf(const Ref& ref, const ReferenceSpan& span, const Archive& archive) {
  if (std::string_view label = ReferenceLabel(span.inner); !label.empty())
    return std::string(label);
  if (ref.target < 0) return ref.id;
  return RecordLabel(archive, {ref.kind, ref.target});
}

enum class RefStyle { kLink, kText };

// The Markdown text with each reference replaced by a Markdown link to a placeholder
// (kLink) or by its label (kText).
std::string ReplaceReferences(const Markdown& markdown, const std::string& text,
                              const Archive& archive, RefStyle style,
                              std::string_view scheme = "") {
  if (markdown.refs.empty()) return text;
  std::vector<ReferenceSpan> spans = FindReferenceSpans(text);
  std::string out;
  size_t copied = 0;
  for (size_t i = 0; i < spans.size() && i < markdown.refs.size(); ++i) {
    const Ref& ref = markdown.refs[i];
    out.append(text, copied, spans[i].offset - copied);
    std::string label = EscapeMarkdown(LabelOf(ref, spans[i], archive));
    // Within a link's text a reference can only be its label: HTML has no nested links.
    if (style == RefStyle::kLink && ref.target >= 0 && !spans[i].in_link)
      out += "[" + label + "](" + std::string(scheme) + std::to_string(i) + ")";
    else
      out += label;
    copied = spans[i].offset + spans[i].length;
  }
  out.append(text, copied);
  return out;
}

void AppendOutput(const MD_CHAR* text, MD_SIZE size, void* data) {
  static_cast<std::string*>(data)->append(text, size);
}

// Points each placeholder link at its record's page.
std::string ResolvePlaceholders(const std::string& html, const Markdown& markdown,
                                const Archive& archive, std::string_view page,
                                std::string_view scheme) {
  const std::string needle = "href=\"" + std::string(scheme);
  std::string out;
  size_t copied = 0, pos = 0;
  while ((pos = html.find(needle, copied)) != std::string::npos) {
    size_t digits = pos + needle.size();
    size_t end = digits;
    while (end < html.size() && html[end] >= '0' && html[end] <= '9') ++end;
    size_t index =
        end > digits ? std::stoul(html.substr(digits, end - digits)) : markdown.refs.size();
    out.append(html, copied, pos - copied);
    if (index < markdown.refs.size() && end < html.size() && html[end] == '"') {
      const Ref& ref = markdown.refs[index];
      out += "href=\"" + RelativeHref(page, RecordPath(archive, {ref.kind, ref.target})) + "\"";
      copied = end + 1;
    } else {
      out.append(needle);  // not a placeholder of ours: keep it as written
      copied = digits;
    }
  }
  out.append(html, copied);
  return out;
}

// Places md4c's headings under a page heading of level `shift`: the text's outermost
// headings become <h(shift + 1)> and each deeper one is one level below the heading it
// sits under, so the page's outline never skips a level ("#" then "###" gives h2, h3),
// capped at <h6>. md4c writes its heading tags bare, and escapes "<" in text, so only
// its own tags match.
std::string NestHeadings(std::string html, int shift) {
  std::vector<char> open;  // source levels of the headings the current one sits under
  char level = '1';
  for (size_t pos = 0; (pos = html.find('<', pos)) != std::string::npos; ++pos) {
    const bool closing = html.compare(pos + 1, 1, "/") == 0;
    const size_t h = pos + 1 + closing;
    if (h + 2 >= html.size() || html[h] != 'h' || html[h + 2] != '>') continue;
    char& tag = html[h + 1];
    if (tag < '1' || tag > '6') continue;
    if (!closing) {
      while (!open.empty() && open.back() >= tag) open.pop_back();
      open.push_back(tag);
      level = static_cast<char>('0' + std::min<int>(6, shift + static_cast<int>(open.size())));
    }
    tag = level;
  }
  return html;
}

std::string CollapseWhiteSpace(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Cuts after at most `max_chars` characters, at the last space, and adds "…".
std::string Shorten(const std::string& text, int max_chars) {
  if (max_chars <= 0 || CountCharacters(text) <= max_chars) return text;
  size_t bytes = 0;
  for (int i = 0; i < max_chars; ++i)
    bytes += CharacterLength(std::string_view(text).substr(bytes));
  size_t space = text.rfind(' ', bytes);
  if (space != std::string::npos && space > bytes / 2) bytes = space;
  std::string out = text.substr(0, bytes);
  while (!out.empty() && std::string_view(",;:.-").find(out.back()) != std::string_view::npos)
    out.pop_back();
  return out + "…";
}

cmark_parser* NewGfmParser() {
  static const bool registered = [] {
    cmark_gfm_core_extensions_ensure_registered();
    return true;
  }();
  (void)registered;
  cmark_parser* parser = cmark_parser_new(CMARK_OPT_DEFAULT);
  for (const char* name : {"table", "strikethrough", "autolink"})
    if (cmark_syntax_extension* extension = cmark_find_syntax_extension(name))
      cmark_parser_attach_syntax_extension(parser, extension);
  return parser;
}

}  // namespace

std::string RenderMarkdown(const Markdown& markdown, const Archive& archive,
                           const MarkdownOptions& options) {
  if (markdown.empty()) return "";
  const std::string text = markdown.Text();
  std::string scheme = PlaceholderScheme(text);
  std::string source = ReplaceReferences(markdown, text, archive, RefStyle::kLink, scheme);
  std::string html;
  unsigned parser_flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH;
  if (!options.allow_html) parser_flags |= MD_FLAG_NOHTML;
  md_html(source.data(), static_cast<MD_SIZE>(source.size()), AppendOutput, &html, parser_flags, 0);
  if (!markdown.refs.empty())
    html = ResolvePlaceholders(html, markdown, archive, options.page, scheme);
  return NestHeadings(html, options.heading_shift);
}

std::string PlainSummary(const Markdown& markdown, const Archive& archive, int max_chars) {
  if (markdown.empty()) return "";
  std::string source = ReplaceReferences(markdown, markdown.Text(), archive, RefStyle::kText);
  cmark_parser* parser = NewGfmParser();
  cmark_parser_feed(parser, source.data(), source.size());
  cmark_node* document = cmark_parser_finish(parser);
  // The text of the tree, leaves only: no bullets, pipes or other markup; every block,
  // table cell and line break becomes a space.
  std::string text;
  cmark_iter* iter = cmark_iter_new(document);
  for (cmark_event_type event; (event = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(iter);
    cmark_node_type type = cmark_node_get_type(node);
    bool block = (type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK;
    // Raw HTML is text too, as the pages show it, unless the archive lets it through.
    bool html = type == CMARK_NODE_HTML_INLINE || type == CMARK_NODE_HTML_BLOCK;
    if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_CODE_BLOCK ||
        (html && !archive.settings.allow_html))
      text += cmark_node_get_literal(node);
    if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK ||
        (block && event != CMARK_EVENT_ENTER))
      text += ' ';
  }
  cmark_iter_free(iter);
  cmark_node_free(document);
  cmark_parser_free(parser);
  return Shorten(CollapseWhiteSpace(text), max_chars);
}

}  // namespace annals
