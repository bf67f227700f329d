#pragma once

#include "core/monitor/monitorconfig.h"
#include "core/monitor/snapshot.h"

#include <QObject>
#include <atomic>
#include <memory>

class QTimer;

namespace lockscope {

class LockMonitor;

/// Lives on the console's I/O thread: refreshes the monitor on a timer and at once when a
/// ZooKeeper watch or Redis keyspace notification says something changed. Stock, audit and
/// force-releases run elsewhere (StoreWorker), so they never delay a refresh. Everything comes
/// back by queued signal; the GUI thread never waits.
class MonitorWorker : public QObject {
    Q_OBJECT
public:
    explicit MonitorWorker(MonitorConfig config, int intervalMs = 1000);
    ~MonitorWorker() override;

public slots:
    void start();
    void refreshNow();
    void setInterval(int ms);

signals:
    void refreshed(const lockscope::Snapshot& snapshot, const lockscope::SnapshotDiff& diff);

private:
    MonitorConfig m_config;
    int m_intervalMs;
    QTimer* m_timer = nullptr;
    std::unique_ptr<LockMonitor> m_monitor;
    std::shared_ptr<std::atomic<bool>> m_pokePending = std::make_shared<std::atomic<bool>>(false);
};

} // namespace lockscope
