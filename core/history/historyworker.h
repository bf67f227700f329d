#pragma once

#include "core/history/historyrecorder.h"
#include "core/history/historystats.h"
#include "core/history/historywindow.h"
#include "core/monitor/snapshot.h"

#include <QHash>
#include <QObject>
#include <memory>

class QTimer;

namespace lockscope {

/// The console's history recorder on a thread of its own ("lockscope-history"): snapshots in
/// by queued call, written once a second in one transaction, pruned at start and hourly;
/// reads for the Timeline and Statistics pages answered by signal. Nothing here touches the
/// network, and nothing here blocks the GUI thread.
class HistoryWorker : public QObject {
    Q_OBJECT
public:
    explicit HistoryWorker(HistorySettings settings, QObject* parent = nullptr);
    ~HistoryWorker() override;
    /// The most holds one window read returns (the newest are kept).
    static constexpr int kWindowLimit = 200000;

public slots:
    void start();
    void observe(const lockscope::Snapshot& snapshot);
    void noteForceRelease(const QString& lockId, const QString& holder);
    void recordAction(const lockscope::OperatorAction& action);
    void flush();
    /// An operator asked for a force release (the console's request id): recorded as an
    /// action with its outcome when releaseFinished() reports it.
    void expectRelease(quint64 requestId, const lockscope::OperatorAction& action);
    /// The release's outcome (StoreWorker::releaseFinished, queued straight from the actions
    /// thread, so it arrives before the refresh that release triggers): a Released one makes
    /// the hold's end ForceReleased.
    void releaseFinished(quint64 requestId, lockscope::ReleaseOutcome::Status status,
                         const QString& message);
    void loadWindow(quint64 requestId, qint64 fromMs, qint64 toMs);
    void loadStats(quint64 requestId, qint64 sinceMs, qint64 untilMs);

signals:
    void opened(const QString& path);
    void failed(const QString& message);
    void windowLoaded(quint64 requestId, const lockscope::HistoryWindow& window);
    void statsLoaded(quint64 requestId, const lockscope::HistoryStatsReport& report);

private:
    void prune();

    std::unique_ptr<HistoryRecorder> m_recorder;
    bool m_ok = false;
    QString m_lastError;
    QTimer* m_flushTimer = nullptr;
    QTimer* m_pruneTimer = nullptr;
    QHash<quint64, OperatorAction> m_releases; ///< by the console's request id
};

} // namespace lockscope

Q_DECLARE_METATYPE(lockscope::OperatorAction)
