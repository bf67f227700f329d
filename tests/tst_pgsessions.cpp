// The PostgreSQL session view against the sandbox's real server: a foreign session idle in
// transaction and one waiting on it are seen as they are, and terminate / cancel go through the
// audited, re-checked force-release path (ForceReleaser -> PostgresBackend -> PgSessionSignal).
#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"
#include "core/backends/postgres/pgsessionobservation.h"
#include "core/backends/postgres/pgsessionscanner.h"
#include "core/monitor/auditlog.h"
#include "core/monitor/forcereleaser.h"
#include "core/monitor/lockmonitor.h"
#include "tests/support/testenv.h"

#include <QtTest>
#include <atomic>
#include <future>
#include <optional>
#include <pqxx/pqxx>

using namespace lockscope;
using Status = ReleaseOutcome::Status;

namespace {

PgConnection::Options appNamed(const std::string& name) {
    PgConnection::Options o;
    o.applicationName = name;
    o.statementTimeout = std::chrono::milliseconds(60000);
    return o;
}

std::optional<PgSession> find(const std::vector<PgSession>& all, int pid) {
    for (const PgSession& s : all)
        if (s.pid == pid)
            return s;
    return std::nullopt;
}

} // namespace

class TestPgSessions : public QObject {
    Q_OBJECT

private:
    NamespaceConfig m_config;
    std::string m_table;
    std::unique_ptr<PgConnection> m_holder;
    std::future<QString> m_waiter; ///< "" when its UPDATE went through, else the error
    int m_waiterPid = 0;

    /// A foreign session: BEGIN; UPDATE row 1; and idle (in transaction). Returns its pid.
    int startHolder(const std::string& app) {
        m_holder = std::make_unique<PgConnection>(test::postgresUri(), appNamed(app));
        m_holder->execute("BEGIN");
        m_holder->execute("UPDATE " + m_table + " SET v = v + 1 WHERE id = 1");
        return m_holder->backendPid();
    }
    /// A second session that waits for row 1 (on a thread of its own: it blocks).
    void startWaiter(const std::string& app) {
        auto pid = std::make_shared<std::promise<int>>();
        std::future<int> pidReady = pid->get_future();
        const std::string table = m_table;
        m_waiter = std::async(std::launch::async, [table, app, pid]() -> QString {
            try {
                PgConnection c(test::postgresUri(), appNamed(app));
                pid->set_value(c.backendPid());
                c.execute("UPDATE " + table + " SET v = v + 10 WHERE id = 1");
                return {};
            } catch (const ConnectorError& e) {
                return e.message().isEmpty() ? QStringLiteral("error") : e.message();
            }
        });
        m_waiterPid = pidReady.get();
    }
    std::vector<PgSession> scanUntil(const std::function<bool(const std::vector<PgSession>&)>& ok) {
        PgSessionScanner scanner(m_config.postgres);
        std::vector<PgSession> last;
        const QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired()) {
            last = scanner.scan();
            if (ok(last))
                return last;
            QTest::qWait(20);
        }
        return last;
    }
    bool alive(int pid) {
        PgSessionScanner scanner(m_config.postgres);
        return find(scanner.scan(), pid).has_value();
    }

