#pragma once

#include "core/monitor/monitorconfig.h"
#include "core/monitor/snapshot.h"

#include <chrono>
#include <functional>
#include <memory>
#include <vector>

namespace lockscope {

class ChangeListener;
class ScanWorker;

/// One refresh of every backend into a Snapshot, and the diff against the previous one. Each
/// backend is scanned on its own thread (ScanWorker) with its own deadline: one that is down or
/// silent is reported in Snapshot::backendErrors (its locks kept as last known) while the others
/// are still read, and it is reconnected on a later refresh. Blocking: call from a worker thread.
class LockMonitor {
public:
    /// How long refresh() waits for the backends' answers.
    enum class Wait {
        /// Up to MonitorConfig::refreshWait; a slower backend keeps its last answer (watching:
        /// `locks watch`, the console).
        Briefly,
        /// Until each backend answered or counts as silent (one-shot reads, tests).
        ForAnswers
    };

    /// onChange is called (on a client library's thread) when a watched ZooKeeper lock directory
    /// changes, or a Redis keyspace notification names a lock key (only when the server already
    /// has notifications enabled), so that the owner can refresh at once instead of at the next
    /// poll.
    explicit LockMonitor(MonitorConfig config, std::function<void()> onChange = {});
    /// True while some backend's change listener (Redis keyspace notifications) is receiving.
    bool changeListenerActive() const;
    ~LockMonitor();

    Snapshot refresh(Wait wait = Wait::ForAnswers);
    /// The previous snapshot vs the new one; also makes the new one "previous".
    SnapshotDiff refreshDiff(Snapshot* out = nullptr, Wait wait = Wait::ForAnswers);
    const Snapshot& last() const { return m_last; }
    const MonitorConfig& config() const { return m_config; }

private:
    MonitorConfig m_config;
    std::vector<std::unique_ptr<ScanWorker>> m_workers;
    std::vector<std::unique_ptr<ChangeListener>> m_listeners;
    Snapshot m_last;
};

} // namespace lockscope
