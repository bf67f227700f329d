#include "core/monitor/lockmonitor.h"

#include "connectors/connectorerror.h"
#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/logging.h"

#include <QDateTime>
#include <QElapsedTimer>

namespace lockscope {

LockMonitor::LockMonitor(MonitorConfig config, std::function<void()> onChange)
    : m_config(std::move(config))
    , m_onZkChange(std::move(onChange)) {
    m_config.config.requireValid(); // before any listener or scanner builds a name from it
    for (const LockBackend* b : BackendRegistry::all()) {
        if (!m_config.uses(b->id()))
            continue;
        Source s;
        s.backend = b;
        if (m_onZkChange)
            s.listener = b->createChangeListener(m_config, m_onZkChange);
        m_sources.push_back(std::move(s));
    }
}

bool LockMonitor::changeListenerActive() const {
    return std::any_of(m_sources.begin(), m_sources.end(),
                       [](const Source& s) { return s.listener && s.listener->active(); });
}

LockMonitor::~LockMonitor() = default;

void LockMonitor::scanOne(Source& source, Snapshot& snap) {
    const Backend id = source.backend->id();
    QElapsedTimer t;
    t.start();
    if (!source.scanner && std::chrono::steady_clock::now() < source.retryAt) {
        snap.backendErrors[id] = source.lastError;
        return; // still down: do not wait for its connect timeout on every refresh
    }
    try {
        if (!source.scanner)
            source.scanner = source.backend->createScanner(m_config, m_onZkChange);
        ScanResult r = source.scanner->scan();
        snap.locks.insert(snap.locks.end(), std::make_move_iterator(r.locks.begin()),
                          std::make_move_iterator(r.locks.end()));
        if (!r.blockingTree.isEmpty())
            snap.blockingTree = QJsonObject{{QStringLiteral("roots"), r.blockingTree}};
    } catch (const std::exception& e) {
        // Dropped and built again (reconnecting) once the back-off has passed.
        source.scanner.reset();
        const auto* ce = dynamic_cast<const ConnectorError*>(&e);
        source.lastError = ce ? ce->message() : QString::fromUtf8(e.what());
        source.retryAt = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        snap.backendErrors[id] = source.lastError;
        qCWarning(lcMonitor) << source.backend->name() << "unavailable:" << source.lastError;
    }
    snap.backendMs[id] = double(t.nsecsElapsed()) / 1e6;
}

Snapshot LockMonitor::refresh() {
    Snapshot snap;
    snap.takenAtMs = QDateTime::currentMSecsSinceEpoch();
    // Each backend on its own: one that is down does not hide the others.
    for (Source& s : m_sources)
        scanOne(s, snap);
    // A backend that cannot be read keeps its last known locks, marked so: an outage is not a
    // mass release (`locks watch` printed every one of them "removed").
    snap.keepLastKnown(m_last);
    snap.sort();
    return snap;
}

SnapshotDiff LockMonitor::refreshDiff(Snapshot* out) {
    Snapshot next = refresh();
    SnapshotDiff d = SnapshotDiff::between(m_last, next);
    m_last = std::move(next);
    if (out)
        *out = m_last;
    return d;
}

} // namespace lockscope
