#include "gui/sessionspage.h"

#include "core/backends/postgres/pgsessionobservation.h"
#include "core/monitor/displaytext.h"
#include "gui/sessionactiondialog.h"
#include "gui/sessionmodel.h"
#include "gui/sessionworker.h"

#include <QAction>
#include <QCheckBox>
#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QThread>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>
#include <algorithm>

namespace lockscope {

namespace {

/// Filters by text over every column, and optionally to the sessions in a blocking chain.
class SessionFilter : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setOnlyBlocking(bool on) {
        m_onlyBlocking = on;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override {
        if (m_onlyBlocking) {
            const auto* m = static_cast<const SessionModel*>(sourceModel());
            const PgSession& s = m->session(row);
            if (s.blockedBy.empty() && s.blocking.empty())
                return false;
        }
        return QSortFilterProxyModel::filterAcceptsRow(row, parent);
    }

private:
    bool m_onlyBlocking = false;
};

QString pidLinks(const std::vector<int>& pids) {
    QStringList out;
    for (int p : pids)
        out << QStringLiteral("<a href=\"pid:%1\">%1</a>").arg(p);
    return out.join(QStringLiteral(", "));
}

} // namespace

SessionsPage::SessionsPage(const NamespaceConfig& config, bool readOnly, QWidget* parent,
                           int intervalMs)
    : QWidget(parent)
    , m_readOnly(readOnly || config.readOnly)
    , m_model(new SessionModel(this))
    , m_thread(new QThread)
    , m_worker(new SessionWorker(config, intervalMs)) {
    auto* filter = new SessionFilter(this);
    m_proxy = filter;
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(SessionModel::SortRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* bar = new QToolBar(this);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_refresh = bar->addAction(QIcon(QStringLiteral(":/icons/refresh.svg")), tr("Refresh"));
    m_refresh->setShortcut(QKeySequence::Refresh);
    m_refresh->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_terminate = bar->addAction(QIcon(QStringLiteral(":/icons/release.svg")), tr("Terminate…"));
    m_terminate->setToolTip(tr("End the selected session (pg_terminate_backend), audited"));
    m_cancel = bar->addAction(tr("Cancel query…"));
    m_cancel->setToolTip(tr("Cancel the selected session's running query (pg_cancel_backend), "
                            "audited"));
    bar->addSeparator();
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter (pid, user, application, state, query…)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMaximumWidth(320);
    bar->addWidget(m_filter);
    m_onlyBlocking = new QCheckBox(tr("Only blocking chains"), this);
    bar->addWidget(m_onlyBlocking);
    layout->addWidget(bar);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("sessionsError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { background: #fde2e1; color: #8a1c13; "
                                          "padding: 6px; border-radius: 3px; }"));
    m_error->hide();
    layout->addWidget(m_error);
    m_outcome = new QLabel(this);
    m_outcome->setObjectName(QStringLiteral("sessionsOutcome"));
    m_outcome->setWordWrap(true);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_outcome->hide();
    layout->addWidget(m_outcome);

    m_view = new QTableView(this);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(SessionModel::Pid, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(false);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    const int em = m_view->fontMetrics().horizontalAdvance(u'M');
    // In em; never narrower than the header's text (with room for the sort arrow).
    const int widths[] = {5, 7, 11, 7, 13, 12, 6, 6, 6, 5, 5};
    const QFontMetrics header(m_view->horizontalHeader()->font());
    for (int c = 0; c < SessionModel::Query; ++c)
        m_view->setColumnWidth(
            c, std::max(widths[c] * em, header.horizontalAdvance(
                                            m_model->headerData(c, Qt::Horizontal).toString()) +
                                            2 * em));
    m_details = new QTextBrowser(this);
    m_details->setOpenLinks(false);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(m_details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
    m_summary = new QLabel(this);
    layout->addWidget(m_summary);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        withoutChoosing([&] { m_proxy->setFilterFixedString(text); });
    });
    connect(m_onlyBlocking, &QCheckBox::toggled, this,
            [this, filter](bool on) { withoutChoosing([&] { filter->setOnlyBlocking(on); }); });
    connect(m_refresh, &QAction::triggered, this, &SessionsPage::refresh);
    connect(m_terminate, &QAction::triggered, this, [this] { actOnSelected(false); });
    connect(m_cancel, &QAction::triggered, this, [this] { actOnSelected(true); });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SessionsPage::onSelectionChanged);
    connect(m_details, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        const QString s = url.toString();
        if (s.startsWith(u"pid:"))
            selectPid(s.mid(4).toInt());
    });

    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_thread, &QThread::started, m_worker, &SessionWorker::start);
    connect(m_worker, &SessionWorker::scanned, this, &SessionsPage::applyScan);
    connect(m_worker, &SessionWorker::scanFailed, this, &SessionsPage::showError);
    connect(m_worker, &SessionWorker::actionFinished, this,
            [this](quint64, ReleaseOutcome::Status status, const QString& message) {
                showOutcome(status, message);
            });
    m_thread->setObjectName(QStringLiteral("lockscope-sessions"));
    m_thread->start();
    updateActions();
    showDetails();
}

