#include "gui/lockspage.h"

#include "gui/forcereleasedialog.h"
#include "gui/leasebardelegate.h"
#include "gui/lockfilterproxy.h"
#include "gui/lockmodel.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace lockscope {

namespace {

QString treeHtml(const QJsonArray& nodes) {
    if (nodes.isEmpty())
        return {};
    QString html = QStringLiteral("<ul>");
    for (const auto& v : nodes) {
        const QJsonObject n = v.toObject();
        html += QStringLiteral("<li><b>pid %1</b> %2 <i>%3</i><br><code>%4</code>%5</li>")
                    .arg(n.value(QStringLiteral("pid")).toInt())
                    .arg(n.value(QStringLiteral("application")).toString().toHtmlEscaped(),
                         n.value(QStringLiteral("state")).toString().toHtmlEscaped(),
                         n.value(QStringLiteral("query")).toString().left(200).toHtmlEscaped(),
                         treeHtml(n.value(QStringLiteral("blocks")).toArray()));
    }
    return html + QStringLiteral("</ul>");
}

bool treeContains(const QJsonArray& nodes, int pid) {
    for (const auto& v : nodes) {
        const QJsonObject n = v.toObject();
        if (n.value(QStringLiteral("pid")).toInt() == pid ||
            treeContains(n.value(QStringLiteral("blocks")).toArray(), pid))
            return true;
    }
    return false;
}

/// The roots of the trees pid appears in.
QJsonArray treesOf(const QJsonArray& roots, int pid) {
    QJsonArray out;
    for (const auto& v : roots)
        if (treeContains(QJsonArray{v}, pid))
            out.append(v);
    return out;
}

} // namespace

LocksPage::LocksPage(bool readOnly, QWidget* parent)
    : QWidget(parent)
    , m_model(new LockModel(this))
    , m_proxy(new LockFilterProxy(this))
    , m_readOnly(readOnly) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(buildToolBar());
    addFindShortcut();
    buildTable();
    layout->addWidget(buildDetailsSplit());
    startLeaseTick();
    connectSignals();
    setReadOnly(readOnly);
}

QToolBar* LocksPage::buildToolBar() {
    auto* bar = new QToolBar(this);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_refresh = bar->addAction(QIcon(QStringLiteral(":/icons/refresh.svg")), tr("Refresh"));
    m_refresh->setShortcut(QKeySequence(Qt::Key_F5));
    m_release = bar->addAction(QIcon(QStringLiteral(":/icons/release.svg")), tr("Force-release…"));
    m_release->setShortcut(QKeySequence(Qt::Key_Delete));
    m_release->setEnabled(false);
    bar->addSeparator();
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter by resource, holder or flag (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMinimumWidth(280);
    bar->addWidget(m_filter);
    m_backend = new QComboBox(this);
    m_backend->addItem(tr("All backends"), QString());
    m_backend->addItem(QIcon(QStringLiteral(":/icons/redis.svg")), QStringLiteral("Redis"),
                       QStringLiteral("redis"));
    m_backend->addItem(QIcon(QStringLiteral(":/icons/zookeeper.svg")), QStringLiteral("ZooKeeper"),
                       QStringLiteral("zookeeper"));
    m_backend->addItem(QIcon(QStringLiteral(":/icons/postgres.svg")), QStringLiteral("PostgreSQL"),
                       QStringLiteral("postgres"));
    bar->addWidget(m_backend);
    m_summary = new QLabel(this);
    m_summary->setContentsMargins(12, 0, 0, 0);
    bar->addWidget(m_summary);
    return bar;
}

void LocksPage::addFindShortcut() {
    auto* find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    addAction(find);
    connect(find, &QAction::triggered, m_filter, [this] {
        m_filter->setFocus();
        m_filter->selectAll();
    });
}

void LocksPage::buildTable() {
    m_proxy->setSourceModel(m_model);
    m_view = new QTableView(this);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(LockModel::ResourceCol, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(26);
    m_view->setItemDelegateForColumn(LockModel::LeaseCol, new LeaseBarDelegate(m_view));
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    auto* header = m_view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    m_view->setColumnWidth(LockModel::BackendCol, 120);
    m_view->setColumnWidth(LockModel::ResourceCol, 240);
    m_view->setColumnWidth(LockModel::HolderCol, 260);
    m_view->setColumnWidth(LockModel::TokenCol, 70);
    m_view->setColumnWidth(LockModel::HeldForCol, 90);
    m_view->setColumnWidth(LockModel::LeaseCol, 140);
    m_view->setColumnWidth(LockModel::WaitersCol, 70);
}

QSplitter* LocksPage::buildDetailsSplit() {
    m_details = new QTextBrowser(this);
    m_details->setOpenLinks(false);
    m_details->setPlaceholderText(
        tr("Select a lock to see its raw value, its waiters in order and, for "
           "PostgreSQL, who blocks whom."));
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(m_details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    return split;
}

void LocksPage::startLeaseTick() {
    // The countdown moves between refreshes: repaint the lease column, nothing else.
    auto* tick = new QTimer(this);
    connect(tick, &QTimer::timeout, this, [this] {
        const int x = m_view->columnViewportPosition(LockModel::LeaseCol);
        m_view->viewport()->update(x, 0, m_view->columnWidth(LockModel::LeaseCol),
                                   m_view->viewport()->height());
    });
    tick->start(100);
}

void LocksPage::connectSignals() {
    connect(m_refresh, &QAction::triggered, this, &LocksPage::refreshRequested);
    connect(m_release, &QAction::triggered, this, &LocksPage::releaseSelected);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &LockFilterProxy::setText);
    connect(m_backend, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setBackend(m_backend->currentData().toString()); });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &LocksPage::showDetails);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &LocksPage::showDetails);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        if (m_readOnly || !selectedEntry())
            return;
        QMenu menu(this);
        menu.addAction(m_release);
        menu.exec(m_view->viewport()->mapToGlobal(pos));
    });
}

