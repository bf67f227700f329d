#include "gui/lockspage.h"

#include "core/monitor/displaytext.h"
#include "gui/downbanner.h"
#include "gui/elidedelegate.h"
#include "gui/forcereleasedialog.h"
#include "gui/leasebardelegate.h"
#include "gui/lockfilterproxy.h"
#include "gui/lockflagtext.h"
#include "gui/lockmodel.h"
#include "gui/releaseplandialog.h"
#include "gui/sessionlink.h"
#include "gui/tableexport.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <algorithm>
#include <utility>

namespace lockscope {

namespace {

/// Text from a server (a key, value, holder, query ...) for the details pane: escaped and
/// bounded as the table shows it (DisplayText), then as HTML.
QString serverHtml(const QString& s, qsizetype maxChars = DisplayText::kMaxChars) {
    return DisplayText::forTerminal(s, maxChars).toHtmlEscaped();
}

/// links: each backend gets a terminate… link (SessionLink), not in read-only mode.
QString treeHtml(const QJsonArray& nodes, bool links) {
    if (nodes.isEmpty())
        return {};
    QString html = QStringLiteral("<ul>");
    for (const auto& v : nodes) {
        const QJsonObject n = v.toObject();
        const int pid = n.value(QStringLiteral("pid")).toInt();
        html += QStringLiteral("<li><b>pid %1</b>%6 %2 <i>%3</i><br><code>%4</code>%5</li>")
                    .arg(pid)
                    .arg(serverHtml(n.value(QStringLiteral("application")).toString()),
                         serverHtml(n.value(QStringLiteral("state")).toString()),
                         serverHtml(n.value(QStringLiteral("query")).toString(), 200),
                         treeHtml(n.value(QStringLiteral("blocks")).toArray(), links),
                         links ? SessionLink::html(pid) : QString());
    }
    return html + QStringLiteral("</ul>");
}

} // namespace

LocksPage::LocksPage(bool readOnly, QWidget* parent)
    : QWidget(parent)
    , m_model(new LockModel(this))
    , m_proxy(new LockFilterProxy(this))
    , m_banner(new DownBanner(DownBanner::Subject::Locks, this))
    , m_readOnly(readOnly) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_banner);
    layout->addWidget(buildToolBar());
    buildActions();
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
    m_refresh->setToolTip(tr("Read every server now (F5)"));
    m_release = bar->addAction(QIcon(QStringLiteral(":/icons/release.svg")), tr("Force-release…"));
    m_release->setShortcut(QKeySequence(Qt::Key_Delete));
    m_release->setToolTip(tr("Release the selected lock(s) if still exactly as seen; asks for a "
                             "reason and writes the audit log (Del)"));
    m_release->setEnabled(false);
    bar->addSeparator();
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter: resource, key, holder, kind or flag (Ctrl+F)"));
    m_filter->setToolTip(tr("Shows the locks whose resource, key/node/row, holder, kind or "
                            "flags contain this text. Esc clears it."));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMinimumWidth(180);
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

void LocksPage::buildActions() {
    m_find = new QAction(tr("Find…"), this);
    m_find->setShortcut(QKeySequence::Find);
    addAction(m_find);
    connect(m_find, &QAction::triggered, m_filter, [this] {
        m_filter->setFocus();
        m_filter->selectAll();
    });
    m_clearFilter = new QAction(tr("Clear filter"), this);
    m_clearFilter->setShortcut(QKeySequence(Qt::Key_Escape));
    m_clearFilter->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_clearFilter);
    connect(m_clearFilter, &QAction::triggered, this, [this] {
        m_filter->clear();
        m_backend->setCurrentIndex(0);
    });
    m_copyCell = new QAction(tr("Copy cell"), this);
    m_copyCell->setShortcut(QKeySequence::Copy);
    m_copyCell->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_copyCell);
    connect(m_copyCell, &QAction::triggered, this, &LocksPage::copyCell);
    m_copyRaw = new QAction(tr("Copy raw value"), this);
    connect(m_copyRaw, &QAction::triggered, this, &LocksPage::copyRaw);
    m_copyJson = new QAction(tr("Copy row as JSON"), this);
    connect(m_copyJson, &QAction::triggered, this, &LocksPage::copyJson);
}

