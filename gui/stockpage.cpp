#include "gui/stockpage.h"

#include "gui/chartaxis.h"

#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/shop/stockstore.h"
#include "gui/charttheme.h"
#include "gui/downbanner.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
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
    , m_model(new QStandardItemModel(0, 2 + m_stores.size(), this))
    , m_banner(new DownBanner(DownBanner::Subject::Stock, this)) {
    QStringList headers{tr("Item"), tr("Name")};
    for (const QString& store : m_stores)
        headers << BackendRegistry::byName(store)->displayName();
    m_model->setHorizontalHeaderLabels(headers);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    auto* reload =
        new QPushButton(QIcon(QStringLiteral(":/icons/refresh.svg")), tr("Reload"), this);
    reload->setMaximumWidth(140);
    layout->addWidget(reload);
    auto* view = new QTableView(this);
    view->setModel(m_model);
    view->verticalHeader()->hide();
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // The stores share the width alike: no one store's column is the wide one.
    for (int c = 2; c < m_model->columnCount(); ++c)
        view->horizontalHeader()->setSectionResizeMode(c, QHeaderView::Stretch);
    view->setColumnWidth(0, 70);
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
    m_y->setLabelFormat(QStringLiteral("%.0f"));
    m_y->setTitleText(tr("stock left"));
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    m_series->attachAxis(m_x);
    m_series->attachAxis(m_y);
    // Before the first demo too: integer ticks only (Qt's default 0..1 in 5 ticks reads "1 1 0 0
    // 0").
    setRoundRange(m_x, 5, false);
    setRoundRange(m_y, 10, true);
    auto* chartView = new QChartView(m_chart, this);
    chartView->setRenderHint(QPainter::Antialiasing);
    layout->addWidget(chartView, 1);
    connect(reload, &QPushButton::clicked, this, &StockPage::reloadRequested);
}

int StockPage::columnOf(Backend backend) const {
    for (qsizetype i = 0; i < m_stores.size(); ++i)
        if (const LockBackend* b = BackendRegistry::byName(m_stores[i]); b && b->id() == backend)
            return 2 + int(i);
    return -1;
}

void StockPage::setBackendsDown(const QMap<Backend, int64_t>& since,
                                const QMap<Backend, QString>& errors) {
    m_banner->setDown(since, errors);
    if (since == m_downSince)
        return;
    QList<int> cols;
    for (const Backend b : m_downSince.keys() + since.keys())
        if (const int c = columnOf(b); c >= 0 && !cols.contains(c))
            cols << c;
    m_downSince = since;
    for (int row = 0; row < m_model->rowCount(); ++row)
        for (int c : cols)
            paintCell(row, c);
}

void StockPage::paintCell(int row, int col) {
    QStandardItem* item = m_model->item(row, col);
    if (!item)
        return;
    const QVariant stock = item->data(Qt::UserRole);
    bool down = false;
    for (auto it = m_downSince.cbegin(); it != m_downSince.cend(); ++it)
        down = down || columnOf(it.key()) == col;
    if (down) {
        item->setForeground(QColor(140, 140, 140));
        item->setToolTip(
            tr("Last known, read at %1: the store is down, the stock may have changed.")
                .arg(QDateTime::fromMSecsSinceEpoch(m_loadedAtMs.value(col))
                         .toString(QStringLiteral("HH:mm:ss"))));
        return;
    }
    item->setForeground(stock.isValid() && stock.toInt() < 0 ? QColor(192, 57, 43) : QColor());
    item->setToolTip(stock.isValid() && stock.toInt() < 0
                         ? tr("Below zero: more was sold than there was.")
                         : QString());
}

void StockPage::setStock(const QList<lockscope::Inventory::StockRow>& rows) {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
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
        m_loadedAtMs[col] = now;
        const QString text = r.stock ? QLocale().toString(*r.stock) : QStringLiteral("–");
        QStandardItem* item = m_model->item(row, col);
        const QVariant value = r.stock ? QVariant(*r.stock) : QVariant();
        if (item->text() != text || item->data(Qt::UserRole) != value) {
            item->setText(text);
            item->setData(value, Qt::UserRole);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            paintCell(row, col);
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
