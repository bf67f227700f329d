#pragma once

#include "core/backends/changemode.h"
#include "core/monitor/monitorconfig.h"
#include "core/monitor/snapshot.h"

#include <atomic>
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
        /// `locks watch`, the console). A refresh that follows a change report (a poke) scans
        /// and waits for only the backends that reported one, so a slow PostgreSQL scan never
        /// delays a Redis or ZooKeeper change; a backend whose listener says no scan is due
        /// (PostgreSQL's adaptive polling while idle), or whose scanner watches for changes
        /// itself (ZooKeeper) and was scanned less than 30 s ago, is not scanned on a timed
        /// refresh.
        Briefly,
        /// Until each backend answered or counts as silent (one-shot reads, tests).
        ForAnswers
    };

    /// onChange is called (on a client library's or listener's thread) when a backend reports
    /// a change: ZooKeeper watches, Redis invalidation (CLIENT TRACKING) or keyspace
    /// notifications, PostgreSQL's change detector; the owner then refreshes at once instead of
    /// at the next poll. Without it, every backend is polled.
    explicit LockMonitor(MonitorConfig config, std::function<void()> onChange = {});
    /// True while some backend's change listener is receiving.
    bool changeListenerActive() const;
    /// How each backend's changes are learned right now.
    QMap<Backend, ChangeStatus> changeModes() const;
    ~LockMonitor();

    Snapshot refresh(Wait wait = Wait::ForAnswers);
    /// The previous snapshot vs the new one; also makes the new one "previous".
    SnapshotDiff refreshDiff(Snapshot* out = nullptr, Wait wait = Wait::ForAnswers);
    const Snapshot& last() const { return m_last; }
    const MonitorConfig& config() const { return m_config; }

private:
    MonitorConfig m_config;
    bool m_listening = false;
    std::vector<std::unique_ptr<ScanWorker>> m_workers;
    /// Per worker (same index): its backend's listener or nullptr.
    std::vector<std::unique_ptr<ChangeListener>> m_listeners;
    /// Per worker: set by that backend's change report, cleared when a refresh takes it.
    std::vector<std::shared_ptr<std::atomic<bool>>> m_poked;
    /// Per worker: when its last scan was started (steady clock).
    std::vector<std::chrono::steady_clock::time_point> m_lastScan;
    /// Per worker: the last refresh (wall ms) that left it unscanned because its change channel
    /// (watches, tracking, the change detector) was live and it was not failing: it was up then,
    /// so an outage found later started after it, not at its last (possibly old) scan.
    std::vector<int64_t> m_quietUpAtMs;
    Snapshot m_last;
};

} // namespace lockscope
