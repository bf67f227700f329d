#include "connectors/postgresuri.h"
#include "connectors/redisslot.h"
#include "connectors/redisuri.h"
#include "connectors/transport/sshtunnel.h"
#include "connectors/urierror.h"
#include "connectors/zookeeperuri.h"
#include "core/endpoints.h"
#include "core/monitor/displaytext.h"
#include "core/namespaceconfig.h"
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

    /// TLS options (issue 13): redis-py's names and aliases, defaults verify, round trip.
    void tlsOptionsRoundTrip() {
        const RedisUri r = RedisUri::parse(
            QStringLiteral("rediss-sentinel://u:p%40ss@s1:26379,s2/2?ssl_ca_certs=/etc/ca%20x.pem&"
                           "ssl_certfile=/c.pem&ssl_keyfile=/c.key&ssl_check_hostname=false#shop"));
        QVERIFY(r.tls.enabled);
        QCOMPARE(r.topology, RedisTopology::Sentinel);
        QCOMPARE(r.primaryName, QStringLiteral("shop"));
        QCOMPARE(r.tls.caFile, QStringLiteral("/etc/ca x.pem"));
        QCOMPARE(r.tls.certFile, QStringLiteral("/c.pem"));
        QVERIFY(r.tls.verifyPeer);
        QVERIFY(!r.tls.verifyHost);
        QVERIFY(r.tls.insecure());
        const RedisUri back = RedisUri::parse(r.toString(true));
        QVERIFY(back.tls == r.tls);
        QCOMPARE(back.password, QStringLiteral("p@ss"));
        QCOMPARE(back.single(back.nodes.first()).tls, r.tls); // every node over TLS
        QVERIFY(!RedisUri::parse(QStringLiteral("rediss://h")).tls.insecure());
        QVERIFY(!RedisUri::parse(QStringLiteral("redis://h")).tls.enabled);

        const ZooKeeperUri z = ZooKeeperUri::parse(QStringLiteral(
            "zookeeper+tls://a:b@z1:2281,z2:2281/app?ssl_ca=/ca.pem&ssl_cert_reqs=none"));
        QVERIFY(z.tls.enabled && !z.tls.verifyPeer);
        QCOMPARE(z.chroot, QStringLiteral("/app"));
        QCOMPARE(z.hosts.size(), 2);
        QVERIFY(ZooKeeperUri::parse(z.toString(true)).tls == z.tls);
        QVERIFY_THROWS_EXCEPTION(UriError,
                                 ZooKeeperUri::parse(QStringLiteral("zookeeper://z1?ssl_ca=/x")));

        const SshTunnel t =
            SshTunnel::parse(QStringLiteral("ssh://ops@bastion:2222?identity=/k&known_hosts=/kh"));
        QCOMPARE(t.describe(), QStringLiteral("ops@bastion:2222"));
        QVERIFY(SshTunnel::parse(t.toString()) == t);
        QCOMPARE(SshTunnel::parse(QStringLiteral("ssh://ops@bastion")).port, 22);
        QVERIFY_THROWS_EXCEPTION(UriError,
                                 SshTunnel::parse(QStringLiteral("ssh://ops:pw@bastion")));
        QVERIFY_THROWS_EXCEPTION(UriError, SshTunnel::parse(QStringLiteral("ssh://bastion")));
        QVERIFY_THROWS_EXCEPTION(UriError,
                                 SshTunnel::parse(QStringLiteral("ssh://o@b?password=x")));
    }

    void redisInvalid_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("part");
        QTest::newRow("wrong scheme") << "redis+tls://h"
                                      << "scheme";
        QTest::newRow("tls option, plain scheme") << "redis://h?ssl_ca=/ca.pem"
                                                  << "query";
        QTest::newRow("tls cert without key") << "rediss://h?ssl_cert=/c.pem"
                                              << "query";
        QTest::newRow("tls unknown option") << "rediss://h?ssl_ciphers=x"
                                            << "query";
        QTest::newRow("tls bad cert_reqs") << "rediss://h?ssl_cert_reqs=maybe"
                                           << "query";
        QTest::newRow("tls item without =") << "rediss://h?ssl_ca"
                                            << "query";
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
        QTest::newRow("cluster db") << "redis-cluster://h1:7000,h2:7001/3"
                                    << "db";
        QTest::newRow("cluster empty node") << "redis-cluster://h1:7000,,h2"
                                            << "host";
        QTest::newRow("cluster bad port") << "redis-cluster://h1:7000,h2:x"
                                          << "port";
        QTest::newRow("sentinel without primary") << "redis-sentinel://s1:26379"
                                                  << "primary";
        QTest::newRow("sentinel empty primary") << "redis-sentinel://s1:26379#"
                                                << "primary";
        QTest::newRow("primary on a single server") << "redis://h:6379#mymaster"
                                                    << "primary";
        QTest::newRow("unknown scheme") << "rediss-ring://h"
                                        << "scheme";
        QTest::newRow("two ports") << "redis-cluster://127.0.0.1:50163:99"
                                   << "host";
        QTest::newRow("two ports single") << "redis://127.0.0.1:6379:1"
                                          << "host";
        QTest::newRow("second # in primary") << "redis-sentinel://s1:26379#lockscope#x"
                                             << "primary";
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

    // The message says what is wrong where it is, not what a neighbour became.
    void redisInvalidSaysWhere() {
        const auto message = [](const QString& text) {
            try {
                RedisUri::parse(text);
            } catch (const UriError& e) {
                return e.message();
            }
            return QString();
        };
        QVERIFY2(message(QStringLiteral("redis-sentinel://s1:33407#lockscope#x"))
                     .contains(QStringLiteral("'lockscope#x' contains '#'")),
                 qPrintable(message(QStringLiteral("redis-sentinel://s1:33407#lockscope#x"))));
        QVERIFY(message(QStringLiteral("redis-cluster://127.0.0.1:50163:99"))
                    .contains(QStringLiteral("more than one ':'")));
        // A '#' written as %23 is a name's own character.
        QCOMPARE(RedisUri::parse(QStringLiteral("redis-sentinel://s1#a%23b")).primaryName,
                 QStringLiteral("a#b"));
    }

    // Redlock's list: independent servers, at least 3, and an empty entry named as such.
    void redlockList_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("says"); // empty: accepted
        const QString a = QStringLiteral("redis://127.0.0.1:32805");
        const QString b = QStringLiteral("redis://127.0.0.1:32806");
        const QString c = QStringLiteral("redis://127.0.0.1:32807");
        QTest::newRow("three") << a + u',' + b + u',' + c << QString();
        QTest::newRow("same server thrice")
            << a + u',' + a + u',' + a << QStringLiteral("URI 2 names the server of URI 1 again");
        QTest::newRow("one twice")
            << a + u',' + b + u',' + b << QStringLiteral("URI 3 names the server of URI 2 again");
        QTest::newRow("three dbs of one server")
            << a + QStringLiteral("/0,") + a + QStringLiteral("/1,") + a + QStringLiteral("/2")
            << QStringLiteral("URI 2 names the server of URI 1 again");
        QTest::newRow("localhost case") << QStringLiteral("redis://H:1,redis://h:1,redis://h:2")
                                        << QStringLiteral("URI 2 names the server of URI 1");
        QTest::newRow("two") << a + u',' + b << QStringLiteral("Redlock needs at least 3");
        QTest::newRow("empty entry")
            << a + QStringLiteral(",,") + b + u',' + c << QStringLiteral("URI 2 is empty");
        QTest::newRow("trailing comma")
            << a + u',' + b + u',' + c + u',' << QStringLiteral("URI 4 is empty");
        QTest::newRow("leading comma")
            << u',' + a + u',' + b + u',' + c << QStringLiteral("URI 1 is empty");
    }
    void redlockList() {
        QFETCH(QString, text);
        QFETCH(QString, says);
        try {
            const QList<RedisUri> list = RedisUri::parseList(text);
            QVERIFY2(says.isEmpty(), "accepted");
            QCOMPARE(list.size(), 3);
        } catch (const UriError& e) {
            QVERIFY2(!says.isEmpty() && e.message().contains(says), qPrintable(e.message()));
            QVERIFY(!e.message().contains(QStringLiteral("is not a number")));
        }
    }

    void redisPasswordMasked() {
        const RedisUri u = RedisUri::parse(QStringLiteral("redis://ops:topsecret@h"));
        QVERIFY(!u.toString().contains(QStringLiteral("topsecret")));
        QVERIFY(u.toString().contains(QStringLiteral("***")));
    }

    void redisTopologies() {
        const RedisUri c =
            RedisUri::parse(QStringLiteral("redis-cluster://ops:p%40w@h1:7000,h2,[::1]:7002"));
        QCOMPARE(c.topology, RedisTopology::Cluster);
        QCOMPARE(c.nodes.size(), 3);
        QCOMPARE(c.nodes[1].port, 6379);
        QCOMPARE(c.nodes[2].host, QStringLiteral("::1"));
        QCOMPARE(c.password, QStringLiteral("p@w"));
        QCOMPARE(c.host, QStringLiteral("h1"));
        QCOMPARE(c.toString(),
                 QStringLiteral("redis-cluster://ops:***@h1:7000,h2:6379,[::1]:7002/0"));
        QCOMPARE(RedisUri::parse(c.toString(true)).toString(true), c.toString(true));
        const RedisUri one = c.single(c.nodes[2]);
        QCOMPARE(one.topology, RedisTopology::Single);
        QCOMPARE(one.toString(true), QStringLiteral("redis://ops:p%40w@[::1]:7002/0"));

        const RedisUri s =
            RedisUri::parse(QStringLiteral("redis-sentinel://:pw@s1,s2:26380/2#shop%20main"));
        QCOMPARE(s.topology, RedisTopology::Sentinel);
        QCOMPARE(s.nodes.size(), 2);
        QCOMPARE(s.nodes[0].port, 26379);
        QCOMPARE(s.db, 2);
        QCOMPARE(s.primaryName, QStringLiteral("shop main"));
        QCOMPARE(RedisUri::parse(s.toString(true)).primaryName, s.primaryName);
        QVERIFY(!s.toString().contains(QStringLiteral("pw")));
        QCOMPARE(RedisUri::parse(QStringLiteral("redis://h")).topology, RedisTopology::Single);
    }

    void redisClusterSlots() {
        // The reference values of the Cluster specification.
        QCOMPARE(RedisSlot::crc16("123456789"), 0x31C3u);
        QCOMPARE(RedisSlot::of("foo"), 12182);
        QCOMPARE(RedisSlot::of("{user1000}.following"), RedisSlot::of("{user1000}.followers"));
        QCOMPARE(RedisSlot::of("{user1000}.following"), RedisSlot::of("user1000"));
        // An empty tag is no tag; only the first '{' counts.
        QCOMPARE(RedisSlot::of("foo{}{bar}"), int(RedisSlot::crc16("foo{}{bar}") % 16384));
        QCOMPARE(RedisSlot::of("foo{{bar}}zap"), RedisSlot::of("{bar"));
        // A lock's keys share one slot, and so do an item's stock and fence.
        QCOMPARE(RedisSlot::of("lockscope:lock:{item:7}"),
                 RedisSlot::of("lockscope:fence:{item:7}"));
        QCOMPARE(RedisSlot::of("item:{7}:stock"), RedisSlot::of("item:{7}:fence"));
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
        // Issue 11 item 10: ZooKeeper refuses these paths; a bad argument, not a server error.
        QTest::newRow("chroot dot-dot") << "zookeeper://h/../x"
                                        << "chroot";
        QTest::newRow("chroot dot") << "zookeeper://h/a/./b"
                                    << "chroot";
        QTest::newRow("chroot control char") << "zookeeper://h/a\x01/b"
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
        // "://" inside a value is no scheme (issue 13, fuzz_postgresuri), and round-trips.
        const PostgresUri d =
            PostgresUri::parse(QStringLiteral("host=h password='a://b' application_name=x://y"));
        QCOMPARE(d.value(QStringLiteral("password")), QStringLiteral("a://b"));
        QCOMPARE(PostgresUri::parse(d.toConninfo(true)).params, d.params);
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
        // Sets nothing: libpq's defaults and the environment would decide (issue 13).
        QTest::newRow("sets nothing") << "postgresql://"
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

    /// Issue 11 item 9: one validator for the CLI's and the console's --ns: a plain identifier
    /// with nothing after it (not even a newline), never a reserved or system schema.
    void namespaceValidator_data() {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("default") << QByteArray("lockscope") << true;
        QTest::newRow("underscore") << QByteArray("_a1") << true;
        QTest::newRow("63 chars") << QByteArray(63, 'a') << true;
        QTest::newRow("64 chars") << QByteArray(64, 'a') << false;
        QTest::newRow("trailing newline") << QByteArray("abc\n") << false;
        QTest::newRow("newline inside") << QByteArray("ab\ncd") << false;
        QTest::newRow("NUL") << QByteArray("abc\0x", 5) << false;
        QTest::newRow("ESC") << QByteArray("a\x1b[2J") << false;
        QTest::newRow("upper case") << QByteArray("Abc") << false;
        QTest::newRow("digit first") << QByteArray("1abc") << false;
        QTest::newRow("empty") << QByteArray() << false;
        QTest::newRow("information_schema") << QByteArray("information_schema") << false;
        QTest::newRow("pg_catalog") << QByteArray("pg_catalog") << false;
        QTest::newRow("pg_toast") << QByteArray("pg_toast") << false;
        QTest::newRow("pg_anything") << QByteArray("pg_mine") << false;
        QTest::newRow("public") << QByteArray("public") << false;
        QTest::newRow("publics") << QByteArray("publics") << true;
    }
    void namespaceValidator() {
        QFETCH(QByteArray, name);
        QFETCH(bool, valid);
        const QString error = NamespaceConfig::nameError(name.toStdString());
        QCOMPARE(error.isEmpty(), valid);
        // The message quotes the name escaped: no control character reaches a terminal.
        for (const QChar c : error)
            QVERIFY2(c.unicode() >= 0x20 && c.unicode() != 0x7f, qPrintable(error));
        NamespaceConfig c;
        c.ns = name.toStdString();
        if (valid)
            c.requireValid();
        else
            QVERIFY_THROWS_EXCEPTION(std::invalid_argument, c.redisPrefix());
    }

    /// Issue 11 items 6/7: the one escaping function. escapeBytes is exact and reversible for
    /// every byte string; forTerminal leaves no control character and is bounded.
    void displayTextEscapesAndRoundTrips() {
        QByteArray all;
        for (int i = 0; i < 256; ++i)
            all.append(char(i));
        const QList<QByteArray> samples{all,
                                        QByteArray("\x1b]0;owned\x07\x1b[2Jkey", 15),
                                        QByteArray("a\0b", 3),
                                        QByteArray("row\nforged row"),
                                        QByteArray("back\\slash \\x41"),
                                        QByteArray("caf\xc3\xa9 \xe2\x80\xae rtl \xc3"),
                                        QByteArray(1 << 20, 'v')};
        for (const QByteArray& b : samples) {
            const QString text = DisplayText::escapeBytes(b);
            for (const QChar c : text)
                QVERIFY(!DisplayText::needsEscape(c.unicode()));
            const auto back = DisplayText::unescapeBytes(text);
            QVERIFY(back.has_value());
            QCOMPARE(*back, b);
        }
        QCOMPARE(DisplayText::escapeBytes("a\\b\x1b\n\xff"),
                 QStringLiteral("a\\\\b\\x1b\\x0a\\xff"));
        QCOMPARE(DisplayText::escapeBytes("\\xff"), QStringLiteral("\\\\xff"));
        QVERIFY(!DisplayText::unescapeBytes(QStringLiteral("a\\")).has_value());
        QVERIFY(!DisplayText::unescapeBytes(QStringLiteral("\\x4")).has_value());
        QVERIFY(!DisplayText::unescapeBytes(QStringLiteral("\\q")).has_value());
        // forTerminal: control characters escaped, U+202E (a bidi override) too, bounded.
        const QString hostile = QStringLiteral("\x1b]0;t\x07\n\r\t\u202e\u0085x");
        const QString shown = DisplayText::forTerminal(hostile);
        QCOMPARE(shown, QStringLiteral("\\x1b]0;t\\x07\\x0a\\x0d\\x09\\u{202e}\\x85x"));
        const QString longText(5000, u'k');
        const QString cut = DisplayText::forTerminal(longText, 100);
        QVERIFY(cut.size() < 130);
        QVERIFY(cut.endsWith(QStringLiteral("[+4900 chars]")));
        const QString bytesCut = DisplayText::bytesForTerminal(QByteArray(1 << 20, '\x1b'), 100);
        QVERIFY(bytesCut.size() < 140);
        QVERIFY(bytesCut.contains(QStringLiteral("1048576 bytes")));
        QVERIFY(!bytesCut.contains(QChar(0x1b)));
    }
};

QTEST_GUILESS_MAIN(TestUri)
#include "tst_uri.moc"
