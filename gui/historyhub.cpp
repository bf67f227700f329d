#include "gui/historyhub.h"

#include "core/history/historyworker.h"
#include "gui/monitorworker.h"
#include "gui/statisticspage.h"
#include "gui/storeworker.h"
#include "gui/timelinepage.h"

#include <QDateTime>
#include <QSettings>
#include <QThread>

namespace lockscope {

HistoryHub::HistoryHub(HistorySettings settings, TimelinePage* timeline, StatisticsPage* statistics,
                       QObject* parent)
    : QObject(parent) {
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("lockscope-history"));
    m_worker = new HistoryWorker(std::move(settings));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::started, m_worker, &HistoryWorker::start);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &HistoryWorker::opened, timeline, &TimelinePage::setRecording);
    connect(m_worker, &HistoryWorker::failed, timeline, &TimelinePage::setError);
    connect(timeline, &TimelinePage::windowRequested, m_worker, &HistoryWorker::loadWindow);
    connect(m_worker, &HistoryWorker::windowLoaded, timeline, &TimelinePage::setWindow);
    connect(statistics, &StatisticsPage::statsRequested, m_worker, &HistoryWorker::loadStats);
    connect(m_worker, &HistoryWorker::statsLoaded, statistics, &StatisticsPage::setStats);
    m_thread->start();
}

HistoryHub::~HistoryHub() {
    m_thread->quit();
    // The worker's destructor (deleteLater on finished) writes what is pending: disk, bounded.
    if (m_thread->wait(5000))
        delete m_thread;
}

void HistoryHub::attach(MonitorWorker* monitor, StoreWorker* store) {
    // Straight from the I/O and actions threads into the history thread: the GUI thread only
    // sees the pages' reads.
    connect(monitor, &MonitorWorker::refreshed, m_worker,
            [worker = m_worker](const Snapshot& s, const SnapshotDiff&) { worker->observe(s); });
    connect(store, &StoreWorker::releaseFinished, m_worker, &HistoryWorker::releaseFinished);
}

void HistoryHub::releaseRequested(quint64 requestId, const LockEntry& entry, const QString& reason,
                                  bool cancelOnly) {
    OperatorAction a;
    a.atMs = QDateTime::currentMSecsSinceEpoch();
    a.operatorName = qEnvironmentVariable("USER");
    a.action = cancelOnly ? QStringLiteral("cancel") : QStringLiteral("force-release");
    a.backend = entry.backend;
    a.lockId = entry.id();
    a.resource = entry.logical();
    a.holder = entry.holder;
    a.reason = reason;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, requestId, a] { w->expectRelease(requestId, a); },
        Qt::QueuedConnection);
}

} // namespace lockscope
