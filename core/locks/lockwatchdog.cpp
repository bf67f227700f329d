#include "core/locks/lockwatchdog.h"

#include "core/locks/lockstrategy.h"
#include "core/logging.h"

namespace lockscope {

LockWatchdog::LockWatchdog(std::unique_ptr<LockStrategy> renewer, const LockHandle& handle)
    : m_renewer(std::move(renewer))
    , m_handle(handle) {
    if (m_handle.hasLease())
        m_thread = std::thread([this] { run(); });
}

LockWatchdog::~LockWatchdog() {
    stop();
}

void LockWatchdog::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

int LockWatchdog::renewals() const {
    std::lock_guard lock(m_mutex);
    return m_renewals;
}

void LockWatchdog::run() {
    const auto interval = std::max(m_handle.leaseLength() / 3, std::chrono::milliseconds(1));
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        if (m_cv.wait_for(lock, interval, [this] { return m_stop; }))
            return;
        if (m_handle.state()->lost)
            return;
        lock.unlock();
        bool ok = false;
        try {
            ok = m_renewer->renew(m_handle);
        } catch (const std::exception& e) {
            qCWarning(lcLocks) << "watchdog renewal failed:" << e.what();
        }
        lock.lock();
        if (!ok) {
            m_handle.markLost();
            return;
        }
        ++m_renewals;
    }
}

} // namespace lockscope
