#pragma once

#include "core/monitor/auditrecord.h"
#include "core/monitor/forcereleaser.h"
#include "core/monitor/monitorconfig.h"
#include "core/monitor/snapshot.h"
#include "core/shop/inventory.h"

#include <QJsonArray>
#include <QObject>
#include <atomic>
#include <memory>

class QTimer;

namespace lockscope {

class LockMonitor;

/// Lives on the console's I/O thread: refreshes the monitor on a timer and at once when a
/// ZooKeeper watch or Redis keyspace notification says something changed; runs force-releases
/// and audit reads. Everything comes back by queued signal; the GUI thread never waits.
class MonitorWorker : public QObject {
    Q_OBJECT
public:
    explicit MonitorWorker(MonitorConfig config, int intervalMs = 1000);
    ~MonitorWorker() override;

public slots:
    void start();
    void refreshNow();
    void setInterval(int ms);
    void release(const lockscope::LockEntry& entry, const QString& reason,
                 const QString& operatorName, bool cancelOnly, bool readOnly, quint64 requestId);
    void loadAudit();
    void loadStock();

signals:
    void stockLoaded(const QList<lockscope::Inventory::StockRow>& rows);
    void refreshed(const lockscope::Snapshot& snapshot, const lockscope::SnapshotDiff& diff);
    void releaseFinished(quint64 requestId, lockscope::ReleaseOutcome::Status status,
                         const QString& message);
    void auditLoaded(const QList<lockscope::AuditRecord>& rows);
    void auditFailed(const QString& error);

private:
    MonitorConfig m_config;
    int m_intervalMs;
    QTimer* m_timer = nullptr;
    std::unique_ptr<LockMonitor> m_monitor;
    std::shared_ptr<std::atomic<bool>> m_pokePending = std::make_shared<std::atomic<bool>>(false);
};

} // namespace lockscope