void LocksPage::setReadOnly(bool readOnly) {
    m_readOnly = readOnly;
    m_release->setVisible(!readOnly);
    m_release->setEnabled(!readOnly && selectedEntry());
}

const LockEntry* LocksPage::selectedEntry() const {
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return nullptr;
    return m_model->entryAt(m_proxy->mapToSource(rows.first()).row());
}

void LocksPage::applySnapshot(const Snapshot& snapshot, const SnapshotDiff& diff) {
    m_blockingTree = snapshot.blockingTree;
    // Merge in slices so that no event-loop turn spends long on a huge first load; later diffs
    // queue behind the slices, in order.
    constexpr size_t kSlice = 2000;
    if (diff.added.size() > kSlice) {
        SnapshotDiff head = diff;
        head.added.clear();
        m_pending.push_back(head);
        for (size_t i = 0; i < diff.added.size(); i += kSlice) {
            SnapshotDiff part;
            part.added.assign(diff.added.begin() + long(i),
                              diff.added.begin() + long(std::min(diff.added.size(), i + kSlice)));
            m_pending.push_back(std::move(part));
        }
    } else {
        m_pending.push_back(diff);
    }
    if (m_pending.size() == 1 || diff.added.size() > kSlice)
        mergeNext();
    int stale = 0;
    for (const LockEntry& e : snapshot.locks)
        stale += e.hasFlag(LockFlag::Stale) ? 1 : 0;
    m_summary->setText(tr("%n lock(s)", nullptr, int(snapshot.locks.size())) +
                       (stale ? QStringLiteral(" · <span style='color:#c0392b'><b>%1</b></span>")
                                    .arg(tr("%n stale", nullptr, stale))
                              : QString()));
}

void LocksPage::clear() {
    // One reset, not a removal per row: with 10,000 rows those took seconds of the GUI thread.
    m_pending.clear();
    m_blockingTree = {};
    m_model->clear();
    m_summary->clear();
    showDetails();
}

void LocksPage::mergeNext() {
    if (m_pending.empty())
        return;
    const SnapshotDiff d = std::move(m_pending.front());
    m_pending.pop_front();
    m_model->applyDiff(d);
    if (!d.removed.empty() || !d.added.empty())
        showDetails();
    if (!m_pending.empty())
        QTimer::singleShot(0, this, &LocksPage::mergeNext);
}

void LocksPage::showDetails() {
    const LockEntry* e = selectedEntry();
    m_release->setEnabled(!m_readOnly && e);
    if (!e) {
        m_details->clear();
        return;
    }
    QString html = QStringLiteral("<h3>%1 — %2</h3>")
                       .arg(backendDisplayName(e->backend), e->resource.toHtmlEscaped());
    html += QStringLiteral("<p><b>%1</b> %2<br><b>%3</b> %4<br><b>%5</b> %6</p>")
                .arg(tr("Holder:"), e->holder.toHtmlEscaped(), tr("Kind:"), e->kind.name(),
                     tr("Flags:"),
                     e->flags ? lockFlagNames(e->flags).join(QStringLiteral(", ")) : tr("none"));
    html += QStringLiteral("<p><b>%1</b><br><code>%2</code></p>")
                .arg(tr("Raw:"), e->raw.toHtmlEscaped());
    if (!e->waiters.isEmpty()) {
        html += QStringLiteral("<p><b>%1</b></p><ol>").arg(tr("Waiters, in order:"));
        for (const QString& w : e->waiters.mid(0, 200))
            html += QStringLiteral("<li>%1</li>").arg(w.toHtmlEscaped());
        if (e->waiters.size() > 200)
            html += QStringLiteral("<li>… %1</li>")
                        .arg(tr("%n more", nullptr, int(e->waiters.size() - 200)));
        html += QStringLiteral("</ol>");
    }
    const QJsonObject details = e->details();
    const QJsonArray rows = details.value(QStringLiteral("rows")).toArray();
    if (!rows.isEmpty()) {
        QStringList r;
        for (const auto& v : rows)
            r << v.toString();
        html += QStringLiteral("<p><b>%1</b> %2</p>")
                    .arg(tr("Locked rows:"), r.join(QStringLiteral(", ")).toHtmlEscaped());
    }
    const QString query = details.value(QStringLiteral("query")).toString();
    if (!query.isEmpty())
        html += QStringLiteral("<p><b>%1</b><br><code>%2</code></p>")
                    .arg(tr("Query:"), query.toHtmlEscaped());
    // The blocking tree only where this lock's holder is in it.
    const QJsonValue pid = details.value(QStringLiteral("pid"));
    const QJsonArray trees =
        pid.isUndefined()
            ? QJsonArray()
            : treesOf(m_blockingTree.value(QStringLiteral("roots")).toArray(), pid.toInt());
    if (!trees.isEmpty())
        html += QStringLiteral("<p><b>%1</b></p>%2").arg(tr("Who blocks whom:"), treeHtml(trees));
    m_details->setHtml(html);
}

void LocksPage::releaseSelected() {
    const LockEntry* e = selectedEntry();
    if (m_readOnly || !e)
        return;
    const LockEntry observed = *e; // exactly what the operator saw
    ForceReleaseDialog dialog(observed, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    emit releaseRequested(observed, dialog.reason(), dialog.cancelOnly());
}

} // namespace lockscope
