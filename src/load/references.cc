#include "load/references.h"

#include <md4c.h>

#include <algorithm>

#include "util/text.h"

namespace annals {

namespace {

struct Keyword {
  const char* word;
  Kind kind;
  Ref::Filter filter;
};

constexpr Keyword kKeywords[] = {
    {"rec", Kind::kRec, Ref::Filter::kAny},
    {"set", Kind::kSet, Ref::Filter::kAny},
    {"meeting", Kind::kMeeting, Ref::Filter::kAny},
    {"action", Kind::kAction, Ref::Filter::kAny},
    {"briefing", Kind::kBriefing, Ref::Filter::kAny},
    {"question", Kind::kQuestion, Ref::Filter::kAny},
    {"doc", Kind::kDoc, Ref::Filter::kAny},
    {"person", Kind::kPerson, Ref::Filter::kPerson},
    {"group", Kind::kPerson, Ref::Filter::kGroup},
};

// A stretch of prose on one line, and whether it is (part of) a link's text.
struct ProseRange {
  size_t begin, end;  // [begin, end)
  bool in_link;
};

// Collects the prose of a document from md4c's callbacks. Inline markup such as
// emphasis or a backslash escape splits md4c's text into pieces; they are joined into
// one stretch again, so that a label may hold "*" or "&amp;" as written. Code, raw
// HTML, line breaks, blocks and link boundaries end a stretch.
struct ProseCollector {
  std::string_view text;
  std::vector<ProseRange> ranges;
  bool joinable = false;
  int link_depth = 0;

  void Add(size_t begin, size_t end) {
    bool in_link = link_depth > 0;
    if (joinable && !ranges.empty() && ranges.back().in_link == in_link &&
        text.substr(ranges.back().end, begin - ranges.back().end).find('\n') ==
            std::string_view::npos)
      ranges.back().end = end;
    else
      ranges.push_back({begin, end, in_link});
    joinable = true;
  }
};

int OnText(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* data) {
  auto* c = static_cast<ProseCollector*>(data);
  if (type == MD_TEXT_NORMAL || type == MD_TEXT_ENTITY) {
    size_t begin = static_cast<size_t>(text - c->text.data());
    c->Add(begin, begin + size);
  } else {
    c->joinable = false;
  }
  return 0;
}

int OnBlock(MD_BLOCKTYPE, void*, void* data) {
  static_cast<ProseCollector*>(data)->joinable = false;
  return 0;
}

int OnSpan(MD_SPANTYPE type, bool enter, ProseCollector* c) {
  if (type == MD_SPAN_A) c->link_depth += enter ? 1 : -1;
  if (type == MD_SPAN_A || type == MD_SPAN_CODE || type == MD_SPAN_IMG) c->joinable = false;
  return 0;
}
int OnEnterSpan(MD_SPANTYPE type, void*, void* data) {
  return OnSpan(type, true, static_cast<ProseCollector*>(data));
}
int OnLeaveSpan(MD_SPANTYPE type, void*, void* data) {
  return OnSpan(type, false, static_cast<ProseCollector*>(data));
}

}  // namespace

std::vector<ReferenceSpan> FindReferenceSpans(std::string_view markdown) {
  std::vector<ReferenceSpan> spans;
  if (markdown.find("[[") == std::string_view::npos) return spans;
  ProseCollector collector{markdown, {}};
  MD_PARSER parser{};
  parser.flags = MD_FLAG_NOHTML | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH;
  parser.enter_block = OnBlock;
  parser.leave_block = OnBlock;
  parser.enter_span = OnEnterSpan;
  parser.leave_span = OnLeaveSpan;
  parser.text = OnText;
  md_parse(markdown.data(), static_cast<MD_SIZE>(markdown.size()), &parser, &collector);

  // A reference must lie within one stretch of prose.
  for (auto [begin, end, in_link] : collector.ranges) {
    std::string_view prose = markdown.substr(begin, end - begin);
    size_t pos = 0;
    while ((pos = prose.find("[[", pos)) != std::string_view::npos) {
      size_t close = prose.find("]]", pos + 2);
      size_t newline = prose.find('\n', pos + 2);
      if (close == std::string_view::npos || newline < close) {
        pos += 2;
        continue;
      }
      // "[[rec:x|a [b]]]": brackets in a label balance, so the last "]]" closes it.
      std::string_view inner = prose.substr(pos + 2, close - pos - 2);
      while (std::count(inner.begin(), inner.end(), '[') >
                 std::count(inner.begin(), inner.end(), ']') &&
             close + 2 < prose.size() && prose[close + 2] == ']') {
        ++close;
        inner = prose.substr(pos + 2, close - pos - 2);
      }
      if (inner.find("[[") != std::string_view::npos) {  // "[[ [[x]]": the later one counts
        pos += 2;
        continue;
      }
      spans.push_back({begin + pos, close + 2 - pos, inner, in_link});
      pos = close + 2;
    }
  }
  return spans;
}

std::optional<KindKeywordInfo> ParseKindKeyword(std::string_view keyword) {
  for (const Keyword& k : kKeywords)
    if (keyword == k.word) return KindKeywordInfo{k.kind, k.filter};
  return std::nullopt;
}

std::vector<std::string> KindKeywords() {
  std::vector<std::string> words;
  for (const Keyword& k : kKeywords) words.push_back(k.word);
  return words;
}

std::string CheckId(std::string_view id) {
  if (id.empty()) return "an id cannot be empty";
  if (id.size() > 100) return "an id is at most 100 characters long";
  bool previous_separator = true;  // no separator first
  for (char c : id) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    bool separator = c == '-' || c == '.';
    if (c >= 'A' && c <= 'Z') return "ids are lower case";
    if (!alnum && !separator) return "ids use only a-z, 0-9, '-' and '.'";
    if (separator && previous_separator) return "'-' and '.' go between letters or digits";
    previous_separator = separator;
  }
  if (previous_separator) return "'-' and '.' go between letters or digits";
  // A page's folder is named after its id, and Windows refuses these names, with or
  // without an extension, so an archive holding one could not be copied there.
  static constexpr std::string_view kReserved[] = {"con", "prn", "aux", "nul"};
  std::string_view stem = id.substr(0, id.find('.'));
  bool numbered = stem.size() == 4 && (stem.substr(0, 3) == "com" || stem.substr(0, 3) == "lpt") &&
                  stem[3] >= '0' && stem[3] <= '9';
  if (numbered ||
      std::find(std::begin(kReserved), std::end(kReserved), stem) != std::end(kReserved))
    return "'" + std::string(stem) +
           "' is a reserved file name on Windows, where the archive may be copied";
  return "";
}

