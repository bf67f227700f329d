#include "core/history/historyworker.h"

#include "core/logging.h"

#include <QDateTime>
#include <QTimer>

namespace lockscope {

HistoryWorker::HistoryWorker(HistorySettings settings, QObject* parent)
    : QObject(parent)
    , m_recorder(std::make_unique<HistoryRecorder>(std::move(settings))) {
    qRegisterMetaType<HistoryWindow>();
    qRegisterMetaType<HistoryStatsReport>();
    qRegisterMetaType<OperatorAction>();
}

HistoryWorker::~HistoryWorker() {
    // Closing the console: what the last second saw is kept.
    if (m_ok && m_recorder->hasPending()) {
        QString error;
        m_recorder->flush(&error);
    }
}

void HistoryWorker::start() {
    QString error;
    m_ok = m_recorder->open(&error);
    if (!m_ok) {
        emit failed(tr("History is not recorded: %1").arg(error));
        return;
    }
    emit opened(m_recorder->store().path());
    prune();
    m_flushTimer = new QTimer(this);
    connect(m_flushTimer, &QTimer::timeout, this, &HistoryWorker::flush);
    m_flushTimer->start(1000);
    m_pruneTimer = new QTimer(this);
    connect(m_pruneTimer, &QTimer::timeout, this, &HistoryWorker::prune);
    m_pruneTimer->start(3600 * 1000);
}

void HistoryWorker::observe(const Snapshot& snapshot) {
    if (m_ok)
        m_recorder->observe(snapshot);
}

void HistoryWorker::noteForceRelease(const QString& lockId, const QString& holder) {
    m_recorder->noteForceRelease(lockId, holder);
}

void HistoryWorker::recordAction(const OperatorAction& action) {
    QString error;
    if (m_ok && !m_recorder->recordAction(action, &error))
        emit failed(tr("History: %1").arg(error));
}

void HistoryWorker::expectRelease(quint64 requestId, const OperatorAction& action) {
    m_releases.insert(requestId, action);
}

void HistoryWorker::releaseFinished(quint64 requestId, ReleaseOutcome::Status status,
                                    const QString& message) {
    if (!m_releases.contains(requestId))
        return;
    OperatorAction a = m_releases.take(requestId);
    a.outcome = status;
    a.message = message;
    if (status == ReleaseOutcome::Status::Released)
        m_recorder->noteForceRelease(a.lockId, a.holder);
    recordAction(a);
}

void HistoryWorker::flush() {
    if (!m_ok)
        return;
    QString error;
    if (m_recorder->flush(&error)) {
        m_lastError.clear();
        return;
    }
    // Kept for the next flush; said once, not every second.
    if (error != m_lastError)
        emit failed(tr("History: %1").arg(error));
    m_lastError = error;
}

void HistoryWorker::prune() {
    QString error;
    const auto p = m_recorder->prune(QDateTime::currentMSecsSinceEpoch(), &error);
    if (p.rows > 0)
        qCInfo(lcMonitor) << "history: pruned" << p.rows << "rows," << p.bytesBefore << "->"
                          << p.bytesAfter << "bytes";
}

void HistoryWorker::loadWindow(quint64 requestId, qint64 fromMs, qint64 toMs) {
    HistoryWindow w;
    w.fromMs = fromMs;
    w.toMs = toMs;
    if (m_ok) {
        flush();
        HistoryStore::Query q;
        q.sinceMs = fromMs;
        q.untilMs = toMs;
        q.limit = kWindowLimit;
        w.holds = m_recorder->store().holds(q);
        w.truncated = int(w.holds.size()) == kWindowLimit;
        w.waits = m_recorder->store().waits(q);
        q.limit = 0;
        w.outages = m_recorder->store().outages(q);
    }
    emit windowLoaded(requestId, w);
}

void HistoryWorker::loadStats(quint64 requestId, qint64 sinceMs, qint64 untilMs) {
    HistoryStatsReport r;
    r.sinceMs = sinceMs;
    r.untilMs = untilMs;
    if (m_ok) {
        flush();
        HistoryStore::Query q;
        q.sinceMs = sinceMs;
        q.untilMs = untilMs;
        r = HistoryStats::compute(m_recorder->store().holds(q), m_recorder->store().waits(q),
                                  sinceMs, untilMs);
    }
    emit statsLoaded(requestId, r);
}

} // namespace lockscope
