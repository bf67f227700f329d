#pragma once

#include "core/monitor/snapshot.h"

#include <QHash>
#include <QWidget>

class QChart;
class QLineSeries;
class QValueAxis;
class QDateTimeAxis;

namespace lockscope {

class DownBanner;

/// Lease remaining over the last minutes for the locks in view: a lock that is being renewed
/// draws a sawtooth, a dying one falls to zero.
class LeasesPage : public QWidget {
    Q_OBJECT
public:
    explicit LeasesPage(QWidget* parent = nullptr);
    int seriesCount() const { return int(m_series.size()); }
    DownBanner* banner() const { return m_banner; }

public slots:
    void addSnapshot(const lockscope::Snapshot& snapshot);

private:
    QChart* m_chart;
    DownBanner* m_banner;
    QDateTimeAxis* m_x;
    QValueAxis* m_y;
    QHash<QString, QLineSeries*> m_series;
    QHash<QString, qint64> m_lastSeen;
    qint64 m_start = 0;
};

} // namespace lockscope