void LocksPage::buildTable() {
    m_proxy->setSourceModel(m_model);
    m_view = new QTableView(this);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(LockModel::ResourceCol, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideMiddle); // keys differ at both ends
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(26);
    m_view->setItemDelegateForColumn(LockModel::LeaseCol, new LeaseBarDelegate(m_view));
    m_view->setItemDelegateForColumn(LockModel::FlagsCol,
                                     new ElideDelegate(Qt::ElideRight, m_view));
    m_view->setItemDelegateForColumn(LockModel::TokenCol, new ElideDelegate(Qt::ElideLeft, m_view));
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    auto* header = m_view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setMinimumSectionSize(40);
    header->setStretchLastSection(false);
    // A narrow text column (1024 px with the Node column) shows the start of its title.
    header->setTextElideMode(Qt::ElideRight);
    // The text columns share what the fixed ones leave (eliding in the middle), so that at
    // 1024 px the flags are still in view; the short ones keep their width.
    for (int c : {LockModel::ResourceCol, LockModel::PhysicalCol, LockModel::HolderCol,
                  LockModel::FlagsCol})
        header->setSectionResizeMode(c, QHeaderView::Stretch);
    // Never narrower than the header's text: a translation may be longer ("Wartende").
    const std::pair<int, int> widths[] = {{LockModel::BackendCol, 104}, {LockModel::KindCol, 96},
                                          {LockModel::TokenCol, 90},    {LockModel::HeldForCol, 72},
                                          {LockModel::LeaseCol, 100},   {LockModel::WaitersCol, 64},
                                          {LockModel::NodeCol, 108}};
    for (const auto& [c, width] : widths)
        m_view->setColumnWidth(c, std::max(width, header->sectionSizeHint(c)));
    m_view->setColumnHidden(LockModel::NodeCol, true); // until a lock on another server shows
}

void LocksPage::setRedisHome(const QString& home) {
    m_redisHome = home;
    m_redisSeveral = home.isEmpty();
    setNodeColumnShown(m_redisSeveral);
}

void LocksPage::setNodeColumnShown(bool shown) {
    if (shown == m_nodeShown)
        return;
    m_nodeShown = shown;
    m_view->setColumnHidden(LockModel::NodeCol, !shown);
    if (shown) // hidden, its width was lost
        m_view->setColumnWidth(
            LockModel::NodeCol,
            std::max(108, m_view->horizontalHeader()->sectionSizeHint(LockModel::NodeCol)));
}

void LocksPage::showNodeColumnFor(const std::vector<LockEntry>& entries) {
    if (m_nodeShown)
        return;
    for (const LockEntry& e : entries) {
        const QString server = e.observation ? e.observation->server() : QString();
        if (!server.isEmpty() && server != m_redisHome) {
            setNodeColumnShown(true);
            return;
        }
    }
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
    // Terminate / cancel a backend of the blocking tree: the same release path as a lock's.
    connect(m_details, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        const LockEntry* e = selectedEntry();
        LockEntry session;
        QString reason;
        bool cancelOnly = false;
        if (e && !m_readOnly &&
            SessionLink::confirm(this, url,
                                 e->details().value(QStringLiteral("blocking_tree")).toArray(),
                                 &session, &reason, &cancelOnly))
            emit releaseRequested(session, reason, cancelOnly);
    });
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &LockFilterProxy::setText);
    for (auto sig : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, sig, this, &LocksPage::updateSummary);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &LocksPage::updateSummary);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &LocksPage::updateSummary);
    connect(m_proxy, &LockFilterProxy::filterChanged, this, [this] {
        updateSummary();
        showDetails();
    });
    connect(m_backend, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setBackend(m_backend->currentData().toString()); });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &LocksPage::showDetails);
    // A refresh's changes (no roles named), not the clock's once-a-second tick of the time
    // columns: the details would be rebuilt, and scrolled to the top, every second.
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex&, const QModelIndex&, const QList<int>& roles) {
                if (roles.isEmpty())
                    showDetails();
            });
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        if (!selectedEntry())
            return;
        QMenu menu(this);
        menu.addAction(m_copyCell);
        menu.addAction(m_copyRaw);
        menu.addAction(m_copyJson);
        if (!m_readOnly) {
            menu.addSeparator();
            menu.addAction(m_release);
        }
        menu.exec(m_view->viewport()->mapToGlobal(pos));
    });
}

