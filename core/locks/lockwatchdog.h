#pragma once

#include "core/locks/lockhandle.h"

#include <atomic>
#include <memory>
#include <stop_token>
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
    void run(std::stop_token stop);

    std::unique_ptr<LockStrategy> m_renewer;
    LockHandle m_handle; // a copy sharing the original's state (lost flag, deadline)
    std::atomic<int> m_renewals{0};
    std::jthread m_thread; // last: stopped and joined before the members it uses go
};

} // namespace lockscope
