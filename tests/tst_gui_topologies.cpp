// The console against real topologies: the Locks page's Node column on a Redis Cluster and
// Redlock's servers, the Demo page's faults offered by what the console is connected to, and a
// partition demo run to its result card. The ha sandbox is the sandbox_ha CTest fixture
// ($LOCKSCOPE_HA_SANDBOX_DIR), the single one the sandbox fixture ($LOCKSCOPE_SANDBOX_DIR).
#include "connectors/connectorerror.h"
#include "connectors/redisclient.h"
#include "connectors/redisconnection.h"
#include "core/backends/redis/redislock.h"
#include "core/locks/lockstrategy.h"
#include "core/sandbox/sandboxinfo.h"
#include "gui/demopage.h"
#include "gui/lockmodel.h"
#include "gui/lockspage.h"
#include "gui/mainwindow.h"
#include "tests/support/testenv.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSet>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace lockscope;
using namespace std::chrono_literals;

class TestGuiTopologies : public QObject {
    Q_OBJECT

    SandboxInfo m_ha;
    QString m_haDir;

    /// The ha sandbox's servers, Redis as uri, in a namespace of its own.
    NamespaceConfig haConfig(const QString& redis, const std::string& ns) const {
        NamespaceConfig c;
        c.ns = ns;
        c.redis = RedisUri::parse(redis);
        c.zookeeper = ZooKeeperUri::parse(m_ha.zookeeperUri);
        c.postgres = PostgresUri::parse(m_ha.postgresUri);
        for (const QString& u : m_ha.redlockUris)
            c.redlock.append(RedisUri::parse(u));
        return c;
    }

    /// The Node column's text of every row of the page whose resource contains part.
    static QStringList nodesOf(LocksPage* page, const QString& part) {
        QStringList out;
        LockModel* m = page->model();
        for (int r = 0; r < m->rowCount(); ++r)
            if (m->entryAt(r)->resource.contains(part))
                out << m->index(r, LockModel::NodeCol).data().toString();
        return out;
    }

    /// Waits until cond holds (a server mid-failover may throw: asked again) or limit passes.
    template <class F> static bool waitFor(F cond, std::chrono::milliseconds limit) {
        QDeadlineTimer deadline(limit);
        while (!deadline.hasExpired()) {
            try {
                if (cond())
                    return true;
            } catch (const ConnectorError&) {
            }
            QTest::qWait(100);
        }
        return false;
    }

    /// Leaves the Sentinel set as the sandbox started it (data node 0 primary): the tests after
    /// this file's (tst_topologies' server-restart of the primary) expect it so.
    bool failBack() {
        const SandboxProcess* first = m_ha.process(SandboxProcess::Role::RedisSentinelData, 0);
        const RedisUri uri = RedisUri::parse(m_ha.redisSentinelUri);
        RedisClient sentinel(uri.single(uri.nodes.first()));
        const std::string name = uri.primaryName.toStdString();
        const auto primaryPort = [&] {
            const RedisReply a = sentinel.command({"SENTINEL", "get-master-addr-by-name", name});
            return a.isArray() && a.elements.size() == 2 ? std::atoi(a.elements[1].str.c_str())
                                                         : -1;
        };
        if (!first || primaryPort() == first->port)
            return first != nullptr;
        // The old primary may still be catching up as a replica (NOGOODSLAVE): ask again.
        return waitFor(
                   [&] {
                       return sentinel.command({"SENTINEL", "FAILOVER", name}).isOk();
                   },
                   60s) &&
               waitFor([&] { return primaryPort() == first->port; }, 60s);
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // settings under ~/.qttest
        m_haDir = qEnvironmentVariable("LOCKSCOPE_HA_SANDBOX_DIR");
        QVERIFY2(!m_haDir.isEmpty(),
                 "LOCKSCOPE_HA_SANDBOX_DIR is not set (the sandbox_ha fixture)");
        m_ha = SandboxInfo::load(m_haDir);
        QCOMPARE(m_ha.topology, SandboxInfo::Topology::Ha);
    }