std::string_view ReferenceLabel(std::string_view text) {
  const size_t bar = text.find('|');
  if (bar == std::string_view::npos) return {};
  std::string_view label = text.substr(bar + 1);
  while (!label.empty() && label.front() == ' ') label.remove_prefix(1);
  while (!label.empty() && label.back() == ' ') label.remove_suffix(1);
  return label;
}

bool ParseReference(std::string_view text, bool allow_label, Ref* ref, std::string* error,
                    std::string* hint) {
  size_t bar = text.find('|');
  std::string_view target = text.substr(0, bar);
  if (bar != std::string_view::npos) {
    if (!allow_label) {
      *error = "a label is only allowed in Markdown references";
      *hint = "write '" + std::string(target) + "'";
      return false;
    }
    if (ReferenceLabel(text).empty()) {
      *error = "empty label in reference";
      *hint = "write [[" + std::string(target) + "]] for the record's own title";
      return false;
    }
  }
  size_t colon = target.find(':');
  if (colon == std::string_view::npos) {
    *error = "reference '" + std::string(target) + "' does not say what kind of record it is";
    *hint = "write kind:id, with kind one of " + JoinWords(KindKeywords(), " or ");
    return false;
  }
  std::string_view keyword = target.substr(0, colon);
  std::string_view id = target.substr(colon + 1);
  auto info = ParseKindKeyword(keyword);
  if (!info) {
    *error = "unknown kind of record '" + std::string(keyword) + "'";
    std::string guess = ClosestMatch(keyword, KindKeywords());
    *hint = guess.empty() ? "use one of " + JoinWords(KindKeywords(), " or ")
                          : "did you mean '" + guess + "'?";
    return false;
  }
  if (std::string why = CheckId(id); !why.empty()) {
    *error = "'" + std::string(id) + "' is not a valid id";
    *hint = why;
    return false;
  }
  ref->kind = info->kind;
  ref->filter = info->filter;
  ref->id = std::string(id);
  return true;
}

}  // namespace annals
