// The whole site as files: every page through the templates, the machine-readable
// outputs (Atom, iCalendar, sitemap, JSON, CSV), the templates' assets and a manifest.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "model/archive.h"
#include "render/templates.h"

namespace annals {

struct SiteOptions {
  // Seconds since 1970 (SOURCE_DATE_EPOCH), used for the feed's and calendar's own
  // timestamps only when the archive records no `as_of` date.
  std::optional<long long> source_date_epoch;
};

// Path -> bytes for every file of the site, the manifest of all the others last.
// Deterministic: the same archive, templates and options give the same bytes.
std::map<std::string, std::string> RenderSite(const Archive& archive, const TemplateSet& templates,
                                              const SiteOptions& options);

}  // namespace annals
