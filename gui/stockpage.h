#pragma once

#include "connectors/backend.h"
#include "core/shop/inventory.h"

#include <QList>
#include <QMap>
#include <QWidget>

class QStandardItemModel;
class QLineSeries;
class QValueAxis;
class QChart;
class QLabel;

namespace lockscope {

class DownBanner;

/// Items and their stock in each store; during a demo, a live line chart of stock left.
class StockPage : public QWidget {
    Q_OBJECT
public:
    explicit StockPage(QWidget* parent = nullptr);
    QStandardItemModel* model() const { return m_model; }
    DownBanner* banner() const { return m_banner; }
    /// The column of a store's stock (2 + its index), -1 if none.
    int columnOf(Backend backend) const;

public slots:
    /// Rows: {item, name, store, stock}; merged in place (rows keep their place).
    void setStock(const QList<lockscope::Inventory::StockRow>& rows);
    void demoStarted(const QStringList& strategies);
    void demoSample(double elapsedS, int stockLeft, int oversold);
    /// The servers that are down (Snapshot::unknownSinceMs, backendErrors): a banner, and their
    /// stock greyed as last known.
    void setBackendsDown(const QMap<lockscope::Backend, int64_t>& since,
                         const QMap<lockscope::Backend, QString>& errors);

signals:
    void reloadRequested();

private:
    void paintCell(int row, int col);

    QStringList m_stores; ///< one column each, after item and name
    QStandardItemModel* m_model;
    int m_minStock = 0; ///< the demo chart's lowest and highest stock so far
    int m_maxStock = 0;
    QChart* m_chart;
    QLineSeries* m_series;
    QValueAxis* m_x;
    QValueAxis* m_y;
    QLabel* m_title;
    DownBanner* m_banner;
    QMap<Backend, int64_t> m_downSince;
    QMap<int, qint64> m_loadedAtMs; ///< per store column: when its stock was last read
};

} // namespace lockscope
