// Fuzzes the reference parser (load/references.h). The input is a Markdown text: every
// reference FindReferenceSpans finds in it is parsed, as is the whole input (with and
// without labels), and the input is tried as a kind keyword and as an id. Checks what
// the header promises: spans in order, each "[[…]]" on one line of the text; a parsed
// reference is "keyword:id" or "keyword:id|label" with a known keyword and a valid id.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "load/references.h"

namespace {

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

std::string_view Trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

void CheckKeyword(std::string_view keyword) {
  auto info = annals::ParseKindKeyword(keyword);
  std::vector<std::string> keywords = annals::KindKeywords();
  Require(info.has_value() ==
          (std::find(keywords.begin(), keywords.end(), keyword) != keywords.end()));
}

void CheckReference(std::string_view text, bool allow_label) {
  annals::Ref ref;
  std::string error, hint;
  if (!annals::ParseReference(text, allow_label, &ref, &error, &hint)) {
    Require(!error.empty());
    return;
  }
  std::string_view keyword = text.substr(0, text.find(':'));
  Require(keyword.size() < text.size());
  auto info = annals::ParseKindKeyword(keyword);
  Require(info.has_value() && info->kind == ref.kind && info->filter == ref.filter);
  Require(annals::CheckId(ref.id).empty());
  Require(text.substr(keyword.size() + 1, ref.id.size()) == ref.id);
  std::string_view rest = text.substr(keyword.size() + 1 + ref.id.size());
  if (rest.empty()) {
    Require(annals::ReferenceLabel(text).empty());
  } else {
    Require(allow_label && rest.front() == '|');
    const std::string_view label = annals::ReferenceLabel(text);
    Require(!label.empty() && label == Trimmed(rest.substr(1)));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  std::string_view text = input;

  size_t previous_end = 0;
  for (const annals::ReferenceSpan& span : annals::FindReferenceSpans(text)) {
    Require(span.offset >= previous_end && span.length >= 4 &&
            span.length <= text.size() - span.offset);
    std::string_view written = text.substr(span.offset, span.length);
    Require(written.substr(0, 2) == "[[" && written.substr(written.size() - 2) == "]]");
    Require(span.inner.data() == written.data() + 2 && span.inner.size() == written.size() - 4);
    Require(written.find('\n') == std::string_view::npos);
    previous_end = span.offset + span.length;
    CheckReference(span.inner, true);
  }

  CheckReference(text, false);
  CheckReference(text, true);
  CheckKeyword(text);
  // A valid id names a folder of the site: it must be safe as a path component.
  if (annals::CheckId(text).empty())
    Require(!text.empty() && text.size() <= 100 &&
            text.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-.") ==
                std::string_view::npos &&
            text.front() != '.' && text.front() != '-' &&
            text.find("..") == std::string_view::npos);
  return 0;
}
