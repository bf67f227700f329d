#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"
#include "tests/support/silentserver.h"
#include "tests/support/testenv.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QTest>
#include <optional>
#include <pqxx/pqxx>

using namespace lockscope;
using namespace std::chrono_literals;

class TestPgConnection : public QObject {
    Q_OBJECT
    std::string m_table;

private slots:
    void initTestCase() {
        m_table = test::uniqueName(QStringLiteral("tst_pg")).toLower().toStdString();
        PgConnection c(test::postgresUri());
        c.execute("CREATE TABLE " + m_table + " (id int PRIMARY KEY, v int NOT NULL)");
    }
    void cleanupTestCase() {
        PgConnection c(test::postgresUri());
        c.execute("DROP TABLE IF EXISTS " + m_table);
    }

    void preparedStatementsInTransactions() {
        PgConnection c(test::postgresUri());
        QVERIFY(c.backendPid() > 0);
        QVERIFY(QString::fromStdString(c.serverVersion()).startsWith(QStringLiteral("15.")));
        c.run("insert", [&](pqxx::connection& raw) {
            raw.prepare("ins", "INSERT INTO " + m_table + " (id, v) VALUES ($1, $2)");
            pqxx::work tx(raw);
            for (int i = 1; i <= 10; ++i)
                tx.exec_prepared("ins", i, i * 10);
            tx.commit();
        });
        const int sum = c.run("sum", [&](pqxx::connection& raw) {
            pqxx::read_transaction tx(raw);
            return tx.exec1("SELECT sum(v)::int FROM " + m_table)[0].as<int>();
        });
        QCOMPARE(sum, 550);
        // A rolled-back transaction leaves nothing behind.
        c.run("rollback", [&](pqxx::connection& raw) {
            pqxx::work tx(raw);
            tx.exec_params("UPDATE " + m_table + " SET v = 0 WHERE id = $1", 1);
            tx.abort();
        });
        const int v1 = c.run("read", [&](pqxx::connection& raw) {
            pqxx::read_transaction tx(raw);
            return tx.exec_params1("SELECT v FROM " + m_table + " WHERE id = $1", 1)[0].as<int>();
        });
        QCOMPARE(v1, 10);
    }

