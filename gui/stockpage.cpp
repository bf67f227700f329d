#include "gui/stockpage.h"

#include "gui/chartaxis.h"

#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/shop/stockstore.h"
#include "gui/charttheme.h"

#include <QChart>
#include <QChartView>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>

namespace lockscope {

StockPage::StockPage(QWidget* parent)
    : QWidget(parent)
    , m_stores(StockStore::names())
    , m_model(new QStandardItemModel(0, 2 + m_stores.size(), this)) {
    QStringList headers{tr("Item"), tr("Name")};
    for (const QString& store : m_stores)
        headers << BackendRegistry::byName(store)->displayName();
    m_model->setHorizontalHeaderLabels(headers);
    auto* layout = new QVBoxLayout(this);
    auto* reload =
        new QPushButton(QIcon(QStringLiteral(":/icons/refresh.svg")), tr("Reload"), this);
    reload->setMaximumWidth(140);
    layout->addWidget(reload);
    auto* view = new QTableView(this);
    view->setModel(m_model);
    view->verticalHeader()->hide();
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setColumnWidth(1, 220);
    layout->addWidget(view, 1);
    m_title = new QLabel(tr("Run a demo to watch the stock fall (or go below zero)."), this);
    layout->addWidget(m_title);
    m_chart = new QChart;
    applyChartTheme(m_chart);
    m_series = new QLineSeries;
    m_series->setName(tr("stock left"));
    m_chart->addSeries(m_series);
    m_x = new QValueAxis;
    m_x->setTitleText(tr("seconds"));
    m_y = new QValueAxis;
    m_y->setLabelFormat(QStringLiteral("%d"));
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    m_series->attachAxis(m_x);
    m_series->attachAxis(m_y);
    auto* chartView = new QChartView(m_chart, this);
    chartView->setRenderHint(QPainter::Antialiasing);
    layout->addWidget(chartView, 1);
    connect(reload, &QPushButton::clicked, this, &StockPage::reloadRequested);
}

void StockPage::setStock(const QList<lockscope::Inventory::StockRow>& rows) {
    for (const Inventory::StockRow& r : rows) {
        const int col = 2 + int(m_stores.indexOf(QString::fromStdString(r.store)));
        if (col < 2)
            continue;
        int row = -1;
        for (int i = 0; i < m_model->rowCount(); ++i)
            if (m_model->item(i, 0)->data(Qt::UserRole).toInt() == r.id)
                row = i;
        if (row < 0) {
            row = m_model->rowCount();
            QList<QStandardItem*> items;
            auto* id = new QStandardItem(QString::number(r.id));
            id->setData(r.id, Qt::UserRole);
            items << id << new QStandardItem(QString::fromStdString(r.name));
            for (qsizetype i = 0; i < m_stores.size(); ++i)
                items << new QStandardItem;
            m_model->appendRow(items);
        }
        const QString text = r.stock ? QString::number(*r.stock) : QStringLiteral("–");
        if (m_model->item(row, col)->text() != text) {
            m_model->item(row, col)->setText(text);
            m_model->item(row, col)->setForeground(r.stock && *r.stock < 0 ? QColor(192, 57, 43)
                                                                           : QColor());
        }
    }
}

void StockPage::demoStarted(const QStringList& strategies) {
    m_series->clear();
    m_minStock = 0;
    m_maxStock = 0;
    setRoundRange(m_x, 5, false);
    setRoundRange(m_y, 10, true);
    m_title->setText(
        tr("Stock left during the demo (%1)").arg(strategies.join(QStringLiteral(", "))));
}

void StockPage::demoSample(double elapsedS, int stockLeft, int) {
    m_series->append(elapsedS, stockLeft);
    m_minStock = std::min(m_minStock, stockLeft);
    m_maxStock = std::max(m_maxStock, stockLeft);
    if (elapsedS > m_x->max())
        setRoundRange(m_x, elapsedS * 1.3, false);
    if (stockLeft > m_y->max() || stockLeft < m_y->min())
        setRoundRange(m_y, m_minStock, m_maxStock, true); // oversold stock goes below zero
}

} // namespace lockscope
