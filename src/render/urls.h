// Where every page of the site lives, what a link to it says, and how one page links
// to another. Every link is relative and names its file ("…/index.html"), so the site
// works from any path prefix, from file:// and inside a zip.
#pragma once

#include <string>
#include <string_view>

#include "model/archive.h"

namespace annals {

// The folder of a record's page, from the site root, with a trailing slash:
// "meetings/plenary-14/", "recommendations/ssr1/11/", "people/denise-michel/".
// It and RecordLabel are all a kLink read of the record covers (model/reads.h).
std::string RecordPath(const Archive& archive, RecordId record);

// The same, for a record of `kind` that has (or once had) the id `id`; used for the
// redirect pages of renamed records. For kRec, `id` is "<set>-<number>" and `set` the
// set's id.
std::string RecordPathFor(Kind kind, std::string_view id, std::string_view set = "");

// What produced the file at `path` (from the site root) in a site annals built, from
// its address alone.
struct AddressOwner {
  std::string what;  // "meeting 'plenary-15'", "the meetings index"; "" for a file no
                     // page template produces (feed.xml, an asset)
  std::string id;    // the record's id when it could be renamed with `aliases`, else ""
  // For a page after the first of a long index (render/paging.h) or of a person's or
  // recommendation's lists, what it is a page of: "the index", "person 'ann'"; else "".
  std::string pages_of;
};
AddressOwner DescribeAddress(std::string_view path);

// What a link to the record says when the text gives no label: "Plenary #14",
// "SSR1 Recommendation 11", "GSE question 3", a person's name, a document's title.
std::string RecordLabel(const Archive& archive, RecordId record);

// The link from the page in folder `from` (a path as RecordPath returns, "" for the
// root) to `to`, a path from the site root: a folder ("meetings/"), a file
// ("feed.xml") or either with a "#fragment". Folders get "index.html" appended.
std::string RelativeHref(std::string_view from, std::string_view to);

// "../../" for "meetings/plenary-14/": the way back to the root from `from`.
std::string RootPrefix(std::string_view from);

// `path` (from the site root) under the archive's public address `base_url`, which may
// or may not end in '/': ("https://x.org/a/", "meetings/") -> "https://x.org/a/meetings/".
std::string AbsoluteUrl(std::string_view base_url, std::string_view path);

// Whether a page path names a folder ("meetings/", "" for home) rather than a file.
inline bool IsFolder(std::string_view path) { return path.empty() || path.back() == '/'; }

}  // namespace annals
