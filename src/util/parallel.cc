#include "util/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace annals {

namespace {

std::atomic<int> configured_jobs{0};

}  // namespace

int Jobs() {
  int jobs = configured_jobs.load();
  if (jobs > 0) return jobs;
  return std::max(1u, std::thread::hardware_concurrency());
}

void SetJobs(int jobs) { configured_jobs = std::max(0, jobs); }

void ParallelFor(size_t count, const std::function<void(size_t)>& task) {
  size_t threads = std::min(static_cast<size_t>(Jobs()), count);
  if (threads <= 1) {
    for (size_t i = 0; i < count; ++i) task(i);
    return;
  }
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first_error;
  std::mutex error_mutex;
  auto work = [&] {
    for (size_t i; !failed && (i = next++) < count;) {
      try {
        task(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
        failed = true;
      }
    }
  };
  std::vector<std::thread> helpers;
  helpers.reserve(threads - 1);
  for (size_t t = 1; t < threads; ++t) helpers.emplace_back(work);
  work();
  for (std::thread& helper : helpers) helper.join();
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace annals