SessionsPage::~SessionsPage() {
    QObject::disconnect(m_worker, nullptr, this, nullptr);
    m_thread->quit();
    // A scan or action may be in a call on a silent server (deadlines up to 12 s): given 2 s,
    // then left to end by itself.
    if (m_thread->wait(2000))
        delete m_thread;
    else
        connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
}

void SessionsPage::refresh() {
    QMetaObject::invokeMethod(m_worker, &SessionWorker::refreshNow, Qt::QueuedConnection);
}

void SessionsPage::applyScan(const QList<PgSession>& sessions, qint64 scanMs) {
    m_error->hide();
    // Rows of ended sessions go: Qt then moves the current row, and the selection with it, to a
    // neighbour the operator never chose. Not taken as a choice; restoreSelection() undoes it.
    withoutChoosing([&] { m_model->setSessions(sessions); });
    int blocked = 0, blocking = 0, idleTx = 0;
    for (const PgSession& s : sessions) {
        blocked += s.blockedBy.empty() ? 0 : 1;
        blocking += s.blocking.empty() ? 0 : 1;
        idleTx += s.state == PgSession::State::IdleInTransaction ? 1 : 0;
    }
    m_summary->setText(tr("%n session(s)", nullptr, int(sessions.size())) + QStringLiteral(" · ") +
                       tr("%n waiting on a lock", nullptr, blocked) + QStringLiteral(" · ") +
                       tr("%n blocking", nullptr, blocking) + QStringLiteral(" · ") +
                       tr("%n idle in transaction", nullptr, idleTx) + QStringLiteral(" · ") +
                       tr("read in %1 ms").arg(scanMs));
    updateActions();
    showDetails();
}

void SessionsPage::showError(const QString& error) {
    m_error->setText(tr("PostgreSQL sessions could not be read (rows are the last known): %1")
                         .arg(DisplayText::forTerminal(error, 400)));
    m_error->show();
}

void SessionsPage::showOutcome(ReleaseOutcome::Status status, const QString& message) {
    const bool good = status == ReleaseOutcome::Status::Released;
    m_outcome->setStyleSheet(good ? QStringLiteral("QLabel { background: #e3f4e1; color: #1d5b1a; "
                                                   "padding: 6px; border-radius: 3px; }")
                                  : QStringLiteral("QLabel { background: #fff1d6; color: #6b4300; "
                                                   "padding: 6px; border-radius: 3px; }"));
    m_outcome->setText(QStringLiteral("<b>%1</b>: %2")
                           .arg(ReleaseOutcome::summary(status).toHtmlEscaped(),
                                DisplayText::forTerminal(message, 600).toHtmlEscaped()));
    m_outcome->show();
    emit actionFinished(status, message);
}

const PgSession* SessionsPage::selected() const {
    if (m_selectedKey.isEmpty())
        return nullptr;
    const int row = m_model->rowOfKey(m_selectedKey);
    return row >= 0 ? &m_model->session(row) : nullptr;
}

void SessionsPage::onSelectionChanged() {
    if (m_applying > 0)
        return; // Qt's move while rows change, not the operator's choice
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    const QModelIndex src = rows.isEmpty() ? QModelIndex() : m_proxy->mapToSource(rows.first());
    const PgSession* chosen = src.isValid() ? &m_model->session(src.row()) : nullptr;
    m_selectedKey = chosen ? chosen->key() : QString();
    m_selectedPid = chosen ? chosen->pid : 0;
    m_selectedBackendStartMs = chosen ? chosen->backendStartMs : 0;
    m_endedPid = 0;
    updateActions();
    showDetails();
}

void SessionsPage::restoreSelection() {
    QModelIndex at;
    if (!m_selectedKey.isEmpty()) {
        const int row = m_model->rowOfKey(m_selectedKey);
        if (row < 0) {
            // It ended (or its pid belongs to another backend now): nothing stays selected.
            m_endedPid = m_selectedPid;
            m_endedBackendStartMs = m_selectedBackendStartMs;
            m_selectedKey.clear();
        } else {
            at = m_proxy->mapFromSource(m_model->index(row, 0));
            if (!at.isValid())
                m_selectedKey.clear(); // a filter hides it: not acted on unseen
        }
    }
    QItemSelectionModel* selection = m_view->selectionModel();
    ++m_applying;
    if (at.isValid()) {
        const QModelIndexList rows = selection->selectedRows();
        if (rows.size() != 1 || rows.first().row() != at.row())
            selection->setCurrentIndex(at, QItemSelectionModel::ClearAndSelect |
                                               QItemSelectionModel::Rows);
    } else if (selection->hasSelection() || selection->currentIndex().isValid()) {
        selection->clear();
    }
    --m_applying;
    updateActions();
    showDetails();
}

bool SessionsPage::selectPid(int pid) {
    const int row = m_model->rowOfPid(pid);
    if (row < 0)
        return false;
    QModelIndex at = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!at.isValid()) {
        m_filter->clear();
        m_onlyBlocking->setChecked(false);
        at = m_proxy->mapFromSource(m_model->index(row, 0));
    }
    m_view->selectRow(at.row());
    m_view->scrollTo(at);
    return true;
}

