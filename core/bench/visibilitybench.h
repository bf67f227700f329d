#pragma once

#include "connectors/backend.h"
#include "core/backends/changemode.h"
#include "core/namespaceconfig.h"

#include <QJsonArray>
#include <QMap>
#include <vector>

namespace lockscope {

/// `lockscope-cli bench visibility`: how soon the monitor, run as the console and `locks watch`
/// run it (LockMonitor refreshed on a timer and at once on a change report, Wait::Briefly),
/// sees a lock that real clients take and drop. Per backend, on a monitor of that backend alone,
/// `samples` times: take a lock (even samples LockScope's own strategy, odd ones a foreign
/// client: a plain SET NX PX, a raw Curator-style znode, a session holding SELECT ... FOR
/// UPDATE), note when the acquire returned, wait until a refresh shows it (acquire -> visible),
/// drop it, wait until a refresh no longer shows it (release -> gone). A random pause of up to
/// the refresh interval before each step, so a poll's phase is not always the same.
/// Monitor CPU: the CPU time of the threads the monitor started (listed from /proc/self/task
/// before any lock client exists) over the run's wall time, in % of one core.
class VisibilityBench {
public:
    struct Options {
        NamespaceConfig config;        ///< its ns is replaced by "lsvis"
        std::vector<Backend> backends; ///< empty: all
        int samples = 20;
        int intervalMs = 1000; ///< the owner's refresh interval (the console's default)
        /// Before: no Redis tracking (keyspace notifications if the server has them on, else
        /// polling) and no PostgreSQL adaptive polling, as LockScope did before them.
        bool baseline = false;
        /// > 0: also measure the monitor's CPU for idleSeconds with this many idle locks held
        /// on each backend ("idle_locks", "idle_monitor_cpu_pct").
        int idleLocks = 0;
        int idleSeconds = 10;
    };
    /// One object per backend: backend, samples, acquire_visible_ms {p50, p95},
    /// release_gone_ms {p50, p95}, monitor_cpu_pct (+ idle_locks, idle_monitor_cpu_pct with
    /// idleLocks; + missed: samples not seen within 10 s). *modes: each backend's change mode.
    static QJsonArray run(const Options& options, QMap<Backend, ChangeStatus>* modes = nullptr);
};

} // namespace lockscope
