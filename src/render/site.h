// The whole site as files: every page through the templates, the machine-readable
// outputs (Atom, iCalendar, sitemap, JSON, CSV), the templates' assets and a manifest.
#pragma once

#include <map>
#include <string>

#include "model/archive.h"
#include "render/templates.h"

namespace annals {

// Path -> bytes for every file of the site, the manifest of all the others last.
// Deterministic: the same archive and templates give the same bytes. Nothing depends on
// the clock: the feed's and calendar's own timestamps are the archive's `as_of` date.
std::map<std::string, std::string> RenderSite(const Archive& archive, const TemplateSet& templates);

}  // namespace annals
