// A progress line on a terminal for builds that take more than a second: the step and
// how much of it is done, redrawn in place ten times a second and erased at the end.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

#include "util/progress.h"

namespace annals {

class TerminalProgress : public Progress {
 public:
  // Draws on `terminal`, which should be one (see isatty()).
  explicit TerminalProgress(std::FILE* terminal);
  // Erases the line, if one was drawn.
  ~TerminalProgress() override;
  TerminalProgress(const TerminalProgress&) = delete;
  TerminalProgress& operator=(const TerminalProgress&) = delete;

  void Step(const char* name, size_t total) override;
  void Advance(size_t count = 1) override { done_ += count; }

 private:
  void Draw();

  std::FILE* terminal_;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::atomic<const char*> step_{""};
  std::atomic<size_t> total_{0};
  std::atomic<size_t> done_{0};
  bool drawn_ = false;  // touched by the drawing thread only, until it has stopped
  std::mutex mutex_;
  std::condition_variable stop_signal_;
  bool stop_ = false;
  std::thread drawer_;
};

}  // namespace annals
