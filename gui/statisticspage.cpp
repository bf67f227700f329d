#include "gui/statisticspage.h"

#include "core/monitor/displaytext.h"
#include "gui/keyedrowsmodel.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace lockscope {

namespace {

using Cell = KeyedRowsModel::Cell;

QString span(std::optional<int64_t> ms) {
    if (!ms)
        return QStringLiteral("–");
    if (*ms < 10'000)
        return StatisticsPage::tr("%1 ms").arg(*ms);
    if (*ms < 600'000)
        return StatisticsPage::tr("%1 s").arg(double(*ms) / 1000.0, 0, 'f', 1);
    if (*ms < 36'000'000)
        return StatisticsPage::tr("%1 min").arg(double(*ms) / 60'000.0, 0, 'f', 1);
    return StatisticsPage::tr("%1 h").arg(double(*ms) / 3'600'000.0, 0, 'f', 1);
}

Cell text(const QString& s) {
    return Cell{DisplayText::forTerminal(s, 200), {}, false};
}

Cell number(int n) {
    return Cell{QLocale().toString(n), n, true};
}

Cell ms(std::optional<int64_t> v) {
    return Cell{span(v), v ? QVariant(qlonglong(*v)) : QVariant(qlonglong(-1)), true};
}

/// textColumns: the columns of free text (resource, holder): a fixed width the operator may
/// change, elided in the middle, so that a long name does not push the figures out of view.
QTableView* tableFor(KeyedRowsModel* model, QWidget* parent, int sortColumn,
                     std::initializer_list<int> textColumns) {
    auto* proxy = new QSortFilterProxyModel(parent);
    proxy->setSourceModel(model);
    proxy->setSortRole(Qt::UserRole);
    auto* view = new QTableView(parent);
    view->setModel(proxy);
    view->setSortingEnabled(true);
    view->sortByColumn(sortColumn, Qt::DescendingOrder);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    for (int c : textColumns) {
        view->horizontalHeader()->setSectionResizeMode(c, QHeaderView::Interactive);
        view->setColumnWidth(c, 220);
    }
    view->setTextElideMode(Qt::ElideMiddle);
    view->setWordWrap(false);
    return view;
}

} // namespace

StatisticsPage::StatisticsPage(QWidget* parent)
    : QWidget(parent) {
    m_window = new QComboBox(this);
    m_window->addItem(tr("Last hour"), qint64(3'600'000));
    m_window->addItem(tr("Last 24 hours"), qint64(86'400'000));
    m_window->addItem(tr("Last 7 days"), qint64(7 * 86'400'000LL));
    m_window->addItem(tr("Last 30 days"), qint64(30 * 86'400'000LL));
    m_window->setCurrentIndex(1);
    m_summary = new QLabel(this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Window:"), this));
    bar->addWidget(m_window);
    bar->addSpacing(12);
    bar->addWidget(m_summary, 1);

    m_resources = new KeyedRowsModel(
        {tr("Server"), tr("Kind"), tr("Resource"), tr("Acquired"), tr("Hold p50"), tr("Hold p95"),
         tr("Hold max"), tr("Wait p50"), tr("Wait p95"), tr("Wait max"), tr("Contended"),
         tr("Expired"), tr("Forced"), tr("Died"), tr("Held now")},
        this);
    m_hottest = new KeyedRowsModel({tr("Resource"), tr("Server"), tr("Acquired")}, this);
    m_longest = new KeyedRowsModel(
        {tr("Resource"), tr("Holder"), tr("Held"), tr("Since"), tr("How it ended")}, this);
    m_resourcesView = tableFor(m_resources, this, 3, {2});
    auto* hottest = tableFor(m_hottest, this, 2, {0});
    auto* longest = tableFor(m_longest, this, 2, {0, 1});

    auto wrap = [this](const QString& title, QWidget* w) {
        auto* box = new QWidget(this);
        auto* l = new QVBoxLayout(box);
        l->setContentsMargins(0, 0, 0, 0);
        auto* label = new QLabel(QStringLiteral("<b>%1</b>").arg(title), box);
        l->addWidget(label);
        l->addWidget(w, 1);
        return box;
    };
    auto* lists = new QSplitter(Qt::Horizontal, this);
    lists->addWidget(wrap(tr("Hottest (most acquisitions)"), hottest));
    lists->addWidget(wrap(tr("Longest held"), longest));
    lists->setStretchFactor(0, 2);
    lists->setStretchFactor(1, 3);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(wrap(tr("Per resource"), m_resourcesView));
    split->addWidget(lists);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(split, 1);

    m_refresh = new QTimer(this);
    m_refresh->setInterval(5000);
    connect(m_refresh, &QTimer::timeout, this, [this] {
        if (isVisible())
            reload();
        else
            m_refresh->stop();
    });
    connect(m_window, &QComboBox::currentIndexChanged, this, &StatisticsPage::reload);
}

void StatisticsPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    m_refresh->start();
    reload();
}

void StatisticsPage::reload() {
    const int64_t now = QDateTime::currentMSecsSinceEpoch();
    m_pending = m_nextRequest++;
    emit statsRequested(m_pending, now - m_window->currentData().toLongLong(), now);
}

void StatisticsPage::setStats(quint64 requestId, const HistoryStatsReport& r) {
    if (requestId != m_pending)
        return;
    std::vector<KeyedRowsModel::Row> rows;
    int acquisitions = 0;
    for (const HoldGroupStats& s : r.resources) {
        acquisitions += s.acquisitions;
        rows.push_back(
            {s.key(),
             {text(backendDisplayName(s.backend)), text(s.kind), text(s.resource),
              number(s.acquisitions), ms(s.holdMs.p50), ms(s.holdMs.p95), ms(s.holdMs.max),
              ms(s.waitMs.p50), ms(s.waitMs.p95), ms(s.waitMs.max), number(s.contended),
              number(s.expiries), number(s.forceReleases), number(s.holderDeaths), number(s.open)},
             {}});
    }
    m_resources->setRows(std::move(rows));
    std::vector<KeyedRowsModel::Row> hot;
    for (const HoldGroupStats& s : r.hottest)
        hot.push_back(
            {s.key(),
             {text(s.resource), text(backendDisplayName(s.backend)), number(s.acquisitions)},
             {}});
    m_hottest->setRows(std::move(hot));
    std::vector<KeyedRowsModel::Row> longest;
    for (const HoldRecord& h : r.longestHeld) {
        const int64_t d = h.durationMs(r.untilMs);
        longest.push_back({h.holdKey() + u'\n' + QString::number(h.startMs),
                           {text(h.resource), text(h.holder), Cell{span(d), qlonglong(d), true},
                            Cell{QDateTime::fromMSecsSinceEpoch(h.startMs).toString(
                                     QStringLiteral("MM-dd hh:mm:ss")),
                                 qlonglong(h.startMs), false},
                            text(h.isOpen() ? tr("still held") : holdEndName(h.end))},
                           {}});
    }
    m_longest->setRows(std::move(longest));
    m_summary->setText(tr("%1 acquisitions on %2 resources")
                           .arg(QLocale().toString(acquisitions),
                                QLocale().toString(qlonglong(r.resources.size()))));
}

} // namespace lockscope
