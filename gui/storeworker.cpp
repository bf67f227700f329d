#include "gui/storeworker.h"

#include "connectors/connectorerror.h"
#include "core/monitor/auditlog.h"
#include "core/shop/stockstore.h"

namespace lockscope {

StoreWorker::StoreWorker(NamespaceConfig config)
    : m_config(std::move(config)) {}

void StoreWorker::release(const LockEntry& entry, const QString& reason,
                          const QString& operatorName, bool cancelOnly, bool readOnly,
                          quint64 requestId) {
    ForceReleaser::Request r;
    r.observed = entry;
    r.reason = reason;
    r.operatorName = operatorName;
    r.cancelOnly = cancelOnly;
    r.readOnly = readOnly;
    const ForceReleaser::Outcome out = ForceReleaser(m_config).release(r);
    emit releaseFinished(requestId, out.status, out.message);
    loadAudit();
}

void StoreWorker::loadStock() {
    // Store by store: one that is down keeps its last known column (greyed by the Stock page
    // while the monitor reports it down), the others are still read.
    QList<Inventory::StockRow> rows;
    for (const QString& store : StockStore::names()) {
        try {
            const auto list = Inventory::list(m_config, {store});
            rows.append(QList<Inventory::StockRow>(list.begin(), list.end()));
        } catch (const std::exception&) {
            // this store (or PostgreSQL, which lists the items) is down
        }
    }
    if (!rows.isEmpty())
        emit stockLoaded(rows);
}

void StoreWorker::loadAudit() {
    try {
        emit auditLoaded(AuditLog(m_config).list(500));
    } catch (const ConnectorError& e) {
        emit auditFailed(e.message());
    }
}

} // namespace lockscope
