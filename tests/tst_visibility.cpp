// Instant updates (issue 14): Redis server-assisted invalidation and its fallback, PostgreSQL's
// adaptive polling, and `bench visibility`'s JSON, against the sandbox's real servers.
#include "connectors/pgconnection.h"
#include "connectors/redisclient.h"
#include "core/backends/postgres/pgchangedetector.h"
#include "core/backends/redis/trackinglistener.h"
#include "core/monitor/lockmonitor.h"
#include "tests/support/testenv.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <atomic>
#include <thread>

using namespace lockscope;
using namespace std::chrono_literals;

namespace {

bool shows(const Snapshot& s, const QString& needle) {
    return std::any_of(s.locks.begin(), s.locks.end(),
                       [&](const LockEntry& e) { return e.resource.contains(needle); });
}

} // namespace

class TstVisibility : public QObject {
    Q_OBJECT

    NamespaceConfig m_config;
    MonitorConfig m_redis;

private slots:
    void initTestCase() {
        m_config = test::isolatedNamespace(QStringLiteral("tst_visibility"));
        m_redis.config = m_config;
        m_redis.backends = {Backend::Redis};
    }

    /// What is asked of the server, from the patterns (no server involved).
    void trackingPlan() {
        MonitorConfig c;
        c.config = m_config;
        // The default "*[lL][oO][cC][kK]*" is no prefix: every key, filtered here.
        TrackingListener::Plan p = TrackingListener::planFor(c);
        QVERIFY(p.track);
        QVERIFY(p.prefixes.isEmpty());
        QVERIFY(!p.partial);
        // Prefixes: one PREFIX each; one inside another is covered by the shorter.
        c.redisPatterns = {QStringLiteral("app:lock:*"), QStringLiteral("app:*"),
                           QStringLiteral("jobs:lock:*")};
        p = TrackingListener::planFor(c);
        QCOMPARE(p.prefixes, (QStringList{QStringLiteral("app:"), QStringLiteral("jobs:lock:")}));
        // PrefixesOnly with a pattern that is none: LockScope's own keys, the rest polled.
        c.redisTracking = MonitorConfig::RedisTracking::PrefixesOnly;
        c.redisPatterns = {QStringLiteral("*lock*")};
        p = TrackingListener::planFor(c);
        QCOMPARE(p.prefixes, QStringList{QString::fromStdString(m_config.redisPrefix())});
        QVERIFY(p.partial);
        c.redisTracking = MonitorConfig::RedisTracking::Off;
        QVERIFY(!TrackingListener::planFor(c).track);
        QVERIFY(!TrackingListener::prefixOf(QStringLiteral("a?b*")));
        QCOMPARE(*TrackingListener::prefixOf(QStringLiteral("a:b*")), QStringLiteral("a:b"));
    }

    /// The server tells the monitor of a lock key's write: no poll (there is none in this test:
    /// the only refresh after the write is the one its change report asks for).
    void redisTrackingReportsALockWithoutPolling_data() {
        QTest::addColumn<QStringList>("patterns");
        QTest::addColumn<QString>("detail");
        QTest::newRow("default pattern: every key") << QStringList() << QStringLiteral("every key");
        QTest::newRow("prefix pattern")
            << QStringList{QString::fromStdString(m_config.redisPrefix()) + QStringLiteral("*")}
            << QStringLiteral("PREFIX");
    }
    void redisTrackingReportsALockWithoutPolling() {
        QFETCH(QStringList, patterns);
        QFETCH(QString, detail);
        MonitorConfig cfg = m_redis;
        if (!patterns.isEmpty())
            cfg.redisPatterns = patterns;
        std::atomic<int> pokes{0};
        LockMonitor m(cfg, [&] { ++pokes; });
        QTRY_VERIFY_WITH_TIMEOUT(m.changeModes().value(Backend::Redis).mode == ChangeMode::Tracking,
                                 5000);
        QVERIFY2(m.changeModes().value(Backend::Redis).detail.contains(detail),
                 qPrintable(m.changeModes().value(Backend::Redis).detail));
        const QString key = QString::fromStdString(m_config.redisPrefix()) +
                            test::uniqueName(QStringLiteral("tracked_lock_"));
        QVERIFY(!shows(m.refresh(LockMonitor::Wait::Briefly), key));
        const int before = pokes.load();
        RedisClient client(m_config.redis);
        QVERIFY(client.command({"SET", key.toStdString(), "holder", "NX", "PX", "20000"}).isOk());
        QTRY_VERIFY_WITH_TIMEOUT(pokes.load() > before, 2000);
        Snapshot s;
        m.refreshDiff(&s, LockMonitor::Wait::Briefly);
        QVERIFY(shows(s, key));
        QCOMPARE(s.changeModes.value(Backend::Redis).mode, ChangeMode::Tracking);
        // ... and of its release.
        const int held = pokes.load();
        client.command({"DEL", key.toStdString()});
        QTRY_VERIFY_WITH_TIMEOUT(pokes.load() > held, 2000);
        m.refreshDiff(&s, LockMonitor::Wait::Briefly);
        QVERIFY(!shows(s, key));
    }

