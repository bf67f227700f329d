#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>

namespace lockscope {

/// Waits for duration d, or less when stop is requested (then at once). True when the whole
/// time passed, false when stopped. The one way core code pauses: a stop is always prompt.
template <class Rep, class Period>
bool waitUnlessStopped(std::stop_token stop, std::chrono::duration<Rep, Period> d) {
    if (d <= d.zero())
        return !stop.stop_requested();
    std::mutex m;
    std::condition_variable_any cv;
    std::unique_lock lock(m);
    cv.wait_for(lock, stop, d, [] { return false; });
    return !stop.stop_requested();
}

} // namespace lockscope
