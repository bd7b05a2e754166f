// How far a build has come, for a progress line on a terminal.
#pragma once

#include <cstddef>

namespace annals {

// Told of each step of a build and of the work done in it. Advance() may be called
// from several threads at once.
class Progress {
 public:
  virtual ~Progress() = default;
  // A step begins ("load", "render", …) with `total` items of work (0: not counted).
  virtual void Step(const char* name, size_t total) = 0;
  // `count` more items of the current step are done.
  virtual void Advance(size_t count = 1) = 0;
};

}  // namespace annals
