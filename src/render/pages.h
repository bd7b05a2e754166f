// Every HTML page of the site, as a template name and the plain data it shows.
#pragma once

#include <string>
#include <vector>

#include "model/archive.h"
#include "render/view.h"

namespace annals {

struct Page {
  std::string path;  // a folder ("meetings/plenary-14/", "" for home) or a file ("404.html")
  std::string template_name;  // "meeting", "home", …
  Json context;               // title, section, breadcrumbs, description, and the page's own data
};

// One page per record, the indexes, the 404 page, a redirect page per alias and per
// moved address, and a notice per withdrawn page, in a fixed order. The archive must be
// resolved and free of errors.
std::vector<Page> BuildPages(const Archive& archive);

}  // namespace annals
