#pragma once

#include "core/shop/inventory.h"

#include <QList>
#include <QWidget>

class QStandardItemModel;
class QLineSeries;
class QValueAxis;
class QChart;
class QLabel;

namespace lockscope {

/// Items and their stock in each store; during a demo, a live line chart of stock left.
class StockPage : public QWidget {
    Q_OBJECT
public:
    explicit StockPage(QWidget* parent = nullptr);
    QStandardItemModel* model() const { return m_model; }

public slots:
    /// Rows: {item, name, store, stock}; merged in place (rows keep their place).
    void setStock(const QList<lockscope::Inventory::StockRow>& rows);
    void demoStarted(const QStringList& strategies);
    void demoSample(double elapsedS, int stockLeft, int oversold);

signals:
    void reloadRequested();

private:
    QStringList m_stores; ///< one column each, after item and name
    QStandardItemModel* m_model;
    int m_minStock = 0; ///< the demo chart's lowest and highest stock so far
    int m_maxStock = 0;
    QChart* m_chart;
    QLineSeries* m_series;
    QValueAxis* m_x;
    QValueAxis* m_y;
    QLabel* m_title;
};

} // namespace lockscope
