#include "gui/monitorworker.h"

#include "core/monitor/lockmonitor.h"

#include <QPointer>
#include <QTimer>

namespace lockscope {

MonitorWorker::MonitorWorker(MonitorConfig config, int intervalMs)
    : m_config(std::move(config))
    , m_intervalMs(intervalMs) {}

MonitorWorker::~MonitorWorker() = default;

void MonitorWorker::start() {
    QPointer<MonitorWorker> self(this);
    auto pending = m_pokePending;
    // Called on a client library's thread: coalesce, then hop to ours.
    m_monitor = std::make_unique<LockMonitor>(m_config, [self, pending] {
        if (pending->exchange(true))
            return;
        QMetaObject::invokeMethod(
            self.data(),
            [self] {
                if (self)
                    self->refreshNow();
            },
            Qt::QueuedConnection);
    });
    m_timer = new QTimer(this);
    connect(m_timer, &QTimer::timeout, this, &MonitorWorker::refreshNow);
    m_timer->start(m_intervalMs);
    refreshNow();
}

void MonitorWorker::refreshNow() {
    if (!m_monitor)
        return;
    m_pokePending->store(false);
    Snapshot snap;
    const SnapshotDiff diff = m_monitor->refreshDiff(&snap, LockMonitor::Wait::Briefly);
    emit refreshed(snap, diff);
}

void MonitorWorker::setInterval(int ms) {
    m_intervalMs = ms;
    if (m_timer)
        m_timer->start(ms);
}

} // namespace lockscope
