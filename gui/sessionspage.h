#pragma once

#include "core/backends/postgres/pgsession.h"
#include "core/backends/releaseoutcome.h"
#include "core/monitor/lockentry.h"
#include "core/namespaceconfig.h"

#include <QList>
#include <QWidget>

class QAction;
class QCheckBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QTextBrowser;
class QThread;

namespace lockscope {

class SessionModel;
class SessionWorker;

/// PostgreSQL's sessions, like pg_activity: every backend of the database with its state, wait
/// event, query, durations and who blocks whom (blocked rows amber, blockers red). Terminate or
/// cancel the selected one through the audited, re-checked force-release path, confirmed with a
/// reason; the outcome (as re-observed) is shown above the table. Scans run on a thread of the
/// page's own (SessionWorker); the GUI thread never waits on the network.
class SessionsPage : public QWidget {
    Q_OBJECT
public:
    SessionsPage(const NamespaceConfig& config, bool readOnly, QWidget* parent = nullptr,
                 int intervalMs = 2000);
    ~SessionsPage() override;

    SessionModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QAction* terminateAction() const { return m_terminate; }
    QAction* cancelAction() const { return m_cancel; }
    QLabel* outcomeLabel() const { return m_outcome; }
    QLabel* summaryLabel() const { return m_summary; }
    QTextBrowser* details() const { return m_details; }
    /// The chosen session's identity (PgSession::key(): pid and backend start), "" for none.
    /// The details and the actions follow it, never a row: when that session ends, nothing is
    /// selected (Qt would move the selection to a neighbour).
    QString selectedKey() const { return m_selectedKey; }
    /// Selects the row of pid (clearing the filters if they hide it); false when not listed.
    bool selectPid(int pid);
    /// Selects the first session that waits on another (the screenshots' blocking chain).
    bool selectFirstWaiting();

public slots:
    void refresh();
    /// The confirmation dialog for the selected session, then the action.
    void actOnSelected(bool cancelOnly);
    /// Sends an already confirmed action to the worker (the dialog's path ends here).
    void requestAction(const lockscope::LockEntry& session, const QString& reason, bool cancelOnly);

signals:
    void actionFinished(lockscope::ReleaseOutcome::Status status, const QString& message);

private:
    void applyScan(const QList<lockscope::PgSession>& sessions, qint64 scanMs);
    void showError(const QString& error);
    void showOutcome(lockscope::ReleaseOutcome::Status status, const QString& message);
    void showDetails();
    void updateActions();
    /// The chosen session as listed now; nullptr when none is chosen or it ended.
    const PgSession* selected() const;
    /// The operator chose a row (or none): remembered by identity.
    void onSelectionChanged();
    /// After the rows or the filters changed: the view selects the chosen session's row again,
    /// or nothing when it ended or a filter hides it.
    void restoreSelection();
    /// Runs change (the model's merge, a filter) without taking Qt's own moves of the selection
    /// for the operator's choice.
    template <class F> void withoutChoosing(F change) {
        ++m_applying;
        change();
        --m_applying;
        restoreSelection();
    }

    bool m_readOnly;
    SessionModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_view;
    QTextBrowser* m_details;
    QLineEdit* m_filter;
    QCheckBox* m_onlyBlocking;
    QLabel* m_summary;
    QLabel* m_error;
    QLabel* m_outcome;
    QAction* m_refresh;
    QAction* m_terminate;
    QAction* m_cancel;
    QThread* m_thread;
    SessionWorker* m_worker;
    quint64 m_nextRequest = 1;
    QString m_detailsHtml;
    QString m_selectedKey;
    int m_selectedPid = 0;
    qint64 m_selectedBackendStartMs = 0;
    int m_applying = 0;
    /// The chosen session when it ended (pid, backend start) until another choice: the details
    /// say so.
    int m_endedPid = 0;
    qint64 m_endedBackendStartMs = 0;
};

} // namespace lockscope
