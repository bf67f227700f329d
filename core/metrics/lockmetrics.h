#pragma once

#include "connectors/backend.h"
#include "core/history/holdtracker.h"
#include "core/monitor/snapshot.h"

#include <QByteArray>
#include <QHash>
#include <QMap>
#include <QString>
#include <vector>

namespace lockscope {

/// The monitor's view as Prometheus metrics (`lockscope-cli exporter`, docs/METRICS.md): fed
/// with every snapshot (observe) and what the HoldTracker says ended (observeHolds), rendered in
/// the text exposition format. Label cardinality is bounded: backend and kind are LockScope's
/// own small sets; resource names appear only for the topN oldest holds. Plain value logic, no
/// I/O; one thread at a time.
class LockMetrics {
public:
    struct Options {
        std::vector<Backend> backends; ///< the monitored ones; empty = every registered backend
        int topN = 10;                 ///< resources named in lockscope_hold_age_seconds
    };

    explicit LockMetrics(Options options);

    void observe(const Snapshot& snapshot);
    /// Ended holds go into lockscope_hold_duration_seconds and lockscope_holds_ended_total.
    void observeHolds(const HistoryChanges& changes);
    /// HOOK for core/alerts: the alerts firing now, by rule name (lockscope_alerts_firing{rule}).
    /// Until an alert engine calls it, the family is exported without samples.
    void setAlertsFiring(const QMap<QString, int>& firingByRule);

    /// Everything, as of the last snapshot (hold ages at nowMs).
    QByteArray render(int64_t nowMs) const;

    /// The histogram's upper bounds, seconds.
    static const QList<double>& holdDurationBounds();

private:
    struct Histogram {
        QList<quint64> buckets; ///< cumulative, one per bound
        quint64 count = 0;
        double sum = 0;
    };
    std::vector<Backend> backends() const;

    Options m_options;
    Snapshot m_last;
    bool m_haveSnapshot = false;
    quint64 m_refreshes = 0;
    QHash<QString, int64_t> m_firstSeenMs;                ///< lock id -> first refresh that saw it
    QMap<QPair<QString, QString>, Histogram> m_durations; ///< (backend, kind)
    QMap<QPair<QString, QString>, quint64> m_ended;       ///< (backend, how it ended)
    QMap<QString, int> m_alerts;
};

} // namespace lockscope
