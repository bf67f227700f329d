// The Sessions page against the sandbox's real PostgreSQL, offscreen: a session idle in
// transaction and one waiting on it are listed, the blocked one shows its blocker, and
// terminating through the page's path (SessionWorker -> ForceReleaser) ends exactly that one.
#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"
#include "core/backends/postgres/pgsessionobservation.h"
#include "core/monitor/lockmonitor.h"
#include "gui/lockspage.h"
#include "gui/sessionactiondialog.h"
#include "gui/sessionmodel.h"
#include "gui/sessionspage.h"
#include "tests/support/testenv.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTextBrowser>
#include <QtTest>
#include <future>

using namespace lockscope;
using Status = ReleaseOutcome::Status;

class TestGuiSessions : public QObject {
    Q_OBJECT

    NamespaceConfig m_config;
    std::string m_table;

    static PgConnection::Options appNamed(const std::string& name) {
        PgConnection::Options o;
        o.applicationName = name;
        o.statementTimeout = std::chrono::milliseconds(60000);
        return o;
    }

private slots:
    void initTestCase() {
        m_config = test::isolatedNamespace(QStringLiteral("guisess"));
        m_table = m_config.pgSchema() + ".rows";
        PgConnection c(test::postgresUri());
        c.execute("CREATE SCHEMA IF NOT EXISTS " + m_config.pgSchema());
        c.execute("CREATE TABLE " + m_table + " (id int PRIMARY KEY, v int NOT NULL)");
        c.execute("INSERT INTO " + m_table + " VALUES (1, 0)");
    }

    void cleanupTestCase() {
        PgConnection c(test::postgresUri());
        c.execute("DROP SCHEMA IF EXISTS " + m_config.pgSchema() + " CASCADE");
    }

