#include "connectors/postgresuri.h"
#include "connectors/redisuri.h"
#include "connectors/urierror.h"
#include "connectors/zookeeperuri.h"
#include "core/endpoints.h"
#include "core/sandbox/sandboxerror.h"
#include "core/sandbox/sandboxinfo.h"

#include <QTemporaryDir>
#include <QTest>

using namespace lockscope;

class TestUri : public QObject {
    Q_OBJECT
private slots:
    void redisValid_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<int>("db");
        QTest::newRow("host only") << "redis://cache"
                                   << ""
                                   << ""
                                   << "cache" << 6379 << 0;
        QTest::newRow("host port db") << "redis://10.0.0.5:6380/3"
                                      << ""
                                      << ""
                                      << "10.0.0.5" << 6380 << 3;
        QTest::newRow("password only") << "redis://:s3cret@h:1"
                                       << ""
                                       << "s3cret"
                                       << "h" << 1 << 0;
        QTest::newRow("acl user") << "redis://ops:pw@h/2"
                                  << "ops"
                                  << "pw"
                                  << "h" << 6379 << 2;
        QTest::newRow("percent-encoded") << "redis://ops:p%40ss%3A1@h"
                                         << "ops"
                                         << "p@ss:1"
                                         << "h" << 6379 << 0;
        QTest::newRow("ipv6") << "redis://[::1]:7000"
                              << ""
                              << ""
                              << "::1" << 7000 << 0;
        QTest::newRow("upper-case scheme") << "REDIS://h"
                                           << ""
                                           << ""
                                           << "h" << 6379 << 0;
    }
    void redisValid() {
        QFETCH(QString, text);
        const RedisUri u = RedisUri::parse(text);
        QTEST(u.user, "user");
        QTEST(u.password, "password");
        QTEST(u.host, "host");
        QTEST(u.port, "port");
        QTEST(u.db, "db");
        // Round trip through toString(withPassword).
        const RedisUri again = RedisUri::parse(u.toString(true));
        QCOMPARE(again.password, u.password);
        QCOMPARE(again.port, u.port);
        QCOMPARE(again.db, u.db);
    }

    void redisInvalid_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("part");
        QTest::newRow("wrong scheme") << "rediss://h"
                                      << "scheme";
        QTest::newRow("http") << "http://h"
                              << "scheme";
        QTest::newRow("no host") << "redis://:6379"
                                 << "host";
        QTest::newRow("port zero") << "redis://h:0"
                                   << "port";
        QTest::newRow("port too big") << "redis://h:70000"
                                      << "port";
        QTest::newRow("port text") << "redis://h:abc"
                                   << "port";
        QTest::newRow("empty port") << "redis://h:"
                                    << "port";
        QTest::newRow("db text") << "redis://h/x"
                                 << "db";
        QTest::newRow("db negative") << "redis://h/-1"
                                     << "db";
        QTest::newRow("broken escape") << "redis://u:%zz@h"
                                       << "userinfo";
        QTest::newRow("empty password") << "redis://u:@h"
                                        << "userinfo";
        QTest::newRow("bad host char") << "redis://h o st"
                                       << "host";
    }
    void redisInvalid() {
        QFETCH(QString, text);
        QFETCH(QString, part);
        try {
            RedisUri::parse(text);
            QFAIL("accepted an invalid URI");
        } catch (const UriError& e) {
            QCOMPARE(e.part(), part);
            QVERIFY(!e.message().isEmpty());
        }
    }

    void redisPasswordMasked() {
        const RedisUri u = RedisUri::parse(QStringLiteral("redis://ops:topsecret@h"));
        QVERIFY(!u.toString().contains(QStringLiteral("topsecret")));
        QVERIFY(u.toString().contains(QStringLiteral("***")));
    }

    void zookeeperValid() {
        const ZooKeeperUri u = ZooKeeperUri::parse(
            QStringLiteral("zookeeper://ops:pw@z1:2181,z2,[::1]:2182/shop/locks"));
        QCOMPARE(u.user, QStringLiteral("ops"));
        QCOMPARE(u.password, QStringLiteral("pw"));
        QCOMPARE(u.hosts.size(), 3);
        QCOMPARE(u.hosts[1].port, 2181);
        QCOMPARE(u.hosts[2].host, QStringLiteral("::1"));
        QCOMPARE(u.chroot, QStringLiteral("/shop/locks"));
        QCOMPARE(u.connectString(), QStringLiteral("z1:2181,z2:2181,[::1]:2182/shop/locks"));
        QVERIFY(!u.toString().contains(QStringLiteral("pw@")));
        QCOMPARE(ZooKeeperUri::parse(QStringLiteral("zookeeper://h/")).chroot, QString());
    }

    void zookeeperInvalid_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("part");
        QTest::newRow("scheme") << "zk://h"
                                << "scheme";
        QTest::newRow("no host") << "zookeeper://"
                                 << "host";
        QTest::newRow("empty element") << "zookeeper://a:1,,b:2"
                                       << "host";
        QTest::newRow("bad port") << "zookeeper://a:99999"
                                  << "port";
        QTest::newRow("user without password") << "zookeeper://ops@h"
                                               << "userinfo";
        QTest::newRow("chroot trailing slash") << "zookeeper://h/a/"
                                               << "chroot";
        QTest::newRow("chroot double slash") << "zookeeper://h/a//b"
                                             << "chroot";
    }
    void zookeeperInvalid() {
        QFETCH(QString, text);
        QFETCH(QString, part);
        try {
            ZooKeeperUri::parse(text);
            QFAIL("accepted an invalid URI");
        } catch (const UriError& e) {
            QCOMPARE(e.part(), part);
        }
    }

    void postgresValid() {
        const PostgresUri a = PostgresUri::parse(
            QStringLiteral("postgresql://shop:pw@db.local:5433/orders?sslmode=disable"));
        QCOMPARE(a.value(QStringLiteral("host")), QStringLiteral("db.local"));
        QCOMPARE(a.value(QStringLiteral("port")), QStringLiteral("5433"));
        QCOMPARE(a.value(QStringLiteral("dbname")), QStringLiteral("orders"));
        QCOMPARE(a.value(QStringLiteral("user")), QStringLiteral("shop"));
        QVERIFY(!a.toString().contains(QStringLiteral("pw")));
        QVERIFY(!a.toConninfo().contains(QStringLiteral("'pw'")));
        const PostgresUri b =
            PostgresUri::parse(QStringLiteral("host=h port=6000 dbname=x user=u password='a b'"));
        QCOMPARE(b.value(QStringLiteral("password")), QStringLiteral("a b"));
        // The keyword form we generate parses back to the same values.
        const PostgresUri c = PostgresUri::parse(b.toConninfo(true));
        QCOMPARE(c.params, b.params);
    }

    void postgresInvalid_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("part");
        QTest::newRow("scheme") << "mysql://h/db"
                                << "scheme";
        QTest::newRow("empty") << ""
                               << "conninfo";
        QTest::newRow("unknown keyword") << "hots=h"
                                         << "conninfo";
        QTest::newRow("bad query param") << "postgresql://h/db?nosuch=1"
                                         << "conninfo";
        QTest::newRow("unterminated quote") << "host='h"
                                            << "conninfo";
    }
    void postgresInvalid() {
        QFETCH(QString, text);
        QFETCH(QString, part);
        try {
            PostgresUri::parse(text);
            QFAIL("accepted an invalid connection string");
        } catch (const UriError& e) {
            QCOMPARE(e.part(), part);
            QVERIFY2(!e.message().isEmpty(), "libpq's message must be passed on");
        }
    }

    /// libpq's parse errors quote the bad token or the whole URI: the password never reaches the
    /// message.
    void postgresErrorsNeverQuoteThePassword_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("secret");
        QTest::newRow("bad percent escape in password")
            << "postgresql://lockscope:Secret99x%zz@127.0.0.1:5/db"
            << "Secret99x";
        QTest::newRow("unterminated IPv6 host")
            << "postgresql://lockscope:SuperSecret99@[::1/lockscope"
            << "SuperSecret99";
        QTest::newRow("encoded password, bad escape") << "postgresql://u:Pa%73s42word%g@h/db"
                                                      << "Pa%73s42word";
        QTest::newRow("conninfo keyword") << "host=h password='Hid den9' hots=x"
                                          << "Hid den9";
    }
    void postgresErrorsNeverQuoteThePassword() {
        QFETCH(QString, text);
        QFETCH(QString, secret);
        try {
            PostgresUri::parse(text);
            QFAIL("accepted an invalid connection string");
        } catch (const UriError& e) {
            QVERIFY2(!e.message().contains(secret), qPrintable(e.message()));
            QVERIFY2(!e.message().isEmpty(), "libpq's message must be passed on");
        }
    }

    void endpointsPrecedence() {
        QTemporaryDir named, fromEnv;
        auto write = [](const QString& dir, const QString& tag) {
            SandboxInfo i;
            i.dir = dir;
            i.redisUri = QStringLiteral("redis://%1:1").arg(tag);
            i.zookeeperUri = QStringLiteral("zookeeper://%1:2").arg(tag);
            i.postgresUri = QStringLiteral("postgresql://%1:3/db").arg(tag);
            i.save();
        };
        write(named.path(), QStringLiteral("named"));
        write(fromEnv.path(), QStringLiteral("envsandbox"));
        qunsetenv("LOCKSCOPE_REDIS");
        qunsetenv("LOCKSCOPE_ZOOKEEPER");
        qunsetenv("LOCKSCOPE_POSTGRES");
        qunsetenv("LOCKSCOPE_SANDBOX_DIR");
        QCOMPARE(Endpoints::resolve({}, {}, {}, {}).redis,
                 QStringLiteral("redis://127.0.0.1:6379"));
        qputenv("LOCKSCOPE_SANDBOX_DIR", fromEnv.path().toUtf8());
        QCOMPARE(Endpoints::resolve({}, {}, {}, {}).zookeeper,
                 QStringLiteral("zookeeper://envsandbox:2"));
        qputenv("LOCKSCOPE_REDIS", "redis://env:9");
        Endpoints e = Endpoints::resolve({}, {}, {}, {});
        QCOMPARE(e.redis, QStringLiteral("redis://env:9")); // environment before its sandbox
        QCOMPARE(e.postgres, QStringLiteral("postgresql://envsandbox:3/db"));
        e = Endpoints::resolve({}, {}, {}, named.path());
        QCOMPARE(e.redis,
                 QStringLiteral("redis://named:1")); // a named sandbox before the environment
        e = Endpoints::resolve(QStringLiteral("redis://explicit:5"), {}, {}, named.path());
        QCOMPARE(e.redis,
                 QStringLiteral("redis://explicit:5")); // an explicit URI before everything
        QCOMPARE(e.zookeeper, QStringLiteral("zookeeper://named:2"));
        QTemporaryDir empty;
        QVERIFY_THROWS_EXCEPTION(SandboxError, Endpoints::resolve({}, {}, {}, empty.path()));
        qunsetenv("LOCKSCOPE_REDIS");
        qunsetenv("LOCKSCOPE_SANDBOX_DIR");
    }
};

QTEST_GUILESS_MAIN(TestUri)
#include "tst_uri.moc"