    /// The listener's connections are killed (as by a server restart or a proxy's reset): it
    /// reconnects by itself and the next lock write is reported again.
    void trackingReconnectsAfterItsConnectionsAreKilled() {
        std::atomic<int> pokes{0};
        LockMonitor m(m_redis, [&] { ++pokes; });
        QTRY_VERIFY_WITH_TIMEOUT(m.changeModes().value(Backend::Redis).mode == ChangeMode::Tracking,
                                 5000);
        RedisClient admin(m_config.redis);
        // The subscriber (pub/sub) and the tracking connection (it has the tracking flag "t").
        QVERIFY(admin.command({"CLIENT", "KILL", "TYPE", "pubsub"}).isInteger());
        QTRY_VERIFY_WITH_TIMEOUT(m.changeModes().value(Backend::Redis).mode == ChangeMode::Tracking,
                                 5000);
        const QString key = QString::fromStdString(m_config.redisPrefix()) +
                            test::uniqueName(QStringLiteral("after_kill_lock_"));
        // Reconnecting reports one change itself: count only what comes after the write.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const int before = pokes.load();
                admin.command({"SET", key.toStdString(), "holder", "PX", "20000"});
                return QTest::qWaitFor([&] { return pokes.load() > before; }, 500);
            }(),
            5000);
        admin.command({"DEL", key.toStdString()});
    }

    /// A user without CLIENT TRACKING: the monitor polls and says why.
    void trackingRefusedFallsBackToPolling() {
        RedisClient admin(m_config.redis);
        const std::string user = test::uniqueName(QStringLiteral("tstvis_")).toStdString();
        const std::string password = "pw-" + user;
        QVERIFY(
            admin
                .command({"ACL", "SETUSER", user, "on", ">" + password, "-@all", "+ping", "+select",
                          "+info", "+scan", "+type", "+pttl", "+get", "+hgetall", "%R~*"})
                .isOk());
        const auto drop = qScopeGuard([&] { admin.command({"ACL", "DELUSER", user}); });
        MonitorConfig cfg = m_redis;
        cfg.config.redis.user = QString::fromStdString(user);
        cfg.config.redis.password = QString::fromStdString(password);
        std::atomic<int> pokes{0};
        LockMonitor m(cfg, [&] { ++pokes; });
        QTRY_VERIFY_WITH_TIMEOUT(
            m.changeModes().value(Backend::Redis).detail.contains(QStringLiteral("refused")), 5000);
        const ChangeStatus st = m.changeModes().value(Backend::Redis);
        QCOMPARE(st.mode, ChangeMode::Polling);
        QVERIFY2(st.detail.contains(QStringLiteral("NOPERM")), qPrintable(st.detail));
        QVERIFY(!m.changeListenerActive());
        // Polling still reads the locks.
        const QString key = QString::fromStdString(m_config.redisPrefix()) +
                            test::uniqueName(QStringLiteral("polled_lock_"));
        admin.command({"SET", key.toStdString(), "holder", "PX", "20000"});
        QVERIFY(shows(m.refresh(), key));
        admin.command({"DEL", key.toStdString()});
    }

    /// PostgreSQL: idle -> slow checks; someone blocked -> fast checks and a change report;
    /// the timed refresh scans only after a change.
    void pgAdaptiveSpeedsUpWhileBlocked() {
        MonitorConfig cfg;
        cfg.config = m_config;
        cfg.backends = {Backend::Postgres};
        std::atomic<int> pokes{0};
        PgChangeDetector d(cfg, [&] { ++pokes; });
        QTRY_VERIFY_WITH_TIMEOUT(d.active(), 5000);
        QCOMPARE(d.status().mode, ChangeMode::AdaptivePolling);
        const int64_t key = 7700000 + (::getpid() % 100000);
        PgConnection holder(m_config.postgres);
        holder.execute("SELECT pg_advisory_lock(" + std::to_string(key) + ")");
        QTRY_VERIFY_WITH_TIMEOUT(pokes.load() > 0, 2000); // the new holder
        const auto scanned = std::chrono::steady_clock::now();
        QVERIFY(!d.scanDue(scanned)); // nothing new since that scan
        const int beforeWait = pokes.load();
        std::thread waiter([&] {
            PgConnection w(m_config.postgres);
            w.execute("SELECT pg_advisory_lock(" + std::to_string(key) + ")");
            w.execute("SELECT pg_advisory_unlock(" + std::to_string(key) + ")");
        });
        QTRY_VERIFY_WITH_TIMEOUT(pokes.load() > beforeWait, 2000); // the waiter
        QVERIFY(d.scanDue(scanned));
        QTRY_VERIFY_WITH_TIMEOUT(d.fast(), 2000);
        QVERIFY(d.status().detail.contains(QStringLiteral("waited for")));
        // Fast means kFast: over a second at least several checks (idle would make ~5).
        const uint64_t checks = d.checks();
        QTRY_VERIFY_WITH_TIMEOUT(d.checks() >= checks + 10, 3000);
        holder.execute("SELECT pg_advisory_unlock(" + std::to_string(key) + ")");
        waiter.join();
        // Idle again: back to slow once the busy window passed.
        QTRY_VERIFY_WITH_TIMEOUT(!d.fast(), 2000 + 3 * int(PgChangeDetector::kBusyFor.count()));
    }

    /// `bench visibility --json`: the documented shape (fields, not figures: speed goals live in
    /// the benchmark, not in timed tests).
    void benchVisibilityJsonShape() {
        QByteArray out;
        const int rc = test::runCli(
            {QStringLiteral("bench"), QStringLiteral("visibility"), QStringLiteral("--samples"),
             QStringLiteral("2"), QStringLiteral("--interval-ms"), QStringLiteral("200"),
             QStringLiteral("--json"), QStringLiteral("--sandbox"), test::sandbox().dir},
            &out);
        QCOMPARE(rc, 0);
        const QJsonDocument doc = QJsonDocument::fromJson(out);
        QVERIFY2(doc.isArray(), out.constData());
        const QJsonArray a = doc.array();
        QCOMPARE(a.size(), 3);
        QStringList backends;
        for (const QJsonValue& v : a) {
            const QJsonObject o = v.toObject();
            backends << o.value(QStringLiteral("backend")).toString();
            QCOMPARE(o.value(QStringLiteral("samples")).toInt(-1), 2);
            for (const char* k : {"acquire_visible_ms", "release_gone_ms"}) {
                const QJsonObject p = o.value(QLatin1String(k)).toObject();
                QVERIFY2(p.value(QStringLiteral("p50")).isDouble() &&
                             p.value(QStringLiteral("p95")).isDouble(),
                         k);
                QVERIFY(p.value(QStringLiteral("p50")).toDouble() >= 0);
                QVERIFY(p.value(QStringLiteral("p95")).toDouble() >=
                        p.value(QStringLiteral("p50")).toDouble());
            }
            QVERIFY(o.value(QStringLiteral("monitor_cpu_pct")).isDouble());
        }
        backends.sort();
        QCOMPARE(backends, (QStringList{QStringLiteral("postgres"), QStringLiteral("redis"),
                                        QStringLiteral("zookeeper")}));
    }
};

QTEST_GUILESS_MAIN(TstVisibility)
#include "tst_visibility.moc"
