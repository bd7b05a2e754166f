// Every HTML page of the site, as a template name and the plain data it shows.
#pragma once

#include <functional>
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

// A page of the site before it is built: where it goes, its template, and how to build
// it. Building a page may take long and its data much memory, so a site is built page
// by page.
struct PagePlan {
  std::string path;             // as the page's
  std::string template_name;    // as the page's
  std::function<Page()> build;  // may be called on any thread; keeps a reference to the archive
  // Whether build() reads the archive only as it runs, so that what it read can be
  // logged (model/reads.h); false for a page built beforehand.
  bool reusable = true;
  // What the page shows that build() takes from the plan rather than reads from the
  // archive as it runs, such as which records a page of a long index has: summed into
  // the page's key with its reads, so that the page is made again when it changes.
  // Null for a page that has none; called only when the page's key is needed.
  std::function<std::string()> key;
};

// One page per record (those of a person or recommendation with long lists cut into
// pages), the indexes (those of meetings, questions, briefings and action items cut into
// pages of the archive's `per_page` rows: render/paging.h), the 404 page, a redirect page
// per alias and per moved address, and a notice per withdrawn page, in a fixed order. The
// archive must be resolved and free of errors, and outlive the plans.
std::vector<PagePlan> PlanPages(const Archive& archive);

}  // namespace annals