QList<LockEntry> LocksPage::selectedEntries() const {
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    QList<LockEntry> out;
    for (const QModelIndex& r : rows)
        if (const LockEntry* e = m_model->entryAt(m_proxy->mapToSource(r).row()))
            out << *e;
    return out;
}

void LocksPage::copyCell() {
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid() || !m_view->selectionModel()->isSelected(current))
        return;
    QString text = current.data().toString();
    if (text.isEmpty() && current.column() == LockModel::LeaseCol) {
        const QVariant deadline = current.data(LockModel::LeaseDeadlineRole);
        if (deadline.isValid())
            text = tr("%1 s").arg(QLocale().toString(
                std::max<qint64>(0, deadline.toLongLong() - QDateTime::currentMSecsSinceEpoch()) /
                1000));
    }
    QApplication::clipboard()->setText(text);
}

void LocksPage::copyRaw() {
    QStringList raw;
    for (const LockEntry& e : selectedEntries())
        raw << e.raw;
    if (!raw.isEmpty())
        QApplication::clipboard()->setText(raw.join(u'\n'));
}

void LocksPage::copyJson() {
    const QList<LockEntry> entries = selectedEntries();
    if (entries.isEmpty())
        return;
    QJsonArray array;
    for (const LockEntry& e : entries)
        array.append(m_model->asLastSeen(e).toJson());
    const QJsonDocument doc =
        entries.size() == 1 ? QJsonDocument(array.first().toObject()) : QJsonDocument(array);
    QApplication::clipboard()->setText(QString::fromUtf8(doc.toJson(QJsonDocument::Indented)));
}

namespace {

QJsonObject exportObject(const LockEntry& e, bool lastKnown) {
    QJsonObject o = e.toJson();
    o.insert(QStringLiteral("last_known"), lastKnown);
    return o;
}

} // namespace

QByteArray LocksPage::locksJson() const {
    QJsonArray array;
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const int source = m_proxy->mapToSource(m_proxy->index(r, 0)).row();
        if (const LockEntry* e = m_model->entryAt(source))
            array.append(exportObject(m_model->asLastSeen(*e), m_model->isLastKnown(source)));
    }
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

QString LocksPage::locksCsv() const {
    QJsonArray array;
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const int source = m_proxy->mapToSource(m_proxy->index(r, 0)).row();
        if (const LockEntry* e = m_model->entryAt(source))
            array.append(exportObject(m_model->asLastSeen(*e), m_model->isLastKnown(source)));
    }
    return tableexport::csvFromJson(
        {QStringLiteral("backend"), QStringLiteral("kind"), QStringLiteral("logical_resource"),
         QStringLiteral("resource"), QStringLiteral("holder"), QStringLiteral("token"),
         QStringLiteral("acquired_at_ms"), QStringLiteral("lease_ms"),
         QStringLiteral("observed_at_ms"), QStringLiteral("waiters"), QStringLiteral("flags"),
         QStringLiteral("last_known"), QStringLiteral("raw"), QStringLiteral("observed_sha256")},
        array);
}

