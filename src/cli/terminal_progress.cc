#include "cli/terminal_progress.h"

namespace annals {

namespace {

// Builds shorter than this show no progress at all.
constexpr std::chrono::milliseconds kQuietStart(1000);
constexpr std::chrono::milliseconds kRedraw(100);

std::string Grouped(size_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

TerminalProgress::TerminalProgress(std::FILE* terminal) : terminal_(terminal) {
  drawer_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mutex_);
    if (stop_signal_.wait_for(lock, kQuietStart, [this] { return stop_; })) return;
    do Draw();
    while (!stop_signal_.wait_for(lock, kRedraw, [this] { return stop_; }));
  });
}

TerminalProgress::~TerminalProgress() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  stop_signal_.notify_one();
  drawer_.join();
  if (drawn_) {
    std::fputs("\r\033[K", terminal_);
    std::fflush(terminal_);
  }
}

void TerminalProgress::Step(const char* name, size_t total) {
  done_ = 0;
  total_ = total;
  step_ = name;
}

void TerminalProgress::Draw() {
  std::string line = std::string("annals: ") + step_.load();
  size_t total = total_, done = std::min(done_.load(), total);
  if (total > 0)
    line += " " + Grouped(done) + "/" + Grouped(total) + " (" + std::to_string(100 * done / total) +
            "%)";
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, " %.1f s", elapsed.count());
  line += seconds;
  std::fprintf(terminal_, "\r\033[K%s", line.c_str());
  std::fflush(terminal_);
  drawn_ = true;
}

}  // namespace annals
