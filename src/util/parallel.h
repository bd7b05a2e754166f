// Work spread over the machine's cores. Results must not depend on how the work was
// spread: callers give each task its own output slot and combine the slots in order.
#pragma once

#include <cstddef>
#include <functional>

namespace annals {

// How many threads ParallelFor uses: the number set by SetJobs(), or else the
// machine's hardware threads.
int Jobs();
// 0 restores the default.
void SetJobs(int jobs);

// Calls `task(i)` for every i in [0, count), on up to Jobs() threads (the caller's among
// them), handing out indices in increasing order; returns when every call has
// returned. `task` must be safe to call at once for different indices. If calls throw,
// the remaining indices are skipped and the first exception is rethrown here.
void ParallelFor(size_t count, const std::function<void(size_t)>& task);

}  // namespace annals