void LocksPage::setReadOnly(bool readOnly) {
    m_readOnly = readOnly;
    m_model->setReadOnly(readOnly);
    m_release->setVisible(!readOnly);
    updateReleaseEnabled();
    showDetails(); // the details say whether a force-release is possible
}

const LockEntry* LocksPage::selectedEntry() const {
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return nullptr;
    return m_model->entryAt(m_proxy->mapToSource(rows.first()).row());
}

void LocksPage::applySnapshot(const Snapshot& snapshot, const SnapshotDiff& diff) {
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
    m_banner->setDown(snapshot.unknownSinceMs, snapshot.backendErrors, snapshot.refusedBackends);
    m_model->setObserved(snapshot.unknownSinceMs, snapshot.takenAtMs, snapshot.answeredAtMs);
    updateReleaseEnabled();
    if (m_pending.size() == 1 || diff.added.size() > kSlice)
        mergeNext();
    updateSummary();
}

void LocksPage::updateSummary() {
    const int all = m_model->rowCount(), shown = m_proxy->rowCount();
    QString text = shown == all && m_proxy->text().isEmpty() && m_backend->currentIndex() == 0
                       ? tr("%n lock(s)", nullptr, all)
                       : tr("%1 of %n lock(s)", nullptr, all).arg(QLocale().toString(shown));
    // Stale among the rows in view: the count agrees with what the filter shows.
    int stale = 0;
    for (int r = 0; r < shown; ++r)
        if (const LockEntry* e = m_model->entryAt(m_proxy->mapToSource(m_proxy->index(r, 0)).row()))
            stale += e->hasFlag(LockFlag::Stale) || e->hasFlag(LockFlag::Orphaned) ? 1 : 0;
    if (stale)
        text += QStringLiteral(" · <span style='color:#c0392b'><b>%1</b></span>")
                    .arg(tr("%n stale", nullptr, stale));
    int lastKnown = 0;
    for (int r = 0; r < all && !m_banner->down().isEmpty(); ++r)
        lastKnown += m_model->isLastKnown(r) ? 1 : 0;
    if (lastKnown)
        text += QStringLiteral(" · <span style='color:#7f8c8d'><b>%1</b></span>")
                    .arg(tr("%n last known", nullptr, lastKnown));
    m_summary->setText(text);
}

void LocksPage::clear() {
    // One reset, not a removal per row: with 10,000 rows those took seconds of the GUI thread.
    m_pending.clear();
    m_model->clear();
    setNodeColumnShown(m_redisSeveral); // a single server's locks show it again if need be
    m_model->setUnknownSince({});
    m_banner->setDown({}, {});
    m_summary->clear();
    showDetails();
}

void LocksPage::mergeNext() {
    if (m_pending.empty())
        return;
    const SnapshotDiff d = std::move(m_pending.front());
    m_pending.pop_front();
    m_model->applyDiff(d);
    showNodeColumnFor(d.added);
    showNodeColumnFor(d.changed);
    if (!d.removed.empty() || !d.added.empty())
        showDetails();
    if (!m_pending.empty())
        QTimer::singleShot(0, this, &LocksPage::mergeNext);
}

bool LocksPage::selectionHasLastKnown() const {
    for (const QModelIndex& r : m_view->selectionModel()->selectedRows())
        if (m_model->isLastKnown(m_proxy->mapToSource(r).row()))
            return true;
    return false;
}

void LocksPage::updateReleaseEnabled() {
    // A last-known row is not what the server holds now: nothing to release until it is seen.
    const bool lastKnown = selectionHasLastKnown();
    m_release->setEnabled(!m_readOnly && selectedEntry() && !lastKnown);
    m_release->setToolTip(
        lastKnown ? tr("Its server is down: this row is only the last known state. Force-release "
                       "is possible again once the server answers and the lock is seen again.")
                  : QString());
}