    void sqlErrorsAreTyped() {
        PgConnection c(test::postgresUri());
        try {
            c.execute("SELECT * FROM no_such_table_here");
            QFAIL("a bad query succeeded");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.backend(), Backend::Postgres);
            QCOMPARE(e.kind(), ConnectorError::Kind::Server);
            QVERIFY(e.detail().contains(QStringLiteral("42P01")));
        }
        QVERIFY(c.isOpen()); // the connection survives a failed statement
    }

    void statementTimeoutIsEnforced() {
        PgConnection::Options o;
        o.statementTimeout = 300ms;
        PgConnection c(test::postgresUri(), o);
        QElapsedTimer t;
        t.start();
        try {
            c.execute("SELECT pg_sleep(5)");
            QFAIL("statement_timeout did not fire");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ConnectorError::Kind::Timeout);
        }
        QVERIFY2(t.elapsed() < 3000, qPrintable(QString::number(t.elapsed())));
    }

    void lockTimeoutIsLockNotAvailable() {
        PgConnection holder(test::postgresUri());
        PgConnection waiter(test::postgresUri());
        holder.execute("INSERT INTO " + m_table + " VALUES (100, 1) ON CONFLICT DO NOTHING");
        pqxx::work hold(holder.raw());
        hold.exec("SELECT * FROM " + m_table + " WHERE id = 100 FOR UPDATE");
        try {
            waiter.run("lock", [&](pqxx::connection& raw) {
                pqxx::work tx(raw);
                tx.exec("SET LOCAL lock_timeout = '200ms'");
                tx.exec("SELECT * FROM " + m_table + " WHERE id = 100 FOR UPDATE");
            });
            QFAIL("a row lock held by another connection was granted");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ConnectorError::Kind::LockNotAvailable);
        }
        hold.abort();
    }

    void listenNotifyDelivers() {
        PgConnection listener(test::postgresUri());
        PgConnection sender(test::postgresUri());
        std::vector<PgNotification> got;
        const std::string channel = "ch_" + m_table;
        listener.listen(channel, [&](const PgNotification& n) { got.push_back(n); });
        sender.execute("SELECT pg_notify('" + channel + "', 'stock changed')");
        QElapsedTimer t;
        t.start();
        while (got.empty() && t.elapsed() < 5000)
            listener.awaitNotifications(500ms);
        QCOMPARE(got.size(), size_t(1));
        QCOMPARE(got[0].payload, std::string("stock changed"));
        QCOMPARE(got[0].backendPid, sender.backendPid());
        // With nothing sent, awaiting returns after the timeout with nothing.
        t.restart();
        QCOMPARE(listener.awaitNotifications(200ms), 0);
        QVERIFY(t.elapsed() >= 150);
    }

    void wrongPasswordRefused() {
        PostgresUri uri = test::postgresUri();
        uri.params.insert(QStringLiteral("password"), QStringLiteral("definitely-wrong"));
        try {
            PgConnection c(uri);
            QFAIL("wrong password accepted");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ConnectorError::Kind::Auth);
            QVERIFY(!e.message().contains(QStringLiteral("definitely-wrong")));
        }
    }

    void refusedAndSilentServersTimeOut() {
        PostgresUri uri = test::postgresUri();
        uri.params.insert(QStringLiteral("port"), QString::number(test::closedPort()));
        try {
            PgConnection c(uri);
            QFAIL("connected to a closed port");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ConnectorError::Kind::Unreachable);
        }
        test::SilentServer silent;
        uri.params.insert(QStringLiteral("port"), QString::number(silent.port()));
        PgConnection::Options o;
        o.connectTimeout = 1s;
        QElapsedTimer t;
        t.start();
        try {
            PgConnection c(uri, o);
            QFAIL("a server that never answers was accepted");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ConnectorError::Kind::Timeout);
        }
        QVERIFY2(t.elapsed() < 5000, qPrintable(QString::number(t.elapsed())));
    }

    /// An operator's console in German: libpq's own messages (refused, timeout, no password)
    /// follow the client's LC_MESSAGES and the server's errors its lc_messages, so the text is
    /// German. The kind comes from codes (SQLSTATE, libpq's state, the clock) and is the same.
    void classificationDoesNotDependOnLanguage() {
        test::GermanMessages german;
        if (!german.active())
            qInfo("no German locale could be made: libpq's own messages stay English here");
        const QByteArray savedPassfile = qgetenv("PGPASSFILE");
        qputenv("PGPASSFILE", "/nonexistent/pgpass"); // no password from anywhere else
        const auto restore = qScopeGuard([&] {
            if (savedPassfile.isNull())
                qunsetenv("PGPASSFILE");
            else
                qputenv("PGPASSFILE", savedPassfile);
        });
        PgConnection::Options o;
        o.connectTimeout = 1s;
        auto failure = [&](const PostgresUri& uri) -> std::optional<ConnectorError> {
            try {
                PgConnection c(uri, o);
            } catch (const ConnectorError& e) {
                return e;
            }
            return std::nullopt;
        };
        using K = ConnectorError::Kind;

        PostgresUri uri = test::postgresUri();
        uri.params.insert(QStringLiteral("port"), QString::number(test::closedPort()));
        auto e = failure(uri);
        QVERIFY(e);
        QCOMPARE(e->kind(), K::Unreachable);
        if (german.active()) // the message really is German
            QVERIFY2(!e->detail().contains(QStringLiteral("Connection refused")),
                     qPrintable(e->detail()));

        test::SilentServer silent;
        uri.params.insert(QStringLiteral("port"), QString::number(silent.port()));
        e = failure(uri);
        QVERIFY(e);
        QCOMPARE(e->kind(), K::Timeout);

        // The server refuses the password with SQLSTATE 28P01 and a German text.
        test::PasswordRefusingPostgres refusing;
        uri.params.insert(QStringLiteral("port"), QString::number(refusing.port()));
        uri.params.insert(QStringLiteral("password"), QStringLiteral("definitely-wrong"));
        e = failure(uri);
        QVERIFY(e);
        QCOMPARE(e->kind(), K::Auth);
        QVERIFY(refusing.refusals() >= 1);
        QVERIFY2(e->detail().contains(QStringLiteral("fehlgeschlagen")), qPrintable(e->detail()));
        QVERIFY(!e->message().contains(QStringLiteral("definitely-wrong")));

        // The server asks for a password and there is none: libpq's own (German) message.
        uri.params.remove(QStringLiteral("password"));
        e = failure(uri);
        QVERIFY(e);
        QCOMPARE(e->kind(), K::Auth);

        // And the real server refusing a wrong password.
        uri = test::postgresUri();
        uri.params.insert(QStringLiteral("password"), QStringLiteral("definitely-wrong"));
        e = failure(uri);
        QVERIFY(e);
        QCOMPARE(e->kind(), K::Auth);
    }

    void serverDeathMidTransactionIsConnectionLost() {
        PgConnection victim(test::postgresUri());
        PgConnection admin(test::postgresUri());
        pqxx::work tx(victim.raw());
        tx.exec("SELECT 1");
        admin.execute("SELECT pg_terminate_backend(" + std::to_string(victim.backendPid()) + ")");
        try {
            victim.run("select", [&](pqxx::connection&) { tx.exec("SELECT 1"); });
            QFAIL("a terminated backend kept answering");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ConnectorError::Kind::ConnectionLost);
        }
    }
};

QTEST_GUILESS_MAIN(TestPgConnection)
#include "tst_pgconnection.moc"
