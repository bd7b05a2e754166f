// Markdown of the archive as HTML (md4c) and as plain text (cmark-gfm).
#pragma once

#include <string>
#include <string_view>

#include "model/archive.h"

namespace annals {

struct MarkdownOptions {
  std::string_view page;    // folder of the page the HTML goes into, e.g. "meetings/plenary-14/"
  bool allow_html = false;  // raw HTML passes through only when the archive opts in
  int heading_shift = 0;    // the text's outermost headings become <h(1 + shift)> and
                            // deeper ones nest without skipping a level, capped at <h6>,
                            // so a note's headings sit below the page's own
};

// The text as HTML. Each [[kind:id|label]] becomes a relative link to the record's
// page, labelled with `label` or, when there is none, with RecordLabel(). References
// must be resolved (the archive has no errors).
std::string RenderMarkdown(const Markdown& markdown, const Archive& archive,
                           const MarkdownOptions& options);

// The text as one line of plain text for feeds and meta descriptions: markup removed,
// references replaced by their labels, white space collapsed, and cut at a word
// boundary with "…" when longer than `max_chars` characters (0: never cut).
std::string PlainSummary(const Markdown& markdown, const Archive& archive, int max_chars);

}  // namespace annals