    // A lock on the Cluster shows the primary owning its slot; a Redlock lock one row per
    // server holding a copy, each with its server; a ZooKeeper lock no node (the ensemble's
    // session is not per lock).
    void nodeColumnShowsWhereEachLockIs() {
        const std::string ns = test::uniqueName(QStringLiteral("guitopo")).toStdString();
        const NamespaceConfig c = haConfig(m_ha.redisClusterUri, ns);
        MainWindow::Options o;
        o.endpoints = {m_ha.redisClusterUri, m_ha.zookeeperUri, m_ha.postgresUri,
                       m_ha.redlockUris.join(u',')};
        o.ns = ns;
        o.refreshMs = 300;
        o.sandboxDir = m_haDir;
        MainWindow w(o);
        w.show();
        LocksPage* page = w.locksPage();
        // Redis is a Cluster: the column is there before any lock is.
        QVERIFY(page->nodeColumnShown());
        QVERIFY(!page->view()->isColumnHidden(LockModel::NodeCol));

        const QString resource = test::uniqueName(QStringLiteral("cart"));
        auto redis = LockStrategy::create(QStringLiteral("redis"), c);
        auto held = redis->tryAcquire(resource.toStdString(), 60s);
        QVERIFY(held.has_value());
        const QString owner =
            RedisConnection::open(c.redis)->nodeOf(RedisLock::lockKeyOf(c, resource.toStdString()));
        QVERIFY(!owner.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(nodesOf(page, resource), QStringList{owner}, 10000);

        const QString copies = test::uniqueName(QStringLiteral("order"));
        auto redlock = LockStrategy::create(QStringLiteral("redlock"), c);
        auto copy = redlock->tryAcquire(copies.toStdString(), 60s);
        QVERIFY(copy.has_value());
        QSet<QString> servers;
        for (const QString& u : m_ha.redlockUris) {
            const RedisUri r = RedisUri::parse(u);
            servers.insert(HostPort{r.host, r.port}.toString());
        }
        const auto copyNodes = [&] {
            const QStringList nodes = nodesOf(page, copies);
            return QSet<QString>(nodes.cbegin(), nodes.cend());
        };
        QTRY_COMPARE_WITH_TIMEOUT(copyNodes(), servers, 10000);
        QCOMPARE(nodesOf(page, copies).size(), servers.size());

        const QString znode = test::uniqueName(QStringLiteral("zk"));
        auto zk = LockStrategy::create(QStringLiteral("zookeeper"), c);
        auto zkHeld = zk->tryAcquire(znode.toStdString(), 60s);
        QVERIFY(zkHeld.has_value());
        QTRY_COMPARE_WITH_TIMEOUT(nodesOf(page, znode), QStringList{QString()}, 10000);

        redis->release(*held);
        redlock->release(*copy);
        zk->release(*zkHeld);
    }

    // Failover is offered only through the ha sandbox's Sentinel set; a Cluster cannot be
    // partitioned by one proxy, and server-restart is for a single sandbox.
    void faultsFollowTheTopology() {
        const std::string ns = test::uniqueName(QStringLiteral("guitopo")).toStdString();
        DemoPage cluster(haConfig(m_ha.redisClusterUri, ns), m_haDir);
        QVERIFY(!cluster.faultEnabled(DemoScenario::Fault::Failover));
        QVERIFY2(cluster.faultToolTip(DemoScenario::Fault::Failover)
                     .contains(QStringLiteral("Sentinel")),
                 qPrintable(cluster.faultToolTip(DemoScenario::Fault::Failover)));
        QVERIFY(!cluster.faultEnabled(DemoScenario::Fault::Partition));
        QVERIFY(!cluster.faultEnabled(DemoScenario::Fault::ServerRestart));
        // Its injector's own reason (which servers it restarts is the injector's to say).
        QVERIFY2(cluster.faultToolTip(DemoScenario::Fault::ServerRestart)
                     .startsWith(QStringLiteral("Not with these servers: ")),
                 qPrintable(cluster.faultToolTip(DemoScenario::Fault::ServerRestart)));

        DemoPage sentinel(haConfig(m_ha.redisSentinelUri, ns), m_haDir);
        QVERIFY2(sentinel.faultEnabled(DemoScenario::Fault::Failover),
                 qPrintable(sentinel.faultToolTip(DemoScenario::Fault::Failover)));
        QVERIFY(sentinel.selectFault(DemoScenario::Fault::Failover));
        QVERIFY(sentinel.runButton()->isEnabled());
        // The default lease (2 s) is shorter than a failover: said, not refused.
        QVERIFY(sentinel.faultNote()->isVisibleTo(&sentinel));
        QVERIFY(sentinel.faultNote()->text().contains(QStringLiteral("lease")));
        QCOMPARE(sentinel.compareStrategies(),
                 (QStringList{QStringLiteral("none"), QStringLiteral("redis")}));
        // Leader-kill: the ensemble's, for the zookeeper strategy only.
        QVERIFY(!sentinel.faultEnabled(DemoScenario::Fault::LeaderKill));
        DemoScenario z = sentinel.scenario();
        z.strategy = QStringLiteral("zookeeper");
        z.fault = DemoScenario::Fault::None;
        sentinel.setScenario(z);
        QVERIFY2(sentinel.faultEnabled(DemoScenario::Fault::LeaderKill),
                 qPrintable(sentinel.faultToolTip(DemoScenario::Fault::LeaderKill)));
        // The same servers without the sandbox known: nothing of it is touched.
        DemoPage unknown(haConfig(m_ha.redisSentinelUri, ns), QString());
        QVERIFY(!unknown.faultEnabled(DemoScenario::Fault::Failover));
        QVERIFY(!unknown.faultEnabled(DemoScenario::Fault::LeaderKill));
    }

    // The failover, chosen on the Demo page of a console locking through the ha sandbox's
    // Sentinel set, runs there (the sandbox reaches the demo worker) and its card tells it.
    void failoverDemoThroughTheSentinelSet() {
        const std::string ns = test::uniqueName(QStringLiteral("guifo")).toStdString();
        DemoPage page(haConfig(m_ha.redisSentinelUri, ns), m_haDir);
        DemoScenario s = page.scenario();
        s.strategy = QStringLiteral("redis");
        s.store = QStringLiteral("postgres");
        s.buyers = 4;
        s.items = 1;
        s.stock = 3;
        s.pay = 20ms;
        s.lease = 30s;
        s.fencing = true;
        s.fault = DemoScenario::Fault::Failover;
        page.setScenario(s);
        QVERIFY(page.runButton()->isEnabled());
        page.runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(page.lastResult().has_value() && !page.running(), 120000);
        const DemoResult& r = *page.lastResult();
        const QJsonObject& fr = r.faultReport;
        QVERIFY2(fr.contains(QStringLiteral("new_primary")),
                 QJsonDocument(fr).toJson().constData());
        QVERIFY(fr.value(QStringLiteral("second_holder_wrote")).toBool());
        QCOMPARE(r.verdict.oversold, 0); // fencing on: the stale holder's write is refused
        QVERIFY(r.fenced >= 1);
        const QString card = page.resultCard()->text();
        QVERIFY2(card.contains(QStringLiteral("failed over to")) &&
                     card.contains(QStringLiteral("a second holder wrote")),
                 qPrintable(card));
        qInfo("failover demo: %lld ms failover, %d fenced, %.2f s run",
              fr.value(QStringLiteral("failover_ms")).toInteger(), r.fenced, r.wallS);
        QVERIFY(failBack());
    }

    // Leader-kill from the Demo page: the ensemble elects another leader, the holder keeps its
    // lock, nothing oversells; the card says so.
    void leaderKillDemoOnTheEnsemble() {
        const std::string ns = test::uniqueName(QStringLiteral("guilk")).toStdString();
        DemoPage page(haConfig(m_ha.redisSentinelUri, ns), m_haDir);
        DemoScenario s = page.scenario();
        s.strategy = QStringLiteral("zookeeper");
        s.store = QStringLiteral("postgres");
        s.buyers = 4;
        s.items = 1;
        s.stock = 3;
        s.pay = 20ms;
        s.lease = 30s;
        s.fault = DemoScenario::Fault::LeaderKill;
        page.setScenario(s);
        QVERIFY(page.runButton()->isEnabled());
        page.runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(page.lastResult().has_value() && !page.running(), 120000);
        const DemoResult& r = *page.lastResult();
        const QJsonObject& fr = r.faultReport;
        QVERIFY2(fr.contains(QStringLiteral("new_leader")), QJsonDocument(fr).toJson().constData());
        QCOMPARE(r.verdict.oversold, 0);
        const QString card = page.resultCard()->text();
        QVERIFY2(card.contains(QStringLiteral("Fault kill the ZooKeeper leader:")) &&
                     card.contains(QStringLiteral("elected in")),
                 qPrintable(card));
        qInfo("leader-kill demo: election %lld ms, holder kept lock %d, %.2f s run",
              fr.value(QStringLiteral("election_ms")).toInteger(),
              int(fr.value(QStringLiteral("holder_kept_lock")).toBool()), r.wallS);
    }

    // A partition from the lock server, chosen and run on the Demo page, reaches its result
    // card: the fault struck, what followed, the fenced writes.
    void partitionDemoRunsToAResult() {
        const NamespaceConfig c = test::isolatedNamespace(QStringLiteral("guipart"));
        DemoPage page(c, qEnvironmentVariable("LOCKSCOPE_SANDBOX_DIR"));
        DemoScenario s = page.scenario();
        s.strategy = QStringLiteral("redis");
        s.store = QStringLiteral("postgres");
        s.buyers = 4;
        s.items = 1;
        s.stock = 10;
        s.pay = 20ms;
        s.lease = 400ms;
        s.fencing = true;
        s.fault = DemoScenario::Fault::Partition;
        s.partition = DemoScenario::PartitionTarget::Lock;
        // Each lock attempt struck at 0.5: with 10 or more, none struck has odds under 0.1 %. (At 1
        // every holder is cut off and fenced: the run would never sell out.)
        s.faultRate = 0.5;
        s.faultDuration = 600ms;
        page.setScenario(s);
        QVERIFY(page.faultEnabled(DemoScenario::Fault::Partition));
        QVERIFY(page.runButton()->isEnabled());
        page.runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(page.lastResult().has_value() && !page.running(), 60000);
        const DemoResult& r = *page.lastResult();
        QCOMPARE(r.scenario.fault, DemoScenario::Fault::Partition);
        QCOMPARE(r.scenario.faultDuration, 600ms);
        QVERIFY(!r.faults.empty());
        QVERIFY2(r.verdictError.isEmpty(), qPrintable(r.verdictError));
        QCOMPARE(r.verdict.oversold, 0); // fencing on: a cut-off holder's late write is refused
        const QString card = page.resultCard()->text();
        QVERIFY2(card.contains(QStringLiteral("Fault partition from the lock server:")) &&
                     card.contains(QStringLiteral("struck")) &&
                     card.contains(QStringLiteral("fenced off")),
                 qPrintable(card));
        qInfo("partition demo: %d struck, %d taken over, %d fenced, %.2f s", int(r.faults.size()),
              r.takenOver(), r.fenced, r.wallS);
    }
};

QTEST_MAIN(TestGuiTopologies)
#include "tst_gui_topologies.moc"
