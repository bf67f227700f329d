// Redis Cluster, Sentinel, Redlock and a ZooKeeper ensemble: LockScope's clients, locks, stock,
// scanner and force-release against the real servers of one `sandbox up --topology ha` (the
// sandbox_ha CTest fixture, $LOCKSCOPE_HA_SANDBOX_DIR).
#include "connectors/connectorerror.h"
#include "connectors/endpointmemory.h"
#include "connectors/redisclient.h"
#include "connectors/redisclusterclient.h"
#include "connectors/redissentinelclient.h"
#include "connectors/redisslot.h"
#include "connectors/zkfourletter.h"
#include "connectors/zksession.h"
#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/backends/redis/redislock.h"
#include "core/backends/redis/redisobservation.h"
#include "core/backends/redis/redisscanner.h"
#include "core/backends/redis/redlocklock.h"
#include "core/demo/faultlock.h"
#include "core/fault/sandboxrepair.h"
#include "core/fault/zkensemble.h"
#include "core/interruptiblewait.h"
#include "core/locks/lockstrategy.h"
#include "core/monitor/lockentry.h"
#include "core/monitor/monitorconfig.h"
#include "core/sandbox/sandbox.h"
#include "core/sandbox/sandboxinfo.h"
#include "core/shop/stockstore.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <map>
#include <set>
#include <thread>
#include <unistd.h>

using namespace lockscope;
using namespace std::chrono_literals;

namespace {

/// Waits until cond holds or the deadline passes; true when it held.
template <class F> bool waitFor(F cond, std::chrono::milliseconds limit) {
    QDeadlineTimer deadline(limit);
    while (!deadline.hasExpired()) {
        try {
            if (cond())
                return true;
        } catch (const ConnectorError&) {
            // a server in the middle of a failover: ask again
        }
        QTest::qWait(50);
    }
    return false;
}

} // namespace

class TestTopologies : public QObject {
    Q_OBJECT

    SandboxInfo m_info;
    NamespaceConfig m_ns;

    NamespaceConfig ns(const QString& redis) const {
        NamespaceConfig c = m_ns;
        c.redis = RedisUri::parse(redis);
        return c;
    }

    /// One resource name per Cluster primary: locks that land on every shard.
    std::vector<std::string> resourcesOnEveryShard(RedisClusterClient& cluster,
                                                   const NamespaceConfig& c) {
        const auto shards = cluster.shards(true);
        std::vector<std::string> out(shards.size());
        size_t found = 0;
        for (int i = 0; found < shards.size() && i < 10000; ++i) {
            const std::string resource = "cart:" + std::to_string(i);
            const QString node = cluster.nodeOf(c.redisPrefix() + "lock:{" + resource + "}");
            for (size_t s = 0; s < shards.size(); ++s)
                if (shards[s].primary.toString() == node && out[s].empty()) {
                    out[s] = resource;
                    ++found;
                }
        }
        return out;
    }

    /// `lockscope-cli demo` against this sandbox with args (and --json); returns the exit code
    /// and the JSON result in *result (stdout in *out).
    int demo(const QStringList& args, QJsonObject* result, QByteArray* out) const {
        QProcess cli;
        cli.start(qEnvironmentVariable("LOCKSCOPE_CLI"),
                  QStringList{QStringLiteral("demo"), QStringLiteral("--sandbox"), m_info.dir} +
                      args + QStringList{QStringLiteral("--json")});
        if (!cli.waitForFinished(180000))
            return -1;
        const QByteArray json = cli.readAllStandardOutput();
        *result = QJsonDocument::fromJson(json).object();
        *out = json + cli.readAllStandardError();
        return cli.exitCode();
    }

    /// Every ensemble member serves (leader or follower), one leader.
    bool ensembleWhole() const {
        const ZkEnsemble e(SandboxInfo::load(m_info.dir));
        int leaders = 0;
        for (const SandboxProcess& m : e.members()) {
            const ZkEnsemble::Mode mode = e.modeOf(m);
            if (mode != ZkEnsemble::Mode::Leader && mode != ZkEnsemble::Mode::Follower)
                return false;
            leaders += mode == ZkEnsemble::Mode::Leader ? 1 : 0;
        }
        return leaders == 1;
    }

    /// The Sentinel data node the sentinels name as primary now.
    SandboxProcess sentinelPrimary() const {
        const SandboxInfo info = SandboxInfo::load(m_info.dir);
        RedisUri s = RedisUri::parse(info.redisSentinelUri);
        RedisClient sentinel(s.single(s.nodes.first()));
        const RedisReply a = sentinel.command({"SENTINEL", "get-master-addr-by-name", "lockscope"});
        const int port = a.isArray() ? std::atoi(a.elements[1].str.c_str()) : 0;
        for (const SandboxProcess& p : info.processesOf(SandboxProcess::Role::RedisSentinelData))
            if (p.port == port)
                return p;
        return {};
    }

private slots:
    void initTestCase() {
        const QString dir = qEnvironmentVariable("LOCKSCOPE_HA_SANDBOX_DIR");
        QVERIFY2(!dir.isEmpty(), "LOCKSCOPE_HA_SANDBOX_DIR is not set (the sandbox_ha fixture)");
        m_info = SandboxInfo::load(dir);
        QCOMPARE(m_info.topology, SandboxInfo::Topology::Ha);
        m_ns.ns = "tst_topo_" + std::to_string(QDateTime::currentMSecsSinceEpoch() % 100000000);
        m_ns.zookeeper = ZooKeeperUri::parse(m_info.zookeeperUri);
        m_ns.postgres = PostgresUri::parse(m_info.postgresUri);
        m_ns.redis = RedisUri::parse(m_info.redisClusterUri);
        for (const QString& u : m_info.redlockUris)
            m_ns.redlock.append(RedisUri::parse(u));
    }

    void clusterSlotMapHasThreePrimariesWithReplicas() {
        RedisClusterClient cluster(RedisUri::parse(m_info.redisClusterUri), {});
        // Replicas show in CLUSTER SLOTS once they have synchronised.
        QVERIFY(waitFor(
            [&] {
                const auto s = cluster.shards(true);
                return std::all_of(s.begin(), s.end(),
                                   [](const auto& x) { return x.replicas.size() == 1; });
            },
            30s));
        const auto shards = cluster.shards(true);
        QCOMPARE(int(shards.size()), 3);
        int covered = 0;
        for (const auto& s : shards) {
            QCOMPARE(int(s.replicas.size()), 1);
            for (const auto& [from, to] : s.slotRanges)
                covered += to - from + 1;
        }
        QCOMPARE(covered, RedisSlot::kCount);
        QCOMPARE(int(cluster.scanTargets().size()), 3);
    }