private slots:
    void initTestCase() {
        m_config = test::isolatedNamespace(QStringLiteral("sess"));
        m_table = m_config.pgSchema() + ".sess_rows";
        PgConnection c(test::postgresUri());
        c.execute("CREATE SCHEMA IF NOT EXISTS " + m_config.pgSchema());
        c.execute("CREATE TABLE " + m_table + " (id int PRIMARY KEY, v int NOT NULL)");
        c.execute("INSERT INTO " + m_table + " VALUES (1, 0), (2, 0)");
    }

    void cleanup() {
        m_holder.reset();
        if (m_waiter.valid())
            m_waiter.wait_for(std::chrono::seconds(15));
        m_waiter = {};
    }

    void cleanupTestCase() {
        PgConnection c(test::postgresUri());
        c.execute("DROP SCHEMA IF EXISTS " + m_config.pgSchema() + " CASCADE");
    }

    void idleInTransactionAndBlockedAreSeen() {
        const int holder = startHolder("tst-sess-holder");
        startWaiter("tst-sess-waiter");
        const auto all = scanUntil([&](const std::vector<PgSession>& s) {
            const auto w = find(s, m_waiterPid);
            return w && !w->blockedBy.empty();
        });
        const auto h = find(all, holder);
        const auto w = find(all, m_waiterPid);
        QVERIFY(h);
        QVERIFY(w);
        QCOMPARE(h->state, PgSession::State::IdleInTransaction);
        QCOMPARE(h->stateText, QStringLiteral("idle in transaction"));
        QCOMPARE(h->application, QStringLiteral("tst-sess-holder"));
        QCOMPARE(h->query,
                 QString::fromStdString("UPDATE " + m_table + " SET v = v + 1 WHERE id = 1"));
        QCOMPARE(h->backendType, QStringLiteral("client backend"));
        QVERIFY(h->transactionDurationMs() >= 0);
        QVERIFY(h->blockedBy.empty());
        QCOMPARE(h->blocking, std::vector<int>{m_waiterPid});
        QCOMPARE(w->state, PgSession::State::Active);
        QCOMPARE(w->waitEventType, QStringLiteral("Lock"));
        QCOMPARE(w->blockedBy, std::vector<int>{holder});
        QVERIFY(w->query.contains(u"v = v + 10"));
        // JSON is exact: the query byte for byte, the pids as numbers.
        const QJsonObject j = h->toJson();
        QCOMPARE(j.value(QStringLiteral("query")).toString(), h->query);
        QCOMPARE(j.value(QStringLiteral("blocking")).toArray().first().toInt(), m_waiterPid);
        QCOMPARE(j.value(QStringLiteral("state")).toString(),
                 QStringLiteral("idle in transaction"));
    }

    void terminateEndsExactlyThatSessionAndAudits() {
        const int holder = startHolder("tst-sess-term");
        startWaiter("tst-sess-term-waiter");
        const auto all = scanUntil([&](const std::vector<PgSession>& s) {
            const auto w = find(s, m_waiterPid);
            return w && !w->blockedBy.empty();
        });
        const auto h = find(all, holder);
        QVERIFY(h);
        ForceReleaser::Request r;
        r.observed = PgSessionObservation::entryFor(*h);
        r.reason = QStringLiteral("tst_pgsessions terminate");
        const auto out = ForceReleaser(m_config).release(r);
        QCOMPARE(out.status, Status::Released);
        QVERIFY(out.auditId > 0);
        QVERIFY(!alive(holder));
        // Exactly that one: the waiter got the row and finished its UPDATE.
        QVERIFY(m_waiter.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
        QCOMPARE(m_waiter.get(), QString());
        AuditLog audit(m_config);
        const auto rows = audit.list(10);
        const auto row = std::find_if(rows.begin(), rows.end(),
                                      [&](const AuditRecord& a) { return a.id == out.auditId; });
        QVERIFY(row != rows.end());
        QCOMPARE(row->outcome, AuditRecord::Outcome::Done);
        QCOMPARE(row->attempt.kind, QStringLiteral("pg-session"));
        QCOMPARE(row->attempt.action, QStringLiteral("terminate-backend"));
        QCOMPARE(row->attempt.resource, QStringLiteral("pid %1").arg(holder));
        QCOMPARE(row->attempt.reason, QStringLiteral("tst_pgsessions terminate"));
    }

    void refusesAnotherBackendWithThatPid() {
        const int holder = startHolder("tst-sess-reused");
        const auto all = scanUntil([&](const std::vector<PgSession>& s) {
            const auto h = find(s, holder);
            return h && h->state == PgSession::State::IdleInTransaction;
        });
        auto h = find(all, holder);
        QVERIFY(h);
        // What the operator saw was an earlier backend with this pid (another backend start).
        h->backendStartMs -= 1000;
        ForceReleaser::Request r;
        r.observed = PgSessionObservation::entryFor(*h);
        r.reason = QStringLiteral("tst_pgsessions reused pid");
        const auto out = ForceReleaser(m_config).release(r);
        QCOMPARE(out.status, Status::Changed);
        QVERIFY(out.auditId > 0);
        QVERIFY(alive(holder));
        AuditLog audit(m_config);
        const auto rows = audit.list(10);
        const auto row = std::find_if(rows.begin(), rows.end(),
                                      [&](const AuditRecord& a) { return a.id == out.auditId; });
        QVERIFY(row != rows.end());
        QCOMPARE(row->outcome, AuditRecord::Outcome::Changed);
    }

    void readOnlyRefuses() {
        const int holder = startHolder("tst-sess-ro");
        const auto all =
            scanUntil([&](const std::vector<PgSession>& s) { return find(s, holder).has_value(); });
        NamespaceConfig ro = m_config;
        ro.readOnly = true;
        ForceReleaser::Request r;
        r.observed = PgSessionObservation::entryFor(*find(all, holder));
        r.reason = QStringLiteral("tst_pgsessions read-only");
        const auto out = ForceReleaser(ro).release(r);
        QCOMPARE(out.status, Status::ReadOnly);
        QVERIFY(alive(holder));
    }

    void cancelIdleInTransactionReleasesNothing() {
        const int holder = startHolder("tst-sess-cancel-idle");
        const auto all =
            scanUntil([&](const std::vector<PgSession>& s) { return find(s, holder).has_value(); });
        ForceReleaser::Request r;
        r.observed = PgSessionObservation::entryFor(*find(all, holder));
        r.reason = QStringLiteral("tst_pgsessions cancel idle");
        r.cancelOnly = true;
        const auto out = ForceReleaser(m_config).release(r);
        QCOMPARE(out.status, Status::NothingReleased);
        QVERIFY(out.message.contains(u"terminate instead"));
        QVERIFY(alive(holder));
    }

    /// The Locks page's blocking tree carries what a terminate needs (pid and backend start):
    /// its node, taken from a real monitor refresh, ends exactly the holder.
    void terminateFromBlockingTree() {
        const int holder = startHolder("tst-sess-tree");
        startWaiter("tst-sess-tree-waiter");
        MonitorConfig mc;
        mc.config = m_config;
        mc.backends = {Backend::Postgres};
        LockMonitor monitor(mc);
        QJsonObject node;
        const QDeadlineTimer deadline(10000);
        std::function<QJsonObject(const QJsonArray&)> findNode = [&](const QJsonArray& nodes) {
            for (const auto& v : nodes) {
                const QJsonObject n = v.toObject();
                if (n.value(QStringLiteral("pid")).toInt() == holder)
                    return n;
                if (QJsonObject f = findNode(n.value(QStringLiteral("blocks")).toArray());
                    !f.isEmpty())
                    return f;
            }
            return QJsonObject();
        };
        while (node.isEmpty() && !deadline.hasExpired()) {
            const Snapshot s = monitor.refresh();
            for (const LockEntry& e : s.locks) {
                node = findNode(e.details().value(QStringLiteral("blocking_tree")).toArray());
                if (!node.isEmpty() && !node.value(QStringLiteral("blocks")).toArray().isEmpty())
                    break;
                node = {};
            }
        }
        QVERIFY2(!node.isEmpty(), "the holder is not a blocker in any blocking tree");
        const auto entry = PgSessionObservation::entryForTreeNode(node, 0);
        QVERIFY(entry);
        ForceReleaser::Request r;
        r.observed = *entry;
        r.reason = QStringLiteral("tst_pgsessions from the tree");
        const auto out = ForceReleaser(m_config).release(r);
        QCOMPARE(out.status, Status::Released);
        QVERIFY(!alive(holder));
        QVERIFY(m_waiter.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
        QCOMPARE(m_waiter.get(), QString());
    }

    void cancelTheWaitersQuery() {
        const int holder = startHolder("tst-sess-cancel-h");
        startWaiter("tst-sess-cancel-w");
        const auto all = scanUntil([&](const std::vector<PgSession>& s) {
            const auto w = find(s, m_waiterPid);
            return w && !w->blockedBy.empty();
        });
        ForceReleaser::Request r;
        r.observed = PgSessionObservation::entryFor(*find(all, m_waiterPid));
        r.reason = QStringLiteral("tst_pgsessions cancel waiter");
        r.cancelOnly = true;
        const auto out = ForceReleaser(m_config).release(r);
        QCOMPARE(out.status, Status::Released);
        QVERIFY(m_waiter.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
        QVERIFY(!m_waiter.get().isEmpty()); // its UPDATE was cancelled
        QVERIFY(alive(holder));             // the holder untouched
    }
};

QTEST_GUILESS_MAIN(TestPgSessions)
#include "tst_pgsessions.moc"
