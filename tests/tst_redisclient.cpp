#include "connectors/connectorerror.h"
#include "connectors/redisclient.h"
#include "connectors/redisscan.h"
#include "tests/support/silentserver.h"
#include "tests/support/testenv.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QTest>
#include <optional>
#include <set>

using namespace lockscope;
using namespace std::chrono_literals;

class TestRedisClient : public QObject {
    Q_OBJECT
    std::string m_prefix;

private slots:
    void initTestCase() {
        m_prefix = test::uniqueName(QStringLiteral("tst_redis")).toStdString() + ":";
    }

    void roundTripTypedReplies() {
        RedisClient c(test::redisUri());
        const std::string key = m_prefix + "k";
        QVERIFY(c.command({"SET", key, std::string("v\0x", 3)}).isOk());
        const RedisReply got = c.command({"GET", key});
        QVERIFY(got.isString());
        QCOMPARE(got.str, std::string("v\0x", 3)); // binary-safe
        QVERIFY(c.command({"GET", m_prefix + "missing"}).isNil());
        const RedisReply n = c.command({"INCRBY", m_prefix + "n", "5"});
        QVERIFY(n.isInteger());
        QCOMPARE(n.integer, 5);
        const RedisReply err = c.command({"INCR", key});
        QVERIFY(err.isError());
        QVERIFY_THROWS_EXCEPTION(ConnectorError, c.commandChecked({"INCR", key}));
        QVERIFY(!c.serverVersion().empty());
    }

    void pipelineKeepsOrder() {
        RedisClient c(test::redisUri());
        std::vector<RedisClient::Args> cmds;
        for (int i = 0; i < 100; ++i)
            cmds.push_back({"SET", m_prefix + "p" + std::to_string(i), std::to_string(i * i)});
        for (int i = 0; i < 100; ++i)
            cmds.push_back({"GET", m_prefix + "p" + std::to_string(i)});
        const auto replies = c.pipeline(cmds);
        QCOMPARE(replies.size(), size_t(200));
        for (int i = 0; i < 100; ++i)
            QCOMPARE(replies[100 + i].str, std::to_string(i * i));
    }

    void evalShaFallsBackToEval() {
        RedisClient c(test::redisUri());
        QVERIFY(c.command({"SCRIPT", "FLUSH"}).isOk());
        const std::string script =
            "return redis.call('INCRBY', KEYS[1], ARGV[1]) + 0 * " +
            std::to_string(std::rand()); // a script the server has never seen
        const RedisReply first = c.evalScript(script, {m_prefix + "e"}, {"2"});
        QCOMPARE(first.integer, 2); // NOSCRIPT -> EVAL
        const RedisReply second = c.evalScript(script, {m_prefix + "e"}, {"3"});
        QCOMPARE(second.integer, 5); // now cached: EVALSHA
    }

    void scanFindsEveryMatchingKey() {
        RedisClient c(test::redisUri());
        std::vector<RedisClient::Args> cmds;
        for (int i = 0; i < 2500; ++i)
            cmds.push_back({"SET", m_prefix + "scan:" + std::to_string(i), "x"});
        for (int i = 0; i < 500; ++i)
            cmds.push_back({"SET", m_prefix + "other:" + std::to_string(i), "x"});
        c.pipeline(cmds);
        RedisScan scan(c, m_prefix + "scan:*", 500);
        std::set<std::string> seen;
        std::vector<std::string> batch;
        while (scan.next(batch))
            seen.insert(batch.begin(), batch.end());
        QCOMPARE(seen.size(), size_t(2500));
        QVERIFY(scan.finished());
    }