    // Locks on all three shards: the scanner lists each with the primary that holds it, and
    // force-release deletes each on that primary (checked there directly).
    void clusterLocksListedAndReleasedOnTheirNode() {
        const NamespaceConfig c = ns(m_info.redisClusterUri);
        RedisClusterClient cluster(c.redis, {});
        const auto resources = resourcesOnEveryShard(cluster, c);
        QCOMPARE(int(resources.size()), 3);
        const LockBackend& redis = BackendRegistry::of(Backend::Redis);
        std::vector<std::unique_ptr<LockStrategy>> holders;
        std::map<std::string, QString> nodeOf;
        for (const auto& r : resources) {
            QVERIFY2(!r.empty(), "no resource found for a shard");
            holders.push_back(redis.createStrategy(QStringLiteral("redis"), c));
            QVERIFY(holders.back()->tryAcquire(r, 60s).has_value());
            nodeOf[r] = cluster.nodeOf(c.redisPrefix() + "lock:{" + r + "}");
        }
        QCOMPARE(
            int(std::set<QString>{nodeOf[resources[0]], nodeOf[resources[1]], nodeOf[resources[2]]}
                    .size()),
            3);

        MonitorConfig mc;
        mc.config = c;
        mc.backends = {Backend::Redis};
        RedisScanner scanner(mc);
        const ScanResult found = scanner.scan();
        int mine = 0;
        for (const LockEntry& e : found.locks) {
            const auto* obs = e.as<RedisObservation>();
            QVERIFY(obs);
            const auto it = nodeOf.find(e.logical().toStdString());
            if (it == nodeOf.end() || e.resource.indexOf(QString::fromStdString(c.ns)) != 0)
                continue;
            ++mine;
            QCOMPARE(QString::fromStdString(obs->node), it->second);
            QCOMPARE(e.details().value(QStringLiteral("node")).toString(), it->second);
            const ReleaseOutcome out = redis.forceRelease(c, e, false);
            QCOMPARE(int(out.status), int(ReleaseOutcome::Status::Released));
            RedisClient owner(c.redis.single(HostPort::parse(it->second, 6379)));
            QVERIFY(owner.command({"GET", obs->key}).isNil());
        }
        QCOMPARE(mine, 3);
    }

    // A slot moves while a client holds the old map: ASK during the migration, MOVED after it.
    void clusterFollowsAskAndMovedDuringAReshard() {
        const NamespaceConfig c = ns(m_info.redisClusterUri);
        RedisClusterClient client(c.redis, {});
        RedisClusterClient admin(c.redis, {});
        const auto shards = admin.shards(true);
        const std::string key = c.redisPrefix() + "reshard:{moving}";
        const std::string stays = c.redisPrefix() + "reshard:{moving}:not-yet";
        const int slot = RedisSlot::of(key);
        const QString fromName = admin.nodeOf(key);
        const auto fromIt = std::find_if(shards.begin(), shards.end(), [&](const auto& s) {
            return s.primary.toString() == fromName;
        });
        QVERIFY(fromIt != shards.end());
        const auto& from = *fromIt;
        const auto& to = shards[size_t((fromIt - shards.begin() + 1) % int(shards.size()))];
        QVERIFY(client.command({"SET", key, "v1"}).isOk());
        QVERIFY(client.command({"SET", stays, "v2"}).isOk());

        RedisClient src(c.redis.single(from.primary)), dst(c.redis.single(to.primary));
        const std::string s = std::to_string(slot);
        QVERIFY(dst.command({"CLUSTER", "SETSLOT", s, "IMPORTING", from.nodeId}).isOk());
        QVERIFY(src.command({"CLUSTER", "SETSLOT", s, "MIGRATING", to.nodeId}).isOk());
        const RedisReply moved = src.command({"MIGRATE", to.primary.host.toStdString(),
                                              std::to_string(to.primary.port), key, "0", "5000"});
        QVERIFY2(moved.isOk(), moved.str.c_str());
        // The key is on the importing node now, the slot still on the old owner: ASK.
        const int before = client.redirectsFollowed();
        const RedisReply asked = client.command({"GET", key});
        QCOMPARE(QString::fromStdString(asked.str), QStringLiteral("v1"));
        QVERIFY(client.redirectsFollowed() > before);
        QCOMPARE(client.nodeOf(key), from.primary.toString()); // ASK does not change the map
        // Finish the move on every primary; the old map now gets MOVED.
        QVERIFY(src.command({"MIGRATE", to.primary.host.toStdString(),
                             std::to_string(to.primary.port), stays, "0", "5000"})
                    .isOk());
        for (const auto& sh : shards) {
            RedisClient n(c.redis.single(sh.primary));
            QVERIFY(n.command({"CLUSTER", "SETSLOT", s, "NODE", to.nodeId}).isOk());
        }
        const int beforeMoved = client.redirectsFollowed();
        QCOMPARE(QString::fromStdString(client.command({"GET", stays}).str), QStringLiteral("v2"));
        QVERIFY(client.redirectsFollowed() > beforeMoved);
        QCOMPARE(client.nodeOf(key), to.primary.toString());
        // Locks and fenced stock writes keep working on the moved slot.
        const auto lock =
            BackendRegistry::of(Backend::Redis).createStrategy(QStringLiteral("redis"), c);
        auto h = lock->tryAcquire("moving", 10s);
        QVERIFY(h.has_value());
        QCOMPARE(int(lock->release(*h)), int(LockStrategy::ReleaseResult::Released));
        // The slot stays on its new primary: a valid cluster state for the tests after this.
    }

    void clusterStockAndLocksTogether() {
        const NamespaceConfig c = ns(m_info.redisClusterUri);
        const auto store = BackendRegistry::of(Backend::Redis).createStockStore(c);
        store->reset(4242, 3);
        QCOMPARE(store->read(4242), 3);
        QCOMPARE(store->readFenced(4242, 10).value_or(-1), 3);
        QCOMPARE(int(store->write(4242, 2, 10, true)), int(StockStore::WriteResult::Written));
        QCOMPARE(int(store->write(4242, 1, 9, true)), int(StockStore::WriteResult::Fenced));
        QCOMPARE(store->read(4242), 2);
    }

    void clusterUriOnASingleServerSaysSo() {
        const RedisUri single = RedisUri::parse(m_info.redlockUris.first());
        RedisUri wrong = RedisUri::parse(QStringLiteral("redis-cluster://%1")
                                             .arg(HostPort{single.host, single.port}.toString()));
        try {
            RedisClusterClient c(wrong, {});
            QFAIL("a single server was taken for a Cluster");
        } catch (const ConnectorError& e) {
            QCOMPARE(int(e.kind()), int(ConnectorError::Kind::InvalidArgument));
            QVERIFY2(e.message().contains(QStringLiteral("not a Redis Cluster node")),
                     qPrintable(e.message()));
        }
    }

    void sentinelUnknownPrimaryIsNamed() {
        RedisUri u = RedisUri::parse(m_info.redisSentinelUri);
        u.primaryName = QStringLiteral("no-such-primary");
        QElapsedTimer t;
        t.start();
        try {
            RedisSentinelClient c(u, {});
            QFAIL("an unknown primary name was resolved");
        } catch (const ConnectorError& e) {
            QVERIFY2(
                e.message().contains(QStringLiteral("knows no primary named 'no-such-primary'")),
                qPrintable(e.message()));
        }
        QVERIFY(t.elapsed() < 5000);
    }

