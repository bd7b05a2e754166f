// The site's templates: mustache files that hold all of its markup, and assets (the
// stylesheet) copied as they are. The defaults are built into annals; a folder of the
// user's overrides them file by file and may add more, so the site can be restyled
// without recompiling.
//
// Names are paths relative to the templates folder. "x.mustache" is the template "x";
// a template whose name starts with '_' is a partial, included as {{> _name}}; every
// other file is an asset, written to the same path in the site.
#pragma once

#include <kainjow/mustache.hpp>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/diagnostics.h"
#include "util/digest.h"
#include "util/file_system.h"
#include "util/status.h"

namespace annals {

// The default templates (generated from templates/ at build time).
const std::vector<std::pair<std::string_view, std::string_view>>& DefaultTemplateFiles();

class TemplateSet {
 public:
  // The built-in defaults, then every file of `dir` (if not empty) in their place.
  // A template that does not parse, or includes a partial that does not exist, is
  // reported into `diagnostics` under its path
  // ("(built-in) meeting.mustache" or "<dir>/meeting.mustache"). Fails only when
  // `dir` cannot be read.
  static Status Load(FileSystem& fs, const std::string& dir, TemplateSet* out,
                     DiagnosticSink& diagnostics);

  bool Has(const std::string& name) const { return templates_.count(name) > 0; }

  // Template `name` rendered with `context` (JSON: objects, arrays, strings, numbers,
  // booleans; null and "" are false in sections; each list `x` also comes with a
  // boolean `has_x`). The template must exist.
  std::string Render(const std::string& name, nlohmann::ordered_json context) const;

  // Files that are not templates: path -> bytes.
  const std::map<std::string, std::string>& assets() const { return assets_; }

  // The SHA-256 of every template's name and text and every asset: what the site's
  // files depend on besides the archive.
  Digest Sum() const;

 private:
  void Add(const std::string& name, std::string text, const std::string& shown_path,
           DiagnosticSink& diagnostics);
  // Reports each {{> name}} that names no partial (mustache would render it as "").
  void CheckPartials(DiagnosticSink& diagnostics) const;
  // Compiles each template again with its partials written into it, where that renders
  // the same, so that rendering does not parse them again and again.
  void ExpandPartials();
  std::string Expanded(const std::string& text, std::vector<std::string>& open) const;

  std::map<std::string, std::unique_ptr<kainjow::mustache::mustache>> templates_;
  std::map<std::string, std::string> partials_;                  // "_name" -> text
  std::map<std::string, kainjow::mustache::data> partial_data_;  // the same, as mustache data
  std::map<std::string, std::string> assets_;
  // Templates as written, for the partials check: name -> (text, path shown).
  std::map<std::string, std::pair<std::string, std::string>> sources_;
};

}  // namespace annals