    void listsBlockingChainAndTerminates() {
        auto holder =
            std::make_unique<PgConnection>(test::postgresUri(), appNamed("tst-gui-holder"));
        holder->execute("BEGIN");
        holder->execute("UPDATE " + m_table + " SET v = v + 1 WHERE id = 1");
        const int holderPid = holder->backendPid();
        auto waiterPid = std::make_shared<std::promise<int>>();
        std::future<int> waiterReady = waiterPid->get_future();
        const std::string table = m_table;
        std::future<bool> waiter = std::async(std::launch::async, [table, waiterPid] {
            try {
                PgConnection c(test::postgresUri(), appNamed("tst-gui-waiter"));
                waiterPid->set_value(c.backendPid());
                c.execute("UPDATE " + table + " SET v = v + 10 WHERE id = 1");
                return true;
            } catch (const ConnectorError&) {
                return false;
            }
        });
        const int waiter_pid = waiterReady.get();

        SessionsPage page(m_config, false, nullptr, 200);
        QAbstractItemModelTester tester(page.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(page.model(), &QAbstractItemModel::modelReset);
        page.resize(1024, 640);
        page.show();
        SessionModel* m = page.model();
        auto rowOf = [m](int pid) { return m->rowOfPid(pid); };
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(waiter_pid) >= 0 &&
                                     m->session(rowOf(waiter_pid)).blockedBy ==
                                         std::vector<int>{holderPid},
                                 15000);
        QVERIFY(rowOf(holderPid) >= 0);
        const int w = rowOf(waiter_pid);
        const int h = rowOf(holderPid);
        QCOMPARE(m->index(w, SessionModel::BlockedBy).data().toString(),
                 QString::number(holderPid));
        QCOMPARE(m->index(h, SessionModel::Blocking).data().toString(),
                 QString::number(waiter_pid));
        QCOMPARE(m->index(h, SessionModel::State).data().toString(),
                 QStringLiteral("idle in transaction"));
        QCOMPARE(m->index(h, SessionModel::Application).data().toString(),
                 QStringLiteral("tst-gui-holder"));
        QVERIFY(m->index(w, SessionModel::Wait).data().toString().startsWith(u"Lock"));
        QVERIFY(m->index(h, SessionModel::Query).data().toString().contains(u"v = v + 1 "));
        // The blocked one's details name its blocker, as a link to it.
        QVERIFY(page.selectPid(waiter_pid));
        QTRY_VERIFY(page.details()->toHtml().contains(QStringLiteral("pid:%1").arg(holderPid)));
        QVERIFY(page.terminateAction()->isEnabled());

        // The confirmation says exactly what will happen and needs a reason.
        const LockEntry observed = PgSessionObservation::entryFor(m->session(h));
        {
            SessionActionDialog dialog(observed, false);
            QVERIFY(!dialog.actButton()->isEnabled());
            QVERIFY(dialog.actionText().contains(
                QStringLiteral("terminate backend %1").arg(holderPid)));
            dialog.reasonEdit()->setText(QStringLiteral("stuck"));
            QVERIFY(dialog.actButton()->isEnabled());
        }

        // Terminate through the page's path: exactly the holder ends, the waiter goes on.
        QSignalSpy done(&page, &SessionsPage::actionFinished);
        page.requestAction(observed, QStringLiteral("tst_gui_sessions"), false);
        QVERIFY(done.wait(15000));
        QCOMPARE(done.first().at(0).value<Status>(), Status::Released);
        QVERIFY(page.outcomeLabel()->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(holderPid) < 0, 5000);
        QVERIFY(waiter.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
        QVERIFY(waiter.get());
        QTRY_VERIFY_WITH_TIMEOUT(
            rowOf(waiter_pid) < 0 || m->session(rowOf(waiter_pid)).blockedBy.empty(), 5000);
        QCOMPARE(resets.count(), 0); // merged row by row, never reset
    }

    /// The Locks page's blocking tree offers terminate… on each backend (not in read-only), from
    /// a real monitor refresh.
    void blockingTreeHasTerminateLinks() {
        auto holder = std::make_unique<PgConnection>(test::postgresUri(), appNamed("tst-gui-tree"));
        holder->execute("BEGIN");
        holder->execute("UPDATE " + m_table + " SET v = v + 1 WHERE id = 1");
        const int holderPid = holder->backendPid();
        const std::string table = m_table;
        auto waiter = std::async(std::launch::async, [table] {
            try {
                PgConnection c(test::postgresUri(), appNamed("tst-gui-tree-waiter"));
                c.execute("UPDATE " + table + " SET v = v + 10 WHERE id = 1");
            } catch (const ConnectorError&) {
            }
        });
        MonitorConfig mc;
        mc.config = m_config;
        mc.backends = {Backend::Postgres};
        LockMonitor monitor(mc);
        Snapshot snap;
        auto blocks = [&] {
            snap = monitor.refresh();
            for (const LockEntry& e : snap.locks)
                if (e.holder.startsWith(QStringLiteral("pid %1").arg(holderPid)) &&
                    !e.waiters.isEmpty())
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(blocks(), 15000);
        for (const bool readOnly : {false, true}) {
            LocksPage page(readOnly);
            page.applySnapshot(snap, SnapshotDiff::between(Snapshot{}, snap));
            QTRY_VERIFY(page.pendingDiffs() == 0 && page.view()->model()->rowCount() > 0);
            page.filterEdit()->setText(QStringLiteral("pid %1").arg(holderPid));
            QTRY_COMPARE(page.view()->model()->rowCount(), 1);
            page.view()->selectRow(0);
            auto* details = page.findChild<QTextBrowser*>();
            QVERIFY(details);
            QTRY_VERIFY(details->toHtml().contains(QStringLiteral("pid %1").arg(holderPid)));
            QCOMPARE(details->toHtml().contains(QStringLiteral("pgsession:%1").arg(holderPid)),
                     !readOnly);
        }
        holder.reset(); // rolls back: the waiter goes on
        QVERIFY(waiter.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    }

    /// The selection is the chosen session, never a row: when it ends, its row goes and Qt
    /// moves the current row to a neighbour; the page selects nothing, says the session ended and
    /// offers no action (they would act on a session the operator never chose).
    void selectionClearedWhenSessionEnds() {
        auto victim = std::make_unique<PgConnection>(test::postgresUri(), appNamed("tst-gui-end"));
        PgConnection neighbour(test::postgresUri(), appNamed("tst-gui-neighbour"));
        const int victimPid = victim->backendPid();
        const int neighbourPid = neighbour.backendPid();
        SessionsPage page(m_config, false, nullptr, 200);
        page.resize(1024, 640);
        page.show();
        SessionModel* m = page.model();
        QTRY_VERIFY_WITH_TIMEOUT(m->rowOfPid(victimPid) >= 0 && m->rowOfPid(neighbourPid) >= 0,
                                 15000);
        QVERIFY(page.selectPid(victimPid));
        QItemSelectionModel* selection = page.view()->selectionModel();
        QCOMPARE(selection->selectedRows().size(), 1);
        QVERIFY(page.selectedKey().startsWith(QStringLiteral("%1@").arg(victimPid)));
        QVERIFY(page.terminateAction()->isEnabled());
        QTRY_VERIFY(page.details()->toHtml().contains(QStringLiteral("pid %1").arg(victimPid)));

        // Ended from elsewhere (as it would by itself): the next refresh drops its row.
        PgConnection other(test::postgresUri());
        other.execute("SELECT pg_terminate_backend(" + std::to_string(victimPid) + ")");
        QTRY_VERIFY_WITH_TIMEOUT(m->rowOfPid(victimPid) < 0, 15000);
        QVERIFY(m->rowCount() > 0);
        QVERIFY(m->rowOfPid(neighbourPid) >= 0); // a neighbour is there to be (wrongly) picked
        auto nothingChosen = [&] {
            QVERIFY(!selection->hasSelection());
            QVERIFY(selection->selectedRows().isEmpty());
            QVERIFY(page.selectedKey().isEmpty());
            QVERIFY(!page.terminateAction()->isEnabled());
            QVERIFY(!page.cancelAction()->isEnabled());
            const QModelIndex n = qobject_cast<QSortFilterProxyModel*>(page.view()->model())
                                      ->mapFromSource(m->index(m->rowOfPid(neighbourPid), 0));
            QVERIFY(n.isValid());
            QVERIFY(!selection->isRowSelected(n.row()));
            QVERIFY(
                page.details()->toHtml().contains(QStringLiteral("Session pid %1").arg(victimPid)));
            QVERIFY(page.details()->toHtml().contains(QStringLiteral("has ended")));
            QVERIFY(
                !page.details()->toHtml().contains(QStringLiteral("pid %1</").arg(neighbourPid)));
        };
        nothingChosen();
        // And it stays so over further refreshes.
        QTest::qWait(700);
        nothingChosen();

        // Choosing again works as before.
        QVERIFY(page.selectPid(neighbourPid));
        QVERIFY(page.terminateAction()->isEnabled());
        QVERIFY(page.selectedKey().startsWith(QStringLiteral("%1@").arg(neighbourPid)));
        victim.reset();
    }

    /// An idle-in-transaction session runs nothing: no cancel (terminate ends the transaction,
    /// the tooltip says so); a session running a query can be cancelled. The dialog's reason
    /// asks about the query when cancelling, about the session when terminating.
    void cancelOnlyWhenSomethingRuns() {
        PgConnection idleTx(test::postgresUri(), appNamed("tst-gui-idletx"));
        idleTx.execute("BEGIN");
        idleTx.execute("SELECT 1");
        const int idleTxPid = idleTx.backendPid();
        auto runnerPid = std::make_shared<std::promise<int>>();
        std::future<int> runnerReady = runnerPid->get_future();
        std::future<void> runner = std::async(std::launch::async, [runnerPid] {
            try {
                PgConnection c(test::postgresUri(), appNamed("tst-gui-runner"));
                runnerPid->set_value(c.backendPid());
                c.execute("SELECT pg_sleep(30)");
            } catch (const ConnectorError&) {
            }
        });
        const int runningPid = runnerReady.get();
        const auto stopRunner = qScopeGuard([&] {
            PgConnection c(test::postgresUri());
            c.execute("SELECT pg_cancel_backend(" + std::to_string(runningPid) + ")");
            runner.wait();
        });

        SessionsPage page(m_config, false, nullptr, 200);
        SessionModel* m = page.model();
        auto stateOf = [m](int pid) {
            const int row = m->rowOfPid(pid);
            return row < 0 ? PgSession::State::None : m->session(row).state;
        };
        QTRY_VERIFY_WITH_TIMEOUT(stateOf(idleTxPid) == PgSession::State::IdleInTransaction &&
                                     stateOf(runningPid) == PgSession::State::Active,
                                 15000);
        QVERIFY(page.selectPid(idleTxPid));
        QVERIFY(page.terminateAction()->isEnabled());
        QVERIFY(!page.cancelAction()->isEnabled());
        QVERIFY2(page.cancelAction()->toolTip().contains(QStringLiteral("Terminate ends")),
                 qPrintable(page.cancelAction()->toolTip()));
        QVERIFY(page.cancelAction()->toolTip().contains(QStringLiteral("transaction")));

        QVERIFY(page.selectPid(runningPid));
        QVERIFY(page.terminateAction()->isEnabled());
        QVERIFY(page.cancelAction()->isEnabled());
        QVERIFY(page.cancelAction()->toolTip().contains(QStringLiteral("pg_cancel_backend")));

        const LockEntry observed =
            PgSessionObservation::entryFor(m->session(m->rowOfPid(runningPid)));
        SessionActionDialog dialog(observed, true);
        const QString cancelText = dialog.reasonEdit()->placeholderText();
        QVERIFY2(!cancelText.contains(QStringLiteral("ended")), qPrintable(cancelText));
        QVERIFY(cancelText.contains(QStringLiteral("cancelled")));
        auto* onlyCancel = dialog.findChild<QCheckBox*>();
        QVERIFY(onlyCancel && onlyCancel->isChecked());
        onlyCancel->setChecked(false); // terminate now: the session is ended
        QVERIFY(dialog.reasonEdit()->placeholderText().contains(QStringLiteral("ended")));
    }

    void readOnlyRefuses() {
        auto holder = std::make_unique<PgConnection>(test::postgresUri(), appNamed("tst-gui-ro"));
        const int pid = holder->backendPid();
        SessionsPage page(m_config, true, nullptr, 200);
        QTRY_VERIFY_WITH_TIMEOUT(page.model()->rowOfPid(pid) >= 0, 15000);
        QVERIFY(page.selectPid(pid));
        QVERIFY(!page.terminateAction()->isEnabled());
        QVERIFY(!page.cancelAction()->isEnabled());
        QSignalSpy done(&page, &SessionsPage::actionFinished);
        page.requestAction(
            PgSessionObservation::entryFor(page.model()->session(page.model()->rowOfPid(pid))),
            QStringLiteral("tst_gui_sessions read-only"), false);
        QVERIFY(done.wait(15000));
        QCOMPARE(done.first().at(0).value<Status>(), Status::ReadOnly);
        QVERIFY(page.model()->rowOfPid(pid) >= 0);
        QVERIFY(holder->isOpen());
    }
};

QTEST_MAIN(TestGuiSessions)
#include "tst_gui_sessions.moc"