    void redlockNeedsAMajority() {
        const NamespaceConfig c = m_ns;
        RedlockLock a(c), b(c);
        auto h = a.tryAcquire("redlock:one", 5s);
        QVERIFY(h.has_value());
        QCOMPARE(h->token(), int64_t(0)); // no fencing token: Redlock has none
        QVERIFY(!b.acquire("redlock:one", LockOptions{5s, 300ms}).has_value());
        QCOMPARE(int(a.release(*h)), int(LockStrategy::ReleaseResult::Released));

        // One server frozen: a majority (2 of 3) still grants; two frozen: nobody gets it.
        const auto members = m_info.processesOf(SandboxProcess::Role::Redlock);
        QCOMPARE(members.size(), 3);
        ::kill(pid_t(members[0].pid), SIGSTOP);
        auto h2 = b.acquire("redlock:two", LockOptions{5s, 3s});
        QVERIFY(h2.has_value());
        QCOMPARE(int(b.release(*h2)), int(LockStrategy::ReleaseResult::Released));
        ::kill(pid_t(members[1].pid), SIGSTOP);
        RedlockLock d(c);
        QVERIFY(!d.acquire("redlock:three", LockOptions{5s, 1s}).has_value());
        ::kill(pid_t(members[0].pid), SIGCONT);
        ::kill(pid_t(members[1].pid), SIGCONT);
        QVERIFY(waitFor([&] { return d.tryAcquire("redlock:four", 5s).has_value(); }, 10s));
    }

    void zookeeperEnsembleHasOneLeader() {
        int leaders = 0, followers = 0;
        for (const SandboxProcess& p : m_info.processesOf(SandboxProcess::Role::ZooKeeper)) {
            const std::string srvr = ZkFourLetter::ask("127.0.0.1", p.port, "srvr", 2000ms);
            leaders += srvr.find("Mode: leader") != std::string::npos;
            followers += srvr.find("Mode: follower") != std::string::npos;
        }
        QCOMPARE(leaders, 1);
        QCOMPARE(followers, 2);
    }

    // The ZooKeeper leader dies while a lock is held and a waiter waits: the ensemble elects
    // another leader, both sessions move to a live member, the holder keeps its lock, the waiter
    // gets it only when the holder releases; the old leader comes back as a follower.
    void zookeeperLeaderKillKeepsTheLockAndItsWaiter() {
        const NamespaceConfig c = m_ns;
        const auto leaderPort = [&]() -> int {
            for (const SandboxProcess& p : m_info.processesOf(SandboxProcess::Role::ZooKeeper)) {
                try {
                    if (ZkFourLetter::ask("127.0.0.1", p.port, "srvr", 1000ms)
                            .find("Mode: leader") != std::string::npos)
                        return p.port;
                } catch (const ConnectorError&) {
                }
            }
            return 0;
        };
        const int oldLeader = leaderPort();
        QVERIFY(oldLeader != 0);
        const LockBackend& zk = BackendRegistry::of(Backend::ZooKeeper);
        auto holder = zk.createStrategy(QStringLiteral("zookeeper"), c);
        auto h = holder->tryAcquire("leader-kill", 60s);
        QVERIFY(h.has_value());
        std::atomic<bool> waiterGot{false};
        std::atomic<bool> waiterFailed{false};
        std::jthread waiter([&] {
            try {
                auto w = zk.createStrategy(QStringLiteral("zookeeper"), c);
                auto got = w->acquire("leader-kill", LockOptions{60s, 60s});
                waiterGot = got.has_value();
                if (got)
                    w->release(*got);
            } catch (const std::exception& e) {
                qWarning("waiter: %s", e.what());
                waiterFailed = true;
            }
        });
        // The waiter is queued (a second contender node) before the leader dies.
        ZkSession observer(c.zookeeper);
        const std::string dir = c.zkLockRoot() + "/leader-kill";
        QVERIFY(waitFor([&] { return observer.children(dir).size() == 2; }, 10s));
        SandboxProcess leader;
        for (const SandboxProcess& p : m_info.processesOf(SandboxProcess::Role::ZooKeeper))
            if (p.port == oldLeader)
                leader = p;
        QVERIFY(leader.pid > 0);
        QCOMPARE(::kill(pid_t(leader.pid), SIGKILL), 0);
        QVERIFY(waitFor([&] { return leaderPort() != 0 && leaderPort() != oldLeader; }, 30s));
        // Nothing moved: the holder holds, the waiter waits.
        QVERIFY(!h->mayBeLost());
        QVERIFY(!waiterGot.load());
        QVERIFY(waitFor([&] { return observer.children(dir).size() == 2; }, 20s));
        QCOMPARE(int(holder->release(*h)), int(LockStrategy::ReleaseResult::Released));
        QVERIFY(waitFor([&] { return waiterGot.load() || waiterFailed.load(); }, 30s));
        QVERIFY(waiterGot.load());
        waiter.join();
        // The old leader rejoins as a follower.
        SandboxInfo info = m_info;
        Sandbox::restartProcess(info, SandboxProcess::Role::ZooKeeper, leader.index, 60s);
        m_info = SandboxInfo::load(m_info.dir);
        QVERIFY(waitFor(
            [&] {
                return ZkFourLetter::ask("127.0.0.1", leader.port, "srvr", 1000ms)
                           .find("Mode: follower") != std::string::npos;
            },
            60s));
    }

