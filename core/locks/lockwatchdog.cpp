#include "core/locks/lockwatchdog.h"

#include "connectors/callinterrupt.h"
#include "core/interruptiblewait.h"
#include "core/locks/lockstrategy.h"
#include "core/logging.h"

namespace lockscope {

LockWatchdog::LockWatchdog(std::unique_ptr<LockStrategy> renewer, const LockHandle& handle)
    : m_renewer(std::move(renewer))
    , m_handle(handle) {
    if (m_handle.hasLease())
        m_thread = std::jthread([this](std::stop_token stop) { run(stop); });
}

LockWatchdog::~LockWatchdog() {
    stop();
}

void LockWatchdog::stop() {
    m_thread.request_stop(); // wakes its wait at once
    if (m_thread.joinable())
        m_thread.join();
}

int LockWatchdog::renewals() const {
    return m_renewals.load();
}

void LockWatchdog::run(std::stop_token stop) {
    // A renewal may wait on a silent server (and ask again while the lease lasts): a stop cuts
    // it short, so stop() stays prompt.
    const CallInterrupt::Scope interrupt(stop);
    const auto interval = std::max(m_handle.leaseLength() / 3, std::chrono::milliseconds(1));
    while (waitUnlessStopped(stop, interval)) {
        if (m_handle.state()->lost)
            return;
        bool ok = false;
        try {
            ok = m_renewer->renew(m_handle);
        } catch (const std::exception& e) {
            qCWarning(lcLocks) << "watchdog renewal failed:" << e.what();
        } catch (...) {
            // Nothing may escape this thread (std::terminate): an unknown failure is a lost lock.
            qCWarning(lcLocks) << "watchdog renewal failed";
        }
        if (stop.stop_requested())
            return; // cut short by stop(): says nothing about the lock
        if (!ok) {
            m_handle.markLost();
            return;
        }
        ++m_renewals;
    }
}

} // namespace lockscope
