#include "gui/monitorworker.h"

#include "connectors/connectorerror.h"
#include "core/monitor/auditlog.h"
#include "core/monitor/lockmonitor.h"
#include "core/shop/inventory.h"
#include "core/shop/stockstore.h"

#include <QJsonObject>

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

void MonitorWorker::release(const LockEntry& entry, const QString& reason,
                            const QString& operatorName, bool cancelOnly, bool readOnly,
                            quint64 requestId) {
    ForceReleaser::Request r;
    r.observed = entry;
    r.reason = reason;
    r.operatorName = operatorName;
    r.cancelOnly = cancelOnly;
    r.readOnly = readOnly;
    const ForceReleaser::Outcome out = ForceReleaser(m_config.config).release(r);
    emit releaseFinished(requestId, out.status, out.message);
    refreshNow();
    loadAudit();
}

void MonitorWorker::loadStock() {
    // Store by store: one that is down keeps its last known column (greyed by the Stock page
    // while the monitor reports it down), the others are still read.
    QList<Inventory::StockRow> rows;
    for (const QString& store : StockStore::names()) {
        try {
            const auto list = Inventory::list(m_config.config, {store});
            rows.append(QList<Inventory::StockRow>(list.begin(), list.end()));
        } catch (const std::exception&) {
            // this store (or PostgreSQL, which lists the items) is down
        }
    }
    if (!rows.isEmpty())
        emit stockLoaded(rows);
}

void MonitorWorker::loadAudit() {
    try {
        emit auditLoaded(AuditLog(m_config.config).list(500));
    } catch (const ConnectorError& e) {
        emit auditFailed(e.message());
    }
}

} // namespace lockscope
