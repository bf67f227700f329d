#include "connectors/redisclient.h"
#include "connectors/zksession.h"
#include "core/alerts/alertengine.h"
#include "core/monitor/lockmonitor.h"
#include "tests/support/testenv.h"

#include <QDateTime>
#include <QSysInfo>
#include <QTest>

using namespace lockscope;

/// Each lock rule against the sandbox's real servers: the monitor's real snapshots fed to the
/// AlertEngine with the wall clock; the test makes the condition true, then clears it.
class TestAlertRules : public QObject {
    Q_OBJECT

    NamespaceConfig m_ns;
    MonitorConfig m_mc;
    std::string m_zkRoot;

    /// Refreshes once and feeds the engine; the events of this refresh are added to *events.
    void step(LockMonitor& m, AlertEngine& engine, std::vector<AlertEvent>* events) {
        const Snapshot s = m.refresh();
        for (AlertEvent& e : engine.feed(s, QDateTime::currentMSecsSinceEpoch()))
            events->push_back(std::move(e));
    }
    static bool has(const std::vector<AlertEvent>& events, AlertEvent::Type type,
                    const QString& resourcePart) {
        for (const AlertEvent& e : events)
            if (e.type == type && e.alert.lock && e.alert.lock->resource.contains(resourcePart))
                return true;
        return false;
    }
    static AlertRule rule(const QString& text) {
        QString error;
        const auto r = AlertRule::parse(text, &error);
        if (!r)
            qFatal("%s", qPrintable(error));
        return *r;
    }

private slots:
    void initTestCase() {
        m_ns = test::isolatedNamespace(test::uniqueName(QStringLiteral("alr")));
        m_zkRoot = "/" + m_ns.ns + "_zk";
        m_mc.config = m_ns;
        m_mc.zkRoots = {QString::fromStdString(m_zkRoot)};
        m_mc.redisPatterns = {QString::fromStdString(m_ns.redisPrefix()) + u'*'};
    }

    /// blocking>500ms: a kazoo-style ZooKeeper lock with a second contender waiting behind it.
    void blockingFiresAndResolves() {
        ZkSession owner(m_ns.zookeeper), waiter(m_ns.zookeeper);
        const std::string dir = m_zkRoot + "/report-lock";
        owner.ensurePath(dir);
        owner.create(dir + "/0f1e2d3c4b5a69788796a5b4c3d2e1f0__lock__", "worker-1",
                     ZkSession::CreateMode::EphemeralSequential);
        const std::string second =
            waiter.create(dir + "/aaaaaaaabbbbbbbbccccccccdddddddd__lock__", "worker-2",
                          ZkSession::CreateMode::EphemeralSequential);
        LockMonitor m(m_mc);
        AlertEngine engine({rule(QStringLiteral("blocking>500ms"))});
        std::vector<AlertEvent> events;
        QTRY_VERIFY_WITH_TIMEOUT(
            (step(m, engine, &events), has(events, AlertEvent::Type::Fired, "report-lock")), 10000);
        QCOMPARE(events.size(), size_t(1));
        QVERIFY(events[0].alert.detail.contains(QStringLiteral("1 waiter")));
        waiter.remove(second); // the contender gave up: still held, nobody blocked
        QTRY_VERIFY_WITH_TIMEOUT(
            (step(m, engine, &events), has(events, AlertEvent::Type::Resolved, "report-lock")),
            10000);
        QCOMPARE(events.size(), size_t(2));
        owner.removeRecursive(dir);
    }

    /// not-renewed:below=50%: a Redis lease nobody renews, then renewed.
    void notRenewedFiresAndResolvesOnRenewal() {
        RedisClient redis(m_ns.redis);
        const std::string key = m_ns.redisPrefix() + "lock:{lease-a}";
        redis.command({"SET", key, "lockscope:v1:7:elsewhere:1:a", "PX", "4000"});
        LockMonitor m(m_mc);
        AlertEngine engine({rule(QStringLiteral("not-renewed:below=50%"))});
        std::vector<AlertEvent> events;
        QTRY_VERIFY_WITH_TIMEOUT(
            (step(m, engine, &events), has(events, AlertEvent::Type::Fired, "lease-a")), 10000);
        QVERIFY(events[0].alert.detail.contains(QStringLiteral("left")));
        redis.command({"PEXPIRE", key, "30000"}); // the holder renews
        QTRY_VERIFY_WITH_TIMEOUT(
            (step(m, engine, &events), has(events, AlertEvent::Type::Resolved, "lease-a")), 10000);
        QCOMPARE(events.size(), size_t(2));
        redis.command({"DEL", key});
    }

    /// orphaned: a LockScope lock whose holder's process on this host does not exist; and
    /// held>1s:kind=redis-key on the same lock, not on a ZooKeeper one.
    void orphanedAndHeldByKind() {
        RedisClient redis(m_ns.redis);
        const std::string key = m_ns.redisPrefix() + "lock:{dead-owner}";
        const std::string owner = QSysInfo::machineHostName().toStdString() + ":2147483000:x";
        redis.command({"SET", key, "lockscope:v1:9:" + owner, "PX", "60000"});
        ZkSession zk(m_ns.zookeeper);
        const std::string dir = m_zkRoot + "/zk-held";
        zk.ensurePath(dir);
        zk.create(dir + "/0f1e2d3c4b5a69788796a5b4c3d2e1f0__lock__", "worker-1",
                  ZkSession::CreateMode::EphemeralSequential);
        LockMonitor m(m_mc);
        AlertEngine engine(
            {rule(QStringLiteral("orphaned")), rule(QStringLiteral("held>1s:kind=redis-key"))});
        std::vector<AlertEvent> events;
        QTRY_VERIFY_WITH_TIMEOUT((step(m, engine, &events), engine.firing().size() == 2), 10000);
        QSet<QString> rules;
        for (const AlertEvent& e : events) {
            QCOMPARE(e.type, AlertEvent::Type::Fired);
            QVERIFY(e.alert.lock->resource.contains(QStringLiteral("dead-owner")));
            rules.insert(e.alert.rule.toText());
        }
        QCOMPARE(rules, (QSet<QString>{QStringLiteral("orphaned"),
                                       QStringLiteral("held>1s:kind=redis-key")}));
        redis.command({"DEL", key});
        QTRY_VERIFY_WITH_TIMEOUT((step(m, engine, &events), engine.firing().isEmpty()), 10000);
        QCOMPARE(events.size(), size_t(4));
        zk.removeRecursive(dir);
    }
};

QTEST_GUILESS_MAIN(TestAlertRules)
#include "tst_alertrules.moc"