    void reconnectsAfterServerDroppedConnection() {
        RedisClient c(test::redisUri());
        RedisClient admin(test::redisUri());
        c.command({"CLIENT", "SETNAME", "victim_" + m_prefix.substr(0, m_prefix.size() - 1)});
        const long long id = c.command({"CLIENT", "ID"}).integer;
        QCOMPARE(admin.command({"CLIENT", "KILL", "ID", std::to_string(id)}).integer, 1);
        try {
            c.command({"PING"});
            QFAIL("a killed connection must fail the next command");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ConnectorError::Kind::ConnectionLost);
            QCOMPARE(e.backend(), Backend::Redis);
        }
        QVERIFY(!c.isConnected());
        QCOMPARE(c.command({"PING"}).str, std::string("PONG")); // reconnected by itself
    }

    void refusedPortFailsFast() {
        RedisUri uri = test::redisUri();
        uri.port = test::closedPort();
        QElapsedTimer t;
        t.start();
        try {
            RedisClient c(uri, RedisClient::Options{1000ms, 1000ms});
            QFAIL("connected to a closed port");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ConnectorError::Kind::Unreachable);
            QVERIFY(e.message().contains(QString::number(uri.port)));
        }
        QVERIFY(t.elapsed() < 1000);
    }

    void silentServerTimesOut() {
        test::SilentServer silent;
        RedisUri uri = test::redisUri();
        uri.port = silent.port();
        QElapsedTimer t;
        t.start();
        try {
            RedisClient c(uri, RedisClient::Options{500ms, 400ms});
            QFAIL("a server that never answers was accepted");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ConnectorError::Kind::Timeout);
        }
        const qint64 elapsed = t.elapsed();
        QVERIFY2(elapsed >= 350 && elapsed < 3000, qPrintable(QString::number(elapsed)));
    }

    void wrongPasswordRefused() {
        RedisClient admin(test::redisUri());
        const std::string user = "u_" + std::to_string(QCoreApplication::applicationPid());
        QVERIFY(
            admin.command({"ACL", "SETUSER", user, "on", ">right-password", "~*", "+@all"}).isOk());
        RedisUri uri = test::redisUri();
        uri.user = QString::fromStdString(user);
        uri.password = QStringLiteral("wrong-password");
        try {
            RedisClient c(uri);
            QFAIL("wrong password accepted");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ConnectorError::Kind::Auth);
            QVERIFY(
                !e.message().contains(QStringLiteral("wrong-password"))); // never echo a password
        }
        uri.password = QStringLiteral("right-password");
        RedisClient ok(uri);
        QCOMPARE(ok.command({"ACL", "WHOAMI"}).str, user);
        admin.command({"ACL", "DELUSER", user});
    }

    /// An operator's console in German: hiredis' error strings are strerror() text, translated
    /// ("Die Ressource ist zur Zeit nicht verfügbar"). The kind comes from hiredis' error code and
    /// errno, and is the same in any language.
    void classificationDoesNotDependOnLanguage() {
        test::GermanMessages german;
        if (!german.active())
            qInfo("no German locale could be made: strerror() stays English here");
        using K = ConnectorError::Kind;
        auto failure = [](const RedisUri& uri) -> std::optional<ConnectorError> {
            try {
                RedisClient c(uri, RedisClient::Options{500ms, 400ms});
            } catch (const ConnectorError& e) {
                return e;
            }
            return std::nullopt;
        };

        RedisUri uri = test::redisUri();
        uri.port = test::closedPort();
        auto e = failure(uri);
        QVERIFY(e);
        QCOMPARE(e->kind(), K::Unreachable);
        if (german.active()) // the message really is German
            QVERIFY2(!e->detail().contains(QStringLiteral("Connection refused")),
                     qPrintable(e->detail()));

        // Connects, then PING gets no answer: a read timeout (EAGAIN).
        test::SilentServer silent;
        uri.port = silent.port();
        e = failure(uri);
        QVERIFY(e);
        QCOMPARE(e->kind(), K::Timeout);

        RedisClient admin(test::redisUri());
        const std::string user = "de_" + std::to_string(QCoreApplication::applicationPid());
        QVERIFY(
            admin.command({"ACL", "SETUSER", user, "on", ">right-password", "~*", "+@all"}).isOk());
        const auto dropUser = qScopeGuard([&] { admin.command({"ACL", "DELUSER", user}); });
        uri = test::redisUri();
        uri.user = QString::fromStdString(user);
        uri.password = QStringLiteral("wrong-password");
        e = failure(uri);
        QVERIFY(e);
        QCOMPARE(e->kind(), K::Auth);

        // A command that outlives its timeout on a live connection is a timeout too.
        RedisClient c(test::redisUri(), RedisClient::Options{500ms, 200ms});
        try {
            c.command({"BLPOP", m_prefix + "never-pushed", "5"});
            QFAIL("BLPOP outlived the command timeout without failing");
        } catch (const ConnectorError& err) {
            QCOMPARE(err.kind(), K::Timeout);
        }
    }

    void selectsDatabase() {
        RedisUri uri = test::redisUri();
        uri.db = 5;
        RedisClient c5(uri);
        c5.command({"SET", m_prefix + "db", "five"});
        RedisClient c0(test::redisUri());
        QVERIFY(c0.command({"GET", m_prefix + "db"}).isNil());
        c5.reconnect();
        QCOMPARE(c5.command({"GET", m_prefix + "db"}).str, std::string("five")); // re-SELECTed
    }
};

QTEST_GUILESS_MAIN(TestRedisClient)
#include "tst_redisclient.moc"
