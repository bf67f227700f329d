#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"
#include "connectors/postgresuri.h"
#include "connectors/redisclient.h"
#include "connectors/redisuri.h"
#include "connectors/zkfourletter.h"
#include "connectors/zksession.h"
#include "connectors/zookeeperuri.h"
#include "core/sandbox/hasandbox.h"
#include "core/sandbox/sandbox.h"
#include "core/sandbox/sandboxerror.h"
#include "core/sandbox/serverlaunch.h"
#include "core/sandbox/serverprocess.h"
#include "tests/support/testenv.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <csignal>
#include <pqxx/pqxx>

using namespace lockscope;
using namespace std::chrono_literals;
using Role = SandboxProcess::Role;

/// `sandbox up --topology ha`: one ha sandbox (started through the CLI, as a user would) for
/// the whole file, taken down by the last test.
class TestSandboxHa : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_dir;
    SandboxInfo m_info;
    qint64 m_upMs = 0;

    static QStringList sandboxArgs(const QString& action, const QString& dir) {
        return {QStringLiteral("sandbox"), action, QStringLiteral("--dir"), dir};
    }

    /// A directory the `postgres` user can traverse (mktemp-style dirs are 0700).
    static QString sandboxDirIn(const QTemporaryDir& tmp) {
        QFile::setPermissions(tmp.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                              QFileDevice::ExeOwner | QFileDevice::ExeGroup |
                                              QFileDevice::ExeOther);
        return tmp.filePath(QStringLiteral("sb"));
    }

    static RedisReply redis(int port, const RedisClient::Args& args) {
        RedisUri uri;
        uri.port = port;
        RedisClient c(uri, RedisClient::Options{2000ms, 2000ms});
        return c.commandChecked(args);
    }

    static QString clusterInfoField(int port, const QString& field) {
        const QString text =
            QString::fromStdString(redis(port, {"CLUSTER", "INFO"}).str).remove(u'\r');
        for (const QString& line : text.split(u'\n'))
            if (line.startsWith(field + u':'))
                return line.mid(field.size() + 1);
        return {};
    }

    /// Every cluster node (alive ones) says cluster_state:ok and knows 6 nodes.
    bool clusterOk() const {
        try {
            for (const SandboxProcess& n : m_info.processesOf(Role::RedisCluster))
                if (clusterInfoField(n.port, QStringLiteral("cluster_state")) != u"ok" ||
                    clusterInfoField(n.port, QStringLiteral("cluster_known_nodes")) != u"6")
                    return false;
            return true;
        } catch (const ConnectorError&) {
            return false;
        }
    }

    QStringList zkModes() const {
        QStringList modes;
        for (const SandboxProcess& m : m_info.processesOf(Role::ZooKeeper))
            modes << HaSandbox::zooKeeperMode(m.port, 1000ms);
        return modes;
    }

    /// Ports of the "h:p,h:p" list after scheme:// (and before '#').
    static QList<int> uriPorts(const QString& uri, const QString& scheme) {
        QList<int> out;
        if (!uri.startsWith(scheme + QStringLiteral("://")))
            return out;
        const QString list = uri.mid(scheme.size() + 3).section(u'#', 0, 0);
        for (const QString& hp : list.split(u',')) {
            if (!hp.startsWith(QStringLiteral("127.0.0.1:")))
                return {};
            out << hp.mid(10).toInt();
        }
        return out;
    }

    /// For a failure's message: the member and who listens on its port.
    static QString listenerOf(const SandboxProcess& p) {
        QProcess ss;
        ss.start(QStringLiteral("ss"),
                 {QStringLiteral("-ltnpH"), QStringLiteral("sport = :%1").arg(p.port)});
        ss.waitForFinished(5000);
        return QStringLiteral("%1 %2 pid %3 port %4: %5")
            .arg(SandboxProcess::roleName(p.role))
            .arg(p.index)
            .arg(p.pid)
            .arg(p.port)
            .arg(QString::fromLocal8Bit(ss.readAllStandardOutput()));
    }

    static QList<int> portsOf(const QList<SandboxProcess>& ps) {
        QList<int> out;
        for (const SandboxProcess& p : ps)
            out << p.port;
        return out;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_dir = sandboxDirIn(m_tmp);
        QElapsedTimer t;
        t.start();
        QByteArray out, err;
        const int rc = test::runCli(sandboxArgs(QStringLiteral("up"), m_dir)
                                        << QStringLiteral("--topology") << QStringLiteral("ha")
                                        << QStringLiteral("--detach"),
                                    &out, &err);
        m_upMs = t.elapsed();
        QVERIFY2(rc == 0, err.constData());
        m_info = SandboxInfo::load(m_dir);
        qInfo("sandbox up --topology ha: %lld ms wall (startup_ms %lld)", m_upMs, m_info.startupMs);
        QVERIFY(out.contains("\"topology\": \"ha\""));
    }

    /// The limit: under 20 s here, measured by up itself and around the CLI.
    void startsWithinTwentySeconds() {
        QVERIFY(m_info.startupMs > 0);
        QVERIFY2(m_info.startupMs < 20000, qPrintable(QString::number(m_info.startupMs)));
        QVERIFY2(m_upMs < 20000, qPrintable(QString::number(m_upMs)));
        QCOMPARE(m_info.topology, SandboxInfo::Topology::Ha);
    }

    void everyProcessIsRecordedAndAnswers() {
        const QList<QPair<Role, int>> expected{
            {Role::RedisCluster, 6}, {Role::RedisSentinelData, 2}, {Role::Sentinel, 3},
            {Role::Redlock, 3},      {Role::ZooKeeper, 3},         {Role::Postgres, 1}};
        int total = 0;
        for (const auto& [role, count] : expected) {
            const QList<SandboxProcess> ps = m_info.processesOf(role);
            QCOMPARE(ps.size(), count);
            total += count;
            for (int i = 0; i < count; ++i)
                QVERIFY(m_info.process(role, i));
        }
        QCOMPARE(m_info.processes.size(), total);
        QSet<qint64> pids;
        QSet<int> ports;
        QSet<QString> dirs;
        for (const SandboxProcess& p : m_info.processes) {
            const QString what = SandboxProcess::roleName(p.role) + QString::number(p.index);
            QVERIFY2(ServerProcess::isAlive(p.pid, ServerLaunch::marker(m_info.topology, p.role)),
                     qPrintable(what));
            QVERIFY2(ServerProcess::isListening(p.port), qPrintable(what));
            QString why;
            QVERIFY2(ServerLaunch::answers(p, 2000ms, &why), qPrintable(what + u' ' + why));
            QVERIFY(QDir(p.dir).exists());
            QVERIFY(p.dir.startsWith(m_dir + u'/'));
            pids.insert(p.pid);
            ports.insert(p.port);
            dirs.insert(p.dir);
        }
        // Each its own process, port and directory.
        QCOMPARE(pids.size(), total);
        QCOMPARE(ports.size(), total);
        QCOMPARE(dirs.size(), total);
        // stack.json as written: the same processes, mode 0600.
        QFile f(SandboxInfo::stackFile(m_dir));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(o.value(QStringLiteral("processes")).toArray().size(), total);
        QCOMPARE(o.value(QStringLiteral("topology")).toString(), QStringLiteral("ha"));
        QVERIFY(!(f.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther)));
    }

    void clusterHasThreePrimariesEachWithAReplica() {
        QVERIFY(clusterOk());
        const QList<SandboxProcess> nodes = m_info.processesOf(Role::RedisCluster);
        // CLUSTER NODES: "<id> <ip:port@bus> <flags> <master id or -> ... <slots...>".
        const QString text = QString::fromStdString(redis(nodes[0].port, {"CLUSTER", "NODES"}).str);
        QHash<QString, int> primarySlots; // id -> slot ranges
        QList<QString> replicaOf;
        QSet<int> ports;
        for (const QString& line : text.split(u'\n', Qt::SkipEmptyParts)) {
            const QStringList f = line.split(u' ', Qt::SkipEmptyParts);
            QVERIFY(f.size() >= 8);
            ports.insert(f[1].section(u'@', 0, 0).section(u':', 1).toInt());
            QVERIFY2(!f[2].contains(QStringLiteral("fail")), qPrintable(line));
            QCOMPARE(f[7], QStringLiteral("connected"));
            if (f[2].contains(QStringLiteral("master")))
                primarySlots.insert(f[0], int(f.size() - 8));
            else if (f[2].contains(QStringLiteral("slave")))
                replicaOf << f[3];
        }
        const QList<int> nodePorts = portsOf(nodes);
        QCOMPARE(ports, QSet<int>(nodePorts.begin(), nodePorts.end()));
        QCOMPARE(primarySlots.size(), 3);
        for (const int ranges : primarySlots)
            QVERIFY(ranges >= 1); // every primary serves slots
        QCOMPARE(replicaOf.size(), 3);
        // One replica for each primary.
        QCOMPARE(QSet<QString>(replicaOf.begin(), replicaOf.end()),
                 QSet<QString>(primarySlots.keyBegin(), primarySlots.keyEnd()));
        QCOMPARE(clusterInfoField(nodes[3].port, QStringLiteral("cluster_slots_ok")),
                 QStringLiteral("16384"));
    }

    void sentinelsAgreeOnThePrimary() {
        const SandboxProcess* primary = m_info.process(Role::RedisSentinelData, 0);
        const SandboxProcess* replica = m_info.process(Role::RedisSentinelData, 1);
        QVERIFY(primary && replica);
        for (const SandboxProcess& s : m_info.processesOf(Role::Sentinel)) {
            const RedisReply addr =
                redis(s.port, {"SENTINEL", "GET-MASTER-ADDR-BY-NAME", HaSandbox::kPrimaryName});
            QCOMPARE(addr.elements.size(), size_t(2));
            QCOMPARE(addr.elements[0].str, std::string("127.0.0.1"));
            QCOMPARE(addr.elements[1].str, std::to_string(primary->port));
            QCOMPARE(
                redis(s.port, {"SENTINEL", "SENTINELS", HaSandbox::kPrimaryName}).elements.size(),
                size_t(2));
            QCOMPARE(
                redis(s.port, {"SENTINEL", "REPLICAS", HaSandbox::kPrimaryName}).elements.size(),
                size_t(1));
        }
        QCOMPARE(redis(primary->port, {"ROLE"}).elements.at(0).str, std::string("master"));
        const RedisReply role = redis(replica->port, {"ROLE"});
        QCOMPARE(role.elements.at(0).str, std::string("slave"));
        QCOMPARE(role.elements.at(2).integer, (long long)primary->port);
        QCOMPARE(role.elements.at(3).str, std::string("connected"));
    }

    void zooKeeperHasExactlyOneLeader() {
        const QStringList modes = zkModes();
        QCOMPARE(modes.count(QStringLiteral("leader")), 1);
        QCOMPARE(modes.count(QStringLiteral("follower")), 2);
    }

    /// The URIs name the real, live ports of their members; today's parsers take the ones they
    /// know (zookeeper, redis), and a session on the whole ensemble works.
    void urisNameLivePorts() {
        const QList<int> zkMembers = portsOf(m_info.processesOf(Role::ZooKeeper));
        const ZooKeeperUri zk = ZooKeeperUri::parse(m_info.zookeeperUri);
        QList<int> zkPorts;
        for (const HostPort& h : zk.hosts) {
            QCOMPARE(h.host, QStringLiteral("127.0.0.1"));
            zkPorts << h.port;
        }
        QCOMPARE(zkPorts, zkMembers);
        ZkSession session(zk);
        const std::string path = "/" + test::uniqueName(QStringLiteral("ha")).toStdString();
        session.create(path, "x", ZkSession::CreateMode::Ephemeral);
        QVERIFY(session.exists(path).has_value());

        QCOMPARE(uriPorts(m_info.redisClusterUri, QStringLiteral("redis-cluster")),
                 portsOf(m_info.processesOf(Role::RedisCluster)));
        QCOMPARE(m_info.redisUri, m_info.redisClusterUri);
        QVERIFY(m_info.redisSentinelUri.endsWith(QStringLiteral("#lockscope")));
        QCOMPARE(uriPorts(m_info.redisSentinelUri, QStringLiteral("redis-sentinel")),
                 portsOf(m_info.processesOf(Role::Sentinel)));
        QCOMPARE(m_info.redlockUris.size(), 3);
        QList<int> redlockPorts;
        for (const QString& u : m_info.redlockUris) {
            const RedisUri r = RedisUri::parse(u);
            QCOMPARE(r.host, QStringLiteral("127.0.0.1"));
            QCOMPARE(r.db, 0);
            RedisClient c(r, RedisClient::Options{2000ms, 2000ms});
            QCOMPARE(c.commandChecked({"PING"}).str, std::string("PONG"));
            redlockPorts << r.port;
        }
        QCOMPARE(redlockPorts, portsOf(m_info.processesOf(Role::Redlock)));
        QCOMPARE(QUrl(m_info.postgresUri).port(), m_info.process(Role::Postgres, 0)->port);
        for (const int port : zkPorts + redlockPorts)
            QVERIFY(ServerProcess::isListening(port));
    }

    /// `sandbox status --json` shows every process alive and answering, each ZooKeeper
    /// member's mode and each Sentinel data node's role; the text form a line per process.
    void statusShowsEveryProcess() {
        QByteArray out;
        QCOMPARE(
            test::runCli(sandboxArgs(QStringLiteral("status"), m_dir) << QStringLiteral("--json"),
                         &out),
            0);
        const QJsonObject st = QJsonDocument::fromJson(out).object();
        QVERIFY(st.value(QStringLiteral("running")).toBool());
        const QJsonArray procs = st.value(QStringLiteral("processes")).toArray();
        QCOMPARE(procs.size(), m_info.processes.size());
        QStringList modes, roles;
        for (const QJsonValue& v : procs) {
            const QJsonObject p = v.toObject();
            QVERIFY(p.value(QStringLiteral("alive")).toBool());
            QVERIFY(p.value(QStringLiteral("answering")).toBool());
            if (p.value(QStringLiteral("role")).toString() == u"zookeeper")
                modes << p.value(QStringLiteral("mode")).toString();
            if (p.value(QStringLiteral("role")).toString() == u"redis-sentinel-data")
                roles << p.value(QStringLiteral("replication_role")).toString();
        }
        modes.sort();
        QCOMPARE(modes, (QStringList{QStringLiteral("follower"), QStringLiteral("follower"),
                                     QStringLiteral("leader")}));
        QCOMPARE(roles, (QStringList{QStringLiteral("master"), QStringLiteral("slave")}));
        QByteArray text;
        QCOMPARE(test::runCli(sandboxArgs(QStringLiteral("status"), m_dir), &text), 0);
        QCOMPARE(text.count("redis-cluster "), 6);
        QCOMPARE(text.count(" leader"), 1);
    }

    /// "leader kill": SIGKILL the ZooKeeper leader; the two others elect one; the killed member,
    /// restarted through Sandbox::restartProcess, comes back (new pid recorded) as a follower.
    void killedZooKeeperLeaderRestartsAsFollower() {
        const QList<SandboxProcess> members = m_info.processesOf(Role::ZooKeeper);
        const QStringList before = zkModes();
        const int leader = int(before.indexOf(QStringLiteral("leader")));
        QVERIFY(leader >= 0);
        const qint64 oldPid = members[leader].pid;
        ::kill(static_cast<pid_t>(oldPid), SIGKILL);
        QTRY_VERIFY_WITH_TIMEOUT(!ServerProcess::isAlive(oldPid), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(zkModes().count(QStringLiteral("leader")) == 1, 20000);
        QVERIFY(zkModes()[leader].isEmpty());

        const qint64 pid = Sandbox::restartProcess(m_info, Role::ZooKeeper, leader);
        QVERIFY(pid > 0 && pid != oldPid);
        QVERIFY(ServerProcess::isAlive(pid, QStringLiteral("QuorumPeerMain")));
        QCOMPARE(m_info.process(Role::ZooKeeper, leader)->pid, pid);
        QCOMPARE(SandboxInfo::load(m_dir).process(Role::ZooKeeper, leader)->pid, pid);
        QTRY_COMPARE_WITH_TIMEOUT(zkModes()[leader], QStringLiteral("follower"), 20000);
        QCOMPARE(zkModes().count(QStringLiteral("leader")), 1);
    }

    /// "server restart": a Redis Cluster primary killed fails over to its replica; restarted
    /// with the same nodes.conf it rejoins, and every node says cluster_state:ok again.
    void killedClusterPrimaryRestartsAndRejoins() {
        const SandboxProcess node = *m_info.process(Role::RedisCluster, 0);
        const std::string myId = redis(node.port, {"CLUSTER", "MYID"}).str;
        ::kill(static_cast<pid_t>(node.pid), SIGKILL);
        QTRY_VERIFY_WITH_TIMEOUT(!ServerProcess::isAlive(node.pid), 10000);
        // (Its other threads may hold the socket a moment after the main one is gone.)
        QTRY_VERIFY_WITH_TIMEOUT(!ServerProcess::isListening(node.port), 5000);

        const qint64 pid = Sandbox::restartProcess(m_info, Role::RedisCluster, 0);
        QVERIFY(pid > 0 && pid != node.pid);
        QCOMPARE(m_info.process(Role::RedisCluster, 0)->pid, pid);
        QCOMPARE(redis(node.port, {"CLUSTER", "MYID"}).str, myId); // the same node
        QTRY_VERIFY_WITH_TIMEOUT(clusterOk(), 30000);
    }

    /// A Redlock server stopped by SIGSTOP (frozen) is stopped and started again.
    void frozenRedlockServerRestarts() {
        const SandboxProcess node = *m_info.process(Role::Redlock, 2);
        ::kill(static_cast<pid_t>(node.pid), SIGSTOP);
        const qint64 pid = Sandbox::restartProcess(m_info, Role::Redlock, 2);
        QVERIFY(pid != node.pid);
        QVERIFY(!ServerProcess::isAlive(node.pid));
        QCOMPARE(redis(node.port, {"PING"}).str, std::string("PONG"));
    }

    /// PostgreSQL, still running, is stopped (fast shutdown) and started again on its port
    /// and data; the new postmaster's pid is recorded and the role still logs in.
    void runningPostgresRestarts() {
        const SandboxProcess pg = *m_info.process(Role::Postgres, 0);
        const qint64 pid = Sandbox::restartProcess(m_info, Role::Postgres, 0);
        QVERIFY(pid > 0 && pid != pg.pid);
        QVERIFY(!ServerProcess::isAlive(pg.pid));
        QVERIFY(ServerProcess::isAlive(pid, QStringLiteral("postgres")));
        QCOMPARE(m_info.postgresPid, pid);
        QCOMPARE(SandboxInfo::load(m_dir).process(Role::Postgres, 0)->pid, pid);
        PgConnection c(PostgresUri::parse(m_info.postgresUri));
        pqxx::nontransaction tx(c.raw());
        QCOMPARE(tx.exec1("SELECT current_user")[0].as<std::string>(), std::string("lockscope"));
    }

    void unknownMemberIsAnError() {
        QVERIFY_THROWS_EXCEPTION(SandboxError,
                                 Sandbox::restartProcess(m_info, Role::RedisCluster, 6));
        QVERIFY_THROWS_EXCEPTION(SandboxError, Sandbox::restartProcess(m_info, Role::Redis, 0));
    }

    void unknownTopologyIsExitTwo() {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("never"));
        QByteArray err;
        QCOMPARE(test::runCli(sandboxArgs(QStringLiteral("up"), dir)
                                  << QStringLiteral("--topology") << QStringLiteral("cluster"),
                              nullptr, &err),
                 2);
        QVERIFY2(err.contains("--topology must be single or ha (got 'cluster')"), err.constData());
        QVERIFY(!QFileInfo::exists(dir));
    }

    /// An `up` killed half-way (after the first members are recorded): its guard stops what it
    /// started, and `down` leaves nothing.
    void killedHaUpLeavesNothingRunning() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString dir = sandboxDirIn(tmp);
        QProcess up;
        up.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        up.start(qEnvironmentVariable("LOCKSCOPE_CLI"), sandboxArgs(QStringLiteral("up"), dir)
                                                            << QStringLiteral("--topology")
                                                            << QStringLiteral("ha"));
        QVERIFY(up.waitForStarted());
        auto started = [&] {
            try {
                int n = 0;
                for (const SandboxProcess& p : SandboxInfo::loadRecord(dir).processes)
                    n += p.pid > 0;
                return n;
            } catch (const SandboxError&) {
                return 0;
            }
        };
        QTRY_VERIFY_WITH_TIMEOUT(started() >= 8, 30000);
        ::kill(static_cast<pid_t>(up.processId()), SIGKILL);
        QVERIFY(up.waitForFinished(10000));
        const SandboxInfo rec = SandboxInfo::loadRecord(dir);
        QVERIFY(rec.state == SandboxInfo::State::Starting);
        QCOMPARE(test::runCli(sandboxArgs(QStringLiteral("down"), dir)), 0);
        for (const SandboxProcess& p : rec.processes) {
            QVERIFY2(!ServerProcess::isAlive(p.pid), qPrintable(QString::number(p.pid)));
            QTRY_VERIFY2_WITH_TIMEOUT(!ServerProcess::isListening(p.port),
                                      qPrintable(listenerOf(p)), 5000);
        }
        QVERIFY(!QFile::exists(SandboxInfo::stackFile(dir)));
    }

    /// Last: `down` stops every recorded process and frees every port.
    void downLeavesNothing() {
        m_info = SandboxInfo::load(m_dir);
        QVERIFY(Sandbox::isRunning(m_info));
        QCOMPARE(test::runCli(sandboxArgs(QStringLiteral("down"), m_dir)), 0);
        for (const SandboxProcess& p : m_info.processes) {
            const QString what = SandboxProcess::roleName(p.role) + QString::number(p.index);
            QVERIFY2(!ServerProcess::isAlive(p.pid), qPrintable(what));
            QTRY_VERIFY2_WITH_TIMEOUT(!ServerProcess::isListening(p.port),
                                      qPrintable(what + listenerOf(p)), 5000);
        }
        QVERIFY(!QFile::exists(SandboxInfo::stackFile(m_dir)));
        QCOMPARE(test::runCli(sandboxArgs(QStringLiteral("status"), m_dir)), 1);
    }

    void cleanupTestCase() {
        if (QFile::exists(SandboxInfo::stackFile(m_dir)))
            test::runCli(sandboxArgs(QStringLiteral("down"), m_dir));
    }
};

QTEST_GUILESS_MAIN(TestSandboxHa)
#include "tst_sandbox_ha.moc"
