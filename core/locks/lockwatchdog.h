#pragma once

#include "core/locks/lockhandle.h"

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace lockscope {

class LockStrategy;

/// Renews a lease lock at a third of its lease on a thread of its own, with a strategy instance
/// (and so a connection) of its own. Stops when stop() is called, when the handle is released
/// (the owner calls stop() first), or at the first failed renewal, which marks the handle lost.
class LockWatchdog {
public:
    LockWatchdog(std::unique_ptr<LockStrategy> renewer, const LockHandle& handle);
    ~LockWatchdog();
    LockWatchdog(const LockWatchdog&) = delete;
    LockWatchdog& operator=(const LockWatchdog&) = delete;

    void stop();
    int renewals() const;

private:
    void run();

    std::unique_ptr<LockStrategy> m_renewer;
    LockHandle m_handle; // a copy sharing the original's state (lost flag, deadline)
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stop = false;
    int m_renewals = 0;
    std::thread m_thread;
};

} // namespace lockscope