    // --fault leader-kill: the ensemble's leader is SIGKILLed under the first holder; another
    // member is elected, the sessions move, the holder keeps its lock and writes; nobody else
    // holds it meanwhile (the history's critical sections do not overlap), nothing oversells,
    // fencing on or off; the killed member rejoins as a follower.
    void leaderKillFaultMovesSessionsAndOversellsNothing() {
        {
            // One fault run per sandbox: while another holds the sandbox's fault lock (this
            // test, here), a second is refused at once, naming it, and strikes nothing.
            const FaultLock busy(m_info.dir);
            QJsonObject r;
            QByteArray out;
            QElapsedTimer took;
            took.start();
            QCOMPARE(demo({QStringLiteral("--strategy"), QStringLiteral("zookeeper"),
                           QStringLiteral("--fault"), QStringLiteral("leader-kill")},
                          &r, &out),
                     2);
            QVERIFY2(
                out.contains(QStringLiteral("another fault run (pid %1)").arg(::getpid()).toUtf8()),
                out.constData());
            QVERIFY(took.elapsed() < 10000);
            QVERIFY(ensembleWhole());
        }
        // A follower left dead (by a run killed mid-fault, say): killing the leader now would
        // lose the quorum. The fault restores the follower first and says so.
        int deadIndex = -1;
        {
            const ZkEnsemble e(SandboxInfo::load(m_info.dir));
            for (const SandboxProcess& m : e.members())
                if (deadIndex < 0 && e.modeOf(m) == ZkEnsemble::Mode::Follower) {
                    deadIndex = m.index;
                    QCOMPARE(::kill(pid_t(m.pid), SIGKILL), 0);
                    QVERIFY(waitFor(
                        [&] { return SandboxRepair::stateOf(m.pid) == SandboxRepair::State::Dead; },
                        10s));
                }
        }
        QVERIFY(deadIndex >= 0);
        for (const bool fencing : {true, false}) {
            QTemporaryDir tmp;
            const QString history = tmp.filePath(QStringLiteral("run.jsonl"));
            QJsonObject r;
            QByteArray out;
            const int rc =
                demo({QStringLiteral("--strategy"), QStringLiteral("zookeeper"),
                      QStringLiteral("--fault"), QStringLiteral("leader-kill"),
                      QStringLiteral("--fencing"),
                      fencing ? QStringLiteral("on") : QStringLiteral("off"),
                      QStringLiteral("--buyers"), QStringLiteral("4"), QStringLiteral("--stock"),
                      QStringLiteral("4"), QStringLiteral("--pay-ms"), QStringLiteral("20"),
                      QStringLiteral("--history"), history, QStringLiteral("--ns"),
                      QString::fromStdString(m_ns.ns) +
                          (fencing ? QStringLiteral("_lk_on") : QStringLiteral("_lk_off"))},
                     &r, &out);
            QVERIFY2(rc == 0, out.constData());
            const QJsonObject fr = r.value(QStringLiteral("fault_report")).toObject();
            QVERIFY2(!fr.contains(QStringLiteral("error")), out.constData());
            if (fencing) {
                const QJsonArray restored = fr.value(QStringLiteral("restored_before")).toArray();
                QVERIFY2(restored.size() == 1 &&
                             restored.first().toString().startsWith(
                                 QStringLiteral("zookeeper %1 ").arg(deadIndex)) &&
                             restored.first().toString().contains(QStringLiteral("was dead")),
                         out.constData());
            } else {
                QVERIFY2(!fr.contains(QStringLiteral("restored_before")), out.constData());
            }
            const QString oldLeader = fr.value(QStringLiteral("old_leader")).toString();
            const QString newLeader = fr.value(QStringLiteral("new_leader")).toString();
            QVERIFY2(!oldLeader.isEmpty() && !newLeader.isEmpty() && oldLeader != newLeader,
                     out.constData());
            QVERIFY(fr.value(QStringLiteral("election_ms")).toInteger() > 0);
            // The holder's session lived on (on a surviving member) and its node stands.
            QVERIFY2(fr.value(QStringLiteral("holder_kept_lock")).toBool(), out.constData());
            const QString after = fr.value(QStringLiteral("holder_session_after")).toString();
            QVERIFY2(!after.isEmpty() && after != oldLeader, out.constData());
            QCOMPARE(fr.value(QStringLiteral("rejoined_as")).toString(),
                     QStringLiteral("follower"));
            QVERIFY(fr.contains(QStringLiteral("errors_during_outage")));
            QCOMPARE(r.value(QStringLiteral("oversold")).toInt(-1), 0);
            QCOMPARE(r.value(QStringLiteral("faults")).toArray().size(), 1);
            QCOMPARE(r.value(QStringLiteral("faults_taken_over")).toInt(-1), 0);
            // The history says the same: no two critical sections overlapped.
            QProcess verify;
            verify.start(qEnvironmentVariable("LOCKSCOPE_CLI"),
                         {QStringLiteral("demo"), QStringLiteral("verify"),
                          QStringLiteral("--history"), history, QStringLiteral("--json")});
            QVERIFY(verify.waitForFinished(60000));
            const QByteArray v = verify.readAllStandardOutput();
            QVERIFY2(verify.exitCode() == 0, v.constData());
            int overlaps = -1;
            for (const QJsonValue c :
                 QJsonDocument::fromJson(v).object().value(QStringLiteral("checks")).toArray())
                if (c[QStringLiteral("check")].toString() == u"mutual_exclusion")
                    overlaps = c[QStringLiteral("counts")][QStringLiteral("overlaps")].toInt(-1);
            QVERIFY2(overlaps == 0, v.constData());
        }
        // The same fault with another strategy, or without the ha sandbox, is refused.
        QJsonObject r;
        QByteArray out;
        QCOMPARE(demo({QStringLiteral("--strategy"), QStringLiteral("redis"),
                       QStringLiteral("--fault"), QStringLiteral("leader-kill")},
                      &r, &out),
                 2);
        QVERIFY2(out.contains("applies to --strategy zookeeper"), out.constData());
    }

