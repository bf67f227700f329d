#include "core/monitor/lockmonitor.h"

#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/monitor/scanworker.h"

#include <QDateTime>

namespace lockscope {

namespace {
/// How often a timed refresh scans a backend whose scanner watches for changes itself.
constexpr std::chrono::seconds kWatchedRescanEvery{30};
} // namespace

LockMonitor::LockMonitor(MonitorConfig config, std::function<void()> onChange)
    : m_config(std::move(config))
    , m_listening(static_cast<bool>(onChange)) {
    m_config.config.requireValid(); // before any listener or scanner builds a name from it
    for (const LockBackend* b : BackendRegistry::all()) {
        if (!m_config.uses(b->id()))
            continue;
        auto poked = std::make_shared<std::atomic<bool>>(false);
        std::function<void()> poke;
        if (onChange) {
            // Which backend reported the change: the refresh it causes scans only that one.
            poke = [poked, onChange] {
                poked->store(true);
                onChange();
            };
        }
        m_listeners.push_back(poke ? b->createChangeListener(m_config, poke) : nullptr);
        m_workers.push_back(std::make_unique<ScanWorker>(b, m_config, poke));
        m_poked.push_back(std::move(poked));
        m_lastScan.emplace_back();
        m_quietUpAtMs.push_back(0);
    }
}

bool LockMonitor::changeListenerActive() const {
    return std::any_of(m_listeners.begin(), m_listeners.end(),
                       [](const auto& l) { return l && l->active(); });
}

QMap<Backend, ChangeStatus> LockMonitor::changeModes() const {
    QMap<Backend, ChangeStatus> out;
    for (size_t i = 0; i < m_workers.size(); ++i) {
        const LockBackend* b = m_workers[i]->backend();
        if (m_listeners[i])
            out.insert(b->id(), m_listeners[i]->status());
        else if (m_listening)
            out.insert(b->id(), ChangeStatus{b->scannerChangeMode(), {}});
        else
            out.insert(b->id(), ChangeStatus{ChangeMode::Polling, {}});
    }
    return out;
}

LockMonitor::~LockMonitor() = default;

Snapshot LockMonitor::refresh(Wait wait) {
    using Clock = ScanWorker::Clock;
    const auto start = Clock::now();
    Snapshot snap;
    snap.takenAtMs = QDateTime::currentMSecsSinceEpoch();
    // Every backend at once, each on its own thread: one that is slow or down does not hide
    // the others, nor delay them by more than the wait.
    const auto deadline = wait == Wait::Briefly
                              ? start + m_config.refreshWait
                              : start + m_config.silentAfter + std::chrono::milliseconds(100);
    // A refresh that follows a change report scans only the backends that reported one (the
    // others keep their last answer, read again on the next timed refresh); a timed refresh
    // scans each backend whose listener says a scan is due.
    std::vector<bool> poked;
    bool anyPoked = false;
    for (auto& p : m_poked) {
        poked.push_back(wait == Wait::Briefly && p->exchange(false));
        anyPoked = anyPoked || poked.back();
    }
    std::vector<bool> started(m_workers.size(), false);
    for (size_t i = 0; i < m_workers.size(); ++i) {
        bool want = true;
        // A backend that failed is read at every timed refresh until it answers: the safety
        // scan's long interval is for a server whose watches report its changes.
        const bool failing = m_last.backendErrors.contains(m_workers[i]->backend()->id());
        if (wait == Wait::Briefly) {
            if (anyPoked)
                want = poked[i];
            else if (failing)
                want = true;
            else if (m_listeners[i] && m_lastScan[i] != Clock::time_point{})
                want = m_listeners[i]->scanDue(m_lastScan[i]);
            else if (m_listening && m_lastScan[i] != Clock::time_point{} &&
                     m_workers[i]->backend()->scannerChangeMode() != ChangeMode::Polling)
                // Its scanner's own watches report every change (ZooKeeper): a timed scan is
                // only the safety net: 1,000 idle lock directories are ~2,000 requests per scan,
                // 5-12% of a core read every second, ~5% every 5 s (bench visibility).
                want = Clock::now() - m_lastScan[i] >= kWatchedRescanEvery;
        }
        if (!want) {
            if (!failing && !anyPoked)
                m_quietUpAtMs[i] = snap.takenAtMs;
            continue;
        }
        started[i] = m_workers[i]->request();
        if (!started[i] && poked[i]) {
            // A scan that began before the change may not have seen it: the next one will.
            m_workers[i]->waitIdle(deadline);
            started[i] = m_workers[i]->request();
        }
        if (started[i])
            m_lastScan[i] = Clock::now();
    }
    for (size_t i = 0; i < m_workers.size(); ++i) {
        // A scan still stuck from an earlier refresh is not waited for again (Briefly).
        if (started[i] || wait == Wait::ForAnswers)
            m_workers[i]->waitIdle(deadline);
    }
    QMap<Backend, int64_t> lastAnswerMs;
    for (size_t i = 0; i < m_workers.size(); ++i) {
        auto& w = m_workers[i];
        const Backend id = w->backend()->id();
        ScanWorker::Result r = w->take();
        lastAnswerMs.insert(id,
                            std::max(r.lastAnswerMs, r.lastAnswerMs > 0 ? m_quietUpAtMs[i] : 0));
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
    snap.changeModes = changeModes();
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
