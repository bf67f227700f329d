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
    const PgSession* selected() const;

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
};

} // namespace lockscope
