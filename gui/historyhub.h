#pragma once

#include "core/history/historysettings.h"

#include <QObject>

class QThread;

namespace lockscope {

class HistoryWorker;
class MonitorWorker;
class StatisticsPage;
class StoreWorker;
class TimelinePage;
struct LockEntry;

/// The console's history: a HistoryWorker on the "lockscope-history" thread fed by the
/// monitor's refreshes and the force releases, answering the Timeline and Statistics pages.
/// One per window; it outlives a switch of servers (attach() the new workers).
class HistoryHub : public QObject {
    Q_OBJECT
public:
    /// Settings from the user's QSettings ("history/path", "history/retentionDays",
    /// "history/maxMegabytes"); $LOCKSCOPE_HISTORY_DB, when set, names the file instead.

    HistoryHub(HistorySettings settings, TimelinePage* timeline, StatisticsPage* statistics,
               QObject* parent = nullptr);
    /// Stops the thread after the last flush (disk only, never a server: a bounded wait).
    ~HistoryHub() override;
    void attach(MonitorWorker* monitor, StoreWorker* store);
    /// The console is about to send this force release (request id as in StoreWorker).
    void releaseRequested(quint64 requestId, const LockEntry& entry, const QString& reason,
                          bool cancelOnly);
    HistoryWorker* worker() const { return m_worker; }

private:
    QThread* m_thread = nullptr;
    HistoryWorker* m_worker = nullptr;
};

} // namespace lockscope
