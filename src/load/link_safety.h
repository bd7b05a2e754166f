// What in a record's text could make a page run a script or leave the archive: link
// addresses with a scheme other than http, https or mailto (javascript:, data:, …),
// and, when an archive lets raw HTML through, the HTML that can run script.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace annals {

// Why `url` cannot be a record's web address (a `url:` field), or "" when it can: it
// must be an absolute http or https URL without spaces or control characters.
std::string CheckWebAddress(std::string_view url);

// One mistake in a Markdown text, located by the text as written there.
struct MarkdownHazard {
  size_t offset = 0;    // into the Markdown text
  std::string written;  // what sits at `offset`, to underline and to find in the file
  std::string message;
  std::string hint;
};

// Every link or image address that is not http, https, mailto or a #fragment of the
// page (relative addresses break when the site moves; write [[kind:id]] for records),
// and, with `allow_html`, every raw HTML element or attribute that can run script or
// load another page: <script>, <iframe>, <object>, <embed>, <form>, <base>, <meta>,
// <link>, <style>, on…= handlers, srcdoc, and javascript:, vbscript: or data: addresses.
// Uses md4c's parser with the renderer's options, so it sees what the page will hold.
std::vector<MarkdownHazard> FindMarkdownHazards(std::string_view markdown, bool allow_html);

}  // namespace annals
