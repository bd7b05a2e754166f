#include "load/link_safety.h"

#include <md4c.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace annals {

namespace {

bool IsBlank(unsigned char c) { return c <= 0x20 || c == 0x7F; }

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string Lowered(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), Lower);
  return out;
}

// "&#106;" or "&#x6A;" as the ASCII character it names ('?' beyond ASCII), "&amp;" and
// the other four XML names as their character; "" for any other name.
std::string DecodeReference(std::string_view reference) {
  std::string_view body = reference.substr(1, reference.size() - 2);  // without & and ;
  if (!body.empty() && body[0] == '#') {
    bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    long code = std::strtol(std::string(body.substr(hex ? 2 : 1)).c_str(), nullptr, hex ? 16 : 10);
    return std::string(1, code > 0 && code < 0x80 ? static_cast<char>(code) : '?');
  }
  static constexpr std::pair<std::string_view, char> kNames[] = {
      {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
  for (auto [name, c] : kNames)
    if (body == name) return std::string(1, c);
  return "";
}

// An address as a browser reads it: character references decoded, blanks and control
// characters around it dropped, and tabs and line breaks inside removed, since a
// browser ignores them ("java&#9;script:" is "javascript:"). Sets *unknown to the first
// named reference it cannot decode (a browser knows "&colon;" and 2,000 more).
std::string AsBrowserReadsIt(std::string_view url, std::string* unknown) {
  std::string out;
  for (size_t i = 0; i < url.size(); ++i) {
    if (url[i] == '&') {
      size_t semicolon = url.find(';', i);
      if (semicolon != std::string_view::npos && semicolon - i <= 32) {
        std::string_view reference = url.substr(i, semicolon - i + 1);
        std::string decoded = DecodeReference(reference);
        if (decoded.empty() && unknown->empty()) *unknown = std::string(reference);
        out += decoded;
        i = semicolon;
        continue;
      }
    }
    out += url[i];
  }
  std::erase_if(out, [](char c) { return c == '\t' || c == '\n' || c == '\r'; });
  size_t begin = 0, end = out.size();
  while (begin < end && IsBlank(static_cast<unsigned char>(out[begin]))) ++begin;
  while (end > begin && IsBlank(static_cast<unsigned char>(out[end - 1]))) --end;
  return out.substr(begin, end - begin);
}

// The scheme of an address, lower-cased ("javascript"), or "" for a relative address.
std::string SchemeOf(std::string_view url) {
  size_t colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0) return "";
  auto is_alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!is_alpha(url[0])) return "";
  for (char c : url.substr(0, colon))
    if (!is_alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return "";
  return Lowered(url.substr(0, colon));
}

struct Verdict {
  std::string message, hint;
};

constexpr const char* kLinkHint =
    "links may go to http, https or mailto addresses; write [[kind:id]] to link to a record";

// What is wrong with a link or image address as written in Markdown or raw HTML, or an
// empty message.
Verdict CheckLinkAddress(std::string_view written) {
  std::string unknown;
  std::string url = AsBrowserReadsIt(written, &unknown);
  if (!unknown.empty())
    return {"the link address uses the character reference '" + unknown + "'",
            "write the character itself"};
  std::string scheme = SchemeOf(url);
  if (scheme == "http" || scheme == "https" || scheme == "mailto") return {};
  if (!scheme.empty()) return {"a link to a '" + scheme + ":' address", kLinkHint};
  if (url.empty()) return {"a link without an address", "write the address between the brackets"};
  if (url[0] == '#') return {};
  return {"a relative link address ('" + url + "')",
          "link to a record with [[kind:id]], or to a full https:// address; relative "
          "addresses break when the archive moves"};
}

// The elements that run script, embed another page, or change where the page's links
// and form go.
constexpr std::string_view kUnsafeElements[] = {"script", "iframe", "frame", "frameset", "object",
                                                "embed",  "applet", "form",  "base",     "meta",
                                                "link",   "style",  "portal"};

// Attributes whose value is an address a browser follows or loads.
constexpr std::string_view kAddressAttributes[] = {
    "href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "ping"};

struct Scanner {
  std::string_view markdown;
  bool allow_html;
  std::vector<MarkdownHazard> hazards;

  void Add(size_t offset, std::string_view written, Verdict verdict) {
    hazards.push_back(
        {offset, std::string(written), std::move(verdict.message), std::move(verdict.hint)});
  }

  // The offset of `piece` in the Markdown text: exact when md4c points into it, else the
  // first occurrence of the same text (md4c copies an address it had to unescape).
  size_t OffsetOf(std::string_view piece) const {
    if (piece.data() >= markdown.data() &&
        piece.data() + piece.size() <= markdown.data() + markdown.size())
      return static_cast<size_t>(piece.data() - markdown.data());
    size_t found = markdown.find(piece);
    return found == std::string_view::npos ? 0 : found;
  }

  void CheckAttribute(const MD_ATTRIBUTE& attribute) {
    std::string_view written(attribute.text, attribute.size);
    Verdict verdict = CheckLinkAddress(written);
    if (!verdict.message.empty()) Add(OffsetOf(written), written, std::move(verdict));
  }

  // One piece of raw HTML: a tag, or some lines of an HTML block. Reads each opening
  // tag's name and attributes; closing tags and text between tags are harmless.
  void CheckRawHtml(std::string_view html) {
    const size_t base = OffsetOf(html);
    size_t i = html.find('<');
    while (i != std::string_view::npos) {
      size_t name_end = i + 1;
      while (name_end < html.size() &&
             (std::isalnum(static_cast<unsigned char>(html[name_end])) || html[name_end] == '-'))
        ++name_end;
      size_t tag_end = name_end;
      if (name_end > i + 1) {
        std::string name = Lowered(html.substr(i + 1, name_end - i - 1));
        if (std::find(std::begin(kUnsafeElements), std::end(kUnsafeElements), name) !=
            std::end(kUnsafeElements))
          Add(base + i, html.substr(i, name_end - i),
              {"raw HTML <" + name + "> element",
               "annals pages run no scripts and embed nothing from elsewhere; remove it"});
        tag_end = CheckAttributes(html, base, name_end);
      }
      i = html.find('<', tag_end + (tag_end == i ? 1 : 0));
    }
  }

  // Checks the attributes of the tag whose name ends at `at`; returns where the tag ends.
  size_t CheckAttributes(std::string_view html, size_t base, size_t at) {
    while (at < html.size() && html[at] != '>') {
      while (at < html.size() && (IsBlank(static_cast<unsigned char>(html[at])) || html[at] == '/'))
        ++at;
      size_t name_begin = at;
      while (at < html.size() && !IsBlank(static_cast<unsigned char>(html[at])) &&
             html[at] != '=' && html[at] != '>' && html[at] != '/')
        ++at;
      if (at == name_begin) break;
      std::string name = Lowered(html.substr(name_begin, at - name_begin));
      std::string_view value;
      size_t value_begin = at;
      while (at < html.size() && IsBlank(static_cast<unsigned char>(html[at]))) ++at;
      if (at < html.size() && html[at] == '=') {
        ++at;
        while (at < html.size() && IsBlank(static_cast<unsigned char>(html[at]))) ++at;
        char quote = at < html.size() && (html[at] == '"' || html[at] == '\'') ? html[at] : 0;
        value_begin = at + (quote ? 1 : 0);
        size_t value_end = quote ? html.find(quote, value_begin) : value_begin;
        if (!quote)
          while (value_end < html.size() && !IsBlank(static_cast<unsigned char>(html[value_end])) &&
                 html[value_end] != '>')
            ++value_end;
        if (value_end == std::string_view::npos) value_end = html.size();
        value = html.substr(value_begin, value_end - value_begin);
        at = value_end + (quote && value_end < html.size() ? 1 : 0);
      }
      std::string_view written = html.substr(name_begin, value_begin - name_begin + value.size());
      if (name.size() > 2 && name.compare(0, 2, "on") == 0) {
        Add(base + name_begin, written,
            {"raw HTML event handler '" + name + "'", "annals pages run no scripts; remove it"});
      } else if (name == "srcdoc") {
        Add(base + name_begin, written,
            {"raw HTML 'srcdoc' attribute", "annals pages embed nothing; remove it"});
      } else if (name == "style" && Lowered(value).find("url(") != std::string::npos) {
        Add(base + name_begin, written,
            {"a style attribute that loads an address", "remove the url(…) from the style"});
      } else if (std::find(std::begin(kAddressAttributes), std::end(kAddressAttributes), name) !=
                 std::end(kAddressAttributes)) {
        Verdict verdict = CheckLinkAddress(value);
        if (!verdict.message.empty()) Add(base + value_begin, value, std::move(verdict));
      }
    }
    return at;
  }
};

int OnEnterSpan(MD_SPANTYPE type, void* detail, void* data) {
  auto* scanner = static_cast<Scanner*>(data);
  if (type == MD_SPAN_A) scanner->CheckAttribute(static_cast<MD_SPAN_A_DETAIL*>(detail)->href);
  if (type == MD_SPAN_IMG) scanner->CheckAttribute(static_cast<MD_SPAN_IMG_DETAIL*>(detail)->src);
  return 0;
}

int OnText(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* data) {
  auto* scanner = static_cast<Scanner*>(data);
  if (type == MD_TEXT_HTML && scanner->allow_html)
    scanner->CheckRawHtml(std::string_view(text, size));
  return 0;
}

int Ignore(MD_BLOCKTYPE, void*, void*) { return 0; }
int IgnoreSpan(MD_SPANTYPE, void*, void*) { return 0; }

}  // namespace

std::string CheckWebAddress(std::string_view url) {
  std::string scheme = SchemeOf(url);
  if (scheme != "http" && scheme != "https")
    return scheme.empty() ? "a web address starts with https:// or http://"
                          : "a web address starts with https:// or http://, not " + scheme + ":";
  for (char c : url)
    if (IsBlank(static_cast<unsigned char>(c)))
      return "a web address has no spaces; write a space as %20";
  if (url.size() <= scheme.size() + 3 || url.substr(scheme.size(), 3) != "://")
    return "a web address starts with https:// or http://";
  return "";
}

std::vector<MarkdownHazard> FindMarkdownHazards(std::string_view markdown, bool allow_html) {
  Scanner scanner{markdown, allow_html, {}};
  // Two scans for one byte each: find_first_of() would test every byte against the set.
  if (markdown.find(']') == std::string_view::npos && markdown.find('<') == std::string_view::npos)
    return {};
  MD_PARSER parser{};
  parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | (allow_html ? 0 : MD_FLAG_NOHTML);
  parser.enter_block = Ignore;
  parser.leave_block = Ignore;
  parser.enter_span = OnEnterSpan;
  parser.leave_span = IgnoreSpan;
  parser.text = OnText;
  md_parse(markdown.data(), static_cast<MD_SIZE>(markdown.size()), &parser, &scanner);
  return std::move(scanner.hazards);
}

}  // namespace annals
