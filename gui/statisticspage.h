#pragma once

#include "core/history/historystats.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTableView;
class QTimer;

namespace lockscope {

class KeyedRowsModel;

/// The Statistics page: per resource (acquisitions, hold and wait time p50/p95/max,
/// contention, expiries, force releases, holder deaths), the hottest resources and the longest
/// holds over a chosen window, from the history store. Every table is merged row by row on a
/// refresh (KeyedRowsModel), sorted through a proxy.
class StatisticsPage : public QWidget {
    Q_OBJECT
public:
    explicit StatisticsPage(QWidget* parent = nullptr);
    QTableView* resourcesView() const { return m_resourcesView; }
    KeyedRowsModel* resourcesModel() const { return m_resources; }

public slots:
    void setStats(quint64 requestId, const lockscope::HistoryStatsReport& report);
    void reload();

signals:
    void statsRequested(quint64 requestId, qint64 sinceMs, qint64 untilMs);

protected:
    void showEvent(QShowEvent* event) override;

private:
    QComboBox* m_window = nullptr;
    QLabel* m_summary = nullptr;
    KeyedRowsModel* m_resources = nullptr;
    KeyedRowsModel* m_hottest = nullptr;
    KeyedRowsModel* m_longest = nullptr;
    QTableView* m_resourcesView = nullptr;
    QTimer* m_refresh = nullptr;
    quint64 m_nextRequest = 1;
    quint64 m_pending = 0;
};

} // namespace lockscope