void LocksPage::showDetails() {
    const LockEntry* e = selectedEntry();
    const int selected = int(m_view->selectionModel()->selectedRows().size());
    updateReleaseEnabled();
    m_release->setText(selected > 1 ? tr("Force-release %n…", nullptr, selected)
                                    : tr("Force-release…"));
    m_copyCell->setEnabled(e != nullptr);
    m_copyRaw->setEnabled(e != nullptr);
    m_copyJson->setEnabled(e != nullptr);
    if (!e) {
        m_details->clear();
        m_detailsHtml.clear();
        m_detailsId.clear();
        return;
    }
    const int sourceRow = m_model->rowOf(e->id());
    QString html = QStringLiteral("<h3>%1 — %2</h3>")
                       .arg(backendDisplayName(e->backend), serverHtml(e->logical()));
    if (m_model->isLastKnown(sourceRow))
        html += QStringLiteral("<p style='color:#7f8c8d'><b>%1</b></p>")
                    .arg(tr("Last known: %1 is down, this lock may have changed or gone.")
                             .arg(backendDisplayName(e->backend)));
    html += QStringLiteral("<p><b>%1</b> %2<br><b>%3</b> %4<br><b>%5</b> %6<br><b>%7</b> %8</p>")
                .arg(tr("Key / node / row:"), serverHtml(e->resource), tr("Holder:"),
                     serverHtml(e->holder), tr("Kind:"), LockFlagText::kindToolTip(*e, m_readOnly),
                     tr("Flags:"), e->flags ? LockFlagText::flagsToolTip(*e) : tr("none"));
    html += QStringLiteral("<p><b>%1</b><br><code>%2</code></p>")
                .arg(tr("Raw:"), serverHtml(e->raw, 4096));
    if (!e->waiters.isEmpty()) {
        html += QStringLiteral("<p><b>%1</b></p><ol>").arg(tr("Waiters, in order:"));
        for (const QString& w : e->waiters.mid(0, 200))
            html += QStringLiteral("<li>%1</li>").arg(serverHtml(w));
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
            r << serverHtml(v.toString());
        html += QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Locked rows:"), r.join(u", "));
    }
    const QString query = details.value(QStringLiteral("query")).toString();
    if (!query.isEmpty())
        html += QStringLiteral("<p><b>%1</b><br><code>%2</code></p>")
                    .arg(tr("Query:"), serverHtml(query, 4096));
    // The scanner attaches the who-blocks-whom trees only to the locks they concern (one
    // that blocks or waits), not to every lock its backend holds.
    const QJsonArray trees = details.value(QStringLiteral("blocking_tree")).toArray();
    if (!trees.isEmpty())
        html += QStringLiteral("<p><b>%1</b></p>%2")
                    .arg(tr("Who blocks whom:"), treeHtml(trees, !m_readOnly));
    if (html == m_detailsHtml)
        return;
    // The same lock, changed: keep the operator's place in a long list of waiters.
    const bool sameLock = e->id() == m_detailsId;
    const int scroll = m_details->verticalScrollBar()->value();
    m_details->setHtml(html);
    if (sameLock)
        m_details->verticalScrollBar()->setValue(scroll);
    m_detailsHtml = html;
    m_detailsId = e->id();
}

void LocksPage::releaseSelected() {
    if (m_readOnly || selectionHasLastKnown())
        return;
    const QList<LockEntry> observed = selectedEntries(); // exactly what the operator saw
    if (observed.isEmpty())
        return;
    if (observed.size() == 1) {
        ForceReleaseDialog dialog(observed.first(), this);
        if (dialog.exec() != QDialog::Accepted)
            return;
        emit releaseRequested(observed.first(), dialog.reason(), dialog.cancelOnly());
        return;
    }
    ReleasePlanDialog plan(observed, this);
    if (plan.exec() != QDialog::Accepted)
        return;
    QList<bool> cancelOnly;
    for (const LockEntry& e : observed)
        cancelOnly << plan.cancelOnlyFor(e);
    emit releasePlanRequested(observed, plan.reason(), cancelOnly);
}

} // namespace lockscope
