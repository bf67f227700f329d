#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"
#include "connectors/postgresuri.h"
#include "connectors/redisclient.h"
#include "connectors/redisuri.h"
#include "connectors/zookeeperuri.h"
#include "core/fault/proxycontrol.h"
#include "core/locks/lockstrategy.h"
#include "core/namespaceconfig.h"
#include "core/sandbox/sandbox.h"
#include "core/sandbox/sandboxproxies.h"
#include "core/sandbox/serverlaunch.h"
#include "core/sandbox/serverprocess.h"
#include "tests/support/testenv.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QScopeGuard>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace lockscope;
using namespace std::chrono_literals;
using Role = SandboxProcess::Role;

/// `sandbox up --proxies` (issue 12): a fault proxy process in front of each server of a
/// sandbox of its own, switched with `sandbox fault`, as an operator would, to cut LockScope
/// itself (`locks list`, `locks watch`) off a server. Real servers throughout.
class TestSandboxProxy : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_dir;
    SandboxInfo m_info;

    /// A directory the `postgres` user can traverse (mktemp-style dirs are 0700).
    static QString sandboxDirIn(const QTemporaryDir& tmp) {
        QFile::setPermissions(tmp.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                              QFileDevice::ExeOwner | QFileDevice::ExeGroup |
                                              QFileDevice::ExeOther);
        return tmp.filePath(QStringLiteral("sb"));
    }

    /// The servers through the proxies (proxied) or directly, in a namespace of its own.
    NamespaceConfig ns(const QString& prefix, bool proxied) const {
        NamespaceConfig c;
        c.redis = RedisUri::parse(proxied ? m_info.proxiedRedisUri : m_info.redisUri);
        c.zookeeper =
            ZooKeeperUri::parse(proxied ? m_info.proxiedZookeeperUri : m_info.zookeeperUri);
        c.postgres = PostgresUri::parse(proxied ? m_info.proxiedPostgresUri : m_info.postgresUri);
        c.ns = test::uniqueName(prefix).toLower().toStdString();
        return c;
    }

    /// `--redis/--zookeeper/--postgres` through the proxies, and --ns.
    QStringList proxiedArgs(const NamespaceConfig& c) const {
        return {QStringLiteral("--redis"),     m_info.proxiedRedisUri,
                QStringLiteral("--zookeeper"), m_info.proxiedZookeeperUri,
                QStringLiteral("--postgres"),  m_info.proxiedPostgresUri,
                QStringLiteral("--ns"),        QString::fromStdString(c.ns)};
    }

    /// `sandbox fault --json` on this sandbox; the proxies' results.
    QJsonArray fault(const QString& server, const QString& mode, const QStringList& extra = {}) {
        QByteArray out, err;
        const int rc = test::runCli(
            QStringList{QStringLiteral("sandbox"), QStringLiteral("fault"), QStringLiteral("--dir"),
                        m_dir, QStringLiteral("--server"), server, QStringLiteral("--mode"), mode,
                        QStringLiteral("--json")} +
                extra,
            &out, &err);
        if (rc != 0)
            qWarning("sandbox fault: exit %d: %s", rc, err.constData());
        const QJsonObject o = QJsonDocument::fromJson(out).object();
        if (o.value(QStringLiteral("server")).toString() != server)
            return {};
        return rc == 0 ? o.value(QStringLiteral("proxies")).toArray() : QJsonArray();
    }

    const SandboxProcess* proxyFor(Role server) const {
        for (const SandboxProcess& p : m_info.processes)
            if (p.role == Role::Proxy && p.target == server)
                return &p;
        return nullptr;
    }

    /// Runs a test's body; an exception (a server or proxy that failed) fails the test instead
    /// of escaping it (which would end the whole run).
    template <class F> static void guarded(F&& body) {
        try {
            body();
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
    }

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_dir = sandboxDirIn(m_tmp);
        QByteArray out, err;
        QElapsedTimer t;
        t.start();
        const int rc =
            test::runCli({QStringLiteral("sandbox"), QStringLiteral("up"), QStringLiteral("--dir"),
                          m_dir, QStringLiteral("--detach"), QStringLiteral("--proxies")},
                         &out, &err);
        QVERIFY2(rc == 0, err.constData());
        guarded([&] { m_info = SandboxInfo::load(m_dir); });
        QVERIFY(!m_info.processesOf(Role::Proxy).isEmpty());
        qInfo("sandbox up --proxies: %lld ms (startup_ms %lld)", qint64(t.elapsed()),
              m_info.startupMs);
        // The printed record masks the password of the proxied PostgreSQL URI too.
        const QJsonObject printed = QJsonDocument::fromJson(out).object();
        const QString pgPrinted = printed.value(QStringLiteral("proxied"))
                                      .toObject()
                                      .value(QStringLiteral("postgres"))
                                      .toString();
        QVERIFY2(pgPrinted.contains(QStringLiteral(":***@")), qPrintable(pgPrinted));
        QVERIFY(!out.contains(
            PostgresUri::parse(m_info.postgresUri).value(QStringLiteral("password")).toUtf8()));
    }

    void cleanupTestCase() {
        if (QFile::exists(SandboxInfo::stackFile(m_dir)))
            Sandbox::down(m_dir);
    }

    /// One proxy per server, each recorded with its pid, port and target; `proxied` points at
    /// their ports; each answers on its control socket (0600) in pass mode.
    void stackRecordsProxies() {
        guarded([&] {
            const QList<SandboxProcess> proxies = m_info.processesOf(Role::Proxy);
            QCOMPARE(proxies.size(), 3);
            QList<Role> targets;
            for (const SandboxProcess& p : proxies) {
                QVERIFY(p.target);
                targets << *p.target;
                const SandboxProcess* server = m_info.process(*p.target, p.targetIndex);
                QVERIFY(server);
                QCOMPARE(p.targetPort, server->port);
                QVERIFY(p.port != server->port);
                QVERIFY(
                    ServerProcess::isAlive(p.pid, ServerLaunch::marker(m_info.topology, p.role)));
                QVERIFY(ServerProcess::isListening(p.port));
                const QFileInfo control(SandboxProxies::controlPath(p));
                QVERIFY(control.exists());
                QCOMPARE(int(control.permissions() & 0x0077), 0); // nobody but the owner
                QCOMPARE(ServerLaunch::label(m_info.topology, p),
                         QStringLiteral("proxy ") + SandboxProcess::roleName(*p.target));
                const ProxyControl::Reply r = SandboxProxies::ask(p, ProxyControl::Request{});
                QCOMPARE(r.after.mode, FaultProxy::Mode::Pass);
                QCOMPARE(r.after.listenPort, p.port);
            }
            QCOMPARE(targets, (QList<Role>{Role::Redis, Role::ZooKeeper, Role::Postgres}));
            QCOMPARE(RedisUri::parse(m_info.proxiedRedisUri).port, proxyFor(Role::Redis)->port);
            QCOMPARE(ZooKeeperUri::parse(m_info.proxiedZookeeperUri).hosts.value(0).port,
                     proxyFor(Role::ZooKeeper)->port);
            const PostgresUri pg = PostgresUri::parse(m_info.proxiedPostgresUri);
            QCOMPARE(pg.value(QStringLiteral("port")).toInt(), proxyFor(Role::Postgres)->port);
            QCOMPARE(pg.value(QStringLiteral("password")),
                     PostgresUri::parse(m_info.postgresUri).value(QStringLiteral("password")));
        });
    }

    /// `sandbox status --json`: the proxies alive, answering, in pass mode, `proxied` masked.
    void statusShowsProxies() {
        guarded([&] {
            QByteArray out;
            QCOMPARE(test::runCli({QStringLiteral("sandbox"), QStringLiteral("status"),
                                   QStringLiteral("--dir"), m_dir, QStringLiteral("--json")},
                                  &out),
                     0);
            const QJsonObject st = QJsonDocument::fromJson(out).object();
            QVERIFY(st.value(QStringLiteral("running")).toBool());
            int proxies = 0;
            for (const QJsonValue& v : st.value(QStringLiteral("processes")).toArray()) {
                const QJsonObject p = v.toObject();
                if (p.value(QStringLiteral("role")).toString() != u"proxy")
                    continue;
                ++proxies;
                QVERIFY(p.value(QStringLiteral("alive")).toBool());
                QVERIFY(p.value(QStringLiteral("answering")).toBool());
                QCOMPARE(p.value(QStringLiteral("fault_mode")).toString(), QStringLiteral("pass"));
                QVERIFY(p.value(QStringLiteral("target"))
                            .toObject()
                            .value(QStringLiteral("port"))
                            .toInt() > 0);
            }
            QCOMPARE(proxies, 3);
            const QJsonObject proxied = st.value(QStringLiteral("proxied")).toObject();
            QCOMPARE(proxied.size(), 3);
            QVERIFY(proxied.value(QStringLiteral("postgres"))
                        .toString()
                        .contains(QStringLiteral(":***@")));
        });
    }

    /// Locks taken through the proxies are listed by `locks list --json` through the proxies,
    /// and the proxies carried the bytes.
    void locksListThroughProxies() {
        guarded([&] {
            const NamespaceConfig c = ns(QStringLiteral("pxlist"), true);
            QMap<QString, QString> resources{
                {QStringLiteral("redis"), QStringLiteral("px_redis")},
                {QStringLiteral("zookeeper"), QStringLiteral("px_zk")},
                {QStringLiteral("pg-advisory"), QStringLiteral("px_pg")}};
            std::vector<std::pair<std::unique_ptr<LockStrategy>, std::optional<LockHandle>>> held;
            for (auto it = resources.cbegin(); it != resources.cend(); ++it) {
                auto lock = LockStrategy::create(it.key(), c);
                auto h = lock->acquire(it.value().toStdString(), LockOptions{60s, 5s});
                QVERIFY2(h, qPrintable(it.key()));
                held.emplace_back(std::move(lock), std::move(h));
            }
            QByteArray out, err;
            QCOMPARE(test::runCli(QStringList{QStringLiteral("locks"), QStringLiteral("list"),
                                              QStringLiteral("--json")} +
                                      proxiedArgs(c),
                                  &out, &err),
                     0);
            QSet<QString> seen;
            for (const QJsonValue& v : QJsonDocument::fromJson(out).array()) {
                const QJsonObject e = v.toObject();
                for (const QString& r : resources)
                    if (e.value(QStringLiteral("logical_resource")).toString().contains(r) ||
                        e.value(QStringLiteral("resource")).toString().contains(r))
                        seen.insert(e.value(QStringLiteral("backend")).toString() + u'/' + r);
            }
            QVERIFY2(seen.contains(QStringLiteral("redis/px_redis")), out.constData());
            QVERIFY2(seen.contains(QStringLiteral("zookeeper/px_zk")), out.constData());
            QVERIFY2(seen.contains(QStringLiteral("postgres/px_pg")), out.constData());
            for (const SandboxProcess& p : m_info.processesOf(Role::Proxy)) {
                const FaultProxy::Stats s =
                    SandboxProxies::ask(p, ProxyControl::Request{}).after.stats;
                QVERIFY(s.accepted >= 2); // the lock's connection and the listing's
                QVERIFY(s.bytesToUpstream > 0 && s.bytesToClient > 0);
            }
            for (auto& [lock, h] : held)
                QCOMPARE(lock->release(*h), LockStrategy::ReleaseResult::Released);
        });
    }

    /// `sandbox fault --server redis --mode blackhole --for-ms 11000`: `locks watch --json`
    /// through the proxies reports Redis down within its deadline (8 s of silence + a refresh:
    /// under 15 s), its lock as unknown (never removed), the other servers not down; the proxy
    /// switches itself back to pass after 11 s and the watch reports Redis back, not earlier.
    void blackholeReportsDownAndBack() {
        guarded([&] {
            const NamespaceConfig direct = ns(QStringLiteral("pxwatch"), false);
            auto lock =
                LockStrategy::create(QStringLiteral("redis"), direct); // not through the proxy
            auto h = lock->acquire("px_watched", LockOptions{120s, 5s});
            QVERIFY(h);
            QProcess watch;
            watch.start(qEnvironmentVariable("LOCKSCOPE_CLI"),
                        QStringList{QStringLiteral("locks"), QStringLiteral("watch"),
                                    QStringLiteral("--json"), QStringLiteral("--interval-ms"),
                                    QStringLiteral("300")} +
                            proxiedArgs(direct));
            QVERIFY(watch.waitForStarted(10000));
            auto stop = qScopeGuard([&] {
                watch.kill();
                watch.waitForFinished(5000);
            });
            QList<QJsonObject> lines;
            QByteArray pending;
            auto readUntil = [&](auto&& done, qint64 ms) {
                QElapsedTimer t;
                t.start();
                while (t.elapsed() < ms) {
                    for (const QJsonObject& o : lines)
                        if (done(o))
                            return true;
                    watch.waitForReadyRead(200);
                    pending += watch.readAllStandardOutput();
                    qsizetype nl;
                    while ((nl = pending.indexOf('\n')) >= 0) {
                        lines << QJsonDocument::fromJson(pending.left(nl)).object();
                        pending.remove(0, nl + 1);
                    }
                }
                return false;
            };
            auto isChange = [](const QJsonObject& o, const char* change, const char* backend) {
                return o.value(QStringLiteral("change")).toString() == QLatin1String(change) &&
                       (o.value(QStringLiteral("backend")).toString() == QLatin1String(backend) ||
                        o.value(QStringLiteral("lock"))
                                .toObject()
                                .value(QStringLiteral("backend"))
                                .toString() == QLatin1String(backend));
            };
            QVERIFY2(readUntil([&](const QJsonObject& o) { return isChange(o, "added", "redis"); },
                               15000),
                     watch.readAllStandardError().constData());
            QElapsedTimer sinceFault;
            sinceFault.start();
            const QJsonArray r = fault(QStringLiteral("redis"), QStringLiteral("blackhole"),
                                       {QStringLiteral("--for-ms"), QStringLiteral("11000")});
            auto heal =
                qScopeGuard([&] { fault(QStringLiteral("redis"), QStringLiteral("pass")); });
            QCOMPARE(r.size(), 1);
            const QJsonObject p = r.first().toObject();
            QCOMPARE(p.value(QStringLiteral("old_mode")).toString(), QStringLiteral("pass"));
            QCOMPARE(p.value(QStringLiteral("new_mode")).toString(), QStringLiteral("blackhole"));
            const qint64 restoreIn = p.value(QStringLiteral("restore_in_ms")).toInteger();
            QVERIFY2(restoreIn > 10000 && restoreIn <= 11000,
                     qPrintable(QString::number(restoreIn)));
            QVERIFY2(readUntil([&](const QJsonObject& o) { return isChange(o, "down", "redis"); },
                               15000 - sinceFault.elapsed()),
                     "no redis down line within 15 s of the blackhole");
            const qint64 downMs = sinceFault.elapsed();
            for (const QJsonObject& o : lines)
                if (isChange(o, "down", "redis")) {
                    QVERIFY(o.value(QStringLiteral("unknown_locks")).toInt() >= 1);
                    QVERIFY(!o.value(QStringLiteral("error")).toString().isEmpty());
                }
            QVERIFY2(readUntil([&](const QJsonObject& o) { return isChange(o, "back", "redis"); },
                               30000),
                     "no redis back line after the proxy switched back to pass");
            const qint64 backMs = sinceFault.elapsed();
            qInfo(
                "blackhole on the redis proxy: down after %lld ms, back after %lld ms (pass again "
                "after 11000 ms)",
                downMs, backMs);
            QVERIFY2(backMs >= 11000, "Redis reported back while the proxy still swallowed it");
            heal.dismiss();
            const ProxyControl::State now =
                SandboxProxies::ask(*proxyFor(Role::Redis), ProxyControl::Request{}).after;
            QCOMPARE(now.mode, FaultProxy::Mode::Pass);
            QVERIFY(!now.restoreIn);
            for (const QJsonObject& o : lines) {
                QVERIFY2(o.value(QStringLiteral("change")).toString() != u"removed",
                         QJsonDocument(o).toJson().constData());
                QVERIFY(!isChange(o, "down", "zookeeper") && !isChange(o, "down", "postgres"));
            }
            ::kill(pid_t(watch.processId()), SIGINT);
            QVERIFY(watch.waitForFinished(10000));
            QCOMPARE(watch.exitCode(), 0);
            stop.dismiss();
            QCOMPARE(lock->release(*h), LockStrategy::ReleaseResult::Released);
        });
    }

    /// drop resets the connections open through the proxy (an error at once, not a timeout)
    /// and refuses new ones; pass lets new ones through again.
    void dropCutsConnections() {
        guarded([&] {
            const RedisUri redisUri = RedisUri::parse(m_info.proxiedRedisUri);
            const PostgresUri pgUri = PostgresUri::parse(m_info.proxiedPostgresUri);
            RedisClient redis(redisUri, RedisClient::Options{3000ms, 3000ms});
            QCOMPARE(redis.command({"PING"}).str, std::string("PONG"));
            PgConnection pg(pgUri);
            pg.execute("SELECT 1");
            for (const char* server : {"redis", "postgres"}) {
                const QJsonArray r = fault(QLatin1String(server), QStringLiteral("drop"));
                QCOMPARE(r.size(), 1);
                QCOMPARE(r.first()[QStringLiteral("old_mode")].toString(), QStringLiteral("pass"));
                QCOMPARE(r.first()[QStringLiteral("new_mode")].toString(), QStringLiteral("drop"));
                QCOMPARE(r.first()[QStringLiteral("after")][QStringLiteral("stats")]
                                  [QStringLiteral("open")]
                                      .toInteger(),
                         0);
            }
            auto heal = qScopeGuard([&] {
                fault(QStringLiteral("redis"), QStringLiteral("pass"));
                fault(QStringLiteral("postgres"), QStringLiteral("pass"));
            });
            auto failsNotTimesOut = [](auto&& call) {
                try {
                    call();
                } catch (const ConnectorError& e) {
                    return e.kind() != ConnectorError::Kind::Timeout;
                }
                return false;
            };
            QVERIFY(failsNotTimesOut([&] { redis.command({"PING"}); }));
            QVERIFY(failsNotTimesOut([&] { pg.execute("SELECT 1"); }));
            QVERIFY(failsNotTimesOut([&] {
                RedisClient(redisUri, RedisClient::Options{3000ms, 3000ms});
            }));
            heal.dismiss();
            fault(QStringLiteral("redis"), QStringLiteral("pass"));
            fault(QStringLiteral("postgres"), QStringLiteral("pass"));
            RedisClient again(redisUri, RedisClient::Options{3000ms, 3000ms});
            QCOMPARE(again.command({"PING"}).str, std::string("PONG"));
            PgConnection(pgUri).execute("SELECT 1");
        });
    }

    /// delay 150 ms: each round trip through the proxy takes at least 2 x 150 ms (each way).
    void delayAddsLatency() {
        guarded([&] {
            const QJsonArray r = fault(QStringLiteral("redis"), QStringLiteral("delay"),
                                       {QStringLiteral("--delay-ms"), QStringLiteral("150")});
            auto heal =
                qScopeGuard([&] { fault(QStringLiteral("redis"), QStringLiteral("pass")); });
            QCOMPARE(r.size(), 1);
            QCOMPARE(r.first()[QStringLiteral("new_mode")].toString(), QStringLiteral("delay"));
            QCOMPARE(r.first()[QStringLiteral("new_delay_ms")].toInteger(), 150);
            RedisClient redis(RedisUri::parse(m_info.proxiedRedisUri),
                              RedisClient::Options{3000ms, 3000ms});
            RedisClient direct(RedisUri::parse(m_info.redisUri),
                               RedisClient::Options{3000ms, 3000ms});
            qint64 least = -1, directMost = 0;
            for (int i = 0; i < 5; ++i) {
                QElapsedTimer t;
                t.start();
                QCOMPARE(redis.command({"PING"}).str, std::string("PONG"));
                const qint64 ms = t.elapsed();
                least = least < 0 ? ms : std::min(least, ms);
                t.restart();
                direct.command({"PING"});
                directMost = std::max<qint64>(directMost, t.elapsed());
            }
            qInfo(
                "PING through the proxy with delay 150 ms: at least %lld ms (direct: at most %lld "
                "ms)",
                least, directMost);
            QVERIFY2(least >= 300, qPrintable(QString::number(least)));
            const QJsonArray back = fault(QStringLiteral("redis"), QStringLiteral("pass"));
            heal.dismiss();
            QCOMPARE(back.first()[QStringLiteral("old_mode")].toString(), QStringLiteral("delay"));
            QCOMPARE(back.first()[QStringLiteral("old_delay_ms")].toInteger(), 150);
        });
    }

    /// Clear errors: a bad server or mode, delay without its time (exit 2); a sandbox without
    /// proxies, a member that has none (exit 2).
    void faultErrors() {
        auto run = [&](const QString& dir, const QStringList& args, QByteArray* err) {
            return test::runCli(QStringList{QStringLiteral("sandbox"), QStringLiteral("fault"),
                                            QStringLiteral("--dir"), dir} +
                                    args,
                                nullptr, err);
        };
        QByteArray err;
        QCOMPARE(run(m_dir, {"--server", "mysql", "--mode", "pass"}, &err), 2);
        QVERIFY2(err.contains("--server must be redis, zookeeper or postgres"), err.constData());
        QCOMPARE(run(m_dir, {"--server", "redis", "--mode", "sideways"}, &err), 2);
        QVERIFY2(err.contains("--mode must be pass, blackhole, drop or delay"), err.constData());
        QCOMPARE(run(m_dir, {"--server", "redis", "--mode", "delay"}, &err), 2);
        QVERIFY2(err.contains("--delay-ms"), err.constData());
        QCOMPARE(run(m_dir, {"--server", "zookeeper", "--mode", "pass", "--index", "5"}, &err), 2);
        QVERIFY2(err.contains("no proxy for zookeeper 5"), err.constData());
        // A sandbox started without --proxies.
        QTemporaryDir plain;
        SandboxInfo info;
        info.dir = plain.path();
        info.save();
        QCOMPARE(run(plain.path(), {"--server", "redis", "--mode", "pass"}, &err), 2);
        QVERIFY2(err.contains("has no proxies") && err.contains("sandbox up --proxies"),
                 err.constData());
    }

    /// A control socket whose path is longer than a sockaddr_un holds (a deep sandbox
    /// directory) is bound and reached all the same, mode 0600.
    void controlSocketWithLongPath() {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QString(60, u'x') + u'/' + QString(60, u'y'));
        QVERIFY(QDir().mkpath(dir));
        const QString path = dir + QStringLiteral("/control.sock");
        QVERIFY(QFile::encodeName(path).size() > 108);
        const int fd = ProxyControl::listen(path);
        QVERIFY(fd >= 0);
        QCOMPARE(int(QFileInfo(path).permissions() & 0x0077), 0);
        std::thread server([fd] {
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 5000) != 1)
                return;
            const int client = ::accept(fd, nullptr, nullptr);
            char buffer[256];
            [[maybe_unused]] const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
            ProxyControl::State s;
            s.mode = FaultProxy::Mode::Blackhole;
            const QByteArray reply = ProxyControl::encodeReply({s, s});
            [[maybe_unused]] const ssize_t sent =
                ::send(client, reply.constData(), std::size_t(reply.size()), MSG_NOSIGNAL);
            ::close(client);
        });
        ProxyControl::Reply reply;
        guarded([&] { reply = ProxyControl::ask(path, ProxyControl::Request{}); });
        server.join();
        ::close(fd);
        QCOMPARE(reply.after.mode, FaultProxy::Mode::Blackhole);
    }

    /// On ha: a proxy for each ensemble member and PostgreSQL, none for Redis (said why).
    void haPlanCoversEnsembleAndPostgres() {
        QTemporaryDir tmp;
        SandboxInfo info;
        info.dir = tmp.path();
        info.topology = SandboxInfo::Topology::Ha;
        info.processes << SandboxProcess(Role::RedisCluster, 0, 7001, 0, {});
        for (int i = 0; i < 3; ++i)
            info.processes << SandboxProcess(Role::ZooKeeper, i, 7100 + i, 0, {});
        info.processes << SandboxProcess(Role::Postgres, 0, 7200, 0, {});
        info.postgresUri = QStringLiteral("postgresql://lockscope:pw@127.0.0.1:7200/lockscope");
        SandboxProxies::plan(info);
        const QList<SandboxProcess> proxies = info.processesOf(Role::Proxy);
        QCOMPARE(proxies.size(), 4);
        QStringList hosts;
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(proxies[i].target, std::optional(Role::ZooKeeper));
            QCOMPARE(proxies[i].targetIndex, i);
            QCOMPARE(proxies[i].targetPort, 7100 + i);
            hosts << QStringLiteral("127.0.0.1:%1").arg(proxies[i].port);
        }
        QCOMPARE(proxies[3].target, std::optional(Role::Postgres));
        QCOMPARE(info.proxiedZookeeperUri, QStringLiteral("zookeeper://") + hosts.join(u','));
        QCOMPARE(PostgresUri::parse(info.proxiedPostgresUri).value(QStringLiteral("port")).toInt(),
                 proxies[3].port);
        QVERIFY(info.proxiedRedisUri.isEmpty());
        QCOMPARE(SandboxProxies::of(info, Role::ZooKeeper, std::nullopt).size(), 3);
        QCOMPARE(SandboxProxies::of(info, Role::ZooKeeper, 1).value(0).targetPort, 7101);
        try {
            SandboxProxies::of(info, Role::Redis, std::nullopt);
            QFAIL("a Redis proxy on ha");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QByteArray(e.what()).contains("real addresses"), e.what());
        }
        // The record keeps what a proxy forwards to.
        const SandboxProcess back = SandboxProcess::fromJson(proxies[1].toJson());
        QCOMPARE(back.target, std::optional(Role::ZooKeeper));
        QCOMPARE(back.targetIndex, 1);
        QCOMPARE(back.targetPort, 7101);
    }

    /// A proxy that died is said to be not running (exit 1), status says the sandbox is not
    /// all running; `sandbox down` stops the rest and leaves no proxy process and no port.
    void downLeavesNoProxy() {
        guarded([&] {
            const SandboxProcess pgProxy = *proxyFor(Role::Postgres);
            ::kill(pid_t(pgProxy.pid), SIGKILL);
            QVERIFY(ServerProcess::waitGone(pgProxy.pid, QString(), 5000ms));
            QByteArray err;
            QCOMPARE(test::runCli({QStringLiteral("sandbox"), QStringLiteral("fault"),
                                   QStringLiteral("--dir"), m_dir, QStringLiteral("--server"),
                                   QStringLiteral("postgres"), QStringLiteral("--mode"),
                                   QStringLiteral("pass")},
                                  nullptr, &err),
                     1);
            QVERIFY2(err.contains("not running"), err.constData());
            QByteArray out;
            QCOMPARE(test::runCli({QStringLiteral("sandbox"), QStringLiteral("status"),
                                   QStringLiteral("--dir"), m_dir, QStringLiteral("--json")},
                                  &out),
                     1);
            QVERIFY(
                !QJsonDocument::fromJson(out).object().value(QStringLiteral("running")).toBool());

            QCOMPARE(test::runCli({QStringLiteral("sandbox"), QStringLiteral("down"),
                                   QStringLiteral("--dir"), m_dir}),
                     0);
            for (const SandboxProcess& p : m_info.processesOf(Role::Proxy)) {
                QVERIFY(!ServerProcess::isAlive(p.pid));
                QVERIFY(!ServerProcess::isListening(p.port));
                if (p.pid != pgProxy.pid) // a proxy stopped in order removes its control socket
                    QVERIFY(!QFile::exists(SandboxProxies::controlPath(p)));
            }
            const QByteArray proxyDir = QFile::encodeName(m_dir + QStringLiteral("/proxy/"));
            const QList<qint64> left =
                ServerProcess::findByCommandLine([&](const QByteArrayList& argv) {
                    return argv.value(1) == "proxy" && argv.join(' ').contains(proxyDir);
                });
            QVERIFY2(left.isEmpty(), "a proxy process outlived sandbox down");
        });
    }
};

QTEST_GUILESS_MAIN(TestSandboxProxy)
#include "tst_sandboxproxy.moc"
