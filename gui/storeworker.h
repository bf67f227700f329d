#pragma once

#include "core/monitor/auditrecord.h"
#include "core/monitor/forcereleaser.h"
#include "core/namespaceconfig.h"
#include "core/shop/inventory.h"

#include <QObject>

namespace lockscope {

/// Lives on the console's second I/O thread (lockscope-actions): stock reads, audit reads and
/// force-releases. Apart from the monitor's thread, so that a stock read or a release waiting on
/// a silent server never holds up the Locks page's refreshes. Results come back by queued
/// signal; the GUI thread never waits.
class StoreWorker : public QObject {
    Q_OBJECT
public:
    explicit StoreWorker(NamespaceConfig config);

public slots:
    void release(const lockscope::LockEntry& entry, const QString& reason,
                 const QString& operatorName, bool cancelOnly, bool readOnly, quint64 requestId);
    void loadAudit();
    void loadStock();

signals:
    void stockLoaded(const QList<lockscope::Inventory::StockRow>& rows);
    /// After every release, whatever its outcome: the monitor should look again now.
    void releaseFinished(quint64 requestId, lockscope::ReleaseOutcome::Status status,
                         const QString& message);
    void auditLoaded(const QList<lockscope::AuditRecord>& rows);
    void auditFailed(const QString& error);

private:
    NamespaceConfig m_config;
};

} // namespace lockscope
