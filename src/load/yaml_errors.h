// YAML mistakes explained in the writer's terms.
//
// libyaml's words are exact but name its own workings ("mapping values are not allowed
// in this context"); an explanation says what the writer most likely did ("unexpected
// ':' in a value"), points where to fix it (the line without a ':', not the line after
// it where libyaml noticed), and hints how.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "load/yaml_tree.h"
#include "util/text.h"

namespace annals {

struct YamlErrorExplanation {
  size_t offset = 0;  // in the text, in bytes
  int length = 1;     // characters to underline
  std::string message;
  std::string hint = {};
};

// Explains why `text` is not a tree. `lines` indexes `text`, or a text that `text`
// begins (a document's front matter is parsed alone).
YamlErrorExplanation ExplainYamlError(const YamlError& error, std::string_view text,
                                      const LineIndex& lines);

}  // namespace annals
