#pragma once

#include "core/monitor/monitorconfig.h"
#include "core/monitor/snapshot.h"

#include <chrono>
#include <functional>
#include <memory>
#include <vector>

namespace lockscope {

class LockBackend;
class BackendScanner;
class ChangeListener;

/// One refresh of every backend into a Snapshot, and the diff against the previous one. A backend
/// that is down is reported in Snapshot::backendErrors while the others are still read, and it is
/// reconnected on the next refresh. Blocking: call from a worker thread.
class LockMonitor {
public:
    /// onChange is called (on a client library's thread) when a watched ZooKeeper lock directory
    /// changes, or a Redis keyspace notification names a lock key (only when the server already
    /// has notifications enabled), so that the owner can refresh at once instead of at the next
    /// poll.
    explicit LockMonitor(MonitorConfig config, std::function<void()> onChange = {});
    /// True while some backend's change listener (Redis keyspace notifications) is receiving.
    bool changeListenerActive() const;
    ~LockMonitor();

    Snapshot refresh();
    /// The previous snapshot vs the new one; also makes the new one "previous".
    SnapshotDiff refreshDiff(Snapshot* out = nullptr);
    const Snapshot& last() const { return m_last; }
    const MonitorConfig& config() const { return m_config; }

private:
    MonitorConfig m_config;
    std::function<void()> m_onZkChange;
    /// One per backend read: its scanner (rebuilt after a failure), its change listener, and
    /// when a failed backend may be tried again (so that it cannot slow the others down).
    struct Source {
        const LockBackend* backend = nullptr;
        std::unique_ptr<BackendScanner> scanner;
        std::unique_ptr<ChangeListener> listener;
        std::chrono::steady_clock::time_point retryAt{};
        QString lastError;
    };
    void scanOne(Source& source, Snapshot& snap);

    std::vector<Source> m_sources;
    Snapshot m_last;
};

} // namespace lockscope