bool SessionsPage::selectFirstWaiting() {
    for (int row = 0; row < m_model->rowCount(); ++row)
        if (!m_model->session(row).blockedBy.empty())
            return selectPid(m_model->session(row).pid);
    return false;
}

void SessionsPage::updateActions() {
    const PgSession* s = selected();
    const bool inTransaction = s && (s->state == PgSession::State::IdleInTransaction ||
                                     s->state == PgSession::State::IdleInTransactionAborted);
    const bool idle = s && s->state == PgSession::State::Idle;
    m_terminate->setEnabled(s && !m_readOnly);
    // Nothing runs in an idle session: pg_cancel_backend would do nothing.
    m_cancel->setEnabled(s && !m_readOnly && !inTransaction && !idle);
    if (m_readOnly) {
        for (QAction* a : {m_terminate, m_cancel})
            a->setToolTip(tr("Read-only mode: sessions cannot be terminated or cancelled"));
        return;
    }
    m_terminate->setToolTip(tr("End the selected session (pg_terminate_backend), audited"));
    if (inTransaction)
        m_cancel->setToolTip(tr("The session is idle in a transaction: no query runs, so there is "
                                "nothing to cancel. Terminate ends the session, which rolls its "
                                "transaction back and frees its locks."));
    else if (idle)
        m_cancel->setToolTip(tr("The session is idle: no query runs, so there is nothing to "
                                "cancel."));
    else
        m_cancel->setToolTip(tr("Cancel the selected session's running query "
                                "(pg_cancel_backend), audited"));
}

void SessionsPage::showDetails() {
    const PgSession* s = selected();
    QString html;
    if (!s && m_endedPid > 0) {
        html = QStringLiteral("<p><b>%1</b></p><p><i>%2</i></p>")
                   .arg(tr("Session pid %1 (started %2) has ended.")
                            .arg(m_endedPid)
                            .arg(QDateTime::fromMSecsSinceEpoch(m_endedBackendStartMs)
                                     .toString(Qt::ISODate)),
                        tr("Nothing is selected: select a session to see its details or act "
                           "on it."));
    } else if (!s) {
        html = QStringLiteral("<p><i>%1</i></p>")
                   .arg(tr("Select a session to see its whole query and who blocks whom."));
    } else {
        auto esc = [](const QString& t, qsizetype n = 200) {
            return DisplayText::forTerminal(t, n).toHtmlEscaped();
        };
        html = QStringLiteral("<p><b>pid %1</b> · %2 · %3 · %4 · %5</p>")
                   .arg(s->pid)
                   .arg(esc(s->user), esc(s->application),
                        s->clientAddr.isEmpty() ? tr("local") : esc(s->clientAddr),
                        esc(s->backendType));
        html += QStringLiteral("<p><b>%1</b> %2").arg(tr("State:"), esc(s->stateText));
        if (!s->waitEventType.isEmpty())
            html += QStringLiteral(" · <b>%1</b> %2: %3")
                        .arg(tr("waiting for"), esc(s->waitEventType), esc(s->waitEvent));
        html += QStringLiteral("</p>");
        if (!s->blockedBy.empty())
            html += QStringLiteral("<p><b>%1</b> %2</p>")
                        .arg(tr("Blocked by:"), pidLinks(s->blockedBy));
        if (!s->blocking.empty())
            html +=
                QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Blocking:"), pidLinks(s->blocking));
        html += QStringLiteral("<p><b>%1</b><br><code>%2</code></p>")
                    .arg(tr("Query:"), esc(s->query, 4096));
    }
    if (html == m_detailsHtml)
        return;
    const int scroll = m_details->verticalScrollBar()->value();
    m_details->setHtml(html);
    m_details->verticalScrollBar()->setValue(scroll);
    m_detailsHtml = html;
}

void SessionsPage::actOnSelected(bool cancelOnly) {
    const PgSession* s = selected();
    if (!s || m_readOnly || !(cancelOnly ? m_cancel : m_terminate)->isEnabled())
        return;
    // Exactly what the operator saw: the pid with its backend start (and query start).
    const LockEntry observed = PgSessionObservation::entryFor(*s);
    SessionActionDialog dialog(observed, cancelOnly, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    requestAction(observed, dialog.reason(), dialog.cancelOnly());
}

void SessionsPage::requestAction(const LockEntry& session, const QString& reason, bool cancelOnly) {
    const quint64 id = m_nextRequest++;
    const bool readOnly = m_readOnly;
    SessionWorker* worker = m_worker;
    m_outcome->setStyleSheet(QString());
    m_outcome->setText(cancelOnly ? tr("Cancelling the query of %1…").arg(session.resource)
                                  : tr("Terminating %1…").arg(session.resource));
    m_outcome->show();
    QMetaObject::invokeMethod(
        worker,
        [worker, session, reason, cancelOnly, readOnly, id] {
            worker->act(session, reason, cancelOnly, readOnly, id);
        },
        Qt::QueuedConnection);
}

} // namespace lockscope
