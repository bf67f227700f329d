#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"
#include "connectors/postgresuri.h"
#include "connectors/redisclient.h"
#include "connectors/redisuri.h"
#include "connectors/transport/relaylistener.h"
#include "connectors/transport/sshtunnel.h"
#include "connectors/zkfourletter.h"
#include "connectors/zksession.h"
#include "connectors/zookeeperuri.h"
#include "core/sandbox/sandbox.h"
#include "core/sandbox/sandboxcertificates.h"
#include "core/sandbox/serverprocess.h"
#include "tests/support/testenv.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <pqxx/pqxx>
#include <sys/stat.h>
#include <unistd.h>

using namespace lockscope;
using namespace std::chrono_literals;
using Role = SandboxProcess::Role;

/// `sandbox up --secure` (issue 13): every backend through TLS only, and through the sandbox's
/// sshd as a bastion; a wrong CA, an expired certificate, a wrong host name and a wrong or
/// unknown host key are each refused with a message that says which. Real servers throughout,
/// in a sandbox of its own.
class TestSecure : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_dir;
    SandboxInfo m_info;

    QString tls(const QString& file) const { return m_info.tlsDir() + u'/' + file; }
    int redisPort() const { return m_info.process(Role::Redis, 0)->port; }
    int zkPort() const { return m_info.process(Role::ZooKeeper, 0)->port; }

    /// The sandbox's rediss:// URI with other query options.
    RedisUri redisWith(const QString& query) const {
        return RedisUri::parse(
            QStringLiteral("rediss://127.0.0.1:%1/0?%2").arg(redisPort()).arg(query));
    }
    QString clientCert() const {
        return QStringLiteral("ssl_cert=%1&ssl_key=%2").arg(tls("client.pem"), tls("client.key"));
    }

    /// Runs body; a ConnectorError it throws is returned (none: the default-constructed kind
    /// InvalidArgument with an empty message, which no test expects).
    template <class F> static std::optional<ConnectorError> failureOf(F&& body) {
        try {
            body();
        } catch (const ConnectorError& e) {
            return e;
        }
        return std::nullopt;
    }

    /// pg_stat_ssl says this session is encrypted.
    static bool overTls(PgConnection& pg) {
        return pg.run("ssl", [](pqxx::connection& c) {
            pqxx::work tx(c);
            return tx.exec1("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")[0]
                .as<bool>();
        });
    }

    template <class F> static void guarded(F&& body) {
        try {
            body();
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
    }

    static QString sshKeygenPublic(const QString& path) {
        QProcess p;
        p.start(QStringLiteral("ssh-keygen"),
                {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                 QStringLiteral("-N"), QString(), QStringLiteral("-f"), path});
        p.waitForFinished(30000);
        QFile f(path + QStringLiteral(".pub"));
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(f.readAll()).section(u' ', 0, 1);
    }

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        QFile::setPermissions(m_tmp.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                QFileDevice::ExeOwner | QFileDevice::ExeGroup |
                                                QFileDevice::ExeOther);
        m_dir = m_tmp.filePath(QStringLiteral("sb"));
        QByteArray out, err;
        const int rc =
            test::runCli({QStringLiteral("sandbox"), QStringLiteral("up"), QStringLiteral("--dir"),
                          m_dir, QStringLiteral("--detach"), QStringLiteral("--secure")},
                         &out, &err);
        QVERIFY2(rc == 0, err.constData());
        guarded([&] { m_info = SandboxInfo::load(m_dir); });
        QVERIFY(m_info.secure);
        QVERIFY2(m_info.redisUri.startsWith(QStringLiteral("rediss://")),
                 qPrintable(m_info.redisUri));
        QVERIFY(m_info.zookeeperUri.startsWith(QStringLiteral("zookeeper+tls://")));
        QVERIFY(m_info.postgresUri.contains(QStringLiteral("sslmode=verify-full")));
        QVERIFY(m_info.sshUri.startsWith(QStringLiteral("ssh://")));
        for (const QString& r : m_info.redlockUris)
            QVERIFY2(r.startsWith(QStringLiteral("rediss://")), qPrintable(r));
        QVERIFY(m_info.process(Role::Sshd, 0));
    }

    void cleanupTestCase() {
        SshTunnel::setCurrent(std::nullopt);
        if (QFile::exists(SandboxInfo::stackFile(m_dir)))
            Sandbox::down(m_dir);
    }

    void cleanup() { SshTunnel::setCurrent(std::nullopt); }

    /// Private keys are the owner's alone; certificates may be read by anyone.
    void privateKeysAre0600() {
        for (const char* key :
             {"ca.key", "server.key", "client.key", "expired.key", "server-keystore.pem"}) {
            struct stat st {};
            QCOMPARE(::stat(QFile::encodeName(tls(QLatin1String(key))).constData(), &st), 0);
            QCOMPARE(st.st_mode & 0777, 0600u);
        }
        struct stat st {};
        QCOMPARE(
            ::stat(QFile::encodeName(m_info.dir + QStringLiteral("/ssh/client_key")).constData(),
                   &st),
            0);
        QCOMPARE(st.st_mode & 0077, 0u);
    }

    /// Each server speaks TLS and nothing else: LockScope's clients get through, a plain client
    /// on the same port does not.
    void everyBackendOverTls() {
        guarded([&] {
            RedisClient redis(RedisUri::parse(m_info.redisUri));
            QCOMPARE(redis.command({"PING"}).str, std::string("PONG"));
            redis.commandChecked({"SET", "tst_secure:k", "v"});
            QCOMPARE(redis.command({"GET", "tst_secure:k"}).str, std::string("v"));

            ZkSession zk(ZooKeeperUri::parse(m_info.zookeeperUri));
            QCOMPARE(zk.state(), ZkSession::State::Connected);
            QVERIFY(zk.exists("/zookeeper").has_value());
            // The relay is mapped back: the member the session is on is the real server.
            QCOMPARE(zk.connectedPort(), zkPort());
            const ZooKeeperUri zkUri = ZooKeeperUri::parse(m_info.zookeeperUri);
            QCOMPARE(ZkFourLetter::ask("127.0.0.1", zkPort(), "ruok", 3000ms, zkUri.tls),
                     std::string("imok"));

            PgConnection pg(PostgresUri::parse(m_info.postgresUri));
            QVERIFY(overTls(pg));
        });
        // Plain Redis on the TLS port: the server drops it.
        RedisUri plain;
        plain.port = redisPort();
        const auto e = failureOf([&] {
            RedisClient c(plain, RedisClient::Options{2000ms, 2000ms});
            c.commandChecked({"PING"});
        });
        QVERIFY(e.has_value());
        // PostgreSQL refuses a connection without TLS (hostssl only).
        PostgresUri noSsl = PostgresUri::parse(m_info.postgresUri);
        noSsl.params.insert(QStringLiteral("sslmode"), QStringLiteral("disable"));
        const auto pe = failureOf([&] { PgConnection c(noSsl); });
        QVERIFY(pe.has_value());
        QVERIFY2(pe->detail().contains(QStringLiteral("no encryption")) ||
                     pe->detail().contains(QStringLiteral("pg_hba.conf")),
                 qPrintable(pe->message()));
    }

    /// The CLI's demo, all three lock kinds end to end over TLS: no oversell.
    void demoOverTls() {
        for (const char* strategy : {"redis", "redlock", "zookeeper", "pg-row", "lease"}) {
            QByteArray out, err;
            const int rc = test::runCli(
                {QStringLiteral("demo"), QStringLiteral("--sandbox"), m_dir,
                 QStringLiteral("--strategy"), QLatin1String(strategy), QStringLiteral("--buyers"),
                 QStringLiteral("4"), QStringLiteral("--stock"), QStringLiteral("6"),
                 QStringLiteral("--pay-ms"), QStringLiteral("5"), QStringLiteral("--json")},
                &out, &err);
            QVERIFY2(rc == 0, err.constData());
            const QJsonObject o = QJsonDocument::fromJson(out).object();
            QCOMPARE(o.value(QStringLiteral("strategy")).toString(), QLatin1String(strategy));
            QCOMPARE(o.value(QStringLiteral("oversold")).toInt(-1), 0);
            QCOMPARE(o.value(QStringLiteral("final_stock")).toInt(-1), 0);
            QCOMPARE(o.value(QStringLiteral("infra_errors")).toInt(-1), 0);
            QVERIFY(o.value(QStringLiteral("invariants_ok")).toBool());
        }
        QByteArray out, err;
        QCOMPARE(test::runCli({QStringLiteral("locks"), QStringLiteral("list"),
                               QStringLiteral("--sandbox"), m_dir, QStringLiteral("--json")},
                              &out, &err),
                 0);
        QVERIFY2(QJsonDocument::fromJson(out).isObject() || QJsonDocument::fromJson(out).isArray(),
                 out.constData());
    }

    /// The loopback relay under the ZooKeeper client lends our client certificate to our own
    /// processes only: another user's connection is closed unserved.
    void relayServesOnlyOurUser() {
        const ZooKeeperUri zk = ZooKeeperUri::parse(m_info.zookeeperUri);
        RelayListener relay(Backend::ZooKeeper, zk.hosts.first(), zk.tls, std::nullopt, 3000ms);
        const int port = relay.localEndpoint().port;
        // Ours: the relay does TLS with the client certificate, the server answers.
        guarded([&] {
            QCOMPARE(ZkFourLetter::ask("127.0.0.1", port, "ruok", 3000ms), std::string("imok"));
        });
        if (::geteuid() != 0)
            QSKIP("another user's process needs root to start (runuser)");
        QProcess other;
        other.start(QStringLiteral("runuser"),
                    {QStringLiteral("-u"), QStringLiteral("nobody"), QStringLiteral("--"),
                     QStringLiteral("bash"), QStringLiteral("-c"),
                     QStringLiteral("exec 3<>/dev/tcp/127.0.0.1/%1; printf ruok >&3; "
                                    "timeout 5 cat <&3")
                         .arg(port)});
        QVERIFY(other.waitForFinished(15000));
        QCOMPARE(other.readAllStandardOutput(), QByteArray());
        QCOMPARE(relay.refusedPeers(), 1);
    }

    /// A CA that did not sign the server's certificate: refused, and the message says so.
    void wrongCaIsRefused() {
        const auto e = failureOf([&] {
            RedisClient c(
                redisWith(QStringLiteral("ssl_ca=%1&").arg(tls("other-ca.pem")) + clientCert()));
        });
        QVERIFY(e.has_value());
        QCOMPARE(e->kind(), ConnectorError::Kind::Tls);
        QVERIFY2(e->message().contains(QStringLiteral("certificate refused")) &&
                     e->message().contains(QStringLiteral("not signed by the CA in")),
                 qPrintable(e->message()));
        // ZooKeeper, through its relay: the same reason, not "no session".
        ZooKeeperUri zk = ZooKeeperUri::parse(m_info.zookeeperUri);
        zk.tls.caFile = tls("other-ca.pem");
        ZkSession::Options zo;
        zo.connectTimeout = 3000ms;
        const auto ze = failureOf([&] { ZkSession s(zk, zo); });
        QVERIFY(ze.has_value());
        QCOMPARE(ze->kind(), ConnectorError::Kind::Tls);
        QVERIFY2(ze->message().contains(QStringLiteral("not signed by the CA in")),
                 qPrintable(ze->message()));
        // PostgreSQL (libpq's own TLS).
        PostgresUri pg = PostgresUri::parse(m_info.postgresUri);
        pg.params.insert(QStringLiteral("sslrootcert"), tls("other-ca.pem"));
        const auto pe = failureOf([&] { PgConnection c(pg); });
        QVERIFY(pe.has_value());
        QVERIFY2(pe->message().contains(QStringLiteral("certificate verify failed")),
                 qPrintable(pe->message()));
    }

    /// The certificate is for 127.0.0.1 and localhost; asked to be db.example.com it is refused.
    void hostNameMismatchIsRefused() {
        const auto e = failureOf([&] {
            RedisClient c(redisWith(
                QStringLiteral("ssl_ca=%1&ssl_server_name=db.example.com&").arg(tls("ca.pem")) +
                clientCert()));
        });
        QVERIFY(e.has_value());
        QCOMPARE(e->kind(), ConnectorError::Kind::Tls);
        QVERIFY2(e->message().contains(QStringLiteral("host name mismatch")),
                 qPrintable(e->message()));
        // localhost is in the certificate: accepted.
        guarded([&] {
            RedisClient c(RedisUri::parse(QStringLiteral("rediss://localhost:%1/0?ssl_ca=%2&")
                                              .arg(redisPort())
                                              .arg(tls("ca.pem")) +
                                          clientCert()));
            QCOMPARE(c.command({"PING"}).str, std::string("PONG"));
        });
    }

    /// Verification off takes an explicit option; then the wrong CA connects, and the URI says
    /// it is insecure (the console warns).
    void verificationOffIsExplicit() {
        const RedisUri uri =
            redisWith(QStringLiteral("ssl_ca=%1&ssl_cert_reqs=none&").arg(tls("other-ca.pem")) +
                      clientCert());
        QVERIFY(uri.tls.insecure());
        QVERIFY(!RedisUri::parse(m_info.redisUri).tls.insecure());
        QVERIFY(RedisUri::parse(uri.toString(true)).tls == uri.tls);
        guarded([&] {
            RedisClient c(uri);
            QCOMPARE(c.command({"PING"}).str, std::string("PONG"));
        });
    }

    /// A server showing an expired certificate (signed by the right CA): refused as expired.
    void expiredCertificateIsRefused() {
        const int port = ServerProcess::freeLoopbackPort();
        QProcess server;
        server.start(QStringLiteral("redis-server"),
                     {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--tls-port"),
                      QString::number(port), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                      QStringLiteral("--tls-cert-file"), tls("expired.pem"),
                      QStringLiteral("--tls-key-file"), tls("expired.key"),
                      QStringLiteral("--tls-ca-cert-file"), tls("ca.pem"), QStringLiteral("--save"),
                      QString(), QStringLiteral("--appendonly"), QStringLiteral("no"),
                      QStringLiteral("--dir"), m_tmp.path()});
        QVERIFY(server.waitForStarted());
        const auto stop = qScopeGuard([&] {
            server.terminate();
            server.waitForFinished(5000);
        });
        QTRY_VERIFY_WITH_TIMEOUT(ServerProcess::isListening(port), 10000);
        const auto e = failureOf([&] {
            RedisClient c(RedisUri::parse(
                QStringLiteral("rediss://127.0.0.1:%1/0?ssl_ca=%2&").arg(port).arg(tls("ca.pem")) +
                clientCert()));
        });
        QVERIFY(e.has_value());
        QCOMPARE(e->kind(), ConnectorError::Kind::Tls);
        QVERIFY2(e->message().contains(QStringLiteral("expired")), qPrintable(e->message()));
    }

    /// Every backend through the sandbox's sshd as a bastion (TLS inside the tunnel).
    void everyBackendThroughTheTunnel() {
        guarded([&] {
            SshTunnel::setCurrent(SshTunnel::parse(m_info.sshUri));
            RedisClient redis(RedisUri::parse(m_info.redisUri));
            QCOMPARE(redis.command({"PING"}).str, std::string("PONG"));
            ZkSession zk(ZooKeeperUri::parse(m_info.zookeeperUri));
            QVERIFY(zk.exists("/zookeeper").has_value());
            QCOMPARE(zk.connectedPort(), zkPort());
            PgConnection pg(PostgresUri::parse(m_info.postgresUri));
            // The server sees the connection come from the sshd, over TLS.
            QVERIFY(overTls(pg));
        });
        // The CLI's --ssh: a whole command through the tunnel.
        QByteArray out, err;
        QCOMPARE(test::runCli({QStringLiteral("locks"), QStringLiteral("list"),
                               QStringLiteral("--sandbox"), m_dir, QStringLiteral("--ssh"),
                               m_info.sshUri, QStringLiteral("--json")},
                              &out, &err),
                 0);
    }

    /// A host key that is not the one known_hosts has: refused as changed; an empty known_hosts:
    /// refused as unknown, with the fingerprint to check.
    void wrongHostKeyIsRefused() {
        SshTunnel tunnel = SshTunnel::parse(m_info.sshUri);
        const QString other = sshKeygenPublic(m_tmp.filePath(QStringLiteral("other_host_key")));
        QVERIFY(!other.isEmpty());
        const QString wrong = m_tmp.filePath(QStringLiteral("known_hosts_wrong"));
        {
            QFile f(wrong);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QStringLiteral("[127.0.0.1]:%1 %2\n").arg(tunnel.port).arg(other).toUtf8());
        }
        tunnel.knownHostsFile = wrong;
        SshTunnel::setCurrent(tunnel);
        auto e = failureOf([&] { RedisClient c(RedisUri::parse(m_info.redisUri)); });
        QVERIFY(e.has_value());
        QCOMPARE(e->kind(), ConnectorError::Kind::Ssh);
        QVERIFY2(e->message().contains(QStringLiteral("CHANGED")), qPrintable(e->message()));

        const QString empty = m_tmp.filePath(QStringLiteral("known_hosts_empty"));
        QFile(empty).open(QIODevice::WriteOnly);
        tunnel.knownHostsFile = empty;
        SshTunnel::setCurrent(tunnel);
        e = failureOf([&] { PgConnection c(PostgresUri::parse(m_info.postgresUri)); });
        QVERIFY(e.has_value());
        QCOMPARE(e->kind(), ConnectorError::Kind::Ssh);
        QVERIFY2(e->message().contains(QStringLiteral("not in known_hosts")) &&
                     e->message().contains(QStringLiteral("SHA256:")),
                 qPrintable(e->message()));
        ZkSession::Options zo;
        zo.connectTimeout = 3000ms;
        e = failureOf([&] { ZkSession s(ZooKeeperUri::parse(m_info.zookeeperUri), zo); });
        QVERIFY(e.has_value());
        QCOMPARE(e->kind(), ConnectorError::Kind::Ssh);
    }
};

QTEST_GUILESS_MAIN(TestSecure)
#include "tst_secure.moc"
