#include "core/monitor/lockmonitor.h"

#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/monitor/scanworker.h"

#include <QDateTime>

namespace lockscope {

LockMonitor::LockMonitor(MonitorConfig config, std::function<void()> onChange)
    : m_config(std::move(config)) {
    m_config.config.requireValid(); // before any listener or scanner builds a name from it
    for (const LockBackend* b : BackendRegistry::all()) {
        if (!m_config.uses(b->id()))
            continue;
        if (onChange) {
            if (auto listener = b->createChangeListener(m_config, onChange))
                m_listeners.push_back(std::move(listener));
        }
        m_workers.push_back(std::make_unique<ScanWorker>(b, m_config, onChange));
    }
}

bool LockMonitor::changeListenerActive() const {
    return std::any_of(m_listeners.begin(), m_listeners.end(),
                       [](const auto& l) { return l->active(); });
}

LockMonitor::~LockMonitor() = default;

Snapshot LockMonitor::refresh(Wait wait) {
    using Clock = ScanWorker::Clock;
    const auto start = Clock::now();
    Snapshot snap;
    snap.takenAtMs = QDateTime::currentMSecsSinceEpoch();
    // Every backend at once, each on its own thread: one that is slow or down does not hide
    // the others, nor delay them by more than the wait.
    std::vector<bool> started;
    for (auto& w : m_workers)
        started.push_back(w->request());
    const auto deadline = wait == Wait::Briefly
                              ? start + m_config.refreshWait
                              : start + m_config.silentAfter + std::chrono::milliseconds(100);
    for (size_t i = 0; i < m_workers.size(); ++i) {
        // A scan still stuck from an earlier refresh is not waited for again (Briefly).
        if (started[i] || wait == Wait::ForAnswers)
            m_workers[i]->waitIdle(deadline);
    }
    QMap<Backend, int64_t> lastAnswerMs;
    for (auto& w : m_workers) {
        const Backend id = w->backend()->id();
        ScanWorker::Result r = w->take();
        lastAnswerMs.insert(id, r.lastAnswerMs);
        if (r.lastAnswerMs > 0)
            snap.answeredAtMs.insert(id, r.lastAnswerMs);
        const auto since = w->runningSince();
        if (since && Clock::now() - *since >= m_config.silentAfter) {
            // Alive or not, it has said nothing for too long: down, its locks last known.
            snap.backendErrors[id] =
                QStringLiteral("%1: no answer within %2 s")
                    .arg(backendDisplayName(id))
                    .arg(std::chrono::duration<double>(m_config.silentAfter).count());
            snap.backendMs[id] =
                std::chrono::duration<double, std::milli>(Clock::now() - *since).count();
            continue;
        }
        if (r.sequence == 0)
            continue; // no answer yet, and not for long: nothing known, nothing claimed
        snap.backendMs[id] = r.ms;
        if (!r.error.isEmpty()) {
            snap.backendErrors[id] = r.error;
            if (r.refused)
                snap.refusedBackends.append(id);
            continue;
        }
        if (r.fresh) {
            snap.locks.insert(snap.locks.end(), std::make_move_iterator(r.locks.begin()),
                              std::make_move_iterator(r.locks.end()));
        } else {
            // No new answer since the last refresh (a scan still running): its last answer is
            // what the previous snapshot holds.
            for (const LockEntry& e : m_last.locks)
                if (e.backend == id)
                    snap.locks.push_back(e);
        }
        if (!r.blockingTree.isEmpty())
            snap.blockingTree = QJsonObject{{QStringLiteral("roots"), r.blockingTree}};
    }
    // A backend that cannot be read keeps its last known locks, marked so and dated from its
    // last answer: an outage is not a mass release (`locks watch` printed every one of them
    // "removed"), and their age is not understated by the time it took to notice.
    snap.keepLastKnown(m_last, lastAnswerMs);
    snap.sort();
    return snap;
}

SnapshotDiff LockMonitor::refreshDiff(Snapshot* out, Wait wait) {
    Snapshot next = refresh(wait);
    SnapshotDiff d = SnapshotDiff::between(m_last, next);
    m_last = std::move(next);
    if (out)
        *out = m_last;
    return d;
}

} // namespace lockscope