    // A terminal closed (SIGHUP) during --fault leader-kill: the run is cancelled like by
    // Ctrl+C, restores the killed member, says it was cancelled and exits 130 promptly.
    void leaderKillCancelledByHangupRestoresTheEnsemble() {
        QVERIFY(ensembleWhole());
        QProcess cli;
        cli.start(qEnvironmentVariable("LOCKSCOPE_CLI"),
                  {QStringLiteral("demo"), QStringLiteral("--sandbox"), m_info.dir,
                   QStringLiteral("--strategy"), QStringLiteral("zookeeper"),
                   QStringLiteral("--fault"), QStringLiteral("leader-kill"),
                   QStringLiteral("--buyers"), QStringLiteral("2"), QStringLiteral("--stock"),
                   QStringLiteral("1000"), QStringLiteral("--pay-ms"), QStringLiteral("50"),
                   QStringLiteral("--ns"), QString::fromStdString(m_ns.ns) + QStringLiteral("_hup"),
                   QStringLiteral("--json")});
        QVERIFY(cli.waitForStarted(10000));
        // Struck: a member is down (the killed leader stays down until the run restores it).
        const ZkEnsemble e(SandboxInfo::load(m_info.dir));
        QVERIFY(waitFor(
            [&] {
                for (const SandboxProcess& m : e.members())
                    if (SandboxRepair::stateOf(m.pid) == SandboxRepair::State::Dead)
                        return true;
                return false;
            },
            60s));
        QCOMPARE(::kill(pid_t(cli.processId()), SIGHUP), 0);
        QElapsedTimer took;
        took.start();
        QVERIFY(cli.waitForFinished(30000));
        const qint64 exitMs = took.elapsed();
        const QByteArray json = cli.readAllStandardOutput();
        const QByteArray out = json + cli.readAllStandardError();
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit); // not killed by the signal
        QVERIFY2(cli.exitCode() == 130, out.constData());
        const QJsonObject r = QJsonDocument::fromJson(json).object();
        QVERIFY2(r.value(QStringLiteral("cancelled")).toBool(), out.constData());
        const QJsonObject fr = r.value(QStringLiteral("fault_report")).toObject();
        QVERIFY2(!fr.contains(QStringLiteral("error")), out.constData());
        QCOMPARE(fr.value(QStringLiteral("rejoined_as")).toString(), QStringLiteral("follower"));
        QVERIFY2(!r.value(QStringLiteral("infra_failure")).toBool(), out.constData());
        // Prompt: the rejoin (a JVM start, ~3 s) is most of it.
        QVERIFY2(exitMs < 20000, qPrintable(QString::number(exitMs)));
        qInfo("SIGHUP to exit: %lld ms", exitMs);
        QVERIFY(ensembleWhole());
    }

    // `sandbox restart`: one member that died is started again on its port, by hand.
    void sandboxRestartStartsOneMemberAgain() {
        const SandboxInfo info = SandboxInfo::load(m_info.dir);
        const SandboxProcess* before = info.process(SandboxProcess::Role::Redlock, 2);
        QVERIFY(before);
        const SandboxProcess dead = *before;
        QCOMPARE(::kill(pid_t(dead.pid), SIGKILL), 0);
        QVERIFY(waitFor(
            [&] { return SandboxRepair::stateOf(dead.pid) == SandboxRepair::State::Dead; }, 10s));
        auto run = [&](const QStringList& args, QByteArray* out) {
            QProcess cli;
            cli.start(qEnvironmentVariable("LOCKSCOPE_CLI"),
                      QStringList{QStringLiteral("sandbox"), QStringLiteral("restart"),
                                  QStringLiteral("--dir"), m_info.dir} +
                          args);
            if (!cli.waitForFinished(60000))
                return -1;
            *out = cli.readAllStandardOutput(); // the JSON; messages go to stderr
            if (out->isEmpty())
                *out = cli.readAllStandardError();
            return cli.exitCode();
        };
        QByteArray out;
        QCOMPARE(run({QStringLiteral("--role"), QStringLiteral("nope")}, &out), 2);
        QVERIFY2(out.contains("--role must be one of"), out.constData());
        QCOMPARE(run({QStringLiteral("--role"), QStringLiteral("redlock"),
                      QStringLiteral("--index"), QStringLiteral("2")},
                     &out),
                 0);
        const QJsonObject r = QJsonDocument::fromJson(out).object();
        QCOMPARE(r.value(QStringLiteral("old_pid")).toInteger(), dead.pid);
        const qint64 pid = r.value(QStringLiteral("pid")).toInteger();
        QVERIFY2(pid > 0 && pid != dead.pid, out.constData());
        QCOMPARE(SandboxInfo::load(m_info.dir).process(SandboxProcess::Role::Redlock, 2)->pid, pid);
        RedisClient redis(RedisUri::parse(m_info.redlockUris.at(2)));
        QCOMPARE(redis.command({"PING"}).str, std::string("PONG"));
    }

    // --fault server-restart on the ha topology: the zookeeper holder's own member is
    // restarted (its session moves, the lock stays, nobody else writes); redlock loses one of
    // three servers and keeps its majority; a Redis Cluster is refused.
    // Redlock runs with the default fault duration (2 x lease): the holder must still write
    // within its validity, not hold on past its lease waiting for a second writer (which made
    // the restart a pause fault and reported an oversell the restart did not cause).
    void serverRestartOnHaKeepsZooKeeperAndRedlockLocks() {
        for (const QString& strategy : {QStringLiteral("zookeeper"), QStringLiteral("redlock")}) {
            QJsonObject r;
            QByteArray out;
            const bool redlock = strategy == u"redlock";
            QStringList args{QStringLiteral("--strategy"),
                             strategy,
                             QStringLiteral("--fault"),
                             QStringLiteral("server-restart"),
                             QStringLiteral("--fault-rate"),
                             QStringLiteral("1"),
                             QStringLiteral("--buyers"),
                             QStringLiteral("3"),
                             QStringLiteral("--stock"),
                             QStringLiteral("2"),
                             QStringLiteral("--pay-ms"),
                             QStringLiteral("20"),
                             QStringLiteral("--lease-ms"),
                             redlock ? QStringLiteral("2000") : QStringLiteral("5000"),
                             QStringLiteral("--fencing"),
                             QStringLiteral("off"),
                             QStringLiteral("--ns"),
                             QString::fromStdString(m_ns.ns) + QStringLiteral("_sr_") + strategy};
            if (!redlock)
                args << QStringLiteral("--fault-ms") << QStringLiteral("1500");
            const int rc = demo(args, &r, &out);
            QVERIFY2(rc == 0, out.constData());
            const QJsonObject fr = r.value(QStringLiteral("fault_report")).toObject();
            QVERIFY2(!fr.contains(QStringLiteral("error")), out.constData());
            QVERIFY2(!fr.value(QStringLiteral("second_holder_wrote")).toBool(), out.constData());
            QCOMPARE(r.value(QStringLiteral("oversold")).toInt(-1), 0);
            QCOMPARE(r.value(QStringLiteral("faults_taken_over")).toInt(-1), 0);
            if (strategy == u"zookeeper") {
                const QString member = fr.value(QStringLiteral("member")).toString();
                QVERIFY2(!member.isEmpty(), out.constData());
                QVERIFY2(fr.value(QStringLiteral("holder_kept_lock")).toBool(), out.constData());
                const QString rejoined = fr.value(QStringLiteral("rejoined_as")).toString();
                QVERIFY2(rejoined == u"follower" || rejoined == u"leader", out.constData());
            } else {
                QCOMPARE(fr.value(QStringLiteral("server")).toString(),
                         QStringLiteral("redlock 0"));
                // Written within the lease, released as its own; the report agrees with itself.
                QVERIFY2(fr.value(QStringLiteral("victim_held_ms")).toInteger(-1) < 2000,
                         out.constData());
                const QJsonObject f =
                    r.value(QStringLiteral("faults")).toArray().first().toObject();
                QCOMPARE(f.value(QStringLiteral("release")).toString(), QStringLiteral("released"));
                QVERIFY2(f.value(QStringLiteral("taken_over_by")).isNull(), out.constData());
                QVERIFY2(f.value(QStringLiteral("held_until_us")).toInteger() -
                                 f.value(QStringLiteral("start_us")).toInteger() <
                             2000000,
                         out.constData());
            }
        }
        QJsonObject r;
        QByteArray out;
        QCOMPARE(demo({QStringLiteral("--redis"), m_info.redisClusterUri,
                       QStringLiteral("--strategy"), QStringLiteral("redis"),
                       QStringLiteral("--fault"), QStringLiteral("server-restart")},
                      &r, &out),
                 2);
        QVERIFY2(out.contains("restarting a Redis Cluster node is not offered"), out.constData());
    }

    // --fault server-restart, redis through Sentinel: the primary is restarted before the
    // sentinels notice (no failover), comes back empty, and its replica resyncs: the lock is
    // gone, a second holder writes, and fencing refuses the first one's late write. Runs before
    // the failover tests (it needs data node 0 to be the primary).
    void serverRestartOfTheSentinelPrimaryLosesTheLock() {
        QJsonObject r;
        QByteArray out;
        const int rc = demo({QStringLiteral("--redis"),
                             m_info.redisSentinelUri,
                             QStringLiteral("--strategy"),
                             QStringLiteral("redis"),
                             QStringLiteral("--fault"),
                             QStringLiteral("server-restart"),
                             QStringLiteral("--fault-rate"),
                             QStringLiteral("1"),
                             QStringLiteral("--buyers"),
                             QStringLiteral("3"),
                             QStringLiteral("--stock"),
                             QStringLiteral("2"),
                             QStringLiteral("--pay-ms"),
                             QStringLiteral("20"),
                             QStringLiteral("--lease-ms"),
                             QStringLiteral("10000"),
                             QStringLiteral("--fencing"),
                             QStringLiteral("on"),
                             QStringLiteral("--ns"),
                             QString::fromStdString(m_ns.ns) + QStringLiteral("_sr_sentinel")},
                            &r, &out);
        QVERIFY2(rc == 0, out.constData());
        const QJsonObject fr = r.value(QStringLiteral("fault_report")).toObject();
        QVERIFY2(!fr.contains(QStringLiteral("error")), out.constData());
        // Still the primary afterwards: no failover, the restart alone lost the lock.
        QCOMPARE(fr.value(QStringLiteral("primary_after")).toString(),
                 fr.value(QStringLiteral("primary_before")).toString());
        QVERIFY2(fr.value(QStringLiteral("second_holder_wrote")).toBool(), out.constData());
        QCOMPARE(r.value(QStringLiteral("oversold")).toInt(-1), 0);
        QVERIFY2(r.value(QStringLiteral("failures"))
                         .toObject()
                         .value(QStringLiteral("fenced"))
                         .toInt() >= 1,
                 out.constData());
    }

    // --fault failover: the first holder's lock exists on the primary only when the sentinels
    // promote the replica; a second buyer takes the same lock while the first one's lease still
    // runs. With fencing the store refuses the stale holder; without, the item oversells.
    void failoverFaultMakesTwoHoldersAndFencingDecides() {
        {
            // A run killed (SIGKILL) mid-failover, after the primary was killed: nothing put
            // it back. The next run restarts it (and waits for its resync) before striking,
            // instead of failing on the dead process ("cannot stop the replica").
            const SandboxProcess primary = sentinelPrimary();
            QVERIFY(primary.pid > 0);
            QProcess cli;
            cli.start(
                qEnvironmentVariable("LOCKSCOPE_CLI"),
                {QStringLiteral("demo"), QStringLiteral("--sandbox"), m_info.dir,
                 QStringLiteral("--redis"), m_info.redisSentinelUri, QStringLiteral("--strategy"),
                 QStringLiteral("redis"), QStringLiteral("--fault"), QStringLiteral("failover"),
                 QStringLiteral("--buyers"), QStringLiteral("2"), QStringLiteral("--stock"),
                 QStringLiteral("100"), QStringLiteral("--pay-ms"), QStringLiteral("50"),
                 QStringLiteral("--lease-ms"), QStringLiteral("30000"), QStringLiteral("--ns"),
                 QString::fromStdString(m_ns.ns) + QStringLiteral("_fo_killed")});
            QVERIFY(cli.waitForStarted(10000));
            QVERIFY(waitFor(
                [&] { return SandboxRepair::stateOf(primary.pid) == SandboxRepair::State::Dead; },
                60s));
            cli.kill(); // SIGKILL: no restore
            QVERIFY(cli.waitForFinished(10000));
        }
        bool restoredChecked = false;
        for (const bool fencing : {false, true}) {
            QByteArray out, err;
            QProcess cli;
            cli.start(qEnvironmentVariable("LOCKSCOPE_CLI"),
                      {QStringLiteral("demo"),
                       QStringLiteral("--sandbox"),
                       m_info.dir,
                       QStringLiteral("--redis"),
                       m_info.redisSentinelUri,
                       QStringLiteral("--strategy"),
                       QStringLiteral("redis"),
                       QStringLiteral("--fault"),
                       QStringLiteral("failover"),
                       QStringLiteral("--fencing"),
                       fencing ? QStringLiteral("on") : QStringLiteral("off"),
                       QStringLiteral("--buyers"),
                       QStringLiteral("4"),
                       QStringLiteral("--stock"),
                       QStringLiteral("5"),
                       QStringLiteral("--pay-ms"),
                       QStringLiteral("50"),
                       QStringLiteral("--lease-ms"),
                       QStringLiteral("30000"),
                       QStringLiteral("--ns"),
                       QString::fromStdString(m_ns.ns) +
                           (fencing ? QStringLiteral("_fo_on") : QStringLiteral("_fo_off")),
                       QStringLiteral("--json")});
            QVERIFY(cli.waitForFinished(180000));
            out = cli.readAllStandardOutput();
            err = cli.readAllStandardError();
            QVERIFY2(cli.exitCode() == 0, (out + err).constData());
            const QJsonObject r = QJsonDocument::fromJson(out).object();
            const QJsonObject fr = r.value(QStringLiteral("fault_report")).toObject();
            if (!restoredChecked) {
                restoredChecked = true;
                const QString restored =
                    fr.value(QStringLiteral("restored_before")).toArray().first().toString();
                QVERIFY2(restored.startsWith(QStringLiteral("redis-sentinel-data")) &&
                             restored.contains(QStringLiteral("was dead")),
                         out.constData());
            }
            QVERIFY2(fr.value(QStringLiteral("second_holder_wrote")).toBool(), out.constData());
            QVERIFY(fr.value(QStringLiteral("new_primary")).toString() !=
                    fr.value(QStringLiteral("old_primary")).toString());
            // Lost to the failover, not to an expiry: the first lease still ran.
            QVERIFY(fr.value(QStringLiteral("victim_lease_left_ms")).toInteger() > 0);
            const int oversold = r.value(QStringLiteral("oversold")).toInt();
            const int fenced = r.value(QStringLiteral("failures"))
                                   .toObject()
                                   .value(QStringLiteral("fenced"))
                                   .toInt();
            if (fencing) {
                QCOMPARE(oversold, 0);
                QVERIFY2(fenced >= 1, out.constData());
            } else {
                QVERIFY2(oversold >= 1, out.constData());
            }
        }
    }

    // A cell whose fault the sandbox cannot take now (server-restart of the Sentinel primary
    // after a failover: "fail back first") is skipped with the reason; the matrix goes on.
    void chaosMatrixSkipsARefusedCell() {
        if (sentinelPrimary().index == 0) {
            RedisUri s = RedisUri::parse(m_info.redisSentinelUri);
            RedisClient sentinel(s.single(s.nodes.first()));
            QVERIFY(waitFor(
                [&] {
                    return sentinel.command({"SENTINEL", "FAILOVER", "lockscope"}).isOk();
                },
                30s));
            QVERIFY(waitFor([&] { return sentinelPrimary().index == 1; }, 30s));
        }
        QProcess cli;
        cli.start(qEnvironmentVariable("LOCKSCOPE_CLI"),
                  {QStringLiteral("chaos"), QStringLiteral("matrix"), QStringLiteral("--sandbox"),
                   m_info.dir, QStringLiteral("--redis"), m_info.redisSentinelUri,
                   QStringLiteral("--strategies"), QStringLiteral("redis"),
                   QStringLiteral("--faults"), QStringLiteral("server-restart"),
                   QStringLiteral("--fencing"), QStringLiteral("on"), QStringLiteral("--ns"),
                   QString::fromStdString(m_ns.ns) + QStringLiteral("_chaos"),
                   QStringLiteral("--json")});
        QVERIFY(cli.waitForFinished(120000));
        const QByteArray out = cli.readAllStandardOutput();
        const QByteArray err = cli.readAllStandardError();
        QVERIFY2(cli.exitCode() == 0, (out + err).constData());
        const QJsonArray rows = QJsonDocument::fromJson(out).array();
        QCOMPARE(rows.size(), 1);
        QVERIFY2(rows.first()[QStringLiteral("skipped")].toString().contains(
                     QStringLiteral("Fail back first")),
                 out.constData());
    }

    // Sentinel: the client finds the primary, a failover moves it (+switch-master), and the
    // next write goes to the new one. Last: it changes which node is primary.
    void sentinelFollowsAFailover() {
        const NamespaceConfig c = ns(m_info.redisSentinelUri);
        RedisSentinelClient client(c.redis, {});
        const HostPort first = client.primary();
        QVERIFY(client.command({"SET", c.redisPrefix() + "before", "1"}).isOk());
        RedisUri s = RedisUri::parse(m_info.redisSentinelUri);
        RedisClient sentinel(s.single(s.nodes.first()));
        // A replica restored by an earlier failover may still be catching up (NOGOODSLAVE).
        RedisReply f;
        QVERIFY(waitFor(
            [&] {
                f = sentinel.command({"SENTINEL", "FAILOVER", "lockscope"});
                return f.isOk();
            },
            30s));
        QVERIFY(waitFor(
            [&] {
                const RedisReply a =
                    sentinel.command({"SENTINEL", "get-master-addr-by-name", "lockscope"});
                return a.isArray() && std::atoi(a.elements[1].str.c_str()) != first.port;
            },
            30s));
        // The +switch-master announcement moves the client before anything fails: PING runs
        // on the old primary as well (it never answers READONLY), so only the subscription can
        // move it here.
        QVERIFY(client.watchingSwitches());
        QVERIFY(waitFor(
            [&] {
                return !client.command({"PING"}).isError() && client.primary().port != first.port;
            },
            30s));
        QVERIFY(client.command({"SET", c.redisPrefix() + "after", "1"}).isOk());
        QVERIFY(client.resolutions() >= 2);
        // The lock strategy and the scanner follow too.
        const auto lock =
            BackendRegistry::of(Backend::Redis).createStrategy(QStringLiteral("redis"), c);
        auto h = lock->tryAcquire("after-failover", 10s);
        QVERIFY(h.has_value());
        MonitorConfig mc;
        mc.config = c;
        mc.backends = {Backend::Redis};
        RedisScanner scanner(mc);
        bool seen = false;
        for (const LockEntry& e : scanner.scan().locks)
            if (e.logical() == u"after-failover")
                seen = QString::fromStdString(e.as<RedisObservation>()->node) ==
                       client.primary().toString();
        QVERIFY(seen);
        QCOMPARE(int(lock->release(*h)), int(LockStrategy::ReleaseResult::Released));
    }

    // One ensemble member frozen (SIGSTOP: it accepts connections, never answers). A new
    // session that tries it first still reaches a live member within its deadline (the C client
    // waits 2/3 of the session timeout on it), and later sessions of the process try it last;
    // `sandbox status` says the ensemble answers (2 of 3).
    void zookeeperSessionsReachALiveMemberWithOneFrozen() {
        // Loaded afresh: an earlier fault test restarted members (new pids).
        SandboxProcess frozen;
        for (const SandboxProcess& p :
             SandboxInfo::load(m_info.dir).processesOf(SandboxProcess::Role::ZooKeeper))
            if (frozen.pid == 0 &&
                ZkFourLetter::ask("127.0.0.1", p.port, "srvr", 2000ms).find("Mode: follower") !=
                    std::string::npos)
                frozen = p; // a follower: a frozen leader would start an election
        QVERIFY(frozen.pid > 0);
        HostPort frozenMember;
        EndpointMemory::forgetAll();
        for (const HostPort& m : m_ns.zookeeper.hosts) {
            if (m.port == frozen.port)
                frozenMember = m;
            else
                EndpointMemory::failed(m); // so that the frozen member is tried first
        }
        QCOMPARE(frozenMember.port, frozen.port);
        QCOMPARE(EndpointMemory::ordered(m_ns.zookeeper.hosts).front().port, frozen.port);
        QCOMPARE(::kill(pid_t(frozen.pid), SIGSTOP), 0);
        const auto thaw = qScopeGuard([&] { ::kill(pid_t(frozen.pid), SIGCONT); });

        const ZkSession::Options defaults;
        QElapsedTimer t;
        t.start();
        ZkSession first(m_ns.zookeeper, defaults); // threw "no session within 5000 ms" before
        const qint64 firstMs = t.elapsed();
        QVERIFY(first.connectedPort() != 0 && first.connectedPort() != frozen.port);
        // It did wait on the frozen member first, and within the deadline.
        QVERIFY2(firstMs >= ZkSession::memberWait(defaults.sessionTimeout).count() - 200,
                 qPrintable(QString::number(firstMs)));
        QVERIFY(firstMs < ZkSession::connectDeadline(defaults, 3).count());
        QVERIFY(EndpointMemory::recentlyFailed(frozenMember));
        for (int i = 0; i < 4; ++i) {
            t.restart();
            ZkSession next(m_ns.zookeeper, defaults);
            QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
            QVERIFY(next.connectedPort() != frozen.port);
        }
        // A process that knows nothing yet (memory forgotten): the probe before the session
        // finds the frozen member, so the session costs the probe, not the member wait.
        for (int i = 0; i < 4; ++i) {
            EndpointMemory::forgetAll();
            t.restart();
            ZkSession probed(m_ns.zookeeper, defaults);
            QVERIFY2(t.elapsed() < ZkSession::kProbeTimeout.count() + 1000,
                     qPrintable(QString::number(t.elapsed())));
            QVERIFY(probed.connectedPort() != frozen.port);
            QVERIFY(EndpointMemory::recentlyFailed(frozenMember));
        }
        const QJsonObject st = Sandbox::status(m_info.dir);
        QVERIFY(st.value(QStringLiteral("zookeeper"))
                    .toObject()
                    .value(QStringLiteral("answering"))
                    .toBool());
        int answering = 0;
        for (const QJsonValue& v : st.value(QStringLiteral("processes")).toArray())
            if (v.toObject().value(QStringLiteral("role")).toString() == u"zookeeper")
                answering += v.toObject().value(QStringLiteral("answering")).toBool();
        QCOMPARE(answering, 2);
        // Thawed, it serves again before the next test.
        ::kill(pid_t(frozen.pid), SIGCONT);
        QVERIFY(waitFor(
            [&] {
                return ZkFourLetter::ask("127.0.0.1", frozen.port, "srvr", 1000ms)
                           .find("Mode: follower") != std::string::npos;
            },
            30s));
    }

    // The first sentinel of the URI, or the first Cluster seed, frozen: the first connection
    // pays the short discovery timeout once; later ones in the process try it last.
    void frozenFirstSentinelOrSeedCostsItsTimeoutOnce() {
        EndpointMemory::forgetAll();
        const RedisUri sentinels = RedisUri::parse(m_info.redisSentinelUri);
        SandboxProcess sentinel;
        for (const SandboxProcess& p :
             SandboxInfo::load(m_info.dir).processesOf(SandboxProcess::Role::Sentinel))
            if (p.port == sentinels.nodes.first().port)
                sentinel = p;
        QVERIFY(sentinel.pid > 0);
        const auto limit = RedisConnection::kDiscoveryTimeout.count();
        {
            QCOMPARE(::kill(pid_t(sentinel.pid), SIGSTOP), 0);
            const auto thaw = qScopeGuard([&] { ::kill(pid_t(sentinel.pid), SIGCONT); });
            QElapsedTimer t;
            t.start();
            RedisSentinelClient first(sentinels, {});
            QCOMPARE(QString::fromStdString(first.command({"PING"}).str), QStringLiteral("PONG"));
            QVERIFY2(t.elapsed() < limit + 1500, qPrintable(QString::number(t.elapsed())));
            for (int i = 0; i < 4; ++i) {
                t.restart();
                RedisSentinelClient next(sentinels, {});
                QCOMPARE(QString::fromStdString(next.command({"PING"}).str),
                         QStringLiteral("PONG"));
                QVERIFY2(t.elapsed() < 500, qPrintable(QString::number(t.elapsed())));
            }
        }
        // A replica as the first seed (freezing a primary would start a failover).
        RedisClusterClient probe(RedisUri::parse(m_info.redisClusterUri), {});
        RedisUri seeds = RedisUri::parse(m_info.redisClusterUri);
        const HostPort replica = probe.shards(true).front().replicas.at(0);
        seeds.nodes.prepend(replica);
        SandboxProcess node;
        for (const SandboxProcess& p :
             SandboxInfo::load(m_info.dir).processesOf(SandboxProcess::Role::RedisCluster))
            if (p.port == replica.port)
                node = p;
        QVERIFY(node.pid > 0);
        QCOMPARE(::kill(pid_t(node.pid), SIGSTOP), 0);
        const auto thaw = qScopeGuard([&] { ::kill(pid_t(node.pid), SIGCONT); });
        QElapsedTimer t;
        t.start();
        RedisClusterClient first(seeds, {});
        QCOMPARE(QString::fromStdString(first.command({"PING"}).str), QStringLiteral("PONG"));
        QVERIFY2(t.elapsed() < limit + 1500, qPrintable(QString::number(t.elapsed())));
        for (int i = 0; i < 4; ++i) {
            t.restart();
            RedisClusterClient next(seeds, {});
            QCOMPARE(QString::fromStdString(next.command({"PING"}).str), QStringLiteral("PONG"));
            QVERIFY2(t.elapsed() < 500, qPrintable(QString::number(t.elapsed())));
        }
        // A seed that does not answer at all is named once in the error, with its address once.
        RedisUri dead = seeds;
        dead.nodes = {replica, replica};
        try {
            RedisClusterClient none(dead, {});
            QFAIL("a frozen seed gave a slot map");
        } catch (const ConnectorError& e) {
            QCOMPARE(int(e.message().count(replica.toString())), 1);
        }
    }

    // Redlock's servers must be independent: the CLI refuses a list naming one twice (exit 2)
    // and names an empty entry as such.
    void redlockRefusesServersThatAreNotIndependent() {
        const QString r0 = m_info.redlockUris.value(0), r1 = m_info.redlockUris.value(1),
                      r2 = m_info.redlockUris.value(2);
        const RedisUri first = RedisUri::parse(r0);
        const QString server0 = HostPort{first.host, first.port}.toString();
        const QList<std::pair<QString, QString>> cases{
            {r0 + u',' + r0 + u',' + r0, QStringLiteral("names the server of URI 1 again")},
            {r0 + u',' + r1 + u',' + r1, QStringLiteral("URI 3 names the server of URI 2 again")},
            {QStringLiteral("redis://%1/0,redis://%1/1,redis://%1/2").arg(server0),
             QStringLiteral("names the server of URI 1 again")},
            {r0 + QStringLiteral(",,") + r1 + u',' + r2, QStringLiteral("URI 2 is empty")},
        };
        for (const auto& [list, says] : cases) {
            QProcess cli;
            cli.start(qEnvironmentVariable("LOCKSCOPE_CLI"),
                      {QStringLiteral("locks"), QStringLiteral("hold"), QStringLiteral("--sandbox"),
                       m_info.dir, QStringLiteral("--strategy"), QStringLiteral("redlock"),
                       QStringLiteral("--resource"), QStringLiteral("r"),
                       QStringLiteral("--redlock"), list, QStringLiteral("--seconds"),
                       QStringLiteral("1")});
            QVERIFY(cli.waitForFinished(30000));
            const QString err = QString::fromUtf8(cli.readAllStandardError());
            QCOMPARE(cli.exitCode(), 2);
            QVERIFY2(err.contains(says), qPrintable(err));
        }
    }

    // The primary holding a lock is frozen for 6 s: a renewal in the meantime times out, asks
    // again (on the promoted replica once the slot map says so) and keeps the lock; no attempt
    // waits past the command timeout.
    void clusterRenewOutlastsAFrozenPrimary() {
        const NamespaceConfig c = m_ns;
        RedisLock lock(c);
        auto h = lock.tryAcquire("renew-freeze", 20s);
        QVERIFY(h.has_value());
        RedisClusterClient cluster(c.redis, {3000ms, 500ms});
        const std::string key = lock.lockKey("renew-freeze");
        const QString owner = cluster.nodeOf(key);
        SandboxProcess node;
        for (const SandboxProcess& p :
             SandboxInfo::load(m_info.dir).processesOf(SandboxProcess::Role::RedisCluster))
            if (HostPort{QStringLiteral("127.0.0.1"), p.port}.toString() == owner)
                node = p;
        QVERIFY2(node.pid > 0, qPrintable(owner));
        QCOMPARE(::kill(pid_t(node.pid), SIGSTOP), 0);
        const auto thaw = qScopeGuard([&] { ::kill(pid_t(node.pid), SIGCONT); });
        std::jthread thawLater([&](std::stop_token stop) {
            waitUnlessStopped(stop, 6s); // the fault's length, not a synchronisation
            ::kill(pid_t(node.pid), SIGCONT);
        });
        try { // an error names the node that did not answer
            cluster.command({"GET", key});
            QFAIL("a frozen primary answered");
        } catch (const ConnectorError& e) {
            QCOMPARE(int(e.kind()), int(ConnectorError::Kind::Timeout));
            QVERIFY2(e.message().contains(owner + QStringLiteral(": no reply within 500 ms")),
                     qPrintable(e.message()));
            QCOMPARE(int(e.message().count(owner)), 1);
        }
        QElapsedTimer t;
        t.start();
        const bool renewed = lock.renew(*h); // threw "no reply within 3000 ms" before
        const qint64 tookMs = t.elapsed();
        QVERIFY(renewed);
        QVERIFY(!h->mayBeLost());
        QVERIFY2(tookMs > 2500 && tookMs < 20000, qPrintable(QString::number(tookMs)));
        QVERIFY(waitFor([&] { return cluster.command({"GET", key}).str == h->raw(); }, 20s));
        QCOMPARE(int(lock.release(*h)), int(LockStrategy::ReleaseResult::Released));
        thawLater.join();
        // The Cluster heals: the frozen node is back (as a replica after a failover).
        QVERIFY(waitFor(
            [&] {
                const auto s = cluster.shards(true);
                return s.size() == 3 && std::all_of(s.begin(), s.end(), [](const auto& x) {
                           return x.replicas.size() == 1;
                       });
            },
            60s));
    }
};

QTEST_GUILESS_MAIN(TestTopologies)
#include "tst_topologies.moc"
