// The whole site as files: every page through the templates, the machine-readable
// outputs (Atom, iCalendar, sitemap, JSON, CSV), the templates' assets and a manifest.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/archive.h"
#include "render/templates.h"
#include "util/progress.h"
#include "util/diagnostics.h"
#include "write/manifest.h"

namespace annals {

// Path -> bytes for every file of the site, the manifest of all the others last.
// Deterministic: the same archive and templates give the same bytes. Nothing depends on
// the clock: the feed's and calendar's own timestamps are the archive's `as_of` date.
// `progress`, when given, is advanced once per file.
std::map<std::string, std::string> RenderSite(const Archive& archive, const TemplateSet& templates,
                                              Progress* progress = nullptr);

// Reports each address under `moved` or `withdrawn` in archive.yaml where the archive
// still publishes a page or file.
void CheckAddressChanges(const Archive& archive, DiagnosticSink& sink);

// Reports each file of a previous build that `files` (the new build) would drop, unless
// archive.yaml lists its address under `withdrawn`: a published address never silently
// disappears.
void CheckKeptAddresses(const Archive& archive, const std::map<std::string, std::string>& files,
                        const std::vector<ManifestEntry>& published, DiagnosticSink& sink);

}  // namespace annals
